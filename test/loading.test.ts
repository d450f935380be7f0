import { expect, fixture, html } from '@open-wc/testing';
import '../src/core/define-dataset.js';
import '../src/table/define.js';
import '../src/chart/define.js';
import '../src/filters/define-facets.js';
import '../src/map/define.js';
import '../src/attribution/define.js';
import { slowPortalUrl, until } from './helpers.js';

/** Both signs of waiting: the custom state `loading` (`:state(loading)`) and `aria-busy="true"`. */
const loading = (el: Element) => el.matches(':state(loading)') && el.getAttribute('aria-busy') === 'true';
/** Either sign of waiting. */
const anyBusy = (el: Element) => el.matches(':state(loading)') || el.hasAttribute('aria-busy');

describe('one loading state for every element', () => {
  it('on a portal answering in 1,200 ms, table, chart, facets, map and attribution are loading while they wait, and not once their data is shown', async function () {
    this.timeout(90000);
    const portal = slowPortalUrl();
    // the map first: it loads maplibre only near the viewport
    const wrap = await fixture<HTMLElement>(
      html`<div>
        <ode-map domain=${portal} dataset="zipcodes-us" style="--ode-map-height: 200px"></ode-map>
        <ode-dataset domain=${portal} dataset="zipcodes-us">
          <ode-facets fields="state"></ode-facets>
          <ode-table fields="zip_code,city,state"></ode-table>
          <ode-chart x="state" order="y desc" limit="10"></ode-chart>
        </ode-dataset>
        <ode-attribution domain=${portal} dataset="zipcodes-us"></ode-attribution>
      </div>`,
    );
    const one = (tag: string) => wrap.querySelector(tag)!;
    const loaded = new Set<Element>();
    for (const tag of ['ode-chart', 'ode-attribution'])
      one(tag).addEventListener('ode-load', () => loaded.add(one(tag)));
    /** What each element shows once its data is there. */
    const shown: Record<string, (el: Element) => boolean> = {
      'ode-table': (el) => (el.shadowRoot?.querySelectorAll('tbody tr:not(.spacer)').length ?? 0) > 0,
      'ode-chart': (el) => loaded.has(el),
      'ode-facets': (el) => (el.shadowRoot?.querySelectorAll('[part~="value"]').length ?? 0) > 0,
      'ode-map': (el) => (el.shadowRoot?.querySelectorAll('button.cluster').length ?? 0) > 0,
      'ode-attribution': (el) => loaded.has(el),
    };
    const tags = Object.keys(shown);
    const seenLoading = new Set<string>();
    const shownAt = new Map<string, number>();
    const problems: string[] = [];
    const start = performance.now();
    // every frame until each element shows its data and is no longer busy
    while (tags.some((t) => !shownAt.has(t) || anyBusy(one(t)))) {
      if (performance.now() - start > 60000) {
        const late = tags.filter((t) => !shownAt.has(t) || anyBusy(one(t)));
        const why = late.map(
          (t) => `${t} (${shownAt.has(t) ? 'shown' : 'not shown'}, ${anyBusy(one(t)) ? 'busy' : 'idle'})`,
        );
        throw new Error(`still waiting after 60 s: ${why.join(', ')}`);
      }
      for (const t of tags) {
        const el = one(t);
        if (!shownAt.has(t) && shown[t](el)) shownAt.set(t, performance.now());
        if (shownAt.has(t)) continue;
        // while it waits: both signs together, and never dropped before the data is shown
        if (loading(el)) seenLoading.add(t);
        else if (anyBusy(el)) problems.push(`${t}: only one of :state(loading) and aria-busy`);
        else if (seenLoading.has(t) && !el.shadowRoot?.querySelector('[part~="error"]'))
          problems.push(`${t}: not loading any more, data not shown yet`);
      }
      await new Promise((r) => requestAnimationFrame(r));
    }
    expect([...seenLoading].sort(), 'loading while waiting').to.deep.equal([...tags].sort());
    expect([...new Set(problems)]).to.deep.equal([]);
    // the portal's latency: nothing can be shown before 1,200 ms
    for (const t of tags) expect(shownAt.get(t)! - start, t).to.be.greaterThan(1000);
    // and once shown, none is loading
    for (const t of tags) {
      const el = one(t);
      expect(el.matches(':state(loading)'), `${t} :state(loading)`).to.equal(false);
      expect(el.hasAttribute('aria-busy'), `${t} aria-busy`).to.equal(false);
    }
    await until(() => tags.every((t) => !anyBusy(one(t))), 'all idle');
    await expect(wrap).to.be.accessible();
  });
});
