/**
 * NearOpt — the interference-aware (IA) beam selection of the paper's ref. [18] (X. Gao,
 * L. Dai et al., "Near-optimal beam selection for beamspace mmWave massive MIMO systems",
 * IEEE Commun. Lett. 2016), the baseline of Section VI (Figs. 2, 7), adapted per satellite
 * to exactly B_s beams (docs/paper-reading.md#x4).
 *
 * Ref. [18] (one base station, single-antenna users, B = K beams, full CSI): every user's
 * strongest beam is found; users whose strongest beam is not shared with another user are
 * non-interfering users (NIUs) and get that beam; for the interfering users (IUs) beams
 * are added one at a time from their strong beams, each time the one that most increases
 * the sum rate of the reduced (beam-selected) channel.
 *
 * Adaptation here, per satellite s with served UTs K_s (m = |K_s|):
 * - Channel seen by the selection (sCSI, documented choice): link (s, k) is
 *   H_{s,k} F_s = g_{s,k} v_{s,k}ᵀ F_s with E‖g‖² = γ_{s,k}, rank one on the transmit side,
 *   so towards satellite s each UT acts as one equivalent single-antenna user with
 *   beam-domain row h_kᵀ = sqrt(snr_k)·v_{s,k}ᵀ F_s (the LoS+NLoS beam-domain response,
 *   exact in its transmit structure; the receive array is collapsed to its mean power),
 *   snr_k = γ_{s,k} P_s / (m σ_k²) (equal power per served UT). h_q ∈ C^m is column q.
 * - "Sum rate of the reduced channel": R(A) = log2 det(I_m + Σ_{q∈A} h_q h_qᴴ) — the
 *   sum rate of the reduced broadcast channel with equal per-UT power (MAC–BC duality),
 *   defined for any |A| (ref. [18] uses the ZF sum rate, which needs |A| ≥ m). Adding
 *   beam q raises it by log2(1 + h_qᴴ M⁻¹ h_q), M = I + Σ_{b∈A} h_b h_bᴴ (determinant
 *   lemma): the score of a candidate is its power left after projecting out the beams
 *   already chosen, i.e. interference-aware.
 * - NIUs (strongest beam unique within K_s) get their strongest beam.
 * - IUs: candidates C_k = the `candidatesPerUt` strongest beams of UT k (default 4, the
 *   main lobe of a UPA beam lies between 2×2 grid beams). While IUs remain and their
 *   candidates are not all taken: add the free candidate q* ∈ ∪_{k remaining} C_k with the
 *   largest rate increase; the remaining IU with the largest G_k(q*) among those having q*
 *   in C_k is served.
 * - Fill (the adaptation to B_s; ref. [18] stops at B = K): while fewer than B_s beams, add
 *   the free codeword (any of the N_T) with the largest rate increase.
 * Scores are kept for all N_T codewords and updated by Sherman–Morrison after each added
 * beam u = M⁻¹h_q: score_p ← score_p − |h_pᴴu|² / (1 + h_qᴴu), so each added beam costs
 * O(m·N_T + m²) and the whole selection O(B_s·m·N_T) — against O(m·N_T) for LCMS.
 *
 * Ties: smallest codeword index; among UTs, smallest index. A satellite that serves
 * nobody gets the B_s lowest indices (all scores zero); one with P_s = 0 selects as in the
 * limit P_s → 0 (received gains only, no interference-aware updates).
 */
import { arrayElements, beamResponse, directionCosines } from '../channel/steering.js';
import { CMatrix, abs2, cols, hermitianRankOneUpdateInPlace, identity, kron, mmul, mmulH } from '../linalg/index.js';
import type { Scenario } from '../scenario/types.js';
import { BeamSelectionError, checkAssociationShape, expandBs, servedUts } from './constraints.js';
import { linkBeamGains } from './gains.js';

/** Indices of the `n` largest entries of g, descending (ties: smaller index first); O(n·N_T). */
function topIndices(g: Float64Array, n: number): number[] {
  const out: number[] = [];
  const used = new Uint8Array(g.length);
  for (let t = 0; t < n; t++) {
    let best = -1;
    for (let q = 0; q < g.length; q++) if (!used[q] && (best < 0 || g[q] > g[best])) best = q;
    used[best] = 1;
    out.push(best);
  }
  return out;
}

/** Options of nearOptSelection. */
export interface NearOptOptions {
  /** Candidate beams per interfering UT: its this-many strongest beams (integer ≥ 1, default 4). */
  candidatesPerUt?: number;
}

/** What NearOpt did at one satellite. */
export interface NearOptSatelliteTrace {
  /** Non-interfering UTs and their (strongest) beam. */
  niu: { k: number; q: number }[];
  /** Interfering UTs served in the incremental phase, in order, with the beam added. */
  iu: { k: number; q: number }[];
  /** Interfering UTs whose candidates were all taken (no beam of their own). */
  iuUnserved: number[];
  /** Beams added in the fill phase, in order. */
  fill: number[];
  /** R(A_s) = log2 det(I + Σ_{q∈A_s} h_q h_qᴴ) of the final selection (b/s/Hz, the proxy). */
  proxySumRate: number;
}

/** Result of nearOptSelection: beams[s] ascending and the per-satellite trace. */
export interface NearOptResult {
  beams: number[][];
  trace: NearOptSatelliteTrace[];
}

/**
 * NearOpt (IA) beam selection of ref. [18], adapted per satellite to exactly B_s beams (see
 * the file comment). `Bs`: one number or one per satellite, |K_s| ≤ B_s ≤ N_T. Uses γ,
 * the departure angles, P_s and σ_k² of `scn`.
 */
