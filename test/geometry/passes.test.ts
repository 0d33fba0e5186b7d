/**
 * Time in the constellation geometry (lib/geometry/passes.ts, evolve.ts): the propagated
 * Walker-Delta shell against closed-form facts of circular Kepler orbits over the rotating
 * Earth. Reference values are computed here from the constants (μ, R_E, ω_E), not taken
 * from the code under test; the numerical side uses only the propagator (constellationAt).
 * Tolerances are stated per test with what was measured.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WALKER,
  type Vec3,
  constellationAt,
  coverageCentralAngleRad,
  degToRad,
  dropGeometryAt,
  drawDropGeometry,
  ecefToGeodetic,
  geodeticToEcef,
  groundTrackRateRadS,
  groundTrackShiftPerRevolutionRad,
  meanMotionRadS,
  nadirAngleRateRadS,
  nearestSatellites,
  overheadPassDurationS,
  satellitePosition,
  visibilityWindow,
  zenithLineOfSightRateRadS,
} from '../../lib/geometry/index.js';
import { Rng } from '../../lib/random/index.js';

const RE = 6371e3;
const MU = 3.986004418e14;
const OMEGA_E = 7.2921151467e-5;
const A = RE + 600e3;
const PERIOD = 2 * Math.PI * Math.sqrt((A * A * A) / MU);
const W = DEFAULT_WALKER;

const z = (q: number, t: number) => constellationAt(W, t).positionsM[3 * q + 2];

/** Time of the ascending-node crossing (z from − to +) of satellite q after t (bisection to 1 µs). */
function nextAscendingNode(q: number, t: number): number {
  let a = t;
  let b = t + 10;
  while (!(z(q, a) < 0 && z(q, b) >= 0)) {
    a = b;
    b += 10;
  }
  while (b - a > 1e-6) {
    const m = 0.5 * (a + b);
    if (z(q, m) < 0) a = m;
    else b = m;
  }
  return 0.5 * (a + b);
}

function wrapPi(x: number): number {
  return x - 2 * Math.PI * Math.round(x / (2 * Math.PI));
}

function angle(a: Vec3, b: Vec3): number {
  const c = a[1] * b[2] - a[2] * b[1];
  const d = a[2] * b[0] - a[0] * b[2];
  const e = a[0] * b[1] - a[1] * b[0];
  return Math.atan2(Math.hypot(c, d, e), a[0] * b[0] + a[1] * b[1] + a[2] * b[2]);
}

