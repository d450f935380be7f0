// @ts-check
/**
 * A small in-memory DuckDB table that follows the storage contract, for the tests.
 */
import { DuckDBInstance } from '@duckdb/node-api';

/** @type {import('./expr.js').Field[] & any[]} */
export const FIELDS = [
  { name: 'name', type: 'text', label: 'Name', annotations: { facet: true } },
  {
    name: 'tags',
    type: 'text',
    label: 'Tags',
    annotations: { facet: true, multivalued: ',' },
    multivalued: true,
  },
  { name: 'n', type: 'int', label: 'N', annotations: {} },
  { name: 'x', type: 'double', label: 'X', annotations: {} },
  { name: 'ok', type: 'boolean', label: 'OK', annotations: {} },
  { name: 'd', type: 'date', label: 'D', annotations: {} },
  { name: 'dt', type: 'datetime', label: 'DT', annotations: {} },
  { name: 'pt', type: 'geo_point_2d', label: 'Point', annotations: {} },
  { name: 'shape', type: 'geo_shape', label: 'Shape', annotations: {} },
  { name: 'meta', type: 'json_blob', label: 'Meta', annotations: {} },
  { name: 'and', type: 'text', label: 'A keyword', annotations: {} },
  { name: '12', type: 'int', label: 'Numeric name', annotations: {} },
];

export const SCHEMA = { table: 'ds_t', fields: FIELDS };

// id, name, tags, n, x, ok, d, dt, lon, lat, and, 12
const ROWS = [
  ['01', 'Paris', ['a', 'b'], 10, 1.5, true, '2020-01-15', '2020-01-01 00:30:00+00', 2.35, 48.85, 'alpha', 1],
  ['02', 'Lyon', ['b'], 20, 2.5, false, '2020-06-30', '2020-06-30 22:30:00+00', 4.83, 45.76, 'beta', 2],
  [
    '03',
    'Éléphant rouge',
    ['c'],
    30,
    null,
    true,
    '2021-02-01',
    '2020-12-31 23:30:00+00',
    2.36,
    48.86,
    null,
    3,
  ],
  ['04', `O'Brien "quoted" x' OR 1=1 --`, [], null, 4.0, null, null, null, null, null, null, null],
  ['05', null, null, 50, -1.0, false, '2019-12-31', '2019-12-31 12:00:00+00', -73.99, 40.73, 'gamma', 5],
  ['06', 'Paris', ['a'], 60, 100.25, true, '2021-07-14', '2021-07-14 10:00:00+00', 2.34, 48.84, 'alpha', 6],
];

export async function createFixture() {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await conn.run(`CREATE TABLE ds_t (
    "name" VARCHAR, "tags" VARCHAR[], "n" BIGINT, "x" DOUBLE, "ok" BOOLEAN, "d" DATE, "dt" TIMESTAMPTZ,
    "pt" STRUCT(lon DOUBLE, lat DOUBLE), "shape" VARCHAR, "meta" VARCHAR, "and" VARCHAR, "12" BIGINT,
    "__geo_shape" STRUCT(lon DOUBLE, lat DOUBLE, minlon DOUBLE, minlat DOUBLE, maxlon DOUBLE, maxlat DOUBLE),
    "__id" VARCHAR, "__text" VARCHAR)`);
  for (const [id, name, tags, n, x, ok, d, dt, lon, lat, kw, num] of ROWS) {
    const hasPt = lon !== null;
    const shape = hasPt
      ? JSON.stringify({
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [lon, lat] },
          properties: {},
        })
      : null;
    await conn.run(
      `INSERT INTO ds_t VALUES (?, CAST(? AS JSON)::VARCHAR[], ?, ?, ?, CAST(? AS DATE), CAST(? AS TIMESTAMPTZ),
        CASE WHEN ? THEN struct_pack(lon := CAST(? AS DOUBLE), lat := CAST(? AS DOUBLE)) END, ?, ?, ?, ?,
        CASE WHEN ? THEN struct_pack(lon := CAST(? AS DOUBLE), lat := CAST(? AS DOUBLE), minlon := CAST(? AS DOUBLE),
          minlat := CAST(? AS DOUBLE), maxlon := CAST(? AS DOUBLE), maxlat := CAST(? AS DOUBLE)) END, ?, NULL)`,
      /** @type {any} */ ([
        name,
        tags === null ? null : JSON.stringify(tags),
        n,
        x,
        ok,
        d,
        dt,
        hasPt,
        lon ?? 0,
        lat ?? 0,
        shape,
        id === '01' ? '{"k": 1}' : null,
        kw,
        num,
        hasPt,
        lon ?? 0,
        lat ?? 0,
        lon ?? 0,
        lat ?? 0,
        lon ?? 0,
        lat ?? 0,
        id,
      ]),
    );
  }
  await conn.run(
    `UPDATE ds_t SET "__text" = strip_accents(lower(concat_ws(' ', "name", array_to_string("tags", ' '), "and")))`,
  );
  /**
   * Run SQL and return plain row objects (bigints as numbers).
   * @param {string} sql
   * @param {unknown[]} [params]
   */
  async function rows(sql, params = []) {
    const r = await conn.runAndReadAll(sql, /** @type {any} */ (params));
    return r.getRowObjectsJS().map((row) => {
      /** @type {Record<string, unknown>} */
      const o = {};
      for (const [k, v] of Object.entries(row)) o[k] = typeof v === 'bigint' ? Number(v) : v;
      return o;
    });
  }
  return { instance, conn, rows, close: () => conn.closeSync() };
}
