import { DURATION_TEXTS } from './duration.js';

/* The cookie table's texts, loaded with the table (declaration-table.ts); strings.ts takes only their type. */

const fr = {
  declCaption: 'Cookies utilisés sur ce site',
  declName: 'Nom',
  declPurpose: 'Finalité',
  declDuration: 'Durée',
  declProvider: 'Émetteur',
  declParty: 'Tiers',
  yes: 'oui',
  no: 'non',
  months: '{n} mois',
  consentCookie: 'Mémorise vos choix sur les cookies',
  consentPurpose: 'Choix de consentement (exempté)',
  unspecifiedThirdParty: 'tiers (non précisé)',
};
const en: typeof fr = {
  declCaption: 'Cookies used on this site',
  declName: 'Name',
  declPurpose: 'Purpose',
  declDuration: 'Duration',
  declProvider: 'Set by',
  declParty: 'Third party',
  yes: 'yes',
  no: 'no',
  months: '{n} months',
  consentCookie: 'Remembers your cookie choices',
  consentPurpose: 'Consent choices (exempt)',
  unspecifiedThirdParty: 'third party (unspecified)',
};
/** The table's texts, merged under the tenant's `texts` overrides. */
export const DECLARATION_TEXTS = {
  fr: { ...DURATION_TEXTS.fr, ...fr },
  en: { ...DURATION_TEXTS.en, ...en },
};
