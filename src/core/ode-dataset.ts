import { LitElement, html, css, type PropertyValues, type PropertyDeclarations } from 'lit';
import type { ContextCallback, ContextEvent } from '@lit/context';
import { DatasetSource, sourceContext, type QueryChangeDetail, type SharedQuery } from './source.js';
import { effectiveDomain } from '../api/domain.js';
import { timeoutMs } from '../api/client.js';
import { closestLang, uiLang } from './lang.js';
import { strings } from './strings.js';
import { warnOnce } from './error-view.js';
import { isPortalDomain } from './source-controller.js';
import { fire } from './events.js';
import { historyMode, readUrlQuery, writeUrlQuery, type UrlQuery } from './url-state.js';

/** A list attribute: a JSON array (`'["a:1","b:2"]'`) or a single value. */
export function parseList(value: string | null | undefined): string[] {
  if (!value || !value.trim()) return [];
  const t = value.trim();
  if (t.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(t);
      if (Array.isArray(parsed)) return parsed.map(String).filter((s) => s.trim());
    } catch {
      /* fall through: one value */
    }
  }
  return [t];
}

const listConverter = {
  fromAttribute: (v: string | null) => parseList(v),
  toAttribute: (v: string[]) => (v.length === 0 ? null : v.length === 1 ? v[0] : JSON.stringify(v)),
};

/**
 * @summary Holds one dataset of one portal and the query its views share: the table, charts, maps and
 * filters nested inside it (or pointing at it with `source="id"`) all follow its `where`, full-text
 * search, refinements and sort, and its metadata is fetched once for all of them.
 *
 * @attr domain - Portal host or origin; defaults to `<meta name="ode-domain">`.
 * @attr dataset - Dataset identifier (property `datasetId`).
 * @attr apikey - API key, sent as `Authorization: Apikey …`. A key in a public page is public.
 * @attr where - ODSQL filter applied to every view.
 * @attr q - Full-text search (what `<ode-search>` writes).
 * @attr refine - `field:value` refinement, or a JSON array of them.
 * @attr exclude - `field:value` exclusion, or a JSON array of them.
 * @attr order-by - Shared sort, e.g. `population DESC`.
 * @attr lang - Language of the portal's answers (default: the page language).
 * @attr timezone - Time zone the portal computes dates in (date functions, buckets); default UTC.
 * @attr timeout - Longest wait for each answer of the portal, in seconds (default 20); then the views
 *   say the portal did not answer in time, with Retry.
 *   Values are always shown in the visitor's time zone.
 * @attr url-sync - Mirror the shared query in the page address, under keys prefixed by this element's
 *   `id` (`?communes.refine=nom_region:Bretagne`): search, refinements, exclusions, sort, date ranges and
 *   selections. Opening the address restores them, Back and Forward step through them. Each action of the
 *   visitor is a history entry; typing a search replaces the current one. `url-sync="viewport"` also
 *   carries the visible area of maps that filter on it. Needs an `id`. What the address holds replaces the
 *   `q`, `refine`, `exclude` and `order-by` attributes; with none of its keys the attributes apply.
 *
 * @fires ode-query-change - The shared query changed; `detail.query` is the new state and
 *   `detail.changed` the keys that changed.
 *
 * @slot - Views and filters bound to this dataset.
 */
