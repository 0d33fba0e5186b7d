/**
 * lib/stats against scipy (test/fixtures/stats/gen_student_t.py → student-t.json):
 * Student-t quantiles and CDF over ν = 0.5 … 1e6 and p up to 1 − 1e-6, and the 95 %
 * confidence half-width of fixed samples.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { meanCi95, studentTCdf, studentTPdf, studentTQuantile } from '../../lib/stats/index.js';

interface Fixture {
  ppf: [number, number, number][];
  cdf: [number, number, number][];
  meanCi95: { samples: number[]; mean: number; std: number; halfWidth95: number }[];
}
const ref = JSON.parse(readFileSync('test/fixtures/stats/student-t.json', 'utf8')) as Fixture;

describe('Student t (scipy.stats.t reference)', () => {
  it(`quantile t_{p, ν} to 1e-11 relative at ${ref.ppf.length} (p, ν) pairs`, () => {
    let worst = 0;
    for (const [p, df, t] of ref.ppf) {
      const rel = Math.abs(studentTQuantile(p, df) - t) / Math.abs(t);
      worst = Math.max(worst, rel);
      expect(rel, `p = ${p}, ν = ${df}`).toBeLessThan(1e-11);
      expect(studentTQuantile(1 - p, df), `lower tail p = ${1 - p}, ν = ${df}`).toBeCloseTo(
        -studentTQuantile(p, df),
        9,
      );
    }
    expect(worst).toBeGreaterThanOrEqual(0);
  });

  it(`CDF to 1e-12 absolute at ${ref.cdf.length} (t, ν) pairs`, () => {
    for (const [t, df, c] of ref.cdf)
      expect(Math.abs(studentTCdf(t, df) - c), `t = ${t}, ν = ${df}`).toBeLessThan(1e-12);
  });

  it('density is the derivative of the CDF (central difference, ν = 3, 30)', () => {
    for (const df of [3, 30])
      for (const t of [-2, 0.4, 1.7]) {
        const h = 1e-5;
        const fd = (studentTCdf(t + h, df) - studentTCdf(t - h, df)) / (2 * h);
        expect(Math.abs(fd - studentTPdf(t, df))).toBeLessThan(1e-9);
      }
  });

  it('rejects p outside (0, 1) and ν ≤ 0 with the field and range named', () => {
    expect(() => studentTQuantile(1, 3)).toThrow('studentTQuantile: p must be in (0, 1), got 1');
    expect(() => studentTQuantile(0.9, 0)).toThrow('studentTQuantile: df must be > 0, got 0');
    expect(() => studentTCdf(1, -1)).toThrow('studentTCdf: df must be > 0, got -1');
  });
});

describe('meanCi95', () => {
  it.each(ref.meanCi95.map((c) => [c.samples.length, c] as const))(
    'n = %i: mean, s and t_{0.975,n−1}·s/√n as scipy',
    (_n, c) => {
      const m = meanCi95(c.samples);
      expect(m.n).toBe(c.samples.length);
      expect(Math.abs(m.mean - c.mean)).toBeLessThan(1e-13 * Math.max(1, Math.abs(c.mean)));
      expect(Math.abs(m.std - c.std) / c.std).toBeLessThan(1e-13);
      expect(Math.abs(m.halfWidth95 - c.halfWidth95) / c.halfWidth95).toBeLessThan(1e-11);
    },
  );

  it('one sample gives no interval, none gives NaN, a non-finite sample is an error', () => {
    const one = meanCi95([3]);
    expect(one.mean).toBe(3);
    expect(Number.isNaN(one.halfWidth95) && Number.isNaN(one.std)).toBe(true);
    const none = meanCi95([]);
    expect(none.n).toBe(0);
    expect(Number.isNaN(none.mean)).toBe(true);
    expect(() => meanCi95([1, NaN])).toThrow('meanCi95: samples[1] is not finite (NaN)');
  });
});
