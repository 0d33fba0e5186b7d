/**
 * The two studies beyond the paper on time (notebook 05): how long a statistical-CSI
 * precoder stays good while the satellites move (fig-aging, agingRunner.ts) and what
 * happens to the cooperating sets over a pass (fig-handover, handoverRunner.ts). Their
 * sweeps run on the same engine as the paper's figures (engine.ts: worker threads,
 * per-task checkpoints under data/runs/, resume, `--shard i/n`), with their own runner
 * modules.
 *
 * | study    | x axis               | fixed                    | schemes                                      |
 * |----------|----------------------|--------------------------|----------------------------------------------|
 * | aging    | age Δt 0–30 s        | Table I (S_k = 3, M_k = 2, P_T = 30 dBm) | MS²DFT, LIB, MS²CDM, MS²CDWM (LCMS), MS²CDWM-Full — kept vs recomputed |
 * | handover | τ 0–300 s (one pass) | Table I, epochs of 20 s, 10° service mask | MS²CDM (LCMS): frozen / re-clustered / re-clustered + S nearest |
 *
 * Sizes. 'quick' (a handful of ages, 2 drops: about a minute of CPU, what the notebook's
 * test run and `npm run figures -- --fig aging` draw) and 'paper', the committed size:
 * 12 ages × 24 drops and 16 times × 24 drops. Measured here (user + system CPU of the whole
 * run, /usr/bin/time): 854 s for aging (3.0 s per task) and 226 s for handover (0.6 s per
 * task), 18 min of CPU, i.e. about 9 min on 2 idle cores — well under an hour — and
 * enough drops for 95 % intervals of a few per cent on the rates and kept fractions (the
 * shared machine took 48 min and 5 min of wall time). At the 'paper' size
 * a finished sweep also writes data/paper/<stem>/ (stem = fig-aging, fig-handover):
 * results.csv, summary.csv and headline.csv with JSON sidecars in the convention of the
 * paper-size tables (lib/experiments/paper.ts): `config` (the sweep: grid, drops, seed,
 * schemes, runner), `provenance` (git commit, dirty flag, kit version, date), `codeVersion`,
 * `wallTimeS` (of the call that computed the tasks; kept when the tables are re-written
 * from the checkpoint), `machine`. A non-finite number (a half-rate age or a time of
 * change that is never reached on the grid) is an empty cell, as everywhere in results.ts.
 */
import { machineInfo } from './paperSet.js';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Figure } from '../plots/index.js';
import { agingCurves, agingHeadline, handoverCurves, handoverHeadline } from './agingAnalysis.js';
import { agingFigureFromCurves, handoverFigureFromCurves } from './agingPlots.js';
import { runner as agingRunner } from './agingRunner.js';
import { ConfigError, type SchemeSpec, type SweepConfig } from './config.js';
import { type SweepOptions, type SweepRun, runSweep } from './engine.js';
import { type FigureSize, PAPER_SCHEMES, type StudyFigure } from './figures.js';
import { runner as handoverRunner } from './handoverRunner.js';
import { projectRoot } from './paths.js';
import { provenance } from './provenance.js';
import { type ResultRow, type SweepTables, saveTable, sweepTables, writeSweepTables } from './results.js';
import type { DropRunner } from './runner.js';

const MS2CDM: SchemeSpec = { ...PAPER_SCHEMES['MS²CDM'] };

/** Schemes of the aging study: the paper's precoders, MS²CDWM with LCMS and with Full beams. */
export const AGING_SCHEMES: readonly SchemeSpec[] = ['MS²DFT', 'LIB', 'MS²CDM', 'MS²CDWM', 'MS²CDWM-Full'].map((n) => ({
  ...PAPER_SCHEMES[n],
}));

/**
 * Schemes of the handover study: MS²CDM (LCMS) under three association policies
 * (handoverRunner.ts). MS²CDM rather than MS²CDWM: the association question does not
 * depend on the precoder, and MS²CDM costs about 1/15 of MS²CDWM per task. (Late in a pass a
 * UT left with one useful satellite drives MS²CDWM's regulariser β̃_k of (42) geometrically
 * towards 0 — 1e-6 → 1e-12 over a dozen iterations on seed 1, drop 13, τ = 200 s; since the
 * shift-aware W-step of lib/precoding/wstep.ts (the ridge path) this case runs to the end.)
 */
