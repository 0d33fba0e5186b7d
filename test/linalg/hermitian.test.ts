/**
 * lib/linalg/hermitian.ts — Cholesky (L·Lᴴ = A), the Hermitian eigendecomposition
 * (V·Λ·Vᴴ = A, VᴴV = I), log-det vs the sum of log-eigenvalues, the PSD factor fallback
 * of hermitianFactor ((27), Lemma 1's Σ̃ when ζ = 0, κ → ∞), the Hermitian square root
 * and the Cholesky solve, on seeded random inputs of sizes 1 to 300 with tolerances
 * c·n·ε, plus the exact error messages.
 */
import { describe, expect, it } from 'vitest';
import {
  choleskyLower,
  colVector,
  diag,
  eigHermitian,
  fromArrays,
  hermitian,
  hermitianFactor,
  identity,
  logDetHermitian,
  mmul,
  mmulH,
  psdSqrtFactor,
  relativeError,
  solveHermitianPD,
  sqrtmHermitian,
  zeros,
} from '../../lib/linalg/index.js';
import { EPS, SIZES, backwardError, randomHermitianPD, randomMatrix } from './util.js';

/** Sizes for the O(n³)-per-sweep Jacobi eigensolver (300 takes a few seconds). */
const EIG_SIZES = [1, 2, 3, 5, 8, 17, 32, 64, 100, 300];

describe('choleskyLower', () => {
  it('L·Lᴴ = A to 10·n·ε, L lower triangular with a real positive diagonal (n = 1…300)', () => {
    for (const n of SIZES) {
      const a = randomHermitianPD(n);
      const l = choleskyLower(a);
      expect(relativeError(mmul(l, hermitian(l)), a)).toBeLessThan(10 * n * EPS);
      const badDiagonal: number[] = [];
      let upperNonZero = 0;
      for (let i = 0; i < n; i++) {
        if (!(l.im[i * n + i] === 0 && l.re[i * n + i] > 0)) badDiagonal.push(i);
        for (let j = i + 1; j < n; j++) if (l.re[i * n + j] !== 0 || l.im[i * n + j] !== 0) upperNonZero++;
      }
      expect(badDiagonal).toEqual([]);
      expect(upperNonZero).toBe(0);
    }
  });

  it("throws 'Matrix is not Hermitian' and 'Matrix is not positive definite' exactly", () => {
    const nonHerm = fromArrays(
      [
        [2, 1],
        [1, 2],
      ],
      [
        [0, 1],
        [1, 0],
      ],
    );
    expect(() => choleskyLower(nonHerm)).toThrow(/^Matrix is not Hermitian$/);
    const indefinite = fromArrays([
      [1, 2],
      [2, 1],
    ]);
    expect(() => choleskyLower(indefinite)).toThrow(/^Matrix is not positive definite$/);
    const g = randomMatrix(5, 2, 'rd');
    expect(() => choleskyLower(mmul(g, hermitian(g)))).toThrow('Matrix is not positive definite');
    expect(() => choleskyLower(zeros(2, 3))).toThrow('Cholesky: matrix must be square, got 2x3');
  });
});

describe('eigHermitian', () => {
  it('V·Λ·Vᴴ = A and VᴴV = I to 10·n·ε, eigenvalues ascending (n = 1…300)', () => {
    for (const n of EIG_SIZES) {
      const g = randomMatrix(n, n, 'eig');
      const a = mmul(g, hermitian(g)); // PSD with a spread of eigenvalues
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a.re[i * n + j] -= i === j ? n : 0; // indefinite
      const { values, vectors } = eigHermitian(a);
      expect(relativeError(mmul(mmul(vectors, diag(values)), hermitian(vectors)), a)).toBeLessThan(10 * n * EPS);
      expect(relativeError(mmulH(vectors, vectors), identity(n))).toBeLessThan(10 * n * EPS);
      for (let k = 1; k < n; k++) expect(values[k]).toBeGreaterThanOrEqual(values[k - 1]);
    }
  });

  it('recovers a known spectrum F·diag(λ)·Fᴴ (F the unitary DFT) on both branches (Jacobi < 48 ≤ QL)', () => {
    for (const n of [5, 47, 48, 64, 130]) {
      const f = zeros(n, n);
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < n; k++) {
          const t = (-2 * Math.PI * ((i * k) % n)) / n;
          f.set(i, k, Math.cos(t) / Math.sqrt(n), Math.sin(t) / Math.sqrt(n));
        }
      }
      const lambda = Array.from({ length: n }, (_, k) => (k % 3 === 0 ? 2 : -1 + k / n)); // with repeats
      const a = mmul(mmul(f, diag(lambda)), hermitian(f));
      const got = Array.from(eigHermitian(a).values);
      const want = lambda.slice().sort((x, y) => x - y);
      const err = Math.max(...got.map((v, k) => Math.abs(v - want[k])));
      expect(err).toBeLessThan(20 * n * EPS * 2);
    }
  });

  it('handles repeated eigenvalues and diagonal input exactly', () => {
    const d = eigHermitian(diag([3, -1, 2]));
    expect(Array.from(d.values)).toEqual([-1, 2, 3]);
    const e = eigHermitian(identity(4));
    expect(Array.from(e.values)).toEqual([1, 1, 1, 1]);
    expect(relativeError(e.vectors, identity(4))).toBe(0);
  });

  it('rejects non-Hermitian and non-square input', () => {
    expect(() => eigHermitian(fromArrays([[1]], [[1]]))).toThrow('Matrix is not Hermitian');
    expect(() => eigHermitian(zeros(2, 1))).toThrow('eigHermitian: matrix must be square, got 2x1');
  });
});

