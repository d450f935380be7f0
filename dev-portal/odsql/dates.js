// @ts-check
/**
 * Dates: ODSQL date literals, refine prefixes, time zones, `date_format` patterns and the month /
 * day names of each API language.
 */
import { ParamError, SemanticError } from './errors.js';

/**
 * @typedef {object} DateParts
 * @property {number} y
 * @property {number} mo 1-12
 * @property {number} d
 * @property {number} h
 * @property {number} mi
 * @property {number} s
 * @property {number} ms
 * @property {boolean} hasTime
 * @property {string | null} offset "+02:00", "Z" or null (naive: read in the request time zone)
 */

const pad = (/** @type {number} */ n, w = 2) => String(n).padStart(w, '0');

/**
 * Parse the text of a date literal: `2017`, `2017-04`, `2018/04/01`, `2017-04-03T08:02`,
 * `2017-04-03 08:02:05.123+02:00`, `…Z`.
 * @param {string} text
 * @returns {DateParts}
 * @throws {SemanticError}
 */
export function parseDateText(text) {
  const m =
    /^\s*(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2})(?:[T ](\d{1,2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?\s*$/i.exec(
      text,
    );
  if (!m) throw new SemanticError(`Invalid date: "${text}".`);
  const y = Number(m[1]);
  const mo = m[2] ? Number(m[2]) : 1;
  const d = m[3] ? Number(m[3]) : 1;
  const h = m[4] ? Number(m[4]) : 0;
  const mi = m[5] ? Number(m[5]) : 0;
  const s = m[6] ? Number(m[6]) : 0;
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const probe = new Date(Date.UTC(2000, mo - 1, d, h, mi, s));
  probe.setUTCFullYear(y);
  if (
    mo < 1 ||
    mo > 12 ||
    probe.getUTCMonth() !== mo - 1 ||
    probe.getUTCDate() !== d ||
    h > 23 ||
    mi > 59 ||
    s > 59 ||
    y < 1
  ) {
    throw new SemanticError(`Invalid date: "${text}".`);
  }
  let offset = m[8] ? m[8].toUpperCase() : null;
  if (offset && offset !== 'Z') {
    const o = /^([+-])(\d{2}):?(\d{2})?$/.exec(offset);
    if (!o || Number(o[2]) > 14 || Number(o[3] ?? 0) > 59)
      throw new SemanticError(`Invalid date: "${text}".`);
    offset = `${o[1]}${o[2]}:${o[3] ?? '00'}`;
  }
  return { y, mo, d, h, mi, s, ms, hasTime: !!m[4], offset };
}

/**
 * `YYYY-MM-DD HH:MM:SS.mmm` (naive) of date parts.
 * @param {DateParts} p
 */
export function naiveText(p) {
  return `${pad(p.y, 4)}-${pad(p.mo)}-${pad(p.d)} ${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}.${pad(p.ms, 3)}`;
}

/** @param {DateParts} p */
export function dateText(p) {
  return `${pad(p.y, 4)}-${pad(p.mo)}-${pad(p.d)}`;
}

/**
 * A refine value on a date field: `2019`, `2019/12`, `2019-12-05` → the half-open interval
 * [start, end) as naive timestamps.
 * @param {string} value
 * @returns {{ start: string, end: string } | null}
 */
export function refinePrefix(value) {
  const m = /^\s*(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?\s*$/.exec(value);
  if (!m) return null;
  const y = Number(m[1]);
  if (!m[2]) return { start: `${pad(y, 4)}-01-01 00:00:00`, end: `${pad(y + 1, 4)}-01-01 00:00:00` };
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12) return null;
  if (!m[3]) {
    const ny = mo === 12 ? y + 1 : y;
    const nm = mo === 12 ? 1 : mo + 1;
    return { start: `${pad(y, 4)}-${pad(mo)}-01 00:00:00`, end: `${pad(ny, 4)}-${pad(nm)}-01 00:00:00` };
  }
  const d = Number(m[3]);
  const t = new Date(Date.UTC(2000, mo - 1, d));
  t.setUTCFullYear(y);
  if (t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return null;
  const n = new Date(t.getTime() + 86400000);
  return {
    start: `${pad(y, 4)}-${pad(mo)}-${pad(d)} 00:00:00`,
    end: `${pad(n.getUTCFullYear(), 4)}-${pad(n.getUTCMonth() + 1)}-${pad(n.getUTCDate())} 00:00:00`,
  };
}

// ---------------------------------------------------------------------------------------------
// Time zones

/** @type {Set<string>} */
const ZONES = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);

/**
 * Check the `timezone` parameter.
 * @param {unknown} tz
 * @returns {string}
 * @throws {ParamError}
 */
export function checkTimezone(tz) {
  if (typeof tz === 'string' && ZONES.has(tz)) return tz;
  if (
    typeof tz === 'string' &&
    /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/.test(tz) &&
    tz.length < 64
  ) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return tz;
    } catch {
      // fall through
    }
  }
  throw new ParamError(`Invalid value for timezone API parameter: ${String(tz)} is not a valid timezone.`);
}

