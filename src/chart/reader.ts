import {
  html,
  nothing,
  type ReactiveController,
  type ReactiveControllerHost,
  type TemplateResult,
} from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import type { Chart } from './engine.js';
import type { LazyLabels } from './labels.js';

type Engine = typeof import('./engine.js');

/** What the reader needs of a drawn chart. */
export interface ReadingInput {
  chart: Chart;
  engine: Engine;
  labels: LazyLabels;
  /** Label (empty for a single series), formatted value and colour of each visible series at `i`. */
  rows(i: number): [string, string, string][];
}

/**
 * Reading a chart's values without a table: a tooltip that follows the pointer, and the arrow keys
 * (Home, End) moving from category to category on the focused plot, each value announced in a live
 * region. The host renders `tip()` next to its plot and `announce` in a polite live region, and wires
 * `onKey`, `onPointerMove`, `hide` and `onBlur` to the plot.
 */
export class ChartReader implements ReactiveController {
  /** The tooltip: which category, and where (CSS px in the plot). */
  #tip?: { index: number; x: number; y: number };
  /** What the live region says about the category reached with the keyboard. */
  announce = '';
  #active = -1;
  #frame = 0;
  readonly #host: ReactiveControllerHost;
  readonly #input: () => ReadingInput | undefined;

  constructor(host: ReactiveControllerHost, input: () => ReadingInput | undefined) {
    this.#host = host;
    this.#input = input;
    host.addController(this);
  }

  hostDisconnected(): void {
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.#tip = undefined;
  }

  /** The category reached with the keyboard, or -1. */
  get active(): number {
    return this.#active;
  }

  /** New values drawn: nothing is pointed at any more. */
  reset(): void {
    this.#active = -1;
    this.#tip = undefined;
    this.#host.requestUpdate();
  }

  readonly onKey = (e: KeyboardEvent): void => {
    const input = this.#input();
    const n = input?.labels.length ?? 0;
    if (!input || !n) return;
    const step: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    let i = this.#active;
    if (e.key in step) i = i < 0 ? 0 : Math.min(n - 1, Math.max(0, i + step[e.key]));
    else if (e.key === 'Home') i = 0;
    else if (e.key === 'End') i = n - 1;
    else return;
    e.preventDefault();
    this.#active = i;
    this.#show(input, i);
    const values = input.rows(i).map(([label, value]) => (label ? `${label}: ${value}` : value));
    this.announce = `${input.labels.at(i)} — ${values.join(', ')} (${i + 1}/${n})`;
  };

  readonly onPointerMove = (e: PointerEvent): void => {
    if (this.#frame || !this.#input()) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      const input = this.#input();
      if (!input) return;
      const i = input.engine.indexAt(input.chart, e);
      if (i < 0) this.hide();
      else if (i !== this.#tip?.index) this.#show(input, i);
    });
  };

  readonly hide = (): void => {
    const input = this.#input();
    if (this.#tip && input) input.engine.highlight(input.chart, -1);
    this.#tip = undefined;
    this.#host.requestUpdate();
  };

  readonly onBlur = (): void => {
    this.announce = '';
    this.hide();
  };

  #show(input: ReadingInput, i: number): void {
    const at = input.engine.highlight(input.chart, i);
    this.#tip = at ? { index: i, x: at.x, y: at.y } : undefined;
    this.#host.requestUpdate();
  }

  /** The tooltip box, kept inside the plot: anchored at the start, middle or end of the point. */
  tip(): TemplateResult | typeof nothing {
    const tip = this.#tip;
    const input = this.#input();
    if (!tip || !input || tip.index >= input.labels.length) return nothing;
    const width = input.chart.width ?? 0;
    const side = tip.x < width * 0.2 ? 'start' : tip.x > width * 0.8 ? 'end' : 'middle';
    return html`<div
      class="tip ${side}"
      aria-hidden="true"
      style=${styleMap({ left: `${tip.x}px`, top: `${Math.max(tip.y, 0)}px` })}
    >
      <strong>${input.labels.at(tip.index)}</strong>
      ${input
        .rows(tip.index)
        .map(
          ([label, value, color]) =>
            html`<span class="tip-row"
              ><span class="swatch" style=${styleMap({ '--_swatch': color })}></span
              >${label ? `${label}: ` : ''}${value}</span
            >`,
        )}
    </div>`;
  }
}
