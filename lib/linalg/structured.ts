/**
 * Structured kernels for the statistical-CSI precoders (Section III-D, SPEC §4 "Structure"):
 * Gram matrices of stacked beam responses (A·Aᴴ, Aᴴ·diag(w)·A), Hermitian rank-one
 * updates, row norms and inner products, index gathers, and a lean Cholesky factor for the many small Hermitian
 * positive-definite solves of the W-step (one per serving satellite and UT).
 *
 * Same storage as `cmatrix.ts` (split re/im, row-major). These are general complex
 * operations; they live in lib/linalg so that the precoding code calls named ops only.
 */
import { CMatrix, LinalgError, type Complex } from './cmatrix.js';

/** A·Aᴴ (rows × rows, Hermitian); computes one triangle and mirrors it. */
export function hermitianGram(a: CMatrix): CMatrix {
  const n = a.rows;
  const m = a.cols;
  const out = new CMatrix(n, n);
  const ar = a.re;
  const ai = a.im;
  for (let i = 0; i < n; i++) {
    const io = i * m;
    for (let j = 0; j <= i; j++) {
      const jo = j * m;
      let sr = 0;
      let si = 0;
      // Σ_l a_il · conj(a_jl)
      for (let l = 0; l < m; l++) {
        const xr = ar[io + l];
        const xi = ai[io + l];
        const yr = ar[jo + l];
        const yi = ai[jo + l];
        sr += xr * yr + xi * yi;
        si += xi * yr - xr * yi;
      }
      out.re[i * n + j] = sr;
      out.im[i * n + j] = si;
      out.re[j * n + i] = sr;
      out.im[j * n + i] = -si;
    }
    out.im[i * n + i] = 0;
  }
  return out;
}

/**
 * Aᴴ·diag(w)·A (cols × cols, Hermitian) for real weights w (length rows), without forming
 * diag(w). Accumulates w_l · conj(a_l)ᵀ a_l row by row over the lower triangle.
 */
