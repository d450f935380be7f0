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
export type Basemap = { kind: 'offline' } | { kind: 'preset'; name: string } | RasterBasemap | StyleBasemap;

/** Names of the presets (their URLs and attributions are in basemap-presets.ts, loaded with maplibre). */
export const PRESET_NAMES = ['offline', 'osm', 'ign-plan', 'openfreemap'];

/** The basemap an attribute names, or undefined when the value is none of the accepted forms. */
export function parseBasemap(value: string | undefined): Basemap | undefined {
  const v = (value ?? '').trim();
  if (!v || v === 'offline') return { kind: 'offline' };
  if (PRESET_NAMES.includes(v)) return { kind: 'preset', name: v };
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
