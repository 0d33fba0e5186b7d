/**
 * The sCSI aging study (beyond the paper; fig-aging, notebook 05) as a sweep runner: one
 * task = one (age Δt, drop). Precoders designed on the drop's sCSI at t₀ and *kept* are
 * compared with precoders *recomputed* at t = t₀ + Δt, on the channel at t
 * (lib/channel/evolve.ts: same UTs, satellites moved, sCSI recomputed).
 *
 *   t₀: drop (pipeline.ts `pipelineDrop`, the same drop as the paper's figures use)
 *       → competition clustering → beam selection per method → precoder per scheme;
 *   t:  dropAt(drop, Δt) → the same chain again (the refresh, timed);
 *   rates at t: kept = {association, beams, W} of t₀ on the sCSI of t;
 *               fresh = {association, beams, W} of t on the sCSI of t.
 *
 * Kept means everything designed at t₀ is frozen — the cooperating set (the drop's S
 * satellites), the association O (clustering), the active beams A_s and the precoder W —
 * while the channel moves underneath. The fresh design keeps the same S satellites (the
 * set is followed, 'tracked'); how the S nearest satellites change over a pass is the
 * handover study's subject (handoverRunner.ts). The kept blocks W_{s,k} get the phase
 * that the array-centre reference of the steering vectors adds between t₀ and t
 * (lib/channel/evolve.ts `keptPhaseRad`; parameter cornerPhase = 1 takes the element-0
 * reference of (7)–(8) literally instead).
 *
 * Randomness: as pipeline.ts — the drop from Rng.forDrop(seed, drop).child('drop'), the
 * ergodic realisations from its child 'ergodic', the same realisations for kept and fresh
 * and for every Δt (common random numbers). At Δt = 0 the channel is the static drop, the
 * kept and the fresh design are the pipeline's, so rateKept = rateFresh = the pipeline's
 * rateErgodic for the same point, drop and scheme, bit for bit (tested).
 *
 * Metrics per scheme: rateKept, rateFresh (ergodic sum rate (12), b/s/Hz), keptFraction =
 * rateKept / rateFresh, rateUpperKept, rateUpperFresh (upper bound (16)), iterations (of the
 * refresh), utsUnserved (UTs of the refresh without a serving satellite above the horizon,
 * designAt; 0 at the ages studied), and the CPU time of the refresh at t (ms, thread CPU
 * time, cputime.ts): clusteringCpuMs (shared by all schemes), beamCpuMs (its beam selection,
 * once per method and task), precodeCpuMs, and refreshCpuMs = their sum — what one core
 * spends to redesign this scheme once. Task info: meanElevationDeg, blockedLinks, beamDrift
 * (mean drift of the departure direction cosines since t₀, in DFT beam spacings 2/N),
 * satellitesReplaced / setReplacedFraction (satellites of the S nearest at t that are not
 * the drop's: how far the tracked set is from the paper's rule at t).
 *
 * Parameters: every pipeline.ts parameter (Table I defaults) and
 *   dtS        age Δt of the sCSI (s), 0 … 3600;
 *   redrawLsp  0 (default): the drop's large-scale deviates persist; 1: independent at t;
 *   cornerPhase 0 (default): array-centre phase reference; 1: element 0 (see above);
 *   minElevationDeg service elevation mask (default 0 = the horizon, the drop's own rule):
 *              links below it cannot serve (visibleAssociation).
 * Scheme fields: precoder 'dft' | 'lib' | 'cdm' | 'cdwm', beams 'lcms' | 'nearopt' | 'full'.
 *
 * Within one worker thread the t₀ design of the last few drops is cached (the tasks of a
 * drop arrive together, drop-major): it is a deterministic function of (seed, drop,
 * parameters, schemes), so a cached and a recomputed design are identical.
 */
import { type BeamMethod, selectBeams } from '../beamspace/index.js';
import { type DropResult, dropAt, keptPhaseRad } from '../channel/index.js';
import { competitionClustering } from '../clustering/index.js';
import { nearestSatellites, constellationAt } from '../geometry/index.js';
import { type CMatrix, scale } from '../linalg/index.js';
import { ergodicSumRate, upperBoundSumRate } from '../metrics/index.js';
import type { Precoders } from '../precoding/index.js';
import { Rng } from '../random/index.js';
import type { LinkStats, Scenario } from '../scenario/types.js';
import { ConfigError, type PointParams, type SchemeSpec } from './config.js';
import { measured } from './cputime.js';
import {
  PIPELINE_DEFAULTS,
  type PrecoderName,
  pipelineDrop,
  pipelineParams,
  runPrecoder,
  validatePipelinePoint,
} from './pipeline.js';
import type { DropRunner, SchemeResult, TaskContext, TaskOutput } from './runner.js';

