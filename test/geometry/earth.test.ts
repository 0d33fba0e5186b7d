/**
 * ECEF / geodetic / ENU conversions and the array frames of (7), (8)
 * (docs/paper-reading.md#c1, #c2).
 */
import { describe, expect, it } from 'vitest';
import {
  SPHERICAL_EARTH,
  WGS84,
  anglesInFrame,
  directionFromAngles,
  ecefToEnu,
  ecefToGeodetic,
  enuBasis,
  geodeticToEcef,
  greatCircleDistanceM,
  satelliteArrayFrame,
  utArrayFrame,
} from '../../lib/geometry/index.js';

describe('Earth frames', () => {
  it('geodetic → ECEF → geodetic round-trips on the sphere and on WGS84', () => {
    for (const ell of [SPHERICAL_EARTH, WGS84]) {
      for (const [lat, lon, h] of [
        [0, 0, 0],
        [0.7, -2.1, 600e3],
        [-1.2, 3.0, 15],
        [1.5707, 0.3, 1000],
      ]) {
        const p = geodeticToEcef(lat, lon, h, ell);
        const g = ecefToGeodetic(p, ell);
        expect(g.latRad).toBeCloseTo(lat, 11);
        expect(g.lonRad).toBeCloseTo(lon, 11);
        expect(Math.abs(g.heightM - h)).toBeLessThan(1e-6);
      }
    }
  });

  it('matches known WGS84 values (equator radius a, pole radius b)', () => {
    expect(geodeticToEcef(0, 0, 0, WGS84)[0]).toBeCloseTo(6378137, 6);
    expect(geodeticToEcef(Math.PI / 2, 0, 0, WGS84)[2]).toBeCloseTo(6356752.314245, 5);
  });

  it('builds an orthonormal right-handed ENU basis with up radial on the sphere', () => {
    const b = enuBasis(0.4, 1.3);
    const dot = (a: number[], c: number[]) => a[0] * c[0] + a[1] * c[1] + a[2] * c[2];
    expect(dot(b.east, b.north)).toBeCloseTo(0, 15);
    expect(dot(b.east, b.up)).toBeCloseTo(0, 15);
    expect(dot(b.north, b.up)).toBeCloseTo(0, 15);
    // east × north = up
    const c = [
      b.east[1] * b.north[2] - b.east[2] * b.north[1],
      b.east[2] * b.north[0] - b.east[0] * b.north[2],
      b.east[0] * b.north[1] - b.east[1] * b.north[0],
    ];
    c.forEach((x, i) => expect(x).toBeCloseTo(b.up[i], 15));
    const p = geodeticToEcef(0.4, 1.3, 0);
    expect(ecefToEnu(p, b)[2]).toBeCloseTo(6371e3, 6);
  });

  it('measures great-circle distances (quarter meridian = πR/2)', () => {
    expect(greatCircleDistanceM(geodeticToEcef(0, 0), geodeticToEcef(Math.PI / 2, 0))).toBeCloseTo(
      (Math.PI * 6371e3) / 2,
      4,
    );
  });
});

describe('array frames: x_V = cos θ, x_H = sin θ cos φ', () => {
  it('a satellite overhead arrives at the UT boresight (θ = φ = 90°), x_V = x_H = 0', () => {
    const f = utArrayFrame(0.3, -0.2);
    const a = anglesInFrame(f, f.b);
    expect(a.thetaRad).toBeCloseTo(Math.PI / 2, 12);
    expect(a.phiRad).toBeCloseTo(Math.PI / 2, 12);
    expect(a.xV).toBeCloseTo(0, 15);
    expect(a.xH).toBeCloseTo(0, 15);
  });

  it('the UT frame has a_V = North, a_H = East, a_B = Up', () => {
    const f = utArrayFrame(0.3, -0.2);
    const b = enuBasis(0.3, -0.2);
    expect(f.v).toEqual(b.north);
    expect(f.h).toEqual(b.east);
    expect(f.b).toEqual(b.up);
  });

  it('the satellite frame is orthonormal with boresight nadir and a_V along-track', () => {
    const pos: [number, number, number] = [6971e3, 0, 0];
    const f = satelliteArrayFrame(pos, [0.01, 0.6, 0.8]);
    [-1, 0, 0].forEach((x, i) => expect(f.b[i]).toBeCloseTo(x, 15));
    expect(f.v[0]).toBeCloseTo(0, 15);
    expect(f.v[1]).toBeCloseTo(0.6, 15);
    expect(f.v[2]).toBeCloseTo(0.8, 15);
    const dot = (a: number[], c: number[]) => a[0] * c[0] + a[1] * c[1] + a[2] * c[2];
    expect(dot(f.h, f.v)).toBeCloseTo(0, 15);
    expect(dot(f.h, f.b)).toBeCloseTo(0, 15);
    expect(dot(f.h, f.h)).toBeCloseTo(1, 15);
  });

  it('θ, φ reproduce the direction cosines and invert exactly', () => {
    const f = satelliteArrayFrame([1e6, 2e6, 6.8e6], [0.3, -0.5, 0.1]);
    for (const k0 of [
      [0.2, -0.4, -0.9],
      [-0.7, 0.1, -0.3],
      [0.1, 0.2, 0.3],
    ]) {
      const n = Math.hypot(k0[0], k0[1], k0[2]);
      const k = k0.map((x) => x / n) as [number, number, number];
      const a = anglesInFrame(f, k);
      expect(Math.cos(a.thetaRad)).toBeCloseTo(a.xV, 14);
      expect(Math.sin(a.thetaRad) * Math.cos(a.phiRad)).toBeCloseTo(a.xH, 14);
      const back = directionFromAngles(f, a.thetaRad, a.phiRad);
      back.forEach((x, i) => expect(x).toBeCloseTo(k[i], 14));
    }
  });
});
