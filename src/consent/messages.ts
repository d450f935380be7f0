import { adoptStyles, css, html, type LitElement, type TemplateResult } from 'lit';
import type { UiLang } from '../core/lang.js';
import type { ConsentConfigError, Problem } from './config.js';

export { check } from './check.js';

/**
 * The texts of configuration problems (codes from `check` in config.ts) and the banner's error view. Loaded
 * only when a configuration is wrong, so a valid one costs no request; no import from the rest of the suite.
 */

const json = (v: unknown) => JSON.stringify(v);
const inlineJson = 'the <script type="application/json"> child';
const link = (v: unknown) => `an http(s) URL or a path on this site (got ${json(v)})`;

const MESSAGES: Record<string, (v: never) => string> = {
  object: (v: unknown) => `the configuration must be a JSON object, got ${json(v)}`,
  key: (v: string[]) => `unknown key (expected one of ${v.join(', ')})`,
  version: () => 'required, a non-empty string such as "2026-11"',
  policy: (v: unknown) => `required, ${link(v)}; users must be able to read the policy before choosing`,
  controller: () => 'required; the identity of the data controller must be shown before the choice',
  cookieName: (v: unknown) => `letters, digits, ".", "_" or "-" only (got ${json(v)})`,
  domain: (v: unknown) => `${json(v)} is not a domain; omit it to keep the cookie host-only`,
  shared: (v: string) =>
    `${v} is shared with other tenants, so consent would be shared between controllers; omit it (host-only)`,
  parent: ([d, host]: string[]) => `${d} is neither this site's host (${host}) nor a parent of it`,
  months: (v: unknown) => `a whole number of months from 1 to 13 (got ${json(v)}); CNIL recommends 6`,
  tz: (v: unknown) => `${json(v)} is not an IANA time zone such as "Europe/Paris"`,
  bool: () => 'true or false',
  link,
  string: () => 'a non-empty string',
  texts: () => 'an object such as { "fr": { "acceptAll": "…" } }',
  purposes: () => 'required, a non-empty array',
  purpose: () => 'an object with id, title, vendors and cookies',
  id: (v: unknown) =>
    `required, lower-case letters, digits, "-" or "_", starting with a letter (got ${json(v)})`,
  twice: (v: string) => `"${v}" is used twice`,
  title: () => 'required, a text or { "fr": "…", "en": "…" }',
  text: () => 'a text',
  default: () =>
    'a purpose that needs consent cannot be granted by default (no pre-ticked box: CNIL, Planet49); remove "default" or mark the purpose "exempt"',
  array: () => 'an array',
  required: () => 'required',
  cookie: () => 'required, a cookie name',
  duration: (v: unknown) => `required, a number of days (0 for a session cookie), got ${json(v)}`,
  audience: ([d, exempt]: [number, boolean]) =>
    `${d} days is too long for an audience-measurement identifier${exempt ? ' exempt from consent' : ''}: at most 390 days (13 months from first deposit, never extended)`,
  // loading the configuration (the banner)
  http: ([url, status]: [string, number]) => `${url} answered HTTP ${status}`,
  json: ([url, message]: string[]) => `${url} is not valid JSON (${message})`,
  none: () =>
    `no configuration: add a ${inlineJson.slice(4)} child, a src attribute or set the config property`,
  inline: (message: string) => `${inlineJson} is not valid JSON (${message})`,
};

/** One sentence per problem: `path: what is wrong and what to write instead`. */
export const explain = (problems: Problem[]): string[] =>
  problems.map(([path, code, v]) => (path ? `${path}: ` : '') + MESSAGES[code](v as never));

const title = {
  fr: 'La configuration du bandeau de cookies est invalide :',
  en: 'The cookie banner configuration is invalid:',
};

/** The banner's error box (`part="error"`), in place of the banner. */
export const errorView = (problems: string[], lang: UiLang, heading = title[lang]): TemplateResult =>
  html`<div part="error" role="alert" lang=${lang}>
    <p>${heading}</p>
    <ul>
      ${problems.map((e) => html`<li>${e}</li>`)}
    </ul>
  </div>`;

export const errorStyles = css`
  [role='alert'] {
    border: 2px solid var(--_danger);
    background: var(--_bg);
    padding: 0.5rem 1rem;
  }
`;

/**
 * What the banner does when its configuration cannot be loaded or is invalid: the problems to show (the
 * banner renders {@link errorView}), its error styles, the console error and `ode-error`. `e` is a
 * {@link ConsentConfigError}, a {@link Problem} met while loading, or any error.
 */
export function fail(banner: LitElement, e: unknown, ErrorClass: typeof ConsentConfigError): string[] {
  const root = banner.renderRoot as ShadowRoot;
  adoptStyles(root, [...(banner.constructor as typeof LitElement).elementStyles, errorStyles]);
  const err = Array.isArray(e)
    ? new ErrorClass(explain([e as Problem]))
    : e instanceof Error
      ? e
      : new Error(String(e));
  console.error(`<ode-consent-banner>: ${err.message}`);
  banner.dispatchEvent(
    new CustomEvent('ode-error', { detail: { error: err }, bubbles: true, composed: true }),
  );
  return err instanceof ErrorClass ? err.problems : [err.message];
}
