import {
  AUDIENCE_MAX_DAYS,
  DEFAULT_RETENTION_MONTHS,
  DEFAULT_TIME_ZONE,
  MAX_RETENTION_MONTHS,
} from './dates.js';
import type { ConsentTexts } from './strings.js';

/** A text in one language for all, or per language (`{ "fr": "…", "en": "…" }`). */
export type Text = string | { fr?: string; en?: string };

export interface ConsentVendor {
  /** Who receives data or sets cookies, e.g. "YouTube (Google Ireland Ltd)". */
  name: string;
  /** Their site or privacy policy. */
  url?: string;
  /** A third party (another controller or a processor outside the tenant). Default false. */
  thirdParty?: boolean;
}

export interface ConsentCookie {
  /** Cookie name; a trailing `*` matches a prefix (`_pk_id.*`). */
  name: string;
  /** Lifetime in days; 0 for a session cookie. */
  duration: number;
  provider?: string;
  /** Set by another site (it cannot be deleted from this page). Default false. */
  thirdParty?: boolean;
  /** Domain it is set on when not host-only, e.g. `.example.org`; used to delete it on withdrawal. */
  domain?: string;
  /** What it holds, for the cookie declaration. */
  description?: Text;
}

export interface ConsentPurpose {
  /** Identifier used in `purpose="…"`, `data-ode-purpose="…"` and the API: `[a-z][a-z0-9_-]*`. */
  id: string;
  title: Text;
  description?: Text;
  /** Exempt from consent (CNIL guidelines art. 5): always active, listed for information. Default false. */
  exempt?: boolean;
  /**
   * Audience measurement: its identifiers live at most 390 days (13 months, never extended). Defaults to
   * true for ids starting with `analytics`, `audience` or `stat`.
   */
  audience?: boolean;
  /** Only `false` for a non-exempt purpose (no pre-ticked box); exempt purposes are always granted. */
  default?: boolean;
  vendors?: ConsentVendor[];
  cookies?: ConsentCookie[];
}

/** The tenant's configuration: the single source of truth for the banner, blocking and the declaration. */
export interface ConsentConfigInput {
  /** Changing it asks everyone again. */
  policyVersion: string;
  /** Link to the privacy policy / cookie charter (absolute http(s) URL or a path on this site). */
  privacyPolicyUrl: string;
  /** The data controller. */
  controller: { name: string; contact?: string };
  /** Name of the first-party consent cookie. Default `eu-consent` (CNIL's suggestion). */
  cookieName?: string;
  /** `Domain` of the consent cookie. Default none (host-only). Never a domain shared with other tenants. */
  cookieDomain?: string;
  /** Months a choice (acceptance and refusal alike) is kept, 1–13. Default 6. */
  retentionMonths?: number;
  /** IANA time zone for the month arithmetic. Default `Europe/Paris`. */
  timeZone?: string;
  /** Honour `navigator.globalPrivacyControl` as a refusal when no choice is stored. Default true. */
  gpc?: boolean;
  /** URL receiving a receipt of each choice by `sendBeacon` (no IP or user agent in it). */
  receiptEndpoint?: string;
  /** CSP nonce given to activated scripts that have none. Not part of the config hash. */
  nonce?: string;
  /** Per-language overrides of any interface text. */
  texts?: { fr?: Partial<ConsentTexts>; en?: Partial<ConsentTexts> };
  purposes: ConsentPurpose[];
}

export interface ConsentConfig extends ConsentConfigInput {
  cookieName: string;
  retentionMonths: number;
  timeZone: string;
  gpc: boolean;
  purposes: (ConsentPurpose & {
    exempt: boolean;
    audience: boolean;
    vendors: ConsentVendor[];
    cookies: ConsentCookie[];
  })[];
}

/** The configuration is wrong; `problems` lists every mistake with its path, e.g. `purposes[0].cookies[1].duration`. */
export class ConsentConfigError extends Error {
  override name = 'ConsentConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid consent configuration:\n- ${problems.join('\n- ')}`);
  }
}

/** Domains shared by many tenants: a consent cookie set there would be shared between controllers. */
export const SHARED_DOMAINS = 'opendatasoft.com huwise.com opendatasoft.fr data.gouv.fr github.io'.split(' ');

const TOP =
  'policyVersion privacyPolicyUrl controller cookieName cookieDomain retentionMonths timeZone gpc receiptEndpoint nonce texts purposes'.split(
    ' ',
  );
const PURPOSE = 'id title description exempt audience default vendors cookies'.split(' ');
const VENDOR = 'name url thirdParty'.split(' ');
const COOKIE = 'name duration provider thirdParty domain description'.split(' ');

export const isObj = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const isText = (v: unknown): boolean => str(v) || (isObj(v) && (str(v.fr) || str(v.en)));
/** A link we may render: http(s) absolute, or a path / relative URL on this site. */
export const safeLink = (v: unknown): v is string =>
  str(v) && (/^https?:\/\//i.test(v) || (/^[/.#?]/.test(v) && !v.startsWith('//')));
/** Whether a purpose measures audience (its identifiers live at most 390 days). */
const isAudience = (p: Record<string, unknown>): boolean =>
  typeof p.audience === 'boolean' ? p.audience : /^(analytics|audience|stat)/.test(String(p.id));

/**
 * One mistake in a configuration: where (`purposes[1] ("analytics").default`), a code, and what was found.
 * The precise check that lists them (check.ts) and their texts (messages.ts) load only to explain an
 * invalid configuration.
 */
export type Problem = [path: string, code: string, value?: unknown];

/** What is wrong with `cookieDomain` `d` on host `host`, as a problem code and value, or undefined. */
export function domainProblem(d: unknown, host: string): [string, unknown] | undefined {
  const dom = String(d).replace(/^\./, '').toLowerCase();
  if (!str(d) || !dom.includes('.')) return ['domain', d];
  if (SHARED_DOMAINS.includes(dom)) return ['shared', dom];
  if (host !== dom && !host.endsWith(`.${dom}`)) return ['parent', [dom, host]];
}

/** Whether `tz` is a time zone this browser knows. */
export function zoneOk(tz: unknown): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: String(tz) });
    return true;
  } catch {
    return false;
  }
}

