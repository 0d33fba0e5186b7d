/**
 * lib/linalg/lu.ts — complex LU with partial pivoting: solve A·X = B with several
 * right-hand sides, inverse and determinant, on seeded random inputs of sizes 1 to 300
 * (backward error ≤ 10·n·ε), and the exact messages for singular / non-square / shape
 * mismatch / non-finite input.
 */
import { describe, expect, it } from 'vitest';
import {
  ComplexLU,
  determinant,
  frobeniusNorm,
  fromArrays,
  identity,
  inverse,
  mmul,
  relativeError,
  solve,
  zeros,
} from '../../lib/linalg/index.js';
import { EPS, SIZES, backwardError, randomMatrix } from './util.js';

describe('solve', () => {
  it('has backward error ‖AX − B‖/(‖A‖‖X‖) ≤ 10·n·ε for n = 1…300 and 1–4 right-hand sides', () => {
    for (const n of SIZES) {
      const a = randomMatrix(n, n, 'lu');
      for (const m of [1, 4]) {
        const b = randomMatrix(n, m, `rhs${m}`);
        const x = solve(a, b);
        expect([x.rows, x.cols]).toEqual([n, m]);
        expect(backwardError(a, x, b)).toBeLessThan(10 * n * EPS);
      }
    }
  });

  it('recovers a known solution of a well-conditioned system to 100·n·ε', () => {
    for (const n of [3, 40, 150]) {
      // diagonally dominant ⇒ condition number < 3
      const a = randomMatrix(n, n, 'dd');
      for (let i = 0; i < n; i++) a.re[i * n + i] += 3 * Math.sqrt(n);
      const xTrue = randomMatrix(n, 2, 'xt');
      const x = solve(a, mmul(a, xTrue));
      expect(relativeError(x, xTrue)).toBeLessThan(100 * n * EPS);
    }
  });

  it('needs pivoting: solves [[0, 1], [1, 0]]·x = b exactly', () => {
    const a = fromArrays([
      [0, 1],
      [1, 0],
    ]);
    const x = solve(a, fromArrays([[2], [3]], [[1], [0]]));
    expect(x.toArrays()).toEqual({ re: [[3], [2]], im: [[0], [1]] });
  });

  it('reuses one factorisation for several solves (ComplexLU)', () => {
    const a = randomMatrix(30, 30, 'reuse');
    const lu = new ComplexLU(a);
    for (const key of ['r1', 'r2']) {
      const b = randomMatrix(30, 3, key);
      expect(backwardError(a, lu.solve(b), b)).toBeLessThan(10 * 30 * EPS);
    }
  });
});

