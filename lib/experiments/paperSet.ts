/**
 * Writing the committed paper-size results and the pieces of `npm run paper`
 * (scripts/figures.ts --size paper): the standard paper-size sweep of each sweep figure
 * (its preset grid, 100 drops, seed 1) is written to data/paper/<stem>/ as
 * {results,summary}.{csv,json} — the format, the reader and the checker are in paper.ts.
 * Any other run is refused here, so a smaller or reseeded run never replaces the committed
 * tables. The same writer (`writePaperTableFiles`) makes the test fixture
 * (test/fixtures/paper/) and the tables of the checker's tests.
 */
import { mkdirSync } from 'node:fs';
import { availableParallelism, cpus, release, totalmem, type as osType } from 'node:os';
import { join } from 'node:path';
import type { TaskRecord } from './checkpoint.js';
import { type SweepConfig, expandPoints } from './config.js';
import type { SweepRun } from './engine.js';
import { ALL_FIGURES, type FigureId, type SweepFigure, standardPaperConfig, sweepOfFigure } from './figures.js';
import {
  type CodeVersion,
  type MachineInfo,
  type PaperRunInfo,
  type PaperSidecar,
  ROUNDING,
  SIGNIFICANT_DIGITS,
  paperTableDir,
} from './paper.js';
import { PIPELINE_VERSION } from './pipeline.js';
import { gitCommit, gitDirty, kitVersion } from './provenance.js';
import { FIGURE_FILES } from './reproduce.js';
import { type ResultRow, saveTable, sweepTables } from './results.js';

/** The figures drawn from a sweep figure's tables (fig2 → fig2, bound-gap). */
export function figuresOfSweep(fig: SweepFigure): FigureId[] {
  return ALL_FIGURES.filter((f) => sweepOfFigure(f) === fig);
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
 * Write data/paper/<stem>/{results,summary}.{csv,json} from a complete paper-size run of
 * `fig` (the standard one: the preset grid, drops and seed 1 — anything else is refused, so
 * a smaller or reseeded run never replaces the committed tables).
 */
export function writePaperTables(
  root: string,
  fig: SweepFigure,
  run: SweepRun,
  info: PaperRunInfo,
  code: CodeVersion,
): { dir: string; resultsCsv: string; summaryCsv: string } {
  if (!run.complete) throw new Error(`${fig}: the sweep is not complete; paper tables need every task`);
  const problem = standardPaperConfig(fig, run.config);
  if (problem) throw new Error(`${fig}: not the standard paper-size sweep (${problem}); tables not written`);
  const dir = paperTableDir(root, fig);
  return { dir, ...writePaperTableFiles(dir, fig, run.config, run.records, run.id, info, code) };
}

/**
 * The four files of a figure's folder from the records of a sweep (any configuration: the
 * test fixture and the checker's tests write small ones, marked size 'custom'): the tables
 * of results.ts without wall-clock timings, rounded (ROUNDING), with their sidecars.
 */
export function writePaperTableFiles(
  dir: string,
  fig: SweepFigure,
  config: SweepConfig,
  records: readonly TaskRecord[],
  sweepId: string,
  info: PaperRunInfo,
  code: CodeVersion,
): { resultsCsv: string; summaryCsv: string } {
  const fixed = new Set(['point', 'drop', ...Object.keys(config.grid), ...Object.keys(config.base)]);
  const t = sweepTables(config, records);
  const rows = t.rows.map((r) => committedRow(r, fixed));
  const summary = t.summary.map((r) => committedRow(r, fixed));
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
    machine: machineInfo(),
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
  return { resultsCsv, summaryCsv };
}

/** The code version now (provenance at the start of a run). */
export function codeVersion(root: string): CodeVersion {
  return {
    kitVersion: kitVersion(root),
    gitCommit: gitCommit(root),
    gitDirty: gitDirty(root),
    pipelineVersion: PIPELINE_VERSION,
  };
}
