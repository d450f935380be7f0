import {
  AUDIENCE_MAX_DAYS,
  COOKIE_MAX_DAYS,
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
  /** Their site or privacy policy. Its host also tells `<ode-map>` which purpose a basemap needs. */
  url?: string;
  /** A third party (another controller or a processor outside the tenant). Default false. */
  thirdParty?: boolean;
}

export interface ConsentCookie {
  /** Cookie name; a trailing `*` matches a prefix (`_pk_id.*`). */
  name: string;
  /** Lifetime in days; 0 for a session cookie. At most 395 (13 months), 390 for audience measurement. */
  duration: number;
  /** Who sets it. Required for a third-party cookie (the cookie table names it). */
  provider?: string;
  /** Set by another site (it cannot be deleted from this page). Default false. */
  thirdParty?: boolean;
  /** Domain it is set on when not host-only, e.g. `.example.org`; used to delete it on refusal. */
  domain?: string;
  /** Path it is set on when not `/`, e.g. `/stats`; used to delete it on refusal. */
  path?: string;
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
  /** `localStorage` / `sessionStorage` keys it uses (a trailing `*` matches a prefix): deleted on refusal. */
  storage?: string[];
}

/** The tenant's configuration: the single source of truth for the banner, blocking and the declaration. */
export interface ConsentConfigInput {
  /** Changing it asks everyone again. */
  policyVersion: string;
  /** Link to the privacy policy / cookie charter (absolute http(s) URL or a path on this site). */
  privacyPolicyUrl: string;
  /** The data controller. */
  controller: { name: string; contact?: string };
  /**
   * Name of the first-party consent cookie. Default `eu-consent` (CNIL's suggestion). On https it is stored
   * as `__Host-<name>`, a cookie no other site (not even a parent domain) can set.
   */
  cookieName?: string;
  /** `Domain` of the consent cookie. Default none (host-only). Never a domain shared with other tenants. */
  cookieDomain?: string;
  /** Months a choice (acceptance and refusal alike) is kept, 1–13. Default 6. */
  retentionMonths?: number;
  /** IANA time zone for the month arithmetic. Default `Europe/Paris`. */
  timeZone?: string;
  /** Honour `navigator.globalPrivacyControl` as a refusal when no choice is stored. Default true. */
  gpc?: boolean;
  /** URL receiving a receipt of each choice by `sendBeacon` (no IP or user agent in it). Not hashed. */
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
    storage: string[];
  })[];
}

/**
 * One mistake in a configuration: where (`purposes[1] ("analytics").default`), a code that messages.ts
 * explains, and what was found. The precise check that lists them (check.ts) and their texts load only to
 * explain an invalid configuration.
 */
export interface Problem {
  path: string;
  code: string;
  value?: unknown;
}

/**
 * The configuration is wrong or could not be loaded. `problems` says every mistake in English with its
 * path, e.g. `purposes[0].cookies[1].duration: …`; `details` holds the same problems coded, so that the
 * banner can show them in its own language.
 */
export class ConsentConfigError extends Error {
  override name = 'ConsentConfigError';
  constructor(
    readonly problems: string[],
    readonly details: Problem[] = [],
  ) {
    super(`Invalid consent configuration:\n- ${problems.join('\n- ')}`);
  }
}

/** Domains shared by many tenants: a consent cookie set there would be shared between controllers. */
export const SHARED_DOMAINS = [
  'opendatasoft.com',
  'huwise.com',
  'opendatasoft.fr',
  'data.gouv.fr',
  'github.io',
];

/**
 * Public suffixes of more than one label a tenant could plausibly write (no cookie can be set on them; a
 * single label such as `fr` is refused anyway). On a page, the browser's own list is asked too (see
 * {@link domainProblem}); this list serves the publish-time validator.
 */
export const PUBLIC_SUFFIXES = [
  'gouv.fr',
  'asso.fr',
  'com.fr',
  'nom.fr',
  'presse.fr',
  'tm.fr',
  'qc.ca',
  'co.uk',
  'gov.uk',
  'netlify.app',
  'vercel.app',
  'pages.dev',
];

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
/** Longest lifetime, in days, of a cookie of purpose `p`: 13 months for any, 390 days for audience. */
const maxCookieDays = (p: Record<string, unknown>): number =>
  isAudience(p) ? AUDIENCE_MAX_DAYS : COOKIE_MAX_DAYS;
/** A cookie name, or a prefix pattern ending in `*`. */
const cookieName = (v: unknown): v is string => str(v) && /^[^\s;,=]+$/.test(v);
/** A cookie path such as `/stats`. */
const cookiePath = (v: unknown): v is string => str(v) && /^\/[^\s;,]*$/.test(v);
/** Storage keys: an array of non-empty strings. */
const storageKeys = (v: unknown): boolean => Array.isArray(v) && v.every(str);

/**
 * Whether this browser refuses cookies on `domain` from this page (a public suffix in the browser's own
 * list, e.g. `gouv.fr`): a probe cookie, written and deleted at once (it stores nothing about the visitor).
 */
