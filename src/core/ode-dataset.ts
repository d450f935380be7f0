import { LitElement, html, css, type PropertyValues, type PropertyDeclarations } from 'lit';
import type { ContextCallback, ContextEvent } from '@lit/context';
import {
  DatasetSource,
  sourceContext,
  timeoutMs,
  type QueryChangeDetail,
  type SharedQuery,
} from './source.js';
import { effectiveDomain } from '../api/domain.js';
import { closestLang, uiLang } from './lang.js';
import { strings } from './strings.js';
import { warnOnce } from './error-view.js';
import { isPortalDomain } from './source-controller.js';
import { fire } from './events.js';

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
      const source = new DatasetSource(
        domain,
        this.datasetId,
        this.apikey,
        this.#queryFromAttributes(),
        timeoutMs(this.timeout),
      );
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
    const q = e.detail.query;
    this.#syncing = true;
    this.where = q.where;
    this.q = q.q;
    this.refine = q.refine;
    this.exclude = q.exclude;
    this.orderBy = q.orderBy;
    void this.updateComplete.then(() => (this.#syncing = false));
    fire(this, 'ode-query-change', e.detail);
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}
