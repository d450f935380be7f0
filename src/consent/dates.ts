/**
 * Pure date arithmetic for consent records and audience identifiers. No clock is read here: every
 * function takes the instants it needs, so tests can use any "now".
 *
 * - A consent choice (acceptance or refusal alike) is kept a number of **calendar months**, added to
 *   the wall-clock date in the tenant's time zone (Europe/Paris by default) and clamped to the end of
 *   the month: 31 January + 6 months is 31 July, never 1 August; 31 January + 1 month is 28 or 29
 *   February, never March. A wall-clock time that does not exist (spring DST gap) or exists twice
 *   (autumn) resolves to an **earlier** instant, so the result never exceeds the calendar span.
 * - An audience identifier lives at most {@link AUDIENCE_MAX_DAYS} days (390, always shorter than 13
 *   calendar months in any time zone) from its **first** deposit, never extended.
 */

export const DAY_MS = 86_400_000;
/** 13 × 30 days: at least 3 days short of 13 calendar months, whatever the start date or time zone. */
export const AUDIENCE_MAX_DAYS = 390;
/**
 * Longest lifetime, in days, of any cookie a configuration declares, of any purpose (and of the consent
 * cookie itself): 13 months, as CNIL's guidelines allow for trackers.
 */
export const COOKIE_MAX_DAYS = 395;
/** Longest retention of a consent choice a configuration may ask for, in months. */
export const MAX_RETENTION_MONTHS = 13;
export const DEFAULT_RETENTION_MONTHS = 6;
export const DEFAULT_TIME_ZONE = 'Europe/Paris';

type Wall = [y: number, m: number, d: number, h: number, mi: number, s: number, ms: number];

/** Wall-clock fields of instant `t` in `tz` (month 0-based). */
function wall(t: number, tz: string): Wall {
  // a new formatter each time: a handful of calls per page, and no cache to ship
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const p: Record<string, number> = {};
  for (const { type, value } of f.formatToParts(t)) p[type] = +value;
  return [p.year, p.month - 1, p.day, p.hour, p.minute, p.second, ((t % 1000) + 1000) % 1000];
}

/**
 * The instant at which the wall clock of `tz` shows the given fields: the earlier one when that time
 * occurs twice (autumn), and the time read with the later (summer) offset, i.e. an hour early, when it
 * falls in the spring gap.
 */
export function fromWall(fields: Wall, tz: string): number {
  const naive = Date.UTC(...fields);
  // the offsets of `tz` half a day before and after: the instant is `naive` minus one of them
  const candidates = [naive - DAY_MS / 2, naive + DAY_MS / 2].map(
    (t) => naive - Date.UTC(...wall(t, tz)) + t,
  );
  const exact = candidates.filter((c) => wall(c, tz).every((v, i) => v === fields[i]));
  return Math.min(...(exact.length ? exact : candidates));
}

/**
 * `t` plus `months` calendar months in `tz`, clamped to the end of the target month. As `choiceExpiry`:
 * when a choice made at `t` (ms) stops being valid (ms). The record's own expiry is never trusted: it is
 * recomputed from the decision time, and the earlier of the two wins.
 */
export function addMonths(t: number, months = DEFAULT_RETENTION_MONTHS, tz = DEFAULT_TIME_ZONE): number {
  const [y, m, d, ...time] = wall(t, tz);
  const target = m + months;
  const ty = y + Math.floor(target / 12);
  const tm = ((target % 12) + 12) % 12;
  const last = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  return fromWall([ty, tm, Math.min(d, last), ...time], tz);
}

/** When a choice made at `decidedAt` (ms) stops being valid (ms): {@link addMonths}, 6 months by default. */
export const choiceExpiry: (decidedAt: number, months?: number, tz?: string) => number = addMonths;

/** Whether a choice made at `decidedAt`, stored with expiry `storedExpiry`, still holds at `now` (ms). */
export function choiceValid(
  decidedAt: number,
  storedExpiry: number,
  now: number,
  months = DEFAULT_RETENTION_MONTHS,
  tz = DEFAULT_TIME_ZONE,
): boolean {
  // a decision from the future (clock skew over a minute) or a stretched expiry is not ours
  if (decidedAt > now + 60_000) return false;
  const expected = choiceExpiry(decidedAt, months, tz);
  if (storedExpiry > expected + 999) return false;
  return now < Math.min(storedExpiry, expected);
}

/** Latest instant an audience identifier first deposited at `createdAt` (ms) may still exist. */
export const audienceExpiry = (createdAt: number): number => createdAt + AUDIENCE_MAX_DAYS * DAY_MS;

/** Remaining lifetime (ms, ≥ 0) of an audience identifier first deposited at `createdAt`; never extended. */
export const remainingAudienceMs = (createdAt: number, now: number): number =>
  Math.max(0, audienceExpiry(createdAt) - now);
