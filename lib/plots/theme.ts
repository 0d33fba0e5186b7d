/**
 * House style for every figure of the kit (paper Section VI, Figs. 2–8): one font, one
 * colour / dash / marker per transmission scheme, one axis and legend look, so that a
 * figure made in any notebook or script looks like the others.
 *
 * Scheme names are the paper's (Section VI): MS²DFT, LIB, MS²CDM, MS²CDWM (LCMS beam
 * selection), MS²CDWM-Full (A_s = I), MS²CDWM-NearOpt. Colours are the Okabe–Ito
 * colour-blind-safe palette; the proposed scheme (MS²CDWM) gets the strongest colour and a
 * solid line.
 *
 * Figures are plain plotly.js JSON (`{ data, layout }`); nothing here needs a browser.
 */

/** A plotly trace (plotly.js JSON: `type`, `x`, `y`, `line`, …). */
export type Trace = Record<string, unknown>;
/** A plotly layout (plotly.js JSON). */
export type Layout = Record<string, unknown>;

/** A plotly figure as JSON: traces, layout and (optional) plotly config. */
export interface Figure {
  data: Trace[];
  layout?: Layout;
  config?: Record<string, unknown>;
}

/**
 * Font stack of every figure. DejaVu Sans comes with Debian's fontconfig (always present
 * beside chromium), so PNG/SVG exports look the same on every machine of the project.
 */
export const HOUSE_FONT = 'DejaVu Sans, Arial, Helvetica, sans-serif';

/** Base font size (px) of figure text; titles and tick labels are derived from it. */
export const HOUSE_FONT_SIZE = 14;

/**
 * Plotly line dash: a named style or a dash list in px ('10px,3px'). Avoid 'longdash' and
 * 'longdashdot' for series with markers: their first gap hides the legend sample.
 */
export type Dash = 'solid' | 'dash' | 'dot' | 'dashdot' | 'longdash' | 'longdashdot' | `${number}px,${string}`;

/** How one scheme is drawn. */
export interface SchemeStyle {
  /** Display name (legend label), e.g. 'MS²CDWM'. */
  label: string;
  /** CSS hex colour. */
  color: string;
  dash: Dash;
  /** Plotly marker symbol. */
  symbol: string;
}

/** The schemes of Section VI, with their fixed style (legend order = this order). */
export const SCHEME_STYLES: readonly SchemeStyle[] = [
  { label: 'MS²DFT', color: '#7f7f7f', dash: 'dot', symbol: 'x' },
  { label: 'LIB', color: '#E69F00', dash: 'dashdot', symbol: 'triangle-up' },
  { label: 'MS²CDM', color: '#009E73', dash: 'dash', symbol: 'square' },
  { label: 'MS²CDWM', color: '#D55E00', dash: 'solid', symbol: 'circle' },
  { label: 'MS²CDWM-Full', color: '#0072B2', dash: '10px,3px', symbol: 'diamond' },
  { label: 'MS²CDWM-NearOpt', color: '#CC79A7', dash: 'dash', symbol: 'star' },
];

/** Colours for series that are not one of the schemes (cycled in order). */
export const EXTRA_COLORS: readonly string[] = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#000000',
  '#F0E442',
];

/** Canonical key of a scheme name: case, '²'/'2', spaces, '-', '_' and a '(LCMS)' suffix ignored. */
function schemeKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/²/g, '2')
    .replace(/\(lcms\)|-lcms\b/g, '')
    .replace(/[\s_-]+/g, '');
}

const STYLE_BY_KEY = new Map(SCHEME_STYLES.map((s) => [schemeKey(s.label), s]));
for (const [alias, label] of [
  ['nearopt', 'MS²CDWM-NearOpt'],
  ['full', 'MS²CDWM-Full'],
  ['dft', 'MS²DFT'],
  ['cdm', 'MS²CDM'],
  ['cdwm', 'MS²CDWM'],
] as const) {
  STYLE_BY_KEY.set(alias, SCHEME_STYLES.find((s) => s.label === label) as SchemeStyle);
}

