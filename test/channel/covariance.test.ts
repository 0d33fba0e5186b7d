/**
 * NLoS receive covariance Σ (Section II-A, docs/paper-reading.md#x6, #s4): Hermitian PSD
 * with trace 1, spreads matched including the LoS path, and QuaDRiGa-like (weak)
 * correlation on a 2×2 UPA.
 */
import { describe, expect, it } from 'vitest';
import {
  angularSpreadRad,
  covarianceFromArrivals,
  drawLargeScale,
  drawNlosArrivalPaths,
  isotropicCovariance,
  lspTable,
  nlosCovariance,
} from '../../lib/channel/index.js';
import { type CMatrix, eigHermitian, identity, relativeError, scale, trace } from '../../lib/linalg/index.js';
import { Rng } from '../../lib/random/index.js';

const deg = Math.PI / 180;

function losDir(elDeg: number, azRad: number): [number, number, number] {
  const e = elDeg * deg;
  return [Math.cos(e) * Math.cos(azRad), Math.cos(e) * Math.sin(azRad), Math.sin(e)];
}

/** Mean over i < j of |Σ_ij| / √(Σ_ii Σ_jj) and of |Σ_ij|. */
function offDiagonal(s: CMatrix): { corr: number; abs: number } {
  const n = s.rows;
  let c = 0;
  let a = 0;
  let m = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = Math.hypot(s.re[i * n + j], s.im[i * n + j]);
      a += v;
      c += v / Math.sqrt(s.re[i * n + i] * s.re[j * n + j]);
      m++;
    }
  }
  return { corr: c / m, abs: a / m };
}

describe('angular spread', () => {
  it('is the RMS deviation about the power-weighted mean, with wrapping', () => {
    expect(angularSpreadRad([-0.2, 0.2], [1, 1])).toBeCloseTo(0.2, 14);
    expect(angularSpreadRad([179 * deg, -179 * deg], [1, 1])).toBeCloseTo(1 * deg, 12);
    // LoS at 0 with power 0.99, one path at 1 rad with 0.01: σ = √(0.01·0.99)·1 rad about the mean
    expect(angularSpreadRad([0, 1], [0.99, 0.01])).toBeCloseTo(Math.sqrt(0.99 * 0.01), 3);
  });
});

