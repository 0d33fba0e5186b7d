/**
 * Writing the committed paper-size results and the pieces of `npm run paper`
 * (scripts/figures.ts --size paper) and of the studies' committed size (agingStudy.ts
 * reproduceStudy, `npm run figures -- --fig aging --size paper`): the standard paper-size
 * sweep of each figure with a sweep of its own (its preset grid, 100 drops, seed 1; a
 * study's committed size) is written to data/paper/<stem>/ as {results,summary}.{csv,json}
 * (and a study's headline.{csv,json}) — the format, the reader and the checker are in
 * paper.ts. Any other run is refused here, so a smaller or reseeded run never replaces the
 * committed tables. The same writer (`writePaperTableFiles`) makes the test fixture
 * (test/fixtures/paper/) and the tables of the checker's tests.
 *
 * The run info of a sidecar (wall and CPU time, every invocation that computed tasks) comes
 * from the invocation log beside the checkpoint, data/runs/<id>/invocations.ndjson (one
 * JSON line per invocation that computed tasks; not *.jsonl, which the engine reads as
 * tasks): an interrupted run resumed later has several, a rerun that computes nothing adds
 * none, so re-writing the tables from a finished checkpoint keeps the times of the runs
 * that computed it.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus, release, totalmem, type as osType } from 'node:os';
import { join } from 'node:path';
import { studyHeadline } from './agingAnalysis.js';
import type { TaskRecord } from './checkpoint.js';
import { type SweepConfig, expandPoints } from './config.js';
import type { SweepRun } from './engine.js';
import {
  ALL_FIGURES,
  type FigureId,
  type TableFigure,
  isStudyFigure,
  standardPaperConfig,
  tablesOfFigure,
} from './figures.js';
import {
  type CodeVersion,
  type MachineInfo,
  type PaperInvocation,
  type PaperRunInfo,
  type PaperSidecar,
  ROUNDING,
  SIGNIFICANT_DIGITS,
  paperTableDir,
  runnerVersionOf,
} from './paper.js';
import { PIPELINE_VERSION } from './pipeline.js';
import { gitCommit, gitDirty, kitVersion } from './provenance.js';
import { FIGURE_FILES } from './reproduce.js';
import { type ResultRow, saveTable, sweepTables } from './results.js';

/** The figures drawn from a figure's tables (fig2 → fig2, bound-gap; aging → aging). */
export function figuresOfSweep(fig: TableFigure): FigureId[] {
  return isStudyFigure(fig) ? [fig] : ALL_FIGURES.filter((f) => tablesOfFigure(f) === fig);
}

/** Timing columns left out of the committed tables: wall-clock times (CPU times are kept). */
export function isWallTiming(column: string): boolean {
  const base = column.replace(/_(mean|ci95)$/, '');
  return base.endsWith('Ms') && !base.endsWith('CpuMs');
}

function roundTo(x: number, decimals: number): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}

function significant(x: number, digits: number): number {
  return Number.isFinite(x) && x !== 0 ? Number(x.toPrecision(digits)) : x;
}

/** The row as committed: wall timings dropped, numbers rounded (ROUNDING). */
function committedRow(r: ResultRow, fixed: ReadonlySet<string>): ResultRow {
  const out: ResultRow = {};
  for (const [k, v] of Object.entries(r)) {
    if (isWallTiming(k)) continue;
    if (typeof v !== 'number' || fixed.has(k) || k === 'n') {
      out[k] = v;
      continue;
    }
    const d = ROUNDING[k.replace(/_(mean|ci95)$/, '')];
    out[k] = d === undefined ? significant(v, SIGNIFICANT_DIGITS) : roundTo(v, d);
  }
  return out;
}

