import { apiErrorFrom, ApiError } from './errors.js';
import { resolveOrigin } from './domain.js';
import { queryParams, withParams, type Query } from './query.js';
import { checkDataset, checkFacets, checkRecords } from './shape.js';
import type { Dataset } from './types.js';

export const API_PATH = '/api/explore/v2.1';

/** Default time a request may take, body included, in ms. */
export const DEFAULT_TIMEOUT = 20_000;
/**
 * Longest URL sent, in characters. Portals and the proxies in front of them refuse longer request
 * lines (often at 8 kB) with answers a browser cannot always read; we refuse first, with words.
 */
export const URL_MAX = 8000;
/** Most fields one facets request asks for; further fields are dropped with a console warning. */
export const FACETS_MAX = 30;

export interface ClientOptions {
  /** How long a successful answer is served from memory, in ms (default 60 000; 0 disables). */
  cacheTtl?: number;
  /** API key: sent as `Authorization: Apikey …` (this forces a CORS preflight; a key in a public page is public). */
  apikey?: string;
  /** Longest wait for a quota reset before retrying once, in ms (default 10 000). */
  maxQuotaWait?: number;
  /** Backoff before the retries of 5xx and network errors, in ms (default [300, 1200]). */
  backoff?: number[];
  /**
   * Longest time one request may take, from sending to the last byte of the answer, in ms (default
   * 20 000). A request that times out is not retried by itself: the element offers Retry.
   */
  timeout?: number;
}

/** Checks an answer's shape (see ./shape.ts); returns it, or throws an ApiError of kind `shape`. */
type Check = (value: unknown, url: string) => unknown;

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

/** A valid timeout in ms, else the default. */
const timeoutOf = (ms: number | undefined): number =>
  ms !== undefined && Number.isFinite(ms) && ms > 0 ? ms : DEFAULT_TIMEOUT;

/**
 * The Explore API v2.1 client every element uses.
 *
 * - No custom headers on public requests: no CORS preflight.
 * - Identical requests in flight are shared; each caller can abort its own interest, and the
 *   network request is aborted when no caller is left.
 * - Answers are kept in memory for `cacheTtl` ms.
 * - Every request has a timeout (`timeout`, default 20 s) covering the whole answer.
 * - 429: waits for the quota reset when it is near (≤ `maxQuotaWait`; the body's `reset_time`,
 *   `X-RateLimit-Reset` or `Retry-After` in seconds or as a date), retries once, then fails with an
 *   ApiError carrying the reset time. 5xx and network errors (a connection dropped while the body
 *   came included): up to 2 retries with backoff.
 * - Answers are shape-checked (./shape.ts) before anyone sees them; URLs over `URL_MAX` are refused.
 */
export class ExploreClient {
  readonly origin: string;
  readonly #inflight = new Map<string, Shared>();
  readonly #cache = new Map<string, { at: number; value: unknown }>();
  readonly #ttl: number;
  readonly #apikey?: string;
  readonly #maxQuotaWait: number;
  readonly #backoff: number[];
  /** Timeout of each request, in ms. */
  readonly timeout: number;
  /** Network requests sent (for tests and the benchmark). */
  requests = 0;

