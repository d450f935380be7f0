// @ts-check
/**
 * Syntax tree → typed SQL fragments, for one expression (value or boolean). Used by ./compile.js.
 *
 * Every literal is bound (`CAST(? AS …)`); identifiers are validated field names; function names,
 * keywords and strftime codes come from the tables below.
 */
import { SemanticError } from './errors.js';
import { raw, cat, join, bindText, bindNum, bindInt, ident } from './sql.js';
import { parseDateText, naiveText, dateText, namesOf, tokenizePattern } from './dates.js';

/** @typedef {import('./sql.js').Frag} Frag */
/**
 * @typedef {object} Field
 * @property {string} name
 * @property {string} type
 * @property {boolean} [multivalued]
 * @property {Record<string, unknown>} [annotations] portal annotations (facet, disjunctive, sortable…)
 */
/**
 * A compiled value. `type` is an ODS field type, 'text[]' (multivalued text), 'null' or 'boolean';
 * `agg` says whether it contains an aggregate; `lit` keeps the literal node for coercions.
 * @typedef {Frag & { type: string, agg: boolean, lit?: any, bare?: string }} Val
 */
/**
 * Compilation environment of one clause.
 * @typedef {object} Env
 * @property {Map<string, Field>} fields user-addressable fields by name
 * @property {string} tz
 * @property {string} lang
 * @property {string} clause 'select' | 'where' | 'group_by' | 'order_by'
 * @property {boolean} allowAgg aggregates accepted here
 * @property {boolean} [inAgg] inside an aggregate's argument
 * @property {Array<{ canon: string, val: Val }>} [groupKeys] grouped query: group expressions
 * @property {boolean} [grouped] fields outside aggregates must be group keys
 */

export const AGGREGATES = new Set([
  'count',
  'sum',
  'avg',
  'min',
  'max',
  'median',
  'percentile',
  'envelope',
  'bbox',
]);
const PREDICATES = new Set([
  'search',
  'suggest',
  'startswith',
  'in_bbox',
  'within_distance',
  'intersects',
  'disjoint',
  'within',
  'geometry',
  'polygon',
]);
const NUMERIC = new Set(['int', 'double']);
const DATES = new Set(['date', 'datetime']);
const GEO = new Set(['geo_point_2d', 'geo_shape']);

/** @param {string} t */
const category = (t) =>
  NUMERIC.has(t)
    ? 'number'
    : DATES.has(t)
      ? 'date'
      : t === 'text' || t === 'text[]'
        ? 'text'
        : t === 'boolean'
          ? 'boolean'
          : t === 'null'
            ? 'null'
            : 'other';

/** Canonical form of a node, for matching select / order_by expressions with group keys. */
export function canon(/** @type {any} */ node) {
  return JSON.stringify(node, (k, v) => (k === 'pos' || k === 'raw' ? undefined : v));
}

/** @param {Frag} f @param {string} type @param {boolean} [agg] @param {object} [extra] @returns {Val} */
const val = (f, type, agg = false, extra = {}) => /** @type {Val} */ ({ ...f, type, agg, ...extra });

/**
 * Look a field up; names starting with `__` are never user fields.
 * @param {Env} env
 * @param {string} name
 */
export function lookupField(env, name) {
  const f = name.startsWith('__') ? undefined : env.fields.get(name);
  if (!f) throw new SemanticError(`Unknown field: ${name}`);
  return f;
}

/** @param {Field} f */
export const fieldType = (f) => (f.multivalued ? 'text[]' : f.type);

// ---------------------------------------------------------------------------------------------
// Literals and coercions

/**
 * A date literal as SQL: a DATE when it has no time and no offset, else a TIMESTAMPTZ (a naive
 * literal is read in the request time zone).
 * @param {string} text
 * @param {Env} env
 * @returns {Val}
 */
export function dateLiteral(text, env) {
  const p = parseDateText(text);
  if (!p.hasTime && !p.offset) return val(cat('CAST(', bindText(dateText(p)), ' AS DATE)'), 'date');
  if (p.offset) return val(cat('CAST(', bindText(naiveText(p) + p.offset), ' AS TIMESTAMPTZ)'), 'datetime');
  return val(
    cat('timezone(', bindText(env.tz), ', CAST(', bindText(naiveText(p)), ' AS TIMESTAMP))'),
    'datetime',
  );
}

/**
 * A DATE value as a TIMESTAMPTZ (midnight in the request time zone).
 * @param {Val} v
 * @param {Env} env
 * @returns {Val}
 */
export function liftDate(v, env) {
  if (v.type !== 'date') return v;
  return val(cat('timezone(', bindText(env.tz), ', CAST(', v, ' AS TIMESTAMP))'), 'datetime', v.agg);
}

