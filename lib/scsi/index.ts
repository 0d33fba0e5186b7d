/**
 * lib/scsi — the statistical-CSI model in the beam domain (Section III-C, (20)–(27)), the
 * layer both the precoders (lib/precoding) and the rates (lib/metrics) stand on:
 *
 * - geometry.ts: a drop's sCSI seen in the beam domain, computed once per drop —
 *   beam responses v̄_{s,k}ᵀ = v_{s,k}ᵀ F_s A_s, receive steering u_{s,k}, LoS/NLoS powers
 *   ρ, ρ̃, φ̄, the covariances Δ_{s1,s2,k} of (23) and the Lemma 1 factors Σ̃_{s,k} of (27)
 *   (`precodingGeometry`, `PrecodingGeometry`);
 * - covariance.ts: what a precoder makes of them — the beam-domain gains q_{s,j,k}^H of
 *   (25), R̄_sig,k (Algorithm 1 line 14), R̄_other,k (21), the Lemma 1 square root
 *   R̄_sig,k^{1/2} (26) and the sCSI rate R̄_k of (16) (`beamDomainGains`,
 *   `userCovariances`, `signalCovarianceSqrt`, `upperBoundRateOf`);
 * - precoders.ts: the precoder layout W[s][k] ∈ C^{B_s × M_k} (`Precoders`) and
 *   `PrecodingError`;
 * - validate.ts: the input checks of a drop and of a precoder against it.
 *
 * Nothing here depends on a precoding scheme; lib/precoding re-exports all of it, so code
 * that imports these names from lib/precoding keeps working.
 */
export * from './precoders.js';
export * from './validate.js';
export * from './geometry.js';
export * from './covariance.js';
