/**
 * Numerical checks of the Section III derivations on any drop — for notebooks/02 and for
 * readers who change a formula: Lemma 1 (26), Proposition 1 (17)–(19), Lemmas 2 and 3
 * (34), (39) by central finite differences, and the KKT conditions of (P5) for the W-step
 * (Proposition 2). Everything is evaluated from the printed, unstructured formulas of
 * direct.ts, so a check compares two independent routes to the same number.
 *
 * Gradient convention (Wirtinger): for W = X + jY, ∂f/∂W^* = ½(∂f/∂X + j ∂f/∂Y); for real
 * f, df = 2 Re Tr((∂f/∂W^*)^H dW). The (P5) objective is
 *   F(W_k, η) = Tr Υ_k(W_k)/η² − (β_k/η)·2 Re Tr(C_k R̄^{H/2}(W_k) D_k),
 *   Tr Υ_k = β_k Tr(C_k D_k^H (R̄_sig,k + σ_k² I) D_k) + Σ_{j≠k} β_j Tr(C_j D_j^H R̄_interf,k,j D_j)
 * (single C_j, docs/paper-reading.md#e2), with C, D frozen at the drop's current precoder.
 */
import {
  CMatrix,
  type Complex,
  addScaledInPlace,
  frobeniusNorm,
  frobeniusNorm2,
  identity,
  logDetHermitian,
  mmul,
  mmulNH,
  relativeError,
  rows,
  sub,
  trace,
  traceOfProduct,
  vstack,
} from '../linalg/index.js';
import type { Scenario } from '../scenario/types.js';
import {
  type DirectModel,
  directAuxiliary,
  directCovariances,
  directModel,
  directPsi,
  directSqrt,
  directT,
  directXi,
} from './direct.js';

/** A drop, a precoder W and the printed auxiliary variables of every UT at W. */
export interface DerivationContext {
  scn: Scenario;
  model: DirectModel;
  W: CMatrix[][];
  aux: ReturnType<typeof directAuxiliary>[];
}

/** Build the context (printed formulas; O(K² S B̃) — small drops). */
export function derivationContext(scn: Scenario, W: CMatrix[][]): DerivationContext {
  const model = directModel(scn);
  return { scn, model, W, aux: Array.from({ length: scn.K }, (_, k) => directAuxiliary(model, W, k)) };
}

/** Stack of UT k's blocks, W_k (B̃ × M_k). */
export function stackedPrecoder(W: CMatrix[][], k: number): CMatrix {
  return vstack(...W.map((row) => row[k]));
}

/** W with UT k's blocks replaced by the rows of a B̃ × M_k stack. */
export function replaceUtPrecoder(W: CMatrix[][], k: number, wk: CMatrix): CMatrix[][] {
  let off = 0;
  return W.map((row) => {
    const out = row.slice();
    out[k] = rows(wk, off, off + row[k].rows);
    off += row[k].rows;
    return out;
  });
}

/** Lemma 1: ‖R̄^{1/2}(R̄^{1/2})^H − R̄_sig,k‖_F / ‖R̄_sig,k‖_F with the printed factor (26). */
export function lemma1Residual(ctx: DerivationContext, k: number): number {
  const X = directSqrt(ctx.model, ctx.W, k);
  const { rSig } = directCovariances(ctx.model, ctx.W, k);
  return frobeniusNorm(sub(mmulNH(X, X), rSig)) / frobeniusNorm(rSig);
}

/**
 * Proposition 1: the (P3) objective Σ_k β_k [Tr(C_k E_k) − ln det C_k] at (28), (29) and the
 * closed form Σ_k β_k (L_k − R̄_k ln 2) (nats), printed L_k = (S N_R + 1) M_k.
 */
export function proposition1(ctx: DerivationContext): { objective: number; closedForm: number } {
  let objective = 0;
  let closedForm = 0;
  ctx.aux.forEach((a, k) => {
    const w = ctx.scn.weights[k];
    objective += w * (traceOfProduct(a.C, a.E).re + logDetHermitian(a.E));
    closedForm += w * (a.C.rows - a.rate * Math.LN2);
  });
  return { objective, closedForm };
}

/** Tr Υ_k with UT k's stacked precoder replaced by `wk` (C, D frozen). */
export function traceUpsilon(ctx: DerivationContext, k: number, wk: CMatrix): number {
  const { scn, model, aux } = ctx;
  const W = replaceUtPrecoder(ctx.W, k, wk);
  const inner = addScaledInPlace(directCovariances(model, W, k).rSig.clone(), identity(model.nR), scn.noiseW[k]);
  let f = scn.weights[k] * traceOfProduct(aux[k].C, mmul(aux[k].D.H(), mmul(inner, aux[k].D))).re;
  const Wz = replaceUtPrecoder(ctx.W, k, new CMatrix(wk.rows, wk.cols));
  for (let j = 0; j < scn.K; j++) {
    if (j === k) continue;
    const interf = sub(directCovariances(model, W, j).rOther, directCovariances(model, Wz, j).rOther);
    f += scn.weights[j] * traceOfProduct(aux[j].C, mmul(aux[j].D.H(), mmul(interf, aux[j].D))).re;
  }
  return f;
}

