import { css } from './lit.js';
import { baseTokens } from '../core/base-tokens.js';

/**
 * Styles of the consent elements. Every colour, size and the font come from `--ode-*` tokens, so a
 * DSFR-like look needs tokens only (e.g. `--ode-consent-button-bg: #000091; --ode-consent-button-fg: #fff;
 * --ode-radius: 0`). Accept and refuse buttons share one rule: they cannot be styled apart.
 */
const shared = css`
  :host {
    --_btn-bg: var(--ode-consent-button-bg, var(--_fg));
    --_btn-fg: var(--ode-consent-button-fg, var(--_bg));
    line-height: 1.5;
  }
  .btn {
    background: var(--_btn-bg);
    color: var(--_btn-fg);
    border: 1px solid var(--_btn-bg);
    min-height: 44px;
    min-width: 44px;
    padding: 0.5rem 1rem;
    font-weight: 600;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .actions .btn {
    flex: 1 1 10rem;
  }
  .link {
    background: none;
    border: 0;
    padding: 0;
    min-height: 24px;
    text-decoration: underline;
    color: var(--_link);
  }
  h2 {
    font-size: 1.25rem;
    margin: 0 0 0.5rem;
  }
  p {
    margin: 0 0 0.75rem;
  }
`;

/** Tokens and what every consent element shares; the lazy parts add their own sheet to it. */
export const baseStyles = [baseTokens, shared];

export const bannerStyles = [
  ...baseStyles,
  css`
    /* at most 40 % of the view: the text scrolls, the three buttons stay in view */
    .banner {
      position: fixed;
      inset: auto 0 0 0;
      z-index: var(--ode-consent-z-index, 2147483000);
      max-height: 40vh;
      display: flex;
      background: var(--_bg);
      border-top: 1px solid var(--_border);
      box-shadow: 0 -4px 16px rgb(0 0 0 / 0.15);
      padding: 0.75rem 1rem;
      box-sizing: border-box;
    }
    .inner {
      max-width: var(--ode-consent-max-width, 60rem);
      width: 100%;
      margin: 0 auto;
      display: flex;
      flex-direction: column;
      gap: 0.5rem;
      min-height: 0;
    }
    .text {
      overflow: auto;
      min-height: 0;
    }
    .close {
      float: right;
      margin: 0 0 0.25rem 1rem;
    }
    @media (max-width: 40rem) {
      .banner {
        font-size: 0.875rem;
        padding: 0.5rem 0.75rem;
      }
      h2 {
        font-size: 1rem;
        margin-bottom: 0.25rem;
      }
      p {
        margin-bottom: 0.5rem;
      }
      /* the last line fades out: there is more text to scroll to */
      .text {
        padding-bottom: 0.75rem;
        mask-image: linear-gradient(#000 calc(100% - 1.25rem), transparent);
      }
      /* the three buttons on one row, each at least as wide as its longest word (equal shares would
         push "Personnaliser" out of its button on a phone): accept and refuse share the rest equally */
      .banner .actions {
        display: grid;
        grid-template-columns: repeat(3, minmax(min-content, 1fr));
      }
      .banner .actions .btn {
        min-width: 0;
        padding: 0.25rem 0.375rem;
      }
    }
  `,
];

export const buttonStyles = [
  ...baseStyles,
  css`
    :host {
      display: inline-block;
    }
    :host([floating]) {
      position: fixed;
      left: 1rem;
      bottom: 1rem;
      z-index: var(--ode-consent-z-index, 2147483000);
    }
  `,
];

export const gateStyles = [
  ...baseStyles,
  css`
    :host {
      display: block;
      /* reserved from first paint, before the configuration and the placeholder arrive: no layout shift */
      min-height: var(--ode-consent-gate-min-height, auto);
    }
  `,
];
