/**
 * NLoS receive covariance Σ_{s,k} (N_R × N_R, Hermitian PSD, Tr Σ = 1) from the UT-side
 * arrival angles of the NLoS clusters (Section II-A: ũ ~ CN(0, Σ);
 * docs/paper-reading.md#x6, #s4).
 *
 * QuaDRiGa-like construction (after QuaDRiGa's qd_builder generate_paths.m, re-derived):
 * 1. C NLoS clusters; initial angle offsets from the LoS direction az⁰_c, el⁰_c ~ U(−π/2, π/2);
 *    powers P_c ∝ U_c^(r_DS−1) · exp(−0.56·(az⁰_c)²) · exp(−0.76·|el⁰_c|) (exponential
 *    delays τ = −ln U, QuaDRiGa's single-frequency scaling coefficients), normalised so that
 *    the LoS path carries κ/(κ+1) and the clusters 1/(κ+1) of the power.
 * 2. Offsets are scaled, az_c = s_az·az⁰_c and el_c = s_el·el⁰_c, with s found (bisection)
 *    so that the angular spread of ALL paths — the LoS path at offset 0 included — equals
 *    the drawn ASA (resp. ESA); s is capped at 3 (azimuth) and 1.5 (elevation) as in
 *    QuaDRiGa, so an unreachable spread gives the widest allowed clusters. With κ ≈ 28 dB
 *    only 1/(κ+1) ≈ 0.16 % of the power is NLoS, so a 4° ASA puts the clusters ~100° from
 *    the LoS direction: Σ on a 2×2 UPA comes out nearly white (mean |off-diagonal
 *    correlation| ≈ 0.1–0.2), as QuaDRiGa's. Clusters spread a few degrees around the LoS
 *    would instead give a strongly correlated Σ.
 * 3. Each cluster has M sub-paths at c_ASA·α_m (azimuth) and c_ESA·α_{π(m)} (elevation)
 *    from its centre, α_m the TR 38.901 Table 7.5-3 ray offsets (RMS 1), π a random
 *    permutation (random coupling, 38.901 step 8), power P_c/M each. Elevations beyond ±90°
 *    are mirrored at the pole (QuaDRiGa).
 * 4. The offsets (az, el) are directions in a frame whose x-axis is the LoS direction
 *    (QuaDRiGa's rotation R(LoS azimuth, LoS elevation)), turned into ENU unit vectors k,
 *    then Σ = Σ_i p_i u(k_i) u(k_i)ᴴ / Σ_i p_i with u the UT steering vector (8) of
 *    direction cosines x_V = k·North, x_H = k·East (UT frame, lib/geometry/arrayFrames.ts).
 *
 * Angular spread (QuaDRiGa convention): σ = √(Σ p Δ² / Σ p − (Σ p Δ / Σ p)²) with
 * Δ = wrap(φ − φ̄), φ̄ = arg Σ p e^{jφ} the power-weighted mean direction.
 *
 * Option `isotropic`: Σ = I/N_R.
 */
import { type CMatrix, hermitian, hermitianPart, identity, mmul, scale, trace } from '../linalg/index.js';
import type { Rng } from '../random/index.js';
import type { ClusterConfig } from './lsp.js';
import { type ArraySize, arrayElements, steeringMatrix } from './steering.js';

/** How Σ is built: from the cluster angles, or I/N_R. */
export type SigmaModel = 'cluster' | 'isotropic';
/** All Σ model names. */
export const SIGMA_MODELS: readonly SigmaModel[] = ['cluster', 'isotropic'];

/** TR 38.901 Table 7.5-3 ray offset angles for unit RMS spread (20 rays, ± pairs). */
export const RAY_OFFSETS_UNIT: readonly number[] = [
  0.0447, -0.0447, 0.1413, -0.1413, 0.2492, -0.2492, 0.3715, -0.3715, 0.5129, -0.5129, 0.6797, -0.6797, 0.8844, -0.8844,
  1.1481, -1.1481, 1.5195, -1.5195, 2.1551, -2.1551,
];

/** Cap of the azimuth / elevation offset scaling (QuaDRiGa generate_paths). */
const AZ_SCALE_CAP = 3;
const EL_SCALE_CAP = 1.5;

