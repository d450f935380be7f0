import { LitElement, html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { SourceController } from '../core/source-controller.js';
import type { DatasetSource, QueryChangeDetail } from '../core/source.js';
import { DataTask } from '../core/data-task.js';
import { errorView, sourceProblemView } from '../core/error-view.js';
import { fire } from '../core/events.js';
import { closestLang, uiLang } from '../core/lang.js';
import { strings, type Strings } from '../core/strings.js';
import { clausesOf, removable, withoutAll, withoutClause, type Clause } from '../core/query-clauses.js';
import { summaryStrings, type SummaryStrings } from './summary-strings.js';
import { filtersStyles } from './ode-filters.styles.js';

/**
 * @summary The filters of a dataset, in one place: one chip per active clause of its shared query —
 * search text, facet values kept or excluded, date ranges, selections made in a chart or a map, a map's
 * visible area, and the page's own `where` (shown, not removable) — each with a remove button, a
 * "Clear all" button, and the number of matching records, announced politely when it changes.
 *
 * @attr domain - Portal host or origin (standalone use).
 * @attr dataset - Dataset identifier (standalone use; property `datasetId`).
 * @attr source - Id of the `<ode-dataset>` whose filters are shown.
 * @attr label - Accessible name of the summary (default "Active filters").
 *
 * @fires ode-load - The count arrived; `detail.total` is the number of matching records.
 * @fires ode-error - The count could not be loaded; `detail.error` says why.
 *
 * @csspart count - The number of matching records (a polite live region).
 * @csspart list - The list of chips.
 * @csspart chip - One active filter.
 * @csspart remove - The remove button of a chip.
 * @csspart clear - The "Clear all filters" button.
 * @csspart empty - The "No filter" message.
 * @csspart error - The error box.
 * @csspart retry - The Retry button.
 *
 * @cssprop --ode-color-border - Chip borders.
 * @cssprop --ode-color-muted - The count and the read-only chips.
 * @cssprop --ode-color-focus - Focus ring.
 */
export class OdeFilters extends LitElement {
  static override styles = filtersStyles;
  static override properties: PropertyDeclarations = {
    domain: { reflect: true },
    datasetId: { attribute: 'dataset', reflect: true },
    source: { reflect: true },
    label: {},
  };

  domain?: string;
  datasetId?: string;
  source?: string;
  label?: string;

  /** Where the focus goes after a chip is removed (its index), applied once the list re-rendered. */
  #focusAfter?: number;
  /** The last count shown, kept while the next one is on its way (no "loading" flash, no re-announce). */
  #shownTotal?: number;

  readonly #sourceCtl = new SourceController(
    this,
    () => ({ domain: this.domain, datasetId: this.datasetId, sourceId: this.source }),
    (source, detail) => this.#onSourceChange(source, detail),
  );

  readonly #count = new DataTask<number>(this, {
    task: async (signal) => {
      const source = this.#sourceCtl.source!;
      // metadata (field labels) and count in parallel: one round trip
      void source.loadMetadata(signal).then(
        () => this.requestUpdate(),
        () => undefined,
      );
      const answer = await source.client.records(source.datasetId, source.toQuery({ limit: 0 }), signal);
      const total = answer.total_count;
      if (typeof total !== 'number' || !Number.isFinite(total) || total < 0)
        throw new Error('The portal did not say how many records match (no total_count).');
      return total;
    },
    onDone: (total) => {
      this.#shownTotal = total;
    },
    onShown: (total) => fire(this, 'ode-load', { total }),
    onError: (error) => fire(this, 'ode-error', { error }),
  });

  override connectedCallback(): void {
    super.connectedCallback();
    // moved in the page: count again
    if (this.hasUpdated && this.#sourceCtl.source) void this.#count.run();
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('domain') || changed.has('datasetId') || changed.has('source')) this.#sourceCtl.resolve();
  }

  #onSourceChange(source: DatasetSource | undefined, detail?: QueryChangeDetail): void {
    if (!source) {
      this.#count.cancel();
      return;
    }
    // a sort changes no count
    if (detail && detail.changed.every((k) => k === 'orderBy')) return;
    void this.#count.run();
  }

  get #locale(): string {
    return closestLang(this);
  }

  /** The field's label from the dataset's metadata, else its name. */
  #fieldLabel(name: string): string {
    const f = this.#sourceCtl.source?.metadata?.fields?.find((x) => x.name === name);
    return f?.label || name;
  }

  #day(iso: string | undefined): string {
    if (!iso) return '';
    const d = new Date(`${iso}T00:00:00Z`);
    if (Number.isNaN(d.getTime())) return iso;
    return new Intl.DateTimeFormat(this.#locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
  }

  /** A clause in words: "Région : Bretagne", "Date : du 1 janv. 2020 au 31 janv. 2020". */
  describe(c: Clause, t: SummaryStrings, core: Strings): string {
    const named = (label: string, value: string) => `${label}${core.colon} ${value}`;
    switch (c.kind) {
      case 'q':
        return named(t.search, t.quoted(c.value));
      case 'refine':
        return named(this.#fieldLabel(c.field), c.value);
      case 'exclude':
        return named(this.#fieldLabel(c.field), t.not(c.value));
      case 'range': {
        const { from, to } = c.range;
        const words =
          from && to
            ? t.between(this.#day(from), this.#day(to))
            : from
              ? t.from(this.#day(from))
              : t.to(this.#day(to));
        return named(this.#fieldLabel(c.range.field), words);
      }
      case 'viewport':
        return t.viewport;
      case 'extra':
        return named(t.viewFilter, c.expression);
      case 'where':
        return named(t.fixed, c.expression);
    }
  }

  #remove(c: Clause, index: number): void {
    const source = this.#sourceCtl.source;
    if (!source) return;
    this.#focusAfter = index;
    source.update(withoutClause(source.query, c));
  }

  #clearAll(): void {
    const source = this.#sourceCtl.source;
    if (!source) return;
    this.#focusAfter = 0;
    source.update(withoutAll());
  }

  protected override updated(): void {
    const index = this.#focusAfter;
    if (index === undefined) return;
    this.#focusAfter = undefined;
    // the removed chip's button is gone: focus the chip now at its place, else the one before, else the
    // list's label, so a keyboard user is not thrown back to the top of the page
    const buttons = [...this.renderRoot.querySelectorAll<HTMLButtonElement>('button[part~="remove"]')];
    const target = buttons[Math.min(index, buttons.length - 1)] ?? this.renderRoot.querySelector('.box');
    (target as HTMLElement | null)?.focus();
  }

  #countText(t: SummaryStrings): string {
    const total = this.#shownTotal;
    if (total === undefined) return this.#count.status === 'loading' ? t.counting : '';
    if (total === 0) return t.noMatch;
    if (total === 1) return t.oneMatch;
    return t.matches(new Intl.NumberFormat(this.#locale).format(total));
  }

  protected override render(): TemplateResult {
    const lang = uiLang(this.#locale);
    const core = strings(lang);
    const t = summaryStrings(lang);
    const ctl = this.#sourceCtl;
    if (ctl.problem) return sourceProblemView(this, ctl, core);
    const query = ctl.source?.query;
    const clauses = query ? clausesOf(query) : [];
    const canClear = clauses.some(removable);
    const error = this.#count.error;
    return html`<div class="box" role="group" aria-label=${this.label || t.label} tabindex="-1">
      <p part="count" class="count" aria-live="polite" aria-atomic="true">${this.#countText(t)}</p>
      ${error ? errorView(error, core, this.#locale, () => void this.#count.retry()) : nothing}
      ${
        clauses.length
          ? html`<ul part="list" class="list">
              ${clauses.map((c, i) => this.#renderChip(c, i, t, core))}
            </ul>`
          : html`<p part="empty" class="empty">${t.none}</p>`
      }
      ${
        canClear
          ? html`<button part="clear" class="clear" type="button" @click=${() => this.#clearAll()}>
              ${t.clearAll}
            </button>`
          : nothing
      }
    </div>`;
  }

  #renderChip(c: Clause, index: number, t: SummaryStrings, core: Strings): TemplateResult {
    const words = this.describe(c, t, core);
    if (!removable(c))
      return html`<li part="chip" class="chip fixed">
        <span class="text">${words}</span><span class="visually-hidden"> (${t.fixedHint})</span>
      </li>`;
    return html`<li part="chip" class="chip">
      <span class="text">${words}</span>
      <button
        part="remove"
        class="remove"
        type="button"
        aria-label=${t.remove(words)}
        title=${t.remove(words)}
        @click=${() => this.#remove(c, index)}
      >
        <span aria-hidden="true">×</span>
      </button>
    </li>`;
  }
}
