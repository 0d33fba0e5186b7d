/**
 * Hermitian decompositions: Cholesky (A = L·Lᴴ), the semidefinite factor fallback
 * (A = F·Fᴴ through the eigen-square-root), log-det, and the Hermitian eigendecomposition
 * — cyclic complex Jacobi rotations for n < 48 (accurate to a few ulps of ‖A‖ on every
 * eigenvalue, robust to repeated eigenvalues; O(n³) per sweep, ~6–10 sweeps), the
 * tridiagonal QL of eigTridiagonal.ts from n = 48 on (same accuracy, ~8× faster at n = 300).
 *
 * These serve Lemma 1 (Σ̃_{s,k} Σ̃_{s,k}ᴴ = (1−|φ̄|²)ρuuᴴ + ρ̃Σ, (27)), the log-det rates
 * (16) and (12), and the NLoS draws ũ ~ CN(0, Σ).
 */
import { CMatrix, LinalgError, assertHermitian, maxAbs } from './cmatrix.js';
import { eigHermitianQL } from './eigTridiagonal.js';

/**
 * Lower Cholesky factor L of a Hermitian positive-definite A (A = L·Lᴴ, real positive
 * diagonal). Throws 'Matrix is not Hermitian' or 'Matrix is not positive definite'.
 */
export function choleskyLower(a: CMatrix): CMatrix {
  if (a.rows !== a.cols) throw new LinalgError(`Cholesky: matrix must be square, got ${a.rows}x${a.cols}`);
  try {
    assertHermitian(a, 'Matrix');
  } catch {
    throw new LinalgError('Matrix is not Hermitian');
  }
  const l = tryCholesky(a);
  if (l === null) throw new LinalgError('Matrix is not positive definite');
  return l;
}

/** Cholesky without throwing: null when A is not numerically positive definite. */
function tryCholesky(a: CMatrix): CMatrix | null {
  const n = a.rows;
  const l = new CMatrix(n, n);
  const lr = l.re;
  const li = l.im;
  const scaleRef = maxAbs(a);
  for (let j = 0; j < n; j++) {
    let d = a.re[j * n + j];
    for (let k = 0; k < j; k++) d -= lr[j * n + k] * lr[j * n + k] + li[j * n + k] * li[j * n + k];
    if (!(d > scaleRef * n * Number.EPSILON) || !Number.isFinite(d)) return null;
    const ljj = Math.sqrt(d);
    lr[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let sr = a.re[i * n + j];
      let si = a.im[i * n + j];
      // subtract Σ_k L[i][k]·conj(L[j][k])
      for (let k = 0; k < j; k++) {
        const xr = lr[i * n + k];
        const xi = li[i * n + k];
        const yr = lr[j * n + k];
        const yi = -li[j * n + k];
        sr -= xr * yr - xi * yi;
        si -= xr * yi + xi * yr;
      }
      lr[i * n + j] = sr / ljj;
      li[i * n + j] = si / ljj;
    }
  }
  return l;
}

/** Hermitian eigendecomposition A = V·diag(values)·Vᴴ, values ascending, V unitary. */
export interface HermitianEigen {
  values: Float64Array;
  vectors: CMatrix;
}

/** Size from which eigHermitian uses tridiagonalisation + QL (8× faster than Jacobi at n = 300). */
const QL_FROM_SIZE = 48;

/**
 * Eigen-decomposition of a Hermitian matrix, A = V·diag(values)·Vᴴ, values ascending.
 * Below QL_FROM_SIZE: cyclic complex Jacobi rotations (each rotation J = Q·R zeroes a_pq:
 * Q turns a_pq real by a phase on column q, R is the real Jacobi rotation, Numerical
 * Recipes §11.1 conventions). From QL_FROM_SIZE on: Householder tridiagonalisation and
 * implicit QL (eigTridiagonal.ts), O(n³) with a smaller constant. Both backward stable
 * (‖A − VΛVᴴ‖, ‖VᴴV − I‖ = O(n·ε·‖A‖)). Throws 'Matrix is not Hermitian' on non-Hermitian input.
 */
export function eigHermitian(a: CMatrix, maxSweeps = 60): HermitianEigen {
  if (a.rows !== a.cols) throw new LinalgError(`eigHermitian: matrix must be square, got ${a.rows}x${a.cols}`);
  try {
    assertHermitian(a, 'Matrix');
  } catch {
    throw new LinalgError('Matrix is not Hermitian');
  }
  if (a.rows >= QL_FROM_SIZE) return eigHermitianQL(a);
  return eigHermitianJacobi(a, maxSweeps);
}

