/**
 * The committed paper-size results (Section VI at the paper's grids and 100 drops): for
 * each sweep figure, the folder data/paper/<stem>/ (stem = FIGURE_FILES, e.g.
 * data/paper/fig2-power/) holds
 *
 *   results.csv  one row per (point, drop, scheme): the run's results.csv (results.ts)
 *                without wall-clock timings, numbers rounded (ROUNDING)
 *   summary.csv  one row per (point, scheme): n and <metric>_mean, <metric>_ci95 over
 *                the drops, computed from the unrounded results, then rounded
 *   results.json, summary.json  sidecars (PaperSidecar): figure, sweep, seed, size, grid,
 *                base, schemes, constraints, drops, points, columns, rounding, code version
 *                (kit version, git commit, dirty flag, pipeline version), the run (wall and
 *                CPU time, workers, start/finish, command, every invocation when resumed)
 *                and the machine.
 *
 * `npm run paper` writes them (scripts/figures.ts --size paper), `npm run figures --
 * --from-tables` redraws every figure from them without computing, and
 * `checkPaperTables` (test/experiments/paper-tables.test.ts) checks each folder against
 * its figure's declared grid and drop count. Figures beyond the paper read a sweep
 * figure's folder: the complexity figure fig7's, the bound-gap figure fig2's.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { availableParallelism, cpus, release, totalmem, type as osType } from 'node:os';
import { join } from 'node:path';
import { type ClaimCheck, claimsOf } from './claims.js';
import type { TaskRecord } from './checkpoint.js';
import { type PointParams, type SweepConfig, expandPoints, schemesAt } from './config.js';
import type { SweepRun } from './engine.js';
import {
  ALL_FIGURES,
  type FigureId,
  type FigureSize,
  SWEEP_FIGURES,
  type SweepFigure,
  figureSweep,
  sweepOfFigure,
} from './figures.js';
import { PIPELINE_DEFAULTS, PIPELINE_VERSION } from './pipeline.js';
import { figureFromSummary } from './plots.js';
import { gitCommit, gitDirty, kitVersion } from './provenance.js';
import { FIGURE_FILES } from './reproduce.js';
import { type ResultRow, readTable, saveTable, sweepTables } from './results.js';
import type { Figure, Layout } from '../plots/index.js';

/** Folder of the committed paper-size tables, relative to the project root. */
export const PAPER_DATA_DIR = join('data', 'paper');

/** The four files of a figure's folder. */
export const PAPER_FILES = ['results.csv', 'results.json', 'summary.csv', 'summary.json'] as const;

/** data/paper/<stem> of a sweep figure. */
export function paperTableDir(root: string, fig: SweepFigure): string {
  return join(root, PAPER_DATA_DIR, FIGURE_FILES[fig]);
}

/** The figures drawn from a sweep figure's tables (fig2 → fig2, bound-gap). */
export function figuresOfSweep(fig: SweepFigure): FigureId[] {
  return ALL_FIGURES.filter((f) => sweepOfFigure(f) === fig);
}

/**
 * Decimals kept per column (by name; `_mean`/`_ci95` summary columns as their metric):
 * rates 1e-4 b/s/Hz (the Monte Carlo standard error of a drop is ≈ 0.5 b/s/Hz), CPU
 * timings 0.01 ms, drop descriptors 1e-3. Other metrics keep 6 significant digits;
 * indices, parameters, n and cdwmIterations are integers or exact already.
 */
export const ROUNDING: Readonly<Record<string, number>> = {
  rateErgodic: 4,
  rateUpper: 4,
  precodeCpuMs: 2,
  beamCpuMs: 2,
  meanElevationDeg: 3,
  meanSnrDb: 3,
  cdwmIterations: 3,
};

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
    out[k] = d === undefined ? significant(v, 6) : roundTo(v, d);
  }
  return out;
}

