/**
 * The committed paper-size results (Section VI at the paper's grids and 100 drops): their
 * format, the one reader and the one checker. For each sweep figure the folder
 * data/paper/<stem>/ (stem = FIGURE_FILES, e.g. data/paper/fig2-power/) holds
 *
 *   results.csv  one row per (point, drop, scheme): the run's results.csv (results.ts)
 *                without wall-clock timings, numbers rounded (ROUNDING)
 *   summary.csv  one row per (point, scheme): n and <metric>_mean, <metric>_ci95 over
 *                the drops, computed from the unrounded results, then rounded
 *   results.json, summary.json  sidecars (PaperSidecar): the figure, the sweep configuration
 *                (seed, grid, base, schemes, drops), points, rows, columns, rounding, the
 *                code version (kit version, git commit, dirty flag, pipeline version), the
 *                run (wall and CPU time, workers, start/finish, command, every invocation
 *                when resumed) and the machine,
 *
 * and the paper-size figure is figures/<stem>.png / .svg. `npm run paper` writes them
 * (paperSet.ts); the figures beyond the paper read a sweep figure's folder (complexity:
 * Fig. 7's, bound gap: Fig. 2's).
 *
 * One checker, `checkPaperTables`, lists every problem of a folder; one reader,
 * `readPaperTables`, reads a folder and refuses it (PaperTablesError, one line naming the
 * file and the problem) unless the checker finds none. `paperTables(fig)` is the reader for
 * the figure notebooks (null when the folder is absent); `npm run figures -- --from-tables`
 * and test/experiments/paper-tables.test.ts use the same reader and checker.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { type PointParams, type SweepConfig, expandPoints, schemesAt } from './config.js';
import {
  type FigureId,
  SWEEP_FIGURES,
  type SweepFigure,
  figureSweep,
  sizeLabel,
  standardPaperConfig,
  sweepOfFigure,
} from './figures.js';
import { projectRoot } from './paths.js';
import { PIPELINE_DEFAULTS, PIPELINE_VERSION } from './pipeline.js';
import { figureFromSummary } from './plots.js';
import { wrapText } from './progress.js';
import { FIGURE_FILES } from './reproduce.js';
import { type ResultRow, readTable, summaryRows } from './results.js';
import { studentTQuantile } from '../stats/index.js';
import type { Figure } from '../plots/index.js';

/** Folder of the committed paper-size tables, relative to the project root. */
export const PAPER_DATA_DIR = join('data', 'paper');

/** The four files of a figure's folder. */
export const PAPER_FILES = ['results.csv', 'results.json', 'summary.csv', 'summary.json'] as const;

/**
 * Decimals kept per column of the committed tables (by name; `_mean`/`_ci95` summary
 * columns as their metric): rates 1e-4 b/s/Hz (the Monte Carlo standard error of a drop is
 * ≈ 0.5 b/s/Hz), CPU timings 0.01 ms, drop descriptors 1e-3. Other metrics keep 6
 * significant digits; indices, parameters and n are exact.
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

/** Significant digits kept of a metric not in ROUNDING. */
export const SIGNIFICANT_DIGITS = 6;

/** data/paper/<stem> of a sweep figure under `root` (where `npm run paper` writes). */
export function paperTableDir(root: string, fig: SweepFigure): string {
  return join(root, PAPER_DATA_DIR, FIGURE_FILES[fig]);
}

/** Where readers look for the per-figure folders: $MSMS_PAPER_DIR (relative to the root or absolute), else data/paper. */
export function paperDir(root: string = projectRoot()): string {
  const env = process.env.MSMS_PAPER_DIR;
  if (env !== undefined && env !== '') return isAbsolute(env) ? env : join(root, env);
  return join(root, PAPER_DATA_DIR);
}

/** Code version of a result. */
export interface CodeVersion {
  kitVersion: string;
  gitCommit: string | null;
  /** Uncommitted changes to tracked files when the run started (null outside git). */
  gitDirty: boolean | null;
  pipelineVersion: string;
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

/** The machine of a run. */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
}

