/**
 * A typed Explore API query, turned into URL parameters (reference §3.3). Repeated parameters
 * (`where`, `refine`, `exclude`) are repeated in the URL; the portal AND-s them. Keys are written
 * in a stable order so identical queries give identical URLs (for request sharing and caching).
 */
export interface Query {
  select?: string;
  where?: string[];
  groupBy?: string;
  orderBy?: string;
  limit?: number;
  offset?: number;
  refine?: string[];
  exclude?: string[];
  lang?: string;
  timezone?: string;
}

export function queryParams(q: Query): URLSearchParams {
  const p = new URLSearchParams();
  if (q.select) p.set('select', q.select);
  for (const w of q.where ?? []) if (w && w.trim()) p.append('where', w);
  if (q.groupBy) p.set('group_by', q.groupBy);
  if (q.orderBy) p.set('order_by', q.orderBy);
  if (q.limit !== undefined) p.set('limit', String(q.limit));
  if (q.offset) p.set('offset', String(q.offset));
  for (const r of q.refine ?? []) p.append('refine', r);
  for (const e of q.exclude ?? []) p.append('exclude', e);
  if (q.lang) p.set('lang', q.lang);
  if (q.timezone) p.set('timezone', q.timezone);
  return p;
}

export function withParams(url: string, params: URLSearchParams): string {
  const s = params.toString();
  return s ? `${url}?${s}` : url;
}