describe('Σ from the NLoS clusters', () => {
  const table = lspTable('quadriga');

  it('is Hermitian, PSD and has trace 1 for N_R = 1, 4, 9, 16', () => {
    const rng = new Rng('sigma-props');
    for (const n of [1, 2, 3, 4]) {
      for (let i = 0; i < 25; i++) {
        const el = (10 + 3 * i) * deg;
        const lsp = drawLargeScale(table, el, 2, rng);
        const s = nlosCovariance(
          'cluster',
          { nV: n, nH: n },
          losDir(10 + 3 * i, i),
          lsp.kappa,
          lsp.asaDeg,
          lsp.esaDeg,
          lsp.clusters,
          rng,
        );
        expect(s.rows).toBe(n * n);
        expect(trace(s).re).toBeCloseTo(1, 13);
        expect(Math.abs(trace(s).im)).toBeLessThan(1e-15);
        for (let a = 0; a < n * n; a++) {
          for (let b = 0; b < n * n; b++) {
            expect(s.re[a * n * n + b]).toBe(s.re[b * n * n + a]);
            expect(Math.abs(s.im[a * n * n + b] + s.im[b * n * n + a])).toBe(0);
          }
        }
        expect(eigHermitian(s).values[0]).toBeGreaterThan(-1e-13);
      }
    }
  });

  it('matches the drawn ASA / ESA of all paths including the LoS one (unless capped)', () => {
    const rng = new Rng('sigma-spread');
    let matched = 0;
    for (let i = 0; i < 200; i++) {
      const lsp = drawLargeScale(table, 35 * deg, 2, rng);
      const p = drawNlosArrivalPaths(losDir(35, 1), lsp.kappa, lsp.asaDeg, lsp.esaDeg, lsp.clusters, rng);
      if (p.scaleAz < 3) {
        expect(p.clusterAsaDeg / lsp.asaDeg).toBeCloseTo(1, 9);
        matched++;
      } else {
        expect(p.clusterAsaDeg).toBeLessThan(lsp.asaDeg);
      }
      if (p.scaleEl < 1.5) expect(p.clusterEsaDeg / lsp.esaDeg).toBeCloseTo(1, 9);
      const total = p.power.reduce((a, b) => a + b, 0);
      expect(total).toBeCloseTo(1 / (lsp.kappa + 1), 14);
      expect(p.dirEnu.length).toBe(9 * 20);
    }
    expect(matched).toBeGreaterThan(50);
  });

  it('pushes the NLoS clusters far from the LoS direction (K ≈ 28 dB, ASA ≈ 4°)', () => {
    // With 1/(κ+1) ≈ 0.16 % NLoS power the clusters must sit tens of degrees away
    // (docs/paper-reading.md#x6).
    const rng = new Rng('sigma-far');
    let farPower = 0;
    let total = 0;
    for (let i = 0; i < 100; i++) {
      const lsp = drawLargeScale(table, 30 * deg, 2, rng);
      const los = losDir(30, 0.4);
      const p = drawNlosArrivalPaths(los, lsp.kappa, lsp.asaDeg, lsp.esaDeg, lsp.clusters, rng);
      p.dirEnu.forEach((d, j) => {
        const ang = Math.acos(Math.min(1, d[0] * los[0] + d[1] * los[1] + d[2] * los[2]));
        total += p.power[j];
        if (ang > 20 * deg) farPower += p.power[j];
      });
    }
    // Named threshold: more than 80 % of the NLoS power arrives > 20° away from the LoS.
    expect(farPower / total).toBeGreaterThan(0.8);
  });

  it('is only weakly correlated on a 2×2 UPA, unlike clusters hugging the LoS direction', () => {
    // Named thresholds (300 links, 10°–80°): trace-normalised mean |Σ_ij| in [0.08, 0.2]
    // (docs/paper-reading.md#s4: 0.105 measured over 1 200 links), i.e. a normalised
    // |Σ_ij|/√(Σ_ii Σ_jj) of 0.3–0.6 with only 9 clusters per link; a Σ built from paths
    // within ±2° of the LoS direction has normalised correlation > 0.95.
    const rng = new Rng('sigma-corr');
    let c = 0;
    let a = 0;
    let near = 0;
    const n = 300;
    for (let i = 0; i < n; i++) {
      const elDeg = 10 + (70 * i) / n;
      const lsp = drawLargeScale(table, elDeg * deg, 2, rng);
      const los = losDir(elDeg, i);
      const s = nlosCovariance('cluster', { nV: 2, nH: 2 }, los, lsp.kappa, lsp.asaDeg, lsp.esaDeg, lsp.clusters, rng);
      const od = offDiagonal(s);
      c += od.corr / n;
      a += od.abs / n;
      const dirs: [number, number, number][] = [];
      for (let j = 0; j < 20; j++) {
        const d = losDir(elDeg + 4 * (rng.uniform() - 0.5), i + 4 * deg * (rng.uniform() - 0.5));
        dirs.push(d);
      }
      near += offDiagonal(covarianceFromArrivals({ nV: 2, nH: 2 }, dirs, new Array(20).fill(1))).corr / n;
    }
    expect(a).toBeGreaterThan(0.08);
    expect(a).toBeLessThan(0.2);
    expect(c).toBeGreaterThan(0.3);
    expect(c).toBeLessThan(0.6);
    expect(near).toBeGreaterThan(0.95);
  });

  it('isotropic option: Σ = I/N_R', () => {
    expect(relativeError(isotropicCovariance(4), scale(identity(4), 0.25))).toBe(0);
    const s = nlosCovariance('isotropic', { nV: 3, nH: 3 }, losDir(40, 0), 100, 4, 1, table.los.clusters, new Rng(1));
    expect(relativeError(s, scale(identity(9), 1 / 9))).toBe(0);
  });

  it('rejects bad inputs', () => {
    expect(() => drawNlosArrivalPaths(losDir(30, 0), -1, 4, 1, table.los.clusters, new Rng(1))).toThrow(
      'kappa must be a finite number >= 0, got -1',
    );
    expect(() => isotropicCovariance(0)).toThrow('nR must be an integer >= 1, got 0');
  });
});
