// @ts-check
/**
 * Minifies the static text of Lit's tagged templates — css`…` and html`…` — in a JS/TS source, for the
 * library build (vite.config.ts) and the consent size check (bench/consent-size.js). Our own ~100 lines
 * rather than a dependency: the maintained packages (minify-html-literals and its forks) pull in
 * html-minifier / clean-css and a full parser for a job this narrow, and have been unmaintained for years.
 *
 * Only what is safe for any template is done:
 * - css: comments removed, whitespace runs collapsed to one space, and dropped around `{ } ; , >` and
 *   after `:`; `;}` becomes `}`.
 * - html: whitespace runs that contain a line break are collapsed to one space (HTML renders any run as
 *   one space outside <pre>/<textarea>, which our templates do not use); a run between `>` and `<` that
 *   holds a line break is dropped only next to a block-level tag, where it cannot render.
 * Expressions `${…}` are left as they are (their own nested templates are minified in turn).
 */

const BLOCK =
  /^<\/?(?:div|p|section|ul|ol|li|h[1-6]|dialog|fieldset|legend|details|summary|table|caption|thead|tbody|tr|th|td|slot|style)\b/;

/** @param {string} s @param {boolean} first @param {boolean} last */
function minCss(s, first, last) {
  s = s
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};,>]) ?/g, '$1')
    .replace(/: /g, ':')
    .replace(/;}/g, '}');
  if (first) s = s.replace(/^ /, '');
  if (last) s = s.replace(/ $/, '');
  return s;
}

/** @param {string} s @param {boolean} first @param {boolean} last */
function minHtml(s, first, last) {
  s = s.replace(/>(\s*\n\s*)</g, (m, _ws, offset, all) => {
    const next = all.slice(offset + m.length - 1);
    const prevOpen = all.lastIndexOf('<', offset);
    const prev = all.slice(prevOpen, offset + 1);
    return BLOCK.test(next) || BLOCK.test(prev) ? '><' : '> <';
  });
  s = s.replace(/\s*\n\s*/g, ' ');
  if (first) s = s.replace(/^\s+/, '');
  if (last) s = s.replace(/\s+$/, '');
  return s;
}

/**
 * Index just past the template literal whose opening backtick is at `start`, calling `onChunk` for each
 * static chunk and `onExpr` for each `${…}` expression (as [from, to) offsets into `src`).
 * @param {string} src
 * @param {number} start
 * @returns {{ end: number, chunks: [number, number][], exprs: [number, number][] }}
 */
function scanTemplate(src, start) {
  /** @type {[number, number][]} */
  const chunks = [];
  /** @type {[number, number][]} */
  const exprs = [];
  let i = start + 1;
  let from = i;
  while (i < src.length) {
    const ch = src[i];
    if (ch === '\\') i += 2;
    else if (ch === '`') {
      chunks.push([from, i]);
      return { end: i + 1, chunks, exprs };
    } else if (ch === '$' && src[i + 1] === '{') {
      chunks.push([from, i]);
      const e = skipExpr(src, i + 2);
      exprs.push([i + 2, e]);
      i = e + 1;
      from = i;
    } else i++;
  }
  throw new Error('minify-literals: unterminated template literal');
}

/** Index of the `}` closing an expression that starts at `i`. @param {string} src @param {number} i */
function skipExpr(src, i) {
  let depth = 0;
  while (i < src.length) {
    const ch = src[i];
    if (ch === '`') i = scanTemplate(src, i).end;
    else if (ch === '"' || ch === "'") {
      i++;
      while (src[i] !== ch) i += src[i] === '\\' ? 2 : 1;
      i++;
    } else if (ch === '/' && src[i + 1] === '/') i = src.indexOf('\n', i);
    else if (ch === '/' && src[i + 1] === '*') i = src.indexOf('*/', i) + 2;
    else if (ch === '{') {
      depth++;
      i++;
    } else if (ch === '}') {
      if (!depth) return i;
      depth--;
      i++;
    } else i++;
  }
  throw new Error('minify-literals: unterminated expression');
}

/**
 * The source with every css`…` / html`…` template minified (other code unchanged). Strings, comments and
 * other template literals are skipped as such, so a "css`" inside them is left alone. (Regular-expression
 * literals are not recognised: one holding a quote or a backtick would confuse the scan; ours hold none.)
 * @param {string} src
 * @returns {string}
 */
export function minifyLiterals(src) {
  let out = '';
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    let end = i + 1;
    if (ch === '/' && src[i + 1] === '/') end = src.includes('\n', i) ? src.indexOf('\n', i) : src.length;
    else if (ch === '/' && src[i + 1] === '*') end = src.indexOf('*/', i) + 2;
    else if (ch === '"' || ch === "'") {
      end = i + 1;
      while (src[end] !== ch) end += src[end] === '\\' ? 2 : 1;
      end++;
    } else if (ch === '`') {
      const tag = /(?:^|[^\w$.])(css|html)$/.exec(src.slice(Math.max(0, i - 6), i))?.[1];
      const t = scanTemplate(src, i);
      const min = tag === 'css' ? minCss : tag === 'html' ? minHtml : undefined;
      out += '`';
      t.chunks.forEach(([a, b], k) => {
        const text = src.slice(a, b);
        out += min ? min(text, k === 0, k === t.chunks.length - 1) : text;
        if (k < t.exprs.length) out += '${' + minifyLiterals(src.slice(t.exprs[k][0], t.exprs[k][1])) + '}';
      });
      out += '`';
      i = t.end;
      continue;
    }
    out += src.slice(i, end);
    i = end;
  }
  return out;
}

/**
 * Which sources are minified: every element's source (our templates hold no <pre>, <textarea> or
 * other whitespace-sensitive text; keep it so).
 */
export const MINIFIED = /[\\/]src[\\/].*\.ts$/;

/** esbuild plugin (bench/consent-size.js). @returns {import('esbuild').Plugin} */
export const esbuildMinifyLiterals = () => ({
  name: 'ode-minify-literals',
  setup(build) {
    build.onLoad({ filter: MINIFIED }, async ({ path }) => {
      const { readFile } = await import('node:fs/promises');
      return { contents: minifyLiterals(await readFile(path, 'utf8')), loader: 'ts' };
    });
  },
});

/** Vite / Rollup plugin (vite.config.ts, build only). */
export const viteMinifyLiterals = () => ({
  name: 'ode-minify-literals',
  apply: /** @type {'build'} */ ('build'),
  enforce: /** @type {'pre'} */ ('pre'),
  /** @param {string} code @param {string} id */
  transform(code, id) {
    if (!MINIFIED.test(id)) return null;
    return { code: minifyLiterals(code), map: null };
  },
});
