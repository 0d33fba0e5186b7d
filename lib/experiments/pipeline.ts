/**
 * The real per-drop pipeline of Section VI (the runner the sweep engine uses by default):
 *
 *   drop (lib/channel drawDrop: geometry, link budget, LSPs, Σ, φ̄; Table I)
 *   → user-centric clustering (lib/clustering, Section V-A: S_k, K_s^max)
 *   → beam selection per method used (lib/beamspace, Section V-B: LCMS, NearOpt, Full)
 *   → precoders per scheme (lib/precoding: MS²DFT, LIB, MS²CDM, MS²CDWM; Sections III–IV)
 *   → rates (lib/metrics): the upper bound Σ_k R̄_k (16) and the ergodic R_E = Σ_k E{R_k}
 *     (12) by Monte Carlo over NLoS and phase-error realisations (SPEC §7).
 *
 * Randomness: everything comes from Rng.forDrop(seed, drop): the drop from its child
 * 'drop' (so a drop index has the same satellites, UTs and sCSI at every point that does
 * not change them — P_T, M_k, B_s, schemes), the ergodic realisations from 'ergodic' (the
 * same realisations for every scheme of the task: common random numbers).
 *
 * Metrics per scheme: rateErgodic, rateUpper (b/s/Hz, sums over the K UTs), cdwmIterations
 * (MS²CDWM's Algorithm 1 iterations run; 0 for closed forms — not `iterations`, the
 * parameter I_max, so the two keep separate table columns), and timings: precodeMs /
 * precodeCpuMs (the precoder: wall-clock / CPU time of the worker thread, cputime.ts),
 * beamMs / beamCpuMs (its beam selection, computed once per method and task), rateMs (both
 * rate evaluations). Stage timings: geometryMs (the drop), clusteringMs. Wall times are
 * exact on an idle machine; CPU times stay right when other processes share the cores.
 * (Names ending in 'Ms' are timings: excluded when runs are compared.)
 *
 * Ergodic samples: 32 realisations per drop by default; measured on Table I drops the
 * standard error of R_E is then ≈ 0.2 % (≈ 0.5–1 b/s/Hz of ≈ 400), far below the
 * drop-to-drop spread (≈ 10 %) that the confidence intervals show.
 *
 * Parameters (numbers; defaults = Table I, see PIPELINE_DEFAULTS): K, S, Sk, KsMax, Bs,
 * NR (N_R, a square: N_RV = N_RH = √N_R), NT (N_T, a square), Mk, zeta2 (ζ², rad²),
 * ptDbm (P_TX per satellite and subcarrier), radiusKm, realizations (ergodic samples per
 * drop), iterations (I_max of MS²CDWM), tolerance (ε of Algorithm 1 line 25).
 * Scheme fields: precoder 'dft' | 'lib' | 'cdm' | 'cdwm', beams 'lcms' | 'nearopt' | 'full'.
 */
import { type BeamMethod, selectBeams } from '../beamspace/index.js';
import { defaultDropConfig, drawDrop } from '../channel/index.js';
import { competitionClustering } from '../clustering/index.js';
import { ergodicSumRate, upperBoundSumRate } from '../metrics/index.js';
import { type Precoders, cdmPrecoders, cdwmPrecoders, dftPrecoders, libPrecoders } from '../precoding/index.js';
import { Rng } from '../random/index.js';
import type { Scenario } from '../scenario/types.js';
import { horizonRadiusKm } from '../scenario/limits.js';
import { ConfigError, type PointParams, type SchemeSpec } from './config.js';
import { measured } from './cputime.js';
import type { DropRunner, SchemeResult, TaskContext, TaskOutput } from './runner.js';

/** Table I defaults of every pipeline parameter. */
export const PIPELINE_DEFAULTS: Readonly<Record<string, number>> = {
  K: 48,
  S: 5,
  Sk: 3,
  KsMax: 36,
  Bs: 48,
  NR: 4,
  NT: 256,
  Mk: 2,
  zeta2: 0.5,
  ptDbm: 30,
  radiusKm: 800,
  realizations: 32,
  iterations: 20,
  tolerance: 1e-3,
};

/** Precoders the pipeline knows. */
export const PRECODER_NAMES = ['dft', 'lib', 'cdm', 'cdwm'] as const;
export type PrecoderName = (typeof PRECODER_NAMES)[number];
/** Beam selections the pipeline knows. */
export const BEAM_METHODS: readonly BeamMethod[] = ['lcms', 'nearopt', 'full'];

