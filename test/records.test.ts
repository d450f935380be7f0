import { expect, fixture, html } from '@open-wc/testing';
import '../src/core/define-dataset.js';
import '../src/filters/define-search.js';
import '../src/records/define.js';
import type { OdeRecords } from '../src/records/ode-records.js';
import type { OdeDataset } from '../src/core/ode-dataset.js';
import { compileTemplate, fillTemplate, lookup, rawText, safeTemplateUrl } from '../src/records/template.js';
import { portalUrl, shadowText, until } from './helpers.js';

async function api(path: string) {
  return (await fetch(`${portalUrl()}/api/explore/v2.1/catalog/datasets/${path}`)).json();
}

const cards = (el: Element) => [...el.querySelectorAll(':scope > .ode-card')];
const settled = (el: Element) => !el.hasAttribute('aria-busy');
const shown = (el: Element, n?: number) =>
  until(() => settled(el) && cards(el).length > 0 && (n === undefined || cards(el).length === n), 'cards');
const part = (el: Element, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`)!;

/** A template made from markup, as a page author writes it. */
function template(markup: string): HTMLTemplateElement {
  const t = document.createElement('template');
  t.innerHTML = markup;
  return t;
}

describe('<ode-records>', () => {
  it('renders the first six records in order as cards, then the next six', async () => {
    const first = await api('communes-france/records?select=code,nom,population&order_by=code&limit=6');
    const second = await api(
      'communes-france/records?select=code,nom,population&order_by=code&limit=6&offset=6',
    );
    const el = await fixture<OdeRecords>(
      html`<ode-records domain=${portalUrl()} dataset="communes-france" order-by="code" limit="6">
        <template>
          <article class="commune">
            <h3>{{nom}}</h3>
            <p>Code <span class="code">{{code}}</span>, {{population}} inhabitants</p>
          </article>
        </template>
      </ode-records>`,
    );
    await shown(el, 6);
    const read = () =>
      cards(el).map((c) => [c.querySelector('h3')!.textContent, c.querySelector('.code')!.textContent]);
    expect(read()).to.deep.equal(first.results.map((r: { nom: string; code: string }) => [r.nom, r.code]));
    // numbers formatted like the table's cells
    const p = cards(el)[0].querySelector('p')!.textContent!.replace(/\s+/g, ' ');
    expect(p).to.contain(`${new Intl.NumberFormat('en').format(first.results[0].population)} inhabitants`);
    const pages = Math.ceil(Math.min(first.total_count, 10000) / 6);
    expect(part(el, 'page').textContent!.trim()).to.equal(
      `Page 1 of ${new Intl.NumberFormat('en').format(pages)}`,
    );
    expect(part(el, 'previous').hasAttribute('disabled')).to.equal(true);
    await expect(el).to.be.accessible();

    part(el, 'next').click();
    await until(() => cards(el)[0]?.querySelector('.code')?.textContent === second.results[0].code, 'page 2');
    await until(() => settled(el), 'settled');
    expect(read()).to.deep.equal(second.results.map((r: { nom: string; code: string }) => [r.nom, r.code]));
    expect(part(el, 'page').textContent!.trim()).to.contain('Page 2 of');
    expect(part(el, 'previous').hasAttribute('disabled')).to.equal(false);
    // keyboard: the previous button is a real button, reachable and pressed with Enter/Space
    expect(part(el, 'previous').tagName).to.equal('BUTTON');
    await expect(el).to.be.accessible();
  });

  it('with hostile values: no script runs, no javascript:/data: URL lands in href or src, markup stays text', async () => {
    const alerts: unknown[] = [];
    const original = window.alert;
    window.alert = (m?: unknown) => void alerts.push(m);
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    const all = await api('hostile-values/records?limit=100&select=title');
    try {
      const el = await fixture<OdeRecords>(
        html`<ode-records domain=${portalUrl()} dataset="hostile-values" limit="100">
          <template>
            <div class="card" title="{{title}}" onclick="alert('template')" style="color: red">
              <a class="link" href="{{url}}">{{title}}</a>
              <img class="pic" src="{{url}}" alt="" />
              <a class="file" href="{{photo.url}}">{{photo.filename}}</a>
              <iframe class="frame" src="{{url}}" srcdoc="{{html}}" title="frame"></iframe>
              <p class="html">{{html}}</p>
              <p class="raw">{{html|raw}}</p>
              <p class="extra">{{extra.html}} {{extra.__proto__}}</p>
              <p class="keyword">{{and}} {{12}} {{select|raw}}</p>
              <script>
                alert('template script');
              </script>
            </div>
          </template>
        </ode-records>`,
      );
      await shown(el, all.results.length);
      // what the template may not hold was refused, with a message
      expect(warnings.some((w) => w.includes('onclick'))).to.equal(true);
      expect(warnings.some((w) => w.includes('style'))).to.equal(true);
      expect(warnings.some((w) => w.includes('srcdoc'))).to.equal(true);
      expect(warnings.some((w) => w.includes('<script>'))).to.equal(true);
      expect(
        el.querySelector('.ode-card [onclick], .ode-card [style], .ode-card [srcdoc], .ode-card script'),
      ).to.equal(null);
      // the only elements in the cards are the template's own
      const allowed = new Set(['DIV', 'A', 'IMG', 'IFRAME', 'P']);
      for (const node of el.querySelectorAll('.ode-card *'))
        expect(allowed.has(node.tagName), node.tagName).to.equal(true);
      // every URL left is http(s) (relative ones resolve to the page's http origin)
      const urls = [...el.querySelectorAll('.ode-card [href], .ode-card [src]')].map(
        (n) => n.getAttribute('href') ?? n.getAttribute('src')!,
      );
      expect(urls.length).to.be.greaterThan(0);
      for (const u of urls) {
        expect(/^\s*(javascript|data|vbscript):/i.test(u.replace(/[\t\n\r]/g, '')), u).to.equal(false);
        expect(['http:', 'https:']).to.include(new URL(u, document.baseURI).protocol);
      }
      // the good https URL is kept, the javascript: file URL dropped, the http one kept
      expect(urls).to.include('https://example.org/page?a=1&b=<2>#"x"');
      expect(urls).to.include('http://example.org/files/photo.jpg');
      expect(warnings.some((w) => w.includes('left out') && w.includes('javascript:'))).to.equal(true);
      // markup in values is text
      const script = cards(el).find(
        (c) => c.querySelector('.html')!.textContent === '<script>alert(1)</script>',
      );
      expect(script, 'the script row, as text').to.exist;
      expect(script!.querySelector('.raw')!.textContent).to.equal('<script>alert(1)</script>');
      expect(script!.querySelector('.card')!.getAttribute('title')).to.equal('<script>alert(1)</script>');
      // a JSON value's own keys only: "__proto__" is the blob's key, not Object.prototype
      const json = cards(el).find((c) => c.querySelector('.extra')!.textContent!.includes('<script>'));
      expect(json!.querySelector('.extra')!.textContent).to.equal(
        '<script>alert(1)</script> {"polluted":true}',
      );
      expect(({} as { polluted?: boolean }).polluted).to.equal(undefined);
      // numbers beyond 2^53 raw: as the portal sent them to JSON.parse (no grouping)
      expect(
        cards(el).some((c) => /\b9007199254740992\b/.test(c.querySelector('.keyword')!.textContent!)),
      ).to.equal(true);
      await new Promise((r) => setTimeout(r, 300));
      expect(alerts).to.deep.equal([]);
    } finally {
      window.alert = original;
      console.warn = warn;
    }
  });

  it('without a template, shows the fields as label–value pairs, in a grid', async () => {
    const meta = await api('seattle-weather');
    const el = await fixture<OdeRecords>(
      html`<ode-records
        domain=${portalUrl()}
        dataset="seattle-weather"
        layout="grid"
        limit="4"
        lang="fr"
      ></ode-records>`,
    );
    await shown(el, 4);
    const labels = [...cards(el)[0].querySelectorAll('dt')].map((d) => d.textContent);
    expect(labels).to.deep.equal(meta.fields.slice(0, 6).map((f: { label: string }) => f.label));
    expect(getComputedStyle(part(el, 'list')).gridTemplateColumns.split(' ').length).to.be.greaterThan(0);
    expect(part(el, 'list').classList.contains('grid')).to.equal(true);
    expect(part(el, 'page').textContent).to.contain('Page 1 sur');
    expect(part(el, 'next').textContent).to.contain('Suivant');
    await expect(el).to.be.accessible();
  });

  it('follows its <ode-dataset>: a search goes back to page 1 and shows the matching records', async () => {
    const ds = await fixture<OdeDataset>(
      html`<ode-dataset domain=${portalUrl()} dataset="communes-france">
        <ode-records order-by="code" limit="5"
          ><template><p>{{nom}}</p></template></ode-records
        >
      </ode-dataset>`,
    );
    const el = ds.querySelector('ode-records')!;
    await shown(el, 5);
    part(el, 'next').click();
    await until(() => part(el, 'page')?.textContent!.includes('Page 2'), 'page 2');
    ds.q = 'Rennes';
    const expected = await api(
      `communes-france/records?select=nom&order_by=code&limit=5&where=${encodeURIComponent('"Rennes"')}`,
    );
    await until(
      () =>
        settled(el) &&
        cards(el)
          .map((c) => c.textContent)
          .join() === expected.results.map((r: { nom: string }) => r.nom).join(),
      'the search results',
    );
    expect(el.shadowRoot!.querySelector('[part="page"]')?.textContent ?? 'Page 1').to.contain('Page 1');
  });

  it('says no record matches, and shows the portal’s error for an unknown field', async () => {
    const empty = await fixture<OdeRecords>(
      html`<ode-records domain=${portalUrl()} dataset="communes-france" where="nom = 'Atlantis'"
        ><template><p>{{nom}}</p></template></ode-records
      >`,
    );
    expect(empty.getAttribute('aria-busy')).to.equal('true');
    await expect(empty).to.be.accessible();
    await until(() => settled(empty) && !!empty.shadowRoot!.querySelector('[part="status"]'), 'empty');
    expect(shadowText(empty)).to.contain('No record matches.');
    expect(cards(empty)).to.have.length(0);
    await expect(empty).to.be.accessible();

    const bad = await fixture<OdeRecords>(
      html`<ode-records domain=${portalUrl()} dataset="communes-france"
        ><template><p>{{no_such_field}}</p></template></ode-records
      >`,
    );
    await until(() => !!bad.shadowRoot!.querySelector('[part~="error"]'), 'error');
    expect(shadowText(bad)).to.contain('400');
    await expect(bad).to.be.accessible();
  });

  it('names a bad attribute in place', async () => {
    const el = await fixture<OdeRecords>(
      html`<ode-records domain=${portalUrl()} dataset="communes-france" order-by="code; drop"></ode-records>`,
    );
    await until(() => !!el.shadowRoot!.querySelector('[part~="error"]'), 'error');
    expect(shadowText(el)).to.contain('Attribute "order-by"');
    el.setAttribute('order-by', 'code');
    el.setAttribute('limit', '500');
    await until(() => shadowText(el).includes('Attribute "limit"'), 'limit message');
  });
});

describe('<ode-records> templates', () => {
  it('fills text and attributes as text, and refuses what could run', () => {
    const t = compileTemplate(
      template(
        '<a href="{{url}}" onmouseover="x()" title="{{name}}: {{n|raw}}">{{name}} ({{geo.lat}})</a><style>a{}</style>',
      ),
    );
    expect(t.fields).to.deep.equal(['url', 'name', 'n', 'geo']);
    expect(t.refused).to.deep.equal(['<style> element', 'onmouseover="…" on <a>']);
    const box = document.createElement('div');
    box.append(
      fillTemplate(t, { url: 'https://a.org/x', name: '<b>B</b>', n: 1234, geo: { lat: 48.1 } }, (p, v) =>
        p.raw ? rawText(v) : `[${rawText(v)}]`,
      ),
    );
    expect(box.innerHTML).to.equal(
      '<a href="https://a.org/x" title="[&lt;b&gt;B&lt;/b&gt;]: 1234">[&lt;b&gt;B&lt;/b&gt;] ([48.1])</a>',
    );
  });

  it('keeps only http(s) and relative URLs', () => {
    for (const ok of ['https://a.org', 'http://a.org/x', '/path', 'page.html', '?q=1', '#top', ''])
      expect(safeTemplateUrl(ok), ok).to.equal(true);
    for (const bad of [
      'javascript:alert(1)',
      ' JaVaScRiPt:alert(1)',
      'java\tscript:alert(1)',
      '\u0001javascript:alert(1)',
      'data:text/html,x',
      'vbscript:x',
      'mailto:a@b.org',
    ])
      expect(safeTemplateUrl(bad), bad).to.equal(false);
    expect(safeTemplateUrl('a.jpg 1x, https://b.org/b.jpg 2x', 'srcset')).to.equal(true);
    expect(safeTemplateUrl('a.jpg 1x, javascript:x 2x', 'srcset')).to.equal(false);
  });

  it('reads own keys only, and JSON text', () => {
    const row = JSON.parse('{"a": "{\\"__proto__\\": {\\"x\\": 1}, \\"b\\": 2}"}');
    expect(lookup(row, { field: 'a', path: ['b'], raw: false })).to.equal(2);
    expect(lookup(row, { field: 'a', path: ['__proto__'], raw: false })).to.deep.equal({ x: 1 });
    expect(lookup({ a: {} }, { field: 'a', path: ['constructor'], raw: false })).to.equal(undefined);
    expect(lookup({}, { field: 'toString', path: [], raw: false })).to.equal(undefined);
  });
});
