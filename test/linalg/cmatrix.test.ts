/**
 * lib/linalg/cmatrix.ts — construction, slicing, stacking, structure identities (kron
 * mixed product, blkdiag, Hermitian involution, (AB)ᴴ = BᴴAᴴ), products and norms, on
 * seeded random inputs of sizes 1 to 300, and the exact messages of shape errors.
 * Tolerances are stated in machine epsilons ε times the size.
 */
import { describe, expect, it } from 'vitest';
import {
  CMatrix,
  add,
  addIdentity,
  addScaledInPlace,
  assertFinite,
  assertHermitian,
  blkdiag,
  cols,
  colVector,
  conj,
  cx,
  diag,
  diagOf,
  frobeniusNorm,
  frobeniusNorm2,
  fromArrays,
  hermitian,
  hermitianPart,
  hstack,
  identity,
  kron,
  maxAbs,
  mmul,
  mmulChain,
  mmulH,
  relativeError,
  rows,
  scale,
  setBlock,
  slice,
  sub,
  trace,
  traceOfProduct,
  transpose,
  vstack,
  zeros,
} from '../../lib/linalg/index.js';
import { EPS, SIZES, randomMatrix } from './util.js';

describe('construction', () => {
  it('zeros, identity, diag, fromArrays, colVector hold the given entries', () => {
    expect(zeros(2, 3).size).toBe(6);
    expect(zeros(3).rows).toBe(3);
    const i3 = identity(3);
    expect(Array.from(i3.re)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const d = diag([cx(1, 2), cx(3, -4)]);
    expect(d.get(1, 1)).toEqual({ re: 3, im: -4 });
    expect(d.get(0, 1)).toEqual({ re: 0, im: 0 });
    expect(diagOf(d)).toEqual([cx(1, 2), cx(3, -4)]);
    expect(diag(new Float64Array([5, 6])).get(1, 1)).toEqual({ re: 6, im: 0 });
    const m = fromArrays(
      [
        [1, 2],
        [3, 4],
      ],
      [
        [0, -1],
        [1, 0],
      ],
    );
    expect(m.get(0, 1)).toEqual({ re: 2, im: -1 });
    expect(m.toArrays()).toEqual({
      re: [
        [1, 2],
        [3, 4],
      ],
      im: [
        [0, -1],
        [1, 0],
      ],
    });
    const v = colVector([1, 2, 3], [0, 0, 1]);
    expect([v.rows, v.cols]).toEqual([3, 1]);
    expect(v.get(2, 0)).toEqual({ re: 3, im: 1 });
  });

  it('rejects bad dimensions and ragged arrays with exact messages', () => {
    expect(() => new CMatrix(-1, 2)).toThrow('rows must be a non-negative integer, got -1');
    expect(() => new CMatrix(2, 1.5)).toThrow('cols must be a non-negative integer, got 1.5');
    expect(() => new CMatrix(2, 2, new Float64Array(3))).toThrow('re has length 3, expected rows*cols = 4');
    expect(() => fromArrays([[1, 2], [3]])).toThrow('fromArrays: row 1 of re has 1 entries, expected 2');
    expect(() => fromArrays([[1, 2]], [[1]])).toThrow('fromArrays: im must be 1x2 like re');
    expect(() => colVector([1, 2], [1])).toThrow('colVector: im has length 1, expected 2');
  });
});

describe('slicing and stacking', () => {
  const a = randomMatrix(5, 7, 'slice');

  it('slice/rows/cols copy the right block, setBlock writes it back', () => {
    const s = slice(a, 1, 4, 2, 6);
    expect([s.rows, s.cols]).toEqual([3, 4]);
    expect(s.get(2, 3)).toEqual(a.get(3, 5));
    expect(rows(a, 4, 5).get(0, 6)).toEqual(a.get(4, 6));
    expect(cols(a, 6, 7).get(4, 0)).toEqual(a.get(4, 6));
    const z = zeros(5, 7);
    setBlock(z, 1, 2, s);
    expect(z.get(3, 5)).toEqual(a.get(3, 5));
    expect(z.get(0, 0)).toEqual({ re: 0, im: 0 });
  });

  it('hstack/vstack reassemble the pieces exactly', () => {
    expect(relativeError(hstack(cols(a, 0, 3), cols(a, 3, 7)), a)).toBe(0);
    expect(relativeError(vstack(rows(a, 0, 2), rows(a, 2, 5)), a)).toBe(0);
    expect(hstack().size).toBe(0);
  });

  it('blkdiag puts blocks on the diagonal and zeros elsewhere', () => {
    const b1 = randomMatrix(2, 3, 'b1');
    const b2 = randomMatrix(3, 1, 'b2');
    const bd = blkdiag(b1, b2);
    expect([bd.rows, bd.cols]).toEqual([5, 4]);
    expect(relativeError(slice(bd, 0, 2, 0, 3), b1)).toBe(0);
    expect(relativeError(slice(bd, 2, 5, 3, 4), b2)).toBe(0);
    expect(frobeniusNorm(slice(bd, 0, 2, 3, 4))).toBe(0);
    expect(frobeniusNorm(slice(bd, 2, 5, 0, 3))).toBe(0);
  });

  it('reports out-of-range blocks and shape mismatches exactly', () => {
    expect(() => slice(a, 0, 6, 0, 1)).toThrow('slice: range rows [0, 6) cols [0, 1) is outside a 5x7 matrix');
    expect(() => setBlock(zeros(2, 2), 1, 1, zeros(2, 1))).toThrow(
      'setBlock: a 2x1 block at (1, 1) does not fit in a 2x2 matrix',
    );
    expect(() => hstack(zeros(2, 1), zeros(3, 1))).toThrow('hstack: shape mismatch, 3 rows vs 2');
    expect(() => vstack(zeros(1, 2), zeros(1, 3))).toThrow('vstack: shape mismatch, 3 columns vs 2');
  });
});

describe('structure identities on random inputs (sizes 1–300)', () => {
  it('Hermitian transpose is an involution, and Aᴴ = conj(Aᵀ)', () => {
    for (const n of SIZES) {
      const a = randomMatrix(n, Math.max(1, n >> 1), 'herm');
      expect(relativeError(hermitian(hermitian(a)), a)).toBe(0);
      expect(relativeError(hermitian(a), conj(transpose(a)))).toBe(0);
      expect(relativeError(transpose(transpose(a)), a)).toBe(0);
    }
  });

  it('(A·B)ᴴ = Bᴴ·Aᴴ and Aᴴ·B = mmulH(A, B) to 4·m·ε (m the inner size)', () => {
    for (const n of SIZES) {
      const m = Math.max(1, Math.round(n / 3));
      const a = randomMatrix(n, m, 'pa');
      const b = randomMatrix(m, n, 'pb');
      expect(relativeError(hermitian(mmul(a, b)), mmul(hermitian(b), hermitian(a)))).toBeLessThan(4 * m * EPS);
      const c = randomMatrix(n, 2, 'pc');
      expect(relativeError(mmulH(a, c), mmul(hermitian(a), c))).toBeLessThan(4 * n * EPS);
    }
  });

  it('matrix product against the entrywise definition Σₖ aᵢₖbₖⱼ, sizes 1–300', () => {
    for (const n of SIZES) {
      const a = randomMatrix(n, 3, 'da');
      const b = randomMatrix(3, 2, 'db');
      const p = mmul(a, b);
      for (const i of [0, n >> 1, n - 1]) {
        for (let j = 0; j < 2; j++) {
          let re = 0;
          let im = 0;
          for (let k = 0; k < 3; k++) {
            const x = a.get(i, k);
            const y = b.get(k, j);
            re += x.re * y.re - x.im * y.im;
            im += x.re * y.im + x.im * y.re;
          }
          expect(p.get(i, j).re).toBeCloseTo(re, 13);
          expect(p.get(i, j).im).toBeCloseTo(im, 13);
        }
      }
    }
  });

  it('mmul and mmulH equal the triple-loop definition for odd shapes and zero blocks (kernel edges)', () => {
    const naive = (a: CMatrix, b: CMatrix): CMatrix => {
      const c = zeros(a.rows, b.cols);
      for (let i = 0; i < a.rows; i++) {
        for (let j = 0; j < b.cols; j++) {
          let re = 0;
          let im = 0;
          for (let k = 0; k < a.cols; k++) {
            const x = a.get(i, k);
            const y = b.get(k, j);
            re += x.re * y.re - x.im * y.im;
            im += x.re * y.im + x.im * y.re;
          }
          c.set(i, j, re, im);
        }
      }
      return c;
    };
    const shapes = [
      [1, 1, 1],
      [3, 5, 2],
      [7, 9, 4],
      [2, 8, 3],
      [5, 4, 1],
      [6, 13, 7],
      [9, 3, 5],
    ];
    for (const [n, m, p] of shapes) {
      const a = randomMatrix(n, m, 'na');
      const b = randomMatrix(m, p, 'nb');
      expect(relativeError(mmul(a, b), naive(a, b))).toBeLessThan(4 * m * EPS);
      const ah = randomMatrix(m, n, 'nh');
      expect(relativeError(mmulH(ah, b), naive(hermitian(ah), b))).toBeLessThan(4 * m * EPS);
    }
    // block-diagonal left factor: the all-zero 2×4 blocks are skipped, result unchanged
    const bd = blkdiag(randomMatrix(4, 4, 'z1'), randomMatrix(5, 6, 'z2'));
    const r = randomMatrix(10, 3, 'z3');
    expect(relativeError(mmul(bd, r), naive(bd, r))).toBeLessThan(40 * EPS);
    expect(relativeError(mmulH(hermitian(bd), r), naive(bd, r))).toBeLessThan(40 * EPS);
  });

  it('kron mixed product (A⊗B)(C⊗D) = (AC)⊗(BD) to 8·(inner size)·ε', () => {
    for (const [n, m] of [
      [1, 1],
      [2, 3],
      [4, 2],
      [5, 4],
    ]) {
      const a = randomMatrix(n, m, 'ka');
      const b = randomMatrix(m, n, 'kb');
      const c = randomMatrix(m, 2, 'kc');
      const d = randomMatrix(n, 3, 'kd');
      const lhs = mmul(kron(a, b), kron(c, d));
      const rhs = kron(mmul(a, c), mmul(b, d));
      expect(relativeError(lhs, rhs)).toBeLessThan(8 * m * n * EPS);
    }
  });

  it('kron: (A⊗B)ᴴ = Aᴴ⊗Bᴴ exactly, I₂⊗A = blkdiag(A, A) exactly, entry layout', () => {
    const a = randomMatrix(3, 2, 'k1');
    const b = randomMatrix(2, 4, 'k2');
    expect(relativeError(hermitian(kron(a, b)), kron(hermitian(a), hermitian(b)))).toBe(0);
    expect(relativeError(kron(identity(2), a), blkdiag(a, a))).toBe(0);
    const k = kron(a, b);
    const x = a.get(2, 1);
    const y = b.get(1, 3);
    expect(k.get(2 * 2 + 1, 1 * 4 + 3)).toEqual({ re: x.re * y.re - x.im * y.im, im: x.re * y.im + x.im * y.re });
  });

  it('trace(A·B) = trace(B·A) = traceOfProduct(A, B) to 4·n·ε·‖A‖‖B‖', () => {
    for (const n of SIZES) {
      const a = randomMatrix(n, 3, 'ta');
      const b = randomMatrix(3, n, 'tb');
      const t1 = trace(mmul(a, b));
      const t2 = trace(mmul(b, a));
      const t3 = traceOfProduct(a, b);
      const tol = 4 * n * EPS * frobeniusNorm(a) * frobeniusNorm(b);
      expect(Math.abs(t1.re - t2.re) + Math.abs(t1.im - t2.im)).toBeLessThan(tol);
      expect(Math.abs(t1.re - t3.re) + Math.abs(t1.im - t3.im)).toBeLessThan(tol);
    }
  });

  it('‖A‖_F² = Tr(AᴴA), maxAbs and relativeError', () => {
    for (const n of SIZES) {
      const a = randomMatrix(n, 2, 'fa');
      expect(Math.abs(frobeniusNorm2(a) - trace(mmulH(a, a)).re)).toBeLessThan(4 * n * EPS * frobeniusNorm2(a));
      expect(frobeniusNorm(a) ** 2).toBeCloseTo(frobeniusNorm2(a), 10);
    }
    const m = fromArrays([[3, 0]], [[4, -1]]);
    expect(maxAbs(m)).toBe(5);
    expect(relativeError(m, m)).toBe(0);
    expect(relativeError(zeros(1, 2), m)).toBeCloseTo(1, 15);
  });
});

describe('arithmetic', () => {
  const a = randomMatrix(4, 3, 'ar1');
  const b = randomMatrix(4, 3, 'ar2');

  it('add/sub/scale/addScaledInPlace with complex scalars', () => {
    expect(relativeError(sub(add(a, b), b), a)).toBeLessThan(4 * EPS);
    const alpha = cx(0.3, -1.7);
    const s = scale(a, alpha);
    const x = a.get(2, 1);
    expect(s.get(2, 1).re).toBeCloseTo(0.3 * x.re + 1.7 * x.im, 14);
    expect(s.get(2, 1).im).toBeCloseTo(0.3 * x.im - 1.7 * x.re, 14);
    const c = a.clone();
    addScaledInPlace(c, b, alpha);
    expect(relativeError(c, add(a, scale(b, alpha)))).toBeLessThan(4 * EPS);
    expect(relativeError(scale(a, 2), add(a, a))).toBe(0);
  });

  it('addIdentity adds α on the diagonal only; hermitianPart is Hermitian and idempotent', () => {
    const m = randomMatrix(3, 3, 'ai');
    const p = addIdentity(m, cx(1, 2));
    expect(p.get(1, 1)).toEqual({ re: m.get(1, 1).re + 1, im: m.get(1, 1).im + 2 });
    expect(p.get(0, 1)).toEqual(m.get(0, 1));
    const h = hermitianPart(m);
    expect(() => assertHermitian(h)).not.toThrow();
    expect(relativeError(hermitianPart(h), h)).toBe(0);
  });

  it('mmulChain multiplies left to right', () => {
    const x = randomMatrix(2, 3, 'c1');
    const y = randomMatrix(3, 4, 'c2');
    const z = randomMatrix(4, 1, 'c3');
    expect(relativeError(mmulChain(x, y, z), mmul(mmul(x, y), z))).toBe(0);
    expect(() => mmulChain()).toThrow('mmulChain: needs at least one matrix');
  });

  it('reports shape mismatches with both shapes', () => {
    expect(() => add(zeros(2, 3), zeros(3, 2))).toThrow('add: shape mismatch, 2x3 vs 3x2');
    expect(() => sub(zeros(2, 3), zeros(2, 2))).toThrow('sub: shape mismatch, 2x3 vs 2x2');
    expect(() => mmul(zeros(2, 3), zeros(2, 3))).toThrow('mmul: shape mismatch, 2x3 times 2x3');
    expect(() => mmulH(zeros(2, 3), zeros(3, 3))).toThrow('mmulH: shape mismatch, (2x3)^H times 3x3');
    expect(() => trace(zeros(2, 3))).toThrow('trace: matrix must be square, got 2x3');
    expect(() => traceOfProduct(zeros(2, 3), zeros(2, 3))).toThrow('traceOfProduct: shape mismatch, 2x3 and 2x3');
    expect(() => addIdentity(zeros(2, 3), 1)).toThrow('addIdentity: matrix must be square, got 2x3');
    expect(() => relativeError(zeros(1, 2), zeros(2, 1))).toThrow('relativeError: shape mismatch, 1x2 vs 2x1');
  });

  it('assertHermitian and assertFinite name the offending entry', () => {
    const m = fromArrays(
      [
        [1, 2],
        [2, 1],
      ],
      [
        [0, 1],
        [1, 0],
      ],
    );
    expect(() => assertHermitian(m, 'Σ')).toThrow('Σ is not Hermitian: entry (0, 1) differs from conj of (1, 0)');
    expect(() => assertHermitian(zeros(1, 2), 'Σ')).toThrow('Σ must be square, got 1x2');
    const f = zeros(2, 2);
    f.re[3] = NaN;
    expect(() => assertFinite(f, 'W')).toThrow('W has a non-finite entry at (1, 1)');
  });
});
