/**
 * The reader and checker of committed paper-size tables (lib/experiments/paper.ts) on a
 * fixture made from a real small sweep by the writer of `npm run paper`
 * (test/fixtures/paper/gen-paper-fixture.ts: the Fig. 3 paper grid, 2 drops): what it
 * returns, null when absent, one clear error per kind of damage, the claims on it, and the
 * one size label every figure carries (`sizeLabel`).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLAIMS_TABLE_WIDTH, claimsOf, formatClaims } from '../../lib/experiments/claims.js';
import { expandPoints, schemesAt } from '../../lib/experiments/config.js';
import { ALL_FIGURES, figureSweep, sizeLabel, studySweep, sweepOfFigure } from '../../lib/experiments/figures.js';
import {
  type PaperCheckOptions,
  type PaperSidecar,
  PaperTablesError,
  ROUNDING,
  checkPaperTables,
  describePaperTables,
  paperFigure,
  paperTables,
} from '../../lib/experiments/paper.js';
import { figureFromSummary } from '../../lib/experiments/plots.js';
import type { ResultRow } from '../../lib/experiments/results.js';
import type { Figure } from '../../lib/plots/index.js';

const FIXTURE = join('test', 'fixtures', 'paper');
const STEM = 'fig3-streams';
const sidecar = JSON.parse(readFileSync(join(FIXTURE, STEM, 'results.json'), 'utf8')) as PaperSidecar;
/**
 * What the fixture is: the Fig. 3 paper grid with 2 drops. Its pipeline version is its own
 * (the check that tables come from the current pipeline is tested in paper-tables.test.ts;
 * here it would make every pipeline change regenerate this fixture).
 */
const AS_FIXTURE: PaperCheckOptions = {
  expected: figureSweep('fig3', { size: 'paper', drops: 2 }),
  pipelineVersion: sidecar.code.pipelineVersion,
};
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A damaged copy of the fixture: `damage` edits files in <tmp>/fig3-streams. */
function damaged(damage: (dir: string) => void): string {
  const base = mkdtempSync(join(tmpdir(), 'msms-paper-'));
  dirs.push(base);
  cpSync(join(FIXTURE, STEM), join(base, STEM), { recursive: true });
  damage(join(base, STEM));
  return base;
}

const edit = (path: string, f: (text: string) => string) => writeFileSync(path, f(readFileSync(path, 'utf8')));

/** Annotations of a figure whose text says the drops per point (the size note). */
const sizeNotes = (f: Figure) =>
  ((f.layout?.annotations as Array<{ text?: string }> | undefined) ?? [])
    .map((a) => String(a.text ?? ''))
    .filter((t) => t.includes('per point'));

