/**
 * Householder tridiagonalisation of a Hermitian matrix, shifted solves through it, and
 * the Hermitian eigendecomposition by implicit QL — O(n³) "direct" methods (≈ 3–5× fewer
 * flops than the cyclic Jacobi of hermitian.ts).
 *
 * A = (QP) T (QP)ᴴ with Q = H_0 H_1 ⋯ H_{n−3} a product of Householder reflectors
 * H_k = I − 2 v_k v_kᴴ (as LAPACK zhetrd), P a diagonal unitary and T a real symmetric
 * tridiagonal matrix (diagonal d, subdiagonal |e_k| ≥ 0). One tridiagonalisation serves
 * every shifted system: (A + σI)^{-1} B = (QP) (T + σI)^{-1} (QP)ᴴ B, with O(n) work per
 * right-hand side for the tridiagonal solve. The W-step of the statistical-CSI precoders
 * uses exactly this: the per-satellite leakage matrix L_s is shared by all UTs, only the
 * shift β̃_k differs (lib/precoding/wstep.ts, docs/paper-reading.md#s1).
 *
 * Eigenvectors: T = Z Λ Zᵀ by implicit QL with Wilkinson shifts (Numerical Recipes
 * `tqli`), V = (QP) Z. Backward stable: ‖A − VΛVᴴ‖ and ‖VᴴV − I‖ are O(n ε ‖A‖).
 */
import { CMatrix, LinalgError, assertHermitian } from './cmatrix.js';
import type { HermitianEigen } from './hermitian.js';

/** A = (QP) T (QP)ᴴ for a Hermitian A (lower triangle and diagonal read; see the file comment). */
export class HermitianTridiagonalization {
  readonly n: number;
  /** Diagonal of T (real). */
  readonly diagonal: Float64Array;
  /** Subdiagonal of T, offDiagonal[k] = T[k+1][k] ≥ 0 (length n, last entry 0). */
  readonly offDiagonal: Float64Array;
  // reflector k in entries k+1..n−1 of column k of (vr, vi); hasV[k] = 0 when H_k = I
  private readonly vr: Float64Array;
  private readonly vi: Float64Array;
  private readonly hasV: Uint8Array;
  private readonly phaseRe: Float64Array;
  private readonly phaseIm: Float64Array;

