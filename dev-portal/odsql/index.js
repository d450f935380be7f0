// @ts-check
/**
 * ODSQL (Opendatasoft Explore API v2.1 query language) → DuckDB SQL, for the dev portal.
 *
 * - `parse(text, clause)`: one clause → syntax tree (peggy grammar in ./odsql.peggy).
 * - `compileFilter(schema, {where, refine, exclude, timezone, skipRefineOn})`: boolean SQL.
 * - `compileRecords(schema, {select, where, groupBy, orderBy, refine, exclude, limit, offset, timezone, lang})`:
 *   the records query, its count query and the result columns.
 *
 * Every request value is bound as a `?` parameter; see README.md for what is supported.
 */
export { OdsqlError, ParamError } from './errors.js';
export { parse } from './parser.js';
export { compileFilter, compileRecords } from './compile.js';
