// @ts-check
/** `catalog/datasets/{id}/exports` and `…/exports/{format}`: streamed, with no row cap. */
import zlib from 'node:zlib';
import { API_PREFIX, CORS_HEADERS, NO_CACHE } from '../http.js';
import { badParam, odsqlFailure } from '../failures.js';
import { common, intParam } from '../params.js';
import { compile } from '../queries.js';
import { rowEncoder, csvCell } from '../encode.js';

/** @typedef {import('../queries.js').PortalContext} PortalContext */

/**
 * The export formats of a dataset, as links.
 * @param {{dataset: any}} ds
 * @param {URL} url
 */
export function exportList(ds, url) {
  const base = `${url.protocol}//${url.host}${API_PREFIX}/catalog/datasets/${ds.dataset.dataset_id}/exports`;
  return {
    links: [
      { rel: 'self', href: base },
      ...['csv', 'json', 'jsonl', 'geojson'].map((f) => ({ rel: f, href: `${base}/${f}` })),
    ],
  };
}

/**
 * @param {PortalContext} ctx
 * Streamed exports: no row cap, chunk by chunk from DuckDB.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {{table: string, fields: any[], dataset: any}} ds
 * @param {string} format
 * @param {URLSearchParams} q
 * @param {Record<string, string>} rl
 */
export async function exportRecords(ctx, req, res, ds, format, q, rl) {
  if (!['json', 'jsonl', 'csv', 'geojson'].includes(format)) {
    throw badParam(
      `Invalid value for format API parameter: ${format} was found but one of csv, geojson, json, jsonl is expected.`,
    );
  }
  const c = common(q);
  const limit = intParam(q, 'limit', -1);
  const offset = intParam(q, 'offset', 0);
  if (limit < -1)
    throw badParam(`Invalid value for limit API parameter: ${limit} was found but limit >= -1 is expected.`);
  if (offset < 0)
    throw badParam(
      `Invalid value for offset API parameter: ${offset} was found but offset >= 0 is expected.`,
    );
  const geoField =
    ds.fields.find((f) => f.type === 'geo_shape') ?? ds.fields.find((f) => f.type === 'geo_point_2d');
  if (format === 'geojson' && !geoField) {
    throw badParam(`The geojson export needs a geographic field; dataset ${ds.dataset.dataset_id} has none.`);
  }
  const compiled = compile(ds, { ...c, limit, offset });
  /** @type {import('@duckdb/node-api').DuckDBResult} */
  let stream;
  try {
    stream = await ctx.conn.stream(compiled.sql, /** @type {any} */ (compiled.params));
  } catch (e) {
    ctx.log(`dev-portal: export query rejected by DuckDB: ${String(e).split('\n')[0]}`);
    throw odsqlFailure('the expression cannot be evaluated on this dataset.', 'select');
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
    await write(names.map((n) => csvCell(n, 'text', delimiter, listSep, quoteAll)).join(delimiter) + '\r\n');
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