export const HANDOVER_SCHEMES: readonly SchemeSpec[] = [
  { ...MS2CDM, name: 'Frozen', association: 'frozen', satellites: 'tracked' },
  { ...MS2CDM, name: 'Re-clustered', association: 'recluster', satellites: 'tracked' },
  { ...MS2CDM, name: 'Re-clustered + nearest set', association: 'recluster', satellites: 'nearest' },
];

interface StudyPreset {
  stem: string;
  runner: string;
  description: string;
  base: { quick: Record<string, number>; paper: Record<string, number> };
  grid: { quick: Record<string, number[]>; paper: Record<string, number[]> };
  drops: { quick: number; paper: number };
  schemes: readonly SchemeSpec[];
}

const range = (from: number, to: number, step: number) =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

const PRESETS: Record<StudyFigure, StudyPreset> = {
  aging: {
    stem: 'fig-aging',
    runner: 'lib/experiments/agingRunner.ts',
    description:
      'sCSI aging: precoders designed at t0 and kept vs recomputed at t0 + dt, Table I (S_k = 3, M_k = 2, P_T = 30 dBm), ' +
      'cooperating set followed, large-scale deviates persist, array-centre phase reference',
    base: { quick: {}, paper: {} },
    grid: { quick: { dtS: [0, 2, 5, 10, 20] }, paper: { dtS: [0, 0.5, 1, 2, 3, 4, 6, 8, 10, 15, 20, 30] } },
    drops: { quick: 2, paper: 24 },
    schemes: AGING_SCHEMES,
  },
  handover: {
    stem: 'fig-handover',
    runner: 'lib/experiments/handoverRunner.ts',
    description:
      'handover along a pass: MS²CDM (LCMS) with the t0 association frozen, re-clustered among the t0 satellites, ' +
      'and re-clustered with the S nearest satellites at t; links below 10° elevation cannot serve; Table I',
    base: { quick: { stepS: 60 }, paper: { stepS: 20 } },
    grid: { quick: { tS: range(0, 300, 60) }, paper: { tS: range(0, 300, 20) } },
    drops: { quick: 2, paper: 24 },
    schemes: HANDOVER_SCHEMES,
  },
};

/** File stem (figures/, data/paper/) of a study figure. */
export function studyStem(fig: StudyFigure): string {
  return PRESETS[fig].stem;
}

/** The sweep configuration of a study at a size ('paper' = the committed size). */
export function studySweep(
  fig: StudyFigure,
  opts: { size?: FigureSize; drops?: number; seed?: number | string } = {},
): SweepConfig {
  const p = PRESETS[fig];
  if (!p) throw new ConfigError(`no study '${String(fig)}'; choose aging or handover`);
  const size = opts.size ?? 'quick';
  if (size !== 'quick' && size !== 'paper') throw new ConfigError(`size must be 'quick' or 'paper', got '${size}'`);
  return {
    name: `${fig}-${size}`,
    seed: opts.seed ?? 1,
    drops: opts.drops ?? p.drops[size],
    base: { ...p.base[size] },
    grid: JSON.parse(JSON.stringify(p.grid[size])) as Record<string, number[]>,
    schemes: p.schemes.map((s) => ({ ...s })),
    runner: p.runner,
    description: p.description,
  };
}

/** The runner object of a study (for this thread; workers load `config.runner` by path). */
export function studyRunner(fig: StudyFigure): DropRunner {
  return fig === 'aging' ? agingRunner : handoverRunner;
}

/** Options of reproduceStudy: the size, and the engine's run options. */
export interface StudyOptions extends Omit<SweepOptions, 'shard' | 'stopAfter'> {
  size?: FigureSize;
  drops?: number;
  seed?: number | string;
  /**
   * Folder of the committed tables (default <root>/data/paper/<stem>, written only for a
   * complete 'paper'-size sweep); null = never write them.
   */
  paperDir?: string | null;
}

/** A reproduced study: the run, its tables, the headline rows, the figure and the files written. */
export interface ReproducedStudy {
  fig: StudyFigure;
  size: FigureSize;
  run: SweepRun;
  tables: SweepTables;
  headline: ResultRow[];
  figure: Figure;
  /** results.csv / summary.csv in the run directory (complete sweeps with a run directory). */
  files?: { resultsCsv: string; summaryCsv: string };
  /** The committed tables written under data/paper/<stem>/. */
  paperFiles?: { resultsCsv: string; summaryCsv: string; headlineCsv: string };
}

/**
 * Run or resume the sweep of a study (checkpoints under data/runs/; nothing finished is
 * recomputed), then tabulate and plot it.
 */