/**
 * Convert a literal node to the type of the other side of a comparison.
 * @param {any} lit
 * @param {string} target
 * @param {Env} env
 * @returns {Val}
 */
function coerceLiteral(lit, target, env) {
  const cat_ = category(target);
  if (lit.type === 'null') return val(raw('NULL'), 'null', false, { lit });
  if (cat_ === 'number') {
    let n = NaN;
    if (lit.type === 'number') n = lit.value;
    else if (lit.type === 'string' && /^\s*[-+]?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(lit.value))
      n = Number(lit.value);
    else if (lit.type === 'bool') n = lit.value ? 1 : 0;
    if (!Number.isFinite(n)) throw new SemanticError(`Invalid number: ${describeLiteral(lit)}`);
    return val(bindNum(n), 'double', false, { lit });
  }
  if (cat_ === 'text') {
    if (lit.type === 'string' || lit.type === 'date') return val(bindText(lit.value), 'text', false, { lit });
    if (lit.type === 'number') return val(bindText(lit.raw ?? String(lit.value)), 'text', false, { lit });
    if (lit.type === 'bool') return val(bindText(String(lit.value)), 'text', false, { lit });
  }
  if (cat_ === 'date') {
    if (lit.type === 'date' || lit.type === 'string') return { ...dateLiteral(lit.value, env), lit };
    if (lit.type === 'number' && Number.isInteger(lit.value) && lit.value > 0 && lit.value < 10000)
      return { ...dateLiteral(String(lit.value).padStart(4, '0'), env), lit };
    throw new SemanticError(`Invalid date: ${describeLiteral(lit)}`);
  }
  if (cat_ === 'boolean') {
    if (lit.type === 'bool') return val(raw(lit.value ? 'TRUE' : 'FALSE'), 'boolean', false, { lit });
    if (lit.type === 'string' && /^(true|false)$/i.test(lit.value.trim()))
      return val(raw(/^true$/i.test(lit.value.trim()) ? 'TRUE' : 'FALSE'), 'boolean', false, { lit });
    if (lit.type === 'number' && (lit.value === 0 || lit.value === 1))
      return val(raw(lit.value ? 'TRUE' : 'FALSE'), 'boolean', false, { lit });
    throw new SemanticError(`Invalid boolean: ${describeLiteral(lit)}`);
  }
  return literal(lit, env);
}

/** @param {any} lit */
function describeLiteral(lit) {
  if (lit.type === 'string') return JSON.stringify(lit.value);
  if (lit.type === 'date') return `date'${lit.value}'`;
  return String(lit.value ?? lit.type);
}

/**
 * @param {any} node a literal node
 * @param {Env} env
 * @returns {Val}
 */
function literal(node, env) {
  switch (node.type) {
    case 'string':
      return val(bindText(node.value), 'text', false, { lit: node });
    case 'number':
      if (!Number.isFinite(node.value)) throw new SemanticError(`Invalid number: ${node.raw ?? node.value}`);
      return val(bindNum(node.value), Number.isInteger(node.value) ? 'int' : 'double', false, { lit: node });
    case 'bool':
      return val(raw(node.value ? 'TRUE' : 'FALSE'), 'boolean', false, { lit: node });
    case 'null':
      return val(raw('NULL'), 'null', false, { lit: node });
    case 'date':
      return { ...dateLiteral(node.value, env), lit: node };
    case 'geom':
      throw new SemanticError('A geometry literal is only accepted as an argument of a geographic function.');
    default:
      throw new SemanticError(`Unexpected ${node.type}.`);
  }
}

const isLiteral = (/** @type {any} */ n) => ['string', 'number', 'bool', 'null', 'date'].includes(n.type);

// ---------------------------------------------------------------------------------------------
// Values

/**
 * Compile a value expression.
 * @param {any} node
 * @param {Env} env
 * @returns {Val}
 */
