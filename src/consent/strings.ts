import type { UiLang } from '../core/lang.js';
import type { PREFS_TEXTS } from './prefs-texts.js';
import type { DECLARATION_TEXTS } from './declaration-texts.js';
import type { GATE_TEXTS } from './gate-texts.js';
import type { DURATION_TEXTS } from './duration.js';

/**
 * The texts of the consent elements, in French and English. Those of the first layer and the button are
 * here; the preferences dialog's are in prefs-texts.ts, the cookie table's in declaration-texts.ts and the
 * gate placeholder's in gate-texts.ts, loaded with those parts (modules that import nothing of the suite,
 * so that this file can take their types without an import circle). A tenant overrides any of them with `texts: { fr: { … }, en: { … } }` in the
 * configuration; `{controller}`, `{n}` and `{purposes}` are replaced where they appear.
 */
const fr = {
  bannerTitle: 'Vos choix sur les cookies',
  bannerText:
    '{controller} souhaite utiliser des cookies et traceurs pour : {purposes}. Vous pouvez accepter, refuser ou choisir finalité par finalité, et changer d’avis à tout moment avec le bouton « Gérer mes cookies ». Refuser n’empêche pas d’utiliser le site.',
  thirdParties: 'Partenaires et tiers concernés : {n}',
  seeThirdParties: 'voir la liste',
  policy: 'Politique de confidentialité',
  acceptAll: 'Tout accepter',
  refuseAll: 'Tout refuser',
  customise: 'Personnaliser',
  continueWithout: 'Continuer sans accepter',
  manage: 'Gérer mes cookies',
};

const en: typeof fr = {
  bannerTitle: 'Your cookie choices',
  bannerText:
    '{controller} would like to use cookies and trackers for: {purposes}. You can accept, refuse or choose purpose by purpose, and change your mind at any time with the “Manage cookies” button. Refusing does not stop you from using the site.',
  thirdParties: 'Partners and third parties involved: {n}',
  seeThirdParties: 'see the list',
  policy: 'Privacy policy',
  acceptAll: 'Accept all',
  refuseAll: 'Refuse all',
  customise: 'Customise',
  continueWithout: 'Continue without accepting',
  manage: 'Manage cookies',
};

/** Every text (first layer, dialog, cookie table). */
export type ConsentTexts = typeof fr &
  (typeof PREFS_TEXTS)['fr'] &
  (typeof DECLARATION_TEXTS)['fr'] &
  (typeof GATE_TEXTS)['fr'] &
  (typeof DURATION_TEXTS)['fr'];

export const CONSENT_TEXTS: Record<UiLang, typeof fr> = { fr, en };
