/**
 * Solves of matrices that are definite only through a shift (issue 9): the scale-free
 * pivot tests of the tridiagonal LDLᵀ and of CholeskyFactor, ShiftedPsdFactor (σ²I plus a
 * semidefinite part, Cholesky or spectral), solvePositiveDefinite and the ridge QR solves.
 *
 * Reference values are built independently of the code under test: matrices are
 * assembled as U·diag(λ)·Uᴴ from a chosen spectrum λ and a unitary U, so the exact inverse,
 * log-determinant and ridge solution are U·diag(f(λ))·Uᴴ in closed form; residuals are
 * measured in machine epsilons.
 */
import { describe, expect, it } from 'vitest';
import {
  CMatrix,
  CholeskyFactor,
  HermitianTridiagonalization,
  ShiftedPsdFactor,
  addIdentity,
  diag,
  eigHermitian,
  frobeniusNorm,
  hermitianPart,
  mmul,
  mmulH,
  mmulNH,
  relativeError,
  ridgeLeastSquares,
  ridgeSolve,
  scaleRows,
  solve,
  solvePositiveDefinite,
  sub,
} from '../../lib/linalg/index.js';
import { EPS, backwardError, randomMatrix } from './util.js';

/** A unitary n × n matrix (eigenvectors of a random Hermitian matrix). */
function unitary(n: number, key: string): CMatrix {
  return eigHermitian(hermitianPart(randomMatrix(n, n, key))).vectors;
}

/** U·diag(f)·Uᴴ (exactly Hermitian). */
function spectral(u: CMatrix, f: number[]): CMatrix {
  const n = u.rows;
  const uf = u.clone();
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      uf.re[i * n + j] *= f[j];
      uf.im[i * n + j] *= f[j];
    }
  }
  return hermitianPart(mmulNH(uf, u));
}

describe('tridiagonal LDLᵀ: a positive pivot is never refused', () => {
  it('solves L + σI for a rank-4 PSD L with σ = 1e-14·‖L‖ (the issue-9 regime, below n·ε·‖L‖)', () => {
    const n = 48;
    const u = unitary(n, 'ldl');
    const lambda = Array.from({ length: n }, (_, i) => (i < 4 ? 3.4e3 * (1 + i) : 0));
    const l = spectral(u, lambda);
    const shift = 3.4e-11; // σ/‖L‖ ≈ 1e-14 < n·ε ≈ 1e-14·… (the old threshold n·ε·max|d + σ| refused it)
    expect(shift).toBeLessThan(n * EPS * 3.4e3 * 4);
    const tri = new HermitianTridiagonalization(l);
    // b in the range of L: exact x = U diag(1/(λ + σ)) Uᴴ b, well determined
    const y = randomMatrix(n, 2, 'ldl-b');
    const b = mmul(l, y);
    const exact = mmul(
      spectral(
        u,
        lambda.map((x) => 1 / (x + shift)),
      ),
      b,
    );
    const x = tri.solveShifted(b, shift);
    // forward error ≲ ε‖L‖/σ·‖x‖ in the null directions of L (here ≈ 0.02)
    expect(relativeError(x, exact)).toBeLessThan((10 * EPS * 3.4e3 * 4) / shift);
    expect(backwardError(addIdentity(l, shift), x, b)).toBeLessThan(100 * n * EPS);
  });
  it('normBound() bounds ‖A‖₂ within a factor 3', () => {
    for (const n of [1, 5, 30]) {
      const u = unitary(n, `nb${n}`);
      const lambda = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? -2 : 1) * (i + 1));
      const a = spectral(u, lambda);
      const norm = Math.max(...lambda.map(Math.abs));
      const bound = new HermitianTridiagonalization(a).normBound();
      expect(bound).toBeGreaterThanOrEqual(norm * (1 - 1e-12));
      expect(bound).toBeLessThanOrEqual(3 * norm * (1 + 1e-12));
    }
  });
  it("still throws 'Matrix is not positive definite' for an indefinite T + σI", () => {
    expect(() => new HermitianTridiagonalization(diag([1, 2, 3])).solveShifted(new CMatrix(3, 1), -1.5)).toThrow(
      'Matrix is not positive definite',
    );
  });
});

