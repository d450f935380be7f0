// @ts-check
/**
 * Shared steps of the dataset loaders: field objects and their annotations, the table with its
 * hidden columns (storage contract below), and the dataset JSON with every key of the real recording
 * (`shared/ods-fixtures/v2.1-vancouver/metadata-public-trees.body.json`).
 *
 * Storage contract (the ODSQL compiler relies on it):
 * - table `ds_<id with - replaced by _>`, one column per field with the field's exact name;
 * - text → VARCHAR (VARCHAR[] when multivalued), int → BIGINT, double → DOUBLE, boolean → BOOLEAN,
 *   date → DATE, datetime → TIMESTAMPTZ, geo_point_2d → STRUCT(lon DOUBLE, lat DOUBLE),
 *   geo_shape → VARCHAR (JSON text of a GeoJSON Feature) plus a hidden `__geo_<name>`
 *   STRUCT(lon, lat, minlon, minlat, maxlon, maxlat) (bbox centre and bbox), file / json_blob → VARCHAR
 *   (JSON text);
 * - hidden `__id` VARCHAR (hex, unique per row, stable across loads) and `__text` VARCHAR
 *   = strip_accents(lower(concat_ws(' ', <every text field, lists joined by spaces>))).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * @typedef {'text'|'int'|'double'|'boolean'|'date'|'datetime'|'geo_point_2d'|'geo_shape'|'file'|'json_blob'} FieldType
 */
/**
 * A field as served in `dataset.fields` (key order of the recording).
 * @typedef {object} Field
 * @property {string} name
 * @property {string | null} description
 * @property {Record<string, boolean | string>} annotations
 * @property {string} label
 * @property {FieldType} type
 */
/**
 * A field as returned to the server and the compiler: the served field plus the storage flag.
 * @typedef {Field & { multivalued: boolean }} StoredField
 */
/**
 * @typedef {object} FieldOptions
 * @property {boolean} [facet]
 * @property {boolean} [disjunctive]
 * @property {string} [facetsort] e.g. '-count', 'alphanum', '-alphanum'
 * @property {boolean} [sortable] defaults to true for int/double/date/datetime/text
 * @property {boolean} [multivalued] text only: stored as VARCHAR[], served as a JSON array
 * @property {Record<string, boolean | string>} [extra] more annotations
 */
/**
 * What a loader returns.
 * @typedef {{ table: string, dataset: any, fields: StoredField[] }} Loaded
 */
/** @typedef {import('@duckdb/node-api').DuckDBConnection} Connection */

const SORTABLE = new Set(['int', 'double', 'date', 'datetime', 'text']);
export const GEO_STRUCT =
  'STRUCT(lon DOUBLE, lat DOUBLE, minlon DOUBLE, minlat DOUBLE, maxlon DOUBLE, maxlat DOUBLE)';
export const POINT_STRUCT = 'STRUCT(lon DOUBLE, lat DOUBLE)';

/**
 * Build a field. Dates and datetimes are facets with `timerangeFilter` (like the recording's
 * `date_planted`); every int/double/date/datetime/text field is sortable unless told otherwise.
 * @param {string} name
 * @param {FieldType} type
 * @param {string} label
 * @param {string | null} description
 * @param {FieldOptions} [options]
 * @returns {StoredField}
 */
export function field(name, type, label, description, options = {}) {
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`invalid field name ${name}`);
  /** @type {Record<string, boolean | string>} */
  const annotations = {};
  const isDate = type === 'date' || type === 'datetime';
  if (options.facet ?? isDate) annotations.facet = true;
  if (options.disjunctive) annotations.disjunctive = true;
  if (options.facetsort) annotations.facetsort = options.facetsort;
  else if (isDate && annotations.facet) annotations.facetsort = '-alphanum';
  if (options.multivalued) annotations.multivalued = ',';
  if (isDate) annotations.timerangeFilter = true;
  if (options.sortable ?? SORTABLE.has(type)) annotations.sortable = true;
  Object.assign(annotations, options.extra ?? {});
  return { name, description, annotations, label, type, multivalued: !!options.multivalued };
}

