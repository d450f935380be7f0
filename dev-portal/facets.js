// @ts-check
/**
 * The `facet` parameter: `facet=name` or
 * `facet=facet(name="f", disjunctive=true, hierarchical=false, separator="/", sort="-count", limit=10)`.
 */

const SORTS = ['count', '-count', 'alphanum', '-alphanum', 'num', '-num'];
const TOKEN = /\s*(?:([A-Za-z_][A-Za-z0-9_]*)|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(-?\d+)|([(),=]))/y;

/**
 * @param {string} raw
 * @returns {{ name: string, disjunctive?: boolean, sort?: string, limit?: number }}
 */
export function parseFacetParam(raw) {
  const text = raw.trim();
  if (/^[A-Za-z0-9_.]+$/.test(text)) return { name: text };
  /** @type {{kind: string, value: string}[]} */
  const tokens = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m)
      throw new Error(
        `Invalid facet expression at position ${at}: ${JSON.stringify(text.slice(at, at + 20))}.`,
      );
    if (m[1] !== undefined) tokens.push({ kind: 'ident', value: m[1] });
    else if (m[2] !== undefined || m[3] !== undefined)
      tokens.push({ kind: 'string', value: (m[2] ?? m[3]).replace(/\\(.)/g, '$1') });
    else if (m[4] !== undefined) tokens.push({ kind: 'number', value: m[4] });
    else tokens.push({ kind: m[5], value: m[5] });
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
  }
  let i = 0;
  const expect = (/** @type {string} */ kind) => {
    const t = tokens[i++];
    if (!t || t.kind !== kind)
      throw new Error(`Invalid facet expression: expected ${kind} but found ${t ? t.value : 'the end'}.`);
    return t.value;
  };
  if (expect('ident').toLowerCase() !== 'facet')
    throw new Error('Invalid facet expression: expected facet(...).');
  expect('(');
  /** @type {{ name?: string, disjunctive?: boolean, sort?: string, limit?: number }} */
  const spec = {};
  while (tokens[i] && tokens[i].kind !== ')') {
    const key = expect('ident').toLowerCase();
    expect('=');
    const t = tokens[i++];
    if (!t) throw new Error('Invalid facet expression: missing value.');
    if (key === 'name') spec.name = t.value;
    else if (key === 'disjunctive') spec.disjunctive = t.value.toLowerCase() === 'true';
    else if (key === 'sort') {
      if (!SORTS.includes(t.value))
        throw new Error(`Invalid facet sort: ${t.value}, expected one of ${SORTS.join(', ')}.`);
      spec.sort = t.value;
    } else if (key === 'limit') {
      if (t.kind !== 'number') throw new Error(`Invalid facet limit: ${t.value}.`);
      spec.limit = Number(t.value);
    } else if (key !== 'hierarchical' && key !== 'separator')
      throw new Error(`Unknown facet option: ${key}.`);
    if (tokens[i] && tokens[i].kind === ',') i++;
  }
  expect(')');
  if (i !== tokens.length) throw new Error('Invalid facet expression: unexpected text after facet(...).');
  if (!spec.name) throw new Error('Invalid facet expression: name is required.');
  return /** @type {{ name: string }} */ (spec);
}
