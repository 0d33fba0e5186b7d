/**
 * lib/random — seeded reproducibility, independent sub-streams per (seed, drop) (a
 * parallel run reproduces a serial one), and statistical tests with fixed seeds and named
 * thresholds: N(0,1) moments, CN(0, σ²) circularity, CN(0, Σ) sample covariance → Σ, and
 * area-uniform points in a spherical cap (the UT drops of Section VI).
 *
 * Every threshold is Z_MAX standard errors of the estimate: with fixed seeds the tests
 * are deterministic, and a correct generator would fail one with probability < 1e-6.
 */
import { describe, expect, it } from 'vitest';
import { fromArrays, hermitian, mmul, relativeError } from '../../lib/linalg/index.js';
import { RandomParameterError, Rng } from '../../lib/random/index.js';

/** Allowed deviation of a sample statistic, in standard errors (5σ ⇒ two-sided p ≈ 6e-7). */
const Z_MAX = 5;

function draws(rng: Rng, n: number, f: (r: Rng) => number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = f(rng);
  return out;
}

function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

function variance(x: ArrayLike<number>): number {
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - m) ** 2;
  return s / (x.length - 1);
}

describe('reproducibility', () => {
  it('same seed → same numbers, for every kind of draw', () => {
    const seq = (r: Rng) => [
      r.uniform(),
      r.normal(),
      r.normal(),
      r.complexNormal(2).im,
      r.integer(1000),
      r.uniformIn(-3, 5),
      ...r.pointInSphericalCap([0, 0, 1], 0.3),
      ...r.shuffle([1, 2, 3, 4, 5]),
      r.complexNormalMatrix(2, 2).re[3],
    ];
    expect(seq(new Rng(42))).toEqual(seq(new Rng(42)));
    expect(seq(new Rng('42'))).toEqual(seq(new Rng(42))); // numbers and their strings are one seed
    expect(seq(new Rng(43))).not.toEqual(seq(new Rng(42)));
  });

  it('forDrop(seed, d) gives the same stream whatever order drops are drawn in', () => {
    const first = (seed: number, d: number) => draws(Rng.forDrop(seed, d), 5, (r) => r.normal());
    const serial = [0, 1, 2, 3].map((d) => first(7, d));
    const reversed = [3, 2, 1, 0].map((d) => first(7, d)).reverse();
    expect(reversed).toEqual(serial);
    expect(serial[0]).not.toEqual(serial[1]);
    expect(first(8, 0)).not.toEqual(serial[0]);
  });

  it('child(name) does not advance the parent, and children differ by name', () => {
    const a = new Rng(5);
    const b = new Rng(5);
    a.child('x').uniform();
    expect(a.uniform()).toBe(b.uniform());
    expect(new Rng(5).child('x').uniform()).toBe(new Rng(5).child('x').uniform());
    expect(new Rng(5).child('x').uniform()).not.toBe(new Rng(5).child('y').uniform());
    expect(Rng.forDrop(3, 4).key).toBe('3/drop/4');
  });

  it('sub-streams are uncorrelated: |corr| of paired draws of adjacent drops < Z_MAX/√N', () => {
    const n = 20000;
    const x = draws(Rng.forDrop(11, 0), n, (r) => r.normal());
    const y = draws(Rng.forDrop(11, 1), n, (r) => r.normal());
    let c = 0;
    for (let i = 0; i < n; i++) c += x[i] * y[i];
    expect(Math.abs(c / n)).toBeLessThan(Z_MAX / Math.sqrt(n));
  });
});

