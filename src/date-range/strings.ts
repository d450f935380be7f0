import type { UiLang } from '../core/lang.js';

/** The strings only `<ode-date-range>` shows, in French and English. */
const DATE_RANGE_STRINGS = {
  en: {
    from: 'From',
    to: 'To',
    clear: 'Clear',
    clearDates: (what: string) => `Clear the dates of ${what}`,
    presets: 'Periods',
    lastDays: (n: number) => (n === 1 ? 'Last day' : `Last ${n} days`),
    lastMonths: (n: number) => (n === 1 ? 'Last month' : `Last ${n} months`),
    all: 'All dates',
    order: 'The first day must not be after the last one.',
    noDateField:
      'needs a "field": this dataset has no date or datetime field to filter on (or its metadata did not load).',
    notDateField: (name: string, type: string) =>
      `attribute "field": "${name}" is a ${type} field; a date range needs a date or datetime field.`,
    span: (min: string, max: string) => `Data from ${min} to ${max}.`,
    noDates: 'No date in the data.',
  },
  fr: {
    from: 'Du',
    to: 'Au',
    clear: 'Effacer',
    clearDates: (what: string) => `Effacer les dates de ${what}`,
    presets: 'Périodes',
    lastDays: (n: number) => (n === 1 ? 'Dernier jour' : `${n} derniers jours`),
    lastMonths: (n: number) => (n === 1 ? 'Dernier mois' : `${n} derniers mois`),
    all: 'Toutes les dates',
    order: 'Le premier jour ne doit pas être après le dernier.',
    noDateField:
      'a besoin d’un attribut « field » : ce jeu de données n’a pas de champ date ou datetime à filtrer (ou ses métadonnées n’ont pas été chargées).',
    notDateField: (name: string, type: string) =>
      `attribut « field » : « ${name} » est un champ ${type} ; une période a besoin d’un champ date ou datetime.`,
    span: (min: string, max: string) => `Données du ${min} au ${max}.`,
    noDates: 'Aucune date dans les données.',
  },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : T[K] };
export type DateRangeStrings = Widen<(typeof DATE_RANGE_STRINGS)['en']>;

export function dateRangeStrings(lang: UiLang): DateRangeStrings {
  return DATE_RANGE_STRINGS[lang] as DateRangeStrings;
}
