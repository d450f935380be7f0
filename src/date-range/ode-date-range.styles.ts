import { css } from 'lit';
import { tokens } from '../core/tokens.js';

export const dateRangeStyles = [
  tokens,
  css`
    :host {
      display: block;
    }
    :host([hidden]) {
      display: none;
    }
    fieldset {
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      margin: 0;
      padding: 0.5rem 0.75rem 0.75rem;
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      align-items: end;
    }
    legend {
      font-weight: 600;
      padding: 0 0.25rem;
    }
    .bound {
      display: grid;
      gap: 0.125rem;
    }
    label {
      font-size: var(--_size-small);
    }
    input {
      font: inherit;
      color: inherit;
      background: var(--_bg);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      padding: 0.25rem 0.375rem;
      min-height: 24px;
      color-scheme: light dark;
    }
    input:focus-visible {
      outline: 2px solid var(--_focus);
      outline-offset: 1px;
    }
    input[aria-invalid='true'] {
      border-color: var(--_danger);
    }
    .presets {
      display: flex;
      flex-wrap: wrap;
      gap: 0.375rem;
    }
    button[aria-pressed='true'] {
      background: var(--_fg);
      color: var(--_bg);
      border-color: var(--_fg);
    }
    .note {
      flex-basis: 100%;
      margin: 0;
      font-size: var(--_size-small);
      color: var(--_muted);
    }
    .note.invalid {
      color: var(--_danger);
    }
  `,
];
