import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../src/index.js';
import type { OdeTable } from '../src/table/ode-table.js';
import type { OdeFacets } from '../src/filters/ode-facets.js';
import type { OdeDataset } from '../src/core/ode-dataset.js';
import { portalUrl, shadowText, until } from './helpers.js';

const rowsOf = (el: OdeTable) => [
  ...el.shadowRoot!.querySelectorAll<HTMLTableRowElement>('tbody tr[part~="row"]'),
];
const loadedRows = (el: OdeTable) => rowsOf(el).filter((r) => !r.classList.contains('placeholder'));
const loaded = (el: OdeFacets) =>
  until(() => !!el.shadowRoot!.querySelector('fieldset') && !el.matches(':state(loading)'), 'facets');

describe('<ode-facets>', () => {
  it('refines and excludes, and the table count matches the facet count', async () => {
    const wrapper = await fixture(
      html`<ode-dataset domain=${portalUrl()} dataset="airports">
        <ode-facets fields="state"></ode-facets>
        <ode-table fields="iata,state"></ode-table>
      </ode-dataset>`,
    );
    const facets = wrapper.querySelector('ode-facets')!;
    const table = wrapper.querySelector('ode-table')!;
    await until(() => !!facets.shadowRoot!.querySelector('input[type="checkbox"]'), 'facet values');
    await expect(facets).to.be.accessible();
    const firstValue = facets.shadowRoot!.querySelector('li.value')!;
    const name = firstValue.querySelector('.name')!.textContent!.trim();
    const count = Number(firstValue.querySelector('.count')!.textContent!.replace(/\D/g, ''));
    firstValue.querySelector<HTMLInputElement>('input')!.click();
    await until(
      () => shadowText(table).startsWith(`${new Intl.NumberFormat('en').format(count)} record`),
      'refined count',
    );
    for (const r of loadedRows(table)) expect(r.cells[1].textContent!.trim()).to.equal(name);
    // summary chip removes it
    const chip = facets.shadowRoot!.querySelector<HTMLButtonElement>('[part="remove"]')!;
    expect(chip.textContent).to.contain(name);
    chip.click();
    await until(() => !facets.shadowRoot!.querySelector('[part="remove"]'), 'filter removed');
    // exclude
    const excludeButton = facets.shadowRoot!.querySelector<HTMLButtonElement>('[part="exclude"]')!;
    excludeButton.click();
    await until(
      () =>
        loadedRows(table).length > 0 &&
        loadedRows(table).every((r) => r.cells[1].textContent!.trim() !== name),
      'excluded',
    );
  });

  it('is busy while loading, fires ode-load with the number of facets, and is accessible in both states', async () => {
    const wrapper = await fixture<OdeDataset>(
      html`<ode-dataset domain=${portalUrl()} dataset="seattle-weather" where=${'precipitation > 1'}>
        <ode-facets fields="weather"></ode-facets>
      </ode-dataset>`,
    );
    const el = wrapper.querySelector<OdeFacets>('ode-facets')!;
    const load = oneEvent(el, 'ode-load');
    expect(el.matches(':state(loading)'), ':state(loading)').to.equal(true);
    expect(el.getAttribute('aria-busy')).to.equal('true');
    expect(shadowText(el)).to.contain('Loading');
    await expect(el).to.be.accessible();
    const event = await load;
    expect(event.detail).to.deep.equal({ facets: 1 });
    await loaded(el);
    expect(el.hasAttribute('aria-busy')).to.equal(false);
    // the counts are those of the shared query
    const answer = await (
      await fetch(
        `${portalUrl()}/api/explore/v2.1/catalog/datasets/seattle-weather/facets?facet=weather&where=${encodeURIComponent('precipitation > 1')}`,
      )
    ).json();
    const expected = answer.facets[0].facets.map(
      (v: { name: string; count: number }) => `${v.name} ${v.count}`,
    );
    const shown = [...el.shadowRoot!.querySelectorAll('li.value')].map(
      (li) =>
        `${li.querySelector('.name')!.textContent!.trim()} ${li.querySelector('.count')!.textContent!.replace(/\D/g, '')}`,
    );
    expect(shown).to.deep.equal(expected.slice(0, shown.length));
    await expect(el).to.be.accessible();
  });

  it('keeps every checkbox its full size when a value’s name is cut to fit a narrow column', async () => {
    const wrapper = await fixture(
      html`<div style="width:220px">
        <ode-dataset domain=${portalUrl()} dataset="communes-france">
          <ode-facets fields="nom_region"></ode-facets>
        </ode-dataset>
      </div>`,
    );
    const el = wrapper.querySelector<OdeFacets>('ode-facets')!;
    await loaded(el);
    const values = [...el.shadowRoot!.querySelectorAll('li.value')];
    const cut = values.filter((li) => {
      const name = li.querySelector<HTMLElement>('.name')!;
      return name.scrollWidth > name.clientWidth;
    });
    expect(cut.length, 'long region names are cut with an ellipsis').to.be.greaterThan(0);
    const widths = values.map((li) => li.querySelector('input')!.getBoundingClientRect().width);
    const full = parseFloat(getComputedStyle(el.shadowRoot!.querySelector('input')!).width);
    for (const w of widths) expect(w, `checkbox widths ${widths.join(', ')}`).to.be.closeTo(full, 0.5);
  });

  it('shares a wide row between its groups, with no empty column beside them', async () => {
    const wrapper = await fixture(
      html`<div style="width:960px; font-family: system-ui, sans-serif">
        <ode-dataset domain=${portalUrl()} dataset="communes-france">
          <ode-facets fields="nom_region,nom_departement,zone" limit="6"></ode-facets>
        </ode-dataset>
      </div>`,
    );
    const el = wrapper.querySelector<OdeFacets>('ode-facets')!;
    await loaded(el);
    const groups = [...el.shadowRoot!.querySelectorAll('fieldset')].map((f) => f.getBoundingClientRect());
    expect(groups.length).to.equal(3);
    expect(
      groups.every((g) => g.top === groups[0].top),
      'the three groups on one row',
    ).to.equal(true);
    // the row is theirs: no empty column beside names cut with an ellipsis
    const row = el.shadowRoot!.querySelector('.groups')!.getBoundingClientRect();
    expect(groups[2].right, 'the last group ends at the row’s end').to.be.closeTo(row.right, 1);
    // one group alone is not stretched across the page
    const single = await fixture(
      html`<div style="width:960px">
        <ode-dataset domain=${portalUrl()} dataset="communes-france">
          <ode-facets fields="zone"></ode-facets>
        </ode-dataset>
      </div>`,
    );
    const one = single.querySelector<OdeFacets>('ode-facets')!;
    await loaded(one);
    // and in a narrow column of a page's grid, long names are cut rather than widening the element
    const narrow = await fixture(
      html`<ode-dataset domain=${portalUrl()} dataset="communes-france">
        <div style="display:grid; width:300px; font-family: system-ui, sans-serif">
          <ode-facets fields="nom_region,nom_departement,zone"></ode-facets>
        </div>
      </ode-dataset>`,
    );
    const inGrid = narrow.querySelector<OdeFacets>('ode-facets')!;
    await loaded(inGrid);
    expect(inGrid.getBoundingClientRect().width, 'width in a 300 px grid column').to.be.at.most(300);
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
    expect(one.shadowRoot!.querySelector('fieldset')!.getBoundingClientRect().width).to.be.at.most(
      24 * rem + 1,
    );
  });

  it('shows "Show more" past its limit and then every value', async () => {
    const el = await fixture<OdeFacets>(
      html`<ode-facets domain=${portalUrl()} dataset="airports" fields="state" limit="3"></ode-facets>`,
    );
    await loaded(el);
    expect(el.shadowRoot!.querySelectorAll('li.value')).to.have.length(3);
    el.shadowRoot!.querySelector<HTMLButtonElement>('button.more')!.click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('li.value').length).to.be.greaterThan(3);
  });

  it('shows the portal error with ode-error, accessible, and not busy', async () => {
    // listened for before the element exists: the event bubbles out of it, composed
    const error = oneEvent(document, 'ode-error');
    const el = await fixture<OdeFacets>(
      html`<ode-facets domain=${portalUrl()} dataset="no-such-dataset"></ode-facets>`,
    );
    const event = await error;
    expect(event.target === el, 'fired by the element').to.equal(true);
    expect(event.detail.error.message).to.contain('no-such-dataset');
    await until(() => !!el.shadowRoot!.querySelector('[part~="error"]'), 'error box');
    expect(el.hasAttribute('aria-busy')).to.equal(false);
    expect(el.matches(':state(loading)')).to.equal(false);
    expect(shadowText(el)).to.contain('404');
    await expect(el).to.be.accessible();
  });

  it('names a missing source in place and warns once', async () => {
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    let el!: OdeFacets;
    try {
      el = await fixture<OdeFacets>(html`<ode-facets source="nothing-here"></ode-facets>`);
      await until(() => !!el.shadowRoot!.querySelector('[part~="error"]'), 'problem box');
      el.limit = 2;
      await el.updateComplete;
    } finally {
      console.warn = original;
    }
    expect(shadowText(el)).to.contain('<ode-facets> no <ode-dataset> with id "nothing-here"');
    expect(warnings.filter((w) => w.includes('nothing-here'))).to.have.length(1);
    await expect(el).to.be.accessible();
  });
});
