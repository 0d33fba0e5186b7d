/**
 * Plotly figures of the sCSI aging and handover studies (beyond the paper; fig-aging,
 * fig-handover, notebook 05), built from their per-drop result rows through
 * agingAnalysis.ts, in the house style of lib/plots (scheme colours, bands = 95 % CI over
 * drops). Pure JSON — rendering is lib/plots' job.
 *
 * fig-aging: (a) ergodic sum rate R_E vs the age Δt of the sCSI, precoders kept from t₀
 * (lines with bands) and recomputed at t (dotted); (b) rate loss vs refresh period T_r,
 * with the loss when one core refreshes back to back (open markers); (c) CPU time of one
 * refresh (clustering + beam selection + precoder) with the refresh rate one core
 * sustains.
 * fig-handover: MS²CDM (LCMS) along a pass — (a) R_E with the association frozen at t₀,
 * re-clustered among the drop's satellites, and re-clustered with the S nearest
 * satellites at t; (b) UTs whose serving set differs from t₀'s, and the share of the S
 * nearest satellites that were not in the drop's set; (c) serving links added per UT and
 * minute (handovers).
 */
import {
  type Figure,
  type Layout,
  type Trace,
  bandTraces,
  deepMerge,
  houseLayout,
  lineTrace,
  plotText,
  schemeStyle,
  seriesColor,
} from '../plots/index.js';
import { type AgingCurves, type Estimate, type HandoverCurves, agingCurves, handoverCurves } from './agingAnalysis.js';
import type { StudyFigure } from './figures.js';
import { sizeNote } from './plots.js';
import type { ResultRow } from './results.js';

/** Legend labels of the handover schemes (handover sweep scheme names → what they mean). */
export const HANDOVER_LABELS: Readonly<Record<string, string>> = {
  Frozen: 'frozen: t₀ association and satellites',
  'Re-clustered': 're-clustered at t, t₀ satellites',
  'Re-clustered + nearest set': 're-clustered at t, S nearest at t',
};

/**
 * Layout of `n` side-by-side panels in the house axis style, with panel titles. Panel i
 * uses axes x{i+1}/y{i+1} ('' for the first).
 */
export function panelLayout(titles: readonly string[], gap = 0.07, extra: Layout = {}): Layout {
  const n = titles.length;
  const house = houseLayout();
  const w = (1 - gap * (n - 1)) / n;
  const layout: Layout = {
    annotations: [] as unknown[],
    margin: { t: 50, b: 170 },
    // one legend for all panels, in a row under them
    legend: { orientation: 'h', x: 0.5, xanchor: 'center', y: -0.3, yanchor: 'top' },
  };
  for (let i = 0; i < n; i++) {
    const sfx = i === 0 ? '' : String(i + 1);
    const x0 = i * (w + gap);
    layout[`xaxis${sfx}`] = deepMerge(house.xaxis as Record<string, unknown>, {
      domain: [x0, x0 + w],
      anchor: `y${sfx}`,
    });
    layout[`yaxis${sfx}`] = deepMerge(house.yaxis as Record<string, unknown>, { anchor: `x${sfx}` });
    (layout.annotations as unknown[]).push({
      text: titles[i],
      x: x0 + w / 2,
      y: 1.02,
      xref: 'paper',
      yref: 'paper',
      xanchor: 'center',
      yanchor: 'bottom',
      showarrow: false,
      font: { size: 14 },
    });
  }
  return deepMerge(layout, extra);
}

function axes(i: number): { xaxis: string; yaxis: string } {
  return i === 0 ? { xaxis: 'x', yaxis: 'y' } : { xaxis: `x${i + 1}`, yaxis: `y${i + 1}` };
}

