/**
 * The four schemes of Sections III–IV and VI on synthetic drops: the per-satellite power
 * constraint (C7), zero blocks for non-serving satellites, LIB (Algorithm 2) and MS²DFT
 * structure, MS²CDWM ≥ MS²CDM in the sCSI rate (16)
 * (docs/paper-reading.md#x2: what holds), the Algorithm 1
 * loop controls, and edge cases with exact error messages.
 */
import { describe, expect, it } from 'vitest';
import { CMatrix, cabs, relativeError } from '../../lib/linalg/index.js';
import {
  PrecodingError,
  cdmPrecoders,
  cdwmPrecoders,
  dftPrecoders,
  libPrecoders,
  precodingGeometry,
  satellitePowersW,
  wmmsePrecoders,
  type Precoders,
} from '../../lib/precoding/index.js';
import { upperBoundRates } from '../../lib/metrics/index.js';
import { drawRealisation } from '../../lib/channel/realisation.js';
import { Rng } from '../../lib/random/index.js';
import type { Scenario } from '../../lib/scenario/types.js';
import { syntheticScenario, tinyScenario } from './fixtures.js';

const RELTOL = 1e-12;

function expectC7(scn: Scenario, p: Precoders, equality = false): void {
  const pw = satellitePowersW(p.W);
  pw.forEach((x, s) => {
    expect(x).toBeLessThanOrEqual(scn.powerW[s] * (1 + RELTOL));
    if (equality) expect(x).toBeCloseTo(scn.powerW[s], 12);
  });
  for (let s = 0; s < scn.S; s++) {
    for (let k = 0; k < scn.K; k++) {
      if (scn.association[s][k] === 0)
        expect(p.W[s][k].re.every((v) => v === 0) && p.W[s][k].im.every((v) => v === 0)).toBe(true);
      expect(p.W[s][k].rows).toBe(scn.beams[s].length);
      expect(p.W[s][k].cols).toBe(scn.streams[k]);
    }
  }
}

describe('power constraint (C7) and block shapes', () => {
  const scn = syntheticScenario(51, { K: 16, S: 4, beamsPerSat: 20, randomWeights: true });
  it('MS²CDWM and MS²CDM: Σ_k ‖W_{s,k}‖² ≤ P_s, at least one satellite at its budget (line 26)', () => {
    for (const p of [cdwmPrecoders(scn, { maxIterations: 5 }), cdmPrecoders(scn)]) {
      expectC7(scn, p);
      expect(Math.max(...satellitePowersW(p.W).map((x, s) => x / scn.powerW[s]))).toBeCloseTo(1, 12);
    }
  });
  it('LIB and MS²DFT: every satellite at exactly P_s (Algorithm 2 line 12; equal split)', () => {
    expectC7(scn, libPrecoders(scn), true);
    expectC7(scn, dftPrecoders(scn), true);
  });
  it('WMMSE (both power rules) on a realisation honours (C7)', () => {
    const small = tinyScenario(52);
    const real = drawRealisation(small, new Rng('wmmse-c7'));
    expectC7(small, wmmsePrecoders(small, real, { power: 'sum', maxIterations: 3 }));
    expectC7(small, wmmsePrecoders(small, real, { power: 'perUser', maxIterations: 3 }));
  });
  it('unequal budgets P_s are honoured per satellite', () => {
    const s2 = { ...scn, powerW: [0.5, 1, 2, 0.25] };
    for (const p of [cdwmPrecoders(s2, { maxIterations: 3 }), cdmPrecoders(s2)]) expectC7(s2, p);
    expectC7(s2, libPrecoders(s2), true);
    expectC7(s2, dftPrecoders(s2), true);
  });
});

