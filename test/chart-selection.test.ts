import { expect } from '@open-wc/testing';
import {
  clearSelection,
  ownQuery,
  selectedCategories,
  selectedSeries,
  selectorFor,
  toggleCategory,
  toggleSeries,
  type Selector,
} from '../src/chart/selection.js';
import { readSpec, type ChartModel } from '../src/chart/spec.js';
import { facetValue } from '../src/api/odsql.js';
import { emptyQuery, type SharedQuery } from '../src/core/source.js';

const query = (patch: Partial<SharedQuery> = {}): SharedQuery => ({ ...emptyQuery(), ...patch });
const categories = (raws: unknown[]): ChartModel => ({
  kind: 'category',
  categories: raws.map((raw) => ({ id: `string:${String(raw)}`, raw })),
  series: [],
  truncated: false,
});

describe('chart selection (filter-on-click)', () => {
  it('selects on x, as refines or as a date range; not on expressions or numeric ranges', () => {
    expect(selectorFor(readSpec({ x: 'nom_region' }), true)).to.deep.equal({
      kind: 'refine',
      field: 'nom_region',
      multiple: true,
      rangeKey: 'select-nom_region',
    });
    expect(selectorFor(readSpec({ x: 'date', timeBucket: 'month' }), false)).to.include({ kind: 'range' });
    expect(selectorFor(readSpec({ x: 'year(date)' }), false)).to.equal('expression');
    expect(selectorFor(readSpec({ x: 'population', xStep: '1000' }), false)).to.equal('numeric-range');
  });

  it('toggles a category: single on a conjunctive field, several on a disjunctive one', () => {
    const model = categories(['Bretagne', 'Normandie', null]);
    const single = selectorFor(readSpec({ x: 'region' }), false) as Selector;
    let q = query({ refine: ['zone:metro'] });
    const on = toggleCategory(q, single, model, 0)!;
    expect(on.on).to.equal(true);
    q = { ...q, ...on.patch };
    expect(q.refine).to.deep.equal(['zone:metro', facetValue('region', 'Bretagne')]);
    q = { ...q, ...toggleCategory(q, single, model, 1)!.patch };
    expect(q.refine).to.deep.equal(['zone:metro', facetValue('region', 'Normandie')]);
    expect(selectedCategories(q, single, model)).to.deep.equal([false, true, false]);
    // the chart asks without its own field's refines, so it keeps every category
    expect(ownQuery(q, single).refine).to.deep.equal(['zone:metro']);
    const off = toggleCategory(q, single, model, 1)!;
    expect(off.on).to.equal(false);
    expect(off.patch.refine).to.deep.equal(['zone:metro']);
    // an empty category cannot be a refine
    expect(toggleCategory(q, single, model, 2)).to.equal(undefined);
    const multi = { ...single, multiple: true };
    let m = query();
    m = { ...m, ...toggleCategory(m, multi, model, 0)!.patch };
    m = { ...m, ...toggleCategory(m, multi, model, 1)!.patch };
    expect(selectedCategories(m, multi, model)).to.deep.equal([true, true, false]);
    // an unquoted refine written by an attribute counts as the same value
    expect(selectedCategories(query({ refine: ['region:Bretagne'] }), multi, model)).to.deep.equal([
      true,
      false,
      false,
    ]);
    expect(clearSelection(m, multi)).to.deep.equal({ refine: [] });
    expect(selectedCategories(query(), multi, model)).to.equal(undefined);
  });

  it('turns a time bucket into whole days, and back', () => {
    const model: ChartModel = {
      kind: 'time',
      bucket: 'month',
      categories: [Date.UTC(2012, 0, 1), Date.UTC(2012, 1, 1), Date.UTC(2012, 2, 1)].map((ms) => ({
        id: `t${ms}`,
        raw: new Date(ms).toISOString(),
        ms,
      })),
      series: [],
      truncated: false,
    };
    const sel = selectorFor(readSpec({ x: 'date', timeBucket: 'month' }), false) as Selector;
    const other = { field: 'date', from: '2012-01-01', to: '2012-12-31' };
    let q = query({ ranges: { 'date-range': other } });
    const on = toggleCategory(q, sel, model, 1)!;
    q = { ...q, ...on.patch };
    expect(q.ranges['select-date']).to.deep.equal({ field: 'date', from: '2012-02-01', to: '2012-02-29' });
    expect(selectedCategories(q, sel, model)).to.deep.equal([false, true, false]);
    // the chart ignores its own range, not the date-range filter's
    expect(ownQuery(q, sel).ranges).to.deep.equal({ 'date-range': other });
    q = { ...q, ...toggleCategory(q, sel, model, 1)!.patch };
    expect(q.ranges).to.deep.equal({ 'date-range': other });
    const hours: ChartModel = { ...model, bucket: 'hour' };
    expect(toggleCategory(query(), sel, hours, 0)!.patch.ranges!['select-date']).to.deep.equal({
      field: 'date',
      from: '2012-01-01',
      to: '2012-01-01',
    });
  });

  it('selects series of a series-by chart on that field; never "Other" or the empty value', () => {
    const model: ChartModel = {
      ...categories(['2012']),
      series: [
        { label: 'rain', values: [1], axis: 'left' },
        { label: 'sun', values: [1], axis: 'left' },
        { label: '(no value)', values: [1], axis: 'left' },
        { label: 'Other', values: [1], axis: 'left', other: true },
      ],
    };
    const sel = selectorFor(
      readSpec({ x: 'date', timeBucket: 'year', seriesBy: 'weather' }),
      false,
    ) as Selector;
    expect(sel.seriesField).to.equal('weather');
    let q = query({ refine: ['zone:x'] });
    const on = toggleSeries(q, sel, model, 1, '(no value)', false)!;
    expect(on).to.deep.include({ on: true, value: 'sun' });
    q = { ...q, ...on.patch };
    expect(selectedSeries(q, sel, model, '(no value)')).to.deep.equal([false, true, false, false]);
    // the chart asks without its own series field's refines
    expect(ownQuery(q, sel).refine).to.deep.equal(['zone:x']);
    expect(toggleSeries(q, sel, model, 2, '(no value)', false)).to.equal(undefined);
    expect(toggleSeries(q, sel, model, 3, '(no value)', false)).to.equal(undefined);
    expect(clearSelection(q, sel).refine).to.deep.equal(['zone:x']);
  });
});
