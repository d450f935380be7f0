// @ts-check
/** `catalog/datasets/{id}/records` and `…/records/{record_id}`. */
import { API_PREFIX } from '../http.js';
import { notFound } from '../failures.js';
import { common, paging } from '../params.js';
import { compile, run } from '../queries.js';
import { rowEncoder } from '../encode.js';

/** @typedef {import('../queries.js').PortalContext} PortalContext */

/**
 * One page of records, or of groups (`group_by`), with the total count.
 * @param {PortalContext} ctx
 * @param {{table: string, fields: any[], dataset: any}} ds
 * @param {URLSearchParams} q
 * @param {URL} url
 */
export async function records(ctx, ds, q, url) {
  const c = common(q);
  const { limit, offset } = paging(q, !!c.groupBy);
  const links = q.get('include_links') === 'true';
  const compiled = compile(ds, { ...c, limit, offset, withId: links });
  const result = await run(ctx, compiled.sql, compiled.params, 'select');
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
  const count = await run(ctx, compiled.countSql, compiled.countParams, 'where');
  return { total_count: Number(count.getRowsJS()[0][0]), results };
}

/**
 * One record by its id.
 * @param {PortalContext} ctx
 * @param {{table: string, fields: any[], dataset: any}} ds
 * @param {string} id
 * @param {URLSearchParams} q
 */
export async function record(ctx, ds, id, q) {
  const c = common(q);
  // Record ids are hex digests made by the loaders: anything else cannot exist. Being hex-only,
  // a valid id is safe to quote inside the sub-query that narrows the table to that record.
  if (!/^[0-9a-f]{1,64}$/.test(id)) throw notFound(`The requested record ${id} does not exist.`);
  const one = compile(
    { table: `(SELECT * FROM ${ds.table} WHERE __id = '${id}')`, fields: ds.fields },
    { select: c.select, where: [], lang: c.lang, timezone: c.timezone, limit: 1, offset: 0 },
  );
  const result = await run(ctx, one.sql, one.params, 'select');
  const rows = result.getRowsJS();
  if (rows.length === 0) throw notFound(`The requested record ${id} does not exist.`);
  const encode = rowEncoder(result.columnNames(), result.columnTypes().map(String), one.columns, c.timezone);
  return encode(rows[0]);
}