/** Where and how a paper-size run was made (the sidecar's `run`). */
export interface PaperRunInfo {
  /** Wall and CPU time (ms) of the computation, summed over invocations. */
  wallMs: number;
  cpuMs: number;
  /** Worker threads. */
  workers: number;
  startedAt: string;
  finishedAt: string;
  /** The command, e.g. 'npm run paper'. */
  command: string;
  /**
   * Every invocation that computed tasks of this sweep (an interrupted run resumed later
   * has several): its start, wall and CPU time, tasks computed and commit.
   */
  invocations: PaperInvocation[];
}

/** One invocation of a paper-size sweep. */
export interface PaperInvocation {
  startedAt: string;
  finishedAt: string;
  wallMs: number;
  cpuMs: number;
  computed: number;
  workers: number;
  gitCommit: string | null;
  gitDirty: boolean | null;
  command: string;
}

/** The machine of a run. */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
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

/** Code version of a result. */
export interface CodeVersion {
  kitVersion: string;
  gitCommit: string | null;
  /** Uncommitted changes to tracked files when the run started (null outside git). */
  gitDirty: boolean | null;
  pipelineVersion: string;
}

/** Sidecar of a committed paper-size table (results.json / summary.json). */
export interface PaperSidecar {
  table: 'results' | 'summary';
  /** The sweep figure (fig2 … fig7) and the figures drawn from these tables. */
  figure: SweepFigure;
  figures: FigureId[];
  stem: string;
  /** Sweep name (e.g. 'fig2-paper') and the run directory id under data/runs. */
  sweep: string;
  sweepId: string;
  description?: string;
  size: 'paper';
  seed: number | string;
  grid: Record<string, number[]>;
  base: PointParams;
  schemes: SweepConfig['schemes'];
  constraints: string[];
  drops: number;
  points: number;
  rows: number;
  columns: string[];
  /** Decimals kept per metric; wall-clock timings are left out. */
  rounding: Record<string, number>;
  code: CodeVersion;
  run: PaperRunInfo;
  machine: MachineInfo;
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
  return { dir, ...writeTableFiles(dir, fig, run.config, run.records, run.id, info, code) };
}

/**
 * The four files of a figure's folder from the records of a sweep (any configuration; the
 * test of the checker writes small ones): the tables of results.ts without wall-clock
 * timings, rounded, with their sidecars.
 */
export function writeTableFiles(
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
    figures: figuresOfSweep(fig),
    stem: FIGURE_FILES[fig],
    sweep: config.name,
    sweepId,
    description: config.description,
    size: 'paper' as const,
    seed: config.seed,
    grid: config.grid,
    base: config.base,
    schemes: config.schemes,
    constraints: config.constraints ?? [],
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

/** Why `config` is not fig's standard paper-size sweep (preset grid, drops, seed 1), or null. */
export function standardPaperConfig(fig: SweepFigure, config: SweepConfig): string | null {
  const want = figureSweep(fig, { size: 'paper' });
  if (config.drops !== want.drops) return `drops ${config.drops}, the paper size has ${want.drops}`;
  if (config.seed !== want.seed) return `seed ${JSON.stringify(config.seed)}, the paper set uses ${want.seed}`;
  for (const k of ['name', 'base', 'grid', 'schemes', 'constraints', 'runner'] as const) {
    if (JSON.stringify(config[k] ?? null) !== JSON.stringify(want[k] ?? null))
      return `its ${k} differs from the preset`;
  }
  return null;
}

/** A committed table is missing; the message names it and the command that makes it. */
export class PaperTablesMissingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PaperTablesMissingError';
  }
}

/** A figure's committed tables, read back. */
export interface PaperTables {
  fig: SweepFigure;
  dir: string;
  rows: ResultRow[];
  summary: ResultRow[];
  sidecar: PaperSidecar;
}