/** A point's parameters with defaults filled in. */
export function pipelineParams(params: PointParams): Record<string, number> {
  return { ...PIPELINE_DEFAULTS, ...params };
}

function intIn(p: Record<string, number>, name: string, lo: number, hi: number, why = ''): void {
  const v = p[name];
  if (!Number.isInteger(v) || v < lo || v > hi) {
    throw new ConfigError(`${name} must be an integer in [${lo}, ${hi}]${why}, got ${v}`);
  }
}

function squareSide(p: Record<string, number>, name: string, max: number): number {
  const v = p[name];
  const side = Math.round(Math.sqrt(v));
  if (!Number.isInteger(v) || v < 1 || v > max || side * side !== v) {
    throw new ConfigError(`${name} must be a square number (N_V = N_H) in [1, ${max}] (1, 4, 9, 16, …), got ${v}`);
  }
  return side;
}

/** Check a point and its schemes (ConfigError names the parameter and the allowed range). */
export function validatePipelinePoint(params: PointParams, schemes: SchemeSpec[]): void {
  for (const k of Object.keys(params)) {
    if (!(k in PIPELINE_DEFAULTS)) {
      throw new ConfigError(
        `unknown parameter '${k}'; the pipeline knows ${Object.keys(PIPELINE_DEFAULTS).join(', ')}`,
      );
    }
  }
  const p = pipelineParams(params);
  intIn(p, 'K', 1, 10_000);
  intIn(p, 'S', 1, 100);
  intIn(p, 'Sk', 1, p.S, ' (1 ≤ S_k ≤ S)');
  intIn(p, 'KsMax', 1, 10_000);
  if (p.K * p.Sk > p.S * p.KsMax) {
    throw new ConfigError(
      `clustering is infeasible: K·S_k = ${p.K}·${p.Sk} = ${p.K * p.Sk} > S·K_s^max = ${p.S}·${p.KsMax} = ${p.S * p.KsMax} ((C1)–(C2)); raise KsMax or lower Sk`,
    );
  }
  const nR = p.NR;
  squareSide(p, 'NR', 256);
  squareSide(p, 'NT', 4096);
  intIn(p, 'Mk', 1, Math.min(p.Sk, nR), ' (Remark 1: 1 ≤ M_k ≤ min(S_k, N_R))');
  intIn(p, 'Bs', 1, p.NT, ' (B_s ≤ N_T)');
  if (!(p.zeta2 >= 0 && p.zeta2 <= 100)) throw new ConfigError(`zeta2 must be in [0, 100] rad², got ${p.zeta2}`);
  if (!(p.ptDbm >= -50 && p.ptDbm <= 100)) throw new ConfigError(`ptDbm must be in [-50, 100] dBm, got ${p.ptDbm}`);
  if (!(p.radiusKm > 0 && p.radiusKm <= horizonRadiusKm()))
    throw new ConfigError(
      `radiusKm must be in (0, ${horizonRadiusKm()}] (farther UTs see no satellite of the 600 km shell), got ${p.radiusKm}`,
    );
  intIn(p, 'realizations', 1, 1_000_000);
  intIn(p, 'iterations', 1, 10_000);
  if (!(p.tolerance >= 0 || p.tolerance === -Infinity))
    throw new ConfigError(`tolerance must be >= 0, got ${p.tolerance}`);
  schemes.forEach((s, i) => {
    if (!(PRECODER_NAMES as readonly string[]).includes(s.precoder as string)) {
      throw new ConfigError(
        `schemes[${i}] '${s.name}': precoder must be one of ${PRECODER_NAMES.join('|')}, got '${String(s.precoder)}'`,
      );
    }
    if (!BEAM_METHODS.includes(s.beams as BeamMethod)) {
      throw new ConfigError(
        `schemes[${i}] '${s.name}': beams must be one of ${BEAM_METHODS.join('|')}, got '${String(s.beams)}'`,
      );
    }
    if (s.beams !== 'full' && p.Bs < Math.min(p.KsMax, p.K)) {
      throw new ConfigError(
        `Bs = ${p.Bs} is below K_s^max = ${p.KsMax}: ${String(s.beams).toUpperCase()} needs B_s ≥ K_s (stage 1 gives every served UT a beam)`,
      );
    }
  });
}

