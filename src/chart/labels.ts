import type { DatasetField } from '../api/types.js';
import type { Category, ChartModel, TimeBucket } from './spec.js';
import { parseRange } from './spec.js';
import type { ChartStrings } from './strings.js';
import { numberFormat, type NumberFormatter } from '../core/number-format.js';
import { ownShortDate } from './dates.js';

/**
 * The date formatters of the page, by locale and options: a chart makes a Labeller for each render,
 * each draw and each tooltip, and building an Intl formatter costs far more than using one (the first
 * of a page loads the locale's data: ~100 ms at CPU ×4). Numbers: ../core/number-format.ts.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

/** People's words for the axes, the categories and the values, in the page language. */
export class Labeller {
  private readonly num: NumberFormatter;

  constructor(
    readonly locale: string,
    readonly t: ChartStrings,
    private readonly fields: DatasetField[] = [],
  ) {
    this.num = numberFormat(locale, 2);
  }

  number(v: number | null | undefined): string {
    return v === null || v === undefined ? '–' : this.num.format(v);
  }

  private date(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
    const key = `date|${this.locale}|${JSON.stringify(options)}`;
    let f = formats.get(key);
    if (!f) formats.set(key, (f = new Intl.DateTimeFormat(this.locale, { ...options, timeZone: 'UTC' })));
    return f;
  }

  private mediumDate(d: Date): string {
    return ownShortDate(d, this.locale, 'medium') ?? this.date({ dateStyle: 'medium' }).format(d);
  }

  fieldLabel(name: string): string {
    return this.fields.find((f) => f.name === name)?.label || name;
  }

  /** `count(*)` → "Number of records", `avg(temp_max)` → "Average Temp max"… else the expression. */
  aggregate(y: string): string {
    const t = this.t;
    const s = y.trim();
    if (/^count\s*\(\s*\*\s*\)$/i.test(s)) return t.count;
    let m = /^count\s*\(\s*distinct\s+([A-Za-z0-9_]+)\s*\)$/i.exec(s);
    if (m) return t.countDistinct(this.fieldLabel(m[1]));
    m = /^percentile\s*\(\s*([A-Za-z0-9_]+)\s*,\s*([0-9.]+)\s*\)$/i.exec(s);
    if (m) return t.percentile(this.fieldLabel(m[1]), m[2]);
    m = /^(count|sum|avg|min|max|median)\s*\(\s*([A-Za-z0-9_]+)\s*\)$/i.exec(s);
    if (m) {
      const f = this.fieldLabel(m[2]);
      const fn = m[1].toLowerCase();
      return fn === 'count' ? t.countOf(f) : t[fn as 'sum' | 'avg' | 'min' | 'max' | 'median'](f);
    }
    return s;
  }

  /** The x axis title: the field's label, else the expression. */
  xTitle(x: string): string {
    return /^[A-Za-z0-9_]+$/.test(x) ? this.fieldLabel(x) : x;
  }

  category(c: Category, model: Pick<ChartModel, 'kind' | 'bucket'>): string {
    if (c.ms !== undefined && model.bucket) return this.bucket(c.ms, model.bucket);
    if (c.raw === null || c.raw === undefined || c.raw === '') return this.t.noValue;
    if (model.kind === 'range') {
      const r = parseRange(c.raw);
      if (r) {
        const lo = r.lo === undefined ? '…' : this.number(r.lo);
        const hi = r.hi === undefined ? '…' : this.number(r.hi);
        return r.hiIncluded || r.hi === undefined ? `${lo} – ${hi}` : `${lo} – < ${hi}`;
      }
    }
    if (typeof c.raw === 'number') return this.number(c.raw);
    if (typeof c.raw === 'boolean') return String(c.raw);
    if (typeof c.raw === 'object') return JSON.stringify(c.raw);
    return String(c.raw);
  }

  bucket(ms: number, bucket: TimeBucket): string {
    const d = new Date(ms);
    switch (bucket) {
      case 'year':
        return String(d.getUTCFullYear());
      case 'quarter':
        return this.t.quarter(Math.floor(d.getUTCMonth() / 3) + 1, d.getUTCFullYear());
      case 'month':
        return (
          ownShortDate(d, this.locale, 'monthYear') ??
          this.date({ month: 'short', year: 'numeric' }).format(d)
        );
      case 'week':
        return this.t.weekOf(this.mediumDate(d));
      case 'day':
        return this.mediumDate(d);
      case 'hour':
        return this.date({ dateStyle: 'medium', timeStyle: 'short' }).format(d);
    }
  }
}

/**
 * Category labels, each formatted on first use: a 2,000-bucket chart shows a dozen of them on its
 * axis, and formatting every date up front cost 60 ms (240 ms at CPU ×4) before the first draw.
 */
export class LazyLabels {
  private readonly cache: (string | undefined)[] = [];

  constructor(
    readonly length: number,
    private readonly format: (i: number) => string,
  ) {}

  /** The label of category `i` ('' out of range). */
  at(i: number): string {
    if (!(i >= 0 && i < this.length) || !Number.isInteger(i)) return '';
    return (this.cache[i] ??= this.format(i));
  }

  /** Every label (the table view, the CSV, a pie's legend). */
  all(): string[] {
    return Array.from({ length: this.length }, (_, i) => this.at(i));
  }
}