describe('statistics of the draws', () => {
  const N = 200_000;

  it('uniform: mean 1/2, variance 1/12, all in [0, 1)', () => {
    const u = draws(new Rng('uniform'), N, (r) => r.uniform());
    expect(u.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(Math.abs(mean(u) - 0.5)).toBeLessThan(Z_MAX * Math.sqrt(1 / 12 / N));
    // Var of the sample variance of U(0,1): (1/80 − 1/144)/N
    expect(Math.abs(variance(u) - 1 / 12)).toBeLessThan(Z_MAX * Math.sqrt((1 / 80 - 1 / 144) / N));
  });

  it('normal: mean 0, variance 1, P(|x| < 1) = 0.682689', () => {
    const x = draws(new Rng('normal'), N, (r) => r.normal());
    expect(Math.abs(mean(x))).toBeLessThan(Z_MAX / Math.sqrt(N));
    expect(Math.abs(variance(x) - 1)).toBeLessThan(Z_MAX * Math.sqrt(2 / N));
    const p = 0.6826894921370859; // erf(1/√2)
    let inside = 0;
    for (const v of x) if (Math.abs(v) < 1) inside++;
    expect(Math.abs(inside / N - p)).toBeLessThan(Z_MAX * Math.sqrt((p * (1 - p)) / N));
    const y = draws(new Rng('nw'), N, (r) => r.normalWith(3, 2));
    expect(Math.abs(mean(y) - 3)).toBeLessThan((Z_MAX * 2) / Math.sqrt(N));
  });

  it('complexNormal(σ²): E|z|² = σ², Re and Im each σ²/2, E z² = 0 (circular)', () => {
    const s2 = 2.5;
    const rng = new Rng('cn');
    const re = new Float64Array(N);
    const im = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      const z = rng.complexNormal(s2);
      re[i] = z.re;
      im[i] = z.im;
    }
    const se = (s2 / 2) * Math.sqrt(2 / N); // standard error of a variance estimate of N(0, σ²/2)
    expect(Math.abs(variance(re) - s2 / 2)).toBeLessThan(Z_MAX * se);
    expect(Math.abs(variance(im) - s2 / 2)).toBeLessThan(Z_MAX * se);
    // E z² = E(re² − im²) + 2j E(re·im) = 0
    let p = 0;
    for (let i = 0; i < N; i++) p += re[i] * im[i];
    expect(Math.abs(p / N)).toBeLessThan((Z_MAX * (s2 / 2)) / Math.sqrt(N));
  });

  it('complexNormalVectors(Σ): sample covariance → Σ entrywise within Z_MAX standard errors', () => {
    const sigma = fromArrays(
      [
        [1.0, 0.4, 0.1],
        [0.4, 0.7, -0.2],
        [0.1, -0.2, 0.3],
      ],
      [
        [0, 0.3, -0.1],
        [-0.3, 0, 0.05],
        [0.1, -0.05, 0],
      ],
    );
    const n = 50_000;
    const x = new Rng('cov').complexNormalVectors(sigma, n);
    const c = mmul(x, hermitian(x));
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const est = c.get(i, j);
        const ref = sigma.get(i, j);
        // Var of the sample mean of x_i x_j*: Σ_ii Σ_jj / N (complex Gaussian, Isserlis)
        const se = Math.sqrt((sigma.get(i, i).re * sigma.get(j, j).re) / n);
        expect(Math.hypot(est.re / n - ref.re, est.im / n - ref.im)).toBeLessThan(Z_MAX * se);
      }
    }
  });

  it('complexNormalVectors draws from a rank-one (semidefinite) Σ along its range only', () => {
    const u = fromArrays([[0.6], [0.8]], [[0], [0]]);
    const sigma = mmul(u, hermitian(u));
    const x = new Rng('rank1').complexNormalVectors(sigma, 1000);
    // every draw is a multiple of u: Σ·x = u·(uᴴx) = x (Σ is the projector on u), to round-off
    expect(relativeError(mmul(sigma, x), x)).toBeLessThan(1e-14);
  });

  it('pointInSphericalCap: unit vectors inside the cap, area-uniform, azimuth-symmetric', () => {
    const capRad = 0.8;
    const centre: [number, number, number] = [1, 2, 2]; // not unit length on purpose
    const c = centre.map((v) => v / 3);
    const rng = new Rng('cap');
    const n = 100_000;
    let inHalf = 0;
    let notUnit = 0;
    let outside = 0;
    const perp = [0, 0, 0];
    for (let i = 0; i < n; i++) {
      const p = rng.pointInSphericalCap(centre, capRad);
      if (!(Math.abs(Math.hypot(...p) - 1) < 1e-14)) notUnit++;
      const cosAng = p[0] * c[0] + p[1] * c[1] + p[2] * c[2];
      if (!(cosAng >= Math.cos(capRad) - 1e-14)) outside++;
      if (cosAng >= Math.cos(capRad / 2)) inHalf++;
      for (let k = 0; k < 3; k++) perp[k] += p[k] - cosAng * c[k];
    }
    expect([notUnit, outside]).toEqual([0, 0]);
    // area of the half-angle cap / area of the cap
    const pHalf = (1 - Math.cos(capRad / 2)) / (1 - Math.cos(capRad));
    expect(Math.abs(inHalf / n - pHalf)).toBeLessThan(Z_MAX * Math.sqrt((pHalf * (1 - pHalf)) / n));
    // the component perpendicular to the centre averages to 0 (|perp| ≤ sin(capRad) per draw)
    for (let k = 0; k < 3; k++) expect(Math.abs(perp[k] / n)).toBeLessThan((Z_MAX * Math.sin(capRad)) / Math.sqrt(n));
  });

  it('pointInSphericalCap with capRad = π covers the sphere uniformly (mean vector → 0)', () => {
    const rng = new Rng('sphere');
    const n = 50_000;
    const s = [0, 0, 0];
    for (let i = 0; i < n; i++) {
      const p = rng.pointInSphericalCap([0, 0, 1], Math.PI);
      for (let k = 0; k < 3; k++) s[k] += p[k];
    }
    // each coordinate of a uniform point on the sphere has variance 1/3
    for (let k = 0; k < 3; k++) expect(Math.abs(s[k] / n)).toBeLessThan(Z_MAX * Math.sqrt(1 / 3 / n));
  });

  it('integer(n) is uniform on {0..n−1}; shuffle is a permutation, each position uniform', () => {
    const rng = new Rng('int');
    const counts = new Array(6).fill(0);
    const n = 60_000;
    for (let i = 0; i < n; i++) counts[rng.integer(6)]++;
    for (const c of counts) expect(Math.abs(c / n - 1 / 6)).toBeLessThan(Z_MAX * Math.sqrt(((1 / 6) * (5 / 6)) / n));
    const firstIs0 = draws(new Rng('shuf'), 30_000, (r) => (r.shuffle([0, 1, 2, 3])[0] === 0 ? 1 : 0));
    expect(Math.abs(mean(firstIs0) - 0.25)).toBeLessThan(Z_MAX * Math.sqrt((0.25 * 0.75) / 30_000));
    expect(new Rng(1).shuffle([3, 1, 2, 5]).sort()).toEqual([1, 2, 3, 5]);
  });
});

