/**
 * Upper-bound rate (16): per-UT values against the direct (printed) covariances, weights,
 * and the input checks.
 */
import { describe, expect, it } from 'vitest';
import { CMatrix } from '../../lib/linalg/index.js';
import { cdmPrecoders, directAuxiliary, directModel, libPrecoders } from '../../lib/precoding/index.js';
import { upperBoundRates, upperBoundSumRate } from '../../lib/metrics/index.js';
import { tinyScenario } from '../precoding/fixtures.js';

describe('upperBoundRates (16)', () => {
  const scn = tinyScenario(91, { randomWeights: true });
  it('equals log2 det(I + R̄_other^{-1} R̄_sig) from the printed covariances, per UT', () => {
    for (const p of [cdmPrecoders(scn), libPrecoders(scn)]) {
      const r = upperBoundRates(scn, p);
      const m = directModel(scn);
      r.perUt.forEach((x, k) => expect(x).toBeCloseTo(directAuxiliary(m, p.W, k).rate, 10));
      expect(r.sum).toBeCloseTo(
        r.perUt.reduce((a, b) => a + b, 0),
        12,
      );
      expect(r.weightedSum).toBeCloseTo(
        r.perUt.reduce((a, b, k) => a + scn.weights[k] * b, 0),
        12,
      );
      expect(upperBoundSumRate(scn, p.W)).toBe(r.sum);
    }
  });
  it('is zero for zero precoders and grows with power', () => {
    const p = libPrecoders(scn);
    const zero = p.W.map((row) => row.map((w) => new CMatrix(w.rows, w.cols)));
    expect(upperBoundRates(scn, zero).sum).toBe(0);
    const louder = upperBoundRates({ ...scn, noiseW: scn.noiseW.map((x) => x / 10) }, p).sum;
    expect(louder).toBeGreaterThan(upperBoundRates(scn, p).sum);
  });
  it('rejects precoders of the wrong shape', () => {
    const p = libPrecoders(scn);
    expect(() => upperBoundRates(scn, p.W.slice(1))).toThrow(`precoders.W must have ${scn.S} rows (one per satellite)`);
  });
});
