import type { UiLang } from '../core/lang.js';

/** The strings of the map once maplibre is loaded, in French and English. */
const ENGINE_STRINGS = {
  en: {
    showList: 'View as list',
    hideList: 'Hide the list',
    consentNeeded: 'The background map comes from a third-party service and is shown only with your consent.',
    allow: 'Allow the background map',
    offlineNote: 'Simplified background: the map tiles could not be loaded.',
    inView: (n: string) => `${n} records in view`,
    oneInView: '1 record in view',
    listed: (n: string) => `first ${n} listed`,
    showOnMap: 'Show on the map',
    cluster: (n: string) => `${n} records here, zoom in`,
    noMatch: 'No record matches.',
    noRecords: 'This dataset has no records.',
    legend: 'Legend',
    record: 'Record',
    workerFailed: 'the map worker could not be loaded — see docs/map.md#bundlers',
  },
  fr: {
    showList: 'Voir sous forme de liste',
    hideList: 'Masquer la liste',
    consentNeeded: 'Le fond de carte vient d’un service tiers et n’est affiché qu’avec votre consentement.',
    allow: 'Autoriser le fond de carte',
    offlineNote: 'Fond simplifié : les tuiles de la carte n’ont pas pu être chargées.',
    inView: (n: string) => `${n} enregistrements visibles`,
    oneInView: '1 enregistrement visible',
    listed: (n: string) => `les ${n} premiers listés`,
    showOnMap: 'Montrer sur la carte',
    cluster: (n: string) => `${n} enregistrements ici, zoomer`,
    noMatch: 'Aucun enregistrement ne correspond.',
    noRecords: 'Ce jeu de données ne contient aucun enregistrement.',
    legend: 'Légende',
    record: 'Enregistrement',
    workerFailed: 'le programme de la carte (worker) n’a pas pu être chargé — voir docs/map.md#bundlers',
  },
};

export type EngineStrings = (typeof ENGINE_STRINGS)['en'];
export const engineStrings = (lang: UiLang): EngineStrings => ENGINE_STRINGS[lang];
