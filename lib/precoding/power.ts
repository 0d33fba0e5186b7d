/**
 * Power bookkeeping of the beam-domain precoders: the per-satellite constraint (C7)
 * Σ_k ‖W_{s,k}‖_F² ≤ P_s (11), the line-26 scaling of Algorithm 1
 * W_{s,k} ← min(√(P_s / Σ_k ‖W′_{s,k}‖_F²), 1)·W′_{s,k}, and the equality scaling of
 * Algorithm 2 line 12 (LIB), W_{s,k} ← √(P_s / Σ_k ‖W′_{s,k}‖_F²)·W′_{s,k}.
 */
import { CMatrix, frobeniusNorm2, scale } from '../linalg/index.js';
import type { Scenario } from '../scenario/types.js';

/** All-zero precoders W[s][k] ∈ C^{B_s × M_k}. */
export function zeroPrecoderBlocks(scn: Scenario): CMatrix[][] {
  return scn.beams.map((b) => scn.streams.map((m) => new CMatrix(b.length, m)));
}

/** Transmit power of each satellite, Σ_k ‖W_{s,k}‖_F² (W), length S. */
export function satellitePowersW(W: CMatrix[][]): number[] {
  return W.map((row) => row.reduce((acc, w) => acc + frobeniusNorm2(w), 0));
}

/** ‖W_k‖_F² = Σ_s ‖W_{s,k}‖_F² of UT k (W). */
export function utPowerW(W: CMatrix[][], k: number): number {
  let p = 0;
  for (const row of W) p += frobeniusNorm2(row[k]);
  return p;
}

/**
 * Per-satellite scale factors c_s for the two rules: 'cap' (Algorithm 1 line 26,
 * c_s = min(√(P_s/p_s), 1)) or 'exact' (Algorithm 2 line 12, c_s = √(P_s/p_s)).
 * A satellite that transmits nothing (p_s = 0) keeps c_s = 1.
 */
export function satelliteScaleFactors(W: CMatrix[][], powerW: number[], rule: 'cap' | 'exact'): number[] {
  return satellitePowersW(W).map((p, s) => {
    if (p === 0) return 1;
    const c = Math.sqrt(powerW[s] / p);
    return rule === 'cap' ? Math.min(c, 1) : c;
  });
}

/** Apply per-satellite factors: W_{s,k} ← c_s W_{s,k} (new matrices). */
export function scaleSatellites(W: CMatrix[][], factors: number[]): CMatrix[][] {
  return W.map((row, s) => row.map((w) => (factors[s] === 1 ? w.clone() : scale(w, factors[s]))));
}

/** Line 26 of Algorithm 1 (rule 'cap') or line 12 of Algorithm 2 (rule 'exact'). */
export function scaleToSatellitePower(W: CMatrix[][], powerW: number[], rule: 'cap' | 'exact'): CMatrix[][] {
  return scaleSatellites(W, satelliteScaleFactors(W, powerW, rule));
}