/** Band (when a CI exists) + line of estimates, on panel `panel`. */
function estimateTraces(
  x: readonly number[],
  e: readonly Estimate[],
  opts: { name: string; color?: string; seriesIndex?: number; scale?: number; showlegend?: boolean; panel: number },
): Trace[] {
  const f = opts.scale ?? 1;
  const keep = x.map((_, i) => i).filter((i) => Number.isFinite(e[i].mean));
  const xs = keep.map((i) => x[i]);
  const mean = keep.map((i) => f * e[i].mean);
  const half = keep.map((i) => (Number.isFinite(e[i].ci95) ? f * e[i].ci95 : 0));
  const style = { name: opts.name, color: opts.color, seriesIndex: opts.seriesIndex };
  const traces = half.some((h) => h > 0)
    ? bandTraces(
        xs,
        mean,
        mean.map((m, i) => m - half[i]),
        mean.map((m, i) => m + half[i]),
        style,
      )
    : [lineTrace(xs, mean, style)];
  return traces.map((t, i) => ({
    ...t,
    ...axes(opts.panel),
    ...(i === traces.length - 1 && opts.showlegend === false ? { showlegend: false } : {}),
  }));
}

/**
 * fig-aging from precomputed curves (see the file comment); `label`: the run's size label
 * (figures.ts sizeLabel), else the drops per point.
 */
export function agingFigureFromCurves(curves: readonly AgingCurves[], label?: string): Figure {
  const data: Trace[] = [];
  curves.forEach((c, i) => {
    const color = schemeStyle(c.scheme)?.color ?? seriesColor(i);
    data.push(...estimateTraces(c.dtS, c.kept, { name: c.scheme, color, panel: 0 }));
    data.push(
      lineTrace(
        c.dtS,
        c.fresh.map((e) => e.mean),
        {
          name: `${c.scheme} (recomputed)`,
          color,
          markers: false,
          dash: 'dot',
          legendgroup: schemeStyle(c.scheme)?.label ?? c.scheme,
          extra: { showlegend: false, line: { width: 1.5 } },
        },
      ),
    );
    data.push(...estimateTraces(c.periodS, c.loss, { name: c.scheme, color, scale: 100, showlegend: false, panel: 1 }));
    if (Number.isFinite(c.lossAtOneCore.mean)) {
      data.push({
        type: 'scatter',
        mode: 'markers',
        x: [c.refreshCpuMs.mean / 1000],
        y: [100 * c.lossAtOneCore.mean],
        name: `${c.scheme}: one core, back to back`,
        legendgroup: 'one-core',
        showlegend: false,
        marker: { color, size: 11, symbol: 'circle-open', line: { width: 2, color } },
        ...axes(1),
      });
    }
  });
  data.push({
    type: 'bar',
    x: curves.map((c) => schemeStyle(c.scheme)?.label ?? c.scheme),
    y: curves.map((c) => c.refreshCpuMs.mean),
    error_y: {
      type: 'data',
      array: curves.map((c) => (Number.isFinite(c.refreshCpuMs.ci95) ? c.refreshCpuMs.ci95 : 0)),
    },
    marker: { color: curves.map((c, i) => schemeStyle(c.scheme)?.color ?? seriesColor(i)) },
    text: curves.map((c) => `${c.maxRefreshHz >= 10 ? c.maxRefreshHz.toFixed(0) : c.maxRefreshHz.toFixed(1)}/s`),
    textposition: 'outside',
    showlegend: false,
    name: 'CPU per refresh',
    ...axes(2),
  });
  // legend keys for the two line styles of panel (a) and the markers of panel (b)
  for (const [name, dash] of [
    ['kept from t₀', 'solid'],
    ['recomputed at t', 'dot'],
  ] as const) {
    data.push({
      type: 'scatter',
      mode: 'lines',
      x: [null],
      y: [null],
      name,
      line: { color: '#444444', dash, width: 2 },
      legendgroup: name,
    });
  }
  data.push({
    type: 'scatter',
    mode: 'markers',
    x: [null],
    y: [null],
    name: 'one core refreshing back to back',
    legendgroup: 'one-core',
    marker: { color: '#444444', size: 11, symbol: 'circle-open', line: { width: 2, color: '#444444' } },
  });
  const layout = panelLayout(
    ['(a) sum rate vs age of the sCSI', '(b) rate loss vs refresh period', '(c) CPU time of one refresh'],
    0.08,
    {
      xaxis: { title: { text: 'age Δt of the sCSI (s)' } },
      yaxis: { title: { text: plotText('ergodic sum rate R_E (b/s/Hz)') }, rangemode: 'tozero' },
      xaxis2: {
        title: { text: plotText('refresh period T_r (s)') },
        type: 'log',
        tickvals: [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30],
      },
      yaxis2: { title: { text: 'rate loss (%)' }, rangemode: 'tozero' },
      xaxis3: { title: { text: '' }, tickangle: -30 },
      yaxis3: {
        title: { text: 'CPU time per refresh (ms, one core)' },
        type: 'log',
        tickvals: [1, 3, 10, 30, 100, 300, 1000, 3000, 10000],
      },
    },
  );
  return withDropsNote({ data, layout }, curves[0]?.keptFraction[0]?.n, label);
}

