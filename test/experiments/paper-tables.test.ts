/**
 * The committed paper-size tables (data/paper/<stem>/, written by `npm run paper`,
 * lib/experiments/paperSet.ts; checked by lib/experiments/paper.ts): every figure folder present must match its figure's
 * declared grid (figureSweep(fig, { size: 'paper' }): points × schemes) and drop count,
 * hold finite metrics, and name the code version that produced it — a commit of this
 * repository, a clean work tree, the current pipeline version. A folder that is partly
 * there or inconsistent fails. Figures without tables yet are named by a test that checks
 * their folder is absent (not skipped silently).
 *
 * The checker itself is tested on a small fixture written by the same writer: it passes
 * the fixture, then fails on each kind of damage (missing row, repeated row, NaN metric,
 * wrong drop count, another grid, unknown commit, dirty tree, stale pipeline version, missing
 * file, summary disagreeing with the results, a sidecar row count that is not the table's).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TaskRecord } from '../../lib/experiments/checkpoint.js';
import { type SweepConfig, expandPoints, schemesAt } from '../../lib/experiments/config.js';
import { SWEEP_FIGURES } from '../../lib/experiments/figures.js';
import { claimsOf } from '../../lib/experiments/claims.js';
import {
  type CodeVersion,
  type PaperRunInfo,
  checkPaperTables,
  paperFigure,
  paperFolders,
  paperTableDir,
  readPaperTables,
} from '../../lib/experiments/paper.js';
import { writePaperTableFiles } from '../../lib/experiments/paperSet.js';
import { projectRoot } from '../../lib/experiments/paths.js';
import { PIPELINE_VERSION } from '../../lib/experiments/pipeline.js';
import { gitCommit } from '../../lib/experiments/provenance.js';
import { Rng } from '../../lib/random/index.js';

const root = projectRoot();

describe('committed paper-size tables (data/paper)', () => {
  const { present, stray } = paperFolders(root);
  const absent = SWEEP_FIGURES.filter((f) => !present.includes(f));

  it('data/paper holds only the folders of sweep figures', () => {
    expect(stray).toEqual([]);
  });

  it.each(present.map((f) => [f]))('%s: matches its declared grid and drops, finite, from a known commit', (fig) => {
    expect(checkPaperTables(paperTableDir(root, fig), fig, { root })).toEqual([]);
  });

  if (absent.length > 0) {
    it(`no paper-size tables yet for ${absent.join(', ')} (\`npm run paper\` writes them)`, () => {
      for (const f of absent) expect(existsSync(paperTableDir(root, f))).toBe(false);
    });
  }
});

describe('checkPaperTables on a fixture', () => {
  const dir0 = mkdtempSync(join(tmpdir(), 'msms-paper-'));
  afterAll(() => rmSync(dir0, { recursive: true, force: true }));
  const config: SweepConfig = {
    name: 'fig3-paper',
    seed: 1,
    drops: 3,
    base: { Sk: 4, ptDbm: 30 },
    grid: { Mk: [1, 2] },
    schemes: [
      { name: 'LIB', precoder: 'lib', beams: 'lcms' },
      { name: 'MS²CDWM', precoder: 'cdwm', beams: 'lcms' },
    ],
  };
  const head = gitCommit(root);
  const code: CodeVersion = {
    kitVersion: '0.1.0',
    gitCommit: head,
    gitDirty: false,
    pipelineVersion: PIPELINE_VERSION,
  };
  const info: PaperRunInfo = {
    wallMs: 1000,
    cpuMs: 1900,
    workers: 2,
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.000Z',
    command: 'npm run paper',
    invocations: [],
  };
  const rng = new Rng('paper-fixture');
  const records: TaskRecord[] = expandPoints(config).flatMap((params, point) =>
    Array.from({ length: config.drops }, (_, drop) => ({
      point,
      drop,
      params,
      schemes: schemesAt(config, params).map((s) => ({
        scheme: s.name,
        metrics: {
          rateErgodic: 100 + 50 * rng.uniform(),
          rateUpper: 160 + 50 * rng.uniform(),
          cdwmIterations: 20,
          precodeMs: 5,
          precodeCpuMs: 4.123456,
          beamMs: 1,
          beamCpuMs: 0.5,
          rateMs: 2,
        },
      })),
      stageMs: { geometryMs: 3 },
      info: { meanElevationDeg: 40 + rng.uniform(), meanSnrDb: 10 },
      finishedAt: '2026-01-01T00:00:00.000Z',
    })),
  );
  let n = 0;
  /** A fresh copy of the valid fixture, damaged by `damage`. */
  const fixture = (damage: (dir: string) => void = () => undefined, c: CodeVersion = code): string[] => {
    const dir = join(dir0, `case-${n++}`);
    writePaperTableFiles(dir, 'fig3', config, records, 'fig3-paper-abc', info, c);
    damage(dir);
    return checkPaperTables(dir, 'fig3', { root, expected: config });
  };
  const editCsv = (file: string, f: (lines: string[]) => string[]) => (dir: string) => {
    const p = join(dir, file);
    writeFileSync(p, f(readFileSync(p, 'utf8').trimEnd().split('\n')).join('\n') + '\n');
  };
  const editJson = (file: string, f: (j: Record<string, unknown>) => void) => (dir: string) => {
    const p = join(dir, file);
    const j = JSON.parse(readFileSync(p, 'utf8')) as Record<string, unknown>;
    f(j);
    writeFileSync(p, JSON.stringify(j));
  };

  it('accepts the intact fixture, whose tables drop wall-clock timings and round the rest', () => {
    expect(fixture()).toEqual([]);
    const dir = join(dir0, `case-${n - 1}`);
    const header = readFileSync(join(dir, 'results.csv'), 'utf8').split('\n')[0].split(',');
    expect(header).toEqual([
      'point',
      'drop',
      'Mk',
      'Sk',
      'ptDbm',
      'scheme',
      'rateErgodic',
      'rateUpper',
      'cdwmIterations',
      'precodeCpuMs',
      'beamCpuMs',
      'meanElevationDeg',
      'meanSnrDb',
    ]);
    expect(readFileSync(join(dir, 'results.csv'), 'utf8')).toContain(',4.12,0.5,');
  });

  it.each([
    ['a missing row', editCsv('results.csv', (l) => l.slice(0, -1)), /lacks 1 of 12 rows/],
    ['a repeated row', editCsv('results.csv', (l) => [...l, l[1]]), /appears twice/],
    [
      'a NaN metric',
      editCsv('results.csv', (l) => [l[0], l[1].replace(/,20,/, ',NaN,'), ...l.slice(2)]),
      /cdwmIterations = NaN/,
    ],
    [
      'a point outside the grid',
      editCsv('results.csv', (l) => [l[0], l[1].replace(/^0,/, '7,'), ...l.slice(2)]),
      /not in the grid/,
    ],
    ['a wrong drop count', editJson('results.json', (j) => (j.drops = 100)), /results\.json: drops is 100, expected 3/],
    [
      'a configuration with other drops',
      editJson('results.json', (j) => ((j.config as SweepConfig).drops = 100)),
      /results\.json: config\.drops is 100, expected 3/,
    ],
    [
      'another grid',
      editJson('summary.json', (j) => ((j.config as SweepConfig).grid = { Mk: [1, 2, 3] })),
      /summary\.json: grid Mk ∈ \{1, 2, 3\} is not the expected sweep \(Mk ∈ \{1, 2\}\)/,
    ],
    ['a missing file', (d: string) => unlinkSync(join(d, 'summary.json')), /summary\.json is missing/],
    [
      'a summary that disagrees with the results',
      editCsv('summary.csv', (l) => [l[0], l[1].replace(/,3,(\d)/, ',3,9$1'), ...l.slice(2)]),
      /summary\.csv row 2 \(point 0, LIB\): rateErgodic_mean = .*, the results give/,
    ],
    [
      'a sidecar row count that is not the table’s',
      editJson('summary.json', (j) => (j.rows = 5)),
      /rows is 5, summary\.csv has 4/,
    ],
    [
      'a summary with the wrong n',
      editCsv('summary.csv', (l) => [l[0], l[1].replace(/,3,/, ',2,'), ...l.slice(2)]),
      /n = 2, expected 3 drops/,
    ],
  ])('rejects %s', (_name, damage, message) => {
    const problems = fixture(damage);
    expect(problems.join('\n')).toMatch(message);
  });

  it('rejects code versions that do not name what produced the tables', () => {
    expect(fixture(undefined, { ...code, gitDirty: true }).join('\n')).toMatch(/uncommitted changes/);
    expect(fixture(undefined, { ...code, pipelineVersion: 'old' }).join('\n')).toMatch(/pipeline version "old"/);
    expect(fixture(undefined, { ...code, gitCommit: null }).join('\n')).toMatch(/must name the commit/);
    if (head) {
      // a well-formed hash that is no commit of this repository
      expect(fixture(undefined, { ...code, gitCommit: 'f'.repeat(40) }).join('\n')).toMatch(
        /not a commit of this repository/,
      );
    }
  });

  it('a figure is drawn from the tables alone (what --from-tables does), with the claims checked', () => {
    const fakeRoot = join(dir0, 'root');
    writePaperTableFiles(paperTableDir(fakeRoot, 'fig3'), 'fig3', config, records, 'fig3-paper-abc', info, code);
    // the fake root is no git repository: the commit cannot be looked up there (null = unknown, not a failure)
    const t = readPaperTables('fig3', { root: fakeRoot, expected: config });
    expect(t.sidecar.drops).toBe(3);
    const figure = paperFigure(t);
    expect(figure.data.length).toBeGreaterThan(0);
    expect(claimsOf('fig3', t.rows).length).toBeGreaterThan(0);
    expect(() => readPaperTables('fig4', { root: fakeRoot })).toThrow(
      'data/paper/fig4-users/ is missing: run `npm run paper -- --fig 4` (or `npm run paper` for every figure) to compute it',
    );
    unlinkSync(join(paperTableDir(fakeRoot, 'fig3'), 'summary.csv'));
    expect(() => readPaperTables('fig3', { root: fakeRoot, expected: config })).toThrow(
      'data/paper/fig3-streams/summary.csv is missing: run `npm run paper -- --fig 3` (or `npm run paper` for every figure) to compute it',
    );
  });
});
