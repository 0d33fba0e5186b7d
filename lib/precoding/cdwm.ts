/**
 * MS²CDWM — Algorithm 1 (Section III-D) with Proposition 2, read as in
 * docs/paper-reading.md#e1, #e2, #e9:
 *
 *   repeat
 *     q, R̄_other,k, R̄_sig,k, R̄_sig,k^{1/2}          (lines 11–15; lib/scsi/covariance.ts)
 *     D_k (28), E_k (18), C_k = E_k^{-1} (29)         (lines 16–18; cdwmmse.ts)
 *     ψ (37)/(38), Ξ_k (44), β̃_k, T_k (40)/(41)      (lines 19–22)
 *     W̄_k = (Ξ_k + β̃_k I)^{-1} V̌_k^H T_k             (line 23; wstep.ts, structured)
 *     W′_k = η_k W̄_k, η_k = √(P̃_k / ‖W̄_k‖_F²)          (line 24; (43) with the square root)
 *   until n ≥ I_max or Σ_k β_k log2(det E′_k / det E_k) < ε   (line 25)
 *   W_{s,k} = min(√(P_s / Σ_k ‖W′_{s,k}‖²), 1) W′_{s,k}         (line 26)
 *
 * Choices where the paper is silent (docs/paper-reading.md#x1): the iteration starts from
 * MS²CDM's W′ (per-UT normalised, before line-26 scaling); E_k = χI before the first
 * iteration (χ = 1 by default); Υ_k uses a single C_j (the trailing C_j under (33) is a
 * typo). The loop works on W′ (per-UT power P̃_k = Σ_s P_s/K); line 26 is applied to the
 * output and, for the history only, to every iterate. The iteration is not monotone in the
 * rate (docs/paper-reading.md#x2): (P5) approximates (P4) and P̃_k differs from (C7).
 *
 * History: per iteration n, the (P3) objective at the iterate W′_n with its optimal C, D,
 * Σ_k β_k (L_k − R̄_k(W′_n) ln 2) (Proposition 1; printed L_k = (S N_R + 1) M_k, so it
 * matches direct.ts number for number), the upper-bound sum rate (16) of the line-26-scaled
 * W′_n, and the line-25 stopping quantity (computed from the E_k of W′_{n−1}, as printed).
 */
import type { CMatrix } from '../linalg/index.js';
import type { Scenario } from '../scenario/types.js';
import {
  PrecodingError,
  allUserCovariances,
  beamDomainGains,
  checkPositiveWeights,
  checkPrecoders,
  checkScenarioForPrecoding,
  interferencePowers,
  paperAuxiliaryDimension,
  precodingGeometry,
  type BeamDomainGains,
  type PrecodingGeometry,
  upperBoundRateOf,
  type UserCovariances,
} from '../scsi/index.js';
import { cdmRankOne } from './cdm.js';
import { type AuxiliaryStep, auxiliaryStep, psiOwn, psiSelf } from './cdwmmse.js';
import { satelliteScaleFactors, satellitePowersW, scaleSatellites } from './power.js';
import type { CdwmIterationRecord, CdwmResult, WStepMethod } from './types.js';
import {
  materialiseRankOne,
  normalisePerUt,
  rankOneGains,
  rankOneSatellitePowers,
  structuredWStep,
  type RankOnePrecoder,
  type WStepInputs,
} from './wstep.js';

/** Options of Algorithm 1. */
export interface CdwmOptions {
  /** I_max (default 20). */
  maxIterations?: number;
  /** ε of line 25 (default 1e-3); −Infinity runs exactly I_max iterations. */
  tolerance?: number;
  /** χ of line 7, E_k = χI before the first iteration (default 1). */
  chi?: number;
  /** W-step solver path (default 'auto'). */
  method?: WStepMethod;
  /** Starting W′ (per-UT normalised); default MS²CDM's W′. */
  init?: CMatrix[][];
  /**
   * MS²CDM's W′ as rank-one blocks (`cdmRankOne(scn, geometry)`), when the caller has it
   * already (e.g. it also runs MS²CDM): the default start without computing it again.
   */
  cdmStart?: RankOnePrecoder;
  /** Reuse a geometry already built for this scenario. */
  geometry?: PrecodingGeometry;
}

/** The W-step inputs (ψ, β̃, T) from the auxiliary variables of every UT (lines 19–22). */
export function cdwmWStepInputs(scn: Scenario, geo: PrecodingGeometry, aux: AuxiliaryStep[]): WStepInputs {
  const leakage = Array.from({ length: geo.S }, () => new Float64Array(geo.K));
  const betaTilde: number[] = [];
  for (let k = 0; k < geo.K; k++) {
    const d = psiSelf(geo, aux[k].G, k);
    for (let s = 0; s < geo.S; s++) leakage[s][k] = scn.weights[k] * d[s];
    if (aux[k].traceG === 0) {
      // D_k = 0: UT k receives nothing at this iterate, and (42) is 0/0 even in exact arithmetic
      throw new PrecodingError(
        `MS²CDWM: UT ${k} receives no signal from its serving satellites (D_${k} = 0: γ = 0 on every serving link, or zero own gain); its W-step (42) is undefined`,
      );
    }
    betaTilde.push((scn.weights[k] * scn.noiseW[k] * aux[k].traceG) / geo.perUtPowerW);
  }
  return {
    weights: scn.weights.slice(),
    betaTilde,
    T: aux.map((a) => a.T),
    psiOwn: aux.map((a, k) => psiOwn(geo, a.G, k)),
    leakage,
  };
}

