/**
 * One drop of the simulation geometry (Section VI set-up, Table I;
 * docs/paper-reading.md#x10): a random time, a random centre under the constellation, K UTs
 * uniform in the coverage disc, the S satellites nearest the centre, and per link the
 * elevation, slant range and the angles of (7), (8) in both array frames
 * (lib/geometry/arrayFrames.ts).
 *
 * Choices (the paper says only "randomly selecting a central point within the
 * constellation's coverage area"):
 * - Time t uniform in [0, one sidereal day) — the constellation and the Earth's rotation
 *   together repeat no faster than that.
 * - Centre uniform in area over the latitude band |lat| ≤ L where satellites pass
 *   overhead: L = min(i, 180° − i) (53° for Table I; satellite density peaks near ±i),
 *   longitude uniform. Override with `centreMaxLatDeg`, or fix `centre` / `timeS`.
 * - UTs uniform in area on the spherical cap of great-circle radius `radiusKm` (800 km)
 *   around the centre (Rng.pointInSphericalCap), on the sphere of radius 6371 km, height 0.
 * - The S satellites nearest (3-D distance) to the centre point cooperate; for a shell of
 *   equal altitude these are also the S of highest elevation at the centre.
 * A link whose satellite is below a UT's horizon is still reported (negative elevation);
 * lib/channel decides what to do with it.
 */
import type { Rng } from '../random/index.js';
import { type ArrayAngles, type ArrayFrame, anglesInFrame, satelliteArrayFrame, utArrayFrame } from './arrayFrames.js';
import {
  type ConstellationSnapshot,
  type WalkerDeltaConfig,
  constellationAt,
  nearestSatellites,
  satelliteAlongTrack,
  satellitePosition,
  satelliteSlot,
  validateWalker,
} from './constellation.js';
import {
  EARTH_RADIUS_M,
  SIDEREAL_DAY_S,
  degToRad,
  ecefToEnu,
  ecefToGeodetic,
  enuBasis,
  geodeticToEcef,
  greatCircleDistanceM,
} from './earth.js';
import { type Vec3, norm3, sub3 } from './vec3.js';

/** Geometry part of a drop configuration. */
export interface DropGeometryConfig {
  /** Walker-Delta constellation (Table I: 53°:1680/28/1 at 600 km). */
  constellation: WalkerDeltaConfig;
  /** Number of UTs K (Table I: 12–48, default 48). */
  K: number;
  /** Number of cooperating satellites S (Table I: 5). */
  S: number;
  /** Coverage radius along the Earth's surface (km), Table I: 800. */
  radiusKm: number;
  /** Largest |latitude| of the random centre (degrees); default min(i, 180° − i). */
  centreMaxLatDeg?: number;
  /** Fixed drop time (s) instead of a random one. */
  timeS?: number;
  /** Fixed centre (degrees) instead of a random one. */
  centre?: { latDeg: number; lonDeg: number };
}

/** Geometry of one satellite→UT link (s, k). */
export interface LinkGeometry {
  /** Elevation of the satellite seen from the UT (rad); negative below the horizon. */
  elevationRad: number;
  /** Azimuth of the satellite seen from the UT (rad), compass convention: from North towards East. */
  azimuthRad: number;
  /** Slant range UT–satellite (m). */
  slantRangeM: number;
  /** Departure direction (satellite → UT) in the satellite array frame: θ^t, φ^t. */
  depart: ArrayAngles;
  /** Arrival direction (UT → satellite) in the UT array frame: θ^r, φ^r. */
  arrive: ArrayAngles;
  /** Unit vector UT → satellite in the UT's local ENU frame [e, n, u]. */
  losEnu: Vec3;
}

/** A cooperating satellite of the drop. */
export interface DropSatellite {
  /** Index q in the constellation (q = plane·(T/P) + slot). */
  index: number;
  plane: number;
  slot: number;
  positionM: Vec3;
  /** Sub-satellite point (rad). */
  latRad: number;
  lonRad: number;
  frame: ArrayFrame;
}

/** A UT of the drop. */
export interface DropUt {
  positionM: Vec3;
  latRad: number;
  lonRad: number;
  /** Great-circle distance from the drop centre (m). */
  distanceFromCentreM: number;
  frame: ArrayFrame;
}

/** The complete geometry of one drop. */
export interface DropGeometry {
  timeS: number;
  centre: { latRad: number; lonRad: number; positionM: Vec3 };
  /** The S cooperating satellites, nearest to the centre first. */
  satellites: DropSatellite[];
  uts: DropUt[];
  /** links[s][k]. */
  links: LinkGeometry[][];
}

/** Default centre latitude bound min(i, 180° − i) (degrees). */
export function defaultCentreMaxLatDeg(c: WalkerDeltaConfig): number {
  return Math.min(c.inclinationDeg, 180 - c.inclinationDeg);
}

