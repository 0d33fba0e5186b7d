/**
 * The CDWMMSE auxiliary variables and the pieces of Proposition 2 (Section III-B/D,
 * (18), (28), (29), (37)–(41), (43) with its square root,
 * docs/paper-reading.md#e1).
 *
 *   D_k = (R̄_sig,k + R̄_other,k)^{-1} R̄_sig,k^{1/2}                                   (28)
 *   E_k = D_k^H (R̄_sig + R̄_other) D_k − D_k^H R̄^{1/2} − R̄^{H/2} D_k + I              (18)
 *   C_k = E_k^{-1} = I + R̄^{H/2} R̄_other,k^{-1} R̄^{1/2}                                 (29)
 *   ψ_{a,b,k} = Tr(D_k C_k D_k^H Δ_{b,a,k});  Ψ̌_k[a, b] = ψ_{a,b,k}                     (37)
 *   t_{s,k}^T = φ̄_{s,k}^* √ρ_{s,k} u_{s,k}^H D_k C̄_k + Σ_n σ_{s,k,n}^H D_k C̃_{s,k,n}      (41)
 *   β̃_k = β_k σ_k² Tr(D_k C_k D_k^H) / P̃_k                                             (43)
 *
 * C_k is formed by (29) (positive definite by construction, better conditioned than
 * inverting E_k at high SNR); ln det C_k = ln det(R̄_sig + R̄_other) − ln det R̄_other
 * (Sylvester), so ln det C_k = R̄_k ln 2 — Proposition 1's identity, which the tests check
 * against E_k built from (18). Column layout of R̄^{1/2}, D_k, C_k: the compact one of
 * lib/scsi/covariance.ts (serving satellites only); C̄_k = columns [0, M_k) of C_k and
 * C̃_{s,k,n} = the n-th width-M_k block after it for serving satellite s.
 *
 * What Algorithm 1 needs from them (G_k = D_k C_k D_kᴴ, T_k, ln det C_k) does not need the
 * L_k × L_k matrix C_k: with R̄^{1/2} R̄^{H/2} = R̄_sig (Lemma 1) and R_t = R̄_sig + R̄_other,
 *
 *   D_k C_k = R_t^{-1} R̄^{1/2} (I + R̄^{H/2} R̄_other^{-1} R̄^{1/2}) = R_t^{-1}(R̄_other + R̄_sig) R̄_other^{-1} R̄^{1/2}
 *           = R̄_other^{-1} R̄^{1/2},     G_k = (R̄_other^{-1} R̄^{1/2}) (R_t^{-1} R̄^{1/2})ᴴ,
 *
 * and T_k follows from D_k C_k as before (41). `auxiliaryStep` computes these (Algorithm 1
 * runs it): O(N_R² L_k) per UT instead of O(N_R L_k²), no L_k-sized matrix; equal to
 * `auxiliaryUpdate` (the reference, which builds D_k and C_k) to round-off — the tests
 * compare. (G_k = R̄_other^{-1} R̄_sig R_t^{-1} with R̄_sig in place of R̄^{1/2}R̄^{H/2}
 * would be cheaper still, but it amplifies the round-off of R̄_sig by the condition
 * numbers of R̄_other and R_t: 1e-6 instead of 1e-10 at 50 dB SNR with pure-LoS links.)
 */
import {
  CMatrix,
  ShiftedPsdFactor,
  addScaledInPlace,
  hermitianPart,
  identity,
  mmul,
  mmulH,
  mmulNH,
  traceOfProduct,
  trace,
} from '../linalg/index.js';
import { signalCovarianceSqrt, type PrecodingGeometry, type UserCovariances } from '../scsi/index.js';

/** The auxiliary variables of one UT at the current precoder. */
export interface UserAuxiliary {
  k: number;
  /** R̄_sig,k^{1/2} (Lemma 1), N_R × L_k. */
  sqrtSig: CMatrix;
  /** D_k (28), N_R × L_k. */
  D: CMatrix;
  /** C_k (29), L_k × L_k, Hermitian positive definite. */
  C: CMatrix;
  /** ln det C_k = −ln det E_k (nats) = R̄_k ln 2. */
  lnDetC: number;
  /** R̄_k (16), b/s/Hz. */
  rate: number;
  /** D_k C_k D_k^H, N_R × N_R. */
  G: CMatrix;
  /** Tr(D_k C_k D_k^H) (real, ≥ 0). */
  traceG: number;
  /** T_k restricted to the serving satellites: row i = t_{s,k}^T for s = S_k[i], S_k × M_k (40), (41). */
  T: CMatrix;
}

