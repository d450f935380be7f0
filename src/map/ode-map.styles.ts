import { css } from 'lit';
import { tokens } from '../core/tokens.js';

export const mapStyles = [
  tokens,
  css`
    :host {
      display: block;
      --_map-h: var(--ode-map-height, 24rem);
    }
    :host([hidden]) {
      display: none;
    }
    .skip {
      position: absolute;
      left: -10000px;
    }
    .skip:focus {
      position: static;
      display: inline-block;
      margin-bottom: 0.25rem;
    }
    .frame {
      position: relative;
      height: var(--_map-h);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      overflow: hidden;
      background: var(--ode-map-water, #dfe9f2);
    }
    .frame .map {
      position: absolute;
      inset: 0;
    }
    .status {
      position: absolute;
      left: 0.5rem;
      top: 0.5rem;
      margin: 0;
      padding: 0.25rem 0.5rem;
      background: var(--_bg);
      border-radius: var(--_radius);
      font-size: var(--_size-small);
      z-index: 3;
    }
    /* no WebGL2: the message in place of the map, the list button below */
    .frame.no-map {
      height: auto;
    }
    .frame.no-map .map {
      display: none;
    }
    .frame.no-map .status {
      position: static;
      background: none;
      font-size: inherit;
      padding: 0.75rem 1rem;
    }
    .attribution-slot {
      min-height: 1.5rem;
    }
    /* attribution="external": the notice is elsewhere on the page, no room kept for it here */
    .attribution-slot.external {
      min-height: 0;
    }
    @media (prefers-color-scheme: dark) {
      .frame {
        background: var(--ode-map-water, #1f2a36);
      }
    }
  `,
];
