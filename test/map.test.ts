import { expect, fixture, html } from '@open-wc/testing';
import '../src/map/define.js';
import '../src/core/define-dataset.js';
import type { OdeMap } from '../src/map/ode-map.js';
import type { MapEngine } from '../src/map/engine.js';
import { portalUrl, shadowText, until } from './helpers.js';
void shadowText;

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
});
