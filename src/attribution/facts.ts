import { datasetPageUrl } from '../api/client.js';
import type { Dataset } from '../api/types.js';
import { formatDate, uiLang } from '../core/lang.js';
import { safeHttpUrl } from '../core/safe-url.js';
import { strings } from '../core/strings.js';
import { recogniseLicence } from './licences.js';

/** A link of the notice: its text, and its address when it is an `http:`/`https:` one. */
export interface AttributionLink {
  text: string;
  href?: string;
}

/**
 * What a dataset's licence asks a reuser to show, read once from its metadata (`metas.default`) for
 * every place that shows it: the `<ode-attribution>` notice and the notice drawn under a chart's PNG.
 */
export interface AttributionFacts {
  /** The dataset's title (its identifier when it has none). */
  title: string;
  /** The dataset's page on the portal. */
  pageUrl?: string;
  publisher?: string;
  /** The licence's label, or the name of the licence recognised from its address. */
  licence?: string;
  /** The licence's text: the portal's `license_url`, or the recognised licence's. */
  licenceUrl?: string;
  /** The mention a recognised licence asks for, in the page language. */
  licenceNotice?: string;
  /** Last update: `modified`, else `data_processed` (ISO, as the portal gave it). */
  dateIso?: string;
  /** That date, in words, in UTC (the day the portal recorded, wherever the visitor is). */
  date?: string;
  /** The dataset's `attributions`: the mentions its producers ask for. */
  mentions: AttributionLink[];
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);

/** The facts of a dataset's notice, for a page in `locale`; `domain` gives the dataset page link. */
export function attributionFacts(ds: Dataset, domain: string | undefined, locale: string): AttributionFacts {
  const m = ds.metas?.default ?? {};
  const known = recogniseLicence(m.license, m.license_url);
  const dateIso = text(m.modified) ?? text(m.data_processed);
  return {
    title: text(m.title) ?? ds.dataset_id,
    pageUrl: domain ? safeHttpUrl(datasetPageUrl(domain, ds.dataset_id)) : undefined,
    publisher: text(m.publisher),
    licence: text(m.license) ?? known?.name,
    licenceUrl: safeHttpUrl(m.license_url) ?? known?.url,
    licenceNotice: known?.notice[uiLang(locale)],
    dateIso,
    date: formatDate(dateIso, locale),
    mentions: (Array.isArray(m.attributions) ? m.attributions : [])
      .map((a) => ({ text: String(a), href: safeHttpUrl(a) }))
      .filter((a) => a.text.trim()),
  };
}

/**
 * The notice as one line of plain text (what a copy of a chart carries): source with its page,
 * publisher, licence, last update and mentions, labelled in the page language.
 */
export function attributionLine(facts: AttributionFacts, locale: string): string {
  const t = strings(uiLang(locale));
  const label = (name: string, value: string) => `${name}${t.colon} ${value}`;
  const parts = [label(t.source, `${facts.title}${facts.pageUrl ? ` (${facts.pageUrl})` : ''}`)];
  if (facts.publisher) parts.push(label(t.publisher, facts.publisher));
  parts.push(label(t.licence, facts.licence ?? t.noLicence));
  parts.push(label(t.lastUpdate, facts.date ?? t.dateUnknown));
  if (facts.mentions.length) parts.push(label(t.mentions, facts.mentions.map((a) => a.text).join(', ')));
  return parts.join(' · ');
}
