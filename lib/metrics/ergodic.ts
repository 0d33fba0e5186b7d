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
 *
 * Speed (the Monte Carlo is a large share of a sweep): `ergodicRates` evaluates every
 * realisation with `RateKernel` — the same formulas as `realisationRates` on flat scratch
 * arrays, no matrix allocated per UT (equal to round-off; `realisationRates` stays the
 * readable reference, and the kernel falls back to it where a Cholesky pivot is not
 * clearly positive). The realisations depend on the drop's sCSI only — not on the
 * precoder, the beams or P_T — so a caller comparing schemes (common random numbers) can
 * draw them once (`drawRealisations`) and pass them as `draws`: the numbers are those of
 * drawing them again from the same Rng state.
 */
import { drawRealisation, type ChannelRealisation } from '../channel/realisation.js';
import { CMatrix, ShiftedPsdFactor, addIdentity, addScaledInPlace, mmul, mmulNH, rows } from '../linalg/index.js';
import type { Rng } from '../random/index.js';
import type { Scenario } from '../scenario/types.js';
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
} from '../scsi/index.js';
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

/**
 * Prepare the evaluation of a precoder's instantaneous rates (checks the inputs).
 * `geometry`: the drop's precoding geometry when already built (it is then not rebuilt
 * and the scenario is assumed checked by whoever built it).
 */
