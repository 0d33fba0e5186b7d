/**
 * Beam-domain channel power (Section V-B, eq. (49) with the squares restored,
 * docs/paper-reading.md#e8; Fig. 8).
 *
 * Link (s, k) is H_{s,k} = g_{s,k} v_{s,k}ᵀ with E‖g‖² = γ_{s,k}
 * (docs/paper-reading.md#c4), so the power on DFT beam f_q is
 * E‖H_{s,k} f_q‖² = γ_{s,k}·|v_{s,k}ᵀ f_q|², exactly (LoS and NLoS share the transmit
 * steering vector), and |v_{s,k}ᵀ f_q|² is the separable Dirichlet product of (49)
 * (O(N_TV + N_TH) sines and N_T products per link, no N_T-sized matrix). F_s is unitary,
 * so Σ_q |vᵀf_q|² = 1: the captured fraction of a link is simply Σ_{q∈A_s} |vᵀf_q|².
 */
import { arrayElements, directionCosines } from '../channel/steering.js';
import type { Scenario } from '../scenario/types.js';
import { BeamSelectionError } from './constraints.js';

/**
 * |a_N(x)ᵀ a_N(ϖ_n)^*|² = sin²(πNδ/2) / (N² sin²(πδ/2)), δ = x − ϖ_n, for n = 0..N−1 into
 * `out` — one axis of (49) with the square (the magnitude of `dirichlet`, without its phase
 * and without allocating). δ ≡ 0 (mod 2) gives exactly 1.
 */
function axisGainsInto(N: number, x: number, out: Float64Array): void {
  for (let n = 0; n < N; n++) {
    const half = (Math.PI * (x + 1 - (2 * n) / N)) / 2;
    const den = N * Math.sin(half);
    if (Math.abs(den) < 1e-12) out[n] = 1;
    else {
      const r = Math.sin(N * half) / den;
      out[n] = r * r;
    }
  }
}

/**
 * |v_{s,k}ᵀ f_q|² for q = 0..N_T−1 (dimensionless, sums to 1): the normalised beam-domain
 * power map of link (s, k), eq. (49) with squares, q = n_V·N_TH + n_H. Same values as
 * `beamGains` of lib/channel/steering.ts (tested to 1e-15), computed from the magnitudes
 * only: N_TV + N_TH pairs of sines and N_T products. Written into `out` when given.
 */
export function linkBeamGains(scn: Scenario, s: number, k: number, out?: Float64Array): Float64Array {
  const { nV, nH } = scn.satArray;
  const link = scn.links[s][k];
  const [xV, xH] = directionCosines(link.thetaT, link.phiT);
  const gv = new Float64Array(nV);
  const gh = new Float64Array(nH);
  axisGainsInto(nV, xV, gv);
  axisGainsInto(nH, xH, gh);
  const g = out ?? new Float64Array(nV * nH);
  for (let v = 0; v < nV; v++) {
    const a = gv[v];
    const o = v * nH;
    for (let h = 0; h < nH; h++) g[o + h] = a * gh[h];
  }
  return g;
}

/**
 * E‖H_{s,k} f_q‖² = γ_{s,k}·|v_{s,k}ᵀ f_q|² for every codeword q (length N_T, same unit as γ):
 * the pre-selection beam-domain power map of Fig. 8(a), index q = n_V·N_TH + n_H.
 */
export function beamDomainPower(scn: Scenario, s: number, k: number): Float64Array {
  const g = linkBeamGains(scn, s, k);
  const gamma = scn.links[s][k].gamma;
  for (let q = 0; q < g.length; q++) g[q] *= gamma;
  return g;
}

/** A length-N_T beam vector as an N_TV × N_TH grid (row n_V, column n_H), for heatmaps. */
export function beamGrid(scn: Scenario, perBeam: ArrayLike<number>): number[][] {
  const { nV, nH } = scn.satArray;
  if (perBeam.length !== nV * nH)
    throw new BeamSelectionError(`perBeam has length ${perBeam.length}, expected N_T = ${nV * nH}`);
  const out: number[][] = [];
  for (let v = 0; v < nV; v++) out.push(Array.from({ length: nH }, (_, h) => perBeam[v * nH + h]));
  return out;
}

/**
 * Captured fraction of every link's beam-domain power by the selection `beams`:
 * out[s][k] = Σ_{q∈beams[s]} |v_{s,k}ᵀ f_q|² ∈ [0, 1] (S × K; all links, served or not).
 */
export function capturedFraction(scn: Scenario, beams: readonly (readonly number[])[]): number[][] {
  const out: number[][] = [];
  for (let s = 0; s < scn.S; s++) {
    const row: number[] = [];
    for (let k = 0; k < scn.K; k++) {
      const g = linkBeamGains(scn, s, k);
      let sum = 0;
      for (const q of beams[s]) sum += g[q];
      row.push(sum);
    }
    out.push(row);
  }
  return out;
}

/**
 * The equivalent channel power of the served links, Σ_{s,k: o_{s,k}=1} γ_{s,k} Σ_{q∈A_s}
 * |v_{s,k}ᵀ f_q|² (unit of γ), and the same with all beams (Σ o_{s,k} γ_{s,k}); their ratio is
 * the captured share that LCMS maximises.
 */
export function servedChannelPower(
  scn: Scenario,
  beams: readonly (readonly number[])[],
): { captured: number; total: number; fraction: number } {
  const frac = capturedFraction(scn, beams);
  let captured = 0;
  let total = 0;
  for (let s = 0; s < scn.S; s++) {
    for (let k = 0; k < scn.K; k++) {
      if (scn.association[s][k] !== 1) continue;
      captured += scn.links[s][k].gamma * frac[s][k];
      total += scn.links[s][k].gamma;
    }
  }
  return { captured, total, fraction: total > 0 ? captured / total : 0 };
}

/** Number of codewords Q_s = N_T of the scenario's satellite array. */
export function codebookSize(scn: Scenario): number {
  return arrayElements(scn.satArray);
}