/** DuckDB column type of a field (storage contract). */
export function duckType(/** @type {StoredField} */ f) {
  switch (f.type) {
    case 'text':
      return f.multivalued ? 'VARCHAR[]' : 'VARCHAR';
    case 'int':
      return 'BIGINT';
    case 'double':
      return 'DOUBLE';
    case 'boolean':
      return 'BOOLEAN';
    case 'date':
      return 'DATE';
    case 'datetime':
      return 'TIMESTAMPTZ';
    case 'geo_point_2d':
      return POINT_STRUCT;
    case 'geo_shape':
    case 'file':
    case 'json_blob':
      return 'VARCHAR';
    default:
      throw new Error(`unknown field type ${f.type}`);
  }
}

/** A quoted SQL identifier. */
export const ident = (/** @type {string} */ name) => `"${name.replace(/"/g, '""')}"`;
/** A quoted SQL string literal (for file paths built here, never for user input). */
export const str = (/** @type {string} */ s) => `'${s.replace(/'/g, "''")}'`;
/** The table of a dataset id. */
export const tableName = (/** @type {string} */ id) => `ds_${id.replace(/-/g, '_')}`;

/**
 * Absolute path of a file inside an installed npm package (resolved from this module).
 * @param {string} pkg
 * @param {string} file
 */
export function packageFile(pkg, file) {
  return join(packageRoot(pkg), file);
}

/**
 * The directory of an installed package. `pkg/package.json` when the package exports it, else the
 * first directory above its resolved entry point holding its package.json (vega-datasets' `exports`
 * hides package.json).
 * @param {string} pkg
 */
function packageRoot(pkg) {
  try {
    return dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    let dir = dirname(require.resolve(pkg));
    for (;;) {
      const manifest = join(dir, 'package.json');
      if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === pkg) return dir;
      const up = dirname(dir);
      if (up === dir) throw new Error(`cannot find the package.json of ${pkg}`);
      dir = up;
    }
  }
}

/** @type {Map<string, any>} */
const jsonCache = new Map();
/**
 * A JSON file of an installed package, parsed once.
 * @param {string} pkg
 * @param {string} file
 */
export function packageJson(pkg, file) {
  const path = packageFile(pkg, file);
  if (!jsonCache.has(path)) jsonCache.set(path, JSON.parse(readFileSync(path, 'utf8')));
  return jsonCache.get(path);
}

/** A representative point and bbox of every coordinate pair of a GeoJSON text, as a SQL expression. */
function geoStructSql(/** @type {string} */ jsonCol) {
  const num = '(-?[0-9]+(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)';
  const pattern = str(`\\[\\s*${num}\\s*,\\s*${num}`);
  const geom = `CAST(json_extract(${jsonCol}, '$.geometry') AS VARCHAR)`;
  const lons = `list_transform(regexp_extract_all(${geom}, ${pattern}, 1), x -> CAST(x AS DOUBLE))`;
  const lats = `list_transform(regexp_extract_all(${geom}, ${pattern}, 2), x -> CAST(x AS DOUBLE))`;
  return `(SELECT CASE WHEN coalesce(len(lons), 0) = 0 THEN NULL ELSE CAST({
      'lon': (list_min(lons) + list_max(lons)) / 2, 'lat': (list_min(lats) + list_max(lats)) / 2,
      'minlon': list_min(lons), 'minlat': list_min(lats), 'maxlon': list_max(lons), 'maxlat': list_max(lats)
    } AS ${GEO_STRUCT}) END FROM (SELECT ${lons} AS lons, ${lats} AS lats))`;
}

/**
 * Create a dataset's table from a SQL query, adding the hidden columns.
 * @param {Connection} conn
 * @param {object} spec
 * @param {string} spec.table
 * @param {StoredField[]} spec.fields
 * @param {string} spec.source a SELECT yielding one column per field name (datetimes already TIMESTAMPTZ,
 *   geo_point_2d as {'lon','lat'} or NULL, geo_shape as GeoJSON Feature text); read with DuckDB's readers
 * @param {string} spec.id SQL expression over the source columns giving the hex `__id`
 * @param {any[]} [spec.params] values bound to `?` in `source`
 */