/** Parameters of the time studies on top of the pipeline's, with their defaults. */
export const AGING_EXTRA_DEFAULTS: Readonly<Record<string, number>> = {
  dtS: 0,
  redrawLsp: 0,
  cornerPhase: 0,
  minElevationDeg: 0,
};

/** Largest age accepted (s). */
export const MAX_AGING_DT_S = 3600;

/** Split a point into the pipeline's parameters and the named extras (defaults filled in). */
export function splitParams(
  params: PointParams,
  extras: Readonly<Record<string, number>>,
): { pipeline: PointParams; extra: Record<string, number> } {
  const pipeline: PointParams = {};
  const extra: Record<string, number> = { ...extras };
  for (const [k, v] of Object.entries(params)) {
    if (k in extras) extra[k] = v;
    else pipeline[k] = v;
  }
  return { pipeline, extra };
}

/** Check a 0/1 switch; ConfigError names it. */
export function checkSwitch(name: string, v: number, meaning: string): void {
  if (v !== 0 && v !== 1) throw new ConfigError(`${name} must be 0 or 1 (${meaning}), got ${v}`);
}

/** Check a point of the aging study (one clear line naming the first bad value). */
export function validateAgingPoint(params: PointParams, schemes: SchemeSpec[]): void {
  const { pipeline, extra } = splitParams(params, AGING_EXTRA_DEFAULTS);
  try {
    validatePipelinePoint(pipeline, schemes);
  } catch (e) {
    const msg = (e as Error).message;
    if (/^unknown parameter/.test(msg)) {
      const known = [...Object.keys(PIPELINE_DEFAULTS), ...Object.keys(AGING_EXTRA_DEFAULTS)];
      throw new ConfigError(`${msg.replace(/;.*$/, '')}; the aging runner knows ${known.join(', ')}`);
    }
    throw e;
  }
  if (!(Number.isFinite(extra.dtS) && extra.dtS >= 0 && extra.dtS <= MAX_AGING_DT_S)) {
    throw new ConfigError(`dtS must be an age in seconds in [0, ${MAX_AGING_DT_S}], got ${extra.dtS}`);
  }
  checkSwitch('redrawLsp', extra.redrawLsp, '0: large-scale deviates persist, 1: redrawn at t');
  checkSwitch('cornerPhase', extra.cornerPhase, '0: array-centre phase reference, 1: element 0');
  checkMinElevation(extra.minElevationDeg);
}

/** Check the service elevation mask (degrees); ConfigError names it. */
export function checkMinElevation(v: number): void {
  if (!(Number.isFinite(v) && v >= 0 && v < 90)) {
    throw new ConfigError(`minElevationDeg must be a service elevation mask in [0, 90) degrees, got ${v}`);
  }
}

/** A design at one instant: association, beams per method, precoders per scheme, with CPU times. */
export interface InstantDesign {
  /** The scenario with the clustered association, links below the horizon removed (beams not yet selected). */
  clustered: Scenario;
  clusteringCpuMs: number;
  /** UTs designed for (ascending): those with a serving satellite above the horizon — every UT at t₀. */
  keep: number[];
  /** The other UTs (unserved: rate 0), ascending. */
  unserved: number[];
  /** Beams per method, selected for the `keep` UTs. */
  beams: Map<BeamMethod, { beams: number[][]; cpuMs: number }>;
  /** Per scheme name: the precoders of the `keep` UTs (W[s][i] for UT keep[i]) and their CPU time. */
  precoders: Map<string, { W: CMatrix[][]; cpuMs: number; iterations: number }>;
}

/** Elevation (rad) of the satellite seen from the UT: asin of the zenith direction cosine sin θ^r sin φ^r. */
export function linkElevationRad(l: LinkStats): number {
  return Math.asin(Math.max(-1, Math.min(1, Math.sin(l.thetaR) * Math.sin(l.phiR))));
}

