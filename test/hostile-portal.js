// @ts-check
/**
 * A hostile portal for the tests: the Explore API v2.1's URLs, answered with wrong shapes, slow bodies
 * and odd headers, chosen by dataset id. Started by web-test-runner.config.js; pages read its URL from
 * `window.ODE_TEST_HOSTILE_PORTAL`.
 *
 * Dataset ids (any other id: a small valid dataset of three cities):
 * - `fields-not-list`: metadata `fields` is an object.
 * - `metas-object`, `metas-array`, `metas-lit`, `metas-tostring`: `metas.default.title` and `publisher`
 *   are an object, an array, an object shaped like a Lit template, an object whose `toString` is a number.
 * - `results-not-list`, `rows-null`, `rows-number`, `total-string`: records answers with `results` an
 *   object, rows `null`, rows numbers, `total_count` a text; the facets answer is broken the same way
 *   (`facets` an object, `null` or number values, `count` a text).
 * - `drip`: every answer starts at once and then sends one space every 300 ms (for 30 s at most).
 * - `slow-records`: the valid dataset, its metadata answered at once, everything else 1.5 s later.
 * - `drop`: the connection drops in the middle of the body.
 * - `long-error`: a 400 whose message is 10,000 characters long.
 * - ids starting with `retry-after`: the first request of each URL is a 429 whose only hint is
 *   `Retry-After: 1` (exposed to scripts by CORS); later requests are answered.
 *
 *   const hostile = await createHostilePortal();
 *   hostile.url  // "http://127.0.0.1:41235"
 *   await hostile.close();
 */
import http from 'node:http';

const API = '/api/explore/v2.1/catalog/datasets/';

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'Retry-After',
  'cache-control': 'no-store',
};

/** The valid dataset every other answer is a variation of. */
const FIELDS = [
  { name: 'city', label: 'City', type: 'text', description: null, annotations: {} },
  { name: 'population', label: 'Population', type: 'int', description: null, annotations: {} },
  { name: 'location', label: 'Location', type: 'geo_point_2d', description: null, annotations: {} },
];
const ROWS = [
  { city: 'Lyon', population: 522250, location: { lon: 4.835, lat: 45.758 } },
  { city: 'Nantes', population: 320732, location: { lon: -1.554, lat: 47.218 } },
  { city: 'Lille', population: 236710, location: { lon: 3.057, lat: 50.629 } },
];

/** A title or publisher that is not a text, by dataset id. */
const BAD_METAS = {
  'metas-object': { text: 'not a title' },
  'metas-array': ['not', 'a', 'title'],
  'metas-lit': { _$litType$: 1, strings: ['<img src=x onerror="window.ODE_PWNED=1">'], values: [] },
  'metas-tostring': { toString: 1, valueOf: 2 },
};

/** @param {string} id */
function metadata(id) {
  const bad = /** @type {Record<string, unknown>} */ (BAD_METAS)[id];
  return {
    dataset_id: id,
    has_records: true,
    features: ['analyze', 'geo'],
    fields: id === 'fields-not-list' ? { city: FIELDS[0] } : FIELDS,
    metas: {
      default: {
        title: bad ?? 'Three cities',
        publisher: bad ?? 'Hostile portal',
        license: 'Licence Ouverte v2.0 (Etalab)',
        license_url: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence',
        modified: '2024-05-01T10:00:00+00:00',
        records_count: ROWS.length,
      },
    },
  };
}

/**
 * Records (plain or grouped: the rows carry every alias the chart may ask for).
 * @param {string} id
 * @param {URLSearchParams} q
 */
function records(id, q) {
  const grouped = q.has('group_by');
  const rows = grouped
    ? ROWS.map((r) => ({ x: r.city, city: r.city, s0: r.population, y: r.population }))
    : ROWS;
  if (id === 'results-not-list') return { total_count: 3, results: { 0: rows[0] } };
  if (id === 'rows-null') return { total_count: 3, results: [null, null, null] };
  if (id === 'rows-number') return { total_count: 3, results: [1, 2, 3] };
  if (id === 'total-string') return { total_count: '3', results: rows };
  return { total_count: ROWS.length, results: rows };
}

