import type { ClusterPoint } from './model.js';

/**
 * The halo drawn round a cluster (px), as the cluster layers draw it: 8 for one record to 30 for
 * 10,000 and more, on the square root of the count.
 */
export const haloRadius = (count: number): number =>
  Math.min(30, Math.max(8, 8 + ((Math.sqrt(count) - 1) * 22) / 99));

/** Half the width of a cluster's count button (px): 2rem at least, "5.7K" about 2.5rem. */
const BUTTON_RADIUS = 20;

const radius = (count: number) => Math.max(BUTTON_RADIUS, haloRadius(count));

type Placed = ClusterPoint & { x: number; y: number };

/**
 * The portal's clusters as drawn at the current zoom, those that would cover each other merged.
 * `geo_cluster` groups records on a grid, and the centroids of two cells can sit a few pixels apart on
 * either side of the line between them ("42" under "1.2K" in California): one button hid the other.
 * Largest first, a cluster closer to a kept one than their two radii joins it (counts added, its centre
 * the two centres weighted by their counts); again until none overlaps. Every record is still counted
 * once. `project` gives a position's place on screen (px).
 */
export function mergeOverlapping(
  points: ClusterPoint[],
  project: (p: ClusterPoint) => { x: number; y: number },
): ClusterPoint[] {
  let placed: Placed[] = points.map((p) => {
    const { x, y } = project(p);
    return { lon: p.lon, lat: p.lat, count: p.count, x, y };
  });
  for (let merged = true; merged;) {
    merged = false;
    const kept: Placed[] = [];
    for (const p of [...placed].sort((a, b) => b.count - a.count)) {
      const near = kept.find((k) => Math.hypot(k.x - p.x, k.y - p.y) < radius(k.count) + radius(p.count));
      if (!near) {
        kept.push(p);
        continue;
      }
      merged = true;
      const total = near.count + p.count;
      for (const key of ['lon', 'lat', 'x', 'y'] as const)
        near[key] = (near[key] * near.count + p[key] * p.count) / total;
      near.count = total;
    }
    placed = kept;
  }
  return placed.map(({ lon, lat, count }) => ({ lon, lat, count }));
}
