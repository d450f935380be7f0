/**
 * The map's first view: where the data is dense, not its extreme points. A dataset's bbox (its
 * metadata, or a `bbox()` aggregate) spans every record, so ZIP codes of the United States open on a
 * view from Guam to Puerto Rico where the mainland fills a third of the map. The weighted 2nd–98th
 * percentiles of longitude and latitude (over the first answer's clusters or points) leave out the few
 * far-away records; the view is fitted to them, with a margin.
 */

/** West, south, east, north (degrees). */
export type Box = [number, number, number, number];

/** A position with how many records it stands for (a cluster's count, or 1). */
export interface Weighted {
  lon: number;
  lat: number;
  weight: number;
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
export function denseBounds(points: Weighted[], share = 0.96, margin = 0.12): Box | undefined {
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

/** Only a clearly smaller dense box is worth moving the map for: under `ratio` of the view's area. */
export function worthReframing(view: Box, dense: Box, ratio = 0.5): boolean {
  const area = (b: Box) => Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);
  return area(view) > 0 && area(dense) < ratio * area(view);
}