export async function reproduceStudy(fig: StudyFigure, opts: StudyOptions = {}): Promise<ReproducedStudy> {
  const size = opts.size ?? 'quick';
  const config = studySweep(fig, { size, drops: opts.drops, seed: opts.seed });
  const run = await runSweep(config, {
    runner: studyRunner(fig),
    waitForLockMs: 3_600_000,
    onStale: 'recompute',
    ...opts,
  });
  return tabulateStudy(fig, run, size, opts);
}

/** Tables, headline and figure of a study's sweep run (writes the tables of a complete run). */
export function tabulateStudy(
  fig: StudyFigure,
  run: SweepRun,
  size: FigureSize,
  opts: { root?: string; paperDir?: string | null } = {},
): ReproducedStudy {
  const root = opts.root ?? projectRoot();
  let files: ReproducedStudy['files'];
  let tables: SweepTables;
  if (run.dir && run.complete) {
    const w = writeSweepTables(run.dir, run.id, run.config, run.records, provenance(root), true);
    tables = w.tables;
    files = { resultsCsv: w.resultsCsv, summaryCsv: w.summaryCsv };
  } else {
    tables = sweepTables(run.config, run.records);
  }
  let headline: ResultRow[];
  let figure: Figure;
  if (fig === 'aging') {
    const curves = agingCurves(tables.rows);
    headline = agingHeadline(curves);
    figure = agingFigureFromCurves(curves);
  } else {
    const curves = handoverCurves(tables.rows);
    headline = handoverHeadline(curves);
    figure = handoverFigureFromCurves(curves);
  }
  let paperFiles: ReproducedStudy['paperFiles'];
  if (size === 'paper' && run.complete && opts.paperDir !== null) {
    const dir = opts.paperDir ?? join(root, 'data', 'paper', studyStem(fig));
    paperFiles = writeStudyTables(dir, fig, size, run, tables, headline, root);
  }
  return { fig, size, run, tables, headline, figure, files, paperFiles };
}

/** 'abcdef123456' (+ '-dirty') of a provenance, else 'kit <version>'. */
function codeVersionOf(p: { gitCommit: string | null; gitDirty: boolean | null; kitVersion: string }): string {
  return p.gitCommit
    ? `${p.gitCommit.slice(0, 12)}${p.gitDirty ? '-dirty' : ''} (kit ${p.kitVersion})`
    : `kit ${p.kitVersion}`;
}

/** Wall time, workers, code version and machine recorded by an earlier sidecar of the same sweep (or null). */
function previousWallTime(
  path: string,
  sweepId: string,
  tasks: number,
): { wallTimeS: number; workers?: number; codeVersion?: string; machine?: unknown } | null {
  if (!existsSync(path)) return null;
  try {
    const sc = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    if (sc.sweepId !== sweepId || sc.tasks !== tasks) return null;
    const old = sc.wallTime as { lastCallSeconds?: number; tasksComputedInLastCall?: number; workers?: number };
    const code = sc.code as { gitCommit?: string; gitDirty?: boolean; kitVersion?: string } | undefined;
    const codeVersion =
      typeof sc.codeVersion === 'string'
        ? sc.codeVersion
        : code?.gitCommit
          ? codeVersionOf({
              gitCommit: code.gitCommit,
              gitDirty: code.gitDirty ?? null,
              kitVersion: code.kitVersion ?? '?',
            })
          : undefined;
    if (typeof sc.wallTimeS === 'number') {
      return { wallTimeS: sc.wallTimeS, workers: old?.workers, codeVersion, machine: sc.machine };
    }
    if (typeof old?.lastCallSeconds === 'number' && old.tasksComputedInLastCall === tasks) {
      return { wallTimeS: old.lastCallSeconds, workers: old.workers, codeVersion, machine: sc.machine };
    }
  } catch {
    // an unreadable earlier sidecar is simply not used
  }
  return null;
}

/**
 * Write the committed tables of a study into `dir`: results.csv (one row per point, drop,
 * scheme), summary.csv (per point and scheme: mean and 95 % CI over drops) and headline.csv
 * (agingAnalysis.ts headline rows), each with a JSON sidecar.
 */