/** The Jacobi branch of eigHermitian (A already checked square and Hermitian). */
function eigHermitianJacobi(a: CMatrix, maxSweeps: number): HermitianEigen {
  const n = a.rows;
  const A = a.clone();
  const re = A.re;
  const im = A.im;
  for (let i = 0; i < n; i++) im[i * n + i] = 0;
  const V = new CMatrix(n, n);
  const vr = V.re;
  const vi = V.im;
  for (let i = 0; i < n; i++) vr[i * n + i] = 1;
  let total = 0;
  for (let p = 0; p < n * n; p++) total += re[p] * re[p] + im[p] * im[p];
  const stopOff = total * Number.EPSILON * Number.EPSILON;
  let converged = n <= 1;
  for (let sweep = 0; sweep < maxSweeps && !converged; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) off += re[p * n + q] * re[p * n + q] + im[p * n + q] * im[p * n + q];
    }
    if (off <= stopOff || off === 0) {
      converged = true;
      break;
    }
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const br = re[p * n + q];
        const bi = im[p * n + q];
        const mag = Math.hypot(br, bi);
        if (mag === 0) continue;
        const app = re[p * n + p];
        const aqq = re[q * n + q];
        if (mag < Number.EPSILON * 1e-3 * Math.sqrt(Math.abs(app * aqq)) && sweep > 3) {
          re[p * n + q] = im[p * n + q] = re[q * n + p] = im[q * n + p] = 0;
          continue;
        }
        const er = br / mag; // e^{jα}
        const ei = bi / mag;
        const tau = (aqq - app) / (2 * mag);
        const t = (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        // J[p][p]=c, J[p][q]=s, J[q][p]=−s·e^{−jα}, J[q][q]=c·e^{−jα}
        // columns: A ← A·J
        rotateColumns(re, im, n, p, q, c, s, er, ei);
        // rows: A ← Jᴴ·A
        for (let k = 0; k < n; k++) {
          const pk = p * n + k;
          const qk = q * n + k;
          const xr = re[pk];
          const xi = im[pk];
          // y = e^{jα} · a_qk
          const yr = re[qk] * er - im[qk] * ei;
          const yi = im[qk] * er + re[qk] * ei;
          re[pk] = c * xr - s * yr;
          im[pk] = c * xi - s * yi;
          re[qk] = s * xr + c * yr;
          im[qk] = s * xi + c * yi;
        }
        re[p * n + q] = im[p * n + q] = re[q * n + p] = im[q * n + p] = 0;
        im[p * n + p] = 0;
        im[q * n + q] = 0;
        // V ← V·J
        rotateColumns(vr, vi, n, p, q, c, s, er, ei);
      }
    }
  }
  if (!converged) {
    let off = 0;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) off += re[p * n + q] * re[p * n + q] + im[p * n + q] * im[p * n + q];
    }
    if (off > stopOff * 1e4) {
      throw new LinalgError(`eigHermitian: Jacobi did not converge in ${maxSweeps} sweeps`);
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => re[x * n + x] - re[y * n + y]);
  const values = new Float64Array(n);
  const vectors = new CMatrix(n, n);
  order.forEach((src, dst) => {
    values[dst] = re[src * n + src];
    for (let k = 0; k < n; k++) {
      vectors.re[k * n + dst] = vr[k * n + src];
      vectors.im[k * n + dst] = vi[k * n + src];
    }
  });
  return { values, vectors };
}

/**
 * A factor F with F·Fᴴ = A for a Hermitian positive-semidefinite A: the Cholesky factor
 * when A is positive definite, otherwise the eigen-square-root V·diag(√max(λ,0)) ((27) when
 * only semidefinite: ζ = 0 and κ → ∞ make Σ̃Σ̃ᴴ rank one). Throws 'Matrix is not positive
 * semidefinite' when an eigenvalue is below −relTol·max|λ|.
 */
export function hermitianFactor(a: CMatrix, relTol = 1e-10): CMatrix {
  if (a.rows !== a.cols) throw new LinalgError(`hermitianFactor: matrix must be square, got ${a.rows}x${a.cols}`);
  try {
    assertHermitian(a, 'Matrix');
  } catch {
    throw new LinalgError('Matrix is not Hermitian');
  }
  const l = tryCholesky(a);
  if (l !== null) return l;
  return psdSqrtFactor(a, relTol);
}

/**
 * Square roots of the eigenvalues of a Hermitian PSD matrix, with the round-off eigenvalues
 * (|λ| ≤ n·ε·max|λ|, numerically zero) set to exactly 0: otherwise √(1e-17) = 3e-9 would put
 * noise 8 orders of magnitude above round-off outside the range of A. Throws 'Matrix is not
 * positive semidefinite' when an eigenvalue is below −relTol·max|λ|.
 */
function psdSqrtEigenvalues(values: Float64Array, relTol: number): Float64Array {
  const n = values.length;
  const lmax = n === 0 ? 0 : Math.max(Math.abs(values[0]), Math.abs(values[n - 1]));
  if (n > 0 && values[0] < -relTol * Math.max(lmax, Number.MIN_VALUE)) {
    throw new LinalgError('Matrix is not positive semidefinite');
  }
  const zeroBelow = n * Number.EPSILON * lmax;
  return values.map((l) => (l > zeroBelow ? Math.sqrt(l) : 0));
}

