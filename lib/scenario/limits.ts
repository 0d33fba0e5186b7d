/**
 * Upper bounds on the size and scale of a drop (docs/errors.md "Limits"), checked before
 * anything is allocated by the scenario reader, `msms scenario`, `msms precode` and
 * `msms rate`:
 *
 * - sizes: S ≤ 100 satellites, K ≤ 10 000 UTs, satellite UPA N_TV, N_TH ≤ 64 (N_T ≤ 4096),
 *   UT UPA N_RV, N_RH ≤ 16 (N_R ≤ 256), 1 ≤ B_s ≤ N_T, 1 ≤ M_k ≤ N_R;
 * - memory: the S·K covariances hold S·K·N_R² ≤ 4·10⁶ complex entries (≈ 64 MB, a JSON
 *   file of ≈ 160 MB), the precoder W (every block B_s × M_k, zero ones included) holds
 *   (Σ_s B_s)·(Σ_k M_k) ≤ 10⁷ complex entries (≈ 160 MB); scenario and precoder files are
 *   at most 512 MiB;
 * - geometry: coverage radius ≤ horizonRadiusKm() = 2662 km (Table I: 800 km);
 * - scale, so that every quantity stays a finite double: powers P_s ≤ 10⁷ W (100 dBm),
 *   noise σ_k² in [10⁻³⁰, 10³] W, gains γ_{s,k} ≤ 10⁶, the per-link mean SNR
 *   γ_{s,k}·P_s/σ_k² ≤ 10¹⁵ (150 dB; Table I drops are at 10–60 dB), and weights β_k = 0
 *   or in [10⁻⁶, 10⁶] (only ratios of weights matter; larger spreads overflow the
 *   regularisation of MS²CDWM / MS²CDM).
 */

/** 1e7, 1e-30, … : a limit as written in messages. */
export function sci(x: number): string {
  return x.toExponential().replace('e+', 'e');
}

/**
 * Largest coverage radius (km) at which every UT can see a satellite straight above the
 * drop centre: the great-circle distance at which a satellite at `altitudeKm` sinks to the
 * horizon, R_E·arccos(R_E / (R_E + h)) — 2662 km for the Table I shell (600 km). Farther
 * UTs see none of the S satellites nearest the centre (every link blocked, γ = 0).
 */
export function horizonRadiusKm(altitudeKm = 600): number {
  const r = 6371;
  return Math.floor(r * Math.acos(r / (r + altitudeKm)));
}

/** The bounds (see the file comment). */
export const SCENARIO_LIMITS = Object.freeze({
  S: 100,
  K: 10_000,
  /** N_TV and N_TH of the satellite UPA. */
  satSide: 64,
  /** N_RV and N_RH of the UT UPA. */
  utSide: 16,
  /** S·K·N_R²: complex entries of all covariances Σ. */
  covarianceEntries: 4_000_000,
  /** (Σ_s B_s)·(Σ_k M_k): complex entries of the precoder blocks. */
  precoderEntries: 10_000_000,
  /** Bytes of a scenario or precoders file. */
  fileBytes: 512 * 1024 * 1024,
  powerW: 1e7,
  noiseMinW: 1e-30,
  noiseMaxW: 1e3,
  gamma: 1e6,
  /** Per-link mean SNR γ P_s / σ² (linear). */
  snr: 1e15,
  weightMin: 1e-6,
  weightMax: 1e6,
});
