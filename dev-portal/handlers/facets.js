// @ts-check
/**
 * `catalog/datasets/{id}/facets` and `catalog/facets`: the values of each facet with their counts,
 * refined and excluded values marked, for the dataset's records or for the catalog.
 */
import { API_PREFIX } from '../http.js';
import { odsqlFailure } from '../failures.js';
import { common } from '../params.js';
import { asFailure, run } from '../queries.js';
import { compileFilter } from '../odsql/index.js';
import { parseFacetParam } from '../facets.js';

/** @typedef {import('../queries.js').PortalContext} PortalContext */

/**
 * A dataset's facets: those asked for with `facet=`, else the fields annotated `facet`.
 * @param {PortalContext} ctx
 * @param {{table: string, fields: any[], dataset: any}} ds
 * @param {URLSearchParams} q
 * @param {URL} url
 */
export async function facets(ctx, ds, q, url) {
  const requested = q.getAll('facet');
  const names = requested.length
    ? requested
    : ds.fields.filter((f) => f.annotations && f.annotations.facet).map((f) => f.name);
  const base = `${url.protocol}//${url.host}${API_PREFIX}/catalog/datasets/${ds.dataset.dataset_id}`;
  return {
    links: [
      { rel: 'self', href: `${base}/facets` },
      { rel: 'dataset', href: base },
    ],
    facets: await facetsOf(ctx, ds, names, common(q)),
  };
}

/**
 * The catalog's facets: those asked for with `facet=`, else the real portal's default list.
 * @param {PortalContext} ctx
 * @param {URLSearchParams} q
 * @param {URL} url
 */
export async function catalogFacets(ctx, q, url) {
  const c = common(q);
  const requested = q.getAll('facet');
  const names = requested.length
    ? requested
    : ['features', 'theme', 'keyword', 'publisher', 'license', 'language'];
  const base = `${url.protocol}//${url.host}`;
  return {
    links: [{ rel: 'self', href: `${base}${API_PREFIX}/catalog/facets` }],
    facets: await facetsOf(ctx, ctx.catalog.schema, names, c),
  };
}

/**
 * The values of each facet asked for. A malformed `facet` expression or an unknown field is the
 * real API's 400 ODSQLError on the facet clause (every expression is read before any field is
 * looked up). A facet is disjunctive when asked so, else when its field is annotated so.
 * @param {PortalContext} ctx
 * @param {{table: string, fields: any[]}} schema
 * @param {string[]} names raw `facet` parameters
 * @param {ReturnType<typeof common>} c
 */
async function facetsOf(ctx, schema, names, c) {
  const specs = names.map((raw) => {
    try {
      return parseFacetParam(raw);
    } catch (e) {
      throw odsqlFailure(/** @type {Error} */ (e).message, 'facet');
    }
  });
  const out = [];
  for (const spec of specs) {
    const field = schema.fields.find((f) => f.name === spec.name);
    if (!field) throw odsqlFailure(`Unknown field: ${spec.name}.`, 'facet');
    const disjunctive = spec.disjunctive ?? !!(field.annotations && field.annotations.disjunctive);
    out.push({ name: spec.name, facets: await facetValues(ctx, schema, field, spec, c, disjunctive) });
  }
  return out;
}

/**
 * Values and counts of one facet, with refined / excluded states.
 * @param {PortalContext} ctx
 * @param {{table: string, fields: any[]}} ds
 * @param {any} field
 * @param {ReturnType<typeof parseFacetParam>} spec
 * @param {ReturnType<typeof common>} c
 * @param {boolean} disjunctive
 */
async function facetValues(ctx, ds, field, spec, c, disjunctive) {
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
    ctx,
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
