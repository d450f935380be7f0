import { expect } from '@open-wc/testing';
import {
  clusterCell,
  denseBounds,
  distinctPositions,
  widenedForEdges,
  worthReframing,
  wrapLon,
  type Box,
} from '../src/map/framing.js';
import { mergeOverlapping } from '../src/map/cluster-overlap.js';

describe('map framing', () => {
  // the ZIP codes at world zoom, as geo_cluster answers them: the mainland, and a few far away
  const zips = [
    { lon: -87, lat: 38, weight: 20000 },
    { lon: -78, lat: 40, weight: 16000 },
    { lon: -118, lat: 36, weight: 4600 },
    { lon: -95, lat: 30, weight: 933 },
    { lon: -150, lat: 61, weight: 224 }, // Alaska
    { lon: -157, lat: 21, weight: 143 }, // Hawaii
    { lon: -66, lat: 18, weight: 159 }, // Puerto Rico
    { lon: 145, lat: 14, weight: 30 }, // Guam and the Northern Marianas
    { lon: -170, lat: -14, weight: 1 }, // American Samoa
  ];

  it('fits the central 96 % of the records, not the extreme points', () => {
    const [w, s, e, n] = denseBounds(zips)!;
    // the mainland's clusters, with a margin…
    expect(w).to.be.within(-130, -115);
    expect(e).to.be.within(-78, -65);
    expect(s).to.be.within(25, 30);
    expect(n).to.be.within(40, 45);
    // …and not Guam, Samoa or the Aleutians
    expect(e).to.be.below(145);
    expect(w).to.be.above(-170);
  });

  it('widens a framed view where its finer clusters show the data going on past an edge', () => {
    // the view fitted to the world view's clusters, and its own clusters (cells of 3.5°): the northern
    // states pressed against its top edge, New England against its right one
    const view: Box = [-131, 18, -66, 45.5];
    const cell = clusterCell(3.1);
    expect(cell).to.be.closeTo(3.52, 0.01);
    const fine = [
      { lon: -95, lat: 38, weight: 20000 },
      { lon: -118, lat: 34, weight: 3000 },
      { lon: -81, lat: 28, weight: 1500 },
      { lon: -122, lat: 44.5, weight: 700 }, // Oregon, Washington
      { lon: -94, lat: 44, weight: 900 }, // Minnesota
      { lon: -68.5, lat: 44, weight: 600 }, // Maine
    ];
    const [w, s, e, n] = widenedForEdges(view, fine, cell)!;
    expect([w, s]).to.deep.equal([-131, 18]);
    // by 1.5 cells, at most 15 % of the view's span on that axis
    expect(e).to.be.closeTo(-66 + 1.5 * cell, 1e-9);
    expect(n).to.be.closeTo(45.5 + 0.15 * 27.5, 1e-9);
    // records well inside the view, or a handful near an edge: the view stays
    expect(widenedForEdges(view, fine.slice(0, 3), cell)).to.equal(undefined);
    expect(widenedForEdges(view, [...fine.slice(0, 3), { lon: -100, lat: 45, weight: 10 }], cell)).to.equal(
      undefined,
    );
    expect(widenedForEdges(view, [], cell)).to.equal(undefined);
    // never past the Web Mercator world
    expect(widenedForEdges([-180, -85, 180, 85], [{ lon: 179, lat: 84, weight: 1 }], cell)).to.deep.equal([
      -180, -85, 180, 85,
    ]);
  });

  it('counts each position once, on the world between -180° and 180°', () => {
    expect(wrapLon(207.3)).to.be.closeTo(-152.7, 1e-9);
    expect(wrapLon(-152.7)).to.be.closeTo(-152.7, 1e-9);
    expect(wrapLon(180)).to.equal(-180);
    expect(wrapLon(-540.5)).to.be.closeTo(179.5, 1e-9);
    expect(wrapLon(0)).to.equal(0);
    // what maplibre gave for the airports at world zoom: Alaska and Hawaii twice, once past 180°
    const loaded = [
      { lon: 207.3, lat: 61.6, weight: 263 },
      { lon: 203.6, lat: 19, weight: 24 },
      { lon: -93.9, lat: 38.6, weight: 3085 },
      { lon: -152.7, lat: 61.6, weight: 263 },
      { lon: -156.4, lat: 19, weight: 24 },
      { lon: 101.4, lat: 14.1, weight: 1 },
      { lon: 139.4, lat: 10.7, weight: 3 },
      { lon: 207.3, lat: 61.6, weight: 263 },
    ];
    const distinct = distinctPositions(loaded);
    expect(distinct.map((p) => p.weight)).to.deep.equal([263, 24, 3085, 1, 3]);
    expect(distinct.every((p) => p.lon >= -180 && p.lon < 180)).to.equal(true);
    expect(distinct.reduce((sum, p) => sum + p.weight, 0)).to.equal(3376);
    // as given, the copies past 180° put the east edge at the antimeridian: no smaller box to move to
    const [, , east] = denseBounds(loaded)!;
    expect(east).to.equal(180);
    const [w, , e] = denseBounds(distinct)!;
    expect(e).to.be.below(-60);
    expect(w).to.be.above(-180);
  });

  it('moves the map only for a clearly smaller box', () => {
    const world: Box = [-180, -60, 180, 75];
    expect(worthReframing(world, denseBounds(zips)!)).to.equal(true);
    expect(worthReframing([-125, 24, -66, 50], [-124, 25, -67, 49])).to.equal(false);
  });

  it('gives one place a small box, ignores unusable positions, and has no box for none', () => {
    const [w, s, e, n] = denseBounds([{ lon: 2.35, lat: 48.85, weight: 3 }])!;
    expect(e - w).to.be.within(0.1, 1);
    expect(n - s).to.be.within(0.1, 1);
    expect(w).to.be.below(2.35);
    expect(e).to.be.above(2.35);
    expect(denseBounds([])).to.equal(undefined);
    expect(
      denseBounds([
        { lon: NaN, lat: 1, weight: 1 },
        { lon: 1, lat: 1, weight: 0 },
      ]),
    ).to.equal(undefined);
    // clamped to the Web Mercator world
    const [, south, , north] = denseBounds([
      { lon: 0, lat: -89, weight: 1 },
      { lon: 0, lat: 89, weight: 1 },
    ])!;
    expect(south).to.equal(-85);
    expect(north).to.equal(85);
  });

  it('merges the clusters whose buttons would cover each other, every record counted once', () => {
    // one degree = 10 px on this screen; buttons 40 × 32 px
    const project = (p: { lon: number; lat: number }) => ({ x: p.lon * 10, y: -p.lat * 10 });
    const box = () => ({ width: 40, height: 32 });
    const clusters = [
      { lon: -120, lat: 37, count: 1200 },
      { lon: -120.5, lat: 36.6, count: 42 }, // 6 px from it: hidden under it
      { lon: -100, lat: 37, count: 700 }, // 200 px away
      { lon: -97, lat: 39.5, count: 5 }, // 30 px right of it, 25 px up: the corners overlap
    ];
    const merged = mergeOverlapping(clusters, project, box);
    expect(merged.map((c) => c.count)).to.deep.equal([1242, 705]);
    const [west, east] = merged;
    // the centre weighted by the counts: close to the large one
    expect(west.lon).to.be.closeTo((-120 * 1200 - 120.5 * 42) / 1242, 1e-9);
    expect(east.lat).to.be.closeTo((37 * 700 + 39.5 * 5) / 705, 1e-9);
    // side by side with room between them, or one well above the other: both stay
    const apart = [
      { lon: 0, lat: 0, count: 10 },
      { lon: 4.5, lat: 0, count: 10 }, // 45 px right
      { lon: 0, lat: 3.6, count: 10 }, // 36 px up
    ];
    expect(mergeOverlapping(apart, project, box)).to.deep.equal(apart);
    // wider buttons (longer counts) merge from further away
    expect(mergeOverlapping(apart.slice(0, 2), project, () => ({ width: 50, height: 32 })).length).to.equal(
      1,
    );
    // merged again when a merge brings two together: B and C merged towards A, over it then
    const chain = [
      { lon: 0, lat: 0, count: 100 },
      { lon: 4.4, lat: -0.5, count: 60 }, // 44 px right of A: clear of it
      { lon: 3, lat: -3.6, count: 60 }, // 36 px under A: clear of it; over B
    ];
    expect(mergeOverlapping(chain, project, box).map((c) => c.count)).to.deep.equal([220]);
    expect(mergeOverlapping([], project, box)).to.deep.equal([]);
  });
});
