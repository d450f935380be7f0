import type { UiLang } from '../core/lang.js';

/**
 * Every text of the consent elements, in French and English. A tenant overrides any of them with
 * `texts: { fr: { … }, en: { … } }` in the configuration; `{controller}`, `{n}` and `{purposes}` are
 * replaced where they appear.
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
  prefsTitle: 'Préférences de cookies',
  prefsText:
    'Choisissez pour chaque finalité. Sans choix de votre part, elle reste refusée. Vos choix sont conservés {months} mois.',
  accept: 'Accepter',
  refuse: 'Refuser',
  save: 'Enregistrer mes choix',
  close: 'Fermer',
  exempt: 'Exempté de consentement : toujours actif',
  vendors: 'Partenaires',
  thirdParty: 'tiers',
  cookies: 'Cookies',
  receipt: 'Télécharger mon reçu',
  gpc: 'Votre navigateur envoie le signal Global Privacy Control : nous l’avons respecté en refusant tout.',
  manage: 'Gérer mes cookies',
  gateText:
    'Ce contenu ({purpose}) est fourni par {vendors}. L’afficher peut déposer des cookies et transmettre des données à ce tiers.',
  gateAllow: 'Autoriser et afficher',
  gateManage: 'Gérer mes préférences',
  declCaption: 'Cookies utilisés sur ce site',
  declName: 'Nom',
  declPurpose: 'Finalité',
  declDuration: 'Durée',
  declProvider: 'Émetteur',
  declParty: 'Tiers',
  yes: 'oui',
  no: 'non',
  session: 'session',
  days: '{n} jours',
  months: '{n} mois',
  consentCookie: 'Mémorise vos choix sur les cookies',
  consentPurpose: 'Choix de consentement (exempté)',
  configError: 'La configuration du bandeau de cookies est invalide :',
  unknownPurpose: 'Finalité inconnue : « {purposes} ».',
};
export type ConsentTexts = typeof fr;

const en: ConsentTexts = {
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
  prefsTitle: 'Cookie preferences',
  prefsText:
    'Choose for each purpose. Without a choice, it stays refused. Your choices are kept {months} months.',
  accept: 'Accept',
  refuse: 'Refuse',
  save: 'Save my choices',
  close: 'Close',
  exempt: 'Exempt from consent: always active',
  vendors: 'Partners',
  thirdParty: 'third party',
  cookies: 'Cookies',
  receipt: 'Download my receipt',
  gpc: 'Your browser sends the Global Privacy Control signal: we honoured it by refusing everything.',
  manage: 'Manage cookies',
  gateText:
    'This content ({purpose}) is provided by {vendors}. Showing it may set cookies and send data to this third party.',
  gateAllow: 'Allow and show',
  gateManage: 'Manage my preferences',
  declCaption: 'Cookies used on this site',
  declName: 'Name',
  declPurpose: 'Purpose',
  declDuration: 'Duration',
  declProvider: 'Set by',
  declParty: 'Third party',
  yes: 'yes',
  no: 'no',
  session: 'session',
  days: '{n} days',
  months: '{n} months',
  consentCookie: 'Remembers your cookie choices',
  consentPurpose: 'Consent choices (exempt)',
  configError: 'The cookie banner configuration is invalid:',
  unknownPurpose: 'Unknown purpose: “{purposes}”.',
};

export const CONSENT_TEXTS: Record<UiLang, ConsentTexts> = { fr, en };

/** Replace `{name}` placeholders. */
export const fill = (s: string, v: Record<string, string | number>): string =>
  s.replace(/\{(\w+)\}/g, (m, k: string) => (k in v ? String(v[k]) : m));
