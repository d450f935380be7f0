// @ts-check
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createFixture, SCHEMA } from './fixture.js';
import { compileRecords, compileFilter, parse, OdsqlError, ParamError } from './index.js';

/** @type {Awaited<ReturnType<typeof createFixture>>} */
let fx;
before(async () => {
  fx = await createFixture();
});
after(() => fx.close());

/** @param {Parameters<typeof compileRecords>[1]} opts */
async function q(opts) {
  const c = compileRecords(SCHEMA, opts);
  return fx.rows(c.sql, c.params);
}
/** ids of the records matching `where` (and refine/exclude), sorted. @param {any} opts */
async function ids(opts) {
  const f = compileFilter(SCHEMA, typeof opts === 'string' ? { where: [opts] } : opts);
  const rows = await fx.rows(`SELECT "__id" FROM ds_t WHERE ${f.sql} ORDER BY "__id"`, f.params);
  return rows.map((r) => r.__id).join(',');
}
/** @param {() => unknown} fn @param {string} clause @param {RegExp} [re] */
function rejects(fn, clause, re) {
  assert.throws(fn, (/** @type {any} */ e) => {
    assert.ok(e instanceof OdsqlError, `expected OdsqlError, got ${e}`);
    assert.equal(e.clause, clause);
    assert.match(
      e.message,
      /^ODSQL query is malformed: .+ Clause\(s\) containing the error\(s\): [a-z_]+\.$/,
    );
    assert.ok(e.message.endsWith(`Clause(s) containing the error(s): ${clause}.`), e.message);
    if (re) assert.match(e.message, re);
    return true;
  });
}
const iso = (/** @type {unknown} */ v) => (v instanceof Date ? v.toISOString() : v);

