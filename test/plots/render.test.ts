/**
 * lib/plots export (Section VI figures): one Chromium renders a small figure to PNG, SVG
 * and HTML; the PNG has the asked pixel size (IHDR) and is not blank (pixel statistics of
 * the decoded image), the SVG parses as one <svg> element of the asked size, the HTML
 * carries the bundle and the figure data. Plus the input checks' exact messages.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Figure,
  FigureRenderer,
  decodePng,
  figureHtml,
  lineTrace,
  pixelStats,
  readPngHeader,
  showFigure,
  closeSharedRenderer,
  compactFigure,
  interactiveFigureHtml,
  interactiveSession,
  notebookPlotlyUrl,
} from '../../lib/plots/index.js';

const fig: Figure = {
  data: [
    lineTrace([20, 30, 40, 50], [4, 9, 15, 21], { name: 'MS²CDWM' }),
    lineTrace([20, 30, 40, 50], [3, 7, 11, 14], { name: 'LIB' }),
  ],
  layout: { xaxis: { title: { text: 'P_T (dBm)' } }, yaxis: { title: { text: 'R_E (b/s/Hz)' } } },
};

/** A blank image must fail the "not blank" thresholds below. */
const MIN_NON_BACKGROUND_FRACTION = 0.02; // axes, ticks, labels and two curves cover > 2 % of pixels
const MIN_LUMA_STD = 8; // a white page has 0; a drawn plot has dark lines on white
const MIN_DISTINCT_COLOURS = 16; // two scheme colours + anti-aliasing greys

let dir: string;
let renderer: FigureRenderer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'msms-plots-test-'));
  renderer = await FigureRenderer.launch();
});

afterAll(async () => {
  await renderer?.close();
  await closeSharedRenderer();
  rmSync(dir, { recursive: true, force: true });
});

