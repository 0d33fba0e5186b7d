/**
 * Plotly figures of Section VI (Figs. 2–7) and of the two extra figures (complexity,
 * bound gap), built from a sweep's summary rows (results.ts: `<metric>_mean`,
 * `<metric>_ci95` per point and scheme). Curves are means over drops with a shaded 95 %
 * confidence band (Student t over drops; none with one drop). Style per scheme from
 * lib/plots (theme.ts): the same colour, dash and marker for a scheme in every panel and
 * figure; symbols with real subscripts (plotText); every figure carries one small note with
 * its size: the size label its caller passes (`sizeLabel` of figures.ts: 'quick smoke
 * size: 4 drops per point', 'paper size: 100 drops per point · commit …'), else the drops
 * per point read from the summary's `n`. Fig. 8 is drawn in fig8.ts. Pure JSON — rendering
 * is lib/plots' job.
 *
 * Metrics read (written by pipeline.ts): rateErgodic (R_E = Σ_k E{R_k}, (12), b/s/Hz —
 * what the paper plots), rateUpper (Σ_k R̄_k, (16)), precodeCpuMs, beamCpuMs.
 */
import {
  type Dash,
  type Figure,
  HOUSE_FONT_SIZE,
  HOUSE_NOTE_SIZE,
  HOUSE_PANEL_TITLE_SIZE,
  type Layout,
  type Trace,
  bandTraces,
  deepMerge,
  houseLayout,
  lineTrace,
  plotText,
  schemeStyle,
} from '../plots/index.js';
import { ConfigError } from './config.js';
import type { FigureId } from './figures.js';
import type { ResultRow } from './results.js';

/** Rows of `summary` matching every key of `where`. */
export function selectRows(summary: readonly ResultRow[], where: Record<string, number | string>): ResultRow[] {
  return summary.filter((r) => Object.entries(where).every(([k, v]) => r[k] === v));
}

/** Distinct values of a column, in order of first appearance. */
export function distinct(rows: readonly ResultRow[], col: string): (number | string)[] {
  const out: (number | string)[] = [];
  for (const r of rows) if (!out.includes(r[col])) out.push(r[col]);
  return out;
}

/** A mean curve y(x) with its 95 % CI half-widths, sorted by x. */
export interface Curve {
  x: number[];
  mean: number[];
  ci95: number[];
}

/** Curve of `metric` against `xCol` from summary rows (one row per x). */
export function curveOf(rows: readonly ResultRow[], xCol: string, metric: string): Curve {
  const sorted = rows.slice().sort((a, b) => Number(a[xCol]) - Number(b[xCol]));
  return {
    x: sorted.map((r) => Number(r[xCol])),
    mean: sorted.map((r) => Number(r[`${metric}_mean`])),
    ci95: sorted.map((r) => Number(r[`${metric}_ci95`])),
  };
}

interface CurveStyle {
  name: string;
  color?: string;
  seriesIndex?: number;
  dash?: Dash;
  /** Marker symbol when the curve is not a scheme (schemes keep theirs). */
  symbol?: string;
  showlegend?: boolean;
  xaxis?: string;
  yaxis?: string;
  legendgroup?: string;
}

/** Traces of a curve: band (when a CI exists) + line; axis refs for subplots. */
export function curveTraces(c: Curve, style: CurveStyle): Trace[] {
  const hasCi = c.ci95.some((h) => Number.isFinite(h) && h > 0);
  const half = c.ci95.map((h) => (Number.isFinite(h) ? h : 0));
  const opts = {
    name: style.name,
    color: style.color,
    seriesIndex: style.seriesIndex,
    dash: style.dash,
    legendgroup: style.legendgroup,
    ...(style.symbol ? { extra: { marker: { symbol: style.symbol } } } : {}),
  };
  const traces = hasCi
    ? bandTraces(
        c.x,
        c.mean,
        c.mean.map((m, i) => m - half[i]),
        c.mean.map((m, i) => m + half[i]),
        opts,
      )
    : [lineTrace(c.x, c.mean, opts)];
  return traces.map((t, i) => ({
    ...t,
    ...(style.xaxis ? { xaxis: style.xaxis, yaxis: style.yaxis } : {}),
    ...(i === traces.length - 1 && style.showlegend === false ? { showlegend: false } : {}),
  }));
}

