// @ts-check
/**
 * Minifies the static text of Lit's tagged templates — css`…` and html`…` — in a JS/TS source, for the
 * library builds (vite.npm.config.ts, vite.cdn.config.ts) and the size figures (bench/). Our own ~100 lines
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

import ts from 'typescript';

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
 * The source with every css`…` / html`…` template minified (other code unchanged). The templates are
 * found with TypeScript's own parser, so strings, comments, regular expressions and other template
 * literals are never mistaken for them; nested templates inside `${…}` are minified too.
 * @param {string} src
 * @param {string} [fileName]
 * @returns {string}
 */
export function minifyLiterals(src, fileName = 'source.ts') {
  const sf = ts.createSourceFile(fileName, src, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  /** @type {[number, number, string][]} */
  const edits = [];
  /** @param {import('typescript').Node} node */
  const visit = (node) => {
    if (
      ts.isTaggedTemplateExpression(node) &&
      ts.isIdentifier(node.tag) &&
      /^(css|html)$/.test(node.tag.text)
    ) {
      const min = node.tag.text === 'css' ? minCss : minHtml;
      const t = node.template;
      // [from, to) of each static chunk: the text between `…${, }…${, }…` delimiters
      /** @type {[number, number][]} */
      const chunks = ts.isNoSubstitutionTemplateLiteral(t)
        ? [[t.getStart(sf) + 1, t.end - 1]]
        : [
            [t.head.getStart(sf) + 1, t.head.end - 2],
            ...t.templateSpans.map((span) => {
              const lit = span.literal;
              return /** @type {[number, number]} */ ([
                lit.getStart(sf) + 1,
                lit.end - (ts.isTemplateTail(lit) ? 1 : 2),
              ]);
            }),
          ];
      chunks.forEach(([from, to], k) =>
        edits.push([from, to, min(src.slice(from, to), k === 0, k === chunks.length - 1)]),
      );
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  let out = src;
  for (const [from, to, text] of edits.sort((x, y) => y[0] - x[0]))
    out = out.slice(0, from) + text + out.slice(to);
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
      return { contents: minifyLiterals(await readFile(path, 'utf8'), path), loader: 'ts' };
    });
  },
});

/** Vite / Rollup plugin (the library builds and vite.config.ts, build only). */
export const viteMinifyLiterals = () => ({
  name: 'ode-minify-literals',
  apply: /** @type {'build'} */ ('build'),
  enforce: /** @type {'pre'} */ ('pre'),
  /** @param {string} code @param {string} id */
  transform(code, id) {
    if (!MINIFIED.test(id)) return null;
    return { code: minifyLiterals(code, id), map: null };
  },
});
