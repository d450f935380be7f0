import { expect } from '@open-wc/testing';
import {
  readSpec,
  groupRequests,
  buildModel,
  bucketStart,
  nextBucket,
  autoBucket,
  parseRange,
  toCsv,
  xExpression,
  isAdditive,
  ChartSpecError,
  MAX_GROUPS,
} from '../src/chart/spec.js';
import { Labeller, LazyLabels } from '../src/chart/labels.js';
import { tickText as ticked } from '../src/chart/ticks.js';
import { chartStrings } from '../src/chart/strings.js';

const utc = (y: number, m: number, d = 1, h = 0) => Date.UTC(y, m - 1, d, h);
const label = (i: number) => `series ${i}`;

describe('chart spec: attributes', () => {
  it('defaults to a column chart of count(*)', () => {
    const s = readSpec({ x: 'region' });
    expect(s.type).to.equal('column');
    expect(s.series).to.deep.equal([{ y: 'count(*)', label: undefined, axis: 'left', sourceKey: '' }]);
  });

  const bad: [string, Parameters<typeof readSpec>[0], Parameters<typeof readSpec>[1]?, RegExp?][] = [
    ['unknown type', { x: 'a', type: 'radar' }, [], /"type" must be one of bar, column/],
    ['no x', { type: 'line' }, [], /"x" is missing/],
    ['bad time bucket', { x: 'date', timeBucket: 'decade' }, [], /"time-bucket" must be one of/],
    ['bucket on an expression', { x: 'year(date)', timeBucket: 'month' }, [], /needs "x" to be a field name/],
    ['both bucket kinds', { x: 'd', timeBucket: 'month', xStep: '2' }, [], /either "time-bucket"/],
    ['bad step', { x: 'n', xStep: '-1' }, [], /"x-step" must be a positive number/],
    ['bad order', { x: 'a', order: 'population desc' }, [], /"order" must be "x asc"/],
    ['limit 0', { x: 'a', limit: '0' }, [], /"limit" must be a whole number from 1 to 20000/],
    ['limit past the API', { x: 'a', limit: String(MAX_GROUPS + 1) }, [], /from 1 to 20000/],
    [
      'series-by with series',
      { x: 'a', seriesBy: 'b' },
      [
        { y: 'sum(c)', sourceKey: '' },
        { y: 'sum(d)', sourceKey: '' },
      ],
      /use it without <ode-series>/,
    ],
    [
      'pie of two series',
      { x: 'a', type: 'pie' },
      [
        { y: 'sum(c)', sourceKey: '' },
        { y: 'sum(d)', sourceKey: '' },
      ],
      /pie chart shows one series/,
    ],
    ['series without y', { x: 'a' }, [{ y: '', sourceKey: '' }], /number 1 has no "y"/],
    [
      'bad axis',
      { x: 'a' },
      [{ y: 'sum(c)', axis: 'top', sourceKey: '' }],
      /"axis" must be one of left, right/,
    ],
    ['other without limit', { x: 'a', seriesBy: 'b', seriesOther: true }, [], /set "series-limit" too/],
    [
      'other of averages',
      { x: 'a', y: 'avg(t)', seriesBy: 'b', seriesLimit: '3', seriesOther: true },
      [],
      /cannot be \(use count or sum\)/,
    ],
    ['series-by an expression', { x: 'a', seriesBy: 'lower(b)' }, [], /"series-by" must be a field name/],
  ];
  for (const [what, attrs, children, message] of bad) {
    it(`refuses ${what} with a message naming the attribute`, () => {
      expect(() => readSpec(attrs, children)).to.throw(ChartSpecError, message);
    });
  }

  it('tells additive aggregates (an "Other" series is exact) from the rest', () => {
    expect(['count(*)', 'COUNT( id )', 'sum(population)'].map(isAdditive)).to.deep.equal([true, true, true]);
    expect(
      ['avg(t)', 'max(t)', 'median(t)', 'sum(a) / 2', 'count(distinct a)'].map(isAdditive),
    ).to.deep.equal([false, false, false, false, false]);
  });
});

