import {
  LitElement,
  html,
  nothing,
  render,
  type PropertyValues,
  type TemplateResult,
  type PropertyDeclarations,
} from 'lit';
import { SourceController } from '../core/source-controller.js';
import { timeoutMs } from '../api/client.js';
import type { DatasetSource } from '../core/source.js';
import type { Dataset, DatasetField } from '../api/types.js';
import { errorView, sourceProblemView, warnOnce } from '../core/error-view.js';
import type { RecordsAnswer } from '../api/client.js';
import { field as odsqlField, orderBy as odsqlOrderBy } from '../api/odsql.js';
import { closestLang, uiLang } from '../core/lang.js';
import { strings, type Strings } from '../core/strings.js';
import {
  formatCell,
  formatCount,
  isNumeric,
  prepareFormats,
  CELL_TEXT_MAX,
  type FormatOptions,
} from '../core/format.js';
import { numberFormat } from '../core/number-format.js';
import { tableStyles } from './ode-table.styles.js';
import { attributionView } from '../core/attribution-view.js';
import { fire } from '../core/events.js';
import { DataTask } from '../core/data-task.js';
import { afterPaint } from '../core/after-paint.js';

/** The Explore API serves records up to offset + limit = 10,000. */
export const RECORDS_CEILING = 10_000;
/** Rows per request. */
export const PAGE_SIZE = 100;
const OVERSCAN = 8;

/** A body cell (`part="cell"`), cloned for every cell built. */
const cell = (className = '') => {
  const td = document.createElement('td');
  td.setAttribute('part', 'cell');
  td.className = className;
  return td;
};
let protoCell: HTMLTableCellElement | undefined;
const row = () => {
  const tr = document.createElement('tr');
  tr.setAttribute('part', 'row');
  return tr;
};
let protoRow: HTMLTableRowElement | undefined;
let protoNumCell: HTMLTableCellElement | undefined;

type Row = Record<string, unknown>;

/**
 * @summary A table of a dataset's records: columns from the metadata, values formatted for the page
 * language, server-side sort, a virtualised body that reaches any of the first 10,000 rows with one
 * request, row details, export links past the API ceiling, and the dataset's attribution.
 *
 * @attr domain - Portal host or origin (standalone use); defaults to `<meta name="ode-domain">`.
 * @attr dataset - Dataset identifier (standalone use; property `datasetId`).
 * @attr timeout - Longest wait for each answer of the portal, in seconds (standalone use; default 20).
 * @attr source - Id of an `<ode-dataset>` on the page to follow (instead of nesting in it).
 * @attr apikey - API key (standalone use). A key in a public page is public.
 * @attr fields - Comma-separated field names to show, in order (default: every non-geographic field).
 * @attr attribution - `full` (default), `compact`, or `external` when an `<ode-attribution>` for the
 *   same dataset is on the page (without one, the notice stays and a warning is logged).
 * @attr row-height - Row height in px used by the virtual scroller (default 36).
 *
 * @fires ode-load - The first rows of a query are shown (once per query); `detail.total` is the
 *   number of matching records.
 * @fires ode-error - A request failed; `detail.error` is the ApiError (or Error).
 *
 * @csspart table - The `<table>`.
 * @csspart header-cell - Each column header.
 * @csspart sort-button - The sort button in a sortable header.
 * @csspart row - Each body row.
 * @csspart cell - Each body cell.
 * @csspart count - The number of matching records.
 * @csspart status - Loading and empty messages.
 * @csspart error - The error box.
 * @csspart retry - The Retry button.
 * @csspart ceiling - The notice past 10,000 rows, with export links.
 * @csspart detail - The row-detail dialog.
 * @csspart attribution - The attribution notice.
 *
 * @cssprop --ode-table-height - Height of the scrolling body (default 24rem).
 * @cssprop --ode-table-header-bg - Header background.
 * @cssprop --ode-table-stripe - Background of every other row.
 * @cssprop --ode-color-text - Text colour.
 * @cssprop --ode-color-muted - Secondary text.
 * @cssprop --ode-color-border - Borders.
 * @cssprop --ode-color-link - Links.
 * @cssprop --ode-color-focus - Focus ring.
 * @cssprop --ode-color-danger - Errors.
 */
