/**
 * The in-memory form of one drop — everything a precoder may see (sCSI only) plus the
 * operating point. Written by lib/channel + lib/geometry (drawDrop), read by lib/scsi,
 * lib/precoding, lib/beamspace, lib/clustering, lib/metrics and lib/experiments; serialised
 * to the JSON scenario format by lib/scenario/io.ts (schema:
 * data/schema/scenario.schema.json).
 *
 * Indices: s = 0..S−1 satellites, k = 0..K−1 user terminals (UTs). Paper symbols in
 * brackets (Section II-A, the sCSI set after (8)).
 */
import type { CMatrix } from '../linalg/index.js';
import type { ArraySize } from '../channel/steering.js';

/**
 * Statistical CSI of one satellite→UT link (s, k): the sCSI of Section II-A,
 * {γ, κ, θ^t, φ^t, θ^r, φ^r, Σ, φ̄}.
 */
export interface LinkStats {
  /** γ_{s,k}: average channel power per subcarrier, linear, including array gains (E Tr HHᴴ = γ). */
  gamma: number;
  /** κ_{s,k}: Rician K-factor, linear (LoS power / NLoS power). */
  kappa: number;
  /** θ^t_{s,k}, φ^t_{s,k}: departure angles in the satellite array frame (rad); x_V = cos θ, x_H = sin θ cos φ. */
  thetaT: number;
  phiT: number;
  /** θ^r_{s,k}, φ^r_{s,k}: arrival angles in the UT array frame (rad). */
  thetaR: number;
  phiR: number;
  /** Σ_{s,k}: NLoS receive covariance, N_R × N_R, Hermitian PSD, Tr Σ = 1. */
  sigma: CMatrix;
  /** φ̄_{s,k} = E{φ_{s,k}} = e^{−ζ²/2} (real, in [0, 1]). */
  phiBar: number;
}

/** One drop: array sizes, sCSI of every link, powers, noise, weights, streams, association, beams. */
export interface Scenario {
  /** Number of cooperating satellites S. */
  S: number;
  /** Number of UTs K. */
  K: number;
  /** Satellite UPA (N_T = nV·nH), default 16×16. */
  satArray: ArraySize;
  /** UT UPA (N_R = nV·nH), default 2×2. */
  utArray: ArraySize;
  /** links[s][k]: sCSI of link (s, k). */
  links: LinkStats[][];
  /** P_s: per-satellite transmit power per subcarrier (W), length S. */
  powerW: number[];
  /** σ_k²: noise power per subcarrier at UT k (W), length K. */
  noiseW: number[];
  /** β_k: rate weights, length K. */
  weights: number[];
  /** M_k: data streams of UT k, length K, 1 ≤ M_k ≤ N_R. */
  streams: number[];
  /** O: association, association[s][k] ∈ {0, 1} (S × K); (C1) Σ_s o_{s,k} = S_k, (C2) Σ_k o_{s,k} ≤ K_s^max. */
  association: number[][];
  /** Selected DFT codeword indices per satellite (A_s), ascending, length B_s each. */
  beams: number[][];
  /** Free-form provenance: seed, drop index, generator settings, elevations… */
  meta?: Record<string, unknown>;
}
