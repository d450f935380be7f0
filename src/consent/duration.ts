/* Cookie durations for people, shared by the two lazy parts that list cookies (dialog and cookie table). */

/** Texts of durations, merged under the tenant's `texts` overrides by each part. */
export const DURATION_TEXTS = {
  fr: { session: 'session', days: '{n} jours' },
  en: { session: 'session', days: '{n} days' },
};

/** The texts a duration needs, in one language. */
export type DurationTexts = (typeof DURATION_TEXTS)['fr'];

/** Duration of a cookie for people: "session", "30 min", "390 jours". */
export const durationText = (days: number, t: DurationTexts): string =>
  !days ? t.session : days < 1 ? `${Math.round(days * 1440)} min` : t.days.replace('{n}', String(days));