export function value(node, env) {
  if (env.groupKeys && !env.inAgg) {
    const c = canon(node);
    const key = env.groupKeys.find((k) => k.canon === c);
    if (key) return key.val;
  }
  switch (node.type) {
    case 'string':
    case 'number':
    case 'bool':
    case 'null':
    case 'date':
    case 'geom':
      return literal(node, env);
    case 'field': {
      const f = lookupField(env, node.name);
      if (env.grouped && !env.inAgg) {
        throw new SemanticError(
          `Field ${f.name} must be used in group_by or inside an aggregation function.`,
        );
      }
      return val(raw(ident(f.name)), fieldType(f), false, { bare: f.name });
    }
    case 'arith': {
      const a = value(node.left, env);
      const b = value(node.right, env);
      for (const x of [a, b]) {
        if (!NUMERIC.has(x.type) && x.type !== 'null') {
          throw new SemanticError(
            `Arithmetic operator ${node.op} only applies to numbers, not to ${x.type}.`,
          );
        }
      }
      const A = cat('CAST(', a, ' AS DOUBLE)');
      const B = cat('CAST(', b, ' AS DOUBLE)');
      const op = { '+': ' + ', '-': ' - ', '*': ' * ', '/': ' / ' }[/** @type {'+'} */ (node.op)];
      const sql = node.op === '/' ? cat('(', A, ' / NULLIF(', B, ', 0))') : cat('(', A, op, B, ')');
      return val(sql, 'double', a.agg || b.agg);
    }
    case 'neg': {
      const a = value(node.expr, env);
      if (!NUMERIC.has(a.type) && a.type !== 'null')
        throw new SemanticError('Unary minus only applies to numbers.');
      return val(cat('(- CAST(', a, ' AS DOUBLE))'), 'double', a.agg);
    }
    case 'call':
      if (PREDICATES.has(node.name)) return val(bool(node, env), 'boolean');
      return call(node, env);
    case 'and':
    case 'or':
    case 'not':
    case 'cmp':
    case 'in':
    case 'isnull':
    case 'isbool':
    case 'like': {
      const b = bool(node, env);
      return val(b, 'boolean', /** @type {any} */ (b).agg ?? false);
    }
    case 'star':
      throw new SemanticError('"*" is only accepted alone in select or as the argument of count().');
    case 'quantity':
      throw new SemanticError(`Unexpected quantity ${node.value} ${node.unit}.`);
    case 'named':
      throw new SemanticError(`Unexpected named argument ${node.name}=.`);
    default:
      throw new SemanticError(`Unexpected ${node.type}.`);
  }
}

/**
 * @param {any} node
 * @param {number} min
 * @param {number} [max]
 */
function arity(node, min, max = min) {
  const n = node.args.length;
  if (n < min || n > max) {
    const want = min === max ? `${min}` : `${min} to ${max}`;
    throw new SemanticError(`Function ${node.name}() expects ${want} argument(s), ${n} given.`);
  }
  if (node.distinct && node.name !== 'count')
    throw new SemanticError(`DISTINCT is only accepted in count().`);
}

const DATE_PARTS = {
  year: 'year',
  month: 'month',
  day: 'day',
  hour: 'hour',
  minute: 'minute',
  second: 'second',
  quarter: 'quarter',
};

/**
 * A date/datetime value as a naive TIMESTAMP in the request time zone (for parts and formats).
 * @param {Val} v
 * @param {Env} env
 * @returns {Frag}
 */
function localTimestamp(v, env) {
  if (v.type === 'datetime') return cat('timezone(', bindText(env.tz), ', ', v, ')');
  return cat('CAST(', v, ' AS TIMESTAMP)');
}

/**
 * @param {any} node
 * @param {Env} env
 * @returns {Val}
 */
