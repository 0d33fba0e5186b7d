/**
 * drawDrop (Section II, Table I; docs/paper-reading.md#c9, #x10): shapes, Table I operating
 * point, γ composed from the independently recomputed link budget, default association and
 * beams, reproducibility, blocked links, configuration errors.
 */
import { describe, expect, it } from 'vitest';
import { DropConfigError, defaultDropConfig, drawDrop, strongestGammaAssociation } from '../../lib/channel/index.js';
import { trace } from '../../lib/linalg/index.js';
import { Rng } from '../../lib/random/index.js';
import { scenarioToJson, validateScenario } from '../../lib/scenario/index.js';

const KB = 1.380649e-23;

describe('drawDrop with Table I defaults', () => {
  const res = drawDrop(defaultDropConfig(), Rng.forDrop(7, 0));
  const scn = res.scenario;

  it('has the Table I shapes and operating point', () => {
    expect(scn.S).toBe(5);
    expect(scn.K).toBe(48);
    expect(scn.satArray).toEqual({ nV: 16, nH: 16 });
    expect(scn.utArray).toEqual({ nV: 2, nH: 2 });
    expect(scn.links.length).toBe(5);
    scn.links.forEach((row) => expect(row.length).toBe(48));
    expect(scn.powerW).toEqual([1, 1, 1, 1, 1].map(() => 10 ** ((30 - 30) / 10)));
    const noise = KB * 290 * 30e3 * 10 ** 0.7;
    scn.noiseW.forEach((x) => expect(x).toBeCloseTo(noise, 28));
    expect(scn.streams.every((m) => m === 2)).toBe(true);
    expect(scn.weights.every((w) => w === 1)).toBe(true);
    for (const row of scn.links) {
      for (const l of row) {
        expect(l.phiBar).toBeCloseTo(Math.exp(-0.25), 15);
        expect(trace(l.sigma).re).toBeCloseTo(1, 12);
        expect(l.gamma).toBeGreaterThan(0);
      }
    }
    expect(() => validateScenario(scn)).not.toThrow();
  });

  it('composes γ = N_T N_R G_tx G_rx / L from the QuaDRiGa path loss, atmosphere and shadow fading', () => {
    for (let s = 0; s < 5; s++) {
      for (const k of [0, 23, 47]) {
        const g = res.geometry.links[s][k];
        const d = res.details[s][k];
        const lossDb =
          32.55 +
          20 * Math.log10(2) +
          20 * Math.log10(g.slantRangeM) +
          0.04 / Math.sin(g.elevationRad) +
          d.shadowFadingDb;
        const gamma = 256 * 4 * 10 ** ((6 + 0 - lossDb) / 10);
        expect(scn.links[s][k].gamma / gamma).toBeCloseTo(1, 12);
        expect(scn.links[s][k].kappa).toBeCloseTo(10 ** (d.kFactorDb / 10), 9);
        expect(scn.links[s][k].thetaR).toBe(g.arrive.thetaRad);
        expect(scn.links[s][k].phiT).toBe(g.depart.phiRad);
      }
    }
  });

  it('gives mean SNRs of 20–35 dB at P = 30 dBm (≈ 34 dB overhead, less at low elevation)', () => {
    // Named thresholds from the link-budget sanity check (docs/paper-reading.md#c9):
    // overhead ≈ 34.3 dB is the maximum.
    const snr = res.details.flat().map((d) => d.snrDb);
    expect(Math.max(...snr)).toBeLessThan(35);
    expect(Math.min(...snr)).toBeGreaterThan(20);
  });

  it('serves every UT by its S_k = 3 strongest satellites and activates all N_T beams', () => {
    for (let k = 0; k < 48; k++) {
      const order = [0, 1, 2, 3, 4].sort((a, b) => scn.links[b][k].gamma - scn.links[a][k].gamma);
      const served = [0, 1, 2, 3, 4].filter((s) => scn.association[s][k] === 1);
      expect(served.sort()).toEqual(order.slice(0, 3).sort());
    }
    scn.beams.forEach((b) => expect(b).toEqual(Array.from({ length: 256 }, (_, q) => q)));
    expect(
      strongestGammaAssociation(
        [
          [1, 3],
          [2, 2],
          [3, 1],
        ],
        1,
      ),
    ).toEqual([
      [0, 1],
      [0, 0],
      [1, 0],
    ]);
  });

  it('is reproducible, and the Σ model does not change the other draws', () => {
    const again = drawDrop(defaultDropConfig(), Rng.forDrop(7, 0)).scenario;
    expect(scenarioToJson(again)).toEqual(scenarioToJson(scn));
    const iso = drawDrop(defaultDropConfig({ sigmaModel: 'isotropic' }), Rng.forDrop(7, 0)).scenario;
    expect(iso.links.map((r) => r.map((l) => [l.gamma, l.kappa]))).toEqual(
      scn.links.map((r) => r.map((l) => [l.gamma, l.kappa])),
    );
    expect(iso.links[0][0].sigma.re[0]).toBe(0.25);
    const other = drawDrop(defaultDropConfig(), Rng.forDrop(7, 1)).scenario;
    expect(other.links[0][0].gamma).not.toBe(scn.links[0][0].gamma);
  });
});