/**
 * The shared rules, passed to the precise check (check.ts) so that its lazy chunk imports nothing from the
 * entry: a list rather than an object, so that their names are the minifier's.
 */
export const rules = [
  isObj,
  str,
  isText,
  safeLink,
  isAudience,
  domainProblem,
  zoneOk,
  TOP,
  PURPOSE,
  VENDOR,
  COOKIE,
  AUDIENCE_MAX_DAYS,
  MAX_RETENTION_MONTHS,
  DEFAULT_RETENTION_MONTHS,
  DEFAULT_TIME_ZONE,
] as const;
export type Rules = typeof rules;

/**
 * Whether `c` is a valid configuration: what the banner runs before showing. It accepts exactly what the
 * precise check (check.ts, `validateConfig`) accepts — a test compares them on random configurations —
 * without naming the problems, so that a valid configuration loads nothing more. `host` is the site's host
 * name, for `cookieDomain`.
 */
export function compliant(c: unknown, host: string = globalThis.location?.hostname ?? ''): boolean {
  const only = (o: Record<string, unknown>, allowed: string[]) =>
    Object.keys(o).every((k) => allowed.includes(k));
  const bool = (o: Record<string, unknown>, k: string) => o[k] === undefined || typeof o[k] === 'boolean';
  const opt = (v: unknown, ok: (v: unknown) => boolean) => v === undefined || ok(v);
  const list = (v: unknown, ok: (o: Record<string, unknown>) => boolean) =>
    v == null || (Array.isArray(v) && v.every((o: unknown) => ok(isObj(o) ? o : {})));
  const ids = new Set<unknown>();
  if (!isObj(c)) return false;
  const m = c.retentionMonths ?? DEFAULT_RETENTION_MONTHS;
  return (
    only(c, TOP) &&
    str(c.policyVersion) &&
    safeLink(c.privacyPolicyUrl) &&
    isObj(c.controller) &&
    str(c.controller.name) &&
    opt(c.cookieName, (v) => str(v) && /^[\w.-]+$/.test(v)) &&
    opt(c.cookieDomain, (d) => !domainProblem(d, host)) &&
    Number.isInteger(m) &&
    (m as number) >= 1 &&
    (m as number) <= MAX_RETENTION_MONTHS &&
    zoneOk(c.timeZone ?? DEFAULT_TIME_ZONE) &&
    bool(c, 'gpc') &&
    opt(c.receiptEndpoint, safeLink) &&
    opt(c.nonce, str) &&
    opt(c.texts, (t) => isObj(t) && only(t, ['fr', 'en'])) &&
    Array.isArray(c.purposes) &&
    c.purposes.length > 0 &&
    c.purposes.every((p: unknown) => {
      if (!isObj(p) || !str(p.id) || !/^[a-z][a-z0-9_-]*$/.test(p.id) || ids.has(p.id)) return false;
      ids.add(p.id);
      return (
        only(p, PURPOSE) &&
        isText(p.title) &&
        opt(p.description, isText) &&
        ['exempt', 'audience', 'default'].every((k) => bool(p, k)) &&
        !(p.default === true && p.exempt !== true) &&
        list(p.vendors, (v) => str(v.name) && only(v, VENDOR) && opt(v.url, safeLink)) &&
        list(
          p.cookies,
          (k) =>
            str(k.name) &&
            /^[^\s;,=]+$/.test(k.name) &&
            only(k, COOKIE) &&
            typeof k.duration === 'number' &&
            k.duration >= 0 &&
            Number.isFinite(k.duration) &&
            !(isAudience(p) && k.duration > AUDIENCE_MAX_DAYS),
        )
      );
    })
  );
}

/** A valid configuration with its defaults filled in. */
export function normalize(input: object): ConsentConfig {
  const c = input as ConsentConfigInput;
  return {
    ...c,
    cookieName: c.cookieName ?? 'eu-consent',
    retentionMonths: c.retentionMonths ?? DEFAULT_RETENTION_MONTHS,
    timeZone: c.timeZone ?? DEFAULT_TIME_ZONE,
    gpc: c.gpc !== false,
    purposes: c.purposes.map((p) => ({
      ...p,
      exempt: p.exempt === true,
      audience: isAudience(p as unknown as Record<string, unknown>),
      vendors: p.vendors ?? [],
      cookies: p.cookies ?? [],
    })),
  };
}

/** JSON with object keys sorted at every level, so equal configurations hash equally. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (isObj(v))
    return `{${Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

/**
 * First 8 bytes (16 hex digits) of the SHA-256 of the canonical configuration (without the nonce, which
 * changes per page). Empty string outside secure contexts, where `crypto.subtle` does not exist.
 */
export async function configHash(config: ConsentConfigInput): Promise<string> {
  if (!globalThis.crypto?.subtle) return '';
  const { nonce: _nonce, ...rest } = config;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonicalJson(rest)));
  return hex(new Uint8Array(digest, 0, 8));
}

/** Bytes as lower-case hex digits. */
export const hex = (bytes: Uint8Array): string =>
  [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
