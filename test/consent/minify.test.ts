/**
 * The css`…` / html`…` minifier of the build (scripts/minify-literals.js): the element tests run on the
 * sources, so what the minifier changes is checked here, on our own templates and on tricky cases.
 */
import { expect } from '@open-wc/testing';
// @ts-expect-error a plain JS build script, without type declarations for the browser build
import { minifyLiterals } from '../../scripts/minify-literals.js';

const min = minifyLiterals as (src: string) => string;

describe('minify-literals (build)', () => {
  it('minifies css: comments, spaces around punctuation, last semicolons; values keep their spaces', () => {
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
    expect(out).to.equal(
      'const s = css`:host{inset:auto 0 0 0;width:min(44rem,calc(100vw - 2rem))}dialog .actions,a:focus-visible>b{color:var(--_fg)}`;',
    );
  });

  it('collapses html line breaks to one space, drops them only beside block tags, keeps inline spacing', () => {
    const out = min(`html\`<div class="inner">
        <h2>\${t.title}</h2>
        <p>
          \${a}
          · <a href=\${u}>\${t.policy}</a>
        </p>
      </div>\``);
    // the space before </p> cannot render (end of a block): dropped; the one before · is text: kept
    expect(out).to.equal(
      'html`<div class="inner"><h2>${t.title}</h2><p> ${a} · <a href=${u}>${t.policy}</a></p></div>`',
    );
  });

  it('leaves expressions alone, minifying the templates nested in them, whatever braces and strings they hold', () => {
    const src = `html\`<ul>
      \${items.map((i) => html\`<li>
        \${i.name}
      </li>\`)}
      \${fill('}{\\\`', { n: 1 })} \${/* } */ x} \${'\`'}
    </ul>\`;
    const notATemplate = 'html\`';`;
    const out = min(src);
    expect(out).to.contain('${items.map((i) => html`<li> ${i.name} </li>`)}');
    expect(out).to.contain("${fill('}{\\`', { n: 1 })} ${/* } */ x} ${'`'}");
    expect(out.endsWith("const notATemplate = 'html`';")).to.equal(true);
  });
});
