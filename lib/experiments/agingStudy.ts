/**
 * The two studies beyond the paper on time (notebook 05): how long a statistical-CSI
 * precoder stays good while the satellites move (fig-aging, agingRunner.ts) and what
 * happens to the cooperating sets over a pass (fig-handover, handoverRunner.ts). Their
 * sweeps (presets `studySweep`, figures.ts) run on the same engine as the paper's figures
 * (engine.ts: worker threads, per-task checkpoints under data/runs/, resume, `--shard i/n`),
 * with their own runner modules.
 *
 * Sizes. 'quick' (a handful of ages, 2 drops: about a minute of CPU, what the notebook's
 * test run and `npm run figures -- --fig aging` draw) and 'paper', the committed size:
 * 12 ages × 24 drops and 16 times × 24 drops. Measured here (user + system CPU of the whole
 * run, /usr/bin/time): 854 s for aging (3.0 s per task) and 226 s for handover (0.6 s per
 * task), 18 min of CPU, i.e. about 9 min on 2 idle cores — well under an hour — and
 * enough drops for 95 % intervals of a few per cent on the rates and kept fractions (the
 * shared machine took 48 min and 5 min of wall time). At the committed size a finished
 * sweep also writes data/paper/<stem>/ (stem = fig-aging, fig-handover) with the writer of
 * the paper-size tables (paperSet.ts writePaperTables; format, reader and checker in
 * paper.ts): results.csv, summary.csv and headline.csv with JSON sidecars (configuration,
 * code version with the runner's version, run info with the wall and CPU time of every
 * invocation that computed tasks, machine). A non-finite number (a half-rate age or a time
 * of change that is never reached on the grid) is an empty cell, as everywhere in
 * results.ts.
 */
import type { Figure } from '../plots/index.js';
import { studyHeadline } from './agingAnalysis.js';
import { studyFigure } from './agingPlots.js';
import { runner as agingRunner } from './agingRunner.js';
import { type SweepOptions, type SweepRun, runSweep } from './engine.js';
import { type FigureSize, type StudyFigure, sizeLabel, standardPaperConfig, studySweep } from './figures.js';
import { runner as handoverRunner } from './handoverRunner.js';
import { type CodeVersion, type PaperInvocation, paperTableDir } from './paper.js';
import { codeVersion, logInvocation, paperRunInfo, startInvocation, writePaperTables } from './paperSet.js';
import { projectRoot } from './paths.js';
import { dropsPerPoint } from './plots.js';
import { provenance } from './provenance.js';
import { FIGURE_FILES } from './reproduce.js';
import { type ResultRow, type SweepTables, sweepTables, writeSweepTables } from './results.js';
import type { DropRunner } from './runner.js';

/** File stem (figures/, data/paper/) of a study figure. */
export function studyStem(fig: StudyFigure): string {
  return FIGURE_FILES[fig];
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
   * Folder of the committed tables, written by a complete sweep of the committed size
   * (studySweep(fig, { size: 'paper' }): the preset drops and seed 1); default
   * <root>/data/paper/<stem>; null = never write them.
   */
  paperDir?: string | null;
  /** The command recorded in the invocation log and the sidecars (default: this call, e.g. "reproduceStudy('aging', { size: 'paper' })"). */
  command?: string;
  /**
   * The code version at the start of the command (default codeVersion(root, fig) now): a
   * command that writes several folders passes the one it took before writing any, so the
   * tables it writes first do not make the next ones say the tree is dirty.
   */
  code?: CodeVersion;
}

/** A reproduced study: the run, its tables, the headline rows, the figure and the files written. */
export interface ReproducedStudy {
  fig: StudyFigure;
  size: FigureSize;
  run: SweepRun;
  tables: SweepTables;
  headline: ResultRow[];
  figure: Figure;
  /** This call's record (wall and CPU time, tasks computed), logged beside the checkpoint when it computed tasks. */
  invocation?: PaperInvocation;
  /** results.csv / summary.csv in the run directory (complete sweeps with a run directory). */
  files?: { resultsCsv: string; summaryCsv: string };
  /** The committed tables written under data/paper/<stem>/. */
  paperFiles?: { resultsCsv: string; summaryCsv: string; headlineCsv: string };
}

