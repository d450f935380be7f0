import { html, nothing, type TemplateResult } from 'lit';
import type { DatasetField } from '../api/types.js';
import { safeHttpUrl } from './safe-url.js';
import type { UiLang } from './lang.js';
import { asText } from './text.js';
import { numberFormat } from './number-format.js';

export { prepareFormats } from './number-format.js';

/** Longest text shown in a table cell; the row detail shows more. */
export const CELL_TEXT_MAX = 200;

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: string, withTime: boolean, timeZone: string | undefined): Intl.DateTimeFormat {
  const key = `${locale}|${withTime}|${timeZone}`;
  let f = dateFormats.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions = withTime
      ? { dateStyle: 'medium', timeStyle: 'short', timeZone }
      : { dateStyle: 'medium', timeZone: 'UTC' };
    try {
      f = new Intl.DateTimeFormat(locale, options);
    } catch {
      // an unknown zone: fall back to UTC rather than fail the whole table
      f = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
    }
    dateFormats.set(key, f);
  }
  return f;
}

/** A count of records, in `locale` (the formatter is made once per locale). */
export const formatCount = (n: number, locale: string): string => numberFormat(locale).format(n);

export interface FormatOptions {
  locale: string;
  lang: UiLang;
  /** Zone datetimes are shown in; undefined = the visitor's. */
  timeZone?: string;
  /** Truncate long text (cells) or not (detail). */
  maxText?: number;
}

const truncate = (s: string, max?: number) =>
  max !== undefined && s.length > max ? `${s.slice(0, max)}…` : s;

/** A value as plain text (for titles, CSV-like uses and accessible names). */
export function formatText(
  value: unknown,
  field: Pick<DatasetField, 'type'> | undefined,
  o: FormatOptions,
): string {
  if (value === null || value === undefined || value === '') return '';
  const type = field?.type;
  if (Array.isArray(value))
    return truncate(
      value.map((v) => formatText(v, field, { ...o, maxText: undefined })).join(', '),
      o.maxText,
    );
  switch (type) {
    case 'int':
    case 'double':
      return typeof value === 'number' ? numberFormat(o.locale).format(value) : asText(value);
    case 'boolean':
      return value === true
        ? o.lang === 'fr'
          ? 'Oui'
          : 'Yes'
        : value === false
          ? o.lang === 'fr'
            ? 'Non'
            : 'No'
          : asText(value);
    case 'date':
    case 'datetime': {
      const text = asText(value);
      const d = new Date(text);
      if (Number.isNaN(d.getTime())) return text;
      const dateOnly = type === 'date' || /^\d{4}-\d{2}-\d{2}$/.test(text);
      return dateFormat(o.locale, !dateOnly, o.timeZone).format(d);
    }
    case 'geo_point_2d': {
      const p = value as { lat?: unknown; lon?: unknown };
      if (typeof p.lat === 'number' && typeof p.lon === 'number') {
        const n = numberFormat(o.locale, 4);
        return `${n.format(p.lat)}, ${n.format(p.lon)}`;
      }
      return '';
    }
    case 'geo_shape': {
      const g = value as { geometry?: { type?: unknown }; type?: unknown };
      const t = g.geometry?.type ?? g.type;
      return typeof t === 'string' ? t : '';
    }
    case 'file': {
      const f = value as { filename?: unknown };
      return typeof f.filename === 'string' ? f.filename : '';
    }
    default:
      if (typeof value === 'object') return truncate(JSON.stringify(value), o.maxText);
      return truncate(String(value), o.maxText);
  }
}

/**
 * A value for display: text, except safe links for URLs and files, and an image for image files
 * with thumbnails. Nothing from the data is ever interpreted as HTML.
 */
export function formatCell(
  value: unknown,
  field: DatasetField | undefined,
  o: FormatOptions,
): TemplateResult | string | typeof nothing {
  if (value === null || value === undefined || value === '') return nothing;
  if (field?.type === 'file' && typeof value === 'object' && !Array.isArray(value)) {
    const f = value as { url?: unknown; filename?: unknown; mimetype?: unknown; thumbnail?: unknown };
    const href = safeHttpUrl(f.url);
    const name = typeof f.filename === 'string' ? f.filename : 'file';
    if (!href) return name;
    if (f.thumbnail === true && typeof f.mimetype === 'string' && f.mimetype.startsWith('image/')) {
      return html`<a href=${href} rel="noopener"
        ><img class="thumb" src=${href} alt=${name} loading="lazy"
      /></a>`;
    }
    return html`<a href=${href} rel="noopener">${name}</a>`;
  }
  if ((field?.type === 'text' || !field) && typeof value === 'string') {
    const href = /^\s*https?:\/\/\S+\s*$/i.test(value) ? safeHttpUrl(value) : undefined;
    if (href) return html`<a href=${href} rel="noopener nofollow">${truncate(value.trim(), o.maxText)}</a>`;
  }
  return formatText(value, field, o);
}

/** Numbers align right. */
export const isNumeric = (f: DatasetField | undefined) => f?.type === 'int' || f?.type === 'double';