/** Give the extra axes of a subplot layout (xaxis2, yaxis3, …) the house axis style of lib/plots. */
export function houseSubplotAxes(layout: Layout): Layout {
  const house = houseLayout();
  const out: Layout = { ...layout };
  for (const [k, v] of Object.entries(layout)) {
    const m = /^([xy])axis(\d+)$/.exec(k);
    if (m && typeof v === 'object' && v !== null) {
      out[k] = deepMerge(house[`${m[1]}axis`] as Record<string, unknown>, v as Record<string, unknown>);
    }
  }
  return out;
}

/** Top margin (px) of a figure with a title and panel titles: room for both, no overlap. */
const TOP_WITH_PANEL_TITLES = 84;
/** Top margin (px) of a figure with a title only. */
const TOP_WITH_TITLE = 56;

/** A panel title above the plot area spanning paper x ∈ [x0, x1] (or an axis domain). */
export function panelTitle(text: string, x0: number, x1: number, yTop = 1): Record<string, unknown> {
  return {
    text,
    font: { size: HOUSE_PANEL_TITLE_SIZE },
    x: (x0 + x1) / 2,
    y: yTop,
    xref: 'paper',
    yref: 'paper',
    xanchor: 'center',
    yanchor: 'bottom',
    yshift: 6,
    showarrow: false,
  };
}

/** Layout with `n` side-by-side panels sharing the y axis, titled by `titles`. */
function panels(n: number, titles: string[], xTitle: string, yTitle: string, extra: Layout = {}, gap = 0.06): Layout {
  const w = (1 - gap * (n - 1)) / n;
  const layout: Layout = { annotations: [] as unknown[], margin: { t: TOP_WITH_PANEL_TITLES } };
  for (let i = 0; i < n; i++) {
    const sfx = i === 0 ? '' : String(i + 1);
    const x0 = i * (w + gap);
    layout[`xaxis${sfx}`] = { domain: [x0, x0 + w], title: { text: xTitle }, anchor: `y${sfx}` };
    layout[`yaxis${sfx}`] =
      i === 0 ? { title: { text: yTitle } } : { matches: 'y', anchor: `x${sfx}`, showticklabels: false };
    (layout.annotations as unknown[]).push(panelTitle(titles[i], x0, x0 + w));
  }
  return houseSubplotAxes({ ...layout, ...extra });
}

function axisRef(i: number): { xaxis: string; yaxis: string } {
  const sfx = i === 0 ? '' : String(i + 1);
  return { xaxis: `x${sfx}`, yaxis: `y${sfx}` };
}

/** y-axis title of the rate figures. */
export const RATE_TITLE = plotText('average sum rate R_E (b/s/Hz)');
/** x-axis title of the power sweeps. */
const PT_TITLE = plotText('P_T (dBm)');

/** 'n drops per point' (or 'n₁–n₂ drops per point' when points differ) from a summary's `n` column. */
export function dropsPerPoint(summary: readonly ResultRow[]): string {
  const ns = summary.map((r) => Number(r.n)).filter((n) => Number.isFinite(n));
  if (ns.length === 0) return 'drops per point unknown';
  const lo = Math.min(...ns);
  const hi = Math.max(...ns);
  const count = lo === hi ? String(lo) : `${lo}–${hi}`;
  return `${count} drop${hi === 1 ? '' : 's'} per point`;
}

/**
 * The figure's size as a small note in its bottom-right corner, on a line of its own below
 * the x-axis titles: e.g. '100 drops per point · bands: 95 % CI over drops'.
 */
export function sizeNote(text: string): Record<string, unknown> {
  return {
    text,
    font: { size: HOUSE_NOTE_SIZE, color: '#555555' },
    x: 1,
    y: 0,
    xref: 'paper',
    yref: 'paper',
    xanchor: 'right',
    yanchor: 'top',
    yshift: -58,
    showarrow: false,
  };
}

/** Bottom margin (px) that leaves room for the x-axis title and the size note below it. */
export const BOTTOM_WITH_NOTE = 86;

/**
 * Add the size note to a figure: `label` (the run's size label, see `sizeLabel`), else the
 * drops per point read from the summary's `n`, then what the bands show.
 */
