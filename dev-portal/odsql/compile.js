// @ts-check
/**
 * Whole queries: filters (where + refine + exclude), records (select / group_by / order_by /
 * limit / offset) and their counts.
 */
import { OdsqlError, SemanticError } from './errors.js';
import { parse } from './parser.js';
import { raw, cat, join, bindText, bindNum, ident } from './sql.js';
import { checkTimezone, refinePrefix, parseDateText, instantOf, LANGS } from './dates.js';
import { value, bool, canon, lookupField, dateLiteral, liftDate, AGGREGATES } from './expr.js';

/** @typedef {import('./sql.js').Frag} Frag */
/** @typedef {import('./expr.js').Val} Val */
/** @typedef {import('./expr.js').Env} Env */
/** @typedef {import('./expr.js').Field} Field */
/**
 * @typedef {object} Schema
 * @property {string} table a safe table reference (identifier or sub-query) from the server
 * @property {Field[]} fields
 */
/** @typedef {'select'|'where'|'group_by'|'order_by'|'refine'|'exclude'} Clause */

/**
 * Run `fn`, turning translation errors into OdsqlErrors of `clause`.
 * @template T
 * @param {Clause} clause
 * @param {() => T} fn
 * @returns {T}
 */
function inClause(clause, fn) {
  try {
    return fn();
  } catch (e) {
    if (e instanceof SemanticError) throw new OdsqlError(e.message, clause);
    if (e instanceof RangeError) throw new OdsqlError('The expression is too deeply nested.', clause);
    throw e;
  }
}

/**
 * @param {Schema} schema
 * @param {string} tz
 * @param {string} lang
 * @param {string} clause
 * @returns {Env}
 */
function makeEnv(schema, tz, lang, clause) {
  /** @type {Map<string, Field>} */
  const fields = new Map();
  for (const f of schema.fields) if (!f.name.startsWith('__')) fields.set(f.name, f);
  return { fields, tz, lang, clause, allowAgg: false };
}

/** @param {unknown} s */
const present = (s) => typeof s === 'string' && s.trim() !== '';

/**
 * Split a refine / exclude parameter `field:value`.
 * @param {string} spec
 * @param {Clause} clause
 */
function splitFacet(spec, clause) {
  const s = String(spec);
  const i = s.indexOf(':');
  if (i < 0) throw new OdsqlError(`Invalid ${clause} value "${s}": expected <field>:<value>.`, clause);
  let name = s.slice(0, i).trim();
  if (name.startsWith('`') && name.endsWith('`') && name.length >= 2) name = name.slice(1, -1);
  let v = s.slice(i + 1);
  const t = v.trim();
  if (t.length >= 2 && ((t[0] === '"' && t.endsWith('"')) || (t[0] === "'" && t.endsWith("'"))))
    v = t.slice(1, -1).replace(/\\(.)/g, '$1');
  return { name, value: v };
}

/**
 * Condition of one refine on `field`.
 * @param {Field} f
 * @param {string} v
 * @param {Env} env
 * @returns {Frag}
 */
function refineCondition(f, v, env) {
  const c = ident(f.name);
  if (f.multivalued) return cat(`list_contains(${c}, `, bindText(v), ')');
  switch (f.type) {
    case 'text':
      return cat(`(${c} = `, bindText(v), ')');
    case 'int':
    case 'double': {
      const t = v.trim();
      if (!/^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(t) || !Number.isFinite(Number(t))) return raw('FALSE');
      return cat(`(${c} = `, bindNum(Number(t)), ')');
    }
    case 'boolean': {
      const t = v.trim().toLowerCase();
      if (t === 'true' || t === '1') return raw(`(${c} IS TRUE)`);
      if (t === 'false' || t === '0') return raw(`(${c} IS FALSE)`);
      return raw('FALSE');
    }
    case 'date':
    case 'datetime': {
      const r = refinePrefix(v);
      if (!r)
        throw new SemanticError(
          `Invalid date value for ${f.name}: "${v}" (expected YYYY, YYYY/MM or YYYY/MM/DD).`,
        );
      const local =
        f.type === 'datetime'
          ? cat('timezone(', bindText(env.tz), `, ${c})`)
          : raw(`CAST(${c} AS TIMESTAMP)`);
      return cat(
        '(',
        local,
        ' >= CAST(',
        bindText(r.start),
        ' AS TIMESTAMP) AND ',
        local,
        ' < CAST(',
        bindText(r.end),
        ' AS TIMESTAMP))',
      );
    }
    default:
      return cat(`(CAST(${c} AS VARCHAR) = `, bindText(v), ')');
  }
}

