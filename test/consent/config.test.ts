import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { ConsentConfigError, canonicalJson, compliant, configHash } from '../../src/consent/config.js';
import { validateConfig } from '../../src/consent/validate.js';
import { tenantConfig } from './helpers.js';

/** The problems validateConfig reports for `input` (fails the test if it accepts it). */
function problems(input: unknown, host = 'www.ville-exemple.fr'): string[] {
  try {
    validateConfig(input, host);
  } catch (e) {
    expect(e).to.be.instanceOf(ConsentConfigError);
    return (e as ConsentConfigError).problems;
  }
  throw new Error('the configuration was accepted');
}
const withPurpose = (i: number, over: object) => {
  const c = tenantConfig();
  Object.assign(c.purposes[i], over);
  return c;
};

describe('consent configuration validator', () => {
  it('accepts the documented shape and fills defaults', () => {
    const c = validateConfig(tenantConfig({ cookieName: undefined }));
    expect(c.cookieName).to.equal('eu-consent');
    expect(c.retentionMonths).to.equal(6);
    expect(c.timeZone).to.equal('Europe/Paris');
    expect(c.gpc).to.equal(true);
    expect(c.purposes.map((p) => [p.id, p.exempt, p.audience])).to.deep.equal([
      ['audience', true, true],
      ['analytics', false, true],
      ['social', false, false],
      ['video', false, false],
    ]);
  });

  it('rejects what is not an object', () => {
    expect(problems('{}')[0]).to.match(/must be a JSON object/);
    expect(problems(null)[0]).to.match(/must be a JSON object/);
  });

  it('requires the privacy-policy URL, and only http(s) or a path', () => {
    expect(problems(tenantConfig({ privacyPolicyUrl: undefined as unknown as string }))).to.have.length(1);
    expect(problems(tenantConfig({ privacyPolicyUrl: 'javascript:alert(1)' }))[0]).to.match(
      /^privacyPolicyUrl: required/,
    );
    expect(problems(tenantConfig({ privacyPolicyUrl: '//evil.example/p' }))[0]).to.match(/^privacyPolicyUrl/);
    expect(() =>
      validateConfig(tenantConfig({ privacyPolicyUrl: 'https://example.org/privacy' })),
    ).not.to.throw();
  });

  it('requires the controller identity and a policy version', () => {
    expect(problems(tenantConfig({ controller: { name: ' ' } }))[0]).to.match(/^controller\.name: required/);
    expect(problems(tenantConfig({ policyVersion: '' }))[0]).to.match(/^policyVersion: required/);
    // stored in every record, whose fields are bounded
    expect(problems(tenantConfig({ policyVersion: 'v'.repeat(201) }))[0]).to.match(
      /^policyVersion: required/,
    );
    expect(compliant(tenantConfig({ policyVersion: 'v'.repeat(201) }))).to.equal(false);
  });

  it('refuses a non-exempt purpose granted by default (no pre-ticked box), but allows it on an exempt one', () => {
    const p = problems(withPurpose(2, { default: true }));
    expect(p).to.deep.equal([
      'purposes[2] ("social").default: a purpose that needs consent cannot be granted by default (no pre-ticked box: CNIL, Planet49); remove "default" or mark the purpose "exempt"',
    ]);
    expect(() => validateConfig(withPurpose(0, { default: true }))).not.to.throw();
  });

  it('caps every cookie of every purpose at 13 months (395 days), naming the cookie, its purpose and the limit', () => {
    // whatever the purpose is called, exempt or not, audience or not
    for (const [i, id] of [
      [0, 'mesure'],
      [1, 'frequentation'],
      [3, 'video'],
    ] as const) {
      const c = withPurpose(i, { id, audience: false, cookies: [{ name: '_pk_id', duration: 3650 }] });
      expect(problems(c)).to.deep.equal([
        `purposes[${i}] ("${id}").cookies[0].duration: cookie "_pk_id" of purpose "${id}" lives 3650 days: no cookie may live more than 13 months (395 days), whatever its purpose`,
      ]);
      expect(compliant(c, 'www.ville-exemple.fr')).to.equal(false);
    }
    expect(problems(withPurpose(3, { cookies: [{ name: 'yt', duration: 400 }] }))[0]).to.match(
      /cookie "yt" of purpose "video" lives 400 days: no cookie may live more than 13 months \(395 days\)/,
    );
    expect(() => validateConfig(withPurpose(3, { cookies: [{ name: 'yt', duration: 395 }] }))).not.to.throw();
  });

  it('keeps audience-measurement identifiers to 390 days (13 months from first deposit, never extended), exempt or not', () => {
    const exempt = withPurpose(0, { cookies: [{ name: '_pk_id.*', duration: 395 }] });
    expect(problems(exempt)[0]).to.equal(
      'purposes[0] ("audience").cookies[0].duration: cookie "_pk_id.*" of purpose "audience" lives 395 days: an audience-measurement identifier lives at most 390 days (13 months from its first deposit, never extended)',
    );
    const consented = withPurpose(1, { cookies: [{ name: '_ga', duration: 730 }] });
    expect(problems(consented)[0]).to.match(
      /^purposes\[1\] \("analytics"\)\.cookies\[0\]\.duration: cookie "_ga"/,
    );
    expect(() =>
      validateConfig(withPurpose(0, { cookies: [{ name: '_pk_id.*', duration: 390 }] })),
    ).not.to.throw();
    // audience: true opts any purpose in
    expect(
      problems(withPurpose(3, { audience: true, cookies: [{ name: 'v', duration: 391 }] })),
    ).to.have.length(1);
  });

  it('requires the provider of a third-party cookie, a path starting with "/", and storage keys as strings', () => {
    const c = withPurpose(2, {
      cookies: [{ name: 'li_gc', duration: 180, thirdParty: true }],
      storage: ['ok', 3],
    });
    (c.purposes[1].cookies as object[]).push({ name: '_ga_x', duration: 1, path: 'stats' });
    expect(problems(c)).to.deep.equal([
      'purposes[1] ("analytics").cookies[2].path: a path starting with "/" (got "stats")',
      'purposes[2] ("social").storage: an array of localStorage / sessionStorage keys such as ["matomo_sessid", "_pk_*"]',
      'purposes[2] ("social").cookies[0].provider: cookie "li_gc" is set by a third party: say which one ("provider")',
    ]);
    expect(() =>
      validateConfig(
        withPurpose(2, { storage: ['_pk_*'], cookies: [{ name: 'x', duration: 1, path: '/stats' }] }),
      ),
    ).not.to.throw();
  });

  it('keeps choice retention between 1 and 13 months', () => {
    expect(problems(tenantConfig({ retentionMonths: 14 }))[0]).to.match(
      /^retentionMonths: a whole number of months from 1 to 13 \(got 14\)/,
    );
    expect(problems(tenantConfig({ retentionMonths: 0 }))).to.have.length(1);
    expect(problems(tenantConfig({ retentionMonths: 6.5 }))).to.have.length(1);
    expect(validateConfig(tenantConfig({ retentionMonths: 13 })).retentionMonths).to.equal(13);
  });

  it('keeps the consent cookie host-only unless a domain of this site that no other tenant shares is given', () => {
    expect(
      problems(tenantConfig({ cookieDomain: 'opendatasoft.com' }), 'ville.opendatasoft.com')[0],
    ).to.match(/^cookieDomain: opendatasoft\.com is shared with other tenants/);
    expect(problems(tenantConfig({ cookieDomain: 'other.org' }))[0]).to.match(/neither this site's host/);
    expect(problems(tenantConfig({ cookieDomain: 'fr' }))[0]).to.match(/is not a domain/);
    // a public suffix: no browser stores a cookie there
    expect(problems(tenantConfig({ cookieDomain: 'gouv.fr' }), 'ville.gouv.fr')).to.deep.equal([
      'cookieDomain: gouv.fr is a public suffix: browsers refuse cookies on it; omit it (host-only)',
    ]);
    expect(compliant(tenantConfig({ cookieDomain: 'gouv.fr' }), 'ville.gouv.fr')).to.equal(false);
    expect(
      validateConfig(tenantConfig({ cookieDomain: 'ville-exemple.fr' }), 'www.ville-exemple.fr').cookieDomain,
    ).to.equal('ville-exemple.fr');
  });

  it('names unknown keys (typos), duplicate ids, bad ids, missing durations and bad time zones, all at once', () => {
    const c = tenantConfig({ timeZone: 'Europe/Pariss' }) as unknown as Record<string, unknown>;
    c.privacyPolicyURL = '/x';
    const purposes = c.purposes as Record<string, unknown>[];
    purposes[3].id = 'social';
    purposes[2].cookies = [{ name: 'li_gc' }];
    purposes[1].titel = 'x';
    const p = problems(c);
    expect(p).to.include(
      'privacyPolicyURL: unknown key (expected one of policyVersion, privacyPolicyUrl, controller, cookieName, cookieDomain, retentionMonths, timeZone, gpc, receiptEndpoint, nonce, texts, purposes)',
    );
    expect(p).to.include('timeZone: "Europe/Pariss" is not an IANA time zone such as "Europe/Paris"');
    expect(p).to.include('purposes[3].id: "social" is used twice');
    expect(p).to.include(
      'purposes[2] ("social").cookies[0].duration: required, a number of days (0 for a session cookie), got undefined',
    );
    expect(p.some((x) => x.startsWith('purposes[1].titel: unknown key'))).to.equal(true);
    expect(problems(withPurpose(1, { id: 'Analytics!' }))[0]).to.match(
      /^purposes\[1\]\.id: required, lower-case/,
    );
    expect(problems(tenantConfig({ purposes: [] }))[0]).to.equal('purposes: required, a non-empty array');
  });

  it('hashes the canonical configuration: key order and the nonce do not matter, content does', async () => {
    const a = validateConfig(tenantConfig({ cookieName: 'x' }));
    const reordered = JSON.parse(canonicalJson(a));
    const h = await configHash(a);
    expect(h).to.match(/^[0-9a-f]{16}$/);
    expect(await configHash({ ...reordered, nonce: 'abc' })).to.equal(h);
    expect(await configHash({ ...a, policyVersion: '2026-12' })).not.to.equal(h);
    const changed = validateConfig(tenantConfig({ cookieName: 'x' }));
    changed.purposes[2].vendors.push({ name: 'Facebook', thirdParty: true });
    expect(await configHash(changed)).not.to.equal(h);
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).to.equal('{"a":[{"c":2,"d":1}],"b":1}');
  });

  it('leaves transport settings out of the hash: adding a receipt endpoint asks nobody again', async () => {
    const c = tenantConfig();
    expect(await configHash({ ...c, receiptEndpoint: '/receipts', nonce: 'abc' })).to.equal(
      await configHash(c),
    );
  });

  it('hashes the same on plain http, where crypto.subtle does not exist', async () => {
    const c = tenantConfig();
    const secure = await configHash(c);
    expect(secure).to.match(/^[0-9a-f]{16}$/);
    const real = Object.getOwnPropertyDescriptor(globalThis, 'crypto')!;
    Object.defineProperty(globalThis, 'crypto', { value: {}, configurable: true });
    try {
      expect(globalThis.crypto.subtle).to.equal(undefined);
      expect(await configHash(c)).to.equal(secure);
    } finally {
      Object.defineProperty(globalThis, 'crypto', real);
    }
    expect(globalThis.crypto.subtle).not.to.equal(undefined);
  });
});