describe('ComplexLU factors', () => {
  it('P·A = L·U to 10·n·ε for sizes around the panel width (blocked kernel edges)', () => {
    for (const n of [1, 4, 15, 16, 17, 31, 33, 47, 65, 130]) {
      const a = randomMatrix(n, n, 'plu');
      const f = new ComplexLU(a);
      const l = zeros(n, n);
      const u = zeros(n, n);
      const pa = zeros(n, n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const p = i * n + j;
          const target = j < i ? l : u;
          target.re[p] = f.lu.re[p];
          target.im[p] = f.lu.im[p];
          pa.re[p] = a.re[f.perm[i] * n + j];
          pa.im[p] = a.im[f.perm[i] * n + j];
        }
        l.re[i * n + i] = 1;
      }
      expect(relativeError(mmul(l, u), pa)).toBeLessThan(10 * n * EPS);
      // pivoting on the largest |re| + |im| (izamax) bounds the multipliers: |l_ij| ≤ √2
      let maxL = 0;
      for (let p = 0; p < n * n; p++) maxL = Math.max(maxL, Math.hypot(l.re[p], l.im[p]));
      expect(maxL).toBeLessThanOrEqual(Math.SQRT2 * (1 + EPS));
      expect(Array.from(f.perm).sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
  });
});

describe('inverse and determinant', () => {
  it('A·A⁻¹ = I with ‖A·A⁻¹ − I‖/(‖A‖‖A⁻¹‖) ≤ 10·n·ε, sizes 1–300', () => {
    for (const n of SIZES) {
      const a = randomMatrix(n, n, 'inv');
      const ai = inverse(a);
      expect(backwardError(a, ai, identity(n))).toBeLessThan(10 * n * EPS);
    }
  });

  it('det of a triangular matrix is the product of its diagonal; det(AB) = det A · det B', () => {
    const t = fromArrays(
      [
        [2, 5, 1],
        [0, 3, 7],
        [0, 0, -1],
      ],
      [
        [1, 0, 2],
        [0, 0, 1],
        [0, 0, 1],
      ],
    );
    // (2+j)·3·(−1+j) = −9+3j
    const d = determinant(t);
    expect(d.re).toBeCloseTo(-9, 13);
    expect(d.im).toBeCloseTo(3, 13);
    const a = randomMatrix(6, 6, 'da');
    const b = randomMatrix(6, 6, 'db');
    const da = determinant(a);
    const db = determinant(b);
    const dab = determinant(mmul(a, b));
    const prod = { re: da.re * db.re - da.im * db.im, im: da.re * db.im + da.im * db.re };
    expect(Math.hypot(dab.re - prod.re, dab.im - prod.im) / Math.hypot(prod.re, prod.im)).toBeLessThan(100 * 6 * EPS);
    expect(new ComplexLU(a).logAbsDeterminant()).toBeCloseTo(Math.log(Math.hypot(da.re, da.im)), 12);
  });

  it('a row swap flips the sign of the determinant', () => {
    const a = fromArrays([
      [1, 2],
      [3, 4],
    ]);
    const s = fromArrays([
      [3, 4],
      [1, 2],
    ]);
    expect(determinant(a).re).toBeCloseTo(-2, 14);
    expect(determinant(s).re).toBeCloseTo(2, 14);
  });
});

describe('edge cases', () => {
  it("throws 'Matrix is singular' for exactly and numerically singular matrices", () => {
    const exact = fromArrays([
      [1, 2],
      [2, 4],
    ]);
    expect(() => solve(exact, fromArrays([[1], [1]]))).toThrow('Matrix is singular');
    expect(() => inverse(zeros(3, 3))).toThrow('Matrix is singular');
    // rank 3 of 8 in floating point: pivots at round-off level
    const g = randomMatrix(8, 3, 'rk');
    const h = randomMatrix(3, 8, 'rk2');
    expect(() => inverse(mmul(g, h))).toThrow('Matrix is singular');
  });

  it('reports non-square, shape mismatch and non-finite input exactly', () => {
    expect(() => solve(zeros(2, 3), zeros(2, 1))).toThrow('solve: A must be square, got 2x3');
    expect(() => solve(identity(3), zeros(2, 1))).toThrow('solve: shape mismatch, A is 3x3 but B has 2 rows');
    expect(() => new ComplexLU(identity(3)).solve(zeros(4, 1))).toThrow(
      'solve: shape mismatch, A is 3x3 but B has 4 rows',
    );
    expect(() => inverse(zeros(2, 3))).toThrow('inverse: matrix must be square, got 2x3');
    expect(() => new ComplexLU(zeros(1, 2))).toThrow('LU: matrix must be square, got 1x2');
    const bad = identity(2);
    bad.im[1] = Infinity;
    expect(() => solve(bad, zeros(2, 1))).toThrow('LU: matrix has a non-finite entry at (0, 1)');
  });

  it('handles 0×0 and 1×1 systems', () => {
    expect(solve(zeros(0, 0), zeros(0, 2)).size).toBe(0);
    const x = solve(fromArrays([[0]], [[2]]), fromArrays([[4]], [[0]]));
    expect(x.get(0, 0)).toEqual({ re: 0, im: -2 });
    expect(frobeniusNorm(inverse(fromArrays([[4]])))).toBe(0.25);
  });
});
