/**
 * Complex LU with partial pivoting, solve A·X = B (any number of right-hand sides),
 * inverse and determinant — the dense solves of the precoders (W̄_k = (Ξ_k + β̃_k I)⁻¹ V̌_kᴴ T_k,
 * docs/paper-reading.md#s1) and of the rate formulas (12), (16).
 *
 * Native kernel on the split arrays, blocked right-looking LU (LAPACK zgetrf's
 * algorithm): panels of PANEL columns are factored with rank-1 updates, then the trailing
 * matrix gets one rank-PANEL update A₂₂ −= L₂₁·U₁₂ by a register-blocked kernel (2 rows ×
 * 4 pivots per pass over a contiguous row), which reads the trailing matrix PANEL/4 times
 * less often than the unblocked elimination. bench/linalg.bench.ts measures it against
 * the unblocked kernel and numpy in the same run (~1.7× the unblocked speed here).
 */
import { CMatrix, LinalgError, type Complex } from './cmatrix.js';

/** Panel width of the blocked LU (a multiple of 4, the unrolling of the trailing update). */
const PANEL = 16;

/**
 * Factor the panel columns [k0, k1) of the row-major n×n split matrix in place (partial
 * pivoting over rows k..n−1, swapping whole rows), then form U₁₂ = L₁₁⁻¹A₁₂ for columns
 * k1..n−1. Returns the sign change of the row swaps; throws 'Matrix is singular' when a
 * pivot is below `tiny`.
 */
function factorPanel(
  re: Float64Array,
  im: Float64Array,
  n: number,
  perm: Int32Array,
  k0: number,
  k1: number,
  tiny: number,
): number {
  let sign = 1;
  for (let k = k0; k < k1; k++) {
    // pivot: largest |a_ik| (1-norm of the complex entry, as LAPACK's izamax)
    let piv = k;
    let best = -1;
    for (let i = k; i < n; i++) {
      const v = Math.abs(re[i * n + k]) + Math.abs(im[i * n + k]);
      if (v > best) {
        best = v;
        piv = i;
      }
    }
    if (!(best > tiny) || best === 0) throw new LinalgError('Matrix is singular');
    if (piv !== k) {
      const a = k * n;
      const b = piv * n;
      for (let j = 0; j < n; j++) {
        let t = re[a + j];
        re[a + j] = re[b + j];
        re[b + j] = t;
        t = im[a + j];
        im[a + j] = im[b + j];
        im[b + j] = t;
      }
      const t = perm[k];
      perm[k] = perm[piv];
      perm[piv] = t;
      sign = -sign;
    }
    const ko = k * n;
    const pr = re[ko + k];
    const pi = im[ko + k];
    const d = pr * pr + pi * pi;
    const ipr = pr / d;
    const ipi = -pi / d;
    for (let i = k + 1; i < n; i++) {
      const io = i * n;
      const xr = re[io + k];
      const xi = im[io + k];
      const lr = xr * ipr - xi * ipi;
      const li = xr * ipi + xi * ipr;
      re[io + k] = lr;
      im[io + k] = li;
      for (let j = k + 1; j < k1; j++) {
        const ur = re[ko + j];
        const ui = im[ko + j];
        re[io + j] -= lr * ur - li * ui;
        im[io + j] -= lr * ui + li * ur;
      }
    }
  }
  // U₁₂ = L₁₁⁻¹·A₁₂ (unit lower triangular, rows k0..k1−1, columns k1..n−1)
  for (let k = k0; k < k1; k++) {
    const ko = k * n;
    for (let i = k + 1; i < k1; i++) {
      const io = i * n;
      const lr = re[io + k];
      const li = im[io + k];
      for (let j = k1; j < n; j++) {
        const ur = re[ko + j];
        const ui = im[ko + j];
        re[io + j] -= lr * ur - li * ui;
        im[io + j] -= lr * ui + li * ur;
      }
    }
  }
  return sign;
}

/** One row r of the trailing update: row_r[k1:] −= Σ_{k∈[k, kEnd)} l_rk · row_k[k1:]. */
function updateRow(re: Float64Array, im: Float64Array, n: number, r: number, k: number, kEnd: number, k1: number) {
  const ro = r * n;
  for (; k < kEnd; k++) {
    const ar = re[ro + k];
    const ai = im[ro + k];
    const uo = k * n;
    for (let j = k1; j < n; j++) {
      const ur = re[uo + j];
      const ui = im[uo + j];
      re[ro + j] -= ar * ur - ai * ui;
      im[ro + j] -= ar * ui + ai * ur;
    }
  }
}