describe('LIB (Algorithm 2)', () => {
  it('each serving satellite sends the matched filter v̄^* on stream b, b round-robin over S_k', () => {
    const scn = tinyScenario(53, { servingPerUt: 3, streams: 2 });
    const p = libPrecoders(scn);
    const geo = precodingGeometry(scn);
    const f = satellitePowersW(p.W).map(() => 0);
    // recover the per-satellite factor from one block, then check every block
    for (let k = 0; k < scn.K; k++) {
      geo.serving[k].forEach((s, i) => {
        const b = i % scn.streams[k];
        const w = p.W[s][k];
        const V = geo.beamResponses[s];
        const c = Math.hypot(w.re[0 * w.cols + b], w.im[0 * w.cols + b]) / cabs(V.get(k, 0));
        if (f[s] === 0) f[s] = c;
        for (let q = 0; q < w.rows; q++) {
          // column b = c_s·conj(v̄_{s,k}), the other columns zero
          expect(w.re[q * w.cols + b]).toBeCloseTo(f[s] * V.re[k * V.cols + q], 12);
          expect(w.im[q * w.cols + b]).toBeCloseTo(-f[s] * V.im[k * V.cols + q], 12);
          for (let c2 = 0; c2 < w.cols; c2++) if (c2 !== b) expect(cabs(w.get(q, c2))).toBe(0);
        }
      });
    }
  });
});

describe('MS²DFT', () => {
  it('one real positive entry per serving block, on the strongest active beam, amplitude √(P_s/K_s)', () => {
    const scn = syntheticScenario(54, { K: 10, S: 3, beamsPerSat: 12, satArray: { nV: 8, nH: 8 } });
    const p = dftPrecoders(scn);
    const geo = precodingGeometry(scn);
    for (let k = 0; k < scn.K; k++) {
      geo.serving[k].forEach((s, i) => {
        const w = p.W[s][k];
        const V = geo.beamResponses[s];
        let best = 0;
        for (let b = 1; b < V.cols; b++) if (cabs(V.get(k, b)) > cabs(V.get(k, best))) best = b;
        const amp = Math.sqrt(scn.powerW[s] / geo.served[s].length);
        for (let q = 0; q < w.rows; q++) {
          for (let c = 0; c < w.cols; c++) {
            const expected = q === best && c === i % scn.streams[k] ? amp : 0;
            expect(w.re[q * w.cols + c]).toBeCloseTo(expected, 14);
            expect(w.im[q * w.cols + c]).toBe(0);
          }
        }
      });
    }
  });
});

