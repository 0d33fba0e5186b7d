/**
 * Test helpers: finite differences with the complex-gradient convention of the tests, and
 * stacking of per-satellite blocks.
 *
 * Convention (Wirtinger / Brandwood): for f(W) with W = X + jY, ∂f/∂W^* = ½(∂f/∂X + j ∂f/∂Y).
 * For real f, df = 2 Re Tr((∂f/∂W^*)^H dW), and the steepest-ascent direction is ∂f/∂W^*.
 * For complex f that depends on W only through W^* (anti-holomorphic), ∂f/∂W = 0, so
 * ∂f/∂X = ∂f/∂W^* and ∂f/∂Y = −j ∂f/∂W^*.
 */
import { CMatrix, type Complex, vstack, rows } from '../../lib/linalg/index.js';

/** Central-difference ∂f/∂W^* = ½(∂f/∂X + j∂f/∂Y) of a real function (step h relative to ‖W‖). */
export function fdWirtingerReal(f: (w: CMatrix) => number, w: CMatrix, h: number): CMatrix {
  const g = new CMatrix(w.rows, w.cols);
  for (let p = 0; p < w.size; p++) {
    const wp = w.clone();
    const wm = w.clone();
    wp.re[p] += h;
    wm.re[p] -= h;
    const dx = (f(wp) - f(wm)) / (2 * h);
    const wq = w.clone();
    const wn = w.clone();
    wq.im[p] += h;
    wn.im[p] -= h;
    const dy = (f(wq) - f(wn)) / (2 * h);
    g.re[p] = 0.5 * dx;
    g.im[p] = 0.5 * dy;
  }
  return g;
}

/** Central differences of a complex function along Re and Im of every entry: {dX, dY}. */
export function fdComplexPartials(f: (w: CMatrix) => Complex, w: CMatrix, h: number): { dX: CMatrix; dY: CMatrix } {
  const dX = new CMatrix(w.rows, w.cols);
  const dY = new CMatrix(w.rows, w.cols);
  for (let p = 0; p < w.size; p++) {
    const wp = w.clone();
    const wm = w.clone();
    wp.re[p] += h;
    wm.re[p] -= h;
    const a = f(wp);
    const b = f(wm);
    dX.re[p] = (a.re - b.re) / (2 * h);
    dX.im[p] = (a.im - b.im) / (2 * h);
    const wq = w.clone();
    const wn = w.clone();
    wq.im[p] += h;
    wn.im[p] -= h;
    const c = f(wq);
    const d = f(wn);
    dY.re[p] = (c.re - d.re) / (2 * h);
    dY.im[p] = (c.im - d.im) / (2 * h);
  }
  return { dX, dY };
}

/** Stack column k of W[s][k] over s (the paper's W_k, B̃ × M_k). */
export function stackUt(W: CMatrix[][], k: number): CMatrix {
  return vstack(...W.map((row) => row[k]));
}

/** Replace UT k's blocks by the row blocks of a B̃ × M_k stack (returns a new W). */
export function withUt(W: CMatrix[][], k: number, wk: CMatrix): CMatrix[][] {
  let off = 0;
  return W.map((row) => {
    const out = row.slice();
    const b = row[k].rows;
    out[k] = rows(wk, off, off + b);
    off += b;
    return out;
  });
}
