// @ts-check
/** `catalog/datasets`: the catalog, searchable with the same ODSQL compiler as records. */
import { common, paging } from '../params.js';
import { compile, run } from '../queries.js';
import { UNLISTED_IDS } from '../datasets/index.js';

/** @typedef {import('../queries.js').PortalContext} PortalContext */

/**
 * The catalog: the datasets matching `where` (and `q`), a page of them.
 * @param {PortalContext} ctx
 * @param {URLSearchParams} q
 */
export async function catalogList(ctx, q) {
  // the default listing (no where) leaves the unlisted datasets out; a search or an id still finds them
  const unlisted = UNLISTED_IDS.filter((id) => ctx.datasets.has(id));
  if (!q.get('where') && unlisted.length) {
    q = new URLSearchParams(q);
    q.set('where', unlisted.map((id) => `dataset_id != ${JSON.stringify(id)}`).join(' and '));
  }
  const c = common(q);
  const { limit, offset } = paging(q, false);
  const compiled = compile(ctx.catalog.schema, {
    ...c,
    groupBy: undefined,
    select: 'dataset_id',
    limit,
    offset,
  });
  const result = await run(ctx, compiled.sql, compiled.params, 'where');
  const ids = result.getRowsJS().map((r) => String(r[0]));
  const count = await run(ctx, compiled.countSql, compiled.countParams, 'where');
  return {
    total_count: Number(count.getRowsJS()[0][0]),
    results: ids.map((id) => ctx.datasets.get(id)?.dataset),
  };
}

/**
 * The catalog as a DuckDB table, so `catalog/datasets?where=…` uses the same ODSQL compiler.
 * @param {import('@duckdb/node-api').DuckDBConnection} conn
 * @param {{table: string, dataset: any}[]} loaded
 */
export async function buildCatalog(conn, loaded) {
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
