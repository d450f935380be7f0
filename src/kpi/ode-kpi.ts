import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import type { DatasetSource } from '../core/source.js';
import { OdeDataView } from '../core/data-view.js';
import { attributionView, type AttributionMode } from '../core/attribution-view.js';
import { uiLang } from '../core/lang.js';
import type { OdeLoadDetail } from '../core/events.js';
import { aggregateProblem, filterProblem } from '../core/odsql-check.js';
import {
  formatChange,
  formatFigure,
  parseDecimals,
  parseFormat,
  type ChangeMode,
  type FigureFormat,
} from './figure.js';
import { kpiStrings, type KpiStrings } from './strings.js';
import { kpiStyles } from './ode-kpi.styles.js';

/** Between the figure and its unit. */
const NBSP = '\u00a0';

/** What the portal answered: the figure, the records it covers, and the comparison's. */
interface KpiAnswer {
  value: unknown;
  total: number;
  compareValue?: unknown;
}

/** The attributes, read and checked. */
interface KpiConfig {
  format: FigureFormat;
  decimals?: number;
  compareMode: ChangeMode;
}

/**
 * @summary One key figure of a dataset — a count, a sum, an average, a latest date — computed by the
 * portal in one `records` request (`select=<value> as v`), formatted for the page language, with an
 * optional comparison (a second aggregate, e.g. last year) shown as a signed change with an arrow, and
 * the dataset's source line.
 *
 * @attr value - The figure: an ODSQL aggregate the portal computes over the matching records,
 *   `count(*)` (default), `sum(population)`, `avg(delay)`, `max(date)`, `sum(a) / sum(b)`. Written by
 *   the page author (never from visitor input).
 * @attr where - ODSQL filter of this figure, AND-ed with the dataset's shared query.
 * @attr label - Text above the figure (default: "Number of records" for `count(*)`, else the expression).
 * @attr format - `number` (default), `percent` (the value is a ratio: 0.042 → 4.2 %), `currency:EUR`
 *   (any ISO 4217 code), `compact` (3.4M, « 3,4 M » in French).
 * @attr unit - Text after the figure (`inhabitants`, `km`).
 * @attr decimals - Digits after the decimal separator, 0 to 10 (default: up to 2; 1 for percent).
 * @attr compare-where - ODSQL filter of the comparison figure: the same `value` with this filter instead
 *   of `where` (the shared query still applies), e.g. `year(date) = 2023`. Both figures are asked for
 *   at the same time.
 * @attr compare-label - What the comparison is against, in words (`2023`); default: the filter.
 * @attr compare-mode - `percent` (default: the relative change, +4.2 %) or `difference` (+1,250).
 * @attr attribution - `compact` (default: one source line), `full`, or `external` when an
 *   `<ode-attribution>` for the same dataset is on the page.
 *
 * @fires ode-load - The figure is shown; `detail.value` is the portal's value (a number, a date text,
 *   or null when no record matched) and `detail.compareValue` the comparison's.
 * @fires ode-error - A request failed; `detail.error` says why.
 *
 * @csspart kpi - The figure's box (label, value, comparison).
 * @csspart label - The label.
 * @csspart value - The figure.
 * @csspart unit - The unit after the figure.
 * @csspart comparison - The comparison line.
 * @csspart status - The "no record matches" note.
 * @csspart error - The error box.
 * @csspart retry - The Retry button.
 * @csspart attribution - The source line.
 *
 * @cssprop --ode-kpi-value-size - Size of the figure (default 2.25rem).
 * @cssprop --ode-kpi-value-weight - Weight of the figure (default 700).
 * @cssprop --ode-kpi-value-color - Colour of the figure.
 * @cssprop --ode-kpi-label-size - Size of the label (default 1rem).
 * @cssprop --ode-kpi-up-color - Colour of a rise (default green).
 * @cssprop --ode-kpi-down-color - Colour of a fall (default red).
 * @cssprop --ode-color-text - Text colour.
 * @cssprop --ode-color-muted - Label and notes.
 * @cssprop --ode-color-danger - Errors.
 */
export class OdeKpi extends OdeDataView<KpiAnswer> {
  static override styles = kpiStyles;
  static override properties: PropertyDeclarations = {
    value: {},
    where: {},
    label: {},
    format: {},
    unit: {},
    decimals: {},
    compareWhere: { attribute: 'compare-where' },
    compareLabel: { attribute: 'compare-label' },
    compareMode: { attribute: 'compare-mode' },
    attribution: {},
  };

  value: string | null = 'count(*)';
  where?: string;
  label?: string;
  format?: string;
  unit?: string;
  decimals?: string;
  compareWhere?: string;
  compareLabel?: string;
  compareMode?: string;
  attribution: AttributionMode = 'compact';