export function withSizeNote(
  fig: Figure,
  summary: readonly ResultRow[],
  what = 'bands: 95 % CI over drops',
  label?: string,
): Figure {
  const layout = (fig.layout ?? {}) as Layout;
  const size = label ?? dropsPerPoint(summary);
  const annotations = [...((layout.annotations as unknown[]) ?? []), sizeNote(`${size} · ${what}`)];
  const margin = { b: BOTTOM_WITH_NOTE, ...((layout.margin as Layout) ?? {}) };
  return { ...fig, layout: { ...layout, annotations, margin } };
}

/** Schemes present in rows, in their order of appearance. */
function schemesIn(rows: readonly ResultRow[]): string[] {
  return distinct(rows, 'scheme').map(String);
}

/** Per-scheme curves of `metric` vs `xCol`, one panel per value of `panelCol` (or one panel). */
function schemePanels(
  summary: readonly ResultRow[],
  xCol: string,
  metric: string,
  panelCol: string | null,
  panelTitleOf: (v: number | string) => string,
  xTitle: string,
  yTitle: string,
  title: string,
): Figure {
  const panelValues: (number | string | null)[] = panelCol ? distinct(summary, panelCol) : [null];
  const data: Trace[] = [];
  panelValues.forEach((pv, i) => {
    const rows = pv === null || panelCol === null ? summary : selectRows(summary, { [panelCol]: pv });
    for (const s of schemesIn(rows)) {
      data.push(
        ...curveTraces(curveOf(selectRows(rows, { scheme: s }), xCol, metric), {
          name: s,
          showlegend: i === 0,
          ...(panelValues.length > 1 ? axisRef(i) : {}),
        }),
      );
    }
  });
  const layout: Layout =
    panelValues.length > 1
      ? panels(
          panelValues.length,
          panelValues.map((v) => panelTitleOf(v ?? '')),
          xTitle,
          yTitle,
          { title: { text: title } },
        )
      : {
          title: { text: title },
          margin: { t: TOP_WITH_TITLE },
          xaxis: { title: { text: xTitle } },
          yaxis: { title: { text: yTitle } },
        };
  return { data, layout };
}

/** Fig. 2: R_E vs P_T, one panel per S_k, all six schemes. */
export function fig2Figure(summary: readonly ResultRow[], label?: string): Figure {
  return withSizeNote(
    schemePanels(
      summary,
      'ptDbm',
      'rateErgodic',
      'Sk',
      (v) => plotText(`S_k = ${v}`),
      PT_TITLE,
      RATE_TITLE,
      plotText('Fig. 2 — average sum rate vs P_T, M_k = 2'),
    ),
    summary,
    undefined,
    label,
  );
}

/** Fig. 3: R_E vs M_k (S_k = 4, P_T = 30 dBm). */
export function fig3Figure(summary: readonly ResultRow[], label?: string): Figure {
  const f = schemePanels(
    summary,
    'Mk',
    'rateErgodic',
    null,
    String,
    plotText('streams per UT M_k'),
    RATE_TITLE,
    plotText('Fig. 3 — average sum rate vs M_k, S_k = 4, P_T = 30 dBm'),
  );
  (f.layout as Layout).xaxis = { title: { text: plotText('streams per UT M_k') }, dtick: 1 };
  return withSizeNote(f, summary, undefined, label);
}

/** Fig. 4: R_E vs K, and the per-UT average R_E/K in a second panel. */
export function fig4Figure(summary: readonly ResultRow[], label?: string): Figure {
  const data: Trace[] = [];
  for (const s of schemesIn(summary)) {
    const c = curveOf(selectRows(summary, { scheme: s }), 'K', 'rateErgodic');
    data.push(...curveTraces(c, { name: s }));
    const perUt: Curve = { x: c.x, mean: c.mean.map((m, i) => m / c.x[i]), ci95: c.ci95.map((h, i) => h / c.x[i]) };
    data.push(...curveTraces(perUt, { name: s, showlegend: false, ...axisRef(1) }));
  }
  const layout = panels(
    2,
    ['sum over the K UTs', plotText('per UT: R_E / K')],
    'number of UTs K',
    RATE_TITLE,
    { title: { text: plotText('Fig. 4 — average sum rate vs K, S_k = 3, P_T = 30 dBm') } },
    0.12,
  );
  layout.yaxis2 = {
    ...(layout.yaxis2 as Layout),
    matches: undefined,
    showticklabels: true,
    title: { text: 'per-UT rate (b/s/Hz)', font: { size: HOUSE_FONT_SIZE } },
  };
  return withSizeNote({ data, layout }, summary, undefined, label);
}