describe('drawDrop options and edge cases', () => {
  it('blocks links below the horizon (γ = 0) and still produces a valid scenario', () => {
    const res = drawDrop(defaultDropConfig({ K: 60, radiusKm: 3500, S: 2, Sk: 1, streams: 1 }), Rng.forDrop(1, 3));
    const blocked = res.details.flat().filter((d) => d.blocked);
    expect(blocked.length).toBeGreaterThan(0);
    for (let s = 0; s < 2; s++) {
      for (let k = 0; k < 60; k++) {
        if (res.details[s][k].blocked) {
          expect(res.details[s][k].elevationDeg).toBeLessThan(0);
          expect(res.scenario.links[s][k].gamma).toBe(0);
        }
      }
    }
    expect(res.scenario.meta?.blockedLinks).toBe(blocked.length);
  });

  it('TR 38.811: NLOS links carry no LoS power and pay the clutter loss', () => {
    const res = drawDrop(defaultDropConfig({ lsp: 'tr38811' }), Rng.forDrop(2, 0));
    const d = res.details.flat();
    const nlos = d.filter((x) => !x.los);
    expect(nlos.length).toBeGreaterThan(10);
    expect(d.filter((x) => x.los).length).toBeGreaterThan(10);
    for (let s = 0; s < 5; s++) {
      for (let k = 0; k < 48; k++) {
        if (!res.details[s][k].los) {
          expect(res.scenario.links[s][k].kappa).toBe(0);
          expect(res.details[s][k].clutterLossDb).toBeGreaterThan(25);
        }
      }
    }
  });

  it('supports other array sizes (N_R = 1 and 16)', () => {
    for (const n of [1, 4]) {
      const res = drawDrop(defaultDropConfig({ K: 4, utArray: { nV: n, nH: n }, streams: 1 }), Rng.forDrop(3, 0));
      expect(res.scenario.links[2][3].sigma.rows).toBe(n * n);
    }
  });

  it('rejects bad configurations naming the field and its range', () => {
    const bad = (o: Parameters<typeof defaultDropConfig>[0]) => () => drawDrop(defaultDropConfig(o), new Rng(1));
    expect(bad({ streams: 4 })).toThrow(DropConfigError);
    expect(bad({ streams: 4 })).toThrow(
      'streams must be an integer in [1, min(N_R, Sk)] = [1, 3] (Remark 1: M_k <= min(S_k, N_R)), got 4',
    );
    expect(bad({ Sk: 6 })).toThrow('Sk must be an integer in [1, 5], got 6');
    expect(bad({ Bs: 300 })).toThrow('Bs must be an integer in [1, 256], got 300');
    expect(bad({ zeta2: -1 })).toThrow('zeta2 must be a number in [0, 100], got -1');
    expect(bad({ K: 0 })).toThrow('K must be an integer >= 1, got 0');
    // @ts-expect-error — a wrong scenario name from untyped input
    expect(bad({ lsp: 'itu' })).toThrow("lsp must be one of quadriga|tr38811, got 'itu'");
  });
});
