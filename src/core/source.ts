import { createContext } from '@lit/context';
import { clientFor, type ExploreClient } from '../api/client.js';
import { and, dateRange, fullText } from '../api/odsql.js';
import type { Query } from '../api/query.js';
import type { Dataset } from '../api/types.js';

/** The query state every view and filter of one dataset shares. */
export interface SharedQuery {
  /** An ODSQL `where` written by the page author. */
  where?: string;
  /** Full-text search typed by the visitor (written as a quoted ODSQL literal, never raw). */
  q?: string;
  /** `field:"value"` facet refinements. */
  refine: string[];
  /** `field:"value"` facet exclusions. */
  exclude: string[];
  /** `order_by` expression, e.g. `population DESC`. */
  orderBy?: string;
  lang?: string;
  timezone?: string;
  /** Extra ODSQL filters owned by a view (e.g. a map's visible area), keyed by owner. */
  extra: Record<string, string>;
  /** Date ranges (whole days, both ends inclusive), keyed by owner (e.g. an `<ode-date-range>`). */
  ranges: Record<string, DateRange>;
}

/** A filter on a date or datetime field: whole days `from`–`to` (`YYYY-MM-DD`), both inclusive. */
export interface DateRange {
  field: string;
  from?: string;
  to?: string;
}

export const emptyQuery = (): SharedQuery => ({ refine: [], exclude: [], extra: {}, ranges: {} });

/** A `timeout` attribute (seconds) in ms, or undefined (the client's default) when it is not a positive number. */
export const timeoutMs = (seconds: number | null | undefined): number | undefined =>
  typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;

export interface QueryChangeDetail {
  query: SharedQuery;
  /** Which keys changed. */
  changed: (keyof SharedQuery)[];
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ode-query-change': CustomEvent<QueryChangeDetail>;
  }
}

/**
 * One dataset on one portal, with its metadata (fetched once) and its shared query. Views and filters
 * listen to its `change` event; filters call `update()`.
 */
export class DatasetSource extends EventTarget {
  readonly client: ExploreClient;
  #_query: SharedQuery;
  #_metadata?: Promise<Dataset>;
  /** The metadata once it arrived. */
  metadata?: Dataset;

  constructor(
    readonly domain: string,
    readonly datasetId: string,
    apikey?: string,
    query: SharedQuery = emptyQuery(),
    /** Timeout of each request, in ms (the client's default, 20 s, when not given). */
    readonly timeout?: number,
  ) {
    super();
    this.client = clientFor(domain, apikey, timeout);
    this.#_query = query;
  }

  get query(): SharedQuery {
    return this.#_query;
  }

  /** The dataset metadata, requested once (and again after a failure). */
  loadMetadata(signal?: AbortSignal): Promise<Dataset> {
    if (!this.#_metadata) {
      this.#_metadata = this.client.dataset(this.datasetId).then(
        (d) => (this.metadata = d),
        (e) => {
          this.#_metadata = undefined;
          throw e;
        },
      );
    }
    if (!signal) return this.#_metadata;
    return Promise.race([
      this.#_metadata,
      new Promise<never>((_, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
      ),
    ]);
  }

  /** Change the shared query; every listener is told which keys changed. */
  update(patch: Partial<SharedQuery>): void {
    const next = { ...this.#_query, ...patch };
    const changed = (Object.keys(patch) as (keyof SharedQuery)[]).filter(
      (k) => JSON.stringify(this.#_query[k]) !== JSON.stringify(next[k]),
    );
    if (changed.length === 0) return;
    this.#_query = next;
    this.dispatchEvent(new CustomEvent<QueryChangeDetail>('change', { detail: { query: next, changed } }));
  }

  /** The shared filters as Explore API parameters, plus what the view adds. */
  toQuery(view: Partial<Query> = {}, q: SharedQuery = this.#_query): Query {
    const where = and(
      q.where,
      q.q ? fullText(q.q) : undefined,
      ...Object.values(q.extra),
      ...Object.values(q.ranges ?? {}).map((r) => dateRange(r.field, r.from, r.to)),
    );
    return {
      where: [...(where ? [where] : []), ...(view.where ?? [])],
      refine: q.refine,
      exclude: q.exclude,
      orderBy: view.orderBy ?? q.orderBy,
      lang: q.lang,
      timezone: q.timezone,
      ...Object.fromEntries(Object.entries(view).filter(([k]) => k !== 'where' && k !== 'orderBy')),
    };
  }

  /** The active filters in words, for empty states and summaries. */
  describeFilters(): string[] {
    const q = this.#_query;
    return [
      ...(q.q ? [`"${q.q}"`] : []),
      ...q.refine.map((r) => r.replace(':', ' = ')),
      ...q.exclude.map((r) => r.replace(':', ' ≠ ')),
      ...(q.where ? [q.where] : []),
    ];
  }
}

/** Context through which `<ode-dataset>` hands its source to the views and filters inside it. */
export const sourceContext = createContext<DatasetSource | undefined>(Symbol('ode-source'));