/**
 * The figure's size as a small note under the legend: the run's size label when given
 * ('committed size: 24 drops per point · commit 1a2b3c4'), else 'n drops per point', then
 * '· bands: 95 % CI over drops' (plots.ts sizeNote, moved below this layout's legend row).
 */
export function withDropsNote(fig: Figure, drops: number | undefined, label?: string): Figure {
  const size = label ?? `${drops ?? '?'} drop${drops === 1 ? '' : 's'} per point`;
  const text = `${size} · bands: 95 % CI over drops`;
  const layout = (fig.layout ?? {}) as Layout;
  const annotations = [...((layout.annotations as unknown[]) ?? []), { ...sizeNote(text), yshift: -150 }];
  return { ...fig, layout: { ...layout, annotations } };
}

/** fig-aging from the result rows of an aging sweep. */
export function agingFigure(rows: readonly ResultRow[]): Figure {
  return agingFigureFromCurves(agingCurves(rows));
}

/** fig-handover from precomputed curves (see the file comment); `label` as for agingFigureFromCurves. */
export function handoverFigureFromCurves(curves: readonly HandoverCurves[], label?: string): Figure {
  const data: Trace[] = [];
  curves.forEach((c, i) => {
    const name = HANDOVER_LABELS[c.scheme] ?? c.scheme;
    const color = seriesColor(i);
    data.push(...estimateTraces(c.tS, c.rate, { name, color, panel: 0 }));
    if (c.changedFraction.some((e) => e.mean > 0)) {
      data.push(...estimateTraces(c.tS, c.changedFraction, { name, color, scale: 100, showlegend: false, panel: 1 }));
    }
    if (c.handoversPerUtMin.some((e) => e.mean > 0)) {
      data.push(...estimateTraces(c.tS, c.handoversPerUtMin, { name, color, showlegend: false, panel: 2 }));
    }
  });
  const first = curves[0];
  if (first) {
    data.push(
      lineTrace(
        first.tS,
        first.setReplaced.map((e) => 100 * e.mean),
        {
          name: 'satellites of the S nearest at t not in the t₀ set (% of S)',
          color: '#7f7f7f',
          dash: 'dash',
          markers: false,
          extra: axes(1),
        },
      ),
    );
  }
  const layout = panelLayout(
    ['(a) MS²CDM sum rate along the pass', '(b) UTs with a serving set ≠ t₀’s', '(c) handovers (serving links added)'],
    0.09,
    {
      xaxis: { title: { text: 'time since t₀ τ (s)' } },
      yaxis: { title: { text: plotText('ergodic sum rate R_E (b/s/Hz)') }, rangemode: 'tozero' },
      xaxis2: { title: { text: 'time since t₀ τ (s)' } },
      yaxis2: { title: { text: 'UTs, satellites (%)' }, range: [0, 105] },
      xaxis3: { title: { text: 'time since t₀ τ (s)' } },
      yaxis3: { title: { text: 'serving links added per UT and minute' }, rangemode: 'tozero' },
    },
  );
  return withDropsNote({ data, layout }, curves[0]?.rate[0]?.n, label);
}

/** fig-handover from the result rows of a handover sweep. */
export function handoverFigure(rows: readonly ResultRow[]): Figure {
  return handoverFigureFromCurves(handoverCurves(rows));
}

/** The figure of a study from its per-drop result rows, with the run's size label when given. */
export function studyFigure(fig: StudyFigure, rows: readonly ResultRow[], label?: string): Figure {
  return fig === 'aging'
    ? agingFigureFromCurves(agingCurves(rows), label)
    : handoverFigureFromCurves(handoverCurves(rows), label);
}
