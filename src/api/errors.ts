/**
 * A failed Explore API call: the HTTP status, the portal's `error_code` and its own message.
 * The 429 quota body uses other keys (`errorcode`, `error`, `reset_time`); both are read.
 */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly errorCode: string | undefined,
    readonly url: string,
    /** When a quota resets (429), if the portal said so. */
    readonly resetAt?: Date,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** True when trying again may help (network, quota, server errors). */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

/** Build an ApiError from a response body already read as text. */
export function apiErrorFrom(status: number, text: string, url: string, headers?: Headers): ApiError {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
  } catch {
    /* not JSON: keep the status */
  }
  const message =
    (typeof body.message === 'string' && body.message) ||
    (typeof body.error === 'string' && body.error) ||
    `HTTP ${status}`;
  const code =
    typeof body.error_code === 'string'
      ? body.error_code
      : body.errorcode !== undefined
        ? String(body.errorcode)
        : undefined;
  let resetAt: Date | undefined;
  const reset = (typeof body.reset_time === 'string' && body.reset_time) || headers?.get('X-RateLimit-Reset');
  if (reset) {
    const d = new Date(reset.replace(' ', 'T'));
    if (!Number.isNaN(d.getTime())) resetAt = d;
  }
  return new ApiError(message, status, code, url, resetAt);
}
