/**
 * Sweep results as tables (Section VI): one row per (point, drop, scheme) with the point's
 * parameters and the scheme's metrics, a summary per (point, scheme) with the mean and the
 * 95 % confidence half-width over drops, both as danfo DataFrames and as CSV files with a
 * JSON sidecar (configuration, seed, kit version, git commit, date).
 *
 * Column conventions: `point`, `drop`, the grid parameters, the base parameters, `scheme`,
 * then metrics (rateErgodic, rateUpper, … and timings ending in 'Ms'); stage timings and
 * drop info of the task are repeated on each of its scheme rows. Summary columns:
 * `point`, parameters, `scheme`, `n`, then `<metric>_mean`, `<metric>_ci95`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataFrame } from 'danfojs-node';
import type { TaskRecord } from './checkpoint.js';
import { type PointParams, type SweepConfig, expandPoints } from './config.js';
import type { Provenance } from './provenance.js';
import { meanCi95 } from '../stats/index.js';

/** One row of the long results table. */
export type ResultRow = Record<string, number | string>;

/** Long table: one row per (point, drop, scheme), ordered by point, drop, then scheme order of the config. */
export function resultRows(config: SweepConfig, records: readonly TaskRecord[]): ResultRow[] {
  const rows: ResultRow[] = [];
  const order = new Map(config.schemes.map((s, i) => [s.name, i]));
  const sorted = records.slice().sort((a, b) => a.point - b.point || a.drop - b.drop);
  for (const r of sorted) {
    const schemes = r.schemes.slice().sort((a, b) => (order.get(a.scheme) ?? 0) - (order.get(b.scheme) ?? 0));
    for (const s of schemes) {
      rows.push({
        point: r.point,
        drop: r.drop,
        ...paramsInOrder(config, r.params),
        scheme: s.scheme,
        ...s.metrics,
        ...(r.stageMs ?? {}),
        ...(r.info ?? {}),
      });
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

/** Give every row the union of columns (missing → NaN), in first-seen order. */
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
 * NaN with a single drop).
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
  if (typeof x === 'number') return Number.isNaN(x) ? 'NaN' : String(x);
  const s = String(x);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Write a DataFrame (or rows) as RFC-4180 CSV — numbers at full precision (shortest
 * round-trip form), NaN as 'NaN', text quoted when needed — and `<path>.json` (path with
 * '.csv' replaced) holding `sidecar`. Readable back with danfo's readCSV or any CSV reader.
 */
export function saveTable(data: DataFrame | readonly ResultRow[], path: string, sidecar: object): void {
  const rows = Array.isArray(data) ? (data as ResultRow[]) : frameRows(data as DataFrame);
  const cols = rows.length ? Object.keys(rows[0]) : [];
  const lines = [cols.map(csvCell).join(',')];
  for (const r of rows) lines.push(cols.map((c) => csvCell(r[c])).join(','));
  writeFileSync(path, lines.join('\n') + '\n');
  writeFileSync(sidecarPath(path), JSON.stringify(sidecar, null, 2) + '\n');
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
  provenance: Provenance;
}

/** Parse a CSV written by saveTable back into rows (numbers where a cell parses as one). */
export function readTable(path: string): ResultRow[] {
  const text = readFileSync(path, 'utf8');
  const records = parseCsv(text);
  if (records.length === 0) return [];
  const [head, ...body] = records;
  return body.map((cells) =>
    Object.fromEntries(
      head.map((h, i) => {
        const c = cells[i] ?? '';
        const x = c === 'NaN' ? NaN : Number(c);
        return [h, c !== '' && (Number.isFinite(x) || c === 'NaN') ? x : c];
      }),
    ),
  );
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

/**
 * Write `<dir>/results.csv` and `<dir>/summary.csv` with their JSON sidecars. Returns the
 * two CSV paths.
 */
export function writeSweepTables(
  dir: string,
  sweepId: string,
  config: SweepConfig,
  records: readonly TaskRecord[],
  prov: Provenance,
  complete: boolean,
): { resultsCsv: string; summaryCsv: string; tables: SweepTables } {
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
  saveTable(tables.rows, resultsCsv, {
    ...common,
    table: 'results',
    columns: tables.rows.length ? Object.keys(tables.rows[0]) : [],
  } satisfies ResultsSidecar);
  saveTable(tables.summary, summaryCsv, {
    ...common,
    table: 'summary',
    columns: tables.summary.length ? Object.keys(tables.summary[0]) : [],
  } satisfies ResultsSidecar);
  return { resultsCsv, summaryCsv, tables };
}
