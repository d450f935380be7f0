/**
 * What went wrong with an Explore API call:
 * - `http`: the portal answered with an error status (its own message is kept);
 * - `quota`: 429, the portal's request quota is spent;
 * - `network`: the portal could not be reached, or the connection dropped while the answer came;
 * - `timeout`: no complete answer within the client's timeout;
 * - `shape`: the answer is JSON but not what the Explore API v2.1 returns (see ./shape.ts);
 * - `too-long`: the request URL is too long to be sent (refused before sending).
 */
export type ApiErrorKind = 'http' | 'quota' | 'network' | 'timeout' | 'shape' | 'too-long';

/** Longest portal message kept in an ApiError (and shown); the whole text goes to the console. */
export const MESSAGE_MAX = 300;

/** `text` cut to `max` characters, with an ellipsis when it was longer. */
export function cutMessage(text: string, max = MESSAGE_MAX): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/**
 * A failed Explore API call: the HTTP status, the portal's `error_code` and its own message.
 * The 429 quota body uses other keys (`errorcode`, `error`, `reset_time`); both are read.
 */
export class ApiError extends Error {
  /** What went wrong (see ApiErrorKind); derived from the status when not given. */
  readonly kind: ApiErrorKind;

  constructor(
    message: string,
    readonly status: number,
    readonly errorCode: string | undefined,
    readonly url: string,
    /** When a quota resets (429), if the portal said so (body, `X-RateLimit-Reset` or `Retry-After`). */
    readonly resetAt?: Date,
    kind?: ApiErrorKind,
    /** For `shape` errors: where in the answer (`results`, `fields[2].name`) and what was expected. */
    readonly shape?: { path: string; expected: string },
  ) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind ?? (status === 0 ? 'network' : status === 429 ? 'quota' : 'http');
  }

  /**
   * True when trying again may help: network, timeout, quota, server errors, and answers of the wrong
   * shape (a proxy or a portal glitch). The client retries network and server errors by itself;
   * timeouts and wrong shapes only when asked (the Retry button), so nobody waits twice.
   */
  get retryable(): boolean {
    return this.kind !== 'too-long' && (this.kind !== 'http' || this.status >= 500);
  }
}

/** A `Retry-After` header (seconds, or an HTTP date) as a date, if it is one. */
export function retryAfter(value: string | null | undefined, now = Date.now()): Date | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return new Date(now + Number(v) * 1000);
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : new Date(t);
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
  const full =
    (typeof body.message === 'string' && body.message) ||
    (typeof body.error === 'string' && body.error) ||
    `HTTP ${status}`;
  if (full.length > MESSAGE_MAX) console.warn(`open-data-elements: ${url} answered ${status}: ${full}`);
  const code =
    typeof body.error_code === 'string'
      ? body.error_code
      : typeof body.errorcode === 'string' || typeof body.errorcode === 'number'
        ? cutMessage(String(body.errorcode), 40)
        : undefined;
  let resetAt: Date | undefined;
  const reset = (typeof body.reset_time === 'string' && body.reset_time) || headers?.get('X-RateLimit-Reset');
  if (reset) {
    const d = new Date(reset.replace(' ', 'T'));
    if (!Number.isNaN(d.getTime())) resetAt = d;
  }
  if (status === 429) resetAt ??= retryAfter(headers?.get('Retry-After'));
  return new ApiError(cutMessage(full), status, code ? cutMessage(code, 40) : undefined, url, resetAt);
}
