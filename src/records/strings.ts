import type { UiLang } from '../core/lang.js';

/** The strings only `<ode-records>` shows, in French and English. */
const RECORDS_STRINGS = {
  en: {
    pages: 'Pages',
    previous: 'Previous',
    next: 'Next',
    pageOf: (page: string, pages: string) => `Page ${page} of ${pages}`,
    listOf: (title: string) => `Records of ${title}`,
  },
  fr: {
    pages: 'Pages',
    previous: 'Précédent',
    next: 'Suivant',
    pageOf: (page: string, pages: string) => `Page ${page} sur ${pages}`,
    listOf: (title: string) => `Enregistrements de ${title}`,
  },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : T[K] };
export type RecordsStrings = Widen<(typeof RECORDS_STRINGS)['en']>;

export function recordsStrings(lang: UiLang): RecordsStrings {
  return RECORDS_STRINGS[lang] as RecordsStrings;
}