function call(node, env) {
  const name = node.name;
  if (AGGREGATES.has(name)) return aggregate(node, env);
  if (name in DATE_PARTS) {
    arity(node, 1);
    const a = value(node.args[0], env);
    if (a.type === 'null') return val(raw('CAST(NULL AS BIGINT)'), 'int', a.agg);
    if (!DATES.has(a.type))
      throw new SemanticError(`Function ${name}() expects a date or datetime expression.`);
    const part = DATE_PARTS[/** @type {'year'} */ (name)];
    return val(cat(`CAST(${part}(`, localTimestamp(a, env), ') AS BIGINT)'), 'int', a.agg);
  }
  switch (name) {
    case 'date_format': {
      arity(node, 2);
      const a = value(node.args[0], env);
      const p = node.args[1];
      if (p.type !== 'string')
        throw new SemanticError('The second argument of date_format() must be a string pattern.');
      if (a.type === 'null') return val(raw('CAST(NULL AS VARCHAR)'), 'text', a.agg);
      if (!DATES.has(a.type))
        throw new SemanticError('Function date_format() expects a date or datetime expression.');
      return val(dateFormat(localTimestamp(a, env), p.value, env.lang), 'text', a.agg);
    }
    case 'lower':
    case 'upper': {
      arity(node, 1);
      const a = value(node.args[0], env);
      if (a.type === 'text[]') return val(cat(`list_transform(`, a, `, x -> ${name}(x))`), 'text[]', a.agg);
      if (GEO.has(a.type)) throw new SemanticError(`Function ${name}() expects a text expression.`);
      return val(cat(`${name}(CAST(`, a, ' AS VARCHAR))'), 'text', a.agg);
    }
    case 'length': {
      arity(node, 1);
      const a = value(node.args[0], env);
      if (a.type === 'text[]') return val(cat('CAST(len(', a, ') AS BIGINT)'), 'int', a.agg);
      if (GEO.has(a.type)) throw new SemanticError('Function length() expects a text expression.');
      return val(cat('CAST(length(CAST(', a, ' AS VARCHAR)) AS BIGINT)'), 'int', a.agg);
    }
    case 'ifnull': {
      arity(node, 2);
      const a = value(node.args[0], env);
      let b;
      if (
        isLiteral(node.args[1]) &&
        a.type !== 'null' &&
        category(a.type) !== 'other' &&
        a.type !== 'text[]'
      ) {
        b = coerceLiteral(node.args[1], a.type, env);
      } else b = value(node.args[1], env);
      const ca = category(a.type);
      const cb = category(b.type);
      if (ca === cb && ca !== 'other' && a.type !== 'text[]' && b.type !== 'text[]') {
        let A = a;
        let B = b;
        if (ca === 'date' && a.type !== b.type) {
          A = liftDate(a, env);
          B = liftDate(b, env);
        }
        const type = ca === 'number' ? (a.type === b.type ? a.type : 'double') : A.type;
        const T = ca === 'number' ? (type === 'int' ? 'BIGINT' : 'DOUBLE') : null;
        const sql = T
          ? cat(`coalesce(CAST(`, A, ` AS ${T}), CAST(`, B, ` AS ${T}))`)
          : cat('coalesce(', A, ', ', B, ')');
        return val(sql, type, a.agg || b.agg);
      }
      if (ca === 'null') return b;
      if (cb === 'null') return a;
      return val(cat('coalesce(CAST(', a, ' AS VARCHAR), CAST(', b, ' AS VARCHAR))'), 'text', a.agg || b.agg);
    }
    case 'now':
      return now(node, env);
    case 'distance': {
      if (node.args.length === 3) return val(bool(node, env), 'boolean');
      arity(node, 2);
      const g = geoOf(node.args[0], env);
      const p = pointOf(node.args[1]);
      return val(haversine(g.lat, g.lon, p), 'double', false);
    }
    case 'random':
      throw new SemanticError('Function random() is only accepted in order_by.');
    case 'range':
    case 'geo_cluster':
      throw new SemanticError(`Function ${name}() is only accepted in group_by.`);
    case 'json_format':
      throw new SemanticError('Function json_format() is not supported by this portal.');
    default:
      throw new SemanticError(`Unknown function: ${name}`);
  }
}

const NOW_UNITS = {
  years: 'to_years',
  months: 'to_months',
  weeks: 'to_weeks',
  days: 'to_days',
  hours: 'to_hours',
  minutes: 'to_minutes',
  seconds: 'to_seconds',
};

/**
 * `now()` with relative shifts `now(days=-7, hours=+1)`.
 * @param {any} node
 * @param {Env} env
 */
function now(node, env) {
  void env;
  /** @type {(string | Frag)[]} */
  const parts = ['get_current_timestamp()'];
  for (const a of node.args) {
    if (a.type !== 'named' || !(a.name in NOW_UNITS)) {
      throw new SemanticError(
        'Function now() only accepts relative shifts: years, months, weeks, days, hours, minutes, seconds (e.g. now(days=-7)).',
      );
    }
    if (!Number.isInteger(a.value) || Math.abs(a.value) > 100000) {
      throw new SemanticError(`Invalid value for ${a.name} in now(): ${a.value}.`);
    }
    parts.push(` + ${NOW_UNITS[/** @type {'days'} */ (a.name)]}(CAST(`, bindInt(a.value), ' AS INTEGER))');
  }
  return val(cat('(', ...parts, ')'), 'datetime');
}

/**
 * @param {any} node
 * @param {Env} env
 * @returns {Val}
 */
