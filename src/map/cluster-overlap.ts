import type { ClusterPoint } from './model.js';

/** A cluster's count button on screen (px). */
export interface ButtonBox {
  width: number;
  height: number;
}

type Placed = ClusterPoint & { x: number; y: number };

/** Room left between two buttons (px). */
const GAP = 2;

/**
 * The portal's clusters as drawn at the current zoom, those whose count buttons would cover each other
 * merged. `geo_cluster` groups records on a grid, and the centroids of two cells can sit a few pixels
 * apart on either side of the line between them ("42" under "1.2K" in California): one button hid the
 * other. Largest first, a cluster whose button would overlap a kept one's joins it (counts added, its
 * centre the two centres weighted by their counts); again until none overlaps. Every record is still
 * counted once. `project` gives a position's place on screen (px), `box` the size of the button showing
 * a count.
 */
export function mergeOverlapping(
  points: ClusterPoint[],
  project: (p: ClusterPoint) => { x: number; y: number },
  box: (count: number) => ButtonBox,
): ClusterPoint[] {
  const overlap = (a: Placed, b: Placed) => {
    const [ba, bb] = [box(a.count), box(b.count)];
    return (
      Math.abs(a.x - b.x) < (ba.width + bb.width) / 2 + GAP &&
      Math.abs(a.y - b.y) < (ba.height + bb.height) / 2 + GAP
    );
  };
  let placed: Placed[] = points.map((p) => {
    const { x, y } = project(p);
    return { lon: p.lon, lat: p.lat, count: p.count, x, y };
  });
  for (let merged = true; merged;) {
    merged = false;
    const kept: Placed[] = [];
    for (const p of [...placed].sort((a, b) => b.count - a.count)) {
      const near = kept.find((k) => overlap(k, p));
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
