/* The gate placeholder's texts, loaded with it (gate-placeholder.ts); strings.ts takes only their type. */

const fr = {
  gateText:
    'Ce contenu ({purpose}) est fourni par {vendors}. L’afficher peut déposer des cookies et transmettre des données à ce tiers.',
  gateAllow: 'Autoriser et afficher',
  gateManage: 'Gérer mes préférences',
  unknownPurpose: 'Finalité inconnue : « {purposes} ».',
};
const en: typeof fr = {
  gateText:
    'This content ({purpose}) is provided by {vendors}. Showing it may set cookies and send data to this third party.',
  gateAllow: 'Allow and show',
  gateManage: 'Manage my preferences',
  unknownPurpose: 'Unknown purpose: “{purposes}”.',
};

/** The placeholder's texts, merged under the tenant's `texts` overrides. */
export const GATE_TEXTS = { fr, en };