describe('filters', () => {
  test('comparisons on text, numbers, booleans, dates', async () => {
    assert.equal(await ids('name = "Paris"'), '01,06');
    assert.equal(await ids("name = 'paris'"), '', 'text = is exact');
    assert.equal(await ids('n > 20'), '03,05,06');
    assert.equal(await ids('n >= 20 and n <= 30'), '02,03');
    assert.equal(await ids('x < 2'), '01,05');
    assert.equal(await ids('n != 10'), '02,03,05,06', 'nulls are filtered out');
    assert.equal(await ids('n <> 10'), '02,03,05,06');
    assert.equal(await ids('ok'), '01,03,06', 'a boolean field alone');
    assert.equal(await ids('ok is false'), '02,05');
    assert.equal(await ids('ok = true'), '01,03,06');
    assert.equal(await ids("d >= date'2021'"), '03,06');
    assert.equal(await ids("d < date'2020/06/30'"), '01,05');
    assert.equal(await ids("dt < date'2020-01-01T00:30:01Z'"), '01,05');
    assert.equal(await ids("d = '2020-01-15'"), '01', 'a string compared with a date is a date');
    assert.equal(await ids('n = "20"'), '02', 'a string compared with a number is a number');
  });
  test('date literals are read in the request time zone', async () => {
    // dt of 02 is 2020-06-30T22:30Z = 2020-07-01T00:30 in Paris
    const f = (/** @type {string} */ tz) =>
      ids({ where: ["dt >= date'2020-07-01' and dt < date'2020-07-02'"], timezone: tz });
    assert.equal(await f('UTC'), '');
    assert.equal(await f('Europe/Paris'), '02');
  });
  test('AND binds tighter than OR; NOT; parentheses', async () => {
    assert.equal(await ids('n = 10 or n = 20 and ok'), '01');
    assert.equal(await ids('(n = 10 or n = 20) and ok'), '01');
    assert.equal(await ids('not ok'), '02,05');
    assert.equal(await ids('NOT (n > 15)'), '01');
    assert.equal(await ids('not(in_bbox(pt, 48, 2, 49, 3))'), '02,05');
  });
  test('IN lists, ranges with mixed brackets, multivalued membership', async () => {
    assert.equal(await ids('name IN ("Lyon", "Paris")'), '01,02,06');
    assert.equal(await ids('n in [20..50]'), '02,03,05');
    assert.equal(await ids('n in ]20..50['), '03');
    assert.equal(await ids('n in [20..50['), '02,03');
    assert.equal(await ids('n in ]20..50]'), '03,05');
    assert.equal(await ids("d in [date'2020'..date'2021'["), '01,02');
    assert.equal(await ids('n not in [20..50]'), '01,06');
    assert.equal(await ids('"a" IN tags'), '01,06');
    assert.equal(await ids('tags = "b"'), '01,02', 'multivalued = is any element');
    assert.equal(await ids('tags != "a"'), '02,03,04');
  });
  test('null tests', async () => {
    assert.equal(await ids('name is null'), '05');
    assert.equal(await ids('x is not null'), '01,02,04,05,06');
    assert.equal(await ids('tags is null'), '04,05', 'an empty list counts as null');
    assert.equal(await ids('n = null'), '04');
  });
  test('full text: bare strings, accents, tokens, NOT, search/suggest/startswith', async () => {
    assert.equal(await ids('"paris"'), '01,06');
    assert.equal(await ids('"PARIS" AND NOT "b"'), '06');
    assert.equal(await ids('"elephant"'), '03', 'accents folded');
    assert.equal(await ids('"Éléphant Rouge"'), '03', 'multi-word = AND of tokens');
    assert.equal(await ids('"rouge elephant"'), '03');
    assert.equal(await ids('"elephant bleu"'), '');
    assert.equal(await ids('"pari"'), '01,06', 'last term is a prefix');
    assert.equal(await ids('"pari alpha"'), '', 'a term that is not last must be a whole word');
    assert.equal(await ids('"paris alph"'), '01,06');
    assert.equal(await ids('"par alpha"'), '', 'only the last term is a prefix');
    assert.equal(await ids('search(name, "lyo")'), '02');
    assert.equal(await ids('search(tags, "c")'), '03');
    assert.equal(await ids('search(*, "gamma")'), '05');
    assert.equal(await ids('search("gamma")'), '05');
    assert.equal(await ids('suggest(name, "par")'), '01,06');
    assert.equal(await ids('suggest("ele rou")'), '03');
    assert.equal(await ids('startswith(name, "Ly")'), '02');
    assert.equal(await ids('startswith(name, "ly")'), '', 'case-sensitive');
    assert.equal(await ids('startswith(name, "Paris")'), '01,06');
    assert.equal(await ids('startswith(*, "bet")'), '02');
    assert.equal(await ids('startswith(tags, "c")'), '03');
    assert.equal(await ids('name like "lyon"'), '02');
  });
  test('geo: in_bbox in any corner order, within_distance with units', async () => {
    assert.equal(await ids('in_bbox(pt, 48, 2, 49, 3)'), '01,03,06');
    assert.equal(await ids('in_bbox(pt, 49, 3, 48, 2)'), '01,03,06');
    assert.equal(await ids('in_bbox(shape, 45, 4, 46, 5)'), '02');
    assert.equal(await ids("within_distance(pt, geom'POINT(2.35 48.85)', 1km)"), '01');
    assert.equal(await ids("within_distance(pt, geom'POINT(2.35 48.85)', 1500m)"), '01,03,06');
    assert.equal(await ids("within_distance(pt, geom'POINT(2.35 48.85)', 1 mi)"), '01,03,06');
    assert.equal(await ids("within_distance(shape, geom'POINT(4.83 45.76)', 10 mm)"), '02');
    assert.equal(
      await ids(`within_distance(pt, geom'{"type":"Point","coordinates":[-73.99,40.73]}', 10km)`),
      '05',
    );
  });
  test('legacy field:value, backquoted names', async () => {
    assert.equal(await ids('name:"Lyon"'), '02');
    assert.equal(await ids('`and` = "alpha"'), '01,06');
    assert.equal(await ids('`12` > 3'), '05,06');
  });
  test('several where strings are AND-ed; empty filter is TRUE', async () => {
    assert.equal(await ids({ where: ['n > 10', 'ok'] }), '03,06');
    assert.deepEqual(compileFilter(SCHEMA, {}), { sql: 'TRUE', params: [] });
  });
  test('scalar functions in where', async () => {
    assert.equal(await ids('year(d) = 2020'), '01,02');
    assert.equal(await ids('month(dt) = 1'), '01');
    assert.equal(await ids({ where: ['month(dt) = 1'], timezone: 'Europe/Paris' }), '01,03');
    assert.equal(await ids('length(name) > 5'), '03,04');
    assert.equal(await ids('lower(name) = "paris"'), '01,06');
    assert.equal(await ids('n * 2 + 1 = 21'), '01');
    assert.equal(await ids('n / 0 is null'), '01,02,03,04,05,06');
    assert.equal(await ids('ifnull(x, 0) = 0'), '03');
    assert.equal(await ids('dt < now()'), '01,02,03,05,06');
    assert.equal(await ids('dt > now(years=-100)'), '01,02,03,05,06');
  });
});