export async function createTable(conn, { table, fields, source, id, params }) {
  const cols = fields.map((f) => `CAST(src.${ident(f.name)} AS ${duckType(f)}) AS ${ident(f.name)}`);
  const geo = fields
    .filter((f) => f.type === 'geo_shape')
    .map((f) => `${geoStructSql(`src.${ident(f.name)}`)} AS ${ident(`__geo_${f.name}`)}`);
  const texts = fields
    .filter((f) => f.type === 'text')
    .map((f) =>
      f.multivalued ? `array_to_string(src.${ident(f.name)}, ' ')` : `CAST(src.${ident(f.name)} AS VARCHAR)`,
    );
  const text = texts.length ? `strip_accents(lower(concat_ws(' ', ${texts.join(', ')})))` : `''`;
  const sql = `CREATE OR REPLACE TABLE ${ident(table)} AS
    SELECT ${[...cols, ...geo, `CAST(${id} AS VARCHAR) AS __id`, `${text} AS __text`].join(',\n      ')}
    FROM (${source}) AS src`;
  if (params && params.length) await conn.run(sql, params);
  else await conn.run(sql);
}

/**
 * Build rows given in code into a `source` query: one JSON parameter cast to a list of structs (every
 * row must carry every key, null where empty).
 * @param {StoredField[]} fields
 * @param {Record<string, string>} [extra] more source columns (name → DuckDB type), e.g. a row key
 * @returns {string} a SELECT with one `?` parameter (the JSON text of the rows)
 */
export function jsonRowsSource(fields, extra = {}) {
  const struct = [
    ...fields.map((f) => `${ident(f.name)} ${duckType(f)}`),
    ...Object.entries(extra).map(([name, type]) => `${ident(name)} ${type}`),
  ].join(', ');
  return `SELECT unnest(r) FROM (SELECT unnest(CAST(CAST(? AS JSON) AS STRUCT(${struct})[])) AS r)`;
}

/**
 * Facts computed from the table: count, bbox over every geo field, geometry types, temporal coverage.
 * @param {Connection} conn
 * @param {string} table
 * @param {StoredField[]} fields
 */
export async function tableFacts(conn, table, fields) {
  const parts = ['count(*) AS n'];
  const geoFields = fields.filter((f) => f.type === 'geo_point_2d' || f.type === 'geo_shape');
  geoFields.forEach((f, i) => {
    const c = ident(f.type === 'geo_shape' ? `__geo_${f.name}` : f.name);
    const [minlon, minlat, maxlon, maxlat] =
      f.type === 'geo_shape' ? ['minlon', 'minlat', 'maxlon', 'maxlat'] : ['lon', 'lat', 'lon', 'lat'];
    parts.push(
      `min(${c}.${minlon}) AS minlon${i}, min(${c}.${minlat}) AS minlat${i}`,
      `max(${c}.${maxlon}) AS maxlon${i}, max(${c}.${maxlat}) AS maxlat${i}`,
    );
  });
  const dateField = fields.find((f) => f.type === 'date' || f.type === 'datetime');
  if (dateField) {
    const c = ident(dateField.name);
    const d = dateField.type === 'datetime' ? `CAST(timezone('UTC', ${c}) AS DATE)` : c;
    parts.push(`strftime(min(${d}), '%Y-%m-%d') AS tstart, strftime(max(${d}), '%Y-%m-%d') AS tend`);
  }
  const [row] = await rows(conn, `SELECT ${parts.join(', ')} FROM ${ident(table)}`);
  let box = /** @type {number[] | null} */ (null);
  geoFields.forEach((_f, i) => {
    const b = [row[`minlon${i}`], row[`minlat${i}`], row[`maxlon${i}`], row[`maxlat${i}`]];
    if (b.some((v) => v === null || v === undefined)) return;
    box = box
      ? [Math.min(box[0], b[0]), Math.min(box[1], b[1]), Math.max(box[2], b[2]), Math.max(box[3], b[3])]
      : b;
  });
  /** @type {string[]} */
  const geometryTypes = [];
  for (const f of geoFields) {
    if (f.type === 'geo_point_2d') geometryTypes.push('Point');
    else {
      const kinds = await rows(
        conn,
        `SELECT DISTINCT json_extract_string(${ident(f.name)}, '$.geometry.type') AS t FROM ${ident(table)}
         WHERE ${ident(f.name)} IS NOT NULL ORDER BY t`,
      );
      geometryTypes.push(...kinds.map((k) => k.t).filter(Boolean));
    }
  }
  return {
    count: Number(row.n),
    bbox: box ? bboxFeature(box) : null,
    geometryTypes: geoFields.length ? [...new Set(geometryTypes)] : null,
    temporal: dateField ? { start: row.tstart ?? null, end: row.tend ?? null } : null,
  };
}

