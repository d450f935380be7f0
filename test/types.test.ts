import { expect } from '@open-wc/testing';
import type { OdeChart } from '../src/chart/ode-chart.js';
import type { OdeMap } from '../src/map/ode-map.js';

/**
 * The attributes with a fixed set of values are typed as unions, so that editors complete them and
 * TypeScript refuses a value that does not exist. Checked by `npm run typecheck`: each
 * `@ts-expect-error` below fails the type check if its line ever becomes valid (a property typed
 * `string` again).
 */
describe('typed attributes', () => {
  it('refuses a chart type, time bucket, order or map mode that does not exist', () => {
    const chart = {} as OdeChart;
    const map = {} as OdeMap;
    chart.type = 'bar';
    chart.timeBucket = 'auto';
    chart.order = 'y desc';
    map.mode = 'heatmap';
    // @ts-expect-error not a chart type
    chart.type = 'histogram';
    // @ts-expect-error not a time bucket
    chart.timeBucket = 'fortnight';
    // @ts-expect-error not an order
    chart.order = 'z asc';
    // @ts-expect-error not a map mode
    map.mode = 'hexbin';
    expect(map.mode).to.equal('hexbin');
  });
});