describe('refine and exclude', () => {
  test('equality, multivalued membership, date prefixes, negation', async () => {
    assert.equal(await ids({ refine: ['name:Paris'] }), '01,06');
    assert.equal(await ids({ refine: ['name:"Paris"'] }), '01,06');
    assert.equal(await ids({ refine: ['tags:b'] }), '01,02');
    assert.equal(await ids({ refine: ['n:20'] }), '02');
    assert.equal(await ids({ refine: ['ok:true'] }), '01,03,06');
    assert.equal(await ids({ refine: ['d:2020'] }), '01,02');
    assert.equal(await ids({ refine: ['d:2020/06'] }), '02');
    assert.equal(await ids({ refine: ['d:2020-06-30'] }), '02');
    assert.equal(await ids({ refine: ['dt:2021'] }), '06');
    assert.equal(await ids({ refine: ['dt:2021'], timezone: 'Europe/Paris' }), '03,06');
    assert.equal(await ids({ exclude: ['name:Paris'] }), '02,03,04,05', 'nulls are kept');
    assert.equal(await ids({ exclude: ['tags:a'] }), '02,03,04,05');
    assert.equal(await ids({ refine: ['tags:a'], exclude: ['n:60'] }), '01');
    assert.equal(await ids({ refine: ['name:Paris', 'tags:b'], skipRefineOn: 'name' }), '01,02');
    assert.equal(await ids({ exclude: ['name:Paris'], skipRefineOn: 'name' }), '01,02,03,04,05,06');
  });
  test('unknown field → OdsqlError of the refine / exclude clause', () => {
    rejects(() => compileFilter(SCHEMA, { refine: ['nope:1'] }), 'refine', /Unknown field: nope\./);
    rejects(() => compileFilter(SCHEMA, { exclude: ['nope:1'] }), 'exclude', /Unknown field: nope/);
    rejects(() => compileFilter(SCHEMA, { refine: ['__id:01'] }), 'refine', /Unknown field: __id/);
    rejects(() => compileFilter(SCHEMA, { refine: ['d:soon'] }), 'refine');
  });
});

describe('select', () => {
  test('default is every field, never the hidden columns', async () => {
    const c = compileRecords(SCHEMA, { limit: 1 });
    const rows = await fx.rows(c.sql, c.params);
    assert.deepEqual(Object.keys(rows[0]).sort(), SCHEMA.fields.map((f) => f.name).sort());
    assert.deepEqual(
      c.columns.map((x) => x.type),
      [
        'text',
        'text[]',
        'int',
        'double',
        'boolean',
        'date',
        'datetime',
        'geo_point_2d',
        'geo_shape',
        'json_blob',
        'text',
        'int',
      ],
    );
    assert.equal(c.grouped, false);
  });
  test('fields, aliases, expressions named as written', async () => {
    const rows = await q({
      select: 'name AS nom, n*2 as double_n, year(d), length( name )',
      where: 'n = 10',
    });
    assert.deepEqual(rows, [{ nom: 'Paris', double_n: 20, 'year(d)': 2020, 'length( name )': 5 }]);
  });
  test('include() / exclude() patterns', async () => {
    const a = compileRecords(SCHEMA, { select: 'exclude(n), exclude(s*), exclude(t*)' });
    assert.deepEqual(
      a.columns.map((c) => c.key),
      ['name', 'x', 'ok', 'd', 'dt', 'pt', 'meta', 'and', '12'],
    );
    const b = compileRecords(SCHEMA, { select: 'include(d*)' });
    assert.deepEqual(
      b.columns.map((c) => c.key),
      ['d', 'dt'],
    );
    const c = compileRecords(SCHEMA, { select: 'name, include(x)' });
    assert.deepEqual(
      c.columns.map((x) => x.key),
      ['name', 'x'],
    );
  });
  test('date_format with names per lang, in the time zone', async () => {
    const fr = await q({
      select: "date_format(dt, 'EEEE d MMMM yyyy, HH:mm') as f",
      where: 'n = 20',
      timezone: 'Europe/Paris',
    });
    assert.equal(fr[0].f, 'mercredi 1 juillet 2020, 00:30');
    const en = await q({ select: "date_format(dt, 'EEE dd MMM yy') as f", where: 'n = 20', lang: 'en' });
    assert.equal(en[0].f, 'Tue 30 Jun 20');
    const lit = await q({ select: `date_format(d, "yyyy-MM-dd'T'''") as f`, where: 'n = 10' });
    assert.equal(lit[0].f, "2020-01-15T'");
    const nul = await q({ select: "date_format(d, 'yyyy') as f", where: 'n is null' });
    assert.equal(nul[0].f, null);
  });
  test('distance() in metres, and ordering by it', async () => {
    const rows = await q({
      select: "name, distance(pt, geom'POINT(2.35 48.85)') as dist",
      where: 'dist < 0 or n < 60',
      orderBy: 'dist',
    }).catch(() => null);
    assert.equal(rows, null, 'an alias is not a field in where');
    const r = await q({
      select: "name, distance(pt, geom'POINT(2.35 48.85)') as dist",
      orderBy: 'dist',
      limit: 2,
    });
    assert.equal(r[0].dist, 0);
    assert.ok(Math.abs(Number(r[1].dist) - 1331) < 1);
  });
  test('aggregates without group_by: one row, total_count kept', async () => {
    const c = compileRecords(SCHEMA, {
      select:
        'count(*) as total, count(x), count(distinct name), sum(n), avg(n), min(d), max(dt), median(n), percentile(n, 90)',
    });
    assert.equal(c.grouped, false);
    const rows = await fx.rows(c.sql, c.params);
    assert.equal(rows.length, 1);
    const r = rows[0];
    assert.equal(r.total, 6);
    assert.equal(r['count(x)'], 5);
    assert.equal(r['count(distinct name)'], 4);
    assert.equal(r['sum(n)'], 170);
    assert.equal(r['avg(n)'], 34);
    assert.equal(iso(r['min(d)']), '2019-12-31T00:00:00.000Z');
    assert.equal(iso(r['max(dt)']), '2021-07-14T10:00:00.000Z');
    assert.equal(r['median(n)'], 30);
    assert.equal(r['percentile(n, 90)'], 56);
    const count = await fx.rows(c.countSql, c.countParams);
    assert.equal(Number(count[0].total_count), 6);
  });
});

