import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import type { DatasetSource } from '../core/source.js';
import { OdeDataView } from '../core/data-view.js';
import { warnOnce } from '../core/error-view.js';
import { attributionView, type AttributionMode } from '../core/attribution-view.js';
import { uiLang } from '../core/lang.js';
import type { Strings } from '../core/strings.js';
import { formatCount, formatText, type FormatOptions } from '../core/format.js';
import type { OdeLoadDetail } from '../core/events.js';
import { filterProblem, orderProblem } from '../core/odsql-check.js';
import { field as odsqlField } from '../api/odsql.js';
import type { Dataset, DatasetField } from '../api/types.js';
import {
  compileTemplate,
  fillTemplate,
  rawText,
  type CompiledTemplate,
  type Placeholder,
} from './template.js';
import { recordsStrings, type RecordsStrings } from './strings.js';
import { recordsStyles } from './ode-records.styles.js';

/** The Explore API serves records up to offset + limit = 10,000. */
const RECORDS_CEILING = 10_000;
/** Fields a card without a template shows when `fields` is not set. */
const DEFAULT_CARD_FIELDS = 6;

type Row = Record<string, unknown>;

interface RecordsPage {
  results: Row[];
  total: number;
  /** 0-based page these records are. */
  page: number;
  metadata: Dataset;
}

/**
 * @summary The dataset's records, one card each, from the page author's own `<template>`: `{{field}}`
 * placeholders are filled as text only (never parsed as HTML), URL attributes keep only `http(s)` and
 * relative links, and the cards are the page's own markup (light DOM), styled by its CSS. Paged,
 * sorted by the portal, following the filters of its `<ode-dataset>`, with the dataset's attribution.
 *
 * @attr fields - Comma-separated fields asked from the portal (default: those the template names; without
 *   a template, the first six of the dataset, shown as label–value pairs).
 * @attr limit - Cards per page, 1 to 100 (default 10).
 * @attr order-by - Sort, e.g. `code` or `population desc, nom` (default: the dataset's shared sort).
 * @attr where - ODSQL filter of these cards, AND-ed with the dataset's shared query.
 * @attr layout - `list` (default: one card per row) or `grid` (as many columns as fit).
 * @attr label - Accessible name of the list (default "Records of <dataset title>").
 * @attr attribution - `full` (default), `compact`, or `external` when an `<ode-attribution>` for the
 *   same dataset is on the page.
 *
 * @fires ode-load - A page of cards is shown; `detail.total` is the number of matching records and
 *   `detail.page` the page shown (from 1).
 * @fires ode-error - A request failed; `detail.error` says why.
 *
 * @slot - A `<template>` for one card: `{{field}}`, `{{field.sub}}` (`{{geo.lat}}`, a key of a JSON
 *   value), `{{field|raw}}` (unformatted) in text and attribute values. `on*`, `style` and `srcdoc`
 *   attributes and `<script>`, `<style>` elements are refused (removed, with a console message).
 *
 * @csspart list - The box laid out as a list or a grid, holding the cards.
 * @csspart status - The loading and empty messages.
 * @csspart pagination - The paging controls (`<nav>`).
 * @csspart previous - The "Previous" button.
 * @csspart next - The "Next" button.
 * @csspart page - The "Page 2 of 120" text.
 * @csspart error - The error box.
 * @csspart retry - The Retry button.
 * @csspart attribution - The attribution notice.
 *
 * @cssprop --ode-records-gap - Space between cards (default 0.75rem).
 * @cssprop --ode-records-card-min - Narrowest card of the grid layout (default 14rem).
 * @cssprop --ode-records-card-border - Card border (default 1px solid the border colour).
 * @cssprop --ode-records-card-padding - Card padding (default 0.75rem).
 * @cssprop --ode-records-card-bg - Card background.
 * @cssprop --ode-color-border - Borders.
 * @cssprop --ode-color-muted - Status and page text.
 * @cssprop --ode-color-focus - Focus ring.
 */
export class OdeRecords extends OdeDataView<RecordsPage> {
  static override styles = recordsStyles;
  static override properties: PropertyDeclarations = {
    fields: {},
    limit: { type: Number },
    orderBy: { attribute: 'order-by' },
    where: {},
    layout: { reflect: true },
    label: {},
    attribution: {},
    page: { state: true },
  };

  fields?: string;
  limit: number | null = 10;
  orderBy?: string;
  where?: string;
  layout: 'list' | 'grid' | null = 'list';
  label?: string;
  attribution: AttributionMode = 'full';
  /** The page shown, from 0. */
  private page = 0;

