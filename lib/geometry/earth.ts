/**
 * Earth model and coordinate frames for the constellation geometry (Section VI set-up,
 * Table I): ECEF ↔ geodetic conversions, the local East-North-Up (ENU) frame and
 * great-circle distances.
 *
 * ECEF: Earth-centred, Earth-fixed Cartesian frame (metres): x through (lat 0, lon 0),
 * z through the North pole, y completing a right-handed frame (lon 90° E).
 *
 * Two reference surfaces are supported through `Ellipsoid` {a, f} (semi-major axis a in
 * metres, flattening f): `SPHERICAL_EARTH` (R = 6371 km, f = 0) and `WGS84`. The drop
 * generator (lib/geometry/drop.ts) uses the sphere throughout — UT discs are spherical
 * caps, satellite altitudes are heights above the sphere — because the 0.3 % flattening
 * changes no statistic the paper looks at, and a sphere keeps elevations and distances
 * exactly consistent with the spherical-cap UT drop. With f = 0 "geodetic" latitude equals
 * geocentric latitude.
 */
import { type Vec3, cross3, dot3 } from './vec3.js';

/** Mean Earth radius (m), the sphere used by the drop generator. */
export const EARTH_RADIUS_M = 6371e3;
/** Earth's gravitational parameter μ = GM (m³/s², WGS84 / IERS value). */
export const EARTH_MU_M3_S2 = 3.986004418e14;
/** Earth rotation rate ω_E (rad/s, WGS84). */
export const EARTH_ROTATION_RAD_S = 7.2921151467e-5;
/** Sidereal day 2π/ω_E (s) ≈ 86 164.1 s. */
export const SIDEREAL_DAY_S = (2 * Math.PI) / EARTH_ROTATION_RAD_S;

/** Reference ellipsoid: semi-major axis a (m) and flattening f (0 for a sphere). */
export interface Ellipsoid {
  a: number;
  f: number;
}

/** The sphere of radius 6371 km used by the drop generator. */
export const SPHERICAL_EARTH: Ellipsoid = { a: EARTH_RADIUS_M, f: 0 };
/** WGS84 ellipsoid (a = 6378137 m, 1/f = 298.257223563). */
export const WGS84: Ellipsoid = { a: 6378137, f: 1 / 298.257223563 };

/** Geodetic coordinates: latitude and longitude in radians, height above the ellipsoid in metres. */
export interface Geodetic {
  latRad: number;
  lonRad: number;
  heightM: number;
}

function checkFinite(name: string, v: number): void {
  if (!Number.isFinite(v)) throw new RangeError(`${name} must be a finite number, got ${v}`);
}

/**
 * Geodetic (φ, λ, h) → ECEF (m): x = (N + h) cos φ cos λ, y = (N + h) cos φ sin λ,
 * z = (N(1 − e²) + h) sin φ with N = a / √(1 − e² sin² φ), e² = f(2 − f).
 */
export function geodeticToEcef(latRad: number, lonRad: number, heightM = 0, ell: Ellipsoid = SPHERICAL_EARTH): Vec3 {
  checkFinite('latRad', latRad);
  checkFinite('lonRad', lonRad);
  checkFinite('heightM', heightM);
  if (Math.abs(latRad) > Math.PI / 2 + 1e-12) throw new RangeError(`latRad must be in [-π/2, π/2], got ${latRad}`);
  const e2 = ell.f * (2 - ell.f);
  const s = Math.sin(latRad);
  const c = Math.cos(latRad);
  const n = ell.a / Math.sqrt(1 - e2 * s * s);
  return [(n + heightM) * c * Math.cos(lonRad), (n + heightM) * c * Math.sin(lonRad), (n * (1 - e2) + heightM) * s];
}

/**
 * ECEF (m) → geodetic (φ, λ, h). Exact for the sphere; for an ellipsoid, Bowring's
 * iteration on the reduced latitude (a few steps to round-off for points outside the
 * Earth's core region, i.e. anything from the surface to LEO).
 */