describe('FigureRenderer', () => {
  it('writes PNG of scale·size pixels that is not blank, a parseable SVG and a self-contained HTML', async () => {
    const files = await renderer.render(fig, join(dir, 'fig'), { width: 320, height: 200, scale: 2 });
    expect(Object.keys(files).sort()).toEqual(['html', 'png', 'svg']);

    const png = readFileSync(files.png as string);
    const header = readPngHeader(png);
    expect([header.width, header.height]).toEqual([640, 400]);
    const stats = pixelStats(decodePng(png));
    expect(stats.nonBackgroundFraction).toBeGreaterThan(MIN_NON_BACKGROUND_FRACTION);
    expect(stats.stdLuma).toBeGreaterThan(MIN_LUMA_STD);
    expect(stats.distinctColors).toBeGreaterThan(MIN_DISTINCT_COLOURS);

    const svg = readFileSync(files.svg as string, 'utf8');
    expect(svg).toMatch(/^<svg [^>]*width="320" height="200"/);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    // well-formed enough: every opened element is closed (counts of <tag and </tag + self-closing)
    const opened = (svg.match(/<[a-zA-Z][^>]*[^/]>/g) ?? []).length;
    const closed = (svg.match(/<\/[a-zA-Z][^>]*>/g) ?? []).length;
    expect(opened).toBe(closed);
    expect(svg).toContain('MS²CDWM'); // legend text

    const html = readFileSync(files.html as string, 'utf8');
    expect(statSync(files.html as string).size).toBeGreaterThan(1_000_000); // plotly bundle inlined
    expect(html).toContain("Plotly.newPlot('figure'");
    expect(html).toContain('"name":"LIB"');
    expect(html).not.toMatch(/<script src=/); // nothing fetched from the network
  });

  it('renders further figures in the same browser, at another size and scale', async () => {
    const files = await renderer.render(fig, join(dir, 'sub', 'small'), {
      width: 150,
      height: 100,
      scale: 1,
      formats: ['png', 'json'],
    });
    expect(readPngHeader(readFileSync(files.png as string))).toMatchObject({ width: 150, height: 100 });
    expect(JSON.parse(readFileSync(files.json as string, 'utf8'))).toEqual(JSON.parse(JSON.stringify(fig)));
  });

  it('accepts typed arrays in traces (HTML and JSON get plain arrays)', async () => {
    const typed: Figure = {
      data: [{ type: 'scatter', x: new Float64Array([1, 2, 3]), y: new Float64Array([3, 1, 2]), name: 'typed' }],
    };
    const files = await renderer.render(typed, join(dir, 'typed'), {
      width: 120,
      height: 100,
      scale: 1,
      formats: ['png', 'html', 'json'],
    });
    expect(pixelStats(decodePng(readFileSync(files.png as string))).nonBackgroundFraction).toBeGreaterThan(
      MIN_NON_BACKGROUND_FRACTION,
    );
    expect(readFileSync(files.html as string, 'utf8')).toContain('"x":[1,2,3]');
    expect(JSON.parse(readFileSync(files.json as string, 'utf8')).data[0].y).toEqual([3, 1, 2]);
  });

  it('rejects bad sizes, formats and figures with a message naming the field', async () => {
    await expect(renderer.render(fig, join(dir, 'x'), { width: 10 })).rejects.toThrow(
      'width must be an integer number of pixels in [50, 8000], got 10',
    );
    await expect(renderer.render(fig, join(dir, 'x'), { scale: 0 })).rejects.toThrow('scale must be in (0, 8], got 0');
    await expect(renderer.render(fig, join(dir, 'x'), { formats: ['pdf' as 'png'] })).rejects.toThrow(
      "formats: unknown format 'pdf', allowed png, svg, html, json",
    );
    await expect(renderer.render({} as Figure, join(dir, 'x'))).rejects.toThrow(
      'figure must be an object { data: Trace[], layout?: Layout } with data an array',
    );
    expect(() => figureHtml(fig, { height: 1.5 })).toThrow(
      'height must be an integer number of pixels in [50, 8000], got 1.5',
    );
  });

  it('reports a missing Chromium clearly', async () => {
    await expect(FigureRenderer.launch({ executablePath: '/nonexistent/chromium' })).rejects.toThrow(
      "Chromium not found at /nonexistent/chromium: install Debian's chromium",
    );
  });
});

describe('showFigure outside a notebook', () => {
  it('returns the SVG and a scale-1 PNG without displaying them', async () => {
    const r = await showFigure(fig, { width: 200, height: 120 });
    expect(r.displayed).toBe(false);
    expect(r.interactive).toBe(false);
    expect(r.svg.startsWith('<svg')).toBe(true);
    expect(readPngHeader(r.png)).toMatchObject({ width: 200, height: 120 });
  });
});

