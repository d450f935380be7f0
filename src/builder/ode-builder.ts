import { LitElement, html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { live } from 'lit/directives/live.js';
import { clientFor, fetchDataset, isAbort } from '../api/client.js';
import { effectiveDomain } from '../api/domain.js';
import { ApiError } from '../api/errors.js';
import type { Dataset, DatasetField } from '../api/types.js';
import {
  AGGREGATES,
  BUILDER_CHART_TYPES,
  BUILDER_TIME_BUCKETS,
  MAP_MODES,
  attributesOf,
  catalogWhere,
  checkDomain,
  checkLimit,
  dateFieldsOf,
  defaultOptions,
  fieldsFor,
  iframeCode,
  fixedIframeCode,
  checkScriptUrl,
  checkHeight,
  embedBaseFor,
  frameHeight,
  snippetWith,
  cdnBase,
  isDateType,
  tagOf,
  viewProblem,
  viewsFor,
  type BuilderState,
  type View,
} from './model.js';
import { builderStyles } from './ode-builder.styles.js';
import { VERSION } from './version.js';

/** Results shown per catalog search. */
const RESULTS = 20;
/** Wait after the last key stroke before searching, in ms. */
const DEBOUNCE = 300;

interface CatalogAnswer {
  total_count?: number;
  results: Dataset[];
}

type Search =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'done'; total: number; results: Dataset[] }
  | { state: 'error'; message: string };

const CHART_TYPE_LABELS: Record<string, string> = {
  column: 'Columns',
  bar: 'Bars (horizontal)',
  line: 'Line',
  area: 'Area',
  pie: 'Pie',
  doughnut: 'Doughnut',
};
const AGGREGATE_LABELS: Record<string, string> = {
  count: 'Number of records',
  sum: 'Sum of',
  avg: 'Average of',
  min: 'Minimum of',
  max: 'Maximum of',
};
const MODE_LABELS: Record<string, string> = {
  auto: 'Automatic (clusters for large datasets)',
  points: 'Points',
  clusters: 'Clusters counted by the portal',
  heatmap: 'Heat map',
  shapes: 'Shapes',
};
const VIEW_LABELS: Record<View, string> = {
  table: 'Table',
  chart: 'Chart',
  map: 'Map',
  kpi: 'Key figure',
  records: 'Record cards',
};

const titleOf = (d: Dataset) => {
  const t = d.metas?.default?.title;
  return typeof t === 'string' && t.trim() ? t : d.dataset_id;
};
const fieldLabel = (f: DatasetField) => (f.label && f.label !== f.name ? `${f.label} (${f.name})` : f.name);

/** A message for a failed request, saying what the editor can do. */
function describeError(e: unknown, origin: string): string {
  if (e instanceof ApiError) {
    if (e.status === 0)
      return `The portal at ${origin} could not be reached. Check the domain, or try again later.`;
    if (e.status === 404)
      return `${origin} answered, but not as an Opendatasoft portal (HTTP 404). Check the domain.`;
    return `The portal answered with an error: ${e.message} (HTTP ${e.status}${e.errorCode ? `, ${e.errorCode}` : ''}).`;
  }
  return `Something went wrong: ${(e as Error)?.message ?? String(e)}`;
}

/** Where the builder remembers the "Script URL" field (the page's local storage). */
const SCRIPT_URL_KEY = 'ode-builder:script-url';

