/**
 * Phase-error model φ = e^{jϱ}, ϱ ~ N(0, ζ²) ⇒ φ̄ = e^{−ζ²/2}; timing view ζ = 2π f0 σ_τ
 * (eq. (3); docs/paper-reading.md#c5).
 */
import { describe, expect, it } from 'vitest';
import {
  drawPhaseError,
  phiBarFromTimingError,
  phiBarFromZeta2,
  timingErrorFromZeta2,
  zeta2FromPhiBar,
  zetaFromTimingError,
} from '../../lib/channel/index.js';
import { Rng } from '../../lib/random/index.js';

describe('phase error', () => {
  it('φ̄ = e^{−ζ²/2} and its inverse', () => {
    expect(phiBarFromZeta2(0)).toBe(1);
    expect(phiBarFromZeta2(0.5)).toBeCloseTo(Math.exp(-0.25), 15);
    expect(zeta2FromPhiBar(phiBarFromZeta2(0.5))).toBeCloseTo(0.5, 14);
  });

  it('timing-error view: ζ = 2π f0 σ_τ; ζ² = 0.5 at 2 GHz is σ_τ ≈ 56.3 ps', () => {
    const sigmaTau = Math.sqrt(0.5) / (2 * Math.PI * 2e9);
    expect(sigmaTau * 1e12).toBeCloseTo(56.27, 2);
    expect(timingErrorFromZeta2(2e9, 0.5)).toBeCloseTo(sigmaTau, 20);
    expect(zetaFromTimingError(2e9, sigmaTau) ** 2).toBeCloseTo(0.5, 12);
    expect(phiBarFromTimingError(2e9, sigmaTau)).toBeCloseTo(Math.exp(-0.25), 12);
  });

  it('E φ = φ̄ (40 000 draws)', () => {
    // Named threshold: |mean − φ̄| < 0.01 (≈ 5 standard errors).
    for (const z2 of [0.1, 0.5, 2]) {
      const rng = new Rng(`phase-${z2}`);
      let re = 0;
      let im = 0;
      const n = 40000;
      let maxModErr = 0;
      for (let i = 0; i < n; i++) {
        const p = drawPhaseError(z2, rng);
        maxModErr = Math.max(maxModErr, Math.abs(Math.hypot(p.re, p.im) - 1));
        re += p.re;
        im += p.im;
      }
      expect(maxModErr).toBeLessThan(1e-14);
      expect(Math.abs(re / n - Math.exp(-z2 / 2))).toBeLessThan(0.01);
      expect(Math.abs(im / n)).toBeLessThan(0.01);
    }
  });

  it('rejects bad inputs', () => {
    expect(() => phiBarFromZeta2(-1)).toThrow('zeta2 must be a finite number >= 0, got -1');
    expect(() => zeta2FromPhiBar(0)).toThrow('phiBar must be in (0, 1], got 0');
    expect(() => zetaFromTimingError(0, 1e-12)).toThrow('carrierHz must be > 0, got 0');
  });
});