describe('chart spec: the grouped requests', () => {
  it('writes time buckets as range() on an escaped field name', () => {
    expect(xExpression(readSpec({ x: 'date', timeBucket: 'month' }), 'month')).to.equal('range(date, 1 M)');
    expect(xExpression(readSpec({ x: 'year', timeBucket: 'year' }), 'year')).to.equal('range(`year`, 1 y)');
    expect(xExpression(readSpec({ x: 'mag', xStep: '0.5' }))).to.equal('range(mag, 0.5)');
    expect(xExpression(readSpec({ x: 'year(date)' }))).to.equal('year(date)');
  });

  it('asks one request per dataset, every series of that dataset a column of it', () => {
    const spec = readSpec({ x: 'date', timeBucket: 'month', type: 'line' }, [
      { y: 'avg(temp_max)', sourceKey: '' },
      { y: 'avg(temp_min)', sourceKey: '' },
      { y: 'sum(rain)', sourceKey: '#other' },
    ]);
    const reqs = groupRequests(spec, 'month');
    expect(reqs).to.have.length(2);
    expect(reqs[0]).to.deep.include({
      sourceKey: '',
      series: [0, 1],
      select: 'avg(temp_max) as s0, avg(temp_min) as s1',
      groupBy: 'range(date, 1 M) as x',
      orderBy: 'range(date, 1 M) asc',
      limit: MAX_GROUPS,
    });
    expect(reqs[1]).to.deep.include({ sourceKey: '#other', series: [2], select: 'sum(rain) as s2' });
    // a series of another dataset may name its date field differently
    const named = readSpec({ x: 'date', timeBucket: 'year' }, [
      { y: 'count(*)', sourceKey: '' },
      { y: 'count(*)', sourceKey: '#q', x: 'time' },
    ]);
    expect(groupRequests(named, 'year').map((r) => r.groupBy)).to.deep.equal([
      'range(date, 1 y) as x',
      'range(time, 1 y) as x',
    ]);
    expect(() =>
      readSpec({ x: 'date', timeBucket: 'year' }, [{ y: 'count(*)', sourceKey: '#q', x: 'year(t)' }]),
    ).to.throw(ChartSpecError, /must be a field name to be bucketed/);
  });

  it('ranks categories by value and applies the limit on the server', () => {
    const [r] = groupRequests(readSpec({ x: 'region', type: 'bar', y: 'sum(population)', limit: '5' }));
    expect(r).to.deep.include({ orderBy: 'sum(population) desc', limit: 5, groupBy: 'region as x' });
    const [asc] = groupRequests(readSpec({ x: 'region', order: 'x', limit: '5' }));
    expect(asc.orderBy).to.equal('region asc');
  });

  it('groups by x and the split field for series-by, taking every pair', () => {
    const [r] = groupRequests(
      readSpec({ x: 'date', timeBucket: 'year', seriesBy: 'weather', limit: '3' }),
      'year',
    );
    expect(r.groupBy).to.equal('range(date, 1 y) as x, weather as s');
    expect(r.limit).to.equal(MAX_GROUPS);
  });
});

describe('chart spec: time buckets', () => {
  it('reads bucket starts in every shape portals write them', () => {
    expect(bucketStart('2001-03-01')).to.equal(utc(2001, 3));
    expect(bucketStart('2001-03-01T00:00:00+00:00')).to.equal(utc(2001, 3));
    expect(bucketStart('2001-03-05T13:00:00+01:00')).to.equal(utc(2001, 3, 5, 13));
    expect(bucketStart('[2020-11-13T00:00:00.000Z, 2020-11-14T00:00:00.000Z[')).to.equal(utc(2020, 11, 13));
    expect(bucketStart('2001-03')).to.equal(utc(2001, 3));
    expect(bucketStart(2012)).to.equal(utc(2012, 1));
    expect(bucketStart('drizzle')).to.equal(undefined);
    expect(bucketStart(null)).to.equal(undefined);
  });

  it('steps calendar buckets without month overflow or DST', () => {
    expect(nextBucket(utc(2024, 1), 'month')).to.equal(utc(2024, 2));
    expect(nextBucket(utc(2024, 12), 'month')).to.equal(utc(2025, 1));
    expect(nextBucket(utc(2024, 11), 'quarter')).to.equal(utc(2025, 2));
    expect(nextBucket(utc(2024, 2, 26), 'week')).to.equal(utc(2024, 3, 4));
    expect(nextBucket(utc(2024, 3, 31, 1), 'hour')).to.equal(utc(2024, 3, 31, 2));
    expect(nextBucket(utc(2024, 2, 28), 'day')).to.equal(utc(2024, 2, 29));
    expect(nextBucket(utc(2023, 2, 28), 'day')).to.equal(utc(2023, 3, 1));
  });

  it('picks a readable bucket from the span', () => {
    expect(autoBucket('2024-01-01', '2024-01-03')).to.equal('hour');
    expect(autoBucket('2024-01-01', '2024-03-01')).to.equal('day');
    expect(autoBucket('2024-01-01', '2025-06-01')).to.equal('week');
    expect(autoBucket('2012-01-01', '2015-12-31')).to.equal('month');
    expect(autoBucket('2000-01-01', '2020-01-01')).to.equal('quarter');
    expect(autoBucket('1900-01-01', '2020-01-01')).to.equal('year');
    expect(autoBucket(null, '2020-01-01')).to.equal('month');
  });

  it('draws empty buckets as gaps, not as neighbours', () => {
    const spec = readSpec({ x: 'date', timeBucket: 'month', type: 'line' });
    const reqs = groupRequests(spec, 'month');
    const model = buildModel(
      spec,
      reqs,
      [
        [
          { x: '2001-01-01', s0: 5 },
          { x: '2001-04-01', s0: 7 },
        ],
      ],
      label,
      'month',
    );
    expect(model.categories.map((c) => c.ms)).to.deep.equal([
      utc(2001, 1),
      utc(2001, 2),
      utc(2001, 3),
      utc(2001, 4),
    ]);
    expect(model.series[0].values).to.deep.equal([5, null, null, 7]);
  });
});

