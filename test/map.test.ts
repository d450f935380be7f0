import { expect, fixture, html } from '@open-wc/testing';
import '../src/map/define.js';
import '../src/core/define-dataset.js';
import '../src/table/define.js';
import { consent } from '../src/consent/store.js';
import { tenantConfig } from './consent/helpers.js';
import type { OdeTable } from '../src/table/ode-table.js';
import type { OdeMap } from '../src/map/ode-map.js';
import type { MapEngine } from '../src/map/engine.js';
import { portalUrl, shadowText, until } from './helpers.js';

async function api(path: string) {
  return (await fetch(`${portalUrl()}/api/explore/v2.1/${path}`)).json();
}

const engineOf = async (el: OdeMap): Promise<MapEngine> => {
  await until(() => !!el.engine, 'the map engine', 20000);
  return el.engine!;
};
/** The map has drawn its style and data (idle) and the settled-move request is done. */
const idle = async (e: MapEngine) => {
  await until(() => e.map.loaded() && e.map.isStyleLoaded() === true, 'map idle', 20000);
};
const renderedClusters = (e: MapEngine) => {
  const seen = new Map<unknown, number>();
  for (const f of e.map.queryRenderedFeatures({ layers: ['ode-clusters'] }))
    seen.set(f.id, Number(f.properties.count));
  return [...seen.values()];
};