describe('group_by', () => {
  test('a field: null group kept (first), group key first, select aggregates', async () => {
    const c = compileRecords(SCHEMA, { groupBy: 'name', select: 'count(*) as count' });
    assert.equal(c.grouped, true);
    assert.deepEqual(c.columns, [
      { key: 'name', type: 'text' },
      { key: 'count', type: 'int' },
    ]);
    const rows = await fx.rows(c.sql, c.params);
    assert.deepEqual(rows[0], { name: null, count: 1 });
    assert.deepEqual(
      rows.find((r) => r.name === 'Paris'),
      { name: 'Paris', count: 2 },
    );
    assert.equal(
      rows.reduce((s, r) => s + Number(r.count), 0),
      6,
    );
  });
  test('without select, the result is the group keys', async () => {
    const rows = await q({ groupBy: 'ok' });
    assert.deepEqual(rows, [{ ok: null }, { ok: false }, { ok: true }]);
  });
  test('a selected field that is not a group key is an error', () => {
    rejects(() => compileRecords(SCHEMA, { groupBy: 'name', select: 'n' }), 'select', /Field n/);
    rejects(() => compileRecords(SCHEMA, { select: 'name, count(*)' }), 'select', /Field name/);
  });
  test('expressions as x, date functions in a time zone', async () => {
    const utc = await q({ groupBy: 'year(dt) as y', select: 'count(*) as c' });
    assert.deepEqual(utc, [
      { y: null, c: 1 },
      { y: 2019, c: 1 },
      { y: 2020, c: 3 },
      { y: 2021, c: 1 },
    ]);
    const paris = await q({ groupBy: 'year(dt) as y', select: 'count(*) as c', timezone: 'Europe/Paris' });
    assert.deepEqual(paris, [
      { y: null, c: 1 },
      { y: 2019, c: 1 },
      { y: 2020, c: 2 },
      { y: 2021, c: 2 },
    ]);
    const hours = await q({
      groupBy: 'hour(dt) as h',
      select: 'count(*) as c',
      timezone: 'America/New_York',
      where: 'n = 10',
    });
    assert.deepEqual(hours, [{ h: 19, c: 1 }]);
  });
  test('the group expression can be repeated in select', async () => {
    const rows = await q({ groupBy: 'year(d)', select: 'year(d), count(*) as c', where: 'd is not null' });
    assert.deepEqual(rows, [
      { 'year(d)': 2019, c: 1 },
      { 'year(d)': 2020, c: 2 },
      { 'year(d)': 2021, c: 2 },
    ]);
  });
  test('date_format keys', async () => {
    const rows = await q({
      groupBy: "date_format(d, 'yyyy-MM') as m",
      select: 'count(*) as c',
      where: 'd is not null',
    });
    assert.deepEqual(
      rows.map((r) => r.m),
      ['2019-12', '2020-01', '2020-06', '2021-02', '2021-07'],
    );
  });
  test('multivalued fields group by element', async () => {
    const rows = await q({ groupBy: 'tags', select: 'count(*) as c' });
    assert.deepEqual(rows, [
      { tags: 'a', c: 2 },
      { tags: 'b', c: 2 },
      { tags: 'c', c: 1 },
    ]);
  });
  test('range(f, step): "[lo, hi]" keys for ints, "[lo, hi[" for doubles', async () => {
    const rows = await q({ groupBy: 'range(n, 25)', select: 'count(*) as c' });
    assert.deepEqual(rows, [
      { 'range(n, 25)': null, c: 1 },
      { 'range(n, 25)': '[0, 24]', c: 2 },
      { 'range(n, 25)': '[25, 49]', c: 1 },
      { 'range(n, 25)': '[50, 74]', c: 2 },
    ]);
    const d = await q({ groupBy: 'range(x, 2.5) as r', select: 'count(*) as c', where: 'x < 5' });
    assert.deepEqual(d, [
      { r: '[-2.5, 0.0[', c: 1 },
      { r: '[0.0, 2.5[', c: 1 },
      { r: '[2.5, 5.0[', c: 2 },
    ]);
  });
  test('static range(f, *, a, b, *) and without stars', async () => {
    const rows = await q({ groupBy: 'range(n, *, 20, 50, *) as r', select: 'count(*) as c' });
    assert.deepEqual(rows, [
      { r: null, c: 1 },
      { r: '[*, 19]', c: 1 },
      { r: '[20, 49]', c: 2 },
      { r: '[50, *]', c: 2 },
    ]);
    const inner = await q({
      groupBy: 'range(n, 20, 50) as r',
      select: 'count(*) as c',
      where: 'n is not null',
    });
    assert.deepEqual(inner, [{ r: '[20, 49]', c: 2 }]);
    const dates = await q({
      groupBy: "range(d, *, date'2020-06-01', *) as r",
      select: 'count(*) as c',
      where: 'd is not null',
    });
    assert.deepEqual(dates, [
      { r: '[*, 2020-06-01T00:00:00.000Z[', c: 2 },
      { r: '[2020-06-01T00:00:00.000Z, *[', c: 3 },
    ]);
  });
  test('range(date, 1 month) etc.: the bucket start, in the time zone', async () => {
    const rows = await q({
      groupBy: 'range(dt, 1 month) as m',
      select: 'count(*) as c',
      timezone: 'Europe/Paris',
      where: 'dt is not null',
    });
    assert.deepEqual(
      rows.map((r) => [iso(r.m), r.c]),
      [
        ['2019-12-01T00:00:00.000Z', 1],
        ['2020-01-01T00:00:00.000Z', 1],
        ['2020-07-01T00:00:00.000Z', 1],
        ['2021-01-01T00:00:00.000Z', 1],
        ['2021-07-01T00:00:00.000Z', 1],
      ],
    );
    const c = compileRecords(SCHEMA, { groupBy: 'range(d, 1y) as y' });
    assert.deepEqual(c.columns, [{ key: 'y', type: 'date' }]);
    const years = await fx.rows(c.sql, c.params);
    assert.deepEqual(
      years.map((r) => iso(r.y)),
      [null, '2019-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z', '2021-01-01T00:00:00.000Z'],
    );
    const days = await q({ groupBy: 'range(dt, 12 h) as b', select: 'count(*) as c', where: 'n = 10' });
    assert.equal(iso(days[0].b), '2020-01-01T00:00:00.000Z');
    for (const u of ['ms', 's', 'm', 'h', 'd', 'w', 'M', 'q', 'y', '2 days', '1 week']) {
      const r = await q({ groupBy: `range(dt, ${/\d/.test(u) ? u : '1' + u})`, select: 'count(*) as c' });
      assert.equal(
        r.reduce((s, x) => s + Number(x.c), 0),
        6,
        u,
      );
    }
    rejects(() => compileRecords(SCHEMA, { groupBy: 'range(dt, 2 months)' }), 'group_by', /more than one/);
  });
  test('geo_cluster: centroid per cell, counts add up to the total', async () => {
    for (const zoom of [0, 3, 8, 12, 25]) {
      const c = compileRecords(SCHEMA, { groupBy: `geo_cluster(pt, ${zoom})`, select: 'count(*) as count' });
      assert.equal(c.columns[0].type, 'geo_cluster');
      const rows = await fx.rows(c.sql, c.params);
      assert.equal(
        rows.reduce((s, r) => s + Number(r.count), 0),
        6,
        `zoom ${zoom}`,
      );
    }
    const rows = await q({
      groupBy: 'geo_cluster(pt, 5) as g',
      select: 'count(*) as count',
      where: 'pt is not null',
      orderBy: 'count desc',
    });
    assert.deepEqual(
      rows.map((r) => r.count),
      [3, 1, 1],
    );
    const paris = /** @type {any} */ (rows[0].g).cluster_centroid;
    assert.ok(Math.abs(paris.lat - 48.85) < 1e-9 && Math.abs(paris.lon - 2.35) < 1e-9);
    assert.deepEqual(Object.keys(/** @type {any} */ (rows[0].g)), ['cluster_centroid']);
  });
  test('several keys', async () => {
    const rows = await q({ groupBy: 'ok, year(d) as y', select: 'count(*) as c', where: 'ok is not null' });
    assert.deepEqual(rows, [
      { ok: false, y: 2019, c: 1 },
      { ok: false, y: 2020, c: 1 },
      { ok: true, y: 2020, c: 1 },
      { ok: true, y: 2021, c: 2 },
    ]);
  });
});