/**
 * The bbox as the recording has it: a Feature whose Polygon starts at the north-east corner and
 * goes west, south, east, back.
 * @param {number[]} box [minlon, minlat, maxlon, maxlat]
 */
export function bboxFeature([minlon, minlat, maxlon, maxlat]) {
  return {
    type: 'Feature',
    geometry: {
      coordinates: [
        [
          [maxlon, maxlat],
          [minlon, maxlat],
          [minlon, minlat],
          [maxlon, minlat],
          [maxlon, maxlat],
        ],
      ],
      type: 'Polygon',
    },
    properties: {},
  };
}

/**
 * Rows of a query as plain JS objects.
 * @param {Connection} conn
 * @param {string} sql
 * @returns {Promise<Record<string, any>[]>}
 */
export async function rows(conn, sql) {
  const reader = await conn.runAndReadAll(sql);
  return /** @type {any} */ (reader.getRowObjectsJS());
}

/** Stable short uid, like the real `da_6wnys1`. */
export function datasetUid(/** @type {string} */ id) {
  const n = BigInt(`0x${createHash('sha1').update(id).digest('hex').slice(0, 12)}`);
  return `da_${n.toString(36).padStart(6, '0').slice(-6)}`;
}

/** An ISO date with the recording's format: seconds, `+00:00` offset. */
export function isoSeconds(/** @type {string} */ date) {
  return new Date(date).toISOString().replace(/\.\d+Z$/, '+00:00');
}

/** An ISO date with microseconds, like the recording's `metadata_processed`. */
export function isoMicros(/** @type {string} */ date) {
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/.test(date)) return date;
  return new Date(date).toISOString().replace(/\.(\d+)Z$/, (_m, ms) => `.${ms.padEnd(6, '0')}+00:00`);
}

