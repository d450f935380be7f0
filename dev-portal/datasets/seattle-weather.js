// @ts-check
/** `seattle-weather`: daily weather in Seattle, 2012–2015 (vega-datasets `data/seattle-weather.csv`). */
import { createTable, field, finish, packageFile, str, tableName, vegaMetas, vegaPackage } from './common.js';

export const id = 'seattle-weather';

/** @param {import('./common.js').Connection} conn */
export async function load(conn) {
  const table = tableName(id);
  const res = vegaPackage().resources.find((/** @type {any} */ r) => r.name === 'seattle_weather');
  /** The field descriptions of the data package. */
  const describe = (/** @type {string} */ name) =>
    res?.schema?.fields?.find((/** @type {any} */ f) => f.name === name)?.description ?? null;
  const fields = [
    field('date', 'date', 'Date', describe('date')),
    field('precipitation', 'double', 'Precipitation (mm)', describe('precipitation')),
    field('temp_max', 'double', 'Maximum temperature (°C)', describe('temp_max')),
    field('temp_min', 'double', 'Minimum temperature (°C)', describe('temp_min')),
    field('wind', 'double', 'Wind (km/h)', describe('wind')),
    field('weather', 'text', 'Weather', describe('weather'), { facet: true, disjunctive: true }),
  ];
  const file = packageFile('vega-datasets', 'data/seattle-weather.csv');
  await createTable(conn, {
    table,
    fields,
    source: `SELECT * FROM read_csv(${str(file)}, header = true,
      columns = {'date': 'DATE', 'precipitation': 'DOUBLE', 'temp_max': 'DOUBLE', 'temp_min': 'DOUBLE',
                 'wind': 'DOUBLE', 'weather': 'VARCHAR'})`,
    id: `sha1(CAST(src.date AS VARCHAR))`,
  });
  const metas = vegaMetas('seattle_weather', {
    title: 'Seattle daily weather, 2012–2015',
    theme: ['Environment'],
    keyword: ['weather', 'climate', 'temperature', 'precipitation', 'Seattle'],
    territory: ['United States', 'Seattle'],
    timezone: 'America/Los_Angeles',
  });
  return finish(conn, { id, table, fields, metas });
}