describe('fast configuration check (what the banner runs before showing, without loading the messages)', () => {
  const host = 'www.ville-exemple.fr';
  /** Both must agree: `compliant` true exactly when `validateConfig` accepts. */
  const agree = (input: unknown) => {
    let valid = true;
    try {
      validateConfig(input, host);
    } catch (e) {
      valid = false;
      // every problem has its message (a code without one would throw a TypeError here)
      expect(e).to.be.instanceOf(ConsentConfigError);
      expect((e as ConsentConfigError).problems.join('\n')).not.to.match(/undefined:|^: /m);
    }
    expect(compliant(input, host), JSON.stringify(input)).to.equal(valid);
    return valid;
  };

  it('accepts the valid tenant configuration and agrees with the validator on every documented mistake', () => {
    expect(agree(tenantConfig())).to.equal(true);
    expect(agree(tenantConfig({ cookieDomain: '.ville-exemple.fr', retentionMonths: 13 }))).to.equal(true);
    for (const bad of [
      null,
      [],
      tenantConfig({ privacyPolicyUrl: 'javascript:alert(1)' }),
      tenantConfig({ controller: { name: ' ' } }),
      tenantConfig({ retentionMonths: 14 }),
      tenantConfig({ cookieDomain: 'opendatasoft.com' }),
      tenantConfig({ cookieDomain: 'example.org' }),
      tenantConfig({ timeZone: 'Mars/Olympus' }),
      { ...tenantConfig(), privacyPolicyURL: '/typo' },
      withPurpose(1, { default: true }),
      withPurpose(1, { cookies: [{ name: '_ga', duration: 391 }] }),
      withPurpose(3, { cookies: [{ name: 'yt', duration: 3650 }] }),
      withPurpose(0, { cookies: [{ name: '_pk_id.*', duration: 395 }] }),
      withPurpose(2, { id: 'analytics' }),
      withPurpose(2, { vendors: [{ name: 'X', url: 'javascript:x' }] }),
    ])
      expect(agree(bad), JSON.stringify(bad)).to.equal(false);
  });

  it('agrees with the validator on random variations of a configuration', () => {
    const keys = [
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
      'typo',
    ];
    const pkeys = [
      'id',
      'title',
      'description',
      'exempt',
      'audience',
      'default',
      'vendors',
      'cookies',
      'storage',
      'x',
    ];
    const value = fc.oneof(
      fc.constantFrom(
        undefined,
        null,
        true,
        false,
        0,
        1,
        6,
        13,
        14,
        390,
        391,
        -1,
        NaN,
        '',
        ' ',
        'a',
        'stat',
        'Ville',
        '/p',
        '//evil',
        'https://x.fr',
        'javascript:x',
        'Europe/Paris',
        'ville-exemple.fr',
        'shared.opendatasoft.com',
        'gouv.fr',
        'ville.gouv.fr',
        'opendatasoft.com',
        'a b',
        '_ga',
        '_ga_*',
      ),
      fc.constant({}),
      fc.constant({ fr: 'x' }),
      fc.constant({ name: 'Ville' }),
      fc.constant([]),
      fc.constant([{ name: 'X', url: 'https://x.fr', thirdParty: true }]),
      fc.constant([{ name: '_ga', duration: 390 }]),
      fc.constant([{ name: '_ga', duration: 391 }]),
      fc.constant([{ name: '_ga', duration: 395 }]),
      fc.constant([{ name: '_ga', duration: 396 }]),
      fc.constant([{ name: 'li', duration: 1, thirdParty: true }]),
      fc.constant([{ name: 'li', duration: 1, thirdParty: true, provider: 'LinkedIn' }]),
      fc.constant([{ name: 'li', duration: 1, path: '/a' }]),
      fc.constant([{ name: 'li', duration: 1, path: 'a' }]),
      fc.constant(['_pk_*']),
      fc.constant([1]),
      fc.constant([{ name: 'a b', duration: 1 }]),
      fc.constant([{ name: '_ga', duration: 1, extra: 1 }]),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...keys), value), { maxLength: 3 }),
        fc.nat(3),
        fc.array(fc.tuple(fc.constantFrom(...pkeys), value), { maxLength: 3 }),
        (top, i, purpose) => {
          const c = tenantConfig() as unknown as Record<string, unknown>;
          for (const [k, v] of top) c[k] = structuredClone(v);
          const ps = c.purposes;
          if (Array.isArray(ps) && ps[i] && typeof ps[i] === 'object')
            for (const [k, v] of purpose) ps[i][k] = structuredClone(v);
          agree(c);
        },
      ),
      { numRuns: 600 },
    );
  });
});
