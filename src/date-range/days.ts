/**
 * Calendar days for `<ode-date-range>`: presets (`7d`, `3m`, `year`, `all`) turned into whole-day
 * ranges, the day of a portal date, today in a time zone. Days are `YYYY-MM-DD` strings, computed in
 * calendar arithmetic (no time zone can shift them). Pure functions, unit-tested directly.
 */
import { nextDay } from '../api/odsql.js';

export type Preset =
  { kind: 'days'; n: number } | { kind: 'months'; n: number } | { kind: 'year' } | { kind: 'all' };

/** Read `presets="7d,30d,3m,year,all"`; a string says what is wrong. */
export function parsePresets(value: string | undefined | null): Preset[] | string {
  const out: Preset[] = [];
  for (const item of (value ?? '').split(',').map((s) => s.trim().toLowerCase())) {
    if (!item) continue;
    const m = /^(\d{1,4})(d|m)$/.exec(item);
    if (m && Number(m[1]) > 0) out.push({ kind: m[2] === 'd' ? 'days' : 'months', n: Number(m[1]) });
    else if (item === 'year' || item === 'all') out.push({ kind: item });
    else return `"${item}" is not a preset (expected Nd for the last N days, Nm for N months, year or all)`;
  }
  return out;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** True for an existing calendar day `YYYY-MM-DD`. */
export function isDay(s: string | undefined | null): s is string {
  if (!s || !DAY.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** `n` days before `day`. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** `n` months before `day` (a day that does not exist in that month is the month's last day). */
export function addMonths(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + n, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

/**
 * The range a preset stands for, ending on `end` (the last day of the data, or today if earlier):
 * `7d` the 7 days up to `end`, `3m` the 3 months up to `end`, `year` from 1 January of `end`'s year,
 * `all` no bound. Never starts before `min`.
 */
export function presetRange(p: Preset, end: string, min?: string): { from?: string; to?: string } {
  if (p.kind === 'all') return {};
  let from: string;
  if (p.kind === 'days') from = addDays(end, 1 - p.n);
  else if (p.kind === 'months') from = nextDay(addMonths(end, -p.n));
  else from = `${end.slice(0, 4)}-01-01`;
  if (min && from < min) from = min;
  return { from, to: end };
}

/**
 * The calendar day of a portal date or datetime value, as the portal wrote it (its `timezone`):
 * `2001-02-28T23:30:00-05:00` → `2001-02-28`.
 */
export function dayOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const day = value.slice(0, 10);
  return isDay(day) ? day : undefined;
}

/** Today in a time zone (default UTC). */
export function today(timeZone = 'UTC', now = new Date()): string {
  try {
    // read from the parts: engines differ on en-CA's pattern (WebKit writes 02/28/2001)
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).formatToParts(now);
    const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
    return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
  } catch {
    return now.toISOString().slice(0, 10);
  }
}
