import { css } from 'lit';

/**
 * The part of `baseTokens` (base-tokens.ts) that the consent banner needs: colours, radius, font, and the
 * look of links and buttons. Its own module, so that the consent entry holds it without `moreTokens`.
 */
export const coreTokens = css`
  :host {
    --_fg: var(--ode-color-text, #1e1e1e);
    --_bg: var(--ode-color-surface, #fff);
    --_border: var(--ode-color-border, #d0d0d0);
    --_link: var(--ode-color-link, #0a56b0);
    --_focus: var(--ode-color-focus, #0a56b0);
    --_radius: var(--ode-radius, 4px);
    --_font: var(--ode-font-family, inherit);
    font-family: var(--_font);
    color: var(--_fg);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_fg: var(--ode-color-text, #ececec);
      --_bg: var(--ode-color-surface, #1b1b1b);
      --_border: var(--ode-color-border, #4a4a4a);
      --_link: var(--ode-color-link, #8ab8ff);
      --_focus: var(--ode-color-focus, #8ab8ff);
    }
  }
  a {
    color: var(--_link);
  }
  a:focus-visible,
  button:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  button {
    font: inherit;
    color: inherit;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.25rem 0.75rem;
    min-height: 24px;
    cursor: pointer;
  }
`;