/** Sidecar of a committed paper-size table (results.json / summary.json). */
export interface PaperSidecar {
  table: 'results' | 'summary';
  /** The sweep figure (fig2 … fig7), its folder's stem and the figures drawn from these tables. */
  figure: SweepFigure;
  stem: string;
  figures: FigureId[];
  /** 'paper': the standard paper-size sweep (standardPaperConfig); 'custom': anything else (tests, fixtures). */
  size: 'paper' | 'custom';
  /** The sweep as run (name, seed, drops, base, grid, constraints, schemes) and its id under data/runs. */
  config: SweepConfig;
  sweepId: string;
  description?: string;
  seed: number | string;
  drops: number;
  points: number;
  rows: number;
  /** The CSV's header. */
  columns: string[];
  /** Decimals kept per metric (ROUNDING); wall-clock timings are left out. */
  rounding: Record<string, number>;
  code: CodeVersion;
  run: PaperRunInfo;
  machine: MachineInfo;
}

/** Committed paper-size tables that are present but incomplete or inconsistent. */
export class PaperTablesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PaperTablesError';
  }
}

/** A committed table (or its folder) is missing; the message names it and the command that makes it. */
export class PaperTablesMissingError extends PaperTablesError {
  constructor(message: string) {
    super(message);
    this.name = 'PaperTablesMissingError';
  }
}

/** A figure's committed paper-size tables, read and checked. */
export interface PaperTables {
  /** The figure asked for, and the sweep figure whose folder holds its tables. */
  fig: Exclude<FigureId, 'fig8'>;
  sweep: SweepFigure;
  /** The folder, relative to the project root when inside it (e.g. 'data/paper/fig2-power'). */
  dir: string;
  /** Per-drop rows (results.csv). */
  rows: ResultRow[];
  /** Per-point summary (summary.csv). */
  summary: ResultRow[];
  config: SweepConfig;
  /** Drops per point. */
  drops: number;
  /** The commit that produced the tables (12 hex digits, '-dirty' with uncommitted changes). */
  codeVersion: string;
  /** Wall time of the run (s). */
  wallTimeS: number;
  /** The results sidecar as written. */
  sidecar: PaperSidecar;
  /** The paper-size figure, relative to the root, when present (figures/<stem>.png). */
  figurePng?: string;
}

/** git knows this commit (null when git or the repository is unavailable). */
export function commitExists(root: string, commit: string): boolean | null {
  const r = spawnSync('git', ['cat-file', '-e', `${commit}^{commit}`], { cwd: root, encoding: 'utf8' });
  if (r.error) return null;
  if (r.status === 0) return true;
  const inRepo = spawnSync('git', ['rev-parse', '--git-dir'], { cwd: root, encoding: 'utf8' });
  return inRepo.status === 0 ? false : null;
}

/** Options of checkPaperTables and readPaperTables. */
export interface PaperCheckOptions {
  /** Project root (for git; default projectRoot()). */
  root?: string;
  /**
   * The sweep the tables must be (default figureSweep(fig, { size: 'paper' }): the
   * standard paper-size sweep, 100 drops, seed 1).
   */
  expected?: SweepConfig;
  /** The pipeline version the tables must come from (default PIPELINE_VERSION, the code's). */
  pipelineVersion?: string;
}

/** A folder's files, parsed (or the problems that stopped parsing). */
interface Loaded {
  rows: ResultRow[];
  summary: ResultRow[];
  headers: [string[], string[]];
  sidecars: [PaperSidecar, PaperSidecar];
}

const SIDECARS = [
  ['results.json', 'results', 'results.csv'],
  ['summary.json', 'summary', 'summary.csv'],
] as const;

function load(dir: string): Loaded | string[] {
  const missing = PAPER_FILES.filter((f) => !existsSync(join(dir, f)));
  if (missing.length) return missing.map((f) => `${f} is missing`);
  const out: string[] = [];
  const sidecars: PaperSidecar[] = [];
  for (const [name] of SIDECARS) {
    try {
      sidecars.push(JSON.parse(readFileSync(join(dir, name), 'utf8')) as PaperSidecar);
    } catch (e) {
      out.push(`${name} is not valid JSON: ${(e as Error).message}`);
    }
  }
  for (const [i, sc] of sidecars.entries()) {
    const name = SIDECARS[i][0];
    const cfg = sc?.config as SweepConfig | undefined;
    if (typeof cfg !== 'object' || cfg === null || typeof cfg.grid !== 'object' || !Array.isArray(cfg.schemes)) {
      out.push(`${name}: field 'config' must be the sweep configuration (grid, drops, schemes)`);
    } else if (!Number.isInteger(cfg.drops) || cfg.drops < 1) {
      out.push(`${name}: config.drops must be an integer >= 1, got ${String(cfg.drops)}`);
    }
  }
  if (out.length) return out;
  const header = (f: string) => (readFileSync(join(dir, f), 'utf8').split(/\r?\n/, 1)[0] ?? '').split(',');
  try {
    return {
      rows: readTable(join(dir, 'results.csv')),
      summary: readTable(join(dir, 'summary.csv')),
      headers: [header('results.csv'), header('summary.csv')],
      sidecars: [sidecars[0], sidecars[1]],
    };
  } catch (e) {
    return [`unreadable: ${(e as Error).message}`];
  }
}

