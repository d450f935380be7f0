import { expect } from '@open-wc/testing';
import { cutAtAntimeridian, worldLand } from '../src/map/offline-basemap.js';

type Ring = number[][];
const ringsOf = (g: GeoJSON.Geometry): Ring[][] =>
  g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
/** Steps of more than 180° of longitude, but along a pole (where a ring round the pole closes). */
const jumps = (ring: Ring) =>
  ring.filter(
    (p, i) =>
      i &&
      Math.abs(p[0] - ring[i - 1][0]) > 180 &&
      !(Math.abs(p[1]) === 90 && Math.abs(ring[i - 1][1]) === 90),
  ).length;
/** Shoelace area in square degrees (planar), whatever the orientation. */
const area = (ring: Ring) =>
  Math.abs(ring.reduce((s, p, i) => (i ? s + (ring[i - 1][0] * p[1] - p[0] * ring[i - 1][1]) : s), 0)) / 2;

describe('offline world outline', () => {
  it('cuts an island across the antimeridian into two pieces on either side, area kept', () => {
    // a 2° x 1° island from 179° E to 179° W (Fiji-like)
    const island: GeoJSON.Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [179, -16],
          [-179, -16],
          [-179, -17],
          [179, -17],
          [179, -16],
        ],
      ],
    };
    const cut = ringsOf(cutAtAntimeridian(island));
    expect(cut.length).to.equal(2);
    for (const [ring] of cut) {
      expect(jumps(ring)).to.equal(0);
      for (const [x] of ring) expect(x).to.be.within(-180, 180);
    }
    expect(cut.map(([r]) => area(r)).reduce((a, b) => a + b)).to.be.closeTo(2, 1e-9);
    // drawn as it came, the ring would span 358° of longitude: the band across the map
    expect(area(island.coordinates[0])).to.be.closeTo(358, 1e-9);
  });

  it('closes a ring round the south pole (Antarctica) along the pole, not across the map', () => {
    const ring: Ring = [
      [-180, -70],
      [-60, -65],
      [60, -68],
      [178, -72],
      [-180, -70],
    ];
    const [[piece], ...rest] = ringsOf(cutAtAntimeridian({ type: 'Polygon', coordinates: [ring] }));
    expect(rest.length).to.equal(0);
    expect(jumps(piece)).to.equal(0);
    expect(Math.min(...piece.map((p) => p[1]))).to.equal(-90);
    expect(Math.max(...piece.map((p) => p[1]))).to.equal(-65);
  });

  it('leaves rings that do not cross as they are', () => {
    const square: GeoJSON.Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
          [0, 0],
        ],
      ],
    };
    expect(ringsOf(cutAtAntimeridian(square))).to.deep.equal([square.coordinates]);
  });

  it('world land: no ring jumps across the map, nothing outside -180…180, no band in the Arctic', () => {
    const world = worldLand();
    let rings = 0;
    for (const f of world.features)
      for (const polygon of ringsOf(f.geometry))
        for (const ring of polygon) {
          rings++;
          expect(jumps(ring), 'a ring jumps across the antimeridian').to.equal(0);
          for (const [x] of ring) expect(x).to.be.within(-180, 180);
          // no ring north of 60° N spans the whole map (the straight-edged Arctic band); Eurasia spans
          // most of it but is not a band: the Arctic Ocean between Chukotka and Alaska stays water
          const xs = ring.map((p) => p[0]);
          if (Math.min(...ring.map((p) => p[1])) > 60)
            expect(Math.max(...xs) - Math.min(...xs)).to.be.below(300);
        }
    expect(rings).to.be.greaterThan(120);
  });
});
