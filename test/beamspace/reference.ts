/**
 * Independent reference computations for the beam-selection tests: beam gains by the
 * explicit DFT codebook (an N_T × N_T matrix, small arrays only) instead of the closed form
 * (49), and the NearOpt proxy sum rate by a direct log-determinant.
 */
import { directionCosines, dftCodebook, steeringVector } from '../../lib/channel/steering.js';
import { CMatrix, addIdentity, logDetHermitian, mmul, mmulNH, transpose } from '../../lib/linalg/index.js';
import type { Scenario } from '../../lib/scenario/types.js';

const codebooks = new Map<string, CMatrix>();

/** |v_{s,k}ᵀ f_q|² for all q from vᵀF with the explicit codebook F. */
export function bruteForceGains(scn: Scenario, s: number, k: number): number[] {
  const key = `${scn.satArray.nV}x${scn.satArray.nH}`;
  let f = codebooks.get(key);
  if (!f) {
    f = dftCodebook(scn.satArray);
    codebooks.set(key, f);
  }
  const link = scn.links[s][k];
  const [xV, xH] = directionCosines(link.thetaT, link.phiT);
  const row = mmul(transpose(steeringVector(scn.satArray, xV, xH)), f);
  return Array.from({ length: row.cols }, (_, q) => row.re[q] ** 2 + row.im[q] ** 2);
}

/** log2 det(I + H_A H_Aᴴ), H_A (m × |A|) rows sqrt(γ P/(m σ²))·vᵀF restricted to `beams`, for the UTs `ks` of satellite s. */
export function proxySumRate(scn: Scenario, s: number, ks: number[], beams: number[]): number {
  const m = ks.length;
  if (m === 0) return 0;
  const f = dftCodebook(scn.satArray);
  const h = new CMatrix(m, beams.length);
  ks.forEach((k, i) => {
    const link = scn.links[s][k];
    const a = Math.sqrt((link.gamma * scn.powerW[s]) / (m * scn.noiseW[k]));
    const [xV, xH] = directionCosines(link.thetaT, link.phiT);
    const row = mmul(transpose(steeringVector(scn.satArray, xV, xH)), f);
    beams.forEach((q, b) => {
      h.re[i * beams.length + b] = a * row.re[q];
      h.im[i * beams.length + b] = a * row.im[q];
    });
  });
  return logDetHermitian(addIdentity(mmulNH(h, h), 1)) / Math.LN2;
}
