/**
 * Walker-Delta constellation (Table I; docs/paper-reading.md#x10): orbital period and
 * altitude, Walker phasing, nearest-satellite choice. Reference values are computed
 * independently here.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WALKER,
  type WalkerDeltaConfig,
  constellationAt,
  nearestSatellites,
  orbitalPeriodS,
  satelliteSlot,
  validateWalker,
} from '../../lib/geometry/index.js';

const RE = 6371e3;
const MU = 3.986004418e14;
const OMEGA_E = 7.2921151467e-5;

/** ECEF → ECI at time t (undo the Earth rotation). */
function toEci(p: number[], t: number): number[] {
  const g = OMEGA_E * t;
  return [Math.cos(g) * p[0] - Math.sin(g) * p[1], Math.sin(g) * p[0] + Math.cos(g) * p[1], p[2]];
}

/** Right ascension of the ascending node and argument of latitude of a circular-orbit position/velocity (ECI). */
function orbitalAngles(r: number[], v: number[]): { raan: number; u: number; inc: number } {
  const h = [r[1] * v[2] - r[2] * v[1], r[2] * v[0] - r[0] * v[2], r[0] * v[1] - r[1] * v[0]];
  const hn = Math.hypot(h[0], h[1], h[2]);
  const inc = Math.acos(h[2] / hn);
  const node = [-h[1], h[0], 0]; // ẑ × h
  const raan = Math.atan2(node[1], node[0]);
  const nn = Math.hypot(node[0], node[1]);
  const rn = Math.hypot(r[0], r[1], r[2]);
  const cosU = (node[0] * r[0] + node[1] * r[1]) / (nn * rn);
  const u =
    r[2] >= 0 ? Math.acos(Math.max(-1, Math.min(1, cosU))) : 2 * Math.PI - Math.acos(Math.max(-1, Math.min(1, cosU)));
  return { raan, u, inc };
}

