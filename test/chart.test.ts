import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { OdeChart } from '../src/chart/ode-chart.js';
import type { OdeDataset } from '../src/core/ode-dataset.js';
import { portalUrl, shadowText, slowPortalUrl, until } from './helpers.js';

/** chart.js and our drawing module are requested only once a chart connects. */
const chartModuleRequested = () =>
  performance
    .getEntriesByType('resource')
    .some((r) => /\/chart\/engine\.|\/chart\.js\/|chart\.js\?|chunk-.*chart/i.test(r.name));

// before any other import of the element: the very first test checks the lazy load
let imported = false;
async function importElements() {
  if (imported) return;
  await import('../src/index.js');
  imported = true;
}

const settled = (el: OdeChart) =>
  until(
    () =>
      el.shadowRoot?.querySelector('.plot-box')?.getAttribute('aria-busy') === 'false' ||
      !!el.shadowRoot?.querySelector('[part~="error"]'),
    'chart settled',
    20000,
  );

/** An <ode-chart> with these attributes, not yet in the page. */
function chartWith(attributes: Record<string, string>): OdeChart {
  const el = document.createElement('ode-chart') as OdeChart;
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
  return el;
}

/** The chart is drawn when its canvas has painted pixels. */
async function painted(el: OdeChart): Promise<number> {
  const engine = await import('../src/chart/engine.js');
  await until(() => engine.liveCharts() > 0 && inkOf(el) > 0, 'pixels on the canvas', 20000);
  return inkOf(el);
}
function inkOf(el: OdeChart): number {
  const canvas = el.shadowRoot!.querySelector('canvas')!;
  if (!canvas.width || !canvas.height) return 0;
  const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
  let ink = 0;
  for (let i = 3; i < data.length; i += 16) if (data[i] > 0) ink++;
  return ink;
}

/** The "View as table" values: header row then body rows. */
async function tableOf(el: OdeChart): Promise<string[][]> {
  const button = [...el.shadowRoot!.querySelectorAll('button')].find((b) =>
    /View as table|Voir le tableau/.test(b.textContent!),
  )!;
  if (button.getAttribute('aria-expanded') !== 'true') button.click();
  await until(() => !!el.shadowRoot!.querySelector('table'), 'table view');
  return [...el.shadowRoot!.querySelectorAll('tr')].map((tr) =>
    [...tr.children].map((c) => c.textContent!.trim()),
  );
}
const num = (s: string) => (s === '–' ? null : Number(s.replace(/[^\d.-]/g, '')));

async function api(path: string) {
  return (await fetch(`${portalUrl()}/api/explore/v2.1/${path}`)).json();
}