/**
 * @param {string} id
 * @param {URLSearchParams} q
 */
function facets(id, q) {
  // `facet=city` or `facet=facet(name="city", limit=50)`
  const names = q.getAll('facet').map((f) => /name="([^"]*)"/.exec(f)?.[1] ?? f);
  const values = ROWS.map((r) => ({ name: r.city, value: r.city, count: 1, state: 'displayed' }));
  if (id === 'results-not-list') return { facets: { city: values } };
  if (id === 'rows-null') return { facets: names.map((name) => ({ name, facets: [null] })) };
  if (id === 'rows-number') return { facets: names.map((name) => ({ name, facets: [1, 2] })) };
  if (id === 'total-string')
    return { facets: names.map((name) => ({ name, facets: values.map((v) => ({ ...v, count: '1' })) })) };
  return { facets: names.map((name) => ({ name, facets: values })) };
}

/**
 * Start the hostile portal.
 * @param {{port?: number, host?: string}} [options]
 */
export async function createHostilePortal(options = {}) {
  const { port = 0, host = '127.0.0.1' } = options;
  /** URLs already answered with a 429 (the `retry-after…` datasets). */
  const limited = new Set();
  /** @type {Set<NodeJS.Timeout>} */
  const drips = new Set();

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const json = (/** @type {number} */ status, /** @type {unknown} */ body, headers = {}) => {
      res.writeHead(status, { ...CORS, 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...CORS, 'access-control-allow-headers': 'Authorization' });
      return res.end();
    }
    if (!url.pathname.startsWith(API)) {
      return json(404, { error_code: 'NotFoundResource', message: `${url.pathname} does not exist.` });
    }
    const [id, endpoint = ''] = url.pathname.slice(API.length).split('/');
    if (id === 'drip') {
      res.writeHead(200, { ...CORS, 'content-type': 'application/json; charset=utf-8' });
      res.write('{');
      const started = Date.now();
      const timer = setInterval(() => {
        if (Date.now() - started > 30_000 || res.destroyed) {
          clearInterval(timer);
          drips.delete(timer);
          res.end('}');
          return;
        }
        res.write(' ');
      }, 300);
      drips.add(timer);
      res.on('close', () => {
        clearInterval(timer);
        drips.delete(timer);
      });
      return;
    }
    if (id === 'drop') {
      // a body announced at 10,000 bytes, cut after a few: the connection drops mid-answer
      res.writeHead(200, { ...CORS, 'content-type': 'application/json', 'content-length': '10000' });
      res.write('{"total_count": 3, "results": [');
      setTimeout(() => res.destroy(), 20);
      return;
    }
    if (id === 'long-error') {
      return json(400, {
        error_code: 'ODSQLError',
        message: `A very long message: ${'blah '.repeat(2000)}(end)`,
      });
    }
    if (id.startsWith('retry-after') && !limited.has(req.url)) {
      limited.add(req.url);
      res.writeHead(429, { ...CORS, 'retry-after': '1' });
      return res.end();
    }
    /** The valid answers. */
    const answer = () => {
      if (endpoint === '') return json(200, metadata(id));
      if (endpoint === 'records') return json(200, records(id, url.searchParams));
      if (endpoint === 'facets') return json(200, facets(id, url.searchParams));
      if (endpoint === 'exports' && url.pathname.endsWith('/geojson')) {
        return json(200, {
          type: 'FeatureCollection',
          features: ROWS.map(({ location, ...properties }) => ({
            type: 'Feature',
            geometry: { type: 'Point', coordinates: [location.lon, location.lat] },
            properties,
          })),
        });
      }
      return json(404, { error_code: 'NotFoundResource', message: `${url.pathname} does not exist.` });
    };
    if (id === 'slow-records' && endpoint !== '') {
      const timer = setTimeout(() => {
        drips.delete(timer);
        if (!res.destroyed) answer();
      }, 1500);
      drips.add(timer);
      return;
    }
    return answer();
  });

  await new Promise((resolve) => server.listen(port, host, () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        for (const t of drips) clearInterval(t);
        server.closeAllConnections();
        server.close(() => resolve(undefined));
      }),
  };
}
