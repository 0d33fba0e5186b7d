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
 *    wall time, and the CPU time of every thread of the process (worker threads, V8's
 *    helper threads, the main thread). With one worker the process keeps more than one core
 *    busy — V8's garbage collector and optimising compiler run on helper threads beside the
 *    worker — so on 2 cores two workers cannot reach 2×. The bound printed is
 *    cores × worker-thread CPU / all CPU (on an idle machine one worker's wall time is its
 *    thread's CPU time, the helpers running beside it), assuming the CPU per drop stays the
 *    same with 2 workers (their row shows whether it does). Aim ≥ 1.8×. A third run with
 *    TurboFan compiling on the worker thread (node --no-concurrent-recompilation) splits the
 *    helpers' CPU into JIT compilation and garbage collection.
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

/** CPU time (ms) of a compiled sweep's process, split by thread kind. */
interface SweepCpu {
  wallMs: number;
  /** All threads (process.cpuUsage). */
  cpuMs: number;
  /** The sweep's worker threads (started during the sweep). */
  workerMs: number;
  /** Threads that existed before the sweep, other than the main thread: V8's platform threads (GC, JIT) and libuv's. */
  helperMs: number;
  mainMs: number;
}

/**
 * A compiled sweep with `workers` threads in a fresh process: wall time, and the CPU time of
 * each thread from /proc/self/task (sampled every 50 ms; CPU time is what the thread got,
 * so it stays meaningful on a loaded machine where wall time does not).
 */
function compiledSweep(workers: number, drops: number, nodeFlags: string[] = []): SweepCpu {
  const script = `
    import { readFileSync, readdirSync } from 'node:fs';
    import { useCompiledBuild } from ${JSON.stringify(join(root, 'dist', 'lib', 'experiments', 'build.js'))};
    import { runSweep } from ${JSON.stringify(join(root, 'dist', 'lib', 'experiments', 'engine.js'))};
    useCompiledBuild(${JSON.stringify(join(root, 'dist'))});
    const config = { name: 'bench-cli', seed: 'bench', drops: ${drops}, base: {}, grid: {}, schemes: [
      { name: 'MS²DFT', precoder: 'dft', beams: 'full' }, { name: 'LIB', precoder: 'lib', beams: 'lcms' },
      { name: 'MS²CDM', precoder: 'cdm', beams: 'lcms' }, { name: 'MS²CDWM', precoder: 'cdwm', beams: 'lcms' } ] };
    const tick = 100; // USER_HZ
    const cpu = new Map();
    const sample = () => { for (const t of readdirSync('/proc/self/task')) { try {
      const st = readFileSync('/proc/self/task/' + t + '/stat', 'utf8');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      cpu.set(t, ((Number(f[11]) + Number(f[12])) * 1000) / tick); } catch {} } };
    sample();
    const before = new Map(cpu);
    const iv = setInterval(sample, 50);
    const c0 = process.cpuUsage(); const t0 = performance.now();
    const r = await runSweep(config, { workers: ${workers}, runsDir: null, progress: false, log: () => {}, root: ${JSON.stringify(root)} });
    const wallMs = performance.now() - t0; const c = process.cpuUsage(c0);
    clearInterval(iv); sample();
    if (!r.complete) throw new Error('sweep did not complete');
    let workerMs = 0, helperMs = 0, mainMs = 0;
    for (const [t, ms] of cpu) {
      const d = ms - (before.get(t) ?? 0);
      if (t === String(process.pid)) mainMs += d; else if (before.has(t)) helperMs += d; else workerMs += d;
    }
    console.log(JSON.stringify({ wallMs, cpuMs: (c.user + c.system) / 1000, workerMs, helperMs, mainMs }));`;
  // a file, not node -e: worker threads inherit the process's flags, and --input-type is refused there
  const file = join(scratch, 'sweep.mjs');
  writeFileSync(file, script);
  const r = spawnSync(process.execPath, [...nodeFlags, file], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`compiled sweep failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as SweepCpu;
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

  // 3. compiled workers: 1 vs 2 threads, wall and CPU of the whole process and per thread kind
  // enough drops that each worker's fixed costs (its own JIT warm-up and the discarded
  // warm-up task of lib/experiments/pipeline.ts) weigh little: with 6 drops each of two
  // workers pays them on 3 drops, and the speed-up measured is mostly that
  const drops = opts.quick ? 2 : 16;
  const best = (a: SweepCpu | null, b: SweepCpu) => (a === null || b.wallMs < a.wallMs ? b : a);
  let one: SweepCpu | null = null;
  let two: SweepCpu | null = null;
  for (let rep = 0; rep < (opts.quick ? 1 : 2); rep++) {
    one = best(one, compiledSweep(1, drops));
    two = best(two, compiledSweep(2, drops));
  }
  const [a, c] = [one as SweepCpu, two as SweepCpu];
  // what the helper threads do: the same 1-worker sweep with TurboFan compiling on the worker thread
  const noJit = compiledSweep(1, drops, ['--no-concurrent-recompilation']);
  // and two workers so: on 2 cores there is no spare core for concurrent compilation
  const noJit2 = compiledSweep(2, drops, ['--no-concurrent-recompilation']);
  const cores = Math.min(2, availableParallelism());
  // On an idle machine one worker's wall time is its worker thread's CPU time (the critical
  // path) while V8's helper threads run beside it; two workers on `cores` cores can at best
  // run at cores / (all CPU per drop), i.e. a speed-up of at most cores · worker / all.
  const perDrop = (x: SweepCpu) =>
    `worker ${(x.workerMs / drops / 1000).toFixed(2)} + helpers ${(x.helperMs / drops / 1000).toFixed(2)} + main ${(x.mainMs / drops / 1000).toFixed(2)} s CPU/drop`;
  rows.push({
    name: 'compiled sweep, 1 worker',
    params: `${drops} drops, default point, 4 schemes`,
    ms: a.wallMs,
    note:
      `${perDrop(a)}; all CPU / worker CPU = ${(a.cpuMs / a.workerMs).toFixed(2)} → ` +
      `2-worker bound ×${((cores * a.workerMs) / a.cpuMs).toFixed(2)} on ${cores} cores`,
  });
  rows.push({
    name: 'compiled sweep, 2 workers',
    params: `${drops} drops, default point, 4 schemes`,
    ms: c.wallMs,
    refName: '1 worker',
    refMs: a.wallMs,
    ratio: c.wallMs / a.wallMs,
    note:
      `speed-up ×${(a.wallMs / c.wallMs).toFixed(2)} (aim ≥ 1.8); ${perDrop(c)}; ` +
      `all CPU ×${(c.cpuMs / a.cpuMs).toFixed(2)} of 1 worker's; ${load()}`,
  });
  rows.push({
    name: 'compiled sweep, 1 worker, JIT on the worker',
    params: `${drops} drops, node --no-concurrent-recompilation`,
    ms: noJit.wallMs,
    note:
      `${perDrop(noJit)}: the helpers' CPU without the optimising compiler is GC and the rest; ` +
      `so of 1 worker's helper CPU ≈ ${((a.helperMs - noJit.helperMs) / drops / 1000).toFixed(2)} s/drop is JIT compilation (per worker: each thread compiles its own code), ` +
      `≈ ${(noJit.helperMs / drops / 1000).toFixed(2)} s/drop GC`,
  });
  rows.push({
    name: 'compiled sweep, 2 workers, JIT on the workers',
    params: `${drops} drops, node --no-concurrent-recompilation`,
    ms: noJit2.wallMs,
    refName: '1 worker',
    refMs: a.wallMs,
    ratio: noJit2.wallMs / a.wallMs,
    note:
      `speed-up ×${(a.wallMs / noJit2.wallMs).toFixed(2)} over 1 worker with concurrent JIT; ${perDrop(noJit2)}; ` +
      `all CPU ×${(noJit2.cpuMs / a.cpuMs).toFixed(2)} of 1 worker's; ${load()}`,
  });
  return rows;
}
