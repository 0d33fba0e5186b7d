/**
 * The committed paper-size results of a figure (Section VI at the paper's grid and drop
 * count), read back for the figure notebooks: `data/paper/<stem>/` (stem = FIGURE_FILES,
 * e.g. data/paper/fig2-power/) holds
 *
 *   results.csv  + results.json   one row per (point, drop, scheme) — results.ts resultRows
 *   summary.csv  + summary.json   one row per (point, scheme) — results.ts summaryRows
 *
 * and the paper-size figure is figures/<stem>.png / .svg. The JSON sidecars carry the
 * sweep configuration (grid, drops, seed) and who produced the tables (code version, wall
 * time, machine). A derived figure (complexity, bound gap) reads its own folder when there
 * is one, else the folder of the sweep it is drawn from (Fig. 7, Fig. 2).
 *
 * `paperTables(fig)` returns the tables, or null when the folder does not exist; when it
 * exists but is incomplete or inconsistent (a file missing, a CSV header that is not the
 * sidecar's column list, a grid point or drop missing, a grid that is not the figure's
 * paper grid, a summary that does not summarise the results) it throws a PaperTablesError
 * naming the file and what is wrong — never a silent fallback to wrong numbers.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type SweepConfig, expandPoints, schemesAt } from './config.js';
import { type FigureId, type SweepFigure, figureSweep, sweepOfFigure } from './figures.js';
import { projectRoot } from './paths.js';
import { FIGURE_FILES } from './reproduce.js';
import type { Figure } from '../plots/index.js';
import { PIPELINE_DEFAULTS } from './pipeline.js';
import { figureFromSummary } from './plots.js';
import { wrapText } from './progress.js';
import { type ResultRow, readTable, summaryRows } from './results.js';

/** Committed paper-size tables that are present but incomplete or inconsistent. */
export class PaperTablesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PaperTablesError';
  }
}

/** The fields of a sidecar the reader uses (others are kept in `sidecar`). */
export interface PaperSidecar {
  /** The sweep configuration (grid, drops, seed, schemes) — required. */
  config: SweepConfig;
  table?: 'results' | 'summary';
  columns?: string[];
  drops?: number;
  seed?: number | string;
  size?: string;
  complete?: boolean;
  codeVersion?: string;
  provenance?: { kitVersion?: string; gitCommit?: string | null; gitDirty?: boolean | null; date?: string };
  wallTimeS?: number;
  wallMs?: number;
  machine?: unknown;
  [field: string]: unknown;
}

/** A figure's committed paper-size tables. */
export interface PaperTables {
  fig: Exclude<FigureId, 'fig8'>;
  /** The folder, relative to the project root (e.g. 'data/paper/fig2-power'). */
  dir: string;
  /** Per-drop rows (results.csv). */
  rows: ResultRow[];
  /** Per-point summary (summary.csv). */
  summary: ResultRow[];
  config: SweepConfig;
  /** Drops per point. */
  drops: number;
  /** Code that produced the tables: the sidecar's codeVersion, else git commit (+ '-dirty'), else kit version. */
  codeVersion: string;
  /** Wall time of the run (s) when the sidecar says. */
  wallTimeS?: number;
  /** The results sidecar as written. */
  sidecar: PaperSidecar;
  /** The paper-size figure, relative to the root, when present (figures/<stem>.png). */
  figurePng?: string;
}

/** Where the paper-size folders are: $MSMS_PAPER_DIR (relative to the root or absolute), else data/paper. */
export function paperDir(root: string = projectRoot()): string {
  const env = process.env.MSMS_PAPER_DIR;
  if (env !== undefined && env !== '') return env.startsWith('/') ? env : join(root, env);
  return join(root, 'data', 'paper');
}

function readSidecar(path: string, rel: string): PaperSidecar {
  if (!existsSync(path)) throw new PaperTablesError(`${rel} is missing (each table needs its JSON sidecar)`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new PaperTablesError(`${rel} is not valid JSON: ${(e as Error).message}`);
  }
  const sc = parsed as PaperSidecar;
  const cfg = sc?.config as SweepConfig | undefined;
  if (typeof cfg !== 'object' || cfg === null || typeof cfg.grid !== 'object' || !Array.isArray(cfg.schemes)) {
    throw new PaperTablesError(`${rel}: field 'config' must be the sweep configuration (grid, drops, schemes)`);
  }
  if (!Number.isInteger(cfg.drops) || cfg.drops < 1) {
    throw new PaperTablesError(`${rel}: config.drops must be an integer >= 1, got ${String(cfg.drops)}`);
  }
  return sc;
}

