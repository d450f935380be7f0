import { apiErrorFrom, ApiError } from './errors.js';
import { resolveOrigin } from './domain.js';
import { queryParams, withParams, type Query } from './query.js';
import type { Dataset } from './types.js';

export const API_PATH = '/api/explore/v2.1';

export interface ClientOptions {
  /** How long a successful answer is served from memory, in ms (default 60 000; 0 disables). */
  cacheTtl?: number;
  /** API key: sent as `Authorization: Apikey …` (this forces a CORS preflight; a key in a public page is public). */
  apikey?: string;
  /** Longest wait for a quota reset before retrying once, in ms (default 10 000). */
  maxQuotaWait?: number;
  /** Backoff before the retries of 5xx and network errors, in ms (default [300, 1200]). */
  backoff?: number[];
}

interface Shared {
  promise: Promise<unknown>;
  controller: AbortController;
  users: number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(signal.reason);
      },
      { once: true },
    );
  });

const abortError = (signal: AbortSignal) =>
  signal.reason instanceof Error ? signal.reason : new DOMException('The request was aborted.', 'AbortError');

/** True for the error an aborted request rejects with. */
export function isAbort(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError';
}

const warnedKeys = new Set<string>();

/**
 * The Explore API v2.1 client every element uses.
 *
 * - No custom headers on public requests: no CORS preflight.
 * - Identical requests in flight are shared; each caller can abort its own interest, and the
 *   network request is aborted when no caller is left.
 * - Answers are kept in memory for `cacheTtl` ms.
 * - 429: waits for the quota reset when it is near (≤ `maxQuotaWait`), retries once, then fails
 *   with an ApiError carrying the reset time. 5xx and network errors: up to 2 retries with backoff.
 */
export class ExploreClient {
  readonly origin: string;
  readonly #inflight = new Map<string, Shared>();
  readonly #cache = new Map<string, { at: number; value: unknown }>();
  readonly #ttl: number;
  readonly #apikey?: string;
  readonly #maxQuotaWait: number;
  readonly #backoff: number[];
  /** Network requests sent (for tests and the benchmark). */
  requests = 0;

  constructor(domain: string, options: ClientOptions = {}) {
    this.origin = resolveOrigin(domain);
    this.#ttl = options.cacheTtl ?? 60_000;
    this.#apikey = options.apikey || undefined;
    this.#maxQuotaWait = options.maxQuotaWait ?? 10_000;
    this.#backoff = options.backoff ?? [300, 1200];
    if (this.#apikey && !warnedKeys.has(this.origin)) {
      warnedKeys.add(this.origin);
      console.warn(
        `open-data-elements: an API key is used for ${this.origin}. A key written in a public page is public: ` +
          'anyone can read it and use its rights. Use keys only on private pages.',
      );
    }
  }

  /** Absolute URL of an API path (`catalog/datasets/x/records`) with a query. */
  url(path: string, params?: URLSearchParams): string {
    return withParams(`${this.origin}${API_PATH}/${path}`, params ?? new URLSearchParams());
  }