describe('order_by', () => {
  test('fields asc/desc with nulls last in both directions', async () => {
    const asc = await q({ select: 'n', orderBy: 'n' });
    assert.deepEqual(
      asc.map((r) => r.n),
      [10, 20, 30, 50, 60, null],
    );
    const desc = await q({ select: 'n', orderBy: 'n DESC' });
    assert.deepEqual(
      desc.map((r) => r.n),
      [60, 50, 30, 20, 10, null],
    );
  });
  test('a field that is not selected, several keys, aliases', async () => {
    const rows = await q({ select: 'name', orderBy: 'ok desc, x asc', where: 'ok is not null' });
    assert.deepEqual(
      rows.map((r) => r.name),
      ['Paris', 'Paris', 'Éléphant rouge', null, 'Lyon'],
    );
    const al = await q({ select: 'n * -1 as m', orderBy: 'm', where: 'n is not null' });
    assert.deepEqual(
      al.map((r) => r.m),
      [-60, -50, -30, -20, -10],
    );
  });
  test('aggregates and aggregate aliases in grouped queries', async () => {
    const a = await q({ groupBy: 'name', select: 'count(*) as c', orderBy: 'c desc, name' });
    assert.deepEqual(a[0], { name: 'Paris', c: 2 });
    const b = await q({
      groupBy: 'name',
      select: 'count(*) as c',
      orderBy: 'sum(n) desc',
      where: 'name is not null',
    });
    assert.deepEqual(
      b.map((r) => r.name),
      ['Paris', 'Éléphant rouge', 'Lyon', `O'Brien "quoted" x' OR 1=1 --`],
    );
    const c = await q({ groupBy: 'name', select: 'count(*)', orderBy: 'count(*) desc, name desc' });
    assert.deepEqual(
      c.map((r) => r.name),
      ['Paris', 'Éléphant rouge', `O'Brien "quoted" x' OR 1=1 --`, 'Lyon', null],
    );
  });
  test('aggregate orderings must precede field orderings', () => {
    rejects(
      () => compileRecords(SCHEMA, { groupBy: 'name', orderBy: 'name, count(*)' }),
      'order_by',
      /before/,
    );
    rejects(
      () => compileRecords(SCHEMA, { groupBy: 'name', select: 'count(*) as c', orderBy: 'name, c' }),
      'order_by',
    );
  });
  test('random(seed) is stable for a seed', async () => {
    const a = await q({ select: 'n', orderBy: 'random(7)' });
    const b = await q({ select: 'n', orderBy: 'random(7)' });
    assert.deepEqual(a, b);
    assert.equal(a.length, 6);
  });
  test('limit and offset; limit -1 = no limit', async () => {
    assert.deepEqual(
      (await q({ select: 'n', orderBy: 'n', limit: 2, offset: 1 })).map((r) => r.n),
      [20, 30],
    );
    assert.equal((await q({ select: 'n', limit: -1 })).length, 6);
    assert.equal((await q({ select: 'n', limit: 0 })).length, 0);
  });
});

