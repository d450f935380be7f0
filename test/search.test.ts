import { expect, fixture, html } from '@open-wc/testing';
import '../src/index.js';
import type { OdeTable } from '../src/table/ode-table.js';
import type { OdeSearch } from '../src/filters/ode-search.js';
import type { OdeDataset } from '../src/core/ode-dataset.js';
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

async function api(path: string) {
  return (await fetch(`${portalUrl()}/api/explore/v2.1/${path}`)).json();
}

/** Collect console warnings while `fn` runs. */
async function warningsDuring(fn: () => Promise<void>): Promise<string[]> {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
  try {
    await fn();
  } finally {
    console.warn = original;
  }
  return warnings;
}

describe('<ode-search>', () => {
  it('writes q and the table follows', async () => {
    const wrapper = await fixture(
      html`<ode-dataset domain=${portalUrl()} dataset="airports">
        <ode-search debounce="0"></ode-search>
        <ode-table fields="iata,name,city"></ode-table>
      </ode-dataset>`,
    );
    const table = wrapper.querySelector('ode-table')!;
    await ready(table);
    const search = wrapper.querySelector('ode-search')!;
    await expect(search).to.be.accessible();
    const input = search.shadowRoot!.querySelector('input')!;
    input.value = 'Chicago';
    input.dispatchEvent(new Event('input'));
    const expected = await api(
      `catalog/datasets/airports/records?where=${encodeURIComponent('"Chicago"')}&limit=0`,
    );
    await until(() => shadowText(table).includes(`${expected.total_count} record`), 'filtered count');
    expect(wrapper.getAttribute('q')).to.equal('Chicago');
    // a quote or a parenthesis typed by the visitor cannot break the query
    input.value = 'x") OR (1=1';
    input.dispatchEvent(new Event('input'));
    await until(() => shadowText(table).includes('No record matches'), 'no match, no error');
  });

  it('shows the q of its <ode-dataset>, and follows when it changes', async () => {
    const wrapper = await fixture<OdeDataset>(
      html`<ode-dataset domain=${portalUrl()} dataset="airports" q="Boston">
        <ode-search label="Find an airport"></ode-search>
      </ode-dataset>`,
    );
    const search = wrapper.querySelector<OdeSearch>('ode-search')!;
    const input = () => search.shadowRoot!.querySelector('input')!;
    await until(() => input().value === 'Boston', 'q shown');
    expect(search.shadowRoot!.querySelector('label')!.textContent).to.equal('Find an airport');
    wrapper.q = 'Denver';
    await until(() => input().value === 'Denver', 'new q shown');
    await expect(search).to.be.accessible();
  });

  it('commits at once on Enter, without waiting for the debounce', async () => {
    const wrapper = await fixture<OdeDataset>(
      html`<ode-dataset domain=${portalUrl()} dataset="airports">
        <ode-search debounce="60000"></ode-search>
      </ode-dataset>`,
    );
    const search = wrapper.querySelector<OdeSearch>('ode-search')!;
    await until(() => !!wrapper.source, 'source');
    const input = search.shadowRoot!.querySelector('input')!;
    input.value = '  Austin ';
    input.dispatchEvent(new Event('input'));
    expect(wrapper.source!.query.q, 'not before the debounce').to.equal(undefined);
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    expect(wrapper.source!.query.q).to.equal('Austin');
  });

  it('without a dataset, says so in place instead of a box that would search nothing, and warns once', async () => {
    let el!: OdeSearch;
    const warnings = await warningsDuring(async () => {
      el = await fixture<OdeSearch>(html`<ode-search source="nowhere"></ode-search>`);
      await until(() => !!el.shadowRoot!.querySelector('[part~="error"]'), 'problem box');
      // re-renders do not warn again
      el.label = 'Other label';
      await el.updateComplete;
      el.placeholder = 'x';
      await el.updateComplete;
    });
    expect(el.shadowRoot!.querySelector('input'), 'no input').to.equal(null);
    expect(shadowText(el)).to.contain('<ode-search> no <ode-dataset> with id "nowhere"');
    expect(warnings.filter((w) => w.includes('nowhere'))).to.have.length(1);
    await expect(el).to.be.accessible();
  });
});
