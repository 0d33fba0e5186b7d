/**
 * Ridge (Tikhonov) solves by Householder QR of the stacked matrix [F; √λ·I] — the shifted
 * systems (FᴴF + λI)·p = b without forming the normal-equation matrix FᴴF:
 *
 *   ridgeLeastSquares(F, c, λ) = argmin_p ‖F·p − c‖² + λ‖p‖² = (FᴴF + λI)⁻¹Fᴴc
 *   ridgeSolve(F, b, λ)        = (FᴴF + λI)⁻¹b
 *
 * Why: FᴴF + λI is positive definite for every λ > 0, but once λ drops below the
 * round-off of FᴴF (≈ ε‖F‖²) a solve through FᴴF (Cholesky, LDLᵀ of its tridiagonal, LU)
 * loses every digit in the directions where F is small — or breaks down. The stacked QR
 * works with F itself: its backward error is ε‖F‖ (not ε‖F‖²), so the result is the exact
 * ridge solution of a matrix within round-off of F for any λ ≫ (ε‖F‖)², and stays finite
 * and bounded (‖p‖ ≤ ‖c‖/(2√λ) for the least-squares form) below that. This is the
 * W-step's path for small shifts β̃ (lib/precoding/wstep.ts).
 *
 * `ridgeLeastSquares` uses the primal stack [F; √λI_n] ((m+n) × n, F is m × n) when
 * m ≥ n and the dual one p = Fᴴz, z = argmin ‖Fᴴz‖² + ‖√λ·z − c/√λ‖² ([Fᴴ; √λI_m],
 * (n+m) × m) when m < n — the same result (push-through identity), the smaller QR.
 * `ridgeSolve` (any right-hand side, not only Fᴴc) uses the primal stack, R from the QR
 * being the Cholesky factor of FᴴF + λI computed without squaring: p = R⁻¹R⁻ᴴb.
 */
import { CMatrix, LinalgError } from './cmatrix.js';

function checkLambda(lambda: number, where: string): void {
  if (!(lambda > 0) || !Number.isFinite(lambda)) {
    throw new LinalgError(`${where}: λ must be a finite number > 0, got ${lambda}`);
  }
}

/** [top; √λ·I] ((m + n) × n) for an m × n matrix `top`. */
function stackWithShift(top: CMatrix, lambda: number): CMatrix {
  const m = top.rows;
  const n = top.cols;
  const g = new CMatrix(m + n, n);
  g.re.set(top.re);
  g.im.set(top.im);
  const r = Math.sqrt(lambda);
  for (let i = 0; i < n; i++) g.re[(m + i) * n + i] = r;
  return g;
}

/**
 * Householder QR of the m × n (m ≥ n) matrix `a` in place, applied to `rhs` (m × r) too:
 * on return the upper triangle of rows 0..n−1 of `a` is R (complex diagonal) and `rhs`
 * holds Qᴴ·rhs. Reflector H = I − 2vvᴴ (‖v‖ = 1) with H·x = α·e₁, α = −e^{j arg x₀}‖x‖
 * (no cancellation in x₀ − α).
 */
function householderQR(a: CMatrix, rhs: CMatrix | null): void {
  const m = a.rows;
  const n = a.cols;
  const re = a.re;
  const im = a.im;
  const vr = new Float64Array(m);
  const vi = new Float64Array(m);
  const apply = (x: CMatrix, k: number, cols: number, from: number) => {
    const xr = x.re;
    const xi = x.im;
    for (let j = from; j < cols; j++) {
      // w = vᴴ x_j
      let wr = 0;
      let wi = 0;
      for (let i = k; i < m; i++) {
        const yr = xr[i * cols + j];
        const yi = xi[i * cols + j];
        wr += vr[i] * yr + vi[i] * yi;
        wi += vr[i] * yi - vi[i] * yr;
      }
      wr *= 2;
      wi *= 2;
      for (let i = k; i < m; i++) {
        xr[i * cols + j] -= vr[i] * wr - vi[i] * wi;
        xi[i * cols + j] -= vr[i] * wi + vi[i] * wr;
      }
    }
  };
  for (let k = 0; k < n; k++) {
    let x2 = 0;
    for (let i = k; i < m; i++) x2 += re[i * n + k] * re[i * n + k] + im[i * n + k] * im[i * n + k];
    if (x2 === 0) continue;
    const xnorm = Math.sqrt(x2);
    const x0r = re[k * n + k];
    const x0i = im[k * n + k];
    const x0a = Math.hypot(x0r, x0i);
    const phr = x0a === 0 ? 1 : x0r / x0a;
    const phi = x0a === 0 ? 0 : x0i / x0a;
    const alr = -phr * xnorm;
    const ali = -phi * xnorm;
    let v2 = 0;
    for (let i = k; i < m; i++) {
      vr[i] = re[i * n + k];
      vi[i] = im[i * n + k];
    }
    vr[k] -= alr;
    vi[k] -= ali;
    for (let i = k; i < m; i++) v2 += vr[i] * vr[i] + vi[i] * vi[i];
    const vinv = 1 / Math.sqrt(v2);
    for (let i = k; i < m; i++) {
      vr[i] *= vinv;
      vi[i] *= vinv;
    }
    apply(a, k, n, k + 1);
    if (rhs) apply(rhs, k, rhs.cols, 0);
    re[k * n + k] = alr;
    im[k * n + k] = ali;
    for (let i = k + 1; i < m; i++) {
      re[i * n + k] = 0;
      im[i * n + k] = 0;
    }
  }
}

