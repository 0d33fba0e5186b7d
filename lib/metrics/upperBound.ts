/**
 * The sCSI rate R̄_k of (16) — the design metric of Section III-A that every precoder of
 * the kit maximises (the paper calls it an upper bound; see below when it is one):
 *
 *   R̄_k = log2 det(I + R̄_other,k^{-1} R̄_sig,k),   R̄_sig,k = E_{H,φ}{R_sig,k},
 *   R̄_other,k = E_{H,φ}{R_other,k}   (b/s/Hz)
 *
 * with R̄_sig,k (Algorithm 1 line 14) and R̄_other,k ((21), no cross-satellite coherence)
 * computed from sCSI (lib/scsi/covariance.ts).
 *
 * When it bounds the ergodic rate E{R_k} of (12) (docs/paper-reading.md#b1). With
 * J(X) = log2 det E{X} − E{log2 det X} ≥ 0 (Jensen, log det concave),
 *
 *   R̄_k − E{R_k} = J(R_sig,k + R_other,k) − J(R_other,k).
 *
 * - R̄_k ≥ E{R_k} whenever R_other,k does not fluctuate (J(R_other,k) = 0): UT k sees no
 *   interference, or every interfering link to it is pure LoS (κ = ∞; the phase error
 *   drops out of the asynchronous interference (21)). It also bounds the rate of a UT that
 *   knows only R̄_other,k and treats the interference as noise of that covariance (the
 *   paper's "R̄_other,k known at UT k"): E{log2 det(I + R̄_other,k^{-1} R_sig,k)} ≤ R̄_k.
 * - It need not bound the kit's ergodic rate (ergodic.ts), where the UT knows its
 *   instantaneous R_other,k: the interference term's Jensen gap has the opposite sign and
 *   wins when interference dominates noise and fluctuates (Rician/Rayleigh interfering
 *   links, few interfering directions) — e.g. two co-located UTs at 80 dBm, MS²CDWM:
 *   E{R} = 2.17 R̄ (test/metrics/bound.test.ts). Always
 *   E{R_k} ≤ R̄_k + log2 det(I + R̄_interf,k/σ_k²), R̄_interf,k = R̄_other,k − σ_k² I.
 * - Where it does bound, it is loose: it counts the NLoS part and the incoherent
 *   (1 − |φ̄|²)ρuuᴴ part as useful full-rank signal, so it can exceed the ergodic rate by
 *   several b/s/Hz per UT.
 *
 * The function names (`upperBoundRates`, …) keep the paper's name for this quantity.
 */
import type { CMatrix } from '../linalg/index.js';
import type { Scenario } from '../scenario/types.js';
import {
  allUserCovariances,
  beamDomainGains,
  checkPrecoders,
  checkScenarioForPrecoding,
  precodingGeometry,
  upperBoundRateOf,
  type PrecodingGeometry,
  type Precoders,
} from '../scsi/index.js';
import type { RateEvaluator } from './ergodic.js';

/** Per-UT and summed rates (b/s/Hz). */
export interface RateReport {
  /** R_k per UT. */
  perUt: number[];
  /** Σ_k R_k. */
  sum: number;
  /** Σ_k β_k R_k. */
  weightedSum: number;
}

function asPrecoders(p: Precoders | CMatrix[][]): Precoders {
  return Array.isArray(p) ? { scheme: 'given', W: p } : p;
}

/** The sCSI rates R̄_k of (16) of precoders on a drop (sCSI only; the paper's "upper bound", see the file comment). */
export function upperBoundRates(
  scn: Scenario,
  precoders: Precoders | CMatrix[][],
  geometry?: PrecodingGeometry,
): RateReport {
  const p = asPrecoders(precoders);
  if (!geometry) checkScenarioForPrecoding(scn);
  checkPrecoders(scn, p);
  const geo = geometry ?? precodingGeometry(scn);
  const perUt = allUserCovariances(geo, beamDomainGains(geo, p.W), scn.noiseW).map(upperBoundRateOf);
  return {
    perUt,
    sum: perUt.reduce((a, b) => a + b, 0),
    weightedSum: perUt.reduce((a, r, k) => a + scn.weights[k] * r, 0),
  };
}

/**
 * The upper-bound rates (16) from a rate evaluator (its gains and geometry, already
 * checked): the numbers of `upperBoundRates` without forming the gains again — for a
 * caller that also evaluates the ergodic rate of the same precoder.
 */
export function upperBoundRatesOf(ev: RateEvaluator): RateReport {
  const perUt = allUserCovariances(ev.geo, ev.gains, ev.scn.noiseW).map(upperBoundRateOf);
  return {
    perUt,
    sum: perUt.reduce((a, b) => a + b, 0),
    weightedSum: perUt.reduce((a, r, k) => a + ev.scn.weights[k] * r, 0),
  };
}

/** Σ_k R̄_k (16), b/s/Hz. */
export function upperBoundSumRate(scn: Scenario, precoders: Precoders | CMatrix[][]): number {
  return upperBoundRates(scn, precoders).sum;
}
