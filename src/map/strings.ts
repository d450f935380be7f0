import type { UiLang } from '../core/lang.js';

/** The map's own strings, in French and English (kept here so the map merges without touching the shared table). */
const MAP_STRINGS = {
  en: {
    mapOf: (title: string) => `Map of ${title}`,
    skip: 'Skip the map',
    showList: 'View as list',
    hideList: 'Hide the list',
    loadingMap: 'Loading the map…',
    noGeo: 'this dataset has no geographic field (geo_point_2d or geo_shape); name one with "geo-field".',
    badGeo: (name: string) => `"${name}" is not a geographic field of this dataset.`,
    badMode: (v: string) =>
      `"${v}" is not a mode; use auto, points, clusters, shapes, choropleth or heatmap.`,
    badBasemap: (v: string) =>
      `"${v}" is not a preset (offline, osm, ign-plan, openfreemap), an https style URL or a tile template with {z}/{x}/{y}.`,
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
  },
  fr: {
    mapOf: (title: string) => `Carte de ${title}`,
    skip: 'Passer la carte',
    showList: 'Voir sous forme de liste',
    hideList: 'Masquer la liste',
    loadingMap: 'Chargement de la carte…',
    noGeo:
      'ce jeu de données n’a pas de champ géographique (geo_point_2d ou geo_shape) ; nommez-en un avec « geo-field ».',
    badGeo: (name: string) => `« ${name} » n’est pas un champ géographique de ce jeu de données.`,
    badMode: (v: string) =>
      `« ${v} » n’est pas un mode ; utilisez auto, points, clusters, shapes, choropleth ou heatmap.`,
    badBasemap: (v: string) =>
      `« ${v} » n’est ni un fond prédéfini (offline, osm, ign-plan, openfreemap), ni une URL de style https, ni un modèle de tuiles avec {z}/{x}/{y}.`,
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
  },
};

export type MapStrings = (typeof MAP_STRINGS)['en'];
export const mapStrings = (lang: UiLang): MapStrings => MAP_STRINGS[lang];
