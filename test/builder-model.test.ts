import { expect } from '@open-wc/testing';
import type { DatasetField } from '../src/api/types.js';
import {
  attributesOf,
  catalogWhere,
  cdnBase,
  checkDomain,
  checkLimit,
  dashboardHtml,
  dashboardSnippet,
  defaultOptions,
  elementHtml,
  embedUrl,
  escapeAttr,
  fieldsFor,
  frameId,
  iframeCode,
  fixedIframeCode,
  checkScriptUrl,
  checkHeight,
  embedBaseFor,
  snippetWith,
  rolesOf,
  snippet,
  viewProblem,
  viewsFor,
  resizeListener,
  yExpression,
  type BuilderState,
} from '../src/builder/model.js';
import { VERSION } from '../src/builder/version.js';

const f = (name: string, type: DatasetField['type']): DatasetField => ({
  name,
  label: name,
  type,
  description: null,
  annotations: {},
});
const WEATHER = [
  f('date', 'date'),
  f('precipitation', 'double'),
  f('temp_max', 'double'),
  f('weather', 'text'),
];
const AIRPORTS = [
  f('iata', 'text'),
  f('name', 'text'),
  f('latitude', 'double'),
  f('geo_point_2d', 'geo_point_2d'),
];

const state = (over: Partial<BuilderState> = {}): BuilderState => ({
  domain: 'data.example.org',
  dataset: 'seattle-weather',
  title: 'Seattle weather',
  view: 'table',
  ...defaultOptions(WEATHER),
  ...over,
});

