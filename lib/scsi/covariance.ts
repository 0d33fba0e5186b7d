/**
 * Statistical covariances of the received signal (Section III-C, (16), (20)–(27), read as in
 * docs/paper-reading.md#e3–#e5) and the sCSI rate R̄_k of (16) (the paper's upper bound;
 * when it is one: docs/paper-reading.md#b1).
 *
 *   q_{s,j,k}^H = o_{s,j} v̄_{s,k}ᵀ W_{s,j}   (1 × M_j: sat s's beam-domain channel to UT k,
 *                                              precoder for UT j; (25) prints v̄_{s,j}:
 *                                              docs/paper-reading.md#e3)
 *   R̄_sig,k   = Σ_{s1,s2} (q_{s1,k,k}^H q_{s2,k,k}) Δ_{s1,s2,k}             (Alg. 1 line 14)
 *             = Y Yᴴ + Σ_s ‖q_{s,k,k}‖² Σ̃_{s,k}Σ̃_{s,k}ᴴ,  Y = Σ_s φ̄_{s,k} √ρ_{s,k} u_{s,k} q_{s,k,k}^H
 *               (Lemma 1 regrouped; computed in this form, PSD by construction)
 *   R̄_other,k = Σ_{j≠k} Σ_s (q_{s,j,k}^H q_{s,j,k}) Δ_{s,s,k} + σ_k² I        ((21), no A_s)
 *   R̄_sig,k^{1/2} = [Σ_s φ̄_{s,k} √ρ_{s,k} u_{s,k} q_{s,k,k}^H,  Σ̃_k Q_k^H]      (Lemma 1, (26))
 *   R̄_k = log2 det(I + R̄_other,k^{-1} R̄_sig,k)                                (16)
 *
 * Lemma 1 factor, compact form: the columns of satellites that do not serve UT k are
 * identically zero (q_{s,k,k} = 0), so they are dropped: the factor here is
 * N_R × L_k with L_k = (S_k N_R + 1) M_k, columns [first M_k: the coherent LoS part;
 * then for each serving satellite s (ascending) the N_R blocks σ_{s,k,n} q_{s,k,k}^H,
 * n = 1..N_R, σ_{s,k,n} = column n of Σ̃_{s,k}]. The printed L_k = (S N_R + 1) M_k adds
 * only zero columns (they contribute identity blocks to C_k and E_k and nothing else);
 * `paperAuxiliaryDimension` gives the printed L_k (docs/paper-reading.md#c7).
 */
import {
  CMatrix,
  ShiftedPsdFactor,
  addIdentity,
  addScaledInPlace,
  cols,
  frobeniusNorm2,
  hermitianGram,
  hstack,
  mmul,
  rows,
  scale,
} from '../linalg/index.js';
import type { PrecodingGeometry } from './geometry.js';

/**
 * Beam-domain gains of a precoder: `gains[s][j]` ∈ C^{K × M_j}, row k = v̄_{s,k}ᵀ W_{s,j}
 * (= q_{s,j,k}^H of (25), docs/paper-reading.md#e3), for every satellite s serving UT j; null when o_{s,j} = 0.
 */
export type BeamDomainGains = (CMatrix | null)[][];

/** All q_{s,j,k}^H at once: one (K × B_s)·(B_s × Σ_j M_j) product per satellite. */
export function beamDomainGains(geo: PrecodingGeometry, W: CMatrix[][]): BeamDomainGains {
  const out: BeamDomainGains = [];
  for (let s = 0; s < geo.S; s++) {
    const row: (CMatrix | null)[] = new Array<CMatrix | null>(geo.K).fill(null);
    const js = geo.served[s];
    if (js.length > 0) {
      const prod = mmul(geo.beamResponses[s], hstack(...js.map((j) => W[s][j])));
      let off = 0;
      for (const j of js) {
        row[j] = cols(prod, off, off + geo.streams[j]);
        off += geo.streams[j];
      }
    }
    out.push(row);
  }
  return out;
}

/** Row k of a K × M gains matrix, times a real factor, as a 1 × M CMatrix (q_{s,j,k}^H). */
function gainRow(g: CMatrix, k: number, factor: number): CMatrix {
  const r = rows(g, k, k + 1);
  return factor === 1 ? r : scale(r, factor);
}