/** Fig. 5: R_E vs N_R, one panel per P_T (S_k = 3, M_k = 1); ticks at the N_R values used. */
export function fig5Figure(summary: readonly ResultRow[], label?: string): Figure {
  const f = schemePanels(
    summary,
    'NR',
    'rateErgodic',
    'ptDbm',
    (v) => plotText(`P_T = ${v} dBm`),
    plotText('receive antennas N_R'),
    RATE_TITLE,
    plotText('Fig. 5 — average sum rate vs N_R, S_k = 3, M_k = 1'),
  );
  const nrs = distinct(summary, 'NR')
    .map(Number)
    .sort((a, b) => a - b);
  for (const [k, v] of Object.entries(f.layout as Layout)) {
    if (k.startsWith('xaxis')) {
      (v as Layout).tickmode = 'array';
      (v as Layout).tickvals = nrs;
    }
    if (k.startsWith('yaxis') && k !== 'yaxis') {
      // each P_T its own scale
      (v as Layout).matches = undefined;
      (v as Layout).showticklabels = true;
    }
  }
  return withSizeNote(f, summary, undefined, label);
}

/** Fig. 6: MS²CDWM R_E vs S_k, one curve per M_k (ζ² = 0). */
export function fig6Figure(summary: readonly ResultRow[], label?: string): Figure {
  const data: Trace[] = [];
  const dashes = ['solid', 'dash', 'dot', 'dashdot'] as const;
  const symbols = ['circle', 'square', 'diamond', 'triangle-up'];
  distinct(summary, 'Mk').forEach((mk, i) => {
    const c = curveOf(selectRows(summary, { Mk: mk, scheme: 'MS²CDWM' }), 'Sk', 'rateErgodic');
    data.push(
      ...curveTraces(c, {
        name: plotText(`M_k = ${mk}`),
        seriesIndex: i,
        dash: dashes[i % dashes.length],
        symbol: symbols[i % symbols.length],
      }),
    );
  });
  return withSizeNote(
    {
      data,
      layout: {
        title: { text: plotText('Fig. 6 — MS²CDWM average sum rate vs S_k, ζ^2 = 0') },
        margin: { t: TOP_WITH_TITLE },
        xaxis: { title: { text: plotText('serving satellites per UT S_k') }, dtick: 1 },
        yaxis: { title: { text: RATE_TITLE } },
      },
    },
    summary,
    undefined,
    label,
  );
}

/** Fig. 7: MS²CDWM R_E vs B_s with LCMS and NearOpt; Full (B_s = N_T) as a horizontal reference. */
export function fig7Figure(summary: readonly ResultRow[], nT = 256, label?: string): Figure {
  const data: Trace[] = [];
  for (const s of ['MS²CDWM', 'MS²CDWM-NearOpt']) {
    const rows = selectRows(summary, { scheme: s });
    if (rows.length)
      data.push(...curveTraces(curveOf(rows, 'Bs', 'rateErgodic'), { name: s === 'MS²CDWM' ? 'MS²CDWM (LCMS)' : s }));
  }
  const full = selectRows(summary, { scheme: 'MS²CDWM', Bs: nT })[0];
  const xs = distinct(summary, 'Bs').map(Number);
  if (full) {
    const y = Number(full.rateErgodic_mean);
    const st = schemeStyle('MS²CDWM-Full');
    data.push(
      lineTrace([Math.min(...xs), Math.max(...xs)], [y, y], {
        name: plotText('MS²CDWM-Full (B_s = N_T)'),
        color: st?.color,
        dash: st?.dash,
        markers: false,
        legendgroup: 'MS²CDWM-Full',
      }),
    );
  }
  return withSizeNote(
    {
      data,
      layout: {
        title: { text: plotText('Fig. 7 — average sum rate vs B_s, S_k = 3, P_T = 30 dBm') },
        margin: { t: TOP_WITH_TITLE },
        xaxis: { title: { text: plotText('active beams per satellite B_s') } },
        yaxis: { title: { text: RATE_TITLE } },
        legend: { x: 0.99, xanchor: 'right', y: 0.02, yanchor: 'bottom' },
      },
    },
    summary,
    undefined,
    label,
  );
}

