import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../src/index.js';
import type { OdeTable } from '../src/table/ode-table.js';
import { OdeDataset } from '../src/core/ode-dataset.js';
import { clientFor } from '../src/api/client.js';
import { hostilePortalUrl, portalUrl, quotaPortalUrl, shadowText, until } from './helpers.js';

const rowsOf = (el: OdeTable) => [
  ...el.shadowRoot!.querySelectorAll<HTMLTableRowElement>('tbody tr[part~="row"]'),
];
const loadedRows = (el: OdeTable) => rowsOf(el).filter((r) => !r.classList.contains('placeholder'));
const settled = (el: OdeTable) =>
  el.shadowRoot!.querySelector('table')?.getAttribute('aria-busy') === 'false';
const ready = (el: OdeTable) => until(() => loadedRows(el).length > 0 && settled(el), 'rows');
const failed = (el: Element) => until(() => !!el.shadowRoot?.querySelector('[part~="error"]'), 'error');
const headers = (el: OdeTable) =>
  [...el.shadowRoot!.querySelectorAll('thead th')].map((th) => th.textContent!.replace(/[▲▼↕]/g, '').trim());

async function api(path: string) {
  return (await fetch(`${portalUrl()}/api/explore/v2.1/${path}`)).json();
}

describe('<ode-table>', () => {
  it('shows columns from the metadata, the first rows and the total count', async () => {
    const meta = await api('catalog/datasets/communes-france');
    const first = await api('catalog/datasets/communes-france/records?limit=1');
    const el = await fixture<OdeTable>(
      html`<ode-table domain=${portalUrl()} dataset="communes-france"></ode-table>`,
    );
    await ready(el);
    const expected = meta.fields
      .filter((f: { type: string }) => f.type !== 'geo_point_2d' && f.type !== 'geo_shape')
      .map((f: { label: string }) => f.label);
    expect(headers(el)).to.deep.equal(expected);
    const count = el.shadowRoot!.querySelector('[part="count"]')!.textContent!;
    expect(count.replace(/\D/g, '')).to.equal(String(first.total_count));
    expect(rowsOf(el).length).to.be.at.most(60);
    expect(el.shadowRoot!.querySelector('table')!.getAttribute('aria-rowcount')).to.equal(
      String(Math.min(first.total_count, 10000) + 1),
    );
    await until(() => !!el.shadowRoot!.querySelector('ode-attribution'), 'attribution on the view');
    await expect(el).to.be.accessible();
  });

  it('loads once it gets its dataset right after connecting, before its first render', async () => {
    // what a framework or the builder does: create, insert, then set attributes
    const el = document.createElement('ode-table') as OdeTable;
    document.body.append(el);
    el.setAttribute('domain', portalUrl());
    el.setAttribute('dataset', 'communes-france');
    try {
      await ready(el);
      expect(headers(el).length).to.be.greaterThan(1);
    } finally {
      el.remove();
    }
  });

  it('is busy while loading', async () => {
    const el = await fixture<OdeTable>(
      html`<ode-table domain=${portalUrl()} dataset="airports"></ode-table>`,
    );
    const busy = el.shadowRoot!.querySelector('[aria-busy="true"]');
    expect(busy, 'aria-busy while loading').to.exist;
    expect(shadowText(el)).to.contain('Loading records');
    await expect(el).to.be.accessible();
    await ready(el);
  });

  it('shows its headers while the rows are on their way, then the rows under the same headers', async function () {
    this.timeout(20000);
    // metadata at once, records 1.5 s later
    const el = await fixture<OdeTable>(
      html`<ode-table domain=${hostilePortalUrl()} dataset="slow-records"></ode-table>`,
    );
    await until(() => headers(el).length > 0, 'headers');
    expect(headers(el)).to.deep.equal(['City', 'Population']);
    expect(loadedRows(el).length, 'no rows yet').to.equal(0);
    expect(shadowText(el)).to.contain('Loading records');
    const table = el.shadowRoot!.querySelector('table')!;
    expect(table.getAttribute('aria-busy')).to.equal('true');
    expect(table.getBoundingClientRect().height).to.be.greaterThan(0);
    const thead = el.shadowRoot!.querySelector('thead')!;
    const top = thead.getBoundingClientRect().top;
    await expect(el).to.be.accessible();
    await ready(el);
    expect(loadedRows(el).map((r) => r.cells[0].textContent)).to.deep.equal(['Lyon', 'Nantes', 'Lille']);
    expect(el.shadowRoot!.querySelector('thead'), 'the same header row').to.equal(thead);
    expect(thead.getBoundingClientRect().top, 'headers not moved').to.equal(top);
    expect(shadowText(el)).not.to.contain('Loading records');
    await expect(el).to.be.accessible();
  });

  it('chooses and orders columns with fields=', async () => {
    const el = await fixture<OdeTable>(
      html`<ode-table domain=${portalUrl()} dataset="airports" fields="state,iata,name"></ode-table>`,
    );
    await ready(el);
    const meta = await api('catalog/datasets/airports');
    const label = (n: string) => meta.fields.find((f: { name: string }) => f.name === n).label;
    expect(headers(el)).to.deep.equal([label('state'), label('iata'), label('name')]);
  });

  it('says when no record matches, with the active filters', async () => {
    const el = await fixture<OdeTable>(
      html`<ode-dataset domain=${portalUrl()} dataset="airports" where='state = "nowhere"'>
        <ode-table></ode-table>
      </ode-dataset>`,
    );
    const table = el.querySelector('ode-table')!;
    await until(() => shadowText(table).includes('No record matches'), 'empty state');
    expect(shadowText(table)).to.contain('state = "nowhere"');
    await expect(table).to.be.accessible();
  });

  it('shows the portal 404 message with status, and no Retry since retrying cannot help', async () => {
    const el = await fixture<OdeTable>(
      html`<ode-table domain=${portalUrl()} dataset="no-such-thing"></ode-table>`,
    );
    await failed(el);
    expect(shadowText(el)).to.contain('The requested dataset no-such-thing does not exist.');
    expect(shadowText(el)).to.contain('404');
    expect(el.shadowRoot!.querySelector('[part="retry"]')?.outerHTML ?? null).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('shows an ODSQL error from a bad where, naming the clause', async () => {
    const el = await fixture<OdeDataset>(
      html`<ode-dataset domain=${portalUrl()} dataset="airports" where=${'nope > 3'}>
        <ode-table></ode-table>
      </ode-dataset>`,
    );
    const table = el.querySelector('ode-table')!;
    await failed(table);
    expect(shadowText(table)).to.match(/ODSQL query is malformed: .*nope/);
    expect(shadowText(table)).to.contain('400');
    expect(shadowText(table)).to.contain('ODSQLError');
  });

  it('explains an unreachable portal, and Retry asks again', async () => {
    const el = await fixture<OdeTable>(
      html`<ode-table domain="http://127.0.0.1:9" dataset="airports"></ode-table>`,
    );
    await failed(el);
    expect(shadowText(el)).to.contain('could not be reached');
    expect(shadowText(el)).to.contain('network error');
    expect(el.shadowRoot!.querySelector('[part="retry"]'), 'Retry where it can help').to.exist;
    await expect(el).to.be.accessible();
  });

  it('explains a spent quota (429) with the reset time', async () => {
    // the quota portal allows one request a day: spend it, then the table meets the 429
    await fetch(`${quotaPortalUrl()}/api/explore/v2.1/catalog/datasets/seattle-weather`);
    const el = await fixture<OdeTable>(
      html`<ode-table domain=${quotaPortalUrl()} dataset="seattle-weather"></ode-table>`,
    );
    await failed(el);
    const text = shadowText(el);
    expect(text).to.contain('Too many requests');
    expect(text).to.contain('429');
    expect(text).to.contain('quota resets');
    await expect(el).to.be.accessible();
  });

  it('sorts on the server by clicking or pressing Enter on a header, and tells the shared query', async () => {
    const wrapper = await fixture<OdeDataset>(
      html`<ode-dataset domain=${portalUrl()} dataset="airports">
        <ode-table fields="iata,name,latitude"></ode-table>
      </ode-dataset>`,
    );
    const el = wrapper.querySelector('ode-table')!;
    await ready(el);
    const th = el.shadowRoot!.querySelectorAll('thead th')[2];
    expect(th.getAttribute('aria-sort')).to.equal('none');
    const change = oneEvent(wrapper, 'ode-query-change');
    th.querySelector('button')!.click();
    expect((await change).detail.query.orderBy).to.equal('latitude ASC');
    expect(wrapper.getAttribute('order-by')).to.equal('latitude ASC');
    await until(
      () => th.getAttribute('aria-sort') === 'ascending' && loadedRows(el).length > 0 && settled(el),
      'sorted',
    );
    const lats = () =>
      loadedRows(el)
        .slice(0, 10)
        .map((r) => r.cells[2].textContent!.trim());
    const asc = await api(
      'catalog/datasets/airports/records?order_by=latitude%20ASC&limit=1&select=latitude',
    );
    expect(lats()[0]).to.equal(
      new Intl.NumberFormat('en', { maximumFractionDigits: 6 }).format(asc.results[0].latitude),
    );
    // keyboard: the sort button is a real button; Enter activates it
    const button = th.querySelector('button')!;
    button.focus();
    button.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    button.click();
    await until(() => th.getAttribute('aria-sort') === 'descending', 'descending');
    // the header is updated in place: the same button, still focused, says the new order
    expect(th.querySelector('button')).to.equal(button);
    expect(el.shadowRoot!.activeElement).to.equal(button);
    expect(button.querySelector('.arrow')!.textContent).to.equal('▼');
    expect(button.title).to.contain('Latitude');
    await expect(el).to.be.accessible();
  });

  it('reaches row 9,950 of 3 million flights with one request and keeps the DOM small', async () => {
    const el = await fixture<OdeTable>(html`<ode-table domain=${portalUrl()} dataset="flights"></ode-table>`);
    await ready(el);
    const client = clientFor(portalUrl());
    const before = client.requests;
    el.scrollToRow(9950);
    await until(() => loadedRows(el).some((r) => r.getAttribute('aria-rowindex') === '9952'), 'row 9,950');
    expect(client.requests - before).to.equal(1);
    expect(el.shadowRoot!.querySelectorAll('tr').length).to.be.at.most(60);
    // past the ceiling: the export links of the same query
    const links = [...el.shadowRoot!.querySelectorAll<HTMLAnchorElement>('[part="ceiling"] a')];
    expect(links.map((a) => a.textContent!.trim())).to.deep.equal(['CSV', 'JSON']);
    expect(links[0].href).to.contain('/catalog/datasets/flights/exports/csv');
    await expect(el).to.be.accessible();
  });

  it('paints its first rows before the lines under them (the ceiling, the notice)', async () => {
    const el = document.createElement('ode-table') as OdeTable;
    el.setAttribute('domain', portalUrl());
    el.setAttribute('dataset', 'flights');
    el.setAttribute('fields', 'origin,destination');
    const loaded = oneEvent(el, 'ode-load');
    document.body.append(el);
    try {
      await loaded;
      // the rows are in, the lines under them not yet: they come once the rows are painted
      expect(loadedRows(el).length).to.be.greaterThan(0);
      expect(el.shadowRoot!.querySelector('[part="ceiling"]'), 'no ceiling line yet').to.equal(null);
      await until(() => !!el.shadowRoot!.querySelector('[part="ceiling"] a'), 'the ceiling line');
      expect(shadowText(el)).to.match(/first 10,000 of/);
      await expect(el).to.be.accessible();
    } finally {
      el.remove();
    }
  });

  it('keeps no room under its rows for a notice shown elsewhere (attribution="external")', async () => {
    const wrap = await fixture<HTMLElement>(
      html`<div>
        <ode-table
          domain=${portalUrl()}
          dataset="airports"
          fields="iata,name"
          attribution="external"
        ></ode-table>
        <ode-attribution domain=${portalUrl()} dataset="airports"></ode-attribution>
      </div>`,
    );
    const el = wrap.querySelector<OdeTable>('ode-table')!;
    await ready(el);
    // the lines under the rows come once they are painted
    await until(() => (el as unknown as { firstRowsPainted: boolean }).firstRowsPainted, 'rows painted');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('ode-attribution'), 'no notice of its own').to.equal(null);
    const scroller = el.shadowRoot!.querySelector('.scroller')!.getBoundingClientRect();
    const below = el.getBoundingClientRect().bottom - scroller.bottom;
    expect(below, 'px under the rows').to.be.below(1);
    await expect(el).to.be.accessible();
  });

  it('opens the row detail with Enter, closes with Escape and returns focus', async () => {
    const el = await fixture<OdeTable>(
      html`<ode-table domain=${portalUrl()} dataset="airports" fields="iata"></ode-table>`,
    );
    await ready(el);
    const row = loadedRows(el)[0];
    row.focus();
    row.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    await until(() => el.shadowRoot!.activeElement?.getAttribute('data-index') === '1', 'second row focused');
    const second = el.shadowRoot!.activeElement as HTMLElement;
    second.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    const dialog = el.shadowRoot!.querySelector('dialog')!;
    await until(() => dialog.open && !!dialog.querySelector('dl'), 'detail');
    const meta = await api('catalog/datasets/airports');
    // all fields, though the table shows one
    expect(dialog.querySelectorAll('dt').length).to.equal(meta.fields.length);
    await expect(el).to.be.accessible();
    dialog.close();
    await until(() => el.shadowRoot!.activeElement?.getAttribute('data-index') === '1', 'focus back');
  });

  it('renders hostile values as inert text: no script, no javascript: link', async () => {
    const w = window as unknown as { __pwned?: number };
    w.__pwned = 0;
    const el = await fixture<OdeTable>(
      html`<ode-table domain=${portalUrl()} dataset="hostile-values"></ode-table>`,
    );
    await ready(el);
    const root = el.shadowRoot!;
    expect(
      root.querySelector('tbody script, tbody iframe, tbody img[onerror], tbody b')?.outerHTML ?? null,
    ).to.equal(null);
    for (const a of root.querySelectorAll('tbody a'))
      expect((a as HTMLAnchorElement).protocol).to.match(/^https?:$/);
    for (const img of root.querySelectorAll('tbody img'))
      expect((img as HTMLImageElement).src).to.match(/^https?:/);
    expect(shadowText(el)).to.contain('<script>');
    // the 1 MB value is cut in the cell
    for (const td of root.querySelectorAll('td')) expect(td.textContent!.length).to.be.below(1000);
    await new Promise((r) => setTimeout(r, 100));
    expect(w.__pwned).to.equal(0);
  });

  it('shares one records request between five views of the same query', async () => {
    const client = clientFor(portalUrl());
    client.clearCache();
    const before = client.requests;
    const wrapper = await fixture(
      html`<ode-dataset domain=${portalUrl()} dataset="seattle-weather" where=${'temp_max > 30'}>
        <ode-table></ode-table><ode-table></ode-table><ode-table></ode-table><ode-table></ode-table
        ><ode-table></ode-table>
      </ode-dataset>`,
    );
    const tables = [...wrapper.querySelectorAll('ode-table')];
    await Promise.all(tables.map(ready));
    // one metadata + one records request
    expect(client.requests - before).to.equal(2);
  });

  it('says once that its dataset does not exist: no second error from its notice', async () => {
    const el = await fixture<OdeTable>(
      html`<ode-table domain=${portalUrl()} dataset="no-such-dataset"></ode-table>`,
    );
    await failed(el);
    expect(shadowText(el)).to.contain('The requested dataset no-such-dataset does not exist.');
    await new Promise((r) => setTimeout(r, 300));
    const notice = el.shadowRoot!.querySelector('ode-attribution');
    const errors = [el, ...(notice ? [notice] : [])].flatMap((x) => [
      ...x.shadowRoot!.querySelectorAll('[part~="error"]'),
    ]);
    expect(errors.length).to.equal(1);
    expect(shadowText(el).match(/does not exist/g)?.length).to.equal(1);
    await expect(el).to.be.accessible();
  });

  it('names a missing source', async () => {
    const el = await fixture<OdeTable>(html`<ode-table source="nothing-here"></ode-table>`);
    await failed(el);
    expect(shadowText(el)).to.contain('no <ode-dataset> with id "nothing-here"');
    await expect(el).to.be.accessible();
  });
});