export class OdeTable extends LitElement {
  static override styles = tableStyles;
  /** Reactive properties (declared here rather than with decorators: smaller once built). */
  static override properties: PropertyDeclarations = {
    domain: { reflect: true },
    datasetId: { attribute: 'dataset', reflect: true },
    timeout: { type: Number },
    source: { reflect: true },
    apikey: {},
    fields: {},
    attribution: {},
    rowHeight: { type: Number, attribute: 'row-height' },
    metadata: { state: true },
    total: { state: true },
    viewportRows: { state: true },
    detail: { state: true },
    active: { state: true },
    stale: { state: true },
    firstRowsPainted: { state: true },
    colWidths: { state: true },
  };

  domain?: string;
  datasetId?: string;
  /** Longest wait for each answer, in seconds (standalone use; default 20). */
  timeout?: number;
  source?: string;
  apikey?: string;
  fields?: string;
  attribution: 'full' | 'compact' | 'external' = 'full';
  rowHeight = 36;

  private metadata?: Dataset;
  private total?: number;
  /** First row in view: not a reactive property, scrolling re-renders rows only (#syncRows). */
  #firstRow = 0;
  private viewportRows = 12;
  private detail?: { index: number; row?: Row; error?: Error };
  private active = 0;
  /** Rows shown belong to the previous query; the new ones are on their way. */
  private stale = false;
  private firstRowsPainted = false;