describe('errors', () => {
  test('the recorded unknown field message, word for word', () => {
    rejects(
      () => compileRecords(SCHEMA, { select: 'no_such_field' }),
      'select',
      /^ODSQL query is malformed: Unknown field: no_such_field\. Clause\(s\) containing the error\(s\): select\.$/,
    );
  });
  test('each clause names itself', () => {
    rejects(() => compileRecords(SCHEMA, { where: ['nope = 1'] }), 'where', /Unknown field: nope/);
    rejects(() => compileRecords(SCHEMA, { groupBy: 'nope' }), 'group_by', /Unknown field: nope/);
    rejects(() => compileRecords(SCHEMA, { orderBy: 'nope' }), 'order_by', /Unknown field: nope/);
    rejects(() => compileRecords(SCHEMA, { where: ['__text = "x"'] }), 'where', /Unknown field: __text/);
    rejects(() => compileRecords(SCHEMA, { select: '__id' }), 'select', /Unknown field: __id/);
    rejects(
      () => compileRecords(SCHEMA, { select: '`__geo_shape`' }),
      'select',
      /Unknown field: __geo_shape/,
    );
  });
  test('syntax errors say where and what was expected', () => {
    rejects(
      () => parse('state = ', 'where'),
      'where',
      /position 9 .*expected a value.* but found the end of the expression/,
    );
    rejects(() => parse('n in [1..', 'where'), 'where', /Syntax error/);
    rejects(() => parse('count(', 'select'), 'select', /Syntax error/);
    rejects(() => parse('x asc desc', 'order_by'), 'order_by', /expected "," or the end of the expression/);
    rejects(() => parse('a b', 'group_by'), 'group_by', /found "b"/);
    rejects(() => compileRecords(SCHEMA, { where: ['"unterminated'] }), 'where');
  });
  test('aggregates where they are not allowed, type errors', () => {
    rejects(
      () => compileRecords(SCHEMA, { where: ['count(*) > 1'] }),
      'where',
      /not allowed in the where clause/,
    );
    rejects(() => compileRecords(SCHEMA, { groupBy: 'count(*)' }), 'group_by', /not allowed/);
    rejects(
      () => compileRecords(SCHEMA, { select: 'sum(name)' }),
      'select',
      /StatAggregation only supports numeric or date expression\./,
    );
    rejects(() => compileRecords(SCHEMA, { select: 'avg(d)' }), 'select', /StatAggregation/);
    rejects(() => compileRecords(SCHEMA, { select: 'sum(count(*))' }), 'select', /nested/);
    rejects(() => compileRecords(SCHEMA, { where: ['name'] }), 'where', /not a boolean field/);
    rejects(() => compileRecords(SCHEMA, { where: ['n = "abc"'] }), 'where', /Invalid number/);
    rejects(() => compileRecords(SCHEMA, { where: ['n = name'] }), 'where', /Cannot compare/);
    rejects(() => compileRecords(SCHEMA, { where: ["d > date'2020-13-01'"] }), 'where', /Invalid date/);
    rejects(() => compileRecords(SCHEMA, { select: 'name + 1' }), 'select', /only applies to numbers/);
    rejects(() => compileRecords(SCHEMA, { select: 'year(name)' }), 'select', /date or datetime/);
    rejects(
      () => compileRecords(SCHEMA, { select: 'frobnicate(n)' }),
      'select',
      /Unknown function: frobnicate/,
    );
    rejects(
      () => compileRecords(SCHEMA, { where: ['in_bbox(name, 1, 2, 3, 4)'] }),
      'where',
      /not a geographic field/,
    );
    rejects(
      () => compileRecords(SCHEMA, { where: ["within_distance(pt, geom'POINT(1 2)', 3 parsecs)"] }),
      'where',
      /unit/,
    );
    rejects(
      () => compileRecords(SCHEMA, { select: "date_format(d, 'yyyy-QQ')" }),
      'select',
      /Unsupported symbol/,
    );
    rejects(() => compileRecords(SCHEMA, { groupBy: 'geo_cluster(pt, 30)' }), 'group_by', /zoom/);
    rejects(() => compileRecords(SCHEMA, { groupBy: 'range(name, 10)' }), 'group_by');
    rejects(() => compileRecords(SCHEMA, { groupBy: 'range(n, 50, 10)' }), 'group_by', /increasing/);
    rejects(() => compileRecords(SCHEMA, { select: 'random(1)' }), 'select');
    rejects(() => compileRecords(SCHEMA, { select: 'percentile(n, 150)' }), 'select');
  });
  test('an unknown time zone is a ParamError', () => {
    assert.throws(
      () => compileRecords(SCHEMA, { timezone: 'Mars/Olympus' }),
      (/** @type {any} */ e) =>
        e instanceof ParamError &&
        e.message === 'Invalid value for timezone API parameter: Mars/Olympus is not a valid timezone.',
    );
    assert.throws(() => compileFilter(SCHEMA, { timezone: "UTC'; DROP TABLE ds_t; --" }), ParamError);
    assert.doesNotThrow(() => compileRecords(SCHEMA, { timezone: 'America/Argentina/Buenos_Aires' }));
  });
});

