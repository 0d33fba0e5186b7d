/**
 * Confidence intervals for Monte-Carlo curves (Section VI: R_E = Σ_k E{R_k}, eq. (12),
 * estimated over channel drops): the mean and the half-width of a two-sided Student-t
 * confidence interval, and plotly traces that draw them as a translucent band or as error
 * bars in the house style (theme.ts).
 */
import { type LineTraceOptions, type Trace, lineTrace, schemeStyle, seriesColor, withAlpha } from './theme.js';

/** Two-sided 97.5 % quantiles t_{0.975, ν} of Student's t, ν = 1…30 (standard tables). */
const T975: readonly number[] = [
  12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.306, 2.2622, 2.2281, 2.201, 2.1788, 2.1604, 2.1448, 2.1314,
  2.1199, 2.1098, 2.1009, 2.093, 2.086, 2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
];

/**
 * t_{0.975, ν}: the multiplier of s/√n for a 95 % two-sided confidence interval with ν
 * degrees of freedom (table for ν ≤ 30; above, the Cornish–Fisher expansion
 * z + (z³+z)/(4ν) + (5z⁵+16z³+3z)/(96ν²), exact to 1e-4 for ν > 30).
 */
export function studentT975(dof: number): number {
  if (!Number.isInteger(dof) || dof < 1) {
    throw new RangeError(`studentT975: degrees of freedom must be an integer >= 1, got ${dof}`);
  }
  if (dof <= T975.length) return T975[dof - 1];
  const z = 1.959963984540054;
  return z + (z ** 3 + z) / (4 * dof) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * dof * dof);
}

/** Sample mean, sample standard deviation and 95 % CI half-width of one set of samples. */
export interface MeanCi {
  mean: number;
  std: number;
  n: number;
  /** t_{0.975, n−1}·std/√n (0 when n = 1: no spread can be estimated). */
  halfWidth95: number;
}

/** Mean and 95 % confidence half-width of `samples` (n ≥ 1 finite values). */
export function meanCi95(samples: ArrayLike<number>): MeanCi {
  const n = samples.length;
  if (n < 1) throw new RangeError('meanCi95: samples must contain at least one value');
  let s = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(samples[i])) throw new RangeError(`meanCi95: samples[${i}] is not finite (${samples[i]})`);
    s += samples[i];
  }
  const mean = s / n;
  if (n === 1) return { mean, std: 0, n, halfWidth95: 0 };
  let v = 0;
  for (let i = 0; i < n; i++) v += (samples[i] - mean) ** 2;
  const std = Math.sqrt(v / (n - 1));
  return { mean, std, n, halfWidth95: (studentT975(n - 1) * std) / Math.sqrt(n) };
}

/** Options of {@link bandTraces}. */
export interface BandOptions extends LineTraceOptions {
  /** Band opacity in [0, 1] (default 0.18). */
  opacity?: number;
}

/**
 * A mean curve with a shaded band [lower, upper] around it: three traces (lower edge,
 * upper edge filled down to the lower one, mean line on top), sharing one legend entry.
 * All arrays have the length of x, and lower ≤ upper pointwise.
 */
export function bandTraces(
  x: ArrayLike<number>,
  mean: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  opts: BandOptions,
): Trace[] {
  const n = x.length;
  for (const [name, arr] of [
    ['mean', mean],
    ['lower', lower],
    ['upper', upper],
  ] as const) {
    if (arr.length !== n) throw new RangeError(`bandTraces: ${name} has ${arr.length} points but x has ${n}`);
  }
  for (let i = 0; i < n; i++) {
    if (!(lower[i] <= upper[i])) {
      throw new RangeError(`bandTraces: lower[${i}] = ${lower[i]} exceeds upper[${i}] = ${upper[i]}`);
    }
  }
  const opacity = opts.opacity ?? 0.18;
  const st = schemeStyle(opts.name);
  const color = opts.color ?? st?.color ?? seriesColor(opts.seriesIndex ?? 0);
  const group = opts.legendgroup ?? st?.label ?? opts.name;
  const edge = (y: ArrayLike<number>, fill: boolean): Trace => ({
    type: 'scatter',
    mode: 'lines',
    x: Array.from(x),
    y: Array.from(y),
    line: { width: 0, color },
    showlegend: false,
    legendgroup: group,
    hoverinfo: 'skip',
    ...(fill ? { fill: 'tonexty', fillcolor: withAlpha(color, opacity) } : {}),
  });
  return [edge(lower, false), edge(upper, true), lineTrace(x, mean, { ...opts, color, legendgroup: group })];
}

/**
 * Band traces for a mean ± 95 % CI computed from per-point samples: `samples[i]` are the
 * Monte-Carlo values (e.g. per-drop sum rates, b/s/Hz) at x[i].
 */
export function ciBandTraces(x: ArrayLike<number>, samples: ArrayLike<number>[], opts: BandOptions): Trace[] {
  if (samples.length !== x.length) {
    throw new RangeError(`ciBandTraces: samples has ${samples.length} points but x has ${x.length}`);
  }
  const stats = samples.map((s) => meanCi95(s));
  return bandTraces(
    x,
    stats.map((s) => s.mean),
    stats.map((s) => s.mean - s.halfWidth95),
    stats.map((s) => s.mean + s.halfWidth95),
    opts,
  );
}