/** Read data/paper/<stem>/ of a sweep figure (throws naming the missing file and the command that makes it). */
export function readPaperTables(root: string, fig: SweepFigure): PaperTables {
  const dir = paperTableDir(root, fig);
  for (const f of PAPER_FILES) {
    if (!existsSync(join(dir, f))) {
      throw new PaperTablesMissingError(
        `${join(PAPER_DATA_DIR, FIGURE_FILES[fig], f)} is missing: run \`npm run paper\` to compute it`,
      );
    }
  }
  return {
    fig,
    dir,
    rows: readTable(join(dir, 'results.csv')),
    summary: readTable(join(dir, 'summary.csv')),
    sidecar: JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as PaperSidecar,
  };
}

/** The figure and the claim checks of `fig` from committed tables (no computing). */
export function figureFromPaperTables(
  fig: Exclude<FigureId, 'fig8'>,
  t: PaperTables,
): { figure: Figure; claims: ClaimCheck[] } {
  const p = { ...PIPELINE_DEFAULTS, ...t.sidecar.base };
  const figure = figureFromSummary(fig, t.summary, {
    K: p.K,
    S: p.S,
    NR: p.NR,
    Mk: p.Mk,
    NT: p.NT,
    iterations: p.iterations,
  });
  return { figure, claims: claimsOf(fig, t.rows) };
}

/**
 * The size label drawn on every figure: 'paper size: 100 drops per point' (the committed
 * set), 'quick smoke size: 4 drops per point' (the `npm run figures` default), otherwise
 * 'paper grid: …' / 'quick grid: …' with the drops and a seed other than 1; 'one drop' for
 * Fig. 8.
 */
export function sizeLabel(
  size: FigureSize | 'one drop',
  drops?: number,
  opts: { preset?: boolean; seed?: number | string } = {},
): string {
  if (size === 'one drop') return 'one drop';
  const d = `${drops} drop${drops === 1 ? '' : 's'} per point`;
  const seed = opts.seed !== undefined && opts.seed !== 1 ? `, seed ${opts.seed}` : '';
  if (opts.preset ?? true) return `${size === 'quick' ? 'quick smoke size' : 'paper size'}: ${d}${seed}`;
  return `${size} grid: ${d}${seed}`;
}

/**
 * The figure with a small grey label in its bottom-right corner (below the axes; the
 * bottom margin grows to make room), so that an exported figure always says what run it
 * shows. Returns a new figure.
 */
export function labelFigure(fig: Figure, text: string): Figure {
  const layout: Layout = { ...(fig.layout ?? {}) };
  const margin = { l: 70, r: 20, t: 40, b: 60, ...((layout.margin as Record<string, number>) ?? {}) };
  layout.margin = { ...margin, b: margin.b + 18 };
  layout.annotations = [
    ...((layout.annotations as unknown[]) ?? []),
    {
      text,
      xref: 'paper',
      yref: 'paper',
      x: 1,
      y: 0,
      xanchor: 'right',
      yanchor: 'top',
      yshift: -(margin.b + 2),
      showarrow: false,
      font: { size: 11, color: '#777777' },
    },
  ];
  return { ...fig, layout };
}

/** git knows this commit (null when git or the repository is unavailable). */
export function commitExists(root: string, commit: string): boolean | null {
  const r = spawnSync('git', ['cat-file', '-e', `${commit}^{commit}`], { cwd: root, encoding: 'utf8' });
  if (r.error) return null;
  if (r.status === 0) return true;
  const inRepo = spawnSync('git', ['rev-parse', '--git-dir'], { cwd: root, encoding: 'utf8' });
  return inRepo.status === 0 ? false : null;
}

/** Options of checkPaperTables. */
export interface CheckOptions {
  /** Project root (for git). */
  root: string;
  /** The sweep the tables must match (default figureSweep(fig, { size: 'paper' })). */
  expected?: SweepConfig;
  /** The pipeline version the tables must come from (default PIPELINE_VERSION). */
  pipelineVersion?: string;
}

