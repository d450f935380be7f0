import { expect, fixture, html } from '@open-wc/testing';
import '../src/map/define.js';
import '../src/consent/define-banner.js';
import '../src/core/define-dataset.js';
import '../src/table/define.js';
import { consent } from '../src/consent/store.js';
import { tenantConfig } from './consent/helpers.js';
import type { OdeTable } from '../src/table/ode-table.js';
import type { OdeMap } from '../src/map/ode-map.js';
import type { Map as MaplibreMap } from 'maplibre-gl';
import { sendMouse, resetMouse } from '@web/test-runner-commands';
import { portalUrl, shadowText, slowPortalUrl, until } from './helpers.js';

async function api(path: string) {
  return (await fetch(`${portalUrl()}/api/explore/v2.1/${path}`)).json();
}

// every request of a test is looked at through Resource Timing (the page's own record of its fetches)
performance.setResourceTimingBufferSize(100000);
beforeEach(() => performance.clearResourceTimings());

/** The element's maplibre map, through its public read-only `map` property. */
const mapOf = async (el: OdeMap): Promise<MaplibreMap> => {
  await until(() => !!el.map, 'the maplibre map', 20000);
  return el.map!;
};
/** The map has drawn its style and data (idle). */
const idle = async (m: MaplibreMap) => {
  await until(() => m.loaded() && m.isStyleLoaded() === true, 'map idle', 20000);
};
/** The element's data is shown: no longer busy (`:state(loading)`, `aria-busy`). */
const shown = async (el: OdeMap, what = 'data shown') => {
  await until(() => !!el.map && !el.hasAttribute('aria-busy') && !el.matches(':state(loading)'), what, 20000);
};
const renderedClusters = (m: MaplibreMap) => {
  const seen = new Map<unknown, number>();
  for (const f of m.queryRenderedFeatures({ layers: ['ode-clusters'] }))
    seen.set(f.id, Number(f.properties.count));
  return [...seen.values()];
};
/**
 * The records requests the page completed whose URL contains `part` (aborted ones have no response).
 * WebKit's entries have no `responseStatus`, and it makes no entry for an aborted request.
 */
