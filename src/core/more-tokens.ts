import { css } from 'lit';

/**
 * The part of `baseTokens` (base-tokens.ts) that the consent banner does not need (its lazy parts add it):
 * muted and danger colours, small text size. Its own module, so that it stays out of the consent entry.
 */
export const moreTokens = css`
  :host {
    --_muted: var(--ode-color-muted, #555);
    --_danger: var(--ode-color-danger, #b3261e);
    --_size-small: var(--ode-font-size-small, 0.875rem);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_muted: var(--ode-color-muted, #b5b5b5);
      --_danger: var(--ode-color-danger, #ffb4ab);
    }
  }
`;
