/**
 * The map's first view: where the data is dense, not its extreme points. A dataset's bbox (its
 * metadata, or a `bbox()` aggregate) spans every record, so ZIP codes of the United States open on a
 * view from Guam to Puerto Rico where the mainland fills a third of the map. The weighted 2nd–98th
 * percentiles of longitude and latitude (over the first answer's clusters or points) leave out the few
 * far-away records; the view is fitted to them, with a margin.
 */

import { clusterPrecision } from './model.js';

/** West, south, east, north (degrees). */
export type Box = [number, number, number, number];

/** A position with how many records it stands for (a cluster's count, or 1). */
export interface Weighted {
  lon: number;
  lat: number;
  weight: number;
}

/** `lon` brought onto the world between -180° and 180° (maplibre gives a world copy's features past them). */
export const wrapLon = (lon: number): number => ((((lon + 180) % 360) + 360) % 360) - 180;

/**
 * Each position once, on the world between -180° and 180°: maplibre's `querySourceFeatures` gives a
 * feature once per loaded tile holding it, and again from a copy of the world (Alaska at 207° E as well
 * as 153° W), which pulled the framing of the airports out to the whole world.
 */
export function distinctPositions<T extends Weighted>(points: T[]): T[] {
  const seen = new Set<string>();
  return points.flatMap((p) => {
    const lon = wrapLon(p.lon);
    const key = `${lon.toFixed(6)} ${p.lat.toFixed(6)} ${p.weight}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ ...p, lon }];
  });
}

/** The weighted `p`-quantile (0…1) of `values`. */
function quantile(values: { v: number; w: number }[], p: number): number {
  const sorted = [...values].sort((a, b) => a.v - b.v);
  const total = sorted.reduce((s, x) => s + x.w, 0);
  let seen = 0;
  for (const x of sorted) {
    seen += x.w;
    if (seen >= p * total) return x.v;
  }
  return sorted[sorted.length - 1].v;
}

/**
 * The box holding the central `share` of the records (default 96 %: the 2nd to the 98th percentile of
 * each axis), widened by `margin` of its size on each side (cluster centroids sit inside the records
 * they stand for) and kept within the Web Mercator world. Undefined with no usable position.
 */
export function denseBounds(points: Weighted[], share = 0.96, margin = 0.2): Box | undefined {
  const usable = points.filter(
    (p) => Number.isFinite(p.lon) && Number.isFinite(p.lat) && Number.isFinite(p.weight) && p.weight > 0,
  );
  if (!usable.length) return undefined;
  const lo = (1 - share) / 2;
  const hi = 1 - lo;
  const lons = usable.map((p) => ({ v: p.lon, w: p.weight }));
  const lats = usable.map((p) => ({ v: p.lat, w: p.weight }));
  let [w, e] = [quantile(lons, lo), quantile(lons, hi)];
  let [s, n] = [quantile(lats, lo), quantile(lats, hi)];
  // one place (or a line): at least a tenth of a degree each way
  const dx = Math.max(e - w, 0.1) * margin + (e - w < 0.1 ? 0.05 : 0);
  const dy = Math.max(n - s, 0.1) * margin + (n - s < 0.1 ? 0.05 : 0);
  [w, e, s, n] = [w - dx, e + dx, s - dy, n + dy];
  return [Math.max(-180, w), Math.max(-85, s), Math.min(180, e), Math.min(85, n)];
}

/**
 * About how far (degrees) the records of one cluster spread at a map zoom: the grid `geo_cluster` groups
 * them on (40 px cells at its precision's zoom); its centroid sits somewhere inside.
 */
export const clusterCell = (zoom: number): number => (360 / 2 ** clusterPrecision(zoom)) * (40 / 256);

/**
 * The first view fitted to coarse clusters may stop short of the data: a cluster of the world view
 * stands for records up to a cell of 28° away from its centroid (the northern states of the US fell
 * outside an 800 × 400 view). The finer clusters of that view then show it: where a side of the view
 * has at least `share` of the records near it (within a `cell`, at most a tenth of the view's span),
 * the data goes on past it. The view widened on those sides by `cells` cells, at most 15 % of its span
 * (a phone-sized view's cells are wide), or undefined when no side is pressed.
 */
export function widenedForEdges(
  view: Box,
  points: Weighted[],
  cell: number,
  share = 0.02,
  cells = 1.5,
): Box | undefined {
  const usable = points.filter(
    (p) => Number.isFinite(p.lon) && Number.isFinite(p.lat) && Number.isFinite(p.weight) && p.weight > 0,
  );
  const total = usable.reduce((sum, p) => sum + p.weight, 0);
  if (!total || !(cell > 0)) return undefined;
  const [w, s, e, n] = view;
  const near = { lon: Math.min(cell, 0.1 * (e - w)), lat: Math.min(cell, 0.1 * (n - s)) };
  const by = { lon: Math.min(cells * cell, 0.15 * (e - w)), lat: Math.min(cells * cell, 0.15 * (n - s)) };
  const pressed = (close: (p: Weighted) => boolean) =>
    usable.filter(close).reduce((sum, p) => sum + p.weight, 0) >= share * total;
  const west = pressed((p) => p.lon - w < near.lon);
  const south = pressed((p) => p.lat - s < near.lat);
  const east = pressed((p) => e - p.lon < near.lon);
  const north = pressed((p) => n - p.lat < near.lat);
  if (!west && !south && !east && !north) return undefined;
  return [
    Math.max(-180, west ? w - by.lon : w),
    Math.max(-85, south ? s - by.lat : s),
    Math.min(180, east ? e + by.lon : e),
    Math.min(85, north ? n + by.lat : n),
  ];
}

/** Only a clearly smaller dense box is worth moving the map for: under `ratio` of the view's area. */
export function worthReframing(view: Box, dense: Box, ratio = 0.5): boolean {
  const area = (b: Box) => Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);
  return area(view) > 0 && area(dense) < ratio * area(view);
}
