/**
 * The committed paper-size results (Section VI at the paper's grids and 100 drops, and the
 * two studies beyond the paper at their committed size): their format, the one reader and
 * the one checker. For each figure with a sweep of its own (TABLE_FIGURES: fig2 … fig7,
 * aging, handover) the folder data/paper/<stem>/ (stem = FIGURE_FILES, e.g.
 * data/paper/fig2-power/, data/paper/fig-aging/) holds
 *
 *   results.csv  one row per (point, drop, scheme): the run's results.csv (results.ts)
 *                without wall-clock timings, numbers rounded (ROUNDING)
 *   summary.csv  one row per (point, scheme): n and <metric>_mean, <metric>_ci95 over
 *                the drops, computed from the unrounded results, then rounded
 *   headline.csv a study's headline, one row per scheme (agingAnalysis.ts studyHeadline),
 *                computed from the unrounded results, then rounded (studies only)
 *   results.json, summary.json (, headline.json)  sidecars (PaperSidecar): the figure, the
 *                sweep configuration (seed, grid, base, schemes, drops, runner), points,
 *                rows, columns, rounding, the code version (kit version, git commit, dirty
 *                flag, pipeline version, a study's runner version), the run (wall and CPU
 *                time, workers, start/finish, command, every invocation that computed tasks)
 *                and the machine,
 *
 * and the figure is figures/<stem>.png / .svg. `npm run paper` writes the sweep figures'
 * folders, `npm run figures -- --fig aging --size paper` (and handover) a study's, both
 * through paperSet.ts; complexity and bound gap read a sweep figure's folder (Fig. 7's,
 * Fig. 2's).
 *
 * One checker, `checkPaperTables`, lists every problem of a folder; one reader,
 * `readPaperTables`, reads a folder and refuses it (PaperTablesError, one line naming the
 * file and the problem) unless the checker finds none. `paperTables(fig)` is the reader for
 * the figure notebooks and notebook 05 (null when the folder is absent); `npm run figures --
 * --from-tables` and test/experiments/paper-tables.test.ts use the same reader and checker.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { studyHeadline } from './agingAnalysis.js';
import { studyFigure } from './agingPlots.js';
import { AGING_RUNNER_VERSION } from './agingRunner.js';
import { type PointParams, type SweepConfig, expandPoints, schemesAt } from './config.js';
import {
  type FigureId,
  type StudyFigure,
  TABLE_FIGURES,
  type TableFigure,
  isStudyFigure,
  sizeLabel,
  standardPaperConfig,
  tableSweep,
  tablesOfFigure,
} from './figures.js';
import { HANDOVER_RUNNER_VERSION } from './handoverRunner.js';
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

/** The four files of a sweep figure's folder. */
export const PAPER_FILES = ['results.csv', 'results.json', 'summary.csv', 'summary.json'] as const;

/** The six files of a study's folder: the four of a sweep figure and the headline. */
export const STUDY_FILES = [...PAPER_FILES, 'headline.csv', 'headline.json'] as const;

/** The files of a figure's folder. */
export function paperFilesOf(fig: TableFigure): readonly string[] {
  return isStudyFigure(fig) ? STUDY_FILES : PAPER_FILES;
}

/** The command that writes a figure's folder. */
export function paperCommand(fig: TableFigure): string {
  return isStudyFigure(fig) ? `npm run figures -- --fig ${fig} --size paper` : `npm run paper -- --fig ${fig.slice(3)}`;
}

/** The version of the runner that computes a figure's tasks now: PIPELINE_VERSION, or a study runner's own. */
export function runnerVersionOf(fig: TableFigure): string {
  if (fig === 'aging') return AGING_RUNNER_VERSION;
  if (fig === 'handover') return HANDOVER_RUNNER_VERSION;
  return PIPELINE_VERSION;
}

/**
 * Decimals kept per column of the committed tables (by name; `_mean`/`_ci95` summary
 * columns as their metric; the studies' headline columns too): rates 1e-4 b/s/Hz (the Monte
 * Carlo standard error of a drop is ≈ 0.5 b/s/Hz), CPU timings 0.01 ms, drop descriptors
 * 1e-3. Other metrics keep 6 significant digits; indices, parameters and n are exact.
 */
