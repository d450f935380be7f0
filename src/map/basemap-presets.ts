import type { RasterBasemap, StyleBasemap } from './basemaps.js';

/**
 * Keyless public basemaps, each with the attribution its terms require. Loaded with maplibre-gl.
 */
export const BASEMAP_PRESETS: Record<string, RasterBasemap | StyleBasemap> = {
  /** IGN Géoplateforme, "Plan IGN v2" (WMTS, Web Mercator). */
  'ign-plan': {
    kind: 'raster',
    tiles:
      'https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&STYLE=normal&TILEMATRIXSET=PM&FORMAT=image/png&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}',
    attribution: '<a href="https://www.ign.fr/">© IGN – Géoplateforme</a>',
    maxzoom: 19,
  },
  /** OpenStreetMap's standard raster tiles (light use only, see the OSM tile usage policy). */
  osm: {
    kind: 'raster',
    tiles: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
    attribution: '<a href="https://www.openstreetmap.org/copyright">© OpenStreetMap contributors</a>',
    maxzoom: 19,
  },
  /** OpenFreeMap "Liberty" vector style (its attribution comes with the style). */
  openfreemap: { kind: 'style', url: 'https://tiles.openfreemap.org/styles/liberty' },
};
