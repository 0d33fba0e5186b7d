/**
 * Input checks for the beam-domain model, the precoders and the rate metrics (Section II-C
 * constraints (C1)–(C7); Tr Σ = 1, docs/paper-reading.md#c4).
 *
 * Every precoder and rate entry point calls `checkScenarioForPrecoding` first, so that a malformed
 * drop fails with one message naming the field and its allowed range instead of a NaN
 * or a deep stack trace later.
 */
import { arrayElements } from '../channel/steering.js';
import type { CMatrix } from '../linalg/index.js';
import type { Scenario } from '../scenario/types.js';
import { PrecodingError, type Precoders } from './precoders.js';

function isPosInt(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 1;
}

function checkLength(name: string, arr: unknown, n: number, what: string): void {
  if (!Array.isArray(arr) || arr.length !== n) {
    const got = Array.isArray(arr) ? `length ${arr.length}` : typeof arr;
    throw new PrecodingError(`${name} must be an array of length ${n} (${what}), got ${got}`);
  }
}

/**
 * Check everything the precoders read from a scenario: sizes, link statistics (γ ≥ 0 —
 * a blocked link has γ = 0), powers (P_s ≥ 0, Σ_s P_s > 0), noise (> 0), weights (≥ 0;
 * the iterative schemes need > 0, see `checkPositiveWeights`), streams (1 ≤ M_k ≤ N_R),
 * association (0/1, every UT served by ≥ 1 satellite, (C1) with S_k ≥ 1), beams
 * (distinct codeword indices in [0, N_T)). Throws PrecodingError naming the field.
 */
export function checkScenarioForPrecoding(scn: Scenario): void {
  if (scn === null || typeof scn !== 'object') throw new PrecodingError('scenario must be an object');
  if (!isPosInt(scn.S)) throw new PrecodingError(`S must be an integer >= 1, got ${scn.S}`);
  if (!isPosInt(scn.K)) throw new PrecodingError(`K must be an integer >= 1, got ${scn.K}`);
  for (const [name, a] of [
    ['satArray', scn.satArray],
    ['utArray', scn.utArray],
  ] as const) {
    if (!a || !isPosInt(a.nV) || !isPosInt(a.nH)) {
      throw new PrecodingError(`${name} must have integer nV, nH >= 1, got ${JSON.stringify(a)}`);
    }
  }
  const { S, K } = scn;
  const nT = arrayElements(scn.satArray);
  const nR = arrayElements(scn.utArray);
  checkLength('links', scn.links, S, 'one row per satellite');
  for (let s = 0; s < S; s++) {
    checkLength(`links[${s}]`, scn.links[s], K, 'one entry per UT');
    for (let k = 0; k < K; k++) {
      const l = scn.links[s][k];
      const where = `links[${s}][${k}]`;
      if (!(Number.isFinite(l.gamma) && l.gamma >= 0)) {
        throw new PrecodingError(`${where}.gamma must be a finite number >= 0, got ${l.gamma}`);
      }
      if (!(l.kappa >= 0)) throw new PrecodingError(`${where}.kappa must be >= 0 (Infinity allowed), got ${l.kappa}`);
      for (const f of ['thetaT', 'phiT', 'thetaR', 'phiR'] as const) {
        if (!Number.isFinite(l[f])) throw new PrecodingError(`${where}.${f} must be a finite angle (rad), got ${l[f]}`);
      }
      if (!(l.phiBar >= 0 && l.phiBar <= 1)) {
        throw new PrecodingError(`${where}.phiBar must be in [0, 1], got ${l.phiBar}`);
      }
      const sg = l.sigma as CMatrix | undefined;
      if (!sg || sg.rows !== nR || sg.cols !== nR) {
        throw new PrecodingError(
          `${where}.sigma must be ${nR}x${nR} (N_R x N_R), got ${sg ? `${sg.rows}x${sg.cols}` : 'nothing'}`,
        );
      }
    }
  }
  checkLength('powerW', scn.powerW, S, 'P_s per satellite');
  scn.powerW.forEach((p, s) => {
    if (!(Number.isFinite(p) && p >= 0))
      throw new PrecodingError(`powerW[${s}] must be a finite power >= 0 W, got ${p}`);
  });
  if (!(scn.powerW.reduce((a, b) => a + b, 0) > 0)) throw new PrecodingError('powerW: at least one P_s must be > 0');
  checkLength('noiseW', scn.noiseW, K, 'σ_k² per UT');
  scn.noiseW.forEach((p, k) => {
    if (!(Number.isFinite(p) && p > 0)) throw new PrecodingError(`noiseW[${k}] must be a finite power > 0 W, got ${p}`);
  });
  checkLength('weights', scn.weights, K, 'β_k per UT');
  scn.weights.forEach((w, k) => {
    if (!(Number.isFinite(w) && w >= 0))
      throw new PrecodingError(`weights[${k}] must be a finite number >= 0, got ${w}`);
  });
  checkLength('streams', scn.streams, K, 'M_k per UT');
  scn.streams.forEach((m, k) => {
    if (!(Number.isInteger(m) && m >= 1 && m <= nR)) {
      throw new PrecodingError(`streams[${k}] must be an integer in [1, ${nR}] (1 <= M_k <= N_R), got ${m}`);
    }
  });
  checkLength('association', scn.association, S, 'one row per satellite');
  for (let s = 0; s < S; s++) {
    checkLength(`association[${s}]`, scn.association[s], K, 'one entry per UT');
    scn.association[s].forEach((o, k) => {
      if (o !== 0 && o !== 1) throw new PrecodingError(`association[${s}][${k}] must be 0 or 1, got ${o}`);
    });
  }
  for (let k = 0; k < K; k++) {
    let sk = 0;
    for (let s = 0; s < S; s++) sk += scn.association[s][k];
    if (sk === 0) throw new PrecodingError(`association: UT ${k} is served by no satellite ((C1) needs S_k >= 1)`);
  }
  checkLength('beams', scn.beams, S, 'selected codeword indices per satellite');
  for (let s = 0; s < S; s++) {
    const b = scn.beams[s];
    if (!Array.isArray(b) || b.length < 1) throw new PrecodingError(`beams[${s}] must be a non-empty array of indices`);
    const seen = new Set<number>();
    b.forEach((q, i) => {
      if (!(Number.isInteger(q) && q >= 0 && q < nT)) {
        throw new PrecodingError(`beams[${s}][${i}] must be an integer codeword index in [0, ${nT - 1}], got ${q}`);
      }
      if (seen.has(q)) throw new PrecodingError(`beams[${s}] selects codeword ${q} twice ((C4))`);
      seen.add(q);
    });
  }
}