/** D_k, C_k, T_k, … of UT k from its covariances (Algorithm 1 lines 15–18, 22). */
export function auxiliaryUpdate(geo: PrecodingGeometry, cov: UserCovariances): UserAuxiliary {
  const k = cov.k;
  const X = signalCovarianceSqrt(geo, cov);
  const total = addScaledInPlace(cov.rOther.clone(), cov.rSig);
  // σ²I + semidefinite: the noise is the shift that makes both definite (ShiftedPsdFactor);
  // X lies in the range of R̄_sig + R̄_other − σ²I, so D is the range solve
  const fTotal = new ShiftedPsdFactor(total, cov.noiseW);
  const fOther = new ShiftedPsdFactor(cov.rOther, cov.noiseW);
  const D = fTotal.solveInRange(X);
  const C = hermitianPart(addScaledInPlace(mmulH(X, fOther.solve(X)), identity(X.cols)));
  const lnDetC = Math.max(0, fTotal.logDeterminant() - fOther.logDeterminant());
  const DC = mmul(D, C);
  const G = hermitianPart(mmulNH(DC, D));
  const T = tMatrix(geo, k, DC);
  return { k, sqrtSig: X, D, C, lnDetC, rate: lnDetC / Math.LN2, G, traceG: trace(G).re, T };
}

/** The part of the auxiliary variables Algorithm 1 uses (see `auxiliaryStep`). */
export type AuxiliaryStep = Pick<UserAuxiliary, 'k' | 'lnDetC' | 'rate' | 'G' | 'traceG' | 'T'>;

/**
 * G_k, Tr G_k, T_k and ln det C_k of UT k without C_k (file comment) — what Algorithm 1
 * needs; equal to `auxiliaryUpdate` to round-off. Falls back to `auxiliaryUpdate` when a
 * covariance's shift-aware factor is not its Cholesky form (the semidefinite limit).
 */
export function auxiliaryStep(geo: PrecodingGeometry, cov: UserCovariances): AuxiliaryStep {
  const k = cov.k;
  // the same shift-aware factors as auxiliaryUpdate; the C_k-free path needs their Cholesky
  // form (accurate pivots), the spectral limit is left to auxiliaryUpdate
  const fOther = new ShiftedPsdFactor(cov.rOther, cov.noiseW);
  const fTotal = new ShiftedPsdFactor(addScaledInPlace(cov.rOther.clone(), cov.rSig), cov.noiseW);
  if (fOther.method !== 'cholesky' || fTotal.method !== 'cholesky') {
    const a = auxiliaryUpdate(geo, cov);
    return { k, lnDetC: a.lnDetC, rate: a.rate, G: a.G, traceG: a.traceG, T: a.T };
  }
  const X = signalCovarianceSqrt(geo, cov);
  const DC = fOther.solve(X); // D_k C_k = R̄_other^{-1} R̄^{1/2}
  const G = hermitianPart(mmulNH(DC, fTotal.solve(X)));
  const lnDetC = Math.max(0, fTotal.logDeterminant() - fOther.logDeterminant());
  return { k, lnDetC, rate: lnDetC / Math.LN2, G, traceG: trace(G).re, T: tMatrix(geo, k, DC) };
}

/**
 * T_k rows t_{s,k}^T (41) for the serving satellites, from DC = D_k C_k (N_R × L_k,
 * compact layout). Row i belongs to s = S_k[i].
 */
