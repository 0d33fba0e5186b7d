/**
 * Structured kernels for the statistical-CSI precoders (Section III-D,
 * docs/paper-reading.md#s1, #s2): Gram matrices of stacked beam responses (A·Aᴴ,
 * Aᴴ·diag(w)·A), Hermitian rank-one updates, row norms and inner products, index gathers, a
 * lean Cholesky factor for the many small Hermitian positive-definite solves, and the
 * shift-aware factor of the receive covariances σ²I + (semidefinite part)
 * (`ShiftedPsdFactor`).
 *
 * Same storage as `cmatrix.ts` (split re/im, row-major). These are general complex
 * operations; they live in lib/linalg so that the precoding code calls named ops only.
 */
import { CMatrix, LinalgError, type Complex } from './cmatrix.js';
import { eigHermitian } from './hermitian.js';

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
 * Cholesky–Banachiewicz factorisation of the lower triangle of A into L (n × n, all zero on
 * entry): every inner loop is a dot product of two contiguous rows. Returns the smallest
 * relative pivot margin min_j p_j / ((j+1)·a_jj), p_j = L_jj², which is in (0, 1] for a
 * positive-definite input — (j+1)·ε·a_jj bounds the round-off of pivot j (a_jj − Σ_k |L_jk|²
 * with Σ_k |L_jk|² ≤ a_jj), so the margin says how many correct bits the smallest pivot has.
 * Returns −1 at the first pivot that is not > 0 or not finite (L is then incomplete).
 */
function choleskyInto(a: CMatrix, l: CMatrix): number {
  const n = a.rows;
  const lr = l.re;
  const li = l.im;
  let margin = 1;
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
        if (!(sr > 0) || !Number.isFinite(sr)) return -1;
        margin = Math.min(margin, sr / ((i + 1) * a.re[io + i]));
        lr[io + i] = Math.sqrt(sr);
      } else {
        const d = lr[jo + j];
        lr[io + j] = sr / d;
        li[io + j] = si / d;
      }
    }
  }
  return margin;
}