/** True when link (s, k) can serve: above the horizon (γ > 0) and at or above the elevation mask (rad). */
export function canServe(l: LinkStats, minElevationRad: number): boolean {
  return l.gamma > 0 && (minElevationRad <= 0 || linkElevationRad(l) >= minElevationRad);
}

/**
 * Competition clustering of a scenario (Section V-A) with the point's S_k, K_s^max, timed.
 * With an elevation mask > 0 the clustering sees γ = 0 on the links below it (so it prefers
 * satellites that can serve); the returned scenario keeps the true γ.
 */
export function clusterTimed(
  scn: Scenario,
  p: Record<string, number>,
  minElevationRad = 0,
): { scenario: Scenario; cpuMs: number } {
  const m = measured(() => {
    const seen =
      minElevationRad > 0
        ? {
            ...scn,
            links: scn.links.map((row) => row.map((l) => (canServe(l, minElevationRad) ? l : { ...l, gamma: 0 }))),
          }
        : scn;
    return competitionClustering(seen, { Sk: p.Sk, KsMax: p.KsMax }).association;
  });
  return { scenario: { ...scn, association: m.value }, cpuMs: m.cpuMs };
}

/**
 * The association without the links that cannot serve (canServe): below the horizon
 * (γ = 0) or below the elevation mask. Late in a pass a kept association, or a clustering
 * forced to use a low satellite, has such links; with the default mask 0 (the aging study)
 * none exists on a Table I drop at t₀, so the design there is exactly the pipeline's. Links
 * just above the horizon are why a mask is needed over a pass: the atmospheric loss
 * 0.04 dB / sin α of the path-loss model (lib/channel/linkBudget.ts) diverges at grazing
 * elevation (γ ≈ 1e-99 at 0.002° was seen), which no precoder can use.
 */
export function visibleAssociation(scn: Scenario, minElevationRad = 0): number[][] {
  return scn.association.map((row, s) =>
    row.map((o, k) => (o === 1 && canServe(scn.links[s][k], minElevationRad) ? 1 : 0)),
  );
}

/** UTs served by at least one satellite in the scenario's association, ascending. */
export function servedUts(scn: Scenario): number[] {
  const out: number[] = [];
  for (let k = 0; k < scn.K; k++) if (scn.association.some((row) => row[k] === 1)) out.push(k);
  return out;
}

/** The scenario restricted to the UTs `keep` (ascending), satellites and beams unchanged. */
export function utSubset(scn: Scenario, keep: readonly number[]): Scenario {
  if (keep.length === scn.K) return scn;
  return {
    ...scn,
    K: keep.length,
    links: scn.links.map((row) => keep.map((k) => row[k])),
    noiseW: keep.map((k) => scn.noiseW[k]),
    weights: keep.map((k) => scn.weights[k]),
    streams: keep.map((k) => scn.streams[k]),
    association: scn.association.map((row) => keep.map((k) => row[k])),
  };
}

/**
 * Design every scheme on `scn` as pipeline.ts does: clustering (unless `association` is
 * given), one beam selection per method, then each scheme's precoder — all timed (CPU).
 * Links that cannot serve (below the horizon or the elevation mask, rad) are dropped from
 * the association (visibleAssociation); UTs left with no serving satellite are left out of beam selection and precoding (`unserved`;
 * none on a Table I drop at t₀, so there the design is exactly the pipeline's).
 */
export function designAt(
  scn: Scenario,
  schemes: readonly SchemeSpec[],
  p: Record<string, number>,
  association?: number[][],
  minElevationRad = 0,
): InstantDesign {
  const c = association ? { scenario: { ...scn, association }, cpuMs: 0 } : clusterTimed(scn, p, minElevationRad);
  const clustered = { ...c.scenario, association: visibleAssociation(c.scenario, minElevationRad) };
  const keep = servedUts(clustered);
  const unserved = Array.from({ length: clustered.K }, (_, k) => k).filter((k) => !keep.includes(k));
  const design = utSubset(clustered, keep);
  const beams = new Map<BeamMethod, { beams: number[][]; cpuMs: number }>();
  const precoders = new Map<string, { W: CMatrix[][]; cpuMs: number; iterations: number }>();
  if (keep.length === 0) return { clustered, clusteringCpuMs: c.cpuMs, keep, unserved, beams, precoders };
  for (const s of schemes) {
    const method = s.beams as BeamMethod;
    let sel = beams.get(method);
    if (!sel) {
      const m = measured(() => selectBeams(design, method === 'full' ? { method } : { method, Bs: p.Bs }));
      sel = { beams: m.value, cpuMs: m.cpuMs };
      beams.set(method, sel);
    }
    const scnB: Scenario = { ...design, beams: sel.beams };
    const m = measured(() => runPrecoder(s.precoder as PrecoderName, scnB, p));
    const prec = m.value as Precoders & { iterations?: number };
    precoders.set(s.name, { W: prec.W, cpuMs: m.cpuMs, iterations: prec.iterations ?? 0 });
  }
  return { clustered, clusteringCpuMs: c.cpuMs, keep, unserved, beams, precoders };
}

