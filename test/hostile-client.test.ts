import { expect } from '@open-wc/testing';
import { ExploreClient, FACETS_MAX, URL_MAX } from '../src/api/client.js';
import { ApiError, retryAfter, MESSAGE_MAX } from '../src/api/errors.js';
import { asText } from '../src/core/text.js';
import { formatCell, formatText } from '../src/core/format.js';
import { hostilePortalUrl, portalUrl } from './helpers.js';

/** The error a promise rejects with (fails if it resolves). */
async function rejection(p: Promise<unknown>): Promise<ApiError> {
  const outcome = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(outcome, 'the promise should reject').to.be.instanceOf(ApiError);
  return outcome as ApiError;
}

/** Console warnings written while `run` runs. */
async function warnings(run: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void seen.push(args.map(String).join(' '));
  try {
    await run();
  } finally {
    console.warn = original;
  }
  return seen;
}

describe('ExploreClient against a hostile portal', () => {
  const client = () => new ExploreClient(hostilePortalUrl(), { cacheTtl: 0, backoff: [10, 10] });

  it('reads the valid answers of the hostile portal (the checks are not too strict)', async () => {
    const c = client();
    const ds = await c.dataset('cities');
    expect(ds.fields.map((f) => f.name)).to.deep.equal(['city', 'population', 'location']);
    const records = await c.records('cities', { limit: 10 });
    expect(records.total_count).to.equal(3);
    expect(records.results).to.have.length(3);
    const facets = await c.facets('cities', ['city'], {});
    expect(facets.facets[0].facets.map((f) => f.value)).to.deep.equal(['Lyon', 'Nantes', 'Lille']);
  });

  it('reads the dev portal’s real-shaped answers (metadata, records, grouped, facets)', async () => {
    const c = new ExploreClient(portalUrl(), { cacheTtl: 0 });
    expect((await c.dataset('airports')).fields.length).to.be.above(3);
    expect((await c.records('airports', { limit: 3 })).results).to.have.length(3);
    const grouped = await c.records('airports', { select: 'state, count(*) as n', groupBy: 'state' });
    expect(grouped.results[0]).to.have.property('n');
    const facets = await c.facets('airports', ['state'], {});
    expect(facets.facets[0].facets.length).to.be.above(1);
  });

  const metadataCases: [string, string, string][] = [
    ['fields-not-list', 'fields', 'a list'],
    ['metas-object', 'metas.default.title', 'a text'],
    ['metas-array', 'metas.default.title', 'a text'],
    ['metas-lit', 'metas.default.title', 'a text'],
    ['metas-tostring', 'metas.default.title', 'a text'],
  ];
  for (const [id, path, expected] of metadataCases) {
    it(`metadata of "${id}": an ApiError naming \`${path}\``, async () => {
      const e = await rejection(client().dataset(id));
      expect(e.kind).to.equal('shape');
      expect(e.shape).to.deep.equal({ path, expected });
      expect(e.message).to.contain(`\`${path}\` is not ${expected}`);
      expect(e.retryable).to.equal(true);
    });
  }

  const recordCases: [string, string, string][] = [
    ['results-not-list', 'results', 'facets'],
    ['rows-null', 'results[0]', 'facets[0].facets[0]'],
    ['rows-number', 'results[0]', 'facets[0].facets[0]'],
    ['total-string', 'total_count', 'facets[0].facets[0].count'],
  ];
  for (const [id, recordsPath, facetsPath] of recordCases) {
    it(`records and facets of "${id}": ApiErrors naming \`${recordsPath}\` and \`${facetsPath}\``, async () => {
      const c = client();
      const r = await rejection(c.records(id, { limit: 10 }));
      expect([r.kind, r.shape?.path]).to.deep.equal(['shape', recordsPath]);
      const g = await rejection(c.records(id, { select: 'city as x', groupBy: 'city' }));
      expect([g.kind, g.shape?.path]).to.deep.equal(['shape', recordsPath]);
      const f = await rejection(c.facets(id, ['city'], {}));
      expect([f.kind, f.shape?.path]).to.deep.equal(['shape', facetsPath]);
      // a wrong answer is not cached and not retried by itself: one request each
      expect(c.requests).to.equal(3);
    });
  }

  it('a drip-fed body ends in a timeout error, not retried by itself', async () => {
    const c = new ExploreClient(hostilePortalUrl(), { timeout: 800 });
    const t0 = performance.now();
    const e = await rejection(c.dataset('drip'));
    const took = performance.now() - t0;
    expect(e.kind).to.equal('timeout');
    expect(e.retryable).to.equal(true);
    expect(e.message).to.contain('did not answer in time');
    expect(took).to.be.within(700, 3000);
    expect(c.requests).to.equal(1);
  });

  it('has a 20 s timeout by default, and ignores a timeout that is not a positive number', () => {
    expect(new ExploreClient(hostilePortalUrl()).timeout).to.equal(20_000);
    expect(new ExploreClient(hostilePortalUrl(), { timeout: -1 }).timeout).to.equal(20_000);
    expect(new ExploreClient(hostilePortalUrl(), { timeout: Number.NaN }).timeout).to.equal(20_000);
  });

  it('a 429 with only `Retry-After: 1` waits a second and retries once', async () => {
    const c = new ExploreClient(hostilePortalUrl(), { cacheTtl: 0 });
    const t0 = performance.now();
    const answer = await c.records(`retry-after-${Math.random().toString(36).slice(2)}`, { limit: 10 });
    expect(answer.results).to.have.length(3);
    expect(c.requests).to.equal(2);
    expect(performance.now() - t0).to.be.above(900);
  });

  it('a connection dropped mid-body is a network error, retried twice', async () => {
    const c = client();
    const e = await rejection(c.records('drop', {}));
    expect(e.kind).to.equal('network');
    expect(c.requests).to.equal(3);
  });

  it('refuses a URL over the limit before sending it', async () => {
    const c = client();
    const e = await rejection(c.records('cities', { where: [`city = "${'x'.repeat(URL_MAX)}"`] }));
    expect(e.kind).to.equal('too-long');
    expect(e.retryable).to.equal(false);
    expect(c.requests).to.equal(0);
  });

  it(`asks for ${FACETS_MAX} facets at most, and says so in the console`, async () => {
    const c = client();
    const names = Array.from({ length: FACETS_MAX + 10 }, (_, i) => `f${i}`);
    let answer: Awaited<ReturnType<ExploreClient['facets']>> | undefined;
    const said = await warnings(async () => (answer = await c.facets('cities', names, {})));
    expect(answer!.facets.map((f) => f.name)).to.deep.equal(names.slice(0, FACETS_MAX));
    expect(said.join('\n')).to.contain(`only the first ${FACETS_MAX}`);
  });

  it('cuts a very long portal message, and writes it whole in the console', async () => {
    const c = client();
    let e: ApiError | undefined;
    const said = await warnings(async () => (e = await rejection(c.dataset('long-error'))));
    expect(e!.status).to.equal(400);
    expect(e!.message.length).to.be.at.most(MESSAGE_MAX);
    expect(e!.message.endsWith('…')).to.equal(true);
    expect(said.join('\n')).to.contain('(end)');
  });
});