describe('bad parameters', () => {
  it('throw RandomParameterError naming the parameter and its range', () => {
    const r = new Rng(1);
    expect(() => new Rng(NaN)).toThrow('seed must be a finite number or a string, got NaN');
    expect(() => Rng.forDrop(1, -1)).toThrow('drop must be a non-negative integer, got -1');
    expect(() => Rng.forDrop(1, 0.5)).toThrow(RandomParameterError);
    expect(() => r.uniformIn(2, 1)).toThrow('uniformIn: need b >= a, got [2, 1)');
    expect(() => r.integer(0)).toThrow('integer: n must be an integer >= 1, got 0');
    expect(() => r.normalWith(0, -1)).toThrow('normalWith: std must be >= 0, got -1');
    expect(() => r.complexNormal(-1)).toThrow('complexNormal: variance must be >= 0, got -1');
    expect(() => r.complexNormalMatrix(2, 2, -1)).toThrow('complexNormalMatrix: variance must be >= 0, got -1');
    expect(() => r.complexNormalMatrix(-2, 2)).toThrow(
      'complexNormalMatrix: rows must be a non-negative integer, got -2',
    );
    expect(() => r.complexNormalVectors(fromArrays([[1]]), -1)).toThrow(
      'complexNormalVectors: count must be a non-negative integer, got -1',
    );
    expect(() =>
      r.complexNormalVectors(
        fromArrays([
          [1, 2],
          [0, 1],
        ]),
      ),
    ).toThrow('complexNormalVectors: covariance Σ is invalid (Matrix is not Hermitian)');
    expect(() =>
      r.complexNormalVectors(
        fromArrays([
          [1, 0],
          [0, -1],
        ]),
      ),
    ).toThrow('complexNormalVectors: covariance Σ is invalid (Matrix is not positive semidefinite)');
    expect(() => r.pointInSphericalCap([0, 0, 1], 0)).toThrow('pointInSphericalCap: capRad must be in (0, π], got 0');
    expect(() => r.pointInSphericalCap([0, 0, 0], 1)).toThrow(
      'pointInSphericalCap: centre must be a non-zero finite vector',
    );
  });
});
