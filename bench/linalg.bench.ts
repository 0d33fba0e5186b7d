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
 *
 * Shift-aware paths (issue 9), each against the path it falls back from, same run:
 *   - ShiftedPsdFactor ln det of σ²I + S (receive covariances, N_R = 4, 16): the Cholesky
 *     path (with its pivot-accuracy test) vs CholeskyFactor, and the spectral path (σ² below
 *     the round-off of a rank-deficient S) vs CholeskyFactor;
 *   - one UT's W-step solve on the ridge path (QR of [F_s; √β̃I], K = B_s = 48) vs the
 *     tridiagonal solve of the fast path (given L_s's tridiagonalisation).
 */
import { Matrix, solve as mlSolve } from 'ml-matrix';
import {
  CMatrix,
  CholeskyFactor,
  ComplexLU,
  HermitianTridiagonalization,
  ShiftedPsdFactor,
  addIdentity,
  hermitian,
  hermitianPart,
  mmul,
  mmulNH,
  ridgeLeastSquares,
  solve,
  transpose,
  weightedGramH,
} from '../lib/linalg/index.js';
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
  rows.push(...shiftAwareRows(minMs));
  return rows;
}

/** The shift-aware factor and the W-step's ridge path against what they fall back from. */
export function shiftAwareRows(minMs: number): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const n of [4, 16]) {
    const rng = new Rng(`bench/linalg/shifted/${n}`);
    const x = rng.complexNormalMatrix(n, n);
    const full = hermitianPart(addIdentity(mmulNH(x, x), 1e-3)); // σ²I + full-rank S
    const y = rng.complexNormalMatrix(n, 2);
    const lowRank = hermitianPart(addIdentity(mmulNH(y, y), 1e-30)); // σ² = 1e-30 next to rank 2
    const cholMs = timeIt(() => new CholeskyFactor(full).logDeterminant(), 3, minMs);
    const fastMs = timeIt(() => new ShiftedPsdFactor(full, 1e-3).logDeterminant(), 3, minMs);
    rows.push({
      name: 'ShiftedPsdFactor ln det, Cholesky path',
      params: `N_R=${n}`,
      ms: fastMs,
      refName: 'CholeskyFactor ln det',
      refMs: cholMs,
      ratio: fastMs / cholMs,
    });
    const specMs = timeIt(() => new ShiftedPsdFactor(lowRank, 1e-30).logDeterminant(), 3, minMs);
    rows.push({
      name: 'ShiftedPsdFactor ln det, spectral path',
      params: `N_R=${n}, rank 2, σ²=1e-30`,
      ms: specMs,
      refName: 'CholeskyFactor ln det',
      refMs: cholMs,
      ratio: specMs / cholMs,
      note: 'only when σ² is below the round-off of S',
    });
  }
  const K = 48;
  const B = 48;
  const rng = new Rng('bench/linalg/ridge');
  const v = rng.complexNormalMatrix(K, B);
  const d = Array.from({ length: K }, (_, j) => 10 ** (2 - (6 * j) / K));
  const f = new CMatrix(K, B);
  for (let j = 0; j < K; j++) {
    for (let b = 0; b < B; b++) {
      f.re[j * B + b] = Math.sqrt(d[j]) * v.re[j * B + b];
      f.im[j * B + b] = Math.sqrt(d[j]) * v.im[j * B + b];
    }
  }
  // fast path per UT: y = (T + β̃I)⁻¹(QP)ᴴv̄^* and V_s p = Yᴴy (Y = (QP)ᴴV_sᴴ, once per satellite)
  const tri = new HermitianTridiagonalization(weightedGramH(v, d));
  const yt = transpose(tri.applyAdjoint(hermitian(v)));
  const rhs = new CMatrix(B, 1, yt.re.slice(0, B), yt.im.slice(0, B));
  const c = new CMatrix(K, 1);
  c.re[0] = 1 / Math.sqrt(d[0]);
  const fastMs = timeIt(
    () => {
      const y = tri.solveShiftedReduced(rhs, 1e-2);
      return mmulNH(yt, new CMatrix(1, B, y.re, y.im));
    },
    3,
    minMs,
  );
  const ridgeMs = timeIt(() => mmul(v, ridgeLeastSquares(f, c, 1e-12)), 3, minMs);
  const triMs = timeIt(() => new HermitianTridiagonalization(weightedGramH(v, d)), 3, minMs);
  rows.push({
    name: 'W-step UT solve, ridge path (QR of [F; √β̃I])',
    params: `K=${K}, B_s=${B}`,
    ms: ridgeMs,
    refName: 'fast path per UT (tridiagonal solve, V_s p)',
    refMs: fastMs,
    ratio: ridgeMs / fastMs,
    note: 'only for β̃ < √ε‖L_s‖',
  });
  rows.push({
    name: 'W-step UT solve, ridge path (QR of [F; √β̃I])',
    params: `K=${K}, B_s=${B}`,
    ms: ridgeMs,
    refName: 'L_s formed and tridiagonalised (per satellite)',
    refMs: triMs,
    ratio: ridgeMs / triMs,
  });
  return rows;
}
