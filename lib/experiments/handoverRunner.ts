/**
 * The handover study (beyond the paper; fig-handover, notebook 05) as a sweep runner: one
 * task = one (time τ along a pass, drop). The drop is the paper's drop at t₀ (pipeline.ts);
 * at t = t₀ + τ the channel is the same drop evolved in time (lib/channel/evolve.ts) and
 * beams and precoders are always recomputed at t — what differs between the schemes is the
 * association O and the cooperating set:
 *
 * - association 'frozen': the competition clustering of t₀ is kept (so is the cooperating
 *   set, the drop's S satellites, followed as they move: satellites 'tracked');
 * - association 'recluster', satellites 'tracked': competition clustering at t among the
 *   drop's S satellites;
 * - association 'recluster', satellites 'nearest': the cooperating set is the S satellites
 *   nearest the drop centre at t (the drop's own rule, re-applied; satellites that join
 *   get link draws of their own, evolve.ts) and the clustering is run at t.
 *
 * The S nearest satellites change over a pass — the 'nearest' scheme follows them, the
 * other two keep the drop's set, which is how the kit handles the change (and measures what
 * keeping costs). A UT's serving set is compared by constellation index, so a satellite that
 * stays in the set under a new rank is not a change.
 *
 * Metrics per scheme: rateErgodic, rateUpper (b/s/Hz); utsChangedVsT0 (UTs whose serving
 * set at t differs from the one at t₀) and changedFraction (the same / K);
 * utsChangedVsPrev and linksAddedVsPrev (UTs whose set changed, and serving links added,
 * since max(0, t − stepS): the handovers of the last epoch; at τ = 0 both are 0) and
 * handoversPerUtMin (links added per UT and minute over that epoch; 0 at τ = 0), utsUnserved (UTs left without a serving satellite above the
 * horizon, agingRunner.ts `servableUts`: they get rate 0), clusteringCpuMs (the re-clustering at t; 0 when frozen),
 * beamCpuMs, precodeCpuMs. Task info: satellitesReplaced (satellites of the S nearest at t
 * that were not in the drop's set), the mean and minimum elevation of the drop's
 * satellites over the UTs, blockedLinks (below the horizon).
 *
 * Parameters: every pipeline.ts parameter (Table I defaults) and
 *   tS        time along the pass since the drop (s), 0 … 3600;
 *   stepS     the epoch before t is t − stepS (s), > 0 (default 20);
 *   redrawLsp 0 (default) / 1, as agingRunner.ts;
 *   minElevationDeg service elevation mask (default 10°, where the large-scale tables start
 *             and a usual NTN service mask): links below it cannot serve — the clustering
 *             sees them with γ = 0 and the design drops them (agingRunner.ts
 *             visibleAssociation); they still interfere. Over a pass the drop's satellites
 *             sink to the horizon, where the model's γ collapses.
 * Scheme fields: precoder, beams (as pipeline.ts), association 'frozen' | 'recluster',
 * satellites 'tracked' | 'nearest' ('frozen' needs 'tracked').
 */
import type { BeamMethod } from '../beamspace/index.js';
import { type DropResult, dropAt } from '../channel/index.js';
import {
  type SatelliteSetPolicy,
  SATELLITE_SET_POLICIES,
  constellationAt,
  nearestSatellites,
} from '../geometry/index.js';
import { Rng } from '../random/index.js';
import { ConfigError, type PointParams, type SchemeSpec } from './config.js';
import { PIPELINE_DEFAULTS, pipelineDrop, pipelineParams, validatePipelinePoint } from './pipeline.js';
import {
  checkMinElevation,
  checkSwitch,
  clusterTimed,
  designAt,
  designedLink,
  linkRates,
  SmallCache,
  splitParams,
  taskDropRng,
} from './agingRunner.js';
import type { DropRunner, SchemeResult, TaskContext, TaskOutput } from './runner.js';

/** Parameters of the handover study on top of the pipeline's, with their defaults. */
export const HANDOVER_EXTRA_DEFAULTS: Readonly<Record<string, number>> = {
  tS: 0,
  stepS: 20,
  redrawLsp: 0,
  minElevationDeg: 10,
};

/** Largest time along the pass (s). */
export const MAX_HANDOVER_T_S = 3600;