/** Σ = I/N_R. */
export function isotropicCovariance(nR: number): CMatrix {
  if (!Number.isInteger(nR) || nR < 1) throw new RangeError(`nR must be an integer >= 1, got ${nR}`);
  return scale(identity(nR), 1 / nR);
}

/** Power-weighted angular spread (rad) of angles φ_i with powers p_i (see file comment). */
export function angularSpreadRad(anglesRad: ArrayLike<number>, powers: ArrayLike<number>): number {
  const n = anglesRad.length;
  if (powers.length !== n) throw new RangeError(`angularSpreadRad: ${n} angles but ${powers.length} powers`);
  let sr = 0;
  let si = 0;
  let pt = 0;
  for (let i = 0; i < n; i++) {
    sr += powers[i] * Math.cos(anglesRad[i]);
    si += powers[i] * Math.sin(anglesRad[i]);
    pt += powers[i];
  }
  if (!(pt > 0)) return 0;
  const mean = Math.atan2(si, sr);
  let m1 = 0;
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    let d = anglesRad[i] - mean;
    d -= 2 * Math.PI * Math.round(d / (2 * Math.PI));
    m1 += powers[i] * d;
    m2 += powers[i] * d * d;
  }
  m1 /= pt;
  return Math.sqrt(Math.max(0, m2 / pt - m1 * m1));
}

/** NLoS arrival paths of one link, with the spreads actually reached. */
export interface NlosArrivalPaths {
  /** Unit arrival directions (UT → scatterer) in the UT's ENU frame [e, n, u], one per sub-path. */
  dirEnu: [number, number, number][];
  /** Sub-path powers, summing to 1/(κ+1) (the NLoS share of the link power). */
  power: number[];
  /** Offset scalings found for azimuth / elevation. */
  scaleAz: number;
  scaleEl: number;
  /** Spreads of the LoS path + cluster centres reached by the scaling (deg); equal the targets unless capped. */
  clusterAsaDeg: number;
  clusterEsaDeg: number;
}