export function tMatrix(geo: PrecodingGeometry, k: number, DC: CMatrix): CMatrix {
  const sk = geo.serving[k];
  const m = geo.streams[k];
  const nR = geo.nR;
  const L = DC.cols;
  const T = new CMatrix(sk.length, m);
  const dr = DC.re;
  const di = DC.im;
  sk.forEach((s, i) => {
    const u = geo.rxSteer[s][k];
    const a = geo.phiBar[s][k] * Math.sqrt(geo.rho[s][k]);
    const st = geo.sigmaTilde[s][k] as CMatrix;
    for (let c = 0; c < m; c++) {
      // a · u^H D C̄ (column c)
      let ur = 0;
      let ui = 0;
      for (let r = 0; r < nR; r++) {
        const xr = dr[r * L + c];
        const xi = di[r * L + c];
        ur += u.re[r] * xr + u.im[r] * xi;
        ui += u.re[r] * xi - u.im[r] * xr;
      }
      let tr = a * ur;
      let ti = a * ui;
      // Σ_n σ_{s,k,n}^H D C̃_{s,k,n}, σ_{s,k,n} = column n of Σ̃_{s,k}
      for (let n = 0; n < nR; n++) {
        const col = m + (i * nR + n) * m + c;
        for (let r = 0; r < nR; r++) {
          const sr = st.re[r * nR + n];
          const si = st.im[r * nR + n];
          const xr = dr[r * L + col];
          const xi = di[r * L + col];
          tr += sr * xr + si * xi;
          ti += sr * xi - si * xr;
        }
      }
      T.re[i * m + c] = tr;
      T.im[i * m + c] = ti;
    }
  });
  return T;
}

/**
 * Ψ̌_k restricted to the serving satellites (37): entry (a, b) = ψ_{S_k[a], S_k[b], k} =
 * Tr(G Δ_{b,a,k}); for a ≠ b this is √(ρ_a ρ_b) φ̄_a φ̄_b u_a^H G u_b. Hermitian PSD.
 * With G = I it is MS²CDM's Δ̌_k (47).
 */
export function psiOwn(geo: PrecodingGeometry, G: CMatrix, k: number): CMatrix {
  const sk = geo.serving[k];
  const n = sk.length;
  const out = new CMatrix(n, n);
  for (let a = 0; a < n; a++) {
    const sa = sk[a];
    out.re[a * n + a] = traceOfProduct(G, geo.deltaSelf[sa][k]).re;
    const Gu = mmulH(geo.rxSteer[sa][k], G); // u_a^H G (1 × N_R)
    for (let b = 0; b < n; b++) {
      if (b === a) continue;
      const sb = sk[b];
      const c = Math.sqrt(geo.rho[sa][k] * geo.rho[sb][k]) * geo.phiBar[sa][k] * geo.phiBar[sb][k];
      const v = mmul(Gu, geo.rxSteer[sb][k]);
      out.re[a * n + b] = c * v.re[0];
      out.im[a * n + b] = c * v.im[0];
    }
  }
  return out;
}

/**
 * ψ_{s,s,k} = Tr(G Δ_{s,s,k}) for every satellite s (length S), the leakage weights of (38).
 * Both matrices are positive semidefinite, so ψ ≥ 0; a negative value is round-off (the
 * trace cancels when G is huge along directions Δ does not see — σ² = 1e-30 W) and is set
 * to 0, keeping the leakage matrices L_s of the W-step semidefinite.
 */
export function psiSelf(geo: PrecodingGeometry, G: CMatrix, k: number): Float64Array {
  const out = new Float64Array(geo.S);
  for (let s = 0; s < geo.S; s++) out[s] = Math.max(0, traceOfProduct(G, geo.deltaSelf[s][k]).re);
  return out;
}

/**
 * The (P3) term of one UT, Tr(C_k E_k) − ln det C_k (nats), with E_k from (18) at the
 * covariances `cov` (possibly of a different precoder than the one `aux` was built for).
 * Compact L_k; add (S − S_k) N_R M_k for the printed dimension.
 */
export function p3Term(geo: PrecodingGeometry, aux: UserAuxiliary, cov: UserCovariances): number {
  const E = eMatrix(geo, aux.D, cov);
  return traceOfProduct(aux.C, E).re - aux.lnDetC;
}

/** E_k (18) for given D_k and the covariances of a precoder, L_k × L_k. */
export function eMatrix(geo: PrecodingGeometry, D: CMatrix, cov: UserCovariances): CMatrix {
  const X = signalCovarianceSqrt(geo, cov);
  const total = addScaledInPlace(cov.rOther.clone(), cov.rSig);
  const DhX = mmulH(D, X);
  const E = mmulH(D, mmul(total, D));
  addScaledInPlace(E, DhX, -1);
  addScaledInPlace(E, DhX.H(), -1);
  addScaledInPlace(E, identity(D.cols));
  return E;
}
