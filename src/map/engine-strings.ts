import type { UiLang } from '../core/lang.js';

/** The strings of the map's lazy parts (engine, list, legend, notices), in French and English. */
const ENGINE_STRINGS = {
  en: {
    noMap: 'This browser cannot draw the map (WebGL 2 is unavailable); the records are available as a list.',
    showList: 'View as list',
    hideList: 'Hide the list',
    consentNeeded: 'The background map comes from a third-party service and is shown only with your consent.',
    allow: 'Allow the background map',
    offlineNote: 'Simplified background: the map tiles could not be loaded.',
    inView: (n: string) => `${n} records in view`,
    oneInView: '1 record in view',
    records: (n: string) => `${n} records`,
    oneRecord: '1 record',
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
    noMap:
      'Ce navigateur ne peut pas dessiner la carte (WebGL 2 n’est pas disponible) ; les enregistrements restent consultables sous forme de liste.',
    showList: 'Voir sous forme de liste',
    hideList: 'Masquer la liste',
    consentNeeded: 'Le fond de carte vient d’un service tiers et n’est affiché qu’avec votre consentement.',
    allow: 'Autoriser le fond de carte',
    offlineNote: 'Fond simplifié : les tuiles de la carte n’ont pas pu être chargées.',
    inView: (n: string) => `${n} enregistrements visibles`,
    oneInView: '1 enregistrement visible',
    records: (n: string) => `${n} enregistrements`,
    oneRecord: '1 enregistrement',
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
