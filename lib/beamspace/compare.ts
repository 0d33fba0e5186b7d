/**
 * Side-by-side evaluation of the beam selections of Section V-B (LCMS, NearOpt, Full) on one
 * drop, by sCSI quantities: the captured share of the served links' beam-domain channel
 * power (what LCMS maximises) and the NearOpt proxy sum rate (what NearOpt greedily
 * maximises), plus the selection time. The rates of Figs. 2 and 7 come from the precoders
 * (lib/precoding, lib/metrics); this is the selection-only view of notebook 04.
 */
import { arrayElements, beamResponse, directionCosines } from '../channel/steering.js';
import { CMatrix, addIdentity, logDetHermitian, mmulNH } from '../linalg/index.js';
import type { Scenario } from '../scenario/types.js';
import { servedUts } from './constraints.js';
import { servedChannelPower } from './gains.js';
import { type BeamMethod, selectBeams } from './select.js';

/**
 * The NearOpt proxy sum rate of a selection (b/s/Hz): Σ_s log2 det(I + H_{A_s} H_{A_s}ᴴ),
 * H_{A_s} (|K_s| × B_s) with rows sqrt(γ_{s,k} P_s / (|K_s| σ_k²))·v_{s,k}ᵀ F_s A_s (see
 * nearopt.ts for why this is the "sum rate of the reduced channel").
 */
export function proxySumRate(scn: Scenario, beams: readonly (readonly number[])[]): number {
  let total = 0;
  for (let s = 0; s < scn.S; s++) {
    const ks = servedUts(scn, s);
    const m = ks.length;
    if (m === 0) continue;
    const b = beams[s].length;
    const h = new CMatrix(m, b);
    ks.forEach((k, i) => {
      const link = scn.links[s][k];
      const a = Math.sqrt((link.gamma * scn.powerW[s]) / (m * scn.noiseW[k]));
      const [xV, xH] = directionCosines(link.thetaT, link.phiT);
      const row = beamResponse(scn.satArray, xV, xH, beams[s]);
      for (let j = 0; j < b; j++) {
        h.re[i * b + j] = a * row.re[j];
        h.im[i * b + j] = a * row.im[j];
      }
    });
    total += logDetHermitian(addIdentity(mmulNH(h, h), 1)) / Math.LN2;
  }
  return total;
}

/** One row of compareSelections. */
export interface SelectionComparisonRow {
  method: BeamMethod;
  Bs: number;
  /** Captured share of the served links' beam-domain power, Σ o γ Σ_{q∈A} G / Σ o γ. */
  capturedFraction: number;
  /** Σ_s log2 det(I + H_A H_Aᴴ) (b/s/Hz), the NearOpt proxy. */
  proxySumRate: number;
  /** Wall time of the selection (ms, one run). */
  selectMs: number;
}

/**
 * LCMS and NearOpt at every B_s of `BsList` (each must satisfy |K_s| ≤ B_s ≤ N_T), and Full
 * once (B_s = N_T), on the association of `scn`.
 */
export function compareSelections(scn: Scenario, BsList: readonly number[]): SelectionComparisonRow[] {
  const rows: SelectionComparisonRow[] = [];
  const run = (method: BeamMethod, Bs: number): void => {
    const t0 = performance.now();
    const beams = selectBeams(scn, { method, Bs });
    const selectMs = performance.now() - t0;
    rows.push({
      method,
      Bs,
      capturedFraction: servedChannelPower(scn, beams).fraction,
      proxySumRate: proxySumRate(scn, beams),
      selectMs,
    });
  };
  for (const Bs of BsList) {
    run('lcms', Bs);
    run('nearopt', Bs);
  }
  run('full', arrayElements(scn.satArray));
  return rows;
}
