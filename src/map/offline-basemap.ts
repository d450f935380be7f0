import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
// a JSON module: Vite bundles it; the test runner serves it as one (web-test-runner.config.js)
import land from 'world-atlas/land-110m.json';

type Position = number[];
type Ring = Position[];

let cached: GeoJSON.FeatureCollection | undefined;

/**
 * The world's land at 1:110m (Natural Earth via `world-atlas`), as GeoJSON: drawn without any request.
 * Its rings that cross the antimeridian (Chukotka, Wrangel Island, Fiji, Antarctica) are cut there
 * (`cutAtAntimeridian`): drawn as they come, each would jump from 180° to -180° and back, and fill a
 * straight-edged band across the whole map (the Arctic band at world zoom).
 */
export function worldLand(): GeoJSON.FeatureCollection {
  if (cached) return cached;
  const topo = land as Topology<{ land: GeometryCollection }>;
  const raw = feature(topo, topo.objects.land) as GeoJSON.FeatureCollection | GeoJSON.Feature;
  const features = raw.type === 'FeatureCollection' ? raw.features : [raw];
  return (cached = {
    type: 'FeatureCollection',
    features: features.map((f) => ({ ...f, geometry: cutAtAntimeridian(f.geometry) })),
  });
}

/** Crossings of the antimeridian along a ring: steps of more than 180° of longitude. */
const crossings = (ring: Ring): number =>
  ring.reduce((n, p, i) => (i && Math.abs(p[0] - ring[i - 1][0]) > 180 ? n + 1 : n), 0);

/** The ring with continuous longitudes: each step of more than 180° is taken the short way round. */
function unwrap(ring: Ring): Ring {
  const out: Ring = [];
  let shift = 0;
  ring.forEach((p, i) => {
    if (i) {
      const step = p[0] - ring[i - 1][0];
      if (step > 180) shift -= 360;
      else if (step < -180) shift += 360;
    }
    out.push([p[0] + shift, p[1]]);
  });
  return out;
}

/** Sutherland–Hodgman: the part of a closed ring with `west <= x <= east`. */
function clipLongitudes(ring: Ring, west: number, east: number): Ring {
  const clipEdge = (pts: Ring, inside: (p: Position) => boolean, x: number): Ring => {
    const out: Ring = [];
    for (let i = 0; i < pts.length; i++) {
      const a = pts[i];
      const b = pts[(i + 1) % pts.length];
      const cross = (): Position => [x, a[1] + ((b[1] - a[1]) * (x - a[0])) / (b[0] - a[0])];
      if (inside(b)) {
        if (!inside(a)) out.push(cross());
        out.push(b);
      } else if (inside(a)) out.push(cross());
    }
    return out;
  };
  const open = ring.slice(0, -1);
  const west_ = clipEdge(open, (p) => p[0] >= west, west);
  const both = clipEdge(west_, (p) => p[0] <= east, east);
  // a piece that only touches the edge (a sliver of no area along the meridian) is no piece
  const area = both.reduce((sum, p, i) => {
    const q = both[(i + 1) % both.length];
    return sum + p[0] * q[1] - q[0] * p[1];
  }, 0);
  return both.length >= 3 && Math.abs(area) > 1e-9 ? [...both, both[0]] : [];
}

/**
 * A polygon or multipolygon with every outer ring that crosses the antimeridian cut into pieces within
 * -180°…180°. A ring that crosses once goes round a pole (Antarctica): it is closed along that pole.
 * Holes stay with the piece that holds them. Rings that do not cross are returned as they are.
 */
export function cutAtAntimeridian(geometry: GeoJSON.Geometry): GeoJSON.Geometry {
  if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') return geometry;
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const out: Ring[][] = [];
  for (const [outer, ...holes] of polygons) {
    const n = crossings(outer);
    if (!n) {
      out.push([outer, ...holes]);
      continue;
    }
    let ring = unwrap(outer);
    if (n % 2 === 1) {
      // round a pole: down (or up) the last meridian to the pole, along it, and back to the start
      const pole = ring.reduce((s, p) => s + p[1], 0) < 0 ? -90 : 90;
      const first = ring[0];
      const last = ring[ring.length - 1];
      ring = [...ring.slice(0, -1), last, [last[0], pole], [first[0], pole], first];
    }
    const pieces: Ring[][] = [];
    for (const shift of [-720, -360, 0, 360, 720]) {
      const piece = clipLongitudes(
        ring.map((p) => [p[0] + shift, p[1]]),
        -180,
        180,
      );
      if (piece.length) pieces.push([piece]);
    }
    for (const hole of holes) {
      const [x, y] = hole[0];
      const home = pieces.find(([p]) => {
        const xs = p.map((q) => q[0]);
        const ys = p.map((q) => q[1]);
        return x >= Math.min(...xs) && x <= Math.max(...xs) && y >= Math.min(...ys) && y <= Math.max(...ys);
      });
      home?.push(hole);
    }
    out.push(...pieces);
  }
  return { type: 'MultiPolygon', coordinates: out };
}
