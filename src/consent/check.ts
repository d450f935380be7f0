import type { Problem, Rules } from './config.js';

/**
 * The precise configuration check: every mistake as a {@link Problem} (none for a valid one), with its path
 * and a code that messages.ts explains. The banner runs the quick `compliant` (config.ts) before showing,
 * which accepts exactly the same configurations, and loads this with the messages only for an invalid one;
 * `validateConfig` (validate.ts) runs it at publish time. `rules` are config.ts's (handed in, so that this
 * lazily loaded chunk imports nothing from the entry); `host` is the site's host name, for `cookieDomain`.
 */
export function check(c: unknown, host: string, rules: Rules): Problem[] {
  const { isObj, str, isText, safeLink, isAudience, maxCookieDays, cookieName, cookiePath, storageKeys } =
    rules;
  const problems: Problem[] = [];
  const bad = (path: string, code: string, value?: unknown) => problems.push({ path, code, value });
  /** Unknown keys of `o` (typos), at `at`. */
  const unknownKeys = (o: Record<string, unknown>, allowed: string[], at = '') => {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) bad(at + k, 'key', allowed);
  };
  const bool = (o: Record<string, unknown>, k: string, at = '') =>
    o[k] === undefined || typeof o[k] === 'boolean' || bad(at + k, 'bool');
  if (!isObj(c)) return [{ path: '', code: 'object', value: c }];
  unknownKeys(c, rules.keys.top);
  if (!rules.version(c.policyVersion)) bad('policyVersion', 'version');
  if (!safeLink(c.privacyPolicyUrl)) bad('privacyPolicyUrl', 'policy', c.privacyPolicyUrl);
  if (!isObj(c.controller) || !str(c.controller.name)) bad('controller.name', 'controller');
  if (c.cookieName !== undefined && !(str(c.cookieName) && /^[\w.-]+$/.test(c.cookieName)))
    bad('cookieName', 'cookieName', c.cookieName);
  const domain = c.cookieDomain === undefined ? undefined : rules.domainProblem(c.cookieDomain, host);
  if (domain) bad('cookieDomain', domain.code, domain.value);
  const months = c.retentionMonths ?? rules.DEFAULT_RETENTION_MONTHS;
  if (!Number.isInteger(months) || (months as number) < 1 || (months as number) > rules.MAX_RETENTION_MONTHS)
    bad('retentionMonths', 'months', c.retentionMonths);
  const tz = c.timeZone ?? rules.DEFAULT_TIME_ZONE;
  if (!rules.zoneOk(tz)) bad('timeZone', 'tz', tz);
  bool(c, 'gpc');
  if (c.receiptEndpoint !== undefined && !safeLink(c.receiptEndpoint))
    bad('receiptEndpoint', 'link', c.receiptEndpoint);
  if (c.nonce !== undefined && !str(c.nonce)) bad('nonce', 'string');
  if (c.texts !== undefined) {
    if (isObj(c.texts)) unknownKeys(c.texts, ['fr', 'en'], 'texts.');
    else bad('texts', 'texts');
  }
  const purposes = c.purposes;
  if (!Array.isArray(purposes) || !purposes.length) bad('purposes', 'purposes');
  const ids = new Set<unknown>();
  (Array.isArray(purposes) ? purposes : []).forEach((raw: unknown, i) => {
    const at = `purposes[${i}]`;
    if (!isObj(raw)) return bad(at, 'purpose');
    unknownKeys(raw, rules.keys.purpose, `${at}.`);
    const id = raw.id;
    const name = `${at} (${JSON.stringify(id)}).`;
    if (!str(id) || !/^[a-z][a-z0-9_-]*$/.test(id)) bad(`${at}.id`, 'id', id);
    else if (ids.has(id)) bad(`${at}.id`, 'twice', id);
    ids.add(id);
    if (!isText(raw.title)) bad(`${name}title`, 'title');
    if (raw.description !== undefined && !isText(raw.description)) bad(`${name}description`, 'text');
    for (const k of ['exempt', 'audience', 'default']) bool(raw, k, name);
    const exempt = raw.exempt === true;
    if (raw.default === true && !exempt) bad(`${name}default`, 'default');
    if (raw.storage !== undefined && !storageKeys(raw.storage)) bad(`${name}storage`, 'storage');
    const each = (k: string, one: (o: Record<string, unknown>, at: string) => unknown) => {
      const v = raw[k] ?? [];
      if (!Array.isArray(v)) bad(name + k, 'array');
      else v.forEach((o: unknown, j) => one(isObj(o) ? o : {}, `${name}${k}[${j}].`));
    };
    each('vendors', (v, at) => {
      if (!str(v.name)) return bad(`${at}name`, 'required');
      unknownKeys(v, rules.keys.vendor, at);
      if (v.url !== undefined && !safeLink(v.url)) bad(`${at}url`, 'link', v.url);
    });
    const limit = maxCookieDays(raw);
    each('cookies', (k, at) => {
      if (!cookieName(k.name)) return bad(`${at}name`, 'cookie');
      unknownKeys(k, rules.keys.cookie, at);
      const days = k.duration;
      if (typeof days !== 'number' || !(days >= 0) || !Number.isFinite(days))
        bad(`${at}duration`, 'duration', days);
      else if (days > limit)
        bad(`${at}duration`, 'tooLong', {
          cookie: k.name,
          purpose: id,
          days,
          limit,
          audience: isAudience(raw),
        });
      if (k.thirdParty === true ? !str(k.provider) : k.provider !== undefined && !str(k.provider))
        bad(`${at}provider`, 'provider', k.name);
      if (k.path !== undefined && !cookiePath(k.path)) bad(`${at}path`, 'path', k.path);
    });
  });
  return problems;
}