/**
 * The boolean SQL of where + refine + exclude.
 * @param {Schema} schema
 * @param {{ where?: string[] | string, refine?: string[] | string, exclude?: string[] | string, timezone?: string, skipRefineOn?: string, lang?: string }} [opts]
 * @returns {{ sql: string, params: unknown[] }}
 */
export function compileFilter(schema, opts = {}) {
  const tz = checkTimezone(opts.timezone ?? 'UTC');
  const lang = LANGS.includes(opts.lang ?? '') ? /** @type {string} */ (opts.lang) : 'fr';
  const list = (/** @type {unknown} */ x) =>
    Array.isArray(x) ? x : x === undefined || x === null ? [] : [x];
  /** @type {Frag[]} */
  const conds = [];
  for (const w of list(opts.where)) {
    if (!present(w)) continue;
    const ast = parse(String(w), 'where');
    conds.push(inClause('where', () => bool(ast, makeEnv(schema, tz, lang, 'where'))));
  }
  for (const kind of /** @type {const} */ (['refine', 'exclude'])) {
    /** Refinements of a disjunctive facet are OR-ed together, as on a real portal. */
    /** @type {Map<string, Frag[]>} */
    const disjunctive = new Map();
    for (const spec of list(opts[kind])) {
      const { name, value: v } = splitFacet(String(spec), kind);
      const found = inClause(kind, () => {
        const env = makeEnv(schema, tz, lang, kind);
        const f = lookupField(env, name);
        if (opts.skipRefineOn !== undefined && f.name === opts.skipRefineOn) return null;
        return { f, c: refineCondition(f, v, env) };
      });
      if (!found) continue;
      const { f, c } = found;
      const a = f.annotations ?? {};
      if (kind === 'refine' && 'disjunctive' in a && a.disjunctive !== false) {
        if (!disjunctive.has(f.name)) disjunctive.set(f.name, []);
        /** @type {Frag[]} */ (disjunctive.get(f.name)).push(c);
        continue;
      }
      conds.push(kind === 'refine' ? c : cat('(NOT coalesce(', c, ', FALSE))'));
    }
    for (const ors of disjunctive.values())
      conds.push(ors.length === 1 ? ors[0] : cat('(', join(ors, ' OR '), ')'));
  }
  if (conds.length === 0) return { sql: 'TRUE', params: [] };
  const f = join(conds, ' AND ');
  return { sql: f.sql, params: f.params };
}

// ---------------------------------------------------------------------------------------------
// Group keys

/**
 * @typedef {object} GroupKey
 * @property {string} key result key
 * @property {string} canon canonical form of the expression
 * @property {Frag} inner expression computed per record (aliased "__g<i>")
 * @property {Frag} outer value in the grouped row (from "__g<i>", may aggregate)
 * @property {string} type column type for the server's encoder
 * @property {Frag | null} drop condition on "__g<i>" for records outside every bucket
 */

