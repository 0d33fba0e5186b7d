/**
 * Drop geometry (Section VI set-up; docs/paper-reading.md#x10): UTs inside the disc,
 * elevations, reproducibility.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_WALKER, constellationAt, drawDropGeometry, nearestSatellites } from '../../lib/geometry/index.js';
import { Rng } from '../../lib/random/index.js';

const RE = 6371e3;
const H = 600e3;
const cfg = { constellation: DEFAULT_WALKER, K: 48, S: 5, radiusKm: 800 };

describe('drawDropGeometry', () => {
  it('puts every UT inside the 800 km disc and every satellite above the horizon of every UT', () => {
    // Named threshold: with 1680 satellites the 5 nearest to the centre are within ~800 km
    // ground distance, so a UT at most 800 km from the centre sees them above ~10°.
    const MIN_ELEVATION_DEG = 5;
    let minEl = 90;
    for (let d = 0; d < 40; d++) {
      const g = drawDropGeometry(cfg, Rng.forDrop(11, d));
      for (const ut of g.uts) {
        expect(ut.distanceFromCentreM).toBeLessThanOrEqual(800e3 + 1e-6);
        expect(Math.hypot(...ut.positionM)).toBeCloseTo(RE, 3);
      }
      for (const row of g.links) {
        for (const l of row) {
          minEl = Math.min(minEl, (l.elevationRad * 180) / Math.PI);
          expect(l.elevationRad).toBeLessThanOrEqual(Math.PI / 2);
        }
      }
    }
    expect(minEl).toBeGreaterThan(MIN_ELEVATION_DEG);
  });

  it('gives elevation and slant range consistent with the spherical law of cosines', () => {
    const g = drawDropGeometry(cfg, Rng.forDrop(3, 0));
    for (let s = 0; s < 5; s++) {
      for (const k of [0, 10, 47]) {
        const sat = g.satellites[s].positionM;
        const ut = g.uts[k].positionM;
        const rs = Math.hypot(...sat);
        const psi = Math.acos((sat[0] * ut[0] + sat[1] * ut[1] + sat[2] * ut[2]) / (rs * RE));
        const d = Math.sqrt(RE * RE + rs * rs - 2 * RE * rs * Math.cos(psi));
        const el = Math.atan2(Math.cos(psi) - RE / rs, Math.sin(psi));
        const l = g.links[s][k];
        expect(l.slantRangeM).toBeCloseTo(d, 3);
        expect(l.elevationRad).toBeCloseTo(el, 10);
        expect(rs - RE).toBeCloseTo(H, 3);
        // the LoS direction as seen by the UT: up component = sin(elevation)
        expect(l.losEnu[2]).toBeCloseTo(Math.sin(el), 10);
        // departure cosines: −k seen in the satellite frame, unit vector
        expect(l.depart.xV ** 2 + l.depart.xH ** 2 + l.depart.xB ** 2).toBeCloseTo(1, 12);
        expect(l.depart.xB).toBeGreaterThan(0); // UTs are in front of a nadir-pointing array
      }
    }
  });

  it('uses the S satellites nearest the centre, nearest first', () => {
    const g = drawDropGeometry(cfg, Rng.forDrop(5, 2));
    const snap = constellationAt(DEFAULT_WALKER, g.timeS);
    expect(g.satellites.map((s) => s.index)).toEqual(nearestSatellites(snap, g.centre.positionM, 5));
    expect(Math.abs((g.centre.latRad * 180) / Math.PI)).toBeLessThanOrEqual(53);
  });

  it('is reproducible and keeps time, centre and the first UTs when K changes', () => {
    const a = drawDropGeometry(cfg, Rng.forDrop(9, 4));
    const b = drawDropGeometry(cfg, Rng.forDrop(9, 4));
    const c = drawDropGeometry({ ...cfg, K: 10 }, Rng.forDrop(9, 4));
    expect(b).toEqual(a);
    expect(c.timeS).toBe(a.timeS);
    expect(c.uts.map((u) => u.positionM)).toEqual(a.uts.slice(0, 10).map((u) => u.positionM));
  });

  it('draws centres uniformly in area over |lat| <= 53° (sin(lat) uniform)', () => {
    // Named threshold: Kolmogorov-Smirnov distance of 400 draws, 1.63/√n is the 1 % level.
    const n = 400;
    const u: number[] = [];
    for (let d = 0; d < n; d++) {
      const g = drawDropGeometry({ ...cfg, K: 1 }, Rng.forDrop(21, d));
      u.push((Math.sin(g.centre.latRad) / Math.sin((53 * Math.PI) / 180) + 1) / 2);
    }
    u.sort((x, y) => x - y);
    let ks = 0;
    u.forEach((x, i) => (ks = Math.max(ks, Math.abs(x - (i + 0.5) / n))));
    expect(ks).toBeLessThan(1.63 / Math.sqrt(n));
  });

  it('rejects a bad configuration with the field named', () => {
    expect(() => drawDropGeometry({ ...cfg, radiusKm: -1 }, new Rng(1))).toThrow(
      'radiusKm must be in (0, 20015], got -1',
    );
    expect(() => drawDropGeometry({ ...cfg, K: 0 }, new Rng(1))).toThrow('K must be an integer >= 1, got 0');
  });
});
