/**
 * Time in the constellation geometry (beyond the paper: how fast the sCSI of Section II
 * ages): closed-form facts of a circular Kepler orbit over the rotating spherical Earth,
 * and numerical visibility windows of one satellite from one ground point, both for the
 * Walker-Delta shell of Table I (lib/geometry/constellation.ts propagates it).
 *
 * Symbols: a = R_E + h (orbit radius), μ = GM, n₀ = √(μ/a³) (mean motion), i (inclination),
 * ω_E (Earth rotation rate), φ (latitude of the sub-satellite point), ε (minimum elevation).
 *
 * - Orbital period T = 2π/n₀ = 2π√(a³/μ) (constellation.ts `orbitalPeriodS`).
 * - Ground-track shift per revolution: during one period the Earth turns by ω_E·T, so the
 *   sub-satellite longitude of successive ascending nodes moves West by ω_E·T (no J2: the
 *   node does not regress) — 24.2° at 600 km.
 * - Ground-track rate: the satellite's angular velocity about the Earth's centre is n₀ĥ
 *   (ĥ the orbit normal, ĥ·ẑ = cos i) inertially, n₀ĥ − ω_E ẑ relative to the rotating
 *   Earth. The sub-satellite point moves at the component perpendicular to r̂ (ĥ ⟂ r̂,
 *   |ẑ − (ẑ·r̂) r̂| = cos φ):
 *     ω_g(φ) = √(n₀² − 2 n₀ ω_E cos i + ω_E² cos² φ)   (rad/s of central angle).
 * - Coverage half-angle: a ground point sees the satellite above elevation ε while the
 *   central angle between the point and the sub-satellite point is below
 *     λ(ε) = arccos(R_E cos ε / a) − ε   (triangle Earth centre – ground point – satellite).
 * - Overhead pass: for a pass through the zenith the sub-satellite track crosses the ground
 *   point, so the time above ε is ≈ 2λ(ε)/ω_g(φ) (the relative track taken as a great
 *   circle at constant rate over ±λ; the tests measure how close).
 * - Angular rates at the zenith crossing: the satellite moves at ω_g·a relative to the
 *   ground point, h away, so the line of sight seen from the UT turns at ω_g a/h; seen from
 *   the nadir-pointing satellite, the UT's off-nadir angle ψ (tan ψ = R_E sin λ/(a − R_E cos λ))
 *   grows at dψ/dt = (R_E/h)·ω_g. The latter is the rate at which the UT's direction cosines
 *   in the satellite array frame drift — the clock of sCSI aging (notebook 05).
 */
import { type Vec3, dot3, norm3, sub3 } from './vec3.js';
import { EARTH_RADIUS_M, EARTH_ROTATION_RAD_S, degToRad } from './earth.js';
import {
  type WalkerDeltaConfig,
  constellationAt,
  meanMotionRadS,
  orbitRadiusM,
  orbitalPeriodS,
  satellitePosition,
  validateWalker,
} from './constellation.js';

/** Westward shift of the ground track per revolution, ω_E·T (rad). */
export function groundTrackShiftPerRevolutionRad(c: WalkerDeltaConfig): number {
  return EARTH_ROTATION_RAD_S * orbitalPeriodS(c);
}

/** Angular rate ω_g(φ) of the sub-satellite point over the rotating Earth at latitude φ (rad/s). */
export function groundTrackRateRadS(c: WalkerDeltaConfig, latRad: number): number {
  validateWalker(c);
  if (!(Math.abs(latRad) <= Math.PI / 2)) throw new RangeError(`latRad must be in [-π/2, π/2], got ${latRad}`);
  const n0 = meanMotionRadS(c);
  const w = EARTH_ROTATION_RAD_S;
  const ci = Math.cos(degToRad(c.inclinationDeg));
  const cf = Math.cos(latRad);
  return Math.sqrt(n0 * n0 - 2 * n0 * w * ci + w * w * cf * cf);
}

/** Coverage half-angle λ(ε) = arccos(R_E cos ε / a) − ε (rad of central angle) for minimum elevation ε (rad). */
export function coverageCentralAngleRad(c: WalkerDeltaConfig, minElevationRad: number): number {
  validateWalker(c);
  if (!(minElevationRad >= 0 && minElevationRad < Math.PI / 2)) {
    throw new RangeError(`minElevationRad must be in [0, π/2), got ${minElevationRad}`);
  }
  return Math.acos((EARTH_RADIUS_M * Math.cos(minElevationRad)) / orbitRadiusM(c)) - minElevationRad;
}