describe('figure JSON and the live interactive figure', () => {
  it('compactFigure: typed arrays become arrays, fractions keep 6 significant digits, integers stay', () => {
    const c = compactFigure({ data: [{ x: new Float64Array([1, 2]), y: [1 / 3, 123456.789, 7] }] });
    expect(c.data[0]).toEqual({ x: [1, 2], y: [0.333333, 123457, 7] });
  });

  it('interactiveFigureHtml loads the given plotly URL once per page and draws the figure in the house layout', () => {
    const tricky: Figure = { ...fig, layout: { title: { text: 'a </script> title' } } };
    const html = interactiveFigureHtml(tricky, { width: 300, height: 200 }, '/files/plotly.min.js');
    expect(html).toMatch(/^<div id="msms-figure-\d+-\d+" style="width:300px;height:200px"><\/div>/);
    expect(html).toContain('s.src = "/files/plotly.min.js";');
    expect(html).toContain('if (window.Plotly) return draw();'); // loaded once: later figures reuse it
    expect(html).toContain('if (!window.msmsPlotlyLoading)');
    expect(html.match(/<\/script>/g)?.length).toBe(1); // the title cannot close the script early
    expect(html).toContain('"width":300');
    expect(html).toContain('"name":"MS²CDWM"');
  });

  it('interactiveSession and notebookPlotlyUrl follow the environment of npm run notebook', () => {
    const saved = { i: process.env.MSMS_INTERACTIVE, u: process.env.MSMS_PLOTLY_URL };
    try {
      delete process.env.MSMS_INTERACTIVE;
      delete process.env.MSMS_PLOTLY_URL;
      expect(interactiveSession()).toBe(false);
      expect(notebookPlotlyUrl()).toBe('/files/node_modules/plotly.js-dist-min/plotly.min.js');
      process.env.MSMS_INTERACTIVE = '1';
      process.env.MSMS_PLOTLY_URL = '/static/plotly.min.js';
      expect(interactiveSession()).toBe(true);
      expect(notebookPlotlyUrl()).toBe('/static/plotly.min.js');
    } finally {
      for (const [k, v] of [
        ['MSMS_INTERACTIVE', saved.i],
        ['MSMS_PLOTLY_URL', saved.u],
      ] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});

describe('decodePng', () => {
  /** Build a PNG by hand (independent of Chromium): RGB 8-bit, each row with a given filter. */
  function makePng(width: number, height: number, rows: number[][], filters: number[]): Uint8Array {
    const crcTable = Array.from({ length: 256 }, (_, n) => {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      return c >>> 0;
    });
    const crc = (b: Uint8Array) => {
      let c = 0xffffffff;
      for (const x of b) c = crcTable[(c ^ x) & 255] ^ (c >>> 8);
      return (c ^ 0xffffffff) >>> 0;
    };
    const chunk = (type: string, data: Uint8Array) => {
      const out = Buffer.alloc(12 + data.length);
      out.writeUInt32BE(data.length, 0);
      out.write(type, 4, 'latin1');
      Buffer.from(data).copy(out, 8);
      out.writeUInt32BE(crc(out.subarray(4, 8 + data.length)), 8 + data.length);
      return out;
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(width, 0);
    ihdr.writeUInt32BE(height, 4);
    ihdr[8] = 8;
    ihdr[9] = 2;
    const stride = width * 3;
    const raw: number[] = [];
    for (let y = 0; y < height; y++) {
      raw.push(filters[y]);
      for (let i = 0; i < stride; i++) {
        const a = i >= 3 ? rows[y][i - 3] : 0;
        const b = y > 0 ? rows[y - 1][i] : 0;
        const c = y > 0 && i >= 3 ? rows[y - 1][i - 3] : 0;
        const pred = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filters[y]];
        raw.push((rows[y][i] - pred + 256) & 255);
      }
    }
    return Buffer.concat([
      Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(Buffer.from(raw))),
      chunk('IEND', new Uint8Array(0)),
    ]);
  }
  function paeth(a: number, b: number, c: number): number {
    const pa = Math.abs(b - c);
    const pb = Math.abs(a - c);
    const pc = Math.abs(a + b - 2 * c);
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
  }

  it('undoes all five scanline filters', () => {
    const width = 4;
    const height = 5;
    const rows = Array.from({ length: height }, (_, y) =>
      Array.from({ length: width * 3 }, (_, i) => (37 * y + 11 * i + ((y * i) % 7) * 29) & 255),
    );
    const img = decodePng(makePng(width, height, rows, [0, 1, 2, 3, 4]));
    expect(img.channels).toBe(3);
    expect(Array.from(img.pixels)).toEqual(rows.flat());
  });

  it('a single-colour image has no spread and no non-background pixel', () => {
    const rows = Array.from({ length: 3 }, () => Array.from({ length: 9 }, () => 255));
    const s = pixelStats(decodePng(makePng(3, 3, rows, [0, 2, 0])));
    expect(s).toEqual({ meanLuma: 255, stdLuma: 0, nonBackgroundFraction: 0, distinctColors: 1 });
  });

  it('rejects non-PNG input', () => {
    expect(() => readPngHeader(new Uint8Array(40))).toThrow('not a PNG file');
  });
});
