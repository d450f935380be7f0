import { expect } from '@open-wc/testing';
import '../src/table/define.js';
import '../src/kpi/define.js';
import '../src/records/define.js';
import { ALLOWED, parseEmbed } from '../src/embed/allow-list.js';
import { renderEmbed, reportHeight, type EmbedResizeMessage } from '../src/embed/render.js';
import { portalUrl, until } from './helpers.js';

const q = (s: string) => new URLSearchParams(s);
const reject = (s: string) => {
  const r = parseEmbed(q(s));
  return r.ok ? '(accepted)' : r.param;
};

describe('embed allow-list', () => {
  it('accepts each element with its attributes, and sets boolean attributes only when true', () => {
    const table = parseEmbed(q('el=table&domain=data.example.org&dataset=a-b_c&fields=date, weather&id=f1'));
    expect(table).to.deep.equal({
      ok: true,
      tag: 'ode-table',
      attributes: [
        ['domain', 'data.example.org'],
        ['dataset', 'a-b_c'],
        ['fields', 'date, weather'],
      ],
      id: 'f1',
      lang: undefined,
    });
    const chart = parseEmbed(
      q(
        'el=chart&domain=https://x.org&dataset=d&type=line&x=year(date)&y=percentile(t, 90)&stacked&series-other=false',
      ),
    );
    expect(chart.ok && chart.attributes).to.deep.equal([
      ['domain', 'https://x.org'],
      ['dataset', 'd'],
      ['type', 'line'],
      ['x', 'year(date)'],
      ['y', 'percentile(t, 90)'],
      ['stacked', ''],
    ]);
    expect(parseEmbed(q('el=map&domain=x.org&dataset=d&basemap=osm&legend=true&color-by=mag')).ok).to.be.true;
    expect(parseEmbed(q('el=attribution&domain=x.org&dataset=d&compact&lang=fr')).ok).to.be.true;
  });

  it('rejects unknown elements and attributes, naming the parameter', () => {
    expect(reject('domain=x.org&dataset=d')).to.equal('el');
    expect(reject('el=script&domain=x.org&dataset=d')).to.equal('el');
    expect(reject('el=constructor&domain=x.org&dataset=d')).to.equal('el');
    expect(reject('el=table&domain=x.org&dataset=d&onclick=alert(1)')).to.equal('onclick');
    expect(reject('el=table&domain=x.org&dataset=d&style=color:red')).to.equal('style');
    expect(reject('el=table&domain=x.org&dataset=d&apikey=k')).to.equal('apikey');
    expect(reject('el=table&domain=x.org&dataset=d&source=s')).to.equal('source');
    // a chart attribute on a table
    expect(reject('el=table&domain=x.org&dataset=d&type=line')).to.equal('type');
    expect(reject('el=map&domain=x.org&dataset=d&consent-purpose=maps')).to.equal('consent-purpose');
  });

  it('rejects invalid values, missing required parameters and repeated ones', () => {
    expect(reject('el=table&dataset=d')).to.equal('domain');
    expect(reject('el=table&domain=x.org')).to.equal('dataset');
    expect(reject('el=table&domain=javascript:alert(1)&dataset=d')).to.equal('domain');
    expect(reject('el=table&domain=https://x.org/path&dataset=d')).to.equal('domain');
    expect(reject('el=table&domain=x.org&dataset=../../secret')).to.equal('dataset');
    expect(reject('el=table&domain=x.org&dataset=d&fields=a,b;drop')).to.equal('fields');
    expect(reject('el=table&domain=x.org&dataset=d&row-height=5')).to.equal('row-height');
    expect(reject('el=chart&domain=x.org&dataset=d&type=radar')).to.equal('type');
    expect(reject('el=chart&domain=x.org&dataset=d&y=sum(a) or 1')).to.equal('y');
    // a backquoted field (named like an ODSQL keyword) is a field; a backquote that escapes is not
    expect(reject('el=chart&domain=x.org&dataset=d&x=year(`date`)&y=sum(`select`)')).to.equal('(accepted)');
    expect(reject('el=chart&domain=x.org&dataset=d&y=sum(`a`) or `b`')).to.equal('y');
    expect(reject('el=chart&domain=x.org&dataset=d&y=sum(`a)')).to.equal('y');
    expect(reject('el=chart&domain=x.org&dataset=d&limit=0')).to.equal('limit');
    expect(reject('el=chart&domain=x.org&dataset=d&stacked=yes')).to.equal('stacked');
    expect(reject('el=map&domain=x.org&dataset=d&basemap=https://evil.example/style.json')).to.equal(
      'basemap',
    );
    // the attribution always stays visible
    expect(reject('el=chart&domain=x.org&dataset=d&attribution=external')).to.equal('attribution');
    expect(reject('el=table&domain=x.org&dataset=d&dataset=e')).to.equal('dataset');
    expect(reject('el=table&domain=x.org&dataset=d&id=<b>')).to.equal('id');
    expect(reject('el=table&domain=x.org&dataset=d&lang=fr"x')).to.equal('lang');
  });

  it('accepts a key figure and record cards, but no ODSQL filter and no template', () => {
    const kpi = parseEmbed(
      q('el=kpi&domain=x.org&dataset=d&value=sum(population)&format=currency:EUR&decimals=0'),
    );
    expect(kpi.ok && kpi.attributes).to.deep.equal([
      ['domain', 'x.org'],
      ['dataset', 'd'],
      ['value', 'sum(population)'],
      ['format', 'currency:EUR'],
      ['decimals', '0'],
    ]);
    expect(reject('el=kpi&domain=x.org&dataset=d&value=sum(a), b')).to.equal('value');
    expect(reject('el=kpi&domain=x.org&dataset=d&where=a > 1')).to.equal('where');
    expect(reject('el=kpi&domain=x.org&dataset=d&compare-where=a > 1')).to.equal('compare-where');
    expect(reject('el=kpi&domain=x.org&dataset=d&format=<b>')).to.equal('format');
    expect(reject('el=records&domain=x.org&dataset=d&order-by=code desc, nom&layout=grid&limit=6')).to.equal(
      '(accepted)',
    );
    expect(reject('el=records&domain=x.org&dataset=d&order-by=code; x')).to.equal('order-by');
    expect(reject('el=records&domain=x.org&dataset=d&limit=101')).to.equal('limit');
    expect(reject('el=date-range&domain=x.org&dataset=d')).to.equal('el');
  });

  it('never allows hiding the attribution', () => {
    for (const [el, rule] of Object.entries(ALLOWED)) {
      const v = rule.attributes.attribution;
      if (v) expect(v('external'), el).to.be.a('string');
      expect(rule.attributes).not.to.have.property('apikey');
    }
  });
});