describe('the propagated constellation against closed-form orbit facts', () => {
  it('has the Kepler period 2π√(a³/μ) between successive ascending nodes (to 1 µs)', () => {
    for (const q of [0, 431, 1679]) {
      const t1 = nextAscendingNode(q, 0);
      const t2 = nextAscendingNode(q, t1 + 100);
      expect(Math.abs(t2 - t1 - PERIOD)).toBeLessThan(1e-5); // bisection 1 µs each
    }
    expect(PERIOD).toBeCloseTo(5792.3, 0); // 96.5 min at 600 km above the 6371 km sphere
  });

  it('shifts its ground track West by ω_E·T per revolution (24.2°), to 1e-8 rad', () => {
    const shift = groundTrackShiftPerRevolutionRad(W);
    expect(shift).toBeCloseTo(OMEGA_E * PERIOD, 9);
    expect((shift * 180) / Math.PI).toBeCloseTo(24.2, 1);
    for (const q of [5, 900]) {
      const t1 = nextAscendingNode(q, 1000);
      const t2 = nextAscendingNode(q, t1 + 100);
      const lon = (t: number) => ecefToGeodetic(satellitePosition(constellationAt(W, t), q)).lonRad;
      expect(Math.abs(wrapPi(lon(t2) - lon(t1) + OMEGA_E * PERIOD))).toBeLessThan(1e-8);
    }
  });

  it('moves its sub-satellite point at ω_g(φ) = √(n₀² − 2n₀ω_E cos i + ω_E² cos²φ) (to 1e-6)', () => {
    const n0 = Math.sqrt(MU / (A * A * A));
    expect(meanMotionRadS(W)).toBeCloseTo(n0, 15);
    const q = 77;
    for (const t of [0, 400, 900, 1500, 2600]) {
      const h = 0.5;
      const p0 = satellitePosition(constellationAt(W, t - h), q);
      const p1 = satellitePosition(constellationAt(W, t + h), q);
      const numeric = angle(p0, p1) / (2 * h); // ECEF: relative to the rotating Earth
      const lat = ecefToGeodetic(satellitePosition(constellationAt(W, t), q)).latRad;
      const ci = Math.cos(degToRad(53));
      const ref = Math.sqrt(n0 * n0 - 2 * n0 * OMEGA_E * ci + OMEGA_E * OMEGA_E * Math.cos(lat) ** 2);
      expect(groundTrackRateRadS(W, lat)).toBeCloseTo(ref, 15);
      expect(Math.abs(numeric / ref - 1)).toBeLessThan(1e-6);
    }
  });

  it('has the coverage half-angle λ(ε) of the Earth-centre / ground / satellite triangle', () => {
    for (const epsDeg of [0, 10, 30, 60]) {
      const eps = degToRad(epsDeg);
      // law of sines: nadir angle η with sin η = R cos ε / a, and λ = 90° − ε − η
      const eta = Math.asin((RE * Math.cos(eps)) / A);
      expect(coverageCentralAngleRad(W, eps)).toBeCloseTo(Math.PI / 2 - eps - eta, 12);
    }
    expect(() => coverageCentralAngleRad(W, -0.1)).toThrow('minElevationRad must be in [0, π/2), got -0.1');
  });

  it('gives overhead visibility windows of 2λ(ε)/ω_g(φ) (measured within 1e-4; tolerance 5e-4)', () => {
    // the ground point is the sub-satellite point at t_c: a pass through the zenith
    for (const [q, tc] of [
      [17, 100],
      [17, 1200],
      [1300, 2500],
    ] as const) {
      const g = ecefToGeodetic(satellitePosition(constellationAt(W, tc), q));
      const ut = geodeticToEcef(g.latRad, g.lonRad, 0);
      for (const epsDeg of [10, 25, 40]) {
        const eps = degToRad(epsDeg);
        const w = visibilityWindow(W, q, ut, tc + 30, eps);
        expect(Math.abs(w.peakS - tc)).toBeLessThan(0.01);
        expect(w.peakElevationRad).toBeCloseTo(Math.PI / 2, 4);
        const closed = overheadPassDurationS(W, eps, g.latRad);
        expect(Math.abs(w.durationS / closed - 1)).toBeLessThan(5e-4);
        // without the Earth's rotation the window would be 4 % off: the test can tell
        const nonRotating = (2 * coverageCentralAngleRad(W, eps)) / meanMotionRadS(W);
        expect(Math.abs(w.durationS / nonRotating - 1)).toBeGreaterThan(0.03);
      }
    }
    // 600 km, 10° minimum elevation: just under 9 minutes overhead
    expect(overheadPassDurationS(W, degToRad(10), 0) / 60).toBeCloseTo(8.84, 1);
  });

  it('reports no window when the satellite stays below the minimum elevation', () => {
    const ut = geodeticToEcef(degToRad(85), 0, 0); // beyond the 53° shell's reach at 30°
    const w = visibilityWindow(W, 0, ut, 0, degToRad(30));
    expect(w.durationS).toBe(0);
    expect(Number.isNaN(w.riseS)).toBe(true);
  });

  it('turns the line of sight at ω_g·a/h (UT side) and the off-nadir angle at ω_g·R_E/h (satellite side), to 1e-4', () => {
    const q = 17;
    const tc = 700;
    const snap = constellationAt(W, tc);
    const g = ecefToGeodetic(satellitePosition(snap, q));
    const ut = geodeticToEcef(g.latRad, g.lonRad, 0);
    const geo = drawDropGeometry(
      {
        constellation: W,
        K: 1,
        S: 1,
        radiusKm: 1e-3,
        timeS: tc,
        centre: { latDeg: (g.latRad * 180) / Math.PI, lonDeg: (g.lonRad * 180) / Math.PI },
      },
      new Rng(1),
    );
    expect(geo.satellites[0].index).toBe(q);
    const h = 0.05;
    const at = (t: number) => dropGeometryAt({ constellation: W, K: 1, S: 1, radiusKm: 1e-3 }, geo, t).links[0][0];
    const l0 = at(tc - h);
    const l1 = at(tc + h);
    const losRate = angle(l0.losEnu, l1.losEnu) / (2 * h);
    const ref = (groundTrackRateRadS(W, g.latRad) * A) / 600e3;
    expect(zenithLineOfSightRateRadS(W, g.latRad)).toBeCloseTo(ref, 12);
    expect(Math.abs(losRate / ref - 1)).toBeLessThan(1e-4);
    // departure direction cosines in the satellite array frame (x_V, x_H) at nadir
    const dx = Math.hypot(l1.depart.xV - l0.depart.xV, l1.depart.xH - l0.depart.xH) / (2 * h);
    const refNadir = (groundTrackRateRadS(W, g.latRad) * RE) / 600e3;
    expect(nadirAngleRateRadS(W, g.latRad)).toBeCloseTo(refNadir, 12);
    expect(Math.abs(dx / refNadir - 1)).toBeLessThan(1e-4);
    // the UT is the drop centre (a 1 m disc): the satellite is at its zenith
    expect(Math.hypot(...(ut.map((v, i) => v - geo.uts[0].positionM[i]) as Vec3))).toBeLessThan(2);
  });
});

