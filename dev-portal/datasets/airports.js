// @ts-check
/** `airports`: US airports with coordinates (vega-datasets `data/airports.csv`, from Data.gov). */
import { createTable, field, finish, packageFile, str, tableName, vegaMetas } from './common.js';

export const id = 'airports';

/** @param {import('./common.js').Connection} conn */
export async function load(conn) {
  const table = tableName(id);
  const fields = [
    field('iata', 'text', 'IATA code', 'Airport code (IATA or FAA location identifier)'),
    field('name', 'text', 'Name', 'Airport name'),
    field('city', 'text', 'City', 'City served', { facet: true }),
    field('state', 'text', 'State', 'Two-letter state or territory code', { facet: true, disjunctive: true }),
    field('country', 'text', 'Country', 'Country', { facet: true }),
    field('latitude', 'double', 'Latitude', 'WGS84 latitude'),
    field('longitude', 'double', 'Longitude', 'WGS84 longitude'),
    field('geo_point_2d', 'geo_point_2d', 'geo_point_2d', null),
  ];
  const file = packageFile('vega-datasets', 'data/airports.csv');
  await createTable(conn, {
    table,
    fields,
    source: `SELECT iata, name, city, state, country, latitude, longitude,
        CASE WHEN latitude IS NULL OR longitude IS NULL THEN NULL
             ELSE {'lon': longitude, 'lat': latitude} END AS geo_point_2d
      FROM read_csv(${str(file)}, header = true,
        columns = {'iata': 'VARCHAR', 'name': 'VARCHAR', 'city': 'VARCHAR', 'state': 'VARCHAR',
                   'country': 'VARCHAR', 'latitude': 'DOUBLE', 'longitude': 'DOUBLE'})`,
    id: `sha1(src.iata)`,
  });
  const metas = vegaMetas('airports', {
    title: 'US airports',
    theme: ['Transport'],
    keyword: ['airports', 'aviation', 'IATA'],
    territory: ['United States'],
    // The data package gives only a URL as the licence title (https://www.usa.gov/government-works):
    // the label is the name of that page.
    license: 'U.S. Government Works',
  });
  return finish(conn, { id, table, fields, metas });
}
