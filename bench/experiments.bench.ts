/**
 * Sweep engine speed (lib/experiments, Section VI Monte Carlo): drops per second of the
 * real pipeline (Table I drop → clustering → LCMS → MS²DFT, LIB, MS²CDM, MS²CDWM → upper
 * bound and ergodic rates) with 1 and 2 worker threads, same tasks, same run — and the
 * full-size Fig. 2 time extrapolated from one measured drop of its whole grid.
 *
 * Wall times include starting the workers (tsx loader + module load, ≈ 0.5 s), as a user
 * sees them; best of interleaved repetitions. Aim: 2 workers ≥ 1.8× one — measurable only
 * on an otherwise idle machine (the note prints the load average).
 */
import { availableParallelism, loadavg } from 'node:os';
import type { BenchOptions, BenchRow } from './harness.js';
import { type SweepConfig, figureSweep, formatDuration, runSweep } from '../lib/experiments/index.js';

function defaultPointSweep(drops: number): SweepConfig {
  return {
    name: 'bench-default',
    seed: 'bench',
    drops,
    base: {},
    grid: {},
    schemes: [
      { name: 'MS²DFT', precoder: 'dft', beams: 'full' },
      { name: 'LIB', precoder: 'lib', beams: 'lcms' },
      { name: 'MS²CDM', precoder: 'cdm', beams: 'lcms' },
      { name: 'MS²CDWM', precoder: 'cdwm', beams: 'lcms' },
    ],
  };
}

async function wallMs(config: SweepConfig, workers: number): Promise<number> {
  const t0 = performance.now();
  const r = await runSweep(config, { workers, runsDir: null, progress: false, log: () => undefined });
  if (!r.complete) throw new Error('bench sweep did not complete');
  return performance.now() - t0;
}

export async function run(opts: BenchOptions): Promise<BenchRow[]> {
  const drops = opts.quick ? 4 : 12;
  const cfg = defaultPointSweep(drops);
  // interleaved repetitions, best of each: other processes on the machine only ever slow a run down
  let t1 = Infinity;
  let t2 = Infinity;
  for (let rep = 0; rep < (opts.quick ? 1 : 2); rep++) {
    t1 = Math.min(t1, await wallMs(cfg, 1));
    t2 = Math.min(t2, await wallMs(cfg, 2));
  }
  const rows: BenchRow[] = [
    {
      name: 'sweep, 1 worker',
      params: `${drops} drops, default point, 4 schemes`,
      ms: t1,
      note: `${((1000 * drops) / t1).toFixed(2)} drops/s`,
    },
    {
      name: 'sweep, 2 workers',
      params: `${drops} drops, default point, 4 schemes`,
      ms: t2,
      refName: '1 worker',
      refMs: t1,
      ratio: t2 / t1,
      note: `${((1000 * drops) / t2).toFixed(2)} drops/s, speed-up ×${(t1 / t2).toFixed(2)} (aim ≥ 1.8); load avg ${loadavg()[0].toFixed(1)}`,
    },
  ];
  // full-size Fig. 2: one drop of its whole paper grid on every core, × its drops
  const paper = figureSweep('fig2', { size: 'paper' });
  const oneDrop = { ...paper, drops: 1, name: 'bench-fig2' };
  const workers = availableParallelism();
  const t = await wallMs(oneDrop, workers);
  rows.push({
    name: 'Fig. 2 paper size (extrapolated)',
    params: `${paper.drops} drops × 14 points × 6 schemes, ${workers} workers`,
    ms: t * paper.drops,
    note: `measured 1 drop of the grid: ${(t / 1000).toFixed(1)} s → ≈ ${formatDuration((t * paper.drops) / 1000)} for ${paper.drops} drops`,
  });
  return rows;
}