const completed = (part: string): PerformanceResourceTiming[] =>
  (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter(
    (r) =>
      decodeURIComponent(r.name).includes(part) &&
      (typeof r.responseStatus === 'number' ? r.responseStatus === 200 : r.responseEnd > 0),
  );
/** The box (west, south, east, north) of a request's `in_bbox(field, south, west, north, east)`. */
const boxOf = (r: PerformanceResourceTiming): [number, number, number, number] => {
  const m = /in_bbox\(`?\w+`?, ([-\d.e]+), ([-\d.e]+), ([-\d.e]+), ([-\d.e]+)\)/.exec(
    new URL(r.name).searchParams.get('where') ?? '',
  );
  if (!m) throw new Error(`no in_bbox in ${r.name}`);
  const [s, w, n, e] = m.slice(1).map(Number);
  return [w, s, e, n];
};
/** The GeoJSON data (an export URL, or features) of the map's data source. */
const sourceData = (m: MaplibreMap): unknown =>
  (m.getStyle()?.sources['ode-data'] as { data?: unknown } | undefined)?.data;

/** The completed cluster requests (server clusters of a settled view). */
const clusterRequests = () => completed('geo_cluster(');

/** Where the test's mouse is (sendMouse moves the browser's real pointer). */
let mouse: [number, number] = [0, 0];

/**
 * A real mouse drag through the browser's input pipeline: press where the mouse is, move by dx, dy in
 * steps over `ms`, release. The next drag starts where this one ended, with no extra move.
 */
async function drag(dx: number, dy: number, ms: number) {
  const [x, y] = mouse;
  await sendMouse({ type: 'down' });
  const steps = 8;
  for (let i = 1; i <= steps; i++) {
    await new Promise((res) => setTimeout(res, ms / steps));
    mouse = [x + Math.round((dx * i) / steps), y + Math.round((dy * i) / steps)];
    await sendMouse({ type: 'move', position: mouse });
  }
  await sendMouse({ type: 'up' });
}

describe('<ode-map>', () => {
  afterEach(() => resetMouse());

  it('clusters on the server: the counts in view sum to the portal count for the same bbox', async () => {
    const el = await fixture<OdeMap>(
      html`<ode-map domain=${portalUrl()} dataset="zipcodes-us" style="--ode-map-height: 400px"></ode-map>`,
    );
    const m = await mapOf(el);
    await until(
      () => renderedClusters(m).length > 0,
      'server clusters drawn (42,049 records > 5,000)',
      20000,
    );
    // the first answer may move the view to where the records are dense: wait for the settled view's
    // own request, then for its answer to be drawn
    await until(
      () => {
        const last = clusterRequests().at(-1);
        if (!last) return false;
        const [lw, , le] = boxOf(last);
        const b = m.getBounds();
        return (
          Math.abs(lw - Math.max(-180, b.getWest())) < 1e-4 &&
          Math.abs(le - Math.min(180, b.getEast())) < 1e-4
        );
      },
      'the settled view asked for',
      20000,
    );
    await shown(el);
    await idle(m);
    const box = boxOf(clusterRequests().at(-1)!);
    const [w, s, east, n] = box;
    const where = `in_bbox(geo_point_2d, ${s}, ${w}, ${n}, ${east})`;
    const count = await api(
      `catalog/datasets/zipcodes-us/records?limit=0&where=${encodeURIComponent(where)}`,
    );
    const sum = renderedClusters(m).reduce((a, b) => a + b, 0);
    expect(count.total_count).to.be.greaterThan(0);
    expect(sum).to.equal(count.total_count);
    // the counts are keyboard-reachable buttons too
    const buttons = el.shadowRoot!.querySelectorAll('button.cluster');
    expect(buttons.length).to.equal(renderedClusters(m).length);
    await expect(el).to.be.accessible();
  });

  it('draws no cluster over another: clusters closer than their buttons are merged', async function () {
    this.timeout(45000);
    const el = await fixture<OdeMap>(
      html`<ode-map domain=${portalUrl()} dataset="zipcodes-us" style="--ode-map-height: 400px"></ode-map>`,
    );
    const m = await mapOf(el);
    await shown(el);
    await idle(m);
    // the framed view's own clusters drawn (a request for it, then no move)
    await until(() => !m.isMoving() && !el.hasAttribute('aria-busy'), 'settled', 20000);
    await new Promise((r) => setTimeout(r, 600));
    await shown(el);
    const buttons = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button.cluster')];
    expect(buttons.length).to.be.greaterThan(10);
    const boxes = buttons.map((b) => [b.textContent, b.getBoundingClientRect()] as const);
    const overlapping = boxes.flatMap(([t, a], i) =>
      boxes
        .slice(i + 1)
        .filter(
          ([, b]) =>
            a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1,
        )
        .map(([u]) => `${t} / ${u}`),
    );
    expect(overlapping, 'buttons over each other').to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('opens on where the records are dense: the US mainland, not Guam to Puerto Rico', async function () {
    this.timeout(45000);
    const el = await fixture<OdeMap>(
      html`<ode-map domain=${portalUrl()} dataset="zipcodes-us" style="--ode-map-height: 400px"></ode-map>`,
    );
    const m = await mapOf(el);
    // the dataset's bbox spans the Pacific territories; the first view is then fitted to the dense part,
    // from its corners to the northern states (which the world view's coarse clusters left out)
    const places = [
      [-122.4, 37.8, 'San Francisco'],
      [-74, 40.7, 'New York'],
      [-80.2, 25.8, 'Miami'],
      [-87.6, 41.9, 'Chicago'],
      [-122.3, 47.6, 'Seattle'],
      [-92.1, 46.8, 'Duluth'],
      [-68.8, 44.8, 'Bangor'],
    ] as const;
    const missing = () => places.filter(([lon, lat]) => !m.getBounds().contains([lon, lat])).map((p) => p[2]);
    await until(
      () => {
        const b = m.getBounds();
        return b.getEast() < 0 && b.getWest() > -140 && !missing().length;
      },
      'the view fitted to the mainland',
      20000,
    ).catch(() => undefined); // the assertions below say what is missing
    await idle(m);
    await shown(el);
    const b = m.getBounds();
    expect(missing(), 'places out of the first view').to.deep.equal([]);
    expect(b.contains([144.8, 13.5]), 'Guam left out').to.equal(false);
    expect(b.contains([-150, 61]), 'Alaska left out').to.equal(false);
    // at most one more move: the first answer's view, the framed view, the widened one
    const clusterRequests = performance
      .getEntriesByType('resource')
      .filter((r) => r.name.includes('geo_cluster')).length;
    expect(clusterRequests, 'cluster requests').to.be.at.most(3);
    // a later answer for the fitted view drew its clusters
    await until(() => renderedClusters(m).length > 0, 'clusters of the fitted view', 20000);
  });

  it('opens browser-clustered data on where it is dense: the airports on North America, not the world', async function () {
    this.timeout(45000);
    const el = await fixture<OdeMap>(
      html`<ode-map domain=${portalUrl()} dataset="airports" style="--ode-map-height: 400px"></ode-map>`,
    );
    const m = await mapOf(el);
    // 3,376 airports, clustered in the browser: Alaska to Maine and Florida, and six in Asia and the
    // Pacific. The world view's clusters are too coarse to frame on (the mainland is one cluster in
    // Kansas), and maplibre gives some of them twice, once from a copy of the world past 180°
    const places = [
      [-149.9, 61.2, 'Anchorage'],
      [-122.3, 47.6, 'Seattle'],
      [-80.2, 25.8, 'Miami'],
      [-71, 42.4, 'Boston'],
      [-97.7, 30.3, 'Austin'],
    ] as const;
    const missing = () => places.filter(([lon, lat]) => !m.getBounds().contains([lon, lat])).map((p) => p[2]);
    const bangkok = () => m.getBounds().contains([100.5, 13.7]);
    await until(() => !bangkok() && !missing().length, 'the view fitted to North America', 20000).catch(
      () => undefined, // the assertions below say what is wrong
    );
    await idle(m);
    expect(missing(), 'places out of the first view').to.deep.equal([]);
    expect(bangkok(), 'Bangkok left out').to.equal(false);
    expect(m.getBounds().contains([144.8, 13.5]), 'Guam left out').to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('keeps no room under it for a notice shown elsewhere (attribution="external")', async function () {
    this.timeout(45000);
    const wrap = await fixture<HTMLElement>(
      html`<div>
        <ode-map domain=${portalUrl()} dataset="earthquakes" attribution="external"></ode-map>
        <ode-attribution domain=${portalUrl()} dataset="earthquakes"></ode-attribution>
      </div>`,
    );
    const el = wrap.querySelector<OdeMap>('ode-map')!;
    await mapOf(el);
    await shown(el);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('ode-attribution'), 'no notice of its own').to.equal(null);
    const slot = el.shadowRoot!.querySelector('.attribution-slot')!;
    expect(slot.getBoundingClientRect().height, 'px kept for a notice').to.equal(0);
  });

  it('five real mouse drags 150 ms apart: a new drag cancels the settle and aborts the view left; ≤ 2 requests complete', async function () {
    this.timeout(90000);
    // every answer takes 1,200 ms: a request for a view the visitor left is still on its way when the
    // next drag starts, and is aborted then (the map used to let it complete, firing one per drag)
    const el = await fixture<OdeMap>(
      html`<ode-map
        domain=${slowPortalUrl()}
        dataset="zipcodes-us"
        style="--ode-map-height: 400px"
      ></ode-map>`,
    );
    const m = await mapOf(el);
    await shown(el);
    // zoomed in on the US: the world no longer fits, so the map pans sideways
    m.jumpTo({ center: [-100, 40], zoom: 4 });
    await until(() => el.matches(':state(loading)'), 'the new view asked for');
    await shown(el, 'the clusters of the zoomed view');
    await idle(m);
    const before = clusterRequests().length;
    const start = m.getCenter();
    const r = m.getCanvas().getBoundingClientRect();
    mouse = [Math.round(r.left + r.width * 0.8), Math.round(r.top + r.height / 2)];
    await sendMouse({ type: 'move', position: mouse });
    // each drag lasts ~1.5 s: a settle left running from the previous drag would fire mid-drag, and its
    // request would complete before that drag ends
    for (let i = 0; i < 5; i++) {
      await drag(-80, 0, 1500);
      await new Promise((res) => setTimeout(res, 150));
    }
    await until(() => clusterRequests().length > before, 'the settled view is asked for', 20000);
    await shown(el, 'the last view drawn');
    await new Promise((res) => setTimeout(res, 1500));
    const done = clusterRequests().slice(before);
    console.log(`drag test: ${done.length} cluster request(s) completed for 5 drags`);
    expect(m.getCenter().lng, 'the mouse drags moved the map east').to.be.greaterThan(start.lng + 5);
    expect(done.length).to.be.at.most(2);
    // the last one is for the view the visitor stopped on
    const [w, s, east, n] = boxOf(done.at(-1)!);
    const b = m.getBounds();
    expect(w).to.be.closeTo(b.getWest(), 1e-4);
    expect(s).to.be.closeTo(b.getSouth(), 1e-4);
    expect(east).to.be.closeTo(b.getEast(), 1e-4);
    expect(n).to.be.closeTo(b.getNorth(), 1e-4);
  });

  it('loads once it gets its dataset right after connecting, before its first render', async () => {
    const el = document.createElement('ode-map') as OdeMap;
    document.body.append(el);
    el.setAttribute('domain', portalUrl());
    el.setAttribute('dataset', 'earthquakes');
    try {
      const m = await mapOf(el);
      await until(() => typeof sourceData(m) === 'string', 'the dataset loaded (one export)', 20000);
    } finally {
      el.remove();
    }
  });

  it('auto mode with ≤ 5,000 records: one GeoJSON export, clustered in maplibre, drawn features', async () => {
    const loads: number[] = [];
    const el = await fixture<OdeMap>(
      html`<ode-map
        domain=${portalUrl()}
        dataset="earthquakes"
        popup-fields="title,mag"
        @ode-load=${(e: CustomEvent<{ total: number }>) =>
          // (not the notice's ode-load, from inside the map)
          e.composedPath()[0] === e.currentTarget && loads.push(e.detail.total)}
      ></ode-map>`,
    );
    const m = await mapOf(el);
    // the notice (its rendering, its date format) waits until the data is drawn; its place is kept
    expect(el.shadowRoot!.querySelector('ode-attribution')?.outerHTML ?? null).to.equal(null);
    await until(
      () => m.isSourceLoaded('ode-data') && m.queryRenderedFeatures({ layers: ['ode-clusters'] }).length > 0,
      'browser-side clusters drawn (1,707 records)',
      20000,
    );
    await shown(el);
    await until(() => !!el.shadowRoot!.querySelector('ode-attribution'), 'the notice, once drawn');
    // no filter: the count is the metadata's records_count, no count request
    expect(completed('/records').length, 'no records request').to.equal(0);
    const { total_count } = await api('catalog/datasets/earthquakes/records?limit=0');
    expect(loads).to.deep.equal([total_count]);
    // the offline outline is filled (after the data source: the worker fetches the export first)
    await until(() => m.querySourceFeatures('land').length > 0, 'the world outline drawn');
    const dataUrl = sourceData(m);
    expect(dataUrl, 'the worker fetches the export itself').to.be.a('string');
    const url = new URL(dataUrl as string);
    expect(url.pathname).to.match(/\/exports\/geojson$/);
    expect(url.searchParams.get('select')).to.equal('geo_point_2d, title, mag');
    expect(completed('geo_cluster(').length, 'no server clusters').to.equal(0);
    // the worker keeps the parsed export: it is not posted back to the page (scripts/maplibre-worker-patch.js,
    // which the test runner applies as our builds do); maplibre keeps the URL as the source's data then
    const held = (m.getSource('ode-data') as unknown as { _data?: { url?: string; geojson?: unknown } })
      ._data;
    expect(held?.geojson, 'no copy of the export on the main thread').to.equal(undefined);
    expect(held?.url).to.equal(dataUrl);
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
    const m = await mapOf(el);
    await until(
      () => m.isSourceLoaded('ode-data') && m.queryRenderedFeatures({ layers: ['ode-points'] }).length > 100,
      'points drawn',
      20000,
    );
    await until(() => !!el.shadowRoot!.querySelector('[part="legend"]'), 'legend');
    const meta = await api(
      `catalog/datasets/earthquakes/records?select=${encodeURIComponent('min(mag) as lo, max(mag) as hi')}`,
    );
    const legend = el.shadowRoot!.querySelector('[part="legend"]')!.textContent!;
    expect(legend).to.contain(String(meta.results[0].hi));
    const paint = m.getPaintProperty('ode-points', 'circle-color');
    expect(JSON.stringify(paint)).to.contain('"mag"');
    const f = m.queryRenderedFeatures({ layers: ['ode-points'] })[0];
    const [lon, lat] = (f.geometry as GeoJSON.Point).coordinates;
    m.fire('click', { point: m.project([lon, lat]), lngLat: { lng: lon, lat } });
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
    const m = await mapOf(el);
    await until(() => clusterRequests().length > 0, 'first clusters', 20000);
    m.jumpTo({ center: [-74.0, 40.72], zoom: 9 });
    await until(
      () => clusterRequests().length > 0 && boxOf(clusterRequests().at(-1)!)[0] > -75,
      'clusters of the new view',
      20000,
    );
    const [w, s, east, n] = boxOf(clusterRequests().at(-1)!);
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
    const before = clusterRequests().length;
    for (let i = 1; i <= 5; i++) m.jumpTo({ center: [-74.0 + i * 0.05, 40.72] });
    await until(() => clusterRequests().length > before, 'the settled view is asked for', 20000);
    await new Promise((r) => setTimeout(r, 600));
    expect(clusterRequests().length - before).to.be.at.most(2);
    await expect(el).to.be.accessible();
  });

  it('a move in the DOM keeps the map (same maplibre instance and WebGL context); leaving the page removes it', async () => {
    const wrap = await fixture<HTMLElement>(
      html`<div>
        <div id="here"><ode-map domain=${portalUrl()} dataset="airports"></ode-map></div>
        <div id="there"></div>
      </div>`,
    );
    const el = wrap.querySelector('ode-map')!;
    const m = await mapOf(el);
    await shown(el);
    const canvas = m.getCanvas();
    const { liveMaps } = await import('../src/map/engine.js');
    const live = liveMaps();
    const requests = performance.getEntriesByType('resource').length;
    wrap.querySelector('#there')!.append(el);
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 300));
    expect(el.map, 'the same maplibre map').to.equal(m);
    expect(el.shadowRoot!.contains(canvas), 'the same canvas').to.equal(true);
    expect(liveMaps()).to.equal(live);
    expect(performance.getEntriesByType('resource').length, 'nothing asked again').to.equal(requests);
    expect(el.hasAttribute('aria-busy')).to.equal(false);
    // moved while its data is on the way: it asks again once back, and shows it
    el.setAttribute('color-by', 'name');
    await until(() => el.matches(':state(loading)'), 'loading the new look');
    wrap.querySelector('#here')!.append(el);
    await shown(el, 'shown after a move while loading');
    el.remove();
    await Promise.resolve();
    expect(el.map).to.equal(undefined);
    expect(liveMaps()).to.equal(live - 1);
    expect(canvas.isConnected).to.equal(false);
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
    const m = await mapOf(el);
    await until(() => !!el.shadowRoot!.querySelector('.consent'), 'the placeholder');
    await until(() => m.loaded(), 'map idle', 20000);
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

  it('a third-party basemap without consent-purpose waits for consent when the page has a banner', async function () {
    this.timeout(60000);
    // the portal under another host name than the page's: a third party
    const portal = new URL(portalUrl());
    portal.hostname = location.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
    const tiles = `${portal.origin}/api/explore/v2.1/catalog/datasets?third-party-tiles={z}/{x}/{y}`;
    const sent = () =>
      performance.getEntriesByType('resource').filter((r) => r.name.includes('third-party-tiles=')).length;
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    const config = tenantConfig();
    // the tenant declared the tile server as the vendor of its "video" purpose
    config.purposes[3].vendors!.push({ name: 'Tiles', url: `${portal.origin}/`, thirdParty: true });
    const page = await fixture(
      html`<div>
        <ode-consent-banner .config=${config}></ode-consent-banner>
        <ode-map domain=${portalUrl()} dataset="airports" basemap=${tiles}></ode-map>
        <ode-map domain=${portalUrl()} dataset="airports" basemap=${tiles}></ode-map>
      </div>`,
    );
    try {
      const [el] = page.querySelectorAll<OdeMap>('ode-map');
      const m = await mapOf(el);
      await until(() => !!el.shadowRoot!.querySelector('.consent button'), 'the placeholder with its button');
      await until(() => m.loaded(), 'map idle', 20000);
      await new Promise((r) => setTimeout(r, 500));
      expect(sent(), 'tile requests before any choice').to.equal(0);
      const told = warnings.filter((w) => w.includes(portal.hostname));
      expect(told, 'one warning for the page').to.have.length(1);
      expect(told[0]).to.contain('waits for the purpose "video"');
      el.shadowRoot!.querySelector<HTMLButtonElement>('.consent button')!.click();
      await until(() => sent() > 0, 'tiles requested once allowed', 20000);
      expect(consent.get('video')).to.equal(true);
      consent.refuseAll();
    } finally {
      console.warn = warn;
    }
  });

  it('a third-party basemap whose host no purpose declares stays off on a page with a banner', async function () {
    this.timeout(60000);
    const portal = new URL(portalUrl());
    portal.hostname = location.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
    const tiles = `${portal.origin}/api/explore/v2.1/catalog/datasets?undeclared-tiles={z}/{x}/{y}`;
    const sent = () =>
      performance.getEntriesByType('resource').filter((r) => r.name.includes('undeclared-tiles=')).length;
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      const page = await fixture(
        html`<div>
          <ode-consent-banner .config=${tenantConfig()}></ode-consent-banner>
          <ode-map domain=${portalUrl()} dataset="airports" basemap=${tiles}></ode-map>
        </div>`,
      );
      const el = page.querySelector<OdeMap>('ode-map')!;
      const m = await mapOf(el);
      await until(() => !!el.shadowRoot!.querySelector('.consent'), 'the placeholder');
      await until(() => m.loaded(), 'map idle', 20000);
      consent.acceptAll();
      await new Promise((r) => setTimeout(r, 500));
      expect(sent(), 'tile requests, even once everything is accepted').to.equal(0);
      expect(el.shadowRoot!.querySelector('.consent button')).to.equal(null);
      expect(warnings.some((w) => w.includes('no purpose of the consent configuration'))).to.equal(true);
      consent.refuseAll();
    } finally {
      console.warn = warn;
    }
  });

  it('shows an empty state, an unknown dataset error, and a bad attribute message', async () => {
    const wrap = await fixture<HTMLElement>(
      html`<ode-dataset domain=${portalUrl()} dataset="airports"><ode-map></ode-map></ode-dataset>`,
    );
    const empty = wrap.querySelector('ode-map')!;
    await mapOf(empty);
    wrap.setAttribute('where', 'iata = "NOPE-NOPE"');
    await until(() => shadowText(empty).includes('No record matches'), 'empty state');
    await expect(empty).to.be.accessible();

    const missing = await fixture<OdeMap>(
      html`<ode-map domain=${portalUrl()} dataset="no-such-dataset"></ode-map>`,
    );
    await until(() => !!missing.shadowRoot!.querySelector('[part~="error"]'), 'error');
    expect(shadowText(missing)).to.contain('404');
    expect(missing.hasAttribute('aria-busy')).to.equal(false);
    // one message: no "Loading the map…" under it, no empty map frame, no second error from the notice
    await new Promise((r) => setTimeout(r, 300));
    expect(shadowText(missing)).not.to.contain('Loading the map');
    expect(missing.shadowRoot!.querySelector<HTMLElement>('.frame')!.getBoundingClientRect().height).to.equal(
      0,
    );
    const notice = missing.shadowRoot!.querySelector('ode-attribution');
    const errors = [missing, ...(notice ? [notice] : [])].flatMap((x) => [
      ...x.shadowRoot!.querySelectorAll('[part~="error"]'),
    ]);
    expect(errors.length).to.equal(1);
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
    const m = await mapOf(el);
    await shown(el);
    await until(() => m.loaded(), 'map drawn', 20000);
    const canvas = m.getCanvas();
    expect(canvas.tabIndex).to.equal(0);
    expect(canvas.getAttribute('aria-label')).to.match(/^Carte de /);
    const skip = el.shadowRoot!.querySelector<HTMLAnchorElement>('a.skip')!;
    expect(skip.textContent).to.equal('Passer la carte');
    skip.click();
    expect(el.shadowRoot!.activeElement?.classList.contains('after')).to.equal(true);
    // keyboard zoom on the focused map
    const z = m.getZoom();
    canvas.focus();
    canvas.dispatchEvent(
      new KeyboardEvent('keydown', { key: '+', keyCode: 187, shiftKey: true, bubbles: true }),
    );
    await until(() => m.getZoom() > z, 'zoomed with the keyboard');
    // the zoom eases over a few frames (fewer in a slower engine): the list is of the settled view
    await until(() => !m.isMoving(), 'zoom ended');
    // over the mainland US, where the airports are: zoomed in from the framed view (North America, its
    // centre in Canada), the view may hold none
    m.jumpTo({ center: [-98, 39] });
    await shown(el);
    const toggle = [...el.shadowRoot!.querySelectorAll('button')].find((b) =>
      b.textContent!.includes('liste'),
    )!;
    toggle.click();
    await until(() => el.shadowRoot!.querySelectorAll('[part="list"] li').length > 0, 'list');
    const list = completed('limit=100').at(-1)!;
    const [w, s, east, n] = boxOf(list);
    const where = `in_bbox(geo_point_2d, ${s}, ${w}, ${n}, ${east})`;
    const count = await api(`catalog/datasets/airports/records?limit=0&where=${encodeURIComponent(where)}`);
    const status = el.shadowRoot!.querySelector('[part="list"] [role="status"]')!.textContent!;
    expect(status.replace(/\D/g, '').startsWith(String(count.total_count))).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('in the first screen, starts loading right after its first render, before any frame', async () => {
    const el = document.createElement('ode-map') as OdeMap;
    el.setAttribute('domain', portalUrl());
    el.setAttribute('dataset', 'earthquakes');
    let frames = 0;
    requestAnimationFrame(() => frames++);
    document.body.prepend(el);
    try {
      // its first render, and the one it asks for as it starts loading (queued from firstUpdated):
      // microtasks only, so no frame can come between
      for (let i = 0; i < 5 && !shadowText(el).includes('Loading the map'); i++) {
        await el.updateComplete;
        await null;
      }
      expect(frames, 'no frame yet (the observer reports at a frame)').to.equal(0);
      expect(shadowText(el)).to.contain('Loading the map');
      // and without an update asked for from within one (Lit's development build warns of it)
      const issued = [...((globalThis as { litIssuedWarnings?: Set<string> }).litIssuedWarnings ?? [])];
      expect(issued.filter((w) => w.includes('ode-map scheduled an update'))).to.deep.equal([]);
      await mapOf(el);
    } finally {
      el.remove();
    }
  });

  it('loads nothing of maplibre before it nears the viewport, and removes its map when detached', async () => {
    const wrap = await fixture<HTMLElement>(
      html`<div>
        <div style="height: 5000px"></div>
        <ode-map domain=${portalUrl()} dataset="airports"></ode-map>
      </div>`,
    );
    const el = wrap.querySelector('ode-map')!;
    await until(() => !!el.shadowRoot!.querySelector('ode-attribution'), 'metadata (the attribution)');
    await new Promise((r) => setTimeout(r, 300));
    expect(el.map).to.equal(undefined);
    expect(completed('/records').length, 'no data request while far').to.equal(0);
    expect(el.hasAttribute('aria-busy')).to.equal(false);
    await expect(el).to.be.accessible();
    el.scrollIntoView();
    // loading state: maplibre on its way
    await until(() => shadowText(el).includes('Loading the map') || !!el.map, 'loading');
    await expect(el).to.be.accessible();
    const m = await mapOf(el);
    const { liveMaps } = await import('../src/map/engine.js');
    const before = liveMaps();
    el.remove();
    // a move in the DOM would reconnect it at once: the map goes a microtask later
    await Promise.resolve();
    expect(liveMaps()).to.equal(before - 1);
    expect(m.getContainer().querySelector('canvas')?.outerHTML ?? null).to.equal(null);
  });

  it('a new query keeps the layers and gives the source the new export; the program warm-up leaves nothing', async () => {
    const ds = await fixture<HTMLElement>(
      html`<ode-dataset domain=${portalUrl()} dataset="zipcodes-us" where='state = "none"'
        ><ode-map mode="points" popup-fields="city"></ode-map
      ></ode-dataset>`,
    );
    const el = ds.querySelector('ode-map') as OdeMap;
    const totals: number[] = [];
    // the map's own (the notice inside it fires one too)
    el.addEventListener('ode-load', (e) => e.composedPath()[0] === el && totals.push(e.detail.total!));
    const m = await mapOf(el);
    await shown(el);
    await until(
      () => totals.at(-1) === 0 && m.loaded() && !!m.getLayer('ode-points'),
      'empty map idle',
      20000,
    );
    // the invisible warm-up point (it compiles the circle programs) is gone once the map is idle
    const warm = m.getStyle().layers.filter((l) => l.id.startsWith('ode-warm'));
    expect(warm.map((l) => l.id)).to.deep.equal([]);
    expect(m.getSource('ode-warm')).to.equal(undefined);
    const layer = m.getLayer('ode-points');
    const firstUrl = sourceData(m);
    ds.setAttribute('where', 'state = "RI"');
    await until(
      () =>
        (totals.at(-1) ?? 0) > 0 &&
        m.isSourceLoaded('ode-data') &&
        m.queryRenderedFeatures({ layers: ['ode-points'] }).length > 10,
      'the new points drawn',
      20000,
    );
    const dataUrl = sourceData(m) as string;
    expect(dataUrl).to.not.equal(firstUrl);
    expect(new URL(dataUrl).searchParams.get('where')).to.contain('RI');
    expect(m.getLayer('ode-points') === layer, 'same layer, not re-created').to.equal(true);
    const cities = new Set(m.queryRenderedFeatures({ layers: ['ode-points'] }).map((f) => f.properties.city));
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
      const m = await mapOf(el);
      const layer = mode === 'heatmap' ? 'ode-heat' : 'ode-points';
      await until(
        () => m.isSourceLoaded('ode-data') && m.loaded() && !!m.getLayer(layer),
        `${mode} drawn`,
        20000,
      );
      await shown(el);
      const url = new URL(sourceData(m) as string);
      // shapes and choropleths use the shape field, points and heatmaps the point
      expect(url.searchParams.get('select')!.split(', ')[0]).to.equal(
        mode === 'heatmap' ? 'geo_point_2d' : 'geom',
      );
      if (mode !== 'heatmap')
        expect(m.queryRenderedFeatures({ layers: [layer] }).length).to.be.greaterThan(100);
      else expect(m.querySourceFeatures('ode-data').length).to.be.greaterThan(100);
      if (mode === 'heatmap') expect(m.getLayer('ode-points')).to.equal(undefined);
      if (mode === 'shapes') expect(m.getLayer('ode-fills')).to.not.equal(undefined);
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
    const m = await mapOf(el);
    await until(
      () => m.loaded() && m.queryRenderedFeatures({ layers: ['ode-points'] }).length > 100,
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
    const values = m.queryRenderedFeatures({ layers: ['ode-points'] }).map((f) => f.properties.value);
    expect(values.every((v) => typeof v === 'number')).to.equal(true);
    await expect(el).to.be.accessible();
  });
});