describe('<ode-map>', () => {
  it('clusters on the server: the counts in view sum to the portal count for the same bbox', async () => {
    const el = await fixture<OdeMap>(
      html`<ode-map domain=${portalUrl()} dataset="zipcodes-us" style="--ode-map-height: 400px"></ode-map>`,
    );
    const e = await engineOf(el);
    await until(() => e.effective === 'clusters', 'server clusters (42,049 records > 5,000)');
    await until(() => !!e.lastClusterBox && renderedClusters(e).length > 0, 'clusters drawn', 20000);
    await idle(e);
    const box = e.lastClusterBox!;
    const [w, s, east, n] = box;
    const where = `in_bbox(geo_point_2d, ${s}, ${w}, ${n}, ${east})`;
    const count = await api(
      `catalog/datasets/zipcodes-us/records?limit=0&where=${encodeURIComponent(where)}`,
    );
    const sum = renderedClusters(e).reduce((a, b) => a + b, 0);
    expect(count.total_count).to.be.greaterThan(0);
    expect(sum).to.equal(count.total_count);
    // the counts are keyboard-reachable buttons too
    const buttons = el.shadowRoot!.querySelectorAll('button.cluster');
    expect(buttons.length).to.equal(renderedClusters(e).length);
    await expect(el).to.be.accessible();
  });

  it('loads once it gets its dataset right after connecting, before its first render', async () => {
    const el = document.createElement('ode-map') as OdeMap;
    document.body.append(el);
    el.setAttribute('domain', portalUrl());
    el.setAttribute('dataset', 'earthquakes');
    try {
      const e = await engineOf(el);
      await until(() => e.effective === 'client-clusters', 'the dataset loaded');
    } finally {
      el.remove();
    }
  });

  it('auto mode with ≤ 5,000 records: one GeoJSON export, clustered in maplibre, drawn features', async () => {
    const el = await fixture<OdeMap>(
      html`<ode-map domain=${portalUrl()} dataset="earthquakes" popup-fields="title,mag"></ode-map>`,
    );
    const e = await engineOf(el);
    await until(() => e.effective === 'client-clusters', 'auto → export (1,707 records)');
    await until(
      () =>
        e.map.isSourceLoaded('ode-data') &&
        e.map.queryRenderedFeatures({ layers: ['ode-clusters'] }).length > 0,
      'browser-side clusters drawn',
      20000,
    );
    expect(e.dataUrl, 'the worker fetches the export itself').to.be.a('string');
    const url = new URL(e.dataUrl!);
    expect(url.pathname).to.match(/\/exports\/geojson$/);
    expect(url.searchParams.get('select')).to.equal('geo_point_2d, title, mag');
    // the worker keeps the parsed export: it is not posted back to the page (scripts/maplibre-worker-patch.js,
    // which the test runner applies as our builds do); maplibre keeps the URL as the source's data then
    const held = (e.map.getSource('ode-data') as unknown as { _data?: { url?: string; geojson?: unknown } })
      ._data;
    expect(held?.geojson, 'no copy of the export on the main thread').to.equal(undefined);
    expect(held?.url).to.equal(e.dataUrl);
    // browser clusters + lone points account for every record in view
    await expect(el).to.be.accessible();
  });

  it('points mode colours by a field, with a legend; a popup shows the popup fields as text', async () => {
    const el = await fixture<OdeMap>(
      html`<ode-map
        domain=${portalUrl()}
        dataset="earthquakes"
        mode="points"
        color-by="mag"
        legend
        popup-fields="title,mag"
      ></ode-map>`,
    );
    const e = await engineOf(el);
    await until(
      () =>
        e.map.isSourceLoaded('ode-data') &&
        e.map.queryRenderedFeatures({ layers: ['ode-points'] }).length > 100,
      'points drawn',
      20000,
    );
    await until(() => !!el.shadowRoot!.querySelector('[part="legend"]'), 'legend');
    const meta = await api(
      `catalog/datasets/earthquakes/records?select=${encodeURIComponent('min(mag) as lo, max(mag) as hi')}`,
    );
    const legend = el.shadowRoot!.querySelector('[part="legend"]')!.textContent!;
    expect(legend).to.contain(String(meta.results[0].hi));
    const paint = e.map.getPaintProperty('ode-points', 'circle-color');
    expect(JSON.stringify(paint)).to.contain('"mag"');
    const f = e.map.queryRenderedFeatures({ layers: ['ode-points'] })[0];
    const [lon, lat] = (f.geometry as GeoJSON.Point).coordinates;
    e.map.fire('click', { point: e.map.project([lon, lat]), lngLat: { lng: lon, lat } });
    await until(() => !!el.shadowRoot!.querySelector('.maplibregl-popup'), 'popup');
    const popup = el.shadowRoot!.querySelector('.maplibregl-popup')!;
    const fields = (await api('catalog/datasets/earthquakes')).fields as { name: string; label: string }[];
    expect(popup.querySelector('dt')!.textContent).to.equal(fields.find((x) => x.name === 'title')!.label);
    expect(popup.querySelector('dd')!.textContent).to.equal(String(f.properties.title));
    await expect(el).to.be.accessible();
  });

  it('filter-viewport: the visible area filters the table next to the map; one request per settled move', async () => {
    const wrap = await fixture<HTMLElement>(
      html`<div>
        <ode-dataset id="zips-vp" domain=${portalUrl()} dataset="zipcodes-us">
          <ode-map filter-viewport style="--ode-map-height: 300px"></ode-map>
          <ode-table fields="zip_code,state"></ode-table>
        </ode-dataset>
      </div>`,
    );
    const el = wrap.querySelector('ode-map')!;
    const table = wrap.querySelector<OdeTable>('ode-table')!;
    const e = await engineOf(el);
    await until(() => e.stats.completed > 0, 'first clusters');
    e.map.jumpTo({ center: [-74.0, 40.72], zoom: 9 });
    await until(() => !!e.lastClusterBox && e.lastClusterBox[0] > -75, 'clusters of the new view', 20000);
    const [w, s, east, n] = e.lastClusterBox!;
    const where = `in_bbox(geo_point_2d, ${s}, ${w}, ${n}, ${east})`;
    const expected = (
      await api(`catalog/datasets/zipcodes-us/records?limit=0&where=${encodeURIComponent(where)}`)
    ).total_count as number;
    await until(
      () =>
        (table.shadowRoot!.querySelector('[part="count"]')?.textContent ?? '').replace(/\D/g, '') ===
        String(expected),
      `the table counts the ${expected} records in view`,
      20000,
    );
    expect(expected).to.be.lessThan(42049);
    // five quick pans: the requests of views left before they settle are not even sent or are aborted
    const before = { ...e.stats };
    for (let i = 1; i <= 5; i++) e.map.jumpTo({ center: [-74.0 + i * 0.05, 40.72] });
    await until(() => e.stats.completed > before.completed, 'the settled view is asked for', 20000);
    await new Promise((r) => setTimeout(r, 600));
    expect(e.stats.completed - before.completed).to.be.at.most(2);
    await expect(el).to.be.accessible();
  });

  it('consent-purpose: no tile request before the purpose is granted, then the basemap loads', async function () {
    this.timeout(60000);
    await consent.configure(tenantConfig());
    consent.refuseAll();
    // an answer that is not an image: the tiles fail as a broken tile server's would
    const tiles = `${portalUrl()}/api/explore/v2.1/catalog/datasets?no-such-tiles={z}/{x}/{y}`;
    const sent = () =>
      performance.getEntriesByType('resource').filter((r) => r.name.includes('no-such-tiles=')).length;
    const el = await fixture<OdeMap>(
      html`<ode-map
        domain=${portalUrl()}
        dataset="airports"
        basemap=${tiles}
        consent-purpose="video"
      ></ode-map>`,
    );
    const e = await engineOf(el);
    await until(() => !!el.shadowRoot!.querySelector('.consent'), 'the placeholder');
    await until(() => e.map.loaded(), 'map idle', 20000);
    await new Promise((r) => setTimeout(r, 500));
    expect(sent(), 'tile requests before consent').to.equal(0);
    expect(shadowText(el)).to.contain('third-party service');
    await expect(el).to.be.accessible();
    el.shadowRoot!.querySelector<HTMLButtonElement>('.consent button')!.click();
    await until(() => sent() > 0, 'tiles requested once allowed', 20000);
    expect(consent.get('video')).to.equal(true);
    // these tiles do not exist: the offline outline comes back, with a note
    await until(() => shadowText(el).includes('could not be loaded'), 'offline fallback note', 20000);
    consent.refuseAll();
  });

  it('without WebGL2 (turned off, no GPU), says so in place of the map, with no uncaught error; Retry draws it once there', async () => {
    const getContext = HTMLCanvasElement.prototype.getContext;
    const patched = function (this: HTMLCanvasElement, type: string, ...rest: unknown[]) {
      return /webgl/i.test(type) ? null : getContext.call(this, type as '2d', ...(rest as []));
    } as typeof getContext;
    const uncaught: string[] = [];
    const onRejection = (e: PromiseRejectionEvent) => uncaught.push(String(e.reason));
    window.addEventListener('unhandledrejection', onRejection);
    HTMLCanvasElement.prototype.getContext = patched;
    try {
      const el = await fixture<OdeMap>(
        html`<ode-map domain=${portalUrl()} dataset="airports" lang="en"></ode-map>`,
      );
      await until(() => !!el.shadowRoot!.querySelector('[part~="error"]'), 'the message', 20000);
      expect(shadowText(el)).to.contain('this browser cannot draw the map: WebGL2 is unavailable');
      expect(el.engine).to.equal(undefined);
      await expect(el).to.be.accessible();
      await new Promise((r) => setTimeout(r, 100));
      expect(uncaught).to.deep.equal([]);
      HTMLCanvasElement.prototype.getContext = getContext;
      el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="retry"]')!.click();
      const e = await engineOf(el);
      await idle(e);
      expect(el.shadowRoot!.querySelector('[part~="error"]')).to.equal(null);
      expect(el.shadowRoot!.querySelectorAll('.map canvas')).to.have.length(1);
    } finally {
      HTMLCanvasElement.prototype.getContext = getContext;
      window.removeEventListener('unhandledrejection', onRejection);
    }
  });

  it('shows an empty state, an unknown dataset error, and a bad attribute message', async () => {
    const empty = await fixture<OdeMap>(html`<ode-map domain=${portalUrl()} dataset="airports"></ode-map>`);
    await engineOf(empty);
    empty.ds!.update({ where: 'iata = "NOPE-NOPE"' });
    await until(() => shadowText(empty).includes('No record matches'), 'empty state');
    await expect(empty).to.be.accessible();

    const missing = await fixture<OdeMap>(
      html`<ode-map domain=${portalUrl()} dataset="no-such-dataset"></ode-map>`,
    );
    await until(() => !!missing.shadowRoot!.querySelector('[part~="error"]'), 'error');
    expect(shadowText(missing)).to.contain('404');
    await expect(missing).to.be.accessible();

    const bad = await fixture<OdeMap>(
      html`<ode-map domain=${portalUrl()} dataset="seattle-weather" mode="nope"></ode-map>`,
    );
    await until(() => shadowText(bad).includes('"nope" is not a mode'), 'bad mode');
    const noGeo = await fixture<OdeMap>(
      html`<ode-map domain=${portalUrl()} dataset="seattle-weather"></ode-map>`,
    );
    await until(() => shadowText(noGeo).includes('no geographic field'), 'no geo field');
    await expect(noGeo).to.be.accessible();
  });

  it('is keyboard usable: named focusable map, skip link, list of what is in view', async () => {
    const el = await fixture<OdeMap>(
      html`<ode-map domain=${portalUrl()} dataset="airports" popup-fields="iata,name" lang="fr"></ode-map>`,
    );
    const e = await engineOf(el);
    await until(() => e.effective === 'client-clusters' && e.map.loaded(), 'map drawn', 20000);
    const canvas = e.map.getCanvas();
    expect(canvas.tabIndex).to.equal(0);
    expect(canvas.getAttribute('aria-label')).to.match(/^Carte de /);
    const skip = el.shadowRoot!.querySelector<HTMLAnchorElement>('a.skip')!;
    expect(skip.textContent).to.equal('Passer la carte');
    skip.click();
    expect(el.shadowRoot!.activeElement?.classList.contains('after')).to.equal(true);
    // keyboard zoom on the focused map
    const z = e.map.getZoom();
    canvas.focus();
    canvas.dispatchEvent(
      new KeyboardEvent('keydown', { key: '+', keyCode: 187, shiftKey: true, bubbles: true }),
    );
    await until(() => e.map.getZoom() > z, 'zoomed with the keyboard');
    // the zoom eases over a few frames (fewer in a slower engine): the list is of the settled view
    await until(() => !e.map.isMoving(), 'zoom ended');
    // over the mainland US, where the airports are: the dataset's box spans the antimeridian (Guam to
    // the Aleutians), so the fitted view is centred on the Atlantic, where a zoomed-in view shows none
    e.map.jumpTo({ center: [-98, 39] });
    const toggle = [...el.shadowRoot!.querySelectorAll('button')].find((b) =>
      b.textContent!.includes('liste'),
    )!;
    toggle.click();
    await until(() => el.shadowRoot!.querySelectorAll('[part="list"] li').length > 0, 'list');
    const [w, s, east, n] = e.list!.box;
    const where = `in_bbox(geo_point_2d, ${s}, ${w}, ${n}, ${east})`;
    const count = await api(`catalog/datasets/airports/records?limit=0&where=${encodeURIComponent(where)}`);
    const status = el.shadowRoot!.querySelector('[part="list"] [role="status"]')!.textContent!;
    expect(status.replace(/\D/g, '').startsWith(String(count.total_count))).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('loads nothing of maplibre before it nears the viewport, and removes its map when detached', async () => {
    const wrap = await fixture<HTMLElement>(
      html`<div>
        <div style="height: 5000px"></div>
        <ode-map domain=${portalUrl()} dataset="airports"></ode-map>
      </div>`,
    );
    const el = wrap.querySelector('ode-map')!;
    await until(() => !!el.metadata, 'metadata');
    await new Promise((r) => setTimeout(r, 300));
    expect(el.engine).to.equal(undefined);
    await expect(el).to.be.accessible();
    el.scrollIntoView();
    // loading state: maplibre on its way
    await until(() => shadowText(el).includes('Loading the map') || !!el.engine, 'loading');
    await expect(el).to.be.accessible();
    const e = await engineOf(el);
    const { liveMaps } = await import('../src/map/engine.js');
    const before = liveMaps();
    el.remove();
    expect(liveMaps()).to.equal(before - 1);
    expect(e.map.getContainer().querySelector('canvas')?.outerHTML ?? null).to.equal(null);
  });

  it('a new query keeps the layers and gives the source the new export; the program warm-up leaves nothing', async () => {
    const ds = await fixture<HTMLElement>(
      html`<ode-dataset domain=${portalUrl()} dataset="zipcodes-us" where='state = "none"'
        ><ode-map mode="points" popup-fields="city"></ode-map
      ></ode-dataset>`,
    );
    const el = ds.querySelector('ode-map') as OdeMap;
    const e = await engineOf(el);
    await until(
      () => e.total === 0 && e.map.loaded() && !!e.map.getLayer('ode-points'),
      'empty map idle',
      20000,
    );
    // the invisible warm-up point (it compiles the circle programs) is gone once the map is idle
    const warm = e.map.getStyle().layers.filter((l) => l.id.startsWith('ode-warm'));
    expect(warm.map((l) => l.id)).to.deep.equal([]);
    expect(e.map.getSource('ode-warm')).to.equal(undefined);
    const layer = e.map.getLayer('ode-points');
    const firstUrl = e.dataUrl;
    ds.setAttribute('where', 'state = "RI"');
    await until(
      () =>
        (e.total ?? 0) > 0 &&
        e.map.isSourceLoaded('ode-data') &&
        e.map.queryRenderedFeatures({ layers: ['ode-points'] }).length > 10,
      'the new points drawn',
      20000,
    );
    expect(e.dataUrl).to.not.equal(firstUrl);
    expect(new URL(e.dataUrl!).searchParams.get('where')).to.contain('RI');
    expect(e.map.getLayer('ode-points') === layer, 'same layer, not re-created').to.equal(true);
    const cities = new Set(
      e.map.queryRenderedFeatures({ layers: ['ode-points'] }).map((f) => f.properties.city),
    );
    const answer = await api(
      `catalog/datasets/zipcodes-us/records?select=city&group_by=city&where=${encodeURIComponent('state = "RI"')}&limit=1000`,
    );
    for (const c of cities) expect(answer.results.map((r: { city: string }) => r.city)).to.include(c);
  });

  for (const mode of ['shapes', 'heatmap', 'choropleth'] as const) {
    it(`${mode} mode draws the dataset's features`, async () => {
      const el = await fixture<OdeMap>(
        html`<ode-map domain=${portalUrl()} dataset="earthquakes" mode=${mode} color-by="mag"></ode-map>`,
      );
      const e = await engineOf(el);
      const layer = mode === 'heatmap' ? 'ode-heat' : 'ode-points';
      await until(
        () => e.map.isSourceLoaded('ode-data') && e.map.loaded() && !!e.map.getLayer(layer),
        `${mode} drawn`,
        20000,
      );
      expect(e.effective).to.equal(mode);
      const url = new URL(e.dataUrl!);
      // shapes and choropleths use the shape field, points and heatmaps the point
      expect(url.searchParams.get('select')!.split(', ')[0]).to.equal(
        mode === 'heatmap' ? 'geo_point_2d' : 'geom',
      );
      if (mode !== 'heatmap')
        expect(e.map.queryRenderedFeatures({ layers: [layer] }).length).to.be.greaterThan(100);
      else expect(e.map.querySourceFeatures('ode-data').length).to.be.greaterThan(100);
      await expect(el).to.be.accessible();
    });
  }

  it('choropleth of an aggregate: one grouped request, shapes coloured by their value, legend', async () => {
    const el = await fixture<OdeMap>(
      html`<ode-map
        domain=${portalUrl()}
        dataset="earthquakes"
        mode="choropleth"
        color-by="sum(mag)"
        legend
      ></ode-map>`,
    );
    const e = await engineOf(el);
    await until(
      () => e.map.loaded() && e.map.queryRenderedFeatures({ layers: ['ode-points'] }).length > 100,
      'aggregated shapes drawn',
      20000,
    );
    const top = await api(
      `catalog/datasets/earthquakes/records?select=${encodeURIComponent('sum(mag) as value')}&group_by=geom&order_by=${encodeURIComponent('value DESC')}&limit=1`,
    );
    await until(() => !!el.shadowRoot!.querySelector('[part="legend"]'), 'legend');
    const legend = el.shadowRoot!.querySelector('[part="legend"]')!.textContent!;
    expect(legend).to.contain('sum(mag)');
    expect(legend).to.contain(new Intl.NumberFormat('en').format(top.results[0].value));
    const values = e.map.queryRenderedFeatures({ layers: ['ode-points'] }).map((f) => f.properties.value);
    expect(values.every((v) => typeof v === 'number')).to.equal(true);
    await expect(el).to.be.accessible();
  });
});
