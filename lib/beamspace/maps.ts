/**
 * The numbers behind Fig. 8 of the paper: (a) normalised power of the pre-selection
 * beam-domain channels H_{s,k} F_s of one UT k and its serving satellites s ∈ S_k, as
 * N_TV × N_TH maps (row: vertical index n_V, column: horizontal index n_H; 0-based here);
 * (b) the beams selected at those satellites and UT k's dominant beams. The figure itself
 * is drawn in lib/experiments/fig8.ts.
 *
 * Normalisation (the paper does not say): every map is divided by the largest entry over
 * all serving satellites of UT k, so the relative strength of the satellites stays visible.
 * Dominant beams: power within `dominantDb` (default −10 dB) of UT k's strongest beam at that
 * satellite.
 */
import type { Scenario } from '../scenario/types.js';
import { BeamSelectionError } from './constraints.js';
import { beamDomainPower, beamGrid } from './gains.js';

/** One satellite's panel of Fig. 8. */
export interface BeamMapPanel {
  /** Satellite index s. */
  s: number;
  /** γ_{s,k}|v_{s,k}ᵀ f_q|² / (max over UT k's serving satellites and beams), N_TV × N_TH. */
  normalisedPower: number[][];
  /** 1 where the codeword is selected at s (A_s), N_TV × N_TH. */
  selected: number[][];
  /** 1 where UT k's power is within dominantDb of its strongest beam at s, N_TV × N_TH. */
  dominant: number[][];
  /** Share of UT k's beam-domain power at s captured by the selection. */
  capturedFraction: number;
  /** Share held by UT k's 4 strongest beams at s (sparsity of the beam-domain channel). */
  topFourShare: number;
  /** UT k's strongest codeword at s and its grid position. */
  strongestBeam: { q: number; nV: number; nH: number };
}

/**
 * The Fig. 8 panels of UT k: one per satellite serving k (ascending s), for the selection
 * `beams` (e.g. LCMS). Throws if k is served by no satellite.
 */
export function beamspaceMaps(
  scn: Scenario,
  k: number,
  beams: readonly (readonly number[])[],
  opts: { dominantDb?: number } = {},
): BeamMapPanel[] {
  if (!Number.isInteger(k) || k < 0 || k >= scn.K)
    throw new BeamSelectionError(`k must be an integer in [0, ${scn.K - 1}], got ${k}`);
  const sats: number[] = [];
  for (let s = 0; s < scn.S; s++) if (scn.association[s][k] === 1) sats.push(s);
  if (sats.length === 0) throw new BeamSelectionError(`UT ${k} is served by no satellite (column ${k} of O is zero)`);
  const dominantRatio = Math.pow(10, (opts.dominantDb ?? -10) / 10);
  const maps = sats.map((s) => beamDomainPower(scn, s, k));
  const peak = Math.max(...maps.map((m) => Math.max(...m)));
  return sats.map((s, i) => {
    const p = maps[i];
    const nT = p.length;
    const total = p.reduce((a, b) => a + b, 0);
    const sorted = Array.from(p).sort((a, b) => b - a);
    const best = p.indexOf(sorted[0]);
    const chosen = new Set(beams[s]);
    let captured = 0;
    for (const q of chosen) captured += p[q];
    const sel = new Array<number>(nT).fill(0);
    for (const q of chosen) sel[q] = 1;
    return {
      s,
      normalisedPower: beamGrid(
        scn,
        Array.from(p, (v) => (peak > 0 ? v / peak : 0)),
      ),
      selected: beamGrid(scn, sel),
      dominant: beamGrid(
        scn,
        Array.from(p, (v) => (v >= dominantRatio * sorted[0] ? 1 : 0)),
      ),
      capturedFraction: total > 0 ? captured / total : 0,
      topFourShare: total > 0 ? (sorted[0] + sorted[1] + sorted[2] + sorted[3]) / total : 0,
      strongestBeam: { q: best, nV: Math.floor(best / scn.satArray.nH), nH: best % scn.satArray.nH },
    };
  });
}
