/**
 * Inline figures in tslab notebooks (Section VI figures, shown while exploring): render a
 * plotly figure to a small SVG (or PNG) through the shared headless Chromium and hand it
 * to `tslab.display`, so a notebook keeps a ~50 kB image instead of a 5 MB inlined plotly
 * bundle. Outside a tslab kernel (vitest, tsx) nothing is displayed and the images are
 * just returned.
 *
 * The shared browser starts on first use and closes itself after `IDLE_CLOSE_MS` without
 * a figure (its timer does not keep Node alive); `closeSharedRenderer()` closes it now.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type FigureImages, FigureRenderer, type RenderOptions } from './render.js';
import type { Figure } from './theme.js';

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
}

/** tslab's display when running inside a tslab kernel, else undefined. */
export function tslabDisplay(): TslabDisplay | undefined {
  try {
    const base = typeof __filename === 'string' ? __filename : join(process.cwd(), 'package.json');
    const req = createRequire(base);
    // Inside a kernel, tslab's jupyter module is already loaded and has set its display hook;
    // anywhere else it is absent from the module cache and nothing is loaded (tslab is heavy).
    const jupyterPath = join(dirname(req.resolve('tslab')), 'jupyter.js');
    const jupyter = req.cache[jupyterPath]?.exports as { lastWriteDisplayData?: unknown } | undefined;
    if (jupyter?.lastWriteDisplayData == null) return undefined;
    return (req('tslab') as { display: TslabDisplay }).display;
  } catch {
    return undefined;
  }
}

/** Options of {@link showFigure}: export size, and which image to show (default svg). */
export interface ShowOptions extends RenderOptions {
  format?: 'svg' | 'png';
}

/**
 * Render `fig` (house style) and display it inline in the notebook as SVG (default) or
 * PNG. Returns the images and whether they were displayed (false outside tslab).
 */
export async function showFigure(fig: Figure, opts: ShowOptions = {}): Promise<FigureImages & { displayed: boolean }> {
  const format = opts.format ?? 'svg';
  if (format !== 'svg' && format !== 'png') {
    throw new RangeError(`showFigure: format must be 'svg' or 'png', got '${String(format)}'`);
  }
  const r = await sharedRenderer();
  const img = await r.images(fig, { scale: 1, ...opts });
  touchIdleTimer();
  const d = tslabDisplay();
  if (d !== undefined) {
    if (format === 'svg') d.svg(img.svg);
    else d.png(img.png);
  }
  return { ...img, displayed: d !== undefined };
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