function aggregate(node, env) {
  const name = node.name;
  if (!env.allowAgg) {
    throw new SemanticError(`Aggregation function ${name}() is not allowed in the ${env.clause} clause.`);
  }
  if (env.inAgg) throw new SemanticError(`Aggregation functions cannot be nested: ${name}().`);
  const inner = { ...env, inAgg: true };
  if (name === 'envelope' || name === 'bbox') {
    throw new SemanticError(`Aggregation function ${name}() is not supported by this portal.`);
  }
  if (name === 'count') {
    arity(node, 1);
    const a0 = node.args[0];
    if (a0.type === 'star') {
      if (node.distinct) throw new SemanticError('count(distinct *) is not supported.');
      return val(raw('count(*)'), 'int', true);
    }
    const a = value(a0, inner);
    return val(cat(node.distinct ? 'count(DISTINCT ' : 'count(', a, ')'), 'int', true);
  }
  if (name === 'percentile') arity(node, 2);
  else arity(node, 1);
  if (node.args[0].type === 'star') throw new SemanticError(`"*" is only accepted in count().`);
  const a = value(node.args[0], inner);
  const numeric = NUMERIC.has(a.type) || a.type === 'null';
  if (name === 'min' || name === 'max') {
    if (!numeric && !DATES.has(a.type))
      throw new SemanticError('StatAggregation only supports numeric or date expression.');
    return val(cat(`${name}(`, a, ')'), a.type === 'null' ? 'double' : a.type, true);
  }
  if (!numeric) throw new SemanticError('StatAggregation only supports numeric or date expression.');
  const A = cat('CAST(', a, ' AS DOUBLE)');
  switch (name) {
    case 'sum':
      return a.type === 'int'
        ? val(cat('sum(', a, ')'), 'int', true)
        : val(cat('sum(', A, ')'), 'double', true);
    case 'avg':
      return val(cat('avg(', A, ')'), 'double', true);
    case 'median':
      return val(cat('quantile_cont(', A, ', 0.5)'), 'double', true);
    default: {
      const p = node.args[1];
      if (p.type !== 'number' || !(p.value >= 0 && p.value <= 100)) {
        throw new SemanticError('The second argument of percentile() must be a number between 0 and 100.');
      }
      return val(cat('quantile_cont(', A, ', ', bindNum(p.value / 100), ')'), 'double', true);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// date_format

/**
 * @param {Frag} ts a naive TIMESTAMP
 * @param {string} pattern
 * @param {string} lang
 * @returns {Frag}
 */
function dateFormat(ts, pattern, lang) {
  const tokens = tokenizePattern(pattern);
  if (tokens.length > 64) throw new SemanticError('The date_format pattern is too long.');
  const names = namesOf(lang);
  /** @param {string[]} list @param {string} index SQL function giving 1-based index */
  const pick = (list, index) => cat('[', join(list.map(bindText), ', '), `][${index}(`, ts, ')]');
  /** @param {string} fmt a whitelisted strftime format */
  const strf = (fmt) => cat('strftime(', ts, `, '${fmt}')`);
  /** @param {string} fn a whitelisted date part function */
  const num = (fn) => cat(`CAST(${fn}(`, ts, ') AS VARCHAR)');
  /** @type {Frag[]} */
  const parts = [];
  for (const t of tokens) {
    if (t.kind === 'text') {
      parts.push(bindText(t.text));
      continue;
    }
    const { letter, count } = t;
    switch (letter) {
      case 'y':
      case 'Y':
      case 'u':
        parts.push(count === 2 ? strf('%y') : strf('%Y'));
        break;
      case 'x':
        parts.push(count === 2 ? cat('right(', strf('%G'), ', 2)') : strf('%G'));
        break;
      case 'M':
      case 'L':
        if (count === 1) parts.push(num('month'));
        else if (count === 2) parts.push(strf('%m'));
        else if (count === 3) parts.push(pick(names.monthShort, 'month'));
        else parts.push(pick(names.monthLong, 'month'));
        break;
      case 'd':
        parts.push(count === 1 ? num('day') : strf('%d'));
        break;
      case 'D':
        parts.push(count >= 3 ? strf('%j') : num('dayofyear'));
        break;
      case 'H':
        parts.push(count === 1 ? num('hour') : strf('%H'));
        break;
      case 'h':
        parts.push(count === 1 ? cat('CAST(CAST(', strf('%I'), ' AS INTEGER) AS VARCHAR)') : strf('%I'));
        break;
      case 'a':
        parts.push(strf('%p'));
        break;
      case 'm':
        parts.push(count === 1 ? num('minute') : strf('%M'));
        break;
      case 's':
        parts.push(count === 1 ? num('second') : strf('%S'));
        break;
      case 'S':
        parts.push(strf('%g'));
        break;
      case 'w':
        parts.push(count === 1 ? num('weekofyear') : strf('%V'));
        break;
      case 'e':
        parts.push(num('isodow'));
        break;
      case 'E':
        parts.push(count >= 4 ? pick(names.dayLong, 'isodow') : pick(names.dayShort, 'isodow'));
        break;
      default:
        throw new SemanticError(`Unsupported symbol "${letter}" in the date_format pattern.`);
    }
  }
  const body =
    parts.length === 0
      ? bindText('')
      : parts.length === 1
        ? parts[0]
        : cat('concat(', join(parts, ', '), ')');
  return cat('(CASE WHEN ', ts, ' IS NULL THEN NULL ELSE ', body, ' END)');
}

// ---------------------------------------------------------------------------------------------
// Booleans

/**
 * Compile a boolean expression (a where clause, or a predicate in select).
 * @param {any} node
 * @param {Env} env
 * @returns {Frag & { agg?: boolean }}
 */
export function bool(node, env) {
  switch (node.type) {
    case 'and':
    case 'or': {
      const a = bool(node.left, env);
      const b = bool(node.right, env);
      return { ...cat('(', a, node.type === 'and' ? ' AND ' : ' OR ', b, ')'), agg: !!(a.agg || b.agg) };
    }
    case 'not': {
      const a = bool(node.expr, env);
      return { ...cat('(NOT ', a, ')'), agg: a.agg };
    }
    case 'string':
      return fullText(raw('"__text"'), node.value, 'search');
    case 'cmp':
      return compare(node.left, node.op, node.right, env);
    case 'in':
      return inPredicate(node, env);
    case 'isnull': {
      const a = value(node.left, env);
      if (a.type === 'text[]') {
        return node.negated ? cat('(len(', a, ') > 0)') : cat('(', a, ' IS NULL OR len(', a, ') = 0)');
      }
      return { ...cat('(', a, node.negated ? ' IS NOT NULL)' : ' IS NULL)'), agg: a.agg };
    }
    case 'isbool': {
      const a = value(node.left, env);
      if (a.type !== 'boolean' && a.type !== 'null')
        throw new SemanticError('"is true" / "is false" only apply to boolean expressions.');
      return {
        ...cat('(', a, ` IS ${node.negated ? 'NOT ' : ''}${node.value ? 'TRUE' : 'FALSE'})`),
        agg: a.agg,
      };
    }
    case 'like': {
      const f = fieldsHaystack([node.left], env);
      const r = node.right;
      if (r.type !== 'string') throw new SemanticError('"like" expects a string on its right.');
      const b = fullText(f, r.value.replace(/[%*]/g, ' '), 'search');
      return node.negated ? cat('(NOT ', b, ')') : b;
    }
    case 'call':
      if (PREDICATES.has(node.name) || (node.name === 'distance' && node.args.length === 3))
        return predicate(node, env);
      break;
    default:
      break;
  }
  const v = value(node, env);
  if (v.type === 'boolean' || v.type === 'null') return { ...v };
  if (v.bare)
    throw new SemanticError(
      `Field ${v.bare} is not a boolean field and cannot be used alone as a condition.`,
    );
  throw new SemanticError(
    'Expected a condition: a comparison, a predicate, a boolean field or a search string.',
  );
}

/**
 * @param {any} ln
 * @param {string} op
 * @param {any} rn
 * @param {Env} env
 * @returns {Frag & { agg?: boolean }}
 */
function compare(ln, op, rn, env) {
  let l;
  let r;
  if (isLiteral(rn) && !isLiteral(ln)) {
    l = value(ln, env);
    r = coerceLiteral(rn, l.type, env);
  } else if (isLiteral(ln) && !isLiteral(rn)) {
    r = value(rn, env);
    l = coerceLiteral(ln, r.type, env);
  } else {
    l = value(ln, env);
    r = value(rn, env);
  }
  const agg = l.agg || r.agg;
  if (l.type === 'null' || r.type === 'null') {
    const other = l.type === 'null' ? r : l;
    if (other.type === 'null') return raw(op === '=' ? 'TRUE' : 'FALSE');
    if (op === '=') return { ...cat('(', other, ' IS NULL)'), agg };
    if (op === '!=') return { ...cat('(', other, ' IS NOT NULL)'), agg };
    return raw('FALSE');
  }
  // multivalued: any element
  if (l.type === 'text[]' || r.type === 'text[]') {
    const [list, x] = l.type === 'text[]' ? [l, r] : [r, l];
    if (x.type === 'text[]') throw new SemanticError('Two multivalued fields cannot be compared.');
    if (op === '=') return { ...cat('list_contains(', list, ', CAST(', x, ' AS VARCHAR))'), agg };
    if (op === '!=') return { ...cat('(NOT list_contains(', list, ', CAST(', x, ' AS VARCHAR)))'), agg };
    throw new SemanticError(`Operator ${op} does not apply to a multivalued field.`);
  }
  const cl = category(l.type);
  const cr = category(r.type);
  if (cl === 'other' || cr === 'other') {
    throw new SemanticError(`Values of type ${cl === 'other' ? l.type : r.type} cannot be compared.`);
  }
  if (cl !== cr) throw new SemanticError(`Cannot compare a ${l.type} value with a ${r.type} value.`);
  if (cl === 'date' && l.type !== r.type) {
    l = liftDate(l, env);
    r = liftDate(r, env);
  }
  if (cl === 'boolean' && op !== '=' && op !== '!=')
    throw new SemanticError(`Operator ${op} does not apply to booleans.`);
  return { ...cat('(', l, ` ${op === '!=' ? '<>' : op} `, r, ')'), agg };
}

/**
 * @param {any} node
 * @param {Env} env
 */
function inPredicate(node, env) {
  const t = node.target;
  /** @type {Frag} */
  let out;
  if (t.type === 'range') {
    const lo = compare(node.left, t.loIncl ? '>=' : '>', t.lo, env);
    const hi = compare(node.left, t.hiIncl ? '<=' : '<', t.hi, env);
    out = cat('(', lo, ' AND ', hi, ')');
  } else if (t.type === 'list') {
    const items = t.items.filter((/** @type {any} */ i) => i.type !== 'null');
    if (items.length === 0) out = raw('FALSE');
    else
      out = cat(
        '(',
        join(
          items.map((/** @type {any} */ i) => compare(node.left, '=', i, env)),
          ' OR ',
        ),
        ')',
      );
  } else {
    // `"Paris" IN multivalued_field` (or any field: equality)
    out = compare(t, '=', node.left, env);
  }
  return node.negated ? cat('(NOT ', out, ')') : out;
}

// ---------------------------------------------------------------------------------------------
// Full text and predicates

/**
 * Normalised tokens of a search text (lower case, accents stripped, split on non letters/digits).
 * @param {string} text
 */
export function tokens(text) {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 32);
}

/**
 * Token match on a normalised haystack: every token must be a word of the text; `search` matches
 * the last token as a prefix, `suggest` every token.
 * @param {Frag} haystack normalised text (lower case, no accents)
 * @param {string} text
 * @param {'search' | 'suggest'} mode
 * @returns {Frag}
 */
function fullText(haystack, text, mode) {
  const toks = tokens(text);
  if (toks.length === 0) return raw('TRUE');
  const B = '[^\\pL\\pN]';
  const conds = toks.map((t, i) => {
    const prefix = mode === 'suggest' || i === toks.length - 1;
    // tokens hold letters and digits only, so they need no regex escaping
    const pattern = `(^|${B})${t}${prefix ? '' : `(${B}|$)`}`;
    return cat('regexp_matches(', haystack, ', ', bindText(pattern), ')');
  });
  return cat('(', join(conds, ' AND '), ')');
}

/**
 * The normalised text of some fields (or `__text` for `*`).
 * @param {any[]} nodes field nodes or a star
 * @param {Env} env
 * @returns {Frag}
 */
function fieldsHaystack(nodes, env) {
  if (nodes.length === 0 || nodes.some((n) => n.type === 'star')) return raw('"__text"');
  const parts = nodes.map((n) => {
    if (n.type !== 'field')
      throw new SemanticError('Search functions expect field names or "*" before the search text.');
    const f = lookupField(env, n.name);
    const c = ident(f.name);
    if (f.multivalued) return raw(`array_to_string(${c}, ' ')`);
    return raw(`CAST(${c} AS VARCHAR)`);
  });
  return cat("strip_accents(lower(concat_ws(' ', ", join(parts, ', '), ')))');
}

const UNITS = { mi: 1609.344, yd: 0.9144, ft: 0.3048, m: 1, cm: 0.01, km: 1000, mm: 0.001 };

/**
 * A geographic field: SQL for its latitude / longitude (representative point for shapes) and bbox.
 * @param {any} node
 * @param {Env} env
 */
function geoOf(node, env) {
  if (node.type !== 'field')
    throw new SemanticError('Geographic functions expect a geo_point_2d or geo_shape field.');
  const f = lookupField(env, node.name);
  if (f.type === 'geo_point_2d') {
    const c = ident(f.name);
    return {
      lat: `${c}.lat`,
      lon: `${c}.lon`,
      minlat: `${c}.lat`,
      maxlat: `${c}.lat`,
      minlon: `${c}.lon`,
      maxlon: `${c}.lon`,
    };
  }
  if (f.type === 'geo_shape') {
    const c = ident(`__geo_${f.name}`);
    return {
      lat: `${c}.lat`,
      lon: `${c}.lon`,
      minlat: `${c}.minlat`,
      maxlat: `${c}.maxlat`,
      minlon: `${c}.minlon`,
      maxlon: `${c}.maxlon`,
    };
  }
  throw new SemanticError(`Field ${f.name} is not a geographic field.`);
}

/**
 * A point from `geom'POINT(lon lat)'` or a GeoJSON Point.
 * @param {any} node
 * @returns {{ lon: number, lat: number }}
 */
function pointOf(node) {
  if (node.type !== 'geom' && node.type !== 'string')
    throw new SemanticError("Expected a geometry such as geom'POINT(2.35 48.85)'.");
  const text = node.value.trim();
  let lon = NaN;
  let lat = NaN;
  const m = /^POINT\s*\(\s*(-?[\d.]+(?:[eE][-+]?\d+)?)\s+(-?[\d.]+(?:[eE][-+]?\d+)?)\s*\)$/i.exec(text);
  if (m) {
    lon = Number(m[1]);
    lat = Number(m[2]);
  } else if (text.startsWith('{')) {
    try {
      const g = JSON.parse(text);
      const geom = g && g.type === 'Feature' ? g.geometry : g;
      if (geom && geom.type === 'Point' && Array.isArray(geom.coordinates))
        [lon, lat] = geom.coordinates.map(Number);
    } catch {
      // reported below
    }
  }
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lat) > 90 || Math.abs(lon) > 360) {
    throw new SemanticError(`Only POINT geometries are supported here: "${text}".`);
  }
  return { lon, lat };
}

