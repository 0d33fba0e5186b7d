/**
 * Walker-Delta constellation i:T/P/F (Table I; phasing F = 1, docs/paper-reading.md#x10): T
 * satellites in P circular orbital planes of inclination i, T/P satellites per plane,
 * phasing factor F ∈ {0, …, P−1}. Default 53°:1680/28/1 at 600 km (28 planes × 60
 * satellites).
 *
 * Plane p = 0..P−1 has right ascension of the ascending node Ω_p = p·360°/P; satellite
 * n = 0..T/P−1 of plane p has argument of latitude
 *
 *   u_{p,n}(t) = n·360°/(T/P) + p·F·360°/T + n₀·t,   n₀ = √(μ / a³),  a = R_E + h,
 *
 * so satellites of adjacent planes are offset by F·360°/T (the Walker phasing). Orbits are
 * circular (Keplerian, no J2). Inertial (ECI) position
 *   r = a [cos Ω cos u − sin Ω sin u cos i,  sin Ω cos u + cos Ω sin u cos i,  sin u sin i],
 * and ECEF = R_z(−ω_E t)·ECI (the two frames coincide at t = 0; Greenwich angle ω_E t).
 * Satellite index q = p·(T/P) + n.
 */
import { EARTH_MU_M3_S2, EARTH_RADIUS_M, EARTH_ROTATION_RAD_S, degToRad } from './earth.js';
import type { Vec3 } from './vec3.js';

/** Walker-Delta parameters i:T/P/F and altitude. */
export interface WalkerDeltaConfig {
  /** Inclination i (degrees), in (0, 180). Default 53. */
  inclinationDeg: number;
  /** Total number of satellites T. Default 1680. */
  totalSatellites: number;
  /** Number of orbital planes P (T must be a multiple of P). Default 28. */
  planes: number;
  /** Phasing factor F, integer in [0, P−1]. Default 1. */
  phasing: number;
  /** Orbit altitude above the spherical Earth (km). Default 600. */
  altitudeKm: number;
}

/** Table I constellation: 53°:1680/28/1 at 600 km. */
export const DEFAULT_WALKER: Readonly<WalkerDeltaConfig> = Object.freeze({
  inclinationDeg: 53,
  totalSatellites: 1680,
  planes: 28,
  phasing: 1,
  altitudeKm: 600,
});

/** Check a Walker configuration; throws RangeError naming the field and its allowed range. */
export function validateWalker(c: WalkerDeltaConfig): void {
  const isInt = (v: number) => Number.isInteger(v);
  if (!(c.inclinationDeg > 0 && c.inclinationDeg < 180)) {
    throw new RangeError(`constellation.inclinationDeg must be in (0, 180), got ${c.inclinationDeg}`);
  }
  if (!isInt(c.planes) || c.planes < 1)
    throw new RangeError(`constellation.planes must be an integer >= 1, got ${c.planes}`);
  if (!isInt(c.totalSatellites) || c.totalSatellites < c.planes || c.totalSatellites % c.planes !== 0) {
    throw new RangeError(
      `constellation.totalSatellites must be a positive multiple of planes = ${c.planes}, got ${c.totalSatellites}`,
    );
  }
  if (!isInt(c.phasing) || c.phasing < 0 || c.phasing > c.planes - 1) {
    throw new RangeError(`constellation.phasing must be an integer in [0, ${c.planes - 1}], got ${c.phasing}`);
  }
  if (!(c.altitudeKm >= 100 && c.altitudeKm <= 50000)) {
    throw new RangeError(`constellation.altitudeKm must be in [100, 50000], got ${c.altitudeKm}`);
  }
}

/** Orbit radius a = R_E + h (m). */
export function orbitRadiusM(c: WalkerDeltaConfig): number {
  return EARTH_RADIUS_M + c.altitudeKm * 1e3;
}

/** Mean motion n₀ = √(μ/a³) (rad/s). */
export function meanMotionRadS(c: WalkerDeltaConfig): number {
  const a = orbitRadiusM(c);
  return Math.sqrt(EARTH_MU_M3_S2 / (a * a * a));
}

/** Orbital period 2π/n₀ = 2π√(a³/μ) (s); ≈ 5792 s (96.5 min) at 600 km above the 6371 km sphere. */
export function orbitalPeriodS(c: WalkerDeltaConfig): number {
  return (2 * Math.PI) / meanMotionRadS(c);
}

/** Plane p and in-plane slot n of satellite index q = p·(T/P) + n. */
export function satelliteSlot(c: WalkerDeltaConfig, q: number): { plane: number; slot: number } {
  const perPlane = c.totalSatellites / c.planes;
  if (!Number.isInteger(q) || q < 0 || q >= c.totalSatellites) {
    throw new RangeError(`satellite index must be an integer in [0, ${c.totalSatellites - 1}], got ${q}`);
  }
  return { plane: Math.floor(q / perPlane), slot: q % perPlane };
}

/** Right ascension of the ascending node Ω_p = p·2π/P (rad). */
export function raanRad(c: WalkerDeltaConfig, plane: number): number {
  return (2 * Math.PI * plane) / c.planes;
}

/** Argument of latitude u_{p,n}(t) = 2π n/(T/P) + 2π p F/T + n₀ t (rad, not wrapped). */
export function argumentOfLatitudeRad(c: WalkerDeltaConfig, plane: number, slot: number, tS: number): number {
  const perPlane = c.totalSatellites / c.planes;
  return (
    (2 * Math.PI * slot) / perPlane + (2 * Math.PI * plane * c.phasing) / c.totalSatellites + meanMotionRadS(c) * tS
  );
}

