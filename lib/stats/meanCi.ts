/**
 * Mean and 95 % confidence interval of a Monte Carlo mean (Section VI: the curves are means
 * over channel drops, R_E = Σ_k E{R_k} of (12), with a band mean ± t_{0.975, n−1}·s/√n —
 * Student t, since the figure sizes use few drops). The one helper behind the sweep
 * tables (lib/experiments), the claim checks and the figure bands (lib/plots).
 */
import { studentTQuantile } from './studentT.js';

/** Sample mean, sample standard deviation, count and 95 % CI half-width of one set of samples. */
export interface MeanCi {
  mean: number;
  /** Sample standard deviation (divisor n − 1); NaN for n < 2. */
  std: number;
  n: number;
  /** t_{0.975, n−1}·std/√n; NaN for n < 2 (one sample gives no interval). */
  halfWidth95: number;
}

/**
 * Mean and 95 % confidence half-width of the mean of `samples` (finite numbers; a
 * non-finite sample is an error naming its index). No samples: every field NaN, n = 0.
 */
export function meanCi95(samples: ArrayLike<number>): MeanCi {
  const n = samples.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(samples[i])) throw new RangeError(`meanCi95: samples[${i}] is not finite (${samples[i]})`);
    s += samples[i];
  }
  if (n === 0) return { mean: NaN, std: NaN, n: 0, halfWidth95: NaN };
  const mean = s / n;
  if (n === 1) return { mean, std: NaN, n, halfWidth95: NaN };
  let v = 0;
  for (let i = 0; i < n; i++) v += (samples[i] - mean) ** 2;
  const std = Math.sqrt(v / (n - 1));
  return { mean, std, n, halfWidth95: (studentTQuantile(0.975, n - 1) * std) / Math.sqrt(n) };
}
