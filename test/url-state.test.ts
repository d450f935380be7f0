import { expect } from '@open-wc/testing';
import { historyMode, readUrlQuery, writeUrlQuery, type UrlQuery } from '../src/core/url-state.js';
import { clausesOf, readBbox, withoutAll, withoutClause } from '../src/core/query-clauses.js';
import { facetValue, inBbox } from '../src/api/odsql.js';
import { emptyQuery, type SharedQuery } from '../src/core/source.js';

const empty = (): UrlQuery => ({ refine: [], exclude: [], ranges: {}, extra: {} });
const params = (s: string) => new URLSearchParams(s);

describe('url-state: the shared query in the address', () => {
  it('writes prefixed keys, refines as plain field:value, and keeps every other parameter', () => {
    const out = writeUrlQuery(params('page=2&other.refine=a:b&communes.q=old'), 'communes', {
      ...empty(),
      q: 'saint',
      refine: [facetValue('nom_region', 'Bretagne'), 'zone:metro'],
      exclude: [facetValue('nom_departement', 'Finistère')],
      orderBy: '`date` DESC',
      ranges: { 'select-date': { field: 'date', from: '2012-01-01', to: '2012-01-31' } },
    });
    expect([...out]).to.deep.equal([
      ['page', '2'],
      ['other.refine', 'a:b'],
      ['communes.q', 'saint'],
      ['communes.refine', 'nom_region:Bretagne'],
      ['communes.refine', 'zone:metro'],
      ['communes.exclude', 'nom_departement:Finistère'],
      ['communes.sort', 'date DESC'],
      ['communes.range.select-date', 'date:2012-01-01..2012-01-31'],
    ]);
    expect(out.toString()).to.contain('communes.refine=nom_region%3ABretagne');
  });

  it('reads back what it wrote (refines as quoted values, sort names through field())', () => {
    const q: UrlQuery = {
      ...empty(),
      q: 'a "quoted" word',
      refine: [facetValue('nom_region', 'Provence-Alpes-Côte d’Azur'), facetValue('x', 'a:b')],
      exclude: [facetValue('zone', 'drom')],
      orderBy: '`year` DESC, population',
      ranges: { r1: { field: 'date', from: '2012-02-01' }, r2: { field: 'date', to: '2012-02-29' } },
    };
    const read = readUrlQuery(writeUrlQuery(params(''), 'd', q), 'd');
    expect(read.found).to.equal(true);
    expect(read.warnings).to.deep.equal([]);
    expect(read.query).to.deep.equal(q);
  });

  it('keeps two datasets apart', () => {
    let p = writeUrlQuery(params(''), 'a', { ...empty(), refine: ['f:1'] });
    p = writeUrlQuery(p, 'b', { ...empty(), q: 'x' });
    p = writeUrlQuery(p, 'a', { ...empty(), refine: ['f:2'] });
    expect(readUrlQuery(p, 'a').query.refine).to.deep.equal([facetValue('f', '2')]);
    expect(readUrlQuery(p, 'b').query.q).to.equal('x');
    expect(readUrlQuery(p, 'b').query.refine).to.deep.equal([]);
    expect(readUrlQuery(params('a.refine=f:1'), 'b').found).to.equal(false);
    // a dataset whose id starts like another's does not read its keys
    expect(readUrlQuery(params('ab.q=x'), 'a').found).to.equal(false);
  });

  it('turns an expression in a refine into a quoted value, never ODSQL', () => {
    const read = readUrlQuery(params(`d.refine=${encodeURIComponent('f:x" OR 1=1 OR "')}`), 'd');
    expect(read.query.refine).to.deep.equal(['f:"x\\" OR 1=1 OR \\""']);
  });

  it('skips unknown and malformed keys with a reason, without throwing', () => {
    const bad = [
      'd.nope=1',
      'd.refine=no-colon',
      'd.refine=bad name:x',
      'd.refine=:x',
      'd.sort=population; DROP',
      'd.sort=1 OR 1',
      'd.range.o=date:2012-02-30..',
      'd.range.o=date:2012-03-01..2012-02-01',
      'd.range.o=date:..',
      'd.range.o=da te:2012-01-01..',
      'd.range=date:2012-01-01..',
      'd.range.bad owner=date:2012-01-01..',
      'd.viewport.m=geo:1,2,3,4',
      `d.q=${'x'.repeat(1001)}`,
    ];
    const read = readUrlQuery(params(bad.join('&')), 'd');
    expect(read.found).to.equal(true);
    expect(read.warnings.length).to.equal(bad.length);
    expect(read.query).to.deep.equal(empty());
  });

  it('carries map viewports only with the viewport option, checked', () => {
    const extra = { 'ode-map-1': inBbox('geo', 2.2, 48.8, 2.4, 48.9), other: 'population > 10' };
    const without = writeUrlQuery(params(''), 'd', { ...empty(), extra });
    expect([...without]).to.deep.equal([]);
    const withVp = writeUrlQuery(params(''), 'd', { ...empty(), extra }, { viewport: true });
    expect([...withVp]).to.deep.equal([['d.viewport.ode-map-1', 'geo:2.2,48.8,2.4,48.9']]);
    const read = readUrlQuery(withVp, 'd', { viewport: true });
    expect(read.query.extra).to.deep.equal({ 'ode-map-1': extra['ode-map-1'] });
    const bad = readUrlQuery(params('d.viewport.m=geo:1,2,x,4&d.viewport.n=geo:0,95,1,96'), 'd', {
      viewport: true,
    });
    expect(bad.warnings.length).to.equal(2);
    expect(bad.query.extra).to.deep.equal({});
  });

  it('pushes what the visitor does, replaces while they type or move a map', () => {
    expect(historyMode(['refine'], undefined)).to.equal('push');
    expect(historyMode(['q'], ['refine'])).to.equal('push');
    expect(historyMode(['q'], ['q'])).to.equal('replace');
    expect(historyMode(['q', 'refine'], ['q'])).to.equal('push');
    expect(historyMode(['extra'], ['refine'])).to.equal('replace');
    expect(historyMode(['orderBy'], ['orderBy'])).to.equal('push');
  });
});