/**
 * Trailing update A₂₂ −= L₂₁·U₁₂ for rows and columns k1..n−1 and pivots [k0, k1): two
 * rows × four pivots per sweep over a row, so each loaded U entry serves two rows and each
 * loaded/stored A entry four pivots.
 */
function trailingUpdate(re: Float64Array, im: Float64Array, n: number, k0: number, k1: number): void {
  let i = k1;
  for (; i + 1 < n; i += 2) {
    const r0 = i * n;
    const r1 = r0 + n;
    let k = k0;
    for (; k + 3 < k1; k += 4) {
      const a0r = re[r0 + k];
      const a0i = im[r0 + k];
      const b0r = re[r0 + k + 1];
      const b0i = im[r0 + k + 1];
      const c0r = re[r0 + k + 2];
      const c0i = im[r0 + k + 2];
      const d0r = re[r0 + k + 3];
      const d0i = im[r0 + k + 3];
      const a1r = re[r1 + k];
      const a1i = im[r1 + k];
      const b1r = re[r1 + k + 1];
      const b1i = im[r1 + k + 1];
      const c1r = re[r1 + k + 2];
      const c1i = im[r1 + k + 2];
      const d1r = re[r1 + k + 3];
      const d1i = im[r1 + k + 3];
      const u0 = k * n;
      const u1 = u0 + n;
      const u2 = u1 + n;
      const u3 = u2 + n;
      for (let j = k1; j < n; j++) {
        const x0r = re[u0 + j];
        const x0i = im[u0 + j];
        const x1r = re[u1 + j];
        const x1i = im[u1 + j];
        const x2r = re[u2 + j];
        const x2i = im[u2 + j];
        const x3r = re[u3 + j];
        const x3i = im[u3 + j];
        re[r0 + j] -=
          a0r * x0r - a0i * x0i + (b0r * x1r - b0i * x1i) + (c0r * x2r - c0i * x2i) + (d0r * x3r - d0i * x3i);
        im[r0 + j] -=
          a0r * x0i + a0i * x0r + (b0r * x1i + b0i * x1r) + (c0r * x2i + c0i * x2r) + (d0r * x3i + d0i * x3r);
        re[r1 + j] -=
          a1r * x0r - a1i * x0i + (b1r * x1r - b1i * x1i) + (c1r * x2r - c1i * x2i) + (d1r * x3r - d1i * x3i);
        im[r1 + j] -=
          a1r * x0i + a1i * x0r + (b1r * x1i + b1i * x1r) + (c1r * x2i + c1i * x2r) + (d1r * x3i + d1i * x3r);
      }
    }
    updateRow(re, im, n, i, k, k1, k1);
    updateRow(re, im, n, i + 1, k, k1, k1);
  }
  if (i < n) updateRow(re, im, n, i, k0, k1, k1);
}

/** Packed LU factors of a square matrix: P·A = L·U, L unit lower, U upper, in one array. */
export class ComplexLU {
  readonly n: number;
  /** Packed L (strictly lower, unit diagonal implied) and U (upper). */
  readonly lu: CMatrix;
  /** Row permutation: row i of P·A is row perm[i] of A. */
  readonly perm: Int32Array;
  /** +1 or −1, the sign of the permutation. */
  readonly sign: number;

  /**
   * Factor A (n×n). Throws 'Matrix is singular' when a pivot falls below n·ε·max|aᵢⱼ|
   * (singular to working precision), and names the first non-finite entry.
   */
  constructor(a: CMatrix) {
    if (a.rows !== a.cols) throw new LinalgError(`LU: matrix must be square, got ${a.rows}x${a.cols}`);
    const n = a.rows;
    this.n = n;
    const lu = a.clone();
    const re = lu.re;
    const im = lu.im;
    const perm = new Int32Array(n);
    for (let i = 0; i < n; i++) perm[i] = i;
    let amax = 0;
    for (let p = 0; p < n * n; p++) {
      if (!Number.isFinite(re[p]) || !Number.isFinite(im[p])) {
        throw new LinalgError(`LU: matrix has a non-finite entry at (${Math.floor(p / n)}, ${p % n})`);
      }
      amax = Math.max(amax, Math.abs(re[p]) + Math.abs(im[p]));
    }
    const tiny = amax * n * Number.EPSILON;
    let sign = 1;
    for (let k0 = 0; k0 < n; k0 += PANEL) {
      const k1 = Math.min(n, k0 + PANEL);
      sign *= factorPanel(re, im, n, perm, k0, k1, tiny);
      if (k1 < n) trailingUpdate(re, im, n, k0, k1);
    }
    this.lu = lu;
    this.perm = perm;
    this.sign = sign;
  }

