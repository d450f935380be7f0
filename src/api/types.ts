/** Shapes of the Explore API v2.1 answers we read (see shared/reference/explore-api-v2.1.md §3.4–3.6). */

export type FieldType =
  | 'text'
  | 'int'
  | 'double'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'geo_point_2d'
  | 'geo_shape'
  | 'file'
  | 'json_blob';

export interface DatasetField {
  name: string;
  label: string;
  type: FieldType;
  description: string | null;
  /** Real v2.1 portals send objects of booleans/strings; older ones arrays. */
  annotations: Record<string, unknown>;
}

export interface DefaultMetas {
  title?: string | null;
  description?: string | null;
  publisher?: string | null;
  license?: string | null;
  license_url?: string | null;
  modified?: string | null;
  data_processed?: string | null;
  attributions?: string[] | null;
  references?: string | null;
  records_count?: number | null;
  language?: string | null;
  [key: string]: unknown;
}

export interface Dataset {
  dataset_id: string;
  dataset_uid?: string;
  has_records?: boolean;
  features?: string[];
  fields: DatasetField[];
  metas: { default: DefaultMetas; [template: string]: unknown };
}

/** A `records` answer: a page of records (or groups), with the total count when not grouped. */
export interface RecordsAnswer<R = Record<string, unknown>> {
  total_count?: number;
  results: R[];
}
/** One value of a facet, with its count and whether the shared query refines or excludes it. */
export interface FacetValue {
  name: string;
  value: string;
  count?: number;
  state: 'displayed' | 'refined' | 'excluded';
  facets?: FacetValue[];
}
/** A `facets` answer: the values of each facet asked for. */
export interface FacetsAnswer {
  facets: { name: string; facets: FacetValue[] }[];
}
