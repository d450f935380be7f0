import { css } from 'lit';
import { tokens } from '../core/tokens.js';

export const attributionStyles = [
  tokens,
  css`
    :host {
      display: block;
      font-size: var(--_size-small);
      line-height: 1.5;
      /* one line reserved while loading, so arriving metadata does not push the page */
      min-height: 1.5em;
      /* a long licence URL or mention wraps inside narrow boxes instead of widening the page */
      overflow-wrap: anywhere;
      min-width: 0;
    }
    :host([hidden]) {
      display: none;
    }
    /* part of a view that shows the error itself: the notice says nothing and takes no room */
    :host(:state(silent)) {
      min-height: 0;
    }
    p {
      margin: 0;
    }
    .notice {
      display: grid;
      gap: 0.25rem;
    }
    .item:not(:last-child)::after {
      content: ' · ';
      color: var(--_muted);
    }
    .label,
    .licence-notice,
    .status {
      color: var(--_muted);
    }
    .error .meta:empty {
      display: none;
    }
  `,
];