function readCsv(path: string, rel: string, sidecar: PaperSidecar, sidecarRel: string): ResultRow[] {
  if (!existsSync(path)) throw new PaperTablesError(`${rel} is missing`);
  const header = (readFileSync(path, 'utf8').split(/\r?\n/, 1)[0] ?? '').split(',');
  if (Array.isArray(sidecar.columns) && sidecar.columns.join(',') !== header.join(',')) {
    throw new PaperTablesError(`${rel}: header does not match 'columns' of ${sidecarRel}`);
  }
  const rows = readTable(path);
  if (rows.length === 0) throw new PaperTablesError(`${rel} has no rows`);
  return rows;
}

function sameGrid(a: Record<string, number[]>, b: Record<string, number[]>): boolean {
  const ka = Object.keys(a);
  return (
    ka.length === Object.keys(b).length &&
    ka.every((k) => Array.isArray(b[k]) && a[k].length === b[k].length && a[k].every((v, i) => v === b[k][i]))
  );
}

const gridText = (g: Record<string, number[]>) =>
  Object.entries(g)
    .map(([k, v]) => `${k} ∈ {${v.join(', ')}}`)
    .join(', ');

/** Relative difference of two numbers (NaN equals NaN). */
function relDiff(a: number, b: number): number {
  if (Number.isNaN(a) && Number.isNaN(b)) return 0;
  return Math.abs(a - b) / Math.max(1e-300, Math.abs(a), Math.abs(b));
}

/** Check that `rows` hold every (point, drop, scheme) of `config` once, with the point's parameters. */
function checkResults(rows: readonly ResultRow[], config: SweepConfig, rel: string): void {
  const points = expandPoints(config);
  const seen = new Set<string>();
  for (const [i, r] of rows.entries()) {
    const p = Number(r.point);
    const d = Number(r.drop);
    if (!Number.isInteger(p) || p < 0 || p >= points.length) {
      throw new PaperTablesError(`${rel}: row ${i + 2} has point ${String(r.point)}, allowed 0…${points.length - 1}`);
    }
    if (!Number.isInteger(d) || d < 0 || d >= config.drops) {
      throw new PaperTablesError(`${rel}: row ${i + 2} has drop ${String(r.drop)}, allowed 0…${config.drops - 1}`);
    }
    for (const [k, v] of Object.entries(points[p])) {
      if (Number(r[k]) !== v) {
        throw new PaperTablesError(`${rel}: row ${i + 2} (point ${p}) has ${k} = ${String(r[k])}, the grid says ${v}`);
      }
    }
    const key = `${p}/${d}/${String(r.scheme)}`;
    if (seen.has(key)) throw new PaperTablesError(`${rel}: point ${p}, drop ${d}, ${String(r.scheme)} appears twice`);
    seen.add(key);
  }
  points.forEach((params, p) => {
    for (const s of schemesAt(config, params)) {
      for (let d = 0; d < config.drops; d++) {
        if (!seen.has(`${p}/${d}/${s.name}`)) {
          throw new PaperTablesError(
            `${rel}: point ${p} (${Object.keys(config.grid)
              .map((k) => `${k} = ${params[k]}`)
              .join(', ')}), ` + `drop ${d}, ${s.name} is missing (config: ${config.drops} drops per point)`,
          );
        }
      }
    }
  });
}

/** Check that `summary` is what summaryRows makes of `rows` (every shared column, 1e-9 relative). */
function checkSummary(
  summary: readonly ResultRow[],
  rows: readonly ResultRow[],
  config: SweepConfig,
  rel: string,
): void {
  const expected = summaryRows(config, rows);
  if (expected.length !== summary.length) {
    throw new PaperTablesError(
      `${rel}: ${summary.length} rows, the results give ${expected.length} (point, scheme) pairs`,
    );
  }
  const key = (r: ResultRow) => `${r.point}/${r.scheme}`;
  const byKey = new Map(summary.map((r) => [key(r), r]));
  for (const e of expected) {
    const got = byKey.get(key(e));
    if (!got) throw new PaperTablesError(`${rel}: no row for point ${e.point}, ${e.scheme}`);
    for (const [col, v] of Object.entries(e)) {
      if (!(col in got) || typeof v !== 'number') continue;
      // timings are summarised too; all columns must agree to round-off of the CSV text
      if (relDiff(Number(got[col]), v) > 1e-9) {
        throw new PaperTablesError(
          `${rel}: point ${e.point}, ${e.scheme}: ${col} = ${String(got[col])}, but the results give ${v}`,
        );
      }
    }
  }
}

