/**
 * lib/precoding — statistical-CSI beam-domain precoders of Sections III–IV (public API):
 * MS²CDWM (Algorithm 1), MS²CDM ((45)–(48)), LIB (Algorithm 2), MS²DFT (Section VI), the
 * perfect-CSI WMMSE reference (Remark 2), the covariance machinery of Section III-C and
 * the direct (as-printed) reference implementation. Precoders are `W[s][k]` blocks,
 * B_s × M_k, zero where satellite s does not serve UT k (types.ts).
 */
export * from './types.js';
export * from './validate.js';
export * from './geometry.js';
export * from './power.js';
export * from './covariance.js';
export * from './cdwmmse.js';
export * from './wstep.js';
export * from './cdm.js';
export * from './cdwm.js';
export * from './locationBased.js';
export * from './dftBeam.js';
export * from './wmmse.js';
export * from './direct.js';
export * from './serialize.js';
export * from './derivations.js';
