/**
 * Inline figures and tables in tslab notebooks (Section VI figures): render a plotly figure
 * to a small PNG through the shared headless Chromium and display it with the figure's
 * plotly JSON beside it (one output), so a committed notebook shows its figures on a Git
 * host, nbviewer and nbconvert HTML (Debian's nbconvert 6.5 strips inline SVG, and an
 * untrusted notebook shows no HTML/JS figure) and keeps ~50–100 kB per figure instead of a
 * 4.7 MB inlined plotly bundle. In a live session of `npm run notebook` the interactive
 * figure is drawn too. Outside a tslab kernel (vitest, tsx) nothing is displayed and the
 * images are just returned.
 *
 * The shared browser starts on first use and closes itself after `IDLE_CLOSE_MS` without
 * a figure (its timer does not keep Node alive); `closeSharedRenderer()` closes it now.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type FigureImages, FigureRenderer, type RenderOptions } from './render.js';
import { type Figure, houseLayout } from './theme.js';

/** Idle time after which the shared browser closes (ms). */
export const IDLE_CLOSE_MS = 20_000;

let shared: Promise<FigureRenderer> | undefined;
let idleTimer: ReturnType<typeof setTimeout> | undefined;

function touchIdleTimer(): void {
  if (idleTimer !== undefined) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => void closeSharedRenderer(), IDLE_CLOSE_MS);
  idleTimer.unref();
}

/** The process-wide renderer used by {@link showFigure} (launched on first call). */
export function sharedRenderer(): Promise<FigureRenderer> {
  if (shared === undefined) {
    shared = FigureRenderer.launch();
    shared.catch(() => {
      shared = undefined;
    });
  }
  touchIdleTimer();
  return shared;
}

/** Close the shared renderer now (no-op when none is running). */
export async function closeSharedRenderer(): Promise<void> {
  if (idleTimer !== undefined) clearTimeout(idleTimer);
  idleTimer = undefined;
  const r = shared;
  shared = undefined;
  if (r !== undefined) await (await r).close();
}

/** The subset of tslab's `display` used here. */
interface TslabDisplay {
  svg(s: string): void;
  png(b: Uint8Array): void;
  html(s: string): void;
  text(s: string): void;
}

/** tslab's jupyter module, when running inside a tslab kernel (its display hook is set), else undefined. */
function tslabJupyter(): { lastWriteDisplayData?: DisplayWriter | null } | undefined {
  try {
    const base = typeof __filename === 'string' ? __filename : join(process.cwd(), 'package.json');
    const req = createRequire(base);
    // Inside a kernel, tslab's jupyter module is already loaded and has set its display hook;
    // anywhere else it is absent from the module cache and nothing is loaded (tslab is heavy).
    const jupyterPath = join(dirname(req.resolve('tslab')), 'jupyter.js');
    const jupyter = req.cache[jupyterPath]?.exports as { lastWriteDisplayData?: DisplayWriter | null } | undefined;
    return jupyter?.lastWriteDisplayData == null ? undefined : jupyter;
  } catch {
    return undefined;
  }
}

/** tslab's internal writer of one display_data message (a whole MIME bundle). */
type DisplayWriter = (
  msg: { data: Record<string, unknown>; metadata: Record<string, unknown>; transient: Record<string, unknown> },
  update: boolean,
) => void;

/** tslab's display when running inside a tslab kernel, else undefined. */
export function tslabDisplay(): TslabDisplay | undefined {
  if (tslabJupyter() === undefined) return undefined;
  const base = typeof __filename === 'string' ? __filename : join(process.cwd(), 'package.json');
  return (createRequire(base)('tslab') as { display: TslabDisplay }).display;
}

/**
 * Show one MIME bundle (several representations of one output) in the notebook; the
 * front end picks the richest it can render. Returns false outside a tslab kernel.
 */
export function displayBundle(data: Record<string, unknown>): boolean {
  const jupyter = tslabJupyter();
  const write = jupyter?.lastWriteDisplayData;
  if (write == null) return false;
  write({ data, metadata: {}, transient: {} }, false);
  return true;
}

/** MIME type of a plotly figure as JSON (rendered by plotly-aware front ends and by `npm run site`). */
export const PLOTLY_MIME = 'application/vnd.plotly.v1+json';

/**
 * True in a live interactive session started by `npm run notebook` (it sets
 * MSMS_INTERACTIVE=1 for the kernels): showFigure then also draws the interactive figure.
 */
export function interactiveSession(): boolean {
  return process.env.MSMS_INTERACTIVE === '1';
}

/**
 * URL of plotly.min.js as served by the notebook server of `npm run notebook` (the
 * project root is its root directory): $MSMS_PLOTLY_URL, else
 * /files/node_modules/plotly.js-dist-min/plotly.min.js.
 */
export function notebookPlotlyUrl(): string {
  return process.env.MSMS_PLOTLY_URL ?? '/files/node_modules/plotly.js-dist-min/plotly.min.js';
}

/** Numbers rounded to 6 significant digits, typed arrays to arrays: a compact JSON copy of a figure. */
export function compactFigure(fig: Figure): Figure {
  const text = JSON.stringify(fig, (_k, v: unknown) => {
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as Float64Array);
    if (typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v)) return Number(v.toPrecision(6));
    return v;
  });
  return JSON.parse(text) as Figure;
}

let figureCounter = 0;

/**
 * HTML that draws `fig` with plotly in a live notebook: loads plotly.min.js from
 * `plotlyUrl` once per page (later figures reuse it), then hides the static PNG output
 * just before it, which stays in the saved notebook for viewers that run no scripts.
 */