const json = (x: unknown) => JSON.stringify(x ?? null);

const gridText = (g: Record<string, number[]>) =>
  Object.entries(g ?? {})
    .map(([k, v]) => `${k} ∈ {${Array.isArray(v) ? v.join(', ') : String(v)}}`)
    .join(', ');

const pointText = (config: SweepConfig, p: PointParams) =>
  Object.keys(config.grid)
    .map((k) => `${k} = ${p[k]}`)
    .join(', ');

/**
 * Largest difference between a committed summary cell and the summary of the committed
 * (rounded) results that rounding alone explains: each result was rounded by at most δ, the
 * summary cell itself by at most δ′; a mean moves by ≤ δ, a 95 % half-width t·s/√n by
 * ≤ t·δ/√(n−1).
 */
function roundingSlack(col: string, n: number, maxAbs: number, value: number): number {
  const metric = col.replace(/_(mean|ci95)$/, '');
  const d = ROUNDING[metric];
  const sig = 0.5 * 10 ** (1 - SIGNIFICANT_DIGITS);
  const before = d === undefined ? sig * maxAbs : 0.5 * 10 ** -d;
  const after = d === undefined ? sig * Math.abs(value) : 0.5 * 10 ** -d;
  const spread = col.endsWith('_ci95') && n >= 2 ? studentTQuantile(0.975, n - 1) / Math.sqrt(n - 1) : 1;
  return (before * spread + after) * (1 + 1e-9) + 1e-12 * Math.abs(value);
}

