/**
 * Sweep results as tables (Section VI): one row per (point, drop, scheme) with the point's
 * parameters and the scheme's metrics, a summary per (point, scheme) with the mean and the
 * 95 % confidence half-width over drops, both as danfo DataFrames and as CSV files with a
 * JSON sidecar (configuration, seed, kit version, git commit, date).
 *
 * Column conventions: `point`, `drop`, the grid parameters, the base parameters, `scheme`,
 * then metrics (rateErgodic, rateUpper, cdwmIterations, … and timings ending in 'Ms');
 * stage timings and drop info of the task are repeated on each of its scheme rows. Summary
 * columns: `point`, parameters, `scheme`, `n`, then `<metric>_mean`, `<metric>_ci95`.
 *
 * Names never clash: a metric named like a parameter or a fixed column gets the suffix
 * 'Result' (e.g. a runner metric `x` beside the parameter `x` → `xResult`), an info or
 * stage value named like any earlier column the suffix 'Info'. The real pipeline's metric
 * `iterations` (MS²CDWM's iterations run) is now `cdwmIterations`, beside the parameter
 * `iterations` (I_max); checkpoints and tables written before are read with the new name
 * (see `readTable`), so old runs keep working.
 *
 * Missing and non-finite numbers are written as empty cells (never 'NaN'): a metric a
 * scheme does not have, and `<metric>_ci95` where n < 2 — a confidence interval needs at
 * least two drops (the sidecar says so in `notes`). `readTable` reads an empty cell as NaN.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataFrame } from 'danfojs-node';
import type { TaskRecord } from './checkpoint.js';
import { DEFAULT_RUNNER, type PointParams, type SweepConfig, expandPoints } from './config.js';
import { writeFileAtomic } from './files.js';
import type { Provenance } from './provenance.js';
import { meanCi95 } from '../stats/index.js';

/** One row of the long results table. */
export type ResultRow = Record<string, number | string>;

/** Metric names of the real pipeline before issue 11, by their current name. */
export const LEGACY_PIPELINE_METRICS: Readonly<Record<string, string>> = { iterations: 'cdwmIterations' };

/** True when `config` runs the real pipeline (lib/experiments/pipeline.ts). */
function usesPipeline(config: Pick<SweepConfig, 'runner'>): boolean {
  return config.runner === undefined || config.runner === DEFAULT_RUNNER;
}

/** Long table: one row per (point, drop, scheme), ordered by point, drop, then scheme order of the config. */
export function resultRows(config: SweepConfig, records: readonly TaskRecord[]): ResultRow[] {
  const rows: ResultRow[] = [];
  const order = new Map(config.schemes.map((s, i) => [s.name, i]));
  const sorted = records.slice().sort((a, b) => a.point - b.point || a.drop - b.drop);
  const reserved = new Set(['point', 'drop', 'scheme', ...Object.keys(config.grid), ...Object.keys(config.base)]);
  const legacy = usesPipeline(config) ? LEGACY_PIPELINE_METRICS : {};
  for (const r of sorted) {
    const schemes = r.schemes.slice().sort((a, b) => (order.get(a.scheme) ?? 0) - (order.get(b.scheme) ?? 0));
    for (const s of schemes) {
      const row: ResultRow = { point: r.point, drop: r.drop, ...paramsInOrder(config, r.params), scheme: s.scheme };
      for (const [k0, v] of Object.entries(s.metrics)) {
        const k = legacy[k0] !== undefined && !(legacy[k0] in s.metrics) ? legacy[k0] : k0;
        row[reserved.has(k) ? `${k}Result` : k] = v;
      }
      for (const [k, v] of [...Object.entries(r.stageMs ?? {}), ...Object.entries(r.info ?? {})]) {
        row[k in row ? `${k}Info` : k] = v;
      }
      rows.push(row);
    }
  }
  return fillColumns(rows);
}

/** Grid parameters first (in grid order), then base parameters. */
function paramsInOrder(config: SweepConfig, params: PointParams): PointParams {
  const out: PointParams = {};
  for (const k of Object.keys(config.grid)) out[k] = params[k];
  for (const k of Object.keys(config.base)) out[k] = params[k];
  return out;
}

/** Give every row the union of columns (missing → NaN, written as an empty cell), in first-seen order. */
function fillColumns(rows: ResultRow[]): ResultRow[] {
  const cols: string[] = [];
  const seen = new Set<string>();
  for (const r of rows)
    for (const k of Object.keys(r))
      if (!seen.has(k)) {
        seen.add(k);
        cols.push(k);
      }
  return rows.map((r) => Object.fromEntries(cols.map((c) => [c, r[c] ?? NaN])));
}

/**
 * Summary table: one row per (point, scheme) present in `rows`, with `n` (drops) and
 * `<m>_mean`, `<m>_ci95` for every numeric metric column m (95 % Student-t half-width;
 * NaN with a single drop — an empty cell in the CSV).
 */