/** Check that `p.W` has the shape W[s][k] ∈ C^{B_s × M_k} and zero blocks where o_{s,k} = 0. */
export function checkPrecoders(scn: Scenario, p: Precoders): void {
  if (!p || !Array.isArray(p.W) || p.W.length !== scn.S) {
    throw new PrecodingError(`precoders.W must have ${scn.S} rows (one per satellite)`);
  }
  for (let s = 0; s < scn.S; s++) {
    if (!Array.isArray(p.W[s]) || p.W[s].length !== scn.K) {
      throw new PrecodingError(`precoders.W[${s}] must have ${scn.K} blocks (one per UT)`);
    }
    const bs = scn.beams[s].length;
    for (let k = 0; k < scn.K; k++) {
      const w = p.W[s][k];
      if (!w || w.rows !== bs || w.cols !== scn.streams[k]) {
        throw new PrecodingError(
          `precoders.W[${s}][${k}] must be ${bs}x${scn.streams[k]} (B_s x M_k), got ${w ? `${w.rows}x${w.cols}` : 'nothing'}`,
        );
      }
      for (let i = 0; i < w.size; i++) {
        if (!Number.isFinite(w.re[i]) || !Number.isFinite(w.im[i])) {
          throw new PrecodingError(`precoders.W[${s}][${k}] has a non-finite entry`);
        }
        if (scn.association[s][k] === 0 && (w.re[i] !== 0 || w.im[i] !== 0)) {
          throw new PrecodingError(`precoders.W[${s}][${k}] must be zero: satellite ${s} does not serve UT ${k}`);
        }
      }
    }
  }
}

/**
 * MS²CDM, MS²CDWM and WMMSE weigh each UT's MSE by β_k and regularise with
 * β̃_k ∝ β_k σ_k²; a zero weight leaves the UT's W-step without a solution.
 */
export function checkPositiveWeights(scn: Scenario, scheme: string): void {
  scn.weights.forEach((w, k) => {
    if (!(w > 0)) throw new PrecodingError(`weights[${k}] must be > 0 for ${scheme}, got ${w}`);
  });
}