function checkLoaded(t: Loaded, fig: SweepFigure, opts: PaperCheckOptions): string[] {
  const out: string[] = [];
  const root = opts.root ?? projectRoot();
  const want = opts.expected ?? figureSweep(fig, { size: 'paper' });
  const points = expandPoints(want);
  const wantSize = standardPaperConfig(fig, want) === null ? 'paper' : 'custom';
  const paperGrid = json(figureSweep(fig, { size: 'paper' }).grid) === json(want.grid);
  const { rows, summary } = t;

  // the sidecars: this figure, the expected sweep, the files beside them, the code version, the run
  t.sidecars.forEach((sc, i) => {
    const [name, table] = SIDECARS[i];
    const same = (k: string, a: unknown, b: unknown) => {
      if (json(a) !== json(b)) out.push(`${name}: ${k} is ${json(a)}, expected ${json(b)}`);
    };
    same('table', sc.table, table);
    same('figure', sc.figure, fig);
    same('size', sc.size, wantSize);
    const c = sc.config;
    if (json(c.grid) !== json(want.grid)) {
      const which = paperGrid ? `the paper grid of ${fig}` : 'the expected sweep';
      out.push(`${name}: grid ${gridText(c.grid)} is not ${which} (${gridText(want.grid)})`);
    }
    for (const k of ['name', 'seed', 'drops', 'base', 'schemes', 'constraints', 'runner'] as const) {
      same(`config.${k}`, c[k], want[k]);
    }
    same('seed', sc.seed, c.seed);
    same('drops', sc.drops, c.drops);
    same('points', sc.points, points.length);
    const code = sc.code;
    if (typeof code !== 'object' || code === null) {
      out.push(`${name}: names no code version (field 'code')`);
    } else {
      if (typeof code.gitCommit !== 'string' || !/^[0-9a-f]{40}$/.test(code.gitCommit)) {
        out.push(`${name}: code.gitCommit must name the commit that produced the tables, got ${json(code.gitCommit)}`);
      } else if (commitExists(root, code.gitCommit) === false) {
        out.push(`${name}: code.gitCommit ${code.gitCommit} is not a commit of this repository`);
      }
      if (code.gitDirty !== false)
        out.push(`${name}: computed from a work tree with uncommitted changes (code.gitDirty = ${code.gitDirty})`);
      const pv = opts.pipelineVersion ?? PIPELINE_VERSION;
      if (code.pipelineVersion !== pv) {
        out.push(
          `${name}: computed by pipeline version ${json(code.pipelineVersion)}, the code is at ${pv}: rerun \`npm run paper\``,
        );
      }
    }
    for (const k of ['wallMs', 'cpuMs'] as const) {
      if (!(typeof sc.run?.[k] === 'number' && sc.run[k] > 0)) out.push(`${name}: run.${k} must be a positive number`);
    }
    if (!sc.machine || typeof sc.machine.cpuModel !== 'string') out.push(`${name}: machine is missing`);
  });

  // each CSV's header as its sidecar lists it
  t.sidecars.forEach((sc, i) => {
    const [name, , csv] = SIDECARS[i];
    if (!Array.isArray(sc.columns) || sc.columns.join(',') !== t.headers[i].join(',')) {
      out.push(`${csv}: header does not match 'columns' of ${name}`);
    }
  });

  // results.csv: exactly the (point, drop, scheme) of the grid, the point's parameters, finite metrics
  const expectedKeys = new Map<string, { point: number; drop: number; scheme: string }>();
  points.forEach((p, point) => {
    for (const s of schemesAt(want, p))
      for (let drop = 0; drop < want.drops; drop++)
        expectedKeys.set(`${point}/${drop}/${s.name}`, { point, drop, scheme: s.name });
  });
  const seen = new Set<string>();
  const paramKeys = [...Object.keys(want.grid), ...Object.keys(want.base)];
  for (const [i, r] of rows.entries()) {
    if (out.length > 40) break;
    const at = `results.csv row ${i + 2}`;
    const key = `${r.point}/${r.drop}/${r.scheme}`;
    const text = `(point, drop, scheme) = (${String(r.point)}, ${String(r.drop)}, ${String(r.scheme)})`;
    if (!expectedKeys.has(key))
      out.push(`${at}: ${text} is not in the grid (${points.length} points × ${want.drops} drops)`);
    else if (seen.has(key)) out.push(`${at}: ${text} appears twice`);
    seen.add(key);
    const p = points[Number(r.point)];
    if (p)
      for (const k of paramKeys) if (r[k] !== p[k]) out.push(`${at}: ${k} = ${r[k]}, point ${r.point} has ${p[k]}`);
    for (const m of ['rateErgodic', 'rateUpper', 'cdwmIterations']) {
      const x = r[m];
      if (typeof x !== 'number' || !Number.isFinite(x) || x < 0)
        out.push(`${at}: ${m} = ${x} is not a finite number >= 0`);
    }
    for (const [k, x] of Object.entries(r)) {
      if (typeof x === 'number' && !Number.isFinite(x) && !['rateErgodic', 'rateUpper', 'cdwmIterations'].includes(k))
        out.push(`${at}: ${k} is ${x}`);
    }
  }
  const absent = [...expectedKeys.entries()].filter(([k]) => !seen.has(k));
  if (absent.length) {
    const { point, drop, scheme } = absent[0][1];
    out.push(
      `results.csv lacks ${absent.length} of ${expectedKeys.size} rows, e.g. point ${point} ` +
        `(${pointText(want, points[point])}), drop ${drop}, ${scheme} (${want.drops} drops per point)`,
    );
  }

  // summary.csv: one row per (point, scheme) with n = drops, finite means, what summaryRows makes of results.csv
  const wantSummary = new Set([...expectedKeys.values()].map((k) => `${k.point}/${k.scheme}`));
  const seenSummary = new Set<string>();
  for (const [i, r] of summary.entries()) {
    if (out.length > 40) break;
    const key = `${r.point}/${r.scheme}`;
    if (!wantSummary.has(key) || seenSummary.has(key))
      out.push(`summary.csv row ${i + 2}: (point, scheme) = (${r.point}, ${r.scheme}) is unexpected or repeated`);
    seenSummary.add(key);
    if (r.n !== want.drops) out.push(`summary.csv row ${i + 2}: n = ${r.n}, expected ${want.drops} drops`);
    for (const [k, x] of Object.entries(r)) {
      if (k.endsWith('_mean') && !(typeof x === 'number' && Number.isFinite(x)))
        out.push(`summary.csv row ${i + 2}: ${k} = ${x}`);
    }
  }
  if (seenSummary.size !== wantSummary.size)
    out.push(`summary.csv has ${seenSummary.size} of ${wantSummary.size} (point, scheme) rows`);
  const recomputed = summaryRows(want, rows);
  const wantCols = recomputed.length ? Object.keys(recomputed[0]) : [];
  if (summary.length && wantCols.join(',') !== Object.keys(summary[0]).join(',')) {
    out.push(`summary.csv: columns ${Object.keys(summary[0]).join(',')}, the results give ${wantCols.join(',')}`);
  }
  const maxAbs = new Map<string, number>();
  for (const r of rows) {
    for (const [k, x] of Object.entries(r)) {
      if (typeof x !== 'number') continue;
      const g = `${r.point}/${r.scheme}/${k}`;
      maxAbs.set(g, Math.max(maxAbs.get(g) ?? 0, Math.abs(x)));
    }
  }
  const byKey = new Map(summary.map((r, i) => [`${r.point}/${r.scheme}`, { r, i }]));
  for (const e of recomputed) {
    if (out.length > 40) break;
    const got = byKey.get(`${e.point}/${e.scheme}`);
    if (!got) continue;
    for (const [col, v] of Object.entries(e)) {
      if (typeof v !== 'number' || !(col in got.r) || col === 'n') continue;
      const x = Number(got.r[col]);
      if (Number.isNaN(x) && Number.isNaN(v)) continue;
      const metric = col.replace(/_(mean|ci95)$/, '');
      const slack = roundingSlack(col, Number(e.n), maxAbs.get(`${e.point}/${e.scheme}/${metric}`) ?? 0, v);
      if (!(Math.abs(x - v) <= slack)) {
        out.push(
          `summary.csv row ${got.i + 2} (point ${e.point}, ${e.scheme}): ${col} = ${got.r[col]}, ` +
            `the results give ${Number(v.toPrecision(8))}`,
        );
      }
    }
  }

  // the row counts the sidecars give
  t.sidecars.forEach((sc, i) => {
    const [name, , csv] = SIDECARS[i];
    const n = i === 0 ? rows.length : summary.length;
    if (sc.rows !== n) out.push(`${name}: rows is ${json(sc.rows)}, ${csv} has ${n}`);
  });
  return out;
}

