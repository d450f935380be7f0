// @ts-check
/**
 * Property: whatever the text of a clause, compileRecords either throws OdsqlError / ParamError
 * or returns SQL that DuckDB runs without error.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createFixture, SCHEMA } from './fixture.js';
import { compileRecords, OdsqlError, ParamError } from './index.js';

/** @type {Awaited<ReturnType<typeof createFixture>>} */
let fx;
before(async () => {
  fx = await createFixture();
});
after(() => fx.close());

const WORDS = [
  // fields (and hidden / unknown ones)
  'name',
  'tags',
  'n',
  'x',
  'ok',
  'd',
  'dt',
  'pt',
  'shape',
  'meta',
  '`and`',
  '`12`',
  '__id',
  '__text',
  'nope',
  // keywords
  'and',
  'or',
  'not',
  'in',
  'is',
  'null',
  'true',
  'false',
  'as',
  'asc',
  'desc',
  'like',
  'distinct',
  // literals
  '"Paris"',
  "'b'",
  '"x\' OR 1=1 --"',
  '1',
  '0',
  '-3',
  '2.5',
  '1e400',
  "date'2020'",
  "date'2020-06-30T12:00'",
  "date'2020-02-30'",
  "geom'POINT(2.35 48.85)'",
  "geom'POLYGON((0 0,1 1,1 0,0 0))'",
  '10km',
  '1 month',
  '2 days',
  '5 M',
  // functions
  'count(',
  'sum(',
  'avg(',
  'min(',
  'max(',
  'median(',
  'percentile(',
  'year(',
  'month(',
  'hour(',
  'date_format(',
  'lower(',
  'length(',
  'ifnull(',
  'now(',
  'distance(',
  'search(',
  'suggest(',
  'startswith(',
  'in_bbox(',
  'within_distance(',
  'range(',
  'geo_cluster(',
  'random(',
  'include(',
  'exclude(',
  "'yyyy-MM EEEE'",
  // punctuation
  '(',
  ')',
  ',',
  '*',
  '+',
  '-',
  '/',
  '=',
  '!=',
  '<>',
  '<',
  '>=',
  '[',
  ']',
  '..',
  ':',
  '`',
  '"',
  "'",
];

const soup = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 12 }).map((w) => w.join(' '));
const text = fc.oneof(
  soup,
  soup,
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);
const clause = fc.constantFrom('select', 'where', 'groupBy', 'orderBy', 'refine', 'exclude');

test('random clauses: an OdsqlError / ParamError, or SQL that DuckDB runs', async () => {
  let ran = 0;
  await fc.assert(
    fc.asyncProperty(clause, text, fc.constantFrom('UTC', 'Europe/Paris'), async (which, t, tz) => {
      /** @type {any} */
      const opts = { timezone: tz, limit: 5 };
      if (which === 'where') opts.where = [t];
      else if (which === 'refine' || which === 'exclude') opts[which] = [`${t}`];
      else opts[which] = t;
      let c;
      try {
        c = compileRecords(SCHEMA, opts);
      } catch (e) {
        if (e instanceof OdsqlError || e instanceof ParamError) return;
        throw e;
      }
      await fx.rows(c.sql, c.params);
      if (!c.grouped) await fx.rows(c.countSql, c.countParams);
      ran++;
    }),
    { numRuns: 300, seed: 42 },
  );
  assert.ok(ran > 10, `only ${ran} queries were valid`);
  assert.equal((await fx.rows('SELECT count(*) AS n FROM ds_t'))[0].n, 6);
});

test('well-formed random where clauses always run', async () => {
  const field = fc.constantFrom('n', 'x', '`12`');
  const num = fc.oneof(fc.integer({ min: -100, max: 100 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }));
  const cmp = fc
    .tuple(field, fc.constantFrom('=', '!=', '<', '<=', '>', '>='), num)
    .map(([f, op, v]) => `${f} ${op} ${v}`);
  const str = fc.string({ maxLength: 15 }).map((s) => JSON.stringify(s));
  const pred = fc.oneof(
    cmp,
    str,
    str.map((s) => `name = ${s}`),
    str.map((s) => `search(name, ${s})`),
    str.map((s) => `startswith(*, ${s})`),
  );
  const where = fc.array(pred, { minLength: 1, maxLength: 4 }).chain((ps) =>
    fc
      .array(fc.constantFrom(' AND ', ' OR ', ' AND NOT '), {
        minLength: ps.length - 1,
        maxLength: ps.length - 1,
      })
      .map((ops) => ps.reduce((acc, p, i) => (i === 0 ? p : acc + ops[i - 1] + p), '')),
  );
  await fc.assert(
    fc.asyncProperty(where, async (w) => {
      const c = compileRecords(SCHEMA, { where: [w], select: 'count(*) as n' });
      const rows = await fx.rows(c.sql, c.params);
      assert.ok(Number(rows[0].n) <= 6);
    }),
    { numRuns: 150, seed: 7 },
  );
});
