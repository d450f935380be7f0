import type { UiLang } from './lang.js';

/** Every string our elements show, in French and English. */
const STRINGS = {
  en: {
    colon: ':',
    loadingSource: 'Loading source information…',
    sourceUnavailable: (id: string) => `Source “${id}”: not available.`,
    source: 'Source',
    publisher: 'Publisher',
    licence: 'Licence',
    noLicence: 'licence not stated',
    lastUpdate: 'Last update',
    dateUnknown: 'date not stated',
    mentions: 'Mentions',
    retry: 'Retry',
    errorTitle: 'The data could not be loaded.',
    status: 'HTTP status',
    network: 'network error',
    missingAttr: (name: string) => `needs a "${name}" attribute.`,
    badAttr: (name: string, detail: string) => `Attribute "${name}": ${detail}`,
    notFieldName: (value: string) => `"${value}" is not a field name (letters, digits and _ only).`,
    unknownFields: (names: string) => `no field ${names} in this dataset.`,
    quotaReset: (when: string) => `The portal's request quota resets ${when}.`,
    attributionRegion: 'Data source and licence',
    records: (n: string) => `${n} records`,
    oneRecord: '1 record',
    loadingRows: 'Loading records…',
    loadingRow: 'Loading…',
    noMatch: 'No record matches.',
    activeFilters: 'Active filters:',
    noRecords: 'This dataset has no records.',
    sortBy: (label: string) => `Sort by ${label}`,
    ceiling: (shown: string, total: string) =>
      `Only the first ${shown} of ${total} records can be browsed here. Download them all:`,
    exportAs: (fmt: string) => `${fmt} export`,
    rowDetail: 'Record details',
    close: 'Close',
    tableOf: (title: string) => `Records of ${title}`,
    noSource:
      'needs a "dataset" (with a "domain" or <meta name="ode-domain">), a "source" naming an <ode-dataset>, or to be placed inside an <ode-dataset>.',
    sourceNotFound: (id: string) => `no <ode-dataset> with id "${id}" on this page.`,
    timeout: 'The portal did not answer in time.',
    badAnswer: (path: string) =>
      `The portal's answer is not what the Explore API v2.1 returns ("${path}" is not as expected).`,
    tooLong: 'This request is too long to be sent: use fewer or shorter filters.',
    chartEngineFailed: 'The chart engine could not be loaded.',
    mapEngineFailed: 'The map engine could not be loaded.',
    engineFailedAgain: 'It failed again: reloading the page may help.',
    reloadPage: 'Reload the page',
    badDomain: (value: string) =>
      `attribute "domain": "${value}" is not a portal domain (expected a host such as data.example.org or an origin such as https://data.example.org).`,
  },
  fr: {
    colon: '\u00a0:',
    loadingSource: 'Chargement des informations sur la source…',
    sourceUnavailable: (id: string) => `Source « ${id} » : non disponible.`,
    source: 'Source',
    publisher: 'Producteur',
    licence: 'Licence',
    noLicence: 'licence non précisée',
    lastUpdate: 'Dernière mise à jour',
    dateUnknown: 'date non précisée',
    mentions: 'Mentions',
    retry: 'Réessayer',
    errorTitle: 'Les données n’ont pas pu être chargées.',
    status: 'Statut HTTP',
    network: 'erreur réseau',
    missingAttr: (name: string) => `a besoin d’un attribut « ${name} ».`,
    badAttr: (name: string, detail: string) => `Attribut « ${name} » : ${detail}`,
    notFieldName: (value: string) =>
      `« ${value} » n’est pas un nom de champ (lettres, chiffres et _ seulement).`,
    unknownFields: (names: string) => `pas de champ ${names} dans ce jeu de données.`,
    quotaReset: (when: string) => `Le quota de requêtes du portail se réinitialise ${when}.`,
    attributionRegion: 'Source et licence des données',
    records: (n: string) => `${n} enregistrements`,
    oneRecord: '1 enregistrement',
    loadingRows: 'Chargement des enregistrements…',
    loadingRow: 'Chargement…',
    noMatch: 'Aucun enregistrement ne correspond.',
    activeFilters: 'Filtres actifs :',
    noRecords: 'Ce jeu de données ne contient aucun enregistrement.',
    sortBy: (label: string) => `Trier par ${label}`,
    ceiling: (shown: string, total: string) =>
      `Seuls les ${shown} premiers enregistrements sur ${total} peuvent être parcourus ici. Tout télécharger :`,
    exportAs: (fmt: string) => `export ${fmt}`,
    rowDetail: 'Détail de l’enregistrement',
    close: 'Fermer',
    tableOf: (title: string) => `Enregistrements de ${title}`,
    noSource:
      'a besoin d’un attribut « dataset » (avec « domain » ou <meta name="ode-domain">), d’un attribut « source » désignant un <ode-dataset>, ou d’être placé dans un <ode-dataset>.',
    sourceNotFound: (id: string) => `aucun <ode-dataset> d’identifiant « ${id} » dans la page.`,
    timeout: 'Le portail n’a pas répondu à temps.',
    badAnswer: (path: string) =>
      `La réponse du portail n’est pas celle de l’API Explore v2.1 (« ${path} » n’est pas conforme).`,
    tooLong:
      'Cette requête est trop longue pour être envoyée : utilisez moins de filtres, ou des filtres plus courts.',
    chartEngineFailed: 'Le moteur de graphiques n’a pas pu être chargé.',
    mapEngineFailed: 'Le moteur de cartes n’a pas pu être chargé.',
    engineFailedAgain: 'Nouvel échec : recharger la page peut aider.',
    reloadPage: 'Recharger la page',
    badDomain: (value: string) =>
      `attribut « domain » : « ${value} » n’est pas un domaine de portail (attendu : un hôte comme data.example.org ou une origine comme https://data.example.org).`,
  },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : T[K] };
export type Strings = Widen<(typeof STRINGS)['en']>;

export function strings(lang: UiLang): Strings {
  return STRINGS[lang] as Strings;
}
