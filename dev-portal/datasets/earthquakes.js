// @ts-check
/**
 * `earthquakes`: one week of the USGS "all earthquakes" feed, 31 Jan – 7 Feb 2018 (vega-datasets
 * `data/earthquakes.json`, a GeoJSON FeatureCollection). Each feature gives a `geom` geo_shape (its
 * geometry wrapped as a Feature, depth kept as the third coordinate), a `geo_point_2d`, and its
 * properties; epoch-millisecond times become datetimes, `tsunami` (0/1) a boolean.
 */
import { createTable, field, finish, packageFile, str, tableName, vegaMetas } from './common.js';

export const id = 'earthquakes';

/** @param {import('./common.js').Connection} conn */
export async function load(conn) {
  const table = tableName(id);
  const fields = [
    field('id', 'text', 'Event ID', 'USGS event identifier'),
    field('title', 'text', 'Title', 'Magnitude and place'),
    field('mag', 'double', 'Magnitude', 'Magnitude of the event'),
    field('mag_type', 'text', 'Magnitude type', 'Method used to compute the magnitude', { facet: true }),
    field('place', 'text', 'Place', 'Named geographic region near the event'),
    field('time', 'datetime', 'Time', 'Time of the event'),
    field('updated', 'datetime', 'Updated', 'Time of the last update of the event', { facet: false }),
    field('depth', 'double', 'Depth (km)', 'Depth of the event in kilometres'),
    field('felt', 'int', 'Felt reports', 'Number of "Did you feel it?" reports'),
    field('cdi', 'double', 'CDI', 'Maximum reported intensity'),
    field('mmi', 'double', 'MMI', 'Maximum estimated instrumental intensity'),
    field('alert', 'text', 'Alert', 'PAGER alert level', { facet: true }),
    field('status', 'text', 'Status', 'Review status', { facet: true }),
    field('tsunami', 'boolean', 'Tsunami', 'Large event in an oceanic region', { facet: true }),
    field('sig', 'int', 'Significance', 'Significance of the event (0–1000)'),
    field('net', 'text', 'Network', 'Contributing network', { facet: true, disjunctive: true }),
    field('nst', 'int', 'Stations', 'Number of seismic stations used'),
    field('dmin', 'double', 'Distance to nearest station (°)', null),
    field('rms', 'double', 'RMS travel time residual (s)', null),
    field('gap', 'double', 'Azimuthal gap (°)', null),
    field('type', 'text', 'Event type', 'Type of seismic event', { facet: true }),
    field('url', 'text', 'Event page', 'USGS event page', { sortable: false }),
    field('geom', 'geo_shape', 'Geom', 'Epicentre (GeoJSON geometry; third coordinate is the depth)'),
    field('geo_point_2d', 'geo_point_2d', 'geo_point_2d', null),
  ];
  const file = packageFile('vega-datasets', 'data/earthquakes.json');
  const props = `STRUCT(mag DOUBLE, place VARCHAR, "time" BIGINT, updated BIGINT, url VARCHAR, felt BIGINT,
    cdi DOUBLE, mmi DOUBLE, alert VARCHAR, status VARCHAR, tsunami BIGINT, sig BIGINT, net VARCHAR,
    nst BIGINT, dmin DOUBLE, rms DOUBLE, gap DOUBLE, magType VARCHAR, "type" VARCHAR, title VARCHAR)`;
  const feature = `STRUCT("type" VARCHAR, id VARCHAR, properties ${props},
    geometry STRUCT("type" VARCHAR, coordinates DOUBLE[]))`;
  await createTable(conn, {
    table,
    fields,
    source: `SELECT f.id AS id, p.title AS title, p.mag AS mag, p.magType AS mag_type, p.place AS place,
        make_timestamptz(p."time" * 1000) AS "time", make_timestamptz(p.updated * 1000) AS updated,
        f.geometry.coordinates[3] AS depth, p.felt AS felt, p.cdi AS cdi, p.mmi AS mmi, p.alert AS alert,
        p.status AS status, p.tsunami <> 0 AS tsunami, p.sig AS sig, p.net AS net, p.nst AS nst,
        p.dmin AS dmin, p.rms AS rms, p.gap AS gap, p."type" AS "type", p.url AS url,
        CASE WHEN f.geometry IS NULL THEN NULL ELSE CAST(json_object('type', 'Feature',
          'geometry', json_object('type', f.geometry."type", 'coordinates', f.geometry.coordinates),
          'properties', json_object()) AS VARCHAR) END AS geom,
        CASE WHEN f.geometry IS NULL THEN NULL
          ELSE {'lon': f.geometry.coordinates[1], 'lat': f.geometry.coordinates[2]} END AS geo_point_2d
      FROM (SELECT f, f.properties AS p FROM (SELECT unnest(features) AS f FROM read_json(${str(file)},
              columns = {'features': '${feature.replace(/\s+/g, ' ')}[]'})))`,
    id: `sha1(src.id)`,
  });
  const metas = vegaMetas('earthquakes', {
    title: 'Earthquakes, one week of the USGS feed (February 2018)',
    theme: ['Environment', 'Science'],
    keyword: ['earthquakes', 'seismology', 'USGS', 'GeoJSON'],
    territory: ['World'],
  });
  return finish(conn, { id, table, fields, metas });
}