  /** GET JSON, shared with identical requests in flight and cached. */
  get<T>(path: string, params?: URLSearchParams, signal?: AbortSignal): Promise<T> {
    const url = this.url(path, params);
    const hit = this.#cache.get(url);
    if (hit && performance.now() - hit.at < this.#ttl) return Promise.resolve(hit.value as T);
    if (signal?.aborted) return Promise.reject(abortError(signal));

    let shared = this.#inflight.get(url);
    if (!shared) {
      const controller = new AbortController();
      const entry: Shared = { controller, users: 0, promise: Promise.resolve() };
      entry.promise = this.#fetchWithRetry(url, controller.signal).then(
        (value) => {
          if (this.#inflight.get(url) === entry) this.#inflight.delete(url);
          if (this.#ttl > 0) this.#cache.set(url, { at: performance.now(), value });
          return value;
        },
        (e) => {
          if (this.#inflight.get(url) === entry) this.#inflight.delete(url);
          throw e;
        },
      );
      this.#inflight.set(url, entry);
      shared = entry;
    }
    const entry = shared;
    entry.users++;
    return new Promise<T>((resolve, reject) => {
      let done = false;
      const release = () => {
        if (done) return;
        done = true;
        signal?.removeEventListener('abort', onAbort);
        entry.users--;
      };
      const onAbort = () => {
        release();
        if (entry.users === 0 && this.#inflight.get(url) === entry) {
          this.#inflight.delete(url);
          entry.controller.abort();
        }
        reject(abortError(signal!));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      entry.promise.then(
        (v) => {
          if (done) return;
          release();
          resolve(v as T);
        },
        (e) => {
          if (done) return;
          release();
          reject(e);
        },
      );
    });
  }

  /** Forget cached answers (e.g. after the data changed). */
  clearCache(): void {
    this.#cache.clear();
  }

  async #fetchWithRetry(url: string, signal: AbortSignal): Promise<unknown> {
    let quotaRetried = false;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#fetchOnce(url, signal);
      } catch (e) {
        if (signal.aborted || !(e instanceof ApiError)) throw e;
        if (e.status === 429) {
          const wait = e.resetAt ? e.resetAt.getTime() - Date.now() : Infinity;
          if (quotaRetried || !(wait <= this.#maxQuotaWait)) throw e;
          quotaRetried = true;
          await sleep(Math.max(0, wait), signal);
          continue;
        }
        if ((e.status === 0 || e.status >= 500) && attempt < this.#backoff.length) {
          await sleep(this.#backoff[attempt], signal);
          continue;
        }
        throw e;
      }
    }
  }

  async #fetchOnce(url: string, signal: AbortSignal): Promise<unknown> {
    this.requests++;
    let res: Response;
    try {
      res = await fetch(url, {
        signal,
        credentials: 'omit',
        ...(this.#apikey ? { headers: { Authorization: `Apikey ${this.#apikey}` } } : {}),
      });
    } catch (e) {
      if (signal.aborted) throw abortError(signal);
      throw new ApiError(`The portal could not be reached (${(e as Error).message}).`, 0, undefined, url);
    }
    const text = await res.text();
    if (!res.ok) throw apiErrorFrom(res.status, text, url, res.headers);
    try {
      return JSON.parse(text);
    } catch {
      throw new ApiError('The portal sent an answer that is not JSON.', res.status, undefined, url);
    }
  }

  // --- endpoints -------------------------------------------------------------------------------

  dataset(id: string, signal?: AbortSignal): Promise<Dataset> {
    return this.get<Dataset>(`catalog/datasets/${encodeURIComponent(id)}`, undefined, signal);
  }

  records<R = Record<string, unknown>>(
    id: string,
    q: Query,
    signal?: AbortSignal,
  ): Promise<RecordsAnswer<R>> {
    return this.get(`catalog/datasets/${encodeURIComponent(id)}/records`, queryParams(q), signal);
  }

  facets(id: string, facets: string[], q: Query, signal?: AbortSignal): Promise<FacetsAnswer> {
    const p = queryParams({
      ...q,
      select: undefined,
      groupBy: undefined,
      orderBy: undefined,
      limit: undefined,
      offset: undefined,
    });
    for (const f of facets) p.append('facet', f);
    return this.get(`catalog/datasets/${encodeURIComponent(id)}/facets`, p, signal);
  }

  /** URL of an export of the whole query (exports have no row cap). */
  exportUrl(id: string, format: 'csv' | 'json' | 'jsonl' | 'geojson', q: Query): string {
    const p = queryParams({ ...q, limit: undefined, offset: undefined });
    return this.url(`catalog/datasets/${encodeURIComponent(id)}/exports/${format}`, p);
  }
}

export interface RecordsAnswer<R = Record<string, unknown>> {
  total_count?: number;
  results: R[];
}
export interface FacetValue {
  name: string;
  value: string;
  count?: number;
  state: 'displayed' | 'refined' | 'excluded';
  facets?: FacetValue[];
}
export interface FacetsAnswer {
  facets: { name: string; facets: FacetValue[] }[];
}

const clients = new Map<string, ExploreClient>();

/**
 * The shared client for a domain (and API key): every element on a page asking the same portal
 * shares its in-flight requests and cache.
 */
export function clientFor(domain: string, apikey?: string): ExploreClient {
  const key = `${resolveOrigin(domain)}|${apikey ?? ''}`;
  let c = clients.get(key);
  if (!c) {
    c = new ExploreClient(domain, { apikey });
    clients.set(key, c);
  }
  return c;
}

/** URL of the dataset's page on the portal, for people: `https://<domain>/explore/dataset/<id>/`. */
export function datasetPageUrl(domain: string, datasetId: string): string {
  return `${resolveOrigin(domain)}/explore/dataset/${encodeURIComponent(datasetId)}/`;
}

/** Fetch a dataset's metadata (fields and metas) through the shared client. */
export function fetchDataset(domain: string, datasetId: string, signal?: AbortSignal): Promise<Dataset> {
  return clientFor(domain).dataset(datasetId, signal);
}
