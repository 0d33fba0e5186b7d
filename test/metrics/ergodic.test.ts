/**
 * Ergodic rate (12) by Monte Carlo (docs/paper-reading.md#x9): the per-realisation rate against an
 * independent dense evaluation, seeded reproducibility, convergence to the upper bound
 * (16) as κ → ∞ and ζ² → 0, and a closed-form Rayleigh reference
 * E{ln(1 + aX)} = e^{1/a} E₁(1/a), X ~ Exp(1), with a statistical threshold.
 */
import { describe, expect, it } from 'vitest';
import { drawRealisation } from '../../lib/channel/realisation.js';
import { cdmPrecoders, cdwmPrecoders, libPrecoders, realisationRatesDense } from '../../lib/precoding/index.js';
import {
  RateKernel,
  drawRealisations,
  ergodicRates,
  ergodicSumRate,
  rateEvaluator,
  realisationRates,
  upperBoundRates,
} from '../../lib/metrics/index.js';
import { Rng } from '../../lib/random/index.js';
import { syntheticScenario, tinyScenario } from '../precoding/fixtures.js';

describe('per-realisation rates', () => {
  it('equal an independent dense evaluation (effective channel, incoherent interference (21))', () => {
    const scn = tinyScenario(101, { kappaDb: 3 });
    const p = cdmPrecoders(scn);
    const ev = rateEvaluator(scn, p);
    const rng = new Rng('realisation-rates');
    for (let r = 0; r < 5; r++) {
      const real = drawRealisation(scn, rng);
      const dense = realisationRatesDense(scn, real, p.W);
      realisationRates(ev, real).forEach((x, k) => expect(x).toBeCloseTo(dense[k], 10));
    }
  });
});

describe('RateKernel (the allocation-free evaluation ergodicRates uses)', () => {
  it('equals realisationRates to round-off (several UT arrays, streams and serving sets)', () => {
    for (const [seed, o] of [
      [111, { kappaDb: 3 }],
      [112, { utArray: { nV: 3, nH: 3 }, streams: 2, kappaDb: -5 }],
      [113, { utArray: { nV: 1, nH: 1 }, streams: 1, servingPerUt: 1 }],
    ] as const) {
      const scn = syntheticScenario(seed, o);
      const ev = rateEvaluator(scn, cdmPrecoders(scn));
      const kernel = new RateKernel(ev);
      const rng = new Rng(`kernel-${seed}`);
      const out = new Float64Array(scn.K);
      for (let r = 0; r < 4; r++) {
        const real = drawRealisation(scn, rng);
        const ref = realisationRates(ev, real);
        kernel.rates(real, out);
        ref.forEach((x, k) => expect(Math.abs(out[k] - x)).toBeLessThanOrEqual(1e-12 * Math.max(1, x)));
      }
    }
  });

  it('shared draws give the numbers of drawing from the same Rng state', () => {
    const scn = tinyScenario(114, { kappaDb: 2 });
    const p = libPrecoders(scn);
    const draws = drawRealisations(scn, new Rng(15), 6);
    expect(ergodicRates(scn, p, { realizations: 6, draws })).toEqual(
      ergodicRates(scn, p, { realizations: 6, rng: new Rng(15) }),
    );
    expect(() => ergodicRates(scn, p, { realizations: 5, draws })).toThrow(
      'draws must hold realizations = 5 channel realisations, got 6',
    );
  });
});