const TIME_UNITS = /** @type {Record<string, [string, boolean]>} */ ({
  ms: ['to_milliseconds', false],
  millisecond: ['to_milliseconds', false],
  milliseconds: ['to_milliseconds', false],
  s: ['to_seconds', false],
  second: ['to_seconds', false],
  seconds: ['to_seconds', false],
  m: ['to_minutes', false],
  minute: ['to_minutes', false],
  minutes: ['to_minutes', false],
  h: ['to_hours', false],
  hour: ['to_hours', false],
  hours: ['to_hours', false],
  d: ['to_days', true],
  day: ['to_days', true],
  days: ['to_days', true],
  w: ['week', true],
  week: ['week', true],
  weeks: ['week', true],
  M: ['month', true],
  month: ['month', true],
  months: ['month', true],
  q: ['quarter', true],
  quarter: ['quarter', true],
  quarters: ['quarter', true],
  y: ['year', true],
  year: ['year', true],
  years: ['year', true],
});

/** @param {number} n */
const fmtNum = (n) => (Object.is(n, -0) ? '0' : String(n));

/**
 * @param {any} item group_by item
 * @param {number} i
 * @param {Env} env
 * @returns {GroupKey}
 */
function groupKey(item, i, env) {
  const e = item.expr;
  const g = ident(`__g${i}`);
  const key = item.alias ?? (e.type === 'field' ? e.name : item.text);
  const c = canon(e);
  if (e.type === 'call' && e.name === 'range') return rangeKey(e, g, key, c, env);
  if (e.type === 'call' && e.name === 'geo_cluster') return clusterKey(e, g, key, c, env);
  const v = value(e, env);
  if (v.agg) throw new SemanticError('Aggregation functions are not allowed in the group_by clause.');
  if (v.type === 'text[]') {
    return { key, canon: c, inner: cat('unnest(', v, ')'), outer: raw(g), type: 'text', drop: null };
  }
  return { key, canon: c, inner: v, outer: raw(g), type: v.type === 'null' ? 'text' : v.type, drop: null };
}

/**
 * range(field, step) / range(date, 1 month) / range(field, *, 10, 50, *).
 * @param {any} e
 * @param {string} g
 * @param {string} key
 * @param {string} c
 * @param {Env} env
 * @returns {GroupKey}
 */
