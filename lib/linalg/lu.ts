/**
 * Complex LU with partial pivoting, solve A·X = B (any number of right-hand sides),
 * inverse and determinant. Native kernel on the split arrays: the row update of the
 * right-looking elimination runs over contiguous memory (~1.3 GFLOP/s here).
 */
import { CMatrix, LinalgError, type Complex } from './cmatrix.js';

/** Packed LU factors of a square matrix: P·A = L·U, L unit lower, U upper, in one array. */
export class ComplexLU {
  readonly n: number;
  /** Packed L (strictly lower, unit diagonal implied) and U (upper). */
  readonly lu: CMatrix;
  /** Row permutation: row i of P·A is row perm[i] of A. */
  readonly perm: Int32Array;
  /** +1 or −1, the sign of the permutation. */
  readonly sign: number;

  constructor(a: CMatrix) {
    if (a.rows !== a.cols) throw new LinalgError(`LU: matrix must be square, got ${a.rows}x${a.cols}`);
    const n = a.rows;
    this.n = n;
    const lu = a.clone();
    const re = lu.re;
    const im = lu.im;
    const perm = new Int32Array(n);
    for (let i = 0; i < n; i++) perm[i] = i;
    let sign = 1;
    let amax = 0;
    for (let p = 0; p < n * n; p++) amax = Math.max(amax, Math.abs(re[p]) + Math.abs(im[p]));
    for (let p = 0; p < n * n; p++) {
      if (!Number.isFinite(re[p]) || !Number.isFinite(im[p])) {
        throw new LinalgError(`LU: matrix has a non-finite entry at (${Math.floor(p / n)}, ${p % n})`);
      }
    }
    const tiny = amax * n * Number.EPSILON;
    for (let k = 0; k < n; k++) {
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
      if (!(best > tiny) || best === 0) {
        throw new LinalgError('Matrix is singular');
      }
      if (piv !== k) {
        for (let j = 0; j < n; j++) {
          const a = k * n + j;
          const b = piv * n + j;
          let t = re[a];
          re[a] = re[b];
          re[b] = t;
          t = im[a];
          im[a] = im[b];
          im[b] = t;
        }
        const t = perm[k];
        perm[k] = perm[piv];
        perm[piv] = t;
        sign = -sign;
      }
      const pr = re[k * n + k];
      const pi = im[k * n + k];
      const d = pr * pr + pi * pi;
      const ipr = pr / d;
      const ipi = -pi / d;
      const ko = k * n;
      for (let i = k + 1; i < n; i++) {
        const io = i * n;
        const xr = re[io + k];
        const xi = im[io + k];
        if (xr === 0 && xi === 0) continue;
        const lr = xr * ipr - xi * ipi;
        const li = xr * ipi + xi * ipr;
        re[io + k] = lr;
        im[io + k] = li;
        for (let j = k + 1; j < n; j++) {
          const ur = re[ko + j];
          const ui = im[ko + j];
          re[io + j] -= lr * ur - li * ui;
          im[io + j] -= lr * ui + li * ur;
        }
      }
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
