/**
 * lib/linalg/structured.ts: Gram matrices, rank-one update, gathers, A·Bᴴ, row norms and
 * inner products against the generic products; the lean Cholesky against LU, with the
 * exact error message on an indefinite matrix.
 */
import { describe, expect, it } from 'vitest';
import {
  CMatrix,
  CholeskyFactor,
  addIdentity,
  diag,
  gather,
  hermitian,
  hermitianGram,
  hermitianRankOneUpdateInPlace,
  logDetHermitian,
  mmul,
  mmulNH,
  relativeError,
  rowInnerProduct,
  rowNorms2,
  scaleRows,
  solve,
  weightedGramH,
} from '../../lib/linalg/index.js';
import { Rng } from '../../lib/random/index.js';

const EPS = 1e-13;
const rng = new Rng('structured');

describe('structured kernels', () => {
  const a = rng.complexNormalMatrix(7, 5);
  const b = rng.complexNormalMatrix(4, 5);
  const w = [0.5, 0, 2, 1, 3, 0.1, 7];
  it('hermitianGram = A Aᴴ, weightedGramH = Aᴴ diag(w) A, mmulNH = A Bᴴ', () => {
    expect(relativeError(hermitianGram(a), mmul(a, hermitian(a)))).toBeLessThan(EPS);
    expect(relativeError(weightedGramH(a, w), mmul(hermitian(a), mmul(diag(w), a)))).toBeLessThan(EPS);
    expect(relativeError(mmulNH(a, b), mmul(a, hermitian(b)))).toBeLessThan(EPS);
    expect(relativeError(scaleRows(a, w), mmul(diag(w), a))).toBeLessThan(EPS);
  });
  it('rank-one update, gather, row norms and row inner products', () => {
    const x = rng.complexNormalMatrix(5, 1);
    const m = addIdentity(new CMatrix(5, 5), 1);
    hermitianRankOneUpdateInPlace(m, x, -0.3);
    const ref = mmul(x, hermitian(x));
    for (let i = 0; i < 25; i++) {
      expect(m.re[i]).toBeCloseTo((i % 6 === 0 ? 1 : 0) - 0.3 * ref.re[i], 14);
      expect(m.im[i]).toBeCloseTo(-0.3 * ref.im[i], 14);
    }
    const g = gather(a, [6, 0, 3], [4, 1]);
    expect(g.get(0, 1)).toEqual(a.get(6, 1));
    expect(g.get(2, 0)).toEqual(a.get(3, 4));
    const rn = rowNorms2(a);
    const gram = hermitianGram(a);
    rn.forEach((v, i) => expect(v).toBeCloseTo(gram.re[i * 7 + i], 12));
    const ip = rowInnerProduct(a, 2, b, 3);
    const ref2 = mmulNH(a, b).get(2, 3);
    expect(ip.re).toBeCloseTo(ref2.re, 13);
    expect(ip.im).toBeCloseTo(ref2.im, 13);
    expect(() => gather(a, [7], [0])).toThrow('gather: row index 7 outside [0, 6]');
    expect(() => weightedGramH(a, [1, 2])).toThrow('weightedGramH: 2 weights for a matrix with 7 rows');
  });
});

describe('CholeskyFactor', () => {
  it('solves like LU and gives ln det, reading the lower triangle only', () => {
    for (const n of [1, 3, 17, 48]) {
      const x = rng.complexNormalMatrix(n, n);
      const m = addIdentity(mmulNH(x, x), 0.1);
      const rhs = rng.complexNormalMatrix(n, 3);
      const f = new CholeskyFactor(m);
      expect(relativeError(f.solve(rhs), solve(m, rhs))).toBeLessThan(1e-11);
      expect(f.logDeterminant()).toBeCloseTo(logDetHermitian(m), 9);
      // garbage in the strict upper triangle is ignored
      const u = m.clone();
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) u.set(i, j, 99, 99);
      expect(relativeError(new CholeskyFactor(u).solve(rhs), f.solve(rhs))).toBe(0);
    }
  });
  it("throws 'Matrix is not positive definite' on an indefinite matrix", () => {
    expect(() => new CholeskyFactor(diag([1, -1]))).toThrow('Matrix is not positive definite');
    expect(() => new CholeskyFactor(new CMatrix(2, 3))).toThrow('Cholesky: matrix must be square, got 2x3');
  });
});
