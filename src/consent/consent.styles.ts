import { css } from 'lit';
import { tokens } from '../core/tokens.js';

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
  [role='alert'] {
    border: 2px solid var(--_danger);
    background: var(--_bg);
    padding: 0.5rem 1rem;
  }
`;

export const bannerStyles = [
  tokens,
  shared,
  css`
    .banner {
      position: fixed;
      inset: auto 0 0 0;
      z-index: var(--ode-consent-z-index, 2147483000);
      max-height: 60vh;
      overflow: auto;
      background: var(--_bg);
      border-top: 1px solid var(--_border);
      box-shadow: 0 -4px 16px rgb(0 0 0 / 0.15);
      padding: 1rem;
    }
    .inner {
      max-width: var(--ode-consent-max-width, 60rem);
      margin: 0 auto;
      position: relative;
    }
    .close {
      float: right;
      margin: 0 0 0.5rem 1rem;
    }
    dialog {
      color: var(--_fg);
      background: var(--_bg);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      width: min(44rem, calc(100vw - 2rem));
      max-height: calc(100vh - 2rem);
      padding: 1.25rem;
      box-sizing: border-box;
    }
    dialog::backdrop {
      background: rgb(0 0 0 / 0.5);
    }
    .head {
      display: flex;
      justify-content: space-between;
      align-items: start;
      gap: 1rem;
    }
    fieldset {
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      margin: 0 0 1rem;
      padding: 0.75rem 1rem;
    }
    legend {
      font-weight: 700;
      padding: 0 0.25rem;
    }
    .choice {
      display: flex;
      flex-wrap: wrap;
      gap: 1.5rem;
      margin-bottom: 0.5rem;
    }
    label {
      display: inline-flex;
      align-items: center;
      gap: 0.5rem;
      min-height: 24px;
      cursor: pointer;
    }
    input {
      width: 1.25rem;
      height: 1.25rem;
      margin: 0;
      accent-color: var(--_btn-bg);
    }
    input:focus-visible,
    summary:focus-visible {
      outline: 2px solid var(--_focus);
      outline-offset: 2px;
    }
    summary {
      cursor: pointer;
      min-height: 24px;
      color: var(--_link);
    }
    ul {
      margin: 0.25rem 0;
      padding-left: 1.25rem;
    }
    .muted {
      color: var(--_muted);
      font-size: var(--_size-small);
    }
    .foot {
      margin-top: 1rem;
    }
    dialog .actions {
      margin-bottom: 1rem;
    }
  `,
];

export const buttonStyles = [
  tokens,
  shared,
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
  tokens,
  shared,
  css`
    :host {
      display: block;
    }
    .placeholder {
      border: 1px dashed var(--_border);
      border-radius: var(--_radius);
      background: var(--_bg);
      padding: 1rem;
      min-height: var(--ode-consent-gate-min-height, auto);
    }
  `,
];

export const declarationStyles = [
  tokens,
  shared,
  css`
    :host {
      display: block;
      overflow-x: auto;
    }
    table {
      border-collapse: collapse;
      width: 100%;
      font-size: var(--_size-small);
    }
    caption {
      text-align: start;
      font-weight: 700;
      padding-bottom: 0.5rem;
    }
    th,
    td {
      border: 1px solid var(--_border);
      padding: 0.375rem 0.5rem;
      text-align: start;
      vertical-align: top;
    }
  `,
];