/**
 * The paper's complexity orders (Sections III-D, V-B) evaluated at B_s, for the dotted
 * guide lines of the complexity figure (arbitrary unit, scaled to a measured point):
 *  - MS²CDWM: I_max (K S³N_R³M³ + K² B̃² S + K B̃³), B̃ = S·B_s (Section III-D, B̃ the total number of active beams)
 *  - LCMS:    K Σ_s Q_s = K S N_T (independent of B_s)
 */
export function paperComplexity(
  which: 'cdwm' | 'lcms',
  p: { Bs: number; K: number; S: number; NR: number; Mk: number; NT: number; iterations: number },
): number {
  if (which === 'lcms') return p.K * p.S * p.NT;
  const bt = p.S * p.Bs;
  return p.iterations * (p.K * p.S ** 3 * p.NR ** 3 * p.Mk ** 3 + p.K ** 2 * bt ** 2 * p.S + p.K * bt ** 3);
}

/**
 * Complexity figure: measured CPU time per drop of the worker thread (ms, log scale;
 * cputime.ts; mean over drops — single values are quantised by the scheduler tick) of
 * each precoder (LCMS beams; each in its scheme's style) and of the LCMS and NearOpt
 * selections (dotted, open markers, in the colour of the scheme that uses them) vs B_s;
 * B_s = N_T is Full. Grey: the paper's orders for MS²CDWM and LCMS, scaled to the
 * measurement at the smallest B_s.
 */
export function complexityFigure(
  summary: readonly ResultRow[],
  dims: { K: number; S: number; NR: number; Mk: number; NT: number; iterations: number },
  label?: string,
): Figure {
  const data: Trace[] = [];
  const series: Array<[string, string, string]> = [
    ['MS²CDWM', 'precodeCpuMs', 'MS²CDWM precoder'],
    ['MS²CDM', 'precodeCpuMs', 'MS²CDM precoder'],
    ['LIB', 'precodeCpuMs', 'LIB precoder'],
    ['MS²CDWM', 'beamCpuMs', 'LCMS selection'],
    ['MS²CDWM-NearOpt', 'beamCpuMs', 'NearOpt selection'],
  ];
  for (const [scheme, metric, label] of series) {
    const rows = selectRows(summary, { scheme });
    if (!rows.length) continue;
    const c = curveOf(rows, 'Bs', metric);
    const st = schemeStyle(scheme);
    const selection = metric === 'beamCpuMs';
    // means only: a CI band of a small, tick-quantised time reaches ≤ 0, which a log axis cannot show
    data.push(
      lineTrace(c.x, c.mean, {
        name: label,
        color: st?.color,
        legendgroup: label,
        dash: selection ? 'dot' : st?.dash,
        extra: { marker: { symbol: `${st?.symbol ?? 'circle'}${selection ? '-open' : ''}` } },
      }),
    );
    // the paper's order beside the MS²CDWM precoder and the LCMS selection
    if (scheme !== 'MS²CDWM') continue;
    const which = selection ? 'lcms' : 'cdwm';
    const model = c.x.map((Bs) => paperComplexity(which, { ...dims, Bs }));
    const k = c.mean[0] / model[0];
    data.push(
      lineTrace(
        c.x,
        model.map((m) => m * k),
        {
          name: `paper's order: ${which === 'cdwm' ? 'MS²CDWM' : 'LCMS'}`,
          color: '#555555',
          dash: which === 'cdwm' ? 'dot' : 'dashdot',
          markers: false,
        },
      ),
    );
  }
  return withSizeNote(
    {
      data,
      layout: {
        title: { text: plotText(`CPU time per drop vs B_s (one thread; B_s = ${dims.NT} is Full)`) },
        margin: { t: TOP_WITH_TITLE },
        xaxis: {
          title: { text: plotText('active beams per satellite B_s') },
          type: 'log',
          tickvals: distinct(summary, 'Bs').map(Number),
        },
        yaxis: { title: { text: 'CPU time per drop (ms)' }, type: 'log' },
        legend: { x: 1.02, xanchor: 'left', y: 1, yanchor: 'top', font: { size: HOUSE_NOTE_SIZE } },
      },
    },
    summary,
    'means over drops',
    label,
  );
}