/** Code version named by a sidecar. */
function codeVersionOf(sc: PaperSidecar): string | undefined {
  if (typeof sc.codeVersion === 'string' && sc.codeVersion !== '') return sc.codeVersion;
  const p = sc.provenance;
  if (p?.gitCommit) return `${p.gitCommit.slice(0, 12)}${p.gitDirty ? '-dirty' : ''}`;
  return p?.kitVersion ? `kit ${p.kitVersion}` : undefined;
}

/**
 * The committed paper-size tables of `fig`, or null when there are none. `dir` overrides
 * the folder holding the per-figure folders (default paperDir(root)).
 */
export function paperTables(
  fig: Exclude<FigureId, 'fig8'>,
  opts: { root?: string; dir?: string } = {},
): PaperTables | null {
  const root = opts.root ?? projectRoot();
  const base = opts.dir ?? paperDir(root);
  const sweep = sweepOfFigure(fig) as SweepFigure;
  const candidates = [FIGURE_FILES[fig], FIGURE_FILES[sweep]];
  const stem = candidates.find((c) => existsSync(join(base, c)));
  if (stem === undefined) return null;
  const dir = join(base, stem);
  const rel = (f: string) => {
    const r = relative(root, join(dir, f));
    return r.startsWith('..') ? join(dir, f) : r;
  };

  const sidecar = readSidecar(join(dir, 'results.json'), rel('results.json'));
  const summarySidecar = readSidecar(join(dir, 'summary.json'), rel('summary.json'));
  const config = sidecar.config;
  if (JSON.stringify(summarySidecar.config) !== JSON.stringify(config)) {
    throw new PaperTablesError(`${rel('summary.json')}: its config differs from ${rel('results.json')}`);
  }
  const declared = figureSweep(sweep, { size: 'paper' });
  if (!sameGrid(config.grid, declared.grid)) {
    throw new PaperTablesError(
      `${rel('results.json')}: grid ${gridText(config.grid)} is not the paper grid of ${sweep} ` +
        `(${gridText(declared.grid)})`,
    );
  }
  if (typeof sidecar.drops === 'number' && sidecar.drops !== config.drops) {
    throw new PaperTablesError(`${rel('results.json')}: drops = ${sidecar.drops} but config.drops = ${config.drops}`);
  }
  if (sidecar.complete === false) {
    throw new PaperTablesError(`${rel('results.json')}: the run is marked incomplete (complete: false)`);
  }
  const codeVersion = codeVersionOf(sidecar);
  if (codeVersion === undefined) {
    throw new PaperTablesError(`${rel('results.json')}: names no code version (codeVersion or provenance.gitCommit)`);
  }
  const rows = readCsv(join(dir, 'results.csv'), rel('results.csv'), sidecar, rel('results.json'));
  const summary = readCsv(join(dir, 'summary.csv'), rel('summary.csv'), summarySidecar, rel('summary.json'));
  checkResults(rows, config, rel('results.csv'));
  checkSummary(summary, rows, config, rel('summary.csv'));

  const wall =
    typeof sidecar.wallTimeS === 'number'
      ? sidecar.wallTimeS
      : typeof sidecar.wallMs === 'number'
        ? sidecar.wallMs / 1000
        : undefined;
  const png = join(root, 'figures', `${FIGURE_FILES[fig]}.png`);
  return {
    fig,
    dir: relative(root, dir) || dir,
    rows,
    summary,
    config,
    drops: config.drops,
    codeVersion,
    ...(wall === undefined ? {} : { wallTimeS: wall }),
    sidecar,
    ...(existsSync(png) ? { figurePng: relative(root, png) } : {}),
  };
}

/** One line describing the tables for the reader: where, size, code version, wall time. */
export function describePaperTables(t: PaperTables): string {
  const points = expandPoints(t.config).length;
  const wall = t.wallTimeS === undefined ? '' : `, ${(t.wallTimeS / 60).toFixed(1)} min wall`;
  return `${t.dir}: ${points} points × ${t.drops} drops (seed ${String(t.config.seed)}), code ${t.codeVersion}${wall}`;
}

/** The figure drawn from the committed tables (the same drawing as `npm run figures`). */
export function paperFigure(t: PaperTables): Figure {
  const p = { ...PIPELINE_DEFAULTS, ...t.config.base };
  return figureFromSummary(t.fig, t.summary, {
    K: p.K,
    S: p.S,
    NR: p.NR,
    Mk: p.Mk,
    NT: p.NT,
    iterations: p.iterations,
  });
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
