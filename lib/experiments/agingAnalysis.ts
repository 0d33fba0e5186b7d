/**
 * What the sCSI aging and handover studies conclude (beyond the paper; fig-aging,
 * fig-handover, notebook 05), computed from their per-drop result rows (results.ts, one row
 * per (point, drop, scheme); agingRunner.ts / handoverRunner.ts metrics). Pure functions:
 * the figures (agingPlots.ts), the headline tables and the notebook all call these.
 *
 * Aging: R_kept(Δt), R_fresh(Δt) per drop and scheme, on the grid of ages.
 * - Kept fraction R_kept/R_fresh: what the kept precoder delivers of what a refreshed one
 *   would at the same instant.
 * - Half-rate age: the first Δt at which the kept fraction falls to ½ (linear
 *   interpolation between grid ages; +∞ when it never does on the grid).
 * - Refresh period T_r: a precoder designed from the sCSI of t_n = n·T_r is used while its
 *   age runs through [L, L + T_r) (L = the latency until it is in use; 0 unless stated),
 *   so the rate loss is 1 − ∫_L^{L+T_r} R_kept / ∫_L^{L+T_r} R_fresh, both integrals of the
 *   piecewise-linear interpolant of the grid values (exact for it). With the age curve
 *   measured from the drop's t₀, this takes the aging as stationary over the refresh cycle.
 * - One core refreshing back to back (period = latency = c, the measured CPU time of one
 *   refresh) runs at 1/c refreshes per second with ages in [c, 2c): `lossAtOneCore`.
 */
import { ConfigError } from './config.js';
import type { StudyFigure } from './figures.js';
import type { ResultRow } from './results.js';
import { meanCi95 } from '../stats/index.js';

/** Mean, 95 % CI half-width and count of a set of per-drop values. */
export interface Estimate {
  mean: number;
  ci95: number;
  n: number;
}

function estimate(xs: readonly number[]): Estimate {
  const m = meanCi95(xs.filter((x) => Number.isFinite(x)));
  return { mean: m.mean, ci95: m.halfWidth95, n: m.n };
}

/** Per-drop series of `metrics` against the grid column `xCol` for one scheme: drop → sorted x and values. */
export interface DropSeries {
  drop: number;
  x: number[];
  values: Record<string, number[]>;
}

/** Group result rows of one scheme by drop, sorted by `xCol` (drops with missing points are kept as they are). */
export function dropSeries(
  rows: readonly ResultRow[],
  scheme: string,
  xCol: string,
  metrics: readonly string[],
): DropSeries[] {
  const byDrop = new Map<number, ResultRow[]>();
  for (const r of rows) {
    if (r.scheme !== scheme) continue;
    const d = Number(r.drop);
    const g = byDrop.get(d);
    if (g) g.push(r);
    else byDrop.set(d, [r]);
  }
  return [...byDrop.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([drop, g]) => {
      const sorted = g.slice().sort((a, b) => Number(a[xCol]) - Number(b[xCol]));
      return {
        drop,
        x: sorted.map((r) => Number(r[xCol])),
        values: Object.fromEntries(metrics.map((m) => [m, sorted.map((r) => Number(r[m]))])),
      };
    });
}

/** Scheme names of result rows in order of first appearance. */
export function schemesOf(rows: readonly ResultRow[]): string[] {
  const out: string[] = [];
  for (const r of rows) if (!out.includes(String(r.scheme))) out.push(String(r.scheme));
  return out;
}

function checkGrid(x: readonly number[], y: readonly number[], what: string): void {
  if (x.length !== y.length || x.length < 2) {
    throw new ConfigError(`${what}: need at least 2 grid points with one value each, got ${x.length} and ${y.length}`);
  }
  for (let i = 1; i < x.length; i++) {
    if (!(x[i] > x[i - 1])) throw new ConfigError(`${what}: grid must increase strictly, got ${x[i - 1]}, ${x[i]}`);
  }
}