/** Check the geometry configuration; RangeError names the field and its allowed range. */
export function validateDropGeometryConfig(cfg: DropGeometryConfig): void {
  validateWalker(cfg.constellation);
  if (!Number.isInteger(cfg.K) || cfg.K < 1) throw new RangeError(`K must be an integer >= 1, got ${cfg.K}`);
  if (!Number.isInteger(cfg.S) || cfg.S < 1 || cfg.S > cfg.constellation.totalSatellites) {
    throw new RangeError(`S must be an integer in [1, ${cfg.constellation.totalSatellites}], got ${cfg.S}`);
  }
  const maxRadiusKm = (Math.PI * EARTH_RADIUS_M) / 1e3;
  if (!(cfg.radiusKm > 0 && cfg.radiusKm <= maxRadiusKm)) {
    throw new RangeError(`radiusKm must be in (0, ${maxRadiusKm.toFixed(0)}], got ${cfg.radiusKm}`);
  }
  if (cfg.centreMaxLatDeg !== undefined && !(cfg.centreMaxLatDeg >= 0 && cfg.centreMaxLatDeg <= 90)) {
    throw new RangeError(`centreMaxLatDeg must be in [0, 90], got ${cfg.centreMaxLatDeg}`);
  }
  if (cfg.timeS !== undefined && !Number.isFinite(cfg.timeS)) {
    throw new RangeError(`timeS must be a finite number, got ${cfg.timeS}`);
  }
  if (cfg.centre !== undefined) {
    if (!(Math.abs(cfg.centre.latDeg) <= 90))
      throw new RangeError(`centre.latDeg must be in [-90, 90], got ${cfg.centre.latDeg}`);
    if (!Number.isFinite(cfg.centre.lonDeg))
      throw new RangeError(`centre.lonDeg must be finite, got ${cfg.centre.lonDeg}`);
  }
}

/** Geometry of the link from satellite (position, frame) to a UT (position, frame, ENU basis). */
export function linkGeometry(satPosM: Vec3, satFrame: ArrayFrame, utPosM: Vec3, utFrame: ArrayFrame): LinkGeometry {
  const d = sub3(satPosM, utPosM);
  const slantRangeM = norm3(d);
  const k: Vec3 = [d[0] / slantRangeM, d[1] / slantRangeM, d[2] / slantRangeM]; // UT → satellite
  const arrive = anglesInFrame(utFrame, k);
  const depart = anglesInFrame(satFrame, [-k[0], -k[1], -k[2]]);
  // UT frame: a_V = North, a_H = East, a_B = Up
  const losEnu: Vec3 = [arrive.xH, arrive.xV, arrive.xB];
  return {
    elevationRad: Math.asin(Math.max(-1, Math.min(1, arrive.xB))),
    azimuthRad: Math.atan2(arrive.xH, arrive.xV),
    slantRangeM,
    depart,
    arrive,
    losEnu,
  };
}

/** Satellite q of a constellation snapshot as a drop satellite (position, sub-satellite point, array frame). */
export function dropSatellite(c: WalkerDeltaConfig, snap: ConstellationSnapshot, q: number): DropSatellite {
  const positionM = satellitePosition(snap, q);
  const g = ecefToGeodetic(positionM);
  return {
    index: q,
    ...satelliteSlot(c, q),
    positionM,
    latRad: g.latRad,
    lonRad: g.lonRad,
    frame: satelliteArrayFrame(positionM, satelliteAlongTrack(snap, q)),
  };
}

/**
 * Draw one drop's geometry from `rng` (sub-streams 'time', 'centre', 'uts' — so changing K
 * keeps the time, the centre and the first UTs).
 */
export function drawDropGeometry(cfg: DropGeometryConfig, rng: Rng): DropGeometry {
  validateDropGeometryConfig(cfg);
  const timeS = cfg.timeS ?? rng.child('time').uniform() * SIDEREAL_DAY_S;
  let latRad: number;
  let lonRad: number;
  if (cfg.centre) {
    latRad = degToRad(cfg.centre.latDeg);
    lonRad = degToRad(cfg.centre.lonDeg);
  } else {
    const r = rng.child('centre');
    const maxLat = degToRad(cfg.centreMaxLatDeg ?? defaultCentreMaxLatDeg(cfg.constellation));
    latRad = Math.asin(Math.sin(maxLat) * (2 * r.uniform() - 1)); // uniform in area over the band
    lonRad = Math.PI * (2 * r.uniform() - 1);
  }
  const centrePos = geodeticToEcef(latRad, lonRad, 0);
  const snap = constellationAt(cfg.constellation, timeS);
  const satellites = nearestSatellites(snap, centrePos, cfg.S).map((q) => dropSatellite(cfg.constellation, snap, q));
  const rUt = rng.child('uts');
  const capRad = (cfg.radiusKm * 1e3) / EARTH_RADIUS_M;
  const centreUnit: Vec3 = [
    centrePos[0] / EARTH_RADIUS_M,
    centrePos[1] / EARTH_RADIUS_M,
    centrePos[2] / EARTH_RADIUS_M,
  ];
  const uts: DropUt[] = [];
  for (let k = 0; k < cfg.K; k++) {
    const u = rUt.pointInSphericalCap(centreUnit, capRad);
    const positionM: Vec3 = [u[0] * EARTH_RADIUS_M, u[1] * EARTH_RADIUS_M, u[2] * EARTH_RADIUS_M];
    const g = ecefToGeodetic(positionM);
    uts.push({
      positionM,
      latRad: g.latRad,
      lonRad: g.lonRad,
      distanceFromCentreM: greatCircleDistanceM(positionM, centrePos),
      frame: utArrayFrame(g.latRad, g.lonRad),
    });
  }
  const links = satellites.map((sat) =>
    uts.map((ut) => linkGeometry(sat.positionM, sat.frame, ut.positionM, ut.frame)),
  );
  return { timeS, centre: { latRad, lonRad, positionM: centrePos }, satellites, uts, links };
}

/** ENU components of the vector from `fromM` to `toM` at geodetic (φ, λ). */
export function enuOffset(fromM: Vec3, toM: Vec3, latRad: number, lonRad: number): Vec3 {
  return ecefToEnu(sub3(toM, fromM), enuBasis(latRad, lonRad));
}
