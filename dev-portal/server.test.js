// @ts-check
/**
 * Contract and error tests of the dev portal: its answers must have the shape of the real recordings
 * in shared/ods-fixtures (same keys and value types at every level), the same headers and the same
 * error bodies.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { createPortal } from './server.js';

const fixtures = fileURLToPath(new URL('../../shared/ods-fixtures/', import.meta.url));
const hasFixtures = existsSync(fixtures);
const recording = (/** @type {string} */ name) => JSON.parse(readFileSync(`${fixtures}${name}`, 'utf8'));

/** @type {Awaited<ReturnType<typeof createPortal>>} */
let portal;
const API = () => `${portal.url}/api/explore/v2.1`;

before(async () => {
  portal = await createPortal({ port: 0 });
});
after(async () => {
  await portal.close();
});

/**
 * @param {string} path
 * @param {RequestInit} [init]
 */
async function get(path, init) {
  const res = await fetch(path.startsWith('http') ? path : `${API()}/${path}`, init);
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
  /** @type {any} */
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { res, status: res.status, body, text };
}

/** JSON type of a value, with arrays and null told apart. */
const kind = (/** @type {unknown} */ v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/**
 * Every key of `expected` is in `actual` with the same JSON type, recursively. A null in the
 * recording accepts anything; a null in ours is accepted where the recording has a value only when
 * `nullable` says so (metadata the package does not provide).
 * @param {unknown} actual
 * @param {unknown} expected
 * @param {string} path
 * @param {(path: string) => boolean} [nullable]
 */
function assertSameShape(actual, expected, path = '$', nullable = () => false) {
  if (expected === null) return;
  if (actual === null && nullable(path)) return;
  assert.equal(kind(actual), kind(expected), `${path}: expected ${kind(expected)}, got ${kind(actual)}`);
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length && actual.length) {
      for (const item of actual.slice(0, 5)) assertSameShape(item, expected[0], `${path}[]`, nullable);
    }
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

describe(
  'contract with the real recordings',
  { skip: !hasFixtures && 'shared/ods-fixtures not found' },
  () => {
    const recordedMeta = () => recording('v2.1-vancouver/metadata-public-trees.meta.json');

    test('a dataset has the keys and types of the recorded dataset, at every level', async () => {
      const recorded = recording('v2.1-vancouver/metadata-public-trees.body.json');
      const { metas: _m, fields: _f, ...top } = recorded;
      for (const id of portal.datasets) {
        const { status, body } = await get(`catalog/datasets/${id}`);
        assert.equal(status, 200);
        assertSameShape(body, top, `${id}`);
        assertSameShape(body.metas.default, recorded.metas.default, `${id}.metas.default`, (p) =>
          /\.(keyword|references|attributions|bbox|geometry_types|theme)$/.test(p),
        );
        for (const key of Object.keys(recorded.metas.dcat))
          assert.ok(key in body.metas.dcat, `${id} dcat.${key}`);
        for (const field of body.fields) {
          assertSameShape(field, recorded.fields[1], `${id}.fields.${field.name}`, (p) =>
            p.endsWith('.description'),
          );
          assert.equal(kind(field.annotations), 'object', 'annotations are objects in v2.1');
        }
        assert.equal(body.dataset_id, id);
      }
    });

    test('records: an ungrouped aggregate has the recorded shape and the true count', async () => {
      const recorded = recording('v2.1-vancouver/aggregate-ungrouped.body.json');
      const { status, body } = await get(
        `catalog/datasets/flights/records?limit=1&select=${encodeURIComponent('count(*) as total')}`,
      );
      assert.equal(status, 200);
      assertSameShape(body, recorded);
      assert.equal(body.results[0].total, 3000000);
      assert.equal(body.total_count, 3000000);
    });

    test('records: group_by answers have no total_count and keep the null group', async () => {
      const { status, body } = await get(
        `catalog/datasets/hostile-values/records?group_by=${encodeURIComponent('kind')}&select=${encodeURIComponent('count(*) as count')}&limit=100`,
      );
      assert.equal(status, 200);
      assert.equal(body.total_count, undefined);
      assert.ok(Array.isArray(body.results));
    });

    test('facets: the recorded shape (links, facets[].facets[] with name/count/state/value)', async () => {
      const recorded = recording('v2.1-vancouver/facets-public-trees.body.json');
      const { status, body } = await get('catalog/datasets/airports/facets?facet=state');
      assert.equal(status, 200);
      assertSameShape(body, recorded);
      assert.equal(body.facets[0].name, 'state');
      const counts = body.facets[0].facets.map((/** @type {any} */ f) => f.count);
      assert.deepEqual(
        counts,
        [...counts].sort((a, b) => b - a),
        'sorted by -count',
      );
    });

    test('unknown dataset: the recorded 404 body, byte for byte but the id', async () => {
      const recordedText = readFileSync(`${fixtures}v2.1-vancouver/error-not-found.body.json`, 'utf8');
      const { status, text, res } = await get('catalog/datasets/does-not-exist');
      assert.equal(status, 404);
      assert.equal(text.trim(), recordedText.trim());
      assert.equal(res.headers.get('content-type'), 'application/json');
      assert.equal(
        res.headers.get('x-ratelimit-limit'),
        null,
        'no rate-limit headers on errors, as recorded',
      );
    });

    test('unknown field: the recorded 400 ODSQLError body', async () => {
      const recorded = recording('v2.1-vancouver/error-odsql.body.json');
      const { status, body } = await get('catalog/datasets/airports/exports/csv?select=no_such_field');
      assert.equal(status, 400);
      assert.deepEqual(body, recorded);
    });

    test('headers: CORS, cache and rate-limit headers as recorded', async () => {
      const recorded = recordedMeta().headers;
      const { res } = await get('catalog/datasets/airports');
      for (const h of [
        'access-control-allow-origin',
        'access-control-allow-methods',
        'access-control-max-age',
        'access-control-allow-headers',
        'access-control-expose-headers',
        'cache-control',
        'vary',
        'content-type',
      ]) {
        assert.equal(res.headers.get(h), recorded[h], h);
      }
      assert.match(String(res.headers.get('x-ratelimit-reset')), /^\d{4}-\d{2}-\d{2} 00:00:00\+00:00$/);
      assert.match(String(res.headers.get('x-ratelimit-remaining')), /^\d+$/);
      assert.match(String(res.headers.get('x-ratelimit-limit')), /^\d+$/);
    });

    test('CSV export: BOM, `;` delimiter, geo_point_2d as "lat, lon", like the recording', async () => {
      const recordedCsv = readFileSync(`${fixtures}v2.1-vancouver/data-public-trees-csv.body.csv`, 'utf8');
      assert.ok(recordedCsv.split('\n')[0].includes(';'));
      const { res, text } = await get(
        'catalog/datasets/airports/exports/csv?limit=3&select=iata,geo_point_2d',
      );
      assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
      assert.equal(res.headers.get('content-disposition'), 'attachment; filename="airports.csv"');
      assert.equal(text.charCodeAt(0), 0xfeff, 'BOM by default in v2.1');
      const lines = text.slice(1).trim().split(/\r?\n/);
      assert.equal(lines[0], 'iata;geo_point_2d');
      assert.equal(lines.length, 4);
      assert.match(lines[1], /^[^;]+;-?\d+(\.\d+)?, -?\d+(\.\d+)?$/);
      const noBom = await get('catalog/datasets/airports/exports/csv?limit=1&with_bom=false&delimiter=,');
      assert.notEqual(noBom.text.charCodeAt(0), 0xfeff);
      assert.ok(noBom.text.split('\n')[0].includes(','));
    });
  },
);

describe('endpoints', () => {
  test('catalog/datasets lists every dataset but the security test one, with where, order_by and paging', async () => {
    const all = await get('catalog/datasets?limit=100');
    assert.equal(all.status, 200);
    assert.equal(all.body.total_count, portal.datasets.length - 1);
    for (const id of [
      'communes-france',
      'flights',
      'zipcodes-us',
      'seattle-weather',
      'earthquakes',
      'airports',
    ]) {
      assert.ok(
        all.body.results.some((/** @type {any} */ d) => d.dataset_id === id),
        id,
      );
    }
    // hostile-values: not in the default listing, found by a search and by its id
    assert.ok(!all.body.results.some((/** @type {any} */ d) => d.dataset_id === 'hostile-values'));
    const found = await get(`catalog/datasets?where=${encodeURIComponent('search("hostile")')}`);
    assert.deepEqual(
      found.body.results.map((/** @type {any} */ d) => d.dataset_id),
      ['hostile-values'],
    );
    assert.equal((await get('catalog/datasets/hostile-values')).status, 200);
    const big = await get(`catalog/datasets?where=${encodeURIComponent('records_count > 1000000')}`);
    assert.deepEqual(
      big.body.results.map((/** @type {any} */ d) => d.dataset_id),
      ['flights'],
    );
    const ordered = await get(
      `catalog/datasets?order_by=${encodeURIComponent('records_count desc')}&limit=2`,
    );
    assert.equal(ordered.body.results.length, 2);
    assert.equal(ordered.body.results[0].dataset_id, 'flights');
    const page2 = await get(`catalog/datasets?order_by=dataset_id&limit=2&offset=2`);
    const ids = all.body.results.map((/** @type {any} */ d) => d.dataset_id).sort();
    assert.deepEqual(
      page2.body.results.map((/** @type {any} */ d) => d.dataset_id),
      ids.slice(2, 4),
    );
  });

  test('catalog/facets counts datasets by theme, publisher…', async () => {
    const { status, body } = await get('catalog/facets?facet=features');
    assert.equal(status, 200);
    const geo = body.facets[0].facets.find((/** @type {any} */ f) => f.name === 'geo');
    assert.ok(geo && geo.count >= 3, 'at least three geo datasets');
  });

  test('records: select, where (several AND-ed), order_by, limit, offset', async () => {
    const where = [`state = "CA"`, `latitude > 37`];
    const url = `catalog/datasets/airports/records?select=iata,state,latitude&${where.map((w) => `where=${encodeURIComponent(w)}`).join('&')}&order_by=iata&limit=5`;
    const { status, body } = await get(url);
    assert.equal(status, 200);
    assert.ok(body.total_count > 0);
    assert.equal(body.results.length, 5);
    for (const r of body.results) {
      assert.deepEqual(Object.keys(r), ['iata', 'state', 'latitude']);
      assert.equal(r.state, 'CA');
      assert.ok(r.latitude > 37);
    }
    const sorted = body.results.map((/** @type {any} */ r) => r.iata);
    assert.deepEqual(sorted, [...sorted].sort());
    const next = await get(url + '&offset=5');
    assert.notEqual(next.body.results[0].iata, body.results[0].iata);
    assert.equal(next.body.total_count, body.total_count);
  });

  test('records: values encoded like the real API (geo_point_2d, dates, datetimes, multivalued)', async () => {
    const ap = await get('catalog/datasets/airports/records?limit=1&select=geo_point_2d');
    const p = ap.body.results[0].geo_point_2d;
    assert.deepEqual(Object.keys(p).sort(), ['lat', 'lon']);
    const w = await get('catalog/datasets/seattle-weather/records?limit=1&order_by=date');
    assert.equal(w.body.results[0].date, '2012-01-01');
    const f = await get('catalog/datasets/flights/records?limit=1&order_by=date&select=date');
    assert.match(f.body.results[0].date, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
    const paris = await get(
      'catalog/datasets/flights/records?limit=1&order_by=date&select=date&timezone=Europe%2FParis',
    );
    assert.match(paris.body.results[0].date, /\+01:00$/);
    const eq = await get('catalog/datasets/earthquakes/records?limit=1');
    const shape = Object.values(eq.body.results[0]).find(
      (v) => v && typeof v === 'object' && /** @type {any} */ (v).type === 'Feature',
    );
    assert.ok(shape, 'a geo_shape is a GeoJSON Feature');
    const c = await get('catalog/datasets/communes-france/records?limit=1&select=codes_postaux');
    assert.ok(Array.isArray(c.body.results[0].codes_postaux));
  });

  test('records: refine and exclude', async () => {
    const refined = await get('catalog/datasets/airports/records?refine=state%3ATX&limit=1');
    const excluded = await get('catalog/datasets/airports/records?exclude=state%3ATX&limit=1');
    const all = await get('catalog/datasets/airports/records?limit=1');
    assert.ok(refined.body.total_count > 0);
    assert.equal(refined.body.total_count + excluded.body.total_count, all.body.total_count);
  });

  test('records: refines of a disjunctive facet are OR-ed, of a conjunctive one AND-ed; quoted values unescaped', async () => {
    const count = async (/** @type {string} */ qs) =>
      (await get(`catalog/datasets/airports/records?limit=0&${qs}`)).body.total_count;
    const tx = await count('refine=state%3ATX');
    const ca = await count(`refine=${encodeURIComponent('state:"CA"')}`);
    assert.ok(tx > 0 && ca > 0);
    assert.equal(await count(`refine=state%3ATX&refine=${encodeURIComponent('state:"CA"')}`), tx + ca);
    // country is not disjunctive: two different values match nothing
    assert.equal(await count('refine=country%3AUSA&refine=country%3AFrance'), 0);
    const quoted = await get(
      `catalog/datasets/hostile-values/records?limit=0&refine=${encodeURIComponent('kind:"scr\\ipt"')}`,
    );
    assert.equal(quoted.status, 200);
  });

  test('records: a grouped count over 3 million flights', async () => {
    const { status, body } = await get(
      `catalog/datasets/flights/records?select=${encodeURIComponent('count(*) as n')}&group_by=origin&order_by=${encodeURIComponent('n desc')}&limit=5`,
    );
    assert.equal(status, 200);
    assert.equal(body.results.length, 5);
    assert.ok(body.results[0].n >= body.results[1].n);
    assert.equal(typeof body.results[0].origin, 'string');
  });

  test('records/{id}: one record; unknown id is the real 404', async () => {
    const list = await get('catalog/datasets/airports/records?limit=1&include_links=true');
    const self = list.body.results[0]._links.find((/** @type {any} */ l) => l.rel === 'self').href;
    const one = await get(self);
    assert.equal(one.status, 200);
    assert.equal(one.body.iata, list.body.results[0].iata);
    const missing = await get('catalog/datasets/airports/records/0000');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, {
      error_code: 'NotFoundResource',
      message: 'The requested record 0000 does not exist.',
    });
    const bad = await get(`catalog/datasets/airports/records/${encodeURIComponent("x' OR 1=1 --")}`);
    assert.equal(bad.status, 404);
  });

  test('facets: by name and facet(...) with disjunctive, sort and limit; refined and excluded states', async () => {
    const spec = encodeURIComponent('facet(name="state", disjunctive=true, sort="alphanum", limit=5)');
    const { body } = await get(`catalog/datasets/airports/facets?facet=${spec}&refine=state%3ATX`);
    const values = body.facets[0].facets;
    assert.equal(values.length, 5);
    const names = values.map((/** @type {any} */ v) => v.name);
    assert.deepEqual(names, [...names].sort());
    // disjunctive: other states still counted while TX is refined
    assert.ok(values.every((/** @type {any} */ v) => v.count > 0));
    const tx = await get(
      `catalog/datasets/airports/facets?facet=${encodeURIComponent('facet(name="state", disjunctive=true)')}&refine=state%3ATX`,
    );
    assert.equal(tx.body.facets[0].facets.find((/** @type {any} */ v) => v.name === 'TX').state, 'refined');
    const ex = await get('catalog/datasets/airports/facets?facet=state&exclude=state%3ATX');
    const txEx = ex.body.facets[0].facets.find((/** @type {any} */ v) => v.name === 'TX');
    assert.equal(txEx.state, 'excluded');
    assert.equal(txEx.count, undefined, 'excluded values carry no count');
    const nonDisj = await get('catalog/datasets/airports/facets?facet=country&refine=state%3ATX');
    assert.equal(nonDisj.body.facets[0].facets.length, 1, 'a conjunctive facet follows the refine');
  });

  test('exports: json, jsonl, geojson; no row cap; same query parameters', async () => {
    const json = await get(
      `catalog/datasets/airports/exports/json?where=${encodeURIComponent('state="CA"')}&select=iata`,
    );
    assert.ok(Array.isArray(json.body));
    const count = await get(
      `catalog/datasets/airports/records?where=${encodeURIComponent('state="CA"')}&limit=0`,
    );
    assert.equal(json.body.length, count.body.total_count);
    const all = await get('catalog/datasets/zipcodes-us/exports/jsonl?select=zip_code');
    const lines = all.text.trim().split('\n');
    assert.ok(lines.length > 10000, 'past the 10,000 records ceiling');
    assert.equal(typeof JSON.parse(lines[0]).zip_code, 'string');
    const geo = await get('catalog/datasets/airports/exports/geojson?limit=2&select=iata,geo_point_2d');
    assert.equal(geo.body.type, 'FeatureCollection');
    assert.equal(geo.body.features.length, 2);
    assert.equal(geo.body.features[0].geometry.type, 'Point');
    assert.ok('iata' in geo.body.features[0].properties);
    // earthquakes has a shape and a point: selecting only the point still gives point geometries
    const quakes = await get('catalog/datasets/earthquakes/exports/geojson?limit=3&select=mag,geo_point_2d');
    assert.equal(quakes.body.features.length, 3);
    for (const f of quakes.body.features) {
      assert.equal(f.geometry.type, 'Point');
      assert.equal(f.geometry.coordinates.length, 2);
      assert.deepEqual(Object.keys(f.properties), ['mag'], 'the geo column is the geometry, not a property');
    }
    const shapes = await get('catalog/datasets/earthquakes/exports/geojson?limit=1&select=geom,mag');
    assert.equal(shapes.body.features[0].geometry.type, 'Point');
    assert.equal(shapes.body.features[0].geometry.coordinates.length, 3, 'the shape itself (with depth)');
    const grouped = await get(
      `catalog/datasets/airports/exports/json?group_by=state&select=${encodeURIComponent('count(*) as n')}`,
    );
    assert.ok(grouped.body.length > 50);
  });

  test('answers are gzipped when the client accepts it, as the real portal does', async () => {
    const res = await fetch(`${API()}/catalog/datasets/communes-france`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    assert.equal(res.headers.get('content-encoding'), 'gzip');
    assert.ok((await res.json()).dataset_id);
    const raw = await new Promise((resolve) => {
      import('node:http').then(({ get: httpGet }) =>
        httpGet(
          `${API()}/catalog/datasets/communes-france`,
          { headers: { 'accept-encoding': 'gzip' } },
          (r) => {
            /** @type {Buffer[]} */
            const chunks = [];
            r.on('data', (c) => chunks.push(c));
            r.on('end', () => resolve(Buffer.concat(chunks)));
          },
        ),
      );
    });
    assert.equal(
      JSON.parse(gunzipSync(/** @type {Buffer} */ (raw)).toString()).dataset_id,
      'communes-france',
    );
  });

  test('OPTIONS preflight is answered with the CORS headers', async () => {
    const res = await fetch(`${API()}/catalog/datasets`, { method: 'OPTIONS' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.match(String(res.headers.get('access-control-allow-headers')), /Authorization/);
  });
});

describe('errors, as the real API words them', () => {
  /** @param {string} path @param {number} status @param {string} code @param {RegExp|string} message */
  async function expectError(path, status, code, message) {
    const { status: s, body } = await get(path);
    assert.equal(s, status, path);
    assert.equal(body.error_code, code, path);
    if (typeof message === 'string') assert.equal(body.message, message, path);
    else assert.match(body.message, message, path);
    assert.deepEqual(Object.keys(body).sort(), ['error_code', 'message']);
  }
  test('limit above 100', () =>
    expectError(
      'catalog/datasets/airports/records?limit=101',
      400,
      'InvalidRESTParameterError',
      'Invalid value for limit API parameter: 101 was found but -1 <= limit <= 100 is expected.',
    ));
  test('offset + limit above 10,000', () =>
    expectError(
      'catalog/datasets/flights/records?offset=9950&limit=100',
      400,
      'InvalidRESTParameterError',
      'Invalid value for sum of offset + limit API parameter: 10050 was found but <= 10000 is expected.',
    ));
  test('offset 9,900 + limit 100 is the last allowed page', async () => {
    const { status, body } = await get('catalog/datasets/flights/records?offset=9900&limit=100&select=delay');
    assert.equal(status, 200);
    assert.equal(body.results.length, 100);
  });
  test('with group_by the ceilings are 20,000', async () => {
    const ok = await get('catalog/datasets/zipcodes-us/records?group_by=city&limit=20000');
    assert.equal(ok.status, 200);
    await expectError(
      'catalog/datasets/zipcodes-us/records?group_by=city&limit=20001',
      400,
      'InvalidRESTParameterError',
      'Invalid value for limit API parameter: 20001 was found but -1 <= limit <= 20000 is expected.',
    );
    await expectError(
      'catalog/datasets/zipcodes-us/records?group_by=city&limit=100&offset=19950',
      400,
      'InvalidRESTParameterError',
      'Invalid value for sum of offset + limit API parameter: 20050 was found but <= 20000 is expected.',
    );
  });
  test('a limit that is not a number', () =>
    expectError(
      'catalog/datasets/airports/records?limit=ten',
      400,
      'InvalidRESTParameterError',
      /limit API parameter: ten/,
    ));
  test('bad ODSQL syntax names the clause', () =>
    expectError(
      `catalog/datasets/airports/records?where=${encodeURIComponent('state = ')}`,
      400,
      'ODSQLError',
      /^ODSQL query is malformed: .*Clause\(s\) containing the error\(s\): where\.$/,
    ));
  test('unknown field in order_by', () =>
    expectError(
      'catalog/datasets/airports/records?order_by=nope',
      400,
      'ODSQLError',
      'ODSQL query is malformed: Unknown field: nope. Clause(s) containing the error(s): order_by.',
    ));
  test('unknown facet field', () =>
    expectError('catalog/datasets/airports/facets?facet=nope', 400, 'ODSQLError', /Unknown field: nope/));
  test('unknown record and unknown path', async () => {
    await expectError(
      'catalog/datasets/airports/records/abc',
      404,
      'NotFoundResource',
      'The requested record abc does not exist.',
    );
    await expectError('catalog/nothing-here', 404, 'NotFoundResource', /does not exist/);
  });
  test('bad lang and timezone', async () => {
    await expectError(
      'catalog/datasets/airports/records?lang=xx',
      400,
      'InvalidRESTParameterError',
      /lang API parameter: xx/,
    );
    await expectError(
      'catalog/datasets/airports/records?timezone=Mars%2FOlympus',
      400,
      'InvalidRESTParameterError',
      /timezone/,
    );
  });
  test('injection attempts are values, not SQL', async () => {
    const before = await get('catalog/datasets/airports/records?limit=0');
    const attempts = [
      `state = "x' OR 1=1 --"`,
      `state = 'x" OR 1=1 --'`,
      `"); DROP TABLE ds_airports; --`,
      '`state"; DROP TABLE ds_airports; --` = 1',
    ];
    for (const w of attempts) {
      const { status, body } = await get(
        `catalog/datasets/airports/records?where=${encodeURIComponent(w)}&limit=0`,
      );
      assert.ok(status === 200 || status === 400, w);
      if (status === 200) assert.equal(body.total_count, 0, w);
    }
    const after = await get('catalog/datasets/airports/records?limit=0');
    assert.equal(after.body.total_count, before.body.total_count);
  });
  test('fuzz: random query strings get a 200 or a 4xx with the real error shape, never a crash', async () => {
    const words = [
      'state',
      'iata',
      'latitude',
      'geo_point_2d',
      'and',
      'or',
      'not',
      '(',
      ')',
      '"CA"',
      "'x'",
      '=',
      '>',
      '<=',
      '1',
      '2.5',
      'in',
      '[',
      '..',
      ']',
      'count(*)',
      'as',
      'n',
      ',',
      'desc',
      'year(',
      'null',
      'is',
      '*',
      "date'2020'",
      '`and`',
      '\\',
      '"',
    ];
    const soup = fc.array(fc.constantFrom(...words), { maxLength: 8 }).map((a) => a.join(' '));
    const param = fc.constantFrom(
      'where',
      'select',
      'group_by',
      'order_by',
      'refine',
      'exclude',
      'limit',
      'offset',
      'timezone',
      'lang',
      'facet',
    );
    await fc.assert(
      fc.asyncProperty(param, fc.oneof(fc.string({ maxLength: 30 }), soup), async (name, value) => {
        const path = name === 'facet' ? 'facets' : 'records';
        const res = await fetch(
          `${API()}/catalog/datasets/airports/${path}?${name}=${encodeURIComponent(value)}`,
        );
        const body = await res.json();
        if (res.status === 200) return true;
        assert.ok(res.status >= 400 && res.status < 500, `${name}=${value} gave ${res.status}`);
        assert.deepEqual(Object.keys(body).sort(), ['error_code', 'message']);
        assert.ok(!/\bat \S+:\d+:\d+/.test(body.message), 'no stack trace');
        return true;
      }),
      { numRuns: 250 },
    );
  });

  test('fuzz: raw query strings and paths with malformed percent-encoding get a 4xx, never a 500', async () => {
    // unencoded text made of escapes (valid, truncated, invalid UTF-8), plus signs and plain characters
    const piece = fc.constantFrom(
      '%',
      '%2',
      '%E0%A4%A',
      '%zz',
      '%C3%A9',
      '%C3',
      '%FF',
      '%00',
      '+',
      'a',
      '=',
      '&',
      '"',
    );
    const raw = fc.array(piece, { minLength: 1, maxLength: 8 }).map((a) => a.join(''));
    const where = fc.constantFrom('query', 'path', 'page');
    await fc.assert(
      fc.asyncProperty(where, raw, async (at, value) => {
        const url =
          at === 'query'
            ? `${API()}/catalog/datasets/airports/records?where=${value}`
            : at === 'path'
              ? `${API()}/catalog/datasets/${value}/records`
              : `${portal.url}/explore/dataset/${value}`;
        const res = await fetch(url);
        const text = await res.text();
        assert.ok(res.status < 500, `${url} gave ${res.status}: ${text}`);
        if (res.status >= 400 && at !== 'page') {
          assert.deepEqual(Object.keys(JSON.parse(text)).sort(), ['error_code', 'message']);
        }
        return true;
      }),
      { numRuns: 200 },
    );
    const { status, body } = await get('catalog/datasets/%E0%A4%A/records');
    assert.equal(status, 400);
    assert.match(body.message, /Malformed percent-encoding/);
  });

  test('over-long URLs get a 414, or a 431 beyond Node’s header limit, both readable by a page (CORS)', async () => {
    for (const [length, status] of [
      [9000, 414],
      [20000, 431],
    ]) {
      const { res, body } = await get(`catalog/datasets/airports/records?where=${'x'.repeat(length)}`);
      assert.equal(res.status, status, `${length} characters`);
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      assert.deepEqual(Object.keys(body).sort(), ['error_code', 'message']);
    }
    // the portal still answers afterwards
    assert.equal((await get('catalog/datasets/airports/records?limit=1')).status, 200);
  });
});

describe('options', () => {
  test('--quota N: the N+1-th request of the day is a 429 with the real quota body', async () => {
    const limited = await createPortal({ port: 0, quota: 2, only: ['seattle-weather'] });
    try {
      const url = `${limited.url}/api/explore/v2.1/catalog/datasets/seattle-weather`;
      const first = await fetch(url);
      assert.equal(first.headers.get('x-ratelimit-remaining'), '1');
      await fetch(url);
      const third = await fetch(url);
      assert.equal(third.status, 429);
      const body = await third.json();
      if (hasFixtures)
        assertSameShape(body, recording('v2.1-openapi-doc-examples/error-quota-quota_exceeded.json'));
      assert.equal(body.call_limit, 2);
      assert.equal(body.limit_time_unit, 'day');
      assert.match(body.reset_time, /^\d{4}-\d{2}-\d{2}T00:00:00Z$/);
      assert.equal(third.headers.get('x-ratelimit-remaining'), '0');
      assert.ok(Number(third.headers.get('retry-after')) > 0);
    } finally {
      await limited.close();
    }
  });

  test('--latency MS delays every answer', async () => {
    const slow = await createPortal({ port: 0, latency: 150, only: ['seattle-weather'] });
    try {
      const t0 = performance.now();
      await fetch(`${slow.url}/api/explore/v2.1/catalog/datasets/seattle-weather`);
      assert.ok(performance.now() - t0 >= 145);
    } finally {
      await slow.close();
    }
  });
});
