// @ts-check
/**
 * Turns DuckDB values into the JSON values the real Explore API v2.1 sends, and rows into
 * CSV / GeoJSON export lines.
 *
 * Encodings follow the recordings in shared/ods-fixtures and the reference notes:
 * - int/double → numbers; DATE → "YYYY-MM-DD"; datetimes → ISO 8601 with the offset of the
 *   request's `timezone` ("2026-06-22T13:50:25+00:00");
 * - geo_point_2d → {"lon","lat"}; geo_shape → a GeoJSON Feature; file / json_blob → objects;
 * - CSV: `;` delimiter, geo_point_2d as "lat, lon", geo_shape as the GeoJSON geometry.
 */

/** @typedef {{ key: string, type?: string }} ColumnHint */

const offsetCache = new Map();

/**
 * Offset of `timeZone` at `date`, as "+HH:MM".
 * @param {Date} date
 * @param {string} timeZone
 */
export function tzOffset(date, timeZone) {
  if (timeZone === 'UTC') return '+00:00';
  let fmt = offsetCache.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetCache.set(timeZone, fmt);
  }
  const name = fmt.formatToParts(date).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-]\d{2}):?(\d{2})?/.exec(name);
  return m ? `${m[1]}:${m[2] ?? '00'}` : '+00:00';
}

const pad = (/** @type {number} */ n, w = 2) => String(n).padStart(w, '0');

/**
 * ISO 8601 of an instant, in `timeZone`, with its offset.
 * @param {Date} date
 * @param {string} timeZone
 */
export function isoInZone(date, timeZone) {
  const off = tzOffset(date, timeZone);
  const sign = off[0] === '-' ? -1 : 1;
  const minutes = sign * (Number(off.slice(1, 3)) * 60 + Number(off.slice(4, 6)));
  const local = new Date(date.getTime() + minutes * 60000);
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${off}`
  );
}

/**
 * A naive (zone-less) timestamp that DuckDB computed in the request's zone, written with that
 * zone's offset.
 * @param {Date} date wall-clock fields in UTC slots
 * @param {string} timeZone
 */
function naiveInZone(date, timeZone) {
  const wall =
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return wall + tzOffset(date, timeZone);
}

/**
 * Encode one value.
 * @param {unknown} v the JS value from DuckDB's getRowObjectsJS / yieldRowsJs
 * @param {string} duckType DuckDB's column type, e.g. "DATE", "TIMESTAMP WITH TIME ZONE"
 * @param {string | undefined} hint the ODS type the compiler gave for the column
 * @param {string} timeZone
 * @returns {unknown}
 */
export function encodeValue(v, duckType, hint, timeZone) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) {
    if (duckType === 'DATE') return v.toISOString().slice(0, 10);
    if (duckType === 'TIMESTAMP WITH TIME ZONE') return isoInZone(v, timeZone);
    return naiveInZone(v, timeZone);
  }
  if (typeof v === 'string' && (hint === 'geo_shape' || hint === 'file' || hint === 'json_blob')) {
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  }
  if (Array.isArray(v)) return v.map((x) => encodeValue(x, '', undefined, timeZone));
  if (typeof v === 'object') {
    /** @type {Record<string, unknown>} */
    const out = {};
    for (const [k, x] of Object.entries(/** @type {object} */ (v)))
      out[k] = encodeValue(x, '', undefined, timeZone);
    return out;
  }
  return v;
}

/**
 * Build an encoder for rows of a result with these column names and DuckDB types.
 * @param {string[]} names
 * @param {string[]} duckTypes
 * @param {ColumnHint[]} hints
 * @param {string} timeZone
 */
export function rowEncoder(names, duckTypes, hints, timeZone) {
  const byKey = new Map(hints.map((h) => [h.key, h.type]));
  const types = names.map((n) => byKey.get(n));
  /** @param {unknown[]} row */
  return (row) => {
    /** @type {Record<string, unknown>} */
    const obj = {};
    for (let i = 0; i < names.length; i++)
      obj[names[i]] = encodeValue(row[i], duckTypes[i], types[i], timeZone);
    return obj;
  };
}

/**
 * One CSV cell, as the real export writes it.
 * @param {unknown} v an already JSON-encoded value
 * @param {string | undefined} type ODS type
 * @param {string} delimiter
 * @param {string} listSeparator
 * @param {boolean} quoteAll
 */
export function csvCell(v, type, delimiter, listSeparator, quoteAll) {
  /** @type {string} */
  let s;
  if (v === null || v === undefined) s = '';
  else if (type === 'geo_point_2d' && typeof v === 'object') {
    const p = /** @type {{lon:number, lat:number}} */ (v);
    s = `${p.lat}, ${p.lon}`;
  } else if (type === 'geo_shape' && typeof v === 'object') {
    s = JSON.stringify(/** @type {{geometry?: unknown}} */ (v).geometry ?? v);
  } else if (Array.isArray(v)) s = v.map((x) => (x === null ? '' : String(x))).join(listSeparator);
  else if (typeof v === 'object') s = JSON.stringify(v);
  else s = String(v);
  if (quoteAll || s.includes(delimiter) || /["\r\n]/.test(s)) return `"${s.replace(/"/g, '""')}"`;
  return s;
}
