/**
 * lib/linalg/eigTridiagonal.ts: Householder tridiagonalisation ((QP) unitary, shifted
 * solves equal LU solves of A + σI) and the QL eigendecomposition (reconstruction,
 * orthonormality, eigenvalues equal to the Jacobi ones), including repeated and zero
 * eigenvalues and 1×1 / 2×2 edge cases.
 */
import { describe, expect, it } from 'vitest';
import {
  CMatrix,
  HermitianTridiagonalization,
  addIdentity,
  diag,
  eigHermitian,
  eigHermitianQL,
  identity,
  maxAbs,
  mmul,
  mmulNH,
  relativeError,
  solve,
  sub,
} from '../../lib/linalg/index.js';
import { Rng } from '../../lib/random/index.js';

const rng = new Rng('eig-ql');

function cases(): [string, CMatrix][] {
  const out: [string, CMatrix][] = [];
  for (const n of [1, 2, 3, 8, 33]) {
    const x = rng.complexNormalMatrix(n, n);
    out.push([`random PSD ${n}`, mmulNH(x, x)]);
    const y = rng.complexNormalMatrix(n, 2);
    out.push([`rank ≤ 2, ${n}`, mmulNH(y, y)]);
  }
  out.push(['identity 6 (repeated eigenvalues)', identity(6)]);
  out.push(['zero 4', new CMatrix(4, 4)]);
  out.push(['diagonal, already tridiagonal', diag([3, -1, 2, 2, 0.5])]);
  return out;
}

describe('eigHermitianQL', () => {
  for (const [name, a] of cases()) {
    it(`A = VΛVᴴ, VᴴV = I, eigenvalues as Jacobi (${name})`, () => {
      const { values, vectors } = eigHermitianQL(a);
      const n = a.rows;
      const scaleRef = Math.max(maxAbs(a), 1e-300);
      expect(maxAbs(sub(mmul(mmul(vectors, diag(values)), vectors.H()), a)) / scaleRef).toBeLessThan(1e-13 * n + 1e-14);
      expect(maxAbs(sub(mmul(vectors.H(), vectors), identity(n)))).toBeLessThan(1e-13 * n + 1e-14);
      const ref = eigHermitian(a).values;
      values.forEach((v, i) => expect(Math.abs(v - ref[i]) / scaleRef).toBeLessThan(1e-13 * n + 1e-14));
      for (let i = 1; i < n; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
    });
  }
  it("throws 'Matrix is not Hermitian'", () => {
    expect(() => eigHermitianQL(new CMatrix(2, 2).set(0, 1, 1))).toThrow('Matrix is not Hermitian');
  });
});

describe('HermitianTridiagonalization', () => {
  it('(A + σI)^{-1}B equals the LU solve for several shifts; (QP)(QP)ᴴ = I', () => {
    for (const n of [1, 2, 5, 24]) {
      const x = rng.complexNormalMatrix(n, n);
      const a = mmulNH(x, x);
      const t = new HermitianTridiagonalization(a);
      const b = rng.complexNormalMatrix(n, 3);
      for (const shift of [1e-2, 1, 50]) {
        expect(relativeError(t.solveShifted(b, shift), solve(addIdentity(a, shift), b))).toBeLessThan(1e-11);
      }
      const q = t.apply(identity(n));
      expect(maxAbs(sub(mmulNH(q, q), identity(n)))).toBeLessThan(1e-13 * n + 1e-15);
      expect(relativeError(t.applyAdjoint(q), identity(n))).toBeLessThan(1e-13 * n + 1e-15);
    }
  });
  it("throws 'Matrix is not positive definite' when A + σI is not", () => {
    const t = new HermitianTridiagonalization(diag([1, 2, 3]));
    expect(() => t.solveShifted(identity(3), -2)).toThrow('Matrix is not positive definite');
  });
});