export function summaryRows(config: SweepConfig, rows: readonly ResultRow[]): ResultRow[] {
  const paramKeys = [...Object.keys(config.grid), ...Object.keys(config.base)];
  const fixed = new Set(['point', 'drop', 'scheme', ...paramKeys]);
  const metricKeys = rows.length
    ? Object.keys(rows[0]).filter((k) => !fixed.has(k) && typeof rows[0][k] === 'number')
    : [];
  const groups = new Map<string, ResultRow[]>();
  for (const r of rows) {
    const key = `${r.point}\u0000${r.scheme}`;
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  const order = new Map(config.schemes.map((s, i) => [s.name, i]));
  const out: ResultRow[] = [];
  for (const g of groups.values()) {
    const first = g[0];
    const row: ResultRow = { point: first.point };
    for (const k of paramKeys) row[k] = first[k];
    row.scheme = first.scheme;
    row.n = g.length;
    for (const m of metricKeys) {
      const { mean, halfWidth95 } = meanCi95(g.map((r) => Number(r[m])).filter((x) => Number.isFinite(x)));
      row[`${m}_mean`] = mean;
      row[`${m}_ci95`] = halfWidth95;
    }
    out.push(row);
  }
  out.sort(
    (a, b) =>
      Number(a.point) - Number(b.point) || (order.get(String(a.scheme)) ?? 0) - (order.get(String(b.scheme)) ?? 0),
  );
  return out;
}

/** A danfo DataFrame of rows (all rows share the same columns). */
export function toDataFrame(rows: readonly ResultRow[]): DataFrame {
  if (rows.length === 0) return new DataFrame([]);
  return new DataFrame(rows as ResultRow[]);
}

/** The rows of a danfo DataFrame as plain objects. */
export function frameRows(df: DataFrame): ResultRow[] {
  const cols = df.columns;
  const vals = df.values as unknown as (number | string)[][];
  return vals.map((v) => Object.fromEntries(cols.map((c, i) => [c, v[i]])));
}

function csvCell(x: unknown): string {
  if (typeof x === 'number') return Number.isFinite(x) ? String(x) : '';
  if (x === undefined || x === null) return '';
  const s = String(x);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV text of rows (see saveTable). */
export function csvText(data: DataFrame | readonly ResultRow[]): string {
  const rows = Array.isArray(data) ? (data as ResultRow[]) : frameRows(data as DataFrame);
  const cols = rows.length ? Object.keys(rows[0]) : [];
  const lines = [cols.map(csvCell).join(',')];
  for (const r of rows) lines.push(cols.map((c) => csvCell(r[c])).join(','));
  return lines.join('\n') + '\n';
}

/**
 * Write a DataFrame (or rows) as RFC-4180 CSV — numbers at full precision (shortest
 * round-trip form), missing / non-finite numbers as empty cells, text quoted when needed —
 * and `<path>.json` (path with '.csv' replaced) holding `sidecar`. Each file is replaced
 * whole or not at all. Readable back with danfo's readCSV or any CSV reader.
 */
export function saveTable(data: DataFrame | readonly ResultRow[], path: string, sidecar: object): void {
  writeFileAtomic(path, csvText(data));
  writeFileAtomic(sidecarPath(path), JSON.stringify(sidecar, null, 2) + '\n');
}

/** '<dir>/x.csv' → '<dir>/x.json'. */
export function sidecarPath(csvPath: string): string {
  return csvPath.replace(/\.csv$/, '') + '.json';
}

/** Sidecar content of a sweep's tables. */
export interface ResultsSidecar {
  sweepId: string;
  table: 'results' | 'summary';
  description?: string;
  config: SweepConfig;
  seed: number | string;
  drops: number;
  points: number;
  tasks: number;
  complete: boolean;
  columns: string[];
  /** What readers must know (e.g. why a column has empty cells). */
  notes?: string[];
  provenance: Provenance;
}

/**
 * Parse a CSV written by saveTable back into rows: numbers where a cell parses as one, an
 * empty cell (or the 'NaN' older tables wrote) as NaN, text otherwise. A table written by
 * the real pipeline before issue 11 (its sidecar lists a column `iterations` and no
 * `cdwmIterations`) is read with the current names: that column is the metric
 * `cdwmIterations`, and the parameter `iterations` it overwrote is restored from the
 * sidecar's configuration where the sweep had one.
 */
export function readTable(path: string): ResultRow[] {
  const text = readFileSync(path, 'utf8');
  const records = parseCsv(text);
  if (records.length === 0) return [];
  const [head, ...body] = records;
  const rows = body.map((cells) =>
    Object.fromEntries(
      head.map((h, i) => {
        const c = cells[i] ?? '';
        if (c === '' || c === 'NaN') return [h, NaN];
        const x = Number(c);
        return [h, Number.isFinite(x) && c.trim() !== '' ? x : c];
      }),
    ),
  );
  return upgradeLegacyTable(path, rows);
}

function upgradeLegacyTable(path: string, rows: ResultRow[]): ResultRow[] {
  const side = sidecarPath(path);
  if (!existsSync(side) || rows.length === 0) return rows;
  let meta: Partial<ResultsSidecar>;
  try {
    meta = JSON.parse(readFileSync(side, 'utf8')) as Partial<ResultsSidecar>;
  } catch {
    return rows;
  }
  const cols = Object.keys(rows[0]);
  const config = meta.config;
  if (!config || !usesPipeline(config) || cols.includes('cdwmIterations')) return rows;
  const renames: Record<string, string> = {};
  for (const [old, now] of Object.entries(LEGACY_PIPELINE_METRICS)) {
    for (const suffix of ['', '_mean', '_ci95']) if (cols.includes(old + suffix)) renames[old + suffix] = now + suffix;
  }
  if (Object.keys(renames).length === 0) return rows;
  let points: PointParams[] = [];
  try {
    points = expandPoints({ ...config, drops: 1 });
  } catch {
    points = [];
  }
  return rows.map((r) => {
    const out: ResultRow = {};
    for (const [k, v] of Object.entries(r)) {
      const param = k in config.base || k in config.grid;
      if (renames[k] !== undefined) {
        // the old column held the metric; a parameter of the same name was overwritten by it
        if (param && points[Number(r.point)]) out[k] = points[Number(r.point)][k];
        out[renames[k]] = v;
      } else out[k] = v;
    }
    return out;
  });
}

function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      out.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    out.push(row);
  }
  return out;
}