function rangeKey(e, g, key, c, env) {
  const args = e.args;
  if (args.length < 2) throw new SemanticError('Function range() expects a field and a width or bounds.');
  if (args[0].type !== 'field') throw new SemanticError('The first argument of range() must be a field.');
  const f = lookupField(env, args[0].name);
  const x = value(args[0], env);
  const isNum = f.type === 'int' || f.type === 'double';
  const isDate = f.type === 'date' || f.type === 'datetime';
  if (!isNum && !isDate)
    throw new SemanticError('range() only applies to numeric, date and datetime fields.');
  const rest = args.slice(1);
  // equal widths, numbers
  if (rest.length === 1 && rest[0].type === 'number') {
    if (!isNum) throw new SemanticError('A date range needs a time interval such as "1 month".');
    const step = rest[0].value;
    if (!(step > 0) || !Number.isFinite(step))
      throw new SemanticError('The width of range() must be a positive number.');
    const inner = cat('(floor(CAST(', x, ' AS DOUBLE) / ', bindNum(step), ') * ', bindNum(step), ')');
    const intLabels = f.type === 'int' && Number.isInteger(step) && step < 1e12;
    const outer = intLabels
      ? cat(
          `('[' || CAST(CAST(${g} AS BIGINT) AS VARCHAR) || ', ' || CAST(CAST(${g} + `,
          bindNum(step - 1),
          " AS BIGINT) AS VARCHAR) || ']')",
        )
      : cat(`('[' || CAST(${g} AS VARCHAR) || ', ' || CAST(${g} + `, bindNum(step), " AS VARCHAR) || '[')");
    return { key, canon: c, inner, outer, type: 'text', drop: null };
  }
  // equal widths, time intervals
  if (rest.length === 1 && rest[0].type === 'quantity') {
    if (!isDate) throw new SemanticError('A time interval range only applies to date and datetime fields.');
    const q = rest[0];
    const unit = TIME_UNITS[q.unit] ?? (q.unit.length > 1 ? TIME_UNITS[q.unit.toLowerCase()] : undefined);
    if (!unit)
      throw new SemanticError(`Unknown interval unit: ${q.unit} (expected ms, s, m, h, d, w, M, q or y).`);
    const n = q.value;
    if (!Number.isInteger(n) || n < 1 || n > 100000)
      throw new SemanticError('The interval of range() must be a positive integer.');
    const [fn, dayOrMore] = unit;
    if (['week', 'month', 'quarter', 'year'].includes(fn) && n > 1) {
      throw new SemanticError('An interval of more than one week, month, quarter or year is not supported.');
    }
    const local =
      f.type === 'datetime'
        ? cat('timezone(', bindText(env.tz), ', ', x, ')')
        : cat('CAST(', x, ' AS TIMESTAMP)');
    let inner;
    if (fn === 'week') inner = cat('time_bucket(to_weeks(1), ', local, ')');
    else if (fn === 'month' || fn === 'quarter' || fn === 'year')
      inner = cat(`date_trunc('${fn}', `, local, ')');
    else if (f.type === 'date' && !dayOrMore) inner = local;
    else inner = cat(`time_bucket(${fn}(${n}), `, local, ')');
    if (f.type === 'date')
      return {
        key,
        canon: c,
        inner: cat('CAST(', inner, ' AS DATE)'),
        outer: raw(g),
        type: 'date',
        drop: null,
      };
    return { key, canon: c, inner, outer: raw(g), type: 'datetime', drop: null };
  }
  // static bounds
  const lead = rest[0].type === 'star';
  const trail = rest.length > 1 && rest[rest.length - 1].type === 'star';
  const bounds = rest.slice(lead ? 1 : 0, trail ? -1 : undefined);
  if (bounds.length === 0) throw new SemanticError('range() needs at least one bound.');
  /** @type {Frag[]} */
  const bsql = [];
  /** @type {string[]} */
  let labelsOf;
  /** @type {number[]} */
  const order = [];
  if (isNum) {
    const nums = bounds.map((/** @type {any} */ b) => {
      if (b.type !== 'number' || !Number.isFinite(b.value))
        throw new SemanticError('The bounds of a numeric range() must be numbers or "*".');
      return b.value;
    });
    nums.forEach((n) => {
      bsql.push(bindNum(n));
      order.push(n);
    });
    const ints = f.type === 'int' && nums.every((n) => Number.isInteger(n));
    labelsOf = ints
      ? [
          `[*, ${fmtNum(nums[0] - 1)}]`,
          ...nums.slice(1).map((n, i) => `[${fmtNum(nums[i])}, ${fmtNum(n - 1)}]`),
          `[${fmtNum(nums[nums.length - 1])}, *]`,
        ]
      : [
          `[*, ${fmtNum(nums[0])}[`,
          ...nums.slice(1).map((n, i) => `[${fmtNum(nums[i])}, ${fmtNum(n)}[`),
          `[${fmtNum(nums[nums.length - 1])}, *[`,
        ];
  } else {
    const isos = bounds.map((/** @type {any} */ b) => {
      if (b.type !== 'date' && b.type !== 'string')
        throw new SemanticError(
          'The bounds of a date range() must be dates such as date\'2020-01-01\', or "*".',
        );
      const p = parseDateText(b.value);
      const t = instantOf(p, env.tz);
      bsql.push(liftDate(dateLiteral(b.value, env), env));
      order.push(t.getTime());
      return t.toISOString();
    });
    labelsOf = [
      `[*, ${isos[0]}[`,
      ...isos.slice(1).map((s, i) => `[${isos[i]}, ${s}[`),
      `[${isos[isos.length - 1]}, *[`,
    ];
  }
  for (let i = 1; i < order.length; i++) {
    if (!(order[i] > order[i - 1]))
      throw new SemanticError('The bounds of range() must be in increasing order.');
  }
  const X = isNum ? cat('CAST(', x, ' AS DOUBLE)') : liftDate(x, env);
  /** @type {(string | Frag)[]} */
  const parts = ['(CASE WHEN ', X, ' IS NULL THEN NULL'];
  bsql.forEach((b, i) => {
    parts.push(' WHEN ', X, ' < ', b, ` THEN ${i === 0 ? (lead ? 0 : -1) : i}`);
  });
  parts.push(` ELSE ${trail ? bsql.length : -1} END)`);
  const inner = cat(...parts);
  /** @type {(string | Frag)[]} */
  const outerParts = [`(CASE ${g}`];
  for (let i = 0; i <= bsql.length; i++) {
    if ((i === 0 && !lead) || (i === bsql.length && !trail)) continue;
    outerParts.push(` WHEN ${i} THEN `, bindText(labelsOf[i]));
  }
  outerParts.push(' END)');
  return {
    key,
    canon: c,
    inner,
    outer: cat(...outerParts),
    type: 'text',
    drop: raw(`${g} IS DISTINCT FROM -1`),
  };
}

