import { css } from 'lit';
import { baseTokens } from './base-tokens.js';

/**
 * Design tokens shared by every element (base-tokens.ts), with the error box and the visually-hidden
 * helper the data elements use. Override any `--ode-*` custom property on the element or an ancestor.
 */
export const tokens = css`
  ${baseTokens}
  /* stacked in a plain page, elements keep apart; the page's own margin, gap or --ode-space-between win */
  :host(:not(:last-child)) {
    margin-block-end: var(--ode-space-between, 1.5rem);
  }
  .error {
    border: 1px solid var(--_danger);
    border-radius: var(--_radius);
    padding: 0.5rem 0.75rem;
    display: grid;
    gap: 0.25rem;
    justify-items: start;
  }
  .error p {
    margin: 0;
  }
  .error strong {
    color: var(--_danger);
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
