/** Defines every element. For à-la-carte use import `open-data-elements/<element>/define.js`. */
export * from './attribution/define.js';
export * from './core/define-dataset.js';
export * from './table/define.js';
export * from './chart/define.js';
export * from './map/define.js';
export * from './filters/define-search.js';
export * from './filters/define-facets.js';
export * from './kpi/define.js';
export * from './records/define.js';
export * from './date-range/define.js';
export * from './filters/define-filters.js';
export { ApiError } from './api/errors.js';
export { ExploreClient, clientFor } from './api/client.js';
export { resolveOrigin, DomainError } from './api/domain.js';
export * as odsql from './api/odsql.js';
export { DatasetSource, type SharedQuery } from './core/source.js';
export type { Dataset, DatasetField, DefaultMetas, FieldType } from './api/types.js';
