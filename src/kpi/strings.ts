import type { UiLang } from '../core/lang.js';

/** The strings only `<ode-kpi>` shows, in French and English. */
const KPI_STRINGS = {
  en: {
    count: 'Number of records',
    loading: 'Loading…',
    noMatch: 'No record matches.',
    noValue: 'no value',
    versus: (what: string) => `compared with ${what}`,
    up: 'up',
    down: 'down',
    same: 'unchanged',
  },
  fr: {
    count: 'Nombre d’enregistrements',
    loading: 'Chargement…',
    noMatch: 'Aucun enregistrement ne correspond.',
    noValue: 'aucune valeur',
    versus: (what: string) => `par rapport à ${what}`,
    up: 'en hausse',
    down: 'en baisse',
    same: 'inchangé',
  },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : T[K] };
export type KpiStrings = Widen<(typeof KPI_STRINGS)['en']>;

export function kpiStrings(lang: UiLang): KpiStrings {
  return KPI_STRINGS[lang] as KpiStrings;
}