/** Association policies of the handover study. */
export const ASSOCIATION_POLICIES = ['frozen', 'recluster'] as const;
export type AssociationPolicy = (typeof ASSOCIATION_POLICIES)[number];

/** Check a point of the handover study (one clear line naming the first bad value). */
export function validateHandoverPoint(params: PointParams, schemes: SchemeSpec[]): void {
  const { pipeline, extra } = splitParams(params, HANDOVER_EXTRA_DEFAULTS);
  try {
    validatePipelinePoint(pipeline, schemes);
  } catch (e) {
    const msg = (e as Error).message;
    if (/^unknown parameter/.test(msg)) {
      const known = [...Object.keys(PIPELINE_DEFAULTS), ...Object.keys(HANDOVER_EXTRA_DEFAULTS)];
      throw new ConfigError(`${msg.replace(/;.*$/, '')}; the handover runner knows ${known.join(', ')}`);
    }
    throw e;
  }
  if (!(Number.isFinite(extra.tS) && extra.tS >= 0 && extra.tS <= MAX_HANDOVER_T_S)) {
    throw new ConfigError(`tS must be a time in seconds in [0, ${MAX_HANDOVER_T_S}], got ${extra.tS}`);
  }
  if (!(Number.isFinite(extra.stepS) && extra.stepS > 0 && extra.stepS <= MAX_HANDOVER_T_S)) {
    throw new ConfigError(`stepS must be an epoch length in seconds in (0, ${MAX_HANDOVER_T_S}], got ${extra.stepS}`);
  }
  checkSwitch('redrawLsp', extra.redrawLsp, '0: large-scale deviates persist, 1: redrawn at t');
  checkMinElevation(extra.minElevationDeg);
  schemes.forEach((s, i) => {
    if (!(ASSOCIATION_POLICIES as readonly string[]).includes(s.association as string)) {
      throw new ConfigError(
        `schemes[${i}] '${s.name}': association must be one of ${ASSOCIATION_POLICIES.join('|')}, got '${String(s.association)}'`,
      );
    }
    if (!SATELLITE_SET_POLICIES.includes(s.satellites as SatelliteSetPolicy)) {
      throw new ConfigError(
        `schemes[${i}] '${s.name}': satellites must be one of ${SATELLITE_SET_POLICIES.join('|')}, got '${String(s.satellites)}'`,
      );
    }
    if (s.association === 'frozen' && s.satellites !== 'tracked') {
      throw new ConfigError(
        `schemes[${i}] '${s.name}': association 'frozen' keeps the drop's satellites, so satellites must be 'tracked'`,
      );
    }
  });
}

/** Serving sets by constellation index: sets[k] = sorted indices of the satellites serving UT k. */
export function servingSets(association: number[][], satelliteIndices: readonly number[]): number[][] {
  const K = association.length ? association[0].length : 0;
  return Array.from({ length: K }, (_, k) =>
    satelliteIndices.filter((_q, s) => association[s][k] === 1).sort((a, b) => a - b),
  );
}

/** Number of UTs whose serving set differs, and serving links in `now` that `before` lacks. */
export function setChanges(before: number[][], now: number[][]): { uts: number; linksAdded: number } {
  let uts = 0;
  let linksAdded = 0;
  now.forEach((set, k) => {
    const prev = new Set(before[k]);
    const added = set.filter((q) => !prev.has(q)).length;
    linksAdded += added;
    if (added > 0 || set.length !== prev.size) uts++;
  });
  return { uts, linksAdded };
}

const dropCache = new SmallCache<{ drop: DropResult; association: number[][] }>(3);

/** Forget this thread's cached t₀ drops (tests). */
export function clearHandoverCache(): void {
  dropCache.clear();
}