export function ecefToGeodetic(p: Vec3, ell: Ellipsoid = SPHERICAL_EARTH): Geodetic {
  p.forEach((v, i) => checkFinite(`p[${i}]`, v));
  const [x, y, z] = p;
  const lonRad = Math.atan2(y, x);
  const rho = Math.hypot(x, y);
  if (ell.f === 0) {
    const r = Math.hypot(rho, z);
    return { latRad: Math.atan2(z, rho), lonRad, heightM: r - ell.a };
  }
  const a = ell.a;
  const b = a * (1 - ell.f);
  const e2 = ell.f * (2 - ell.f);
  const ep2 = e2 / (1 - e2);
  let beta = Math.atan2(z * a, rho * b);
  let lat = 0;
  for (let it = 0; it < 10; it++) {
    lat = Math.atan2(z + ep2 * b * Math.sin(beta) ** 3, rho - e2 * a * Math.cos(beta) ** 3);
    const betaNew = Math.atan2((1 - ell.f) * Math.sin(lat), Math.cos(lat));
    const converged = Math.abs(betaNew - beta) < 1e-15;
    beta = betaNew;
    if (converged) break;
  }
  const s = Math.sin(lat);
  // h = ρ cos φ + z sin φ − a √(1 − e² sin² φ): well conditioned at every latitude
  const heightM = rho * Math.cos(lat) + z * s - a * Math.sqrt(1 - e2 * s * s);
  return { latRad: lat, lonRad, heightM };
}

/** Unit vectors of the local East-North-Up frame at geodetic (φ, λ), expressed in ECEF. */
export interface EnuBasis {
  east: Vec3;
  north: Vec3;
  up: Vec3;
}

/**
 * ENU basis at (φ, λ): east = [−sin λ, cos λ, 0], north = [−sin φ cos λ, −sin φ sin λ, cos φ],
 * up = [cos φ cos λ, cos φ sin λ, sin φ] (up = ellipsoid normal; radial on the sphere).
 */
export function enuBasis(latRad: number, lonRad: number): EnuBasis {
  const sf = Math.sin(latRad);
  const cf = Math.cos(latRad);
  const sl = Math.sin(lonRad);
  const cl = Math.cos(lonRad);
  return {
    east: [-sl, cl, 0],
    north: [-sf * cl, -sf * sl, cf],
    up: [cf * cl, cf * sl, sf],
  };
}

/** Components [e, n, u] of an ECEF vector `v` in the ENU basis `b`. */
export function ecefToEnu(v: Vec3, b: EnuBasis): Vec3 {
  return [dot3(v, b.east), dot3(v, b.north), dot3(v, b.up)];
}

/** ECEF vector from ENU components [e, n, u] in basis `b`. */
export function enuToEcef(enu: Vec3, b: EnuBasis): Vec3 {
  return [
    enu[0] * b.east[0] + enu[1] * b.north[0] + enu[2] * b.up[0],
    enu[0] * b.east[1] + enu[1] * b.north[1] + enu[2] * b.up[1],
    enu[0] * b.east[2] + enu[1] * b.north[2] + enu[2] * b.up[2],
  ];
}

/** Central angle (rad) between two non-zero ECEF vectors (numerically safe atan2 form). */
export function centralAngleRad(a: Vec3, b: Vec3): number {
  return Math.atan2(Math.hypot(...cross3(a, b)), dot3(a, b));
}

/** Great-circle distance (m) on the sphere of radius `radiusM` between two ECEF directions. */
export function greatCircleDistanceM(a: Vec3, b: Vec3, radiusM = EARTH_RADIUS_M): number {
  return radiusM * centralAngleRad(a, b);
}

/** Degrees → radians. */
export function degToRad(deg: number): number {
  return (deg * Math.PI) / 180;
}

/** Radians → degrees. */
export function radToDeg(rad: number): number {
  return (rad * 180) / Math.PI;
}
