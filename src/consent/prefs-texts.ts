import { DURATION_TEXTS } from './duration.js';

/* The preferences dialog's texts, loaded with the dialog (prefs.ts); strings.ts takes only their type. */

const fr = {
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
};
const en: typeof fr = {
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
};
/** The dialog's texts, merged under the tenant's `texts` overrides. */
export const PREFS_TEXTS = {
  fr: { ...DURATION_TEXTS.fr, ...fr },
  en: { ...DURATION_TEXTS.en, ...en },
};