describe('logDetHermitian', () => {
  it('equals Σ ln λᵢ of the eigenvalues to 10·n·ε (relative), n = 1…100', () => {
    for (const n of SIZES.filter((s) => s <= 100)) {
      const a = randomHermitianPD(n, 'ld');
      const ld = logDetHermitian(a);
      const fromEig = eigHermitian(a).values.reduce((s, v) => s + Math.log(v), 0);
      expect(Math.abs(ld - fromEig)).toBeLessThan(10 * n * EPS * Math.max(1, Math.abs(fromEig)));
    }
  });

  it('ln det(c·I) = n ln c exactly enough, and non-PD input throws', () => {
    expect(logDetHermitian(diag([4, 4, 4]))).toBeCloseTo(3 * Math.log(4), 14);
    expect(() => logDetHermitian(diag([1, -1]))).toThrow('Matrix is not positive definite');
  });
});

describe('hermitianFactor (Cholesky, or the PSD eigen-square-root fallback)', () => {
  it('returns the Cholesky factor for a PD matrix', () => {
    const a = randomHermitianPD(7, 'hf');
    expect(relativeError(hermitianFactor(a), choleskyLower(a))).toBe(0);
  });

  it('falls back to V·√Λ on rank-deficient PSD input: F·Fᴴ = A to 10·n·ε (relative to ‖A‖)', () => {
    for (const [n, r] of [
      [2, 1],
      [4, 2],
      [16, 1],
      [40, 7],
    ]) {
      const g = randomMatrix(n, r, 'psd');
      const a = mmul(g, hermitian(g)); // rank r < n
      expect(() => choleskyLower(a)).toThrow('Matrix is not positive definite');
      const f = hermitianFactor(a);
      expect(relativeError(mmul(f, hermitian(f)), a)).toBeLessThan(10 * n * EPS);
    }
  });

  it('rank one: the LoS-only covariance ρ·u·uᴴ (ζ = 0, κ → ∞)', () => {
    const u = colVector([0.5, 0.5, -0.5, 0.5], [0, 0.5, 0, -0.5]);
    const a = mmul(u, hermitian(u));
    const f = psdSqrtFactor(a);
    expect(relativeError(mmul(f, hermitian(f)), a)).toBeLessThan(40 * EPS);
    // round-off eigenvalues are dropped: exactly one non-zero column (no √(1e-17) ≈ 3e-9 noise)
    let nonZeroCols = 0;
    for (let j = 0; j < 4; j++) {
      let s = 0;
      for (let i = 0; i < 4; i++) s += Math.abs(f.re[i * 4 + j]) + Math.abs(f.im[i * 4 + j]);
      if (s > 0) nonZeroCols++;
    }
    expect(nonZeroCols).toBe(1);
  });

  it("throws 'Matrix is not positive semidefinite' on an indefinite matrix, 'Matrix is not Hermitian' on a non-Hermitian one", () => {
    expect(() => hermitianFactor(diag([1, -0.5]))).toThrow('Matrix is not positive semidefinite');
    expect(() =>
      hermitianFactor(
        fromArrays([
          [1, 1],
          [0, 1],
        ]),
      ),
    ).toThrow('Matrix is not Hermitian');
    expect(() => sqrtmHermitian(diag([1, -0.5]))).toThrow('Matrix is not positive semidefinite');
  });
});

describe('sqrtmHermitian and solveHermitianPD', () => {
  it('S is Hermitian with S·S = A to 20·n·ε', () => {
    for (const n of [1, 3, 10, 40]) {
      const a = randomHermitianPD(n, 'sq');
      const s = sqrtmHermitian(a);
      expect(relativeError(hermitian(s), s)).toBeLessThan(10 * n * EPS);
      expect(relativeError(mmul(s, s), a)).toBeLessThan(20 * n * EPS);
    }
  });

  it('solves Hermitian PD systems with backward error ≤ 10·n·ε (n = 1…300)', () => {
    for (const n of SIZES) {
      const a = randomHermitianPD(n, 'spd');
      const b = randomMatrix(n, 3, 'spdb');
      expect(backwardError(a, solveHermitianPD(a, b), b)).toBeLessThan(10 * n * EPS);
    }
    expect(() => solveHermitianPD(identity(2), zeros(3, 1))).toThrow(
      'solveHermitianPD: shape mismatch, A is 2x2 but B has 3 rows',
    );
  });
});
