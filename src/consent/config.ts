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

/** One rule of the quick check: `v` the value, `o` the object holding it, `host` the site's host name. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Check = (v: any, o: Record<string, any>, host: string) => unknown;
type Schema = Record<string, Check>;
const any: Check = () => 1;
const opt =
  (ok: Check): Check =>
  (v, o, host) =>
    v === undefined || ok(v, o, host);
const bool = opt((v) => typeof v === 'boolean');
/** Whether `o` is an object with no key but those of `schema`, each value passing its check. */
const fits = (o: unknown, schema: Schema, host = ''): boolean =>
  isObj(o) &&
  Object.keys(o).every((k) => Object.hasOwn(schema, k)) &&
  Object.keys(schema).every((k) => schema[k](o[k], o, host));
/** Absent, or an array of objects that fit `schema`. */
const list =
  (schema: Schema): Check =>
  (v) =>
    v == null || (Array.isArray(v) && v.every((o) => fits(o, schema)));

const VENDOR_SCHEMA: Schema = { name: str, url: opt(safeLink), thirdParty: any };
/** A cookie living at most `maxDays`. */
const cookieSchema = (maxDays: number): Schema => ({
  name: (v) => str(v) && /^[^\s;,=]+$/.test(v),
  duration: (v) => Number.isFinite(v) && v >= 0 && v <= maxDays,
  provider: any,
  thirdParty: any,
  domain: any,
  description: any,
});
const PURPOSE_SCHEMA: Schema = {
  id: (v) => str(v) && /^[a-z][a-z0-9_-]*$/.test(v),
  title: isText,
  description: opt(isText),
  exempt: bool,
  audience: bool,
  // no pre-ticked box: only an exempt purpose may be granted by default
  default: (v, p) => bool(v, p, '') && !(v === true && p.exempt !== true),
  vendors: list(VENDOR_SCHEMA),
  cookies: (v, p) => list(cookieSchema(isAudience(p) ? AUDIENCE_MAX_DAYS : Infinity))(v, p, ''),
};
const TOP_SCHEMA: Schema = {
  policyVersion: str,
  privacyPolicyUrl: safeLink,
  controller: (v) => isObj(v) && str(v.name),
  cookieName: opt((v) => str(v) && /^[\w.-]+$/.test(v)),
  cookieDomain: opt((v, _, host) => !domainProblem(v, host)),
  retentionMonths: (v) => {
    const m = v ?? DEFAULT_RETENTION_MONTHS;
    return Number.isInteger(m) && m >= 1 && m <= MAX_RETENTION_MONTHS;
  },
  timeZone: (v) => zoneOk(v ?? DEFAULT_TIME_ZONE),
  gpc: bool,
  receiptEndpoint: opt(safeLink),
  nonce: opt(str),
  texts: opt((v) => fits(v, { fr: any, en: any })),
  purposes: (v) => {
    const ids = new Set<unknown>();
    return (
      Array.isArray(v) &&
      v.length > 0 &&
      v.every((p) => fits(p, PURPOSE_SCHEMA) && !ids.has(p.id) && ids.add(p.id))
    );
  },
};
/** The keys each part of a configuration may have (unknown keys are typos). */
const TOP = Object.keys(TOP_SCHEMA);
const PURPOSE = Object.keys(PURPOSE_SCHEMA);
const VENDOR = Object.keys(VENDOR_SCHEMA);
const COOKIE = Object.keys(cookieSchema(0));

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
export const compliant = (c: unknown, host: string = globalThis.location?.hostname ?? ''): boolean =>
  fits(c, TOP_SCHEMA, host);

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