describe('chart spec: the model drawn', () => {
  it('keeps the top series by total and adds the rest up as "Other"', () => {
    const spec = readSpec({ x: 'year', seriesBy: 'w', seriesLimit: '2', seriesOther: true, order: 'x' });
    const rows = [
      { x: 2012, s: 'rain', s0: 10 },
      { x: 2012, s: 'sun', s0: 3 },
      { x: 2012, s: 'fog', s0: 1 },
      { x: 2012, s: 'snow', s0: 2 },
      { x: 2013, s: 'rain', s0: 8 },
      { x: 2013, s: 'sun', s0: 6 },
      { x: 2013, s: 'fog', s0: 4 },
    ];
    const model = buildModel(spec, groupRequests(spec), [rows], label);
    expect(model.series.map((s) => [s.label, s.values, !!s.other])).to.deep.equal([
      ['rain', [10, 8], false],
      ['sun', [3, 6], false],
      ['', [3, 4], true],
    ]);
  });

  it('aligns a second dataset on the first one’s categories', () => {
    const spec = readSpec({ x: 'region', order: 'y desc' }, [
      { y: 'count(*)', sourceKey: '' },
      { y: 'sum(p)', sourceKey: '#b' },
    ]);
    const model = buildModel(
      spec,
      groupRequests(spec),
      [
        [
          { x: 'B', s0: 9 },
          { x: 'A', s0: 4 },
        ],
        [
          { x: 'A', s1: 100 },
          { x: 'C', s1: 1 },
          { x: 'B', s1: 50 },
        ],
      ],
      label,
    );
    expect(model.categories.map((c) => c.raw)).to.deep.equal(['B', 'A']);
    expect(model.series.map((s) => s.values)).to.deep.equal([
      [9, 4],
      [50, 100],
    ]);
  });

  it('sorts numeric ranges numerically and keeps the null group last', () => {
    const spec = readSpec({ x: 'mag', xStep: '0.5' });
    const rows = [
      { x: '[-0.5, 0.0[', s0: 2 },
      { x: null, s0: 1 },
      { x: '[-1.0, -0.5[', s0: 3 },
      { x: '[0.0, 0.5[', s0: 4 },
    ];
    const model = buildModel(spec, groupRequests(spec), [rows], label);
    expect(model.categories.map((c) => c.raw)).to.deep.equal([
      '[-1.0, -0.5[',
      '[-0.5, 0.0[',
      '[0.0, 0.5[',
      null,
    ]);
    const l = new Labeller('en', chartStrings('en'));
    expect(model.categories.map((c) => l.category(c, model))).to.deep.equal([
      '-1 – < -0.5',
      '-0.5 – < 0',
      '0 – < 0.5',
      '(no value)',
    ]);
  });

  it('says when the portal sent as many groups as one request can hold', () => {
    const spec = readSpec({ x: 'id' });
    const rows = Array.from({ length: MAX_GROUPS }, (_, i) => ({ x: `k${i}`, s0: i }));
    expect(buildModel(spec, groupRequests(spec), [rows], label).truncated).to.equal(true);
    expect(buildModel(spec, groupRequests(spec), [rows.slice(1)], label).truncated).to.equal(false);
  });

  it('parses range keys and refuses what is not one', () => {
    expect(parseRange('[0, 14]')).to.deep.equal({ lo: 0, hi: 14, hiIncluded: true });
    expect(parseRange('[20.5, *[')).to.deep.equal({ lo: 20.5, hi: undefined, hiIncluded: false });
    expect(parseRange('[*, 9]')).to.deep.equal({ lo: undefined, hi: 9, hiIncluded: true });
    expect(parseRange('[a, b]')).to.equal(undefined);
    expect(parseRange(12)).to.equal(undefined);
  });
});