/** Solve (L·Lᴴ)·X = B for lower-triangular L (n × n) with real positive diagonal; returns X. */
function choleskySolve(l: CMatrix, b: CMatrix): CMatrix {
  const n = l.rows;
  const m = b.cols;
  const x = b.clone();
  const xr = x.re;
  const xi = x.im;
  const lr = l.re;
  const li = l.im;
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

/**
 * Cholesky factor A = L·Lᴴ of a Hermitian positive-definite matrix, reading the lower
 * triangle of A only (the caller guarantees Hermitian input — no O(n²) symmetry check,
 * unlike `choleskyLower`). Row-oriented (Cholesky–Banachiewicz) kernel. Throws 'Matrix is
 * not positive definite' at a pivot that is not > 0 (or not finite) — that is, exactly
 * when the computed A is not positive definite; a small positive pivot is accepted (the
 * factorisation is backward stable whatever the pivot sizes). For a matrix that is
 * definite only through a known shift (noise σ²I plus a semidefinite part) use
 * `ShiftedPsdFactor`, which also stays accurate when the shift is below round-off.
 */
export class CholeskyFactor {
  readonly n: number;
  /** L, lower triangular with real positive diagonal (upper part zero). */
  readonly l: CMatrix;

  constructor(a: CMatrix) {
    if (a.rows !== a.cols) throw new LinalgError(`Cholesky: matrix must be square, got ${a.rows}x${a.cols}`);
    this.n = a.rows;
    this.l = new CMatrix(a.rows, a.rows);
    if (choleskyInto(a, this.l) < 0) throw new LinalgError('Matrix is not positive definite');
  }

  /** Solve A·X = B (B: n × m); returns X. */
  solve(b: CMatrix): CMatrix {
    if (b.rows !== this.n) throw new LinalgError(`Cholesky solve: B has ${b.rows} rows, expected ${this.n}`);
    return choleskySolve(this.l, b);
  }

  /** ln det A = 2 Σ ln L_ii. */
  logDeterminant(): number {
    let s = 0;
    for (let i = 0; i < this.n; i++) s += Math.log(this.l.re[i * this.n + i]);
    return 2 * s;
  }
}

/**
 * Q·diag(w(λ))·Qᴴ·B for the eigenpairs (λ_q, column q of Q) of a Hermitian n × n matrix;
 * pairs with w(λ) = 0 are skipped.
 */
function spectralApply(
  values: ArrayLike<number>,
  vectors: CMatrix,
  b: CMatrix,
  weight: (v: number) => number,
): CMatrix {
  const n = vectors.rows;
  const m = b.cols;
  const out = new CMatrix(n, m);
  for (let q = 0; q < n; q++) {
    const f = weight(values[q]);
    if (f === 0) continue;
    for (let j = 0; j < m; j++) {
      // c = (Qᴴ B)[q, j] · f
      let cr = 0;
      let ci = 0;
      for (let i = 0; i < n; i++) {
        const qr = vectors.re[i * n + q];
        const qi = vectors.im[i * n + q];
        cr += qr * b.re[i * m + j] + qi * b.im[i * m + j];
        ci += qr * b.im[i * m + j] - qi * b.re[i * m + j];
      }
      cr *= f;
      ci *= f;
      for (let i = 0; i < n; i++) {
        const qr = vectors.re[i * n + q];
        const qi = vectors.im[i * n + q];
        out.re[i * m + j] += qr * cr - qi * ci;
        out.im[i * m + j] += qr * ci + qi * cr;
      }
    }
  }
  return out;
}

/**
 * Solve A·X = B for a Hermitian A that is positive definite in exact arithmetic (lower
 * triangle and diagonal read) — no singularity threshold. Cholesky; if round-off makes the
 * computed A indefinite (a pivot ≤ 0: A's smallest eigenvalue is below the round-off of its
 * entries), the eigendecomposition A = QΛQᴴ with the eigenvalues raised to n·ε·max|λ| — the
 * exact solve of a positive-definite matrix within round-off of A: finite, and dominated by
 * A's near-null directions as the exact solution is.
 */
export function solvePositiveDefinite(a: CMatrix, b: CMatrix): CMatrix {
  if (a.rows !== a.cols) throw new LinalgError(`solvePositiveDefinite: matrix must be square, got ${a.rows}x${a.cols}`);
  if (b.rows !== a.rows) throw new LinalgError(`solvePositiveDefinite: B has ${b.rows} rows, expected ${a.rows}`);
  const n = a.rows;
  const l = new CMatrix(n, n);
  if (choleskyInto(a, l) > 0) return choleskySolve(l, b);
  const h = new CMatrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      h.re[i * n + j] = h.re[j * n + i] = a.re[i * n + j];
      h.im[i * n + j] = i === j ? 0 : a.im[i * n + j];
      h.im[j * n + i] = -h.im[i * n + j];
    }
  }
  for (let p = 0; p < h.size; p++) {
    if (!Number.isFinite(h.re[p]) || !Number.isFinite(h.im[p])) {
      throw new LinalgError('solvePositiveDefinite: matrix has a non-finite entry');
    }
  }
  const { values, vectors } = eigHermitian(h);
  let lmax = 0;
  for (const v of values) lmax = Math.max(lmax, Math.abs(v));
  const floor = Math.max(n * Number.EPSILON * lmax, Number.MIN_VALUE);
  return spectralApply(values, vectors, b, (v) => 1 / Math.max(v, floor));
}

/**
 * Smallest Cholesky pivot margin (see `choleskyInto`) for which ln det and range solves of
 * a ShiftedPsdFactor use the Cholesky factor: every pivot then has its round-off bound
 * below 2⁻²⁰ ≈ 1e-6 of itself, so ln det is right to n·1e-6 nats in the worst case (and in
 * practice to round-off).
 */
const CHOLESKY_TRUST_MARGIN = 2 ** 20 * Number.EPSILON;

/**
 * A factorisation of A = S + τI for a Hermitian positive-semidefinite S and a known shift
 * τ > 0 — the receive covariances σ²I + (interference and signal), positive definite
 * because of the noise term alone. Built from A (lower triangle and diagonal; the
 * caller guarantees A − τI ⪰ 0 up to round-off):
 *
 *  - Cholesky A = L·Lᴴ when every pivot is accurate (`method` 'cholesky'): the fast path,
 *    taken whenever τ — or S itself — keeps the pivots well above their round-off.
 *  - Otherwise (τ below the round-off of S in some direction: σ² = 1e-30 W next to a
 *    rank-deficient S — κ = ∞, rank-one Σ, N_R above the number of interferers) the
 *    eigendecomposition S = QΛQᴴ with the eigenvalues below n·ε·max|λ| set to exactly 0
 *    (`method` 'spectral'): A = Q(Λ + τI)Qᴴ is then the exact factorisation of a PSD
 *    perturbation of S within its round-off, shift untouched. ln det A = Σ ln(λ_i + τ)
 *    gets the structural limit right (n − rank(S) terms of exactly ln τ) where the
 *    Cholesky pivots would be round-off noise, possibly negative.
 *
 * `solve` uses the Cholesky factor whenever it exists (backward stable for any positive
 * pivots), else the eigendecomposition with negative round-off eigenvalues clamped to 0.
 * `solveInRange` is A⁻¹B for B in the range of S (for D = (R_sig + R_other)⁻¹R_sig^{1/2}):
 * in the spectral form it drops B's components along the numerically null directions of
 * S, which are round-off and would otherwise be multiplied by 1/τ.
 */