export function interactiveFigureHtml(fig: Figure, size: { width: number; height: number }, plotlyUrl: string): string {
  const id = `msms-figure-${process.pid}-${++figureCounter}`;
  const compact = compactFigure(fig);
  const layout = houseLayout({ ...(compact.layout ?? {}), width: size.width, height: size.height });
  const json = (x: unknown) => JSON.stringify(x).replace(/</g, '\\u003c');
  return [
    `<div id="${id}" style="width:${size.width}px;height:${size.height}px"></div>`,
    '<script>',
    '(function () {',
    `  var el = document.getElementById(${json(id)});`,
    '  function draw() {',
    `    window.Plotly.newPlot(el, ${json(compact.data)}, ${json(layout)}, {displaylogo: false, responsive: false})`,
    '      .then(function () {',
    "        var area = el.closest('.output_area');",
    '        var prev = area && area.previousElementSibling;',
    "        if (prev && prev.querySelector('img')) prev.style.display = 'none';",
    '      });',
    '  }',
    '  if (window.Plotly) return draw();',
    '  if (!window.msmsPlotlyLoading) {',
    '    window.msmsPlotlyLoading = new Promise(function (resolve, reject) {',
    "      var s = document.createElement('script');",
    `      s.src = ${json(plotlyUrl)};`,
    '      s.onload = resolve;',
    '      s.onerror = reject;',
    '      document.head.appendChild(s);',
    '    });',
    '  }',
    '  window.msmsPlotlyLoading.then(draw);',
    '})();',
    '</script>',
  ].join('\n');
}

/** Options of {@link showFigure}: export size, PNG pixel ratio (default 1: small notebooks). */
export type ShowOptions = RenderOptions;

/** What showFigure displayed. */
export interface ShownFigure extends FigureImages {
  /** False outside a tslab kernel (nothing displayed, images only returned). */
  displayed: boolean;
  /** True when the interactive plotly figure was displayed too (live session of `npm run notebook`). */
  interactive: boolean;
}

/**
 * Render `fig` (house style) and display it in the notebook as one output holding a PNG
 * (what every viewer shows: a Git host, nbviewer, nbconvert HTML, an untrusted notebook)
 * and the figure's plotly JSON (PLOTLY_MIME; `npm run site` turns it into an interactive
 * figure). In a live session of `npm run notebook` it then also draws the interactive
 * plotly figure (plotly.min.js loaded once per notebook from the local server, never
 * inlined). Returns the images and what was displayed.
 */
export async function showFigure(fig: Figure, opts: ShowOptions = {}): Promise<ShownFigure> {
  const r = await sharedRenderer();
  const size = { width: opts.width ?? 640, height: opts.height ?? 420 };
  const img = await r.images(fig, { scale: 1, ...opts });
  touchIdleTimer();
  const compact = compactFigure(fig);
  const layout = houseLayout({ ...(compact.layout ?? {}), width: size.width, height: size.height });
  const title = (layout.title as { text?: string } | undefined)?.text ?? 'figure';
  const displayed = displayBundle({
    'image/png': Buffer.from(img.png).toString('base64'),
    [PLOTLY_MIME]: { data: compact.data, layout },
    'text/plain': `<figure: ${title.replace(/<[^>]+>/g, '').slice(0, 80)}>`,
  });
  let interactive = false;
  if (displayed && interactiveSession()) {
    interactive = displayBundle({ 'text/html': interactiveFigureHtml(fig, size, notebookPlotlyUrl()) });
  }
  return { ...img, displayed, interactive };
}

/** Show a PNG file's bytes (e.g. a committed figure) in the notebook; false outside tslab. */
export function showPng(png: Uint8Array, alt = 'figure'): boolean {
  return displayBundle({ 'image/png': Buffer.from(png).toString('base64'), 'text/plain': `<${alt}>` });
}

/** A table as danfo.js DataFrames expose it (`df.columns`, `df.values`). */
export interface TableLike {
  columns: string[];
  values: unknown[][] | unknown[];
}

function cellText(v: unknown, digits: number): string {
  const t = typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(digits)) : String(v);
  return t.replace(/[<&]/g, (c) => (c === '<' ? '&lt;' : '&amp;'));
}

/** HTML table of the first `maxRows` rows, numbers to `digits` significant digits. */
export function tableHtml(table: TableLike, opts: { digits?: number; maxRows?: number } = {}): string {
  const digits = opts.digits ?? 4;
  const maxRows = opts.maxRows ?? 20;
  const rows = (table.values as unknown[]).map((r) => (Array.isArray(r) ? r : [r]));
  const head = table.columns.map((c) => `<th>${cellText(c, digits)}</th>`).join('');
  const body = rows
    .slice(0, maxRows)
    .map((r) => `<tr>${r.map((v) => `<td>${cellText(v, digits)}</td>`).join('')}</tr>`)
    .join('');
  const more = rows.length > maxRows ? `<p>… ${rows.length - maxRows} more rows</p>` : '';
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${more}`;
}

/**
 * Show a danfo DataFrame (or any `{ columns, values }`) as an HTML table in the notebook;
 * returns the HTML and whether it was displayed (false outside tslab).
 */
export function showTable(
  table: TableLike,
  opts: { digits?: number; maxRows?: number } = {},
): { html: string; displayed: boolean } {
  const html = tableHtml(table, opts);
  const d = tslabDisplay();
  d?.html(html);
  return { html, displayed: d !== undefined };
}
