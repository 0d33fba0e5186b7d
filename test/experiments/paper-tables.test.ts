/**
 * The committed paper-size tables (data/paper/<stem>/, written by `npm run paper` and, for
 * the two studies beyond the paper, `npm run figures -- --fig aging|handover --size paper`,
 * both through lib/experiments/paperSet.ts; checked by lib/experiments/paper.ts): every
 * folder present — the six sweep figures and the two studies, TABLE_FIGURES — must match
 * its figure's declared grid (tableSweep(fig, { size: 'paper' }): points × schemes) and
 * drop count, hold finite metrics (a study: and the headline its results give), and name
 * the code version that produced it — a commit of this repository, a clean work tree, the
 * current pipeline version (a study: its runner's current version). A folder that is
 * partly there or inconsistent fails. Figures without tables yet are named by a test that
 * checks their folder is absent (not skipped silently).
 *
 * The checker itself is tested on small fixtures written by the same writer: it passes
 * the fixture, then fails on each kind of damage (missing row, repeated row, NaN metric,
 * wrong drop count, another grid, unknown commit, dirty tree, stale pipeline version, missing
 * file, summary disagreeing with the results, a sidecar row count that is not the table's;
 * for a study: a stale runner version, a headline that is not what the results give, a
 * missing headline, a headline without a scheme; for handover: a headline cell where the
 * results never reach the value and the converse, a stale handover runner version).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TaskRecord } from '../../lib/experiments/checkpoint.js';
import { type SweepConfig, expandPoints, schemesAt } from '../../lib/experiments/config.js';
import { TABLE_FIGURES, studySweep } from '../../lib/experiments/figures.js';
import { claimsOf } from '../../lib/experiments/claims.js';
import { studyHeadline } from '../../lib/experiments/agingAnalysis.js';
import { AGING_RUNNER_VERSION } from '../../lib/experiments/agingRunner.js';
import { HANDOVER_RUNNER_VERSION } from '../../lib/experiments/handoverRunner.js';
import type { SweepRun } from '../../lib/experiments/engine.js';
import {
  type CodeVersion,
  type PaperInvocation,
  type PaperRunInfo,
  checkPaperTables,
  describePaperTables,
  paperFigure,
  paperFolders,
  paperTableDir,
  readPaperTables,
} from '../../lib/experiments/paper.js';
import {
  INVOCATIONS_FILE,
  logInvocation,
  machineInfo,
  paperRunInfo,
  writePaperTableFiles,
  writePaperTables,
} from '../../lib/experiments/paperSet.js';
import { readTable } from '../../lib/experiments/results.js';
import { projectRoot } from '../../lib/experiments/paths.js';
import { PIPELINE_VERSION } from '../../lib/experiments/pipeline.js';
import { gitCommit } from '../../lib/experiments/provenance.js';
import { Rng } from '../../lib/random/index.js';

const root = projectRoot();

describe('committed paper-size tables (data/paper)', () => {
  const { present, stray } = paperFolders(root);
  const absent = TABLE_FIGURES.filter((f) => !present.includes(f));

  it('data/paper holds only the folders of the sweep figures and the two studies', () => {
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

describe('the study tables (aging) on a fixture', () => {
  const dir0 = mkdtempSync(join(tmpdir(), 'msms-study-'));
  afterAll(() => rmSync(dir0, { recursive: true, force: true }));
  // the committed aging sweep with 3 drops (the checker is told so), synthetic metrics:
  // R_kept falls linearly from R_fresh, refresh CPU times per scheme
  const config = studySweep('aging', { size: 'paper', drops: 3 });
  const rng = new Rng('study-fixture');
  const records: TaskRecord[] = expandPoints(config).flatMap((params, point) =>
    Array.from({ length: config.drops }, (_, drop) => ({
      point,
      drop,
      params,
      schemes: schemesAt(config, params).map((s, i) => {
        const fresh = 200 + 50 * i + 10 * rng.uniform();
        const kept = fresh * Math.max(0.05, 1 - Number(params.dtS) / (12 + 4 * (i % 2) + rng.uniform()));
        return {
          scheme: s.name,
          metrics: {
            rateKept: kept,
            rateFresh: fresh,
            keptFraction: kept / fresh,
            rateUpperKept: kept + 30,
            rateUpperFresh: fresh + 30,
            iterations: s.precoder === 'cdwm' ? 20 : 0,
            clusteringCpuMs: 0.6 + 0.1 * rng.uniform(),
            beamCpuMs: 3.123456,
            precodeCpuMs: 10 * (i + 1) + rng.uniform(),
            refreshCpuMs: 14 * (i + 1) + rng.uniform(),
            utsUnserved: 0,
          },
        };
      }),
      stageMs: { geometryMs: 500 },
      info: { meanElevationDeg: 41 + rng.uniform(), beamDrift: Number(params.dtS) / 10 },
      finishedAt: '2026-01-01T00:00:00.000Z',
    })),
  );
  const head = gitCommit(root);
  const code: CodeVersion = {
    kitVersion: '0.1.0',
    gitCommit: head,
    gitDirty: false,
    pipelineVersion: PIPELINE_VERSION,
    runnerVersion: AGING_RUNNER_VERSION,
  };
  const invocation: PaperInvocation = {
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:10:00.000Z',
    wallMs: 600_000,
    cpuMs: 1_100_000,
    computed: records.length,
    workers: 2,
    gitCommit: head,
    gitDirty: false,
    command: 'npm run figures -- --fig aging --size paper',
  };
  const run: SweepRun = {
    id: 'aging-paper-test',
    dir: null,
    config,
    points: expandPoints(config),
    records,
    computed: records.length,
    reused: 0,
    totalTasks: records.length,
    complete: true,
    shardComplete: true,
    elapsedMs: 600_000,
    workers: 2,
    interrupted: false,
  };
  let n = 0;
  const fixture = (damage: (dir: string) => void = () => undefined, c: CodeVersion = code): string[] => {
    const dir = join(dir0, `case-${n++}`);
    writePaperTableFiles(dir, 'aging', config, records, run.id, paperRunInfo(run, invocation), c);
    damage(dir);
    return checkPaperTables(dir, 'aging', { root, expected: config });
  };
  const editCsv = (file: string, f: (lines: string[]) => string[]) => (dir: string) => {
    const p = join(dir, file);
    writeFileSync(p, f(readFileSync(p, 'utf8').trimEnd().split('\n')).join('\n') + '\n');
  };

  it('writes the six files of a study (results, summary, headline and their sidecars) and passes the checker', () => {
    expect(fixture()).toEqual([]);
    const dir = join(dir0, `case-${n - 1}`);
    const headline = readTable(join(dir, 'headline.csv'));
    expect(headline.map((r) => r.scheme)).toEqual(config.schemes.map((s) => s.name));
    const side = JSON.parse(readFileSync(join(dir, 'headline.json'), 'utf8')) as Record<string, unknown>;
    expect(side.table).toBe('headline');
    expect(side.figure).toBe('aging');
    expect(side.size).toBe('custom');
    expect((side.code as CodeVersion).runnerVersion).toBe(AGING_RUNNER_VERSION);
    expect((side.run as PaperRunInfo).invocations).toEqual([invocation]);
    // wall-clock timings left out, rates rounded to 1e-4, CPU times to 0.01 ms
    const results = readFileSync(join(dir, 'results.csv'), 'utf8');
    expect(results.split('\n')[0]).not.toContain('geometryMs');
    expect(results).toContain(',3.12,');
    const kept = readTable(join(dir, 'results.csv')).map((r) => Number(r.rateKept) * 1e4);
    expect(kept.every((x) => Math.abs(x - Math.round(x)) < 1e-6)).toBe(true);
  });

  it.each([
    [
      'a headline cell that is not what the results give',
      editCsv('headline.csv', (l) => [l[0], l[1].replace(/^MS²DFT,3,/, 'MS²DFT,3,9'), ...l.slice(2)]),
      /headline\.csv row 2 \(MS²DFT\): rateAtT0 = 9.*, the results give/,
    ],
    [
      'a headline without a scheme',
      editCsv('headline.csv', (l) => l.slice(0, -1)),
      /headline\.csv: schemes .*, expected one row per scheme/,
    ],
    ['a missing headline', (d: string) => unlinkSync(join(d, 'headline.csv')), /headline\.csv is missing/],
    [
      'a non-finite rate',
      editCsv('results.csv', (l) => {
        const col = l[0].split(',').indexOf('rateKept');
        const cells = l[1].split(',');
        cells[col] = '';
        return [l[0], cells.join(','), ...l.slice(2)];
      }),
      /results\.csv row 2: rateKept = NaN is not a finite number >= 0/,
    ],
    [
      'a missing row',
      editCsv('results.csv', (l) => l.slice(0, -1)),
      /results\.csv lacks 1 of 180 rows, e\.g\. point 11 \(dtS = 30\), drop 2, MS²CDWM-Full/,
    ],
  ])('rejects %s', (_name, damage, message) => {
    expect(fixture(damage).join('\n')).toMatch(message);
  });

  it('rejects tables of another runner version, naming the command that rewrites them', () => {
    expect(fixture(undefined, { ...code, runnerVersion: '0' }).join('\n')).toContain(
      'computed by runner version "0" of lib/experiments/agingRunner.ts, the code is at ' +
        `${AGING_RUNNER_VERSION}: rerun \`npm run figures -- --fig aging --size paper\``,
    );
    // the pipeline version is not the study's: a study is checked against its own runner
    expect(fixture(undefined, { ...code, pipelineVersion: 'old' })).toEqual([]);
  });

  it('refuses the fixture as the committed tables (3 drops, not 24)', () => {
    const problems = checkPaperTables(join(dir0, 'case-0'), 'aging', { root }).join('\n');
    expect(problems).toMatch(/config\.drops is 3, expected 24/);
    expect(problems).toMatch(/size is "custom", expected "paper"/);
  });

  it('is read by the shared reader and redrawn from its tables alone, with its size label', () => {
    const fakeRoot = join(dir0, 'root');
    writePaperTableFiles(
      paperTableDir(fakeRoot, 'aging'),
      'aging',
      config,
      records,
      run.id,
      paperRunInfo(run, invocation),
      code,
    );
    const t = readPaperTables('aging', { root: fakeRoot, expected: config });
    expect(t.sweep).toBe('aging');
    expect(t.dir).toBe('data/paper/fig-aging');
    expect(t.headline?.length).toBe(5);
    expect(t.wallTimeS).toBe(600);
    expect(t.cpuTimeS).toBe(1100);
    expect(describePaperTables(t)).toMatch(
      /^data\/paper\/fig-aging: 12 points × 3 drops \(seed 1\), code [0-9a-f]{12}\n {2}computed in 10\.0 min wall, 18\.3 min CPU$/,
    );
    const figure = paperFigure(t);
    expect(new Set(figure.data.map((d) => d.xaxis ?? 'x'))).toEqual(new Set(['x', 'x2', 'x3']));
    const notes = ((figure.layout?.annotations as Array<{ text?: string }>) ?? []).map((a) => String(a.text ?? ''));
    expect(notes.filter((x) => x.includes('per point'))).toEqual([
      `committed grid: 3 drops per point · commit ${String(head).slice(0, 7)} · bands: 95 % CI over drops`,
    ]);
    expect(() => readPaperTables('handover', { root: fakeRoot })).toThrow(
      'data/paper/fig-handover/ is missing: run `npm run figures -- --fig handover --size paper` to compute it',
    );
  });

  it('writes the committed tables only from the committed size, with every logged invocation in the run info', () => {
    const runDir = join(dir0, 'run');
    mkdirSync(runDir);
    const logged = { ...run, dir: runDir };
    const first = { ...invocation, computed: 100, workers: 1 };
    const second = {
      ...invocation,
      startedAt: '2026-01-02T00:00:00.000Z',
      finishedAt: '2026-01-02T00:00:01.000Z',
      wallMs: 1000,
      cpuMs: 1500,
      computed: 80,
    };
    logInvocation(logged, first);
    logInvocation(logged, { ...invocation, computed: 0 }); // computed nothing: not logged
    logInvocation(logged, second);
    expect(readFileSync(join(runDir, INVOCATIONS_FILE), 'utf8').trim().split('\n').length).toBe(2);
    // re-written later from the finished checkpoint: this call computed nothing, with no workers
    const rewrite = {
      ...invocation,
      startedAt: '2026-01-03T00:00:00.000Z',
      finishedAt: '2026-01-03T00:00:05.000Z',
      computed: 0,
      workers: 0,
      command: 'npm run figures -- --fig aging --size paper',
    };
    const info = paperRunInfo(logged, rewrite);
    expect(info.invocations).toEqual([first, second]);
    expect(info.wallMs).toBe(601_000);
    expect(info.cpuMs).toBe(1_101_500);
    expect(info.workers).toBe(2);
    expect(info.startedAt).toBe(first.startedAt);
    expect(info.finishedAt).toBe(second.finishedAt);
    expect(info.command).toBe(rewrite.command);
    // 3 drops is not the committed size: never written over data/paper
    expect(() => writePaperTables(join(dir0, 'root2'), 'aging', run, info, code)).toThrow(
      'aging: not the standard paper-size sweep (drops 3, the committed size has 24); tables not written',
    );
    expect(studyHeadline('aging', []).length).toBe(0);
  });

  it('names the machine an invocation carried over from an older sidecar recorded, else this one', () => {
    const elsewhere = { cpuModel: 'Elsewhere CPU', cores: 64, memoryGb: 256, os: 'linux 1.0', node: 'v0.1' };
    const carried = { ...invocation, note: 'carried over', machine: elsewhere };
    const dir = join(dir0, 'carried');
    writePaperTableFiles(dir, 'aging', config, records, run.id, paperRunInfo(run, carried), code);
    for (const f of ['results.json', 'summary.json', 'headline.json']) {
      const side = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { machine: unknown };
      expect(side.machine).toEqual(elsewhere);
    }
    expect(checkPaperTables(dir, 'aging', { root, expected: config })).toEqual([]);
    const here = JSON.parse(readFileSync(join(dir0, 'case-0', 'results.json'), 'utf8')) as { machine: unknown };
    expect(here.machine).toEqual(machineInfo());
  });
});

describe('the study tables (handover) on a fixture', () => {
  const dir0 = mkdtempSync(join(tmpdir(), 'msms-handover-'));
  afterAll(() => rmSync(dir0, { recursive: true, force: true }));
  // the committed handover sweep with 2 drops, synthetic metrics: the frozen association never
  // changes (its time to half the UTs changed is never reached: an empty headline cell)
  const config = studySweep('handover', { size: 'paper', drops: 2 });
  const rng = new Rng('handover-fixture');
  const records: TaskRecord[] = expandPoints(config).flatMap((params, point) =>
    Array.from({ length: config.drops }, (_, drop) => ({
      point,
      drop,
      params,
      schemes: schemesAt(config, params).map((s, i) => {
        const t = Number(params.tS);
        const changed = i === 0 ? 0 : Math.min(1, t / (40 + 40 * (2 - i) + 10 * rng.uniform()));
        return {
          scheme: s.name,
          metrics: {
            rateErgodic: i === 2 ? 370 + 5 * rng.uniform() : 370 * Math.exp(-t / 150) + rng.uniform(),
            rateUpper: 420 + rng.uniform(),
            utsChangedVsT0: Math.round(48 * changed),
            changedFraction: changed,
            handoversPerUtMin: t === 0 || i === 0 ? 0 : (2.4 / (3 - i)) * (0.9 + 0.2 * rng.uniform()),
            clusteringCpuMs: i === 0 ? 0 : 0.5 + 0.2 * rng.uniform(),
            precodeCpuMs: 30 + rng.uniform(),
            utsUnserved: i === 2 ? 0 : Math.floor(t / 20),
          },
        };
      }),
      stageMs: { setupMs: 800 },
      info: { setReplacedFraction: Math.min(1, Number(params.tS) / 200), meanElevationDeg: 44 },
      finishedAt: '2026-01-01T00:00:00.000Z',
    })),
  );
  const code: CodeVersion = {
    kitVersion: '0.1.0',
    gitCommit: gitCommit(root),
    gitDirty: false,
    pipelineVersion: PIPELINE_VERSION,
    runnerVersion: HANDOVER_RUNNER_VERSION,
  };
  const info: PaperRunInfo = {
    wallMs: 300_000,
    cpuMs: 220_000,
    workers: 2,
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:05:00.000Z',
    command: 'npm run figures -- --fig handover --size paper',
    invocations: [],
  };
  let n = 0;
  const fixture = (damage: (dir: string) => void = () => undefined, c: CodeVersion = code): string[] => {
    const dir = join(dir0, `case-${n++}`);
    writePaperTableFiles(dir, 'handover', config, records, 'handover-paper-test', info, c);
    damage(dir);
    return checkPaperTables(dir, 'handover', { root, expected: config });
  };
  /** Replace the cell `col` of the headline row of `scheme`. */
  const editHeadline = (scheme: string, col: string, value: string) => (dir: string) => {
    const p = join(dir, 'headline.csv');
    const lines = readFileSync(p, 'utf8').trimEnd().split('\n');
    const j = lines[0].split(',').indexOf(col);
    const out = lines.map((l) => {
      const cells = l.split(',');
      if (cells[0] === scheme) cells[j] = value;
      return cells.join(',');
    });
    writeFileSync(p, out.join('\n') + '\n');
  };

  it('passes the checker, with an empty headline cell where the results never reach the value', () => {
    expect(fixture()).toEqual([]);
    const headline = readTable(join(dir0, 'case-0', 'headline.csv'));
    expect(headline.map((r) => r.scheme)).toEqual(['Frozen', 'Re-clustered', 'Re-clustered + nearest set']);
    expect(Number.isNaN(Number(headline[0].halfUtsChangedS))).toBe(true);
    expect(Number(headline[2].halfUtsChangedS)).toBeGreaterThan(0);
  });

  it.each([
    [
      'a number where the results never reach the value',
      editHeadline('Frozen', 'halfUtsChangedS', '120'),
      /headline\.csv row 2 \(Frozen\): halfUtsChangedS = 120, the results give empty/,
    ],
    [
      'an empty cell where the results give a value',
      editHeadline('Re-clustered + nearest set', 'handoversPerUtMin', ''),
      /headline\.csv row 4 \(Re-clustered \+ nearest set\): handoversPerUtMin = empty, the results give \d/,
    ],
    [
      'a rate kept at the end off by 0.1 %',
      (d: string) => {
        const t = readTable(join(d, 'headline.csv'));
        const x = Number(t[1].rateAtEnd);
        editHeadline('Re-clustered', 'rateAtEnd', String(Number((x * 1.001).toFixed(4))))(d);
      },
      /headline\.csv row 3 \(Re-clustered\): rateAtEnd = .*, the results give/,
    ],
    ['a missing headline sidecar', (d: string) => unlinkSync(join(d, 'headline.json')), /headline\.json is missing/],
  ])('rejects %s', (_name, damage, message) => {
    expect(fixture(damage).join('\n')).toMatch(message);
  });

  it('rejects tables of another version of the handover runner', () => {
    expect(fixture(undefined, { ...code, runnerVersion: 'stale' }).join('\n')).toContain(
      `computed by runner version "stale" of lib/experiments/handoverRunner.ts, the code is at ` +
        `${HANDOVER_RUNNER_VERSION}: rerun \`npm run figures -- --fig handover --size paper\``,
    );
  });
});
