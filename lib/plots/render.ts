/**
 * Figure export for the paper's figures (Section VI, Figs. 2–8): a plotly.js figure
 * (JSON `{ data, layout }`) → PNG + SVG + self-contained interactive HTML, rendered by
 * plotly.js (`plotly.js-dist-min`) inside Debian's headless Chromium driven by
 * playwright-core. One browser serves many figures: launch a `FigureRenderer` once,
 * `render()` each figure, `close()` at the end (first figure ~4 s, each further one
 * well under 1 s). `saveFigure()` does all three for a single figure.
 *
 * No ESM-only module metadata here: the module also runs as CommonJS inside tslab notebooks, so
 * package files are resolved with `createRequire` from this file (CommonJS) or from the
 * working directory's package.json (ESM).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { optimisePng } from './png.js';
import { type Figure, houseLayout } from './theme.js';

/** Error for invalid figure-export input or a missing browser; the message says what to fix. */
export class PlotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlotError';
  }
}

/** Output formats of {@link FigureRenderer.render}. */
export type FigureFormat = 'png' | 'svg' | 'html' | 'json';

/** Size and formats of an export. */
export interface RenderOptions {
  /** Figure width in CSS pixels (default 640; integer in [50, 8000]). */
  width?: number;
  /** Figure height in CSS pixels (default 420; integer in [50, 8000]). */
  height?: number;
  /** PNG pixel ratio: the PNG is (scale·width) × (scale·height) pixels (default 2; in (0, 8]). */
  scale?: number;
  /** Files to write (default png, svg, html). 'json' writes the figure itself (small, re-renderable). */
  formats?: FigureFormat[];
}

/** Paths of the files written, by format. */
export type WrittenFiles = Partial<Record<FigureFormat, string>>;

/** Rendered images in memory. */
export interface FigureImages {
  /** PNG file bytes. */
  png: Uint8Array;
  /** SVG document text. */
  svg: string;
}

/** Default Chromium flags for this machine kind (see environment.md: no network, root, no GPU). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Chromium used for export: $MSMS_CHROMIUM, else Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  return process.env.MSMS_CHROMIUM ?? '/usr/bin/chromium';
}

function packageRequire(): NodeJS.Require {
  // CommonJS (tslab) has __filename; ESM (tsx, vitest) resolves from the working directory.
  const base = typeof __filename === 'string' ? __filename : join(process.cwd(), 'package.json');
  return createRequire(base);
}

let bundleCache: string | undefined;

/** Absolute path of plotly.js-dist-min's `plotly.min.js`. */
export function plotlyBundlePath(): string {
  try {
    return packageRequire().resolve('plotly.js-dist-min');
  } catch {
    throw new PlotError("plotly.js-dist-min is not installed: run 'npm ci' in the project root");
  }
}

function plotlyBundle(): string {
  bundleCache ??= readFileSync(plotlyBundlePath(), 'utf8');
  return bundleCache;
}

interface ResolvedSize {
  width: number;
  height: number;
  scale: number;
}

function resolveSize(opts: RenderOptions): ResolvedSize {
  const width = opts.width ?? 640;
  const height = opts.height ?? 420;
  const scale = opts.scale ?? 2;
  for (const [name, v] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(v) || v < 50 || v > 8000) {
      throw new PlotError(`${name} must be an integer number of pixels in [50, 8000], got ${v}`);
    }
  }
  if (!(scale > 0 && scale <= 8)) throw new PlotError(`scale must be in (0, 8], got ${scale}`);
  return { width, height, scale };
}

function checkFigure(fig: Figure): void {
  if (typeof fig !== 'object' || fig === null || !Array.isArray(fig.data)) {
    throw new PlotError('figure must be an object { data: Trace[], layout?: Layout } with data an array');
  }
}

/** The figure's layout in house style at the export size. */
function exportLayout(fig: Figure, size: ResolvedSize): Record<string, unknown> {
  return houseLayout({ ...(fig.layout ?? {}), width: size.width, height: size.height });
}

