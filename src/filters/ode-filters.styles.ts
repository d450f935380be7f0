import { css } from 'lit';
import { tokens } from '../core/tokens.js';

/** The filter summary: a count, a wrapping row of chips, and "Clear all". */
export const filtersStyles = [
  tokens,
  css`
    :host {
      display: block;
    }
    .box {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem;
    }
    .box:focus {
      outline: none;
    }
    .box:focus-visible {
      outline: 2px solid var(--_focus);
      outline-offset: 2px;
    }
    .count {
      margin: 0;
      font-weight: 600;
      font-variant-numeric: tabular-nums;
    }
    .list {
      display: flex;
      flex-wrap: wrap;
      gap: 0.375rem;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .chip {
      display: inline-flex;
      align-items: center;
      gap: 0.25rem;
      border: 1px solid var(--_border);
      border-radius: 999px;
      padding: 0.125rem 0.25rem 0.125rem 0.75rem;
      max-width: 100%;
    }
    .chip.fixed {
      padding-right: 0.75rem;
      border-style: dashed;
      color: var(--_muted);
    }
    .text {
      overflow-wrap: anywhere;
    }
    .remove {
      border-radius: 999px;
      min-width: 24px;
      padding: 0 0.4rem;
      line-height: 1.4;
    }
    .empty {
      margin: 0;
      color: var(--_muted);
    }
  `,
];
