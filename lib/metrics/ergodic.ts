/**
 * Ergodic rate (12) by Monte Carlo over NLoS and phase-error realisations — the reported
 * metric of Section VI (R_E = Σ_k E{R_k}).
 *
 * Per realisation (lib/channel `drawRealisation`: g_{s,k} = √ρ u + √ρ̃ ũ, ũ ~ CN(0, Σ),
 * φ_{s,k} = e^{jϱ}, ϱ ~ N(0, ζ²)) the receiver knows its instantaneous covariances
 *
 *   R_sig,k   = A_k A_k^H,  A_k = Σ_{s∈S_k} φ_{s,k} g_{s,k} (v̄_{s,k}ᵀ W_{s,k})     ((13), (9))
 *   R_other,k = Σ_s ι_{s,k} g_{s,k} g_{s,k}^H + σ_k² I,  ι_{s,k} = Σ_{j≠k} o_{s,j} ‖v̄_{s,k}ᵀ W_{s,j}‖²
 *
 * — interference without cross-satellite coherence (21): the streams of satellite s
 * towards UT j reach UT k through g_{s,k} only, asynchronous with every other satellite,
 * and their phase |φ| = 1 drops out — and R_k = log2 det(I + R_other,k^{-1} R_sig,k).
 * E{R_k} is the sample mean over `realizations` draws from the given Rng; the standard
 * error is the sample standard deviation / √realizations (per UT, and of the per-draw sum).
 *
 * What it conditions on: the UT knows its instantaneous R_sig,k and R_other,k (its own
 * channel and the instantaneous covariance of its interference). E{R_sig,k} = R̄_sig,k and
 * E{R_other,k} = R̄_other,k exactly, so E{R_k} ≤ R̄_k of (16) holds whenever R_other,k does
 * not fluctuate (no interference, or pure-LoS interfering links), but not in general: when
 * the interference dominates the noise and fluctuates, E{R_k} can exceed R̄_k (always
 * E{R_k} ≤ R̄_k + log2 det(I + R̄_interf,k/σ_k²)); see upperBound.ts and
 * docs/paper-reading.md#b1.
 */
import { drawRealisation, type ChannelRealisation } from '../channel/realisation.js';
import { CMatrix, CholeskyFactor, addIdentity, addScaledInPlace, mmul, mmulNH, rows } from '../linalg/index.js';
import {
  PrecodingError,
  beamDomainGains,
  checkPrecoders,
  checkScenarioForPrecoding,
  interferencePowers,
  precodingGeometry,
  type BeamDomainGains,
  type PrecodingGeometry,
  type Precoders,
} from '../precoding/index.js';
import type { Rng } from '../random/index.js';
import type { Scenario } from '../scenario/types.js';
import type { RateReport } from './upperBound.js';

/** Monte Carlo estimate of the ergodic rates (b/s/Hz). */
export interface ErgodicRateReport extends RateReport {
  /** Standard error of each E{R_k}. */
  perUtStdErr: number[];
  /** Standard error of Σ_k E{R_k} (from the per-realisation sums). */
  sumStdErr: number;
  /** Standard error of Σ_k β_k E{R_k}. */
  weightedSumStdErr: number;
  /** Number of realisations. */
  realizations: number;
}

/** Precomputed per-precoder quantities for fast per-realisation rates. */
export interface RateEvaluator {
  scn: Scenario;
  geo: PrecodingGeometry;
  gains: BeamDomainGains;
  /** ι[s][k]: interference power of satellite s towards UT k. */
  iota: Float64Array[];
}

/** Prepare the evaluation of a precoder's instantaneous rates (checks the inputs). */
export function rateEvaluator(scn: Scenario, precoders: Precoders | CMatrix[][]): RateEvaluator {
  const p: Precoders = Array.isArray(precoders) ? { scheme: 'given', W: precoders } : precoders;
  checkScenarioForPrecoding(scn);
  checkPrecoders(scn, p);
  const geo = precodingGeometry(scn);
  const gains = beamDomainGains(geo, p.W);
  return { scn, geo, gains, iota: interferencePowers(geo, gains) };
}

/** R_k (b/s/Hz) of every UT on one realisation (the receiver knows R_sig,k and R_other,k). */
export function realisationRates(ev: RateEvaluator, real: ChannelRealisation): number[] {
  const { scn, geo, gains, iota } = ev;
  const out: number[] = [];
  for (let k = 0; k < geo.K; k++) {
    const A = new CMatrix(geo.nR, geo.streams[k]);
    for (const s of geo.serving[k]) {
      const q = rows(gains[s][k] as CMatrix, k, k + 1); // v̄_{s,k}ᵀ W_{s,k}
      addScaledInPlace(A, mmul(real.g[s][k], q), real.phi[s][k]);
    }
    const rOther = addIdentity(new CMatrix(geo.nR, geo.nR), scn.noiseW[k]);
    for (let s = 0; s < geo.S; s++) {
      if (iota[s][k] > 0) addScaledInPlace(rOther, mmulNH(real.g[s][k], real.g[s][k]), iota[s][k]);
    }
    const total = addScaledInPlace(mmulNH(A, A), rOther);
    const r = (new CholeskyFactor(total).logDeterminant() - new CholeskyFactor(rOther).logDeterminant()) / Math.LN2;
    out.push(Math.max(0, r));
  }
  return out;
}

function meanAndStdErr(xs: ArrayLike<number>): [number, number] {
  const n = xs.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += xs[i];
  m /= n;
  if (n < 2) return [m, NaN];
  let v = 0;
  for (let i = 0; i < n; i++) v += (xs[i] - m) * (xs[i] - m);
  return [m, Math.sqrt(v / (n - 1) / n)];
}

/**
 * Ergodic rates (12) of precoders on a drop: `realizations` independent channel draws
 * from `rng` (same rng state → same numbers). Standard errors are NaN for one draw.
 */
export function ergodicRates(
  scn: Scenario,
  precoders: Precoders | CMatrix[][],
  opts: { realizations: number; rng: Rng },
): ErgodicRateReport {
  const R = opts.realizations;
  if (!Number.isInteger(R) || R < 1) throw new PrecodingError(`realizations must be an integer >= 1, got ${R}`);
  if (!opts.rng) throw new PrecodingError('ergodicRates needs an Rng (opts.rng)');
  const ev = rateEvaluator(scn, precoders);
  const K = scn.K;
  const samples = Array.from({ length: K }, () => new Float64Array(R));
  const sums = new Float64Array(R);
  const wsums = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    const rates = realisationRates(ev, drawRealisation(scn, opts.rng));
    rates.forEach((x, k) => {
      samples[k][r] = x;
      sums[r] += x;
      wsums[r] += scn.weights[k] * x;
    });
  }
  const perUt: number[] = [];
  const perUtStdErr: number[] = [];
  for (let k = 0; k < K; k++) {
    const [m, se] = meanAndStdErr(samples[k]);
    perUt.push(m);
    perUtStdErr.push(se);
  }
  const [sum, sumStdErr] = meanAndStdErr(sums);
  const [weightedSum, weightedSumStdErr] = meanAndStdErr(wsums);
  return { perUt, perUtStdErr, sum, sumStdErr, weightedSum, weightedSumStdErr, realizations: R };
}

/** R_E = Σ_k E{R_k} (12) by Monte Carlo, b/s/Hz (convenience for the experiments). */
export function ergodicSumRate(
  scn: Scenario,
  precoders: Precoders | CMatrix[][],
  rng: Rng,
  realizations: number,
): number {
  return ergodicRates(scn, precoders, { realizations, rng }).sum;
}
