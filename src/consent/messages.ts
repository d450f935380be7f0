import { adoptStyles, css, html, type LitElement, type TemplateResult } from 'lit';
import type { UiLang } from '../core/lang.js';
import type { ConsentConfigError, Problem } from './config.js';

export { check } from './check.js';

/**
 * The texts of configuration problems (codes from `check` in check.ts, and from loading the configuration)
 * in English and French, and the banner's error view. Loaded only when a configuration is wrong, so a valid
 * one costs no request; it imports no value from the entry (see `fail`).
 */

const json = (v: unknown) => JSON.stringify(v);
const INLINE = '<script type="application/json">';

/** What each problem code says: `value` is what `check` found (its shape depends on the code). */
type Messages = Record<string, (value: never) => string>;

const en = {
  object: (v: unknown) => `the configuration must be a JSON object, got ${json(v)}`,
  key: (v: string[]) => `unknown key (expected one of ${v.join(', ')})`,
  version: () => 'required, a non-empty string of at most 200 characters such as "2026-11"',
  policy: (v: unknown) =>
    `required, an http(s) URL or a path on this site (got ${json(v)}); users must be able to read the policy before choosing`,
  controller: () => 'required; the identity of the data controller must be shown before the choice',
  cookieName: (v: unknown) => `letters, digits, ".", "_" or "-" only (got ${json(v)})`,
  domain: (v: unknown) => `${json(v)} is not a domain; omit it to keep the cookie host-only`,
  shared: (v: string) =>
    `${v} is shared with other tenants, so consent would be shared between controllers; omit it (host-only)`,
  suffix: (v: string) => `${v} is a public suffix: browsers refuse cookies on it; omit it (host-only)`,
  parent: ([d, host]: string[]) => `${d} is neither this site's host (${host}) nor a parent of it`,
  months: (v: unknown) => `a whole number of months from 1 to 13 (got ${json(v)}); CNIL recommends 6`,
  tz: (v: unknown) => `${json(v)} is not an IANA time zone such as "Europe/Paris"`,
  bool: () => 'true or false',
  link: (v: unknown) => `an http(s) URL or a path on this site (got ${json(v)})`,
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
  storage: () => 'an array of localStorage / sessionStorage keys such as ["matomo_sessid", "_pk_*"]',
  required: () => 'required',
  cookie: () => 'required, a cookie name',
  duration: (v: unknown) => `required, a number of days (0 for a session cookie), got ${json(v)}`,
  tooLong: ({ cookie, purpose, days, limit, audience }: TooLong) =>
    audience
      ? `cookie "${cookie}" of purpose "${purpose}" lives ${days} days: an audience-measurement identifier lives at most ${limit} days (13 months from its first deposit, never extended)`
      : `cookie "${cookie}" of purpose "${purpose}" lives ${days} days: no cookie may live more than 13 months (${limit} days), whatever its purpose`,
  provider: (v: string) => `cookie "${v}" is set by a third party: say which one ("provider")`,
  path: (v: unknown) => `a path starting with "/" (got ${json(v)})`,
  // loading the configuration (the banner)
  http: ([url, status]: [string, number]) => `${url} answered HTTP ${status}`,
  json: ([url, message]: string[]) => `${url} is not valid JSON (${message})`,
  none: () => `no configuration: add a ${INLINE} child, a src attribute or set the config property`,
  inline: (message: string) => `the ${INLINE} child is not valid JSON (${message})`,
} satisfies Messages;

interface TooLong {
  cookie: string;
  purpose: string;
  days: number;
  limit: number;
  audience: boolean;
}

