import type { ConsentConfigInput } from '../../src/consent/config.js';
import { ConsentStore } from '../../src/consent/store.js';

let n = 0;
/**
 * Test files share one cookie jar in Firefox and WebKit (one browser context for the whole run): names
 * carry this file's own prefix, so a record left by another file is never read as this test's.
 */
const run = Math.random().toString(36).slice(2, 8);

/** A valid configuration modelled on the seed privacy policies, with its own cookie name per call. */
export function tenantConfig(over: Partial<ConsentConfigInput> = {}): ConsentConfigInput {
  return {
    policyVersion: '2026-11',
    privacyPolicyUrl: '/politique-de-confidentialite',
    cookieName: `test-consent-${run}-${++n}`,
    controller: { name: "Ville d'Exemple", contact: 'dpo@example.org' },
    purposes: [
      {
        id: 'audience',
        title: { fr: 'Mesure d’audience exemptée', en: 'Exempt audience measurement' },
        exempt: true,
        vendors: [{ name: 'Matomo (auto-hébergé)', thirdParty: false }],
        cookies: [{ name: '_pk_ses.*', duration: 0, provider: 'Matomo' }],
      },
      {
        id: 'analytics',
        title: { fr: 'Statistiques détaillées', en: 'Detailed statistics' },
        description: 'Google Analytics 4',
        vendors: [{ name: 'Google Ireland', url: 'https://policies.google.com/privacy', thirdParty: true }],
        cookies: [
          { name: '_ga', duration: 390, provider: 'Google', thirdParty: false },
          { name: '_ga_*', duration: 390, provider: 'Google', thirdParty: false },
        ],
      },
      {
        id: 'social',
        title: { fr: 'Réseaux sociaux', en: 'Social networks' },
        vendors: [
          { name: 'X (Twitter)', thirdParty: true },
          { name: 'LinkedIn', thirdParty: true },
        ],
        cookies: [{ name: 'li_gc', duration: 180, provider: 'LinkedIn', thirdParty: true }],
      },
      {
        id: 'video',
        title: { fr: 'Vidéos', en: 'Videos' },
        vendors: [{ name: 'YouTube', thirdParty: true }],
        cookies: [],
      },
    ],
    ...over,
  };
}

/** A store on its own cookie name, with a fixed clock when `now` is given. */
export async function configuredStore(
  over: Partial<ConsentConfigInput> = {},
  now?: number,
): Promise<ConsentStore> {
  const s = new ConsentStore();
  if (now !== undefined) s.now = () => now;
  await s.configure(tenantConfig(over));
  return s;
}

/** Delete every cookie this page can see. */
export function clearCookies(): void {
  for (const part of document.cookie.split(/;\s*/)) {
    const name = part.split('=')[0];
    if (name) document.cookie = `${name}=; Path=/; Max-Age=0`;
  }
}

export const cookieNamesNow = (): string[] =>
  document.cookie
    .split(/;\s*/)
    .map((p) => p.split('=')[0])
    .filter(Boolean);

/** Pretend the browser sends Global Privacy Control. Returns the undo. */
export function withGpc(): () => void {
  Object.defineProperty(navigator, 'globalPrivacyControl', { value: true, configurable: true });
  return () => delete (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl;
}
