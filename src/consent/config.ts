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
export const SHARED_DOMAINS = [
  'opendatasoft.com',
  'huwise.com',
  'opendatasoft.fr',
  'data.gouv.fr',
  'github.io',
];

const TOP = [
  'policyVersion',
  'privacyPolicyUrl',
  'controller',
  'cookieName',
  'cookieDomain',
  'retentionMonths',
  'timeZone',
  'gpc',
  'receiptEndpoint',
  'nonce',
  'texts',
  'purposes',
];
const PURPOSE = ['id', 'title', 'description', 'exempt', 'audience', 'default', 'vendors', 'cookies'];
const VENDOR = ['name', 'url', 'thirdParty'];
const COOKIE = ['name', 'duration', 'provider', 'thirdParty', 'domain', 'description'];

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
 * The texts of the codes are in messages.ts, loaded only to explain an invalid configuration.
 */
export type Problem = [path: string, code: string, value?: unknown];

/**
 * Every mistake in a configuration, as {@link Problem}s (none for a valid one). The banner runs it before
 * showing and loads the messages only when something is wrong, so a valid configuration costs no request.
 * `host` is the site's host name, for `cookieDomain`.
 */
export function check(c: unknown, host = globalThis.location?.hostname ?? ''): Problem[] {
  const p: Problem[] = [];
  const bad = (path: string, code: string, value?: unknown) => p.push([path, code, value]);
  /** Unknown keys of `o` (typos), at `at`. */
  const keys = (o: Record<string, unknown>, allowed: string[], at = '') => {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) bad(at + k, 'key', allowed);
  };
  const bool = (o: Record<string, unknown>, k: string, at = '') =>
    o[k] === undefined || typeof o[k] === 'boolean' || bad(at + k, 'bool');
  if (!isObj(c)) return [['', 'object', c]];
  keys(c, TOP);
  if (!str(c.policyVersion)) bad('policyVersion', 'version');
  if (!safeLink(c.privacyPolicyUrl)) bad('privacyPolicyUrl', 'policy', c.privacyPolicyUrl);
  if (!isObj(c.controller) || !str(c.controller.name)) bad('controller.name', 'controller');
  if (c.cookieName !== undefined && !(str(c.cookieName) && /^[\w.-]+$/.test(c.cookieName)))
    bad('cookieName', 'cookieName', c.cookieName);
  const d = c.cookieDomain;
  if (d !== undefined) {
    const dom = String(d).replace(/^\./, '').toLowerCase();
    if (!str(d) || !dom.includes('.')) bad('cookieDomain', 'domain', d);
    else if (SHARED_DOMAINS.includes(dom)) bad('cookieDomain', 'shared', dom);
    else if (host !== dom && !host.endsWith(`.${dom}`)) bad('cookieDomain', 'parent', [dom, host]);
  }
  const m = c.retentionMonths ?? DEFAULT_RETENTION_MONTHS;
  if (!Number.isInteger(m) || (m as number) < 1 || (m as number) > MAX_RETENTION_MONTHS)
    bad('retentionMonths', 'months', c.retentionMonths);
  const tz = c.timeZone ?? DEFAULT_TIME_ZONE;
  try {
    new Intl.DateTimeFormat('en', { timeZone: String(tz) });
  } catch {
    bad('timeZone', 'tz', tz);
  }
  bool(c, 'gpc');
  if (c.receiptEndpoint !== undefined && !safeLink(c.receiptEndpoint))
    bad('receiptEndpoint', 'link', c.receiptEndpoint);
  if (c.nonce !== undefined && !str(c.nonce)) bad('nonce', 'string');
  if (c.texts !== undefined) {
    if (isObj(c.texts)) keys(c.texts, ['fr', 'en'], 'texts.');
    else bad('texts', 'texts');
  }
  const ps = c.purposes;
  if (!Array.isArray(ps) || !ps.length) bad('purposes', 'purposes');
  const ids = new Set<unknown>();
  (Array.isArray(ps) ? ps : []).forEach((raw: unknown, i) => {
    const at = `purposes[${i}]`;
    if (!isObj(raw)) return bad(at, 'purpose');
    keys(raw, PURPOSE, `${at}.`);
    const id = raw.id;
    const name = `${at} (${JSON.stringify(id)}).`;
    if (!str(id) || !/^[a-z][a-z0-9_-]*$/.test(id)) bad(`${at}.id`, 'id', id);
    else if (ids.has(id)) bad(`${at}.id`, 'twice', id);
    ids.add(id);
    if (!isText(raw.title)) bad(`${name}title`, 'title');
    if (raw.description !== undefined && !isText(raw.description)) bad(`${name}description`, 'text');
    for (const k of ['exempt', 'audience', 'default']) bool(raw, k, name);
    const exempt = raw.exempt === true;
    const audience = isAudience(raw);
    if (raw.default === true && !exempt) bad(`${name}default`, 'default');
    const list = (k: string, each: (o: Record<string, unknown>, at: string) => unknown) => {
      const v = raw[k] ?? [];
      if (!Array.isArray(v)) bad(name + k, 'array');
      else v.forEach((o: unknown, j) => each(isObj(o) ? o : {}, `${name}${k}[${j}].`));
    };
    list('vendors', (v, at) => {
      if (!str(v.name)) return bad(`${at}name`, 'required');
      keys(v, VENDOR, at);
      if (v.url !== undefined && !safeLink(v.url)) bad(`${at}url`, 'link', v.url);
    });
    list('cookies', (k, at) => {
      if (!str(k.name) || !/^[^\s;,=]+$/.test(k.name)) return bad(`${at}name`, 'cookie');
      keys(k, COOKIE, at);
      const n = k.duration;
      if (typeof n !== 'number' || !(n >= 0) || !Number.isFinite(n)) bad(`${at}duration`, 'duration', n);
      else if (audience && n > AUDIENCE_MAX_DAYS) bad(`${at}duration`, 'audience', [n, exempt]);
    });
  });
  return p;
}

/** Whether `c` is a valid configuration (no {@link check} problem). */
export const compliant = (c: unknown, host?: string): boolean => !check(c, host).length;

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
  return [...new Uint8Array(digest, 0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
