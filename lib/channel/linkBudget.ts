/**
 * Link budget of one satellite→UT link per subcarrier (Table I; docs/paper-reading.md#c4, #c9).
 *
 *   γ = N_T · N_R · G_tx,elem · G_rx,elem / L          (linear; E Tr(HHᴴ) = γ, u, v unit norm)
 *   L[dB] = C + 20 log10 f_GHz + 20 log10 d_m + A_zenith / sin(α) + SF [+ CL]
 *   σ² = k_B · T · Δf · NF
 *
 * C = 32.45 dB is free space (20 log10(4π·10⁹/c) = 32.448); QuaDRiGa's satellite model uses
 * C = 32.55 (0.1 dB more). A_zenith/sin α is the atmospheric-gas loss (0.04 dB at zenith
 * for ≤ 3 GHz, ITU-R P.676 via TR 38.811 §6.6.4); SF the shadow fading and CL the clutter
 * loss of the large-scale scenario (lib/channel/lsp.ts). Sanity check
 * (docs/paper-reading.md#c9): 600 km overhead at 2 GHz, FSPL ≈ 154.0 dB; P = 30 dBm, 6 dBi,
 * N_T = 256, N_R = 4 → SNR ≈ 34 dB.
 */
import { BOLTZMANN_J_PER_K, dbToLinear, linearToDb } from './units.js';

/** Free-space constant 20·log10(4π·10⁹ / c) ≈ 32.448 dB (f in GHz, d in m). */
export const FSPL_CONSTANT_DB = 20 * Math.log10((4 * Math.PI * 1e9) / 299792458);

function checkPositive(name: string, v: number): void {
  if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`${name} must be a finite number > 0, got ${v}`);
}

/**
 * Distance-and-frequency part of the path loss C + 20 log10 f_GHz + 20 log10 d_m (dB).
 * `constantDb` = 32.45 (TR 38.811 (6.6-2), free space) by default; 32.55 for QuaDRiGa.
 */
export function pathLossDb(distanceM: number, carrierGHz: number, constantDb = 32.45): number {
  checkPositive('distanceM', distanceM);
  checkPositive('carrierGHz', carrierGHz);
  return constantDb + 20 * Math.log10(carrierGHz) + 20 * Math.log10(distanceM);
}

/** Exact free-space path loss 20·log10(4π d f / c) (dB). */
export function freeSpacePathLossDb(distanceM: number, carrierGHz: number): number {
  return pathLossDb(distanceM, carrierGHz, FSPL_CONSTANT_DB);
}

/** Atmospheric-gas loss A_zenith / sin(α) (dB), elevation α in (0, π/2]. */
export function atmosphericLossDb(elevationRad: number, zenithLossDb: number): number {
  if (!(elevationRad > 0 && elevationRad <= Math.PI / 2 + 1e-12)) {
    throw new RangeError(`elevationRad must be in (0, π/2], got ${elevationRad}`);
  }
  if (!(zenithLossDb >= 0)) throw new RangeError(`zenithLossDb must be >= 0, got ${zenithLossDb}`);
  return zenithLossDb / Math.sin(elevationRad);
}

/** Thermal noise power per subcarrier σ² = k_B·T·Δf·NF (W). Table I: 290 K, 30 kHz, 7 dB → 6.0e-16 W. */
export function noisePowerW(temperatureK: number, bandwidthHz: number, noiseFigureDb: number): number {
  checkPositive('temperatureK', temperatureK);
  checkPositive('bandwidthHz', bandwidthHz);
  if (!Number.isFinite(noiseFigureDb) || noiseFigureDb < 0) {
    throw new RangeError(`noiseFigureDb must be a finite number >= 0, got ${noiseFigureDb}`);
  }
  return BOLTZMANN_J_PER_K * temperatureK * bandwidthHz * dbToLinear(noiseFigureDb);
}

/** Array and element gains of a link: N_T, N_R and the element gains (dBi). */
export interface LinkGains {
  nT: number;
  nR: number;
  txElementGainDbi: number;
  rxElementGainDbi: number;
}

/** γ = N_T·N_R·10^((G_tx + G_rx − L)/10): the link's average channel power per subcarrier (linear). */
export function linkGainLinear(totalLossDb: number, g: LinkGains): number {
  if (!Number.isFinite(totalLossDb)) throw new RangeError(`totalLossDb must be finite, got ${totalLossDb}`);
  return g.nT * g.nR * dbToLinear(g.txElementGainDbi + g.rxElementGainDbi - totalLossDb);
}

/** Mean SNR of a link at transmit power P: 10·log10(γ·P/σ²) (dB). */
export function meanSnrDb(gamma: number, powerW: number, noiseW: number): number {
  return linearToDb((gamma * powerW) / noiseW);
}