export function nearOptSelection(
  scn: Scenario,
  Bs: number | readonly number[],
  opts: NearOptOptions = {},
): NearOptResult {
  checkAssociationShape(scn);
  const bs = expandBs(scn, Bs);
  const nC = opts.candidatesPerUt ?? 4;
  if (!Number.isInteger(nC) || nC < 1) {
    throw new BeamSelectionError(`candidatesPerUt must be an integer >= 1, got ${nC}`);
  }
  const nT = arrayElements(scn.satArray);
  const allBeams = Array.from({ length: nT }, (_, q) => q);
  const axisV = Array.from({ length: scn.satArray.nV }, (_, n) => n);
  const axisH = Array.from({ length: scn.satArray.nH }, (_, n) => n);
  const beams: number[][] = [];
  const trace: NearOptSatelliteTrace[] = [];
  for (let s = 0; s < scn.S; s++) {
    const ks = servedUts(scn, s);
    const m = ks.length;
    const P = scn.powerW[s];
    if (!(P >= 0)) throw new BeamSelectionError(`powerW[${s}] must be >= 0 W for NearOpt, got ${P}`);
    // P_s = 0 is the limit P_s → 0: the score updates are O(P_s²) against scores O(P_s),
    // so the beams are ranked by the received gains alone (M stays I, the rate stays 0)
    const pScale = P > 0 ? P : 1;
    // Hall (m × N_T): row i = sqrt(snr_k) vᵀF, k = ks[i]; gains G_k(q) = |vᵀf_q|².
    const hall = new CMatrix(m, nT);
    const gains: Float64Array[] = [];
    ks.forEach((k, i) => {
      const link = scn.links[s][k];
      const noise = scn.noiseW[k];
      if (!(noise > 0)) throw new BeamSelectionError(`noiseW[${k}] must be > 0 W for NearOpt, got ${noise}`);
      const a = Math.sqrt((link.gamma * pScale) / (m * noise));
      const [xV, xH] = directionCosines(link.thetaT, link.phiT);
      // vᵀF = (vertical-axis responses) ⊗ (horizontal-axis responses): separable, q = n_V·N_TH + n_H.
      const row = kron(
        beamResponse({ nV: scn.satArray.nV, nH: 1 }, xV, 0, axisV),
        beamResponse({ nV: scn.satArray.nH, nH: 1 }, xH, 0, axisH),
      );
      for (let q = 0; q < nT; q++) {
        hall.re[i * nT + q] = a * row.re[q];
        hall.im[i * nT + q] = a * row.im[q];
      }
      gains.push(linkBeamGains(scn, s, k));
    });

    // score_q = h_qᴴ M⁻¹ h_q, M = I initially: score_q = Σ_i |h_iq|².
    const score = new Float64Array(nT);
    const p2 = abs2(hall);
    for (let i = 0; i < m; i++) for (let q = 0; q < nT; q++) score[q] += p2[i * nT + q];
    const mInv = identity(m);
    const taken = new Uint8Array(nT);
    let rate = 0;
    const addBeam = (q: number): void => {
      taken[q] = 1;
      if (m === 0 || P === 0) return;
      const h = cols(hall, q, q + 1);
      const u = mmul(mInv, h);
      const den = 1 + mmulH(h, u).re[0];
      const c2 = abs2(mmulH(hall, u));
      for (let p = 0; p < nT; p++) score[p] -= c2[p] / den;
      hermitianRankOneUpdateInPlace(mInv, u, -1 / den);
      rate += Math.log2(den);
    };
    const bestFree = (pool: Iterable<number>): number => {
      let best = -1;
      for (const q of pool)
        if (!taken[q] && (best < 0 || score[q] > score[best] || (score[q] === score[best] && q < best))) best = q;
      return best;
    };

    const strongest = gains.map((g) => {
      let b = 0;
      for (let q = 1; q < nT; q++) if (g[q] > g[b]) b = q;
      return b;
    });
    const count = new Map<number, number>();
    for (const q of strongest) count.set(q, (count.get(q) ?? 0) + 1);
    const niu: { k: number; q: number }[] = [];
    const remaining: number[] = [];
    ks.forEach((k, i) => {
      if (count.get(strongest[i]) === 1) niu.push({ k, q: strongest[i] });
      else remaining.push(i);
    });
    for (const e of niu) addBeam(e.q);

    const cand = gains.map((g) => topIndices(g, Math.min(nC, nT)));
    const iu: { k: number; q: number }[] = [];
    while (remaining.length > 0) {
      const pool = new Set<number>();
      for (const i of remaining) for (const q of cand[i]) pool.add(q);
      const q = bestFree(pool);
      if (q < 0) break;
      let who = -1;
      for (const i of remaining) {
        if (cand[i].includes(q) && (who < 0 || gains[i][q] > gains[who][q])) who = i;
      }
      addBeam(q);
      iu.push({ k: ks[who], q });
      remaining.splice(remaining.indexOf(who), 1);
    }
    const iuUnserved = remaining.map((i) => ks[i]);

    const fill: number[] = [];
    let nSel = niu.length + iu.length;
    while (nSel < bs[s]) {
      const q = bestFree(allBeams);
      addBeam(q);
      fill.push(q);
      nSel++;
    }
    const sel: number[] = [];
    for (let q = 0; q < nT; q++) if (taken[q]) sel.push(q);
    beams.push(sel);
    trace.push({ niu, iu, iuUnserved, fill, proxySumRate: rate });
  }
  return { beams, trace };
}