/** JSON.stringify replacer: typed arrays (Float64Array x/y, …) become plain arrays. */
function plainArrays(_key: string, value: unknown): unknown {
  return ArrayBuffer.isView(value) && !(value instanceof DataView) ? Array.from(value as Float64Array) : value;
}

/** The figure as plain JSON data (typed arrays → arrays, NaN → null = a gap in plotly). */
function plainFigure(fig: Figure): Figure {
  return JSON.parse(JSON.stringify(fig, plainArrays)) as Figure;
}

/** JSON safe to place inside a <script> element. */
function scriptJson(x: unknown): string {
  return JSON.stringify(x, plainArrays)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * A self-contained interactive HTML page for the figure (plotly bundle inlined, ~4.8 MB;
 * opens offline in any browser). No browser is needed to make it.
 */
export function figureHtml(fig: Figure, opts: RenderOptions & { title?: string } = {}): string {
  checkFigure(fig);
  const size = resolveSize(opts);
  const title = (opts.title ?? 'figure').replace(/[<&]/g, (c) => (c === '<' ? '&lt;' : '&amp;'));
  return [
    '<!DOCTYPE html>',
    '<html><head><meta charset="utf-8">',
    `<title>${title}</title>`,
    `<script>${plotlyBundle().replace(/<\/script/gi, '<\\/script')}</script>`,
    '</head><body style="margin:0">',
    `<div id="figure" style="width:${size.width}px;height:${size.height}px"></div>`,
    '<script>',
    `Plotly.newPlot('figure', ${scriptJson(fig.data)}, ${scriptJson(exportLayout(fig, size))}, ` +
      `${scriptJson({ responsive: false, displaylogo: false, ...(fig.config ?? {}) })});`,
    '</script>',
    '</body></html>',
    '',
  ].join('\n');
}

function decodeDataUrl(url: string): { bytes: Uint8Array; text: string } {
  const comma = url.indexOf(',');
  const head = url.slice(0, comma);
  const body = url.slice(comma + 1);
  if (head.endsWith(';base64')) {
    const bytes = Buffer.from(body, 'base64');
    return { bytes, text: bytes.toString('utf8') };
  }
  const text = decodeURIComponent(body);
  return { bytes: Buffer.from(text, 'utf8'), text };
}

/**
 * One headless Chromium with plotly.js loaded, exporting many figures. Not reentrant
 * across processes; calls on one renderer are queued.
 */
export class FigureRenderer {
  private readonly browser: Browser;
  private readonly page: Page;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(browser: Browser, page: Page) {
    this.browser = browser;
    this.page = page;
  }

  /** Start Chromium (fresh temporary profile) and load plotly.js into a blank page. */
  static async launch(opts: { executablePath?: string } = {}): Promise<FigureRenderer> {
    const executablePath = opts.executablePath ?? chromiumPath();
    if (!existsSync(executablePath)) {
      throw new PlotError(
        `Chromium not found at ${executablePath}: install Debian's chromium ` +
          '(apt-get install -y --no-install-recommends chromium) or set MSMS_CHROMIUM to its path',
      );
    }
    const bundlePath = plotlyBundlePath();
    // playwright gives each launch a fresh temporary profile (--user-data-dir) and removes it on close
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({
        executablePath,
        headless: true,
        args: [...CHROMIUM_ARGS],
      });
      const page = await browser.newPage();
      await page.setContent('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body></body></html>');
      await page.addScriptTag({ path: bundlePath });
      return new FigureRenderer(browser, page);
    } catch (e) {
      await browser?.close().catch(() => undefined);
      throw e;
    }
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new PlotError('FigureRenderer is closed'));
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** PNG bytes and SVG text of a figure (house layout at the given size). */
  images(figure: Figure, opts: RenderOptions = {}): Promise<FigureImages> {
    checkFigure(figure);
    const size = resolveSize(opts);
    const fig = plainFigure(figure);
    const layout = exportLayout(fig, size);
    return this.enqueue(async () => {
      const urls = await this.page.evaluate(
        async ({ data, layout, size }) => {
          const g = globalThis as unknown as { Plotly: PlotlyApi; document: PageDocument };
          const P = g.Plotly;
          const div = g.document.createElement('div');
          g.document.body.appendChild(div);
          try {
            await P.newPlot(div, data, layout, { staticPlot: true });
            const png = await P.toImage(div, {
              format: 'png',
              width: size.width,
              height: size.height,
              scale: size.scale,
            });
            const svg = await P.toImage(div, { format: 'svg', width: size.width, height: size.height });
            return { png, svg };
          } finally {
            P.purge(div);
            div.remove();
          }
        },
        { data: fig.data, layout, size },
      );
      // Chromium's PNG re-encoded losslessly: about a third smaller (png.ts optimisePng)
      return { png: optimisePng(decodeDataUrl(urls.png).bytes), svg: decodeDataUrl(urls.svg).text };
    });
  }

  /**
   * Write the figure to `basePath` + '.png' / '.svg' / '.html' / '.json' (the formats asked
   * for; directories are created). Returns the paths written.
   */
  async render(fig: Figure, basePath: string, opts: RenderOptions = {}): Promise<WrittenFiles> {
    const formats = opts.formats ?? ['png', 'svg', 'html'];
    for (const f of formats) {
      if (!['png', 'svg', 'html', 'json'].includes(f)) {
        throw new PlotError(`formats: unknown format '${f}', allowed png, svg, html, json`);
      }
    }
    checkFigure(fig);
    resolveSize(opts);
    mkdirSync(dirname(basePath), { recursive: true });
    const out: WrittenFiles = {};
    if (formats.includes('png') || formats.includes('svg')) {
      const img = await this.images(fig, opts);
      if (formats.includes('png')) writeFileSync((out.png = `${basePath}.png`), img.png);
      if (formats.includes('svg')) writeFileSync((out.svg = `${basePath}.svg`), img.svg);
    }
    if (formats.includes('html')) writeFileSync((out.html = `${basePath}.html`), figureHtml(fig, opts));
    if (formats.includes('json')) {
      writeFileSync((out.json = `${basePath}.json`), JSON.stringify(fig, plainArrays, 1) + '\n');
    }
    return out;
  }

  /** Close the browser (playwright removes its temporary profile). Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    await this.browser.close();
  }
}

/** The DOM element API used inside the page (the kit compiles without the DOM typings). */
interface PageElement {
  remove(): void;
}
interface PageDocument {
  createElement(tag: string): PageElement;
  body: { appendChild(e: PageElement): void };
}

/** The part of the plotly.js API used inside the page. */
interface PlotlyApi {
  newPlot(div: PageElement, data: unknown, layout: unknown, config: unknown): Promise<unknown>;
  toImage(div: PageElement, opts: { format: string; width: number; height: number; scale?: number }): Promise<string>;
  purge(div: PageElement): void;
}

/**
 * Where `saveFigure` writes a figure given as `figures/<name>`: there, unless the
 * environment variable MSMS_FIGURES_DIR names another folder, which then replaces the
 * leading `figures/`. The headless notebook runner sets it to `figures/.tmp` (ignored by
 * git), so the test run does not rewrite the committed figures; `npm run figures` and
 * interactive notebooks write to `figures/`.
 */
export function figureOutputPath(basePath: string): string {
  const dir = process.env.MSMS_FIGURES_DIR;
  if (dir === undefined || dir === '' || !/^(\.\/)?figures\//.test(basePath)) return basePath;
  return join(dir, basePath.replace(/^(\.\/)?figures\//, ''));
}

/**
 * Export one figure (launches and closes a browser: use a FigureRenderer for many), to
 * `figureOutputPath(basePath)`.
 */
export async function saveFigure(fig: Figure, basePath: string, opts: RenderOptions = {}): Promise<WrittenFiles> {
  const r = await FigureRenderer.launch();
  try {
    return await r.render(fig, figureOutputPath(basePath), opts);
  } finally {
    await r.close();
  }
}