describe('injection', () => {
  test('hostile values are bound, never executed', async () => {
    const attempts = [
      `name = "x' OR 1=1 --"`,
      `name = 'x" OR 1=1 --'`,
      `"); DROP TABLE ds_t; --`,
      `name = "'); DROP TABLE ds_t; --"`,
      `search(name, "') OR TRUE --")`,
      `startswith(name, "'||(SELECT 1)||'")`,
    ];
    for (const w of attempts) {
      /** @type {ReturnType<typeof compileRecords>} */
      let c;
      try {
        c = compileRecords(SCHEMA, { where: [w], select: 'name' });
      } catch (e) {
        assert.ok(e instanceof OdsqlError, w);
        continue;
      }
      assert.ok(!c.sql.includes('DROP'), w);
      assert.ok(!c.sql.includes('1=1'), w);
      assert.deepEqual(await fx.rows(c.sql, c.params), [], w);
    }
    const exact = await q({ where: [`name = 'O\\'Brien "quoted" x\\' OR 1=1 --'`], select: 'n, x' });
    assert.deepEqual(exact, [{ n: null, x: 4 }], 'the hostile value itself is matched exactly');
    const r = await q({ refine: ["name:x' OR 1=1 --"], exclude: ['name:"); DROP TABLE ds_t; --'] });
    assert.deepEqual(r, []);
    assert.equal((await fx.rows('SELECT count(*) AS n FROM ds_t'))[0].n, 6, 'the table still exists');
  });
  test('backquoted names with quotes are unknown fields, aliases are quoted identifiers', async () => {
    rejects(
      () => compileRecords(SCHEMA, { where: ['`name"; DROP TABLE ds_t; --` = 1'] }),
      'where',
      /Unknown field/,
    );
    rejects(() => compileRecords(SCHEMA, { select: '`n" FROM ds_t; --`' }), 'select', /Unknown field/);
    const c = compileRecords(SCHEMA, { select: 'n as `a"; DROP TABLE ds_t; --`', where: ['n = 10'] });
    assert.deepEqual(await fx.rows(c.sql, c.params), [{ 'a"; DROP TABLE ds_t; --': 10 }]);
    rejects(() => compileRecords(SCHEMA, { select: 'count(*) /* "x" */' }), 'select', /Syntax error/);
    const k = compileRecords(SCHEMA, { select: 'count(*) + 0 as x' }).columns;
    assert.equal(k.length, 1);
    assert.equal((await fx.rows('SELECT count(*) AS n FROM ds_t'))[0].n, 6);
  });
});

describe('parse', () => {
  test('typed syntax trees; keywords are case-insensitive, spaces optional', () => {
    const a = parse('N>1AND(ok OR NOT"x")', 'where');
    assert.equal(a.type, 'and');
    assert.equal(a.left.type, 'cmp');
    assert.equal(a.right.type, 'or');
    const s = parse('count(*) AS total, `12`, include(n*)', 'select');
    assert.deepEqual(
      s.map((/** @type {any} */ i) => i.type),
      ['item', 'item', 'include'],
    );
    assert.equal(s[0].text, 'count(*)');
    assert.equal(s[0].alias, 'total');
    const o = parse('sum(n) desc, name', 'order_by');
    assert.deepEqual(
      o.map((/** @type {any} */ i) => i.desc),
      [true, false],
    );
  });
});
