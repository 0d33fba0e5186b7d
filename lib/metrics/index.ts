/**
 * lib/metrics — rates of a drop's precoders (Sections II-C, III-A, VI): the sCSI rate
 * R̄_k of (16), the design metric (an upper bound on the ergodic rate only when the
 * interference at the UT does not fluctuate — docs/paper-reading.md#b1), and the ergodic
 * rate (12) by Monte Carlo over NLoS and phase-error realisations, the reported metric.
 * All in b/s/Hz.
 */
export * from './upperBound.js';
export * from './ergodic.js';
