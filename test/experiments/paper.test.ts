/**
 * The reader of committed paper-size tables (lib/experiments/paper.ts) on a fixture made
 * from a real small sweep (test/fixtures/paper/gen-paper-fixture.ts: the Fig. 3 paper grid,
 * 2 drops): what it returns, null when absent, and one clear error per kind of damage.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLAIMS_TABLE_WIDTH, claimsOf, formatClaims } from '../../lib/experiments/claims.js';
import { PaperTablesError, describePaperTables, paperTables } from '../../lib/experiments/paper.js';

const FIXTURE = join('test', 'fixtures', 'paper');
const STEM = 'fig3-streams';
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

describe('paperTables', () => {
  it('reads the tables, the configuration and the code version of a figure', () => {
    const t = paperTables('fig3', { dir: FIXTURE });
    expect(t).not.toBeNull();
    if (t === null) return;
    expect(t.dir).toBe(join(FIXTURE, STEM));
    expect(t.drops).toBe(2);
    expect(t.config.grid).toEqual({ Mk: [1, 2, 3, 4] });
    expect(t.rows.length).toBe(4 * 2 * 4); // points × drops × schemes
    expect(t.summary.length).toBe(4 * 4);
    expect(t.summary.every((r) => r.n === 2)).toBe(true);
    expect(t.codeVersion).toMatch(/^[0-9a-f]{12}(-dirty)?$/);
    expect(describePaperTables(t)).toMatch(
      /^test\/fixtures\/paper\/fig3-streams: 4 points × 2 drops \(seed 1\), code /,
    );
  });

  it('is null for a figure without committed tables', () => {
    expect(paperTables('fig2', { dir: FIXTURE })).toBeNull();
    expect(paperTables('bound-gap', { dir: FIXTURE })).toBeNull(); // neither its own folder nor Fig. 2's
  });

  it('the claims of the figure run on the tables and print a table of lines ≤ 100 characters', () => {
    const t = paperTables('fig3', { dir: FIXTURE });
    const checks = claimsOf('fig3', t?.rows ?? []);
    expect(checks.length).toBe(7);
    expect(checks.every((c) => c.drops === 2)).toBe(true);
    const text = formatClaims(checks);
    expect(Math.max(...text.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(CLAIMS_TABLE_WIDTH);
  });

  it.each([
    ['a missing sidecar', (d: string) => unlinkSync(join(d, 'summary.json')), /summary\.json is missing/],
    ['a missing table', (d: string) => unlinkSync(join(d, 'results.csv')), /results\.csv is missing/],
    [
      'a missing drop',
      (d: string) => edit(join(d, 'results.csv'), (t) => t.split('\n').slice(0, -2).join('\n') + '\n'),
      /results\.csv: point 3 \(Mk = 4\), drop 1, MS²CDWM is missing \(config: 2 drops per point\)/,
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
      /summary\.csv: point 0, MS²DFT: rateErgodic_mean = [\d.]+, but the results give [\d.]+/,
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
      /results\.csv: header does not match 'columns' of .*results\.json/,
    ],
    [
      'no code version',
      (d: string) =>
        edit(join(d, 'results.json'), (t) => {
          const j = JSON.parse(t) as Record<string, unknown>;
          delete j.codeVersion;
          delete j.provenance;
          return JSON.stringify(j);
        }),
      /results\.json: names no code version/,
    ],
  ])('names the file and the problem: %s', (_what, damage, message) => {
    const base = damaged(damage);
    expect(() => paperTables('fig3', { dir: base })).toThrow(PaperTablesError);
    expect(() => paperTables('fig3', { dir: base })).toThrow(message);
  });
});