describe('retryAfter', () => {
  it('reads seconds and HTTP dates, and nothing else', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    expect(retryAfter('1', now)!.getTime()).to.equal(now + 1000);
    expect(retryAfter(' 120 ', now)!.getTime()).to.equal(now + 120_000);
    expect(retryAfter('Thu, 01 Jan 2026 12:00:05 GMT', now)!.getTime()).to.equal(now + 5000);
    expect(retryAfter('soon', now)).to.equal(undefined);
    expect(retryAfter('', now)).to.equal(undefined);
    expect(retryAfter(null, now)).to.equal(undefined);
  });
});

describe('asText', () => {
  it('writes any JSON value as text, never throwing', () => {
    expect(asText('Lyon')).to.equal('Lyon');
    expect(asText(12.5)).to.equal('12.5');
    expect(asText(false)).to.equal('false');
    expect(asText(null)).to.equal('');
    expect(asText(undefined)).to.equal('');
    expect(asText(['a', 1])).to.equal('["a",1]');
    expect(asText({ toString: 1 })).to.equal('{"toString":1}');
    expect(asText({ _$litType$: 1, strings: ['<b>x</b>'], values: [] })).to.equal(
      '{"_$litType$":1,"strings":["<b>x</b>"],"values":[]}',
    );
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(asText(cyclic)).to.equal('[object]');
    expect(asText(10n)).to.equal('10');
  });
});

describe('formatText and formatCell with values no portal should send', () => {
  it('write every value of every field type as text, never throwing', () => {
    const hostile: unknown[] = [
      { toString: 1 },
      { _$litType$: 1, strings: ['<img src=x onerror=alert(1)>'], values: [] },
      [{ toString: 1 }],
      { lat: 'x', lon: {} },
      42,
      'text',
      true,
    ];
    const types = [
      'text',
      'int',
      'double',
      'boolean',
      'date',
      'datetime',
      'geo_point_2d',
      'geo_shape',
      'file',
      'json_blob',
    ] as const;
    const o = { locale: 'en', lang: 'en' as const, timeZone: 'UTC' };
    for (const type of types) {
      for (const v of hostile) {
        const field = { name: 'f', label: 'F', type, description: null, annotations: {} };
        expect(typeof formatText(v, field, o), `${type} ${JSON.stringify(v)}`).to.equal('string');
        const cell = formatCell(v, field, o);
        // text, or one of our own templates (links, images): never the value itself
        expect(cell === v && typeof v === 'object', `${type} ${JSON.stringify(v)}`).to.equal(false);
      }
    }
    expect(formatText({ toString: 1 }, { type: 'int' }, o)).to.equal('{"toString":1}');
    expect(formatText({ toString: 1 }, { type: 'date' }, o)).to.equal('{"toString":1}');
  });
});
