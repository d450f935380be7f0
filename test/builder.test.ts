import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/index.js';
import '../src/builder/define.js';
import type { OdeBuilder } from '../src/builder/ode-builder.js';
import type { OdeMap } from '../src/map/ode-map.js';
import { embedUrl, escapeAttr, frameId } from '../src/builder/model.js';
import { VERSION } from '../src/builder/version.js';
import { portalUrl, shadowText, until } from './helpers.js';

const $ = <T extends Element = HTMLElement>(b: OdeBuilder, sel: string) =>
  b.shadowRoot!.querySelector<T>(sel);
const radios = (b: OdeBuilder) => [
  ...b.shadowRoot!.querySelectorAll<HTMLInputElement>('input[name="dataset"]'),
];
const status = (b: OdeBuilder) => $(b, '#search-status')!;
const searched = (b: OdeBuilder) =>
  until(() => status(b).getAttribute('aria-busy') === 'false' && !!status(b).textContent!.trim(), 'search');
const preview = (b: OdeBuilder) => $(b, '[part="preview"]')?.firstElementChild ?? null;
const code = (b: OdeBuilder, which: 'snippet' | 'iframe' | 'frame-fixed' | 'dashboard') =>
  $<HTMLTextAreaElement>(b, `#code-${which}`)!.value;

async function typeInto(b: OdeBuilder, sel: string, text: string) {
  const input = $<HTMLInputElement>(b, sel)!;
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}
function select(b: OdeBuilder, sel: string, value: string) {
  const s = $<HTMLSelectElement>(b, sel)!;
  s.value = value;
  s.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}
async function pick(b: OdeBuilder, id: string) {
  await until(() => radios(b).some((r) => r.value === id), `${id} in the results`);
  radios(b)
    .find((r) => r.value === id)!
    .click();
  await until(() => !!$(b, 'input[name="view"]:checked'), 'fields loaded');
}
/** The preview element has rows, a drawn chart or a loaded map. */
const rendered = (el: Element | null) =>
  until(() => {
    const r = el?.shadowRoot;
    if (!r) return false;
    if (el!.localName === 'ode-table') return !!r.querySelector('tbody tr[part~="row"]:not(.placeholder)');
    if (el!.localName === 'ode-chart') return !!(el as unknown as { chart?: unknown }).chart;
    // a map: its maplibre map is there and its data shown (no longer busy)
    return !!(el as OdeMap).map && !el!.hasAttribute('aria-busy') && !el!.matches(':state(loading)');
  }, `${el?.localName} rendered`);

