/**
 * `npm run site:check [-- DIR]` — open every page of the static site (default site/, built by
 * `npm run site`) in Debian's headless Chromium, from file:// as a reader who opens
 * index.html would, and check:
 *
 *  - no console error, no uncaught page error, no failed request (everything is local);
 *  - index.html links every notebook page and the figure gallery, and every link resolves;
 *  - math is typeset by the local MathJax (no "Math Processing Error"; a page whose markdown
 *    has $…$ math shows typeset formulas);
 *  - every interactive figure was drawn by the shared plotly bundle (data-rendered="true")
 *    and every figure area — interactive figures and PNG images in outputs — is visibly
 *    non-blank: a screenshot of the element has > 2 % non-background pixels, a luma standard
 *    deviation > 8 and > 16 distinct colours (the thresholds of test/plots/render.test.ts).
 *
 * One line per page, then 'N pages checked, M failed'; exit status 1 on any failure.
 * Run by `npm test` on the site built from the test run's executed notebooks.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath, decodePng, pixelStats } from '../lib/plots/index.js';

const MIN_NON_BACKGROUND_FRACTION = 0.02;
const MIN_LUMA_STD = 8;
const MIN_DISTINCT_COLOURS = 16;

const dir = resolve(process.argv[2] ?? 'site');
if (!existsSync(join(dir, 'index.html'))) {
  console.error(`site:check: ${dir}/index.html is missing: run 'npm run site' first`);
  process.exit(2);
}
const pages = [
  'index.html',
  'figures.html',
  ...readdirSync(join(dir, 'notebooks'))
    .filter((f) => f.endsWith('.html'))
    .sort()
    .map((f) => `notebooks/${f}`),
];

/** Problems found on one page (empty = fine) and a short note of what was checked. */
async function checkPage(page: Page, rel: string): Promise<{ problems: string[]; note: string }> {
  const problems: string[] = [];
  const onConsole = (m: { type(): string; text(): string }) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text().slice(0, 160)}`);
  };
  const onPageError = (e: Error) => problems.push(`page error: ${e.message.slice(0, 160)}`);
  const onFailed = (r: { url(): string; failure(): { errorText: string } | null }) =>
    problems.push(`request failed: ${r.url().slice(0, 120)} (${r.failure()?.errorText ?? '?'})`);
  page.on('console', onConsole);
  page.on('pageerror', onPageError);
  page.on('requestfailed', onFailed);
  try {
    await page.goto(pathToFileURL(join(dir, rel)).href, { waitUntil: 'load' });
    // MathJax (notebook pages) typesets asynchronously: wait for its queue to drain
    const hasMathJax = await page.evaluate(() => typeof (globalThis as { MathJax?: unknown }).MathJax !== 'undefined');
    if (hasMathJax) {
      await page.evaluate(
        () =>
          new Promise<void>((done) => {
            const mj = (globalThis as unknown as { MathJax: { Hub: { Queue(f: () => void): void } } }).MathJax;
            mj.Hub.Queue(() => done());
          }),
      );
    }
    const math = await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: PageDoc }).document;
      return {
        typeset: doc.querySelectorAll('.MathJax_SVG, .MathJax_SVG_Display').length,
        errors: doc.body.innerText.includes('Math Processing Error'),
        // text that still shows $…$ after typesetting (notebook pages: markdown cells only, code has `${…}`)
        untypeset: Array.from(doc.querySelectorAll('.jp-MarkdownOutput, h1, td, h2'))
          .map((e) => e.textContent)
          .filter((t) => /\$[^$\s][^$]*\$/.test(t)),
      };
    });
    if (math.errors) problems.push('MathJax: Math Processing Error on the page');
    for (const t of math.untypeset.slice(0, 3)) problems.push(`math not typeset: ${t.slice(0, 80)}`);

    // interactive figures: drawn by plotly
    await page
      .waitForFunction(
        () => {
          const doc = (globalThis as unknown as { document: PageDoc }).document;
          const all = doc.querySelectorAll('.msms-plotly');
          return Array.from(all).every((e) => e.getAttribute('data-rendered') === 'true');
        },
        undefined,
        { timeout: 30_000 },
      )
      .catch(() => problems.push('an interactive figure was not drawn within 30 s'));
    const figures = page.locator('.msms-plotly, .jp-OutputArea-output img');
    const count = await figures.count();
    for (let i = 0; i < count; i++) {
      const el = figures.nth(i);
      await el.scrollIntoViewIfNeeded();
      const shot = await el.screenshot({ animations: 'disabled' });
      const s = pixelStats(decodePng(shot));
      if (
        !(s.nonBackgroundFraction > MIN_NON_BACKGROUND_FRACTION) ||
        !(s.stdLuma > MIN_LUMA_STD) ||
        !(s.distinctColors > MIN_DISTINCT_COLOURS)
      ) {
        problems.push(
          `figure ${i + 1} looks blank (non-background ${(100 * s.nonBackgroundFraction).toFixed(1)} %, ` +
            `luma std ${s.stdLuma.toFixed(1)}, ${s.distinctColors} colours)`,
        );
      }
    }
    if (rel === 'index.html') {
      const links = await page.evaluate(() => {
        const doc = (globalThis as unknown as { document: PageDoc }).document;
        return Array.from(doc.querySelectorAll('a')).map((a) => a.getAttribute('href') ?? '');
      });
      for (const p of pages.filter((x) => x !== 'index.html')) {
        if (!links.includes(p)) problems.push(`index.html does not link ${p}`);
      }
      for (const l of links) if (!existsSync(join(dir, l))) problems.push(`index.html links a missing page: ${l}`);
    }
    return {
      problems,
      note: `${count} figure${count === 1 ? '' : 's'}${math.typeset ? `, ${math.typeset} formulas` : ''}`,
    };
  } finally {
    page.off('console', onConsole);
    page.off('pageerror', onPageError);
    page.off('requestfailed', onFailed);
  }
}

/** The DOM API used inside the page (the kit compiles without the DOM typings). */
interface PageElement {
  getAttribute(name: string): string | null;
  textContent: string;
}
interface PageDoc {
  querySelectorAll(sel: string): ArrayLike<PageElement>;
  body: { innerText: string };
}

const t0 = performance.now();
const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: [...CHROMIUM_ARGS] });
let failed = 0;
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  for (const rel of pages) {
    const { problems, note } = await checkPage(page, rel);
    console.log(`${problems.length ? 'FAIL' : 'ok  '}  ${rel}  (${note})`);
    for (const p of problems) console.log(`      ${p}`);
    if (problems.length) failed++;
  }
} finally {
  await browser.close();
}
console.log(`site:check: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
console.log(`${pages.length} pages checked, ${failed} failed`);
process.exit(failed ? 1 : 0);