describe('CholeskyFactor: scale-free definiteness test', () => {
  it('accepts a definite matrix with pivots below n·ε·max|a| and gets ln det right', () => {
    const n = 6;
    const u = unitary(n, 'chol');
    const lambda = [1, 1, 1, 1e-18, 1e-18, 2];
    const a = spectral(
      u,
      lambda.map((x) => x + 1e-14),
    ); // λ_min ≈ 1e-14 < n·ε
    const f = new CholeskyFactor(a);
    const exact = lambda.reduce((s, x) => s + Math.log(x + 1e-14), 0);
    // the pivots of the near-null directions carry ε·‖A‖/1e-14 ≈ 2 % relative error each
    expect(Math.abs(f.logDeterminant() - exact)).toBeLessThan(0.1);
    expect(() => new CholeskyFactor(diag([1, -1e-300]))).toThrow('Matrix is not positive definite');
  });
});

describe('ShiftedPsdFactor: A = S + τI, S ⪰ 0', () => {
  it('Cholesky path when the pivots are accurate: solve, solveInRange and ln det', () => {
    const n = 9;
    const u = unitary(n, 'sp-chol');
    const lambda = Array.from({ length: n }, (_, i) => 0.5 + i);
    const tau = 0.25;
    const a = spectral(
      u,
      lambda.map((x) => x + tau),
    );
    const f = new ShiftedPsdFactor(a, tau);
    expect(f.method).toBe('cholesky');
    const b = randomMatrix(n, 3, 'sp-b');
    const exact = mmul(
      spectral(
        u,
        lambda.map((x) => 1 / (x + tau)),
      ),
      b,
    );
    expect(relativeError(f.solve(b), exact)).toBeLessThan(100 * n * EPS);
    expect(relativeError(f.solveInRange(b), exact)).toBeLessThan(100 * n * EPS);
    const lnDet = lambda.reduce((s, x) => s + Math.log(x + tau), 0);
    expect(Math.abs(f.logDeterminant() - lnDet)).toBeLessThan(100 * n * EPS * Math.abs(lnDet));
  });

  for (const n of [4, 16]) {
    it(`spectral path, rank-2 S with τ = 1e-30·‖S‖ (N_R = ${n}): ln det has the (n − 2)·ln τ limit`, () => {
      const u = unitary(n, `sp-spec${n}`);
      const lambda: number[] = Array.from({ length: n }, (_, i) => (i === 0 ? 3e-9 : i === 1 ? 1e-10 : 0));
      const tau = 1e-30 * 3e-9;
      const a = addIdentity(spectral(u, lambda), tau);
      const f = new ShiftedPsdFactor(a, tau);
      expect(f.method).toBe('spectral');
      const lnDet = lambda.reduce((s, x) => s + Math.log(x + tau), 0);
      expect(Math.abs(f.logDeterminant() - lnDet)).toBeLessThan(1e-12 * Math.abs(lnDet));
      // solve: backward stable for A itself (the null directions are solved with 1/τ)
      const b = randomMatrix(n, 2, `sp-b${n}`);
      const x = f.solve(b);
      expect(frobeniusNorm(sub(mmul(a, x), b)) / (frobeniusNorm(a) * frobeniusNorm(x) + frobeniusNorm(b))).toBeLessThan(
        100 * n * EPS,
      );
      // solveInRange: B = S·Y is in the range of S, so A⁻¹B = U diag(1/(λ + τ) on λ > 0, 0 on
      // λ = 0) Uᴴ B exactly — B's round-off components along the null space of S must not be
      // multiplied by 1/τ = 3e38
      const inRange = mmul(spectral(u, lambda), randomMatrix(n, 2, `sp-y${n}`));
      const exact = mmul(
        spectral(
          u,
          lambda.map((x) => (x > 0 ? 1 / (x + tau) : 0)),
        ),
        inRange,
      );
      expect(relativeError(f.solveInRange(inRange), exact)).toBeLessThan(1e-9);
    });
  }

  it('rate identity at σ² = 1e-30: ln det(R_o + xxᴴ) − ln det R_o = ln(1 + xᴴR_o⁻¹x) in closed form', () => {
    // R_o = σ²I + ι·g gᴴ (one rank-one interferer), x a rank-one signal: with the Lagrange
    // identity ‖x‖²‖g‖² − |gᴴx|² computed without cancellation,
    // xᴴR_o⁻¹x = (‖x‖² − ι|gᴴx|²/(σ² + ι‖g‖²))/σ².
    const n = 16;
    const g = randomMatrix(n, 1, 'rate-g');
    const x = randomMatrix(n, 1, 'rate-x');
    const sigma2 = 1e-30;
    const iota = 1e-9;
    const rO = hermitianPart(mmulNH(g, g));
    for (let p = 0; p < rO.size; p++) {
      rO.re[p] *= iota;
      rO.im[p] *= iota;
    }
    const rOther = addIdentity(rO, sigma2);
    const tot = hermitianPart(addIdentity(rO, sigma2));
    const xx = mmulNH(x, x);
    for (let p = 0; p < tot.size; p++) {
      tot.re[p] += xx.re[p];
      tot.im[p] += xx.im[p];
    }
    let wedge = 0; // Σ_{i<j} |x_i g_j − x_j g_i|² = ‖x‖²‖g‖² − |gᴴx|²
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const re = x.re[i] * g.re[j] - x.im[i] * g.im[j] - (x.re[j] * g.re[i] - x.im[j] * g.im[i]);
        const im = x.re[i] * g.im[j] + x.im[i] * g.re[j] - (x.re[j] * g.im[i] + x.im[j] * g.re[i]);
        wedge += re * re + im * im;
      }
    }
    const g2 = frobeniusNorm(g) ** 2;
    const x2 = frobeniusNorm(x) ** 2;
    // ‖x‖² − ι|gᴴx|²/(σ² + ι‖g‖²) = (wedge·ι + ‖x‖²σ²)/(σ² + ι‖g‖²)
    const quad = (iota * wedge + x2 * sigma2) / (sigma2 + iota * g2) / sigma2;
    const exact = Math.log1p(quad);
    const rate =
      new ShiftedPsdFactor(tot, sigma2).logDeterminant() - new ShiftedPsdFactor(rOther, sigma2).logDeterminant();
    expect(exact).toBeGreaterThan(60); // ≈ 70 nats: σ² is 1e-30
    expect(Math.abs(rate - exact)).toBeLessThan(1e-10 * exact);
    // the Cholesky factors alone cannot: R_o's pivots beyond the first are round-off
    expect(new ShiftedPsdFactor(rOther, sigma2).method).toBe('spectral');
  });

  it('refuses A − τI with a clearly negative eigenvalue, and a bad shift', () => {
    const a = diag([1, 1, 1 - 1e-3]);
    expect(() => new ShiftedPsdFactor(addIdentity(diag([1, 1, -1e-3]), 1e-30), 1e-30).logDeterminant()).toThrow(
      /not positive semidefinite/,
    );
    expect(() => new ShiftedPsdFactor(a, 0)).toThrow('ShiftedPsdFactor: shift must be a finite number > 0, got 0');
  });
});