describe('chart spec: CSV and words', () => {
  it('writes the values drawn, quoting text and disarming formulas', () => {
    const spec = readSpec({ x: 'name', order: 'x' }, [
      { y: 'count(*)', sourceKey: '' },
      { y: 'sum(n)', sourceKey: '' },
    ]);
    const model = buildModel(
      spec,
      groupRequests(spec),
      [
        [
          { x: '=HYPERLINK("x")', s0: 1, s1: 2.5 },
          { x: 'a, "b"', s0: 3, s1: null },
        ],
      ],
      label,
    );
    const csv = toCsv('Name', ['=HYPERLINK("x")', 'a, "b"'], model, ['Count', 'Sum']);
    expect(csv).to.equal('Name,Count,Sum\r\n"\'=HYPERLINK(""x"")",1,2.5\r\n"a, ""b""",3,\r\n');
  });

  it('formats each category label once, on first use', () => {
    const asked: number[] = [];
    const labels = new LazyLabels(3, (i) => {
      asked.push(i);
      return `L${i}`;
    });
    expect(asked).to.deep.equal([]);
    expect(labels.at(2)).to.equal('L2');
    expect(labels.at(2)).to.equal('L2');
    expect(asked).to.deep.equal([2]);
    expect([labels.at(-1), labels.at(3), labels.at(0.5), labels.at(NaN)]).to.deep.equal(['', '', '', '']);
    expect(labels.all()).to.deep.equal(['L0', 'L1', 'L2']);
    expect(asked).to.deep.equal([2, 0, 1]);
  });

  it('names aggregates with field labels, in French and English', () => {
    const fields = [
      { name: 'temp_max', label: 'Température max', type: 'double', description: null, annotations: {} },
    ] as const;
    const en = new Labeller('en', chartStrings('en'), [...fields]);
    const fr = new Labeller('fr', chartStrings('fr'), [...fields]);
    expect(en.aggregate('count(*)')).to.equal('Number of records');
    expect(en.aggregate('avg(temp_max)')).to.equal('Average Température max');
    expect(fr.aggregate('AVG(temp_max)')).to.equal('Température max (moyenne)');
    expect(en.aggregate('percentile(temp_max, 90)')).to.equal('90th percentile of Température max');
    expect(en.aggregate('sum(a) / 2')).to.equal('sum(a) / 2');
    expect(fr.bucket(utc(2001, 11), 'quarter')).to.equal('T4 2001');
    expect(en.bucket(utc(2001, 3), 'month')).to.match(/Mar 2001/);
  });
});

describe('chart spec: category tick text', () => {
  it('keeps labels that fit, wraps long ones to the room, turns them when there is too little', () => {
    // 7 px a character; the room is in px
    const tickText = (label: string, beside: boolean, chars: number) =>
      ticked(label, beside, chars * 7, (t) => t.length * 7);
    expect(tickText('Ain', false, 5)).to.equal('Ain');
    expect(tickText('Alpes-de-Haute-Provence', false, 16)).to.deep.equal(['Alpes-de-Haute-', 'Provence']);
    expect(tickText('Provence-Alpes-Côte d’Azur', false, 16)).to.deep.equal([
      'Provence-Alpes-',
      'Côte d’Azur',
    ]);
    // less room: narrower lines, every line within it
    expect(tickText('Provence-Alpes-Côte d’Azur', false, 10)).to.deep.equal([
      'Provence-',
      'Alpes-Côte',
      'd’Azur',
    ]);
    // at most three lines, the third says there was more
    expect(tickText('Collectivité territoriale de la très longue dénomination', false, 12)).to.deep.equal([
      'Collectivité',
      'territoriale',
      'de la très …',
    ]);
    // one long word is cut to the room
    expect(tickText('Donaudampfschifffahrtsgesellschaft', false, 12)).to.equal('Donaudampfs…');
    // too little room to wrap: one line, to be turned; beside horizontal bars: one line
    expect(tickText('Provence-Alpes-Côte d’Azur', false, 4)).to.equal('Provence-Alpes-Côte d’Azur');
    expect(tickText('Collectivité territoriale de Saint-Pierre', true, 40)).to.equal(
      'Collectivité territoriale d…',
    );
    // beside the bars, a label is also cut to the room the axis has (no wider than it, "…" included)
    expect(tickText('Provence-Alpes-Côte d’Azur', true, 12)).to.equal('Provence-Al…');
    expect(tickText('Provence-Alpes-Côte d’Azur', true, 26)).to.equal('Provence-Alpes-Côte d’Azur');
    expect(tickText('Ain', true, 1)).to.equal('A…');
    expect(tickText('  Ile  de\nFrance ', false, 16)).to.equal('Ile de France');
  });
});