/**
 * geo_cluster(geo_point_field, zoom[, radius]).
 * @param {any} e
 * @param {string} g
 * @param {string} key
 * @param {string} c
 * @param {Env} env
 * @returns {GroupKey}
 */
function clusterKey(e, g, key, c, env) {
  const args = e.args;
  if (args.length < 2 || args.length > 3)
    throw new SemanticError(
      'Function geo_cluster() expects a geo field, a zoom level and an optional radius.',
    );
  if (args[0].type !== 'field')
    throw new SemanticError('The first argument of geo_cluster() must be a geo_point_2d field.');
  const f = lookupField(env, args[0].name);
  let lat;
  let lon;
  if (f.type === 'geo_point_2d') [lat, lon] = [`${ident(f.name)}.lat`, `${ident(f.name)}.lon`];
  else if (f.type === 'geo_shape')
    [lat, lon] = [`${ident('__geo_' + f.name)}.lat`, `${ident('__geo_' + f.name)}.lon`];
  else throw new SemanticError('The first argument of geo_cluster() must be a geo_point_2d field.');
  const zoom = args[1];
  if (zoom.type !== 'number' || !Number.isInteger(zoom.value) || zoom.value < 0 || zoom.value > 25) {
    throw new SemanticError('The zoom level of geo_cluster() must be an integer between 0 and 25.');
  }
  let radius = 40;
  if (args[2]) {
    if (args[2].type !== 'number' || !(args[2].value > 0) || args[2].value > 10000) {
      throw new SemanticError('The radius of geo_cluster() must be a positive number of pixels.');
    }
    radius = args[2].value;
  }
  const cell = (360 / 2 ** zoom.value) * (radius / 256);
  const inner = cat(
    `(CASE WHEN ${lat} IS NULL OR ${lon} IS NULL THEN NULL ELSE struct_pack(x := floor(${lon} / `,
    bindNum(cell),
    `), y := floor(${lat} / `,
    bindNum(cell),
    ')) END)',
  );
  const outer = raw(
    `(CASE WHEN count(${lat}) = 0 THEN NULL ELSE struct_pack(cluster_centroid := struct_pack(lat := avg(${lat}), lon := avg(${lon}))) END)`,
  );
  return { key, canon: c, inner, outer, type: 'geo_cluster', drop: null };
}

// ---------------------------------------------------------------------------------------------
// Select

/**
 * @typedef {object} Column
 * @property {string} key
 * @property {Val} val
 * @property {string} canon
 */

/** @param {string} pattern */
function patternRegex(pattern) {
  return new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
}

/**
 * Compile the select list.
 * @param {any[] | null} items
 * @param {Env} env
 * @returns {Column[]}
 */