function wrap2pi(x: number): number {
  return ((x % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
}

describe('Walker-Delta 53°:1680/28/1 at 600 km', () => {
  it('has the Kepler period 2π√(a³/μ) ≈ 96.5 min and returns to its start after one period (inertially)', () => {
    const a = RE + 600e3;
    const expected = 2 * Math.PI * Math.sqrt((a * a * a) / MU);
    expect(orbitalPeriodS(DEFAULT_WALKER)).toBeCloseTo(expected, 6);
    expect(expected / 60).toBeGreaterThan(96.4);
    expect(expected / 60).toBeLessThan(96.7);
    const s0 = constellationAt(DEFAULT_WALKER, 0);
    const s1 = constellationAt(DEFAULT_WALKER, expected);
    for (const q of [0, 17, 999, 1679]) {
      const p0 = toEci(Array.from(s0.positionsM.subarray(3 * q, 3 * q + 3)), 0);
      const p1 = toEci(Array.from(s1.positionsM.subarray(3 * q, 3 * q + 3)), expected);
      expect(Math.hypot(p1[0] - p0[0], p1[1] - p0[1], p1[2] - p0[2])).toBeLessThan(1e-3); // metres
    }
  });

  it('keeps every satellite at 600 km altitude at several times', () => {
    for (const t of [0, 1234.5, 86400]) {
      const snap = constellationAt(DEFAULT_WALKER, t);
      expect(snap.count).toBe(1680);
      for (let q = 0; q < snap.count; q++) {
        const r = Math.hypot(snap.positionsM[3 * q], snap.positionsM[3 * q + 1], snap.positionsM[3 * q + 2]);
        expect(Math.abs(r - RE - 600e3)).toBeLessThan(1e-6 * r);
      }
    }
  });

  it('has 28 planes at RAAN p·360/28, inclination 53°, and the Walker phase offset F·360/T between adjacent planes', () => {
    const t = 0;
    const snap = constellationAt(DEFAULT_WALKER, t);
    const perPlane = 60;
    const n0 = Math.sqrt(MU / (RE + 600e3) ** 3);
    const angles = (q: number) => {
      const r = toEci(Array.from(snap.positionsM.subarray(3 * q, 3 * q + 3)), t);
      const along = toEci(Array.from(snap.alongTrack.subarray(3 * q, 3 * q + 3)), t);
      const v = along.map((x) => x * n0);
      return orbitalAngles(r, v);
    };
    for (const p of [0, 1, 13, 27]) {
      for (const n of [0, 7, 59]) {
        const q = p * perPlane + n;
        expect(satelliteSlot(DEFAULT_WALKER, q)).toEqual({ plane: p, slot: n });
        const a = angles(q);
        expect(a.inc).toBeCloseTo((53 * Math.PI) / 180, 10);
        expect(wrap2pi(a.raan - (p * 2 * Math.PI) / 28)).toBeLessThan(1e-9);
        // u = n·360/60 + p·F·360/T
        const uExp = wrap2pi((n * 2 * Math.PI) / perPlane + (p * 1 * 2 * Math.PI) / 1680);
        const du = Math.abs(wrap2pi(a.u - uExp + Math.PI) - Math.PI);
        expect(du).toBeLessThan(1e-9);
      }
    }
    // adjacent planes: same slot differs by exactly F·360/T = 0.2143°
    for (const p of [0, 5, 26]) {
      const d = wrap2pi(angles((p + 1) * perPlane + 3).u - angles(p * perPlane + 3).u);
      expect(d).toBeCloseTo((2 * Math.PI) / 1680, 10);
    }
  });

  it('honours another phasing factor F', () => {
    const c: WalkerDeltaConfig = { ...DEFAULT_WALKER, totalSatellites: 24, planes: 3, phasing: 2, altitudeKm: 1000 };
    const snap = constellationAt(c, 0);
    const n0 = Math.sqrt(MU / (RE + 1000e3) ** 3);
    const u = (q: number) =>
      orbitalAngles(
        Array.from(snap.positionsM.subarray(3 * q, 3 * q + 3)),
        Array.from(snap.alongTrack.subarray(3 * q, 3 * q + 3)).map((x) => x * n0),
      ).u;
    expect(wrap2pi(u(8) - u(0))).toBeCloseTo((2 * 2 * Math.PI) / 24, 10);
  });

  it('picks the S nearest satellites exactly as a brute-force sort does', () => {
    for (const [t, lat, lon] of [
      [0, 0, 0],
      [5000, 0.6, -2],
      [40000, -0.9, 1.1],
    ]) {
      const snap = constellationAt(DEFAULT_WALKER, t);
      const p = [RE * Math.cos(lat) * Math.cos(lon), RE * Math.cos(lat) * Math.sin(lon), RE * Math.sin(lat)] as [
        number,
        number,
        number,
      ];
      const all = Array.from({ length: snap.count }, (_, q) => ({
        q,
        d: Math.hypot(
          snap.positionsM[3 * q] - p[0],
          snap.positionsM[3 * q + 1] - p[1],
          snap.positionsM[3 * q + 2] - p[2],
        ),
      })).sort((a, b) => a.d - b.d || a.q - b.q);
      for (const S of [1, 5, 12]) {
        expect(nearestSatellites(snap, p, S)).toEqual(all.slice(0, S).map((x) => x.q));
      }
    }
  });

  it('rejects bad parameters with messages naming the field', () => {
    expect(() => validateWalker({ ...DEFAULT_WALKER, totalSatellites: 1681 })).toThrow(
      'constellation.totalSatellites must be a positive multiple of planes = 28, got 1681',
    );
    expect(() => validateWalker({ ...DEFAULT_WALKER, phasing: 28 })).toThrow(
      'constellation.phasing must be an integer in [0, 27], got 28',
    );
    expect(() => validateWalker({ ...DEFAULT_WALKER, inclinationDeg: 0 })).toThrow(
      'constellation.inclinationDeg must be in (0, 180), got 0',
    );
    const snap = constellationAt(DEFAULT_WALKER, 0);
    expect(() => nearestSatellites(snap, [RE, 0, 0], 0)).toThrow('S must be an integer in [1, 1680], got 0');
  });
});
