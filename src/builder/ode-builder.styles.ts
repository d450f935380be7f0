import { css } from 'lit';
import { baseTokens } from '../core/base-tokens.js';

/** Styles of `<ode-builder>`: the steps on the left, the preview and the code on the right (stacked when narrow). */
export const builderStyles = [
  baseTokens,
  css`
    :host {
      display: block;
      margin-top: 1rem;
      background: var(--_bg);
    }
    .builder {
      display: grid;
      grid-template-columns: minmax(18rem, 26rem) minmax(0, 1fr);
      gap: 1.5rem;
      align-items: start;
    }
    @media (max-width: 52rem) {
      .builder {
        grid-template-columns: minmax(0, 1fr);
      }
    }
    .step {
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      padding: 0.75rem 1rem 1rem;
      margin-bottom: 1rem;
    }
    h2 {
      font-size: 1.1rem;
      margin: 0 0 0.75rem;
      display: flex;
      align-items: center;
      gap: 0.5rem;
    }
    .n {
      display: inline-grid;
      place-items: center;
      width: 1.6rem;
      height: 1.6rem;
      border-radius: 50%;
      background: var(--_fg);
      color: var(--_bg);
      font-size: 0.9rem;
    }
    label {
      display: block;
      font-weight: 600;
      margin: 0.5rem 0 0.25rem;
    }
    label.choice {
      font-weight: normal;
      display: flex;
      gap: 0.5rem;
      align-items: baseline;
      margin: 0.15rem 0;
    }
    label.choice.inline {
      display: inline-flex;
      margin-right: 1rem;
    }
    input[type='text'],
    input[type='search'],
    input[type='url'],
    input:not([type]),
    select,
    textarea {
      font: inherit;
      color: inherit;
      background: var(--_bg);
      border: 1px solid var(--_muted);
      border-radius: var(--_radius);
      padding: 0.35rem 0.5rem;
      box-sizing: border-box;
      width: 100%;
      min-height: 2rem;
    }
    textarea {
      font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      font-size: 0.8rem;
      resize: vertical;
    }
    input:focus-visible,
    select:focus-visible,
    textarea:focus-visible {
      outline: 2px solid var(--_focus);
      outline-offset: 1px;
    }
    input[aria-invalid='true'] {
      border-color: var(--_danger);
    }
    .inline {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 0.5rem;
    }
    /* text fields on a row (the frame height), not the radio buttons of a choice.inline */
    .inline input:not([type='radio'], [type='checkbox']) {
      width: 7rem;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
    .row input {
      flex: 1 1 12rem;
    }
    .help {
      color: var(--_muted);
      font-size: var(--_size-small);
      margin: 0.35rem 0;
    }
    .error {
      color: var(--_danger);
      margin: 0.35rem 0;
    }
    .error p {
      margin: 0 0 0.35rem;
    }
    fieldset {
      border: 0;
      padding: 0;
      margin: 0.5rem 0 0;
      min-width: 0;
    }
    legend {
      font-weight: 600;
      padding: 0;
      margin-bottom: 0.25rem;
    }
    .results {
      max-height: 22rem;
      overflow: auto;
    }
    .results .choice {
      padding: 0.35rem 0.25rem;
      border-bottom: 1px solid var(--_border);
    }
    .results .title {
      display: block;
    }
    .results .meta {
      display: block;
      color: var(--_muted);
      font-size: var(--_size-small);
      word-break: break-all;
    }
    .columns {
      list-style: none;
      padding: 0;
      margin: 0;
    }
    .columns li {
      display: flex;
      justify-content: space-between;
      align-items: center;
      gap: 0.5rem;
      border-bottom: 1px solid var(--_border);
      min-height: 2rem;
    }
    .move {
      display: flex;
      gap: 0.25rem;
      flex: none;
    }
    .move button {
      padding: 0 0.5rem;
    }
    .grid label:first-child {
      margin-top: 0;
    }
    .preview {
      min-height: 8rem;
    }
    .copy {
      margin: 0.5rem 0 0.75rem;
    }
    .copied {
      font-weight: 600;
      min-height: 1.5em;
      margin: 0;
    }
    code {
      word-break: break-all;
    }
  `,
];
