/**
 * Decibel and power-unit helpers for the link budget (Table I; docs/paper-reading.md#c9).
 */

/** Boltzmann constant k_B (J/K), exact SI value. */
export const BOLTZMANN_J_PER_K = 1.380649e-23;
/** Speed of light c (m/s). */
export const SPEED_OF_LIGHT_M_S = 299792458;

/** 10^(x/10): dB → linear power ratio. */
export function dbToLinear(db: number): number {
  return Math.pow(10, db / 10);
}

/** 10·log10(x): linear power ratio → dB (−Infinity for 0). */
export function linearToDb(x: number): number {
  return 10 * Math.log10(x);
}

/** dBm → W: 10^((P_dBm − 30)/10). */
export function dbmToWatt(dbm: number): number {
  return Math.pow(10, (dbm - 30) / 10);
}

/** W → dBm: 10·log10(P_W) + 30. */
export function wattToDbm(w: number): number {
  return 10 * Math.log10(w) + 30;
}
