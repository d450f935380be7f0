// @ts-check
/** The portal's request quota: per UTC day as on a real portal, or per short window for tests. */
import { ApiFailure } from './failures.js';

/**
 * A quota counter: each call counts one request and returns the rate-limit headers, or throws the
 * real portal's 429 once the quota is spent.
 * @param {number} limit requests allowed per period
 * @param {number} [window] ms: a period of this length instead of the UTC day
 */
export function createQuota(limit, window) {
  let day = '';
  let used = 0;
  return function countRequest() {
    const now = new Date();
    // a window of `window` ms (tests: a reset that is near) or, as on a real portal, the UTC day
    const reset = window
      ? new Date((Math.floor(now.getTime() / window) + 1) * window)
      : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
    const period = reset.toISOString();
    if (period !== day) {
      day = period;
      used = 0;
    }
    const resetText = `${period.slice(0, 10)} ${period.slice(11, 19)}+00:00`;
    used++;
    const headers = {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, limit - used)),
      'x-ratelimit-reset': resetText,
    };
    if (used > limit) {
      throw Object.assign(
        new ApiFailure(429, {
          errorcode: 10002,
          reset_time: `${period.slice(0, 19)}Z`,
          limit_time_unit: 'day',
          call_limit: limit,
          error: 'Too many requests on the domain. Please contact the domain administrator.',
        }),
        {
          headers: { ...headers, 'retry-after': String(Math.ceil((reset.getTime() - now.getTime()) / 1000)) },
        },
      );
    }
    return headers;
  };
}