/** Positions and along-track directions of every satellite at one instant, ECEF. */
export interface ConstellationSnapshot {
  /** Time since epoch t (s). */
  timeS: number;
  /** Number of satellites T. */
  count: number;
  /** ECEF positions (m), satellite q at [3q, 3q+1, 3q+2]. */
  positionsM: Float64Array;
  /**
   * Unit along-track directions (ECEF): the inertial orbit tangent ∂r/∂u / a rotated into
   * ECEF (the satellite's body axis for a nadir-pointing, velocity-aligned attitude).
   */
  alongTrack: Float64Array;
}

/** Positions of all T satellites at time t (s), ECEF, with their along-track unit vectors. */
export function constellationAt(c: WalkerDeltaConfig, tS: number): ConstellationSnapshot {
  validateWalker(c);
  if (!Number.isFinite(tS)) throw new RangeError(`time must be a finite number of seconds, got ${tS}`);
  const T = c.totalSatellites;
  const perPlane = T / c.planes;
  const a = orbitRadiusM(c);
  const inc = degToRad(c.inclinationDeg);
  const ci = Math.cos(inc);
  const si = Math.sin(inc);
  const g = EARTH_ROTATION_RAD_S * tS; // Greenwich angle
  const cg = Math.cos(g);
  const sg = Math.sin(g);
  const pos = new Float64Array(3 * T);
  const dir = new Float64Array(3 * T);
  for (let p = 0; p < c.planes; p++) {
    const om = raanRad(c, p);
    const co = Math.cos(om);
    const so = Math.sin(om);
    for (let n = 0; n < perPlane; n++) {
      const u = argumentOfLatitudeRad(c, p, n, tS);
      const cu = Math.cos(u);
      const su = Math.sin(u);
      // ECI position / a and tangent ∂(r/a)/∂u
      const x = co * cu - so * su * ci;
      const y = so * cu + co * su * ci;
      const z = su * si;
      const tx = -co * su - so * cu * ci;
      const ty = -so * su + co * cu * ci;
      const tz = cu * si;
      const q = 3 * (p * perPlane + n);
      pos[q] = a * (cg * x + sg * y);
      pos[q + 1] = a * (-sg * x + cg * y);
      pos[q + 2] = a * z;
      dir[q] = cg * tx + sg * ty;
      dir[q + 1] = -sg * tx + cg * ty;
      dir[q + 2] = tz;
    }
  }
  return { timeS: tS, count: T, positionsM: pos, alongTrack: dir };
}

/** ECEF position of satellite q from a snapshot. */
export function satellitePosition(snap: ConstellationSnapshot, q: number): Vec3 {
  return [snap.positionsM[3 * q], snap.positionsM[3 * q + 1], snap.positionsM[3 * q + 2]];
}

/** Along-track unit vector of satellite q from a snapshot. */
export function satelliteAlongTrack(snap: ConstellationSnapshot, q: number): Vec3 {
  return [snap.alongTrack[3 * q], snap.alongTrack[3 * q + 1], snap.alongTrack[3 * q + 2]];
}

/**
 * Indices of the `count` satellites nearest (3-D distance) to the ECEF point `p`, nearest
 * first (ties broken by lower index). For a shell of equal altitude and p on the surface
 * this is also the `count` satellites of highest elevation at p.
 */
export function nearestSatellites(snap: ConstellationSnapshot, p: Vec3, count: number): number[] {
  if (!Number.isInteger(count) || count < 1 || count > snap.count) {
    throw new RangeError(`S must be an integer in [1, ${snap.count}], got ${count}`);
  }
  const d2 = new Float64Array(snap.count);
  for (let q = 0; q < snap.count; q++) {
    const dx = snap.positionsM[3 * q] - p[0];
    const dy = snap.positionsM[3 * q + 1] - p[1];
    const dz = snap.positionsM[3 * q + 2] - p[2];
    d2[q] = dx * dx + dy * dy + dz * dz;
  }
  // partial selection: keep a sorted list of the best `count`
  const best: number[] = [];
  for (let q = 0; q < snap.count; q++) {
    if (best.length === count && d2[q] >= d2[best[count - 1]]) continue;
    let i = best.length < count ? best.length : count - 1;
    if (best.length < count) best.push(q);
    while (i > 0 && d2[best[i - 1]] > d2[q]) {
      best[i] = best[i - 1];
      i--;
    }
    best[i] = q;
  }
  return best;
}

/** Sub-satellite points (degrees, spherical Earth) of every satellite in a snapshot — for maps. */
export function subSatellitePoints(snap: ConstellationSnapshot): { latDeg: Float64Array; lonDeg: Float64Array } {
  const latDeg = new Float64Array(snap.count);
  const lonDeg = new Float64Array(snap.count);
  for (let q = 0; q < snap.count; q++) {
    const x = snap.positionsM[3 * q];
    const y = snap.positionsM[3 * q + 1];
    const z = snap.positionsM[3 * q + 2];
    latDeg[q] = (Math.atan2(z, Math.hypot(x, y)) * 180) / Math.PI;
    lonDeg[q] = (Math.atan2(y, x) * 180) / Math.PI;
  }
  return { latDeg, lonDeg };
}
