// @ts-check
/**
 * Build-time minification of the CSS and HTML inside Lit's `css`…`` and `html`…`` tagged templates,
 * which esbuild and Vite leave as written (indentation, comments). Used by `npm run build`
 * (vite.config.ts) and by the bench's size figures, so both measure the same code.
 *
 * Only the static text of a template changes, never an expression inside `${…}` (nested templates
 * inside expressions are minified in turn). CSS: comments go, whitespace collapses, and the spaces
 * around `{ } ; , : > !` and the zero of `0.5` go — quoted strings are left untouched. HTML: every
 * run of whitespace becomes one space (our templates hold no `<pre>` or `<textarea>`), and none is
 * kept next to the start or end of a block or table element: the browser renders it the same.
 */
import { readFile } from 'node:fs/promises';

/**
 * @param {string} s
 * @param {number} i index just after the opening backtick
 * @param {(text: string) => string} minify applied to each static chunk
 * @returns {[string, number]} the rewritten template body (without backticks) and the index after the closing backtick
 */
function template(s, i, minify) {
  let out = '';
  let chunk = '';
  while (i < s.length) {
    const c = s[i];
    if (c === '\\') {
      chunk += s.slice(i, i + 2);
      i += 2;
    } else if (c === '`') {
      return [out + minify(chunk), i + 1];
    } else if (c === '$' && s[i + 1] === '{') {
      out += minify(chunk);
      chunk = '';
      const [expr, next] = expression(s, i + 2);
      out += '${' + expr + '}';
      i = next;
    } else {
      chunk += c;
      i++;
    }
  }
  throw new Error('unterminated template literal');
}

/**
 * Code up to the `}` closing a `${`: nested braces, strings, comments and templates are skipped, and
 * `css`/`html` templates inside are minified.
 * @param {string} s
 * @param {number} i
 * @returns {[string, number]}
 */
function expression(s, i) {
  let out = '';
  let depth = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '}' && depth === 0) return [out, i + 1];
    if (c === '{') depth++;
    if (c === '}') depth--;
    if (c === '"' || c === "'") {
      const end = stringEnd(s, i);
      out += s.slice(i, end);
      i = end;
      continue;
    }
    if (c === '`') {
      const tag = /(?:^|[^\w$.])(css|html)\s*$/.exec(out)?.[1];
      const [body, next] = template(
        s,
        i + 1,
        tag === 'css' ? minifyCss : tag === 'html' ? minifyHtml : (x) => x,
      );
      out += '`' + body + '`';
      i = next;
      continue;
    }
    if (c === '/' && s[i + 1] === '/') {
      const end = s.indexOf('\n', i);
      i = end < 0 ? s.length : end;
      continue;
    }
    if (c === '/' && s[i + 1] === '*') {
      i = s.indexOf('*/', i + 2) + 2;
      continue;
    }
    out += c;
    i++;
  }
  throw new Error('unterminated template expression');
}

/** @param {string} s @param {number} i index of the opening quote */
function stringEnd(s, i) {
  const q = s[i];
  for (let j = i + 1; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === q || s[j] === '\n') return j + 1;
  }
  return s.length;
}

/** @param {string} css */
export function minifyCss(css) {
  // keep quoted strings (e.g. `content: ' · '`) as they are
  return css
    .split(/('(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*")/)
    .map((part, k) =>
      k % 2
        ? part
        : part
            .replace(/\/\*[\s\S]*?\*\//g, '')
            .replace(/\s+/g, ' ')
            .replace(/\s*([{};,])\s*/g, '$1')
            .replace(/:\s+/g, ':')
            .replace(/\s*([>!])\s*/g, '$1')
            .replace(/(^|[^\w.-])0\.(\d)/g, '$1.$2')
            .replace(/;}/g, '}'),
    )
    .join('');
}

/** @param {string} html */
export function minifyHtml(html) {
  return (
    html
      .replace(/\s+/g, ' ')
      // whitespace next to the start or end of a block or table element is never rendered
      .replace(new RegExp(`\\s+(?=<\\/?(?:${BLOCK})[\\s>])`, 'g'), '')
      .replace(new RegExp(`(<\\/?(?:${BLOCK})(?:\\s[^<>]*)?>)\\s+`, 'g'), '$1')
      // quotes around a plain static attribute value (letters, digits, -, _) are optional in HTML
      .replace(/(\s[a-z][\w-]*)="([\w-]+)"(?=[\s>/])/g, '$1=$2')
  );
}
const BLOCK = 'table|thead|tbody|tr|th|td|div|p|section|dialog|form|h2|dl|dt|dd|ul|li';

/**
 * Rewrites a module's source: every `css` and `html` tagged template minified.
 * @param {string} source
 */
export function minifyTemplates(source) {
  let out = '';
  let i = 0;
  const re = /(?:^|[^\w$.])(css|html)`/g;
  let m;
  while ((m = re.exec(source))) {
    // skip matches inside comments or strings: only scan code we copied verbatim up to here
    const start = m.index + m[0].length;
    out += source.slice(i, start);
    const [body, next] = template(source, start, m[1] === 'css' ? minifyCss : minifyHtml);
    out += body + '`';
    i = next;
    re.lastIndex = next;
  }
  return out + source.slice(i);
}

/** esbuild plugin: minify the templates of our own TypeScript sources. */
export function minifyTemplatesPlugin() {
  return {
    name: 'minify-templates',
    /** @param {import('esbuild').PluginBuild} build */
    setup(build) {
      build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => ({
        contents: minifyTemplates(await readFile(args.path, 'utf8')),
        loader: 'ts',
      }));
    },
  };
}

/** Vite (Rollup) plugin doing the same at `npm run build`. */
export function minifyTemplatesVite() {
  return {
    name: 'minify-templates',
    enforce: /** @type {const} */ ('pre'),
    /** @param {string} code @param {string} id */
    transform(code, id) {
      if (!/[\\/]src[\\/].*\.ts$/.test(id)) return null;
      return { code: minifyTemplates(code), map: null };
    },
  };
}
