/**
 * lib/precoding — statistical-CSI beam-domain precoders of Sections III–IV (public API):
 * MS²CDWM (Algorithm 1), MS²CDM ((45)–(48)), LIB (Algorithm 2), MS²DFT (Section VI), the
 * perfect-CSI WMMSE reference (Remark 2) and the direct (as-printed) reference
 * implementation. Precoders are `W[s][k]` blocks, B_s × M_k, zero where satellite s does
 * not serve UT k. They stand on the beam-domain sCSI model of Section III-C in lib/scsi
 * (geometry, covariances, Lemma 1, the precoder layout, input checks), which this module
 * re-exports unchanged: `precodingGeometry`, `userCovariances`, `signalCovarianceSqrt`,
 * `Precoders`, `PrecodingError`, … can be imported from either.
 */
export * from '../scsi/index.js';
export * from './types.js';
export * from './power.js';
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
