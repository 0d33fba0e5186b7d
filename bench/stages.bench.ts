/**
 * Where a drop's time goes, per paper-size sweep (Figs. 2–7, lib/experiments/figures.ts):
 * one drop of each sweep's full grid through the real pipeline (drop → clustering → beam
 * selection → precoding geometry → precoders → rates) in this thread, CPU time per stage
 * (lib/experiments/cputime.ts; steadier than wall time when the machine is shared), with
 * the per-drop sharing of pipeline.ts (DropCache: a drop's links, clustering, selections,
 * geometry and ergodic realisations computed once for all its points) and without it
 * (every stage at every use), interleaved in one run. The last row extrapolates the
 * paper-size set (every sweep × its drops) on this machine's cores from the shared
 * per-drop CPU times — an estimate that assumes the cores are free.
 *
 * Stages: 'drop' (drawDrop), 'clustering', 'selection lcms|nearopt|full', 'precoding
 * geometry', 'ergodic draws', 'precoder <scheme>' (the precoder alone), 'rates' (upper
 * bound (16) + Monte Carlo ergodic rate (12)). `--quick`: Fig. 2 only.
 */
import { availableParallelism, loadavg } from 'node:os';
import type { BenchOptions, BenchRow } from './harness.js';
import {
  SWEEP_FIGURES,
  type SweepFigure,
  expandPoints,
  figureSweep,
  formatDuration,
  schemesAt,
} from '../lib/experiments/index.js';
import { threadCpuMs } from '../lib/experiments/cputime.js';
import { DropCache, type StageProfile, runPipelineTask } from '../lib/experiments/pipeline.js';

/**
 * Drops tried in turn (seed 1), the first that runs through is measured: any drop would
 * do, but a drop on which a solve fails is skipped (and said so) rather than ending the
 * benchmark.
 */
const DROPS = [1, 2, 3, 4, 5];

interface DropCost {
  cpuMs: number;
  wallMs: number;
  profile: StageProfile;
}

/** Every point of `fig`'s paper grid on one drop; shared = with a fresh DropCache. */
function oneDrop(fig: SweepFigure, drop: number, shared: boolean): DropCost {
  const config = figureSweep(fig, { size: 'paper' });
  const cache = shared ? new DropCache() : null;
  const profile: StageProfile = new Map();
  const c0 = threadCpuMs();
  const t0 = performance.now();
  expandPoints(config).forEach((params, point) => {
    runPipelineTask({ config, point, params, drop, schemes: schemesAt(config, params) }, cache, profile);
  });
  return { cpuMs: threadCpuMs() - c0, wallMs: performance.now() - t0, profile };
}

export async function run(opts: BenchOptions): Promise<BenchRow[]> {
  const figs: SweepFigure[] = opts.quick ? ['fig2'] : [...SWEEP_FIGURES];
  const rows: BenchRow[] = [];
  let setCpuMs = 0;
  for (const fig of figs) {
    // warm-up (JIT) on the drop itself, then shared and independent on the same drop
    let measuredDrop: { drop: number; shared: DropCost; alone: DropCost } | undefined;
    const failures: string[] = [];
    for (const drop of DROPS) {
      try {
        oneDrop(fig, drop, false);
        measuredDrop = { drop, shared: oneDrop(fig, drop, true), alone: oneDrop(fig, drop, false) };
        break;
      } catch (e) {
        failures.push(`drop ${drop}: ${(e as Error).message}`);
      }
    }
    if (!measuredDrop) {
      rows.push({ name: `${fig} drop`, params: 'not measured', ms: NaN, note: failures.join('; ') });
      continue;
    }
    const { drop, shared, alone } = measuredDrop;
    const config = figureSweep(fig, { size: 'paper' });
    const points = expandPoints(config).length;
    setCpuMs += shared.cpuMs * config.drops;
    rows.push({
      name: `${fig} drop ${drop}, shared`,
      params: `${points} points, CPU ms`,
      ms: shared.cpuMs,
      refName: 'independent',
      refMs: alone.cpuMs,
      ratio: shared.cpuMs / alone.cpuMs,
      note:
        `wall ${(shared.wallMs / 1000).toFixed(1)} s; ×${(alone.cpuMs / shared.cpuMs).toFixed(2)} less CPU than every task alone` +
        (failures.length ? `; skipped ${failures.join('; ')}` : ''),
    });
    const stages = [...shared.profile].sort((a, b) => b[1].cpuMs - a[1].cpuMs);
    for (const [stage, t] of stages) {
      const ref = alone.profile.get(stage);
      rows.push({
        name: `  ${stage}`,
        params: `${t.calls} calls`,
        ms: t.cpuMs,
        refName: ref ? `${ref.calls} calls` : undefined,
        refMs: ref?.cpuMs,
        note: `${((100 * t.cpuMs) / shared.cpuMs).toFixed(1)} % of the drop`,
      });
    }
  }
  const cores = availableParallelism();
  if (!opts.quick) {
    rows.push({
      name: 'paper-size set (extrapolated)',
      params: `Figs. 2–7 × 100 drops, ${cores} cores`,
      ms: setCpuMs / cores,
      note: `≈ ${formatDuration(setCpuMs / cores / 1000)} if the ${cores} cores were free (CPU per drop × drops / cores); load avg ${loadavg()[0].toFixed(1)}`,
    });
  }
  return rows;
}
