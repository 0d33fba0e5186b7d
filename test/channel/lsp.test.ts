/**
 * Large-scale parameters from the data tables (docs/paper-reading.md#x5): QuaDRiGa NTN
 * Urban LOS formulas and the TR 38.811 urban S-band rows. Expected values are typed in from
 * the sources / computed from the published formulas here; statistical checks use fixed
 * seeds and named thresholds.
 */
import { describe, expect, it } from 'vitest';
import {
  ASA_MAX_DEG,
  LspTableError,
  drawLargeScale,
  losProbability,
  lspStatistics,
  lspTable,
  parseLspTable,
} from '../../lib/channel/index.js';
import { Rng } from '../../lib/random/index.js';

const deg = Math.PI / 180;

function meanStd(x: number[]): { mean: number; std: number } {
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  const v = x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1);
  return { mean: m, std: Math.sqrt(v) };
}

function corr(x: number[], y: number[]): number {
  const a = meanStd(x);
  const b = meanStd(y);
  let c = 0;
  for (let i = 0; i < x.length; i++) c += (x[i] - a.mean) * (y[i] - b.mean);
  return c / ((x.length - 1) * a.std * b.std);
}

describe('QuaDRiGa NTN Urban LOS (default)', () => {
  const t = lspTable('quadriga');

  it('names its source', () => {
    expect(t.source).toContain('QuaDRiGa_NTN_Urban_LOS.conf');
  });

  it('gives the published medians at 2 GHz, 30° (KF ≈ 28 dB, ASA ≈ 4.2°, ESA ≈ 1.0°)', () => {
    const la = Math.log10(Math.PI / 6);
    const lf = Math.log10(2);
    const kf = 22.55 + 7.9 * lf - 11 * la;
    const asa = 0.9 - 0.4 * lf + 0.55 * la;
    const esa = 0.45 - 0.4 * lf + 1.15 * la;
    const st = lspStatistics(t, 'los', 30 * deg, 2);
    expect(st.kFactorDb?.mu).toBeCloseTo(kf, 12);
    expect(st.kFactorDb?.sigma).toBe(5.65);
    expect(st.lgAsaDeg.mu).toBeCloseTo(asa, 12);
    expect(st.lgEsaDeg.mu).toBeCloseTo(esa, 12);
    expect(st.shadowFadingDb.sigma).toBe(0.05);
    expect(kf).toBeCloseTo(28.0, 1);
    expect(10 ** asa).toBeCloseTo(4.2, 1);
    expect(10 ** esa).toBeCloseTo(1.0, 1);
    expect(losProbability(t, 30 * deg)).toBe(1);
  });

  it('draws KF ~ N(μ, 5.65²) with the .conf correlation KF–ASA = −0.8 (20 000 draws)', () => {
    // Named thresholds: mean within 0.2 dB (≈ 5 standard errors), std within 3 %, correlations within 0.03.
    const rng = new Rng('lsp-quadriga');
    const kf: number[] = [];
    const asa: number[] = [];
    const esa: number[] = [];
    let allLos = true;
    for (let i = 0; i < 20000; i++) {
      const d = drawLargeScale(t, 30 * deg, 2, rng);
      allLos &&= d.los;
      kf.push(d.kFactorDb);
      asa.push(Math.log10(d.asaDeg));
      esa.push(Math.log10(d.esaDeg));
      if (i < 10) expect(d.kappa).toBeCloseTo(10 ** (d.kFactorDb / 10), 9);
    }
    expect(allLos).toBe(true);
    const st = lspStatistics(t, 'los', 30 * deg, 2);
    const m = meanStd(kf);
    expect(Math.abs(m.mean - (st.kFactorDb?.mu ?? 0))).toBeLessThan(0.2);
    expect(Math.abs(m.std / 5.65 - 1)).toBeLessThan(0.03);
    expect(Math.abs(meanStd(asa).mean - st.lgAsaDeg.mu)).toBeLessThan(0.015);
    expect(Math.abs(corr(kf, asa) + 0.8)).toBeLessThan(0.03);
    expect(Math.abs(corr(kf, esa) + 0.8)).toBeLessThan(0.03);
    expect(Math.abs(corr(asa, esa) - 0.8)).toBeLessThan(0.03);
  });

  it('clamps the elevation to the table range (5° uses 10°)', () => {
    expect(lspStatistics(t, 'los', 5 * deg, 2)).toEqual(lspStatistics(t, 'los', 10 * deg, 2));
  });
});