describe('<ode-builder>', () => {
  it('initial state: asks for a portal, and refuses a domain that is not one', async () => {
    const b = await fixture<OdeBuilder>(html`<ode-builder></ode-builder>`);
    expect(shadowText(b)).to.contain('Enter a portal domain to search its catalog.');
    expect($<HTMLInputElement>(b, '#search')!.disabled).to.equal(true);
    await expect(b).to.be.accessible();
    await typeInto(b, '#domain', 'not a domain/..');
    await b.updateComplete;
    expect($(b, '#domain-error')!.textContent).to.contain('is not a portal domain');
    expect($(b, '#domain')!.getAttribute('aria-invalid')).to.equal('true');
    expect($(b, '#domain')!.getAttribute('aria-describedby')).to.contain('domain-error');
    await expect(b).to.be.accessible();
  });

  it('loading then results: lists the catalog, searches it (debounced, quoted), and says when nothing matches', async () => {
    const b = await fixture<OdeBuilder>(html`<ode-builder domain=${portalUrl()}></ode-builder>`);
    expect(status(b).getAttribute('aria-busy')).to.equal('true');
    expect(status(b).textContent).to.contain('Searching');
    await expect(b).to.be.accessible();
    await searched(b);
    expect(radios(b).length).to.be.greaterThan(3);
    expect(status(b).textContent).to.match(/\d+ datasets/);
    await expect(b).to.be.accessible();

    await typeInto(b, '#search', 'weather');
    await until(() => radios(b).length === 1, 'one result');
    expect(radios(b)[0].value).to.equal('seattle-weather');
    expect(status(b).textContent).to.contain('1 dataset.');

    // quotes and parentheses are searched as text, never as ODSQL
    await typeInto(b, '#search', 'zzz") OR ("1');
    await until(() => status(b).textContent!.includes('No dataset matches'), 'empty');
    expect(radios(b).length).to.equal(0);
    expect(status(b).textContent).to.contain('zzz") OR ("1');
    await expect(b).to.be.accessible();

    // a domain that is not one: the previous portal's results go, the search waits for a portal
    await typeInto(b, '#domain', 'nope nope');
    await b.updateComplete;
    expect($<HTMLInputElement>(b, '#search')!.disabled).to.equal(true);
    expect(status(b).textContent).to.contain('Enter a portal domain');
  });

  it('error state: an unreachable portal is named, with Try again', async () => {
    const b = await fixture<OdeBuilder>(html`<ode-builder domain="http://127.0.0.1:9"></ode-builder>`);
    await until(() => !!$(b, '.error[role="alert"]'), 'error', 15000);
    expect(shadowText(b)).to.contain('The portal at http://127.0.0.1:9 could not be reached');
    expect($(b, '.error button')!.textContent).to.contain('Try again');
    await expect(b).to.be.accessible();
  });

  it('picking a dataset lists its fields; table options write the fields attribute and the preview follows', async () => {
    const b = await fixture<OdeBuilder>(html`<ode-builder domain=${portalUrl()}></ode-builder>`);
    await pick(b, 'airports');
    const meta = await (await fetch(`${portalUrl()}/api/explore/v2.1/catalog/datasets/airports`)).json();
    const columns = [...b.shadowRoot!.querySelectorAll('ol.columns li')].map((li) =>
      li.getAttribute('data-field'),
    );
    expect(columns).to.deep.equal(
      meta.fields
        .filter((f: { type: string }) => !f.type.startsWith('geo'))
        .map((f: { name: string }) => f.name),
    );
    const views = [...b.shadowRoot!.querySelectorAll<HTMLInputElement>('input[name="view"]')].map(
      (r) => r.value,
    );
    expect(views).to.deep.equal(['table', 'chart', 'map', 'kpi', 'records']);
    // each radio button beside its word, as a radio button is (not in a 7 rem box meant for text inputs)
    for (const label of b.shadowRoot!.querySelectorAll<HTMLLabelElement>('fieldset.views label')) {
      const radio = label.querySelector('input')!.getBoundingClientRect();
      const words = document.createRange();
      words.selectNodeContents(label);
      words.setStartAfter(label.querySelector('input')!);
      const text = words.getBoundingClientRect();
      expect(radio.width, `${label.textContent!.trim()}: radio width`).to.be.below(30);
      expect(text.left - radio.right, `${label.textContent!.trim()}: gap to its word`).to.be.below(16);
    }
    const el = preview(b)!;
    expect(el.localName).to.equal('ode-table');
    await rendered(el);
    // uncheck everything but name and city, then move city up
    for (const li of b.shadowRoot!.querySelectorAll('ol.columns li')) {
      const box = li.querySelector<HTMLInputElement>('input')!;
      if (box.checked !== ['name', 'city'].includes(li.getAttribute('data-field')!)) box.click();
    }
    await b.updateComplete;
    $<HTMLButtonElement>(b, 'li[data-field="city"] button[aria-label$="up"]')!.click();
    await b.updateComplete;
    expect(preview(b)).to.equal(el, 'the same element, updated in place');
    expect(el.getAttribute('fields')).to.equal('city,name');
    await until(() => el.shadowRoot!.querySelectorAll('thead th').length === 2, 'two columns');
    expect(b.builderState!.table.fields).to.deep.equal(['city', 'name']);
    expect(code(b, 'snippet')).to.equal(
      `<script type="module" src="https://cdn.jsdelivr.net/npm/open-data-elements@${VERSION}/dist/cdn/ode.js"></script>\n` +
        `<ode-table domain="${escapeAttr(portalUrl())}" dataset="airports" fields="city,name"></ode-table>`,
    );
    const base = new URL('../', document.baseURI).href;
    expect(code(b, 'iframe')).to.contain(
      `src="${escapeAttr(embedUrl(b.builderState!, base, frameId(b.builderState!)))}"`,
    );
    expect(code(b, 'iframe')).to.contain('title="US airports (table)"');
    await expect(b).to.be.accessible();
  });

  it('key figure with a date filter: the snippet wraps both in an <ode-dataset>, the preview filters', async () => {
    const b = await fixture<OdeBuilder>(html`<ode-builder domain=${portalUrl()}></ode-builder>`);
    await pick(b, 'seattle-weather');
    $<HTMLInputElement>(b, 'input[name="view"][value="kpi"]')!.click();
    await b.updateComplete;
    select(b, '#kpi-agg', 'avg');
    await b.updateComplete;
    select(b, '#kpi-field', 'temp_max');
    await typeInto(b, '#kpi-label', 'Average high');
    await b.updateComplete;
    const kpi = preview(b)!;
    expect(kpi.localName).to.equal('ode-kpi');
    expect(kpi.getAttribute('value')).to.equal('avg(temp_max)');
    expect(kpi.getAttribute('label')).to.equal('Average high');
    select(b, '#date-filter', 'date');
    await b.updateComplete;
    const wrapper = preview(b)!;
    expect(wrapper.localName).to.equal('ode-dataset');
    expect([...wrapper.children].map((c) => c.localName)).to.deep.equal(['ode-date-range', 'ode-kpi']);
    const d = escapeAttr(portalUrl());
    expect(code(b, 'snippet')).to.contain(
      `<ode-dataset domain="${d}" dataset="seattle-weather">\n` +
        `  <ode-date-range field="date"></ode-date-range>\n` +
        `  <ode-kpi value="avg(temp_max)" label="Average high"></ode-kpi>\n` +
        `</ode-dataset>`,
    );
    // the iframe shows the figure alone
    expect(code(b, 'iframe')).to.contain('el=kpi');
    expect(code(b, 'iframe')).not.to.contain('date-range');
    const figure = wrapper.querySelector('ode-kpi')!;
    await until(() => !!figure.shadowRoot?.querySelector('[part="value"]:not(.stale)'), 'the figure');
    await expect(b).to.be.accessible();
  });

  it('record cards: fields and layout, the cards are shown', async () => {
    const b = await fixture<OdeBuilder>(html`<ode-builder domain=${portalUrl()}></ode-builder>`);
    await pick(b, 'airports');
    $<HTMLInputElement>(b, 'input[name="view"][value="records"]')!.click();
    await b.updateComplete;
    const el = preview(b)!;
    expect(el.localName).to.equal('ode-records');
    expect(el.getAttribute('layout')).to.equal('grid');
    expect(el.getAttribute('fields')).to.equal(b.builderState!.records.fields.join(','));
    await until(() => el.querySelectorAll('.ode-card').length > 0, 'cards');
    $<HTMLInputElement>(b, 'input[name="records-layout"]:not(:checked)')!.click();
    await b.updateComplete;
    expect(el.hasAttribute('layout')).to.equal(false);
    await expect(b).to.be.accessible();
  });

  it('chart options: x, time bucket for dates, aggregates of numeric fields, limit; the chart is drawn', async () => {
    const b = await fixture<OdeBuilder>(html`<ode-builder domain=${portalUrl()}></ode-builder>`);
    await pick(b, 'seattle-weather');
    expect(b.shadowRoot!.querySelector('input[name="view"][value="map"]')).to.equal(null);
    expect(shadowText(b)).to.contain('No map: this dataset has no geographic field');
    $<HTMLInputElement>(b, 'input[name="view"][value="chart"]')!.click();
    await b.updateComplete;
    let el = preview(b)!;
    expect(el.localName).to.equal('ode-chart');
    expect(el.getAttribute('x')).to.equal('date');
    expect(el.getAttribute('time-bucket')).to.equal('auto');
    await rendered(el);
    select(b, '#chart-bucket', 'year');
    select(b, '#chart-agg', 'avg');
    await b.updateComplete;
    select(b, '#chart-y', 'wind');
    await b.updateComplete;
    el = preview(b)!;
    expect(el.getAttribute('time-bucket')).to.equal('year');
    expect(el.getAttribute('y')).to.equal('avg(wind)');
    const ys = [...b.shadowRoot!.querySelectorAll<HTMLOptionElement>('#chart-y option')].map((o) => o.value);
    expect(ys).to.deep.equal(['precipitation', 'temp_max', 'temp_min', 'wind']);
    const xs = [...b.shadowRoot!.querySelectorAll<HTMLOptionElement>('#chart-x option')].map((o) => o.value);
    expect(xs).to.deep.equal(['date', 'weather']);
    select(b, '#chart-x', 'weather');
    await b.updateComplete;
    expect($(b, '#chart-bucket')).to.equal(null);
    expect(el.hasAttribute('time-bucket')).to.equal(false);
    await typeInto(b, '#chart-limit', '0');
    await b.updateComplete;
    expect($(b, '#limit-error')!.textContent).to.contain('whole number from 1 to 1,000');
    await expect(b).to.be.accessible();
    await typeInto(b, '#chart-limit', '3');
    await b.updateComplete;
    expect($(b, '#limit-error')).to.equal(null);
    expect(el.getAttribute('limit')).to.equal('3');
    await until(
      () => (el as unknown as { model?: { categories: unknown[] } }).model?.categories.length === 3,
      '3 categories',
    );
    expect(code(b, 'snippet')).to.contain(
      'dataset="seattle-weather" type="line" x="weather" y="avg(wind)" limit="3"></ode-chart>',
    );
    expect(code(b, 'iframe')).to.contain('el=chart&amp;');
    expect(code(b, 'iframe')).to.contain('&amp;y=avg%28wind%29&amp;limit=3&amp;id=ode-chart-seattle-weather');
    await expect(b).to.be.accessible();
  });

  it('map options: only for geographic datasets; popup fields and display mode update the map', async () => {
    const b = await fixture<OdeBuilder>(html`<ode-builder domain=${portalUrl()}></ode-builder>`);
    await pick(b, 'earthquakes');
    $<HTMLInputElement>(b, 'input[name="view"][value="map"]')!.click();
    await b.updateComplete;
    const el = preview(b)!;
    expect(el.localName).to.equal('ode-map');
    // two geographic fields: the choice is offered, the point field first
    expect($<HTMLSelectElement>(b, '#map-geo')!.value).to.equal('geo_point_2d');
    expect(el.getAttribute('geo-field')).to.equal('geo_point_2d');
    const modes = () =>
      [...b.shadowRoot!.querySelectorAll<HTMLOptionElement>('#map-mode option')].map((o) => o.value);
    expect(modes()).to.not.include('shapes');
    select(b, '#map-geo', 'geom');
    await b.updateComplete;
    expect(modes()).to.include('shapes');
    select(b, '#map-mode', 'shapes');
    await b.updateComplete;
    expect(el.getAttribute('mode')).to.equal('shapes');
    const popup = [...b.shadowRoot!.querySelectorAll<HTMLLabelElement>('fieldset label.choice')].find((l) =>
      l.textContent!.includes('(mag)'),
    )!;
    popup.querySelector('input')!.click();
    await b.updateComplete;
    expect(el.getAttribute('popup-fields')!.split(',')).to.include('mag');
    // the linked dashboard carries the map's options, the chart and the table, linked
    const dashboard = code(b, 'dashboard');
    expect(dashboard).to.contain('<ode-dataset id="earthquakes" url-sync');
    expect(dashboard).to.match(/<ode-map mode="shapes" geo-field="geom" popup-fields="[^"]*mag[^"]*"/);
    expect(dashboard).to.contain('filter-on-click></ode-chart>');
    expect(dashboard).to.contain('<ode-table fields=');
    el.scrollIntoView();
    await rendered(el);
    await expect(b).to.be.accessible();
  });

  it('hostile metadata: titles are text, keyword field names are backquoted in y, and the chart draws', async () => {
    const b = await fixture<OdeBuilder>(html`<ode-builder domain=${portalUrl()}></ode-builder>`);
    await typeInto(b, '#search', 'hostile');
    // the debounced search has run (else it could replace the results once the dataset is picked)
    await until(() => status(b).textContent!.includes('1 dataset'), 'the search for hostile');
    await pick(b, 'hostile-values');
    expect(b.shadowRoot!.querySelector('.results b, .results script')).to.equal(null);
    expect(shadowText(b)).to.contain('<b>Hostile</b> values <script>alert("title")</script>');
    $<HTMLInputElement>(b, 'input[name="view"][value="chart"]')!.click();
    await b.updateComplete;
    select(b, '#chart-x', 'and');
    select(b, '#chart-agg', 'sum');
    await b.updateComplete;
    select(b, '#chart-y', 'select');
    await b.updateComplete;
    const el = preview(b)!;
    expect(el.getAttribute('y')).to.equal('sum(`select`)');
    await rendered(el);
    expect(el.shadowRoot!.querySelector('[part~="error"]')).to.equal(null);
    expect(code(b, 'iframe')).to.contain(
      'title="&lt;b&gt;Hostile&lt;/b&gt; values &lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; (chart)"',
    );
  });

  it('writes a self-hosted CDN or embed base when given, and tells the page when the snippet changes', async () => {
    const b = await fixture<OdeBuilder>(
      html`<ode-builder
        domain=${portalUrl()}
        cdn-base="https://example.org/ode/"
        embed-base="https://cms.example.org/embed"
      ></ode-builder>`,
    );
    const changes: string[] = [];
    b.addEventListener('ode-builder-change', (e) => changes.push((e as CustomEvent).detail.state.view));
    await pick(b, 'seattle-weather');
    expect(code(b, 'snippet')).to.match(
      /^<script type="module" src="https:\/\/example\.org\/ode\/ode\.js"><\/script>\n/,
    );
    expect(code(b, 'iframe')).to.contain('src="https://cms.example.org/embed/embed.html?el=table&amp;');
    expect(code(b, 'iframe')).to.contain('e.origin !== "https://cms.example.org"');
    $<HTMLInputElement>(b, 'input[name="view"][value="chart"]')!.click();
    await b.updateComplete;
    expect(changes).to.deep.equal(['table', 'chart']);
  });

  it('takes a Script URL that every code uses, remembers it, and offers a script-free fixed-height iframe', async () => {
    localStorage.removeItem('ode-builder:script-url');
    try {
      const b = await fixture<OdeBuilder>(html`<ode-builder domain=${portalUrl()}></ode-builder>`);
      await pick(b, 'seattle-weather');
      const field = $<HTMLInputElement>(b, '#script-url')!;
      // visible, labelled, and by default the jsDelivr address of this version
      expect(field.getBoundingClientRect().height).to.be.greaterThan(10);
      expect(code(b, 'snippet')).to.contain(`open-data-elements@${VERSION}/dist/cdn/ode.js`);
      await typeInto(b, '#script-url', 'ftp://static.example.org/ode.js');
      await b.updateComplete;
      expect($(b, '#script-url-error')!.textContent).to.contain('is not an http or https address');
      expect(field.getAttribute('aria-invalid')).to.equal('true');
      expect(code(b, 'snippet')).to.contain('cdn.jsdelivr.net');
      await typeInto(b, '#script-url', 'https://static.example.org/ode/0.1.0/ode.js');
      await b.updateComplete;
      expect($(b, '#script-url-error')!.hidden).to.equal(true);
      expect(code(b, 'snippet')).to.match(
        /^<script type="module" src="https:\/\/static\.example\.org\/ode\/0\.1\.0\/ode\.js"><\/script>\n/,
      );
      // the embed page of a self-hosted copy sits next to ode.js
      for (const which of ['iframe', 'frame-fixed'] as const)
        expect(code(b, which)).to.contain(
          'src="https://static.example.org/ode/0.1.0/embed.html?el=table&amp;',
        );
      // the script-free variant: the frame alone, at the height the editor chose
      expect(code(b, 'frame-fixed')).to.not.contain('<script');
      expect(code(b, 'frame-fixed')).to.contain('height: 520px');
      await typeInto(b, '#frame-height', '700');
      await b.updateComplete;
      expect(code(b, 'frame-fixed')).to.contain('height: 700px');
      await typeInto(b, '#frame-height', '7');
      await b.updateComplete;
      expect($(b, '#frame-height-error')!.textContent).to.contain('is not a height');
      // the auto-resizing variant keeps its listener
      expect(code(b, 'iframe')).to.contain("d.type !== 'ode-embed:resize'");
      await expect(b).to.be.accessible();
      // remembered: a builder opened later writes the same address
      const again = await fixture<OdeBuilder>(html`<ode-builder domain=${portalUrl()}></ode-builder>`);
      await pick(again, 'seattle-weather');
      expect($<HTMLInputElement>(again, '#script-url')!.value).to.equal(
        'https://static.example.org/ode/0.1.0/ode.js',
      );
      expect(code(again, 'snippet')).to.contain('https://static.example.org/ode/0.1.0/ode.js');
    } finally {
      localStorage.removeItem('ode-builder:script-url');
    }
  });

  it("follows the page's ode-domain meta until the editor types a domain", async () => {
    const meta = document.createElement('meta');
    meta.name = 'ode-domain';
    meta.content = 'http://127.0.0.1:9';
    document.head.append(meta);
    try {
      const b = await fixture<OdeBuilder>(html`<ode-builder></ode-builder>`);
      expect($<HTMLInputElement>(b, '#domain')!.value).to.equal('http://127.0.0.1:9');
      meta.content = portalUrl();
      await until(() => $<HTMLInputElement>(b, '#domain')!.value === portalUrl(), 'meta followed');
      await searched(b);
      expect(radios(b).length).to.be.greaterThan(3);
      const input = $<HTMLInputElement>(b, '#domain')!;
      input.value = portalUrl() + '/';
      input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      meta.content = 'data.example.org';
      await new Promise((r) => setTimeout(r, 50));
      expect(input.value).to.equal(portalUrl() + '/');
    } finally {
      meta.remove();
    }
  });

  it('copies the snippet and says so in a polite live region', async () => {
    const b = await fixture<OdeBuilder>(html`<ode-builder domain=${portalUrl()}></ode-builder>`);
    await pick(b, 'seattle-weather');
    $<HTMLButtonElement>(b, 'button.copy')!.click();
    await until(() => !!$(b, '.copied')!.textContent!.trim(), 'copy message');
    const live = $(b, '.copied')!;
    expect(live.getAttribute('role')).to.equal('status');
    expect(live.getAttribute('aria-live')).to.equal('polite');
    // headless Chromium may refuse the clipboard: then the code is selected for Ctrl+C
    const text = live.textContent!;
    if (text.includes('copied')) {
      expect(await navigator.clipboard.readText().catch(() => code(b, 'snippet'))).to.equal(
        code(b, 'snippet'),
      );
    } else {
      expect(text).to.contain('press Ctrl+C');
      const area = $<HTMLTextAreaElement>(b, '#code-snippet')!;
      expect(b.shadowRoot!.activeElement).to.equal(area);
      expect(area.selectionEnd - area.selectionStart).to.equal(area.value.length);
    }
  });

  it('keyboard only: search, pick with arrows, choose a view, and reach the copy button', async () => {
    const b = await fixture<OdeBuilder>(html`<ode-builder domain=${portalUrl()}></ode-builder>`);
    await searched(b);
    $<HTMLInputElement>(b, '#search')!.focus();
    await sendKeys({ type: 'weather' });
    await until(() => radios(b).length === 1, 'one result');
    await sendKeys({ press: 'Tab' });
    expect(b.shadowRoot!.activeElement).to.equal(radios(b)[0]);
    // the space bar by its character: Firefox's driver (WebDriver BiDi) knows no key named "Space"
    await sendKeys({ press: ' ' });
    await until(() => !!$(b, 'input[name="view"]:checked'), 'fields');
    expect(radios(b)[0].checked).to.equal(true);
    await sendKeys({ press: 'Tab' });
    const table = $<HTMLInputElement>(b, 'input[name="view"][value="table"]')!;
    expect(b.shadowRoot!.activeElement).to.equal(table);
    await sendKeys({ press: 'ArrowRight' });
    await b.updateComplete;
    expect(b.builderState!.view).to.equal('chart');
    expect(preview(b)!.localName).to.equal('ode-chart');
    // Tab onwards reaches the chart type select, and eventually the copy buttons
    await sendKeys({ press: 'Tab' });
    expect(b.shadowRoot!.activeElement!.id).to.equal('chart-type');
    await sendKeys({ press: 'ArrowDown' });
    await b.updateComplete;
    expect(preview(b)!.getAttribute('type')).to.not.equal('line');
    // table columns reorder from the keyboard, the focus stays on the moved column's button
    $<HTMLInputElement>(b, 'input[name="view"]:checked')!.focus();
    await sendKeys({ press: 'ArrowLeft' });
    await b.updateComplete;
    expect(b.builderState!.view).to.equal('table');
    const down = $<HTMLButtonElement>(b, 'li[data-field="date"] button[data-dir="down"]')!;
    down.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => b.builderState!.table.fields[1] === 'date', 'moved');
    expect(b.shadowRoot!.activeElement?.getAttribute('aria-label')).to.equal('Move Date down');
    expect(b.shadowRoot!.activeElement?.closest('li')?.getAttribute('data-field')).to.equal('date');
    expect(shadowText(b)).to.contain('Date: column 2 of');
    await sendKeys({ press: 'Enter' });
    await until(() => b.builderState!.table.fields[2] === 'date', 'moved again');
    expect(preview(b)!.getAttribute('fields')!.split(',')[2]).to.equal('date');
    $<HTMLInputElement>(b, 'input[name="view"][value="chart"]')!.click();
    await b.updateComplete;
    $<HTMLSelectElement>(b, '#chart-type')!.focus();
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await sendKeys({ press: 'Tab' });
      reached = b.shadowRoot!.activeElement?.classList.contains('copy') ?? false;
    }
    expect(reached, 'copy button reached with Tab').to.equal(true);
  });
});
