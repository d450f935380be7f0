import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../src/index.js';
import type { OdeDataset } from '../src/core/ode-dataset.js';
import type { OdeFilters } from '../src/filters/ode-filters.js';
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
const shownCount = (el: OdeFilters) =>
  el.hasAttribute('aria-busy')
    ? -1
    : digits(el.shadowRoot!.querySelector('[part~="count"]')?.textContent ?? '');
const search = () => new URLSearchParams(location.search);
/** The next write to the address (a microtask after the change). */
const written = () => new Promise((r) => setTimeout(r, 0));

/**
 * Counts the entries the page adds to the session history from now on: `history.length` stops growing
 * at 50 (a long test run in one tab reaches it), so the pushes themselves are counted.
 */
function historyEntries(): { added: () => number; stop: () => void } {
  let added = 0;
  const push = history.pushState;
  history.pushState = function (...args: Parameters<History['pushState']>) {
    added++;
    return push.apply(history, args);
  };
  return { added: () => added, stop: () => void (history.pushState = push) };
}

describe('<ode-dataset url-sync>', () => {
  afterEach(() => history.replaceState(null, '', start));

  it('writes each action to the address as a history entry, typing as one entry', async () => {
    const ds = await fixture<OdeDataset>(
      html`<ode-dataset
        id="communes"
        url-sync
        domain=${portalUrl()}
        dataset="communes-france"
      ></ode-dataset>`,
    );
    const entries = historyEntries();
    ds.source!.update({ refine: [facetValue('nom_region', 'Bretagne')] });
    await written();
    expect(search().getAll('communes.refine')).to.deep.equal(['nom_region:Bretagne']);
    expect(location.search).to.contain('communes.refine=nom_region%3ABretagne');
    expect(entries.added()).to.equal(1);
    for (const q of ['s', 'sa', 'sai']) {
      ds.source!.update({ q });
      await written();
    }
    expect(search().get('communes.q')).to.equal('sai');
    // the first letter is a new entry, the next ones replace it
    expect(entries.added()).to.equal(2);
    ds.source!.update({ orderBy: 'population DESC' });
    await written();
    expect(search().get('communes.sort')).to.equal('population DESC');
    expect(entries.added()).to.equal(3);
    // a change the address does not carry writes nothing
    ds.source!.update({ lang: 'fr' });
    await written();
    expect(entries.added()).to.equal(3);
    entries.stop();
  });

  it('restores the views from the address on open, and Back/Forward step through the states', async () => {
    const bretagne = await count('communes-france', `&refine=${encodeURIComponent('nom_region:"Bretagne"')}`);
    const all = await count('communes-france');
    history.replaceState(null, '', `${location.pathname}?communes.refine=nom_region:Bretagne`);
    const ds = await fixture<OdeDataset>(
      html`<ode-dataset
        id="communes"
        url-sync
        domain=${portalUrl()}
        dataset="communes-france"
        refine="zone:metro"
      >
        <ode-filters></ode-filters>
      </ode-dataset>`,
    );
    const filters = ds.querySelector('ode-filters')!;
    // the address replaces the attribute's refine
    await until(() => shownCount(filters) === bretagne, 'Bretagne count from the address');
    expect(ds.source!.query.refine).to.deep.equal([facetValue('nom_region', 'Bretagne')]);
    await ds.updateComplete;
    expect(ds.getAttribute('refine')).to.equal(facetValue('nom_region', 'Bretagne'));
    // remove the filter: a new entry without the key
    filters.shadowRoot!.querySelector<HTMLButtonElement>('button[part~="remove"]')!.click();
    await until(() => shownCount(filters) === all, 'every record');
    await written();
    expect(search().has('communes.refine')).to.equal(false);
    // Back: Bretagne again
    const back = oneEvent(window, 'popstate');
    history.back();
    await back;
    await until(() => shownCount(filters) === bretagne, 'Bretagne after Back');
    expect(search().get('communes.refine')).to.equal('nom_region:Bretagne');
    // Forward: every record; with no key of this dataset, the attributes apply again
    const forward = oneEvent(window, 'popstate');
    history.forward();
    await forward;
    await until(() => ds.source!.query.refine.length === 1 && shownCount(filters) > 0, 'forward');
    expect(ds.source!.query.refine).to.deep.equal(['zone:metro']);
    await expect(filters).to.be.accessible();
  });

  it('keeps two datasets of one page independent in the address', async () => {
    const root = await fixture<HTMLElement>(
      html`<div>
        <ode-dataset id="a" url-sync domain=${portalUrl()} dataset="communes-france"></ode-dataset>
        <ode-dataset id="b" url-sync domain=${portalUrl()} dataset="airports"></ode-dataset>
      </div>`,
    );
    const [a, b] = [...root.querySelectorAll('ode-dataset')];
    a.source!.update({ refine: [facetValue('nom_region', 'Bretagne')] });
    await written();
    b.source!.update({ refine: [facetValue('state', 'TX')], q: 'dallas' });
    await written();
    a.source!.update({ exclude: [facetValue('zone', 'drom')] });
    await written();
    const p = search();
    expect(p.getAll('a.refine')).to.deep.equal(['nom_region:Bretagne']);
    expect(p.getAll('a.exclude')).to.deep.equal(['zone:drom']);
    expect(p.getAll('b.refine')).to.deep.equal(['state:TX']);
    expect(p.get('b.q')).to.equal('dallas');
    // Back undoes a's last action only
    const back = oneEvent(window, 'popstate');
    history.back();
    await back;
    expect(a.source!.query.exclude).to.deep.equal([]);
    expect(a.source!.query.refine).to.deep.equal([facetValue('nom_region', 'Bretagne')]);
    expect(b.source!.query.refine).to.deep.equal([facetValue('state', 'TX')]);
    expect(b.source!.query.q).to.equal('dallas');
    // a fresh page on this address: each dataset reads its own keys
    const again = await fixture<HTMLElement>(
      html`<div>
        <ode-dataset id="a" url-sync domain=${portalUrl()} dataset="communes-france"></ode-dataset>
        <ode-dataset id="b" url-sync domain=${portalUrl()} dataset="airports"></ode-dataset>
      </div>`,
    );
    const [a2, b2] = [...again.querySelectorAll('ode-dataset')];
    expect(a2.source!.query.refine).to.deep.equal([facetValue('nom_region', 'Bretagne')]);
    expect(a2.source!.query.q).to.equal(undefined);
    expect(b2.source!.query.q).to.equal('dallas');
  });

  it('ignores unknown and malformed keys with a console warning, and refines stay values', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
    try {
      const injected = encodeURIComponent('nom_region:x" OR "1"="1');
      history.replaceState(
        null,
        '',
        `${location.pathname}?c.bogus=1&c.refine=no-colon&c.sort=1;DROP&c.refine=${injected}&other=1`,
      );
      const ds = await fixture<OdeDataset>(
        html`<ode-dataset id="c" url-sync domain=${portalUrl()} dataset="communes-france">
          <ode-filters></ode-filters>
        </ode-dataset>`,
      );
      const filters = ds.querySelector('ode-filters')!;
      expect(warnings.filter((w) => w.includes('address key')).length).to.equal(3);
      expect(ds.source!.query.refine).to.deep.equal([facetValue('nom_region', 'x" OR "1"="1')]);
      // the injected text is a value that matches nothing, not a condition that matches everything
      await until(() => shownCount(filters) === 0, 'nothing matches');
      // url-sync without an id: a warning, the address untouched
      const anonymous = await fixture<OdeDataset>(
        html`<ode-dataset url-sync domain=${portalUrl()} dataset="airports"></ode-dataset>`,
      );
      const before = location.search;
      anonymous.source!.update({ q: 'x' });
      await written();
      expect(location.search).to.equal(before);
      expect(warnings.some((w) => w.includes('url-sync needs an id'))).to.equal(true);
    } finally {
      console.warn = warn;
    }
  });

  it('url-sync="viewport" carries a map’s visible area, and reopening the address shows that area', async function () {
    this.timeout(60000);
    const page = () =>
      html`<ode-dataset id="v" url-sync="viewport" domain=${portalUrl()} dataset="airports">
        <ode-map id="m" filter-viewport mode="points"></ode-map>
      </ode-dataset>`;
    const ds = await fixture<OdeDataset>(page());
    const map = ds.querySelector<OdeMap>('ode-map')!;
    await until(() => !!map.map?.loaded(), 'map', 20000);
    // the visitor moves the map: its area is written to the address (replacing the current entry)
    const entries = historyEntries();
    map.map!.jumpTo({ center: [2.35, 48.85], zoom: 6 });
    await until(() => search().has('v.viewport.map-m'), 'viewport in the address', 20000);
    expect(entries.added()).to.equal(0);
    entries.stop();
    expect(search().get('v.viewport.map-m')).to.match(/^geo_point_2d:-?[\d.]+,-?[\d.]+,-?[\d.]+,-?[\d.]+$/);
    // an address naming Texas
    history.replaceState(null, '', `${location.pathname}?v.viewport.map-m=geo_point_2d:-106,26,-94,36`);
    const again = await fixture<OdeDataset>(page());
    const map2 = again.querySelector<OdeMap>('ode-map')!;
    await until(() => !!map2.map?.loaded(), 'map', 20000);
    const b = map2.map!.getBounds();
    const [w, s, e, n] = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
    expect(again.source!.query.extra['map-m']).to.equal('in_bbox(geo_point_2d, 26, -106, 36, -94)');
    // the map shows (at least) that area, centred on it
    expect(w).to.be.at.most(-106 + 0.5);
    expect(e).to.be.at.least(-94 - 0.5);
    expect((s + n) / 2).to.be.closeTo(31, 1.5);
    expect((w + e) / 2).to.be.closeTo(-100, 1.5);
  });
});