/** Escape text for HTML descriptions. */
export function escapeHtml(/** @type {string} */ s) {
  return s.replace(
    /[&<>"']/g,
    (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[c]};`,
  );
}

/**
 * @typedef {object} Metas the dataset-specific part of `metas.default` (the rest is computed or fixed)
 * @property {string} title
 * @property {string} description HTML
 * @property {string[]} theme
 * @property {string[] | null} keyword
 * @property {string} license
 * @property {string | null} license_url
 * @property {string} language
 * @property {string | null} [timezone]
 * @property {string} modified ISO with offset, fixed (derived from the package, never "now")
 * @property {string} data_processed
 * @property {string} metadata_processed
 * @property {string[] | null} [territory]
 * @property {string} publisher
 * @property {string | null} references
 * @property {string[] | null} attributions
 * @property {string | null} [update_frequency]
 */

/**
 * The full dataset object, with every key of the recording in its order.
 * @param {object} spec
 * @param {string} spec.id
 * @param {StoredField[]} spec.fields
 * @param {Metas} spec.metas
 * @param {Awaited<ReturnType<typeof tableFacts>>} spec.facts
 * @param {Record<string, any>} [spec.custom]
 */
export function datasetObject({ id, fields, metas, facts, custom = {} }) {
  const features = ['analyze'];
  if (fields.some((f) => f.type === 'date' || f.type === 'datetime')) features.push('timeserie');
  if (fields.some((f) => f.type === 'geo_point_2d' || f.type === 'geo_shape')) features.push('geo');
  return {
    visibility: 'domain',
    fields: fields.map(({ name, description, annotations, label, type }) => ({
      name,
      description,
      annotations: { ...annotations },
      label,
      type,
    })),
    dataset_id: id,
    dataset_uid: datasetUid(id),
    has_records: facts.count > 0,
    features,
    attachments: [],
    alternative_exports: [],
    data_visible: true,
    metas: {
      dcat: {
        created: null,
        issued: metas.modified,
        creator: metas.publisher,
        contributor: null,
        contact_name: null,
        contact_email: null,
        accrualperiodicity: null,
        spatial: null,
        temporal: facts.temporal ? `${facts.temporal.start}/${facts.temporal.end}` : null,
        granularity: null,
        dataquality: null,
        publisher_type: null,
        conforms_to: null,
        temporal_coverage_start: facts.temporal?.start ?? null,
        temporal_coverage_end: facts.temporal?.end ?? null,
        accessRights: null,
        relation: null,
      },
      default: {
        title: metas.title,
        description: metas.description,
        theme: metas.theme,
        keyword: metas.keyword,
        license: metas.license,
        license_url: metas.license_url,
        language: metas.language,
        metadata_languages: [metas.language],
        timezone: metas.timezone ?? null,
        modified: metas.modified,
        modified_updates_on_metadata_change: false,
        modified_updates_on_data_change: true,
        data_processed: metas.data_processed,
        metadata_processed: metas.metadata_processed,
        geographic_reference: null,
        geographic_reference_auto: null,
        territory: metas.territory ?? null,
        geometry_types: facts.geometryTypes,
        bbox: facts.bbox,
        publisher: metas.publisher,
        references: metas.references,
        records_count: facts.count,
        attributions: metas.attributions,
        source_domain: null,
        source_domain_title: null,
        source_domain_address: null,
        source_dataset: null,
        shared_catalog: null,
        federated: false,
        parent_domain: null,
        update_frequency: metas.update_frequency ?? null,
      },
      custom,
    },
  };
}

/**
 * The last steps of every loader: facts from the table, then the dataset object.
 * @param {Connection} conn
 * @param {{ id: string, table: string, fields: StoredField[], metas: Metas, custom?: Record<string, any> }} spec
 * @returns {Promise<Loaded>}
 */
export async function finish(conn, { id, table, fields, metas, custom }) {
  const facts = await tableFacts(conn, table, fields);
  return { table, dataset: datasetObject({ id, fields, metas, facts, custom }), fields };
}

// ---------------------------------------------------------------------------------------------
// vega-datasets

/** The vega-datasets package's datapackage.json (Frictionless Data Package). */
export const vegaPackage = () => packageJson('vega-datasets', 'datapackage.json');

/**
 * `metas.default` of a vega-datasets resource, from its datapackage.json entry: description (as
 * HTML), licences[0] → license / license_url, sources[0] → publisher / references, every source path
 * → attributions. `modified` / `data_processed` are the data package's `created` date (fixed by the
 * installed package, never the current date).
 * @param {string} resourceName e.g. 'flights_3m'
 * @param {Partial<Metas> & { title: string, theme: string[], keyword: string[] }} own
 * @returns {Metas}
 */
export function vegaMetas(resourceName, own) {
  const pkg = vegaPackage();
  const version = packageJson('vega-datasets', 'package.json').version;
  const res = pkg.resources.find((/** @type {any} */ r) => r.name === resourceName);
  if (!res) throw new Error(`vega-datasets has no resource ${resourceName}`);
  const licence = res.licenses?.[0] ?? pkg.licenses?.[0] ?? {};
  const sources = /** @type {{title: string, path: string}[]} */ (res.sources ?? []);
  const isUrl = (/** @type {unknown} */ s) => typeof s === 'string' && /^https?:\/\//.test(s);
  const paragraphs = String(res.description ?? '')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p).replace(/`([^`]+)`/g, '<code>$1</code>')}</p>`);
  const sourceLinks = sources
    .map((s) => `<a href="${escapeHtml(s.path)}">${escapeHtml(s.title)}</a>`)
    .join(', ');
  paragraphs.push(
    `<p>Source: ${sourceLinks || 'unknown'}; distributed in the <a href="https://github.com/vega/vega-datasets">vega-datasets</a> npm package ${escapeHtml(version)} (file <code>data/${escapeHtml(res.path)}</code>).</p>`,
  );
  const created = pkg.created ?? '2025-08-21T23:04:37.691343+00:00';
  return {
    description: `<div>${paragraphs.join('')}</div>`,
    license: isUrl(licence.title) ? licence.name : licence.title,
    license_url: licence.path ?? (isUrl(licence.title) ? licence.title : null),
    language: 'en',
    modified: isoSeconds(created),
    data_processed: isoSeconds(created),
    metadata_processed: isoMicros(created),
    publisher: sources[0]?.title ?? 'vega-datasets',
    references: sources[0]?.path ?? null,
    attributions: sources.map((s) => s.path).filter(isUrl),
    ...own,
  };
}
