/**
 * Basemaps. `offline` is a light world outline drawn from the `world-atlas` package: no request leaves
 * the page. The other presets are keyless public services; each carries the attribution its terms require.
 */
export interface RasterBasemap {
  kind: 'raster';
  tiles: string;
  attribution: string;
  maxzoom?: number;
}
export interface StyleBasemap {
  kind: 'style';
  url: string;
}
export type Basemap = { kind: 'offline' } | RasterBasemap | StyleBasemap;

export const BASEMAP_PRESETS: Record<string, Basemap> = {
  offline: { kind: 'offline' },
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

/** The basemap an attribute names, or undefined when the value is none of the accepted forms. */
export function parseBasemap(value: string | undefined): Basemap | undefined {
  const v = (value ?? '').trim();
  if (!v) return BASEMAP_PRESETS.offline;
  if (Object.hasOwn(BASEMAP_PRESETS, v)) return BASEMAP_PRESETS[v];
  let url: URL;
  try {
    url = new URL(v.replace(/[{}]/g, ''), document.baseURI);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (/\{z\}/.test(v) && /\{x\}/.test(v) && /\{y\}/.test(v))
    return { kind: 'raster', tiles: v, attribution: '' };
  if (/[{}]/.test(v)) return undefined;
  return { kind: 'style', url: new URL(v, document.baseURI).href };
}
