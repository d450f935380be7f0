import { html, nothing, type TemplateResult } from 'lit';
import { ApiError, cutMessage } from '../api/errors.js';
import { EngineLoadError } from './lazy.js';
import type { Strings } from './strings.js';

/** The message shown for an error: ours in the page's language, the portal's own (cut) otherwise. */
function messageOf(e: Error, t: Strings): string {
  if (e instanceof ApiError) {
    if (e.kind === 'timeout') return t.timeout;
    if (e.kind === 'too-long') return t.tooLong;
    if (e.kind === 'shape') return t.badAnswer(e.shape?.path ?? 'JSON');
  }
  return cutMessage(String(e.message));
}

/**
 * The error box every element shows: the portal's own message, the HTTP status and `error_code`,
 * when a quota resets, and a Retry button where retrying can help (network, quota, 5xx).
 * Styled by `.error` in the shared tokens.
 */
export function errorView(e: Error, t: Strings, locale: string, retry: () => void): TemplateResult {
  const api = e instanceof ApiError ? e : undefined;
  const reset = api?.resetAt
    ? t.quotaReset(
        new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(api.resetAt),
      )
    : '';
  const status =
    api && (api.kind === 'http' || api.kind === 'quota' || api.kind === 'network')
      ? `${t.status}: ${api.status === 0 ? t.network : api.status}${api.errorCode ? ` (${api.errorCode})` : ''}`
      : '';
  return html`<div part="error" class="error" role="alert">
    <p>
      ${e instanceof EngineLoadError ? nothing : html`<strong>${t.errorTitle}</strong>`} ${messageOf(e, t)}
    </p>
    ${status || reset ? html`<p class="meta">${status} ${reset}</p>` : nothing}
    ${
      !api || api.retryable
        ? html`<button part="retry" type="button" @click=${retry}>${t.retry}</button>`
        : nothing
    }
  </div>`;
}
