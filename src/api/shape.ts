/**
 * Shape checks of the portal's answers, before any element reads them. A portal is a third-party
 * server (old, proxied, broken or hostile): an answer that is JSON but not what the Explore API v2.1
 * returns becomes an `ApiError` of kind `shape` naming what is wrong ("`results` is not a list"),
 * instead of an exception deep inside an element.
 *
 * Hand-written rather than a schema library: the checks are few (the four answers the elements read,
 * and only the keys they read), some are lenient on purpose (absent `metas`, unknown keys, arrays of
 * annotations from older portals), and the messages name the path in the API's own terms. A schema
 * library with the same rules would cost more bytes in every element's first load than these lines.
 */
import { ApiError } from './errors.js';
import type { Dataset } from './types.js';
import type { FacetsAnswer, RecordsAnswer } from './client.js';

type Obj = Record<string, unknown>;

/** What a value was expected to be, in the words of the message. */
export type Expected = 'an object' | 'a list' | 'a number' | 'a text' | 'a list of texts';

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(url: string, path: string, expected: Expected): never {
  const message = `The portal's answer is not what the Explore API v2.1 returns: \`${path}\` is not ${expected}.`;
  console.warn(`open-data-elements: ${message} (${url})`);
  throw new ApiError(message, 200, undefined, url, undefined, 'shape', { path, expected });
}

const object = (v: unknown, url: string, path: string): Obj =>
  isObject(v) ? v : fail(url, path, 'an object');

const list = (v: unknown, url: string, path: string): unknown[] =>
  Array.isArray(v) ? v : fail(url, path, 'a list');

/** A text that may be absent or null. */
function optionalText(o: Obj, key: string, url: string, path: string): void {
  const v = o[key];
  if (v !== undefined && v !== null && typeof v !== 'string') fail(url, `${path}${key}`, 'a text');
}

/** Metas the elements read, and what each must be when present (null is always allowed). */
const METAS: Record<string, 'text' | 'number' | 'texts' | 'object'> = {
  title: 'text',
  description: 'text',
  publisher: 'text',
  license: 'text',
  license_url: 'text',
  modified: 'text',
  data_processed: 'text',
  metadata_processed: 'text',
  references: 'text',
  language: 'text',
  records_count: 'number',
  attributions: 'texts',
  bbox: 'object',
};

/** `catalog/datasets/{id}`: `fields` a list of `{name, type, label?, description?}`, known metas typed. */
export function checkDataset(value: unknown, url: string): Dataset {
  const ds = object(value, url, '(answer)');
  if (typeof ds.dataset_id !== 'string') fail(url, 'dataset_id', 'a text');
  list(ds.fields, url, 'fields').forEach((f, i) => {
    const path = `fields[${i}]`;
    const field = object(f, url, path);
    if (typeof field.name !== 'string') fail(url, `${path}.name`, 'a text');
    if (typeof field.type !== 'string') fail(url, `${path}.type`, 'a text');
    optionalText(field, 'label', url, `${path}.`);
    optionalText(field, 'description', url, `${path}.`);
    if (typeof field.label !== 'string') field.label = field.name;
    // v2.1 sends an object; older portals a list: anything else reads as "no annotation"
    if (typeof field.annotations !== 'object' || field.annotations === null) field.annotations = {};
  });
  if (ds.metas === undefined || ds.metas === null) ds.metas = { default: {} };
  const metas = object(ds.metas, url, 'metas');
  if (metas.default === undefined || metas.default === null) metas.default = {};
  const m = object(metas.default, url, 'metas.default');
  for (const [key, kind] of Object.entries(METAS)) {
    const v = m[key];
    if (v === undefined || v === null) continue;
    const path = `metas.default.${key}`;
    if (kind === 'text' && typeof v !== 'string') fail(url, path, 'a text');
    if (kind === 'number' && typeof v !== 'number') fail(url, path, 'a number');
    if (kind === 'object') object(v, url, path);
    // attributions: a list of texts (one text is read as a list of one)
    if (kind === 'texts' && typeof v !== 'string' && !list(v, url, path).every((a) => typeof a === 'string'))
      fail(url, path, 'a list of texts');
  }
  if (typeof m.attributions === 'string') m.attributions = [m.attributions];
  return ds as unknown as Dataset;
}

/** `…/records` (plain or grouped): `results` a list of objects, `total_count` a number when present. */
export function checkRecords<R>(value: unknown, url: string): RecordsAnswer<R> {
  const a = object(value, url, '(answer)');
  const total = a.total_count;
  if (total !== undefined && total !== null && (typeof total !== 'number' || !Number.isFinite(total)))
    fail(url, 'total_count', 'a number');
  list(a.results, url, 'results').forEach((row, i) => object(row, url, `results[${i}]`));
  return a as unknown as RecordsAnswer<R>;
}

/** Facet values (nested for hierarchical facets), at most this deep. */
const FACET_DEPTH = 8;

function checkFacetValues(v: unknown, url: string, path: string, depth: number): void {
  list(v, url, path).forEach((item, i) => {
    const p = `${path}[${i}]`;
    const value = object(item, url, p);
    if (typeof value.name !== 'string') fail(url, `${p}.name`, 'a text');
    if (typeof value.value !== 'string') fail(url, `${p}.value`, 'a text');
    if (value.count !== undefined && typeof value.count !== 'number') fail(url, `${p}.count`, 'a number');
    if (typeof value.state !== 'string') fail(url, `${p}.state`, 'a text');
    if (value.facets === undefined) return;
    // deeper levels than any portal sends are dropped rather than walked
    if (depth < FACET_DEPTH) checkFacetValues(value.facets, url, `${p}.facets`, depth + 1);
    else delete value.facets;
  });
}

/** `…/facets`: `facets` a list of `{name, facets: [{name, value, count, state}]}`. */
export function checkFacets(value: unknown, url: string): FacetsAnswer {
  const a = object(value, url, '(answer)');
  list(a.facets, url, 'facets').forEach((f, i) => {
    const facet = object(f, url, `facets[${i}]`);
    if (typeof facet.name !== 'string') fail(url, `facets[${i}].name`, 'a text');
    checkFacetValues(facet.facets, url, `facets[${i}].facets`, 0);
  });
  return a as unknown as FacetsAnswer;
}