/**
 * What a scheme of `design` is evaluated on: the sCSI of `channel` (same satellites and
 * UTs) with the design's association and beams, restricted to the UTs it serves, and its
 * precoders rotated by `phaseRad[s][k]` (S × K, rad; none by default). Returns null when
 * the design serves nobody (the sum rate is then 0).
 */
export function designedLink(
  channel: Scenario,
  design: InstantDesign,
  scheme: SchemeSpec,
  phaseRad?: number[][],
): { scenario: Scenario; W: CMatrix[][] } | null {
  if (design.keep.length === 0) return null;
  const sel = design.beams.get(scheme.beams as BeamMethod);
  const prec = design.precoders.get(scheme.name);
  if (!sel || !prec) throw new ConfigError(`scheme '${scheme.name}' was not designed`);
  const scenario = utSubset({ ...channel, association: design.clustered.association, beams: sel.beams }, design.keep);
  const phase =
    phaseRad && design.keep.length !== channel.K ? phaseRad.map((row) => design.keep.map((k) => row[k])) : phaseRad;
  return { scenario, W: phase ? rotatePrecoders(prec.W, phase) : prec.W };
}

/** Ergodic (12) and upper-bound (16) sum rates of a designed link (0 when it serves nobody). */
export function linkRates(
  link: { scenario: Scenario; W: CMatrix[][] } | null,
  ergodicKey: string,
  realizations: number,
): { ergodic: number; upper: number } {
  if (!link) return { ergodic: 0, upper: 0 };
  return {
    ergodic: ergodicSumRate(link.scenario, link.W, new Rng(ergodicKey), realizations),
    upper: upperBoundSumRate(link.scenario, link.W),
  };
}

/** W_{s,k} · e^{jχ_{s,k}} for every block (χ in rad, S × K). */
export function rotatePrecoders(W: CMatrix[][], phaseRad: number[][]): CMatrix[][] {
  return W.map((row, s) =>
    row.map((w, k) =>
      phaseRad[s][k] === 0 ? w : scale(w, { re: Math.cos(phaseRad[s][k]), im: Math.sin(phaseRad[s][k]) }),
    ),
  );
}

/** The random stream of a task's drop (pipeline.ts `pipelineDrop` draws from it), for dropAt. */
export function taskDropRng(seed: number | string, drop: number): Rng {
  return Rng.forDrop(seed, drop).child('drop');
}

/** A small per-thread cache (insertion order, at most `size` entries). */
export class SmallCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly size: number) {}
  get(key: string): V | undefined {
    return this.map.get(key);
  }
  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.size) this.map.delete(this.map.keys().next().value as string);
  }
  clear(): void {
    this.map.clear();
  }
}

const designCache = new SmallCache<{ drop: DropResult; design: InstantDesign }>(3);

/** Forget the cached t₀ designs of this thread (tests use it to compare cached and fresh runs). */
export function clearAgingCache(): void {
  designCache.clear();
}

function cacheKey(seed: number | string, drop: number, pipeline: PointParams, schemes: readonly SchemeSpec[]): string {
  return JSON.stringify([seed, drop, pipelineParams(pipeline), schemes.map((s) => [s.name, s.precoder, s.beams])]);
}

/** Mean |Δx| of the departure direction cosines between two scenarios, in DFT beam spacings 2/N per axis. */
export function meanBeamDrift(a: Scenario, b: Scenario): number {
  let sum = 0;
  let n = 0;
  for (let s = 0; s < a.S; s++) {
    for (let k = 0; k < a.K; k++) {
      const la = a.links[s][k];
      const lb = b.links[s][k];
      const dv = (Math.cos(lb.thetaT) - Math.cos(la.thetaT)) / (2 / a.satArray.nV);
      const dh =
        (Math.sin(lb.thetaT) * Math.cos(lb.phiT) - Math.sin(la.thetaT) * Math.cos(la.phiT)) / (2 / a.satArray.nH);
      sum += Math.hypot(dv, dh);
      n++;
    }
  }
  return n ? sum / n : 0;
}