describe('<ode-chart>', () => {
  it('does not download chart.js before a chart connects, then draws with one request on 3 million rows', async () => {
    await importElements();
    expect(chartModuleRequested(), 'chart.js requested by the import alone').to.equal(false);
    const t0 = performance.now();
    const el = await fixture<OdeChart>(
      html`<ode-chart
        lang="en"
        domain=${portalUrl()}
        dataset="flights"
        type="line"
        x="date"
        time-bucket="day"
      ></ode-chart>`,
    );
    await settled(el);
    expect(await painted(el)).to.be.greaterThan(100);
    expect(chartModuleRequested(), 'chart.js requested once a chart connects').to.equal(true);
    const mine = performance
      .getEntriesByType('resource')
      .filter((r) => r.startTime >= t0 && r.name.includes('/datasets/flights/records'));
    expect(mine.map((r) => decodeURIComponent(r.name))).to.have.length(1);
    expect(decodeURIComponent(mine[0].name)).to.contain('group_by=range(date,+1+d)+as+x');
    // the accessible name summarises the chart
    const plot = el.shadowRoot!.querySelector('[part="plot"]')!;
    expect(plot.getAttribute('role')).to.equal('img');
    expect(plot.getAttribute('aria-label')).to.match(
      /^Line chart: Number of records by Date; 18\d values; from .* to .*; highest: /,
    );
    await expect(el).to.be.accessible();
  });

  it('draws every type', async () => {
    await importElements();
    for (const type of ['bar', 'column', 'line', 'area', 'pie', 'doughnut', 'scatter']) {
      const x = type === 'scatter' ? 'temp_max' : 'weather';
      const el = await fixture<OdeChart>(
        html`<ode-chart
          lang="en"
          domain=${portalUrl()}
          dataset="seattle-weather"
          type=${type}
          x=${x}
        ></ode-chart>`,
      );
      await settled(el);
      expect(
        el.shadowRoot!.querySelector('[part~="error"]')?.outerHTML ?? null,
        `${type}: ${shadowText(el)}`,
      ).to.equal(null);
      expect(await painted(el), `${type} painted`).to.be.greaterThan(50);
      expect(getComputedStyle(el.shadowRoot!.querySelector('canvas')!).visibility, type).to.equal('visible');
      expect(el.shadowRoot!.querySelector('[part="plot"]')!.getAttribute('aria-label')).to.contain(
        {
          bar: 'Bar chart',
          column: 'Column chart',
          line: 'Line chart',
          area: 'Area chart',
          pie: 'Pie chart',
          doughnut: 'Doughnut chart',
          scatter: 'Scatter plot',
        }[type],
      );
      if (type === 'pie') await expect(el).to.be.accessible();
    }
  });

  it('lists exactly the portal’s grouped values in the table view, and in the CSV', async () => {
    await importElements();
    const el = await fixture<OdeChart>(
      html`<ode-chart
        lang="en"
        domain=${portalUrl()}
        dataset="communes-france"
        type="bar"
        x="nom_region"
        y="sum(population)"
      ></ode-chart>`,
    );
    await settled(el);
    const expected = await api(
      'catalog/datasets/communes-france/records?select=sum(population)%20as%20v&group_by=nom_region%20as%20r&limit=100',
    );
    const rows = await tableOf(el);
    const meta = await api('catalog/datasets/communes-france');
    const labelOf = (n: string) => meta.fields.find((f: { name: string }) => f.name === n).label;
    expect(rows[0]).to.deep.equal([labelOf('nom_region'), `Total ${labelOf('population')}`]);
    const drawn = new Map(rows.slice(1).map((r) => [r[0], num(r[1])]));
    expect(drawn.size).to.equal(expected.results.length);
    for (const r of expected.results) expect(drawn.get(r.r ?? '(no value)'), r.r).to.equal(r.v);
    // ranked by value, as a bar chart of categories reads
    const values = rows.slice(1).map((r) => num(r[1])!);
    expect(values).to.deep.equal([...values].sort((a, b) => b - a));
    const csv = el.toCsv().trim().split('\r\n');
    expect(csv).to.have.length(rows.length);
    expect(csv[1].split(',').at(-1)).to.equal(
      String(Math.max(...expected.results.map((r: { v: number }) => r.v))),
    );
    const png = await el.toPng();
    expect(png.type).to.equal('image/png');
    expect(png.size).to.be.greaterThan(1000);
    // the PNG leaves the page: it carries the source notice, drawn under the chart
    const [notice, ...more] = el.attributionLines();
    expect(more).to.have.length(0);
    expect(notice).to.contain(`Source: ${meta.metas.default.title}`);
    expect(notice).to.contain(`/explore/dataset/communes-france/`);
    expect(notice).to.contain(`Licence: ${meta.metas.default.license}`);
    expect(notice).to.match(/Last update: \w+ \d{1,2}, \d{4}/);
    const canvas = el.shadowRoot!.querySelector('canvas')!;
    const image = await createImageBitmap(png);
    expect(image.width).to.equal(canvas.width);
    expect(image.height).to.be.greaterThan(canvas.height);
    const footer = new OffscreenCanvas(image.width, image.height - canvas.height);
    const fctx = footer.getContext('2d')!;
    fctx.drawImage(image, 0, -canvas.height);
    const px = fctx.getImageData(0, 0, footer.width, footer.height).data;
    const colours = new Set<number>();
    for (let i = 0; i < px.length; i += 4) colours.add((px[i] << 16) | (px[i + 1] << 8) | px[i + 2]);
    expect(colours.size, 'text drawn in the footer').to.be.greaterThan(2);
    await expect(el).to.be.accessible();
  });

  it('exports the chart as laid out now, even right after its box changed', async () => {
    await importElements();
    const el = await fixture<OdeChart>(
      html`<ode-chart
        lang="en"
        domain=${portalUrl()}
        dataset="seattle-weather"
        type="column"
        x="weather"
      ></ode-chart>`,
    );
    await settled(el);
    await painted(el);
    const canvas = el.shadowRoot!.querySelector('canvas')!;
    const before = canvas.width;
    // as when a page grows a classic scrollbar (Firefox, WebKit): the box narrows, and chart.js
    // would redraw only on the next frame
    el.style.width = `${Math.round(el.getBoundingClientRect().width / 2)}px`;
    const image = await createImageBitmap(await el.toPng());
    // the box the canvas fills, as laid out now (not the canvas: a resize chart.js had queued before
    // the change, with the size of then, may still run for a frame)
    const laidOut = Math.floor(canvas.parentElement!.getBoundingClientRect().width * devicePixelRatio);
    expect(laidOut).to.be.below(before);
    expect(image.width).to.be.within(laidOut - 1, laidOut + 1);
    await until(() => canvas.width === image.width, 'the canvas settled at the exported width');
  });

  it('follows the filters of its <ode-dataset>', async () => {
    await importElements();
    const wrap = await fixture<HTMLElement>(
      html`<div>
        <ode-dataset id="wx" domain=${portalUrl()} dataset="seattle-weather"></ode-dataset>
        <ode-chart lang="en" source="wx" x="date" time-bucket="year"></ode-chart>
      </div>`,
    );
    const el = wrap.querySelector('ode-chart')!;
    const ds = wrap.querySelector<OdeDataset>('ode-dataset')!;
    await settled(el);
    const all = (await tableOf(el)).slice(1).map((r) => num(r[1]));
    expect(all).to.deep.equal([366, 365, 365, 365]);
    ds.source!.update({ refine: ['weather:"snow"'] });
    const expected = await api(
      'catalog/datasets/seattle-weather/records?select=count(*)%20as%20n&group_by=year(date)%20as%20y&refine=weather:%22snow%22&order_by=y',
    );
    await until(
      () => shadowText(el).includes(String(expected.results[0].n)) && !shadowText(el).includes('366'),
      'refined values',
    );
    const snow = (await tableOf(el)).slice(1);
    const byYear = new Map(expected.results.map((r: { y: number; n: number }) => [String(r.y), r.n]));
    for (const [year, n] of snow) expect(num(n)).to.equal(byYear.get(year) ?? null);
  });

  it('shows its source notice once its first answer is painted, in room kept for it', async () => {
    await importElements();
    const el = chartWith({
      lang: 'en',
      domain: portalUrl(),
      dataset: 'seattle-weather',
      x: 'weather',
    });
    // the chart's own ode-load (the notice's bubbles out too, with another detail)
    const loaded = new Promise<void>((resolve) =>
      el.addEventListener('ode-load', (e) => {
        if ('groups' in (e as CustomEvent).detail) resolve();
      }),
    );
    document.body.append(el);
    try {
      await loaded;
      expect(inkOf(el), 'the answer is drawn').to.be.greaterThan(0);
      expect(el.shadowRoot!.querySelector('ode-attribution'), 'no notice yet').to.equal(null);
      const room = el.shadowRoot!.querySelector('.attribution-slot')!.getBoundingClientRect().height;
      expect(room, 'room for two lines').to.be.at.least(40);
      await until(() => {
        const notice = el.shadowRoot!.querySelector('ode-attribution');
        return !!notice && shadowText(notice).includes('Seattle');
      }, 'the notice');
      await expect(el).to.be.accessible();
    } finally {
      el.remove();
    }
  });

  it('draws series from two datasets, one request each, with both attributions', async () => {
    await importElements();
    const t0 = performance.now();
    const wrap = await fixture<HTMLElement>(
      html`<div>
        <ode-dataset id="quakes" domain=${portalUrl()} dataset="earthquakes"></ode-dataset>
        <ode-chart
          lang="en"
          domain=${portalUrl()}
          dataset="seattle-weather"
          type="column"
          x="date"
          time-bucket="year"
        >
          <ode-series y="count(*)" label="Days"></ode-series>
          <ode-series y="max(temp_max)" label="Hottest" axis="right" type="line"></ode-series>
          <ode-series source="quakes" x="time" y="count(*)" label="Quakes"></ode-series>
        </ode-chart>
      </div>`,
    );
    const el = wrap.querySelector('ode-chart')!;
    await settled(el);
    expect(await painted(el)).to.be.greaterThan(50);
    const requests = performance
      .getEntriesByType('resource')
      .filter((r) => r.startTime >= t0 && r.name.includes('/records') && r.name.includes('group_by'));
    expect(
      requests.map((r) => decodeURIComponent(r.name).replace(/.*datasets\/([^/]+).*/, '$1')).sort(),
    ).to.deep.equal(['earthquakes', 'seattle-weather']);
    const rows = await tableOf(el);
    expect(rows[0].slice(1)).to.deep.equal(['Days', 'Hottest', 'Quakes']);
    // 2012–2015 of weather, 2018 of the earthquake feed, the years between drawn as gaps
    expect(rows.slice(1).map((r) => r[0])).to.deep.equal([
      '2012',
      '2013',
      '2014',
      '2015',
      '2016',
      '2017',
      '2018',
    ]);
    const hottest = await api(
      'catalog/datasets/seattle-weather/records?select=max(temp_max)%20as%20t&where=year(date)%3D2015',
    );
    expect(num(rows[4][2])).to.equal(hottest.results[0].t);
    const quakes = await api('catalog/datasets/earthquakes/records?limit=0');
    expect(rows.slice(1).map((r) => num(r[3]))).to.deep.equal([
      null,
      null,
      null,
      null,
      null,
      null,
      quakes.total_count,
    ]);
    expect(num(rows[1][1])).to.equal(366);
    await until(() => el.shadowRoot!.querySelectorAll('ode-attribution').length === 2, 'two attributions');
    const legend = [...el.shadowRoot!.querySelectorAll('[part="legend-item"]')].map((b) =>
      b.textContent!.trim(),
    );
    expect(legend).to.deep.equal(['Days', 'Hottest', 'Quakes']);
    await expect(el).to.be.accessible();
  });

  it('toggles a series from the legend by keyboard, and reads values with the arrow keys', async () => {
    await importElements();
    const el = await fixture<OdeChart>(
      html`<ode-chart
        lang="en"
        domain=${portalUrl()}
        dataset="seattle-weather"
        x="date"
        time-bucket="year"
        series-by="weather"
        stacked
      ></ode-chart>`,
    );
    await settled(el);
    await painted(el);
    const first = el.shadowRoot!.querySelector<HTMLButtonElement>('[part="legend-item"]')!;
    first.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => first.getAttribute('aria-pressed') === 'false', 'series hidden');
    const engine = await import('../src/chart/engine.js');
    expect(engine.liveCharts()).to.be.greaterThan(0);
    const plot = el.shadowRoot!.querySelector<HTMLElement>('[part="plot"]')!;
    plot.focus();
    await sendKeys({ press: 'ArrowRight' });
    const live = el.shadowRoot!.querySelector('[aria-live="polite"]')!;
    await until(() => live.textContent!.includes('2012'), 'first value announced');
    expect(live.textContent).not.to.contain(first.textContent!.trim() + ':');
    await sendKeys({ press: 'End' });
    await until(() => live.textContent!.includes('2015'), 'last value announced');
    expect(live.textContent).to.match(/\(4\/4\)/);
    // the same words are shown next to the value, for sighted keyboard users
    const tip = () => el.shadowRoot!.querySelector('.tip');
    expect(tip()?.textContent).to.contain('2015');
    await expect(el).to.be.accessible();
    // and under the pointer
    // (assert on booleans: a failing expect() on a live element made the runner serialise its whole
    // object graph, which froze the browser)
    plot.blur();
    await el.updateComplete;
    expect(tip() === null, 'no tooltip once the plot loses focus').to.equal(true);
    const box = plot.getBoundingClientRect();
    const at = { clientX: box.left + box.width * 0.3, clientY: box.top + box.height / 2, bubbles: true };
    plot.querySelector('canvas')!.dispatchEvent(new PointerEvent('pointermove', at));
    await until(() => /201[2-5]/.test(tip()?.textContent ?? ''), 'tooltip under the pointer');
    plot.dispatchEvent(new PointerEvent('pointerleave', { ...at, bubbles: false }));
    await until(() => tip() === null, 'tooltip gone when the pointer leaves');
  });

  it('draws a long line decimated (the table and keyboard keep every value)', async () => {
    await importElements();
    const el = await fixture<OdeChart>(
      html`<ode-chart
        lang="en"
        domain=${portalUrl()}
        dataset="seattle-weather"
        type="line"
        x="date"
        time-bucket="day"
        y="max(temp_max)"
      ></ode-chart>`,
    );
    await settled(el);
    expect(await painted(el)).to.be.greaterThan(500);
    const chart = el.chart!;
    // chart.js's decimation draws a downsample (its default threshold, 4 × the width, would skip it)
    const kept = (chart.data.datasets[0] as { _decimated?: unknown[] })._decimated;
    expect(Array.isArray(kept), 'decimated').to.equal(true);
    expect(kept!.length).to.be.within(100, 500);
    expect((await tableOf(el)).length - 1).to.equal(1461);
  });

  it('finds every chart.js private member its batch bar controller uses (fails loudly on a chart.js upgrade that moves one)', async () => {
    await importElements();
    const el = await fixture<OdeChart>(
      html`<ode-chart
        lang="en"
        domain=${portalUrl()}
        dataset="seattle-weather"
        type="column"
        x="date"
        time-bucket="day"
      ></ode-chart>`,
    );
    await settled(el);
    expect(await painted(el)).to.be.greaterThan(1000);
    // what src/chart/engine.ts reads that chart.js does not document: if one is gone or renamed, the
    // long-series shortcut would silently fall back or draw wrong bars
    type Internals = {
      _cachedMeta?: { vScale?: unknown; iScale?: unknown; _stacked?: unknown; data?: unknown[] };
      _getSharedOptions?: (start: number, mode: string) => { sharedOptions?: object } | undefined;
      options?: Record<string, unknown>;
      getParsed?: (i: number) => unknown;
      constructor: { id?: string };
    };
    const ctl = el.chart!.getDatasetMeta(0).controller as unknown as Internals;
    const meta = ctl._cachedMeta;
    const options = ctl.options ?? {};
    // booleans only: a failing assertion must not print (or serialise) chart.js's circular objects
    const found = {
      'our batch controller draws the columns': ctl.constructor.id === 'odeBar',
      'controller._cachedMeta': typeof meta === 'object' && meta !== null,
      '_cachedMeta.vScale': typeof meta?.vScale === 'object',
      '_cachedMeta.iScale': typeof meta?.iScale === 'object',
      '_cachedMeta._stacked': !!meta && '_stacked' in meta,
      '_cachedMeta.data of every bar': meta?.data?.length === 1461,
      'controller._getSharedOptions()': typeof ctl._getSharedOptions === 'function',
      '_getSharedOptions() answers sharedOptions':
        typeof ctl._getSharedOptions === 'function' &&
        'sharedOptions' in (ctl._getSharedOptions.call(ctl, 0, 'none') ?? {}),
      'controller.getParsed()': typeof ctl.getParsed === 'function',
      'controller.options.categoryPercentage': typeof options.categoryPercentage === 'number',
      'controller.options.barPercentage': typeof options.barPercentage === 'number',
      'controller.options.grouped': typeof options.grouped === 'boolean',
    };
    const missing = Object.entries(found)
      .filter(([, ok]) => !ok)
      .map(([what]) => what);
    expect(
      missing,
      `chart.js internals gone or changed (src/chart/engine.ts BatchBarController)`,
    ).to.deep.equal([]);
  });

  it('draws 1,461 daily bars on a readable axis, first day first, and reads any of them', async () => {
    await importElements();
    const chartOf = (el: OdeChart) => el.chart!;
    for (const type of ['column', 'bar'] as const) {
      const el = await fixture<OdeChart>(
        html`<ode-chart
          lang="en"
          domain=${portalUrl()}
          dataset="seattle-weather"
          type=${type}
          x="date"
          time-bucket="day"
          y="max(temp_max)"
        ></ode-chart>`,
      );
      await settled(el);
      expect(await painted(el)).to.be.greaterThan(1000);
      const chart = chartOf(el);
      const index = chart.scales[type === 'bar' ? 'y' : 'x'];
      // a dozen dated ticks, not one per day
      expect(index.ticks.length).to.be.within(2, 13);
      for (const t of index.ticks) expect(String(t.label)).to.match(/^([A-Z][a-z]{2} \d{1,2}, \d{4})?$/);
      // the first day left of the last, or above it on a horizontal chart (read top-down)
      expect(index.getPixelForValue(0)).to.be.below(index.getPixelForValue(1460));
      // the long-series shortcut places every bar where chart.js's own bar controller places it, in one
      // pass (one grid-width lookup for the whole series, not one per bar)
      type Bar = Record<'x' | 'y' | 'width' | 'height' | 'base', number>;
      type Ctl = {
        _cachedMeta: { data: Bar[]; vScale: { getLineWidthForValue(v: number): number } };
        updateElements(bars: Bar[], start: number, count: number, mode: string): void;
      };
      const drawn = chartOf(el) as unknown as {
        getDatasetMeta(i: number): { controller: Ctl };
        update(mode: string): void;
      };
      const ctl = drawn.getDatasetMeta(0).controller;
      const vScale = ctl._cachedMeta.vScale;
      const widthOf = vScale.getLineWidthForValue.bind(vScale);
      let lookups = 0;
      vScale.getLineWidthForValue = (v) => (lookups++, widthOf(v));
      drawn.update('none');
      expect(lookups).to.equal(1);
      const geometry = () => ctl._cachedMeta.data.map((b) => [b.x, b.y, b.width, b.height, b.base]);
      const ours = geometry();
      const { BarController } = await import('chart.js');
      BarController.prototype.updateElements.call(ctl, ctl._cachedMeta.data as never, 0, ours.length, 'none');
      expect(lookups).to.be.greaterThan(1000);
      const theirs = geometry();
      const worst = Math.max(...ours.flatMap((g, i) => g.map((v, k) => Math.abs(v - theirs[i][k]))));
      expect(ours.length).to.equal(1461);
      expect(worst, `largest difference from chart.js, ${type}`).to.be.below(1e-6);
      const plot = el.shadowRoot!.querySelector<HTMLElement>('[part="plot"]')!;
      // built at the size measured while the answer was on its way: the plot box's
      const box = plot.getBoundingClientRect();
      const sized = chartOf(el) as unknown as { width: number; height: number };
      expect(Math.abs(sized.width - box.width), 'chart width vs its box').to.be.below(0.2);
      expect(Math.abs(sized.height - box.height), 'chart height vs its box').to.be.below(0.2);
      plot.focus();
      await sendKeys({ press: 'End' });
      const live = el.shadowRoot!.querySelector('[aria-live="polite"]')!;
      await until(() => live.textContent!.includes('Dec 31, 2015'), 'last day announced');
      expect(live.textContent).to.match(/\(1,?461\/1,?461\)/);
      plot.blur();
    }
  });

  it('draws every category label in a 600 px chart: wrapped or turned, never skipped', async () => {
    await importElements();
    type Tick = { label: string | string[] };
    type Scale = { ticks: Tick[]; labelRotation: number };
    const chartOf = (el: OdeChart) => (el as unknown as { chart: { scales: Record<string, Scale> } }).chart;
    // 16 long French department names under narrow columns (turned), 8 region names under wider ones
    // (wrapped on lines), 16 two-letter states beside horizontal bars
    const cases = [
      {
        type: 'column',
        dataset: 'communes-france',
        x: 'nom_departement',
        limit: 16,
        axis: 'x',
        way: 'turned',
      },
      { type: 'column', dataset: 'communes-france', x: 'nom_region', limit: 8, axis: 'x', way: 'wrapped' },
      { type: 'bar', dataset: 'zipcodes-us', x: 'state', limit: 16, axis: 'y', way: 'beside' },
    ] as const;
    for (const c of cases) {
      const el = await fixture<OdeChart>(
        html`<div style="width:600px">
          <ode-chart
            lang="fr"
            domain=${portalUrl()}
            dataset=${c.dataset}
            type=${c.type}
            x=${c.x}
            y="count(*)"
            order="y desc"
            limit=${c.limit}
          ></ode-chart>
        </div>`,
      ).then((div) => div.querySelector('ode-chart') as OdeChart);
      await settled(el);
      expect(await painted(el)).to.be.greaterThan(500);
      const scale = chartOf(el).scales[c.axis];
      const drawn = scale.ticks.map((t) => (Array.isArray(t.label) ? t.label.join(' ') : t.label));
      expect(drawn.length, `${c.x}: labels drawn (${drawn.join(', ')})`).to.equal(c.limit);
      expect(drawn.every((l) => l.length > 0)).to.equal(true);
      if (c.way === 'turned') expect(scale.labelRotation, 'labels turned').to.be.greaterThan(10);
      if (c.way === 'wrapped') {
        expect(scale.labelRotation, 'wrapped labels stay level').to.equal(0);
        const wrapped = scale.ticks.filter((t) => Array.isArray(t.label));
        expect(wrapped.length, 'long names wrapped on lines').to.be.greaterThan(0);
      }
      // the table view holds the whole labels the ticks may wrap or cut
      const rows = (await tableOf(el)).slice(1);
      expect(rows.length).to.equal(c.limit);
      await expect(el).to.be.accessible();
    }
  });

  it('cuts labels beside horizontal bars to the axis’s room: none drawn over the axis title in a phone-wide chart', async () => {
    await importElements();
    const { toFont, toPadding } = await import('chart.js/helpers');
    type Item = { label: string | string[]; font: { string: string }; options: { translation: number[] } };
    type Scale = {
      left: number;
      ctx: CanvasRenderingContext2D;
      options: { title: { display: boolean; font: object; padding: number } };
      getLabelItems(): Item[];
    };
    const el = await fixture<OdeChart>(
      html`<div style="width:320px">
        <ode-chart
          lang="fr"
          domain=${portalUrl()}
          dataset="communes-france"
          type="bar"
          x="nom_region"
          order="y desc"
          limit="13"
        ></ode-chart>
      </div>`,
    ).then((div) => div.querySelector('ode-chart') as OdeChart);
    await settled(el);
    expect(await painted(el)).to.be.greaterThan(100);
    const scale = (el as unknown as { chart: { scales: { y: Scale } } }).chart.scales.y;
    const title = scale.options.title;
    expect(title.display, 'the axis has its title').to.equal(true);
    const titleRight = scale.left + toFont(title.font).lineHeight + toPadding(title.padding).height;
    const items = scale.getLabelItems();
    expect(items.length).to.equal(13);
    const ctx = scale.ctx;
    for (const item of items) {
      ctx.save();
      ctx.font = item.font.string;
      const text = String(item.label);
      const left = item.options.translation[0] - ctx.measureText(text).width;
      ctx.restore();
      expect(left, `"${text}" starts left of the axis title`).to.be.at.least(titleRight - 0.5);
    }
    // the long names are cut, the short ones whole; the table view keeps every name
    const drawn = items.map((i) => String(i.label));
    expect(
      drawn.some((l) => l.endsWith('…')),
      drawn.join(', '),
    ).to.equal(true);
    expect(drawn).to.include('Bretagne');
    expect((await tableOf(el)).slice(1).map((r) => r[0])).to.include("Provence-Alpes-Côte d'Azur");
    await expect(el).to.be.accessible();
  });

  it('writes the values under horizontal bars level, skipping the ones that would overlap', async () => {
    await importElements();
    type Item = { label: string | string[]; font: { string: string }; options: { translation: number[] } };
    type Scale = { labelRotation: number; ctx: CanvasRenderingContext2D; getLabelItems(): Item[] };
    const el = await fixture<OdeChart>(
      html`<div style="width:560px">
        <ode-chart
          lang="fr"
          domain=${portalUrl()}
          dataset="communes-france"
          type="bar"
          x="nom_region"
          y="sum(population)"
          order="y desc"
          limit="13"
        ></ode-chart>
      </div>`,
    ).then((div) => div.querySelector('ode-chart') as OdeChart);
    await settled(el);
    expect(await painted(el)).to.be.greaterThan(100);
    const scale = (el as unknown as { chart: { scales: { x: Scale } } }).chart.scales.x;
    expect(scale.labelRotation, 'value labels turned').to.equal(0);
    const items = scale.getLabelItems();
    expect(items.length, 'a few values written').to.be.at.least(2);
    // millions: "12 000 000" is wider than the 40 px chart.js gives each tick
    expect(items.some((i) => String(i.label).replace(/\D/g, '').length >= 7)).to.equal(true);
    const ctx = scale.ctx;
    const spans = items.map((item) => {
      ctx.save();
      ctx.font = item.font.string;
      const w = ctx.measureText(String(item.label)).width;
      ctx.restore();
      const x = item.options.translation[0];
      return [x - w / 2, x + w / 2];
    });
    for (let i = 1; i < spans.length; i++)
      expect(spans[i][0], `"${String(items[i].label)}" clear of the value before it`).to.be.greaterThan(
        spans[i - 1][1],
      );
  });

  for (const width of [560, 300])
    it(`writes the dates along a ${width} px line through time level, skipping those that would overlap`, async () => {
      await importElements();
      type Item = { label: string | string[]; font: { string: string }; options: { translation: number[] } };
      type Scale = { labelRotation: number; ctx: CanvasRenderingContext2D; getLabelItems(): Item[] };
      // 28 days of February 2001: "Feb 1, 2001" … turned at 78° under a 560 px line before, and chart.js's
      // own skipping let them overlap under a 300 px one
      const el = await fixture<OdeChart>(
        html`<div style=${`width:${width}px`}>
          <ode-dataset
            domain=${portalUrl()}
            dataset="flights"
            where=${"date >= date'2001-02-01' AND date < date'2001-03-01'"}
          >
            <ode-chart type="line" x="date" time-bucket="day"></ode-chart>
          </ode-dataset>
        </div>`,
      ).then((div) => div.querySelector('ode-chart') as OdeChart);
      await settled(el);
      expect(await painted(el)).to.be.greaterThan(100);
      const scale = (el as unknown as { chart: { scales: { x: Scale } } }).chart.scales.x;
      expect(scale.labelRotation, 'dates turned').to.equal(0);
      const items = scale.getLabelItems();
      expect(items.length, 'a few dates written').to.be.within(2, 27);
      expect(String(items[0].label)).to.equal('Feb 1, 2001');
      const ctx = scale.ctx;
      const spans = items.map((item) => {
        ctx.save();
        ctx.font = item.font.string;
        const w = ctx.measureText(String(item.label)).width;
        ctx.restore();
        const x = item.options.translation[0];
        return [x - w / 2, x + w / 2];
      });
      for (let i = 1; i < spans.length; i++)
        expect(spans[i][0], `"${String(items[i].label)}" clear of the date before it`).to.be.greaterThan(
          spans[i - 1][1],
        );
      // every day is still in the table view
      expect((await tableOf(el)).length - 1).to.equal(28);
    });

  it('groups series past series-limit as "Other", adding up the counts', async () => {
    await importElements();
    const el = await fixture<OdeChart>(
      html`<ode-chart
        lang="en"
        domain=${portalUrl()}
        dataset="seattle-weather"
        x="date"
        time-bucket="year"
        series-by="weather"
        series-limit="2"
        series-other
      ></ode-chart>`,
    );
    await settled(el);
    const rows = await tableOf(el);
    expect(rows[0].slice(1)).to.deep.equal(['rain', 'sun', 'Other']);
    for (const r of rows.slice(1)) {
      const total = r.slice(1).reduce((s, v) => s + (num(v) ?? 0), 0);
      expect(total, r[0]).to.equal(r[0] === '2012' ? 366 : 365);
    }
  });

  it('is busy while loading', async () => {
    await importElements();
    const el = await fixture<OdeChart>(
      html`<ode-chart lang="en" domain=${portalUrl()} dataset="airports" x="state"></ode-chart>`,
    );
    expect(el.shadowRoot!.querySelector('[aria-busy="true"]')).to.exist;
    expect(shadowText(el)).to.contain('Loading chart');
    await expect(el).to.be.accessible();
    await settled(el);
  });

  it('builds its chart hidden while the answer is on its way, then shows the answer’s values on it', async () => {
    await importElements();
    // 2,000 hourly groups of 3 million rows: the portal takes far longer than an idle moment
    const el = await fixture<OdeChart>(
      html`<ode-chart
        lang="en"
        domain=${portalUrl()}
        dataset="flights"
        type="column"
        x="date"
        time-bucket="hour"
        limit="2000"
      ></ode-chart>`,
    );
    const canvas = el.shadowRoot!.querySelector('canvas')!;
    await until(() => !!el.chart && el.matches(':state(loading)'), 'a chart built before the answer', 10000);
    const early = el.chart;
    expect(getComputedStyle(canvas).visibility).to.equal('hidden');
    expect(el.getAttribute('aria-busy')).to.equal('true');
    expect(el.shadowRoot!.querySelector('[aria-busy="true"]')).to.exist;
    await expect(el).to.be.accessible();
    await settled(el);
    expect(el.matches(':state(loading)')).to.equal(false);
    // the same chart, now visible, holding exactly the answer's values (the table of values drawn)
    expect(el.chart === early, 'the chart built while loading is the one drawn').to.equal(true);
    expect(getComputedStyle(canvas).visibility).to.equal('visible');
    const drawn = (el.chart!.data.datasets[0].data as { y: number | null }[]).map((p) => p.y);
    const values = el
      .toCsv()
      .trim()
      .split('\r\n')
      .slice(1)
      .map((row) => row.split(',').at(-1))
      .map((v) => (v === '' ? null : Number(v)));
    expect(drawn).to.deep.equal(values);
    expect(drawn.length).to.be.at.least(2000);
  });

  it('says when nothing matches, with the active filters', async () => {
    await importElements();
    const wrap = await fixture<HTMLElement>(
      html`<div>
        <ode-dataset
          id="none"
          domain=${portalUrl()}
          dataset="airports"
          where='state = "nowhere"'
        ></ode-dataset>
        <ode-chart lang="en" source="none" x="state"></ode-chart>
      </div>`,
    );
    const el = wrap.querySelector('ode-chart')!;
    await settled(el);
    expect(shadowText(el)).to.contain('No record matches');
    expect(shadowText(el)).to.contain('nowhere');
    await expect(el).to.be.accessible();
  });

  it('shows the portal’s message for a bad aggregate, and for a missing dataset', async () => {
    await importElements();
    const bad = await fixture<OdeChart>(
      html`<ode-chart
        lang="en"
        domain=${portalUrl()}
        dataset="airports"
        x="state"
        y="sum(nope)"
      ></ode-chart>`,
    );
    await settled(bad);
    expect(shadowText(bad)).to.contain('nope');
    expect(shadowText(bad)).to.contain('400');
    await expect(bad).to.be.accessible();
    const missing = await fixture<OdeChart>(
      html`<ode-chart lang="en" domain=${portalUrl()} dataset="no-such-dataset" x="a"></ode-chart>`,
    );
    await settled(missing);
    expect(shadowText(missing)).to.contain('404');
    await expect(missing).to.be.accessible();
  });

  it('draws once it gets its dataset, after being placed on the page without one', async () => {
    await importElements();
    // attributes set later, after the first render…
    const el = await fixture<OdeChart>(html`<ode-chart lang="en"></ode-chart>`);
    await until(() => /dataset/i.test(shadowText(el)), 'the missing dataset named');
    const before = shadowText(el).trim();
    el.setAttribute('type', 'bar');
    el.setAttribute('x', 'state');
    el.setAttribute('domain', portalUrl());
    el.setAttribute('dataset', 'airports');
    await settled(el);
    expect(shadowText(el)).to.not.contain(before.slice(0, 40));
    expect(await painted(el)).to.be.greaterThan(0);
    // …or right after it connects, before its first render (what a framework or a builder does)
    const early = document.createElement('ode-chart') as OdeChart;
    early.lang = 'en';
    el.after(early);
    early.setAttribute('x', 'state');
    early.setAttribute('domain', portalUrl());
    early.setAttribute('dataset', 'airports');
    await settled(early);
    expect(shadowText(early)).to.not.contain(before.slice(0, 40));
    expect(await tableOf(early)).to.have.length.greaterThan(1);
    early.remove();
  });

  it('names a configuration mistake without asking the portal', async () => {
    await importElements();
    const t0 = performance.now();
    const el = await fixture<OdeChart>(
      html`<ode-chart lang="en" domain=${portalUrl()} dataset="airports" type="radar" x="state"></ode-chart>`,
    );
    await settled(el);
    expect(shadowText(el)).to.contain('"type" must be one of bar, column');
    expect(
      performance
        .getEntriesByType('resource')
        .filter((r) => r.startTime >= t0 && r.name.includes('/records')),
    ).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('refuses time-bucket on a field that is not a date', async () => {
    await importElements();
    const el = await fixture<OdeChart>(
      html`<ode-chart
        lang="en"
        domain=${portalUrl()}
        dataset="airports"
        x="state"
        time-bucket="month"
      ></ode-chart>`,
    );
    await settled(el);
    expect(shadowText(el)).to.contain(
      '"time-bucket" needs a date or datetime field, but "state" is of type text',
    );
    await expect(el).to.be.accessible();
  });

  it('destroys its chart when removed: no instance left after many attach/detach cycles', async () => {
    await importElements();
    const engine = await import('../src/chart/engine.js');
    const holder = await fixture<HTMLElement>(html`<div></div>`);
    const el = document.createElement('ode-chart');
    el.setAttribute('domain', portalUrl());
    el.setAttribute('dataset', 'seattle-weather');
    el.setAttribute('x', 'weather');
    holder.append(el);
    await settled(el);
    await painted(el);
    const before = engine.liveCharts();
    for (let i = 0; i < 50; i++) {
      el.remove();
      holder.append(el);
      await el.updateComplete;
    }
    await until(() => inkOf(el) > 0, 'drawn again after the cycles');
    expect(engine.liveCharts()).to.equal(before);
    el.remove();
    expect(engine.liveCharts()).to.equal(before - 1);
  });
});

describe('<ode-chart> warm-up', () => {
  it('builds, lays out and draws a hidden chart in three tasks while its answer is on its way, then updates that chart', async function () {
    this.timeout(30000);
    await importElements();
    performance.clearMeasures();
    const el = await fixture<OdeChart>(
      html`<ode-chart
        lang="en"
        domain=${slowPortalUrl()}
        dataset="zipcodes-us"
        x="state"
        order="y desc"
        limit="10"
      ></ode-chart>`,
    );
    const steps = ['ode:chart:warm', 'ode:chart:warm-layout', 'ode:chart:warm-paint'];
    const last = (name: string) => performance.getEntriesByName(name, 'measure').at(-1);
    await until(() => !!last(steps[2]), 'the warm-up drawn', 15000);
    const [build, layout, paint] = steps.map((s) => last(s)!);
    expect(build.startTime + build.duration, 'built, then laid out').to.be.at.most(layout.startTime);
    expect(layout.startTime + layout.duration, 'laid out, then drawn').to.be.at.most(paint.startTime);
    // (chart.js objects are not handed to chai: its messages would walk them)
    const warm = el.chart!;
    expect(!!warm, 'a chart before the answer').to.equal(true);
    expect(warm.data.labels?.length, 'placeholder categories, as many as the limit').to.equal(10);
    const canvas = el.shadowRoot!.querySelector('canvas')!;
    expect(canvas.style.visibility, 'hidden').to.equal('hidden');
    expect(inkOf(el), 'drawn').to.be.greaterThan(0);
    await settled(el);
    expect(el.chart === warm, 'the warm-up chart, updated by the answer').to.equal(true);
    expect(canvas.style.visibility).to.equal('');
    const states = await api('catalog/datasets/zipcodes-us/records?select=state&group_by=state&limit=100');
    expect(warm.data.labels?.length).to.equal(Math.min(10, states.results.length));
  });

  it('once a chart is alive, a new chart builds its own chart, empty, before its answer: no second warm-up', async function () {
    this.timeout(30000);
    await importElements();
    const box = await fixture<HTMLElement>(
      html`<div>
        <ode-chart lang="en" domain=${portalUrl()} dataset="seattle-weather" x="weather"></ode-chart>
      </div>`,
    );
    const alive = box.querySelector<OdeChart>('ode-chart')!;
    await painted(alive);
    performance.clearMeasures();
    const el = chartWith({
      lang: 'en',
      domain: slowPortalUrl(),
      dataset: 'zipcodes-us',
      x: 'state',
      order: 'y desc',
      limit: '5',
    });
    box.append(el);
    await until(() => !!el.chart, 'a chart built', 15000);
    const busy = () => el.shadowRoot!.querySelector('.plot-box')!.getAttribute('aria-busy');
    expect(busy(), 'built while its answer is on its way').to.equal('true');
    // (chart.js objects are not handed to chai: its messages would walk them)
    const built = el.chart!;
    expect(built.data.labels?.length, 'empty: no placeholder values').to.equal(0);
    expect(el.shadowRoot!.querySelector('canvas')!.style.visibility).to.equal('hidden');
    await settled(el);
    expect(el.chart === built, 'the chart built early, updated by the answer').to.equal(true);
    expect(built.data.labels?.length).to.equal(5);
    expect(inkOf(el), 'drawn').to.be.greaterThan(0);
    const measures = (name: string) => performance.getEntriesByName(name, 'measure').length;
    expect(measures('ode:chart:warm'), 'built once').to.equal(1);
    expect(measures('ode:chart:warm-layout') + measures('ode:chart:warm-paint'), 'no warm-up').to.equal(0);
    await expect(el).to.be.accessible();
  });
});
