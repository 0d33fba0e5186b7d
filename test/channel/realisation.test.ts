/**
 * Channel realisations (Section II-A (4)–(6), docs/paper-reading.md#e6) with sCSI from the
 * channel model: E Tr(HHᴴ) = γ, empirical K-factor, E g gᴴ = ρuuᴴ + ρ̃Σ, E φ = φ̄. Fixed
 * seeds, named thresholds.
 */
import { describe, expect, it } from 'vitest';
import {
  defaultDropConfig,
  drawDrop,
  drawLargeScale,
  drawRealisation,
  losNlosPowers,
  lspTable,
  nlosCovariance,
  rxSteering,
} from '../../lib/channel/index.js';
import { CMatrix, hermitian, mmul } from '../../lib/linalg/index.js';
import { Rng } from '../../lib/random/index.js';
import type { LinkStats, Scenario } from '../../lib/scenario/types.js';

const deg = Math.PI / 180;

/** A one-link scenario (S = K = 1) with a 2×2 UT array and sCSI from the channel model. */
function oneLink(kappa: number, phiBar: number): Scenario {
  const rng = new Rng('one-link');
  const lsp = drawLargeScale(lspTable('quadriga'), 40 * deg, 2, rng);
  const los: [number, number, number] = [0.5, 0.4, Math.sqrt(1 - 0.41)];
  const sigma = nlosCovariance('cluster', { nV: 2, nH: 2 }, los, lsp.kappa, lsp.asaDeg, lsp.esaDeg, lsp.clusters, rng);
  const link: LinkStats = { gamma: 3e-12, kappa, thetaT: 1.2, phiT: 1.9, thetaR: 0.9, phiR: 1.1, sigma, phiBar };
  return {
    S: 1,
    K: 1,
    satArray: { nV: 4, nH: 4 },
    utArray: { nV: 2, nH: 2 },
    links: [[link]],
    powerW: [1],
    noiseW: [1e-15],
    weights: [1],
    streams: [1],
    association: [[1]],
    beams: [[0, 1, 2]],
  };
}

describe('drawRealisation with model sCSI', () => {
  const n = 20000;
  const scn = oneLink(2, Math.exp(-0.25));
  const link = scn.links[0][0];
  const { rho, rhoTilde } = losNlosPowers(link);
  const rng = new Rng('realisations');
  const g: CMatrix[] = [];
  const phi: { re: number; im: number }[] = [];
  for (let i = 0; i < n; i++) {
    const r = drawRealisation(scn, rng);
    g.push(r.g[0][0]);
    phi.push(r.phi[0][0]);
  }

  it('E Tr(HHᴴ) = E‖g‖²‖v‖² = γ', () => {
    // Named threshold: relative error < 2 % (≈ 5 standard errors at n = 20 000).
    let p = 0;
    for (const x of g) for (let i = 0; i < 4; i++) p += x.re[i] ** 2 + x.im[i] ** 2;
    expect(Math.abs(p / n / link.gamma - 1)).toBeLessThan(0.02);
  });

  it('has the LoS mean √ρ u and the empirical K-factor κ', () => {
    // Named thresholds: ‖ḡ − √ρ u‖ < 2 % of √γ; |κ̂/κ − 1| < 5 %.
    const mean = new CMatrix(4, 1);
    for (const x of g)
      for (let i = 0; i < 4; i++) {
        mean.re[i] += x.re[i] / n;
        mean.im[i] += x.im[i] / n;
      }
    const u = rxSteering(link, scn.utArray);
    let err = 0;
    for (let i = 0; i < 4; i++)
      err += (mean.re[i] - Math.sqrt(rho) * u.re[i]) ** 2 + (mean.im[i] - Math.sqrt(rho) * u.im[i]) ** 2;
    expect(Math.sqrt(err / link.gamma)).toBeLessThan(0.02);
    let los = 0;
    for (let i = 0; i < 4; i++) los += mean.re[i] ** 2 + mean.im[i] ** 2;
    let scatter = 0;
    for (const x of g)
      for (let i = 0; i < 4; i++) scatter += ((x.re[i] - mean.re[i]) ** 2 + (x.im[i] - mean.im[i]) ** 2) / n;
    expect(Math.abs(los / scatter / link.kappa - 1)).toBeLessThan(0.05);
  });

  it('E g gᴴ = ρ u uᴴ + ρ̃ Σ', () => {
    // Named threshold: max entry error < 2 % of γ.
    const acc = new CMatrix(4, 4);
    for (const x of g) {
      const o = mmul(x, hermitian(x));
      for (let p = 0; p < 16; p++) {
        acc.re[p] += o.re[p] / n;
        acc.im[p] += o.im[p] / n;
      }
    }
    const u = rxSteering(link, scn.utArray);
    const uu = mmul(u, hermitian(u));
    for (let p = 0; p < 16; p++) {
      const er = rho * uu.re[p] + rhoTilde * link.sigma.re[p];
      const ei = rho * uu.im[p] + rhoTilde * link.sigma.im[p];
      expect(Math.hypot(acc.re[p] - er, acc.im[p] - ei) / link.gamma).toBeLessThan(0.02);
    }
  });

  it('E φ = φ̄ = e^{−ζ²/2}', () => {
    // Named threshold: |mean − φ̄| < 0.01.
    const re = phi.reduce((a, b) => a + b.re, 0) / n;
    const im = phi.reduce((a, b) => a + b.im, 0) / n;
    expect(Math.abs(re - link.phiBar)).toBeLessThan(0.01);
    expect(Math.abs(im)).toBeLessThan(0.01);
  });

  it('E ‖g_{s,k}‖² = γ_{s,k} on a whole default drop (pooled over 240 links, 300 realisations)', () => {
    // Named threshold: pooled mean of ‖g‖²/γ within 1 % of 1.
    const drop = drawDrop(defaultDropConfig(), Rng.forDrop(4, 0)).scenario;
    const r = new Rng('drop-realisations');
    let ratio = 0;
    const m = 300;
    for (let t = 0; t < m; t++) {
      const real = drawRealisation(drop, r);
      for (let s = 0; s < drop.S; s++) {
        for (let k = 0; k < drop.K; k++) {
          const x = real.g[s][k];
          let p = 0;
          for (let i = 0; i < x.rows; i++) p += x.re[i] ** 2 + x.im[i] ** 2;
          ratio += p / drop.links[s][k].gamma;
        }
      }
    }
    expect(Math.abs(ratio / (m * drop.S * drop.K) - 1)).toBeLessThan(0.01);
  });
});