/** Tr(C_k R̄^{H/2}(W_k) D_k) with UT k's stacked precoder `wk` (complex; anti-holomorphic in W_k). */
export function signalCrossTerm(ctx: DerivationContext, k: number, wk: CMatrix): Complex {
  const X = directSqrt(ctx.model, replaceUtPrecoder(ctx.W, k, wk), k);
  return trace(mmul(ctx.aux[k].C, mmul(X.H(), ctx.aux[k].D)));
}

/** The (P5) objective F(W_k, η) (see the file comment). */
export function p5Objective(ctx: DerivationContext, k: number, wk: CMatrix, eta: number): number {
  return traceUpsilon(ctx, k, wk) / (eta * eta) - (2 * ctx.scn.weights[k] * signalCrossTerm(ctx, k, wk).re) / eta;
}

/** Central differences ½(∂f/∂X + j∂f/∂Y) of a real function of a complex matrix (step h). */
export function wirtingerGradientFD(f: (w: CMatrix) => number, w: CMatrix, h: number): CMatrix {
  const g = new CMatrix(w.rows, w.cols);
  for (let p = 0; p < w.size; p++) {
    const e = (dr: number, di: number) => {
      const x = w.clone();
      x.re[p] += dr;
      x.im[p] += di;
      return f(x);
    };
    g.re[p] = (e(h, 0) - e(-h, 0)) / (4 * h);
    g.im[p] = (e(0, h) - e(0, -h)) / (4 * h);
  }
  return g;
}

/** Lemma 2: Ξ_k W_k (dense (44)) against finite differences of Tr Υ_k. */
export function lemma2Check(ctx: DerivationContext, k: number): { analytic: CMatrix; fd: CMatrix; relError: number } {
  const psi = ctx.aux.map((a, j) => directPsi(ctx.model, a.D, a.C, j));
  const wk = stackedPrecoder(ctx.W, k);
  const analytic = mmul(directXi(ctx.model, psi, k), wk);
  const h = 1e-6 * Math.sqrt(frobeniusNorm2(wk));
  const fd = wirtingerGradientFD((w) => traceUpsilon(ctx, k, w), wk, h);
  return { analytic, fd, relError: relativeError(fd, analytic) };
}

/**
 * Lemma 3: V̌_k^H T_k against the finite differences of Tr(C_k R̄^{H/2} D_k) along Re W
 * (∂f/∂X = ∂f/∂W^* for an anti-holomorphic f); `antiHolomorphicError` measures
 * ‖∂f/∂Y + j ∂f/∂X‖ / ‖∂f/∂X‖ (zero when ∂f/∂W = 0).
 */
export function lemma3Check(
  ctx: DerivationContext,
  k: number,
): { analytic: CMatrix; fdX: CMatrix; relError: number; antiHolomorphicError: number } {
  const { D, C } = ctx.aux[k];
  const analytic = mmul(ctx.model.vCheck[k].H(), directT(ctx.model, D, C, k));
  const wk = stackedPrecoder(ctx.W, k);
  const h = 1e-6 * Math.sqrt(frobeniusNorm2(wk));
  const fdX = new CMatrix(wk.rows, wk.cols);
  const fdY = new CMatrix(wk.rows, wk.cols);
  for (let p = 0; p < wk.size; p++) {
    const e = (dr: number, di: number) => {
      const x = wk.clone();
      x.re[p] += dr;
      x.im[p] += di;
      return signalCrossTerm(ctx, k, x);
    };
    const a = e(h, 0);
    const b = e(-h, 0);
    const c = e(0, h);
    const d = e(0, -h);
    fdX.re[p] = (a.re - b.re) / (2 * h);
    fdX.im[p] = (a.im - b.im) / (2 * h);
    fdY.re[p] = (c.re - d.re) / (2 * h);
    fdY.im[p] = (c.im - d.im) / (2 * h);
  }
  const res = addScaledInPlace(fdY.clone(), fdX, { re: 0, im: 1 }); // ∂f/∂Y + j ∂f/∂X
  return {
    analytic,
    fdX,
    relError: relativeError(fdX, analytic),
    antiHolomorphicError: frobeniusNorm(res) / frobeniusNorm(fdX),
  };
}

/**
 * Proposition 2 at a candidate W_k* (B̃ × M_k): the optimal η for it, the multiplier λ of
 * ∇_{W^*}F + λ W* = 0 and the relative KKT residual (0 at the (P5) optimum, λ > 0 when
 * the power constraint is active).
 */
export function proposition2Check(
  ctx: DerivationContext,
  k: number,
  wStar: CMatrix,
): { eta: number; lambda: number; kktResidual: number; objective: number } {
  const A = traceUpsilon(ctx, k, wStar);
  const B = signalCrossTerm(ctx, k, wStar).re;
  const eta = A / (ctx.scn.weights[k] * B);
  const g = wirtingerGradientFD((w) => p5Objective(ctx, k, w, eta), wStar, 1e-6 * Math.sqrt(frobeniusNorm2(wStar)));
  const lambda = -traceOfProduct(wStar.H(), g).re / frobeniusNorm2(wStar); // ⟨W*, g + λW*⟩ = 0
  const resid = addScaledInPlace(g.clone(), wStar, lambda);
  return {
    eta,
    lambda,
    kktResidual: frobeniusNorm(resid) / frobeniusNorm(g),
    objective: p5Objective(ctx, k, wStar, eta),
  };
}