describe('dropGeometryAt', () => {
  const cfg = { constellation: W, K: 6, S: 5, radiusKm: 800 };
  const g0 = drawDropGeometry(cfg, Rng.forDrop(3, 0).child('drop'));

  it('reproduces the drop exactly at the drop time (tracked and nearest)', () => {
    expect(dropGeometryAt(cfg, g0, g0.timeS)).toEqual(g0);
    expect(dropGeometryAt(cfg, g0, g0.timeS, 'nearest')).toEqual(g0);
  });

  it('keeps the UTs, moves the tracked satellites along their orbits, and re-picks the nearest', () => {
    const t = g0.timeS + 90;
    const g = dropGeometryAt(cfg, g0, t);
    expect(g.uts).toBe(g0.uts);
    expect(g.satellites.map((s) => s.index)).toEqual(g0.satellites.map((s) => s.index));
    const snap = constellationAt(W, t);
    g.satellites.forEach((s) => expect(s.positionM).toEqual(satellitePosition(snap, s.index)));
    const moved = Math.hypot(...(g.satellites[0].positionM.map((v, i) => v - g0.satellites[0].positionM[i]) as Vec3));
    expect(moved / 90).toBeGreaterThan(7000); // ≈ 7.5 km/s (plus the Earth's rotation)
    expect(moved / 90).toBeLessThan(8000);
    const n = dropGeometryAt(cfg, g0, t, 'nearest');
    expect(n.satellites.map((s) => s.index)).toEqual(nearestSatellites(snap, g0.centre.positionM, 5));
  });

  it('rejects a bad time or policy with one clear line', () => {
    expect(() => dropGeometryAt(cfg, g0, NaN)).toThrow('time must be a finite number of seconds, got NaN');
    expect(() => dropGeometryAt(cfg, g0, 0, 'all' as never)).toThrow(
      "satellite set policy must be one of tracked|nearest, got 'all'",
    );
  });
});