/** Σ̃ Σ̃ᴴ (exactly Hermitian, PSD), cached per Σ̃ object: it depends on the sCSI only. */
const sigmaTildeGrams = new WeakMap<CMatrix, CMatrix>();
function sigmaTildeGram(st: CMatrix): CMatrix {
  let g = sigmaTildeGrams.get(st);
  if (g === undefined) {
    g = hermitianGram(st);
    sigmaTildeGrams.set(st, g);
  }
  return g;
}

/** The statistical covariances of one UT under a given precoder. */
export interface UserCovariances {
  k: number;
  /** q_{s,k,k}^H (1 × M_k) for s in S_k (ascending, as `geo.serving[k]`). */
  q: CMatrix[];
  /** Σ_{j≠k} o_{s,j} ‖q_{s,j,k}‖² per satellite s (length S): the interference power through satellite s. */
  interferencePower: Float64Array;
  /** R̄_sig,k (Alg. 1 line 14), N_R × N_R. */
  rSig: CMatrix;
  /** R̄_other,k ((21) as corrected), N_R × N_R. */
  rOther: CMatrix;
  /**
   * σ_k² (W): the noise term that makes R̄_other,k and R̄_sig,k + R̄_other,k positive
   * definite (everything else is semidefinite) — the shift of their factorisations.
   */
  noiseW: number;
}

/**
 * Interference powers ι[s][k] = Σ_{j≠k} o_{s,j} ‖q_{s,j,k}‖² (S arrays of length K): what
 * satellite s radiates towards UT k in the streams of the other UTs ((21), no
 * cross-satellite coherence).
 */
export function interferencePowers(geo: PrecodingGeometry, gains: BeamDomainGains): Float64Array[] {
  const out: Float64Array[] = [];
  for (let s = 0; s < geo.S; s++) {
    const acc = new Float64Array(geo.K);
    for (const j of geo.served[s]) {
      // ‖row k‖² of the K × M_j gains, added for k ≠ j (rowNorms2 without the array)
      const g = gains[s][j] as CMatrix;
      const m = g.cols;
      for (let k = 0; k < geo.K; k++) {
        if (k === j) continue;
        let n2 = 0;
        for (let p = k * m; p < (k + 1) * m; p++) n2 += g.re[p] * g.re[p] + g.im[p] * g.im[p];
        acc[k] += n2;
      }
    }
    out.push(acc);
  }
  return out;
}

/**
 * R̄_sig,k and R̄_other,k of UT k. `satScale[s]` (default 1) multiplies every block of
 * satellite s — used to evaluate the line-26-scaled precoder without recomputing gains.
 * `interference` (from `interferencePowers`) is computed here when not given.
 */
export function userCovariances(
  geo: PrecodingGeometry,
  gains: BeamDomainGains,
  noiseW: number,
  k: number,
  satScale?: number[],
  interference?: Float64Array[],
): UserCovariances {
  const sk = geo.serving[k];
  const q = sk.map((s) => gainRow(gains[s][k] as CMatrix, k, satScale ? satScale[s] : 1));
  const nR = geo.nR;
  // R̄_sig = Y Yᴴ + Σ_a ‖q_a‖² Σ̃_a Σ̃_aᴴ, Y = Σ_a φ̄_a √ρ_a u_a q_a (Lemma 1 regrouped): Gram
  // matrices with non-negative weights, positive semidefinite by construction. The printed
  // double sum Σ_{a,b} (q_a q_bᴴ) Δ_{a,b,k} (line 14) is the same matrix, but when its
  // coherent cross terms nearly cancel, their round-off can exceed σ² = 1e-30 W and make
  // R̄_sig + R̄_other indefinite (found by the soak at N_R = 1).
  const y = new CMatrix(nR, geo.streams[k]);
  const rSig = new CMatrix(nR, nR);
  sk.forEach((s, i) => {
    const a = geo.phiBar[s][k] * Math.sqrt(geo.rho[s][k]);
    if (a !== 0) addScaledInPlace(y, mmul(geo.rxSteer[s][k], q[i]), a);
    const w = frobeniusNorm2(q[i]);
    if (w > 0) addScaledInPlace(rSig, sigmaTildeGram(geo.sigmaTilde[s][k] as CMatrix), w);
  });
  addScaledInPlace(rSig, hermitianGram(y));
  const iota = interference ?? interferencePowers(geo, gains);
  const interferencePower = new Float64Array(geo.S);
  const rOther = addIdentity(new CMatrix(nR, nR), noiseW);
  for (let s = 0; s < geo.S; s++) {
    const p = iota[s][k] * (satScale ? satScale[s] * satScale[s] : 1);
    interferencePower[s] = p;
    if (p > 0) addScaledInPlace(rOther, geo.deltaSelf[s][k], p);
  }
  return { k, q, interferencePower, rSig, rOther, noiseW };
}

