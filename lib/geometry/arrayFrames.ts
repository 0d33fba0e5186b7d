/**
 * Array frames and the angles of the steering vectors (7), (8) (Section II-A;
 * docs/paper-reading.md#c1, #c2).
 *
 * A UPA has a vertical axis a_V (element index n_V), a horizontal axis a_H (index n_H) and
 * a boresight a_B = array normal; the three are orthonormal. For a plane wave leaving
 * (satellite) or arriving at (UT) the array along the unit vector k — always pointing from
 * the array towards the other end of the link — the direction cosines along the array
 * axes are x_V = k·a_V and x_H = k·a_H, and the steering vector is
 * a_{N_V}(x_V) ⊗ a_{N_H}(x_H) (lib/channel/steering.ts).
 *
 * The paper writes x_V = cos θ and x_H = sin θ cos φ. We define θ, φ in each array's
 * local frame so that this holds exactly:
 *
 *   k = cos θ · a_V + sin θ cos φ · a_H + sin θ sin φ · a_B,
 *   θ = arccos(k·a_V) ∈ [0, π]  (angle from the vertical array axis),
 *   φ = atan2(k·a_B, k·a_H) ∈ (−π, π]  (azimuth about a_V, from a_H towards boresight).
 *
 * Directions in front of the array (k·a_B > 0) have φ ∈ (0, π); boresight is θ = φ = 90°.
 *
 * Frames used by the kit:
 * - Satellite array (boresight nadir): a_B = −r̂ (towards the Earth's centre), a_V = the
 *   along-track direction (orbit tangent, ⟂ r̂), a_H = a_B × a_V (cross-track; East for a
 *   north-bound satellite). A nadir-pointing, velocity-aligned attitude.
 * - UT array (boresight zenith): a_B = local Up, a_V = local North, a_H = local East — a
 *   flat panel facing the sky, vertical axis pointing North.
 */
import { type EnuBasis, enuBasis } from './earth.js';
import { type Vec3, cross3, dot3, unit3 } from './vec3.js';

/** Orthonormal array frame (ECEF unit vectors). */
export interface ArrayFrame {
  /** a_V: vertical array axis (index n_V). */
  v: Vec3;
  /** a_H: horizontal array axis (index n_H). */
  h: Vec3;
  /** a_B: boresight (array normal). */
  b: Vec3;
}

/** Angles of a direction in an array frame, with its direction cosines. */
export interface ArrayAngles {
  /** θ (rad): angle from a_V; x_V = cos θ. */
  thetaRad: number;
  /** φ (rad): azimuth about a_V from a_H towards a_B; x_H = sin θ cos φ. */
  phiRad: number;
  /** x_V = k·a_V. */
  xV: number;
  /** x_H = k·a_H. */
  xH: number;
  /** x_B = k·a_B (> 0 in front of the array). */
  xB: number;
}

/** Satellite array frame at ECEF position `posM` with along-track direction `alongTrack`. */
export function satelliteArrayFrame(posM: Vec3, alongTrack: Vec3): ArrayFrame {
  const b = unit3([-posM[0], -posM[1], -posM[2]]);
  // remove any radial component so a_V ⟂ a_B exactly
  const t = dot3(alongTrack, b);
  const v = unit3([alongTrack[0] - t * b[0], alongTrack[1] - t * b[1], alongTrack[2] - t * b[2]]);
  return { v, h: cross3(b, v), b };
}

/** UT array frame (boresight zenith, a_V = North, a_H = East) at geodetic (φ, λ). */
export function utArrayFrame(latRad: number, lonRad: number): ArrayFrame {
  const e: EnuBasis = enuBasis(latRad, lonRad);
  return { v: e.north, h: e.east, b: e.up };
}

/** θ, φ and direction cosines of the unit vector `k` in `frame` (see the file comment). */
export function anglesInFrame(frame: ArrayFrame, k: Vec3): ArrayAngles {
  const xV = Math.max(-1, Math.min(1, dot3(k, frame.v)));
  const xH = dot3(k, frame.h);
  const xB = dot3(k, frame.b);
  return { thetaRad: Math.acos(xV), phiRad: Math.atan2(xB, xH), xV, xH, xB };
}

/** Unit vector k = cos θ a_V + sin θ cos φ a_H + sin θ sin φ a_B (inverse of anglesInFrame). */
export function directionFromAngles(frame: ArrayFrame, thetaRad: number, phiRad: number): Vec3 {
  const cv = Math.cos(thetaRad);
  const ch = Math.sin(thetaRad) * Math.cos(phiRad);
  const cb = Math.sin(thetaRad) * Math.sin(phiRad);
  return [
    cv * frame.v[0] + ch * frame.h[0] + cb * frame.b[0],
    cv * frame.v[1] + ch * frame.h[1] + cb * frame.b[1],
    cv * frame.v[2] + ch * frame.h[2] + cb * frame.b[2],
  ];
}
