import { css } from 'lit';

/**
 * Design tokens shared by every element, with the look of links and buttons. Override any `--ode-*`
 * custom property on the element or an ancestor. Dark mode follows `prefers-color-scheme` unless the page
 * sets the tokens itself. The consent suite needs no more; the data elements use `tokens` (tokens.ts).
 */
export const baseTokens = css`
  :host {
    --_fg: var(--ode-color-text, #1e1e1e);
    --_muted: var(--ode-color-muted, #555);
    --_bg: var(--ode-color-surface, #fff);
    --_border: var(--ode-color-border, #d0d0d0);
    --_link: var(--ode-color-link, #0a56b0);
    --_focus: var(--ode-color-focus, #0a56b0);
    --_danger: var(--ode-color-danger, #b3261e);
    --_radius: var(--ode-radius, 4px);
    --_font: var(--ode-font-family, inherit);
    --_size-small: var(--ode-font-size-small, 0.875rem);
    font-family: var(--_font);
    color: var(--_fg);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_fg: var(--ode-color-text, #ececec);
      --_muted: var(--ode-color-muted, #b5b5b5);
      --_bg: var(--ode-color-surface, #1b1b1b);
      --_border: var(--ode-color-border, #4a4a4a);
      --_link: var(--ode-color-link, #8ab8ff);
      --_focus: var(--ode-color-focus, #8ab8ff);
      --_danger: var(--ode-color-danger, #ffb4ab);
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