/** Compute one task of the handover study (see the file comment). */
export function runHandoverTask(ctx: TaskContext): TaskOutput {
  const { pipeline, extra } = splitParams(ctx.params, HANDOVER_EXTRA_DEFAULTS);
  const p = pipelineParams(pipeline);
  const seed = ctx.config.seed;
  const t0 = performance.now();
  const mask = (extra.minElevationDeg * Math.PI) / 180;
  const key = JSON.stringify([seed, ctx.drop, p, mask]);
  let c = dropCache.get(key);
  if (!c) {
    const drop = pipelineDrop(pipeline, seed, ctx.drop);
    c = { drop, association: clusterTimed(drop.scenario, p, mask).scenario.association };
    dropCache.set(key, c);
  }
  const { drop, association: assoc0 } = c;
  const rng = taskDropRng(seed, ctx.drop);
  const lspMemory = extra.redrawLsp === 1 ? 'redraw' : 'persist';
  const evolved = new Map<string, DropResult>();
  const at = (tau: number, satellites: SatelliteSetPolicy): DropResult => {
    const k = `${tau}/${satellites}`;
    let d = evolved.get(k);
    if (!d) {
      d = tau === 0 && satellites === 'tracked' ? drop : dropAt(drop, rng, tau, { satellites, lspMemory });
      evolved.set(k, d);
    }
    return d;
  };
  const prevT = Math.max(0, extra.tS - extra.stepS);
  const indices = (d: DropResult) => d.geometry.satellites.map((s) => s.index);
  const sets0 = servingSets(assoc0, indices(drop));
  const ergodicKey = Rng.forDrop(seed, ctx.drop).child('ergodic').key;
  const setupMs = performance.now() - t0;
  const schemes: SchemeResult[] = ctx.schemes.map((s) => {
    const policy = s.satellites as SatelliteSetPolicy;
    const now = at(extra.tS, policy);
    const frozen = s.association === 'frozen';
    const clustered = frozen ? null : clusterTimed(now.scenario, p, mask);
    const assocNow = frozen ? assoc0 : (clustered as { scenario: { association: number[][] } }).scenario.association;
    const before = at(prevT, policy);
    const assocBefore = frozen ? assoc0 : clusterTimed(before.scenario, p, mask).scenario.association;
    const setsNow = servingSets(assocNow, indices(now));
    const vsT0 = setChanges(sets0, setsNow);
    const vsPrev = setChanges(servingSets(assocBefore, indices(before)), setsNow);
    const design = designAt(now.scenario, [s], p, assocNow, mask);
    const r = linkRates(designedLink(now.scenario, design, s), ergodicKey, p.realizations);
    return {
      scheme: s.name,
      metrics: {
        rateErgodic: r.ergodic,
        rateUpper: r.upper,
        utsChangedVsT0: vsT0.uts,
        changedFraction: vsT0.uts / p.K,
        utsChangedVsPrev: vsPrev.uts,
        linksAddedVsPrev: vsPrev.linksAdded,
        handoversPerUtMin: extra.tS === prevT ? 0 : vsPrev.linksAdded / p.K / ((extra.tS - prevT) / 60),
        clusteringCpuMs: clustered ? clustered.cpuMs : 0,
        beamCpuMs: design.beams.get(s.beams as BeamMethod)?.cpuMs ?? 0,
        precodeCpuMs: design.precoders.get(s.name)?.cpuMs ?? 0,
        utsUnserved: design.unserved.length,
      },
    };
  });
  const tracked = at(extra.tS, 'tracked');
  const elev = tracked.details.flat().map((d) => d.elevationDeg);
  const nearestNow = nearestSatellites(
    constellationAt(drop.config.constellation, tracked.geometry.timeS),
    drop.geometry.centre.positionM,
    drop.config.S,
  );
  const own = new Set(indices(drop));
  return {
    schemes,
    stageMs: { setupMs },
    info: {
      satellitesReplaced: nearestNow.filter((q) => !own.has(q)).length,
      setReplacedFraction: nearestNow.filter((q) => !own.has(q)).length / drop.config.S,
      meanElevationDeg: elev.reduce((a, b) => a + b, 0) / elev.length,
      minElevationDeg: Math.min(...elev),
      blockedLinks: tracked.details.flat().filter((d) => d.blocked).length,
    },
  };
}

/** Version of the handover study's numbers (DropRunner.version). */
export const HANDOVER_RUNNER_VERSION = '2';

/** The handover study as a sweep runner (config.runner = 'lib/experiments/handoverRunner.ts'). */
export const runner: DropRunner = {
  version: HANDOVER_RUNNER_VERSION,
  validate: validateHandoverPoint,
  runTask: runHandoverTask,
};