describe('MS²CDWM (Algorithm 1)', () => {
  /** Seeds × sizes on which the final MS²CDWM upper bound must not be below MS²CDM's. */
  const cases: [string, Scenario][] = [
    ['K=16, B=20', syntheticScenario(61, { K: 16, S: 4, beamsPerSat: 20 })],
    ['K=24, ζ²=0', syntheticScenario(62, { K: 24, beamsPerSat: 24, zeta2: 0 })],
    ['K=12, M=1, S_k=2', syntheticScenario(63, { K: 12, streams: 1, servingPerUt: 2, beamsPerSat: 16 })],
    ['K=16, random weights, low SNR', syntheticScenario(64, { K: 16, snrDb: 10, randomWeights: true })],
  ];
  for (const [name, scn] of cases) {
    it(`final upper-bound weighted sum rate ≥ MS²CDM's (${name})`, () => {
      const r = cdwmPrecoders(scn);
      const cdm = upperBoundRates(scn, cdmPrecoders(scn).W);
      const cdwm = upperBoundRates(scn, r.W);
      expect(cdwm.weightedSum).toBeGreaterThanOrEqual(cdm.weightedSum);
      expect(r.history[0].upperBoundWeightedSumRate).toBeCloseTo(cdm.weightedSum, 9);
      expect(r.history[r.history.length - 1].upperBoundWeightedSumRate).toBeCloseTo(cdwm.weightedSum, 9);
    });
  }

  it('runs exactly I_max iterations with ε = −∞, stops after one with a huge ε, is deterministic', () => {
    const scn = tinyScenario(65);
    const a = cdwmPrecoders(scn, { maxIterations: 6, tolerance: -Infinity });
    expect(a.iterations).toBe(6);
    expect(a.history.length).toBe(7);
    expect(a.converged).toBe(false);
    const b = cdwmPrecoders(scn, { maxIterations: 6, tolerance: 1e9 });
    expect(b.iterations).toBe(1);
    expect(b.converged).toBe(true);
    const c = cdwmPrecoders(scn, { maxIterations: 6, tolerance: -Infinity });
    for (let s = 0; s < scn.S; s++) for (let k = 0; k < scn.K; k++) expect(relativeError(a.W[s][k], c.W[s][k])).toBe(0);
  });

  it('the stopping quantity of iteration n is Σ β_k (R̄_k(W′_{n−1}) − R̄_k(W′_{n−2})) (det E = 2^{−R̄})', () => {
    const scn = tinyScenario(66);
    const r = cdwmPrecoders(scn, { maxIterations: 5, tolerance: -Infinity });
    const L = (k: number) => (scn.S * 4 + 1) * scn.streams[k];
    const wsumL = scn.weights.reduce((a, w, k) => a + w * L(k), 0);
    // objective_n = Σ β (L − R̄(W′_n) ln2) ⇒ Σ β R̄(W′_n) = (Σ β L − objective_n)/ln 2
    const wr = r.history.map((h) => (wsumL - h.objective) / Math.LN2);
    expect(r.history[1].stopValue).toBeCloseTo(wr[0], 9); // E′ = χI = I ⇒ log2 det E′ = 0
    for (let n = 2; n < r.history.length; n++) expect(r.history[n].stopValue).toBeCloseTo(wr[n - 1] - wr[n - 2], 9);
  });

  it('starts from a given W′ (init) and from MS²CDM by default', () => {
    const scn = tinyScenario(67);
    const init = cdmPrecoders(scn).unscaled;
    const a = cdwmPrecoders(scn, { maxIterations: 2, tolerance: -Infinity, init });
    const b = cdwmPrecoders(scn, { maxIterations: 2, tolerance: -Infinity });
    a.history.forEach((h, i) => expect(h.upperBoundSumRate).toBeCloseTo(b.history[i].upperBoundSumRate, 10));
  });
});

describe('input errors', () => {
  const scn = tinyScenario(71);
  it('names the field and the allowed range', () => {
    expect(() => cdmPrecoders({ ...scn, streams: scn.streams.map(() => 5) })).toThrow(
      'streams[0] must be an integer in [1, 4] (1 <= M_k <= N_R), got 5',
    );
    expect(() => cdwmPrecoders({ ...scn, weights: scn.weights.map((w, k) => (k === 1 ? 0 : w)) })).toThrow(
      'weights[1] must be > 0 for MS²CDWM, got 0',
    );
    expect(() =>
      libPrecoders({ ...scn, association: scn.association.map((r) => r.map((x, k) => (k === 2 ? 0 : x))) }),
    ).toThrow('association: UT 2 is served by no satellite ((C1) needs S_k >= 1)');
    expect(() => dftPrecoders({ ...scn, beams: scn.beams.map((b, s) => (s === 0 ? [b[0], b[0]] : b)) })).toThrow(
      `beams[0] selects codeword ${scn.beams[0][0]} twice ((C4))`,
    );
    expect(() => cdmPrecoders({ ...scn, noiseW: scn.noiseW.map(() => -1) })).toThrow(
      'noiseW[0] must be a finite power > 0 W, got -1',
    );
    expect(() => cdwmPrecoders(scn, { maxIterations: 0 })).toThrow('maxIterations must be an integer >= 1, got 0');
    expect(() => cdwmPrecoders(scn, { chi: 0 })).toThrow('chi must be a finite number > 0, got 0');
    expect(() =>
      cdwmPrecoders(scn, { init: scn.beams.map((b) => scn.streams.map((m) => new CMatrix(b.length + 1, m))) }),
    ).toThrow(PrecodingError);
    expect(() => cdmPrecoders({ ...scn, links: scn.links.map((r) => r.map((l) => ({ ...l, gamma: NaN }))) })).toThrow(
      'links[0][0].gamma must be a finite number >= 0, got NaN',
    );
  });
});