/**
 * Haversine distance in metres between a column point and a literal point.
 * @param {string} lat constant SQL
 * @param {string} lon constant SQL
 * @param {{ lon: number, lat: number }} p
 */
function haversine(lat, lon, p) {
  return cat(
    `(2 * 6371008.8 * asin(least(1.0, sqrt(pow(sin(radians(${lat} - `,
    bindNum(p.lat),
    `) / 2), 2) + cos(radians(`,
    bindNum(p.lat),
    `)) * cos(radians(${lat})) * pow(sin(radians(${lon} - `,
    bindNum(p.lon),
    ') / 2), 2)))))',
  );
}

/** @param {any} node */
function literalNumber(node) {
  if (node.type !== 'number' || !Number.isFinite(node.value)) throw new SemanticError('Expected a number.');
  return node.value;
}

/**
 * @param {any} node
 * @param {Env} env
 * @returns {Frag}
 */
function predicate(node, env) {
  const args = node.args;
  switch (node.name) {
    case 'search':
    case 'suggest': {
      if (args.length === 0) throw new SemanticError(`Function ${node.name}() expects a search text.`);
      const text = args[args.length - 1];
      if (text.type !== 'string')
        throw new SemanticError(`The last argument of ${node.name}() must be a string.`);
      return fullText(fieldsHaystack(args.slice(0, -1), env), text.value, node.name);
    }
    case 'startswith': {
      if (args.length === 0) throw new SemanticError('Function startswith() expects a text.');
      const text = args[args.length - 1];
      if (text.type !== 'string')
        throw new SemanticError('The last argument of startswith() must be a string.');
      let fields = args.slice(0, -1);
      if (fields.length === 0 || fields.some((/** @type {any} */ n) => n.type === 'star')) {
        fields = [...env.fields.values()]
          .filter((f) => f.type === 'text')
          .map((f) => ({ type: 'field', name: f.name }));
        if (fields.length === 0) return raw('FALSE');
      }
      const conds = fields.map((/** @type {any} */ n) => {
        if (n.type !== 'field')
          throw new SemanticError('startswith() expects field names or "*" before the text.');
        const f = lookupField(env, n.name);
        const c = ident(f.name);
        if (f.multivalued)
          return cat(`(len(list_filter(${c}, x -> starts_with(x, `, bindText(text.value), '))) > 0)');
        return cat(`starts_with(CAST(${c} AS VARCHAR), `, bindText(text.value), ')');
      });
      return cat('(', join(conds, ' OR '), ')');
    }
    case 'in_bbox': {
      arity(node, 5);
      const g = geoOf(args[0], env);
      const [lat1, lon1, lat2, lon2] = args.slice(1).map(literalNumber);
      const [s, n] = [Math.min(lat1, lat2), Math.max(lat1, lat2)];
      const [w, e] = [Math.min(lon1, lon2), Math.max(lon1, lon2)];
      return cat(
        `(${g.maxlat} >= `,
        bindNum(s),
        ` AND ${g.minlat} <= `,
        bindNum(n),
        ` AND ${g.maxlon} >= `,
        bindNum(w),
        ` AND ${g.minlon} <= `,
        bindNum(e),
        ')',
      );
    }
    case 'within_distance':
    case 'distance': {
      arity(node, 3);
      const g = geoOf(args[0], env);
      const p = pointOf(args[1]);
      const d = args[2];
      let metres;
      if (d.type === 'quantity') {
        const f = UNITS[/** @type {'m'} */ (d.unit.toLowerCase())];
        if (!f)
          throw new SemanticError(`Unknown distance unit: ${d.unit} (expected mi, yd, ft, m, cm, km or mm).`);
        metres = d.value * f;
      } else metres = literalNumber(d);
      if (!Number.isFinite(metres) || metres < 0) throw new SemanticError('Invalid distance.');
      return cat('(', haversine(g.lat, g.lon, p), ' <= ', bindNum(metres), ')');
    }
    default:
      throw new SemanticError(`Function ${node.name}() is not supported by this portal.`);
  }
}
