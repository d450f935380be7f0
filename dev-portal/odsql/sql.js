// @ts-check
/**
 * Small helpers to build SQL text together with its positional parameters.
 *
 * A fragment is `{ sql, params }`: `sql` is made only of constants written in this module's
 * callers (keywords, function names, whitelisted format codes) and of `?` placeholders; every value
 * that comes from a request travels in `params`, in the order its `?` appears in `sql`.
 */

/** @typedef {{ sql: string, params: unknown[] }} Frag */

/**
 * A fragment with no parameters. Only for constant SQL written in this code base.
 * @param {string} sql
 * @returns {Frag}
 */
export const raw = (sql) => ({ sql, params: [] });

/**
 * Concatenate constant SQL strings and fragments, keeping the parameters in textual order.
 * @param {...(string | Frag)} parts strings are constant SQL, never request text
 * @returns {Frag}
 */
export function cat(...parts) {
  let sql = '';
  /** @type {unknown[]} */
  const params = [];
  for (const p of parts) {
    if (typeof p === 'string') sql += p;
    else {
      sql += p.sql;
      for (const v of p.params) params.push(v);
    }
  }
  return { sql, params };
}

/**
 * Join fragments with a constant separator.
 * @param {Frag[]} frags
 * @param {string} sep
 * @returns {Frag}
 */
export function join(frags, sep) {
  /** @type {(string | Frag)[]} */
  const parts = [];
  frags.forEach((f, i) => {
    if (i) parts.push(sep);
    parts.push(f);
  });
  return cat(...parts);
}

/** @param {string} s */
export const bindText = (s) => ({ sql: 'CAST(? AS VARCHAR)', params: [String(s)] });
/** @param {number} n */
export const bindNum = (n) => ({ sql: 'CAST(? AS DOUBLE)', params: [n] });
/** @param {number} n an integer */
export const bindInt = (n) => ({ sql: 'CAST(? AS BIGINT)', params: [n] });

/**
 * Quote an identifier (a validated field name, or a result key). Double quotes inside are doubled,
 * which is the SQL standard escape: the name cannot end the quoted identifier.
 * @param {string} name
 */
export function ident(name) {
  if (name.includes('\u0000')) throw new Error('identifier with a NUL character');
  return `"${name.replace(/"/g, '""')}"`;
}
