/**
 * The complex LU kernel as first written (unblocked right-looking elimination, one rank-1
 * update per pivot), kept only so that bench/linalg.bench.ts can measure the blocked kernel
 * of lib/linalg/lu.ts against it in the same run. Not used by the library.
 */
import { CMatrix, LinalgError } from '../../lib/linalg/index.js';

export class BaselineComplexLU {
  readonly n: number;
  /** Packed L (strictly lower, unit diagonal implied) and U (upper). */
  readonly lu: CMatrix;
  /** Row permutation: row i of P·A is row perm[i] of A. */
  readonly perm: Int32Array;
  /** +1 or −1, the sign of the permutation. */
  readonly sign: number;

  constructor(a: CMatrix) {
    if (a.rows !== a.cols) throw new LinalgError(`LU: matrix must be square, got ${a.rows}x${a.cols}`);
    const n = a.rows;
    this.n = n;
    const lu = a.clone();
    const re = lu.re;
    const im = lu.im;
    const perm = new Int32Array(n);
    for (let i = 0; i < n; i++) perm[i] = i;
    let sign = 1;
    let amax = 0;
    for (let p = 0; p < n * n; p++) amax = Math.max(amax, Math.abs(re[p]) + Math.abs(im[p]));
    for (let p = 0; p < n * n; p++) {
      if (!Number.isFinite(re[p]) || !Number.isFinite(im[p])) {
        throw new LinalgError(`LU: matrix has a non-finite entry at (${Math.floor(p / n)}, ${p % n})`);
      }
    }
    const tiny = amax * n * Number.EPSILON;
    for (let k = 0; k < n; k++) {
      // pivot: largest |a_ik| (1-norm of the complex entry, as LAPACK's izamax)
      let piv = k;
      let best = -1;
      for (let i = k; i < n; i++) {
        const v = Math.abs(re[i * n + k]) + Math.abs(im[i * n + k]);
        if (v > best) {
          best = v;
          piv = i;
        }
      }
      if (!(best > tiny) || best === 0) {
        throw new LinalgError('Matrix is singular');
      }
      if (piv !== k) {
        for (let j = 0; j < n; j++) {
          const a = k * n + j;
          const b = piv * n + j;
          let t = re[a];
          re[a] = re[b];
          re[b] = t;
          t = im[a];
          im[a] = im[b];
          im[b] = t;
        }
        const t = perm[k];
        perm[k] = perm[piv];
        perm[piv] = t;
        sign = -sign;
      }
      const pr = re[k * n + k];
      const pi = im[k * n + k];
      const d = pr * pr + pi * pi;
      const ipr = pr / d;
      const ipi = -pi / d;
      const ko = k * n;
      for (let i = k + 1; i < n; i++) {
        const io = i * n;
        const xr = re[io + k];
        const xi = im[io + k];
        if (xr === 0 && xi === 0) continue;
        const lr = xr * ipr - xi * ipi;
        const li = xr * ipi + xi * ipr;
        re[io + k] = lr;
        im[io + k] = li;
        for (let j = k + 1; j < n; j++) {
          const ur = re[ko + j];
          const ui = im[ko + j];
          re[io + j] -= lr * ur - li * ui;
          im[io + j] -= lr * ui + li * ur;
        }
      }
    }
    this.lu = lu;
    this.perm = perm;
    this.sign = sign;
  }
}
