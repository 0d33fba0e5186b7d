/**
 * Shared types of lib/precoding (Sections III–IV): scheme names, the MS²CDWM result and
 * its per-iteration record, the W-step method. The precoder layout `Precoders` (W[s][k]
 * blocks, B_s × M_k) and `PrecodingError` live in lib/scsi/precoders.ts; lib/precoding/index.ts
 * re-exports them.
 */
import type { CMatrix } from '../linalg/index.js';
import type { Precoders } from '../scsi/index.js';

/** Names of the precoding schemes of the kit. */
export type PrecoderScheme = 'cdwm' | 'cdm' | 'lib' | 'dft' | 'wmmse' | 'cdwm-direct' | 'cdm-direct';

/** One iteration of MS²CDWM (Algorithm 1). */
export interface CdwmIterationRecord {
  /** Iteration n = 1, 2, … (0 = the MS²CDM initial point). */
  iteration: number;
  /**
   * The (P3) objective Σ_k β_k [Tr(C_k E_k) − ln det C_k] (nats) at the iterate W′_n (per-UT
   * normalised, before line-26 scaling) with its optimal C_k, D_k, which by Proposition 1
   * equals Σ_k β_k (L_k − R̄_k(W′_n) ln 2), printed L_k = (S N_R + 1) M_k.
   */
  objective: number;
  /** Σ_k R̄_k (16), b/s/Hz, of the line-26-scaled precoder of this iteration (the design metric). */
  upperBoundSumRate: number;
  /** Σ_k β_k R̄_k of the same precoder. */
  upperBoundWeightedSumRate: number;
  /** Σ_k β_k log2(det E′_k / det E_k), the line-25 stopping quantity (NaN at iteration 0). */
  stopValue: number;
}

/** Result of `cdwmPrecoders`. */
export interface CdwmResult extends Precoders {
  /** W′: the last iterate before line-26 scaling (per-UT power P̃_k = Σ_s P_s / K). */
  unscaled: CMatrix[][];
  /** Per-iteration history, starting with the MS²CDM initial point (iteration 0). */
  history: CdwmIterationRecord[];
  /** Iterations run (≤ I_max). */
  iterations: number;
  /** True when the line-25 criterion stopped the loop before I_max. */
  converged: boolean;
}

/** How the W-step solves (Ξ_k + β̃_k I) W̄_k = V̌_kᴴ T_k (docs/paper-reading.md#s1, #s3). */
export type WStepMethod = 'auto' | 'beam' | 'user';
