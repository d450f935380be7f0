import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
// a JSON module: Vite bundles it; the test runner serves it as one (web-test-runner.config.js)
import land from 'world-atlas/land-110m.json';

let cached: GeoJSON.GeoJSON | undefined;

/** The world's land at 1:110m (Natural Earth via `world-atlas`), as GeoJSON: drawn without any request. */
export function worldLand(): GeoJSON.GeoJSON {
  const topo = land as Topology<{ land: GeometryCollection }>;
  return (cached ??= feature(topo, topo.objects.land));
}