  get #scroller(): HTMLElement | undefined {
    return (this.renderRoot as ParentNode | undefined)?.querySelector<HTMLElement>('.scroller') ?? undefined;
  }
  get #dialog(): HTMLDialogElement | undefined {
    return (this.renderRoot as ParentNode | undefined)?.querySelector('dialog') ?? undefined;
  }

  readonly #pages = new Map<number, Row[]>();
  /** Pages after the first one on their way (the first one is the task's run). */
  readonly #pending = new Map<number, Promise<unknown>>();
  #scrollTimer?: ReturnType<typeof setTimeout>;
  #resizeObserver?: ResizeObserver;
  #locale = 'en';

  readonly #sourceCtl = new SourceController(
    this,
    () => ({
      domain: this.domain,
      datasetId: this.datasetId,
      sourceId: this.source,
      apikey: this.apikey,
      timeout: timeoutMs(this.timeout),
    }),
    (source, detail) => {
      if (!detail) this.#reset(source, true);
      else this.#reset(source, false);
    },
  );

  override connectedCallback(): void {
    performance.mark('ode:table:connected');
    this.#locale = closestLang(this);
    // the rows request leaves before the shadow root and its styles are set up
    this.#sourceCtl.resolve();
    super.connectedCallback();
    prepareFormats(this.#locale);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resizeObserver?.disconnect();
    clearTimeout(this.#scrollTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('domain') || changed.has('datasetId') || changed.has('source') || changed.has('apikey')) {
      // also before the first render: attributes set right after connecting arrive here
      this.#sourceCtl.resolve();
    }
    if (changed.has('fields') && this.hasUpdated) this.#reset(this.#sourceCtl.source, false);
  }

  protected override updated(): void {
    this.#syncRows();
    // once rows are shown, the column widths are frozen (fixed table layout): rows scrolling into
    // view neither move the header (layout shift) nor make the browser re-measure every cell
    const cols = this.#columns;
    if (this.colWidths?.cols !== cols && !this.#freezing && this.#pages.size && this.metadata) {
      this.#freezing = true;
      // measured after the rows are painted, and after the first-rows callback (a task later)
      afterPaint(() =>
        setTimeout(() => {
          this.#freezing = false;
          const ths = [...this.renderRoot.querySelectorAll<HTMLElement>('thead th')];
          const widths = ths.map((th) => th.getBoundingClientRect().width);
          if (widths.length === cols.length && cols === this.#columns && widths.every((w) => w > 0))
            this.colWidths = { cols, widths };
        }),
      );
    }
    // the scroller is replaced between the loading and loaded states: watch whichever is there
    const scroller = this.#scroller ?? undefined;
    if (scroller !== this.#observed) {
      // the observer reports the height after layout: no forced layout on the way to first paint
      this.#resizeObserver ??= new ResizeObserver((entries) =>
        this.#measure(entries[entries.length - 1]?.contentRect.height ?? 0),
      );
      if (this.#observed) this.#resizeObserver.unobserve(this.#observed);
      if (scroller) this.#resizeObserver.observe(scroller);
      this.#observed = scroller;
    }
  }
  #observed?: HTMLElement;
  private colWidths?: { cols: DatasetField[]; widths: number[] };
  #freezing = false;

  // --- data ----------------------------------------------------------------------------------

  get #ds(): DatasetSource | undefined {
    return this.#sourceCtl.source;
  }

  /** Fields chosen with `fields=`, validated; undefined = all. */
  get #chosenFields(): string[] | undefined {
    const list = (this.fields ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    return list.length ? list : undefined;
  }

  /** The columns: metadata fields in `fields=` order, or every non-geographic field. */
  get #columns(): DatasetField[] {
    const memo = this.#columnsMemo;
    if (memo && memo.metadata === this.metadata && memo.fields === this.fields) return memo.cols;
    const all = this.metadata?.fields ?? [];
    const chosen = this.#chosenFields;
    const cols = chosen
      ? chosen.map((n) => all.find((f) => f.name === n)).filter((f): f is DatasetField => !!f)
      : all.filter((f) => f.type !== 'geo_point_2d' && f.type !== 'geo_shape');
    this.#columnsMemo = { metadata: this.metadata, fields: this.fields, cols };
    return cols;
  }
  #columnsMemo?: { metadata?: Dataset; fields?: string; cols: DatasetField[] };

  #select(): string | undefined {
    const chosen = this.#chosenFields;
    if (!chosen) return undefined;
    return chosen.map((n) => odsqlField(n)).join(', ');
  }

  /**
   * The first page of the current query, with the metadata on a new source: the rows request leaves
   * first, nothing on the way to the first row waits for the metadata.
   */
  readonly #task = new DataTask<{ answer: RecordsAnswer; metadata: Dataset }>(this, {
    task: async (signal) => {
      const source = this.#ds!;
      const rows = source.client.records(
        source.datasetId,
        source.toQuery({ select: this.#select(), limit: PAGE_SIZE, offset: 0 }),
        signal,
      );
      const known = this.metadata ?? source.metadata;
      if (known) this.metadata = known;
      // the metadata usually comes first: the headers are built, laid out and painted while the
      // rows are on their way, not after them
      const metadata =
        known ??
        source.loadMetadata(signal).then((m) => {
          if (!signal.aborted) this.metadata = m;
          return m;
        });
      const [answer] = await Promise.all([rows, metadata]);
      return { answer, metadata: await metadata };
    },
    onDone: ({ answer, metadata }) => {
      this.metadata = metadata;
      this.#checkFields(metadata);
      this.#pages.clear();
      this.stale = false;
      this.#pages.set(0, answer.results);
      this.total = answer.total_count ?? answer.results.length;
    },
    onShown: () => {
      if (!this.firstRowsPainted)
        afterPaint(() => {
          performance.mark('ode:table:first-rows');
          // the notice comes once the rows are painted: its rendering and first date format
          // (ICU warm-up) are not on the way to the first row, and its slot is reserved; so does
          // the ceiling's line under the rows (its words, numbers and export links)
          this.firstRowsPainted = true;
        });
      fire(this, 'ode-load', { total: this.total });
    },
    onError: (error) => fire(this, 'ode-error', { error }),
  });

  /** New source or new query: forget rows, go back to the top, ask for the first page (and the metadata, in parallel). */
  #reset(source: DatasetSource | undefined, newSource: boolean): void {
    this.#pending.clear();
    this.detail = undefined;
    if (newSource || !source) {
      this.#pages.clear();
      this.total = undefined;
      this.stale = false;
    } else {
      // a new query on the same dataset: the old rows stay (marked busy) until the new ones arrive,
      // so the table neither blinks nor shifts the page
      this.stale = true;
    }
    if (this.#scroller) this.#scroller.scrollTop = 0;
    this.#firstRow = 0;
    this.active = 0;
    if (newSource) {
      this.colWidths = undefined;
      this.metadata = undefined;
    }
    if (!source) this.#task.cancel();
    else void this.#task.run();
  }

  #checkFields(m: Dataset): void {
    const unknown = (this.#chosenFields ?? []).filter((n) => !m.fields.some((f) => f.name === n));
    if (unknown.length) warnOnce(this, `unknown field(s) in "fields": ${unknown.join(', ')}`);
  }

  /** A page after the first one, as a side request of the current query. */
  #fetchPage(page: number): void {
    const source = this.#ds;
    if (!source || page === 0 || this.#task.status !== 'done') return;
    if (this.#pages.has(page) || this.#pending.has(page)) return;
    const offset = page * PAGE_SIZE;
    if (this.total !== undefined && offset >= Math.min(this.total, RECORDS_CEILING)) return;
    const request = this.#task.request((signal) =>
      source.client.records(
        source.datasetId,
        source.toQuery({ select: this.#select(), limit: PAGE_SIZE, offset }),
        signal,
      ),
    );
    this.#pending.set(page, request);
    request.then(
      (answer) => {
        if (this.#pending.get(page) !== request) return;
        this.#pending.delete(page);
        if (!answer) return;
        this.#pages.set(page, answer.results);
        this.total = answer.total_count ?? answer.results.length;
        this.requestUpdate();
      },
      (e: unknown) => {
        if (this.#pending.get(page) !== request) return;
        this.#pending.delete(page);
        this.#task.fail(e as Error);
      },
    );
  }

  /** Fetch again after an error. */
  retry(): void {
    this.#reset(this.#ds, !this.metadata);
  }

  get #reachable(): number {
    return Math.min(this.total ?? 0, RECORDS_CEILING);
  }

  #row(index: number): Row | undefined {
    return this.#pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  // --- scrolling -----------------------------------------------------------------------------

  #measure(h: number): void {
    if (h > 0) this.viewportRows = Math.ceil(h / this.rowHeight) + 1;
  }

  #onScroll(): void {
    const top = this.#scroller?.scrollTop ?? 0;
    this.#firstRow = Math.min(
      Math.max(0, Math.floor(top / this.rowHeight)),
      Math.max(0, this.#reachable - 1),
    );
    // only the rows change: no template re-render of the whole element while scrolling
    const [from, to] = this.#range();
    if (from !== this.#synced[0] || to !== this.#synced[1]) this.#syncRows();
    // pages are asked for once scrolling settles, so a jump costs one request, not one per page passed
    clearTimeout(this.#scrollTimer);
    this.#scrollTimer = setTimeout(() => this.#loadVisible(), 60);
  }

  #loadVisible(): void {
    const [from, to] = this.#range();
    for (let p = Math.floor(from / PAGE_SIZE); p <= Math.floor(Math.max(from, to - 1) / PAGE_SIZE); p++)
      this.#fetchPage(p);
  }

  /** Rows to render: the visible ones plus a small overscan. */
  #range(): [number, number] {
    // no overscan until the first rows are painted: fewer rows to build and lay out on the way
    const over = this.firstRowsPainted ? OVERSCAN : 0;
    const from = Math.max(0, this.#firstRow - over);
    const to = Math.min(this.#reachable, this.#firstRow + this.viewportRows + over);
    return [from, to];
  }

  /** Scroll so that row `index` (0-based) is visible. */
  scrollToRow(index: number): void {
    if (!this.#scroller) return;
    const i = Math.max(0, Math.min(index, this.#reachable - 1));
    this.#scroller.scrollTop = i * this.rowHeight;
    this.#onScroll();
  }

  // --- sorting -------------------------------------------------------------------------------

  #sortState(f: DatasetField): 'ascending' | 'descending' | 'none' {
    const ob = (this.#ds?.query.orderBy ?? '').trim();
    const m = /^`?([A-Za-z0-9_]+)`?(?:\s+(asc|desc))?$/i.exec(ob);
    if (!m || m[1] !== f.name) return 'none';
    return m[2]?.toLowerCase() === 'desc' ? 'descending' : 'ascending';
  }

  #sortable(f: DatasetField): boolean {
    const a = f.annotations ?? {};
    if (f.type === 'int' || f.type === 'double' || f.type === 'date' || f.type === 'datetime') return true;
    return f.type === 'text' && ('sortable' in a ? a.sortable !== false : false);
  }

  #toggleSort(f: DatasetField): void {
    const current = this.#sortState(f);
    const next =
      current === 'ascending'
        ? odsqlOrderBy(f.name, 'desc')
        : current === 'descending'
          ? undefined
          : odsqlOrderBy(f.name, 'asc');
    this.#ds?.update({ orderBy: next });
  }

  // --- keyboard and details ------------------------------------------------------------------

  #onBodyKey(e: KeyboardEvent): void {
    const last = this.#reachable - 1;
    let next = this.active;
    if (e.key === 'ArrowDown') next++;
    else if (e.key === 'ArrowUp') next--;
    else if (e.key === 'PageDown') next += this.viewportRows - 1;
    else if (e.key === 'PageUp') next -= this.viewportRows - 1;
    else if (e.key === 'Home' && e.ctrlKey) next = 0;
    else if (e.key === 'End' && e.ctrlKey) next = last;
    else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.#openDetail(this.active);
      return;
    } else return;
    e.preventDefault();
    this.#focusRow(Math.max(0, Math.min(last, next)));
  }

  async #focusRow(index: number): Promise<void> {
    this.active = index;
    const top = this.#scroller?.scrollTop ?? 0;
    const h = this.#scroller?.clientHeight ?? 0;
    const header = this.rowHeight;
    const y = index * this.rowHeight;
    if (this.#scroller && (y < top || y + this.rowHeight > top + h - header)) {
      this.#scroller.scrollTop = y < top ? y : y - h + header + this.rowHeight;
      this.#onScroll();
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`tr[data-index="${index}"]`)?.focus();
  }

  async #openDetail(index: number): Promise<void> {
    const source = this.#ds;
    if (!source) return;
    this.active = index;
    const row = this.#row(index);
    this.detail = { index, row: this.#chosenFields ? undefined : row };
    await this.updateComplete;
    this.#dialog?.showModal();
    if (this.#chosenFields) {
      // the table shows a few fields; the detail shows them all: one record at that offset
      try {
        const answer = await source.client.records(
          source.datasetId,
          source.toQuery({ limit: 1, offset: index }),
        );
        if (this.detail?.index === index) this.detail = { index, row: answer.results[0] };
      } catch (e) {
        if (this.detail?.index === index) this.detail = { index, error: e as Error };
      }
    }
  }

  #closeDetail(): void {
    this.#dialog?.close();
  }

  #onDialogClose(): void {
    const index = this.detail?.index;
    this.detail = undefined;
    if (index !== undefined) void this.#focusRow(index);
  }

  // --- rendering -----------------------------------------------------------------------------

  get #t(): Strings {
    return strings(uiLang(this.#locale));
  }

  protected override render(): TemplateResult {
    const t = this.#t;
    if (this.#sourceCtl.problem) return sourceProblemView(this, this.#sourceCtl, t);
    const error = this.#task.error;
    if (error) return this.#renderError(error, t);
    const ready = !!this.metadata && this.total !== undefined;
    const slot = this.attribution === 'external' ? 'attribution-slot external' : 'attribution-slot';
    return html`
      <div class="toolbar">
        <p part="count" class="count" role="status" aria-live="polite">
          ${ready ? (this.total === 1 ? t.oneRecord : t.records(formatCount(this.total!, this.#locale))) : ''}
        </p>
      </div>
      ${ready && this.total === 0 ? this.#renderEmpty() : this.#renderTable(t, ready)}
      ${ready && this.firstRowsPainted && this.total! > RECORDS_CEILING ? this.#ceiling(t) : nothing}
      ${this.#renderDetail(t)}
      <div class=${slot}>${this.firstRowsPainted ? this.#renderAttribution() : nothing}</div>
    `;
  }

  #renderError(e: Error, t: Strings): TemplateResult {
    // the notice only with the metadata in hand: without it, its own request would fail the same way
    // and repeat this error under it
    return html`${errorView(e, t, this.#locale, () => this.retry())}
      <div class="attribution-slot">${this.metadata ? this.#renderAttribution() : nothing}</div>`;
  }

  #renderEmpty(): TemplateResult {
    const t = this.#t;
    const filters = this.#ds?.describeFilters() ?? [];
    return html`<div class="empty" part="status" role="status">
      <p>${filters.length ? t.noMatch : t.noRecords}</p>
      ${
        filters.length
          ? html`<p>${t.activeFilters} ${filters.map((f, i) => html`${i ? ', ' : ''}<code>${f}</code>`)}</p>`
          : nothing
      }
    </div>`;
  }

  /**
   * The table, also while its first rows load: the same template then holds the loading message and,
   * once the metadata is in, the headers. The rows' arrival only fills the body and the count: the
   * template, the header cells and their fonts are built and laid out during the wait.
   */
  #renderTable(t: Strings, ready: boolean): TemplateResult {
    const cols = this.metadata ? this.#columns : [];
    const title = this.metadata?.metas?.default?.title || this.metadata?.dataset_id || '';
    const widths = this.colWidths?.cols === cols ? this.colWidths.widths : undefined;
    return html`<div
      class=${ready ? 'scroller' : 'scroller loading'}
      aria-busy=${ready ? nothing : 'true'}
      @scroll=${this.#onScroll}
      style=${`--_row-h:${this.rowHeight}px`}
    >
      ${ready ? nothing : html`<p part="status" class="status" role="status">${t.loadingRows}</p>`}
      <table
        part="table"
        ?hidden=${!cols.length}
        class=${(this.stale ? 'stale' : '') + (widths ? ' fixed' : '')}
        aria-busy=${this.stale || !ready ? 'true' : 'false'}
        aria-rowcount=${ready ? this.#reachable + 1 : nothing}
        aria-label=${t.tableOf(String(title))}
      >
        <thead>
          <tr aria-rowindex="1">
            ${this.#headers(cols, t)}
          </tr>
        </thead>
        <tbody @keydown=${this.#onBodyKey} @click=${this.#onBodyClick} @focusin=${this.#onBodyFocus}>
          <tr class="spacer" aria-hidden="true"></tr>
          <tr class="spacer" aria-hidden="true"></tr>
        </tbody>
      </table>
    </div>`;
  }

  /**
   * Puts the rows of the current range between the two spacer rows, by hand rather than through a
   * Lit template: rows that stay in view are not touched, rows entering are built (their cells come
   * from the cache when they were shown before), rows leaving are removed.
   */
  #syncRows(): void {
    const tbody = this.renderRoot.querySelector('tbody');
    if (tbody !== this.#tbody) {
      this.#rowEls.clear();
      this.#tbody = tbody ?? undefined;
    }
    if (!tbody) return;
    const [from, to] = this.#range();
    this.#synced = [from, to];
    const cols = this.#columns;
    const o = { locale: this.#locale, lang: uiLang(this.#locale), maxText: CELL_TEXT_MAX };
    for (const [i, tr] of this.#rowEls)
      if (i < from || i >= to) {
        tr.remove();
        this.#rowEls.delete(i);
      }
    const after = tbody.lastElementChild as HTMLElement;
    (tbody.firstElementChild as HTMLElement).style.height = `${from * this.rowHeight}px`;
    after.style.height = `${Math.max(0, (this.#reachable - to) * this.rowHeight)}px`;
    let next: Element = after;
    for (let i = to - 1; i >= from; i--) {
      let tr = this.#rowEls.get(i);
      if (!tr) {
        tr = (protoRow ??= row()).cloneNode() as HTMLTableRowElement;
        tr.setAttribute('data-index', String(i));
        tr.setAttribute('aria-rowindex', String(i + 2));
        this.#rowEls.set(i, tr);
      }
      const r = this.#row(i);
      const content = r ? this.#cells(r, cols, o) : cols;
      if (this.#rowContent.get(tr) !== content) {
        this.#rowContent.set(tr, content);
        if (r) tr.replaceChildren(...(content as Node[]));
        else {
          const td = document.createElement('td');
          td.setAttribute('part', 'cell');
          td.colSpan = cols.length;
          td.textContent = this.#t.loadingRow;
          tr.replaceChildren(td);
        }
        tr.className = (i % 2 ? 'odd' : '') + (r ? '' : ' placeholder');
        tr.setAttribute('aria-busy', String(!r));
      }
      const tabIndex = i === this.active ? 0 : -1;
      if (tr.tabIndex !== tabIndex) tr.tabIndex = tabIndex;
      if (tr.nextElementSibling !== next) tbody.insertBefore(tr, next);
      next = tr;
    }
  }
  #tbody?: HTMLTableSectionElement;
  #synced: [number, number] = [-1, -1];
  readonly #rowEls = new Map<number, HTMLTableRowElement>();
  readonly #rowContent = new WeakMap<HTMLTableRowElement, unknown>();

  /**
   * A row's cells, built once per row and column set as DOM nodes: a row scrolling back into view
   * re-uses them, with no template instantiation and no Intl call. Values are set as text, or
   * rendered by Lit when they are links or images.
   */
  #cells(r: Row, cols: DatasetField[], o: FormatOptions): Node[] {
    const hit = this.#cellCache.get(r);
    if (hit && hit.cols === cols) return hit.cells;
    const proto = (protoCell ??= cell());
    const protoNum = (protoNumCell ??= cell('num'));
    const cells = cols.map((f) => {
      // a shallow clone of a ready cell: one native call instead of create + attributes
      const td = (isNumeric(f) ? protoNum : proto).cloneNode() as HTMLTableCellElement;
      const v = formatCell(r[f.name], f, o);
      if (typeof v === 'string') td.textContent = v;
      else if (v !== nothing) render(v, td);
      return td;
    });
    this.#cellCache.set(r, { cols, cells });
    return cells;
  }
  #cellCache = new WeakMap<Row, { cols: DatasetField[]; cells: Node[] }>();

  #onBodyClick(e: Event): void {
    const i = this.#rowIndexOf(e);
    if (i !== undefined && this.#row(i)) void this.#openDetail(i);
  }

  #onBodyFocus(e: Event): void {
    const i = this.#rowIndexOf(e);
    if (i !== undefined) this.active = i;
  }

  #rowIndexOf(e: Event): number | undefined {
    const tr = (e.target as Element).closest?.('tr[data-index]');
    return tr ? Number(tr.getAttribute('data-index')) : undefined;
  }

  /**
   * The header cells, brought up to date only when the columns, the sort, the language or the frozen
   * widths change.
   */
  #headers(cols: DatasetField[], t: Strings): HTMLTableCellElement[] {
    const widths = this.colWidths?.cols === cols ? this.colWidths.widths : undefined;
    const key = [cols, this.#ds?.query.orderBy, t, widths] as const;
    const memo = this.#headerMemo;
    if (memo && memo.key.every((k, i) => k === key[i])) return memo.cells;
    const cells = cols.map((f, i) => this.#headerCell(f, t, widths?.[i]));
    this.#headerMemo = { key, cells };
    return cells;
  }
  #headerMemo?: { key: readonly unknown[]; cells: HTMLTableCellElement[] };

  /**
   * A column's header, built once per field as DOM nodes (as the body cells are, rather than a Lit
   * template each: when the metadata and the rows come together, the headers are built in the same
   * task as the first rows) and then updated in place, so a sort button keeps its focus across sorts.
   */
  #headerCell(f: DatasetField, t: Strings, width: number | undefined): HTMLTableCellElement {
    const label = f.label || f.name;
    let header = this.#headerEls.get(f);
    if (!header) {
      const th = document.createElement('th');
      th.setAttribute('part', 'header-cell');
      th.scope = 'col';
      if (isNumeric(f)) th.className = 'num';
      if (this.#sortable(f)) {
        const button = document.createElement('button');
        button.setAttribute('part', 'sort-button');
        button.type = 'button';
        button.addEventListener('click', () => this.#toggleSort(f));
        const arrow = document.createElement('span');
        arrow.className = 'arrow';
        arrow.setAttribute('aria-hidden', 'true');
        button.append(label, arrow);
        th.append(button);
        header = { th, sort: { button, arrow } };
      } else {
        th.append(label);
        header = { th };
      }
      this.#headerEls.set(f, header);
    }
    const { th, sort } = header;
    if (sort) {
      const state = this.#sortState(f);
      th.setAttribute('aria-sort', state);
      sort.arrow.textContent = state === 'ascending' ? '▲' : state === 'descending' ? '▼' : '↕';
      sort.button.title = t.sortBy(label);
    }
    th.style.width = width ? `${width}px` : '';
    return th;
  }
  readonly #headerEls = new WeakMap<
    DatasetField,
    { th: HTMLTableCellElement; sort?: { button: HTMLButtonElement; arrow: HTMLElement } }
  >();

  /** The notice past the ceiling, rebuilt only when the query, the total or the language change. */
  #ceiling(t: Strings): TemplateResult {
    const source = this.#ds!;
    const key = [source, source.query, this.fields, this.total, t, this.metadata] as const;
    const memo = this.#ceilingMemo;
    if (memo && memo.key.every((k, i) => k === key[i])) return memo.tpl;
    const tpl = this.#renderCeiling(t);
    this.#ceilingMemo = { key, tpl };
    return tpl;
  }
  #ceilingMemo?: { key: readonly unknown[]; tpl: TemplateResult };

  #renderCeiling(t: Strings): TemplateResult {
    const source = this.#ds!;
    const nf = numberFormat(this.#locale);
    const q = source.toQuery({ select: this.#select() });
    const geo = this.metadata?.fields.some((f) => f.type === 'geo_point_2d' || f.type === 'geo_shape');
    const formats: ('csv' | 'json' | 'geojson')[] = geo ? ['csv', 'json', 'geojson'] : ['csv', 'json'];
    return html`<p part="ceiling" class="ceiling">
      ${t.ceiling(nf.format(RECORDS_CEILING), nf.format(this.total!))}
      ${formats.map(
        (f, i) =>
          html`${i ? ' · ' : ''}<a
              href=${source.client.exportUrl(source.datasetId, f, q)}
              download
              aria-label=${t.exportAs(f.toUpperCase())}
              >${f.toUpperCase()}</a
            >`,
      )}
    </p>`;
  }

  #renderDetail(t: Strings): TemplateResult {
    const d = this.detail;
    const o = {
      locale: this.#locale,
      lang: uiLang(this.#locale),
      timeZone: undefined,
      maxText: 5000,
    };
    const fields = this.metadata?.fields ?? [];
    return html`<dialog part="detail" aria-labelledby="detail-title" @close=${this.#onDialogClose}>
      <h2 id="detail-title">${t.rowDetail}</h2>
      ${
        d?.error
          ? html`<p role="alert">${d.error.message}</p>`
          : d?.row
            ? html`<dl>
                ${fields
                  .filter((f) => d.row && f.name in d.row)
                  .map(
                    (f) =>
                      html`<div class="pair">
                        <dt>${f.label || f.name}</dt>
                        <dd>${formatCell(d.row![f.name], f, o) || '—'}</dd>
                      </div>`,
                  )}
              </dl>`
            : d
              ? html`<p role="status">${t.loadingRow}</p>`
              : nothing
      }
      <form method="dialog"><button type="submit" @click=${this.#closeDetail}>${t.close}</button></form>
    </dialog>`;
  }

  #renderAttribution(): TemplateResult | typeof nothing {
    return attributionView('ode-table', this.#ds, this.attribution, this.metadata);
  }
}