describe('query-clauses: the shared query, clause by clause', () => {
  const query = (patch: Partial<SharedQuery>): SharedQuery => ({ ...emptyQuery(), ...patch });

  it('lists every active clause in order, and removes each one alone', () => {
    const q = query({
      q: 'saint',
      refine: [facetValue('nom_region', 'Bretagne'), 'zone:metro'],
      exclude: ['type:x'],
      ranges: { dr: { field: 'date', from: '2012-01-01' }, empty: { field: 'date' } },
      extra: { 'ode-map-1': inBbox('geo', 1, 2, 3, 4), v: 'population > 10' },
      where: 'population > 0',
    });
    const clauses = clausesOf(q);
    expect(clauses.map((c) => c.kind)).to.deep.equal([
      'q',
      'refine',
      'refine',
      'exclude',
      'range',
      'viewport',
      'extra',
      'where',
    ]);
    expect(clauses[1]).to.deep.include({ field: 'nom_region', value: 'Bretagne' });
    expect(clauses[2]).to.deep.include({ field: 'zone', value: 'metro' });
    expect(withoutClause(q, clauses[1])).to.deep.equal({ refine: ['zone:metro'] });
    expect(withoutClause(q, clauses[4])).to.deep.equal({ ranges: { empty: { field: 'date' } } });
    expect(withoutClause(q, clauses[5])).to.deep.equal({ extra: { v: 'population > 10' } });
    expect(withoutClause(q, clauses[7])).to.deep.equal({});
    const cleared = { ...q, ...withoutAll() };
    expect(clausesOf(cleared).map((c) => c.kind)).to.deep.equal(['where']);
  });

  it('reads back only the bounding boxes inBbox() writes', () => {
    expect(readBbox(inBbox('geo', -1.5, 47, 2.25, 48.5))).to.deep.equal({
      field: 'geo',
      west: -1.5,
      south: 47,
      east: 2.25,
      north: 48.5,
    });
    expect(readBbox(inBbox('date', 1, 2, 3, 4))?.field).to.equal('date');
    expect(readBbox('in_bbox(geo, 1, 2, 3, 4) OR true')).to.equal(undefined);
    expect(readBbox('population > 3')).to.equal(undefined);
  });
});
