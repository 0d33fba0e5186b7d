/**
 * Element-wise kernels on complex matrices (added for lib/beamspace, Section V-B): squared
 * magnitudes |a_ij|², e.g. the power of every beam-domain coefficient in one pass.
 *
 * Same storage as `cmatrix.ts` (split re/im, row-major).
 */
import type { CMatrix } from './cmatrix.js';

/** |a_ij|² for every entry, row-major (length rows·cols). */
export function abs2(a: CMatrix): Float64Array {
  const out = new Float64Array(a.rows * a.cols);
  for (let i = 0; i < out.length; i++) out[i] = a.re[i] * a.re[i] + a.im[i] * a.im[i];
  return out;
}