/** Compute one task of the aging study (see the file comment). */
export function runAgingTask(ctx: TaskContext): TaskOutput {
  const { pipeline, extra } = splitParams(ctx.params, AGING_EXTRA_DEFAULTS);
  const p = pipelineParams(pipeline);
  const seed = ctx.config.seed;
  const key = cacheKey(seed, ctx.drop, pipeline, ctx.schemes);
  const t0 = performance.now();
  let cached = designCache.get(key);
  const drop = cached ? cached.drop : pipelineDrop(pipeline, seed, ctx.drop);
  const rng = taskDropRng(seed, ctx.drop);
  const now =
    extra.dtS === 0 ? drop : dropAt(drop, rng, extra.dtS, { lspMemory: extra.redrawLsp === 1 ? 'redraw' : 'persist' });
  const geometryMs = performance.now() - t0;
  // the refresh at t (at Δt = 0 it is also the t₀ design)
  const mask = (extra.minElevationDeg * Math.PI) / 180;
  const fresh = designAt(now.scenario, ctx.schemes, p, undefined, mask);
  if (!cached && extra.dtS === 0 && now === drop) cached = { drop, design: fresh };
  if (!cached) cached = { drop, design: designAt(drop.scenario, ctx.schemes, p, undefined, mask) };
  designCache.set(key, cached);
  const kept = cached.design;
  const phase = keptPhaseRad(drop.scenario, now.scenario, extra.cornerPhase === 1 ? 'element0' : 'centre');
  const ergodicKey = Rng.forDrop(seed, ctx.drop).child('ergodic').key;
  const schemes: SchemeResult[] = ctx.schemes.map((s) => {
    const k = linkRates(designedLink(now.scenario, kept, s, phase), ergodicKey, p.realizations);
    const f = linkRates(designedLink(now.scenario, fresh, s), ergodicKey, p.realizations);
    const prec = fresh.precoders.get(s.name);
    const beamCpuMs = fresh.beams.get(s.beams as BeamMethod)?.cpuMs ?? 0;
    const precodeCpuMs = prec?.cpuMs ?? 0;
    return {
      scheme: s.name,
      metrics: {
        rateKept: k.ergodic,
        rateFresh: f.ergodic,
        keptFraction: f.ergodic > 0 ? k.ergodic / f.ergodic : 0,
        rateUpperKept: k.upper,
        rateUpperFresh: f.upper,
        iterations: prec?.iterations ?? 0,
        clusteringCpuMs: fresh.clusteringCpuMs,
        beamCpuMs,
        precodeCpuMs,
        refreshCpuMs: fresh.clusteringCpuMs + beamCpuMs + precodeCpuMs,
        utsUnserved: fresh.unserved.length,
      },
    };
  });
  const details = now.details.flat().filter((d) => !d.blocked);
  const nearestNow = nearestSatellites(
    constellationAt(drop.config.constellation, now.geometry.timeS),
    drop.geometry.centre.positionM,
    drop.config.S,
  );
  const own = new Set(drop.geometry.satellites.map((sat) => sat.index));
  return {
    schemes,
    stageMs: { geometryMs },
    info: {
      meanElevationDeg: details.reduce((a, d) => a + d.elevationDeg, 0) / Math.max(1, details.length),
      blockedLinks: now.details.flat().length - details.length,
      beamDrift: meanBeamDrift(drop.scenario, now.scenario),
      satellitesReplaced: nearestNow.filter((q) => !own.has(q)).length,
      setReplacedFraction: nearestNow.filter((q) => !own.has(q)).length / drop.config.S,
    },
  };
}

/**
 * Version of the aging study's numbers (DropRunner.version): bump when a change here or in
 * what it calls changes a task's metrics, so old checkpoints are refused.
 */
export const AGING_RUNNER_VERSION = '1';

/** The aging study as a sweep runner (config.runner = 'lib/experiments/agingRunner.ts'). */
export const runner: DropRunner = {
  version: AGING_RUNNER_VERSION,
  validate: validateAgingPoint,
  runTask: runAgingTask,
};
