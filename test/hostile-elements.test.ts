import { expect, fixture, html } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import '../src/index.js';
import { hostilePortalUrl, noUncaught, shadowText, until } from './helpers.js';

/** Wrong shapes served by test/hostile-portal.js, by dataset id. */
const METADATA_FAULTS = ['fields-not-list', 'metas-object', 'metas-array', 'metas-lit', 'metas-tostring'];
const RECORD_FAULTS = ['results-not-list', 'rows-null', 'rows-number', 'total-string'];

/** Each element on a dataset of the hostile portal; `el` finds the element that shows the message. */
const ELEMENTS: Record<
  string,
  {
    render: (d: string, id: string) => TemplateResult;
    reads: 'records' | 'metadata';
    el?: (root: Element) => Element;
  }
> = {
  table: { render: (d, id) => html`<ode-table domain=${d} dataset=${id}></ode-table>`, reads: 'records' },
  chart: {
    render: (d, id) => html`<ode-chart domain=${d} dataset=${id} x="city" type="bar"></ode-chart>`,
    reads: 'records',
  },
  map: {
    // filtered: without a filter the map takes its count from the metadata and reads no records
    render: (d, id) =>
      html`<ode-dataset domain=${d} dataset=${id} where=${'population > 0'}
        ><ode-map style="--ode-map-height: 150px"></ode-map
      ></ode-dataset>`,
    reads: 'records',
    el: (root) => root.querySelector('ode-map')!,
  },
  facets: {
    render: (d, id) => html`<ode-facets domain=${d} dataset=${id} fields="city"></ode-facets>`,
    reads: 'records',
  },
  attribution: {
    render: (d, id) => html`<ode-attribution domain=${d} dataset=${id}></ode-attribution>`,
    reads: 'metadata',
  },
};

const alertOf = (el: Element) => el.shadowRoot?.querySelector('[role="alert"]');

describe('every element against a hostile portal', () => {
  for (const [name, { render, reads, el: find = (root: Element) => root }] of Object.entries(ELEMENTS)) {
    const faults = reads === 'records' ? [...METADATA_FAULTS, ...RECORD_FAULTS] : METADATA_FAULTS;
    for (const id of faults) {
      it(`${name} on "${id}": a message in place with Retry, no uncaught error, no dialog`, async function () {
        this.timeout(30000);
        await noUncaught(async () => {
          const el = find(await fixture(render(hostilePortalUrl(), id)));
          await until(() => !!alertOf(el), 'a message in place', 20000);
          expect(shadowText(alertOf(el)!.parentElement ?? el)).to.match(
            /not what the Explore API v2\.1 returns/,
          );
          expect(el.shadowRoot!.querySelector('[part~="retry"]'), 'Retry').to.exist;
          // one message: no built-in notice without the metadata, whose own request would fail the
          // same way and repeat the message under it
          const notices = [...el.shadowRoot!.querySelectorAll('ode-attribution')] as (Element & {
            metadata?: unknown;
          })[];
          expect(notices.filter((n) => !n.metadata).length, 'notices without metadata').to.equal(0);
          await expect(el).to.be.accessible();
          // nothing from the answer was read as markup
          expect((window as { ODE_PWNED?: number }).ODE_PWNED).to.equal(undefined);
          expect(el.shadowRoot!.querySelector('img[src="x"]')).to.equal(null);
        });
      });
    }
  }

  it('attribution on datasets whose records are broken still shows its notice (it reads only the metadata)', async () => {
    await noUncaught(async () => {
      const el = await fixture(
        html`<ode-attribution domain=${hostilePortalUrl()} dataset="rows-null"></ode-attribution>`,
      );
      await until(() => /Three cities/.test(shadowText(el)), 'the notice');
      expect(alertOf(el)).to.equal(null);
    });
  });
});

describe('slow and rate-limited portals', () => {
  it('a drip-fed answer: "did not answer in time" within the timeout, on a view and on facets', async function () {
    this.timeout(15000);
    await noUncaught(async () => {
      const t0 = performance.now();
      const wrap = await fixture(
        html`<ode-dataset domain=${hostilePortalUrl()} dataset="drip" timeout="1">
          <ode-table></ode-table>
          <ode-facets fields="city"></ode-facets>
        </ode-dataset>`,
      );
      const [table, facets] = [wrap.querySelector('ode-table')!, wrap.querySelector('ode-facets')!];
      await until(() => !!alertOf(table) && !!alertOf(facets), 'both messages', 6000);
      // one timeout, not two in a row (metadata, then facets)
      expect(performance.now() - t0).to.be.below(2500);
      for (const el of [table, facets]) {
        expect(shadowText(el)).to.contain('The portal did not answer in time.');
        expect(el.shadowRoot!.querySelector('[part~="retry"]'), 'Retry').to.exist;
        await expect(el).to.be.accessible();
      }
    });
  });

  it('standalone elements take their own `timeout` (seconds)', async function () {
    this.timeout(15000);
    await noUncaught(async () => {
      const d = hostilePortalUrl();
      const t0 = performance.now();
      const wrap = await fixture(
        html`<div>
          <ode-table domain=${d} dataset="drip" timeout="1"></ode-table>
          <ode-chart domain=${d} dataset="drip" x="city" timeout="1"></ode-chart>
          <ode-facets domain=${d} dataset="drip" timeout="1"></ode-facets>
          <ode-attribution domain=${d} dataset="drip" timeout="1"></ode-attribution>
          <ode-map domain=${d} dataset="drip" timeout="1" style="--ode-map-height: 100px"></ode-map>
        </div>`,
      );
      const els = [...wrap.children];
      await until(() => els.every((el) => !!alertOf(el)), 'every message', 6000);
      expect(performance.now() - t0).to.be.below(3000);
      for (const el of els)
        expect(shadowText(el), el.localName).to.contain('The portal did not answer in time.');
    });
  });

  it('a 429 with only `Retry-After: 1`: the rows are shown after the wait', async function () {
    this.timeout(15000);
    await noUncaught(async () => {
      const id = `retry-after-${Math.random().toString(36).slice(2)}`;
      const el = await fixture(html`<ode-table domain=${hostilePortalUrl()} dataset=${id}></ode-table>`);
      await until(
        () => (el.shadowRoot?.querySelectorAll('tbody tr[data-index]').length ?? 0) >= 3,
        'the rows',
        10000,
      );
      expect(shadowText(el)).to.contain('Lyon');
      expect(alertOf(el)).to.equal(null);
    });
  });
});
