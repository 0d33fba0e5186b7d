/**
 * The real per-drop pipeline of Section VI (the runner the sweep engine uses by default):
 *
 *   drop (lib/channel drawDrop: geometry, link budget, LSPs, Σ, φ̄; Table I)
 *   → user-centric clustering (lib/clustering, Section V-A: S_k, K_s^max)
 *   → beam selection per method used (lib/beamspace, Section V-B: LCMS, NearOpt, Full)
 *   → precoders per scheme (lib/precoding: MS²DFT, LIB, MS²CDM, MS²CDWM; Sections III–IV)
 *   → rates (lib/metrics): the upper bound Σ_k R̄_k (16) and the ergodic R_E = Σ_k E{R_k}
 *     (12) by Monte Carlo over NLoS and phase-error realisations (docs/paper-reading.md#x9).
 *
 * Randomness: everything comes from Rng.forDrop(seed, drop): the drop from its child
 * 'drop' (so a drop index has the same satellites, UTs and sCSI at every point that does
 * not change them — P_T, M_k, B_s, schemes), the ergodic realisations from 'ergodic' (the
 * same realisations for every scheme and every point of the drop with the same links:
 * common random numbers).
 *
 * Sharing within a drop (the runner's DropCache; the engine hands a worker the tasks of one
 * drop in turn): the drawn links (geometry, LSPs, γ, κ, Σ, φ̄ — independent of P_T and
 * M_k, which only set P_s and the streams), the clustering (reads γ only: the same for
 * every P_T, M_k, B_s), the LCMS and Full selections (γ, angles and association only;
 * NearOpt also reads P_s and is shared only by schemes of one point), the precoding
 * geometry of each beam set (sCSI; P_T and M_k enter only as P̃_k and the streams, set per
 * point) and the ergodic realisations; within a point, MS²CDM's W′ is both the MS²CDM
 * precoder and the start of MS²CDWM with the same beams. Each is computed once by exactly
 * the code a lone task runs, so the numbers are the same with or without sharing
 * (`runPipelineTask(ctx, null)` computes every stage at every use; the tests compare).
 *
 * Metrics per scheme: rateErgodic, rateUpper (b/s/Hz, sums over the K UTs), cdwmIterations
 * (MS²CDWM's Algorithm 1 iterations run; 0 for closed forms — not `iterations`, the
 * parameter I_max, so the two keep separate table columns), and timings: precodeMs /
 * precodeCpuMs (the precoder — for MS²CDM and MS²CDWM including MS²CDM's W′ — plus the
 * build of the precoding geometry of its beam set: wall-clock / CPU time of the worker
 * thread, cputime.ts), beamMs / beamCpuMs (its beam selection), rateMs (both rate
 * evaluations). These are costs of the computation — measured once where a shared value
 * was computed, so a complexity plot reads the same with or without sharing. Stage
 * timings of the task (wall time this task spent; 0 when the stage came from another task
 * of the drop): geometryMs (drawing the drop), clusteringMs, drawsMs (drawing the ergodic
 * realisations). Wall times are exact on an idle machine; CPU times stay right when other
 * processes share the cores. (Names ending in 'Ms' are timings: excluded when runs are
 * compared.)
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
import {
  type DropConfig,
  type DropResult,
  dbmToWatt,
  defaultDropConfig,
  drawDrop,
  linearToDb,
} from '../channel/index.js';
import { competitionClustering } from '../clustering/index.js';
import { drawRealisations, ergodicRatesOf, rateEvaluator, upperBoundRatesOf } from '../metrics/index.js';
import {
  type PrecodingGeometry,
  type Precoders,
  type RankOnePrecoder,
  cdmPrecoders,
  cdmRankOne,
  cdwmPrecoders,
  checkScenarioForPrecoding,
  dftPrecoders,
  libPrecoders,
  precodingGeometry,
} from '../precoding/index.js';
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

/** The drop configuration of a point: Table I with the point's parameters. */
function dropConfigOf(params: PointParams) {
  const p = pipelineParams(params);
  const nR = Math.round(Math.sqrt(p.NR));
  const nT = Math.round(Math.sqrt(p.NT));
  return defaultDropConfig({
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
}

/** The drop of a task: Table I drop configuration with the point's parameters. */
export function pipelineDrop(params: PointParams, seed: number | string, drop: number): DropResult {
  return drawDrop(dropConfigOf(params), Rng.forDrop(seed, drop).child('drop'));
}

/**
 * The drop of a point from a drop drawn at another point of the same drop parameters: the
 * links (geometry, LSPs, γ, κ, Σ, φ̄) do not depend on P_T or M_k (drawDrop draws nothing
 * for them), so only P_s, M_k and the per-link SNR of the details are set to the point's.
 * Applied on every path, so a shared drop and a freshly drawn one give the same numbers.
 */
function atPoint(d: DropResult, params: PointParams): DropResult {
  const p = pipelineParams(params);
  const config: DropConfig = { ...d.config, txPowerDbm: p.ptDbm, streams: p.Mk, Sk: p.Sk, KsMax: p.KsMax, Bs: p.Bs };
  const powerW = dbmToWatt(p.ptDbm);
  const scn = d.scenario;
  const details = d.details.map((row, s) =>
    row.map((det, k) =>
      det.blocked ? det : { ...det, snrDb: linearToDb((scn.links[s][k].gamma * powerW) / scn.noiseW[k]) },
    ),
  );
  return {
    ...d,
    config,
    details,
    scenario: {
      ...scn,
      powerW: new Array<number>(scn.S).fill(powerW),
      streams: new Array<number>(scn.K).fill(p.Mk),
      meta: {
        ...scn.meta,
        Sk: p.Sk,
        KsMax: p.KsMax,
        Bs: p.Bs,
        config: JSON.parse(JSON.stringify(config)) as Record<string, unknown>,
      },
    },
  };
}

/**
 * Precoders of one scheme (sCSI only). `geometry`: the scenario's precoding geometry when
 * already built; `cdmStart`: MS²CDM's W′ (`cdmRankOne`) when already computed — the
 * closed form of MS²CDM and the start of MS²CDWM.
 */
export function runPrecoder(
  name: PrecoderName,
  scn: Scenario,
  p: Record<string, number>,
  geometry?: PrecodingGeometry,
  cdmStart?: RankOnePrecoder,
): Precoders & { iterations?: number } {
  switch (name) {
    case 'cdwm':
      return cdwmPrecoders(scn, { maxIterations: p.iterations, tolerance: p.tolerance, geometry, cdmStart });
    case 'cdm':
      return cdmPrecoders(scn, { geometry, rankOne: cdmStart });
    case 'lib':
      return libPrecoders(scn, geometry);
    case 'dft':
      return dftPrecoders(scn, geometry);
  }
}

/**
 * What the tasks of one drop share, computed once and reused (see the file comment):
 * `memo(dropKey, key, f)` returns the value stored under (dropKey, key) or computes,
 * stores and returns f(). Holds the last `capacity` drops (least recently used dropped) —
 * the engine hands a worker the tasks of one drop in turn, so two suffice; within a drop,
 * every variant of its links (N_R, K, … of a sweep's points) is kept.
 *
 * Every stored value is a pure function of its key (the seed, the drop index and the
 * parameters the value depends on), so a value reused from another point is bit for bit
 * the value this point would compute: the numbers do not depend on which tasks share a
 * worker, their order, or which are already checkpointed.
 */
export class DropCache {
  private readonly drops = new Map<string, Map<string, unknown>>();

  constructor(readonly capacity = 2) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new ConfigError(`DropCache capacity must be an integer >= 1, got ${capacity}`);
    }
  }

  memo<T>(dropKey: string, key: string, f: () => T): T {
    let m = this.drops.get(dropKey);
    if (m) {
      // most recently used last
      this.drops.delete(dropKey);
      this.drops.set(dropKey, m);
    } else {
      m = new Map();
      this.drops.set(dropKey, m);
      while (this.drops.size > this.capacity) this.drops.delete(this.drops.keys().next().value as string);
    }
    if (m.has(key)) return m.get(key) as T;
    const v = f();
    m.set(key, v);
    return v;
  }

  /** Forget everything. */
  clear(): void {
    this.drops.clear();
  }

  /** Number of drops held. */
  get size(): number {
    return this.drops.size;
  }
}

