import { expect } from '@open-wc/testing';
import { resolveOrigin, DomainError } from '../src/api/domain.js';
import { apiErrorFrom } from '../src/api/errors.js';
import { safeHttpUrl } from '../src/core/safe-url.js';
import { recogniseLicence } from '../src/attribution/licences.js';
import { dateRange, FieldNameError } from '../src/api/odsql.js';
import { formatDate } from '../src/core/lang.js';

describe('resolveOrigin', () => {
  it('turns a host into an https origin and keeps a full origin', () => {
    expect(resolveOrigin('data.example.org')).to.equal('https://data.example.org');
    expect(resolveOrigin(' Data.Example.org ')).to.equal('https://data.example.org');
    expect(resolveOrigin('http://127.0.0.1:8787')).to.equal('http://127.0.0.1:8787');
    expect(resolveOrigin('https://opendata.vancouver.ca/')).to.equal('https://opendata.vancouver.ca');
    expect(resolveOrigin('localhost:8787')).to.equal('https://localhost:8787');
  });
  it('rejects what is not a domain', () => {
    for (const bad of [
      '',
      'not a domain',
      'javascript:alert(1)',
      'https://x.org/path',
      'https://u:p@x.org',
      'x.org/?q',
      'ftp://x.org',
    ]) {
      expect(() => resolveOrigin(bad), bad).to.throw(DomainError);
    }
  });
});

describe('apiErrorFrom', () => {
  it('reads the v2.1 error body', () => {
    const e = apiErrorFrom(400, '{"error_code":"ODSQLError","message":"ODSQL query is malformed: x"}', 'u');
    expect(e.status).to.equal(400);
    expect(e.errorCode).to.equal('ODSQLError');
    expect(e.message).to.equal('ODSQL query is malformed: x');
    expect(e.retryable).to.equal(false);
  });
  it('reads the 429 quota body, whose keys differ, with its reset time', () => {
    const e = apiErrorFrom(
      429,
      '{"errorcode":10002,"reset_time":"2021-01-26T00:00:00Z","limit_time_unit":"day","call_limit":10,"error":"Too many requests on the domain."}',
      'u',
    );
    expect(e.errorCode).to.equal('10002');
    expect(e.message).to.equal('Too many requests on the domain.');
    expect(e.resetAt?.toISOString()).to.equal('2021-01-26T00:00:00.000Z');
    expect(e.retryable).to.equal(true);
  });
  it('keeps the status when the body is not JSON', () => {
    const e = apiErrorFrom(502, '<html>bad gateway</html>', 'u');
    expect(e.message).to.equal('HTTP 502');
    expect(e.retryable).to.equal(true);
  });
});

describe('safeHttpUrl', () => {
  it('allows only http: and https:', () => {
    expect(safeHttpUrl('https://a.org/x')).to.equal('https://a.org/x');
    expect(safeHttpUrl(' http://a.org ')).to.equal('http://a.org/');
    for (const bad of [
      'javascript:alert(1)',
      ' JaVaScRiPt:alert(1)',
      'data:text/html,x',
      '//evil.org',
      '/relative',
      'vbscript:x',
      null,
      42,
    ]) {
      expect(safeHttpUrl(bad), String(bad)).to.equal(undefined);
    }
  });
});

describe('recogniseLicence', () => {
  it('recognises the licences French and other portals use, by label or URL', () => {
    expect(recogniseLicence('Licence Ouverte v2.0 (Etalab)', null)?.id).to.equal('etalab-2.0');
    expect(recogniseLicence('Licence Ouverte / Open Licence version 2.0', null)?.id).to.equal('etalab-2.0');
    expect(recogniseLicence('Licence Ouverte (Etalab)', null)?.id).to.equal('etalab-1.0');
    expect(recogniseLicence('Open Database License (ODbL)', null)?.id).to.equal('odbl-1.0');
    expect(recogniseLicence('whatever', 'https://opendatacommons.org/licenses/odbl/1-0/')?.id).to.equal(
      'odbl-1.0',
    );
    expect(recogniseLicence('CC BY 4.0', null)?.id).to.equal('cc-by-4.0');
    expect(recogniseLicence('CC BY-SA 4.0', null)?.id).to.equal('cc-by-sa-4.0');
    expect(recogniseLicence('CC0 1.0', null)?.id).to.equal('cc0-1.0');
    expect(recogniseLicence('Open Government Licence v3.0', null)?.id).to.equal('ogl-3.0');
    expect(recogniseLicence('Open Government Licence - Vancouver', null)?.id).to.equal('ogl-3.0');
  });
  it('does not invent a licence', () => {
    expect(recogniseLicence('CC BY-NC 4.0', null)).to.equal(undefined);
    expect(recogniseLicence('Licence propriétaire', null)).to.equal(undefined);
    expect(recogniseLicence(null, null)).to.equal(undefined);
  });
});

describe('dateRange', () => {
  it('writes whole days, both ends inclusive, as half-open bounds', () => {
    expect(dateRange('date', '2001-02-01', '2001-02-28')).to.equal(
      "date >= date'2001-02-01' AND date < date'2001-03-01'",
    );
    expect(dateRange('date', undefined, '2000-02-28')).to.equal("date < date'2000-02-29'");
    expect(dateRange('date', undefined, '2000-12-31')).to.equal("date < date'2001-01-01'");
    expect(dateRange('date', '2001-01-01')).to.equal("date >= date'2001-01-01'");
    expect(dateRange('date')).to.equal('true');
  });
  it('refuses what is not a calendar date, and bad field names', () => {
    expect(() => dateRange('date', '2001-02-30')).to.throw(RangeError);
    expect(() => dateRange('date', "2001-01-01' OR 1=1")).to.throw(RangeError);
    expect(() => dateRange('date', undefined, '2001-13-01')).to.throw(RangeError);
    expect(() => dateRange('a b', '2001-01-01')).to.throw(FieldNameError);
  });
});

describe('formatDate', () => {
  it('writes a long date in the language asked, in UTC, and each language keeps its own format', () => {
    expect(formatDate('2025-08-21T23:30:00+00:00', 'fr')).to.equal('21 août 2025');
    expect(formatDate('2025-08-21T23:30:00+00:00', 'en')).to.equal('August 21, 2025');
    // asked again after the other language: each locale's format is its own
    expect(formatDate('2001-02-03', 'fr')).to.equal('3 février 2001');
  });
  it('falls back to English for a malformed language and says nothing for a missing or bad date', () => {
    expect(formatDate('2025-08-21', 'not a language!')).to.equal('August 21, 2025');
    expect(formatDate(undefined, 'fr')).to.equal(undefined);
    expect(formatDate('yesterday', 'fr')).to.equal(undefined);
  });
});
