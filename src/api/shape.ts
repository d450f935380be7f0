/**
 * Shape checks of the portal's answers, before any element reads them. A portal is a third-party
 * server (old, proxied, broken or hostile): an answer that is JSON but not what the Explore API v2.1
 * returns becomes an `ApiError` of kind `shape` naming what is wrong ("`results` is not a list"),
 * instead of an exception deep inside an element.
 *
 * Hand-written rather than a schema library: the checks are few (the answers the elements read, and
 * only the keys they read), some are lenient on purpose (absent `metas`, unknown keys, annotations as
 * a list on older portals), and the messages name the path in the API's own terms. One `expect`
 * helper does every check; a schema library with the same rules would cost more bytes in every
 * element's first load (each entry's budget in bench/size-budgets.json).
 */
import { ApiError } from './errors.js';
import type { Dataset } from './types.js';
import type { FacetsAnswer, RecordsAnswer } from './client.js';

type Obj = Record<string, unknown>;

/** What a value must be. */
type Kind = 'object' | 'list' | 'text' | 'number';

const WORDS: Record<Kind, string> = {
  object: 'an object',
  list: 'a list',
  text: 'a text',
  number: 'a number',
};

function is(value: unknown, kind: Kind): boolean {
  if (kind === 'list') return Array.isArray(value);
  if (kind === 'object') return typeof value === 'object' && value !== null && !Array.isArray(value);
  return typeof value === (kind === 'text' ? 'string' : 'number');
}

/**
 * `value` (at `path` in the answer from `url`) is of `kind`, or absent/null when `optional`;
 * otherwise an ApiError of kind `shape`.
 */
function expect(value: unknown, kind: Kind, url: string, path: string, optional = false): void {
  if ((optional && value == null) || is(value, kind)) return;
  throw new ApiError(
    `The portal's answer is not what the Explore API v2.1 returns: \`${path}\` is not ${WORDS[kind]}.`,
    200,
    undefined,
    url,
    undefined,
    'shape',
    { path, expected: WORDS[kind] },
  );
}

/** Metas the elements read, and what each must be when present (null is always allowed). */
const METAS: Record<string, Kind> = {
  title: 'text',
  description: 'text',
  publisher: 'text',
  license: 'text',
  license_url: 'text',
  modified: 'text',
  data_processed: 'text',
  records_count: 'number',
  bbox: 'object',
};

/** `catalog/datasets/{id}`: `fields` a list of `{name, type, label?, description?}`, known metas typed. */
export function checkDataset(value: unknown, url: string): Dataset {
  expect(value, 'object', url, '(answer)');
  const ds = value as Obj;
  expect(ds.dataset_id, 'text', url, 'dataset_id');
  expect(ds.fields, 'list', url, 'fields');
  (ds.fields as unknown[]).forEach((field, i) => {
    const path = `fields[${i}]`;
    expect(field, 'object', url, path);
    const f = field as Obj;
    expect(f.name, 'text', url, `${path}.name`);
    expect(f.type, 'text', url, `${path}.type`);
    expect(f.label, 'text', url, `${path}.label`, true);
    expect(f.description, 'text', url, `${path}.description`, true);
    f.label ??= f.name;
    // v2.1 sends an object, older portals a list: anything else reads as "no annotation"
    if (typeof f.annotations !== 'object' || f.annotations === null) f.annotations = {};
  });
  ds.metas ??= { default: {} };
  expect(ds.metas, 'object', url, 'metas');
  const metas = ds.metas as Obj;
  metas.default ??= {};
  expect(metas.default, 'object', url, 'metas.default');
  const m = metas.default as Obj;
  for (const key in METAS) expect(m[key], METAS[key], url, `metas.default.${key}`, true);
  // attributions: a list of texts (one text is read as a list of one)
  if (typeof m.attributions === 'string') m.attributions = [m.attributions];
  expect(m.attributions, 'list', url, 'metas.default.attributions', true);
  ((m.attributions as unknown[] | null) ?? []).forEach((a, i) =>
    expect(a, 'text', url, `metas.default.attributions[${i}]`),
  );
  return ds as unknown as Dataset;
}

/** `…/records` (plain or grouped): `results` a list of objects, `total_count` a number when present. */
export function checkRecords<R>(value: unknown, url: string): RecordsAnswer<R> {
  expect(value, 'object', url, '(answer)');
  const a = value as Obj;
  expect(a.total_count, 'number', url, 'total_count', true);
  expect(a.results, 'list', url, 'results');
  (a.results as unknown[]).forEach((row, i) => expect(row, 'object', url, `results[${i}]`));
  return a as unknown as RecordsAnswer<R>;
}

/** Levels of nested facet values (hierarchical facets) checked; deeper ones are dropped. */
const FACET_DEPTH = 8;

function checkFacetValues(values: unknown, url: string, path: string, depth: number): void {
  expect(values, 'list', url, path);
  (values as unknown[]).forEach((item, i) => {
    const p = `${path}[${i}]`;
    expect(item, 'object', url, p);
    const v = item as Obj;
    expect(v.name, 'text', url, `${p}.name`);
    expect(v.value, 'text', url, `${p}.value`);
    expect(v.count, 'number', url, `${p}.count`, true);
    expect(v.state, 'text', url, `${p}.state`);
    if (v.facets === undefined) return;
    if (depth < FACET_DEPTH) checkFacetValues(v.facets, url, `${p}.facets`, depth + 1);
    else delete v.facets;
  });
}

/** `…/facets`: `facets` a list of `{name, facets: [{name, value, count, state}]}`. */
export function checkFacets(value: unknown, url: string): FacetsAnswer {
  expect(value, 'object', url, '(answer)');
  const a = value as Obj;
  expect(a.facets, 'list', url, 'facets');
  (a.facets as unknown[]).forEach((facet, i) => {
    expect(facet, 'object', url, `facets[${i}]`);
    expect((facet as Obj).name, 'text', url, `facets[${i}].name`);
    checkFacetValues((facet as Obj).facets, url, `facets[${i}].facets`, 0);
  });
  return a as unknown as FacetsAnswer;
}