/**
 * Problems of a figure's committed tables (empty = consistent): the four files present and
 * parseable; the sidecars naming this figure at the paper size with its declared seed,
 * base, grid, schemes, constraints and drop count; results.csv holding exactly one row per
 * (point, drop, scheme) of that grid with the point's parameters and finite metrics;
 * summary.csv one row per (point, scheme) with n = drops and means that agree with
 * results.csv; the code version a commit of this repository (when git is available), a
 * clean work tree and the current pipeline version.
 */
export function checkPaperTables(dir: string, fig: SweepFigure, opts: CheckOptions): string[] {
  const out: string[] = [];
  const missing = PAPER_FILES.filter((f) => !existsSync(join(dir, f)));
  if (missing.length) return [`missing ${missing.join(', ')}`];
  const want = opts.expected ?? figureSweep(fig, { size: 'paper' });
  const points = expandPoints(want);
  let rows: ResultRow[];
  let summary: ResultRow[];
  const sidecars: PaperSidecar[] = [];
  try {
    rows = readTable(join(dir, 'results.csv'));
    summary = readTable(join(dir, 'summary.csv'));
    for (const f of ['results.json', 'summary.json']) {
      sidecars.push(JSON.parse(readFileSync(join(dir, f), 'utf8')) as PaperSidecar);
    }
  } catch (e) {
    return [`unreadable: ${(e as Error).message}`];
  }
  // sidecars
  sidecars.forEach((sc, i) => {
    const name = i === 0 ? 'results.json' : 'summary.json';
    const table = i === 0 ? 'results' : 'summary';
    const same = (k: string, a: unknown, b: unknown) => {
      if (JSON.stringify(a) !== JSON.stringify(b))
        out.push(`${name}: ${k} is ${JSON.stringify(a)}, expected ${JSON.stringify(b)}`);
    };
    same('table', sc.table, table);
    same('figure', sc.figure, fig);
    same('size', sc.size, 'paper');
    same('seed', sc.seed, want.seed);
    same('drops', sc.drops, want.drops);
    same('points', sc.points, points.length);
    same('base', sc.base, want.base);
    same('grid', sc.grid, want.grid);
    same('schemes', sc.schemes, want.schemes);
    same('constraints', sc.constraints, want.constraints ?? []);
    same('rows', sc.rows, i === 0 ? rows.length : summary.length);
    const code = sc.code ?? ({} as CodeVersion);
    if (typeof code.gitCommit !== 'string' || !/^[0-9a-f]{40}$/.test(code.gitCommit)) {
      out.push(
        `${name}: code.gitCommit must name the commit that produced the tables, got ${JSON.stringify(code.gitCommit)}`,
      );
    } else if (commitExists(opts.root, code.gitCommit) === false) {
      out.push(`${name}: code.gitCommit ${code.gitCommit} is not a commit of this repository`);
    }
    if (code.gitDirty !== false)
      out.push(`${name}: computed from a work tree with uncommitted changes (code.gitDirty = ${code.gitDirty})`);
    const pv = opts.pipelineVersion ?? PIPELINE_VERSION;
    if (code.pipelineVersion !== pv) {
      out.push(
        `${name}: computed by pipeline version ${JSON.stringify(code.pipelineVersion)}, the code is at ${pv}: rerun \`npm run paper\``,
      );
    }
    for (const k of ['wallMs', 'cpuMs'] as const) {
      if (!(typeof sc.run?.[k] === 'number' && sc.run[k] > 0)) out.push(`${name}: run.${k} must be a positive number`);
    }
    if (!sc.machine || typeof sc.machine.cpuModel !== 'string') out.push(`${name}: machine is missing`);
  });
  // results.csv: exactly the tasks × schemes of the grid
  const expectedKeys = new Set<string>();
  points.forEach((p, point) => {
    for (const s of schemesAt(want, p))
      for (let d = 0; d < want.drops; d++) expectedKeys.add(`${point}/${d}/${s.name}`);
  });
  const seen = new Set<string>();
  const paramKeys = [...Object.keys(want.grid), ...Object.keys(want.base)];
  for (const [i, r] of rows.entries()) {
    const key = `${r.point}/${r.drop}/${r.scheme}`;
    if (!expectedKeys.has(key))
      out.push(`results.csv row ${i + 2}: (point, drop, scheme) = (${key.replace(/\//g, ', ')}) is not in the grid`);
    else if (seen.has(key)) out.push(`results.csv row ${i + 2}: (${key.replace(/\//g, ', ')}) appears twice`);
    seen.add(key);
    const p = points[Number(r.point)];
    if (p)
      for (const k of paramKeys)
        if (r[k] !== p[k]) out.push(`results.csv row ${i + 2}: ${k} = ${r[k]}, point ${r.point} has ${p[k]}`);
    for (const m of ['rateErgodic', 'rateUpper', 'cdwmIterations']) {
      const x = r[m];
      if (typeof x !== 'number' || !Number.isFinite(x) || x < 0)
        out.push(`results.csv row ${i + 2}: ${m} = ${x} is not a finite number >= 0`);
    }
    for (const [k, x] of Object.entries(r)) {
      if (typeof x === 'number' && !Number.isFinite(x)) out.push(`results.csv row ${i + 2}: ${k} is ${x}`);
    }
    if (out.length > 40) break;
  }
  const absent = [...expectedKeys].filter((k) => !seen.has(k));
  if (absent.length)
    out.push(
      `results.csv lacks ${absent.length} of ${expectedKeys.size} rows, e.g. (point, drop, scheme) = (${absent[0].replace(/\//g, ', ')})`,
    );
  // summary.csv: one row per (point, scheme), n = drops, means = the mean of results.csv
  const byKey = new Map<string, number[]>();
  for (const r of rows) {
    const k = `${r.point}/${r.scheme}`;
    const v = byKey.get(k) ?? [];
    v.push(Number(r.rateErgodic));
    byKey.set(k, v);
  }
  const wantSummary = new Set([...expectedKeys].map((k) => k.replace(/\/\d+\//, '/')));
  const seenSummary = new Set<string>();
  for (const [i, r] of summary.entries()) {
    const key = `${r.point}/${r.scheme}`;
    if (!wantSummary.has(key) || seenSummary.has(key))
      out.push(`summary.csv row ${i + 2}: (point, scheme) = (${key.replace('/', ', ')}) is unexpected or repeated`);
    seenSummary.add(key);
    if (r.n !== want.drops) out.push(`summary.csv row ${i + 2}: n = ${r.n}, expected ${want.drops} drops`);
    for (const [k, x] of Object.entries(r)) {
      if (k.endsWith('_mean') && !(typeof x === 'number' && Number.isFinite(x)))
        out.push(`summary.csv row ${i + 2}: ${k} = ${x}`);
    }
    const v = byKey.get(key);
    if (v && v.length) {
      const mean = v.reduce((a, b) => a + b, 0) / v.length;
      const got = Number(r.rateErgodic_mean);
      if (!(Math.abs(got - mean) <= 1e-3 * Math.max(1, Math.abs(mean)))) {
        out.push(`summary.csv row ${i + 2}: rateErgodic_mean = ${got}, results.csv gives ${mean}`);
      }
    }
  }
  if (seenSummary.size !== wantSummary.size)
    out.push(`summary.csv has ${seenSummary.size} of ${wantSummary.size} (point, scheme) rows`);
  return out;
}

/** Sweep figures whose folder exists under data/paper, and stray folders that belong to none. */
export function paperFolders(root: string): { present: SweepFigure[]; stray: string[] } {
  const base = join(root, PAPER_DATA_DIR);
  if (!existsSync(base)) return { present: [], stray: [] };
  const stems = new Map(SWEEP_FIGURES.map((f) => [FIGURE_FILES[f], f]));
  const present: SweepFigure[] = [];
  const stray: string[] = [];
  for (const e of readdirSync(base, { withFileTypes: true })) {
    const f = stems.get(e.name);
    if (e.isDirectory() && f) present.push(f);
    else stray.push(e.name);
  }
  return { present, stray };
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
