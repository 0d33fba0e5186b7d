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
 * The QR sorts rows and pivots columns, so rows of very different magnitude (weighted
 * problems) keep their relative accuracy (see `householderQR`).
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
 * Householder QR with row sorting and column pivoting of the m × n (m ≥ n) matrix `a`, in
 * place, applied to `rhs` (m × r) too: the rows of `a` and `rhs` are first sorted by
 * decreasing ∞-norm, then at step k the remaining column of largest norm is swapped in.
 * On return the upper triangle of rows 0..n−1 of `a` is R (complex diagonal), `rhs` holds
 * Qᴴ·(sorted rhs), and the returned permutation `perm` says that column j of R belongs to
 * unknown perm[j] (A·Π = Q·R). Reflector H = I − 2vvᴴ (‖v‖ = 1), H·x = α·e₁ with
 * α = −e^{j arg x₀}‖x‖ (no cancellation in x₀ − α).
 *
 * Why sorting and pivoting: the rows of a ridge problem can differ by many orders of
 * magnitude (the W-step's F_s = D^{1/2}V weighs UTs by leakage weights spanning 30 decades
 * when rate weights and noise powers are extreme, and the √λ rows are tiny). Plain
 * Householder QR is backward stable only normwise — a row 10⁻²⁰ times the largest is lost
 * to round-off; with rows sorted and columns pivoted it is row-wise backward stable (every
 * row perturbed relative to its own norm: Powell & Reid 1969, Cox & Higham 1998).
 */
function householderQR(a: CMatrix, rhs: CMatrix | null): Int32Array {
  const m = a.rows;
  const n = a.cols;
  const r = rhs ? rhs.cols : 0;
  // sort rows by decreasing ∞-norm (stable: ties keep their order)
  const rowNorm = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let x = 0;
    for (let j = 0; j < n; j++) x = Math.max(x, Math.abs(a.re[i * n + j]), Math.abs(a.im[i * n + j]));
    rowNorm[i] = x;
  }
  const order = Array.from({ length: m }, (_, i) => i).sort((x, y) => rowNorm[y] - rowNorm[x] || x - y);
  // column-major work copies of the sorted a (n columns) and rhs (r columns): contiguous columns
  const cr: Float64Array[] = [];
  const ci: Float64Array[] = [];
  for (let j = 0; j < n + r; j++) {
    const src = j < n ? a : (rhs as CMatrix);
    const c = j < n ? n : r;
    const jj = j < n ? j : j - n;
    const xr = new Float64Array(m);
    const xi = new Float64Array(m);
    order.forEach((row, i) => {
      xr[i] = src.re[row * c + jj];
      xi[i] = src.im[row * c + jj];
    });
    cr.push(xr);
    ci.push(xi);
  }
  const perm = new Int32Array(n);
  for (let j = 0; j < n; j++) perm[j] = j;
  for (let k = 0; k < n; k++) {
    // column pivoting: the remaining column of largest norm (recomputed: no downdating error)
    let best = k;
    let bestNorm = -1;
    for (let j = k; j < n; j++) {
      const xr = cr[j];
      const xi = ci[j];
      let c2 = 0;
      for (let i = k; i < m; i++) c2 += xr[i] * xr[i] + xi[i] * xi[i];
      if (c2 > bestNorm) {
        bestNorm = c2;
        best = j;
      }
    }
    if (best !== k) {
      [cr[k], cr[best]] = [cr[best], cr[k]];
      [ci[k], ci[best]] = [ci[best], ci[k]];
      const t = perm[k];
      perm[k] = perm[best];
      perm[best] = t;
    }
    if (!(bestNorm > 0)) continue;
    const xnorm = Math.sqrt(bestNorm);
    const vr = cr[k];
    const vi = ci[k];
    const x0r = vr[k];
    const x0i = vi[k];
    const x0a = Math.hypot(x0r, x0i);
    const phr = x0a === 0 ? 1 : x0r / x0a;
    const phi = x0a === 0 ? 0 : x0i / x0a;
    const alr = -phr * xnorm;
    const ali = -phi * xnorm;
    // v = (x − αe₁)/‖x − αe₁‖ stored in place of column k; ‖x − αe₁‖² = 2‖x‖(‖x‖ + |x₀|)
    vr[k] -= alr;
    vi[k] -= ali;
    const vinv = 1 / Math.sqrt(2 * xnorm * (xnorm + x0a));
    for (let i = k; i < m; i++) {
      vr[i] *= vinv;
      vi[i] *= vinv;
    }
    for (let j = k + 1; j < n + r; j++) {
      const yr = cr[j];
      const yi = ci[j];
      // y −= 2 v (vᴴ y)
      let wr = 0;
      let wi = 0;
      for (let i = k; i < m; i++) {
        wr += vr[i] * yr[i] + vi[i] * yi[i];
        wi += vr[i] * yi[i] - vi[i] * yr[i];
      }
      wr *= 2;
      wi *= 2;
      for (let i = k; i < m; i++) {
        yr[i] -= vr[i] * wr - vi[i] * wi;
        yi[i] -= vr[i] * wi + vi[i] * wr;
      }
    }
    vr[k] = alr;
    vi[k] = ali;
    for (let i = k + 1; i < m; i++) {
      vr[i] = 0;
      vi[i] = 0;
    }
  }
  // back to the row-major a (R in rows 0..n−1) and rhs (Qᴴ·sorted rhs)
  for (let j = 0; j < n + r; j++) {
    const dst = j < n ? a : (rhs as CMatrix);
    const c = j < n ? n : r;
    const jj = j < n ? j : j - n;
    for (let i = 0; i < m; i++) {
      dst.re[i * c + jj] = cr[j][i];
      dst.im[i * c + jj] = ci[j][i];
    }
  }
  return perm;
}

/** Unknowns in the original order: out[perm[j]] = y[j] (rows). */
function unpermute(y: CMatrix, perm: Int32Array): CMatrix {
  const c = y.cols;
  const out = new CMatrix(y.rows, c);
  perm.forEach((dst, src) => {
    out.re.set(y.re.subarray(src * c, (src + 1) * c), dst * c);
    out.im.set(y.im.subarray(src * c, (src + 1) * c), dst * c);
  });
  return out;
}

/** Rows in pivot order: out[j] = b[perm[j]]. */
function permute(b: CMatrix, perm: Int32Array): CMatrix {
  const c = b.cols;
  const out = new CMatrix(b.rows, c);
  perm.forEach((src, dst) => {
    out.re.set(b.re.subarray(src * c, (src + 1) * c), dst * c);
    out.im.set(b.im.subarray(src * c, (src + 1) * c), dst * c);
  });
  return out;
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
    const perm = householderQR(g, rhs);
    return unpermute(backSubstitute(g, topRows(rhs, n)), perm);
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
  const zPerm = householderQR(g, rhs);
  const z = unpermute(backSubstitute(g, topRows(rhs, m)), zPerm);
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
  // (FᴴF + λI) = Π RᴴR Πᵀ
  const perm = householderQR(g, null);
  return unpermute(backSubstitute(g, forwardSubstituteH(g, permute(b, perm))), perm);
}