/**
 * UTC instant of wall-clock parts read in `tz`.
 * @param {DateParts} p
 * @param {string} tz
 * @returns {Date}
 */
export function instantOf(p, tz) {
  const base = new Date(Date.UTC(2000, p.mo - 1, p.d, p.h, p.mi, p.s, p.ms));
  base.setUTCFullYear(p.y);
  const local = base.getTime();
  if (p.offset) {
    if (p.offset === 'Z') return new Date(local);
    const sign = p.offset[0] === '-' ? -1 : 1;
    const minutes = sign * (Number(p.offset.slice(1, 3)) * 60 + Number(p.offset.slice(4, 6)));
    return new Date(local - minutes * 60000);
  }
  let guess = local;
  for (let i = 0; i < 2; i++) guess = local - offsetMinutes(new Date(guess), tz) * 60000;
  return new Date(guess);
}

/**
 * @param {Date} date
 * @param {string} tz
 */
function offsetMinutes(date, tz) {
  if (tz === 'UTC') return 0;
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' });
  const name = fmt.formatToParts(date).find((x) => x.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

// ---------------------------------------------------------------------------------------------
// Month and day names per language (Intl data, computed once)

export const LANGS = ['en', 'fr', 'nl', 'pt', 'it', 'ar', 'de', 'es', 'ca', 'eu', 'sv'];

/** @type {Map<string, { monthLong: string[], monthShort: string[], dayLong: string[], dayShort: string[] }>} */
const NAMES = new Map();

/** @param {string} lang */
export function namesOf(lang) {
  const l = LANGS.includes(lang) ? lang : 'en';
  let n = NAMES.get(l);
  if (!n) {
    const f = (/** @type {Intl.DateTimeFormatOptions} */ o) =>
      new Intl.DateTimeFormat(l, { ...o, timeZone: 'UTC' });
    const ml = f({ month: 'long' });
    const ms = f({ month: 'short' });
    const dl = f({ weekday: 'long' });
    const ds = f({ weekday: 'short' });
    const months = Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(2021, i, 1)));
    // 2021-01-04 is a Monday: index 0 = Monday … 6 = Sunday (ISO order)
    const days = Array.from({ length: 7 }, (_, i) => new Date(Date.UTC(2021, 0, 4 + i)));
    n = {
      monthLong: months.map((d) => ml.format(d)),
      monthShort: months.map((d) => ms.format(d)),
      dayLong: days.map((d) => dl.format(d)),
      dayShort: days.map((d) => ds.format(d)),
    };
    NAMES.set(l, n);
  }
  return n;
}

/**
 * Split a Java-like date pattern into tokens.
 * @param {string} pattern
 * @returns {Array<{ kind: 'symbol', letter: string, count: number } | { kind: 'text', text: string }>}
 */
export function tokenizePattern(pattern) {
  /** @type {Array<{ kind: 'symbol', letter: string, count: number } | { kind: 'text', text: string }>} */
  const out = [];
  let i = 0;
  const text = (/** @type {string} */ t) => {
    const last = out[out.length - 1];
    if (last && last.kind === 'text') last.text += t;
    else out.push({ kind: 'text', text: t });
  };
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        text("'");
        i += 2;
        continue;
      }
      const end = pattern.indexOf("'", i + 1);
      if (end < 0) throw new SemanticError('Unterminated quoted text in the date_format pattern.');
      text(pattern.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (pattern[j] === c) j++;
      out.push({ kind: 'symbol', letter: c, count: j - i });
      i = j;
      continue;
    }
    text(c);
    i++;
  }
  return out;
}