describe('builder model', () => {
  it('escapes ", <, > and & in attribute values, & first', () => {
    expect(escapeAttr('a"b<c>d&e')).to.equal('a&quot;b&lt;c&gt;d&amp;e');
    expect(escapeAttr('&quot;')).to.equal('&amp;quot;');
    expect(escapeAttr('plain')).to.equal('plain');
  });

  it('writes hostile values escaped in the snippet: no attribute or tag can be opened', () => {
    const s = state({ domain: 'x" onload="alert(1)', dataset: '<script>&' });
    const html = elementHtml(s);
    expect(html).to.equal(
      '<ode-table domain="x&quot; onload=&quot;alert(1)" dataset="&lt;script&gt;&amp;" fields="date,precipitation,temp_max,weather"></ode-table>',
    );
    // parsed back by the browser, the values are the raw ones and there is one element with 3 attributes
    const tpl = document.createElement('template');
    tpl.innerHTML = html;
    const el = tpl.content.firstElementChild!;
    expect(tpl.content.children.length).to.equal(1);
    expect(el.getAttributeNames()).to.deep.equal(['domain', 'dataset', 'fields']);
    expect(el.getAttribute('domain')).to.equal('x" onload="alert(1)');
    expect(el.getAttribute('dataset')).to.equal('<script>&');
  });

  it('gives each field type its roles', () => {
    expect(rolesOf('text')).to.include.members(['column', 'x', 'popup']);
    expect(rolesOf('date')).to.include('x');
    expect(rolesOf('double')).to.include('y').and.not.include('x');
    expect(rolesOf('int')).to.include('y');
    expect(rolesOf('geo_point_2d')).to.deep.equal(['geo']);
    expect(rolesOf('geo_shape')).to.deep.equal(['geo']);
    expect(rolesOf('json_blob')).to.deep.equal([]);
    expect(rolesOf('nonsense')).to.deep.equal([]);
    expect(fieldsFor(AIRPORTS, 'y').map((x) => x.name)).to.deep.equal(['latitude']);
  });

  it('offers a map only for a dataset with a geographic field', () => {
    expect(viewsFor(WEATHER)).to.deep.equal(['table', 'chart', 'kpi', 'records']);
    expect(viewsFor(AIRPORTS)).to.deep.equal(['table', 'chart', 'map', 'kpi', 'records']);
    expect(viewProblem(WEATHER, 'map')).to.match(/no geographic field/);
    expect(viewProblem(AIRPORTS, 'map')).to.equal(undefined);
    expect(viewProblem([f('n', 'int')], 'chart')).to.match(/no text or date field/);
  });

  it('writes table options: ordered fields', () => {
    const s = state({ view: 'table', table: { fields: ['weather', 'date'] } });
    expect(attributesOf(s)).to.deep.equal([
      ['domain', 'data.example.org'],
      ['dataset', 'seattle-weather'],
      ['fields', 'weather,date'],
    ]);
  });

  it('writes chart options: type, x, time bucket for dates only, y, limit', () => {
    const d = defaultOptions(WEATHER).chart;
    expect(d).to.deep.include({ type: 'line', x: 'date', timeBucket: 'auto', aggregate: 'count' });
    const s = state({
      view: 'chart',
      chart: { ...d, timeBucket: 'month', aggregate: 'avg', yField: 'temp_max' },
    });
    expect(attributesOf(s).slice(2)).to.deep.equal([
      ['type', 'line'],
      ['x', 'date'],
      ['time-bucket', 'month'],
      ['y', 'avg(temp_max)'],
    ]);
    const text = state({
      view: 'chart',
      chart: { type: 'bar', x: 'weather', aggregate: 'count', limit: 5 },
    });
    expect(attributesOf(text).slice(2)).to.deep.equal([
      ['type', 'bar'],
      ['x', 'weather'],
      ['y', 'count(*)'],
      ['limit', '5'],
    ]);
    expect(yExpression({ type: 'column', aggregate: 'sum', yField: undefined })).to.equal('count(*)');
    // field names that are ODSQL keywords or digits are backquoted
    expect(yExpression({ type: 'column', aggregate: 'sum', yField: 'select' })).to.equal('sum(`select`)');
    expect(yExpression({ type: 'column', aggregate: 'max', yField: '12' })).to.equal('max(`12`)');
    // a name no identifier can express is never offered
    expect(fieldsFor([f('a b', 'int'), f('ok', 'int')], 'y').map((x) => x.name)).to.deep.equal(['ok']);
    expect(defaultOptions(AIRPORTS).chart).to.deep.include({ type: 'column', x: 'iata', limit: 20 });
  });

  it('writes map options: mode unless auto, geo-field only when there are several, popup fields', () => {
    const s = state({
      dataset: 'airports',
      view: 'map',
      ...defaultOptions(AIRPORTS),
    });
    expect(attributesOf(s).slice(2)).to.deep.equal([['popup-fields', 'iata,name']]);
    const two = [...AIRPORTS, f('shape', 'geo_shape')];
    expect(defaultOptions(two).map.geoField).to.equal('geo_point_2d');
    s.map = { popupFields: [], mode: 'clusters', geoField: 'geo_point_2d' };
    expect(attributesOf(s).slice(2)).to.deep.equal([
      ['mode', 'clusters'],
      ['geo-field', 'geo_point_2d'],
    ]);
  });

  it('writes key figures and record cards, and wraps a view with a date filter in its dataset', () => {
    const kpi = state({ view: 'kpi', kpi: { aggregate: 'sum', field: 'select', label: ' Total ' } });
    expect(attributesOf(kpi).slice(2)).to.deep.equal([
      ['value', 'sum(`select`)'],
      ['label', 'Total'],
    ]);
    expect(attributesOf(state({ view: 'kpi' })).slice(2)).to.deep.equal([['value', 'count(*)']]);
    const cards = state({ view: 'records' });
    expect(attributesOf(cards).slice(2)).to.deep.equal([
      ['fields', 'date,precipitation,temp_max,weather'],
      ['layout', 'grid'],
    ]);
    expect(elementHtml({ ...kpi, dateField: 'date' })).to.equal(
      '<ode-dataset domain="data.example.org" dataset="seattle-weather">\n' +
        '  <ode-date-range field="date"></ode-date-range>\n' +
        '  <ode-kpi value="sum(`select`)" label="Total"></ode-kpi>\n' +
        '</ode-dataset>',
    );
    // the embed shows one element: no date filter in its URL
    expect(embedUrl({ ...kpi, dateField: 'date' }, 'https://e.org/', 'f')).not.to.contain('date');
    expect(viewProblem([f('g', 'geo_point_2d')], 'records')).to.be.a('string');
  });

  it('writes the snippet with the CDN script of this version', () => {
    expect(VERSION).to.match(/^\d+\.\d+\.\d+/);
    const s = state();
    expect(snippet(s, '1.2.3')).to.equal(
      '<script type="module" src="https://cdn.jsdelivr.net/npm/open-data-elements@1.2.3/dist/cdn/ode.js"></script>\n' +
        elementHtml(s),
    );
    expect(cdnBase(VERSION)).to.equal(`https://cdn.jsdelivr.net/npm/open-data-elements@${VERSION}/dist/cdn/`);
  });

  it('writes a linked dashboard: every view the dataset allows, nested, filtering on click, with url-sync', () => {
    const airports = [
      { ...f('state', 'text'), annotations: { facet: true, disjunctive: true } },
      ...AIRPORTS,
    ];
    const s: BuilderState = {
      ...state({ dataset: 'us "airports"', domain: ' data.example.org ' }),
      ...defaultOptions(airports),
      view: 'table',
    };
    s.chart = { ...s.chart, x: 'state', type: 'bar', limit: 12 };
    expect(dashboardHtml(s, airports).split('\n')).to.deep.equal([
      '<ode-dataset id="us--airports-" url-sync domain="data.example.org" dataset="us &quot;airports&quot;">',
      '  <ode-search></ode-search>',
      '  <ode-facets></ode-facets>',
      '  <ode-filters></ode-filters>',
      '  <ode-kpi attribution="external"></ode-kpi>',
      '  <ode-chart type="bar" x="state" y="count(*)" limit="12" attribution="external" filter-on-click></ode-chart>',
      `  <ode-map popup-fields="${s.map.popupFields.join(',')}" filter-field="state" attribution="external" filter-on-click></ode-map>`,
      `  <ode-table fields="${s.table.fields.join(',')}" attribution="external"></ode-table>`,
      '  <ode-attribution domain="data.example.org" dataset="us &quot;airports&quot;"></ode-attribution>',
      '</ode-dataset>',
    ]);
    // no geographic field: no map; no facet annotation: no facets
    const weather = dashboardHtml(state(), WEATHER);
    expect(weather).not.to.contain('<ode-map');
    expect(weather).not.to.contain('<ode-facets');
    expect(weather).to.contain('time-bucket="auto"');
    expect(dashboardSnippet(state(), WEATHER, '1.2.3')).to.equal(
      '<script type="module" src="https://cdn.jsdelivr.net/npm/open-data-elements@1.2.3/dist/cdn/ode.js"></script>\n' +
        weather,
    );
  });

  it('encodes every embed URL parameter, and names the frame', () => {
    const s = state({
      view: 'chart',
      domain: 'http://127.0.0.1:8787',
      chart: { type: 'column', x: 'weather', aggregate: 'count', limit: 3 },
    });
    const url = new URL(embedUrl(s, 'https://example.org/ode/', 'frame 1&x'));
    expect(url.pathname).to.equal('/ode/embed.html');
    expect([...url.searchParams]).to.deep.equal([
      ['el', 'chart'],
      ['domain', 'http://127.0.0.1:8787'],
      ['dataset', 'seattle-weather'],
      ['type', 'column'],
      ['x', 'weather'],
      ['y', 'count(*)'],
      ['limit', '3'],
      ['id', 'frame 1&x'],
    ]);
    expect(url.search).to.contain('domain=http%3A%2F%2F127.0.0.1%3A8787');
    expect(url.search).to.contain('y=count%28*%29');
    expect(frameId({ ...s, dataset: 'a b/c' })).to.equal('ode-chart-a-b-c');
    expect(frameId({ ...s, dataset: 'x'.repeat(100) })).to.have.length(64);
  });

  it('writes the iframe code: escaped src, a title, and the resize listener', () => {
    const s = state({ title: 'Rain & "sun" <2015>' });
    const code = iframeCode(s, 'https://example.org/');
    const tpl = document.createElement('template');
    tpl.innerHTML = code;
    const frame = tpl.content.querySelector('iframe')!;
    expect(frame.id).to.equal('ode-table-seattle-weather');
    expect(frame.title).to.equal('Rain & "sun" <2015> (table)');
    expect(frame.getAttribute('src')).to.equal(embedUrl(s, 'https://example.org/', frame.id));
    expect(code).to.contain('&amp;dataset=seattle-weather');
    const script = tpl.content.querySelector('script')!;
    expect(script.textContent).to.contain("d.type !== 'ode-embed:resize'");
    expect(script.textContent).to.contain('e.origin !== "https://example.org"');
    expect(script.textContent).to.contain('f.contentWindow === e.source');
    // an origin cannot close the script
    expect(resizeListener('https://x.org</script>')).to.not.contain('x.org</script>');
  });

  it('writes the script-free iframe at a chosen height, and checks script URLs and heights', () => {
    const s = state({});
    const fixed = fixedIframeCode(s, 'https://example.org/', 640);
    expect(fixed).to.not.contain('<script');
    expect(fixed).to.contain('height: 640px');
    expect(fixed).to.equal(iframeCode(s, 'https://example.org/').split('\n')[0].replace('520px', '640px'));
    expect(fixedIframeCode(s, 'https://example.org/')).to.contain('height: 520px');
    expect(checkScriptUrl(' https://static.example.org/ode/0.1.0/ode.js ')).to.deep.equal({
      url: 'https://static.example.org/ode/0.1.0/ode.js',
    });
    expect((checkScriptUrl('javascript:alert(1)') as { error: string }).error).to.match(/not an http/);
    expect((checkScriptUrl('https://static.example.org/ode/') as { error: string }).error).to.match(
      /does not name a script/,
    );
    expect((checkScriptUrl('ode.js') as { error: string }).error).to.match(/full address/);
    expect(embedBaseFor('https://static.example.org/ode/0.1.0/ode.js')).to.equal(
      'https://static.example.org/ode/0.1.0/',
    );
    expect(embedBaseFor('https://cdn.jsdelivr.net/npm/open-data-elements@0.1.0/dist/cdn/ode.js')).to.equal(
      undefined,
    );
    expect(snippetWith(s, 'https://x.org/a"b.js')).to.contain('src="https://x.org/a&quot;b.js"');
    expect(checkHeight('480')).to.deep.equal({ height: 480 });
    for (const bad of ['', '12', '99999', '4.5', '300px'])
      expect((checkHeight(bad) as { error: string }).error).to.match(/is not a height/);
  });

  it('checks domains and limits with clear messages', () => {
    expect(checkDomain('data.example.org')).to.deep.equal({ origin: 'https://data.example.org' });
    expect(checkDomain(' http://127.0.0.1:8787 ')).to.deep.equal({ origin: 'http://127.0.0.1:8787' });
    expect((checkDomain('') as { error: string }).error).to.match(/Enter a portal domain/);
    expect((checkDomain('javascript:alert(1)') as { error: string }).error).to.match(
      /is not a portal domain/,
    );
    expect((checkDomain('https://x.org/path') as { error: string }).error).to.match(/is not a portal domain/);
    expect(checkLimit('')).to.deep.equal({ limit: undefined });
    expect(checkLimit('12')).to.deep.equal({ limit: 12 });
    expect(checkLimit('0')).to.have.property('error');
    expect(checkLimit('2.5')).to.have.property('error');
    expect(checkLimit('1000')).to.deep.equal({ limit: 1000 });
    expect(checkLimit('1001')).to.have.property('error');
  });

  it('quotes the catalog search text', () => {
    expect(catalogWhere('  ')).to.equal(undefined);
    expect(catalogWhere('weather')).to.equal('search("weather")');
    expect(catalogWhere('a") OR ("1')).to.equal('search("a\\") OR (\\"1")');
  });
});