/**
 * Run or resume the sweep of a study (checkpoints under data/runs/; nothing finished is
 * recomputed), log this invocation beside the checkpoint when it computed tasks
 * (invocations.ndjson, paperSet.ts), then tabulate and plot it; a complete sweep of the
 * committed size writes data/paper/<stem>/.
 */
export async function reproduceStudy(fig: StudyFigure, opts: StudyOptions = {}): Promise<ReproducedStudy> {
  const size = opts.size ?? 'quick';
  const root = opts.root ?? projectRoot();
  const config = studySweep(fig, { size, drops: opts.drops, seed: opts.seed });
  const code = opts.code ?? codeVersion(root, fig);
  const stop = startInvocation(code, opts.command ?? `reproduceStudy('${fig}', { size: '${size}' })`);
  const { code: _code, ...sweepOptions } = opts;
  const run = await runSweep(config, {
    runner: studyRunner(fig),
    waitForLockMs: 3_600_000,
    onStale: 'recompute',
    ...sweepOptions,
  });
  const invocation = stop(run);
  logInvocation(run, invocation);
  return tabulateStudy(fig, run, size, { ...opts, root, invocation, code });
}

/** Options of tabulateStudy. */
export interface TabulateStudyOptions {
  root?: string;
  /** As in StudyOptions. */
  paperDir?: string | null;
  /** The invocation that ran `run` (the committed tables are written only with one). */
  invocation?: PaperInvocation;
  /** The code version at the start of that invocation (default codeVersion now). */
  code?: CodeVersion;
}

/**
 * Tables, headline and figure of a study's sweep run (writes the run directory's tables of
 * a complete run). The figure carries the run's size label (sizeLabel; the committed size
 * names the commit; an incomplete run says so). With `opts.invocation`, a complete sweep of
 * the committed size also writes the committed tables (writePaperTables), with the run info
 * of every invocation logged beside the checkpoint.
 */
export function tabulateStudy(
  fig: StudyFigure,
  run: SweepRun,
  size: FigureSize,
  opts: TabulateStudyOptions = {},
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
  const headline = studyHeadline(fig, tables.rows);
  const code = opts.code ?? codeVersion(root, fig);
  const committedSize = standardPaperConfig(fig, run.config) === null;
  const label = sizeLabel(fig, run.config, committedSize ? { commit: code.gitCommit, dirty: code.gitDirty } : {});
  const figure = studyFigure(
    fig,
    tables.rows,
    run.complete ? label : `${label} (incomplete: ${dropsPerPoint(tables.summary)} so far)`,
  );
  let paperFiles: ReproducedStudy['paperFiles'];
  if (committedSize && run.complete && opts.paperDir !== null && opts.invocation) {
    const dir = opts.paperDir ?? paperTableDir(root, fig);
    const w = writePaperTables(root, fig, run, paperRunInfo(run, opts.invocation), code, dir);
    paperFiles = { resultsCsv: w.resultsCsv, summaryCsv: w.summaryCsv, headlineCsv: w.headlineCsv as string };
  }
  return { fig, size, run, tables, headline, figure, invocation: opts.invocation, files, paperFiles };
}

/** Headline columns that are the first time a curve crosses a level (Infinity: never on the grid). */
const NEVER_REACHED = new Set([
  'halfRateAgeS',
  'halfRateAgeMedianS',
  'periodAt5PctLossS',
  'periodAt10PctLossS',
  'halfUtsChangedS',
]);

/** The headline rows as a small fixed-width table (lines ≤ 100 characters), for the console and the notebook. */
export function formatHeadline(fig: StudyFigure, headline: readonly ResultRow[]): string {
  // values that round to zero print as 0 (not −0.0); a time never reached on the grid is
  // Infinity, or NaN once read back from headline.csv (an empty cell): 'never' either way
  const num = (x: unknown, d: number, key: string) =>
    typeof x !== 'number' || (Number.isNaN(x) && !NEVER_REACHED.has(key))
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
    lines.push(
      cols.map(([, key, d, w], i) => cell(i === 0 ? String(h[key]) : num(h[key], d, key), w, i === 0)).join(''),
    );
  }
  return lines.join('\n');
}