export function writeStudyTables(
  dir: string,
  fig: StudyFigure,
  size: FigureSize,
  run: SweepRun,
  tables: SweepTables,
  headline: ResultRow[],
  root: string,
): { resultsCsv: string; summaryCsv: string; headlineCsv: string } {
  mkdirSync(dir, { recursive: true });
  const prov = provenance(root);
  const finished = run.records.map((r) => r.finishedAt).sort();
  const span = finished.length > 1 ? (Date.parse(finished[finished.length - 1]) - Date.parse(finished[0])) / 1000 : NaN;
  // the wall time of the call that computed the tasks: this call, or — when this call only
  // re-tabulates a finished checkpoint — the one recorded by the earlier write of the same sweep
  const prev = previousWallTime(join(dir, 'results.json'), run.id, run.records.length);
  const computedHere = run.computed === run.records.length;
  const wallTimeS = computedHere ? Math.round(run.elapsedMs / 100) / 10 : (prev?.wallTimeS ?? null);
  const common = {
    stem: studyStem(fig),
    description: run.config.description,
    config: run.config,
    size,
    seed: run.config.seed,
    drops: run.config.drops,
    runnerVersion: studyRunner(fig).version,
    sweepId: run.id,
    points: run.points.length,
    tasks: run.records.length,
    complete: run.complete,
    codeVersion: computedHere || !prev?.codeVersion ? codeVersionOf(prov) : prev.codeVersion,
    provenance: prov,
    wallTimeS,
    wallTime: {
      workers: computedHere ? run.workers : (prev?.workers ?? null),
      note: computedHere
        ? 'wall time of the call that computed every task'
        : prev
          ? 'tables re-written from the checkpoint; wallTimeS and codeVersion are those of the computing run'
          : 'tasks computed by several calls or an unrecorded one: see firstToLastTaskSeconds',
      firstTaskFinishedAt: finished[0] ?? null,
      lastTaskFinishedAt: finished[finished.length - 1] ?? null,
      firstToLastTaskSeconds: Number.isFinite(span) ? span : null,
    },
    machine: computedHere || !prev?.machine ? machineInfo() : prev.machine,
  };
  const out = {
    resultsCsv: join(dir, 'results.csv'),
    summaryCsv: join(dir, 'summary.csv'),
    headlineCsv: join(dir, 'headline.csv'),
  };
  const cols = (rows: ResultRow[]) => (rows.length ? Object.keys(rows[0]) : []);
  saveTable(tables.rows, out.resultsCsv, { ...common, table: 'results', columns: cols(tables.rows) });
  saveTable(tables.summary, out.summaryCsv, { ...common, table: 'summary', columns: cols(tables.summary) });
  saveTable(headline, out.headlineCsv, { ...common, table: 'headline', columns: cols(headline) });
  return out;
}

/** The headline rows as a small fixed-width table (lines ≤ 100 characters), for the console and the notebook. */
export function formatHeadline(fig: StudyFigure, headline: readonly ResultRow[]): string {
  // values that round to zero print as 0 (not −0.0)
  const num = (x: unknown, d: number) =>
    typeof x !== 'number' || Number.isNaN(x)
      ? '–'
      : Number.isFinite(x)
        ? (Math.abs(x) < 0.5 * 10 ** -d ? 0 : x).toFixed(d)
        : 'never';
  const cols: [string, string, number, number][] =
    fig === 'aging'
      ? [
          ['scheme', 'scheme', 0, 14],
          ['t½ (s)', 'halfRateAgeS', 1, 8],
          ['t½ median', 'halfRateAgeMedianS', 1, 11],
          ['CPU/refresh (ms)', 'refreshCpuMs', 0, 18],
          ['refreshes/s', 'maxRefreshHzOneCore', 1, 13],
          ['loss there (%)', 'lossAtOneCorePct', 1, 16],
          ['T_r for 5 % (s)', 'periodAt5PctLossS', 2, 17],
        ]
      : [
          ['policy', 'scheme', 0, 27],
          ['R_E(0)', 'rateAtT0', 0, 8],
          ['R_E(end)', 'rateAtEnd', 0, 10],
          ['kept %', 'rateAtEndPct', 0, 8],
          ['½ changed (s)', 'halfUtsChangedS', 0, 15],
          ['HO/UT/min', 'handoversPerUtMin', 2, 11],
          ['cluster ms', 'clusteringCpuMs', 1, 12],
        ];
  const cell = (text: string, width: number, left: boolean) => (left ? text.padEnd(width) : text.padStart(width));
  const lines = [cols.map(([h, , , w], i) => cell(h, w, i === 0)).join('')];
  for (const h of headline) {
    lines.push(cols.map(([, key, d, w], i) => cell(i === 0 ? String(h[key]) : num(h[key], d), w, i === 0)).join(''));
  }
  return lines.join('\n');
}
