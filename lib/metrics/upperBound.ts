/**
 * Upper-bound rate (16) — the design metric of Section III-A; SPEC §7:
 *
 *   R̄_k = log2 det(I + R̄_other,k^{-1} R̄_sig,k),   R̄ = E_{H,φ}{R}  (b/s/Hz)
 *
 * with R̄_sig,k (Algorithm 1 line 14) and R̄_other,k ((21), no cross-satellite coherence)
 * computed from sCSI (lib/precoding/covariance.ts). Loose: it counts the NLoS and the
 * incoherent (1 − |φ̄|²)ρuuᴴ parts as useful full-rank signal (SPEC §7), so it can exceed
 * the ergodic rate (12) by several b/s/Hz per UT.
 */
import type { CMatrix } from '../linalg/index.js';
import {
  allUserCovariances,
  beamDomainGains,
  checkPrecoders,
  checkScenarioForPrecoding,
  precodingGeometry,
  upperBoundRateOf,
  type PrecodingGeometry,
  type Precoders,
} from '../precoding/index.js';
import type { Scenario } from '../scenario/types.js';
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

/** The upper-bound rates (16) of precoders on a drop (sCSI only). */
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
