import { css } from 'lit';
import { tokens } from '../core/tokens.js';

/**
 * The cards are the page's own markup (light DOM, slotted): the page's CSS styles what is inside them.
 * These rules lay them out and give each card a default frame the page can override.
 */
export const recordsStyles = [
  tokens,
  css`
    :host {
      display: block;
    }
    :host([hidden]) {
      display: none;
    }
    .list {
      display: grid;
      gap: var(--ode-records-gap, 0.75rem);
      margin: 0;
      padding: 0;
    }
    .list.grid {
      grid-template-columns: repeat(auto-fill, minmax(var(--ode-records-card-min, 14rem), 1fr));
    }
    .stale {
      opacity: 0.55;
    }
    ::slotted(.ode-card) {
      display: block;
      min-width: 0;
      overflow-wrap: anywhere;
      border: var(--ode-records-card-border, 1px solid var(--_border));
      border-radius: var(--_radius);
      padding: var(--ode-records-card-padding, 0.75rem);
      background: var(--ode-records-card-bg, var(--_bg));
    }
    .status {
      color: var(--_muted);
      margin: 0.5rem 0;
    }
    nav {
      display: flex;
      align-items: center;
      gap: 0.75rem;
      flex-wrap: wrap;
      margin-top: 0.75rem;
    }
    nav p {
      margin: 0;
      color: var(--_muted);
      font-size: var(--_size-small);
    }
    button[disabled] {
      opacity: 0.5;
      cursor: default;
    }
    [part~='attribution'] {
      display: block;
      margin-top: 0.75rem;
    }
  `,
];