export const ROUNDING: Readonly<Record<string, number>> = {
  rateErgodic: 4,
  rateUpper: 4,
  precodeCpuMs: 2,
  beamCpuMs: 2,
  meanElevationDeg: 3,
  meanSnrDb: 3,
  cdwmIterations: 3,
  // the studies (agingRunner.ts, handoverRunner.ts, their headline)
  rateKept: 4,
  rateFresh: 4,
  rateUpperKept: 4,
  rateUpperFresh: 4,
  clusteringCpuMs: 2,
  refreshCpuMs: 2,
  minElevationDeg: 3,
  rateAtT0: 4,
  rateAtEnd: 4,
  meanRateOverPass: 4,
};

/** Significant digits kept of a metric not in ROUNDING. */
export const SIGNIFICANT_DIGITS = 6;

/** data/paper/<stem> of a figure with committed tables under `root` (where `npm run paper` writes). */
export function paperTableDir(root: string, fig: TableFigure): string {
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
  /** PIPELINE_VERSION (the sweep figures' runner). */
  pipelineVersion: string;
  /** A study's own runner version (DropRunner.version of config.runner); absent for the sweep figures. */
  runnerVersion?: string;
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
  /** What a reader must know about this record (e.g. that it was carried over from an older sidecar). */
  note?: string;
  /**
   * The machine of this invocation, when it was recorded elsewhere than where the tables are
   * written (carried over from an older sidecar); the sidecar's `machine` is then this one.
   */
  machine?: MachineInfo;
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

/** Sidecar of a committed paper-size table (results.json / summary.json / a study's headline.json). */
export interface PaperSidecar {
  table: 'results' | 'summary' | 'headline';
  /** The figure of the folder (fig2 … fig7, aging, handover), its stem and the figures drawn from these tables. */
  figure: TableFigure;
  stem: string;
  figures: FigureId[];
  /**
   * 'paper': the standard paper-size sweep (standardPaperConfig; a study's committed size);
   * 'custom': anything else (tests, fixtures).
   */
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
  /** The machine that computed the tables (paperSet.ts runMachine). */
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
  /** The figure asked for, and the figure whose folder holds its tables (tablesOfFigure). */
  fig: Exclude<FigureId, 'fig8'>;
  sweep: TableFigure;
  /** The folder, relative to the project root when inside it (e.g. 'data/paper/fig2-power'). */
  dir: string;
  /** Per-drop rows (results.csv). */
  rows: ResultRow[];
  /** Per-point summary (summary.csv). */
  summary: ResultRow[];
  /** A study's headline, one row per scheme (headline.csv); absent for the sweep figures. */
  headline?: ResultRow[];
  config: SweepConfig;
  /** Drops per point. */
  drops: number;
  /** The commit that produced the tables (12 hex digits, '-dirty' with uncommitted changes). */
  codeVersion: string;
  /** Wall time of the run (s), over every invocation that computed tasks. */
  wallTimeS: number;
  /** CPU time of the run (s), the same way. */
  cpuTimeS: number;
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
   * The sweep the tables must be (default tableSweep(fig, { size: 'paper' }): the standard
   * paper-size sweep, 100 drops, seed 1; a study's committed size).
   */
  expected?: SweepConfig;
  /** The pipeline version a sweep figure's tables must come from (default PIPELINE_VERSION, the code's). */
  pipelineVersion?: string;
  /** The runner version a study's tables must come from (default runnerVersionOf(fig), the code's). */
  runnerVersion?: string;
}

/** A folder's files, parsed (or the problems that stopped parsing). */
interface Loaded {
  rows: ResultRow[];
  summary: ResultRow[];
  /** A study's headline.csv (else empty). */
  headline: ResultRow[];
  /** The CSV headers and the sidecars, in the order of sidecarsOf(fig). */
  headers: string[][];
  sidecars: PaperSidecar[];
}

type SidecarEntry = readonly [json: string, table: PaperSidecar['table'], csv: string];

const SIDECARS: readonly SidecarEntry[] = [
  ['results.json', 'results', 'results.csv'],
  ['summary.json', 'summary', 'summary.csv'],
];

const HEADLINE: SidecarEntry = ['headline.json', 'headline', 'headline.csv'];

/** The sidecars of a figure's folder: results and summary, and a study's headline. */
function sidecarsOf(fig: TableFigure): readonly SidecarEntry[] {
  return isStudyFigure(fig) ? [...SIDECARS, HEADLINE] : SIDECARS;
}

function load(dir: string, fig: TableFigure): Loaded | string[] {
  const missing = paperFilesOf(fig).filter((f) => !existsSync(join(dir, f)));
  if (missing.length) return missing.map((f) => `${f} is missing`);
  const out: string[] = [];
  const sidecars: PaperSidecar[] = [];
  const entries = sidecarsOf(fig);
  for (const [name] of entries) {
    try {
      sidecars.push(JSON.parse(readFileSync(join(dir, name), 'utf8')) as PaperSidecar);
    } catch (e) {
      out.push(`${name} is not valid JSON: ${(e as Error).message}`);
    }
  }
  for (const [i, sc] of sidecars.entries()) {
    const name = entries[i][0];
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
      headline: isStudyFigure(fig) ? readTable(join(dir, 'headline.csv')) : [],
      headers: entries.map(([, , csv]) => header(csv)),
      sidecars,
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

/** Metrics every row of a figure's results.csv must hold as finite numbers ≥ 0. */
function requiredMetrics(fig: TableFigure): string[] {
  if (fig === 'aging')
    return ['rateKept', 'rateFresh', 'keptFraction', 'rateUpperKept', 'rateUpperFresh', 'iterations'];
  if (fig === 'handover') return ['rateErgodic', 'rateUpper'];
  return ['rateErgodic', 'rateUpper', 'cdwmIterations'];
}

/**
 * How far a committed headline cell may be from the headline of the committed (rounded)
 * results, beyond the cell's own rounding (ROUNDING, else 6 significant digits): 1e-4
 * relative, absolute below 1. The headline is computed from the unrounded results; on the
 * committed study tables rounding them moved it by at most 1.8e-5 relative (aging) and
 * 9.3e-5 absolute (handover: a mean re-clustering CPU time of 0.75 ms, its rows rounded to
 * 0.01 ms), and no committed cell uses more than about half of its allowance; a wrong or
 * stale headline (a rate off by 0.1 %) moves it far more.
 */
export const HEADLINE_TOLERANCE = 1e-4;

function checkLoaded(t: Loaded, fig: TableFigure, opts: PaperCheckOptions): string[] {
  const out: string[] = [];
  const root = opts.root ?? projectRoot();
  const want = opts.expected ?? tableSweep(fig, { size: 'paper' });
  const points = expandPoints(want);
  const wantSize = standardPaperConfig(fig, want) === null ? 'paper' : 'custom';
  const paperGrid = json(tableSweep(fig, { size: 'paper' }).grid) === json(want.grid);
  const study = isStudyFigure(fig);
  const entries = sidecarsOf(fig);
  const { rows, summary } = t;

  // the sidecars: this figure, the expected sweep, the files beside them, the code version, the run
  t.sidecars.forEach((sc, i) => {
    const [name, table] = entries[i];
    const same = (k: string, a: unknown, b: unknown) => {
      if (json(a) !== json(b)) out.push(`${name}: ${k} is ${json(a)}, expected ${json(b)}`);
    };
    same('table', sc.table, table);
    same('figure', sc.figure, fig);
    same('size', sc.size, wantSize);
    const c = sc.config;
    if (json(c.grid) !== json(want.grid)) {
      const which = paperGrid ? `the ${study ? 'committed' : 'paper'} grid of ${fig}` : 'the expected sweep';
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
      if (study) {
        const rv = opts.runnerVersion ?? runnerVersionOf(fig);
        if (code.runnerVersion !== rv) {
          out.push(
            `${name}: computed by runner version ${json(code.runnerVersion)} of ${want.runner}, the code is at ${rv}: ` +
              `rerun \`${paperCommand(fig)}\``,
          );
        }
      } else {
        const pv = opts.pipelineVersion ?? PIPELINE_VERSION;
        if (code.pipelineVersion !== pv) {
          out.push(
            `${name}: computed by pipeline version ${json(code.pipelineVersion)}, the code is at ${pv}: rerun \`npm run paper\``,
          );
        }
      }
    }
    for (const k of ['wallMs', 'cpuMs'] as const) {
      if (!(typeof sc.run?.[k] === 'number' && sc.run[k] > 0)) out.push(`${name}: run.${k} must be a positive number`);
    }
    if (!sc.machine || typeof sc.machine.cpuModel !== 'string') out.push(`${name}: machine is missing`);
  });

  // each CSV's header as its sidecar lists it
  t.sidecars.forEach((sc, i) => {
    const [name, , csv] = entries[i];
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
  const required = requiredMetrics(fig);
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
    for (const m of required) {
      const x = r[m];
      if (typeof x !== 'number' || !Number.isFinite(x) || x < 0)
        out.push(`${at}: ${m} = ${x} is not a finite number >= 0`);
    }
    for (const [k, x] of Object.entries(r)) {
      if (typeof x === 'number' && !Number.isFinite(x) && !required.includes(k)) out.push(`${at}: ${k} is ${x}`);
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

  // a study's headline: one row per scheme, what the committed results give
  if (study && out.length <= 40) out.push(...checkHeadline(fig as StudyFigure, t, want));

  // the row counts the sidecars give
  t.sidecars.forEach((sc, i) => {
    const [name, , csv] = entries[i];
    const n = [rows, summary, t.headline][i].length;
    if (sc.rows !== n) out.push(`${name}: rows is ${json(sc.rows)}, ${csv} has ${n}`);
  });
  return out;
}

/**
 * A study's headline.csv: one row per scheme of the sweep in its order, with every cell the
 * headline of the committed results gives (studyHeadline of results.csv, within
 * HEADLINE_TOLERANCE; a value never reached on the grid is an empty cell on both sides).
 */
function checkHeadline(fig: StudyFigure, t: Loaded, want: SweepConfig): string[] {
  const out: string[] = [];
  const names = want.schemes.map((s) => s.name);
  const got = t.headline.map((r) => String(r.scheme));
  if (json(got) !== json(names)) {
    out.push(`headline.csv: schemes ${got.join(', ')}, expected one row per scheme: ${names.join(', ')}`);
    return out;
  }
  let recomputed: ResultRow[];
  try {
    recomputed = studyHeadline(fig, t.rows);
  } catch (e) {
    return [`headline.csv: the results give no headline (${(e as Error).message})`];
  }
  recomputed.forEach((e, i) => {
    const r = t.headline[i];
    for (const [col, v] of Object.entries(e)) {
      if (out.length > 20) return;
      if (col === 'scheme') continue;
      if (!(col in r)) {
        out.push(`headline.csv: column ${col} is missing`);
        continue;
      }
      const x = Number(r[col]);
      // the cell's own rounding, then what rounding the results may move
      const d = ROUNDING[col.replace(/_ci95$/, '')];
      const own = d === undefined ? 0.5 * 10 ** (1 - SIGNIFICANT_DIGITS) * Math.abs(Number(v)) : 0.5 * 10 ** -d;
      const ok =
        typeof v !== 'number' || !Number.isFinite(v)
          ? Number.isNaN(x)
          : Math.abs(x - v) <= own + HEADLINE_TOLERANCE * Math.max(1, Math.abs(v));
      if (!ok) {
        const given = Number.isNaN(x) ? 'empty' : String(r[col]);
        const wanted = typeof v === 'number' && Number.isFinite(v) ? String(Number(v.toPrecision(8))) : 'empty';
        out.push(`headline.csv row ${i + 2} (${e.scheme}): ${col} = ${given}, the results give ${wanted}`);
      }
    }
  });
  return out;
}

/**
 * Every problem of a figure's folder of paper-size tables (empty = consistent): the four
 * files (a study's six) present and parseable; every sidecar naming this figure, the
 * expected sweep (by default the standard paper-size sweep: its grid, base, schemes,
 * constraints, runner, drop count and seed 1; a study's committed size), its point count,
 * its table's row count and header; results.csv holding exactly one row per (point, drop,
 * scheme) of that grid with the point's parameters and finite metrics; summary.csv one row
 * per (point, scheme) with n = drops, finite means, and every cell what the results give (to
 * the rounding of the committed tables); a study's headline.csv one row per scheme, what
 * the results give (HEADLINE_TOLERANCE); the code version a commit of this repository (when
 * git is available), from a clean work tree and the current pipeline version (a study: its
 * runner's current version); the run's wall and CPU time and the machine.
 */
export function checkPaperTables(dir: string, fig: TableFigure, opts: PaperCheckOptions = {}): string[] {
  const t = load(dir, fig);
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
 * folder, a study its own), checked by checkPaperTables. Throws PaperTablesMissingError
 * when the folder or a file is missing (naming it and the command that writes it),
 * PaperTablesError naming the file and the problem when the tables are inconsistent —
 * never a silent fallback to wrong numbers.
 */
export function readPaperTables(fig: Exclude<FigureId, 'fig8'>, opts: PaperReadOptions = {}): PaperTables {
  const root = opts.root ?? projectRoot();
  const sweep = tablesOfFigure(fig) as TableFigure;
  const dir = join(opts.dir ?? paperDir(root), FIGURE_FILES[sweep]);
  const rel = relativeTo(root, dir);
  const what = fig === sweep ? 'it' : `${sweep}'s sweep, which ${fig} is drawn from`;
  const make = isStudyFigure(sweep)
    ? `run \`${paperCommand(sweep)}\` to compute it`
    : `run \`${paperCommand(sweep)}\` (or \`npm run paper\` for every figure) to compute ${what}`;
  if (!existsSync(dir)) throw new PaperTablesMissingError(`${rel}/ is missing: ${make}`);
  const t = load(dir, sweep);
  if (Array.isArray(t)) {
    const missing = paperFilesOf(sweep).filter((f) => !existsSync(join(dir, f)));
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
    ...(isStudyFigure(sweep) ? { headline: t.headline } : {}),
    config: sidecar.config,
    drops: sidecar.config.drops,
    codeVersion: `${(code.gitCommit ?? 'unknown').slice(0, 12)}${code.gitDirty ? '-dirty' : ''}`,
    wallTimeS: sidecar.run.wallMs / 1000,
    cpuTimeS: sidecar.run.cpuMs / 1000,
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
  const sweep = tablesOfFigure(fig) as TableFigure;
  if (!existsSync(join(opts.dir ?? paperDir(root), FIGURE_FILES[sweep]))) return null;
  return readPaperTables(fig, { ...opts, root });
}

/** Figures (TABLE_FIGURES) whose folder exists under data/paper, and stray entries that belong to none. */
export function paperFolders(root: string): { present: TableFigure[]; stray: string[] } {
  const base = join(root, PAPER_DATA_DIR);
  if (!existsSync(base)) return { present: [], stray: [] };
  const stems = new Map(TABLE_FIGURES.map((f) => [FIGURE_FILES[f], f]));
  const present: TableFigure[] = [];
  const stray: string[] = [];
  for (const e of readdirSync(base, { withFileTypes: true })) {
    const f = stems.get(e.name);
    if (e.isDirectory() && f) present.push(f);
    else stray.push(e.name);
  }
  return { present, stray };
}

/**
 * Two lines describing the tables for the reader, each under 100 characters (the notebooks'
 * output limit): where, size and code version; then the wall and CPU time of the run.
 */
export function describePaperTables(t: PaperTables): string {
  const points = expandPoints(t.config).length;
  const time = `${(t.wallTimeS / 60).toFixed(1)} min wall, ${(t.cpuTimeS / 60).toFixed(1)} min CPU`;
  const size = `${points} points × ${t.drops} drops (seed ${String(t.config.seed)})`;
  return `${t.dir}: ${size}, code ${t.codeVersion}\n  computed in ${time}`;
}

/** The size label of the tables' figure: sizeLabel of their sweep, with the commit that computed them. */
export function paperSizeLabel(t: PaperTables): string {
  return sizeLabel(t.sweep, t.config, { commit: t.sidecar.code.gitCommit, dirty: t.sidecar.code.gitDirty });
}

/** The figure drawn from the committed tables (the drawing of `npm run figures`), labelled with its size. */
export function paperFigure(t: PaperTables): Figure {
  if (isStudyFigure(t.sweep)) return studyFigure(t.sweep, t.rows, paperSizeLabel(t));
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