/**
 * Style of a scheme by name ('MS²CDWM', 'ms2cdwm', 'MS²CDWM (LCMS)', 'NearOpt', …), or
 * undefined when the name is not one of the paper's schemes.
 */
export function schemeStyle(name: string): SchemeStyle | undefined {
  return STYLE_BY_KEY.get(schemeKey(name));
}

/** Colour for series number `index` (0-based) of a figure that does not plot schemes. */
export function seriesColor(index: number): string {
  if (!Number.isInteger(index) || index < 0) {
    throw new RangeError(`seriesColor: index must be a non-negative integer, got ${index}`);
  }
  return EXTRA_COLORS[index % EXTRA_COLORS.length];
}

/** '#RRGGBB' → 'rgba(r, g, b, alpha)' (for translucent bands). */
export function withAlpha(hexColor: string, alpha: number): string {
  const m = /^#([0-9a-fA-F]{6})$/.exec(hexColor);
  if (!m) throw new RangeError(`withAlpha: colour must be '#RRGGBB', got '${hexColor}'`);
  if (!(alpha >= 0 && alpha <= 1)) throw new RangeError(`withAlpha: alpha must be in [0, 1], got ${alpha}`);
  const v = parseInt(m[1], 16);
  return `rgba(${(v >> 16) & 255}, ${(v >> 8) & 255}, ${v & 255}, ${alpha})`;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Recursive merge of plain objects (arrays and scalars of `over` replace those of `base`). */
export function deepMerge<T extends Record<string, unknown>>(base: T, over: Record<string, unknown>): T {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isPlainObject(b) && isPlainObject(v) ? deepMerge(b, v) : v;
  }
  return out as T;
}

/**
 * Figure text with real subscripts and superscripts (plotly renders `<sub>`/`<sup>`):
 * `X_y` and `X_{yz}` → X<sub>y</sub>, `X^y` and `X^{yz}` → X<sup>y</sup>. E.g.
 * plotText('P_T (dBm)') = 'P<sub>T</sub> (dBm)', plotText('K_s^{max}') =
 * 'K<sub>s</sub><sup>max</sup>'. Use it for axis titles, legend names and annotations.
 */
export function plotText(text: string): string {
  return text
    .replace(/_\{([^}]*)\}/g, '<sub>$1</sub>')
    .replace(/_([A-Za-z0-9])/g, '<sub>$1</sub>')
    .replace(/\^\{([^}]*)\}/g, '<sup>$1</sup>')
    .replace(/\^([A-Za-z0-9])/g, '<sup>$1</sup>');
}

/** Axis look shared by x and y axes. */
function houseAxis(): Layout {
  return {
    showline: true,
    linecolor: '#333333',
    linewidth: 1,
    mirror: true,
    ticks: 'outside',
    tickcolor: '#333333',
    showgrid: true,
    gridcolor: '#e6e6e6',
    zeroline: false,
    automargin: true,
    title: { font: { size: HOUSE_FONT_SIZE } },
  };
}

/** Font size of figure titles (px). */
export const HOUSE_TITLE_SIZE = HOUSE_FONT_SIZE + 3;
/** Font size of panel titles (px). */
export const HOUSE_PANEL_TITLE_SIZE = HOUSE_FONT_SIZE;
/** Font size of small notes on a figure (drops per point, …) (px). */
export const HOUSE_NOTE_SIZE = HOUSE_FONT_SIZE - 3;

/**
 * The house layout, with `overrides` merged in (deeply: `{ xaxis: { title: { text } } }`
 * keeps the house axis style). Give axis titles with units, e.g. 'P_T (dBm)'.
 */