function browserRefuses(domain: string): boolean {
  const probe = `ode-consent-probe=1; Path=/; Domain=${domain}; SameSite=Lax`;
  document.cookie = `${probe}; Max-Age=60`;
  const refused = !document.cookie.split(/;\s*/).includes('ode-consent-probe=1');
  document.cookie = `${probe}; Max-Age=0`;
  return refused;
}

/**
 * What is wrong with `cookieDomain` `d` on host `host`, as a problem code and value, or undefined: not a
 * domain, shared with other tenants, a public suffix, or neither the host nor one of its parents.
 */
export function domainProblem(d: unknown, host: string): Omit<Problem, 'path'> | undefined {
  const domain = String(d).replace(/^\./, '').toLowerCase();
  if (!str(d) || !domain.includes('.') || !/^[a-z0-9.-]+$/.test(domain)) return { code: 'domain', value: d };
  if (SHARED_DOMAINS.includes(domain)) return { code: 'shared', value: domain };
  if (PUBLIC_SUFFIXES.includes(domain)) return { code: 'suffix', value: domain };
  if (host !== domain && !host.endsWith(`.${domain}`)) return { code: 'parent', value: [domain, host] };
  if (host === globalThis.location?.hostname && browserRefuses(domain))
    return { code: 'suffix', value: domain };
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
/** The rule of each key an object may have (the stored consent record is checked the same way). */
export type Schema = Record<string, Check>;
const any: Check = () => true;
export const opt =
  (ok: Check): Check =>
  (v, o, host) =>
    v === undefined || ok(v, o, host);
const bool = opt((v) => typeof v === 'boolean');
/** Whether `o` is an object with no key but those of `schema`, each value passing its check. */
export const fits = (o: unknown, schema: Schema, host = ''): boolean =>
  isObj(o) &&
  Object.keys(o).every((k) => Object.hasOwn(schema, k)) &&
  Object.keys(schema).every((k) => schema[k](o[k], o, host));
/** Absent, or an array of objects that fit `schema`. */
const list =
  (schema: Schema): Check =>
  (v) =>
    v == null || (Array.isArray(v) && v.every((o) => fits(o, schema)));

const VENDOR_SCHEMA: Schema = { name: str, url: opt(safeLink), thirdParty: any };
/** A cookie of a purpose whose cookies live at most `maxDays`. */
const cookieSchema = (maxDays: number): Schema => ({
  name: cookieName,
  duration: (v) => Number.isFinite(v) && v >= 0 && v <= maxDays,
  // the cookie table names who sets a third-party cookie
  provider: (v, k) => (k.thirdParty === true ? str(v) : v === undefined || str(v)),
  thirdParty: any,
  domain: any,
  path: opt(cookiePath),
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
  cookies: (v, p) => list(cookieSchema(maxCookieDays(p)))(v, p, ''),
  storage: opt(storageKeys),
};
/** A policy version: stored in every record, so bounded. */
const version = (v: unknown): boolean => str(v) && v.length <= 200;
const TOP_SCHEMA: Schema = {
  policyVersion: version,
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

/**
 * The rules the quick check above and the precise check (check.ts) share, by name. They are handed to the
 * precise check rather than imported by it, so that its lazily loaded chunk imports nothing from the entry.
 */
export const rules = {
  isObj,
  str,
  version,
  isText,
  safeLink,
  isAudience,
  maxCookieDays,
  cookieName,
  cookiePath,
  storageKeys,
  domainProblem,
  zoneOk,
  /** The keys each part of a configuration may have (unknown keys are typos). */
  keys: {
    top: Object.keys(TOP_SCHEMA),
    purpose: Object.keys(PURPOSE_SCHEMA),
    vendor: Object.keys(VENDOR_SCHEMA),
    cookie: Object.keys(cookieSchema(0)),
  },
  MAX_RETENTION_MONTHS,
  DEFAULT_RETENTION_MONTHS,
  DEFAULT_TIME_ZONE,
};
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
      storage: p.storage ?? [],
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
 * First 8 bytes (16 hex digits) of the SHA-256 of the canonical configuration, without its transport
 * settings (the nonce, which changes per page, and the receipt endpoint): what the visitor was shown and
 * what the page does. Outside secure contexts (plain http), where `crypto.subtle` does not exist, the same
 * digest is computed by a small library loaded for that case only.
 */
export async function configHash(config: ConsentConfigInput): Promise<string> {
  const { nonce: _nonce, receiptEndpoint: _receiptEndpoint, ...shown } = config;
  const bytes = new TextEncoder().encode(canonicalJson(shown));
  const digest = globalThis.crypto?.subtle
    ? new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
    : (await import('@noble/hashes/sha2.js')).sha256(bytes);
  return hex(digest.subarray(0, 8));
}

/** Bytes as lower-case hex digits. */
export const hex = (bytes: Uint8Array): string =>
  [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