describe('paperTables', () => {
  it('reads the tables, the configuration and the code version of a figure', () => {
    const t = paperTables('fig3', { dir: FIXTURE, ...AS_FIXTURE });
    expect(t).not.toBeNull();
    if (t === null) return;
    expect(t.dir).toBe(join(FIXTURE, STEM));
    expect(t.drops).toBe(2);
    expect(t.config.grid).toEqual({ Mk: [1, 2, 3, 4] });
    expect(t.rows.length).toBe(4 * 2 * 4); // points × drops × schemes
    expect(t.summary.length).toBe(4 * 4);
    expect(t.summary.every((r) => r.n === 2)).toBe(true);
    expect(t.codeVersion).toMatch(/^[0-9a-f]{12}$/);
    expect(describePaperTables(t)).toMatch(
      /^test\/fixtures\/paper\/fig3-streams: 4 points × 2 drops \(seed 1\), code [0-9a-f]{12}\n {2}computed in \d+\.\d min wall, \d+\.\d min CPU$/,
    );
  });

  it('the fixture is in the format `npm run paper` writes (rounded, no wall-clock timings) and passes the checker', () => {
    expect(checkPaperTables(join(FIXTURE, STEM), 'fig3', AS_FIXTURE)).toEqual([]);
    expect(sidecar.size).toBe('custom');
    // every column rounded as ROUNDING says (ROUNDING also holds the studies' columns)
    const base = (c: string) => c.replace(/_(mean|ci95)$/, '');
    for (const c of sidecar.columns) expect(sidecar.rounding[base(c)]).toBe(ROUNDING[base(c)]);
    expect(sidecar.columns.some((c) => c.endsWith('Ms') && !c.endsWith('CpuMs'))).toBe(false);
    const csv = readFileSync(join(FIXTURE, STEM, 'results.csv'), 'utf8');
    const rates = csv
      .split('\n')
      .slice(1, -1)
      .map((l) => l.split(',')[sidecar.columns.indexOf('rateErgodic')]);
    expect(rates.every((x) => /^\d+(\.\d{1,4})?$/.test(x))).toBe(true);
  });

  it('refuses the fixture as the standard paper-size tables (2 drops, not 100)', () => {
    const opts = { dir: FIXTURE, pipelineVersion: AS_FIXTURE.pipelineVersion };
    expect(() => paperTables('fig3', opts)).toThrow(PaperTablesError);
    expect(() => paperTables('fig3', opts)).toThrow(/results\.json: size is "custom", expected "paper"/);
    expect(checkPaperTables(join(FIXTURE, STEM), 'fig3', opts).join('\n')).toMatch(/config\.drops is 2, expected 100/);
  });

  it('is null for a figure without committed tables', () => {
    expect(paperTables('fig2', { dir: FIXTURE })).toBeNull();
    expect(paperTables('bound-gap', { dir: FIXTURE })).toBeNull(); // drawn from Fig. 2's folder
  });

  it('the claims of the figure run on the tables and print a table of lines ≤ 100 characters', () => {
    const t = paperTables('fig3', { dir: FIXTURE, ...AS_FIXTURE });
    const checks = claimsOf('fig3', t?.rows ?? []);
    expect(checks.length).toBe(7);
    expect(checks.every((c) => c.drops === 2)).toBe(true);
    const text = formatClaims(checks);
    expect(Math.max(...text.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(CLAIMS_TABLE_WIDTH);
  });

  it('the figure drawn from the tables carries one size label: grid, drops and commit', () => {
    const t = paperTables('fig3', { dir: FIXTURE, ...AS_FIXTURE });
    if (t === null) throw new Error('fixture missing');
    const notes = sizeNotes(paperFigure(t));
    expect(notes).toEqual([
      `paper grid: 2 drops per point · commit ${t.codeVersion.slice(0, 7)} · bands: 95 % CI over drops`,
    ]);
  });

  it.each([
    ['a missing sidecar', (d: string) => unlinkSync(join(d, 'summary.json')), /summary\.json is missing/],
    ['a missing table', (d: string) => unlinkSync(join(d, 'results.csv')), /results\.csv is missing/],
    [
      'a missing drop',
      (d: string) => edit(join(d, 'results.csv'), (t) => t.split('\n').slice(0, -2).join('\n') + '\n'),
      /results\.csv lacks 1 of 32 rows, e\.g\. point 3 \(Mk = 4\), drop 1, MS²CDWM \(2 drops per point\)/,
    ],
    [
      'a summary that does not summarise the results',
      (d: string) =>
        edit(join(d, 'summary.csv'), (t) => {
          const [head, first, ...rest] = t.split('\n');
          const cols = head.split(',');
          const cells = first.split(',');
          const i = cols.indexOf('rateErgodic_mean');
          cells[i] = String(Number(cells[i]) * 1.01);
          return [head, cells.join(','), ...rest].join('\n');
        }),
      /summary\.csv row 2 \(point 0, MS²DFT\): rateErgodic_mean = [\d.]+, the results give [\d.]+/,
    ],
    [
      'a grid that is not the paper grid',
      (d: string) =>
        ['results.json', 'summary.json'].forEach((f) =>
          edit(join(d, f), (t) => t.replace(/"Mk": \[\s*1,/, '"Mk": [0,')),
        ),
      /results\.json: grid Mk ∈ \{0, 2, 3, 4\} is not the paper grid of fig3 \(Mk ∈ \{1, 2, 3, 4\}\)/,
    ],
    [
      'a header that is not the sidecar column list',
      (d: string) => edit(join(d, 'results.csv'), (t) => t.replace('rateErgodic', 'rate')),
      /results\.csv: header does not match 'columns' of results\.json/,
    ],
    [
      'no code version',
      (d: string) =>
        edit(join(d, 'results.json'), (t) => {
          const j = JSON.parse(t) as Record<string, unknown>;
          delete j.code;
          return JSON.stringify(j);
        }),
      /results\.json: names no code version/,
    ],
    [
      'a sidecar that is not JSON',
      (d: string) => edit(join(d, 'summary.json'), (t) => t.slice(0, 100)),
      /summary\.json is not valid JSON/,
    ],
  ])('names the file and the problem: %s', (_what, damage, message) => {
    const base = damaged(damage);
    expect(() => paperTables('fig3', { dir: base, ...AS_FIXTURE })).toThrow(PaperTablesError);
    expect(() => paperTables('fig3', { dir: base, ...AS_FIXTURE })).toThrow(message);
    // one line
    expect(() => paperTables('fig3', { dir: base, ...AS_FIXTURE })).toThrow(/^[^\n]*$/);
  });
});

describe('sizeLabel: the one size label of a figure', () => {
  it('names the paper size, the quick smoke size, or the grid, drops and seed of any other run', () => {
    expect(sizeLabel('fig2', figureSweep('fig2', { size: 'paper' }))).toBe('paper size: 100 drops per point');
    expect(sizeLabel('fig2', figureSweep('fig2', { size: 'paper' }), { commit: 'abcdef0123456789' })).toBe(
      'paper size: 100 drops per point · commit abcdef0',
    );
    expect(sizeLabel('fig2', figureSweep('fig2', { size: 'quick' }))).toBe('quick smoke size: 4 drops per point');
    expect(sizeLabel('fig2', figureSweep('fig2', { size: 'paper', drops: 2 }))).toBe('paper grid: 2 drops per point');
    expect(sizeLabel('fig2', figureSweep('fig2', { size: 'quick', drops: 50, seed: 3 }))).toBe(
      'quick grid: 50 drops per point, seed 3',
    );
    expect(sizeLabel('fig3', figureSweep('fig3', { size: 'paper', seed: 7 }))).toBe(
      'paper grid: 100 drops per point, seed 7',
    );
    expect(sizeLabel('fig2', { ...figureSweep('fig2'), grid: { Sk: [2], ptDbm: [30] }, drops: 1 })).toBe(
      'custom sweep: 1 drop per point',
    );
  });

  it("calls a study's 'paper' size its committed size (the paper has no such figure)", () => {
    expect(sizeLabel('aging', studySweep('aging', { size: 'paper' }), { commit: 'abcdef0123456789' })).toBe(
      'committed size: 24 drops per point · commit abcdef0',
    );
    expect(sizeLabel('handover', studySweep('handover', { size: 'quick' }))).toBe(
      'quick smoke size: 2 drops per point',
    );
    expect(sizeLabel('handover', studySweep('handover', { size: 'paper', drops: 3 }))).toBe(
      'committed grid: 3 drops per point',
    );
    expect(sizeLabel('aging', studySweep('aging', { size: 'quick', drops: 5, seed: 2 }))).toBe(
      'quick grid: 5 drops per point, seed 2',
    );
  });

  it('every sweep figure draws exactly one size note, the label it is given', () => {
    for (const fig of ALL_FIGURES) {
      if (fig === 'fig8') continue;
      const config = figureSweep(sweepOfFigure(fig) ?? 'fig2', { size: 'quick' });
      // a synthetic summary with every column the figures read
      const summary: ResultRow[] = expandPoints(config).flatMap((params, point) =>
        schemesAt(config, params).map((s, j) => ({
          point,
          ...params,
          scheme: s.name,
          n: 4,
          ...Object.fromEntries(
            ['rateErgodic', 'rateUpper', 'precodeCpuMs', 'beamCpuMs'].flatMap((m) => [
              [`${m}_mean`, 10 + point + j],
              [`${m}_ci95`, 1],
            ]),
          ),
        })),
      );
      const dims = { K: 48, S: 5, NR: 4, Mk: 2, NT: 256, iterations: 30 };
      const label = sizeLabel(sweepOfFigure(fig) ?? 'fig2', config);
      const notes = sizeNotes(figureFromSummary(fig, summary, dims, label));
      expect(notes, fig).toHaveLength(1);
      expect(notes[0], fig).toMatch(/^quick smoke size: 4 drops per point · /);
      // without a label: the drops per point of the summary
      expect(sizeNotes(figureFromSummary(fig, summary, dims)), fig).toEqual([
        expect.stringMatching(/^4 drops per point · /),
      ]);
    }
  });
});
