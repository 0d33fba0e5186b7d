/**
 * One call per figure of Section VI (Figs. 2–7) and the two extra figures: run (or resume)
 * the figure's sweep, tabulate it, build the plotly figure and check the paper's claims.
 * What `npm run figures` and the figure notebooks call.
 */
import { type ClaimCheck, claimsOf } from './claims.js';
import { type SweepOptions, type SweepRun, runSweep } from './engine.js';
import {
  type FigureId,
  type FigureSize,
  type StudyFigure,
  type SweepFigure,
  figureSweep,
  sizeLabel,
  standardPaperConfig,
  sweepOfFigure,
} from './figures.js';
import { PIPELINE_DEFAULTS, runner as pipelineRunner } from './pipeline.js';
import { dropsPerPoint, figureFromSummary } from './plots.js';
import { projectRoot } from './paths.js';
import { provenance } from './provenance.js';
import { type SweepTables, sweepTables, writeSweepTables } from './results.js';
import type { Figure } from '../plots/index.js';

/** File stem (in figures/) of each figure. */
export const FIGURE_FILES: Readonly<Record<FigureId, string>> = {
  fig2: 'fig2-power',
  fig3: 'fig3-streams',
  fig4: 'fig4-users',
  fig5: 'fig5-receive-antennas',
  fig6: 'fig6-serving-satellites',
  fig7: 'fig7-active-beams',
  fig8: 'fig8-beamspace',
  complexity: 'fig-complexity',
  'bound-gap': 'fig-bound-gap',
  aging: 'fig-aging',
  handover: 'fig-handover',
};

/** Export size (CSS px) of each figure: two-panel figures wide, Fig. 8 as its notebook. */
export const FIGURE_SIZE: Readonly<Record<FigureId, { width: number; height: number }>> = {
  fig2: { width: 960, height: 440 },
  fig3: { width: 640, height: 440 },
  fig4: { width: 960, height: 440 },
  fig5: { width: 960, height: 440 },
  fig6: { width: 640, height: 440 },
  fig7: { width: 640, height: 440 },
  fig8: { width: 900, height: 700 },
  complexity: { width: 900, height: 440 },
  'bound-gap': { width: 960, height: 440 },
  aging: { width: 1280, height: 520 },
  handover: { width: 1280, height: 520 },
};

/** Options of reproduceFigure: the sweep size and the engine's run options. */
export interface ReproduceOptions extends Omit<SweepOptions, 'shard' | 'stopAfter'> {
  size?: FigureSize;
  drops?: number;
  seed?: number | string;
}

/** A reproduced figure: its sweep run, tables (danfo + rows), plotly figure and claim checks. */
export interface ReproducedFigure {
  fig: Exclude<FigureId, 'fig8' | StudyFigure>;
  sweep: SweepFigure;
  run: SweepRun;
  tables: SweepTables;
  figure: Figure;
  claims: ClaimCheck[];
  /** results.csv / summary.csv written in the run directory (when it has one and the sweep is complete). */
  files?: { resultsCsv: string; summaryCsv: string };
}

/**
 * Run or resume the sweep behind `fig` (finished tasks come from the checkpoint under
 * data/runs/, nothing is recomputed), then tabulate, plot and check it.
 */
export async function reproduceFigure(
  fig: Exclude<FigureId, 'fig8' | StudyFigure>,
  opts: ReproduceOptions = {},
): Promise<ReproducedFigure> {
  const sweep = sweepOfFigure(fig) as SweepFigure;
  const config = figureSweep(sweep, { size: opts.size, drops: opts.drops, seed: opts.seed });
  // another notebook or `npm run figures` may be computing the same sweep: wait for it and reuse its tasks
  // a checkpoint of an older pipeline version is recomputed, not reused
  const run = await runSweep(config, {
    runner: pipelineRunner,
    waitForLockMs: 3_600_000,
    onStale: 'recompute',
    ...opts,
  });
  return tabulateFigure(fig, run, opts.root);
}

/**
 * Tables, figure and claims of a finished sweep run for `fig` (writes the CSVs when
 * complete). The figure carries the run's size label (`sizeLabel`; the paper size names the
 * commit; an incomplete run says so).
 */
export function tabulateFigure(
  fig: Exclude<FigureId, 'fig8' | StudyFigure>,
  run: SweepRun,
  root?: string,
): ReproducedFigure {
  const sweep = sweepOfFigure(fig) as SweepFigure;
  let files: ReproducedFigure['files'];
  let tables: SweepTables;
  const prov = provenance(root ?? projectRoot());
  if (run.dir && run.complete) {
    const w = writeSweepTables(run.dir, run.id, run.config, run.records, prov, true);
    tables = w.tables;
    files = { resultsCsv: w.resultsCsv, summaryCsv: w.summaryCsv };
  } else {
    tables = sweepTables(run.config, run.records);
  }
  const p = { ...PIPELINE_DEFAULTS, ...run.config.base };
  const paperSize = standardPaperConfig(sweep, run.config) === null;
  const label = sizeLabel(sweep, run.config, paperSize ? { commit: prov.gitCommit, dirty: prov.gitDirty } : {});
  const dims = { K: p.K, S: p.S, NR: p.NR, Mk: p.Mk, NT: p.NT, iterations: p.iterations };
  const figure = figureFromSummary(
    fig,
    tables.summary,
    dims,
    run.complete ? label : `${label} (incomplete: ${dropsPerPoint(tables.summary)} so far)`,
  );
  const claims = claimsOf(fig, tables.rows);
  return { fig, sweep, run, tables, figure, claims, files };
}
