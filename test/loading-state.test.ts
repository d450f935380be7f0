import { expect, fixture, html } from '@open-wc/testing';
import '../src/index.js';
import { slowPortalUrl, until } from './helpers.js';

/**
 * One loading state for every data element: while its data is on the way (a portal answering after
 * 1,200 ms), the element matches `:state(loading)` and has `aria-busy="true"`; once its data is
 * shown, neither. Page authors style `ode-table:state(loading)`; assistive technologies read
 * `aria-busy`.
 */
const loading = (el: Element) => el.matches(':state(loading)');
const busy = (el: Element) => el.getAttribute('aria-busy') === 'true';

/** What each element shows once its data is there. */
const shown: Record<string, (el: Element) => boolean> = {
  'ode-table': (el) => !!el.shadowRoot!.querySelector('tbody tr[part~="row"]:not(.placeholder)'),
  'ode-chart': (el) => el.shadowRoot!.querySelector('.plot-box')?.getAttribute('aria-busy') === 'false',
  'ode-facets': (el) => !!el.shadowRoot!.querySelector('fieldset'),
  'ode-attribution': (el) => !!el.shadowRoot!.querySelector('[part="attribution"]'),
};

describe('the loading state of every data element', () => {
  it('table, chart, facets and attribution are :state(loading) and aria-busy while waiting, neither once shown, accessible in both', async () => {
    const page = await fixture<HTMLDivElement>(
      html`<div lang="en">
        <ode-dataset domain=${slowPortalUrl()} dataset="seattle-weather">
          <ode-facets fields="weather"></ode-facets>
          <ode-table fields="date,weather,temp_max"></ode-table>
          <ode-chart x="weather"></ode-chart>
        </ode-dataset>
        <ode-attribution domain=${slowPortalUrl()} dataset="seattle-weather"></ode-attribution>
      </div>`,
    );
    const elements = Object.keys(shown).map((tag) => page.querySelector(tag)!);
    // a request takes 1,200 ms: each element is still waiting
    await new Promise((r) => setTimeout(r, 300));
    for (const el of elements) {
      expect(shown[el.localName](el), `${el.localName} shows nothing yet`).to.equal(false);
      expect(loading(el), `${el.localName} :state(loading)`).to.equal(true);
      expect(busy(el), `${el.localName} aria-busy`).to.equal(true);
    }
    for (const el of elements) await expect(el).to.be.accessible();
    for (const el of elements) {
      await until(() => shown[el.localName](el) && !loading(el), `${el.localName} shown`, 15000);
      expect(loading(el), `${el.localName} :state(loading) once shown`).to.equal(false);
      expect(el.hasAttribute('aria-busy'), `${el.localName} aria-busy once shown`).to.equal(false);
      await expect(el).to.be.accessible();
    }
  });

  it('a new query makes the table busy again while its old rows stay, until the new rows are shown', async () => {
    const wrapper = await fixture<HTMLElement & { source?: { update(q: object): void } }>(
      html`<ode-dataset lang="en" domain=${slowPortalUrl()} dataset="seattle-weather">
        <ode-table fields="date,weather"></ode-table>
      </ode-dataset>`,
    );
    const table = wrapper.querySelector('ode-table')!;
    await until(() => shown['ode-table'](table) && !loading(table), 'rows', 15000);
    wrapper.source!.update({ refine: ['weather:"snow"'] });
    await table.updateComplete;
    expect(loading(table), 'loading again').to.equal(true);
    expect(busy(table)).to.equal(true);
    expect(shown['ode-table'](table), 'the old rows stay').to.equal(true);
    await until(() => !loading(table), 'new rows', 15000);
    expect(table.hasAttribute('aria-busy')).to.equal(false);
    const weathers = [...table.shadowRoot!.querySelectorAll('tbody tr[part~="row"]')].map((r) =>
      r.children[1]?.textContent?.trim(),
    );
    expect(new Set(weathers)).to.deep.equal(new Set(['snow']));
  });
});
