/** How long a view waits for the portal before it shows a timeout error (ms). */
export const REQUEST_TIMEOUT = 30_000;

/**
 * The task's signal, aborted too after `ms`: the request then fails with a `TimeoutError` (an error
 * of kind `timeout` for `DataTask`, with a Retry button) instead of waiting forever.
 */
export function withTimeout(signal: AbortSignal, ms = REQUEST_TIMEOUT): AbortSignal {
  return AbortSignal.any([signal, AbortSignal.timeout(ms)]);
}