describe('embed page logic', () => {
  let main: HTMLElement;
  beforeEach(() => {
    main = document.createElement('main');
    document.body.append(main);
  });
  afterEach(() => main.remove());

  it('renders a table from URL parameters, accessible once loaded', async () => {
    await renderEmbed(q(`el=table&domain=${portalUrl()}&dataset=seattle-weather&fields=date,weather`), main);
    const el = main.querySelector('ode-table')!;
    expect(el.getAttribute('fields')).to.equal('date,weather');
    await until(() => !!el.shadowRoot?.querySelector('tbody tr td'), 'table rows', 15000);
    await expect(main).to.be.accessible();
  });

  it('renders a key figure from URL parameters, in the language asked', async () => {
    const res = await fetch(
      `${portalUrl()}/api/explore/v2.1/catalog/datasets/communes-france/records?select=sum(population) as v&limit=1`,
    );
    const expected = new Intl.NumberFormat('fr').format((await res.json()).results[0].v);
    await renderEmbed(
      q(`el=kpi&domain=${portalUrl()}&dataset=communes-france&value=sum(population)&lang=fr`),
      main,
    );
    const el = main.querySelector('ode-kpi')!;
    await until(
      () => el.shadowRoot?.querySelector('[part="value"]:not(.stale)')?.textContent?.trim() === expected,
      'the figure',
      15000,
    );
    await expect(main).to.be.accessible();
    document.documentElement.lang = 'en';
  });

  it('renders only an accessible error naming the parameter for a bad value, and warns', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (m: string) => warnings.push(m);
    try {
      await renderEmbed(q(`el=chart&domain=${portalUrl()}&dataset=seattle-weather&type=<img>`), main);
    } finally {
      console.warn = warn;
    }
    expect(main.querySelector('ode-chart')).to.equal(null);
    const alert = main.querySelector('[role="alert"]')!;
    expect(alert.textContent).to.contain('"type"');
    expect(alert.getAttribute('data-param')).to.equal('type');
    // the value is never parsed as HTML
    expect(main.querySelector('img')).to.equal(null);
    expect(warnings.join()).to.contain('"type"');
    await expect(main).to.be.accessible();
  });

  it('posts its height with its id whenever it changes', async () => {
    const messages: EmbedResizeMessage[] = [];
    const target = { postMessage: (m: EmbedResizeMessage) => messages.push(m) } as unknown as Window;
    const stop = reportHeight('frame-7', target);
    try {
      await until(() => messages.length > 0, 'first message');
      const block = document.createElement('div');
      block.style.height = '500px';
      main.append(block);
      await until(() => messages.length > 1, 'message after growth');
      const [first, second] = messages;
      expect(first.type).to.equal('ode-embed:resize');
      expect(second.id).to.equal('frame-7');
      // 500 px more (the test page's body margin may add a few px)
      expect(second.height - first.height).to.be.within(500, 516);
    } finally {
      stop();
    }
  });
});
