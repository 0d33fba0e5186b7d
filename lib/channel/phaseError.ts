/**
 * Phase-error model (Section II-A, eq. (3); Section VI; docs/paper-reading.md#c5).
 *
 * After delay/Doppler pre-compensation the residual phase of link (s, k) on subcarrier n is
 * φ = e^{j2π(f0 + nΔf − ν^cps)(τ^cps − τ)} (3). The paper models φ = e^{jϱ}, ϱ ~ N(0, ζ²),
 * independent across links, so
 *
 *   φ̄ = E{φ} = e^{−ζ²/2},   ζ² = −2 ln φ̄.
 *
 * Timing-error view: a delay-compensation error τ^cps − τ of standard deviation σ_τ turns
 * into ϱ ≈ 2π f0 (τ^cps − τ) (the carrier term dominates nΔf and ν^cps), so
 * ζ = 2π f0 σ_τ. Table I's ζ² = 0.5 at f0 = 2 GHz is σ_τ = √0.5/(2π·2·10⁹) ≈ 56 ps.
 */
import type { Complex } from '../linalg/index.js';
import type { Rng } from '../random/index.js';

function checkZeta2(zeta2: number): void {
  if (!(zeta2 >= 0) || !Number.isFinite(zeta2))
    throw new RangeError(`zeta2 must be a finite number >= 0, got ${zeta2}`);
}

/** φ̄ = e^{−ζ²/2} for phase-error variance ζ² (rad²). */
export function phiBarFromZeta2(zeta2: number): number {
  checkZeta2(zeta2);
  return Math.exp(-zeta2 / 2);
}

/** ζ² = −2 ln φ̄ for φ̄ ∈ (0, 1] (inverse of phiBarFromZeta2). */
export function zeta2FromPhiBar(phiBar: number): number {
  if (!(phiBar > 0 && phiBar <= 1)) throw new RangeError(`phiBar must be in (0, 1], got ${phiBar}`);
  return -2 * Math.log(phiBar);
}

/** ζ = 2π f0 σ_τ (rad): phase-error standard deviation of a timing error of std σ_τ (s) at carrier f0 (Hz). */
export function zetaFromTimingError(carrierHz: number, timingStdS: number): number {
  if (!(carrierHz > 0)) throw new RangeError(`carrierHz must be > 0, got ${carrierHz}`);
  if (!(timingStdS >= 0)) throw new RangeError(`timingStdS must be >= 0, got ${timingStdS}`);
  return 2 * Math.PI * carrierHz * timingStdS;
}

/** σ_τ = ζ / (2π f0) (s): the timing-error std that gives phase-error variance ζ² at carrier f0 (Hz). */
export function timingErrorFromZeta2(carrierHz: number, zeta2: number): number {
  checkZeta2(zeta2);
  if (!(carrierHz > 0)) throw new RangeError(`carrierHz must be > 0, got ${carrierHz}`);
  return Math.sqrt(zeta2) / (2 * Math.PI * carrierHz);
}

/** φ̄ = e^{−(2π f0 σ_τ)²/2} for a timing error of std σ_τ (s) at carrier f0 (Hz). */
export function phiBarFromTimingError(carrierHz: number, timingStdS: number): number {
  const z = zetaFromTimingError(carrierHz, timingStdS);
  return Math.exp(-(z * z) / 2);
}

/** One draw φ = e^{jϱ}, ϱ ~ N(0, ζ²). */
export function drawPhaseError(zeta2: number, rng: Rng): Complex {
  checkZeta2(zeta2);
  const r = Math.sqrt(zeta2) * rng.normal();
  return { re: Math.cos(r), im: Math.sin(r) };
}