  /** The `value` expression (`count(*)` when the attribute is removed or empty). */
  get #expression(): string {
    return this.value?.trim() || 'count(*)';
  }

  #config: KpiConfig = { format: { style: 'number' }, compareMode: 'percent' };

  /** @internal */
  protected override checkAttributes(): string | undefined {
    const t = this.t;
    const format = parseFormat(this.format);
    if (typeof format === 'string') return t.badAttr('format', format);
    const decimals = parseDecimals(this.decimals);
    if (typeof decimals === 'string') return t.badAttr('decimals', decimals);
    const mode = (this.compareMode ?? 'percent').trim() || 'percent';
    if (mode !== 'percent' && mode !== 'difference')
      return t.badAttr('compare-mode', `expected percent or difference, not "${mode}"`);
    this.#config = { format, decimals, compareMode: mode };
    const valueProblem = aggregateProblem(this.#expression);
    if (valueProblem) return t.badAttr('value', `"${this.value}": ${valueProblem}`);
    for (const [name, expr] of [
      ['where', this.where],
      ['compare-where', this.compareWhere],
    ] as const) {
      const p = expr ? filterProblem(expr) : undefined;
      if (p) return t.badAttr(name, `"${expr}": ${p}`);
    }
    return undefined;
  }

  /** @internal */
  protected override requestKey(source: DatasetSource): unknown {
    // the shared sort does not change a figure
    return [{ ...source.query, orderBy: undefined }, this.#expression, this.where, this.compareWhere];
  }

  /** @internal */
  protected override async fetchData(source: DatasetSource, signal: AbortSignal): Promise<KpiAnswer> {
    const select = `${this.#expression} as v`;
    const ask = (where: string | undefined) =>
      source.client.records<{ v?: unknown }>(
        source.datasetId,
        // no order_by: the shared sort is for records, and an aggregate without group_by has one row
        { ...source.toQuery({ select, limit: 1, where: where ? [where] : [] }), orderBy: undefined },
        signal,
      );
    const compare = this.compareWhere?.trim();
    // the two figures leave together: ODSQL has no filtered aggregate to get both in one request
    const [main, other] = await Promise.all([ask(this.where?.trim()), compare ? ask(compare) : undefined]);
    return {
      value: main.results?.[0]?.v ?? null,
      total: main.total_count ?? 0,
      ...(other ? { compareValue: other.results?.[0]?.v ?? null } : {}),
    };
  }

  /** @internal */
  protected override loadDetail(answer: KpiAnswer): OdeLoadDetail {
    return {
      value: answer.value as number | string | null,
      ...('compareValue' in answer ? { compareValue: answer.compareValue as number | string | null } : {}),
    };
  }

  protected override render(): TemplateResult {
    const t = { ...this.t, ...kpiStrings(uiLang(this.locale)) };
    const problem = this.renderProblem(t);
    if (problem) return problem;
    const expr = this.#expression;
    const label = this.label ?? (/^count\(\s*\*\s*\)$/i.test(expr) ? t.count : expr);
    const task = this.task;
    const answer = task.value;
    let body: TemplateResult;
    const error = this.renderError(t);
    if (error) body = error;
    else if (!answer) {
      body = html`<p part="value" class="value stale" role="status">
        <span aria-hidden="true">…</span><span class="visually-hidden">${t.loading}</span>
      </p>`;
    } else {
      const { format, decimals } = this.#config;
      const figure = formatFigure(answer.value, format, this.locale, decimals);
      body = html`<p part="value" class=${task.status === 'loading' ? 'value stale' : 'value'}>
          ${figure ?? html`—<span class="visually-hidden"> ${t.noValue}</span>`}${
            figure && this.unit ? html`<span part="unit" class="unit">${NBSP}${this.unit}</span>` : nothing
          }
        </p>
        ${answer.total === 0 ? html`<p part="status" class="status">${t.noMatch}</p>` : nothing}
        ${'compareValue' in answer ? this.#renderComparison(answer, t) : nothing}`;
    }
    return html`<div part="kpi" class="kpi" role="group" aria-labelledby="label">
        <p part="label" class="label" id="label">${label}</p>
        ${body}
      </div>
      ${attributionView('ode-kpi', this.sourceCtl.source, this.attribution)}`;
  }

  #renderComparison(answer: KpiAnswer, t: KpiStrings): TemplateResult | typeof nothing {
    const { format, decimals, compareMode } = this.#config;
    const change = formatChange(
      answer.value,
      answer.compareValue,
      compareMode,
      format,
      this.locale,
      decimals,
    );
    if (!change) return nothing;
    const arrow = change.direction === 'up' ? '▲' : change.direction === 'down' ? '▼' : '▶';
    const what = this.compareLabel?.trim() || this.compareWhere?.trim() || '';
    return html`<p part="comparison" class="comparison ${change.direction}">
      <span class="arrow" aria-hidden="true">${arrow}</span>
      <span class="visually-hidden">${t[change.direction]}</span>
      <span class="change">${change.text}</span>
      ${t.versus(what)}
    </p>`;
  }
}
