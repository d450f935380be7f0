// @ts-check
/**
 * The two error kinds the compiler throws. The server turns them into 400 answers:
 * OdsqlError → `{"error_code": "ODSQLError", "message": …}`, ParamError → `InvalidRESTParameterError`.
 */

/** @typedef {'select'|'where'|'group_by'|'order_by'|'refine'|'exclude'|'facet'} Clause */

/** A malformed ODSQL query. `message` is the full message of the real API. */
export class OdsqlError extends Error {
  /**
   * @param {string} detail the sentence between the prefix and the clause list, e.g. "Unknown field: x."
   * @param {Clause} clause
   */
  constructor(detail, clause) {
    const d = detail.trim();
    super(
      `ODSQL query is malformed: ${/[.!?]$/.test(d) ? d : d + '.'} Clause(s) containing the error(s): ${clause}.`,
    );
    this.name = 'OdsqlError';
    this.clause = clause;
    this.detail = d;
  }
}

/** A bad REST parameter (e.g. an unknown timezone). `message` is the full message. */
export class ParamError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'ParamError';
  }
}

/**
 * An error found while translating, before the clause is known; `compile` re-throws it as an
 * OdsqlError of the clause being compiled.
 */
export class SemanticError extends Error {
  /** @param {string} detail */
  constructor(detail) {
    super(detail);
    this.name = 'SemanticError';
  }
}
