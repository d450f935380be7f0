import { expect, fixture, html } from '@open-wc/testing';
import '../src/index.js';
import type { OdeFilters } from '../src/filters/ode-filters.js';
import type { OdeDataset } from '../src/core/ode-dataset.js';
import { facetValue, inBbox } from '../src/api/odsql.js';
import { portalUrl, shadowText, until } from './helpers.js';

async function count(dataset: string, query = ''): Promise<number> {
  const res = await fetch(
    `${portalUrl()}/api/explore/v2.1/catalog/datasets/${dataset}/records?limit=0${query}`,
  );
  return (await res.json()).total_count;
}

const digits = (s: string | null | undefined) => Number((s ?? '').replace(/\D/g, ''));
const countText = (el: OdeFilters) => el.shadowRoot!.querySelector('[part~="count"]')?.textContent ?? '';
const chips = (el: OdeFilters) =>
  [...el.shadowRoot!.querySelectorAll('[part~="chip"]')].map((c) =>
    (c.querySelector('.text')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
  );
const removeButtons = (el: OdeFilters) => [
  ...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button[part~="remove"]'),
];
const settled = (el: OdeFilters) => !el.hasAttribute('aria-busy') && countText(el) !== '';

describe('<ode-filters>', () => {
  it('shows one chip per clause with field labels from the metadata, and the count the portal gives', async () => {
    const root = await fixture<HTMLElement>(
      html`<div lang="fr">
        <ode-dataset
          domain=${portalUrl()}
          dataset="communes-france"
          where=${'population > 1000'}
          refine=${JSON.stringify([facetValue('nom_region', 'Bretagne')])}
          exclude="nom_departement:Finistère"
          q="saint"
        >
          <ode-filters></ode-filters>
        </ode-dataset>
      </div>`,
    );
    const el = root.querySelector('ode-filters')!;
    const expected = await count(
      'communes-france',
      `&where=${encodeURIComponent('(population > 1000) AND ("saint")')}&refine=${encodeURIComponent('nom_region:"Bretagne"')}&exclude=${encodeURIComponent('nom_departement:Finistère')}`,
    );
    await until(() => settled(el) && chips(el)[1]?.startsWith('Région'), 'count and labels');
    expect(expected).to.be.greaterThan(0);
    expect(digits(countText(el))).to.equal(expected);
    expect(chips(el)).to.deep.equal([
      'Recherche : « saint »',
      'Région : Bretagne',
      'Département : sauf Finistère',
      'Filtre fixe : population > 1000',
    ]);
    // the author's where has no remove button; every other chip has a labelled one
    expect(removeButtons(el).map((b) => b.getAttribute('aria-label')!.replace(/\s/g, ' '))).to.deep.equal([
      'Retirer le filtre Recherche : « saint »',
      'Retirer le filtre Région : Bretagne',
      'Retirer le filtre Département : sauf Finistère',
    ]);
    expect(el.shadowRoot!.querySelector('[part~="count"]')!.getAttribute('aria-live')).to.equal('polite');
    await expect(el).to.be.accessible();
  });

  it('removes one clause, then all, following the shared query and focusing the next chip', async () => {
    const ds = await fixture<OdeDataset>(
      html`<ode-dataset
        domain=${portalUrl()}
        dataset="communes-france"
        refine=${JSON.stringify([facetValue('nom_region', 'Bretagne'), facetValue('zone', 'metro')])}
      >
        <ode-filters></ode-filters>
      </ode-dataset>`,
    );
    const el = ds.querySelector('ode-filters')!;
    const all = await count('communes-france');
    const bretagne = await count('communes-france', `&refine=${encodeURIComponent('nom_region:"Bretagne"')}`);
    await until(() => settled(el) && chips(el).length === 2, 'two chips');
    removeButtons(el)[1].click();
    await until(
      () => chips(el).length === 1 && settled(el) && digits(countText(el)) === bretagne,
      'one left',
    );
    expect(ds.source!.query.refine).to.deep.equal([facetValue('nom_region', 'Bretagne')]);
    expect(el.shadowRoot!.activeElement).to.equal(removeButtons(el)[0]);
    // a change made elsewhere (a view, a script) is followed
    ds.source!.update({
      ranges: { r: { field: 'date', from: '2012-01-01', to: '2012-01-31' } },
      extra: { 'ode-map-9': inBbox('geo', -5, 47, -1, 49) },
    });
    await until(() => chips(el).length === 3, 'range and viewport chips');
    expect(chips(el).slice(1)).to.deep.equal(['date: Jan 1, 2012 to Jan 31, 2012', 'Visible map area']);
    ds.source!.update({ ranges: {}, extra: {} });
    await until(() => chips(el).length === 1 && settled(el), 'back to one');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="clear"]')!.click();
    await until(() => digits(countText(el)) === all && settled(el), 'every record');
    expect(chips(el)).to.deep.equal([]);
    expect(shadowText(el)).to.contain('No filter');
    expect(el.shadowRoot!.querySelector('[part~="clear"]')).to.equal(null);
    expect(ds.refine).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('is busy while counting, and names what is missing without a dataset', async () => {
    const el = await fixture<OdeFilters>(
      html`<ode-filters domain=${portalUrl()} dataset="airports"></ode-filters>`,
    );
    expect(el.getAttribute('aria-busy')).to.equal('true');
    await until(() => settled(el), 'count');
    expect(digits(countText(el))).to.equal(await count('airports'));
    const lost = await fixture<OdeFilters>(html`<ode-filters source="nowhere"></ode-filters>`);
    expect(shadowText(lost)).to.contain('nowhere');
    await expect(lost).to.be.accessible();
  });

  it('shows the portal’s error for a bad query, with Retry', async () => {
    const el = await fixture<OdeFilters>(
      html`<ode-filters domain=${portalUrl()} dataset="no-such-dataset"></ode-filters>`,
    );
    await until(() => !!el.shadowRoot!.querySelector('[part~="error"]'), 'error');
    expect(el.hasAttribute('aria-busy')).to.equal(false);
    await expect(el).to.be.accessible();
  });
});