export function rateEvaluator(
  scn: Scenario,
  precoders: Precoders | CMatrix[][],
  geometry?: PrecodingGeometry,
): RateEvaluator {
  const p: Precoders = Array.isArray(precoders) ? { scheme: 'given', W: precoders } : precoders;
  if (!geometry) checkScenarioForPrecoding(scn);
  checkPrecoders(scn, p);
  const geo = geometry ?? precodingGeometry(scn);
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
    // σ_k²I + rank ≤ S + M_k: the noise is the shift (Cholesky, or the spectral limit when
    // σ² is below the round-off of the rank-deficient rest)
    const noise = scn.noiseW[k];
    const r =
      (new ShiftedPsdFactor(total, noise).logDeterminant() - new ShiftedPsdFactor(rOther, noise).logDeterminant()) /
      Math.LN2;
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

/** Options of `ergodicRates`. */
export interface ErgodicOptions {
  /** Number of channel realisations R. */
  realizations: number;
  /** Where the realisations are drawn from (not needed with `draws`). */
  rng?: Rng;
  /** The R realisations already drawn (`drawRealisations`), shared between precoders. */
  draws?: readonly ChannelRealisation[];
  /** The drop's precoding geometry, when already built. */
  geometry?: PrecodingGeometry;
}

/** Check the realisation count and source; returns R. */
function checkErgodicOptions(opts: Omit<ErgodicOptions, 'geometry'>): number {
  const R = opts.realizations;
  if (!Number.isInteger(R) || R < 1) throw new PrecodingError(`realizations must be an integer >= 1, got ${R}`);
  if (opts.draws !== undefined && opts.draws.length !== R) {
    throw new PrecodingError(`draws must hold realizations = ${R} channel realisations, got ${opts.draws.length}`);
  }
  if (!opts.draws && !opts.rng) throw new PrecodingError('ergodicRates needs an Rng (opts.rng)');
  return R;
}

/** `count` channel realisations drawn in sequence from `rng` (the draws ergodicRates makes). */
export function drawRealisations(scn: Scenario, rng: Rng, count: number): ChannelRealisation[] {
  if (!Number.isInteger(count) || count < 1) {
    throw new PrecodingError(`realizations must be an integer >= 1, got ${count}`);
  }
  return Array.from({ length: count }, () => drawRealisation(scn, rng));
}

/** Relative pivot margin below which the fast kernel defers to the reference (as ShiftedPsdFactor). */
const PIVOT_TRUST_MARGIN = 2 ** 20 * Number.EPSILON;

/**
 * ln det of the Hermitian matrix in the lower triangle of (ar, ai) (n × n, row-major),
 * destroyed in place (Cholesky–Banachiewicz, ln det = Σ ln pivot). NaN when a pivot p_j is
 * not accurate — p_j ≤ 2²⁰·ε·(j+1)·a_jj, the trust margin of lib/linalg's ShiftedPsdFactor
 * (its round-off bound is (j+1)·ε·a_jj) — so the caller takes the reference path, whose
 * shift-aware factor then gives the semidefinite limit.
 */
function lnDetLowerInPlace(ar: Float64Array, ai: Float64Array, n: number): number {
  let ld = 0;
  for (let j = 0; j < n; j++) {
    const jo = j * n;
    let d = ar[jo + j];
    const trusted = PIVOT_TRUST_MARGIN * (j + 1) * d;
    for (let q = 0; q < j; q++) d -= ar[jo + q] * ar[jo + q] + ai[jo + q] * ai[jo + q];
    if (!(d > trusted) || !Number.isFinite(d)) return NaN;
    ld += Math.log(d);
    const ljj = Math.sqrt(d);
    ar[jo + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const io = i * n;
      let sr = ar[io + j];
      let si = ai[io + j];
      // − Σ_{q<j} L_iq · conj(L_jq)
      for (let q = 0; q < j; q++) {
        sr -= ar[io + q] * ar[jo + q] + ai[io + q] * ai[jo + q];
        si -= ai[io + q] * ar[jo + q] - ar[io + q] * ai[jo + q];
      }
      ar[io + j] = sr / ljj;
      ai[io + j] = si / ljj;
    }
  }
  return ld;
}

/**
 * R_k of every UT on one realisation — the formulas of `realisationRates` on flat scratch
 * arrays (lower triangles only, no allocation per UT or realisation). Equal to
 * `realisationRates` to round-off; a UT whose Cholesky pivot is not clearly positive is
 * evaluated by `realisationRates` instead.
 */
export class RateKernel {
  private readonly ev: RateEvaluator;
  private readonly nR: number;
  /** q_{s,k} = row k of gains[s][k] (1 × M_k) for s ∈ S_k: qr/qi[qOff[k] + a·M_k + m]. */
  private readonly qr: Float64Array;
  private readonly qi: Float64Array;
  private readonly qOff: Int32Array;
  private readonly oR: Float64Array;
  private readonly oI: Float64Array;
  private readonly tR: Float64Array;
  private readonly tI: Float64Array;
  private readonly aR: Float64Array;
  private readonly aI: Float64Array;

  constructor(ev: RateEvaluator) {
    this.ev = ev;
    const { geo, gains } = ev;
    const n = geo.nR;
    this.nR = n;
    this.qOff = new Int32Array(geo.K + 1);
    for (let k = 0; k < geo.K; k++) this.qOff[k + 1] = this.qOff[k] + geo.serving[k].length * geo.streams[k];
    this.qr = new Float64Array(this.qOff[geo.K]);
    this.qi = new Float64Array(this.qOff[geo.K]);
    let mMax = 1;
    for (let k = 0; k < geo.K; k++) {
      const m = geo.streams[k];
      mMax = Math.max(mMax, m);
      geo.serving[k].forEach((s, a) => {
        const g = gains[s][k] as CMatrix;
        for (let c = 0; c < m; c++) {
          this.qr[this.qOff[k] + a * m + c] = g.re[k * g.cols + c];
          this.qi[this.qOff[k] + a * m + c] = g.im[k * g.cols + c];
        }
      });
    }
    this.oR = new Float64Array(n * n);
    this.oI = new Float64Array(n * n);
    this.tR = new Float64Array(n * n);
    this.tI = new Float64Array(n * n);
    this.aR = new Float64Array(n * mMax);
    this.aI = new Float64Array(n * mMax);
  }

  /** R_k (b/s/Hz) of every UT on `real`, into `out` (length K). */
  rates(real: ChannelRealisation, out: Float64Array): Float64Array {
    const { scn, geo, iota } = this.ev;
    const n = this.nR;
    const { oR, oI, tR, tI, aR, aI, qr, qi } = this;
    let fallback: number[] | null = null;
    for (let k = 0; k < geo.K; k++) {
      const m = geo.streams[k];
      // R_other,k = σ² I + Σ_s ι_{s,k} g gᴴ (lower triangle)
      oR.fill(0);
      oI.fill(0);
      for (let i = 0; i < n; i++) oR[i * n + i] = scn.noiseW[k];
      for (let s = 0; s < geo.S; s++) {
        const w = iota[s][k];
        if (!(w > 0)) continue;
        const g = real.g[s][k];
        for (let i = 0; i < n; i++) {
          const xr = w * g.re[i];
          const xi = w * g.im[i];
          for (let j = 0; j <= i; j++) {
            oR[i * n + j] += xr * g.re[j] + xi * g.im[j];
            oI[i * n + j] += xi * g.re[j] - xr * g.im[j];
          }
        }
      }
      // A_k = Σ_{s∈S_k} φ_{s,k} g_{s,k} q_{s,k}  (N_R × M_k)
      aR.fill(0, 0, n * m);
      aI.fill(0, 0, n * m);
      const sk = geo.serving[k];
      for (let a = 0; a < sk.length; a++) {
        const s = sk[a];
        const g = real.g[s][k];
        const ph = real.phi[s][k];
        const qo = this.qOff[k] + a * m;
        for (let i = 0; i < n; i++) {
          const cr = ph.re * g.re[i] - ph.im * g.im[i];
          const ci = ph.re * g.im[i] + ph.im * g.re[i];
          for (let c = 0; c < m; c++) {
            aR[i * m + c] += cr * qr[qo + c] - ci * qi[qo + c];
            aI[i * m + c] += cr * qi[qo + c] + ci * qr[qo + c];
          }
        }
      }
      // total = R_other + A Aᴴ (lower triangle)
      for (let i = 0; i < n; i++) {
        for (let j = 0; j <= i; j++) {
          let sr = oR[i * n + j];
          let si = oI[i * n + j];
          for (let c = 0; c < m; c++) {
            const xr = aR[i * m + c];
            const xi = aI[i * m + c];
            const yr = aR[j * m + c];
            const yi = aI[j * m + c];
            sr += xr * yr + xi * yi;
            si += xi * yr - xr * yi;
          }
          tR[i * n + j] = sr;
          tI[i * n + j] = si;
        }
      }
      const r = (lnDetLowerInPlace(tR, tI, n) - lnDetLowerInPlace(oR, oI, n)) / Math.LN2;
      if (Number.isNaN(r)) {
        fallback ??= realisationRates(this.ev, real);
        out[k] = fallback[k];
      } else {
        out[k] = Math.max(0, r);
      }
    }
    return out;
  }
}

/**
 * Ergodic rates (12) of precoders on a drop: `realizations` independent channel draws
 * from `rng` (same rng state → same numbers), or the given `draws`. Standard errors are
 * NaN for one draw.
 */
export function ergodicRates(
  scn: Scenario,
  precoders: Precoders | CMatrix[][],
  opts: ErgodicOptions,
): ErgodicRateReport {
  checkErgodicOptions(opts);
  return ergodicRatesOf(rateEvaluator(scn, precoders, opts.geometry), opts);
}

/** `ergodicRates` from a rate evaluator already built (e.g. shared with `upperBoundRatesOf`). */
export function ergodicRatesOf(ev: RateEvaluator, opts: Omit<ErgodicOptions, 'geometry'>): ErgodicRateReport {
  const R = checkErgodicOptions(opts);
  const scn = ev.scn;
  const kernel = new RateKernel(ev);
  const K = scn.K;
  const samples = Array.from({ length: K }, () => new Float64Array(R));
  const sums = new Float64Array(R);
  const wsums = new Float64Array(R);
  const rates = new Float64Array(K);
  for (let r = 0; r < R; r++) {
    kernel.rates(opts.draws ? opts.draws[r] : drawRealisation(scn, opts.rng as Rng), rates);
    for (let k = 0; k < K; k++) {
      const x = rates[k];
      samples[k][r] = x;
      sums[r] += x;
      wsums[r] += scn.weights[k] * x;
    }
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