/**
 * First x at which y falls to `level` or below (linear interpolation between grid
 * points); x[0] when y[0] ≤ level already; +Infinity when it never does on the grid.
 */
export function firstCrossing(x: readonly number[], y: readonly number[], level: number): number {
  checkGrid(x, y, 'firstCrossing');
  if (y[0] <= level) return x[0];
  for (let i = 1; i < x.length; i++) {
    if (y[i] <= level) return x[i - 1] + ((y[i - 1] - level) / (y[i - 1] - y[i])) * (x[i] - x[i - 1]);
  }
  return Infinity;
}

/** Half-rate age (s): first Δt with kept fraction ≤ ½. */
export function halfRateAge(dtS: readonly number[], keptFraction: readonly number[]): number {
  return firstCrossing(dtS, keptFraction, 0.5);
}

/** ∫_a^b of the piecewise-linear interpolant of (x, y), x[0] ≤ a ≤ b ≤ x[last] (exact). */
export function integratePiecewiseLinear(x: readonly number[], y: readonly number[], a: number, b: number): number {
  checkGrid(x, y, 'integratePiecewiseLinear');
  const last = x[x.length - 1];
  if (!(a >= x[0] && b <= last + 1e-12 && a <= b)) {
    throw new ConfigError(`integration interval [${a}, ${b}] must lie in the grid [${x[0]}, ${last}]`);
  }
  const at = (t: number) => {
    let i = 1;
    while (i < x.length - 1 && x[i] < t) i++;
    const w = (t - x[i - 1]) / (x[i] - x[i - 1]);
    return (1 - w) * y[i - 1] + w * y[i];
  };
  let sum = 0;
  let lo = a;
  for (let i = 1; i < x.length && lo < b; i++) {
    if (x[i] <= lo) continue;
    const hi = Math.min(b, x[i]);
    sum += 0.5 * (at(lo) + at(hi)) * (hi - lo);
    lo = hi;
  }
  return sum;
}

/** Rate loss 1 − ∫_L^{L+T} R_kept / ∫_L^{L+T} R_fresh for refresh period T (s) and latency L (s). */
export function refreshLoss(
  dtS: readonly number[],
  kept: readonly number[],
  fresh: readonly number[],
  periodS: number,
  latencyS = 0,
): number {
  if (!(periodS > 0)) throw new ConfigError(`refresh period must be > 0 s, got ${periodS}`);
  if (!(latencyS >= 0)) throw new ConfigError(`latency must be >= 0 s, got ${latencyS}`);
  const a = latencyS;
  const b = latencyS + periodS;
  const f = integratePiecewiseLinear(dtS, fresh, a, b);
  return f > 0 ? 1 - integratePiecewiseLinear(dtS, kept, a, b) / f : NaN;
}

/** Refresh periods (s) of the loss curves: 0.25 s … the largest age of the grid. */
export function refreshPeriods(maxAgeS: number): number[] {
  return [0.25, 0.5, 1, 2, 3, 4, 6, 8, 10, 15, 20, 30, 45, 60].filter((t) => t <= maxAgeS + 1e-9);
}