export class OdeDataset extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  /** Reactive properties (declared here rather than with decorators: smaller once built). */
  static override properties: PropertyDeclarations = {
    domain: { reflect: true },
    datasetId: { attribute: 'dataset', reflect: true },
    apikey: {},
    where: { reflect: true },
    q: { reflect: true },
    refine: { converter: listConverter, reflect: true },
    exclude: { converter: listConverter, reflect: true },
    orderBy: { attribute: 'order-by', reflect: true },
    timezone: {},
    urlSync: { attribute: 'url-sync' },
    timeout: { type: Number },
  };

  domain?: string;
  datasetId?: string;
  apikey?: string;
  /** Longest wait for each answer, in seconds (default 20). */
  timeout?: number;
  where?: string;
  q?: string;
  refine: string[] = [];
  exclude: string[] = [];
  orderBy?: string;
  timezone?: string;
  /** `''` (present) or `'viewport'`: see `url-sync`. */
  urlSync?: string | null;

  #source?: DatasetSource;
  /** Views subscribed to the source (the context protocol), each with its unsubscribe function. */
  readonly #subscribers = new Map<ContextCallback<DatasetSource | undefined>, () => void>();

  constructor() {
    super();
    // the provider side of the context protocol: answer the requests of the views inside
    this.addEventListener('context-request', (e) => {
      const request = e as ContextEvent<typeof sourceContext>;
      if (request.context !== sourceContext) return;
      e.stopPropagation();
      let unsubscribe: (() => void) | undefined;
      if (request.subscribe) {
        const cb = request.callback;
        unsubscribe = this.#subscribers.get(cb) ?? (() => this.#subscribers.delete(cb));
        this.#subscribers.set(cb, unsubscribe);
      }
      request.callback(this.#source, unsubscribe);
    });
  }
  #syncing = false;
  /** The query the attributes give, applied when the address holds none of this dataset's keys. */
  #defaults?: UrlQuery;
  /** Set while the address is being applied: that change is not written back. */
  #restoring = false;
  /** Keys changed since the last write to the address, and the keys of that last write. */
  #pending: (keyof SharedQuery)[] = [];
  #lastWrite?: (keyof SharedQuery)[];

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('popstate', this.#onPopState);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('popstate', this.#onPopState);
  }

  /** The shared source, once `domain` and `dataset` are known. */
  get source(): DatasetSource | undefined {
    return this.#source;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const domain = effectiveDomain(this.domain);
    if (domain && !isPortalDomain(domain)) {
      // no source: the views inside (or naming this one) say why (see SourceController)
      warnOnce(this, strings(uiLang(closestLang(this))).badDomain(domain));
      if (this.#source) {
        this.#source = undefined;
        for (const [cb, unsubscribe] of this.#subscribers) cb(undefined, unsubscribe);
        this.dispatchEvent(new CustomEvent('ode-source-change', { bubbles: false }));
      }
      return;
    }
    const current = this.#source;
    if (
      domain &&
      this.datasetId &&
      (!current ||
        current.domain !== domain ||
        current.datasetId !== this.datasetId ||
        changed.has('apikey') ||
        changed.has('timeout'))
    ) {
      const initial = this.#queryFromAttributes();
      this.#defaults = pickUrlQuery(initial);
      const fromUrl = this.#readAddress();
      const source = new DatasetSource(
        domain,
        this.datasetId,
        this.apikey,
        { ...initial, ...(fromUrl ? { ...fromUrl, extra: { ...initial.extra, ...fromUrl.extra } } : {}) },
        timeoutMs(this.timeout),
      );
      if (fromUrl) this.#reflect(source.query);
      source.addEventListener('change', (e) => this.#onSourceChange(e as CustomEvent<QueryChangeDetail>));
      this.#source = source;
      for (const [cb, unsubscribe] of this.#subscribers) cb(source, unsubscribe);
      this.dispatchEvent(new CustomEvent('ode-source-change', { bubbles: false }));
    } else if (current && !this.#syncing) {
      current.update(this.#queryFromAttributes());
    }
  }

  #queryFromAttributes(): SharedQuery {
    const tz = this.timezone || undefined;
    const lang = closestLang(this).slice(0, 2).toLowerCase();
    return {
      where: this.where || undefined,
      q: this.q || undefined,
      refine: this.refine,
      exclude: this.exclude,
      orderBy: this.orderBy || undefined,
      lang: ['en', 'fr', 'nl', 'pt', 'it', 'ar', 'de', 'es', 'ca', 'eu', 'sv'].includes(lang) ? lang : 'en',
      timezone: tz,
      extra: this.#source?.query.extra ?? {},
      ranges: this.#source?.query.ranges ?? {},
    };
  }

  /** A filter or view changed the query: reflect it on the attributes and tell the page. */
  #onSourceChange(e: CustomEvent<QueryChangeDetail>): void {
    this.#reflect(e.detail.query);
    if (!this.#restoring) this.#scheduleWrite(e.detail.changed);
    fire(this, 'ode-query-change', e.detail);
  }

  #reflect(q: SharedQuery): void {
    this.#syncing = true;
    this.where = q.where;
    this.q = q.q;
    this.refine = q.refine;
    this.exclude = q.exclude;
    this.orderBy = q.orderBy;
    // a date range may set the zone its days are read in
    this.timezone = q.timezone;
    void this.updateComplete.then(() => (this.#syncing = false));
  }

  // --- url-sync ------------------------------------------------------------------------------

  get #syncOptions() {
    return { viewport: this.urlSync === 'viewport' };
  }

  /** Whether the address is kept in sync (warns once when `url-sync` lacks an id). */
  get #syncs(): boolean {
    if (this.urlSync === undefined || this.urlSync === null) return false;
    if (!this.id) {
      warnOnce(this, 'url-sync needs an id: the address keys are prefixed by it.');
      return false;
    }
    return true;
  }

  /** This dataset's query from the address, or undefined when it holds none of its keys. */
  #readAddress(): UrlQuery | undefined {
    if (!this.#syncs) return undefined;
    const read = readUrlQuery(new URLSearchParams(location.search), this.id, this.#syncOptions);
    for (const w of read.warnings) console.warn(`<ode-dataset id="${this.id}"> ${w}`);
    return read.found ? read.query : undefined;
  }

  /** Coalesce the changes of one task into one history entry. */
  #scheduleWrite(changed: (keyof SharedQuery)[]): void {
    if (!this.#syncs) return;
    const first = this.#pending.length === 0;
    this.#pending.push(...changed);
    if (!first) return;
    queueMicrotask(() => {
      const keys = [...new Set(this.#pending)];
      this.#pending = [];
      const source = this.#source;
      if (!source || !this.isConnected) return;
      const params = writeUrlQuery(
        new URLSearchParams(location.search),
        this.id,
        pickUrlQuery(source.query),
        this.#syncOptions,
      );
      const search = params.toString();
      if (search === location.search.replace(/^\?/, '')) return;
      const url = `${location.pathname}${search ? `?${search}` : ''}${location.hash}`;
      if (historyMode(keys, this.#lastWrite) === 'replace') history.replaceState(history.state, '', url);
      else history.pushState(null, '', url);
      this.#lastWrite = keys;
    });
  }

  /** Back or Forward: the views show what the address now holds. */
  readonly #onPopState = (): void => {
    const source = this.#source;
    if (!source || !this.#syncs) return;
    const fromUrl = this.#readAddress();
    const next = fromUrl ?? this.#defaults ?? pickUrlQuery(source.query);
    const patch: Partial<SharedQuery> = {
      q: next.q,
      refine: next.refine,
      exclude: next.exclude,
      orderBy: next.orderBy,
      ranges: next.ranges,
    };
    // without url-sync="viewport" the maps keep their own visible area
    if (this.#syncOptions.viewport) patch.extra = { ...source.query.extra, ...next.extra };
    this.#restoring = true;
    this.#lastWrite = undefined;
    try {
      source.update(patch);
    } finally {
      this.#restoring = false;
    }
  };

  protected override render() {
    return html`<slot></slot>`;
  }
}

/** The parts of a query the address carries. */
function pickUrlQuery(q: SharedQuery): UrlQuery {
  return {
    q: q.q,
    refine: q.refine,
    exclude: q.exclude,
    orderBy: q.orderBy,
    ranges: q.ranges,
    extra: q.extra,
  };
}
