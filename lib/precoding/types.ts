/**
 * Shared types of lib/precoding (Sections III–IV; SPEC §1, §4, §5).
 *
 * The precoder of a drop is stored as per-satellite, per-UT beam-domain blocks
 * W_{s,k} ∈ C^{B_s × M_k} (the paper's W_{s,k} in (9)/(10)): `W[s][k]` is the block of
 * satellite s for UT k — indices exactly as `Scenario.links[s][k]`. Blocks of satellites
 * that do not serve the UT (o_{s,k} = 0) are all-zero matrices of the same shape, so
 * every consumer can index without checking the association. The stacked precoder of
 * UT k in the paper, W_k = [W_{1,k}ᵀ … W_{S,k}ᵀ]ᵀ ∈ C^{B̃ × M_k}, is the vertical stack of
 * column k. Units: √W (transmit power per subcarrier is Σ_k ‖W_{s,k}‖_F² in watts).
 */
import type { CMatrix } from '../linalg/index.js';

/** Names of the precoding schemes of the kit. */
export type PrecoderScheme = 'cdwm' | 'cdm' | 'lib' | 'dft' | 'wmmse' | 'cdwm-direct' | 'cdm-direct';

/** A drop's precoders: W[s][k] ∈ C^{B_s × M_k} (zero when satellite s does not serve UT k). */
export interface Precoders {
  /** Which scheme produced them (free text for user-made precoders). */
  scheme: PrecoderScheme | string;
  /** W[s][k], B_s × M_k, √W. */
  W: CMatrix[][];
}

/** Error for invalid precoding input (bad scenario field, bad precoder shape, bad option). */
export class PrecodingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrecodingError';
  }
}

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

/** How the W-step solves (Ξ_k + β̃_k I) W̄_k = V̌_kᴴ T_k (SPEC §4 "Structure"). */
export type WStepMethod = 'auto' | 'beam' | 'user';