  constructor(domain: string, options: ClientOptions = {}) {
    this.origin = resolveOrigin(domain);
    this.#ttl = options.cacheTtl ?? 60_000;
    this.#apikey = options.apikey || undefined;
    this.#maxQuotaWait = options.maxQuotaWait ?? 10_000;
    this.#backoff = options.backoff ?? [300, 1200];
    this.timeout = timeoutOf(options.timeout);
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

  /**
   * GET JSON, shared with identical requests in flight and cached. `check` validates the answer's
   * shape once, before it is cached or handed to anyone.
   */
  get<T>(path: string, params?: URLSearchParams, signal?: AbortSignal, check?: Check): Promise<T> {
    const url = this.url(path, params);
    const hit = this.#cache.get(url);
    if (hit && performance.now() - hit.at < this.#ttl) return Promise.resolve(hit.value as T);
    if (signal?.aborted) return Promise.reject(abortError(signal));
    if (url.length > URL_MAX) {
      return Promise.reject(
        new ApiError(
          `This request is too long to send (${url.length} characters, at most ${URL_MAX}): use fewer or shorter filters.`,
          0,
          undefined,
          url.slice(0, 200),
          undefined,
          'too-long',
        ),
      );
    }

    let shared = this.#inflight.get(url);
    if (!shared) {
      const controller = new AbortController();
      const entry: Shared = { controller, users: 0, promise: Promise.resolve() };
      entry.promise = this.#fetchWithRetry(url, controller.signal)
        .then((raw) => (check ? check(raw, url) : raw))
        .then(
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
        if ((e.kind === 'network' || e.status >= 500) && attempt < this.#backoff.length) {
          await sleep(this.#backoff[attempt], signal);
          continue;
        }
        throw e;
      }
    }
  }

  async #fetchOnce(url: string, signal: AbortSignal): Promise<unknown> {
    this.requests++;
    // one controller for this attempt: aborted by the caller's signal or by the timeout
    const attempt = new AbortController();
    const onAbort = () => attempt.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      attempt.abort(new DOMException('The portal did not answer in time.', 'TimeoutError'));
    }, this.timeout);
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, {
        signal: attempt.signal,
        credentials: 'omit',
        ...(this.#apikey ? { headers: { Authorization: `Apikey ${this.#apikey}` } } : {}),
      });
      // inside the try: a connection dropped while the body comes is a network error like any other
      text = await res.text();
    } catch (e) {
      if (signal.aborted) throw abortError(signal);
      if (timedOut) {
        throw new ApiError(
          `The portal did not answer in time (${Math.round(this.timeout / 100) / 10} s).`,
          0,
          undefined,
          url,
          undefined,
          'timeout',
        );
      }
      throw new ApiError(`The portal could not be reached (${(e as Error).message}).`, 0, undefined, url);
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    }
    if (!res.ok) throw apiErrorFrom(res.status, text, url, res.headers);
    try {
      return JSON.parse(text);
    } catch {
      throw new ApiError(
        "The portal's answer is not what the Explore API v2.1 returns: it is not JSON.",
        res.status,
        undefined,
        url,
        undefined,
        'shape',
      );
    }
  }

  // --- endpoints -------------------------------------------------------------------------------

  dataset(id: string, signal?: AbortSignal): Promise<Dataset> {
    return this.get<Dataset>(`catalog/datasets/${encodeURIComponent(id)}`, undefined, signal, checkDataset);
  }

  records<R = Record<string, unknown>>(
    id: string,
    q: Query,
    signal?: AbortSignal,
  ): Promise<RecordsAnswer<R>> {
    return this.get(
      `catalog/datasets/${encodeURIComponent(id)}/records`,
      queryParams(q),
      signal,
      checkRecords,
    );
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
    if (facets.length > FACETS_MAX) {
      console.warn(
        `open-data-elements: ${facets.length} facets asked of ${id}; only the first ${FACETS_MAX} are requested.`,
      );
    }
    for (const f of facets.slice(0, FACETS_MAX)) p.append('facet', f);
    return this.get(`catalog/datasets/${encodeURIComponent(id)}/facets`, p, signal, checkFacets);
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
export function clientFor(domain: string, apikey?: string, timeout?: number): ExploreClient {
  const key = `${resolveOrigin(domain)}|${apikey ?? ''}|${timeoutOf(timeout)}`;
  let c = clients.get(key);
  if (!c) {
    c = new ExploreClient(domain, { apikey, timeout });
    clients.set(key, c);
  }
  return c;
}

/** URL of the dataset's page on the portal, for people: `https://<domain>/explore/dataset/<id>/`. */
export function datasetPageUrl(domain: string, datasetId: string): string {
  return `${resolveOrigin(domain)}/explore/dataset/${encodeURIComponent(datasetId)}/`;
}

/** Fetch a dataset's metadata (fields and metas) through the shared client. */
export function fetchDataset(
  domain: string,
  datasetId: string,
  signal?: AbortSignal,
  timeout?: number,
): Promise<Dataset> {
  return clientFor(domain, undefined, timeout).dataset(datasetId, signal);
}
