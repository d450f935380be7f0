/**
 * The same views built with Opendatasoft's own SDK, as its documentation shows: `@opendatasoft/api-client`
 * asks the portal, `@opendatasoft/visualizations` draws. Bundled by the same esbuild as ours
 * (bench/peers.js); used only by the benchmark.
 *
 * The page sets `window.BENCH = { portal, view }` before this module runs.
 */
import { ApiClient, fromCatalog } from '@opendatasoft/api-client';
import { Chart, Table, PoiMap } from '@opendatasoft/visualizations';
import '@opendatasoft/visualizations/dist/index.css';

const { portal, view } = window.BENCH;
const client = new ApiClient({ domain: portal });
const COLOR = '#0072b2';

/** A bar chart of `count(*)` by `field`, top `limit`, in a new box of the page. */
async function bars(dataset, field, limit) {
  const box = document.createElement('div');
  box.className = 'view';
  document.body.append(box);
  const chart = new Chart(box, { loading: true }, barOptions(field));
  const query = fromCatalog()
    .dataset(dataset)
    .records()
    .select(`count(*) as n`)
    .groupBy(field)
    .orderBy('n desc')
    .limit(limit);
  const answer = await client.get(query);
  chart.updateData({ loading: false, value: answer.results });
}

const barOptions = (field) => ({
  labelColumn: field,
  series: [{ type: 'bar', valueColumn: 'n', backgroundColor: COLOR }],
  axis: { x: { type: 'category' }, y: { type: 'linear', beginAtZero: true } },
  aspectRatio: 2,
});

const views = {
  async bar() {
    await bars('flights', 'origin', 10);
  },
  async five() {
    await Promise.all([
      bars('flights', 'origin', 10),
      bars('airports', 'state', 10),
      bars('communes-france', 'nom_region', 10),
      bars('earthquakes', 'mag_type', 10),
      bars('seattle-weather', 'weather', 10),
    ]);
  },
  async line() {
    const box = document.createElement('div');
    box.className = 'view';
    document.body.append(box);
    const options = {
      labelColumn: 'month',
      series: [{ type: 'line', valueColumn: 'n', borderColor: COLOR, backgroundColor: COLOR }],
      axis: { x: { type: 'category' }, y: { type: 'linear', beginAtZero: true } },
      aspectRatio: 2,
    };
    const chart = new Chart(box, { loading: true }, options);
    const query = fromCatalog()
      .dataset('flights')
      .records()
      .select('count(*) as n')
      .groupBy('date_format(date, "yyyy-MM") as month')
      .orderBy('month')
      .limit(100);
    const answer = await client.get(query);
    chart.updateData({ loading: false, value: answer.results });
  },
  async table() {
    const box = document.createElement('div');
    box.className = 'view';
    document.body.append(box);
    const columns = [
      { key: 'nom', title: 'Nom', dataFormat: 'short-text' },
      { key: 'code', title: 'Code', dataFormat: 'short-text' },
      { key: 'population', title: 'Population', dataFormat: 'number' },
    ];
    const table = new Table(box, { loading: true }, { columns, locale: 'fr' });
    const query = fromCatalog()
      .dataset('communes-france')
      .records()
      .select('nom, code, population')
      .limit(20);
    const answer = await client.get(query);
    table.updateData({ loading: false, value: answer.results });
  },
  async map() {
    const box = document.createElement('div');
    box.className = 'view map';
    document.body.append(box);
    const query = fromCatalog().dataset('earthquakes').export('geojson');
    const geojson = await client.get(query);
    new PoiMap(
      box,
      {
        value: {
          sources: { points: { type: 'geojson', data: geojson } },
          layers: [{ id: 'points', source: 'points', type: 'circle', color: '#ff00ff', circleRadius: 4 }],
        },
      },
      {
        style: {
          sources: {},
          layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#dde7ee' } }],
        },
        bbox: [-180, -70, 180, 80],
        aspectRatio: 2,
      },
    );
  },
};

await views[view]();
