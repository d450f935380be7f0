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

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const isText = (v: unknown) => str(v) || (isObj(v) && (str(v.fr) || str(v.en)));
const json = (v: unknown) => JSON.stringify(v);
/** A link we may render: http(s) absolute, or a path / relative URL on this site. */
export const safeLink = (v: unknown): v is string =>
  str(v) && (/^https?:\/\//i.test(v) || (/^[/.#?]/.test(v) && !v.startsWith('//')));

/**
 * Checks a configuration (parsed JSON or an object) and returns it with defaults filled in. Throws a
 * {@link ConsentConfigError} listing every problem.
 */
export function validateConfig(input: unknown, hostname = location.hostname): ConsentConfig {
  const p: string[] = [];
  const unknownKeys = (o: Record<string, unknown>, allowed: string[], at: string) => {
    for (const k of Object.keys(o))
      if (!allowed.includes(k)) p.push(`${at}${k}: unknown key (expected one of ${allowed.join(', ')})`);
  };
  if (!isObj(input))
    throw new ConsentConfigError([`the configuration must be a JSON object, got ${json(input)}`]);
  const c = input;
  unknownKeys(c, TOP, '');

  if (!str(c.policyVersion)) p.push('policyVersion: required, a non-empty string such as "2026-11"');
  if (!safeLink(c.privacyPolicyUrl))
    p.push(
      `privacyPolicyUrl: required, an http(s) URL or a path on this site (got ${json(c.privacyPolicyUrl)}); users must be able to read the policy before choosing`,
    );
  if (!isObj(c.controller) || !str(c.controller.name))
    p.push('controller.name: required; the identity of the data controller must be shown before the choice');
  if (c.cookieName !== undefined && !(str(c.cookieName) && /^[\w.-]+$/.test(c.cookieName)))
    p.push(`cookieName: letters, digits, ".", "_" or "-" only (got ${json(c.cookieName)})`);
  if (c.cookieDomain !== undefined) {
    const d = String(c.cookieDomain).replace(/^\./, '').toLowerCase();
    if (!str(c.cookieDomain) || !d.includes('.'))
      p.push(`cookieDomain: ${json(c.cookieDomain)} is not a domain; omit it to keep the cookie host-only`);
    else if (SHARED_DOMAINS.includes(d))
      p.push(
        `cookieDomain: ${d} is shared with other tenants, so consent would be shared between controllers; omit it (host-only)`,
      );
    else if (hostname !== d && !hostname.endsWith(`.${d}`))
      p.push(`cookieDomain: ${d} is neither this site's host (${hostname}) nor a parent of it`);
  }
  const months = c.retentionMonths ?? DEFAULT_RETENTION_MONTHS;
  if (!Number.isInteger(months) || (months as number) < 1 || (months as number) > MAX_RETENTION_MONTHS)
    p.push(
      `retentionMonths: a whole number of months from 1 to ${MAX_RETENTION_MONTHS} (got ${json(c.retentionMonths)}); CNIL recommends 6`,
    );
  const tz = c.timeZone ?? DEFAULT_TIME_ZONE;
  try {
    new Intl.DateTimeFormat('en', { timeZone: String(tz) });
  } catch {
    p.push(`timeZone: ${json(tz)} is not an IANA time zone such as "Europe/Paris"`);
  }
  if (c.gpc !== undefined && typeof c.gpc !== 'boolean') p.push('gpc: true or false');
  if (c.receiptEndpoint !== undefined && !safeLink(c.receiptEndpoint))
    p.push(`receiptEndpoint: an http(s) URL or a path on this site (got ${json(c.receiptEndpoint)})`);
  if (c.nonce !== undefined && !str(c.nonce)) p.push('nonce: a non-empty string');
  if (c.texts !== undefined) {
    if (!isObj(c.texts)) p.push('texts: an object such as { "fr": { "acceptAll": "…" } }');
    else unknownKeys(c.texts, ['fr', 'en'], 'texts.');
  }

  const ids = new Set<string>();
  if (!Array.isArray(c.purposes) || !c.purposes.length) p.push('purposes: required, a non-empty array');
  const purposes = (Array.isArray(c.purposes) ? c.purposes : []).map((raw: unknown, i) => {
    const at = `purposes[${i}]`;
    if (!isObj(raw)) {
      p.push(`${at}: an object with id, title, vendors and cookies`);
      return raw as ConsentConfig['purposes'][number];
    }
    unknownKeys(raw, PURPOSE, `${at}.`);
    const id = raw.id;
    const name = `${at} (${json(id)})`;
    if (!str(id) || !/^[a-z][a-z0-9_-]*$/.test(id))
      p.push(
        `${at}.id: required, lower-case letters, digits, "-" or "_", starting with a letter (got ${json(id)})`,
      );
    else if (ids.has(id)) p.push(`${at}.id: "${id}" is used twice`);
    else ids.add(id);
    if (!isText(raw.title)) p.push(`${name}.title: required, a text or { "fr": "…", "en": "…" }`);
    if (raw.description !== undefined && !isText(raw.description)) p.push(`${name}.description: a text`);
    for (const k of ['exempt', 'audience', 'default'])
      if (raw[k] !== undefined && typeof raw[k] !== 'boolean') p.push(`${name}.${k}: true or false`);
    const exempt = raw.exempt === true;
    const audience =
      typeof raw.audience === 'boolean' ? raw.audience : /^(analytics|audience|stat)/.test(String(id));
    if (raw.default === true && !exempt)
      p.push(
        `${name}.default: a purpose that needs consent cannot be granted by default (no pre-ticked box: CNIL, Planet49); remove "default" or mark the purpose "exempt"`,
      );
    const vendors = raw.vendors ?? [];
    if (!Array.isArray(vendors)) p.push(`${name}.vendors: an array`);
    else
      vendors.forEach((v: unknown, j) => {
        if (!isObj(v) || !str(v.name)) return p.push(`${name}.vendors[${j}].name: required`);
        unknownKeys(v, VENDOR, `${name}.vendors[${j}].`);
        if (v.url !== undefined && !safeLink(v.url)) p.push(`${name}.vendors[${j}].url: an http(s) URL`);
      });
    const cookies = raw.cookies ?? [];
    if (!Array.isArray(cookies)) p.push(`${name}.cookies: an array`);
    else
      cookies.forEach((k: unknown, j) => {
        const ca = `${name}.cookies[${j}]`;
        if (!isObj(k) || !str(k.name) || !/^[^\s;,=]+$/.test(k.name))
          return p.push(`${ca}.name: required, a cookie name`);
        unknownKeys(k, COOKIE, `${ca}.`);
        const d = k.duration;
        if (typeof d !== 'number' || !(d >= 0) || !Number.isFinite(d))
          p.push(`${ca}.duration: required, a number of days (0 for a session cookie), got ${json(d)}`);
        else if (audience && d > AUDIENCE_MAX_DAYS)
          p.push(
            `${ca}.duration: ${d} days is too long for an audience-measurement identifier${exempt ? ' exempt from consent' : ''}: at most ${AUDIENCE_MAX_DAYS} days (13 months from first deposit, never extended)`,
          );
      });
    return { ...raw, exempt, audience, vendors, cookies } as ConsentConfig['purposes'][number];
  });
  if (p.length) throw new ConsentConfigError(p);
  return {
    ...(c as unknown as ConsentConfigInput),
    cookieName: (c.cookieName as string) ?? 'eu-consent',
    retentionMonths: months as number,
    timeZone: tz as string,
    gpc: c.gpc !== false,
    purposes,
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
