/**
 * Checks of the ODSQL a page author writes in attributes (`value`, `where`, `order-by`…). These are
 * the author's own expressions, sent as they are (like `<ode-dataset where>`): never build one from
 * what a visitor types (use src/api/odsql.ts for that). The checks catch mistakes early, with a clear
 * message in place of a portal error, and keep an expression from spilling into the rest of the
 * request (`count(*), secret as v`).
 */

/** The top-level structure of an expression: unbalanced quotes or parentheses give a message. */
interface Scan {
  /** The expression with quoted text and backquoted names blanked out (same length). */
  bare: string;
  /** Commas outside quotes and parentheses. */
  topCommas: number;
}

function scan(expr: string): Scan | string {
  let depth = 0;
  let quote = '';
  let bare = '';
  let topCommas = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (quote) {
      if (c === '\\' && quote !== '`') {
        bare += '  ';
        i++;
        continue;
      }
      if (c === quote) {
        quote = '';
        bare += c;
      } else bare += ' ';
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      quote = c;
      bare += c;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return 'a ")" has no matching "("';
    else if (c === ',' && depth === 0) topCommas++;
    else if (c === ';') return 'ODSQL has no ";"';
    bare += c;
  }
  if (quote) return `a ${quote} is not closed`;
  if (depth > 0) return 'a "(" is not closed';
  return { bare, topCommas };
}

const AGGREGATE = /\b(count|sum|avg|min|max|median|percentile)\s*\(/i;

/**
 * An aggregate the portal computes over the matching records, e.g. `count(*)`, `sum(population)`,
 * `avg(delay) / 60`, `max(date)`: one expression (no top-level comma, no alias), balanced, with at
 * least one aggregate function. Returns what is wrong, or undefined.
 */
export function aggregateProblem(expr: string): string | undefined {
  const e = expr.trim();
  if (!e) return 'it is empty';
  if (e.length > 1000) return 'it is longer than 1,000 characters';
  const s = scan(e);
  if (typeof s === 'string') return s;
  if (s.topCommas) return 'write one expression (no "," outside parentheses)';
  if (/\bas\b/i.test(s.bare.replace(/\([^]*\)/, ''))) return 'leave out "as …": the element names it';
  if (!AGGREGATE.test(s.bare))
    return 'it must aggregate the records: count(*), sum(field), avg(field), min, max, median or percentile';
  return undefined;
}

/** A filter (`where`): balanced quotes and parentheses. Returns what is wrong, or undefined. */
export function filterProblem(expr: string): string | undefined {
  if (expr.length > 4000) return 'it is longer than 4,000 characters';
  const s = scan(expr);
  return typeof s === 'string' ? s : undefined;
}

/**
 * A sort: `field`, `field desc`, or several of them separated by commas (backquote names that are
 * ODSQL keywords: `` `date` desc ``). Returns what is wrong, or undefined.
 */
export function orderProblem(expr: string): string | undefined {
  const one = '(`[A-Za-z0-9_]+`|[A-Za-z0-9_]+)(\\s+(asc|desc))?';
  return new RegExp(`^${one}(\\s*,\\s*${one})*$`, 'i').test(expr.trim())
    ? undefined
    : 'expected field names, each optionally followed by asc or desc, separated by commas';
}
