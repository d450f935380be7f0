import { html, nothing, type TemplateResult } from 'lit';
import { ApiError, cutMessage } from '../api/errors.js';
import { EngineLoadError } from './lazy.js';
import type { Strings } from './strings.js';
import type { SourceProblem } from './source-controller.js';

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
 * when a quota resets, and a Retry button where retrying can help (network, quota, 5xx); for an engine
 * whose download failed again after a Retry, a button that reloads the page.
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
  const engine = e instanceof EngineLoadError ? e : undefined;
  return html`<div part="error" class="error" role="alert">
    <p>${engine ? nothing : html`<strong>${t.errorTitle}</strong>`} ${messageOf(e, t)}</p>
    ${engine?.reload ? html`<p>${t.engineFailedAgain}</p>` : nothing}
    ${status || reset ? html`<p class="meta">${status} ${reset}</p>` : nothing}
    ${
      engine?.reload
        ? html`<button part="reload" type="button" @click=${() => location.reload()}>${t.reloadPage}</button>`
        : !api || api.retryable
          ? html`<button part="retry" type="button" @click=${retry}>${t.retry}</button>`
          : nothing
    }
  </div>`;
}

/** The messages already logged per element, so a re-render does not log them again. */
const warned = new WeakMap<Element, string>();

/**
 * Log a configuration problem of an element once (again only if the message changes), as
 * `<ode-x> message`.
 */
export function warnOnce(host: Element, message: string): void {
  if (warned.get(host) === message) return;
  warned.set(host, message);
  console.warn(`<${host.localName}> ${message}`);
}

/** A configuration problem's words: no dataset, a `source` that names nothing, a bad `domain`. */
export function sourceProblemText(problem: SourceProblem, value: string | undefined, t: Strings): string {
  if (problem === 'source-not-found') return t.sourceNotFound(value ?? '');
  if (problem === 'bad-domain') return t.badDomain(value ?? '');
  return t.noSource;
}

/**
 * The box every element shows for a configuration problem — no dataset, a `source` naming no
 * `<ode-dataset>`, a bad attribute — naming the element and what to change, with the same console
 * warning once per element. Pass either the `SourceController` (its `problem` and `problemValue`) or a
 * message of your own (a bad attribute of the element).
 */
export function sourceProblemView(
  host: Element,
  problem: { problem?: SourceProblem; problemValue?: string } | string,
  t: Strings,
): TemplateResult {
  const message =
    typeof problem === 'string'
      ? problem
      : sourceProblemText(problem.problem ?? 'no-source', problem.problemValue, t);
  warnOnce(host, message);
  return html`<div part="error" class="error" role="alert">
    <p>&lt;${host.localName}&gt; ${message}</p>
  </div>`;
}
