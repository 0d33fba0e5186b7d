/**
 * LCMS — the paper's two-stage low-complexity beam selection (Section V-B, Algorithm 3,
 * eq. (49) with the squares restored, docs/paper-reading.md#e8). Statistical CSI only:
 * γ_{s,k} and the departure angles θ^t_{s,k}, φ^t_{s,k} of the served links.
 *
 * Per satellite s, with K_s = {k : o_{s,k} = 1} and the beam gain
 * G_k(q) = |v_{s,k}ᵀ f_q|² = |sinc(N_TV ϑ)/sinc(ϑ)|²·|sinc(N_TH ϑ̃)/sinc(ϑ̃)|² (`linkBeamGains`):
 *
 *   Stage 1 (lines 7–13): UTs of K_s in descending γ_{s,k}; each takes its strongest beam
 *   still free, q* = argmax_{q free} G_k(q). |K_s| beams, one per served UT.
 *   Stage 2 (lines 14–20): repeatedly add the free beam with the largest enhancement of the
 *   equivalent channel power, q* = argmax_{q free} Σ_{k∈K_s} γ_{s,k} G_k(q), until exactly
 *   B_s beams are selected. (The printed loop, `b = 1 … until b = B_s`, stops at B_s − 1
 *   beams; docs/paper-reading.md#e7: fill to B_s.)
 *
 * The enhancement is additive — E‖H_{s,k} F A‖_F² = γ_{s,k} Σ_{b∈A} G_k(b) exactly (gains.ts) —
 * so it does not depend on the beams already chosen, and the repeated argmax of stage 2 is
 * the same as taking the B_s − |K_s| free beams with the largest scores at once; that is how
 * it is computed (one sort).
 *
 * Cost per satellite: |K_s|·(N_TV + N_TH) Dirichlet evaluations and |K_s|·N_T multiply-adds
 * for the gains and scores, |K_s|·N_T comparisons for stage 1, N_T log N_T for the sort.
 * No N_T-sized matrix and no O(N_T) inner product per beam (a direct vᵀf_q would cost
 * O(N_T²) per UT); what remains linear in N_T is the argmax over the Q_s = N_T codewords
 * that Algorithm 3 itself performs.
 *
 * Ties (deterministic): UTs of equal γ by ascending index; beams of equal gain/score by
 * ascending codeword index. A satellite that serves nobody gets the B_s lowest indices
 * (all scores zero).
 */
import type { Scenario } from '../scenario/types.js';
import { checkAssociationShape, expandBs, servedUts } from './constraints.js';
import { codebookSize, linkBeamGains } from './gains.js';

/** What LCMS did at one satellite (for the notebook and tests). */
export interface LcmsSatelliteTrace {
  /** Stage 1 in order: UT k took beam q. */
  stage1: { k: number; q: number }[];
  /** Stage 2 in order of selection (descending score): codeword q with its score Σ_k γ_{s,k} G_k(q). */
  stage2: { q: number; score: number }[];
}

/** Result of lcmsSelection: beams[s] ascending (usable as Scenario.beams) and the per-satellite trace. */
export interface LcmsResult {
  beams: number[][];
  trace: LcmsSatelliteTrace[];
}

/**
 * LCMS beam selection (Algorithm 3) for every satellite of `scn` with its association O.
 * `Bs`: B_s, one number or one per satellite, |K_s| ≤ B_s ≤ N_T. Returns exactly B_s
 * distinct codeword indices per satellite, ascending.
 */
export function lcmsSelection(scn: Scenario, Bs: number | readonly number[]): LcmsResult {
  checkAssociationShape(scn);
  const bs = expandBs(scn, Bs);
  const nT = codebookSize(scn);
  const beams: number[][] = [];
  const trace: LcmsSatelliteTrace[] = [];
  for (let s = 0; s < scn.S; s++) {
    const ks = servedUts(scn, s).sort((a, b) => scn.links[s][b].gamma - scn.links[s][a].gamma || a - b);
    const taken = new Uint8Array(nT);
    const score = new Float64Array(nT);
    const stage1: { k: number; q: number }[] = [];
    const g = new Float64Array(nT);
    for (const k of ks) {
      linkBeamGains(scn, s, k, g);
      const gamma = scn.links[s][k].gamma;
      let best = -1;
      for (let q = 0; q < nT; q++) {
        score[q] += gamma * g[q];
        if (!taken[q] && (best < 0 || g[q] > g[best])) best = q;
      }
      taken[best] = 1;
      stage1.push({ k, q: best });
    }
    const free: number[] = [];
    for (let q = 0; q < nT; q++) if (!taken[q]) free.push(q);
    free.sort((a, b) => score[b] - score[a] || a - b);
    const stage2 = free.slice(0, bs[s] - ks.length).map((q) => ({ q, score: score[q] }));
    beams.push([...stage1.map((e) => e.q), ...stage2.map((e) => e.q)].sort((a, b) => a - b));
    trace.push({ stage1, stage2 });
  }
  return { beams, trace };
}
