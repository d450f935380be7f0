import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../src/index.js';
import type { OdeTable } from '../src/table/ode-table.js';
import { OdeDataset } from '../src/core/ode-dataset.js';
import { portalUrl, shadowText, until } from './helpers.js';

const rowsOf = (el: OdeTable) => [
  ...el.shadowRoot!.querySelectorAll<HTMLTableRowElement>('tbody tr[part~="row"]'),
];
const loadedRows = (el: OdeTable) => rowsOf(el).filter((r) => !r.classList.contains('placeholder'));
const ready = (el: OdeTable) =>
  until(
    () =>
      loadedRows(el).length > 0 &&
      el.shadowRoot!.querySelector('table')?.getAttribute('aria-busy') === 'false',
    'rows',
  );

describe('<ode-dataset>', () => {
  it('is followed by a view naming it with source="id"', async () => {
    const wrapper = await fixture(
      html`<div>
        <ode-dataset
          id="wx"
          domain=${portalUrl()}
          dataset="seattle-weather"
          refine="weather:sun"
        ></ode-dataset>
        <ode-table source="wx" fields="date,weather"></ode-table>
      </div>`,
    );
    const el = wrapper.querySelector('ode-table')!;
    await ready(el);
    for (const r of loadedRows(el)) expect(r.cells[1].textContent!.trim()).to.equal('sun');
  });

  it('is found by a view nested in it when it is defined after that view', async () => {
    const wrapper = await fixture<HTMLDivElement>(
      html`<div>
        <ode-dataset-late domain=${portalUrl()} dataset="seattle-weather"
          ><ode-table></ode-table
        ></ode-dataset-late>
      </div>`,
    );
    const el = wrapper.querySelector<OdeTable>('ode-table')!;
    expect(el.shadowRoot!.querySelector('[part~="error"]'), 'no provider yet').to.exist;
    customElements.define('ode-dataset-late', class extends OdeDataset {});
    await ready(el);
    expect(shadowText(el)).to.contain('1,461 records');
  });

  it('reflects a view’s change of the query on its attributes and fires ode-query-change', async () => {
    const wrapper = await fixture<OdeDataset>(
      html`<ode-dataset domain=${portalUrl()} dataset="seattle-weather"
        ><ode-table></ode-table
      ></ode-dataset>`,
    );
    await ready(wrapper.querySelector('ode-table')!);
    const change = oneEvent(wrapper, 'ode-query-change');
    wrapper.source!.update({ refine: ['weather:"rain"', 'weather:"sun"'], orderBy: 'date DESC' });
    const event = await change;
    expect([...event.detail.changed].sort()).to.deep.equal(['orderBy', 'refine']);
    expect(event.detail.query.refine).to.deep.equal(['weather:"rain"', 'weather:"sun"']);
    await wrapper.updateComplete;
    expect(JSON.parse(wrapper.getAttribute('refine')!)).to.deep.equal(['weather:"rain"', 'weather:"sun"']);
    expect(wrapper.getAttribute('order-by')).to.equal('date DESC');
  });

  it('drives its views from its attributes: a new where reloads them', async () => {
    const wrapper = await fixture<OdeDataset>(
      html`<ode-dataset domain=${portalUrl()} dataset="seattle-weather"
        ><ode-table></ode-table
      ></ode-dataset>`,
    );
    const table = wrapper.querySelector('ode-table')!;
    await ready(table);
    expect(shadowText(table)).to.contain('1,461 records');
    const expected = await (
      await fetch(
        `${portalUrl()}/api/explore/v2.1/catalog/datasets/seattle-weather/records?limit=0&where=${encodeURIComponent('temp_max > 30')}`,
      )
    ).json();
    wrapper.setAttribute('where', 'temp_max > 30');
    await until(() => shadowText(table).includes(`${expected.total_count} records`), 'filtered count');
    expect(wrapper.source!.query.where).to.equal('temp_max > 30');
  });

  it('hands a new source to its views when its dataset changes', async () => {
    const wrapper = await fixture<OdeDataset>(
      html`<ode-dataset domain=${portalUrl()} dataset="seattle-weather"
        ><ode-table></ode-table
      ></ode-dataset>`,
    );
    const table = wrapper.querySelector('ode-table')!;
    await ready(table);
    const before = wrapper.source;
    wrapper.datasetId = 'airports';
    const expected = await (
      await fetch(`${portalUrl()}/api/explore/v2.1/catalog/datasets/airports/records?limit=0`)
    ).json();
    const count = new Intl.NumberFormat('en').format(expected.total_count);
    await until(() => shadowText(table).includes(`${count} records`), 'airports rows', 15000);
    expect(wrapper.source).to.not.equal(before);
    expect(wrapper.source!.datasetId).to.equal('airports');
  });
});