export function weightedGramH(a: CMatrix, w: ArrayLike<number>): CMatrix {
  if (w.length !== a.rows) {
    throw new LinalgError(`weightedGramH: ${w.length} weights for a matrix with ${a.rows} rows`);
  }
  const n = a.cols;
  const out = new CMatrix(n, n);
  const or = out.re;
  const oi = out.im;
  for (let l = 0; l < a.rows; l++) {
    const wl = w[l];
    if (wl === 0) continue;
    const lo = l * n;
    for (let i = 0; i < n; i++) {
      // conj(a_li) · w
      const xr = wl * a.re[lo + i];
      const xi = -wl * a.im[lo + i];
      if (xr === 0 && xi === 0) continue;
      const io = i * n;
      for (let j = 0; j <= i; j++) {
        const yr = a.re[lo + j];
        const yi = a.im[lo + j];
        or[io + j] += xr * yr - xi * yi;
        oi[io + j] += xr * yi + xi * yr;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    oi[i * n + i] = 0;
    for (let j = 0; j < i; j++) {
      or[j * n + i] = or[i * n + j];
      oi[j * n + i] = -oi[i * n + j];
    }
  }
  return out;
}

/** In place A ← A + α·x·xᴴ for a column vector x (n × 1) and real α; returns A. */
export function hermitianRankOneUpdateInPlace(a: CMatrix, x: CMatrix, alpha: number): CMatrix {
  const n = a.rows;
  if (a.cols !== n || x.rows !== n || x.cols !== 1) {
    throw new LinalgError(
      `hermitianRankOneUpdateInPlace: need square A and x of n×1, got ${a.rows}x${a.cols} and ${x.rows}x${x.cols}`,
    );
  }
  for (let i = 0; i < n; i++) {
    const xr = alpha * x.re[i];
    const xi = alpha * x.im[i];
    const io = i * n;
    for (let j = 0; j < n; j++) {
      // α x_i conj(x_j)
      const yr = x.re[j];
      const yi = -x.im[j];
      a.re[io + j] += xr * yr - xi * yi;
      a.im[io + j] += xr * yi + xi * yr;
    }
  }
  return a;
}

/** Sub-matrix A[rowIdx, colIdx] gathered by index lists (a copy). */
export function gather(a: CMatrix, rowIdx: ArrayLike<number>, colIdx: ArrayLike<number>): CMatrix {
  const out = new CMatrix(rowIdx.length, colIdx.length);
  const nc = colIdx.length;
  for (let i = 0; i < rowIdx.length; i++) {
    const r = rowIdx[i];
    if (!(r >= 0 && r < a.rows)) throw new LinalgError(`gather: row index ${r} outside [0, ${a.rows - 1}]`);
    const ro = r * a.cols;
    for (let j = 0; j < nc; j++) {
      const c = colIdx[j];
      if (!(c >= 0 && c < a.cols)) throw new LinalgError(`gather: column index ${c} outside [0, ${a.cols - 1}]`);
      out.re[i * nc + j] = a.re[ro + c];
      out.im[i * nc + j] = a.im[ro + c];
    }
  }
  return out;
}

/** A·Bᴴ without forming Bᴴ (rows of A against rows of B). */
export function mmulNH(a: CMatrix, b: CMatrix): CMatrix {
  if (a.cols !== b.cols) {
    throw new LinalgError(`mmulNH: shape mismatch, ${a.rows}x${a.cols} times (${b.rows}x${b.cols})^H`);
  }
  const n = a.rows;
  const p = b.rows;
  const m = a.cols;
  const out = new CMatrix(n, p);
  for (let i = 0; i < n; i++) {
    const io = i * m;
    for (let j = 0; j < p; j++) {
      const jo = j * m;
      let sr = 0;
      let si = 0;
      for (let l = 0; l < m; l++) {
        const xr = a.re[io + l];
        const xi = a.im[io + l];
        const yr = b.re[jo + l];
        const yi = b.im[jo + l];
        sr += xr * yr + xi * yi;
        si += xi * yr - xr * yi;
      }
      out.re[i * p + j] = sr;
      out.im[i * p + j] = si;
    }
  }
  return out;
}

/**
 * Cholesky factor A = L·Lᴴ of a Hermitian positive-definite matrix, reading the lower
 * triangle of A only (the caller guarantees Hermitian input — no O(n²) symmetry check,
 * unlike `choleskyLower`). Row-oriented (Cholesky–Banachiewicz) kernel: every inner loop
 * is a dot product of two contiguous rows. Throws 'Matrix is not positive definite'.
 */
export class CholeskyFactor {
  readonly n: number;
  /** L, lower triangular with real positive diagonal (upper part zero). */
  readonly l: CMatrix;

  constructor(a: CMatrix) {
    if (a.rows !== a.cols) throw new LinalgError(`Cholesky: matrix must be square, got ${a.rows}x${a.cols}`);
    const n = a.rows;
    this.n = n;
    const l = new CMatrix(n, n);
    const lr = l.re;
    const li = l.im;
    let amax = 0;
    for (let i = 0; i < n; i++) amax = Math.max(amax, Math.abs(a.re[i * n + i]));
    const tiny = amax * n * Number.EPSILON;
    for (let i = 0; i < n; i++) {
      const io = i * n;
      for (let j = 0; j <= i; j++) {
        const jo = j * n;
        let sr = a.re[io + j];
        let si = j === i ? 0 : a.im[io + j];
        // − Σ_{k<j} L_ik · conj(L_jk)
        for (let k = 0; k < j; k++) {
          const xr = lr[io + k];
          const xi = li[io + k];
          const yr = lr[jo + k];
          const yi = li[jo + k];
          sr -= xr * yr + xi * yi;
          si -= xi * yr - xr * yi;
        }
        if (j === i) {
          if (!(sr > tiny) || !Number.isFinite(sr)) throw new LinalgError('Matrix is not positive definite');
          lr[io + i] = Math.sqrt(sr);
        } else {
          const d = lr[jo + j];
          lr[io + j] = sr / d;
          li[io + j] = si / d;
        }
      }
    }
    this.l = l;
  }

  /** Solve A·X = B (B: n × m); returns X. */
  solve(b: CMatrix): CMatrix {
    const n = this.n;
    if (b.rows !== n) throw new LinalgError(`Cholesky solve: B has ${b.rows} rows, expected ${n}`);
    const m = b.cols;
    const x = b.clone();
    const xr = x.re;
    const xi = x.im;
    const lr = this.l.re;
    const li = this.l.im;
    // L·Y = B, row by row
    for (let i = 0; i < n; i++) {
      const io = i * m;
      for (let k = 0; k < i; k++) {
        const ar = lr[i * n + k];
        const ai = li[i * n + k];
        if (ar === 0 && ai === 0) continue;
        const ko = k * m;
        for (let j = 0; j < m; j++) {
          const yr = xr[ko + j];
          const yi = xi[ko + j];
          xr[io + j] -= ar * yr - ai * yi;
          xi[io + j] -= ar * yi + ai * yr;
        }
      }
      const d = lr[i * n + i];
      for (let j = 0; j < m; j++) {
        xr[io + j] /= d;
        xi[io + j] /= d;
      }
    }
    // Lᴴ·X = Y, column-oriented so that row i of L is read contiguously
    for (let i = n - 1; i >= 0; i--) {
      const io = i * m;
      const d = lr[i * n + i];
      for (let j = 0; j < m; j++) {
        xr[io + j] /= d;
        xi[io + j] /= d;
      }
      for (let k = 0; k < i; k++) {
        // y_k −= conj(L_ik) · x_i
        const ar = lr[i * n + k];
        const ai = -li[i * n + k];
        if (ar === 0 && ai === 0) continue;
        const ko = k * m;
        for (let j = 0; j < m; j++) {
          const yr = xr[io + j];
          const yi = xi[io + j];
          xr[ko + j] -= ar * yr - ai * yi;
          xi[ko + j] -= ar * yi + ai * yr;
        }
      }
    }
    return x;
  }

  /** ln det A = 2 Σ ln L_ii. */
  logDeterminant(): number {
    let s = 0;
    for (let i = 0; i < this.n; i++) s += Math.log(this.l.re[i * this.n + i]);
    return 2 * s;
  }
}

/** Squared Euclidean norm of every row, ‖a_{i,:}‖² (length rows). */
export function rowNorms2(a: CMatrix): Float64Array {
  const out = new Float64Array(a.rows);
  for (let i = 0; i < a.rows; i++) {
    let s = 0;
    for (let p = i * a.cols; p < (i + 1) * a.cols; p++) s += a.re[p] * a.re[p] + a.im[p] * a.im[p];
    out[i] = s;
  }
  return out;
}

/** diag(d)·A for real d (length rows), as a new matrix. */
export function scaleRows(a: CMatrix, d: ArrayLike<number>): CMatrix {
  if (d.length !== a.rows) throw new LinalgError(`scaleRows: ${d.length} factors for ${a.rows} rows`);
  const out = new CMatrix(a.rows, a.cols);
  for (let i = 0; i < a.rows; i++) {
    const f = d[i];
    for (let p = i * a.cols; p < (i + 1) * a.cols; p++) {
      out.re[p] = f * a.re[p];
      out.im[p] = f * a.im[p];
    }
  }
  return out;
}

/** Σ_l a[i,l] · conj(b[j,l]) — inner product of row i of A with row j of B (equal widths). */
export function rowInnerProduct(a: CMatrix, i: number, b: CMatrix, j: number): Complex {
  if (a.cols !== b.cols) throw new LinalgError(`rowInnerProduct: widths differ, ${a.cols} vs ${b.cols}`);
  const m = a.cols;
  let sr = 0;
  let si = 0;
  const io = i * m;
  const jo = j * m;
  for (let l = 0; l < m; l++) {
    const xr = a.re[io + l];
    const xi = a.im[io + l];
    const yr = b.re[jo + l];
    const yi = b.im[jo + l];
    sr += xr * yr + xi * yi;
    si += xi * yr - xr * yi;
  }
  return { re: sr, im: si };
}