/** Number of points of a config (for sidecars). */
export function pointCount(config: SweepConfig): number {
  return expandPoints(config).length;
}

/** The results and summary of a finished (or partial) sweep as danfo DataFrames and plain rows. */
export interface SweepTables {
  rows: ResultRow[];
  summary: ResultRow[];
  results: DataFrame;
  summaryFrame: DataFrame;
}

/** Tables of a set of records of `config`. */
export function sweepTables(config: SweepConfig, records: readonly TaskRecord[]): SweepTables {
  const rows = resultRows(config, records);
  const summary = summaryRows(config, rows);
  return { rows, summary, results: toDataFrame(rows), summaryFrame: toDataFrame(summary) };
}

/** The files of a sweep's tables, as texts (what writeSweepTables writes). */
export interface SweepTableFiles {
  resultsCsv: string;
  summaryCsv: string;
  tables: SweepTables;
  /** Path → text of results.csv, results.json, summary.csv, summary.json. */
  files: Array<{ path: string; text: string }>;
}

/** Why some cells of the summary are empty, for the sidecar and the CLI. */
export function summaryNotes(summary: readonly ResultRow[]): string[] {
  const few = summary.filter((r) => Number(r.n) < 2).length;
  return few > 0
    ? [
        `the _ci95 columns are empty in ${few} of ${summary.length} rows: a 95 % confidence interval needs ≥ 2 drops (n)`,
      ]
    : [];
}

/** The texts of `<dir>/results.csv`, `<dir>/summary.csv` and their JSON sidecars, without writing them. */
export function sweepTableFiles(
  dir: string,
  sweepId: string,
  config: SweepConfig,
  records: readonly TaskRecord[],
  prov: Provenance,
  complete: boolean,
): SweepTableFiles {
  const tables = sweepTables(config, records);
  const common = {
    sweepId,
    description: config.description,
    config,
    seed: config.seed,
    drops: config.drops,
    points: pointCount(config),
    tasks: records.length,
    complete,
    provenance: prov,
  };
  const resultsCsv = join(dir, 'results.csv');
  const summaryCsv = join(dir, 'summary.csv');
  const notes = summaryNotes(tables.summary);
  const resultsSide: ResultsSidecar = {
    ...common,
    table: 'results',
    columns: tables.rows.length ? Object.keys(tables.rows[0]) : [],
  };
  const summarySide: ResultsSidecar = {
    ...common,
    table: 'summary',
    columns: tables.summary.length ? Object.keys(tables.summary[0]) : [],
    ...(notes.length ? { notes } : {}),
  };
  return {
    resultsCsv,
    summaryCsv,
    tables,
    files: [
      { path: resultsCsv, text: csvText(tables.rows) },
      { path: sidecarPath(resultsCsv), text: JSON.stringify(resultsSide, null, 2) + '\n' },
      { path: summaryCsv, text: csvText(tables.summary) },
      { path: sidecarPath(summaryCsv), text: JSON.stringify(summarySide, null, 2) + '\n' },
    ],
  };
}

/**
 * Write `<dir>/results.csv` and `<dir>/summary.csv` with their JSON sidecars (each file
 * replaced whole or not at all). Returns the two CSV paths.
 */
export function writeSweepTables(
  dir: string,
  sweepId: string,
  config: SweepConfig,
  records: readonly TaskRecord[],
  prov: Provenance,
  complete: boolean,
): { resultsCsv: string; summaryCsv: string; tables: SweepTables; notes: string[] } {
  const t = sweepTableFiles(dir, sweepId, config, records, prov, complete);
  for (const f of t.files) writeFileAtomic(f.path, f.text);
  return {
    resultsCsv: t.resultsCsv,
    summaryCsv: t.summaryCsv,
    tables: t.tables,
    notes: summaryNotes(t.tables.summary),
  };
}