/** A value with the wall and CPU time its computation took (ms), as `measured` returns it. */
type Timed<T> = ReturnType<typeof measured<T>>;

/** A precoding geometry built for another point of the same drop, beams and association, at this point. */
function atPointGeometry(g: PrecodingGeometry, scn: Scenario): PrecodingGeometry {
  // the only fields of precodingGeometry that read P_s or M_k (same formulas)
  return { ...g, streams: scn.streams.slice(), perUtPowerW: scn.powerW.reduce((a, b) => a + b, 0) / scn.K };
}

/** Cache key of the parameters listed (values in a fixed order). */
function keyOf(p: Record<string, number>, names: readonly string[]): string {
  return names.map((n) => `${n}=${p[n]}`).join(',');
}

/**
 * CPU and wall time per stage, summed over the stages a task computed (for the stage
 * benchmark, bench/stages.bench.ts): 'drop', 'clustering', 'selection <method>',
 * 'precoding geometry', 'ergodic draws', 'MS²CDM W′', 'precoder <scheme>' (without the
 * shared stages), 'rates'. A stage reused from
 * the DropCache costs nothing and is not recorded.
 */
export type StageProfile = Map<string, { cpuMs: number; wallMs: number; calls: number }>;

function record<T>(profile: StageProfile | undefined, stage: string, t: Timed<T>): Timed<T> {
  if (profile) {
    const e = profile.get(stage) ?? { cpuMs: 0, wallMs: 0, calls: 0 };
    e.cpuMs += t.cpuMs;
    e.wallMs += t.wallMs;
    e.calls++;
    profile.set(stage, e);
  }
  return t;
}