/**
 * Every problem of a figure's folder of paper-size tables (empty = consistent): the four
 * files present and parseable; both sidecars naming this figure, the expected sweep (by
 * default the standard paper-size sweep: its grid, base, schemes, constraints, drop count
 * and seed 1), its point count, their table's row count and header; results.csv holding
 * exactly one row per (point, drop, scheme) of that grid with the point's parameters and
 * finite metrics; summary.csv one row per (point, scheme) with n = drops, finite means, and
 * every cell what the results give (to the rounding of the committed tables); the code
 * version a commit of this repository (when git is available), from a clean work tree and
 * the current pipeline version; the run's wall and CPU time and the machine.
 */
export function checkPaperTables(dir: string, fig: SweepFigure, opts: PaperCheckOptions = {}): string[] {
  const t = load(dir);
  return Array.isArray(t) ? t : checkLoaded(t, fig, opts);
}

/** Options of readPaperTables and paperTables. */
export interface PaperReadOptions extends PaperCheckOptions {
  /** The folder holding the per-figure folders (default paperDir(root): $MSMS_PAPER_DIR or data/paper). */
  dir?: string;
}

function relativeTo(root: string, path: string): string {
  const r = relative(root, path);
  return r === '' || r.startsWith('..') || isAbsolute(r) ? path : r;
}

/**
 * The committed paper-size tables of `fig` (a derived figure reads its sweep figure's
 * folder), checked by checkPaperTables. Throws PaperTablesMissingError when the folder or a
 * file is missing (naming it and `npm run paper`), PaperTablesError naming the file and the
 * problem when the tables are inconsistent — never a silent fallback to wrong numbers.
 */
