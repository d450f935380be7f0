// @ts-check
/** Running ODSQL on DuckDB: compile with every value bound, and turn every refusal into the API's 400. */
import { compileRecords, OdsqlError, ParamError } from './odsql/index.js';
import { ApiFailure, badParam, odsqlFailure } from './failures.js';

/**
 * What every handler works with.
 * @typedef {object} PortalContext
 * @property {import('@duckdb/node-api').DuckDBConnection} conn
 * @property {Map<string, Dataset>} datasets
 * @property {{schema: {table: string, fields: any[]}}} catalog
 * @property {(line: string) => void} log
 */

/**
 * A loaded dataset: its DuckDB table, its fields and its catalog entry.
 * @typedef {{table: string, fields: any[], dataset: any}} Dataset
 */

/**
 * Run compiled SQL; DuckDB errors on accepted queries become a 400 ODSQLError, never a 500.
 * @param {PortalContext} ctx
 * @param {string} sql
 * @param {unknown[]} params
 * @param {string} clause
 */
export async function run(ctx, sql, params, clause = 'where') {
  try {
    return await ctx.conn.runAndReadAll(sql, /** @type {any} */ (params));
  } catch (e) {
    ctx.log(`dev-portal: query rejected by DuckDB: ${String(e).split('\n')[0]}`);
    throw odsqlFailure('the expression cannot be evaluated on this dataset.', clause);
  }
}

/**
 * The API's answer to a query the ODSQL compiler refused (its message is the API's own words).
 * @param {unknown} e
 */
export function asFailure(e) {
  if (e instanceof OdsqlError) return new ApiFailure(400, { error_code: 'ODSQLError', message: e.message });
  if (e instanceof ParamError) return badParam(e.message);
  return e;
}

/**
 * @param {{table: string, fields: any[]}} schema
 * @param {Parameters<typeof compileRecords>[1]} opts
 */
export function compile(schema, opts) {
  try {
    return compileRecords(schema, opts);
  } catch (e) {
    throw asFailure(e);
  }
}
