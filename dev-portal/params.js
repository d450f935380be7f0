// @ts-check
/** The query parameters every endpoint shares, checked with the real API's messages. */
import { badParam } from './failures.js';

const LANGS = ['en', 'fr', 'nl', 'pt', 'it', 'ar', 'de', 'es', 'ca', 'eu', 'sv'];
const RECORDS_MAX = 10000;
const GROUPED_MAX = 20000;

/**
 * @param {URLSearchParams} q
 * @param {string} name
 * @param {number} def
 */
export function intParam(q, name, def) {
  const raw = q.get(name);
  if (raw === null || raw === '') return def;
  if (!/^-?\d+$/.test(raw.trim())) badParamInt(name, raw);
  return Number(raw);
}

/** @param {string} name @param {string} raw @returns {never} */
function badParamInt(name, raw) {
  throw badParam(`Invalid value for ${name} API parameter: ${raw} was found but an integer is expected.`);
}

/** @param {URLSearchParams} q */
export function common(q) {
  const lang = q.get('lang') ?? 'fr';
  if (!LANGS.includes(lang)) {
    throw badParam(
      `Invalid value for lang API parameter: ${lang} was found but one of ${LANGS.join(', ')} is expected.`,
    );
  }
  return {
    select: q.get('select') ?? undefined,
    where: q.getAll('where').filter((w) => w.trim() !== ''),
    groupBy: q.get('group_by') || undefined,
    orderBy: q.get('order_by') || undefined,
    refine: q.getAll('refine'),
    exclude: q.getAll('exclude'),
    lang,
    timezone: q.get('timezone') || 'UTC',
  };
}

/**
 * Limit/offset checks with the real messages.
 * @param {URLSearchParams} q
 * @param {boolean} grouped
 */
export function paging(q, grouped) {
  const max = grouped ? GROUPED_MAX : 100;
  const ceiling = grouped ? GROUPED_MAX : RECORDS_MAX;
  let limit = intParam(q, 'limit', 10);
  const offset = intParam(q, 'offset', 0);
  if (limit < -1 || limit > max) {
    throw badParam(
      `Invalid value for limit API parameter: ${limit} was found but -1 <= limit <= ${max} is expected.`,
    );
  }
  if (offset < 0)
    throw badParam(
      `Invalid value for offset API parameter: ${offset} was found but offset >= 0 is expected.`,
    );
  if (limit === -1) limit = max;
  if (offset + limit > ceiling) {
    throw badParam(
      `Invalid value for sum of offset + limit API parameter: ${offset + limit} was found but <= ${ceiling} is expected.`,
    );
  }
  return { limit, offset };
}