describe('ergodicRates (12)', () => {
  const scn = tinyScenario(102, { kappaDb: 5 });
  const p = libPrecoders(scn);

  it('is reproducible from the seed and changes with it', () => {
    const a = ergodicRates(scn, p, { realizations: 20, rng: new Rng(5) });
    const b = ergodicRates(scn, p, { realizations: 20, rng: new Rng(5) });
    const c = ergodicRates(scn, p, { realizations: 20, rng: new Rng(6) });
    expect(a).toEqual(b);
    expect(a.sum).not.toBe(c.sum);
    expect(ergodicSumRate(scn, p.W, new Rng(5), 20)).toBe(a.sum);
  });

  it('standard error ≈ 1/√R: quadrupling R halves it (within 30 %)', () => {
    const a = ergodicRates(scn, p, { realizations: 200, rng: new Rng(7) });
    const b = ergodicRates(scn, p, { realizations: 800, rng: new Rng(8) });
    expect(b.sumStdErr / a.sumStdErr).toBeGreaterThan(0.5 * 0.7);
    expect(b.sumStdErr / a.sumStdErr).toBeLessThan(0.5 * 1.3);
    expect(Math.abs(a.sum - b.sum)).toBeLessThan(4 * Math.hypot(a.sumStdErr, b.sumStdErr));
  });

  it('→ the upper bound as κ → ∞ and ζ² → 0 (and equals it exactly at κ = ∞, ζ² = 0)', () => {
    const gaps: number[] = [];
    for (const [kappaDb, zeta2] of [
      [10, 0.5],
      [30, 0.05],
      [60, 1e-4],
      [90, 1e-7],
    ]) {
      const s = tinyScenario(103, { kappaDb, zeta2 });
      const w = cdwmPrecoders(s, { maxIterations: 3 }).W;
      const ub = upperBoundRates(s, w).sum;
      const e = ergodicRates(s, w, { realizations: 40, rng: new Rng(9) }).sum;
      gaps.push(Math.abs(ub - e) / ub);
    }
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]).toBeLessThan(gaps[i - 1]);
    expect(gaps[gaps.length - 1]).toBeLessThan(1e-5);
    const exact = tinyScenario(103, { kappaDb: Infinity, zeta2: 0 });
    const w = cdmPrecoders(exact).W;
    const e = ergodicRates(exact, w, { realizations: 3, rng: new Rng(10) });
    expect(e.sum).toBeCloseTo(upperBoundRates(exact, w).sum, 10);
    expect(e.sumStdErr).toBeLessThan(1e-12);
  });

  it('matches the Rayleigh closed form for one single-antenna link (|mean − exact| < 4 standard errors)', () => {
    const base = syntheticScenario('rayleigh', {
      S: 1,
      K: 1,
      servingPerUt: 1,
      satArray: { nV: 4, nH: 4 },
      utArray: { nV: 1, nH: 1 },
      beamsPerSat: 4,
      streams: 1,
      snrDb: 10,
    });
    const scn = { ...base, links: base.links.map((r) => r.map((l) => ({ ...l, kappa: 0 }))) };
    const p = libPrecoders(scn);
    // a = γ |v̄ᵀw|² / σ² — the mean SNR; the rate is log2(1 + a X), X ~ Exp(1)
    const ub = upperBoundRates(scn, p).sum; // = log2(1 + a) (R̄ uses E{|g|²} = γ)
    const a = 2 ** ub - 1;
    const exact = (Math.exp(1 / a) * expIntegralE1(1 / a)) / Math.LN2;
    const R = 4000;
    const e = ergodicRates(scn, p, { realizations: R, rng: new Rng('rayleigh') });
    expect(Math.abs(e.sum - exact)).toBeLessThan(4 * e.sumStdErr);
    expect(e.sum).toBeLessThan(ub); // Jensen: E log(1 + aX) < log(1 + a E X)
  });

  it('rejects a bad realisation count', () => {
    expect(() => ergodicRates(scn, p, { realizations: 0, rng: new Rng(1) })).toThrow(
      'realizations must be an integer >= 1, got 0',
    );
  });
});

/** E₁(x) = ∫_x^∞ e^{−t}/t dt for 0 < x ≤ 1 by its series −γ − ln x − Σ_{n≥1} (−x)^n/(n·n!). */
function expIntegralE1(x: number): number {
  const EULER = 0.5772156649015329;
  let sum = 0;
  let term = 1;
  for (let n = 1; n < 60; n++) {
    term *= -x / n;
    sum += term / n;
  }
  return -EULER - Math.log(x) - sum;
}
