/**
 * Benchmark harness: timing by repeated runs (median), table formatting, and an optional
 * NumPy reference timed in the same run (python3 with numpy, when present).
 */
import { spawnSync } from 'node:child_process';

/** One printed row. `ratio` compares `ms` with `refMs` (ours / reference). */
export interface BenchRow {
  name: string;
  params: string;
  ms: number;
  gflops?: number;
  refName?: string;
  refMs?: number;
  ratio?: number;
  note?: string;
}

export interface BenchOptions {
  quick: boolean;
}

export interface BenchModule {
  run(opts: BenchOptions): Promise<BenchRow[]>;
}

/** Median wall time (ms) of `fn` over at least `minReps` runs and `minMs` total, after one warm-up. */
export function timeIt(fn: () => unknown, minReps = 3, minMs = 200): number {
  fn();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < minReps || performance.now() - start < minMs) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
    if (times.length >= 1000) break;
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

let numpyChecked: boolean | undefined;

/** True when `python3 -c 'import numpy'` works here. */
export function numpyAvailable(): boolean {
  if (numpyChecked === undefined) {
    const r = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
    numpyChecked = r.status === 0;
  }
  return numpyChecked;
}

/**
 * Run a Python snippet that prints one JSON object, and return it parsed (undefined when
 * numpy is missing or the script fails). The snippet gets `np` and a `timeit_ms(f)` helper
 * (median of repeated runs, same policy as timeIt). `opts.threads` sets OPENBLAS/OMP/MKL_NUM_THREADS.
 */
export function runNumpy(body: string, opts: { threads?: number } = {}): Record<string, number> | undefined {
  if (!numpyAvailable()) return undefined;
  const prelude = [
    'import json, time, numpy as np',
    'def timeit_ms(f, min_reps=3, min_s=0.2):',
    '    f(); ts=[]; t0=time.perf_counter()',
    '    while len(ts) < min_reps or time.perf_counter()-t0 < min_s:',
    '        a=time.perf_counter(); f(); ts.append((time.perf_counter()-a)*1e3)',
    '        if len(ts) >= 1000: break',
    '    ts.sort(); return ts[len(ts)//2]',
  ].join('\n');
  // opts.threads pins the BLAS thread count (1 = a one-core comparison with the JS kernels)
  const env =
    opts.threads === undefined
      ? process.env
      : {
          ...process.env,
          OPENBLAS_NUM_THREADS: String(opts.threads),
          OMP_NUM_THREADS: String(opts.threads),
          MKL_NUM_THREADS: String(opts.threads),
        };
  const r = spawnSync('python3', ['-c', `${prelude}\n${body}`], { encoding: 'utf8', env });
  if (r.status !== 0) {
    console.error(`numpy reference failed: ${r.stderr}`);
    return undefined;
  }
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Record<string, number>;
}

function fmt(x: number | undefined, digits = 2): string {
  if (x === undefined || !Number.isFinite(x)) return '';
  if (Math.abs(x) >= 100) return x.toFixed(0);
  if (Math.abs(x) >= 10) return x.toFixed(1);
  return x.toFixed(digits);
}

/** Render rows as an aligned text table with a title. */
export function formatTable(rows: BenchRow[], title: string): string {
  const head = ['benchmark', 'params', 'ms', 'GFLOP/s', 'reference', 'ref ms', 'ratio', 'note'];
  const body = rows.map((r) => [
    r.name,
    r.params,
    fmt(r.ms),
    fmt(r.gflops),
    r.refName ?? '',
    fmt(r.refMs),
    r.ratio === undefined ? '' : `${fmt(r.ratio)}×`,
    r.note ?? '',
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(w[i]))
      .join('  ')
      .trimEnd();
  return [`\n## ${title}`, line(head), line(w.map((n) => '-'.repeat(n))), ...body.map(line)].join('\n');
}