  /** Solve A·X = B for X (B: n × m, any m ≥ 1). */
  solve(b: CMatrix): CMatrix {
    const n = this.n;
    if (b.rows !== n) {
      throw new LinalgError(`solve: shape mismatch, A is ${n}x${n} but B has ${b.rows} rows`);
    }
    const m = b.cols;
    const x = new CMatrix(n, m);
    const xr = x.re;
    const xi = x.im;
    for (let i = 0; i < n; i++) {
      const src = this.perm[i] * m;
      xr.set(b.re.subarray(src, src + m), i * m);
      xi.set(b.im.subarray(src, src + m), i * m);
    }
    const re = this.lu.re;
    const im = this.lu.im;
    // forward: L·Y = P·B (unit diagonal)
    for (let i = 0; i < n; i++) {
      const io = i * m;
      for (let k = 0; k < i; k++) {
        const lr = re[i * n + k];
        const li = im[i * n + k];
        if (lr === 0 && li === 0) continue;
        const ko = k * m;
        for (let j = 0; j < m; j++) {
          const yr = xr[ko + j];
          const yi = xi[ko + j];
          xr[io + j] -= lr * yr - li * yi;
          xi[io + j] -= lr * yi + li * yr;
        }
      }
    }
    // backward: U·X = Y
    for (let i = n - 1; i >= 0; i--) {
      const io = i * m;
      for (let k = i + 1; k < n; k++) {
        const ur = re[i * n + k];
        const ui = im[i * n + k];
        if (ur === 0 && ui === 0) continue;
        const ko = k * m;
        for (let j = 0; j < m; j++) {
          const yr = xr[ko + j];
          const yi = xi[ko + j];
          xr[io + j] -= ur * yr - ui * yi;
          xi[io + j] -= ur * yi + ui * yr;
        }
      }
      const pr = re[i * n + i];
      const pi = im[i * n + i];
      const d = pr * pr + pi * pi;
      const ipr = pr / d;
      const ipi = -pi / d;
      for (let j = 0; j < m; j++) {
        const yr = xr[io + j];
        const yi = xi[io + j];
        xr[io + j] = yr * ipr - yi * ipi;
        xi[io + j] = yr * ipi + yi * ipr;
      }
    }
    return x;
  }

  /** det A. */
  determinant(): Complex {
    let re = this.sign;
    let im = 0;
    const n = this.n;
    for (let i = 0; i < n; i++) {
      const a = this.lu.re[i * n + i];
      const b = this.lu.im[i * n + i];
      const t = re * a - im * b;
      im = re * b + im * a;
      re = t;
    }
    return { re, im };
  }

  /** ln |det A| (never overflows). */
  logAbsDeterminant(): number {
    let s = 0;
    const n = this.n;
    for (let i = 0; i < n; i++) s += Math.log(Math.hypot(this.lu.re[i * n + i], this.lu.im[i * n + i]));
    return s;
  }
}

/** Solve A·X = B (A square, B with any number of columns). Throws 'Matrix is singular'. */
export function solve(a: CMatrix, b: CMatrix): CMatrix {
  if (a.rows !== a.cols) throw new LinalgError(`solve: A must be square, got ${a.rows}x${a.cols}`);
  if (b.rows !== a.rows) {
    throw new LinalgError(`solve: shape mismatch, A is ${a.rows}x${a.cols} but B has ${b.rows} rows`);
  }
  return new ComplexLU(a).solve(b);
}

/** A⁻¹. Throws 'Matrix is singular'. */
export function inverse(a: CMatrix): CMatrix {
  if (a.rows !== a.cols) throw new LinalgError(`inverse: matrix must be square, got ${a.rows}x${a.cols}`);
  const n = a.rows;
  const eye = new CMatrix(n, n);
  for (let i = 0; i < n; i++) eye.re[i * n + i] = 1;
  return new ComplexLU(a).solve(eye);
}

/** det A. */
export function determinant(a: CMatrix): Complex {
  return new ComplexLU(a).determinant();
}
