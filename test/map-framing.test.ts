import { expect } from '@open-wc/testing';
import { denseBounds, worthReframing, type Box } from '../src/map/framing.js';

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
    expect(w).to.be.within(-125, -115);
    expect(e).to.be.within(-78, -70);
    expect(s).to.be.within(25, 30);
    expect(n).to.be.within(40, 45);
    // …and not Guam, Samoa or the Aleutians
    expect(e).to.be.below(145);
    expect(w).to.be.above(-170);
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
});
