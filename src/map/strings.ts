import type { UiLang } from '../core/lang.js';

/** The map's eager strings, in French and English (the rest is in engine-strings.ts, loaded with maplibre). */
const MAP_STRINGS = {
  en: {
    mapOf: (title: string) => `Map of ${title}`,
    skip: 'Skip the map',
    loadingMap: 'Loading the map…',
    noGeo: 'this dataset has no geographic field (geo_point_2d or geo_shape); name one with "geo-field".',
    badGeo: (name: string) => `"${name}" is not a geographic field of this dataset.`,
    badMode: (v: string) =>
      `"${v}" is not a mode; use auto, points, clusters, shapes, choropleth or heatmap.`,
    badBasemap: (v: string) =>
      `"${v}" is not a preset (offline, osm, ign-plan, openfreemap), an https style URL or a tile template with {z}/{x}/{y}.`,
  },
  fr: {
    mapOf: (title: string) => `Carte de ${title}`,
    skip: 'Passer la carte',
    loadingMap: 'Chargement de la carte…',
    noGeo:
      'ce jeu de données n’a pas de champ géographique (geo_point_2d ou geo_shape) ; nommez-en un avec « geo-field ».',
    badGeo: (name: string) => `« ${name} » n’est pas un champ géographique de ce jeu de données.`,
    badMode: (v: string) =>
      `« ${v} » n’est pas un mode ; utilisez auto, points, clusters, shapes, choropleth ou heatmap.`,
    badBasemap: (v: string) =>
      `« ${v} » n’est ni un fond prédéfini (offline, osm, ign-plan, openfreemap), ni une URL de style https, ni un modèle de tuiles avec {z}/{x}/{y}.`,
  },
};

export type MapStrings = (typeof MAP_STRINGS)['en'];
export const mapStrings = (lang: UiLang): MapStrings => MAP_STRINGS[lang];