/** Parameters the drawn drop depends on (everything else is applied by atPoint). */
const DROP_KEYS = ['K', 'S', 'radiusKm', 'NR', 'NT', 'zeta2'] as const;

/**
 * Compute one task of a sweep: see the file comment. `cache`: a DropCache shared with the
 * other tasks of the same drop (the runner's), or null to compute everything here, every
 * stage at every use (the straightforward path; same numbers).
 */
export function runPipelineTask(ctx: TaskContext, cache: DropCache | null = null, profile?: StageProfile): TaskOutput {
  const p = pipelineParams(ctx.params);
  const seed = ctx.config.seed;
  // the cache holds drops by (seed, drop index); inside, every key starts with the drop's parameters
  const dropKey = `${JSON.stringify(seed)}#${ctx.drop}`;
  const linksKey = keyOf(p, DROP_KEYS);
  // every stage goes through memo: kept in the cache when there is one, computed now otherwise
  const fresh = new Set<string>();
  const memo = <T>(key: string, stage: string, f: () => T): Timed<T> => {
    const run = () => {
      fresh.add(key);
      return record(profile, stage, measured(f));
    };
    return cache ? cache.memo(dropKey, `${linksKey}|${key}`, run) : run();
  };
  // stage times of this task: 0 when the stage was reused from another task of the drop
  const spent = (key: string, t: Timed<unknown>) => (fresh.has(key) ? t.wallMs : 0);

  const drawn = memo('drop', 'drop', () => pipelineDrop(ctx.params, seed, ctx.drop));
  const dropRes = atPoint(drawn.value, ctx.params);
  // clustering reads γ only: the same for every P_T, M_k and B_s of the drop
  const clusterKey = `cluster:${keyOf(p, ['Sk', 'KsMax'])}`;
  const cl = memo(
    clusterKey,
    'clustering',
    () => competitionClustering(dropRes.scenario, { Sk: p.Sk, KsMax: p.KsMax }).association,
  );
  const clustered: Scenario = { ...dropRes.scenario, association: cl.value };

  // beam selections: LCMS and Full read γ, the angles and the association only; NearOpt also P_s
  const beamKey = (method: BeamMethod) =>
    `${clusterKey}|beams:${method}` +
    (method === 'full' ? '' : `,Bs=${p.Bs}`) +
    (method === 'nearopt' ? `,ptDbm=${p.ptDbm}` : '');
  const beamsFor = (method: BeamMethod): Timed<number[][]> =>
    memo(beamKey(method), `selection ${method}`, () =>
      selectBeams(clustered, method === 'full' ? { method } : { method, Bs: p.Bs }),
    );
  // the precoding geometry of a beam set (sCSI only): P_T and M_k enter only as perUtPowerW and streams
  const geometryFor = (method: BeamMethod, scn: Scenario): Timed<PrecodingGeometry> => {
    const g = memo(`${beamKey(method)}|geometry`, 'precoding geometry', () => precodingGeometry(scn));
    return { ...g, value: atPointGeometry(g.value, scn) };
  };
  // channel realisations of the ergodic rate: common random numbers for every scheme and point of the drop
  const drawsKey = `draws:${p.realizations}`;
  const draws = memo(drawsKey, 'ergodic draws', () =>
    drawRealisations(dropRes.scenario, Rng.forDrop(seed, ctx.drop).child('ergodic'), p.realizations),
  );

  const schemes: SchemeResult[] = ctx.schemes.map((s) => {
    const method = s.beams as BeamMethod;
    const sel = beamsFor(method);
    const scn: Scenario = { ...clustered, beams: sel.value };
    checkScenarioForPrecoding(scn);
    const geo = geometryFor(method, scn);
    // MS²CDM's W′ is both MS²CDM's precoder and MS²CDWM's start: once per point and beam set
    const start =
      s.precoder === 'cdm' || s.precoder === 'cdwm'
        ? memo(`${beamKey(method)}|cdm:ptDbm=${p.ptDbm},Mk=${p.Mk}`, 'MS²CDM W′', () => cdmRankOne(scn, geo.value))
        : null;
    const pm = record(
      profile,
      `precoder ${s.name}`,
      measured(() => runPrecoder(s.precoder as PrecoderName, scn, p, geo.value, start?.value)),
    );
    const prec = pm.value;
    const rm = record(
      profile,
      'rates',
      measured(() => {
        const ev = rateEvaluator(scn, prec, geo.value);
        return {
          upper: upperBoundRatesOf(ev).sum,
          ergodic: ergodicRatesOf(ev, { realizations: p.realizations, draws: draws.value }).sum,
        };
      }),
    );
    const rates = rm.value;
    return {
      scheme: s.name,
      metrics: {
        rateErgodic: rates.ergodic,
        rateUpper: rates.upper,
        cdwmIterations: prec.iterations ?? 0,
        precodeMs: pm.wallMs + geo.wallMs + (start?.wallMs ?? 0),
        precodeCpuMs: pm.cpuMs + geo.cpuMs + (start?.cpuMs ?? 0),
        beamMs: sel.wallMs,
        beamCpuMs: sel.cpuMs,
        rateMs: rm.wallMs,
      },
    };
  });
  const details = dropRes.details.flat().filter((d) => !d.blocked);
  return {
    schemes,
    stageMs: { geometryMs: spent('drop', drawn), clusteringMs: spent(clusterKey, cl), drawsMs: spent(drawsKey, draws) },
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
export const PIPELINE_VERSION = '2';

/**
 * The pipeline as a sweep runner. `share` (default true): keep a DropCache in this thread
 * so that the tasks of one drop share their common stages; false computes every task on
 * its own (same numbers, slower). `warmUp` (default true): the thread's first task is
 * computed twice and the first, cold run (JIT compilation: slower) discarded, so that
 * the timing metrics are steady-state costs — otherwise each worker's first point (the
 * first grid point, with drop-affine dispatch) would carry the compilation and bias the
 * complexity figure there. Numbers are the same either way.
 */
export function createPipelineRunner(opts: { share?: boolean; warmUp?: boolean } = {}): DropRunner {
  const cache = opts.share === false ? null : new DropCache(2);
  let cold = opts.warmUp !== false;
  return {
    version: PIPELINE_VERSION,
    validate: validatePipelinePoint,
    runTask: (ctx) => {
      if (cold) {
        // the first task of a thread runs on cold (not yet compiled) code: compute it once
        // unshared and discard that, so that no timing of the sweep includes compilation
        cold = false;
        runPipelineTask(ctx, null);
      }
      return runPipelineTask(ctx, cache);
    },
  };
}

/** The pipeline as a sweep runner (the engine's default; shares the stages of a drop, see DropCache). */
export const runner: DropRunner = createPipelineRunner();