/** Duration (s) of an overhead pass above elevation ε (rad) at latitude φ (rad): 2λ(ε)/ω_g(φ). */
export function overheadPassDurationS(c: WalkerDeltaConfig, minElevationRad: number, latRad: number): number {
  return (2 * coverageCentralAngleRad(c, minElevationRad)) / groundTrackRateRadS(c, latRad);
}

/** Rate (rad/s) at which the line of sight turns, seen from a UT with the satellite at its zenith: ω_g a / h. */
export function zenithLineOfSightRateRadS(c: WalkerDeltaConfig, latRad: number): number {
  return (groundTrackRateRadS(c, latRad) * orbitRadiusM(c)) / (c.altitudeKm * 1e3);
}

/** Rate (rad/s) of the off-nadir angle of a UT at the sub-satellite point, seen from the satellite: (R_E/h)·ω_g. */
export function nadirAngleRateRadS(c: WalkerDeltaConfig, latRad: number): number {
  return (groundTrackRateRadS(c, latRad) * EARTH_RADIUS_M) / (c.altitudeKm * 1e3);
}

/** Elevation (rad) of satellite q seen from the ground point `pointM` (ECEF, on the sphere) at time t (s). */
export function satelliteElevationRad(c: WalkerDeltaConfig, q: number, pointM: Vec3, tS: number): number {
  const d = sub3(satellitePosition(constellationAt(c, tS), q), pointM);
  const up = norm3(pointM);
  return Math.asin(Math.max(-1, Math.min(1, dot3(d, pointM) / (norm3(d) * up))));
}

/** A visibility window of one satellite from one ground point. */
export interface VisibilityWindow {
  /** Time (s) of the highest elevation. */
  peakS: number;
  peakElevationRad: number;
  /** Times (s) at which the elevation crosses ε upwards and downwards (NaN if the peak is below ε). */
  riseS: number;
  setS: number;
  /** setS − riseS (s); 0 when the peak is below ε. */
  durationS: number;
}

/**
 * The pass of satellite q over `pointM` nearest to time `tNearS` (numerically: the
 * elevation maximum by golden-section search within ±T/8 of tNearS, then the ε crossings
 * on each side by bisection to 1 ms). ε in rad.
 */
export function visibilityWindow(
  c: WalkerDeltaConfig,
  q: number,
  pointM: Vec3,
  tNearS: number,
  minElevationRad: number,
): VisibilityWindow {
  if (!Number.isFinite(tNearS)) throw new RangeError(`tNearS must be finite, got ${tNearS}`);
  if (!(Math.abs(minElevationRad) < Math.PI / 2)) {
    throw new RangeError(`minElevationRad must be in (-π/2, π/2), got ${minElevationRad}`);
  }
  const el = (t: number) => satelliteElevationRad(c, q, pointM, t);
  const span = orbitalPeriodS(c) / 8;
  // golden-section search for the maximum in [tNear − span, tNear + span]
  const g = (Math.sqrt(5) - 1) / 2;
  let lo = tNearS - span;
  let hi = tNearS + span;
  let x1 = hi - g * (hi - lo);
  let x2 = lo + g * (hi - lo);
  let f1 = el(x1);
  let f2 = el(x2);
  while (hi - lo > 1e-3) {
    if (f1 < f2) {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + g * (hi - lo);
      f2 = el(x2);
    } else {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - g * (hi - lo);
      f1 = el(x1);
    }
  }
  const peakS = 0.5 * (lo + hi);
  const peakElevationRad = el(peakS);
  if (peakElevationRad < minElevationRad) {
    return { peakS, peakElevationRad, riseS: NaN, setS: NaN, durationS: 0 };
  }
  const cross = (inside: number, outside: number) => {
    let a = inside;
    let b = outside;
    while (Math.abs(b - a) > 1e-3) {
      const m = 0.5 * (a + b);
      if (el(m) >= minElevationRad) a = m;
      else b = m;
    }
    return 0.5 * (a + b);
  };
  // walk outwards in 10 s steps until below ε (at most a quarter period)
  const outside = (dir: number) => {
    let t = peakS;
    for (let n = 0; n < (2 * span) / 10 && el(t) >= minElevationRad; n++) t += 10 * dir;
    return t;
  };
  const riseS = cross(peakS, outside(-1));
  const setS = cross(peakS, outside(1));
  return { peakS, peakElevationRad, riseS, setS, durationS: setS - riseS };
}
