// @ts-check
/** The errors of the dev portal: the real API's status and body, as the recordings show them. */

/** An error with the real API's status and body. */
export class ApiFailure extends Error {
  /**
   * @param {number} status
   * @param {Record<string, unknown>} body
   * @param {boolean} [pretty]
   */
  constructor(status, body, pretty = false) {
    super(String(body.message ?? body.error ?? status));
    this.status = status;
    this.body = body;
    this.pretty = pretty;
  }
}

export const notFound = (/** @type {string} */ message) =>
  new ApiFailure(404, { error_code: 'NotFoundResource', message }, true);

export const badParam = (/** @type {string} */ message) =>
  new ApiFailure(400, { error_code: 'InvalidRESTParameterError', message });

/**
 * The 400 of a query the portal cannot run, naming the clause at fault, as the real API words it.
 * @param {string} detail a sentence (with its final period)
 * @param {string} clause `where`, `select`, `facet`…
 */
export const odsqlFailure = (detail, clause) =>
  new ApiFailure(400, {
    error_code: 'ODSQLError',
    message: `ODSQL query is malformed: ${detail} Clause(s) containing the error(s): ${clause}.`,
  });
