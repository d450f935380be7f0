// @ts-check
/**
 * The css`…` / html`…` minifier of the build (scripts/minify-literals.js): the element tests run on the
 * sources, so what the minifier changes is checked here, on tricky cases and on every source file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { minifyLiterals as min } from './minify-literals.js';

test('minifies css: comments, spaces around punctuation, last semicolons; values keep their spaces', () => {
  const out = min(`const s = css\`
      /* a comment */
      :host {
        inset: auto 0 0 0;
        width: min(44rem, calc(100vw - 2rem));
      }
      dialog .actions,
      a:focus-visible > b {
        color: var(--_fg);
      }
    \`;`);
  assert.equal(
    out,
    'const s = css`:host{inset:auto 0 0 0;width:min(44rem,calc(100vw - 2rem))}dialog .actions,a:focus-visible>b{color:var(--_fg)}`;',
  );
});

test('collapses html line breaks to one space, drops them only beside block tags, keeps inline spacing', () => {
  const out = min(`html\`<div class="inner">
        <h2>\${t.title}</h2>
        <p>
          \${a}
          · <a href=\${u}>\${t.policy}</a>
        </p>
      </div>\``);
  assert.equal(
    out,
    'html`<div class="inner"><h2>${t.title}</h2><p> ${a} · <a href=${u}>${t.policy}</a></p></div>`',
  );
});

test('leaves expressions, strings and regular expressions alone; minifies templates nested in expressions', () => {
  const src = `const re = /[",\\n]/; const q = "\`";
    html\`<ul>
      \${items.map((i) => html\`<li>
        \${i.name}
      </li>\`)}
      \${fill('}{\\\`', { n: 1 })} \${/* } */ x} \${'\`'}
    </ul>\`;
    const notATemplate = 'html\`';`;
  const out = min(src);
  assert.ok(out.startsWith('const re = /[",\\n]/; const q = "`";'));
  assert.ok(out.includes('${items.map((i) => html`<li> ${i.name} </li>`)}'));
  assert.ok(out.includes("${fill('}{\\`', { n: 1 })} ${/* } */ x} ${'`'}"));
  assert.ok(out.endsWith("const notATemplate = 'html`';"));
});

test('every source file still parses after minification, with the same code outside templates', () => {
  const root = fileURLToPath(new URL('../src', import.meta.url));
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  assert.ok(files.length > 20);
  /** @param {string} code @param {string} name */
  const shape = (code, name) => {
    const sf = ts.createSourceFile(name, code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
    /** @type {string[]} */
    const kinds = [];
    /** @param {import('typescript').Node} n */
    const walk = (n) => {
      kinds.push(ts.SyntaxKind[n.kind]);
      ts.forEachChild(n, walk);
    };
    walk(sf);
    return { kinds, errors: /** @type {any} */ (sf).parseDiagnostics.length };
  };
  for (const f of files) {
    const src = readFileSync(join(root, f), 'utf8');
    const a = shape(src, f);
    const b = shape(min(src, f), f);
    assert.equal(b.errors, a.errors, f);
    assert.deepEqual(b.kinds, a.kinds, `${f}: only template text may change`);
  }
});
