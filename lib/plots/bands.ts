/**
 * Confidence intervals for Monte-Carlo curves (Section VI: R_E = Σ_k E{R_k}, eq. (12),
 * estimated over channel drops): plotly traces that draw a mean with its two-sided 95 %
 * Student-t confidence interval (lib/stats `meanCi95`) as a translucent band in the house
 * style (theme.ts).
 */
import { meanCi95 } from '../stats/index.js';
import { type LineTraceOptions, type Trace, lineTrace, schemeStyle, seriesColor, withAlpha } from './theme.js';

/** The mean and its 95 % CI live in lib/stats (shared with the sweep tables); re-exported here for figures. */
export { type MeanCi, meanCi95 } from '../stats/index.js';

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
 * Monte-Carlo values (e.g. per-drop sum rates, b/s/Hz) at x[i]. A point with one sample
 * has no interval: the band closes on its mean there.
 */
export function ciBandTraces(x: ArrayLike<number>, samples: ArrayLike<number>[], opts: BandOptions): Trace[] {
  if (samples.length !== x.length) {
    throw new RangeError(`ciBandTraces: samples has ${samples.length} points but x has ${x.length}`);
  }
  const stats = samples.map((s, i) => {
    if (s.length === 0) throw new RangeError(`ciBandTraces: samples[${i}] is empty`);
    return meanCi95(s);
  });
  return bandTraces(
    x,
    stats.map((s) => s.mean),
    stats.map((s) => s.mean - (Number.isNaN(s.halfWidth95) ? 0 : s.halfWidth95)),
    stats.map((s) => s.mean + (Number.isNaN(s.halfWidth95) ? 0 : s.halfWidth95)),
    opts,
  );
}