describe('3GPP TR 38.811 urban S band (alternative)', () => {
  const t = lspTable('tr38811');

  it('names its source tables', () => {
    expect(t.source).toContain('Table 6.6.1-1');
    expect(t.source).toContain('Table 6.7.2-3a');
  });

  it('reproduces the table rows (values typed from TR 38.811 Tables 6.6.1-1, 6.6.2-2, 6.7.2-3a/-4a)', () => {
    const at10 = lspStatistics(t, 'los', 10 * deg, 2);
    expect(at10.kFactorDb).toEqual({ mu: 31.83, sigma: 13.84 });
    expect(at10.lgAsaDeg).toEqual({ mu: 0.18, sigma: 0.74 });
    expect(at10.lgEsaDeg).toEqual({ mu: -0.63, sigma: 2.6 });
    expect(at10.shadowFadingDb.sigma).toBe(4);
    expect(at10.clutterLossDb).toBe(0);
    const nlos20 = lspStatistics(t, 'nlos', 20 * deg, 2);
    expect(nlos20.kFactorDb).toBeNull();
    expect(nlos20.clutterLossDb).toBe(30.9);
    expect(nlos20.shadowFadingDb.sigma).toBe(6);
    expect(nlos20.lgAsaDeg).toEqual({ mu: 0.32, sigma: 2.99 });
    expect(losProbability(t, 10 * deg)).toBe(0.246);
    expect(losProbability(t, 30 * deg)).toBe(0.493);
    expect(losProbability(t, 90 * deg)).toBe(0.992);
    const lsp80 = lspStatistics(t, 'los', 80 * deg, 2);
    expect(lsp80.kFactorDb).toEqual({ mu: 4.03, sigma: 4.49 });
  });

  it('interpolates linearly between rows (45° = mean of 40° and 50°)', () => {
    const s = lspStatistics(t, 'los', 45 * deg, 2);
    expect(s.kFactorDb?.mu).toBeCloseTo((7.46 + 6.52) / 2, 12);
    expect(losProbability(t, 45 * deg)).toBeCloseTo((0.613 + 0.726) / 2, 12);
    expect(lspStatistics(t, 'nlos', 45 * deg, 2).clutterLossDb).toBeCloseTo((27.7 + 26.8) / 2, 12);
  });

  it('draws the LOS state with the table probability and NLOS links without LoS power', () => {
    // Named threshold: |p̂ − p| < 0.015 (≈ 4 standard errors for n = 20 000).
    const rng = new Rng('lsp-38811');
    let los = 0;
    const n = 20000;
    let badNlos = 0;
    let maxAsa = 0;
    for (let i = 0; i < n; i++) {
      const d = drawLargeScale(t, 30 * deg, 2, rng);
      if (d.los) los++;
      else if (d.kappa !== 0 || d.clutterLossDb !== 29.0) badNlos++;
      maxAsa = Math.max(maxAsa, d.asaDeg);
    }
    expect(badNlos).toBe(0);
    expect(maxAsa).toBeLessThanOrEqual(ASA_MAX_DEG);
    expect(Math.abs(los / n - 0.493)).toBeLessThan(0.015);
  });
});

describe('table validation', () => {
  const good = lspTable('quadriga');
  it('names the bad field', () => {
    expect(() => parseLspTable({ ...good, source: '' }, 'x.json')).toThrow(LspTableError);
    expect(() => parseLspTable({ ...good, source: '' }, 'x.json')).toThrow('x.json.source must be a non-empty string');
    expect(() => parseLspTable({ ...good, losProbability: 0.5 }, 'x.json')).toThrow(
      'x.json.nlos is required when losProbability < 1',
    );
    expect(() =>
      parseLspTable({ ...good, los: { ...good.los, lgAsaDeg: { mu: [1, 2], sigma: 0.3 } } }, 'x.json'),
    ).toThrow('x.json.los.lgAsaDeg.mu must be a finite number');
    expect(() =>
      parseLspTable(
        {
          ...good,
          los: {
            ...good.los,
            correlation: {
              order: ['kFactorDb', 'nope'],
              matrix: [
                [1, 0],
                [0, 1],
              ],
            },
          },
        },
        'x.json',
      ),
    ).toThrow("x.json.los.correlation.order[1] must name a parameter of this state, got 'nope'");
  });
});
