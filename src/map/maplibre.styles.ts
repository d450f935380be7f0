import { css } from 'lit';

/**
 * The few maplibre-gl classes the map uses, written for the shadow root (maplibre's global stylesheet
 * would not reach inside it), themed with our tokens.
 */
export const maplibreStyles = css`
  .maplibregl-map {
    overflow: hidden;
    -webkit-tap-highlight-color: transparent;
    font: inherit;
  }
  .maplibregl-canvas {
    position: absolute;
    left: 0;
    top: 0;
  }
  .maplibregl-canvas-container.maplibregl-interactive {
    cursor: grab;
  }
  .maplibregl-canvas:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: -3px;
  }
  .maplibregl-ctrl-top-left,
  .maplibregl-ctrl-top-right,
  .maplibregl-ctrl-bottom-left,
  .maplibregl-ctrl-bottom-right {
    position: absolute;
    pointer-events: none;
    z-index: 2;
  }
  .maplibregl-ctrl-top-left {
    top: 0;
    left: 0;
  }
  .maplibregl-ctrl-top-right {
    top: 0;
    right: 0;
  }
  .maplibregl-ctrl-bottom-left {
    bottom: 0;
    left: 0;
  }
  .maplibregl-ctrl-bottom-right {
    right: 0;
    bottom: 0;
  }
  .maplibregl-ctrl {
    clear: both;
    pointer-events: auto;
    transform: translate(0, 0);
  }
  .maplibregl-ctrl-top-right .maplibregl-ctrl {
    float: right;
    margin: 10px 10px 0 0;
  }
  .maplibregl-ctrl-group {
    background: var(--_bg);
    border-radius: var(--_radius);
    box-shadow: 0 0 0 2px rgb(0 0 0 / 10%);
  }
  .maplibregl-ctrl-group button {
    display: block;
    width: 29px;
    height: 29px;
    padding: 0;
    border: 0;
    border-radius: 0;
    background: transparent;
  }
  .maplibregl-ctrl-group button + button {
    border-top: 1px solid var(--_border);
  }
  .maplibregl-ctrl-zoom-in .maplibregl-ctrl-icon::before {
    content: '+';
    font-size: 1.25rem;
  }
  .maplibregl-ctrl-zoom-out .maplibregl-ctrl-icon::before {
    content: '−';
    font-size: 1.25rem;
  }
  .maplibregl-ctrl-compass {
    display: none !important;
  }
  .maplibregl-ctrl.maplibregl-ctrl-attrib {
    padding: 0 5px;
    margin: 0;
    background: color-mix(in srgb, var(--_bg) 85%, transparent);
    font-size: 0.75rem;
    color: var(--_fg);
    /* long source names and URLs wrap within the map */
    overflow-wrap: anywhere;
    max-width: 100%;
    box-sizing: border-box;
  }
  .maplibregl-ctrl-attrib-button {
    display: none;
  }
  .maplibregl-ctrl-attrib a {
    color: var(--_link);
  }
  .maplibregl-attrib-empty {
    display: none;
  }
  .maplibregl-marker {
    position: absolute;
    top: 0;
    left: 0;
    will-change: transform;
  }
  .maplibregl-popup {
    position: absolute;
    top: 0;
    left: 0;
    display: flex;
    will-change: transform;
    pointer-events: none;
    z-index: 4;
  }
  .maplibregl-popup-content {
    position: relative;
    pointer-events: auto;
    background: var(--_bg);
    color: var(--_fg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: 0 1px 4px rgb(0 0 0 / 25%);
    padding: 0.5rem 1.75rem 0.5rem 0.75rem;
    max-width: 18rem;
    font-size: var(--_size-small);
  }
  .maplibregl-popup-close-button {
    position: absolute;
    right: 0;
    top: 0;
    min-height: 0;
    border: 0;
    padding: 0 0.4rem;
    background: transparent;
  }
  .maplibregl-popup dl {
    margin: 0;
  }
  .maplibregl-popup dt {
    font-weight: 600;
  }
  .maplibregl-popup dd {
    margin: 0 0 0.25rem;
  }
  .cluster {
    min-width: 2rem;
    min-height: 2rem;
    padding: 0 0.35rem;
    border-radius: 1rem;
    border: 2px solid var(--_bg);
    background: var(--ode-map-point, #0a56b0);
    color: #fff;
    font-size: 0.75rem;
    font-weight: 600;
    line-height: 1;
    font-variant-numeric: tabular-nums;
  }
  .tools {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: center;
    margin: 0.25rem 0;
    font-size: var(--_size-small);
  }
  .note {
    margin: 0;
    color: var(--_muted);
  }
  .consent {
    position: absolute;
    z-index: 3;
    left: 0.5rem;
    right: 0.5rem;
    bottom: 1.75rem;
    margin: 0;
    padding: 0.5rem 0.75rem;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    display: flex;
    gap: 0.5rem;
    align-items: center;
    flex-wrap: wrap;
    font-size: var(--_size-small);
  }
  .list ul {
    margin: 0.25rem 0;
    padding-left: 1.25rem;
    max-height: 16rem;
    overflow: auto;
  }
  .list li {
    margin: 0.125rem 0;
  }
  .legend {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    font-size: var(--_size-small);
  }
  .legend .ramp {
    display: inline-block;
    width: 8rem;
    height: 0.75rem;
    border: 1px solid var(--_border);
  }
  .legend .swatch {
    display: inline-block;
    width: 0.75rem;
    height: 0.75rem;
    border-radius: 50%;
    margin-right: 0.25rem;
    vertical-align: middle;
  }
`;