const fr: { [code in keyof typeof en]: (typeof en)[code] } = {
  object: (v) => `la configuration doit être un objet JSON, reçu ${json(v)}`,
  key: (v) => `clé inconnue (attendu : ${v.join(', ')})`,
  version: () => 'obligatoire, un texte non vide de 200 caractères au plus comme "2026-11"',
  policy: (v) =>
    `obligatoire, une URL http(s) ou un chemin de ce site (reçu ${json(v)}) ; la politique doit pouvoir être lue avant de choisir`,
  controller: () => 'obligatoire ; l’identité du responsable de traitement doit être affichée avant le choix',
  cookieName: (v) => `lettres, chiffres, « . », « _ » ou « - » seulement (reçu ${json(v)})`,
  domain: (v) => `${json(v)} n’est pas un domaine ; omettez-le pour garder le cookie sur ce seul hôte`,
  shared: (v) =>
    `${v} est partagé avec d’autres locataires : le consentement serait partagé entre responsables ; omettez-le`,
  suffix: (v) => `${v} est un suffixe public : les navigateurs y refusent les cookies ; omettez-le`,
  parent: ([d, host]) => `${d} n’est ni l’hôte de ce site (${host}) ni un domaine parent`,
  months: (v) => `un nombre entier de mois de 1 à 13 (reçu ${json(v)}) ; la CNIL recommande 6`,
  tz: (v) => `${json(v)} n’est pas un fuseau IANA comme "Europe/Paris"`,
  bool: () => 'true ou false',
  link: (v) => `une URL http(s) ou un chemin de ce site (reçu ${json(v)})`,
  string: () => 'un texte non vide',
  texts: () => 'un objet comme { "fr": { "acceptAll": "…" } }',
  purposes: () => 'obligatoire, une liste non vide',
  purpose: () => 'un objet avec id, title, vendors et cookies',
  id: (v) => `obligatoire, minuscules, chiffres, « - » ou « _ », commençant par une lettre (reçu ${json(v)})`,
  twice: (v) => `« ${v} » est utilisé deux fois`,
  title: () => 'obligatoire, un texte ou { "fr": "…", "en": "…" }',
  text: () => 'un texte',
  default: () =>
    'une finalité soumise au consentement ne peut pas être accordée par défaut (pas de case pré-cochée : CNIL, Planet49) ; retirez "default" ou marquez la finalité "exempt"',
  array: () => 'une liste',
  storage: () => 'une liste de clés localStorage / sessionStorage comme ["matomo_sessid", "_pk_*"]',
  required: () => 'obligatoire',
  cookie: () => 'obligatoire, un nom de cookie',
  duration: (v) => `obligatoire, un nombre de jours (0 pour un cookie de session), reçu ${json(v)}`,
  tooLong: ({ cookie, purpose, days, limit, audience }) =>
    audience
      ? `le cookie « ${cookie} » de la finalité « ${purpose} » vit ${days} jours : un identifiant de mesure d’audience vit au plus ${limit} jours (13 mois après son premier dépôt, sans prolongation)`
      : `le cookie « ${cookie} » de la finalité « ${purpose} » vit ${days} jours : aucun cookie ne peut vivre plus de 13 mois (${limit} jours), quelle que soit sa finalité`,
  provider: (v) => `le cookie « ${v} » est déposé par un tiers : dites lequel ("provider")`,
  path: (v) => `un chemin commençant par « / » (reçu ${json(v)})`,
  http: ([url, status]) => `${url} a répondu HTTP ${status}`,
  json: ([url, message]) => `${url} n’est pas du JSON valide (${message})`,
  none: () => `aucune configuration : ajoutez un enfant ${INLINE}, un attribut src ou la propriété config`,
  inline: (message) => `l’enfant ${INLINE} n’est pas du JSON valide (${message})`,
};

const MESSAGES: Record<UiLang, Messages> = { en, fr };

/** One sentence per problem, in `lang`: `path: what is wrong and what to write instead`. */
export const explain = (problems: Problem[], lang: UiLang = 'en'): string[] =>
  problems.map(
    ({ path, code, value }) =>
      (path ? path + (lang === 'fr' ? ' : ' : ': ') : '') + MESSAGES[lang][code](value as never),
  );

/** Whether `e` is a {@link ConsentConfigError} (this chunk imports no value from the entry). */
const isConfigError = (e: unknown): e is ConsentConfigError =>
  e instanceof Error && e.name === 'ConsentConfigError';

const title = {
  fr: 'La configuration du bandeau de cookies est invalide :',
  en: 'The cookie banner configuration is invalid:',
};

/** The banner's error box (`part="error"`), in place of the banner, wholly in `lang`. */
export const errorView = (problems: string[], lang: UiLang): TemplateResult =>
  html`<div part="error" role="alert" lang=${lang}>
    <p>${title[lang]}</p>
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
 * What the banner does when its configuration cannot be loaded or is invalid: the problems to show in its
 * language `lang` (the banner renders {@link errorView}), its error styles, the console error and
 * `ode-error`. `e` is a {@link ConsentConfigError} or any error. No value is imported from the entry, so
 * that this chunk shares none with it.
 */
export function fail(banner: LitElement, e: unknown, lang: UiLang): string[] {
  const root = banner.renderRoot as ShadowRoot;
  adoptStyles(root, [...(banner.constructor as typeof LitElement).elementStyles, errorStyles]);
  const err = e instanceof Error ? e : new Error(String(e));
  console.error(`<ode-consent-banner>: ${err.message}`);
  banner.dispatchEvent(
    new CustomEvent('ode-error', { detail: { error: err }, bubbles: true, composed: true }),
  );
  if (!isConfigError(err)) return [err.message];
  return err.details.length ? explain(err.details, lang) : err.problems;
}