/** The eigen-square-root factor V·diag(√max(λ,0)) of a Hermitian PSD matrix (round-off λ → 0). */
export function psdSqrtFactor(a: CMatrix, relTol = 1e-10): CMatrix {
  const { values, vectors } = eigHermitian(a);
  const n = a.rows;
  const roots = psdSqrtEigenvalues(values, relTol);
  const f = vectors.clone();
  for (let j = 0; j < n; j++) {
    const s = roots[j];
    for (let i = 0; i < n; i++) {
      f.re[i * n + j] *= s;
      f.im[i * n + j] *= s;
    }
  }
  return f;
}

/** Hermitian PSD square root A^{1/2} = V·diag(√λ)·Vᴴ (the unique Hermitian one). */
export function sqrtmHermitian(a: CMatrix, relTol = 1e-10): CMatrix {
  const { values, vectors } = eigHermitian(a);
  const n = a.rows;
  const roots = psdSqrtEigenvalues(values, relTol);
  const out = new CMatrix(n, n);
  for (let k = 0; k < n; k++) {
    const s = roots[k];
    if (s === 0) continue;
    for (let i = 0; i < n; i++) {
      const ar = vectors.re[i * n + k] * s;
      const ai = vectors.im[i * n + k] * s;
      for (let j = 0; j < n; j++) {
        const br = vectors.re[j * n + k];
        const bi = -vectors.im[j * n + k];
        out.re[i * n + j] += ar * br - ai * bi;
        out.im[i * n + j] += ar * bi + ai * br;
      }
    }
  }
  return out;
}

/** ln det A for Hermitian positive-definite A, via Cholesky (2 Σ ln Lⱼⱼ). */
export function logDetHermitian(a: CMatrix): number {
  const l = choleskyLower(a);
  let s = 0;
  for (let j = 0; j < a.rows; j++) s += Math.log(l.re[j * a.rows + j]);
  return 2 * s;
}

/** Solve A·X = B for Hermitian positive-definite A by Cholesky (half the work of LU). */
export function solveHermitianPD(a: CMatrix, b: CMatrix): CMatrix {
  if (b.rows !== a.rows) {
    throw new LinalgError(`solveHermitianPD: shape mismatch, A is ${a.rows}x${a.cols} but B has ${b.rows} rows`);
  }
  const l = choleskyLower(a);
  const n = a.rows;
  const m = b.cols;
  const x = b.clone();
  const xr = x.re;
  const xi = x.im;
  // L·Y = B
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < i; k++) {
      const lr = l.re[i * n + k];
      const li = l.im[i * n + k];
      for (let j = 0; j < m; j++) {
        const yr = xr[k * m + j];
        const yi = xi[k * m + j];
        xr[i * m + j] -= lr * yr - li * yi;
        xi[i * m + j] -= lr * yi + li * yr;
      }
    }
    const d = l.re[i * n + i];
    for (let j = 0; j < m; j++) {
      xr[i * m + j] /= d;
      xi[i * m + j] /= d;
    }
  }
  // Lᴴ·X = Y
  for (let i = n - 1; i >= 0; i--) {
    for (let k = i + 1; k < n; k++) {
      // (Lᴴ)[i][k] = conj(L[k][i])
      const lr = l.re[k * n + i];
      const li = -l.im[k * n + i];
      for (let j = 0; j < m; j++) {
        const yr = xr[k * m + j];
        const yi = xi[k * m + j];
        xr[i * m + j] -= lr * yr - li * yi;
        xi[i * m + j] -= lr * yi + li * yr;
      }
    }
    const d = l.re[i * n + i];
    for (let j = 0; j < m; j++) {
      xr[i * m + j] /= d;
      xi[i * m + j] /= d;
    }
  }
  return x;
}

/**
 * Columns p and q of the n×n matrix (re, im) times the complex Jacobi rotation
 * J[p][p] = c, J[p][q] = s, J[q][p] = −s·e^{−jα}, J[q][q] = c·e^{−jα}, e^{jα} = er + j·ei:
 * X ← X·J, in place.
 */
function rotateColumns(
  re: Float64Array,
  im: Float64Array,
  n: number,
  p: number,
  q: number,
  c: number,
  s: number,
  er: number,
  ei: number,
): void {
  for (let k = 0; k < n; k++) {
    const kp = k * n + p;
    const kq = k * n + q;
    const xr = re[kp];
    const xi = im[kp];
    // y = x_kq · e^{−jα}
    const yr = re[kq] * er + im[kq] * ei;
    const yi = im[kq] * er - re[kq] * ei;
    re[kp] = c * xr - s * yr;
    im[kp] = c * xi - s * yi;
    re[kq] = s * xr + c * yr;
    im[kq] = s * xi + c * yi;
  }
}