function selectColumns(items, env) {
  const all = [...env.fields.values()];
  /** @type {Column[]} */
  const cols = [];
  const fieldCol = (/** @type {Field} */ f) => {
    const node = { type: 'field', name: f.name };
    return { key: f.name, val: value(node, env), canon: canon(node) };
  };
  if (!items) return all.map(fieldCol);
  const includes = items.filter((i) => i.type === 'include').map((i) => patternRegex(i.pattern));
  const excludes = items.filter((i) => i.type === 'exclude').map((i) => patternRegex(i.pattern));
  const explicit = items.filter((i) => i.type === 'star' || i.type === 'item');
  const base = explicit.length === 0 && includes.length === 0 ? [{ type: 'star' }] : explicit;
  for (const it of base) {
    if (it.type === 'star') cols.push(...all.map(fieldCol));
    else {
      const key = it.alias ?? (it.expr.type === 'field' ? it.expr.name : it.text);
      cols.push({ key, val: value(it.expr, env), canon: canon(it.expr) });
    }
  }
  for (const re of includes) for (const f of all) if (re.test(f.name)) cols.push(fieldCol(f));
  const kept = cols.filter(
    (c) => !(c.val.bare && c.key === c.val.bare && excludes.some((re) => re.test(c.key))),
  );
  return dedupe(kept);
}

/**
 * Keep the first column of each key (DuckDB names are case-insensitive).
 * @template {{ key: string }} T
 * @param {T[]} cols
 * @returns {T[]}
 */
