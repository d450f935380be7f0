import type { UiLang } from '../core/lang.js';

/** The strings only the filters show, in French and English (kept out of the core bundle). */
const FILTER_STRINGS = {
  en: {
    searchLabel: 'Search the data',
    searchPlaceholder: 'Search…',
    filterSummary: 'Active filters',
    removeFilter: (what: string) => `Remove filter ${what}`,
    excludeValue: (v: string) => `Exclude ${v}`,
    showMore: 'Show more',
    noValues: 'No values.',
  },
  fr: {
    searchLabel: 'Rechercher dans les données',
    searchPlaceholder: 'Rechercher…',
    filterSummary: 'Filtres actifs',
    removeFilter: (what: string) => `Retirer le filtre ${what}`,
    excludeValue: (v: string) => `Exclure ${v}`,
    showMore: 'Voir plus',
    noValues: 'Aucune valeur.',
  },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : T[K] };
export type FilterStrings = Widen<(typeof FILTER_STRINGS)['en']>;

export function filterStrings(lang: UiLang): FilterStrings {
  return FILTER_STRINGS[lang] as FilterStrings;
}
