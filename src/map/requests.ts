/**
 * The portal requests of `<ode-map>` beyond its count, as plain functions of the dataset, the shared
 * query and the view: server clusters of a view, the list of what is in view, a choropleth's aggregate,
 * the legend of `color-by`, the export URL the worker loads. The element runs them on its data task
 * (ode-map.ts); loaded with the engine, but without maplibre (a browser without WebGL still lists).
 */
import { field as odsqlField, inBbox } from '../api/odsql.js';
import type { DatasetField } from '../api/types.js';
import type { SharedQuery, DatasetSource } from '../core/source.js';
import { isNumeric } from '../core/format.js';
import { asText } from '../core/text.js';
import {
  CATEGORIES,
  clusterPrecision,
  type Box,
  type ClusterPoint,
  type Effective,
  type Legend,
  type Row,
} from './model.js';

/** `auto` mode: up to this many records, one GeoJSON export clustered in the browser. */
export const EXPORT_MAX = 5000;
/** `points` and `heatmap` export at most this many records; beyond, server-side clusters. */
export const EXPORT_CEILING = 50_000;
/** Records listed at most in the "view as list" alternative. */
export const LIST_MAX = 100;

/** What the requests of one view of the map need. */
export interface MapQuery {
  ds: DatasetSource;
  /** The shared query without the map's own viewport filter. */
  query: SharedQuery;
  /** The geographic field shown. */
  geo: DatasetField;
}

/** `metas.default.bbox` (a GeoJSON Feature) or a shape, as west, south, east, north. */
export function bboxOf(feature: unknown): Box | undefined {
  const coords: number[][] = [];
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') coords.push(c as number[]);
    else if (Array.isArray(c)) c.forEach(walk);
  };
  walk((feature as { geometry?: { coordinates?: unknown } } | undefined)?.geometry?.coordinates);
  if (!coords.length) return undefined;
  const lons = coords.map((c) => c[0]);
  const lats = coords.map((c) => c[1]);
  const box: Box = [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
  return box.every(Number.isFinite) ? box : undefined;
}

/** Where a record's geographic value is (a point, or the centre of a shape). */
export function positionOf(row: Row, geo: DatasetField): [number, number] | undefined {
  const g = row[geo.name] as { lon?: number; lat?: number; geometry?: unknown } | null;
  if (g && typeof g.lon === 'number' && typeof g.lat === 'number') return [g.lon, g.lat];
  const box = bboxOf(g);
  return box ? [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2] : undefined;
}

/** The `in_bbox` filter of a view (the viewport filter shared with the other views). */
export function inBboxOf(geo: DatasetField, box: Box): string {
  return inBbox(geo.name, ...box);
}

/** What a mode draws for this many records (`auto` resolved; never a whole large dataset). */
export function effectiveMode(mode: string, geo: DatasetField, total: number): Effective {
  const point = geo.type === 'geo_point_2d';
  let eff: Effective;
  if (mode === 'auto') eff = !point ? 'shapes' : total <= EXPORT_MAX ? 'client-clusters' : 'clusters';
  else if (mode === 'clusters') eff = point ? 'clusters' : 'shapes';
  else eff = mode as Effective;
  if ((eff === 'points' || eff === 'heatmap') && point && total > EXPORT_CEILING) {
    // never download a whole large dataset: the portal clusters it instead
    console.warn(
      `<ode-map>: ${total} records are too many for mode="${mode}" (at most ${EXPORT_CEILING}); showing server-side clusters.`,
    );
    eff = 'clusters';
  }
  return eff;
}

