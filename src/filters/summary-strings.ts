import type { UiLang } from '../core/lang.js';

/** The strings of `<ode-filters>`, in French and English. */
const SUMMARY_STRINGS = {
  en: {
    label: 'Active filters',
    none: 'No filter: every record is shown.',
    search: 'Search',
    quoted: (text: string) => `“${text}”`,
    not: (value: string) => `not ${value}`,
    from: (day: string) => `from ${day}`,
    to: (day: string) => `until ${day}`,
    between: (from: string, to: string) => `${from} to ${to}`,
    viewport: 'Visible map area',
    viewFilter: 'View filter',
    fixed: 'Fixed filter',
    fixedHint: 'set by the page, cannot be removed',
    remove: (what: string) => `Remove filter ${what}`,
    clearAll: 'Clear all filters',
    cleared: 'Filters cleared.',
    matches: (n: string) => `${n} matching records`,
    oneMatch: '1 matching record',
    noMatch: 'No matching record',
    counting: 'Counting…',
  },
  fr: {
    label: 'Filtres actifs',
    none: 'Aucun filtre : tous les enregistrements sont affichés.',
    search: 'Recherche',
    quoted: (text: string) => `« ${text} »`,
    not: (value: string) => `sauf ${value}`,
    from: (day: string) => `à partir du ${day}`,
    to: (day: string) => `jusqu’au ${day}`,
    between: (from: string, to: string) => `du ${from} au ${to}`,
    viewport: 'Zone visible de la carte',
    viewFilter: 'Filtre de vue',
    fixed: 'Filtre fixe',
    fixedHint: 'défini par la page, ne peut pas être retiré',
    remove: (what: string) => `Retirer le filtre ${what}`,
    clearAll: 'Effacer tous les filtres',
    cleared: 'Filtres effacés.',
    matches: (n: string) => `${n} enregistrements correspondent`,
    oneMatch: '1 enregistrement correspond',
    noMatch: 'Aucun enregistrement ne correspond',
    counting: 'Décompte…',
  },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : T[K] };
export type SummaryStrings = Widen<(typeof SUMMARY_STRINGS)['en']>;

export function summaryStrings(lang: UiLang): SummaryStrings {
  return SUMMARY_STRINGS[lang] as SummaryStrings;
}
