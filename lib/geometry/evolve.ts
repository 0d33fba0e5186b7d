/**
 * A drop's geometry at another instant (beyond the paper: sCSI aging, notebook 05). The
 * UTs stay where they are (fixed on the rotating Earth, same array frames); the satellites
 * move on their circular Kepler orbits (constellation.ts, Earth rotation included) and
 * every link's elevation, slant range and array angles (7)–(8) are recomputed at t.
 *
 * Which satellites form the cooperating set at t (`policy`):
 * - 'tracked' (default): the S satellites of the drop, identified by their constellation
 *   index and kept in the drop's order — the set the precoder was designed for, followed
 *   as it moves (they drift away from the drop centre and eventually set).
 * - 'nearest': the S satellites nearest the drop centre at t, nearest first (the drop's
 *   own rule at another instant); over a pass of several minutes the set changes.
 * At t = the drop's time with 'tracked' the result equals the drop's geometry number for
 * number (the same functions on the same inputs).
 */
import { type DropGeometry, type DropGeometryConfig, dropSatellite, linkGeometry } from './drop.js';
import { constellationAt, nearestSatellites } from './constellation.js';

/** How the cooperating set is chosen at another instant (see the file comment). */
export type SatelliteSetPolicy = 'tracked' | 'nearest';
/** Both policies. */
export const SATELLITE_SET_POLICIES: readonly SatelliteSetPolicy[] = ['tracked', 'nearest'];

/** The geometry of drop `g0` (drawn with `cfg`) at absolute time tS (s): same UTs, satellites at tS. */
export function dropGeometryAt(
  cfg: DropGeometryConfig,
  g0: DropGeometry,
  tS: number,
  policy: SatelliteSetPolicy = 'tracked',
): DropGeometry {
  if (!Number.isFinite(tS)) throw new RangeError(`time must be a finite number of seconds, got ${tS}`);
  if (!SATELLITE_SET_POLICIES.includes(policy)) {
    throw new RangeError(`satellite set policy must be one of ${SATELLITE_SET_POLICIES.join('|')}, got '${policy}'`);
  }
  const snap = constellationAt(cfg.constellation, tS);
  const indices =
    policy === 'tracked' ? g0.satellites.map((s) => s.index) : nearestSatellites(snap, g0.centre.positionM, cfg.S);
  const satellites = indices.map((q) => dropSatellite(cfg.constellation, snap, q));
  const links = satellites.map((sat) =>
    g0.uts.map((ut) => linkGeometry(sat.positionM, sat.frame, ut.positionM, ut.frame)),
  );
  return { timeS: tS, centre: g0.centre, satellites, uts: g0.uts, links };
}
