import {
  COOKIE,
  COOKIE_NAME,
  COOKIE_PATTERN,
  ConsentConfigError,
  PURPOSE,
  PURPOSE_ID,
  TOP,
  VENDOR,
  domainCheck,
  durationOk,
  hostName,
  isAudience,
  isObj,
  isText,
  monthsOk,
  normalize,
  safeLink,
  str,
  unknownKeys,
  zoneOk,
  type ConsentConfig,
} from './config.js';
import {
  AUDIENCE_MAX_DAYS,
  DEFAULT_RETENTION_MONTHS,
  DEFAULT_TIME_ZONE,
  MAX_RETENTION_MONTHS,
} from './dates.js';

/**
 * The precise configuration validator: every mistake, with its path and what to write instead. The banner
 * loads it only when the fast check (`compliant` in config.ts, same verdict, no messages) fails, so a valid
 * configuration costs no request. Tenants run it at publish time:
 *
 * ```js
 * import { validateConfig } from 'open-data-elements/consent/validate';
 * validateConfig(json, 'www.example.org'); // throws ConsentConfigError listing every problem
 * ```
 * or `node scripts/consent-validate.js consent.json --host www.example.org`.
 */
export { ConsentConfigError };

const json = (v: unknown) => JSON.stringify(v);

/**
 * Checks a configuration (parsed JSON or an object) and returns it with defaults filled in. Throws a
 * {@link ConsentConfigError} listing every problem. `hostname` is the site's host (for `cookieDomain`).
 */
export function validateConfig(input: unknown, hostname = hostName()): ConsentConfig {
  const p: string[] = [];
  const keys = (o: Record<string, unknown>, allowed: string[], at: string) => {
    for (const k of unknownKeys(o, allowed))
      p.push(`${at}${k}: unknown key (expected one of ${allowed.join(', ')})`);
  };
  if (!isObj(input))
    throw new ConsentConfigError([`the configuration must be a JSON object, got ${json(input)}`]);
  const c = input;
  keys(c, TOP, '');

  if (!str(c.policyVersion)) p.push('policyVersion: required, a non-empty string such as "2026-11"');
  if (!safeLink(c.privacyPolicyUrl))
    p.push(
      `privacyPolicyUrl: required, an http(s) URL or a path on this site (got ${json(c.privacyPolicyUrl)}); users must be able to read the policy before choosing`,
    );
  if (!isObj(c.controller) || !str(c.controller.name))
    p.push('controller.name: required; the identity of the data controller must be shown before the choice');
  if (c.cookieName !== undefined && !(str(c.cookieName) && COOKIE_NAME.test(c.cookieName)))
    p.push(`cookieName: letters, digits, ".", "_" or "-" only (got ${json(c.cookieName)})`);
  if (c.cookieDomain !== undefined) {
    const d = String(c.cookieDomain).replace(/^\./, '').toLowerCase();
    const bad = domainCheck(c.cookieDomain, hostname);
    if (bad === 1)
      p.push(`cookieDomain: ${json(c.cookieDomain)} is not a domain; omit it to keep the cookie host-only`);
    else if (bad === 2)
      p.push(
        `cookieDomain: ${d} is shared with other tenants, so consent would be shared between controllers; omit it (host-only)`,
      );
    else if (bad === 3)
      p.push(`cookieDomain: ${d} is neither this site's host (${hostname}) nor a parent of it`);
  }
  if (!monthsOk(c.retentionMonths ?? DEFAULT_RETENTION_MONTHS))
    p.push(
      `retentionMonths: a whole number of months from 1 to ${MAX_RETENTION_MONTHS} (got ${json(c.retentionMonths)}); CNIL recommends 6`,
    );
  const tz = c.timeZone ?? DEFAULT_TIME_ZONE;
  if (!zoneOk(tz)) p.push(`timeZone: ${json(tz)} is not an IANA time zone such as "Europe/Paris"`);
  if (c.gpc !== undefined && typeof c.gpc !== 'boolean') p.push('gpc: true or false');
  if (c.receiptEndpoint !== undefined && !safeLink(c.receiptEndpoint))
    p.push(`receiptEndpoint: an http(s) URL or a path on this site (got ${json(c.receiptEndpoint)})`);
  if (c.nonce !== undefined && !str(c.nonce)) p.push('nonce: a non-empty string');
  if (c.texts !== undefined) {
    if (!isObj(c.texts)) p.push('texts: an object such as { "fr": { "acceptAll": "…" } }');
    else keys(c.texts, ['fr', 'en'], 'texts.');
  }

  const ids = new Set<string>();
  if (!Array.isArray(c.purposes) || !c.purposes.length) p.push('purposes: required, a non-empty array');
  (Array.isArray(c.purposes) ? c.purposes : []).forEach((raw: unknown, i) => {
    const at = `purposes[${i}]`;
    if (!isObj(raw)) return p.push(`${at}: an object with id, title, vendors and cookies`);
    keys(raw, PURPOSE, `${at}.`);
    const id = raw.id;
    const name = `${at} (${json(id)})`;
    if (!str(id) || !PURPOSE_ID.test(id))
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
    const audience = isAudience(raw);
    if (raw.default === true && !exempt)
      p.push(
        `${name}.default: a purpose that needs consent cannot be granted by default (no pre-ticked box: CNIL, Planet49); remove "default" or mark the purpose "exempt"`,
      );
    const vendors = raw.vendors ?? [];
    if (!Array.isArray(vendors)) p.push(`${name}.vendors: an array`);
    else
      vendors.forEach((v: unknown, j) => {
        if (!isObj(v) || !str(v.name)) return p.push(`${name}.vendors[${j}].name: required`);
        keys(v, VENDOR, `${name}.vendors[${j}].`);
        if (v.url !== undefined && !safeLink(v.url)) p.push(`${name}.vendors[${j}].url: an http(s) URL`);
      });
    const cookies = raw.cookies ?? [];
    if (!Array.isArray(cookies)) p.push(`${name}.cookies: an array`);
    else
      cookies.forEach((k: unknown, j) => {
        const ca = `${name}.cookies[${j}]`;
        if (!isObj(k) || !str(k.name) || !COOKIE_PATTERN.test(k.name))
          return p.push(`${ca}.name: required, a cookie name`);
        keys(k, COOKIE, `${ca}.`);
        const d = k.duration;
        if (!durationOk(d))
          p.push(`${ca}.duration: required, a number of days (0 for a session cookie), got ${json(d)}`);
        else if (audience && d > AUDIENCE_MAX_DAYS)
          p.push(
            `${ca}.duration: ${d} days is too long for an audience-measurement identifier${exempt ? ' exempt from consent' : ''}: at most ${AUDIENCE_MAX_DAYS} days (13 months from first deposit, never extended)`,
          );
      });
  });
  if (p.length) throw new ConsentConfigError(p);
  return normalize(c);
}