/** A value of the page's local storage, or undefined where storage is not allowed. */
function readStored(key: string): string | undefined {
  try {
    return localStorage.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}

function writeStored(key: string, value: string): void {
  try {
    if (value) localStorage.setItem(key, value);
    else localStorage.removeItem(key);
  } catch {
    // storage refused (private mode, a sandboxed frame): the field still works for this visit
  }
}

/**
 * @summary A no-code builder for CMS editors: pick a portal and a dataset (catalog search), choose a
 * table, chart, map, key figure or record cards and its options from the dataset's fields (with an
 * optional date filter), see the real element live, and copy either an HTML snippet (the CDN script and
 * the element) or an iframe code (the embed page and its resize listener). Not part of the package: it runs on the docs page `docs/builder.html`.
 *
 * @attr domain - Portal to start with (host or origin); defaults to the page's `<meta name="ode-domain">`.
 * @attr embed-base - URL of the folder holding `embed.html`, written into the iframe code (default: the
 *   site root next to the docs, `../` from the page). jsDelivr serves HTML as text, so the embed page
 *   must come from a web host.
 * @attr cdn-base - URL of the folder holding `ode.js`, written into the snippet (default: jsDelivr, this
 *   version). The editor's own "Script URL" field, remembered in the page's local storage, overrides it.
 *
 * @fires ode-builder-change - The snippet changed; `detail.state` is the builder state.
 *
 * @csspart preview - The box holding the live element.
 *
 * @cssprop --ode-color-text - Text colour.
 * @cssprop --ode-color-muted - Help text.
 * @cssprop --ode-color-border - Borders.
 * @cssprop --ode-color-focus - Focus ring.
 * @cssprop --ode-color-danger - Error messages.
 * @cssprop --ode-color-surface - Background.
 */
export class OdeBuilder extends LitElement {
  static override styles = builderStyles;
  static override properties: PropertyDeclarations = {
    domain: {},
    embedBase: { attribute: 'embed-base' },
    cdnBase: { attribute: 'cdn-base' },
    domainInput: { state: true },
    domainError: { state: true },
    origin: { state: true },
    query: { state: true },
    search: { state: true },
    picked: { state: true },
    metaError: { state: true },
    metaLoading: { state: true },
    state: { state: true },
    limitInput: { state: true },
    limitError: { state: true },
    copied: { state: true },
    moved: { state: true },
    scriptInput: { state: true },
    scriptError: { state: true },
    heightInput: { state: true },
    heightError: { state: true },
  };

  domain?: string;
  embedBase?: string;
  cdnBase?: string;

  private domainInput = '';
  private domainError = '';
  /** The origin searched (set once the domain is valid). */
  private origin = '';
  private query = '';
  private search: Search = { state: 'idle' };
  private picked?: Dataset;
  private metaError = '';
  private metaLoading = false;
  private state?: BuilderState;
  private limitInput = '';
  private limitError = '';
  private copied = '';
  /** The last column move, announced. */
  private moved = '';
  /** The "Script URL" field as typed ('' = the default), remembered in the page's local storage. */
  private scriptInput = '';
  private scriptError = '';
  /** The script-free iframe's height as typed ('' = the view's default). */
  private heightInput = '';
  private heightError = '';

  #timer?: ReturnType<typeof setTimeout>;
  #metaObserver?: MutationObserver;
  #domainTyped = false;
  #searchAbort?: AbortController;
  #metaAbort?: AbortController;
  #preview?: HTMLElement;
  #previewKey = '';
  #copiedTimer?: ReturnType<typeof setTimeout>;

  override connectedCallback(): void {
    super.connectedCallback();
    this.scriptInput = readStored(SCRIPT_URL_KEY) ?? '';
    if (!this.domainInput) this.#followPage();
    // the page's portal (e.g. the docs header's Portal field) is followed until the editor types one
    const meta = this.ownerDocument.querySelector('meta[name="ode-domain"]');
    if (meta && !this.domain) {
      this.#metaObserver = new MutationObserver(() => !this.#domainTyped && this.#followPage());
      this.#metaObserver.observe(meta, { attributes: true, attributeFilter: ['content'] });
    }
  }

  #followPage(): void {
    const page = effectiveDomain(this.domain, this.ownerDocument) ?? '';
    // an unreplaced template placeholder (`%ODE_PORTAL%`) is no portal
    this.domainInput = page.startsWith('%') ? '' : page;
    if (this.domainInput) this.#applyDomain();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#metaObserver?.disconnect();
    clearTimeout(this.#timer);
    clearTimeout(this.#copiedTimer);
    this.#searchAbort?.abort();
    this.#metaAbort?.abort();
  }

  /** The current state (undefined until a dataset is picked). */
  get builderState(): BuilderState | undefined {
    return this.state;
  }

  /** The HTML snippet for the current state. */
  get snippet(): string {
    return this.state ? snippetWith(this.state, this.scriptUrl) : '';
  }

  /** The script every snippet loads: the "Script URL" field when valid, else `cdn-base`, else jsDelivr. */
  get scriptUrl(): string {
    const typed = this.scriptInput.trim() ? checkScriptUrl(this.scriptInput) : undefined;
    if (typed && 'url' in typed) return typed.url;
    const base = this.cdnBase?.trim() || cdnBase(VERSION);
    return `${base.endsWith('/') ? base : `${base}/`}ode.js`;
  }

  /** The auto-resizing iframe code (the frame and its resize script) for the current state. */
  get iframeCode(): string {
    return this.state ? iframeCode(this.state, this.#embedBase()) : '';
  }

  /** The script-free iframe code (the frame alone, at the height chosen) for the current state. */
  get fixedIframeCode(): string {
    if (!this.state) return '';
    const h = this.heightInput.trim() ? checkHeight(this.heightInput) : undefined;
    return fixedIframeCode(this.state, this.#embedBase(), h && 'height' in h ? h.height : undefined);
  }

  #embedBase(): string {
    const typed = this.scriptInput.trim() ? checkScriptUrl(this.scriptInput) : undefined;
    const beside = typed && 'url' in typed ? embedBaseFor(typed.url) : undefined;
    const base = this.embedBase?.trim() || beside || new URL('../', this.ownerDocument.baseURI).href;
    return base.endsWith('/') ? base : `${base}/`;
  }

  #onScriptUrl(e: Event): void {
    this.scriptInput = (e.target as HTMLInputElement).value;
    const v = this.scriptInput.trim();
    const checked = v ? checkScriptUrl(v) : undefined;
    this.scriptError = checked && 'error' in checked ? checked.error : '';
    if (!this.scriptError) writeStored(SCRIPT_URL_KEY, v);
  }

  #onHeight(e: Event): void {
    this.heightInput = (e.target as HTMLInputElement).value;
    const v = this.heightInput.trim();
    const checked = v ? checkHeight(v) : undefined;
    this.heightError = checked && 'error' in checked ? checked.error : '';
  }

  // --- portal and search -------------------------------------------------------------------------

  #applyDomain(): void {
    const checked = checkDomain(this.domainInput);
    if ('error' in checked) {
      // nothing of the previous portal stays on screen under a domain that is not one
      this.domainError = checked.error;
      this.origin = '';
      this.#searchAbort?.abort();
      this.search = { state: 'idle' };
      this.#pick(undefined);
      return;
    }
    this.domainError = '';
    if (checked.origin === this.origin && this.search.state !== 'error') return;
    this.origin = checked.origin;
    this.#pick(undefined);
    this.#runSearch();
  }

  #onQuery(e: Event): void {
    this.query = (e.target as HTMLInputElement).value;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#runSearch(), DEBOUNCE);
  }

  #runSearch(): void {
    clearTimeout(this.#timer);
    if (!this.origin) return;
    this.#searchAbort?.abort();
    const ctl = (this.#searchAbort = new AbortController());
    const origin = this.origin;
    const p = new URLSearchParams();
    const where = catalogWhere(this.query);
    if (where) p.set('where', where);
    p.set('limit', String(RESULTS));
    this.search = { state: 'loading' };
    clientFor(origin)
      .get<CatalogAnswer>('catalog/datasets', p, ctl.signal)
      .then(
        (a) => {
          if (ctl !== this.#searchAbort) return;
          const results = Array.isArray(a?.results) ? a.results.filter((d) => d && d.dataset_id) : [];
          this.search = { state: 'done', total: a?.total_count ?? results.length, results };
        },
        (e: unknown) => {
          if (ctl !== this.#searchAbort || isAbort(e)) return;
          this.search = { state: 'error', message: describeError(e, origin) };
        },
      );
  }

  // --- dataset and options -----------------------------------------------------------------------

  #pick(d: Dataset | undefined): void {
    this.#metaAbort?.abort();
    this.picked = d;
    this.state = undefined;
    this.metaError = '';
    this.metaLoading = false;
    if (!d) return;
    const ctl = (this.#metaAbort = new AbortController());
    const origin = this.origin;
    this.metaLoading = true;
    // the fields come from the dataset's own metadata (shared with the preview element's request)
    fetchDataset(origin, d.dataset_id, ctl.signal).then(
      (meta) => {
        if (ctl !== this.#metaAbort) return;
        this.metaLoading = false;
        const fields = Array.isArray(meta.fields) ? meta.fields : [];
        const views = viewsFor(fields);
        const view = views.find((v) => !viewProblem(fields, v));
        if (!view) {
          this.metaError = 'This dataset has no field any view can show.';
          return;
        }
        this.state = {
          domain: this.domainInput.trim(),
          dataset: meta.dataset_id,
          title: titleOf(meta),
          view,
          ...defaultOptions(fields),
        };
        this.picked = meta;
        this.limitInput = this.state.chart.limit === undefined ? '' : String(this.state.chart.limit);
        this.limitError = '';
      },
      (e: unknown) => {
        if (ctl !== this.#metaAbort || isAbort(e)) return;
        this.metaLoading = false;
        this.metaError = describeError(e, origin);
      },
    );
  }

  get #fields(): DatasetField[] {
    return this.picked?.fields ?? [];
  }

  #set(patch: (s: BuilderState) => BuilderState): void {
    if (this.state) this.state = patch(this.state);
  }

  #setView(view: View): void {
    this.#set((s) => ({ ...s, view }));
  }

  #toggleColumn(name: string, on: boolean): void {
    this.#set((s) => {
      const order = this.#columnOrder();
      const chosen = new Set(s.table.fields);
      if (on) chosen.add(name);
      else chosen.delete(name);
      return { ...s, table: { fields: order.filter((n) => chosen.has(n)) } };
    });
  }

  /** Every column candidate: the chosen ones first, in their order, then the others. */
  #columnOrder(): string[] {
    const all = fieldsFor(this.#fields, 'column').map((f) => f.name);
    const chosen = this.state?.table.fields ?? [];
    return [...chosen.filter((n) => all.includes(n)), ...all.filter((n) => !chosen.includes(n))];
  }

  async #moveColumn(name: string, delta: -1 | 1): Promise<void> {
    const s = this.state;
    if (!s) return;
    const f = [...s.table.fields];
    const i = f.indexOf(name);
    const j = i + delta;
    if (i < 0 || j < 0 || j >= f.length) return;
    [f[i], f[j]] = [f[j], f[i]];
    this.state = { ...s, table: { fields: f } };
    const label = this.#fields.find((x) => x.name === name)?.label || name;
    this.moved = `${label}: column ${j + 1} of ${f.length}.`;
    // the row moved in the DOM, which drops the focus: give it back to its button (or the other
    // one, once the row reaches an end)
    await this.updateComplete;
    const li = this.renderRoot.querySelector(`li[data-field="${CSS.escape(name)}"]`);
    const same = li?.querySelector<HTMLButtonElement>(`button[data-dir="${delta < 0 ? 'up' : 'down'}"]`);
    const other = li?.querySelector<HTMLButtonElement>(`button[data-dir="${delta < 0 ? 'down' : 'up'}"]`);
    (same && !same.disabled ? same : other)?.focus();
  }

  #setX(name: string): void {
    const f = this.#fields.find((x) => x.name === name);
    this.#set((s) => {
      const date = !!f && isDateType(f.type);
      return {
        ...s,
        chart: {
          ...s.chart,
          x: name,
          timeBucket: date ? (s.chart.timeBucket ?? 'auto') : undefined,
        },
      };
    });
  }

  #setLimit(value: string): void {
    this.limitInput = value;
    const checked = checkLimit(value);
    if ('error' in checked) {
      this.limitError = checked.error;
      return;
    }
    this.limitError = '';
    this.#set((s) => ({ ...s, chart: { ...s.chart, limit: checked.limit } }));
  }

  #togglePopup(name: string, on: boolean): void {
    this.#set((s) => {
      const chosen = new Set(s.map.popupFields);
      if (on) chosen.add(name);
      else chosen.delete(name);
      const order = fieldsFor(this.#fields, 'popup').map((f) => f.name);
      return { ...s, map: { ...s.map, popupFields: order.filter((n) => chosen.has(n)) } };
    });
  }

  // --- preview and copy --------------------------------------------------------------------------

  protected override updated(): void {
    this.#syncPreview();
  }

  /** The live preview: the real element, its attributes kept equal to the snippet's. */
  #syncPreview(): void {
    const box = this.renderRoot.querySelector<HTMLElement>('[part="preview"]');
    if (!box) {
      this.#preview = undefined;
      return;
    }
    const s = this.state!;
    const tag = tagOf(s.view);
    const all = attributesOf(s);
    // with a date filter, the view is in an <ode-dataset> that names the dataset, as in the snippet
    const attrs = s.dateField ? all.slice(2) : all;
    // a new element for another view, portal, dataset or date filter, given its attributes before it is
    // connected (as the parser does with the snippet); option changes update the element in place
    const key = `${tag} ${s.domain} ${s.dataset} ${s.dateField ?? ''}`;
    if (!this.#preview || this.#previewKey !== key || !box.contains(this.#preview)) {
      this.#preview = document.createElement(tag);
      this.#previewKey = key;
      for (const [n, v] of attrs) this.#preview.setAttribute(n, v);
      if (s.dateField) {
        const dataset = document.createElement('ode-dataset');
        for (const [n, v] of all.slice(0, 2)) dataset.setAttribute(n, v);
        const range = document.createElement('ode-date-range');
        range.setAttribute('field', s.dateField);
        dataset.append(range, this.#preview);
        box.replaceChildren(dataset);
      } else box.replaceChildren(this.#preview);
    }
    const el = this.#preview;
    const names = new Set(attrs.map(([n]) => n));
    for (const n of el.getAttributeNames()) if (!names.has(n)) el.removeAttribute(n);
    for (const [n, v] of attrs) if (el.getAttribute(n) !== v) el.setAttribute(n, v);
    const code = this.snippet;
    if (code !== this.#lastSnippet) {
      this.#lastSnippet = code;
      this.dispatchEvent(new CustomEvent('ode-builder-change', { detail: { state: s }, bubbles: true }));
    }
  }
  #lastSnippet = '';

  async #copy(which: 'snippet' | 'iframe' | 'frame-fixed'): Promise<void> {
    const text =
      which === 'snippet' ? this.snippet : which === 'iframe' ? this.iframeCode : this.fixedIframeCode;
    const area = this.renderRoot.querySelector<HTMLTextAreaElement>(`#code-${which}`);
    let message: string;
    try {
      await navigator.clipboard.writeText(text);
      message = which === 'snippet' ? 'HTML snippet copied.' : 'Iframe code copied.';
    } catch {
      // no clipboard access (permissions, insecure page): select the text for Ctrl+C
      area?.focus();
      area?.select();
      message = 'Copying is not allowed here: the code is selected, press Ctrl+C (⌘C) to copy it.';
    }
    // a change of text is announced, even when the same button is pressed twice
    this.copied = '';
    await this.updateComplete;
    this.copied = message;
    clearTimeout(this.#copiedTimer);
    this.#copiedTimer = setTimeout(() => (this.copied = ''), 8000);
  }

  // --- rendering ---------------------------------------------------------------------------------

  protected override render(): TemplateResult {
    return html`
      <form class="builder" @submit=${(e: Event) => e.preventDefault()}>
        <div class="steps">
          ${this.#renderPortal()} ${this.#renderSearch()} ${this.picked ? this.#renderView() : nothing}
          ${this.state ? this.#renderOptions(this.state) : nothing}
        </div>
        <div class="result">${this.state ? this.#renderResult(this.state) : this.#renderPlaceholder()}</div>
      </form>
    `;
  }

  #renderPortal(): TemplateResult {
    return html`<section class="step" aria-labelledby="h-portal">
      <h2 id="h-portal"><span class="n" aria-hidden="true">1</span> Portal</h2>
      <label for="domain">Portal domain</label>
      <div class="row">
        <input
          id="domain"
          name="domain"
          type="text"
          inputmode="url"
          autocomplete="url"
          spellcheck="false"
          placeholder="data.example.org"
          aria-describedby="domain-help ${this.domainError ? 'domain-error' : ''}"
          aria-invalid=${this.domainError ? 'true' : 'false'}
          .value=${live(this.domainInput)}
          @input=${(e: Event) => {
            this.#domainTyped = true;
            this.domainInput = (e.target as HTMLInputElement).value;
          }}
          @change=${() => this.#applyDomain()}
          @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && this.#applyDomain()}
        />
        <button type="button" @click=${() => this.#applyDomain()}>Use this portal</button>
      </div>
      <p id="domain-help" class="help">
        A host such as <code>data.example.org</code> or an address such as
        <code>https://data.example.org</code>.
      </p>
      ${this.domainError ? html`<p id="domain-error" class="error" role="alert">${this.domainError}</p>` : nothing}
    </section>`;
  }

  #renderSearch(): TemplateResult {
    const s = this.search;
    const disabled = !this.origin;
    let status: TemplateResult | string = '';
    if (disabled) status = 'Enter a portal domain to search its catalog.';
    else if (s.state === 'loading') status = 'Searching the catalog…';
    else if (s.state === 'done' && s.results.length === 0)
      status = this.query.trim()
        ? `No dataset matches "${this.query.trim()}". Try other words.`
        : 'This portal has no public dataset.';
    else if (s.state === 'done')
      status = `${s.total.toLocaleString('en')} dataset${s.total === 1 ? '' : 's'}${s.total > s.results.length ? `, the first ${s.results.length} shown` : ''}.`;
    return html`<section class="step" aria-labelledby="h-dataset">
      <h2 id="h-dataset"><span class="n" aria-hidden="true">2</span> Dataset</h2>
      <label for="search">Search the catalog</label>
      <input
        id="search"
        name="search"
        type="search"
        autocomplete="off"
        aria-describedby="search-status"
        ?disabled=${disabled}
        .value=${live(this.query)}
        @input=${this.#onQuery}
        @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && this.#runSearch()}
      />
      <p id="search-status" class="help" role="status" aria-busy=${s.state === 'loading' ? 'true' : 'false'}>
        ${status}
      </p>
      ${
        s.state === 'error'
          ? html`<div class="error" role="alert">
              <p>${s.message}</p>
              <button type="button" @click=${() => this.#runSearch()}>Try again</button>
            </div>`
          : nothing
      }
      ${
        s.state === 'done' && s.results.length
          ? html`<fieldset class="results">
              <legend>Datasets</legend>
              ${s.results.map((d) => {
                const n = d.metas?.default?.records_count;
                return html`<label class="choice">
                  <input
                    type="radio"
                    name="dataset"
                    .value=${d.dataset_id}
                    .checked=${live(this.picked?.dataset_id === d.dataset_id)}
                    @change=${() => this.#pick(d)}
                  />
                  <span
                    ><span class="title">${titleOf(d)}</span>
                    <span class="meta"
                      >${d.dataset_id}${typeof n === 'number' ? ` · ${n.toLocaleString('en')} records` : ''}</span
                    ></span
                  >
                </label>`;
              })}
            </fieldset>`
          : nothing
      }
      ${this.metaLoading ? html`<p class="help" role="status">Loading the dataset's fields…</p>` : nothing}
      ${this.metaError ? html`<p class="error" role="alert">${this.metaError}</p>` : nothing}
    </section>`;
  }

  #renderView(): TemplateResult {
    const fields = this.#fields;
    const views = viewsFor(fields);
    const current = this.state?.view;
    return html`<section class="step" aria-labelledby="h-view">
      <h2 id="h-view"><span class="n" aria-hidden="true">3</span> View</h2>
      <fieldset class="views" ?disabled=${!this.state}>
        <legend>Show the data as</legend>
        ${views.map(
          (v) =>
            html`<label class="choice inline"
              ><input
                type="radio"
                name="view"
                .value=${v}
                ?disabled=${!!viewProblem(fields, v)}
                .checked=${live(current === v)}
                @change=${() => this.#setView(v)}
              />
              ${VIEW_LABELS[v]}</label
            >`,
        )}
      </fieldset>
      ${
        views.includes('map')
          ? nothing
          : html`<p class="help">
              No map: this dataset has no geographic field (geo_point_2d or geo_shape).
            </p>`
      }
    </section>`;
  }

  #renderOptions(s: BuilderState): TemplateResult {
    return html`<section class="step" aria-labelledby="h-options">
      <h2 id="h-options"><span class="n" aria-hidden="true">4</span> ${VIEW_LABELS[s.view]} options</h2>
      ${
        s.view === 'table'
          ? this.#renderTableOptions(s)
          : s.view === 'chart'
            ? this.#renderChartOptions(s)
            : s.view === 'kpi'
              ? this.#renderKpiOptions(s)
              : s.view === 'records'
                ? this.#renderRecordsOptions(s)
                : this.#renderMapOptions(s)
      }
      ${this.#renderDateFilter(s)}
    </section>`;
  }

  #renderKpiOptions(s: BuilderState): TemplateResult {
    const k = s.kpi;
    const ys = fieldsFor(this.#fields, 'y');
    return html`<div class="grid">
      <label for="kpi-agg">Figure</label>
      <select
        id="kpi-agg"
        @change=${(e: Event) => {
          const aggregate = (e.target as HTMLSelectElement).value as typeof k.aggregate;
          this.#set((st) => ({
            ...st,
            kpi: {
              ...st.kpi,
              aggregate,
              field: aggregate === 'count' ? undefined : (st.kpi.field ?? ys[0]?.name),
            },
          }));
        }}
      >
        <option value="count" ?selected=${k.aggregate === 'count'}>${AGGREGATE_LABELS.count}</option>
        ${ys.length ? AGGREGATES.map((a) => html`<option value=${a} ?selected=${a === k.aggregate}>${AGGREGATE_LABELS[a]} a number</option>`) : nothing}
      </select>
      ${
        k.aggregate !== 'count' && ys.length
          ? html`<label for="kpi-field">Number field</label>
              <select
                id="kpi-field"
                @change=${(e: Event) =>
                  this.#set((st) => ({
                    ...st,
                    kpi: { ...st.kpi, field: (e.target as HTMLSelectElement).value },
                  }))}
              >
                ${ys.map((f) => html`<option value=${f.name} ?selected=${f.name === k.field}>${fieldLabel(f)}</option>`)}
              </select>`
          : nothing
      }
      <label for="kpi-label">Label</label>
      <input
        id="kpi-label"
        type="text"
        maxlength="120"
        placeholder=${k.aggregate === 'count' ? 'Number of records' : ''}
        .value=${live(k.label)}
        @input=${(e: Event) =>
          this.#set((st) => ({ ...st, kpi: { ...st.kpi, label: (e.target as HTMLInputElement).value } }))}
      />
    </div>`;
  }

  #renderRecordsOptions(s: BuilderState): TemplateResult {
    const r = s.records;
    const columns = fieldsFor(this.#fields, 'column');
    return html`<fieldset>
        <legend>Fields on each card</legend>
        ${columns.map(
          (f) =>
            html`<label class="choice"
              ><input
                type="checkbox"
                .checked=${live(r.fields.includes(f.name))}
                @change=${(e: Event) => {
                  const on = (e.target as HTMLInputElement).checked;
                  this.#set((st) => {
                    const chosen = new Set(st.records.fields);
                    if (on) chosen.add(f.name);
                    else chosen.delete(f.name);
                    const fields = columns.map((c) => c.name).filter((n) => chosen.has(n));
                    return { ...st, records: { ...st.records, fields } };
                  });
                }}
              />
              ${fieldLabel(f)}</label
            >`,
        )}
      </fieldset>
      <fieldset class="views">
        <legend>Layout</legend>
        ${(['grid', 'list'] as const).map(
          (layout) =>
            html`<label class="choice inline"
              ><input
                type="radio"
                name="records-layout"
                .checked=${live(r.layout === layout)}
                @change=${() => this.#set((st) => ({ ...st, records: { ...st.records, layout } }))}
              />
              ${layout === 'grid' ? 'Grid' : 'List'}</label
            >`,
        )}
      </fieldset>
      <p class="help">
        Each card lists these fields. To write your own card, put a <code>&lt;template&gt;</code> with
        <code>{{field}}</code> placeholders inside the element (see the record cards guide).
      </p>`;
  }

  #renderDateFilter(s: BuilderState): TemplateResult | typeof nothing {
    const dates = dateFieldsOf(this.#fields);
    if (!dates.length) return nothing;
    return html`<div class="grid">
        <label for="date-filter">Date filter above the ${VIEW_LABELS[s.view].toLowerCase()}</label>
        <select
          id="date-filter"
          aria-describedby="date-filter-help"
          @change=${(e: Event) =>
            this.#set((st) => ({ ...st, dateField: (e.target as HTMLSelectElement).value || undefined }))}
        >
          <option value="" ?selected=${!s.dateField}>None</option>
          ${dates.map((f) => html`<option value=${f.name} ?selected=${f.name === s.dateField}>${fieldLabel(f)}</option>`)}
        </select>
      </div>
      <p id="date-filter-help" class="help">
        From/To date inputs that filter the view (in the HTML snippet; the iframe shows the view alone).
      </p>`;
  }

  #renderTableOptions(s: BuilderState): TemplateResult {
    const byName = new Map(this.#fields.map((f) => [f.name, f]));
    const order = this.#columnOrder();
    const chosen = s.table.fields;
    return html`<fieldset>
        <legend>Columns, in order</legend>
        <ol class="columns">
          ${repeat(
            order,
            (n) => n,
            (n) => {
              const f = byName.get(n)!;
              const i = chosen.indexOf(n);
              return html`<li data-field=${n}>
                <label class="choice"
                  ><input
                    type="checkbox"
                    .checked=${live(i >= 0)}
                    @change=${(e: Event) => this.#toggleColumn(n, (e.target as HTMLInputElement).checked)}
                  />
                  ${fieldLabel(f)}</label
                >
                ${
                  i >= 0
                    ? html`<span class="move">
                        <button
                          type="button"
                          data-dir="up"
                          aria-label="Move ${f.label || n} up"
                          ?disabled=${i === 0}
                          @click=${() => this.#moveColumn(n, -1)}
                        >
                          ↑
                        </button>
                        <button
                          type="button"
                          data-dir="down"
                          aria-label="Move ${f.label || n} down"
                          ?disabled=${i === chosen.length - 1}
                          @click=${() => this.#moveColumn(n, 1)}
                        >
                          ↓
                        </button>
                      </span>`
                    : nothing
                }
              </li>`;
            },
          )}
        </ol>
      </fieldset>
      <p class="help" role="status">${this.moved}</p>
      ${
        chosen.length
          ? nothing
          : html`<p class="help" role="status">No column chosen: the table shows every field.</p>`
      }`;
  }

  #renderChartOptions(s: BuilderState): TemplateResult {
    const c = s.chart;
    const xs = fieldsFor(this.#fields, 'x');
    const ys = fieldsFor(this.#fields, 'y');
    const xField = xs.find((f) => f.name === c.x);
    const date = !!xField && isDateType(xField.type);
    return html`<div class="grid">
      <label for="chart-type">Chart type</label>
      <select
        id="chart-type"
        @change=${(e: Event) =>
          this.#set((st) => ({
            ...st,
            chart: { ...st.chart, type: (e.target as HTMLSelectElement).value as typeof c.type },
          }))}
      >
        ${BUILDER_CHART_TYPES.map((t) => html`<option value=${t} ?selected=${t === c.type}>${CHART_TYPE_LABELS[t]}</option>`)}
      </select>

      <label for="chart-x">Group by (x axis)</label>
      <select id="chart-x" @change=${(e: Event) => this.#setX((e.target as HTMLSelectElement).value)}>
        ${xs.map((f) => html`<option value=${f.name} ?selected=${f.name === c.x}>${fieldLabel(f)}</option>`)}
      </select>

      ${
        date
          ? html`<label for="chart-bucket">Time step</label>
              <select
                id="chart-bucket"
                @change=${(e: Event) =>
                  this.#set((st) => ({
                    ...st,
                    chart: {
                      ...st.chart,
                      timeBucket: (e.target as HTMLSelectElement).value as typeof c.timeBucket,
                    },
                  }))}
              >
                ${BUILDER_TIME_BUCKETS.map(
                  (b) =>
                    html`<option value=${b} ?selected=${b === c.timeBucket}>
                      ${b === 'auto' ? 'Automatic (from the dates’ span)' : b[0].toUpperCase() + b.slice(1)}
                    </option>`,
                )}
              </select>`
          : nothing
      }

      <label for="chart-agg">Value (y axis)</label>
      <select
        id="chart-agg"
        aria-describedby=${ys.length ? nothing : 'no-numeric'}
        @change=${(e: Event) => {
          const aggregate = (e.target as HTMLSelectElement).value as typeof c.aggregate;
          this.#set((st) => ({
            ...st,
            chart: {
              ...st.chart,
              aggregate,
              yField: aggregate === 'count' ? undefined : (st.chart.yField ?? ys[0]?.name),
            },
          }));
        }}
      >
        <option value="count" ?selected=${c.aggregate === 'count'}>${AGGREGATE_LABELS.count}</option>
        ${
          ys.length
            ? AGGREGATES.map(
                (a) =>
                  html`<option value=${a} ?selected=${a === c.aggregate}>
                    ${AGGREGATE_LABELS[a]} a number
                  </option>`,
              )
            : nothing
        }
      </select>
      ${
        ys.length
          ? c.aggregate !== 'count'
            ? html`<label for="chart-y">Number field</label>
                <select
                  id="chart-y"
                  @change=${(e: Event) =>
                    this.#set((st) => ({
                      ...st,
                      chart: { ...st.chart, yField: (e.target as HTMLSelectElement).value },
                    }))}
                >
                  ${ys.map((f) => html`<option value=${f.name} ?selected=${f.name === c.yField}>${fieldLabel(f)}</option>`)}
                </select>`
            : nothing
          : html`<p id="no-numeric" class="help wide">
              This dataset has no numeric field: the chart counts records.
            </p>`
      }

      <label for="chart-limit">Most categories shown</label>
      <input
        id="chart-limit"
        type="text"
        inputmode="numeric"
        placeholder="all"
        aria-describedby="limit-help ${this.limitError ? 'limit-error' : ''}"
        aria-invalid=${this.limitError ? 'true' : 'false'}
        .value=${live(this.limitInput)}
        @input=${(e: Event) => this.#setLimit((e.target as HTMLInputElement).value)}
      />
      <p id="limit-help" class="help wide">Empty for all; for a text field, the largest values are kept.</p>
      ${this.limitError ? html`<p id="limit-error" class="error wide" role="alert">${this.limitError}</p>` : nothing}
    </div>`;
  }

  #renderMapOptions(s: BuilderState): TemplateResult {
    const m = s.map;
    const geo = fieldsFor(this.#fields, 'geo');
    const geoField =
      geo.find((f) => f.name === m.geoField) ?? geo.find((f) => f.type === 'geo_point_2d') ?? geo[0];
    const modes = MAP_MODES.filter((mode) => mode !== 'shapes' || geoField?.type === 'geo_shape');
    const popups = fieldsFor(this.#fields, 'popup');
    return html`<div class="grid">
        ${
          geo.length > 1
            ? html`<label for="map-geo">Geographic field</label>
                <select
                  id="map-geo"
                  @change=${(e: Event) =>
                    this.#set((st) => {
                      const name = (e.target as HTMLSelectElement).value;
                      const type = geo.find((f) => f.name === name)?.type;
                      const mode = st.map.mode === 'shapes' && type !== 'geo_shape' ? 'auto' : st.map.mode;
                      return { ...st, map: { ...st.map, geoField: name, mode } };
                    })}
                >
                  ${geo.map((f) => html`<option value=${f.name} ?selected=${f === geoField}>${fieldLabel(f)}</option>`)}
                </select>`
            : nothing
        }
        <label for="map-mode">Display</label>
        <select
          id="map-mode"
          @change=${(e: Event) =>
            this.#set((st) => ({
              ...st,
              map: { ...st.map, mode: (e.target as HTMLSelectElement).value as typeof m.mode },
            }))}
        >
          ${modes.map((mode) => html`<option value=${mode} ?selected=${mode === m.mode}>${MODE_LABELS[mode]}</option>`)}
        </select>
      </div>
      <fieldset>
        <legend>Fields shown in popups</legend>
        ${popups.map(
          (f) =>
            html`<label class="choice"
              ><input
                type="checkbox"
                .checked=${live(m.popupFields.includes(f.name))}
                @change=${(e: Event) => this.#togglePopup(f.name, (e.target as HTMLInputElement).checked)}
              />
              ${fieldLabel(f)}</label
            >`,
        )}
      </fieldset>`;
  }

  #renderPlaceholder(): TemplateResult {
    return html`<section class="step" aria-labelledby="h-preview">
      <h2 id="h-preview"><span class="n" aria-hidden="true">5</span> Preview</h2>
      <p class="help">Pick a dataset: its view appears here, with the code to copy.</p>
    </section>`;
  }

  #renderResult(s: BuilderState): TemplateResult {
    return html`<section class="step" aria-labelledby="h-preview">
        <h2 id="h-preview"><span class="n" aria-hidden="true">5</span> Preview</h2>
        <p class="help">The real element, as it will show on your page.</p>
        <div part="preview" class="preview"></div>
      </section>
      <section class="step" aria-labelledby="h-code">
        <h2 id="h-code"><span class="n" aria-hidden="true">6</span> Code to copy</h2>
        <p class="help">
          The package is to be published on npm; until then the jsDelivr address answers 404. Serve the files
          yourself (see <a href="self-hosting.html">the self-hosting guide</a>) and give the address of your
          copy of <code>ode.js</code> here: every code below uses it, and this browser remembers it.
        </p>
        <label for="script-url">Script URL</label>
        <input
          id="script-url"
          type="url"
          inputmode="url"
          spellcheck="false"
          placeholder=${this.cdnBase?.trim() ? `${this.cdnBase.replace(/\/?$/, '/')}ode.js` : `${cdnBase(VERSION)}ode.js`}
          .value=${live(this.scriptInput)}
          aria-invalid=${this.scriptError ? 'true' : 'false'}
          aria-describedby="script-url-error"
          @input=${this.#onScriptUrl}
        />
        <p id="script-url-error" class="error" ?hidden=${!this.scriptError}>${this.scriptError}</p>
        <label for="code-snippet">HTML snippet (for pages that accept scripts)</label>
        <textarea id="code-snippet" readonly rows="4" spellcheck="false" .value=${this.snippet}></textarea>
        <button type="button" class="copy" @click=${() => this.#copy('snippet')}>
          Copy the HTML snippet
        </button>
        <label for="code-frame-fixed">Iframe code without script (for CMSs that remove scripts)</label>
        <textarea
          id="code-frame-fixed"
          readonly
          rows="4"
          spellcheck="false"
          .value=${this.fixedIframeCode}
        ></textarea>
        <div class="inline">
          <label for="frame-height">Frame height (px)</label>
          <input
            id="frame-height"
            inputmode="numeric"
            size="6"
            placeholder=${String(frameHeight(s.view))}
            .value=${live(this.heightInput)}
            aria-invalid=${this.heightError ? 'true' : 'false'}
            aria-describedby="frame-height-error"
            @input=${this.#onHeight}
          />
        </div>
        <p id="frame-height-error" class="error" ?hidden=${!this.heightError}>${this.heightError}</p>
        <button type="button" class="copy" @click=${() => this.#copy('frame-fixed')}>
          Copy the iframe code without script
        </button>
        <label for="code-iframe">Iframe code that fits its content (for pages that accept one script)</label>
        <textarea id="code-iframe" readonly rows="6" spellcheck="false" .value=${this.iframeCode}></textarea>
        <button type="button" class="copy" @click=${() => this.#copy('iframe')}>
          Copy the resizing iframe code
        </button>
        <p class="help">
          The iframe shows the
          ${VIEW_LABELS[s.view].toLowerCase()}${s.dateField ? ' (without the date filter)' : ''} from the
          embed page at <code>${this.#embedBase()}embed.html</code>
          (public npm CDNs serve HTML as plain text, so the embed page comes from a web server: see the
          embedding guide). Without script the frame keeps the height chosen; with the script after it, the
          frame fits its content.
        </p>
        <p class="copied" role="status" aria-live="polite">${this.copied}</p>
      </section>`;
  }
}