/** Covariances of every UT. */
export function allUserCovariances(
  geo: PrecodingGeometry,
  gains: BeamDomainGains,
  noiseW: number[],
  satScale?: number[],
  interference?: Float64Array[],
): UserCovariances[] {
  const iota = interference ?? interferencePowers(geo, gains);
  return Array.from({ length: geo.K }, (_, k) => userCovariances(geo, gains, noiseW[k], k, satScale, iota));
}

/** Compact auxiliary dimension L_k = (S_k N_R + 1) M_k (see the file comment). */
export function auxiliaryDimension(geo: PrecodingGeometry, k: number): number {
  return (geo.serving[k].length * geo.nR + 1) * geo.streams[k];
}

/** The printed L_k = (S N_R + 1) M_k of Lemma 1. */
export function paperAuxiliaryDimension(geo: PrecodingGeometry, k: number): number {
  return (geo.S * geo.nR + 1) * geo.streams[k];
}

/**
 * Lemma 1 square-root factor R̄_sig,k^{1/2} ∈ C^{N_R × L_k} (compact column layout, see the
 * file comment), with R̄^{1/2} (R̄^{1/2})^H = R̄_sig,k. Σ̃_{s,k}(I ⊗ q^H) = Σ̃_{s,k} ⊗ q^H.
 */
export function signalCovarianceSqrt(geo: PrecodingGeometry, cov: UserCovariances): CMatrix {
  const k = cov.k;
  const sk = geo.serving[k];
  const m = geo.streams[k];
  const nR = geo.nR;
  const L = auxiliaryDimension(geo, k);
  const out = new CMatrix(nR, L);
  const or = out.re;
  const oi = out.im;
  sk.forEach((s, i) => {
    const q = cov.q[i];
    // coherent part (first M_k columns): Σ_s φ̄ √ρ u_{s,k} q_{s,k,k}^H
    const a = geo.phiBar[s][k] * Math.sqrt(geo.rho[s][k]);
    if (a !== 0) {
      const u = geo.rxSteer[s][k];
      for (let r = 0; r < nR; r++) {
        const ur = a * u.re[r];
        const ui = a * u.im[r];
        for (let c = 0; c < m; c++) {
          or[r * L + c] += ur * q.re[c] - ui * q.im[c];
          oi[r * L + c] += ur * q.im[c] + ui * q.re[c];
        }
      }
    }
    // Σ̃_{s,k} ⊗ q_{s,k,k}^H: column m + (i N_R + n) M_k + c is σ_{s,k,n} q[c]
    const st = geo.sigmaTilde[s][k] as CMatrix;
    for (let r = 0; r < nR; r++) {
      for (let n = 0; n < nR; n++) {
        const sr = st.re[r * nR + n];
        const si = st.im[r * nR + n];
        const o = r * L + m + (i * nR + n) * m;
        for (let c = 0; c < m; c++) {
          or[o + c] = sr * q.re[c] - si * q.im[c];
          oi[o + c] = sr * q.im[c] + si * q.re[c];
        }
      }
    }
  });
  return out;
}

/**
 * R̄_k = log2 det(I + R̄_other^{-1} R̄_sig) (16), b/s/Hz, as ln det(R_o + R_s) − ln det R_o.
 * Both matrices are σ_k²I plus a semidefinite part, factored with σ_k² as the known shift
 * (`ShiftedPsdFactor`): Cholesky whenever its pivots are accurate, else the
 * eigendecomposition — so a noise power far below the interference (σ² = 1e-30 W next to
 * a rank-deficient interference covariance) gives the limit, not an error.
 */
export function upperBoundRateOf(cov: UserCovariances): number {
  const lnSo = new ShiftedPsdFactor(addScaledInPlace(cov.rOther.clone(), cov.rSig), cov.noiseW).logDeterminant();
  const lnO = new ShiftedPsdFactor(cov.rOther, cov.noiseW).logDeterminant();
  return Math.max(0, lnSo - lnO) / Math.LN2;
}