  #template?: CompiledTemplate;
  #templateEl?: HTMLTemplateElement | null;
  #observer?: MutationObserver;
  #queryKey = '';
  /** The cards in the light DOM, and the answer they show. */
  #cards: Element[] = [];
  #shown?: RecordsPage;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#readTemplate();
    // a template added or replaced later (a page building the element by script)
    this.#observer ??= new MutationObserver((records) => {
      const touched = records.some((r) =>
        [...r.addedNodes, ...r.removedNodes].some((n) => n instanceof HTMLTemplateElement),
      );
      if (touched) {
        this.#readTemplate();
        this.requestUpdate();
      }
    });
    this.#observer.observe(this, { childList: true });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#observer?.disconnect();
  }

  #readTemplate(): void {
    const el = [...this.children].find((c): c is HTMLTemplateElement => c instanceof HTMLTemplateElement);
    if (el === this.#templateEl) return;
    this.#templateEl = el ?? null;
    this.#template = el ? compileTemplate(el) : undefined;
    for (const what of this.#template?.refused ?? [])
      console.warn(
        `<ode-records>: the template's ${what} is refused (removed): it could run code or restyle the page.`,
      );
  }

  /** Show another page (from 0); out-of-range pages are clamped. */
  goToPage(page: number): void {
    const last = this.#lastPage();
    this.page = Math.max(0, Math.min(Math.floor(page), last ?? Number.MAX_SAFE_INTEGER));
  }

  #lastPage(): number | undefined {
    const total = this.task.value?.total;
    if (total === undefined) return undefined;
    return Math.max(0, Math.ceil(Math.min(total, RECORDS_CEILING) / this.#limit) - 1);
  }

  get #limit(): number {
    return Math.min(100, Math.max(1, Math.floor(this.limit ?? 10) || 10));
  }

  /** @internal */
  protected override checkAttributes(): string | undefined {
    const t = this.t;
    const limit = this.limit ?? 10;
    if (!Number.isInteger(Number(limit)) || limit < 1 || limit > 100)
      return t.badAttr('limit', `expected a whole number from 1 to 100, not "${this.limit}"`);
    if (this.layout && this.layout !== 'list' && this.layout !== 'grid')
      return t.badAttr('layout', `expected list or grid, not "${this.layout}"`);
    if (this.orderBy?.trim()) {
      const p = orderProblem(this.orderBy);
      if (p) return t.badAttr('order-by', `"${this.orderBy}": ${p}`);
    }
    if (this.where) {
      const p = filterProblem(this.where);
      if (p) return t.badAttr('where', `"${this.where}": ${p}`);
    }
    try {
      this.#select();
    } catch (e) {
      return t.badAttr('fields', (e as Error).message);
    }
    return undefined;
  }

  /** The fields asked from the portal; undefined: all of them. */
  #fieldNames(): string[] | undefined {
    const listed = (this.fields ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (listed.length) return listed;
    return this.#template?.fields.length ? this.#template.fields : undefined;
  }

  #select(): string | undefined {
    return this.#fieldNames()
      ?.map((n) => odsqlField(n))
      .join(', ');
  }

  /** @internal */
  protected override requestKey(source: DatasetSource): unknown {
    const queryKey = JSON.stringify([source.query, this.#select(), this.orderBy, this.where, this.#limit]);
    // a new query starts again from the first page
    if (queryKey !== this.#queryKey) {
      if (this.#queryKey) this.page = 0;
      this.#queryKey = queryKey;
    }
    return [queryKey, this.page];
  }

  /** @internal */
  protected override async fetchData(source: DatasetSource, signal: AbortSignal): Promise<RecordsPage> {
    const page = this.page;
    const limit = this.#limit;
    const orderBy = this.orderBy?.trim() || undefined;
    // the records and the metadata (types, for formatting; labels) leave together
    const [answer, metadata] = await Promise.all([
      source.client.records<Row>(
        source.datasetId,
        source.toQuery({
          select: this.#select(),
          limit,
          offset: page * limit,
          ...(orderBy ? { orderBy } : {}),
          where: this.where?.trim() ? [this.where.trim()] : [],
        }),
        signal,
      ),
      source.loadMetadata(signal),
    ]);
    const results = Array.isArray(answer?.results)
      ? answer.results.filter((r) => r && typeof r === 'object')
      : [];
    return { results, total: answer.total_count ?? results.length, page, metadata };
  }

  /** @internal */
  protected override loadDetail(answer: RecordsPage): OdeLoadDetail {
    return { total: answer.total, page: answer.page + 1 };
  }

  protected override updated(): void {
    const answer = this.task.value;
    // the cards come before the ode-load event
    if (answer !== this.#shown) {
      this.#shown = answer;
      this.#renderCards(answer);
    }
    super.updated();
  }

  /** The cards, in the light DOM (so the page's CSS applies), slotted into the list. */
  #renderCards(answer: RecordsPage | undefined): void {
    for (const c of this.#cards) c.remove();
    this.#cards = [];
    if (!answer) return;
    const fields = new Map(answer.metadata.fields?.map((f) => [f.name, f]) ?? []);
    const o: FormatOptions = { locale: this.locale, lang: uiLang(this.locale) };
    const text = (p: Placeholder, v: unknown) =>
      p.raw ? rawText(v) : formatText(v, p.path.length ? undefined : fields.get(p.field), o);
    const refused = (what: string) =>
      warnOnce(this, `a card's ${what} was left out: only http:, https: and relative URLs are kept.`);
    const template = this.#template;
    const defaultFields = template ? [] : this.#defaultFields(answer.metadata);
    this.#cards = answer.results.map((row) => {
      const card = document.createElement('div');
      card.className = 'ode-card';
      card.slot = 'records';
      card.setAttribute('role', 'listitem');
      if (template) card.append(fillTemplate(template, row, text, refused));
      else card.append(this.#defaultCard(row, defaultFields, o));
      return card;
    });
    this.append(...this.#cards);
  }

  #defaultFields(metadata: Dataset): DatasetField[] {
    const all = metadata.fields ?? [];
    const listed = this.#fieldNames();
    if (listed)
      return listed.map((n) => all.find((f) => f.name === n) ?? ({ name: n, label: n } as DatasetField));
    return all
      .filter((f) => f.type !== 'geo_shape' && f.type !== 'geo_point_2d')
      .slice(0, DEFAULT_CARD_FIELDS);
  }

  /** A card without a template: the fields as label–value pairs. */
  #defaultCard(row: Row, fields: DatasetField[], o: FormatOptions): Node {
    const dl = document.createElement('dl');
    dl.className = 'ode-fields';
    for (const f of fields) {
      const div = document.createElement('div');
      const dt = document.createElement('dt');
      const dd = document.createElement('dd');
      dt.textContent = f.label || f.name;
      dd.textContent =
        formatText(Object.hasOwn(row, f.name) ? row[f.name] : undefined, f, { ...o, maxText: 300 }) || '—';
      div.append(dt, dd);
      dl.append(div);
    }
    return dl;
  }

  protected override render(): TemplateResult {
    const t = { ...this.t, ...recordsStrings(uiLang(this.locale)) };
    const problem = this.renderProblem(t);
    if (problem) return problem;
    const task = this.task;
    const answer = task.value;
    const source = this.sourceCtl.source;
    const title = answer?.metadata.metas?.default?.title || source?.datasetId || '';
    const stale = task.status === 'loading' && !!answer;
    return html`${this.renderError(t) ?? nothing}
      ${!answer && task.status !== 'error' ? html`<p part="status" class="status" role="status">${t.loadingRows}</p>` : nothing}
      <div
        part="list"
        class="list ${this.layout === 'grid' ? 'grid' : ''} ${stale ? 'stale' : ''}"
        role="list"
        aria-label=${this.label ?? t.listOf(String(title))}
      >
        <slot name="records"></slot>
      </div>
      ${answer?.total === 0 ? this.#renderEmpty(t, source) : nothing}
      ${answer ? this.#renderPaging(answer, t) : nothing}
      ${attributionView('ode-records', source, this.attribution, answer?.metadata)}`;
  }

  #renderEmpty(t: Strings, source: DatasetSource | undefined): TemplateResult {
    const filters = source?.describeFilters() ?? [];
    const filtered = filters.length > 0 || !!this.where;
    return html`<p part="status" class="status" role="status">${filtered ? t.noMatch : t.noRecords}</p>`;
  }

  #renderPaging(answer: RecordsPage, t: Strings & RecordsStrings): TemplateResult | typeof nothing {
    const last = this.#lastPage() ?? 0;
    if (last === 0) return nothing;
    const page = answer.page;
    const pageText = t.pageOf(formatCount(page + 1, this.locale), formatCount(last + 1, this.locale));
    return html`<nav part="pagination" aria-label=${t.pages}>
      <button
        part="previous"
        type="button"
        ?disabled=${page === 0}
        @click=${(e: Event) => this.#turn(page - 1, e)}
      >
        <span aria-hidden="true">←</span> ${t.previous}
      </button>
      <p part="page" aria-live="polite">${pageText}</p>
      <button
        part="next"
        type="button"
        ?disabled=${page >= last}
        @click=${(e: Event) => this.#turn(page + 1, e)}
      >
        ${t.next} <span aria-hidden="true">→</span>
      </button>
    </nav>`;
  }

  async #turn(page: number, e: Event): Promise<void> {
    const button = e.currentTarget as HTMLButtonElement;
    this.goToPage(page);
    await this.updateComplete;
    await this.running;
    await this.updateComplete;
    // the button pressed may now be disabled (first or last page): keep the focus in the controls
    if (button.disabled) {
      const other = this.renderRoot.querySelector<HTMLButtonElement>(
        button.part.contains('next') ? '[part="previous"]' : '[part="next"]',
      );
      other?.focus();
    }
  }
}