/** This machine. */
export function machineInfo(): MachineInfo {
  const c = cpus();
  return {
    cpuModel: c.length ? c[0].model.trim() : 'unknown',
    cores: availableParallelism(),
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${osType()} ${release()}`,
    node: process.version,
  };
}

/**
 * The machine of a run: the one recorded by its last invocation that computed tasks when
 * that invocation records one (carried over from an earlier sidecar), else this machine
 * (the invocations of this kit write the tables on the machine that computed them).
 */
export function runMachine(info: PaperRunInfo): MachineInfo {
  const recorded = info.invocations.filter((x) => x.machine);
  return recorded.length ? (recorded[recorded.length - 1].machine as MachineInfo) : machineInfo();
}

/** The files written for a figure's folder (headlineCsv: a study's). */
export interface PaperTableFiles {
  resultsCsv: string;
  summaryCsv: string;
  headlineCsv?: string;
}

/**
 * Write data/paper/<stem>/{results,summary}.{csv,json} (a study: and headline.{csv,json})
 * from a complete paper-size run of `fig` (the standard one: the preset grid, drops and
 * seed 1, a study's committed size — anything else is refused, so a smaller or reseeded run
 * never replaces the committed tables); `dir` overrides the folder (tests).
 */
export function writePaperTables(
  root: string,
  fig: TableFigure,
  run: SweepRun,
  info: PaperRunInfo,
  code: CodeVersion,
  dir: string = paperTableDir(root, fig),
): PaperTableFiles & { dir: string } {
  if (!run.complete) throw new Error(`${fig}: the sweep is not complete; paper tables need every task`);
  const problem = standardPaperConfig(fig, run.config);
  if (problem) throw new Error(`${fig}: not the standard paper-size sweep (${problem}); tables not written`);
  return { dir, ...writePaperTableFiles(dir, fig, run.config, run.records, run.id, info, code) };
}

/**
 * The files of a figure's folder from the records of a sweep (any configuration: the test
 * fixture and the checker's tests write small ones, marked size 'custom'): the tables of
 * results.ts without wall-clock timings, rounded (ROUNDING), a study's headline
 * (studyHeadline of the unrounded results, then rounded), each with its sidecar.
 */
export function writePaperTableFiles(
  dir: string,
  fig: TableFigure,
  config: SweepConfig,
  records: readonly TaskRecord[],
  sweepId: string,
  info: PaperRunInfo,
  code: CodeVersion,
): PaperTableFiles {
  const fixed = new Set(['point', 'drop', ...Object.keys(config.grid), ...Object.keys(config.base)]);
  const t = sweepTables(config, records);
  const rows = t.rows.map((r) => committedRow(r, fixed));
  const summary = t.summary.map((r) => committedRow(r, fixed));
  const headline = isStudyFigure(fig)
    ? studyHeadline(fig, t.rows).map((r) => committedRow(r, new Set(['drops'])))
    : null;
  mkdirSync(dir, { recursive: true });
  const common = {
    figure: fig,
    stem: FIGURE_FILES[fig],
    figures: figuresOfSweep(fig),
    size: standardPaperConfig(fig, config) === null ? ('paper' as const) : ('custom' as const),
    config,
    sweepId,
    description: config.description,
    seed: config.seed,
    drops: config.drops,
    points: expandPoints(config).length,
    rounding: { ...ROUNDING },
    code,
    run: info,
    machine: runMachine(info),
  };
  const resultsCsv = join(dir, 'results.csv');
  const summaryCsv = join(dir, 'summary.csv');
  saveTable(rows, resultsCsv, {
    table: 'results',
    ...common,
    rows: rows.length,
    columns: rows.length ? Object.keys(rows[0]) : [],
  } satisfies PaperSidecar);
  saveTable(summary, summaryCsv, {
    table: 'summary',
    ...common,
    rows: summary.length,
    columns: summary.length ? Object.keys(summary[0]) : [],
  } satisfies PaperSidecar);
  if (!headline) return { resultsCsv, summaryCsv };
  const headlineCsv = join(dir, 'headline.csv');
  saveTable(headline, headlineCsv, {
    table: 'headline',
    ...common,
    rows: headline.length,
    columns: headline.length ? Object.keys(headline[0]) : [],
  } satisfies PaperSidecar);
  return { resultsCsv, summaryCsv, headlineCsv };
}

/**
 * The code version now (provenance at the start of a run); for a study (`fig` aging or
 * handover) with its runner's version.
 */
export function codeVersion(root: string, fig?: TableFigure): CodeVersion {
  return {
    kitVersion: kitVersion(root),
    gitCommit: gitCommit(root),
    gitDirty: gitDirty(root),
    pipelineVersion: PIPELINE_VERSION,
    ...(fig !== undefined && isStudyFigure(fig) ? { runnerVersion: runnerVersionOf(fig) } : {}),
  };
}

/** CPU time of this process (every thread, workers included), ms. */
export function processCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Start the clock of one invocation of a sweep; call the returned function when the
 * sweep returns, for its record (wall and CPU time of this process, tasks computed).
 */
export function startInvocation(code: CodeVersion, command: string): (run: SweepRun) => PaperInvocation {
  const startedAt = new Date().toISOString();
  const w0 = performance.now();
  const c0 = processCpuMs();
  return (run) => ({
    startedAt,
    finishedAt: new Date().toISOString(),
    wallMs: performance.now() - w0,
    cpuMs: processCpuMs() - c0,
    computed: run.computed,
    workers: run.workers,
    gitCommit: code.gitCommit,
    gitDirty: code.gitDirty,
    command,
  });
}

/** The invocation log beside a run's checkpoint (data/runs/<id>/invocations.ndjson). */
export const INVOCATIONS_FILE = 'invocations.ndjson';

/** Append an invocation that computed tasks to the run's log (nothing when it computed none or the run has no folder). */
export function logInvocation(run: SweepRun, inv: PaperInvocation): void {
  if (run.dir && inv.computed > 0) appendFileSync(join(run.dir, INVOCATIONS_FILE), JSON.stringify(inv) + '\n');
}

/** Every invocation in the run's log, oldest first (empty without a log). */
export function loggedInvocations(run: SweepRun): PaperInvocation[] {
  const log = run.dir ? join(run.dir, INVOCATIONS_FILE) : null;
  if (!log || !existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as PaperInvocation);
}

/**
 * The run info of a sidecar: every invocation of the log (or `current` alone when there is
 * none), their wall and CPU time summed, from the first start to the end of the last one,
 * with the most workers any of them used; `command` is `current`'s (the one that writes the
 * tables). Re-written from a finished checkpoint (`current` computed nothing), the times,
 * workers and span are those of the invocations that computed it.
 */
export function paperRunInfo(run: SweepRun, current: PaperInvocation): PaperRunInfo {
  const logged = loggedInvocations(run);
  const invocations = logged.length ? logged : [current];
  return {
    wallMs: invocations.reduce((a, x) => a + x.wallMs, 0),
    cpuMs: invocations.reduce((a, x) => a + x.cpuMs, 0),
    workers: Math.max(...invocations.map((x) => x.workers)),
    startedAt: invocations[0].startedAt,
    finishedAt: invocations[invocations.length - 1].finishedAt,
    command: current.command,
    invocations,
  };
}
