import { expect, fixture, fixtureCleanup, html, oneEvent } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import '../src/index.js';
import type { OdeChart } from '../src/chart/ode-chart.js';
import type { OdeTable } from '../src/table/ode-table.js';
import type { OdeFilters } from '../src/filters/ode-filters.js';
import type { OdeDataset } from '../src/core/ode-dataset.js';
import type { OdeMap } from '../src/map/ode-map.js';
import { facetValue } from '../src/api/odsql.js';
import { portalUrl, until } from './helpers.js';

const start = location.href;

async function count(dataset: string, query = ''): Promise<number> {
  const res = await fetch(
    `${portalUrl()}/api/explore/v2.1/catalog/datasets/${dataset}/records?limit=0${query}`,
  );
  return (await res.json()).total_count;
}
const digits = (s: string | null | undefined) => Number((s ?? '').replace(/\D/g, ''));
/** The table's count once its rows are in (not while loading). */
const tableCount = (t: OdeTable) =>
  t.shadowRoot!.querySelector('table')?.getAttribute('aria-busy') === 'false'
    ? digits(t.shadowRoot!.querySelector('[part~="count"]')?.textContent)
    : -1;
const chips = (f: OdeFilters) =>
  [...f.shadowRoot!.querySelectorAll('[part~="chip"] .text')].map((c) =>
    c.textContent!.replace(/\s+/g, ' ').trim(),
  );
const plotOf = (c: OdeChart) => c.shadowRoot!.querySelector<HTMLElement>('[part="plot"]')!;
/** The bars the chart draws, as chart.js placed them (CSS pixels of the canvas). */
type Bar = { x: number; y: number; base: number; height: number; options: { borderWidth: number } };
type Drawn = { chart?: { getDatasetMeta(i: number): { data: Bar[] } } };
const bars = (c: OdeChart) => (c as unknown as Drawn).chart!.getDatasetMeta(0).data;
const drawn = (c: OdeChart) =>
  until(
    () =>
      c.shadowRoot?.querySelector('.plot-box')?.getAttribute('aria-busy') === 'false' &&
      !!(c as unknown as Drawn).chart &&
      bars(c).length > 0,
    'chart',
    20000,
  );
const regionCount = (region: string) =>
  count('communes-france', `&refine=${encodeURIComponent(facetValue('nom_region', region))}`);

function page(id = 'communes') {
  return html`<div lang="en">
    <ode-dataset id=${id} url-sync domain=${portalUrl()} dataset="communes-france">
      <ode-chart type="bar" x="nom_region" filter-on-click attribution="compact"></ode-chart>
      <ode-filters></ode-filters>
      <ode-table attribution="compact"></ode-table>
    </ode-dataset>
  </div>`;
}