export class ShiftedPsdFactor {
  readonly n: number;
  /** τ. */
  readonly shift: number;
  /** Which factorisation serves ln det and `solveInRange` (see the class comment). */
  readonly method: 'cholesky' | 'spectral';
  private readonly a: CMatrix;
  private readonly lower: CMatrix | null;
  private spectrum: { values: Float64Array; vectors: CMatrix } | null = null;

  constructor(a: CMatrix, shift: number) {
    if (a.rows !== a.cols) throw new LinalgError(`ShiftedPsdFactor: matrix must be square, got ${a.rows}x${a.cols}`);
    if (!(shift > 0) || !Number.isFinite(shift)) {
      throw new LinalgError(`ShiftedPsdFactor: shift must be a finite number > 0, got ${shift}`);
    }
    for (let p = 0; p < a.size; p++) {
      if (!Number.isFinite(a.re[p]) || !Number.isFinite(a.im[p])) {
        throw new LinalgError(
          `ShiftedPsdFactor: matrix has a non-finite entry at (${Math.floor(p / a.cols)}, ${p % a.cols})`,
        );
      }
    }
    this.n = a.rows;
    this.shift = shift;
    this.a = a;
    const l = new CMatrix(a.rows, a.rows);
    const margin = choleskyInto(a, l);
    this.lower = margin > 0 ? l : null;
    this.method = margin >= CHOLESKY_TRUST_MARGIN ? 'cholesky' : 'spectral';
  }

  /** S = A − τI = Q diag(λ) Qᴴ, λ ≥ 0 with round-off eigenvalues (≤ n·ε·max|λ|) set to 0. */
  private spectral(): { values: Float64Array; vectors: CMatrix } {
    if (this.spectrum) return this.spectrum;
    const n = this.n;
    const s = new CMatrix(n, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        s.re[i * n + j] = this.a.re[i * n + j];
        s.im[i * n + j] = i === j ? 0 : this.a.im[i * n + j];
        s.re[j * n + i] = s.re[i * n + j];
        s.im[j * n + i] = -s.im[i * n + j];
      }
      s.re[i * n + i] -= this.shift;
    }
    const { values, vectors } = eigHermitian(s);
    let lmax = 0;
    for (const v of values) lmax = Math.max(lmax, Math.abs(v));
    if (n > 0 && values[0] < -1e-6 * Math.max(lmax, this.shift)) {
      throw new LinalgError(
        `ShiftedPsdFactor: A − τI is not positive semidefinite (eigenvalue ${values[0].toExponential(3)}, largest ${lmax.toExponential(3)}, τ = ${this.shift})`,
      );
    }
    const zeroBelow = n * Number.EPSILON * lmax;
    this.spectrum = { values: values.map((v) => (v > zeroBelow ? v : 0)), vectors };
    return this.spectrum;
  }

  /** Q·diag(f(λ))·Qᴴ·B over the eigenpairs with `keep(λ)`. */
  private spectralApply(b: CMatrix, keep: (v: number) => boolean): CMatrix {
    const { values, vectors } = this.spectral();
    return spectralApply(values, vectors, b, (v) => (keep(v) ? 1 / (v + this.shift) : 0));
  }

  /** A⁻¹B (B: n × m). */
  solve(b: CMatrix): CMatrix {
    if (b.rows !== this.n) throw new LinalgError(`ShiftedPsdFactor solve: B has ${b.rows} rows, expected ${this.n}`);
    if (this.lower) return choleskySolve(this.lower, b);
    return this.spectralApply(b, () => true);
  }

  /**
   * A⁻¹B for B in the range of S = A − τI (the caller knows it is): components of B along
   * directions where S is zero to working precision are round-off and are dropped.
   */
  solveInRange(b: CMatrix): CMatrix {
    if (b.rows !== this.n) throw new LinalgError(`ShiftedPsdFactor solve: B has ${b.rows} rows, expected ${this.n}`);
    if (this.method === 'cholesky') return choleskySolve(this.lower as CMatrix, b);
    return this.spectralApply(b, (v) => v > 0);
  }

  /** ln det A. */
  logDeterminant(): number {
    let s = 0;
    if (this.method === 'cholesky') {
      const l = this.lower as CMatrix;
      for (let i = 0; i < this.n; i++) s += Math.log(l.re[i * this.n + i]);
      return 2 * s;
    }
    for (const v of this.spectral().values) s += Math.log(v + this.shift);
    return s;
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
