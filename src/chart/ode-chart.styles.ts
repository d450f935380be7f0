import { css } from 'lit';
import { tokens } from '../core/tokens.js';

/* Okabe–Ito: distinguishable with the common colour-vision deficiencies; lighter blues in the dark. */
export const chartStyles = [
  tokens,
  css`
    :host {
      display: block;
      --_c1: var(--ode-chart-1, #0072b2);
      --_c2: var(--ode-chart-2, #e69f00);
      --_c3: var(--ode-chart-3, #009e73);
      --_c4: var(--ode-chart-4, #cc79a7);
      --_c5: var(--ode-chart-5, #56b4e9);
      --_c6: var(--ode-chart-6, #d55e00);
      --_c7: var(--ode-chart-7, #f0e442);
      --_c8: var(--ode-chart-8, #000000);
      --_c-other: var(--ode-chart-other, #8c8c8c);
    }
    @media (prefers-color-scheme: dark) {
      :host {
        --_c1: var(--ode-chart-1, #56b4e9);
        --_c2: var(--ode-chart-2, #e69f00);
        --_c3: var(--ode-chart-3, #009e73);
        --_c4: var(--ode-chart-4, #cc79a7);
        --_c5: var(--ode-chart-5, #f0e442);
        --_c6: var(--ode-chart-6, #d55e00);
        --_c7: var(--ode-chart-7, #4a9fe0);
        --_c8: var(--ode-chart-8, #ffffff);
      }
    }
    :host([hidden]) {
      display: none;
    }
    .toolbar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 0.5rem;
      min-height: 2rem;
      margin-bottom: 0.5rem;
    }
    .legend {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 0.5rem;
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .legend button {
      display: inline-flex;
      align-items: center;
      gap: 0.4rem;
      border-color: transparent;
      font-size: var(--_size-small);
    }
    .legend button[aria-pressed='false'] {
      color: var(--_muted);
      text-decoration: line-through;
    }
    .swatch {
      width: 0.9rem;
      height: 0.9rem;
      border-radius: 2px;
      background: var(--_swatch);
      box-shadow: inset 0 0 0 1px var(--_border);
    }
    button[aria-pressed='false'] .swatch {
      opacity: 0.3;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem;
      margin-inline-start: auto;
      font-size: var(--_size-small);
    }
    button:disabled {
      cursor: default;
      opacity: 0.6;
    }
    .plot-box {
      position: relative;
      height: var(--ode-chart-height, 20rem);
    }
    .plot {
      position: absolute;
      inset: 0;
      border-radius: var(--_radius);
    }
    .plot:focus-visible {
      outline: 2px solid var(--_focus);
      outline-offset: 2px;
    }
    .tip {
      position: absolute;
      z-index: 1;
      display: grid;
      gap: 0.1rem;
      transform: translate(-50%, calc(-100% - 10px));
      padding: 0.35rem 0.55rem;
      background: var(--_bg);
      color: var(--_fg);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      box-shadow: 0 2px 6px rgb(0 0 0 / 0.2);
      font-size: var(--_size-small);
      white-space: nowrap;
      pointer-events: none;
    }
    .tip.start {
      transform: translate(-12px, calc(-100% - 10px));
    }
    .tip.end {
      transform: translate(calc(-100% + 12px), calc(-100% - 10px));
    }
    .tip-row {
      display: flex;
      align-items: center;
      gap: 0.35rem;
      font-variant-numeric: tabular-nums;
    }
    .status {
      position: absolute;
      inset: 0;
      display: grid;
      place-content: center;
      text-align: center;
      margin: 0;
      color: var(--_muted);
      background: var(--_bg);
    }
    .status p {
      margin: 0.25rem;
    }
    .notice {
      font-size: var(--_size-small);
      color: var(--_muted);
    }
    .table-box {
      max-height: var(--ode-chart-height, 20rem);
      overflow: auto;
      margin-top: 0.5rem;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
    table {
      border-collapse: collapse;
      width: 100%;
      font-size: var(--_size-small);
    }
    caption {
      text-align: start;
      padding: 0.25rem 0.5rem;
      font-weight: 600;
    }
    th,
    td {
      padding: 0.2rem 0.5rem;
      text-align: start;
      border-bottom: 1px solid var(--_border);
    }
    thead th {
      position: sticky;
      top: 0;
      background: var(--_bg);
    }
    tbody th {
      font-weight: normal;
    }
    .num {
      text-align: end;
      font-variant-numeric: tabular-nums;
    }
    .attribution-slot {
      margin-top: 0.5rem;
      display: grid;
      gap: 0.25rem;
    }
    /* room for a two-line notice before it comes (once the chart is painted), so nothing below moves */
    .attribution-slot.pending {
      min-height: 2.75rem;
    }
    /* filter-on-click: categories can be chosen; chosen rows of the table view are bold and ticked */
    :host([filter-on-click]) .plot {
      cursor: pointer;
    }
    tr.selected th,
    tr.selected td {
      font-weight: 600;
    }
  `,
];