describe('linked views: filter-on-click, <ode-filters>, url-sync', () => {
  afterEach(() => history.replaceState(null, '', start));

  it('chart focus, ArrowRight, Enter filters the table; the summary removes it; the address is shared; Back undoes', async () => {
    const total = await count('communes-france');
    const root = await fixture<HTMLElement>(page());
    const ds = root.querySelector('ode-dataset')!;
    const chart = root.querySelector('ode-chart')!;
    const filters = root.querySelector('ode-filters')!;
    const table = root.querySelector('ode-table')!;
    await drawn(chart);
    await until(() => tableCount(table) === total, 'every row');
    const groups = bars(chart).length;
    expect(groups).to.be.greaterThan(10);

    plotOf(chart).focus();
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'Enter' });
    await until(() => ds.source!.query.refine.length === 1, 'a refine');
    const region = /^nom_region:"(.*)"$/.exec(ds.source!.query.refine[0])![1];
    const expected = await regionCount(region);
    expect(expected).to.be.greaterThan(0).and.lessThan(total);
    await until(() => tableCount(table) === expected, `table filtered to ${region}`);
    // announced, shown in the summary, drawn highlighted, and the chart keeps every region
    const live = chart.shadowRoot!.querySelector('[aria-live="polite"]')!;
    expect(live.textContent!.trim()).to.equal(`Filter: ${region}`);
    await until(() => chips(filters).length === 1, 'chip');
    expect(chips(filters)).to.deep.equal([`Région: ${region}`]);
    expect(bars(chart).length).to.equal(groups);
    expect(bars(chart).map((b) => b.options.borderWidth)).to.deep.equal(
      bars(chart).map((_, i) => (i === 0 ? 2 : 0)),
    );
    expect(plotOf(chart).getAttribute('aria-label')).to.contain(`Selected: ${region}.`);
    // the address says it
    const shared = location.href;
    expect(new URLSearchParams(location.search).getAll('communes.refine')).to.deep.equal([
      `nom_region:${region}`,
    ]);
    await expect(chart).to.be.accessible();
    await expect(filters).to.be.accessible();

    // the summary's remove button restores every row
    const remove = filters.shadowRoot!.querySelector<HTMLButtonElement>('button[part~="remove"]')!;
    expect(remove.getAttribute('aria-label')!.replace(/\s+/g, ' ')).to.equal(
      `Remove filter Région: ${region}`,
    );
    remove.click();
    await until(() => tableCount(table) === total, 'every row again');
    expect(bars(chart).every((b) => b.options.borderWidth === 0)).to.equal(true);

    // Back: the region again; Back again: the unfiltered view the page opened with
    let back = oneEvent(window, 'popstate');
    history.back();
    await back;
    await until(() => tableCount(table) === expected, 'filtered after Back');
    expect(location.href).to.equal(shared);
    back = oneEvent(window, 'popstate');
    history.back();
    await back;
    await until(() => tableCount(table) === total, 'unfiltered after Back');
    expect(ds.source!.query.refine).to.deep.equal([]);
    expect(chips(filters)).to.deep.equal([]);

    // reopening the shared address shows the same filtered count
    fixtureCleanup();
    history.replaceState(null, '', shared);
    const again = await fixture<HTMLElement>(page());
    const table2 = again.querySelector('ode-table')!;
    await until(() => tableCount(table2) === expected, 'same count from the address');
    const chart2 = again.querySelector('ode-chart')!;
    await drawn(chart2);
    expect(bars(chart2).length).to.equal(groups);
    expect(bars(chart2).filter((b) => b.options.borderWidth === 2).length).to.equal(1);
  });

  it('selects and unselects a bar with the mouse; Escape clears the selection', async () => {
    const root = await fixture<HTMLElement>(page('mouse'));
    const ds = root.querySelector<OdeDataset>('ode-dataset')!;
    const chart = root.querySelector('ode-chart')!;
    const table = root.querySelector('ode-table')!;
    await drawn(chart);
    const canvas = chart.shadowRoot!.querySelector('canvas')!;
    const clickBar = async (i: number) => {
      const b = bars(chart)[i];
      const box = canvas.getBoundingClientRect();
      // horizontal bars: from base to x, centred on y
      await sendMouse({
        type: 'click',
        position: [Math.round(box.left + (b.base + b.x) / 2), Math.round(box.top + b.y)],
      });
    };
    await clickBar(2);
    await until(() => ds.source!.query.refine.length === 1, 'refine from a click');
    const region = /^nom_region:"(.*)"$/.exec(ds.source!.query.refine[0])![1];
    const expected = await regionCount(region);
    await until(() => tableCount(table) === expected, 'table filtered by the click');
    expect(bars(chart)[2].options.borderWidth).to.equal(2);
    // nom_region is disjunctive: a second region adds to the selection (OR)
    await clickBar(4);
    await until(() => ds.source!.query.refine.length === 2, 'two regions');
    // clicking a selected bar removes it
    await clickBar(2);
    await until(() => ds.source!.query.refine.length === 1, 'one region left');
    expect(ds.source!.query.refine[0]).not.to.contain(region);
    plotOf(chart).focus();
    await sendKeys({ press: 'Escape' });
    await until(() => ds.source!.query.refine.length === 0, 'selection cleared');
    expect(chart.shadowRoot!.querySelector('[aria-live="polite"]')!.textContent).to.contain(
      'Selection cleared',
    );
    await expect(chart).to.be.accessible();
  });

  it('selects a map feature with the mouse and from the list view; the map keeps every feature', async () => {
    const root = await fixture<HTMLElement>(
      html`<div lang="en">
        <ode-dataset id="map" domain=${portalUrl()} dataset="airports">
          <ode-map mode="points" filter-on-click filter-field="state" popup-fields="iata,name"></ode-map>
          <ode-table attribution="compact"></ode-table>
        </ode-dataset>
      </div>`,
    );
    const ds = root.querySelector<OdeDataset>('ode-dataset')!;
    const map = root.querySelector<OdeMap>('ode-map')!;
    const table = root.querySelector('ode-table')!;
    await until(() => !!map.map, 'map', 20000);
    const m = map.map!;
    // each drawn record once: maplibre gives a point once per tile holding it (a framed view spans
    // several), and again from a copy of the world past 180°
    const points = () => {
      const seen = new Set<string>();
      return m.queryRenderedFeatures({ layers: ['ode-points'] }).filter((f) => {
        const key = JSON.stringify(f.properties);
        return !seen.has(key) && !!seen.add(key);
      });
    };
    await until(() => m.isSourceLoaded('ode-data') && points().length > 100, 'points', 20000);
    const drawnBefore = points().length;
    // a real click on a point of the canvas
    const f = points()[0];
    const at = m.project((f.geometry as GeoJSON.Point).coordinates as [number, number]);
    const box = m.getCanvas().getBoundingClientRect();
    await sendMouse({ type: 'click', position: [Math.round(box.left + at.x), Math.round(box.top + at.y)] });
    await until(() => ds.source!.query.refine.length === 1, 'refine from a map click');
    const clicked = /^state:"(.*)"$/.exec(ds.source!.query.refine[0])![1];
    // the click may land on a neighbour drawn on top: whatever was hit, its state is the filter
    expect(clicked.length).to.equal(2);
    const expected = await count('airports', `&refine=${encodeURIComponent(facetValue('state', clicked))}`);
    await until(() => tableCount(table) === expected, 'table filtered by the map');
    // the map does not filter itself away; the selected features are drawn larger, with an outline
    expect(points().length).to.be.closeTo(drawnBefore, drawnBefore * 0.05);
    expect(JSON.stringify(m.getPaintProperty('ode-points', 'circle-stroke-width'))).to.contain(clicked);
    expect(map.shadowRoot!.querySelector('[aria-live="polite"]')!.textContent).to.equal(`Filter: ${clicked}`);
    // the list view: a Filter button per record, pressed for the selected ones
    [...map.shadowRoot!.querySelectorAll('button')].find((b) => /list/i.test(b.textContent!))!.click();
    await until(() => map.shadowRoot!.querySelectorAll('[part="list"] li').length > 0, 'list');
    const buttons = () => [
      ...map.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="list"] li button[aria-pressed]'),
    ];
    const pressed = buttons().filter((b) => b.getAttribute('aria-pressed') === 'true');
    expect(pressed.every((b) => b.textContent!.trim() === `Filter on ${clicked}`)).to.equal(true);
    const other = buttons().find((b) => b.getAttribute('aria-pressed') === 'false')!;
    const otherState = other.textContent!.trim().replace('Filter on ', '');
    other.focus();
    await sendKeys({ press: 'Enter' });
    // state is disjunctive: both states are kept (OR-ed)
    await until(() => ds.source!.query.refine.length === 2, 'second state from the list');
    expect(ds.source!.query.refine).to.include(facetValue('state', otherState));
    await expect(map).to.be.accessible();
    // Escape on the map clears its selection
    m.getCanvas().focus();
    await sendKeys({ press: 'Escape' });
    await until(() => ds.source!.query.refine.length === 0, 'cleared');
    const all = await count('airports');
    await until(() => tableCount(table) === all, 'every row');
  });

  it('a time bucket chosen in a chart becomes a date range of whole days, shown in the summary', async () => {
    const root = await fixture<HTMLElement>(
      html`<div lang="fr">
        <ode-dataset id="weather" domain=${portalUrl()} dataset="seattle-weather">
          <ode-chart type="column" x="date" time-bucket="year" filter-on-click></ode-chart>
          <ode-filters></ode-filters>
          <ode-table attribution="compact"></ode-table>
        </ode-dataset>
      </div>`,
    );
    const ds = root.querySelector<OdeDataset>('ode-dataset')!;
    const chart = root.querySelector('ode-chart')!;
    const filters = root.querySelector('ode-filters')!;
    const table = root.querySelector('ode-table')!;
    await drawn(chart);
    const years = bars(chart).length;
    plotOf(chart).focus();
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: ' ' });
    await until(() => !!ds.source!.query.ranges['select-date'], 'a date range');
    const range = ds.source!.query.ranges['select-date'];
    expect(range).to.deep.equal({ field: 'date', from: '2013-01-01', to: '2013-12-31' });
    const where = encodeURIComponent("date >= date'2013-01-01' AND date < date'2014-01-01'");
    const expected = await count('seattle-weather', `&where=${where}`);
    expect(expected).to.equal(365);
    await until(() => tableCount(table) === expected, 'the year’s days');
    await until(() => chips(filters).length === 1, 'chip');
    expect(chips(filters)[0]).to.match(/^Date\s:\sdu 1 janv\. 2013 au 31 déc\. 2013$/);
    expect(chart.shadowRoot!.querySelector('[aria-live="polite"]')!.textContent!.trim()).to.match(
      /^Filtre\s:\s2013$/,
    );
    expect(bars(chart).length).to.equal(years);
    await sendKeys({ press: 'Escape' });
    await until(() => Object.keys(ds.source!.query.ranges).length === 0, 'cleared by Escape');
  });

  it('series-by: a click on an item of a series refines the series field; the chart keeps every series', async () => {
    const root = await fixture<HTMLElement>(
      html`<div lang="en">
        <ode-dataset id="series" domain=${portalUrl()} dataset="seattle-weather">
          <ode-chart x="date" time-bucket="year" series-by="weather" stacked filter-on-click></ode-chart>
          <ode-table attribution="compact"></ode-table>
        </ode-dataset>
      </div>`,
    );
    const ds = root.querySelector<OdeDataset>('ode-dataset')!;
    const chart = root.querySelector('ode-chart')!;
    const table = root.querySelector('ode-table')!;
    await drawn(chart);
    type Meta = { data: Bar[]; label: string };
    const drawnChart = (
      chart as unknown as { chart: { data: { datasets: Meta[] }; getDatasetMeta(k: number): Meta } }
    ).chart;
    const series = drawnChart.data.datasets.length;
    expect(series).to.be.greaterThan(2);
    // the tallest segment of the first year: the series drawn there
    const segments = drawnChart.data.datasets.map((_, k) => drawnChart.getDatasetMeta(k).data[0]);
    const height = (b: Bar) => Math.abs(b.base - b.y);
    const k = segments.reduce((best, b, j) => (height(b) > height(segments[best]) ? j : best), 0);
    const value = drawnChart.data.datasets[k].label;
    const canvas = chart.shadowRoot!.querySelector('canvas')!.getBoundingClientRect();
    const b = segments[k];
    await sendMouse({
      type: 'click',
      position: [Math.round(canvas.left + b.x), Math.round(canvas.top + (b.y + b.base) / 2)],
    });
    await until(() => ds.source!.query.refine.length === 1, 'refine on the series field');
    expect(ds.source!.query.refine).to.deep.equal([facetValue('weather', value)]);
    const expected = await count(
      'seattle-weather',
      `&refine=${encodeURIComponent(facetValue('weather', value))}`,
    );
    await until(() => tableCount(table) === expected, 'table filtered on the series');
    expect(drawnChart.data.datasets.length).to.equal(series);
    expect(chart.shadowRoot!.querySelector('[aria-live="polite"]')!.textContent!.trim()).to.equal(
      `Filter: ${value}`,
    );
    // the chosen series is outlined, the others are not
    const widths = drawnChart.data.datasets.map(
      (_, j) => drawnChart.getDatasetMeta(j).data[0].options.borderWidth,
    );
    expect(widths).to.deep.equal(widths.map((_, j) => (j === k ? 2 : 0)));
    plotOf(chart).focus();
    await sendKeys({ press: 'Escape' });
    await until(() => ds.source!.query.refine.length === 0, 'cleared');
  });
});
