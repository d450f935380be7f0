// @ts-check
/**
 * `flights`: 3 million US domestic flights of the first half of 2001 (vega-datasets
 * `data/flights-3m.parquet`). The parquet `date` is a naive timestamp; it is stored as UTC.
 * `__id` is the row's position in the parquet file, in hex (stable for a given file; hashing
 * 3 million rows would cost ~0.3 s of start-up for nothing).
 */
import { createTable, field, finish, packageFile, str, tableName, vegaMetas } from './common.js';

export const id = 'flights';

/** @param {import('./common.js').Connection} conn */
export async function load(conn) {
  const table = tableName(id);
  const fields = [
    field(
      'date',
      'datetime',
      'Date',
      'Scheduled departure date and time (UTC as stored; local time in the source)',
    ),
    field('delay', 'int', 'Delay (min)', 'Arrival delay in minutes (negative when early)'),
    field('distance', 'int', 'Distance (miles)', 'Flight distance in miles'),
    field('origin', 'text', 'Origin', 'IATA code of the departure airport', {
      facet: true,
      disjunctive: true,
    }),
    field('destination', 'text', 'Destination', 'IATA code of the arrival airport', {
      facet: true,
      disjunctive: true,
    }),
  ];
  const file = packageFile('vega-datasets', 'data/flights-3m.parquet');
  await createTable(conn, {
    table,
    fields,
    source: `SELECT timezone('UTC', date) AS date, delay, distance, origin, destination, file_row_number
      FROM read_parquet(${str(file)}, file_row_number = true)`,
    id: `printf('%016x', src.file_row_number)`,
  });
  const metas = vegaMetas('flights_3m', {
    title: 'US flight delays (3 million flights, 2001)',
    theme: ['Transport'],
    keyword: ['flights', 'airports', 'delays', 'aviation', 'BTS'],
    territory: ['United States'],
  });
  return finish(conn, { id, table, fields, metas });
}