function dedupe(cols) {
  const seen = new Set();
  return cols.filter((c) => {
    const k = c.key.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// Order by

/**
 * @param {any[] | null} items
 * @param {Array<{ key: string, canon: string, agg: boolean }>} outputs result columns
 * @param {Env} env environment to compile other expressions in (hidden columns)
 * @param {boolean} allowRandom
 * @returns {{ hidden: Frag[], order: string[] }}
 */
function orderColumns(items, outputs, env, allowRandom) {
  /** @type {Frag[]} */
  const hidden = [];
  /** @type {string[]} */
  const order = [];
  let sawPlain = false;
  for (const it of items ?? []) {
    const e = it.expr;
    /** @type {string} */
    let ref;
    let agg = false;
    const byName =
      e.type === 'field'
        ? (outputs.find((o) => o.key === e.name) ??
          outputs.find((o) => o.key.toLowerCase() === e.name.toLowerCase()))
        : undefined;
    const byCanon = outputs.find((o) => o.canon === canon(e));
    const byText = outputs.find((o) => o.key === it.text);
    const hit = byName ?? byCanon ?? byText;
    if (hit) {
      ref = ident(hit.key);
      agg = hit.agg;
    } else if (e.type === 'call' && e.name === 'random') {
      if (!allowRandom) throw new SemanticError('random() cannot order grouped results.');
      if (e.args.length > 1 || (e.args[0] && e.args[0].type !== 'number')) {
        throw new SemanticError('random() takes an optional numeric seed.');
      }
      const seed = e.args[0] ? e.args[0].value : 0;
      hidden.push(cat('hash(CAST("__id" AS VARCHAR) || ', bindText(String(seed)), ')'));
      ref = ident(`__o${hidden.length - 1}`);
    } else {
      const v = value(e, env);
      hidden.push(v);
      ref = ident(`__o${hidden.length - 1}`);
      agg = v.agg;
    }
    if (agg && sawPlain) {
      throw new SemanticError(
        'Aggregation orderings must come before field orderings (e.g. order_by=count(*) desc, name).',
      );
    }
    if (!agg) sawPlain = true;
    order.push(`${ref} ${it.desc ? 'DESC' : 'ASC'} NULLS LAST`);
  }
  return { hidden, order };
}

// ---------------------------------------------------------------------------------------------
// Records

/**
 * @param {unknown} n
 * @param {string} name
 */
function checkInt(n, name) {
  if (n === undefined || n === null) return null;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < -1)
    throw new TypeError(`${name} must be an integer >= -1`);
  return n;
}

/** @param {unknown} x @param {Clause} clause */
function parseClause(x, clause) {
  if (!present(x)) return null;
  return parse(String(x), /** @type {any} */ (clause));
}

/**
 * Compile a records query.
 * @param {Schema} schema
 * @param {{ select?: string, where?: string[] | string, groupBy?: string, orderBy?: string, refine?: string[] | string, exclude?: string[] | string, limit?: number, offset?: number, timezone?: string, lang?: string, withId?: boolean }} [opts]
 * @returns {{ sql: string, params: unknown[], countSql: string, countParams: unknown[], grouped: boolean, columns: Array<{ key: string, type: string }> }}
 */
export function compileRecords(schema, opts = {}) {
  const tz = checkTimezone(opts.timezone ?? 'UTC');
  const lang = LANGS.includes(opts.lang ?? '') ? /** @type {string} */ (opts.lang) : 'fr';
  const filter = compileFilter(schema, {
    where: opts.where,
    refine: opts.refine,
    exclude: opts.exclude,
    timezone: tz,
    lang,
  });
  const selectAst = parseClause(opts.select, 'select');
  const groupAst = parseClause(opts.groupBy, 'group_by');
  const orderAst = parseClause(opts.orderBy, 'order_by');
  const limit = checkInt(opts.limit, 'limit');
  const offset = checkInt(opts.offset, 'offset') ?? 0;
  const table = schema.table;
  const where = raw(filter.sql);
  where.params = filter.params;
  let tail = '';
  if (limit !== null && limit >= 0) tail += ` LIMIT ${limit}`;
  if (offset > 0) tail += ` OFFSET ${offset}`;
  const countSql = `SELECT count(*) AS total_count FROM ${table} WHERE ${filter.sql}`;
  const countParams = [...filter.params];

  if (groupAst) {
    const keys = inClause('group_by', () => {
      const env = { ...makeEnv(schema, tz, lang, 'group_by'), allowAgg: false };
      return groupAst.map((it, i) => groupKey(it, i, env));
    });
    const groupEnv = (/** @type {string} */ clause) => ({
      ...makeEnv(schema, tz, lang, clause),
      allowAgg: true,
      grouped: true,
      groupKeys: keys.map((k) => ({
        canon: k.canon,
        val: /** @type {Val} */ ({ ...k.outer, type: k.type, agg: false }),
      })),
    });
    const selected = inClause('select', () => {
      if (!selectAst) return [];
      const env = groupEnv('select');
      const items = selectAst.filter((i) => i.type === 'item');
      if (items.length !== selectAst.length)
        throw new SemanticError('"*", include() and exclude() cannot be used with group_by.');
      return items.map((it) => ({
        key: it.alias ?? (it.expr.type === 'field' ? it.expr.name : it.text),
        val: value(it.expr, env),
        canon: canon(it.expr),
      }));
    });
    const outputs = dedupe([
      ...keys.map((k) => ({ key: k.key, canon: k.canon, agg: false, sql: k.outer, type: k.type })),
      ...selected.map((s) => ({
        key: s.key,
        canon: s.canon,
        agg: s.val.agg,
        sql: /** @type {Frag} */ (s.val),
        type: s.val.type,
      })),
    ]);
    const { hidden, order } = inClause('order_by', () =>
      orderColumns(orderAst, outputs, groupEnv('order_by'), false),
    );
    const drops = keys.filter((k) => k.drop).map((k) => /** @type {Frag} */ (k.drop));
    const sql = cat(
      `SELECT ${outputs.map((o) => ident(o.key)).join(', ')} FROM (SELECT `,
      join(
        [
          ...outputs.map((o) => cat(o.sql, ` AS ${ident(o.key)}`)),
          ...hidden.map((h, i) => cat(h, ` AS ${ident(`__o${i}`)}`)),
          ...keys.map((_, i) => raw(`${ident(`__g${i}`)} AS ${ident(`__s${i}`)}`)),
        ],
        ', ',
      ),
      ' FROM (SELECT *, ',
      join(
        keys.map((k, i) => cat(k.inner, ` AS ${ident(`__g${i}`)}`)),
        ', ',
      ),
      ` FROM ${table} WHERE `,
      where,
      ') AS __t',
      drops.length ? cat(' WHERE ', join(drops, ' AND ')) : '',
      ` GROUP BY ${keys.map((_, i) => ident(`__g${i}`)).join(', ')}) AS __r ORDER BY `,
      [...order, ...keys.map((_, i) => `${ident(`__s${i}`)} ASC NULLS FIRST`)].join(', '),
      tail,
    );
    return {
      sql: sql.sql,
      params: sql.params,
      countSql,
      countParams,
      grouped: true,
      columns: outputs.map((o) => ({ key: o.key, type: o.type === 'null' ? 'text' : o.type })),
    };
  }

  // not grouped: plain records, or one row of aggregates
  const cols = inClause('select', () => {
    const env = { ...makeEnv(schema, tz, lang, 'select'), allowAgg: true };
    const cs = selectColumns(selectAst, env);
    const aggregated = cs.some((c) => c.val.agg);
    if (aggregated) {
      // every column must be an aggregate or a constant: recompile with bare fields forbidden
      const strict = { ...env, grouped: true, groupKeys: [] };
      for (const c of cs) if (!c.val.agg) c.val = value(findExpr(selectAst ?? [], c.key), strict);
    }
    return { cs, aggregated };
  });
  const outputs = cols.cs.map((c) => ({
    key: c.key,
    canon: c.canon,
    agg: c.val.agg,
    sql: c.val,
    type: c.val.type,
  }));
  const { hidden, order } = inClause('order_by', () => {
    const env = { ...makeEnv(schema, tz, lang, 'order_by'), allowAgg: cols.aggregated };
    return orderColumns(
      orderAst,
      outputs,
      cols.aggregated ? { ...env, grouped: true, groupKeys: [] } : env,
      !cols.aggregated,
    );
  });
  if (outputs.length === 0) throw new OdsqlError('The select clause selects nothing.', 'select');
  // the server's include_links needs each record's id; it is removed from the answer
  if (opts.withId && !cols.aggregated) {
    outputs.push({
      key: '__id',
      canon: '__id',
      agg: false,
      sql: /** @type {any} */ (raw('"__id"')),
      type: 'text',
    });
  }
  const inner = cat(
    'SELECT ',
    join(
      [
        ...outputs.map((o) => cat(o.sql, ` AS ${ident(o.key)}`)),
        ...hidden.map((h, i) => cat(h, ` AS ${ident(`__o${i}`)}`)),
      ],
      ', ',
    ),
    ` FROM ${table} WHERE `,
    where,
  );
  const sql = order.length
    ? cat(
        `SELECT ${outputs.map((o) => ident(o.key)).join(', ')} FROM (`,
        inner,
        `) AS __r ORDER BY ${order.join(', ')}`,
        tail,
      )
    : cat(inner, tail);
  return {
    sql: sql.sql,
    params: sql.params,
    countSql,
    countParams,
    grouped: false,
    columns: outputs.map((o) => ({ key: o.key, type: o.type === 'null' ? 'text' : o.type })),
  };
}

/**
 * The expression node of the select item with this key.
 * @param {any[]} items
 * @param {string} key
 */
function findExpr(items, key) {
  const it = items.find(
    (i) => i.type === 'item' && (i.alias ?? (i.expr.type === 'field' ? i.expr.name : i.text)) === key,
  );
  return it ? it.expr : { type: 'field', name: key };
}

export { AGGREGATES };