export function houseLayout(overrides: Layout = {}): Layout {
  const base: Layout = {
    font: { family: HOUSE_FONT, size: HOUSE_FONT_SIZE, color: '#222222' },
    paper_bgcolor: '#ffffff',
    plot_bgcolor: '#ffffff',
    colorway: [...EXTRA_COLORS],
    margin: { l: 70, r: 20, t: 40, b: 60 },
    title: { font: { size: HOUSE_TITLE_SIZE }, x: 0.5, xanchor: 'center', y: 0.985, yref: 'container', yanchor: 'top' },
    xaxis: houseAxis(),
    yaxis: houseAxis(),
    legend: {
      bgcolor: 'rgba(255, 255, 255, 0.85)',
      bordercolor: '#999999',
      borderwidth: 1,
      tracegroupgap: 2,
      font: { size: HOUSE_FONT_SIZE - 2 },
      x: 0.01,
      xanchor: 'left',
      y: 0.99,
      yanchor: 'top',
    },
    hovermode: 'closest',
  };
  return deepMerge(base, overrides);
}

/** Options of {@link lineTrace}. */
export interface LineTraceOptions {
  /** Legend label; a scheme name picks that scheme's style. */
  name: string;
  /** Colour when `name` is not a scheme (default: series colour `seriesIndex`). */
  color?: string;
  /** Series index for the fallback colour (default 0). */
  seriesIndex?: number;
  /** Draw markers at the points (default true). */
  markers?: boolean;
  dash?: Dash;
  /** Symmetric error bar half-widths, one per point (e.g. a 95 % CI half-width). */
  errorHalfWidth?: ArrayLike<number>;
  /** Legend group (bands and their line share one). Default: the name. */
  legendgroup?: string;
  /** Extra plotly trace fields merged last. */
  extra?: Trace;
}

function checkXY(what: string, x: ArrayLike<number | string>, y: ArrayLike<number>): void {
  if (x.length !== y.length) {
    throw new RangeError(`${what}: x has ${x.length} points but y has ${y.length}`);
  }
}

/**
 * A scatter line trace in the house style: scheme colour/dash/marker when `name` is a
 * scheme, otherwise a palette colour. x and y: equal length.
 */
export function lineTrace(x: ArrayLike<number | string>, y: ArrayLike<number>, opts: LineTraceOptions): Trace {
  checkXY('lineTrace', x, y);
  const st = schemeStyle(opts.name);
  const color = opts.color ?? st?.color ?? seriesColor(opts.seriesIndex ?? 0);
  const trace: Trace = {
    type: 'scatter',
    mode: opts.markers === false ? 'lines' : 'lines+markers',
    // a scheme alias ('MS2CDM', 'cdwm') shows as the scheme's label; a name with a note in
    // parentheses ('MS²CDWM (LCMS)') is kept as given
    name: st !== undefined && !/\(.*\)/.test(opts.name) ? st.label : opts.name,
    legendgroup: opts.legendgroup ?? st?.label ?? opts.name,
    x: Array.from(x),
    y: Array.from(y),
    line: { color, width: 2, dash: opts.dash ?? st?.dash ?? 'solid' },
    marker: { color, size: 7, symbol: st?.symbol ?? 'circle' },
  };
  if (opts.errorHalfWidth !== undefined) {
    if (opts.errorHalfWidth.length !== y.length) {
      throw new RangeError(`lineTrace: errorHalfWidth has ${opts.errorHalfWidth.length} values but y has ${y.length}`);
    }
    trace.error_y = errorBars(opts.errorHalfWidth, color);
  }
  return opts.extra === undefined ? trace : deepMerge(trace, opts.extra);
}

/** Plotly `error_y` / `error_x` object for symmetric half-widths (e.g. 95 % CI). */
export function errorBars(halfWidth: ArrayLike<number>, color?: string): Trace {
  for (let i = 0; i < halfWidth.length; i++) {
    if (!(halfWidth[i] >= 0)) {
      throw new RangeError(`errorBars: halfWidth[${i}] must be >= 0, got ${halfWidth[i]}`);
    }
  }
  const bars: Trace = { type: 'data', array: Array.from(halfWidth), visible: true, thickness: 1.2, width: 4 };
  if (color !== undefined) bars.color = color;
  return bars;
}