function checkOptions(opts: CdwmOptions): Required<Pick<CdwmOptions, 'maxIterations' | 'tolerance' | 'chi'>> {
  const maxIterations = opts.maxIterations ?? 20;
  const tolerance = opts.tolerance ?? 1e-3;
  const chi = opts.chi ?? 1;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new PrecodingError(`maxIterations must be an integer >= 1, got ${maxIterations}`);
  }
  if (Number.isNaN(tolerance)) throw new PrecodingError('tolerance must be a number (−Infinity allowed), got NaN');
  if (!(chi > 0) || !Number.isFinite(chi)) throw new PrecodingError(`chi must be a finite number > 0, got ${chi}`);
  return { maxIterations, tolerance, chi };
}

/** Line-26-scaled upper-bound rates of an iterate from its gains and satellite powers. */
function scaledRates(
  scn: Scenario,
  geo: PrecodingGeometry,
  satPowers: number[],
  gains: BeamDomainGains,
  iota: Float64Array[],
) {
  const f = satPowers.map((p, s) => (p === 0 ? 1 : Math.min(1, Math.sqrt(scn.powerW[s] / p))));
  const covs = allUserCovariances(geo, gains, scn.noiseW, f, iota);
  const rates = covs.map(upperBoundRateOf);
  return {
    factors: f,
    sum: rates.reduce((a, b) => a + b, 0),
    weighted: rates.reduce((a, r, k) => a + scn.weights[k] * r, 0),
  };
}

/**
 * The (P3) objective at a precoder with its optimal C, D: Σ_k β_k (L_k − R̄_k ln 2)
 * (Proposition 1), printed L_k = (S N_R + 1) M_k, nats.
 */
export function p3AtOptimum(scn: Scenario, geo: PrecodingGeometry, covs: UserCovariances[]): number {
  return covs.reduce(
    (acc, c, k) => acc + scn.weights[k] * (paperAuxiliaryDimension(geo, k) - upperBoundRateOf(c) * Math.LN2),
    0,
  );
}

/** MS²CDWM precoders (Algorithm 1) with the per-iteration history. */
export function cdwmPrecoders(scn: Scenario, opts: CdwmOptions = {}): CdwmResult {
  const { maxIterations, tolerance, chi } = checkOptions(opts);
  if (!opts.geometry) checkScenarioForPrecoding(scn);
  checkPositiveWeights(scn, 'MS²CDWM');
  const geo = opts.geometry ?? precodingGeometry(scn);
  const method = opts.method ?? 'auto';
  // the iterate W′: dense when given by the caller, rank-one blocks after every W-step
  let dense: CMatrix[][] | null = opts.init ?? null;
  let rank1: RankOnePrecoder | null = dense ? null : (opts.cdmStart ?? cdmRankOne(scn, geo, method));
  if (dense) checkPrecoders(scn, { scheme: 'init', W: dense });
  let gains = dense ? beamDomainGains(geo, dense) : rankOneGains(rank1 as RankOnePrecoder);
  let satPowers = dense ? satellitePowersW(dense) : rankOneSatellitePowers(rank1 as RankOnePrecoder);
  let iota = interferencePowers(geo, gains);
  let covs: UserCovariances[] = allUserCovariances(geo, gains, scn.noiseW, undefined, iota);
  const history: CdwmIterationRecord[] = [];
  {
    const r = scaledRates(scn, geo, satPowers, gains, iota);
    history.push({
      iteration: 0,
      objective: p3AtOptimum(scn, geo, covs),
      upperBoundSumRate: r.sum,
      upperBoundWeightedSumRate: r.weighted,
      stopValue: NaN,
    });
  }
  // log2 det E′_k, E′ = χ I of the printed size before the first iteration
  let log2DetEPrev = Array.from({ length: geo.K }, (_, k) => paperAuxiliaryDimension(geo, k) * Math.log2(chi));
  let n = 0;
  let converged = false;
  while (n < maxIterations) {
    n++;
    const aux = covs.map((c) => auxiliaryStep(geo, c));
    let stopValue = 0;
    const log2DetE = aux.map((a) => -a.lnDetC / Math.LN2);
    for (let k = 0; k < geo.K; k++) stopValue += scn.weights[k] * (log2DetEPrev[k] - log2DetE[k]);
    log2DetEPrev = log2DetE;
    rank1 = normalisePerUt(geo, structuredWStep(geo, cdwmWStepInputs(scn, geo, aux), method), geo.perUtPowerW);
    dense = null;
    gains = rankOneGains(rank1);
    satPowers = rankOneSatellitePowers(rank1);
    iota = interferencePowers(geo, gains);
    covs = allUserCovariances(geo, gains, scn.noiseW, undefined, iota);
    const objective = p3AtOptimum(scn, geo, covs);
    const r = scaledRates(scn, geo, satPowers, gains, iota);
    history.push({
      iteration: n,
      objective,
      upperBoundSumRate: r.sum,
      upperBoundWeightedSumRate: r.weighted,
      stopValue,
    });
    if (stopValue < tolerance) {
      converged = true;
      break;
    }
  }
  const unscaled = dense ?? materialiseRankOne(geo, rank1 as RankOnePrecoder);
  const W = scaleSatellites(unscaled, satelliteScaleFactors(unscaled, scn.powerW, 'cap'));
  return { scheme: 'cdwm', W, unscaled, history, iterations: n, converged };
}