/** The drop of a task: Table I drop configuration with the point's parameters. */
export function pipelineDrop(params: PointParams, seed: number | string, drop: number) {
  const p = pipelineParams(params);
  const nR = Math.round(Math.sqrt(p.NR));
  const nT = Math.round(Math.sqrt(p.NT));
  const config = defaultDropConfig({
    K: p.K,
    S: p.S,
    radiusKm: p.radiusKm,
    satArray: { nV: nT, nH: nT },
    utArray: { nV: nR, nH: nR },
    txPowerDbm: p.ptDbm,
    zeta2: p.zeta2,
    Sk: p.Sk,
    KsMax: p.KsMax,
    Bs: p.Bs,
    streams: p.Mk,
  });
  return drawDrop(config, Rng.forDrop(seed, drop).child('drop'));
}

/** Precoders of one scheme (sCSI only). */
export function runPrecoder(
  name: PrecoderName,
  scn: Scenario,
  p: Record<string, number>,
): Precoders & { iterations?: number } {
  switch (name) {
    case 'cdwm':
      return cdwmPrecoders(scn, { maxIterations: p.iterations, tolerance: p.tolerance });
    case 'cdm':
      return cdmPrecoders(scn);
    case 'lib':
      return libPrecoders(scn);
    case 'dft':
      return dftPrecoders(scn);
  }
}

function elapsed<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const r = f();
  return [r, performance.now() - t0];
}

/** Compute one task of a sweep: see the file comment. */
export function runPipelineTask(ctx: TaskContext): TaskOutput {
  const p = pipelineParams(ctx.params);
  const [dropRes, geometryMs] = elapsed(() => pipelineDrop(ctx.params, ctx.config.seed, ctx.drop));
  const [clustered, clusteringMs] = elapsed(() => {
    const { association } = competitionClustering(dropRes.scenario, { Sk: p.Sk, KsMax: p.KsMax });
    return { ...dropRes.scenario, association };
  });
  const beams = new Map<BeamMethod, { beams: number[][]; ms: number; cpuMs: number }>();
  const beamsFor = (method: BeamMethod) => {
    let b = beams.get(method);
    if (!b) {
      const m = measured(() => selectBeams(clustered, method === 'full' ? { method } : { method, Bs: p.Bs }));
      b = { beams: m.value, ms: m.wallMs, cpuMs: m.cpuMs };
      beams.set(method, b);
    }
    return b;
  };
  const ergodicKey = Rng.forDrop(ctx.config.seed, ctx.drop).child('ergodic').key;
  const schemes: SchemeResult[] = ctx.schemes.map((s) => {
    const sel = beamsFor(s.beams as BeamMethod);
    const scn: Scenario = { ...clustered, beams: sel.beams };
    const pm = measured(() => runPrecoder(s.precoder as PrecoderName, scn, p));
    const prec = pm.value;
    const [rates, rateMs] = elapsed(() => ({
      upper: upperBoundSumRate(scn, prec.W),
      ergodic: ergodicSumRate(scn, prec.W, new Rng(ergodicKey), p.realizations),
    }));
    return {
      scheme: s.name,
      metrics: {
        rateErgodic: rates.ergodic,
        rateUpper: rates.upper,
        cdwmIterations: prec.iterations ?? 0,
        precodeMs: pm.wallMs,
        precodeCpuMs: pm.cpuMs,
        beamMs: sel.ms,
        beamCpuMs: sel.cpuMs,
        rateMs,
      },
    };
  });
  const details = dropRes.details.flat().filter((d) => !d.blocked);
  return {
    schemes,
    stageMs: { geometryMs, clusteringMs },
    info: {
      meanElevationDeg: details.reduce((a, d) => a + d.elevationDeg, 0) / details.length,
      meanSnrDb: details.reduce((a, d) => a + d.snrDb, 0) / details.length,
    },
  };
}

/**
 * Version of the pipeline's numbers (DropRunner.version): bump when a change to this file
 * or to the modules it calls changes the rates of a task, so old checkpoints are refused.
 */
export const PIPELINE_VERSION = '1';

/** The pipeline as a sweep runner (the engine's default). */
export const runner: DropRunner = {
  version: PIPELINE_VERSION,
  validate: validatePipelinePoint,
  runTask: runPipelineTask,
};
