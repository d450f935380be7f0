// @ts-check
/**
 * ODSQL text → syntax tree. The grammar (./odsql.peggy) is compiled once, when this module loads.
 */
import { readFileSync } from 'node:fs';
import peggy from 'peggy';
import { OdsqlError } from './errors.js';

const grammar = readFileSync(new URL('./odsql.peggy', import.meta.url), 'utf8');

/** @type {{ parse: (text: string, options?: { startRule?: string }) => any }} */
const generated = peggy.generate(grammar, { allowedStartRules: ['Select', 'Where', 'GroupBy', 'OrderBy'] });

const START = /** @type {const} */ ({
  select: 'Select',
  where: 'Where',
  group_by: 'GroupBy',
  order_by: 'OrderBy',
});

/** Longest input the parser accepts (a guard against pathological recursion). */
export const MAX_LENGTH = 10000;

const VALUE_STARTS = [
  'a field name',
  'a string',
  'a number',
  '"("',
  '"-"',
  '"+"',
  '"date"',
  '"geom"',
  '"true"',
  '"false"',
  '"null"',
  '"not"',
  '"`"',
  '"\'"',
  "'\"'",
];

/**
 * @param {any[]} expected peggy's expectation list
 */
function describeExpected(expected) {
  const seen = new Set();
  for (const e of expected ?? []) {
    let d;
    if (e.type === 'literal') d = `"${e.text}"`;
    else if (e.type === 'other') d = e.description;
    else if (e.type === 'end') d = 'the end of the expression';
    else continue; // character classes are covered by a named rule
    if (d === 'whitespace') continue;
    seen.add(d);
  }
  if (['a field name', 'a string', 'a number'].some((x) => seen.has(x))) {
    for (const x of VALUE_STARTS) seen.delete(x);
    seen.add('a value (field, string, number, date, function call or parenthesised expression)');
  }
  const list = [...seen].slice(0, 10);
  if (list.length === 0) return 'something else';
  if (list.length === 1) return list[0];
  return `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`;
}

/**
 * Parse one clause.
 * @param {string} text
 * @param {'select'|'where'|'group_by'|'order_by'} clause
 * @returns {any} the syntax tree: an expression (where) or a list of items (other clauses)
 * @throws {OdsqlError}
 */
export function parse(text, clause) {
  const startRule = START[clause];
  if (!startRule) throw new TypeError(`unknown clause ${clause}`);
  if (typeof text !== 'string') throw new OdsqlError('The expression must be a string.', clause);
  if (text.length > MAX_LENGTH) {
    throw new OdsqlError(`The expression is too long (more than ${MAX_LENGTH} characters).`, clause);
  }
  try {
    return generated.parse(text, { startRule });
  } catch (e) {
    const err = /** @type {any} */ (e);
    if (err && err.location && 'expected' in err) {
      const offset = err.location.start.offset;
      const found =
        err.found === null || err.found === undefined ? 'the end of the expression' : `"${err.found}"`;
      throw new OdsqlError(
        `Syntax error at position ${offset + 1} in "${text}": expected ${describeExpected(err.expected)} but found ${found}.`,
        clause,
      );
    }
    if (err instanceof RangeError) {
      throw new OdsqlError('The expression is too deeply nested.', clause);
    }
    throw e;
  }
}
