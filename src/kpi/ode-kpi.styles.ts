import { css } from 'lit';
import { tokens } from '../core/tokens.js';

export const kpiStyles = [
  tokens,
  css`
    :host {
      display: block;
      /* side by side in a flex row, a figure is as wide as its words, at least 12rem (its notice's) */
      min-inline-size: min(100%, 12rem);
      --_up: var(--ode-kpi-up-color, #1b6e34);
      --_down: var(--ode-kpi-down-color, #b3261e);
    }
    @media (prefers-color-scheme: dark) {
      :host {
        --_up: var(--ode-kpi-up-color, #7fd49a);
        --_down: var(--ode-kpi-down-color, #ffb4ab);
      }
    }
    :host([hidden]) {
      display: none;
    }
    .kpi {
      display: grid;
      gap: 0.25rem;
    }
    p {
      margin: 0;
    }
    .label {
      color: var(--_muted);
      font-size: var(--ode-kpi-label-size, 1rem);
    }
    .value {
      font-size: var(--ode-kpi-value-size, 2.25rem);
      font-weight: var(--ode-kpi-value-weight, 700);
      line-height: 1.15;
      font-variant-numeric: tabular-nums;
      color: var(--ode-kpi-value-color, var(--_fg));
      min-height: 1.15em;
    }
    .unit {
      font-size: 0.6em;
      font-weight: 400;
    }
    .stale {
      opacity: 0.55;
    }
    .comparison,
    .status {
      font-size: var(--_size-small);
      color: var(--_muted);
    }
    .comparison .arrow,
    .comparison .change {
      font-weight: 600;
    }
    .up .arrow,
    .up .change {
      color: var(--_up);
    }
    .down .arrow,
    .down .change {
      color: var(--_down);
    }
    [part~='attribution'] {
      display: block;
      margin-top: 0.375rem;
      /* the notice wraps to the figure's width rather than setting it: a long source line made every
         figure of a flex row as wide as the row, one under the other */
      contain: inline-size;
    }
  `,
];