/** Smallest s ∈ [0, cap] found by bisection with spread(s) = target, or cap when unreachable. */
function solveScale(offsets: number[], powersWithLos: number[], targetRad: number, cap: number): number {
  const ang = new Array<number>(offsets.length + 1).fill(0);
  const spread = (s: number) => {
    for (let i = 0; i < offsets.length; i++) ang[i + 1] = s * offsets[i];
    return angularSpreadRad(ang, powersWithLos);
  };
  if (!(targetRad > 0)) return 0;
  if (spread(cap) <= targetRad) return cap;
  let lo = 0;
  let hi = cap;
  while (hi - lo > 1e-10 * cap) {
    const mid = 0.5 * (lo + hi);
    if (spread(mid) < targetRad) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * Draw the NLoS sub-paths of one link around the LoS arrival direction `losEnu` (unit, ENU)
 * so that, with the LoS path of power κ/(κ+1), the azimuth / elevation spreads of arrival
 * equal `asaDeg` / `esaDeg` (steps 1–4 of the file comment). κ ≥ 0 (0: no LoS path).
 */
export function drawNlosArrivalPaths(
  losEnu: readonly [number, number, number],
  kappa: number,
  asaDeg: number,
  esaDeg: number,
  clusters: ClusterConfig,
  rng: Rng,
): NlosArrivalPaths {
  if (!(kappa >= 0) || !Number.isFinite(kappa))
    throw new RangeError(`kappa must be a finite number >= 0, got ${kappa}`);
  if (!(asaDeg >= 0) || !(esaDeg >= 0))
    throw new RangeError(`asaDeg and esaDeg must be >= 0, got ${asaDeg}, ${esaDeg}`);
  const C = clusters.nlosClusters;
  const M = clusters.subpathsPerCluster;
  const az0: number[] = [];
  const el0: number[] = [];
  const pc: number[] = [];
  for (let c = 0; c < C; c++) {
    const u = 1 - rng.uniform(); // (0, 1]
    const a = (rng.uniform() - 0.5) * Math.PI;
    const e = (rng.uniform() - 0.5) * Math.PI;
    az0.push(a);
    el0.push(e);
    pc.push(Math.pow(u, clusters.delayScaling - 1) * Math.exp(-0.56 * a * a) * Math.exp(-0.76 * Math.abs(e)));
  }
  const pLos = kappa / (kappa + 1);
  const pNlos = 1 / (kappa + 1);
  const sumPc = pc.reduce((x, y) => x + y, 0);
  for (let c = 0; c < C; c++) pc[c] *= pNlos / sumPc;
  const withLos = [pLos, ...pc];
  const deg = Math.PI / 180;
  const scaleAz = solveScale(az0, withLos, asaDeg * deg, AZ_SCALE_CAP);
  const scaleEl = solveScale(el0, withLos, esaDeg * deg, EL_SCALE_CAP);
  const azC = az0.map((a) => scaleAz * a);
  const elC = el0.map((e) => scaleEl * e);
  const clusterAsaDeg = angularSpreadRad([0, ...azC], withLos) / deg;
  const clusterEsaDeg = angularSpreadRad([0, ...elC], withLos) / deg;

  // rotation taking the x-axis to the LoS direction (columns: LoS, horizontal ⟂, "up" ⟂)
  const [le, ln, lu] = losEnu;
  const elLos = Math.asin(Math.max(-1, Math.min(1, lu)));
  const azLos = Math.atan2(ln, le); // ENU math convention (from East towards North)
  const ce = Math.cos(elLos);
  const se = Math.sin(elLos);
  const ca = Math.cos(azLos);
  const sa = Math.sin(azLos);
  const dirEnu: [number, number, number][] = [];
  const power: number[] = [];
  const nOff = RAY_OFFSETS_UNIT.length;
  for (let c = 0; c < C; c++) {
    const perm = rng.shuffle(Array.from({ length: M }, (_, m) => m));
    for (let m = 0; m < M; m++) {
      const a = azC[c] + clusters.clusterAsaDeg * deg * RAY_OFFSETS_UNIT[m % nOff];
      let e = elC[c] + clusters.clusterEsaDeg * deg * RAY_OFFSETS_UNIT[perm[m] % nOff];
      if (e > Math.PI / 2) e = Math.PI - e;
      else if (e < -Math.PI / 2) e = -Math.PI - e;
      const x = Math.cos(a) * Math.cos(e);
      const y = Math.sin(a) * Math.cos(e);
      const z = Math.sin(e);
      dirEnu.push([ce * ca * x - sa * y - se * ca * z, ce * sa * x + ca * y - se * sa * z, se * x + ce * z]);
      power.push(pc[c] / M);
    }
  }
  return { dirEnu, power, scaleAz, scaleEl, clusterAsaDeg, clusterEsaDeg };
}

/**
 * Σ = Σ_i p_i u(k_i) u(k_i)ᴴ / Σ_i p_i for arrival directions k_i (ENU) at a UT array with
 * a_V = North, a_H = East (x_V = k_n, x_H = k_e). Exactly Hermitian, Tr Σ = 1.
 */
export function covarianceFromArrivals(
  utArray: ArraySize,
  dirEnu: readonly (readonly [number, number, number])[],
  power: readonly number[],
): CMatrix {
  if (dirEnu.length === 0 || dirEnu.length !== power.length) {
    throw new RangeError(
      `covarianceFromArrivals: need one power per direction (>= 1), got ${dirEnu.length} and ${power.length}`,
    );
  }
  const xV = dirEnu.map((d) => d[1]);
  const xH = dirEnu.map((d) => d[0]);
  const u = steeringMatrix(
    utArray,
    xV,
    xH,
    power.map((p) => Math.sqrt(p)),
  );
  const sigma = hermitianPart(mmul(u, hermitian(u)));
  const tr = trace(sigma).re;
  if (!(tr > 0)) throw new RangeError('covarianceFromArrivals: total power must be > 0');
  return scale(sigma, 1 / tr);
}

/** Σ of one link: the cluster construction above, or I/N_R. */
export function nlosCovariance(
  model: SigmaModel,
  utArray: ArraySize,
  losEnu: readonly [number, number, number],
  kappa: number,
  asaDeg: number,
  esaDeg: number,
  clusters: ClusterConfig,
  rng: Rng,
): CMatrix {
  if (model === 'isotropic') return isotropicCovariance(arrayElements(utArray));
  if (model !== 'cluster')
    throw new RangeError(`sigma model must be one of ${SIGMA_MODELS.join('|')}, got '${String(model)}'`);
  const p = drawNlosArrivalPaths(losEnu, kappa, asaDeg, esaDeg, clusters, rng);
  return covarianceFromArrivals(utArray, p.dirEnu, p.power);
}