/** The fields of `popup-fields` (default: the first text field); unknown names are warned about. */
export function popupFieldsOf(all: DatasetField[], attr: string | undefined): DatasetField[] {
  const names = (attr ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const chosen = names.map((n) => all.find((f) => f.name === n)).filter((f): f is DatasetField => !!f);
  if (names.length !== chosen.length)
    console.warn(
      `<ode-map>: unknown field(s) in "popup-fields": ${names.filter((n) => !all.some((f) => f.name === n)).join(', ')}`,
    );
  if (chosen.length) return chosen;
  const text = all.find((f) => f.type === 'text');
  return text ? [text] : [];
}

/** `color-by="sum(population)"`: an aggregate per shape (choropleth), rebuilt with the safe builders. */
export function aggregateOf(colorBy: string | undefined): { expr: string; label: string } | undefined {
  const m = /^\s*(count|sum|avg|min|max|median)\(\s*(\*|[A-Za-z0-9_]+)\s*\)\s*$/i.exec(colorBy ?? '');
  if (!m) return undefined;
  const fn = m[1].toLowerCase();
  if (m[2] === '*' && fn !== 'count') return undefined;
  return { expr: `${fn}(${m[2] === '*' ? '*' : odsqlField(m[2])})`, label: `${fn}(${m[2]})` };
}

/** The field `color-by` names (not an aggregate), warned about when the dataset has none such. */
export function colorFieldOf(all: DatasetField[], colorBy: string | undefined): DatasetField | undefined {
  const name = colorBy?.trim();
  if (!name || aggregateOf(name)) return undefined;
  const f = all.find((x) => x.name === name);
  if (!f) console.warn(`<ode-map>: "color-by" names no field of this dataset: ${name}`);
  return f;
}

/** The GeoJSON export of what the map draws: the geographic field, the popup fields, `color-by`. */
export function exportUrl(
  { ds, query, geo }: MapQuery,
  popupFields: DatasetField[],
  colorField: DatasetField | undefined,
): string {
  const names = new Set([geo.name, ...popupFields.map((f) => f.name)]);
  if (colorField) names.add(colorField.name);
  const select = [...names].map((n) => odsqlField(n)).join(', ');
  return ds.client.exportUrl(ds.datasetId, 'geojson', ds.toQuery({ select }, query));
}

/** The legend of a `color-by` field: min and max of a number, the most frequent values of a text. */
export async function fetchLegend(
  { ds, query }: MapQuery,
  f: DatasetField,
  signal: AbortSignal,
): Promise<Legend> {
  const label = f.label || f.name;
  if (isNumeric(f)) {
    const a = await ds.client.records(
      ds.datasetId,
      ds.toQuery(
        { select: `min(${odsqlField(f.name)}) as lo, max(${odsqlField(f.name)}) as hi`, limit: 1 },
        query,
      ),
      signal,
    );
    const r = a.results[0] ?? {};
    return { kind: 'ramp', label, min: Number(r.lo), max: Number(r.hi) };
  }
  const a = await ds.client.records(
    ds.datasetId,
    ds.toQuery(
      { select: 'count(*) as n', groupBy: odsqlField(f.name), orderBy: 'n DESC', limit: CATEGORIES.length },
      query,
    ),
    signal,
  );
  return {
    kind: 'categories',
    label,
    categories: a.results.map((r, i) => [asText(r[f.name]), CATEGORIES[i]]),
  };
}

/** Choropleth of an aggregate: one grouped request, each shape with its `value`, and the ramp. */
export async function fetchAggregate(
  { ds, query, geo }: MapQuery,
  agg: { expr: string; label: string },
  signal: AbortSignal,
): Promise<{ features: GeoJSON.FeatureCollection; legend: Legend }> {
  const a = await ds.client.records(
    ds.datasetId,
    ds.toQuery({ select: `${agg.expr} as value`, groupBy: odsqlField(geo.name), limit: 20000 }, query),
    signal,
  );
  const features: GeoJSON.Feature[] = [];
  const values: number[] = [];
  for (const r of a.results) {
    const g = r[geo.name] as { geometry?: GeoJSON.Geometry; lon?: number; lat?: number } | null;
    const geometry: GeoJSON.Geometry | undefined =
      g?.geometry ??
      (g && typeof g.lon === 'number' ? { type: 'Point', coordinates: [g.lon, g.lat!] } : undefined);
    if (!geometry) continue;
    const value = Number(r.value);
    if (Number.isFinite(value)) values.push(value);
    features.push({ type: 'Feature', geometry, properties: { value } });
  }
  return {
    features: { type: 'FeatureCollection', features },
    legend: {
      kind: 'ramp',
      label: agg.label,
      min: values.length ? Math.min(...values) : 0,
      max: values.length ? Math.max(...values) : 0,
    },
  };
}

/** One records request for a settled view: `geo_cluster` at the map's zoom, `in_bbox` of the view. */
export async function fetchClusters(
  { ds, query, geo }: MapQuery,
  box: Box,
  zoom: number,
  signal: AbortSignal,
): Promise<ClusterPoint[]> {
  const precision = clusterPrecision(zoom);
  const a = await ds.client.records(
    ds.datasetId,
    ds.toQuery(
      {
        select: 'count(*) as n',
        groupBy: `geo_cluster(${odsqlField(geo.name)}, ${precision}) as c`,
        where: [inBbox(geo.name, ...box)],
        limit: 20000,
      },
      query,
    ),
    signal,
  );
  const points: ClusterPoint[] = [];
  for (const r of a.results) {
    const centroid = (r.c as { cluster_centroid?: { lat: number; lon: number } } | null)?.cluster_centroid;
    if (centroid) points.push({ lon: centroid.lon, lat: centroid.lat, count: Number(r.n) || 0 });
  }
  return points;
}

/** The records in view (all matching records when there is no map), at most `LIST_MAX`. */
export async function fetchList(
  { ds, query, geo }: MapQuery,
  popupFields: DatasetField[],
  box: Box | undefined,
  signal: AbortSignal,
): Promise<{ total: number; rows: Row[]; box?: Box }> {
  const names = new Set([geo.name, ...popupFields.map((f) => f.name)]);
  const a = await ds.client.records(
    ds.datasetId,
    ds.toQuery(
      {
        select: [...names].map((n) => odsqlField(n)).join(', '),
        where: box ? [inBbox(geo.name, ...box)] : [],
        limit: LIST_MAX,
      },
      query,
    ),
    signal,
  );
  return { total: a.total_count ?? a.results.length, rows: a.results, box };
}