describe('solvePositiveDefinite', () => {
  it('equals the Cholesky solve on a well-conditioned matrix', () => {
    const u = unitary(7, 'spd');
    const a = spectral(u, [1, 2, 3, 4, 5, 6, 7]);
    const b = randomMatrix(7, 2, 'spd-b');
    expect(relativeError(solvePositiveDefinite(a, b), new CholeskyFactor(a).solve(b))).toBeLessThan(10 * EPS);
  });
  it('is finite and backward stable where round-off makes the computed matrix indefinite', () => {
    const n = 8;
    const u = unitary(n, 'spd-ill');
    const a = spectral(u, [1, 1e-22, 1e-22, 2, 3, 1e-21, 4, 5]);
    const b = randomMatrix(n, 2, 'spd-ill-b');
    const x = solvePositiveDefinite(a, b);
    expect(x.re.every(Number.isFinite) && x.im.every(Number.isFinite)).toBe(true);
    expect(backwardError(a, x, b)).toBeLessThan(100 * n * EPS);
  });
});

describe('ridge solves by QR of [F; √λI]', () => {
  for (const [m, n] of [
    [7, 4],
    [4, 7],
    [5, 5],
    [0, 3],
  ]) {
    it(`equal the normal-equation solution on a well-conditioned ${m} × ${n} F`, () => {
      const f = randomMatrix(m, n, `ridge${m}x${n}`);
      const c = randomMatrix(m, 2, `ridge-c${m}`);
      const b = randomMatrix(n, 2, `ridge-b${n}`);
      const lambda = 0.3;
      const a = addIdentity(mmulH(f, f), lambda);
      const p = ridgeLeastSquares(f, c, lambda);
      if (m > 0) expect(relativeError(p, solve(a, mmulH(f, c)))).toBeLessThan(100 * EPS * (m + n));
      else expect(frobeniusNorm(p)).toBe(0);
      expect(relativeError(ridgeSolve(f, b, lambda), solve(a, b))).toBeLessThan(100 * EPS * (m + n));
    });
  }

  for (const [K, B] of [
    [10, 10],
    [8, 12],
  ]) {
    it(`stay accurate with row weights over 24 decades and λ far below (ε‖F‖)², ${K} × ${B} (row sorting + column pivoting)`, () => {
      // F = D·V with D = diag(d_j), d_j from 1e-12 to 1e12: p = (FᴴF + λI)⁻¹Fᴴc equals
      // Vᴴ(VVᴴ + λD⁻²)⁻¹D⁻¹c (push-through), a well-scaled system (VVᴴ is nonsingular for
      // K ≤ B) solved here by LU. K = B takes the primal QR, K < B the dual one.
      const v = randomMatrix(K, B, 'ridge-w');
      const d = Array.from({ length: K }, (_, j) => 10 ** (-12 + (24 * j) / (K - 1)));
      const f = scaleRows(v, d);
      const lambda = 1e-20;
      for (const k of [0, 5, K - 1]) {
        const c = new CMatrix(K, 1);
        c.re[k] = 1 / d[k];
        const g = mmulNH(v, v);
        for (let j = 0; j < K; j++) g.re[j * K + j] += lambda / (d[j] * d[j]);
        const dc = new CMatrix(K, 1);
        dc.re[k] = 1 / (d[k] * d[k]);
        const ref = mmulH(v, solve(g, dc));
        const p = ridgeLeastSquares(f, c, lambda);
        expect(relativeError(p, ref)).toBeLessThan(1e-9);
        // the fitted value of the UT's own row, d_k·v_kᵀp ∈ [0, 1] (a projection's diagonal)
        const own = mmul(v, p).re[k] * d[k] * d[k];
        expect(own).toBeGreaterThanOrEqual(-1e-9);
        expect(own).toBeLessThanOrEqual(1 + 1e-9);
      }
    });
  }

  it('reject a non-positive λ', () => {
    expect(() => ridgeSolve(randomMatrix(2, 2), randomMatrix(2, 1), 0)).toThrow(
      'ridgeSolve: λ must be a finite number > 0, got 0',
    );
  });
});