/** Aging curves of one scheme over drops. */
export interface AgingCurves {
  scheme: string;
  dtS: number[];
  kept: Estimate[];
  fresh: Estimate[];
  keptFraction: Estimate[];
  /** Refresh periods (s) and the rate loss (fraction) at each, over drops. */
  periodS: number[];
  loss: Estimate[];
  /** CPU time (ms) of one refresh (clustering + beam selection + precoder), over every task. */
  refreshCpuMs: Estimate;
  /** Half-rate age (s) of the mean kept-fraction curve, and the median of the per-drop ages. */
  halfRateAgeS: number;
  halfRateAgeMedianS: number;
  /** Refreshes per second one core sustains (1 / mean refresh CPU time). */
  maxRefreshHz: number;
  /** Rate loss at that rate (period = latency = one refresh's CPU time), over drops. */
  lossAtOneCore: Estimate;
  /** Longest refresh period (s) whose mean loss stays ≤ 5 % / ≤ 10 % (interpolated on the period grid). */
  periodAt5PctS: number;
  periodAt10PctS: number;
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

/** Longest period with mean loss ≤ level: last crossing of the loss curve from below (or the largest period). */
function periodAtLoss(periods: number[], loss: number[], level: number): number {
  if (!(loss[0] <= level)) return 0;
  for (let i = 1; i < periods.length; i++) {
    if (loss[i] > level)
      return periods[i - 1] + ((level - loss[i - 1]) / (loss[i] - loss[i - 1])) * (periods[i] - periods[i - 1]);
  }
  return periods[periods.length - 1];
}

/** The aging curves of every scheme in the rows of an aging sweep (agingRunner.ts metrics). */
export function agingCurves(rows: readonly ResultRow[]): AgingCurves[] {
  return schemesOf(rows).map((scheme) => {
    const series = dropSeries(rows, scheme, 'dtS', ['rateKept', 'rateFresh', 'refreshCpuMs']);
    const complete = series.filter(
      (s) => s.x.length === series[0].x.length && s.x.every((v, i) => v === series[0].x[i]),
    );
    if (complete.length === 0) throw new ConfigError(`aging rows of scheme '${scheme}' have no complete drop`);
    const dtS = complete[0].x;
    const col = (i: number, m: string) => complete.map((s) => s.values[m][i]);
    const kept = dtS.map((_, i) => estimate(col(i, 'rateKept')));
    const fresh = dtS.map((_, i) => estimate(col(i, 'rateFresh')));
    const fractions = complete.map((s) => s.values.rateKept.map((k, i) => k / s.values.rateFresh[i]));
    const keptFraction = dtS.map((_, i) => estimate(fractions.map((f) => f[i])));
    const periodS = refreshPeriods(dtS[dtS.length - 1]);
    const loss = periodS.map((T) =>
      estimate(complete.map((s) => refreshLoss(dtS, s.values.rateKept, s.values.rateFresh, T))),
    );
    const refreshCpuMs = estimate(series.flatMap((s) => s.values.refreshCpuMs));
    const c = refreshCpuMs.mean / 1000;
    const lossAtOneCore =
      2 * c <= dtS[dtS.length - 1]
        ? estimate(complete.map((s) => refreshLoss(dtS, s.values.rateKept, s.values.rateFresh, c, c)))
        : { mean: NaN, ci95: NaN, n: 0 };
    const lossMeans = loss.map((l) => l.mean);
    return {
      scheme,
      dtS,
      kept,
      fresh,
      keptFraction,
      periodS,
      loss,
      refreshCpuMs,
      halfRateAgeS: halfRateAge(
        dtS,
        keptFraction.map((e) => e.mean),
      ),
      halfRateAgeMedianS: median(fractions.map((f) => halfRateAge(dtS, f))),
      maxRefreshHz: 1 / c,
      lossAtOneCore,
      periodAt5PctS: periodAtLoss(periodS, lossMeans, 0.05),
      periodAt10PctS: periodAtLoss(periodS, lossMeans, 0.1),
    };
  });
}

/** One headline row per scheme of the aging study (for headline.csv, the README and the notebook). */
export function agingHeadline(curves: readonly AgingCurves[]): ResultRow[] {
  return curves.map((c) => ({
    scheme: c.scheme,
    drops: c.keptFraction[0].n,
    rateAtT0: c.fresh[0].mean,
    halfRateAgeS: c.halfRateAgeS,
    halfRateAgeMedianS: c.halfRateAgeMedianS,
    refreshCpuMs: c.refreshCpuMs.mean,
    refreshCpuMs_ci95: c.refreshCpuMs.ci95,
    maxRefreshHzOneCore: c.maxRefreshHz,
    lossAtOneCorePct: 100 * c.lossAtOneCore.mean,
    lossAtOneCorePct_ci95: 100 * c.lossAtOneCore.ci95,
    periodAt5PctLossS: c.periodAt5PctS,
    periodAt10PctLossS: c.periodAt10PctS,
  }));
}

/** Handover curves of one scheme along the pass. */
export interface HandoverCurves {
  scheme: string;
  tS: number[];
  rate: Estimate[];
  /** Fraction of UTs whose serving set differs from t₀'s. */
  changedFraction: Estimate[];
  /** Serving links added since the previous epoch, per UT and minute (NaN at τ = 0). */
  handoversPerUtMin: Estimate[];
  /** Share of the S nearest satellites at t that were not in the drop's set (task info, same for every scheme). */
  setReplaced: Estimate[];
  /** UTs left without a serving satellite above the horizon. */
  unserved: Estimate[];
  /** CPU time (ms) of one re-clustering at t (0 when the association is frozen), over every task. */
  clusteringCpuMs: Estimate;
}

/** The handover curves of every scheme in the rows of a handover sweep (handoverRunner.ts metrics). */
export function handoverCurves(rows: readonly ResultRow[]): HandoverCurves[] {
  return schemesOf(rows).map((scheme) => {
    const metrics = [
      'rateErgodic',
      'changedFraction',
      'handoversPerUtMin',
      'setReplacedFraction',
      'utsUnserved',
      'clusteringCpuMs',
    ];
    const series = dropSeries(rows, scheme, 'tS', metrics);
    const tS = [...new Set(series.flatMap((s) => s.x))].sort((a, b) => a - b);
    const at = (i: number, m: string) =>
      estimate(
        series.flatMap((s) => {
          const j = s.x.indexOf(tS[i]);
          return j < 0 ? [] : [s.values[m][j]];
        }),
      );
    return {
      scheme,
      tS,
      rate: tS.map((_, i) => at(i, 'rateErgodic')),
      changedFraction: tS.map((_, i) => at(i, 'changedFraction')),
      handoversPerUtMin: tS.map((t, i) => (t === 0 ? { mean: NaN, ci95: NaN, n: 0 } : at(i, 'handoversPerUtMin'))),
      setReplaced: tS.map((_, i) => at(i, 'setReplacedFraction')),
      unserved: tS.map((_, i) => at(i, 'utsUnserved')),
      clusteringCpuMs: estimate(series.flatMap((s) => s.values.clusteringCpuMs)),
    };
  });
}

/** One headline row per scheme of the handover study. */
export function handoverHeadline(curves: readonly HandoverCurves[]): ResultRow[] {
  return curves.map((c) => {
    const last = c.tS.length - 1;
    const h = c.handoversPerUtMin.filter((e) => Number.isFinite(e.mean)).map((e) => e.mean);
    return {
      scheme: c.scheme,
      drops: c.rate[0].n,
      passS: c.tS[last],
      rateAtT0: c.rate[0].mean,
      rateAtEnd: c.rate[last].mean,
      rateAtEndPct: (100 * c.rate[last].mean) / c.rate[0].mean,
      meanRateOverPass: c.rate.reduce((a, e) => a + e.mean, 0) / c.rate.length,
      // first time half the UTs have a serving set other than t₀'s (a rise through ½)
      halfUtsChangedS: firstCrossing(
        c.tS,
        c.changedFraction.map((e) => -e.mean),
        -0.5,
      ),
      handoversPerUtMin: h.length ? h.reduce((a, b) => a + b, 0) / h.length : NaN,
      maxUnserved: Math.max(...c.unserved.map((e) => e.mean)),
      clusteringCpuMs: c.clusteringCpuMs.mean,
    };
  });
}

/**
 * The headline of a study from its per-drop result rows: agingHeadline of the aging
 * curves, handoverHeadline of the handover curves (what headline.csv commits).
 */
export function studyHeadline(fig: StudyFigure, rows: readonly ResultRow[]): ResultRow[] {
  return fig === 'aging' ? agingHeadline(agingCurves(rows)) : handoverHeadline(handoverCurves(rows));
}