export function readPaperTables(fig: Exclude<FigureId, 'fig8'>, opts: PaperReadOptions = {}): PaperTables {
  const root = opts.root ?? projectRoot();
  const sweep = sweepOfFigure(fig) as SweepFigure;
  const dir = join(opts.dir ?? paperDir(root), FIGURE_FILES[sweep]);
  const rel = relativeTo(root, dir);
  const what = fig === sweep ? 'it' : `${sweep}'s sweep, which ${fig} is drawn from`;
  const make = `run \`npm run paper -- --fig ${sweep.slice(3)}\` (or \`npm run paper\` for every figure) to compute ${what}`;
  if (!existsSync(dir)) throw new PaperTablesMissingError(`${rel}/ is missing: ${make}`);
  const t = load(dir);
  if (Array.isArray(t)) {
    const missing = PAPER_FILES.filter((f) => !existsSync(join(dir, f)));
    if (missing.length) throw new PaperTablesMissingError(`${join(rel, missing[0])} is missing: ${make}`);
    throw new PaperTablesError(`${rel}/${t[0]}`);
  }
  const problems = checkLoaded(t, sweep, { ...opts, root });
  if (problems.length) {
    const n = problems.length - 1;
    const more = n > 0 ? ` (and ${n} more problem${n > 1 ? 's' : ''}: checkPaperTables lists them)` : '';
    throw new PaperTablesError(`${rel}/${problems[0]}${more}`);
  }
  const sidecar = t.sidecars[0];
  const code = sidecar.code;
  const png = join(root, 'figures', `${FIGURE_FILES[fig]}.png`);
  return {
    fig,
    sweep,
    dir: rel,
    rows: t.rows,
    summary: t.summary,
    config: sidecar.config,
    drops: sidecar.config.drops,
    codeVersion: `${(code.gitCommit ?? 'unknown').slice(0, 12)}${code.gitDirty ? '-dirty' : ''}`,
    wallTimeS: sidecar.run.wallMs / 1000,
    sidecar,
    ...(existsSync(png) ? { figurePng: relative(root, png) } : {}),
  };
}

/**
 * The committed paper-size tables of `fig` for the figure notebooks: null when its folder
 * does not exist, else readPaperTables (which throws when they are incomplete or
 * inconsistent).
 */
export function paperTables(fig: Exclude<FigureId, 'fig8'>, opts: PaperReadOptions = {}): PaperTables | null {
  const root = opts.root ?? projectRoot();
  const sweep = sweepOfFigure(fig) as SweepFigure;
  if (!existsSync(join(opts.dir ?? paperDir(root), FIGURE_FILES[sweep]))) return null;
  return readPaperTables(fig, { ...opts, root });
}

/** Sweep figures whose folder exists under data/paper, and stray entries that belong to none. */
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

/** One line describing the tables for the reader: where, size, code version, wall time. */
export function describePaperTables(t: PaperTables): string {
  const points = expandPoints(t.config).length;
  const wall = `, ${(t.wallTimeS / 60).toFixed(1)} min wall`;
  return `${t.dir}: ${points} points × ${t.drops} drops (seed ${String(t.config.seed)}), code ${t.codeVersion}${wall}`;
}

/** The size label of the tables' figure: sizeLabel of their sweep, with the commit that computed them. */
export function paperSizeLabel(t: PaperTables): string {
  return sizeLabel(t.sweep, t.config, { commit: t.sidecar.code.gitCommit, dirty: t.sidecar.code.gitDirty });
}

/** The figure drawn from the committed tables (the drawing of `npm run figures`), labelled with its size. */
export function paperFigure(t: PaperTables): Figure {
  const p = { ...PIPELINE_DEFAULTS, ...t.config.base };
  const dims = { K: p.K, S: p.S, NR: p.NR, Mk: p.Mk, NT: p.NT, iterations: p.iterations };
  return figureFromSummary(t.fig, t.summary, dims, paperSizeLabel(t));
}

/** A sweep configuration in a few lines ≤ 100 characters: description, grid, drops, schemes. */
export function describeSweep(config: SweepConfig): string {
  const grid = Object.entries(config.grid)
    .map(([k, v]) => `${k} ∈ {${v.join(', ')}}`)
    .join(', ');
  const base = Object.entries(config.base)
    .map(([k, v]) => `${k} = ${v}`)
    .join(', ');
  return wrapText(
    [
      config.description ?? config.name,
      `grid: ${grid}${config.constraints?.length ? ` (${config.constraints.join(', ')})` : ''}; fixed: ${base || '—'}`,
      `${config.drops} drops per point, seed ${String(config.seed)}; ` +
        `schemes: ${config.schemes.map((s) => s.name).join(', ')}`,
    ].join('\n'),
  );
}
