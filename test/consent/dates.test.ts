import { expect } from '@open-wc/testing';
import {
  AUDIENCE_MAX_DAYS,
  DAY_MS,
  addMonths,
  audienceExpiry,
  choiceExpiry,
  choiceValid,
  remainingAudienceMs,
} from '../../src/consent/dates.js';

/** Wall-clock date and time in Paris, for readable assertions. */
const paris = (t: number) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Paris',
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(t);
const utc = (iso: string) => Date.parse(iso);

describe('consent date arithmetic (pure, any "now")', () => {
  it('31 January + 6 months is 31 July, never 1 August (non-leap and leap years)', () => {
    expect(paris(addMonths(utc('2025-01-31T11:00:00Z'), 6))).to.equal('2025-07-31 12:00');
    expect(paris(addMonths(utc('2024-01-31T11:00:00Z'), 6))).to.equal('2024-07-31 12:00');
  });

  it('31 January + 1 month is the end of February, never March', () => {
    expect(paris(addMonths(utc('2025-01-31T11:00:00Z'), 1))).to.equal('2025-02-28 12:00');
    expect(paris(addMonths(utc('2024-01-31T11:00:00Z'), 1))).to.equal('2024-02-29 12:00');
    // 13 months, where Date#setMonth gives 3 March 2026
    expect(paris(addMonths(utc('2025-01-31T11:00:00Z'), 13))).to.equal('2026-02-28 12:00');
  });

  it('29 February + 12 months is 28 February; + 6 months is 29 August', () => {
    expect(paris(addMonths(utc('2024-02-29T11:00:00Z'), 12))).to.equal('2025-02-28 12:00');
    expect(paris(addMonths(utc('2024-02-29T11:00:00Z'), 6))).to.equal('2024-08-29 12:00');
  });

  it('clamps other month ends (31 Aug → 28/29 Feb, 31 Mar → 30 Sep, 31 Dec → 30 Jun)', () => {
    expect(paris(addMonths(utc('2024-08-31T10:00:00Z'), 6))).to.equal('2025-02-28 12:00');
    expect(paris(addMonths(utc('2023-08-31T10:00:00Z'), 6))).to.equal('2024-02-29 12:00');
    expect(paris(addMonths(utc('2025-03-31T10:00:00Z'), 6))).to.equal('2025-09-30 12:00');
    expect(paris(addMonths(utc('2025-12-31T10:00:00Z'), 6))).to.equal('2026-06-30 11:00');
  });

  it('counts in Paris wall-clock, not UTC: 31 Jan 00:30 Paris + 1 month is 28 Feb 00:30 Paris', () => {
    const t = utc('2025-01-30T23:30:00Z'); // 31 Jan 00:30 in Paris
    expect(paris(addMonths(t, 1))).to.equal('2025-02-28 00:30');
    // a naive UTC computation ends on 1 March in Paris
    expect(addMonths(t, 1)).to.be.below(utc('2025-02-28T23:30:00Z'));
  });

  it('keeps the wall-clock time across the spring DST change (one hour less in UTC)', () => {
    const t = utc('2026-01-15T09:00:00Z'); // 10:00 CET
    const x = addMonths(t, 6);
    expect(paris(x)).to.equal('2026-07-15 10:00');
    expect(x - t).to.equal(181 * DAY_MS - 3_600_000);
  });

  it('a wall-clock time that does not exist (spring gap) resolves an hour early, never late', () => {
    const t = utc('2025-09-29T00:30:00Z'); // 29 Sep 2025 02:30 CEST
    // 29 Mar 2026 02:30 does not exist in Paris (clocks jump 02:00 → 03:00)
    const x = addMonths(t, 6);
    expect(x).to.equal(utc('2026-03-29T00:30:00Z'));
    expect(paris(x)).to.equal('2026-03-29 01:30');
  });

  it('a wall-clock time that happens twice (autumn change) resolves to the earlier instant', () => {
    const t = utc('2026-04-25T00:30:00Z'); // 25 Apr 2026 02:30 CEST
    const x = addMonths(t, 6); // 25 Oct 2026 02:30 happens at 00:30Z (CEST) and 01:30Z (CET)
    expect(x).to.equal(utc('2026-10-25T00:30:00Z'));
    // and a plain autumn crossing keeps the wall clock (one hour more in UTC)
    const y = addMonths(utc('2026-07-10T08:00:00Z'), 6);
    expect(paris(y)).to.equal('2027-01-10 10:00');
  });

  it('6 months spans 181 to 184 days, and never more than the calendar allows (every day of 2024–2026)', () => {
    const spans = new Set<number>();
    for (let t = utc('2024-01-01T11:00:00Z'); t < utc('2027-01-01T00:00:00Z'); t += DAY_MS) {
      const x = choiceExpiry(t, 6);
      spans.add(Math.round((x - t) / DAY_MS));
      // month of expiry is exactly 6 months after the month of decision (no overflow)
      const [y0, m0] = paris(t).split('-').map(Number);
      const [y1, m1] = paris(x).split('-').map(Number);
      expect((y1 - y0) * 12 + (m1 - m0), paris(t)).to.equal(6);
    }
    expect([...spans].sort()).to.deep.equal([181, 182, 183, 184]);
  });

  it('a choice expires exactly at its expiry: valid one millisecond before, invalid at it', () => {
    const t = utc('2025-01-31T11:00:00Z');
    const x = choiceExpiry(t);
    expect(choiceValid(t, x, x - 1)).to.equal(true);
    expect(choiceValid(t, x, x)).to.equal(false);
    expect(choiceValid(t, x, t)).to.equal(true);
  });

  it('does not trust a stored expiry later than the decision time allows, nor a decision from the future', () => {
    const t = utc('2025-01-31T11:00:00Z');
    const x = choiceExpiry(t);
    // someone rewrote the record with a year of validity: rejected even while "unexpired"
    expect(choiceValid(t, x + 365 * DAY_MS, x - DAY_MS)).to.equal(false);
    // a shorter stored expiry is honoured
    expect(choiceValid(t, x - 2 * DAY_MS, x - DAY_MS)).to.equal(false);
    expect(choiceValid(t + DAY_MS, choiceExpiry(t + DAY_MS), t)).to.equal(false);
    // retention is recomputed with the configured months: a 6-month record is too long for a 3-month policy
    expect(choiceValid(t, x, t + DAY_MS, 3)).to.equal(false);
  });

  it('audience identifiers: 390 days from first deposit, always within 13 calendar months', () => {
    const created = utc('2025-01-31T11:00:00Z');
    expect(paris(audienceExpiry(created))).to.equal('2026-02-25 12:00');
    expect(remainingAudienceMs(created, created)).to.equal(AUDIENCE_MAX_DAYS * DAY_MS);
    expect(remainingAudienceMs(created, created + 389 * DAY_MS)).to.equal(DAY_MS);
    expect(remainingAudienceMs(created, audienceExpiry(created))).to.equal(0);
    // never extended: a later visit does not move the end
    expect(remainingAudienceMs(created, created + 400 * DAY_MS)).to.equal(0);
    for (let t = utc('2024-01-01T22:59:00Z'); t < utc('2027-01-01T00:00:00Z'); t += DAY_MS)
      expect(audienceExpiry(t), paris(t)).to.be.below(addMonths(t, 13));
  });
});
