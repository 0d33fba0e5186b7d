/**
 * `npm run figures` — regenerate every figure of the paper's Section VI (Figs. 2–8) and the
 * two extra figures (complexity, upper-bound gap) into figures/ as PNG + SVG + HTML, from
 * Monte Carlo sweeps run on every core (lib/experiments). Default: the quick size (a few
 * minutes on 2 cores); sweeps resume from data/runs/ so a rerun only redraws.
 *
 *   npm run figures                                   # all figures, quick size
 *   npm run figures -- --fig 2 --drops 50 --seed 3    # one figure, any size
 *   npm run figures -- --size paper                   # the full grids and drops
 *
 * Prints each sweep's tables (data/runs/<id>/results.csv, summary.csv + JSON sidecars),
 * the paper's claims checked on our numbers (✗ DISAGREES where they do not hold) and the
 * time taken.
 */
import { join } from 'node:path';
import { UsageError, parseOptions } from '../lib/cli/args.js';
import {
  ALL_FIGURES,
  ConfigError,
  FIGURE_FILES,
  FIGURE_SIZE,
  beamspaceFigure,
  type FigureId,
  type ReproducedFigure,
  formatClaims,
  formatDuration,
  formatHeadline,
  isStudyFigure,
  parseFigureId,
  projectRoot,
  reproduceFigure,
  reproduceStudy,
  sweepOfFigure,
  tabulateFigure,
} from '../lib/experiments/index.js';
import { FigureRenderer, type Figure } from '../lib/plots/index.js';

const spec = {
  fig: { type: 'string', default: 'all' },
  size: { type: 'string', choices: ['quick', 'paper'], default: 'quick' },
  drops: { type: 'int', min: 1, max: 1_000_000 },
  seed: { type: 'string' },
  workers: { type: 'int', min: 0, max: 256 },
  out: { type: 'string' },
  fresh: { type: 'flag' },
  'no-progress': { type: 'flag' },
  help: { type: 'flag' },
} as const;

const HELP = `npm run figures -- [--fig N|all] [--size quick|paper] [--drops D] [--seed S] [--workers W] [--out DIR] [--fresh]

  --fig      2–8, complexity, bound-gap, or all (default); aging, handover (beyond the paper, not in all)
  --size     quick (default: a few minutes on 2 cores) or paper (full grids, 100 drops; for aging and
             handover the committed size, whose tables go to data/paper/<stem>/)
  --drops    drops per point (overrides the size preset)
  --seed     master seed (default 1)
  --workers  worker threads (default: every core)
  --out      output folder (default figures/)
  --fresh    recompute sweeps instead of resuming their checkpoints`;

async function main(): Promise<void> {
  const t0 = performance.now();
  const o = parseOptions(process.argv.slice(2), spec);
  if (o.help) {
    console.log(HELP);
    return;
  }
  const root = projectRoot();
  const outDir = String(o.out ?? join(root, 'figures'));
  const figs: FigureId[] = o.fig === 'all' ? [...ALL_FIGURES] : [parseFigureId(String(o.fig))];
  const seed = o.seed === undefined ? undefined : /^-?\d+$/.test(String(o.seed)) ? Number(o.seed) : String(o.seed);
  const common = {
    size: o.size as 'quick' | 'paper',
    drops: o.drops === undefined ? undefined : Number(o.drops),
    seed,
    workers: o.workers === undefined ? undefined : Number(o.workers),
    fresh: o.fresh === true,
    progress: o['no-progress'] !== true,
    root,
  };

  // 1. the sweeps (each once, even when two figures read it)
  const done = new Map<string, ReproducedFigure>();
  const figures: Array<[FigureId, Figure]> = [];
  const notes: string[] = [];
  for (const fig of figs) {
    if (fig === 'fig8') {
      figures.push([fig, beamspaceFigure(seed === undefined ? {} : { seed }).figure]);
      continue;
    }
    if (isStudyFigure(fig)) {
      const t = performance.now();
      const st = await reproduceStudy(fig, common);
      const r = st.run;
      console.log(
        `${fig}: ${r.points.length} points × ${r.config.drops} drops = ${r.totalTasks} tasks ` +
          `(${r.computed} computed, ${r.reused} from checkpoint) in ${formatDuration((performance.now() - t) / 1000)}` +
          (st.paperFiles ? ` → ${st.paperFiles.summaryCsv}` : st.files ? ` → ${st.files.summaryCsv}` : ''),
      );
      notes.push(`${fig}:\n${formatHeadline(fig, st.headline)}`);
      figures.push([fig, st.figure]);
      continue;
    }
    const sweep = sweepOfFigure(fig) as string;
    const t = performance.now();
    let rep: ReproducedFigure;
    const prev = done.get(sweep);
    if (prev) rep = tabulateFigure(fig, prev.run, root);
    else {
      rep = await reproduceFigure(fig, { ...common, fresh: common.fresh });
      done.set(sweep, rep);
      const r = rep.run;
      console.log(
        `${sweep}: ${r.points.length} points × ${r.config.drops} drops = ${r.totalTasks} tasks ` +
          `(${r.computed} computed, ${r.reused} from checkpoint) in ${formatDuration((performance.now() - t) / 1000)}` +
          (rep.files ? ` → ${rep.files.summaryCsv}` : ''),
      );
    }
    figures.push([fig, rep.figure]);
    if (rep.claims.length) notes.push(formatClaims(rep.claims));
  }

  // 2. render (one browser for all)
  const renderer = await FigureRenderer.launch();
  try {
    for (const [fig, figure] of figures) {
      const files = await renderer.render(figure, join(outDir, FIGURE_FILES[fig]), FIGURE_SIZE[fig]);
      console.log(`${fig}: ${Object.values(files).join(', ')}`);
    }
  } finally {
    await renderer.close();
  }

  // 3. the paper's claims on our numbers
  if (notes.length) {
    console.log('\nClaims of Section VI and headline numbers of the studies, on these numbers:');
    console.log(notes.join('\n'));
  }
  console.log(`\nnpm run figures: ${figs.length} figure(s) in ${formatDuration((performance.now() - t0) / 1000)}`);
}

main().catch((e: unknown) => {
  if (e instanceof UsageError || e instanceof ConfigError) {
    console.error(`figures: ${e.message}`);
    process.exit(2);
  }
  throw e;
});
