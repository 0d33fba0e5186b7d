/**
 * A drop's precoders in the beam domain (Section II-C, (9)/(10)) — what the covariance model
 * of covariance.ts takes, what every precoder of lib/precoding returns and what the rates
 * of lib/metrics evaluate.
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

/** A drop's precoders: W[s][k] ∈ C^{B_s × M_k} (zero when satellite s does not serve UT k). */
export interface Precoders {
  /**
   * Which scheme produced them: a `PrecoderScheme` of lib/precoding ('cdwm', 'cdm', …) or
   * free text for user-made precoders.
   */
  scheme: string;
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