/** Legend entries that explain marker styles (no data), in grey. */
function keyTrace(name: string, symbol: string, width: number): Trace {
  return {
    type: 'scatter',
    mode: 'lines+markers',
    x: [null],
    y: [null],
    name,
    legendgroup: `key:${name}`,
    line: { color: '#555555', width },
    marker: { color: '#555555', symbol, size: 7 },
    hoverinfo: 'skip',
  };
}

/**
 * Bound-gap figure: per scheme vs P_T at S_k = `sk`, the ergodic rate R_E (12) (the
 * scheme's style, filled markers, with its 95 % band) and the sCSI rate R̄ of (16), the
 * metric the designs maximise (same colour and dash, thin, open markers); right, the
 * relative gap (R̄ − R_E)/R_E in % (scheme style). R̄ lies above R_E on every drop measured
 * here, but it is not an upper bound on the ergodic rate in general (see the notebook).
 */
export function boundGapFigure(summary: readonly ResultRow[], sk = 3, label?: string): Figure {
  const rows = selectRows(summary, { Sk: sk });
  const data: Trace[] = [];
  for (const s of schemesIn(rows)) {
    const r = selectRows(rows, { scheme: s });
    const erg = curveOf(r, 'ptDbm', 'rateErgodic');
    const ub = curveOf(r, 'ptDbm', 'rateUpper');
    const st = schemeStyle(s);
    data.push(...curveTraces(erg, { name: s, legendgroup: s }));
    data.push({
      ...lineTrace(ub.x, ub.mean, {
        name: `${s}: R̄ (16)`,
        color: st?.color,
        dash: st?.dash,
        legendgroup: s,
        extra: { line: { width: 1.2 }, marker: { symbol: `${st?.symbol ?? 'circle'}-open`, size: 6 } },
      }),
      showlegend: false,
    });
    data.push({
      ...lineTrace(
        erg.x,
        ub.mean.map((u, i) => (100 * (u - erg.mean[i])) / erg.mean[i]),
        { name: s, legendgroup: s },
      ),
      showlegend: false,
      xaxis: 'x2',
      yaxis: 'y2',
    });
  }
  data.push(keyTrace(plotText('filled: ergodic rate R_E (12)'), 'circle', 2));
  data.push(keyTrace('open, thin: sCSI rate R̄ (16)', 'circle-open', 1.2));
  const layout = panels(
    2,
    [plotText('ergodic R_E (12) and sCSI rate R̄ (16)'), plotText('relative gap (R̄ − R_E) / R_E')],
    PT_TITLE,
    'sum rate (b/s/Hz)',
    {
      title: {
        text: plotText(`sCSI rate R̄ of (16) (the design metric) vs ergodic rate, M_k = 2, S_k = ${sk}`),
      },
    },
    0.12,
  );
  layout.yaxis2 = {
    ...(layout.yaxis2 as Layout),
    matches: undefined,
    showticklabels: true,
    title: { text: 'gap (%)', font: { size: HOUSE_FONT_SIZE } },
  };
  return withSizeNote({ data, layout }, rows, undefined, label);
}

/**
 * Figure of a sweep figure id from its sweep's summary rows; `label` is its size label
 * (`sizeLabel`), drawn in the size note (default: the drops per point of the summary).
 */
export function figureFromSummary(
  fig: Exclude<FigureId, 'fig8'>,
  summary: readonly ResultRow[],
  dims?: { K: number; S: number; NR: number; Mk: number; NT: number; iterations: number },
  label?: string,
): Figure {
  switch (fig) {
    case 'fig2':
      return fig2Figure(summary, label);
    case 'fig3':
      return fig3Figure(summary, label);
    case 'fig4':
      return fig4Figure(summary, label);
    case 'fig5':
      return fig5Figure(summary, label);
    case 'fig6':
      return fig6Figure(summary, label);
    case 'fig7':
      return fig7Figure(summary, undefined, label);
    case 'bound-gap':
      return boundGapFigure(summary, undefined, label);
    case 'complexity':
      if (!dims) throw new ConfigError('complexity figure needs the drop dimensions (K, S, NR, Mk, NT, iterations)');
      return complexityFigure(summary, dims, label);
    default:
      throw new ConfigError(`no summary figure '${String(fig)}'`);
  }
}