  /**
   * Tridiagonalise A. The caller guarantees A Hermitian (pass `check = true` to verify
   * and throw 'Matrix is not Hermitian'); the upper triangle is ignored.
   */
  constructor(a: CMatrix, check = false) {
    if (a.rows !== a.cols) {
      throw new LinalgError(`tridiagonalisation: matrix must be square, got ${a.rows}x${a.cols}`);
    }
    if (check) {
      try {
        assertHermitian(a, 'Matrix');
      } catch {
        throw new LinalgError('Matrix is not Hermitian');
      }
    }
    const n = a.rows;
    this.n = n;
    // work on a copy of the lower triangle (the reduction reads and updates only that)
    const re = new Float64Array(n * n);
    const im = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        re[i * n + j] = a.re[i * n + j];
        im[i * n + j] = i === j ? 0 : a.im[i * n + j];
      }
    }
    const vr = new Float64Array(n * n);
    const vi = new Float64Array(n * n);
    const hasV = new Uint8Array(Math.max(n, 1));
    const eRe = new Float64Array(n);
    const eIm = new Float64Array(n);
    const pr = new Float64Array(n);
    const pi = new Float64Array(n);
    // the current reflector, contiguous
    const ur = new Float64Array(n);
    const ui = new Float64Array(n);
    for (let k = 0; k < n - 2; k++) {
      const m0 = k + 1;
      let xnorm2 = 0;
      for (let i = m0; i < n; i++) xnorm2 += re[i * n + k] * re[i * n + k] + im[i * n + k] * im[i * n + k];
      const x0r = re[m0 * n + k];
      const x0i = im[m0 * n + k];
      const x0a = Math.hypot(x0r, x0i);
      if (xnorm2 === 0 || xnorm2 - x0a * x0a <= 0) {
        // nothing below the first entry: H_k = I
        eRe[k] = x0r;
        eIm[k] = x0i;
        continue;
      }
      const xnorm = Math.sqrt(xnorm2);
      const phr = x0a === 0 ? 1 : x0r / x0a;
      const phi = x0a === 0 ? 0 : x0i / x0a;
      // α = −phase·‖x‖, v = (x − α e1)/‖x − α e1‖
      const alr = -phr * xnorm;
      const ali = -phi * xnorm;
      let vn2 = 0;
      for (let i = m0; i < n; i++) {
        let xr = re[i * n + k];
        let xi = im[i * n + k];
        if (i === m0) {
          xr -= alr;
          xi -= ali;
        }
        ur[i] = xr;
        ui[i] = xi;
        vn2 += xr * xr + xi * xi;
      }
      const vinv = 1 / Math.sqrt(vn2);
      for (let i = m0; i < n; i++) {
        ur[i] *= vinv;
        ui[i] *= vinv;
        vr[i * n + k] = ur[i];
        vi[i * n + k] = ui[i];
      }
      hasV[k] = 1;
      // p = A₂ v from the lower triangle: row i gives Σ_{j≤i} a_ij v_j to p_i and conj(a_ij) v_i to p_j (j < i)
      for (let i = m0; i < n; i++) {
        pr[i] = 0;
        pi[i] = 0;
      }
      for (let i = m0; i < n; i++) {
        const io = i * n;
        const vri = ur[i];
        const vii = ui[i];
        let sr = 0;
        let si = 0;
        for (let j = m0; j < i; j++) {
          const ar = re[io + j];
          const ai = im[io + j];
          sr += ar * ur[j] - ai * ui[j];
          si += ar * ui[j] + ai * ur[j];
          pr[j] += ar * vri + ai * vii;
          pi[j] += ar * vii - ai * vri;
        }
        const d = re[io + i];
        pr[i] += sr + d * vri;
        pi[i] += si + d * vii;
      }
      // γ = vᴴ p (real), w = 2(p − γ v), A₂ ← A₂ − v wᴴ − w vᴴ (lower triangle)
      let gam = 0;
      for (let i = m0; i < n; i++) gam += ur[i] * pr[i] + ui[i] * pi[i];
      for (let i = m0; i < n; i++) {
        pr[i] = 2 * (pr[i] - gam * ur[i]);
        pi[i] = 2 * (pi[i] - gam * ui[i]);
      }
      for (let i = m0; i < n; i++) {
        const a1r = ur[i];
        const a1i = ui[i];
        const w1r = pr[i];
        const w1i = pi[i];
        const io = i * n;
        for (let j = m0; j <= i; j++) {
          const w2r = pr[j];
          const w2i = pi[j];
          const v2r = ur[j];
          const v2i = ui[j];
          // v_i conj(w_j) + w_i conj(v_j)
          re[io + j] -= a1r * w2r + a1i * w2i + w1r * v2r + w1i * v2i;
          im[io + j] -= a1i * w2r - a1r * w2i + w1i * v2r - w1r * v2i;
        }
      }
      eRe[k] = alr;
      eIm[k] = ali;
    }
    if (n >= 2) {
      eRe[n - 2] = re[(n - 1) * n + (n - 2)];
      eIm[n - 2] = im[(n - 1) * n + (n - 2)];
    }
    const d = new Float64Array(n);
    for (let i = 0; i < n; i++) d[i] = re[i * n + i];
    // T_complex = P T Pᴴ: p_0 = 1, p_{k+1} = p_k e_k/|e_k|
    const phaseRe = new Float64Array(n);
    const phaseIm = new Float64Array(n);
    const e = new Float64Array(n);
    if (n > 0) phaseRe[0] = 1;
    for (let k = 0; k < n - 1; k++) {
      const mag = Math.hypot(eRe[k], eIm[k]);
      e[k] = mag;
      const ur = mag === 0 ? 1 : eRe[k] / mag;
      const ui = mag === 0 ? 0 : eIm[k] / mag;
      phaseRe[k + 1] = phaseRe[k] * ur - phaseIm[k] * ui;
      phaseIm[k + 1] = phaseRe[k] * ui + phaseIm[k] * ur;
    }
    this.diagonal = d;
    this.offDiagonal = e;
    this.vr = vr;
    this.vi = vi;
    this.hasV = hasV;
    this.phaseRe = phaseRe;
    this.phaseIm = phaseIm;
  }

  /** X ← H_k X in place on rows k+1..n−1 (m columns); tr, ti: scratch of length ≥ m. */
  private reflect(k: number, xr: Float64Array, xi: Float64Array, m: number, tr: Float64Array, ti: Float64Array): void {
    const n = this.n;
    const m0 = k + 1;
    tr.fill(0, 0, m);
    ti.fill(0, 0, m);
    for (let i = m0; i < n; i++) {
      const cr = this.vr[i * n + k];
      const ci = -this.vi[i * n + k];
      const io = i * m;
      for (let j = 0; j < m; j++) {
        const yr = xr[io + j];
        const yi = xi[io + j];
        tr[j] += cr * yr - ci * yi;
        ti[j] += cr * yi + ci * yr;
      }
    }
    for (let i = m0; i < n; i++) {
      const cr = 2 * this.vr[i * n + k];
      const ci = 2 * this.vi[i * n + k];
      const io = i * m;
      for (let j = 0; j < m; j++) {
        xr[io + j] -= cr * tr[j] - ci * ti[j];
        xi[io + j] -= cr * ti[j] + ci * tr[j];
      }
    }
  }

  /** (QP)ᴴ B (n × m). */
  applyAdjoint(b: CMatrix): CMatrix {
    const n = this.n;
    if (b.rows !== n) throw new LinalgError(`applyAdjoint: B has ${b.rows} rows, expected ${n}`);
    const m = b.cols;
    const x = b.clone();
    const tr = new Float64Array(m);
    const ti = new Float64Array(m);
    for (let k = 0; k < n - 2; k++) if (this.hasV[k]) this.reflect(k, x.re, x.im, m, tr, ti);
    for (let i = 0; i < n; i++) {
      const cr = this.phaseRe[i];
      const ci = -this.phaseIm[i];
      for (let j = i * m; j < (i + 1) * m; j++) {
        const yr = x.re[j];
        const yi = x.im[j];
        x.re[j] = cr * yr - ci * yi;
        x.im[j] = cr * yi + ci * yr;
      }
    }
    return x;
  }

  /** (QP) Y (n × m). */
  apply(y: CMatrix): CMatrix {
    const n = this.n;
    if (y.rows !== n) throw new LinalgError(`apply: Y has ${y.rows} rows, expected ${n}`);
    const m = y.cols;
    const x = y.clone();
    for (let i = 0; i < n; i++) {
      const cr = this.phaseRe[i];
      const ci = this.phaseIm[i];
      for (let j = i * m; j < (i + 1) * m; j++) {
        const yr = x.re[j];
        const yi = x.im[j];
        x.re[j] = cr * yr - ci * yi;
        x.im[j] = cr * yi + ci * yr;
      }
    }
    const tr = new Float64Array(m);
    const ti = new Float64Array(m);
    for (let k = n - 3; k >= 0; k--) if (this.hasV[k]) this.reflect(k, x.re, x.im, m, tr, ti);
    return x;
  }

  /**
   * (T + σI)^{-1} W for the real tridiagonal T (W: n × m, complex), by the LDLᵀ (Thomas)
   * recursion. Throws 'Matrix is not positive definite' on a pivot that is not > 0 (or not
   * finite) — and only then: all pivots > 0 is exactly "the computed T + σI is positive
   * definite" (Sylvester), and LDLᵀ of a positive-definite tridiagonal is backward stable
   * however small its pivots are (no growth: D and L·D·Lᵀ are bounded by |T + σI|).
   *
   * There is deliberately no "numerically singular" threshold on the pivots: a threshold
   * relative to max|d + σ| (as before) rejects valid systems — for T = tridiagonal of a
   * positive-semidefinite low-rank matrix (the leakage matrix L_s of the W-step) every
   * exact pivot is ≥ σ, and σ can be ten orders of magnitude below ‖T‖ while T + σI is
   * perfectly definite. How accurate the solve is then is the caller's concern: the
   * forward error is about ε‖T‖/σ in the directions where T is small (the W-step switches
   * to a QR-based ridge solve below σ = √ε·‖T‖, lib/precoding/wstep.ts).
   */
  solveShiftedReduced(w: CMatrix, shift: number): CMatrix {
    const n = this.n;
    if (w.rows !== n) throw new LinalgError(`solveShiftedReduced: W has ${w.rows} rows, expected ${n}`);
    const m = w.cols;
    const d = this.diagonal;
    const e = this.offDiagonal;
    const piv = new Float64Array(n);
    const lo = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let p = d[i] + shift;
      if (i > 0) {
        lo[i] = e[i - 1] / piv[i - 1];
        p -= lo[i] * e[i - 1];
      }
      if (!(p > 0) || !Number.isFinite(p)) throw new LinalgError('Matrix is not positive definite');
      piv[i] = p;
    }
    const x = w.clone();
    const xr = x.re;
    const xi = x.im;
    for (let i = 1; i < n; i++) {
      const l = lo[i];
      for (let j = 0; j < m; j++) {
        xr[i * m + j] -= l * xr[(i - 1) * m + j];
        xi[i * m + j] -= l * xi[(i - 1) * m + j];
      }
    }
    for (let i = n - 1; i >= 0; i--) {
      const inv = 1 / piv[i];
      for (let j = 0; j < m; j++) {
        let yr = xr[i * m + j];
        let yi = xi[i * m + j];
        if (i < n - 1) {
          // L Dᵀ Lᵀ: x_i = y_i/D_i − l_{i+1} x_{i+1}
          yr = yr * inv - lo[i + 1] * xr[(i + 1) * m + j];
          yi = yi * inv - lo[i + 1] * xi[(i + 1) * m + j];
        } else {
          yr *= inv;
          yi *= inv;
        }
        xr[i * m + j] = yr;
        xi[i * m + j] = yi;
      }
    }
    return x;
  }

  /**
   * Upper bound on ‖T‖₂ = ‖A‖₂ (Gershgorin on the tridiagonal: max_i |d_i| + e_{i−1} + e_i,
   * at most 3‖A‖₂) — the scale a shift is compared with.
   */
  normBound(): number {
    const d = this.diagonal;
    const e = this.offDiagonal;
    let out = 0;
    for (let i = 0; i < this.n; i++) out = Math.max(out, Math.abs(d[i]) + e[i] + (i > 0 ? e[i - 1] : 0));
    return out;
  }

  /** (A + σI)^{-1} B = (QP)(T + σI)^{-1}(QP)ᴴ B. */
  solveShifted(b: CMatrix, shift: number): CMatrix {
    return this.apply(this.solveShiftedReduced(this.applyAdjoint(b), shift));
  }
}

