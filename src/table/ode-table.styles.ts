import { css } from 'lit';
import { tokens } from '../core/tokens.js';

export const tableStyles = [
  tokens,
  css`
    :host {
      display: block;
      --_row-h: 36px;
    }
    :host([hidden]) {
      display: none;
    }
    .toolbar {
      display: flex;
      align-items: baseline;
      gap: 1rem;
      min-height: 1.75rem;
    }
    .count {
      margin: 0 0 0.25rem;
      color: var(--_muted);
      font-size: var(--_size-small);
    }
    .scroller {
      height: var(--ode-table-height, 24rem);
      overflow: auto;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_bg);
      overscroll-behavior: contain;
      /* what happens inside (rows entering, leaving) never lays out or repaints the page around */
      contain: strict;
    }
    /* the loading message, centred over the body (under the headers once they are known) */
    .scroller.loading .status {
      position: absolute;
      inset: 0;
      display: grid;
      place-items: center;
    }
    table {
      border-collapse: separate;
      border-spacing: 0;
      width: 100%;
      font-size: 0.9375rem;
    }
    /* column widths frozen once the first rows are shown: no re-measuring while scrolling */
    table.fixed {
      table-layout: fixed;
    }
    th,
    td {
      height: var(--_row-h);
      box-sizing: border-box;
      padding: 0 0.75rem;
      text-align: start;
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
      max-width: 24rem;
      border-bottom: 1px solid var(--_border);
    }
    /* the header row sticks as one box (one composited layer, not one per column) */
    thead {
      position: sticky;
      top: 0;
      z-index: 1;
    }
    thead th {
      background: var(--ode-table-header-bg, var(--_bg));
      font-weight: 600;
      border-bottom: 2px solid var(--_border);
    }
    th button {
      all: unset;
      cursor: pointer;
      display: inline-flex;
      gap: 0.35rem;
      align-items: center;
      min-height: 24px;
    }
    th button:focus-visible {
      outline: 2px solid var(--_focus);
      outline-offset: 2px;
    }
    .arrow {
      color: var(--_muted);
      font-size: 0.75em;
    }
    .num {
      text-align: end;
      font-variant-numeric: tabular-nums;
    }
    /* stripes by row number (a class), not :nth-child: a row entering at the top does not restyle
       every row below it */
    tbody tr.odd td {
      background: var(--ode-table-stripe, color-mix(in srgb, var(--_fg) 3%, transparent));
    }
    tbody tr[part~='row'] {
      cursor: pointer;
    }
    tbody tr[part~='row']:hover td {
      background: color-mix(in srgb, var(--_link) 8%, transparent);
    }
    tbody tr:focus-visible {
      outline: 2px solid var(--_focus);
      outline-offset: -2px;
    }
    table.stale tbody {
      opacity: 0.6;
      transition: opacity 0.15s 0.1s;
    }
    tr.placeholder td {
      color: var(--_muted);
    }
    tr.spacer {
      visibility: hidden;
    }
    .thumb {
      height: calc(var(--_row-h) - 6px);
      width: auto;
      vertical-align: middle;
    }
    .status,
    .empty {
      color: var(--_muted);
      margin: 0;
    }
    .empty {
      border: 1px dashed var(--_border);
      border-radius: var(--_radius);
      padding: 1rem;
    }
    .empty p {
      margin: 0.25rem 0;
    }
    .ceiling {
      font-size: var(--_size-small);
      margin: 0.5rem 0 0;
    }
    .attribution-slot {
      margin-top: 0.5rem;
      /* room for a two-line notice before it arrives, so nothing below moves */
      min-height: 2.75rem;
    }
    /* attribution="external": the notice is elsewhere on the page, no room kept for it here */
    .attribution-slot.external {
      min-height: 0;
    }
    .attribution-slot.external:empty {
      margin-top: 0;
    }
    dialog {
      max-width: min(40rem, 92vw);
      max-height: 85vh;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_bg);
      color: var(--_fg);
    }
    dialog h2 {
      margin-top: 0;
      font-size: 1.125rem;
    }
    dl {
      display: grid;
      gap: 0.4rem;
      margin: 0 0 1rem;
    }
    .pair {
      display: grid;
      grid-template-columns: minmax(8rem, 1fr) 2fr;
      gap: 0.75rem;
    }
    dt {
      color: var(--_muted);
    }
    dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
  `,
];