/** Solve R·X = Y in place for the upper-triangular n × n block of `r` (rows 0..n−1). */
function backSubstitute(r: CMatrix, y: CMatrix): CMatrix {
  const n = r.cols;
  const m = y.cols;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = 0; j < m; j++) {
      let sr = y.re[i * m + j];
      let si = y.im[i * m + j];
      for (let k = i + 1; k < n; k++) {
        const ar = r.re[i * n + k];
        const ai = r.im[i * n + k];
        const xr = y.re[k * m + j];
        const xi = y.im[k * m + j];
        sr -= ar * xr - ai * xi;
        si -= ar * xi + ai * xr;
      }
      const dr = r.re[i * n + i];
      const di = r.im[i * n + i];
      const d2 = dr * dr + di * di;
      y.re[i * m + j] = (sr * dr + si * di) / d2;
      y.im[i * m + j] = (si * dr - sr * di) / d2;
    }
  }
  return y;
}

/** Solve Rᴴ·X = Y in place (R upper triangular n × n, rows 0..n−1 of `r`). */
function forwardSubstituteH(r: CMatrix, y: CMatrix): CMatrix {
  const n = r.cols;
  const m = y.cols;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let sr = y.re[i * m + j];
      let si = y.im[i * m + j];
      for (let k = 0; k < i; k++) {
        // (Rᴴ)_ik = conj(R_ki)
        const ar = r.re[k * n + i];
        const ai = -r.im[k * n + i];
        const xr = y.re[k * m + j];
        const xi = y.im[k * m + j];
        sr -= ar * xr - ai * xi;
        si -= ar * xi + ai * xr;
      }
      // divide by conj(R_ii)
      const dr = r.re[i * n + i];
      const di = -r.im[i * n + i];
      const d2 = dr * dr + di * di;
      y.re[i * m + j] = (sr * dr + si * di) / d2;
      y.im[i * m + j] = (si * dr - sr * di) / d2;
    }
  }
  return y;
}

/** The first `rows` rows of `a` (a copy). */
function topRows(a: CMatrix, rows: number): CMatrix {
  const c = a.cols;
  return new CMatrix(rows, c, a.re.slice(0, rows * c), a.im.slice(0, rows * c));
}

/**
 * argmin_p ‖F·p − c‖² + λ‖p‖² = (FᴴF + λI)⁻¹Fᴴc for F (m × n), c (m × r), λ > 0; n × r.
 * See the file comment (primal QR when m ≥ n, dual when m < n).
 */
export function ridgeLeastSquares(f: CMatrix, c: CMatrix, lambda: number): CMatrix {
  checkLambda(lambda, 'ridgeLeastSquares');
  const m = f.rows;
  const n = f.cols;
  if (c.rows !== m) throw new LinalgError(`ridgeLeastSquares: c has ${c.rows} rows, F has ${m}`);
  const r = c.cols;
  if (m >= n) {
    const g = stackWithShift(f, lambda);
    const rhs = new CMatrix(m + n, r);
    rhs.re.set(c.re);
    rhs.im.set(c.im);
    householderQR(g, rhs);
    return backSubstitute(g, topRows(rhs, n));
  }
  // dual: z = argmin ‖[Fᴴ; √λ I] z − [0; c/√λ]‖², p = Fᴴ z
  const fh = new CMatrix(n, m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      fh.re[j * m + i] = f.re[i * n + j];
      fh.im[j * m + i] = -f.im[i * n + j];
    }
  }
  const g = stackWithShift(fh, lambda);
  const rhs = new CMatrix(n + m, r);
  const s = 1 / Math.sqrt(lambda);
  for (let p = 0; p < m * r; p++) {
    rhs.re[n * r + p] = c.re[p] * s;
    rhs.im[n * r + p] = c.im[p] * s;
  }
  householderQR(g, rhs);
  const z = backSubstitute(g, topRows(rhs, m));
  // p = Fᴴ z
  const out = new CMatrix(n, r);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < r; j++) {
      let sr = 0;
      let si = 0;
      for (let k = 0; k < m; k++) {
        const ar = fh.re[i * m + k];
        const ai = fh.im[i * m + k];
        const xr = z.re[k * r + j];
        const xi = z.im[k * r + j];
        sr += ar * xr - ai * xi;
        si += ar * xi + ai * xr;
      }
      out.re[i * r + j] = sr;
      out.im[i * r + j] = si;
    }
  }
  return out;
}

/** (FᴴF + λI)⁻¹·b for F (m × n), b (n × r), λ > 0: R⁻¹R⁻ᴴb with R from the QR of [F; √λI]. */
export function ridgeSolve(f: CMatrix, b: CMatrix, lambda: number): CMatrix {
  checkLambda(lambda, 'ridgeSolve');
  const n = f.cols;
  if (b.rows !== n) throw new LinalgError(`ridgeSolve: b has ${b.rows} rows, F has ${n} columns`);
  const g = stackWithShift(f, lambda);
  householderQR(g, null);
  return backSubstitute(g, forwardSubstituteH(g, b.clone()));
}
