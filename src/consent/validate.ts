import { check as precise } from './check.js';
import { ConsentConfigError, normalize, rules, type ConsentConfig, type Problem } from './config.js';
import { explain } from './messages.js';

/**
 * The configuration validator with its messages, for tenants at publish time (the banner itself runs the
 * quick `compliant`, which accepts the same configurations, and loads `check` and the messages only for an
 * invalid configuration):
 *
 * ```js
 * import { validateConfig } from 'open-data-elements/consent/validate';
 * validateConfig(json, 'www.example.org'); // throws ConsentConfigError listing every problem
 * ```
 * or `node scripts/consent-validate.js consent.json --host www.example.org`.
 */
export { ConsentConfigError, explain };

/** Every problem of a configuration, coded (see `explain`); `host` as in {@link validateConfig}. */
export const check = (input: unknown, host = globalThis.location?.hostname ?? ''): Problem[] =>
  precise(input, host, rules);

/**
 * Checks a configuration (parsed JSON or an object) and returns it with defaults filled in. Throws a
 * {@link ConsentConfigError} listing every problem. `hostname` is the site's host (for `cookieDomain`).
 */
export function validateConfig(input: unknown, hostname?: string): ConsentConfig {
  const problems = check(input, hostname);
  if (problems.length) throw new ConsentConfigError(explain(problems), problems);
  return normalize(input as object);
}
