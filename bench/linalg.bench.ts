/**
 * lib/linalg speed: complex solve A·X = B (n = 48, 144, 240, 768 — the sizes of the
 * precoder systems: S·N_R·M, S_k·B_s, full beams) and complex mmul, as time and GFLOP/s
 * (complex flop counts: LU 8n³/3 + triangular solves 8n²m, mmul 8n³), each with numpy's
 * time for the same operation measured in the same run (one BLAS thread, as the JS
 * kernels use one core), and two comparisons that justify the native kernel:
 *   - the blocked LU of lib/linalg/lu.ts vs the unblocked kernel it replaced
 *     (bench/baseline/lu-unblocked.ts), same inputs, same run;
 *   - ml-matrix's real LU solve of the 2n×2n real embedding [[Re, −Im], [Im, Re]].
 * Ratios are "this row's time / reference time" (ml-matrix row: ml-matrix / lib).
 */
import { Matrix, solve as mlSolve } from 'ml-matrix';
import { type CMatrix, ComplexLU, mmul, solve } from '../lib/linalg/index.js';
import { Rng } from '../lib/random/index.js';
import { BaselineComplexLU } from './baseline/lu-unblocked.js';
import { type BenchOptions, type BenchRow, runNumpy, timeIt } from './harness.js';

/** (n, right-hand sides) of the solve benchmark. */
const SOLVE_CASES: [number, number][] = [
  [48, 4],
  [144, 4],
  [240, 3],
  [768, 2],
];
const MMUL_SIZES = [48, 144, 240, 768];

function solveFlops(n: number, m: number): number {
  return (8 * n ** 3) / 3 + 8 * n * n * m;
}

/** The 2n×2n real embedding [[Re, −Im], [Im, Re]] of a complex n×n matrix (ml-matrix). */
function realEmbedding(a: CMatrix): Matrix {
  const n = a.rows;
  const m = a.cols;
  const out = new Matrix(2 * n, 2 * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const re = a.re[i * m + j];
      const im = a.im[i * m + j];
      out.set(i, j, re);
      out.set(i + n, j + m, re);
      out.set(i, j + m, -im);
      out.set(i + n, j, im);
    }
  }
  return out;
}

/** Real embedding of a right-hand side B (n×m) as the 2n×m stack [Re; Im]. */
function realStack(b: CMatrix): Matrix {
  const n = b.rows;
  const m = b.cols;
  const out = new Matrix(2 * n, m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      out.set(i, j, b.re[i * m + j]);
      out.set(i + n, j, b.im[i * m + j]);
    }
  }
  return out;
}

export async function run(opts: BenchOptions): Promise<BenchRow[]> {
  const solveCases = opts.quick ? SOLVE_CASES.slice(0, 3) : SOLVE_CASES;
  const mmulSizes = opts.quick ? MMUL_SIZES.slice(0, 3) : MMUL_SIZES;
  const minMs = opts.quick ? 100 : 400;

  const ref =
    runNumpy(
      [
        'out = {}',
        `for n, m in ${JSON.stringify(solveCases)}:`,
        '    rng = np.random.default_rng(n)',
        '    A = rng.standard_normal((n, n)) + 1j * rng.standard_normal((n, n))',
        '    B = rng.standard_normal((n, m)) + 1j * rng.standard_normal((n, m))',
        "    out[f'solve{n}'] = timeit_ms(lambda: np.linalg.solve(A, B))",
        `for n in ${JSON.stringify(mmulSizes)}:`,
        '    rng = np.random.default_rng(n + 1)',
        '    A = rng.standard_normal((n, n)) + 1j * rng.standard_normal((n, n))',
        '    C = rng.standard_normal((n, n)) + 1j * rng.standard_normal((n, n))',
        "    out[f'mmul{n}'] = timeit_ms(lambda: A @ C)",
        'print(json.dumps(out))',
      ].join('\n'),
      { threads: 1 },
    ) ?? {};

  const rows: BenchRow[] = [];
  for (const [n, m] of solveCases) {
    const rng = new Rng(`bench/linalg/solve/${n}`);
    const a = rng.complexNormalMatrix(n, n);
    const b = rng.complexNormalMatrix(n, m);
    const flops = solveFlops(n, m);
    const params = `n=${n}, rhs=${m}`;
    const reps = n > 500 ? 1 : 3;
    const ms = timeIt(() => solve(a, b), reps, n > 500 ? 0 : minMs);
    const refMs = ref[`solve${n}`];
    rows.push({
      name: 'complex solve (blocked LU)',
      params,
      ms,
      gflops: flops / ms / 1e6,
      refName: refMs === undefined ? undefined : 'numpy solve, 1 thread',
      refMs,
      ratio: refMs === undefined ? undefined : ms / refMs,
    });
    const beforeMs = timeIt(() => new BaselineComplexLU(a), reps, n > 500 ? 0 : minMs);
    const afterLuMs = timeIt(() => new ComplexLU(a), reps, n > 500 ? 0 : minMs);
    rows.push({
      name: 'complex LU, unblocked (before)',
      params: `n=${n}`,
      ms: beforeMs,
      gflops: (8 * n ** 3) / 3 / beforeMs / 1e6,
      refName: 'blocked LU (after)',
      refMs: afterLuMs,
      ratio: beforeMs / afterLuMs,
    });
    const ae = realEmbedding(a);
    const be = realStack(b);
    const mlMs = timeIt(() => mlSolve(ae, be), reps, n > 500 ? 0 : minMs);
    rows.push({
      name: 'ml-matrix solve, 2n real embedding',
      params: `2n=${2 * n}, rhs=${m}`,
      ms: mlMs,
      gflops: flops / mlMs / 1e6,
      refName: 'lib complex solve',
      refMs: ms,
      ratio: mlMs / ms,
      note: 'GFLOP/s counted as the complex solve',
    });
  }
  for (const n of mmulSizes) {
    const rng = new Rng(`bench/linalg/mmul/${n}`);
    const a = rng.complexNormalMatrix(n, n);
    const c = rng.complexNormalMatrix(n, n);
    const ms = timeIt(() => mmul(a, c), n > 500 ? 1 : 3, n > 500 ? 0 : minMs);
    const refMs = ref[`mmul${n}`];
    rows.push({
      name: 'complex mmul',
      params: `n=${n}`,
      ms,
      gflops: (8 * n ** 3) / ms / 1e6,
      refName: refMs === undefined ? undefined : 'numpy A @ B, 1 thread',
      refMs,
      ratio: refMs === undefined ? undefined : ms / refMs,
    });
  }
  return rows;
}
