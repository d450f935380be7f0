import type { Problem, Rules } from './config.js';

/**
 * The precise configuration check: every mistake as a {@link Problem} (none for a valid one), with its path
 * and a code that messages.ts explains. The banner runs the quick `compliant` (config.ts) before showing,
 * which accepts exactly the same configurations, and loads this with the messages only for an invalid one;
 * `validateConfig` (validate.ts) runs it at publish time. `rules` are config.ts's (passed in, so that the
 * lazy chunk imports nothing from the entry); `host` is the site's host name, for `cookieDomain`.
 */
export function check(c: unknown, host: string, r: Rules): Problem[] {
  const [
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
  ] = r;
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
  const domain = c.cookieDomain === undefined ? undefined : domainProblem(c.cookieDomain, host);
  if (domain) bad('cookieDomain', ...domain);
  const m = c.retentionMonths ?? DEFAULT_RETENTION_MONTHS;
  if (!Number.isInteger(m) || (m as number) < 1 || (m as number) > MAX_RETENTION_MONTHS)
    bad('retentionMonths', 'months', c.retentionMonths);
  const tz = c.timeZone ?? DEFAULT_TIME_ZONE;
  if (!zoneOk(tz)) bad('timeZone', 'tz', tz);
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