/**
 * Eigen-decomposition A = V diag(values) Vᴴ of a Hermitian matrix (values ascending,
 * V unitary) by tridiagonalisation + implicit QL. Throws 'Matrix is not Hermitian' on
 * non-Hermitian input and a LinalgError if QL does not converge (60 sweeps per eigenvalue).
 */
export function eigHermitianQL(a: CMatrix): HermitianEigen {
  if (a.rows !== a.cols) throw new LinalgError(`eigHermitianQL: matrix must be square, got ${a.rows}x${a.cols}`);
  const tri = new HermitianTridiagonalization(a, true);
  const n = a.rows;
  if (n === 0) return { values: new Float64Array(0), vectors: new CMatrix(0, 0) };
  const d = tri.diagonal.slice();
  const e = tri.offDiagonal.slice();
  // implicit QL on (d, e); zt row i = eigenvector i of T
  const zt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) zt[i * n + i] = 1;
  for (let l = 0; l < n; l++) {
    let iter = 0;
    let m: number;
    do {
      for (m = l; m < n - 1; m++) {
        const dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
        if (Math.abs(e[m]) <= Number.EPSILON * dd) break;
      }
      if (m !== l) {
        if (iter++ === 60) throw new LinalgError('eigHermitianQL: QL did not converge in 60 sweeps');
        let g = (d[l + 1] - d[l]) / (2 * e[l]);
        let r = Math.hypot(g, 1);
        g = d[m] - d[l] + e[l] / (g + (g >= 0 ? Math.abs(r) : -Math.abs(r)));
        let s = 1;
        let c = 1;
        let p = 0;
        let i: number;
        let underflow = false;
        for (i = m - 1; i >= l; i--) {
          let f = s * e[i];
          const b = c * e[i];
          r = Math.hypot(f, g);
          e[i + 1] = r;
          if (r === 0) {
            d[i + 1] -= p;
            e[m] = 0;
            underflow = true;
            break;
          }
          s = f / r;
          c = g / r;
          g = d[i + 1] - p;
          r = (d[i] - g) * s + 2 * c * b;
          p = s * r;
          d[i + 1] = g + p;
          g = c * r - b;
          const o1 = (i + 1) * n;
          const o0 = i * n;
          for (let q = 0; q < n; q++) {
            f = zt[o1 + q];
            zt[o1 + q] = s * zt[o0 + q] + c * f;
            zt[o0 + q] = c * zt[o0 + q] - s * f;
          }
        }
        if (underflow && i >= l) continue;
        d[l] -= p;
        e[l] = g;
        e[m] = 0;
      }
    } while (m !== l);
  }
  // V = (QP) Z with columns sorted by ascending eigenvalue
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[x] - d[y]);
  const values = new Float64Array(n);
  const z = new CMatrix(n, n);
  order.forEach((src, dst) => {
    values[dst] = d[src];
    for (let q = 0; q < n; q++) z.re[q * n + dst] = zt[src * n + q];
  });
  return { values, vectors: tri.apply(z) };
}
