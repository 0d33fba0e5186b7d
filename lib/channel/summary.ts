/**
 * Summaries of drops for notebooks and reports (Section II; notebooks/01-system-model.ipynb):
 * per-link rows for DataFrames, the singular values of the stacked multi-satellite channel
 * H_k^MS = [H_{s,k}]_{s∈S_k} (Section II-A, "Multi-Rank Structure") and the beam-domain power
 * map E‖H_{s,k} f_q‖² = γ_{s,k}|v_{s,k}ᵀ f_q|² (Fig. 8(a), eq. (49)).
 */
import { type CMatrix, eigHermitian, hermitian, hstack, mmul } from '../linalg/index.js';
import { Rng } from '../random/index.js';
import type { Scenario } from '../scenario/types.js';
import { type DropConfig, type DropResult, drawDrop } from './drop.js';
import type { ChannelRealisation } from './realisation.js';
import { beamGains, directionCosines } from './steering.js';

/** One link of one drop, flat (a DataFrame row). */
export interface LinkRow {
  drop: number;
  s: number;
  k: number;
  /** 1 if satellite s serves UT k. */
  served: number;
  elevationDeg: number;
  slantRangeKm: number;
  /** 1 for a LOS link. */
  los: number;
  kFactorDb: number;
  gammaDb: number;
  snrDb: number;
  asaDeg: number;
  esaDeg: number;
}

/** Flat rows of all links of a drawn drop (blocked links omitted). */
export function linkRows(res: DropResult, dropIndex = 0): LinkRow[] {
  const rows: LinkRow[] = [];
  res.details.forEach((row, s) =>
    row.forEach((d, k) => {
      if (d.blocked) return;
      rows.push({
        drop: dropIndex,
        s,
        k,
        served: res.scenario.association[s][k],
        elevationDeg: d.elevationDeg,
        slantRangeKm: d.slantRangeKm,
        los: d.los ? 1 : 0,
        kFactorDb: d.kFactorDb,
        gammaDb: d.gammaDb,
        snrDb: d.snrDb,
        asaDeg: d.asaDeg,
        esaDeg: d.esaDeg,
      });
    }),
  );
  return rows;
}

/** Link rows of drops 0..drops−1 drawn with Rng.forDrop(seed, drop). */
export function sampleLinkRows(config: DropConfig, seed: number | string, drops: number): LinkRow[] {
  if (!Number.isInteger(drops) || drops < 1) throw new RangeError(`drops must be an integer >= 1, got ${drops}`);
  const out: LinkRow[] = [];
  for (let d = 0; d < drops; d++) out.push(...linkRows(drawDrop(config, Rng.forDrop(seed, d)), d));
  return out;
}

/**
 * H_k^MS (H_k^MS)ᴴ = Σ_{s∈sats} g_{s,k} g_{s,k}ᴴ (N_R × N_R) for one realisation: with
 * H_{s,k} = g_{s,k} v_{s,k}ᵀ and ‖v‖ = 1 the N_T-sized factors drop out.
 */
export function stackedChannelGram(real: ChannelRealisation, k: number, satellites: readonly number[]): CMatrix {
  if (satellites.length === 0) throw new RangeError('stackedChannelGram: need at least one satellite');
  const g = hstack(...satellites.map((s) => real.g[s][k]));
  return mmul(g, hermitian(g));
}

/** Singular values of H_k^MS = [H_{s,k}]_{s∈sats}, descending (√ of the eigenvalues of the Gram). */
export function stackedSingularValues(real: ChannelRealisation, k: number, satellites: readonly number[]): number[] {
  const ev = eigHermitian(stackedChannelGram(real, k, satellites)).values;
  return Array.from(ev)
    .map((x) => Math.sqrt(Math.max(0, x)))
    .sort((a, b) => b - a);
}

/**
 * Beam-domain power map of link (s, k): entry [n_V][n_H] = γ_{s,k}|v_{s,k}ᵀ f_q|²,
 * q = n_V·N_TH + n_H (all N_T DFT beams, before selection), via the closed form (49).
 */
export function beamPowerMap(scn: Scenario, s: number, k: number): number[][] {
  const link = scn.links[s][k];
  const [xV, xH] = directionCosines(link.thetaT, link.phiT);
  const g = beamGains(scn.satArray, xV, xH);
  const { nV, nH } = scn.satArray;
  return Array.from({ length: nV }, (_, v) => Array.from(g.subarray(v * nH, (v + 1) * nH), (x) => link.gamma * x));
}
