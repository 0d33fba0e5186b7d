/**
 * lib/metrics — rates of a drop's precoders (Sections II-C, III-A, VI; SPEC §7): the
 * upper bound (16), the design metric, and the ergodic rate (12) by Monte Carlo over
 * NLoS and phase-error realisations, the reported metric. All in b/s/Hz.
 */
export * from './upperBound.js';
export * from './ergodic.js';
