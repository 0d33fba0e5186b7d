/**
 * The compiled CLI (bin/msms.js → dist/) and its sweep workers, measured in one run:
 *
 *  - `msms --help`: start-up of the compiled single-process CLI, against the same command
 *    through tsx (how msms ran before: a TypeScript loader compiling at every start).
 *    Aim ≤ 0.3 s.
 *  - `msms precode --scheme cdwm` on a Table I drop (LCMS beams): the overhead over the
 *    precoder's own time (precodeMs in its output) = start-up + reading the scenario +
 *    the upper bound + writing the result. Aim ≤ 0.5 s. Through tsx beside it.
 *  - compiled sweep workers, 1 vs 2 threads, same drops (Table I default point, 4 schemes):
 *    wall and CPU time of the process (all its threads), hence the cores kept busy and the
 *    CPU per drop. With one worker the process keeps more than one core busy — V8's garbage
 *    collector runs on helper threads beside the worker — so on 2 cores two workers cannot
 *    reach 2×: the bound printed is cores / (cores busy with 1 worker), assuming the CPU per
 *    drop stays the same (the 2-worker row shows whether it does). Aim ≥ 1.8×.
 *
 * Wall times: best of interleaved repetitions (other processes only ever slow a run down);
 * the notes give the load average, since the machine may be shared.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchOptions, BenchRow } from './harness.js';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const msms = join(root, 'bin', 'msms.js');
const tsxCli = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const tsMain = join(root, 'bin', 'msms-main.ts');
const scratch = join(root, 'data', 'bench', 'cli');

/** Wall time (ms) of one run of `node args…` (throws when it fails). */
function wall(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${r.stderr}`);
  return ms;
}

/** Best of `reps` interleaved runs of each command; returns the best wall times (ms). */
function bestOf(reps: number, cmds: Array<() => number>): number[] {
  const best = cmds.map(() => Infinity);
  for (let i = 0; i < reps; i++) cmds.forEach((c, j) => (best[j] = Math.min(best[j], c())));
  return best;
}

/** Wall and process CPU time (ms) of a compiled sweep with `workers` threads, in a fresh process. */
function compiledSweep(workers: number, drops: number): { wallMs: number; cpuMs: number } {
  const script = `
    import { useCompiledBuild } from ${JSON.stringify(join(root, 'dist', 'lib', 'experiments', 'build.js'))};
    import { runSweep } from ${JSON.stringify(join(root, 'dist', 'lib', 'experiments', 'engine.js'))};
    useCompiledBuild(${JSON.stringify(join(root, 'dist'))});
    const config = { name: 'bench-cli', seed: 'bench', drops: ${drops}, base: {}, grid: {}, schemes: [
      { name: 'MS²DFT', precoder: 'dft', beams: 'full' }, { name: 'LIB', precoder: 'lib', beams: 'lcms' },
      { name: 'MS²CDM', precoder: 'cdm', beams: 'lcms' }, { name: 'MS²CDWM', precoder: 'cdwm', beams: 'lcms' } ] };
    const c0 = process.cpuUsage(); const t0 = performance.now();
    const r = await runSweep(config, { workers: ${workers}, runsDir: null, progress: false, log: () => {}, root: ${JSON.stringify(root)} });
    const wallMs = performance.now() - t0; const c = process.cpuUsage(c0);
    if (!r.complete) throw new Error('sweep did not complete');
    console.log(JSON.stringify({ wallMs, cpuMs: (c.user + c.system) / 1000 }));`;
  // a file, not node -e: worker threads inherit the process's flags, and --input-type is refused there
  const file = join(scratch, 'sweep.mjs');
  writeFileSync(file, script);
  const r = spawnSync(process.execPath, [file], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`compiled sweep failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as { wallMs: number; cpuMs: number };
}

export async function run(opts: BenchOptions): Promise<BenchRow[]> {
  const b = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--if-stale'], { encoding: 'utf8' });
  if (b.status !== 0) throw new Error(`build failed: ${b.stdout}${b.stderr}`);
  mkdirSync(scratch, { recursive: true });
  const load = () => `load avg ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`;
  const rows: BenchRow[] = [];

  // 1. msms --help
  const [help, helpTsx] = bestOf(opts.quick ? 3 : 7, [
    () => wall([msms, '--help']),
    () => wall([tsxCli, tsMain, '--help']),
  ]);
  rows.push({
    name: 'msms --help (compiled)',
    params: 'one process, no loader',
    ms: help,
    refName: 'through tsx',
    refMs: helpTsx,
    ratio: help / helpTsx,
    note: `${help <= 300 ? 'within' : 'OVER'} the 0.3 s aim; best of interleaved runs; ${load()}`,
  });

  // 2. msms precode overhead over the precoder's own time
  const drop = join(scratch, 'drop.json');
  if (!existsSync(drop)) wall([msms, 'scenario', '--seed', '1', '--cluster', '--beams', 'lcms', '--out', drop]);
  const out = join(scratch, 'precoders.json');
  const precode = (cmd: string[]) => () => {
    const ms = wall([...cmd, 'precode', '--scheme', 'cdwm', '--in', drop, '--out', out, '--realizations', '0']);
    const own = (JSON.parse(readFileSync(out, 'utf8')) as { precodeMs: number }).precodeMs;
    return ms - own;
  };
  const [over, overTsx] = bestOf(opts.quick ? 2 : 4, [precode([msms]), precode([tsxCli, tsMain])]);
  rows.push({
    name: 'msms precode overhead (compiled)',
    params: 'cdwm, Table I drop, LCMS, --realizations 0',
    ms: over,
    refName: 'through tsx',
    refMs: overTsx,
    ratio: over / overTsx,
    note: `wall − precodeMs; ${over <= 500 ? 'within' : 'OVER'} the 0.5 s aim; ${load()}`,
  });

  // 3. compiled workers: 1 vs 2 threads, wall and CPU of the whole process
  const drops = opts.quick ? 2 : 6;
  let one = { wallMs: Infinity, cpuMs: Infinity };
  let two = { wallMs: Infinity, cpuMs: Infinity };
  for (let rep = 0; rep < (opts.quick ? 1 : 2); rep++) {
    const a = compiledSweep(1, drops);
    if (a.wallMs < one.wallMs) one = a;
    const c = compiledSweep(2, drops);
    if (c.wallMs < two.wallMs) two = c;
  }
  const cores = Math.min(2, availableParallelism());
  const busy1 = one.cpuMs / one.wallMs;
  const busy2 = two.cpuMs / two.wallMs;
  rows.push({
    name: 'compiled sweep, 1 worker',
    params: `${drops} drops, default point, 4 schemes`,
    ms: one.wallMs,
    note: `CPU ${(one.cpuMs / drops / 1000).toFixed(2)} s/drop; ${busy1.toFixed(2)} cores busy (worker + GC helpers) → 2-worker bound ≈ ×${(cores / busy1).toFixed(2)} on ${cores} cores`,
  });
  rows.push({
    name: 'compiled sweep, 2 workers',
    params: `${drops} drops, default point, 4 schemes`,
    ms: two.wallMs,
    refName: '1 worker',
    refMs: one.wallMs,
    ratio: two.wallMs / one.wallMs,
    note:
      `speed-up ×${(one.wallMs / two.wallMs).toFixed(2)} (aim ≥ 1.8); CPU ${(two.cpuMs / drops / 1000).toFixed(2)} s/drop ` +
      `(×${(two.cpuMs / one.cpuMs).toFixed(2)} of 1 worker's); ${busy2.toFixed(2)} cores busy; ${load()}`,
  });
  return rows;
}
