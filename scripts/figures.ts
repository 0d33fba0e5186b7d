/**
 * `npm run figures` — regenerate every figure of the paper's Section VI (Figs. 2–8) and the
 * two extra figures (complexity, upper-bound gap) from Monte Carlo sweeps run on every core
 * (lib/experiments), as PNG + SVG (+ interactive HTML, not committed). Sweeps resume from
 * data/runs/ so a rerun only redraws. Every figure carries one size label saying what run it
 * shows ('paper size: 100 drops per point · commit …', 'quick smoke size: 4 drops per point').
 *
 *   npm run figures                                   # all figures, quick smoke size → figures/quick/
 *   npm run figures -- --fig 2 --drops 50 --seed 3    # one figure, any size → figures/quick/
 *   npm run paper                                     # = --size paper: the paper-size set (see below)
 *   npm run figures -- --fig studies --size paper     # the two studies beyond the paper, committed size
 *   npm run figures -- --from-tables                  # redraw figures/ from data/paper, no computing
 *   npm run figures -- --from-tables --fig studies    # the same for fig-aging, fig-handover
 *
 * The paper-size set (`--size paper` with the preset drops and seed 1; for the studies their
 * committed size) is what the repository commits: per figure with a sweep of its own the
 * tables data/paper/<stem>/{results,summary}.csv (a study's also headline.csv) with JSON
 * sidecars (written by lib/experiments/paperSet.ts; format, reader and checker in
 * lib/experiments/paper.ts), and the figures figures/<stem>.png/.svg. `--fig all` (the
 * default) leaves the studies out; `--fig studies` is both. Every invocation that computes
 * tasks is logged beside the checkpoint (data/runs/<id>/invocations.ndjson), so tables
 * re-written from a finished checkpoint keep the wall and CPU time of the runs that computed it.
 * Any other run writes its figures to figures/quick/ (not committed) and its tables only
 * under data/runs/<id>/, so it never replaces the committed ones.
 *
 * Prints each sweep's tables, the paper's claims checked on our numbers (✗ DISAGREES where
 * they do not hold) and the time taken per sweep (wall and CPU).
 */
import { join, relative } from 'node:path';
import { UsageError, parseOptions } from '../lib/cli/args.js';
import {
  ALL_FIGURES,
  type CodeVersion,
  ConfigError,
  FIGURE_FILES,
  FIGURE_SIZE,
  STUDY_FIGURES,
  beamspaceFigure,
  claimsOf,
  codeVersion,
  type FigureId,
  PaperTablesError,
  type ReproducedFigure,
  type SweepFigure,
  describePaperTables,
  formatClaims,
  formatDuration,
  formatHeadline,
  isStudyFigure,
  logInvocation,
  paperFigure,
  paperRunInfo,
  parseFigureId,
  projectRoot,
  readPaperTables,
  reproduceFigure,
  reproduceStudy,
  runnerVersionOf,
  standardPaperConfig,
  startInvocation,
  sweepOfFigure,
  tableSweep,
  tablesOfFigure,
  tabulateFigure,
  writePaperTables,
} from '../lib/experiments/index.js';
import { FigureRenderer, type Figure } from '../lib/plots/index.js';

const spec = {
  fig: { type: 'string', default: 'all' },
  size: { type: 'string', choices: ['quick', 'paper'] },
  drops: { type: 'int', min: 1, max: 1_000_000 },
  seed: { type: 'string' },
  workers: { type: 'int', min: 0, max: 256 },
  out: { type: 'string' },
  fresh: { type: 'flag' },
  'from-tables': { type: 'flag' },
  'no-progress': { type: 'flag' },
  help: { type: 'flag' },
} as const;

const HELP = `npm run figures -- [--fig N|all|studies] [--size quick|paper] [--drops D] [--seed S] [--workers W] [--out DIR] [--fresh]
npm run figures -- --from-tables [--fig N|all|studies] [--out DIR]
npm run paper [-- --fig N] [--workers W]

  --fig          2–8, complexity, bound-gap, or all (default: the paper's figures and the
                 two beyond it that read their sweeps); aging, handover, or studies (both):
                 the studies beyond the paper, never in all — --size paper is their
                 committed size (24 drops), written to data/paper/fig-aging/, fig-handover/
  --size         quick (default: the smoke version, a few minutes on 2 cores) or paper
                 (the paper's grids, 100 drops; with the preset drops and seed it writes the
                 committed tables data/paper/<stem>/ and figures/<stem>.png/.svg)
  --drops        drops per point (overrides the size preset)
  --seed         master seed (default 1)
  --workers      worker threads (default: every core)
  --out          output folder (default figures/ for the paper-size set, figures/quick/ otherwise)
  --fresh        recompute sweeps instead of resuming their checkpoints
  --from-tables  redraw the figures from the committed data/paper tables, computing nothing
                 (Fig. 8 draws its one drop; --fig studies redraws fig-aging, fig-handover)`;

/** What was typed, as close as we can tell ('npm run paper', 'npm run figures -- …'). */
function commandLine(): string {
  const args = process.argv.slice(2);
  const ev = process.env.npm_lifecycle_event;
  if (ev === 'paper' || ev === 'figures') {
    const base = ev === 'paper' ? ['npm run paper'] : ['npm run figures'];
    const extra = ev === 'paper' ? args.filter((a, i) => !(a === '--size' || args[i - 1] === '--size')) : args;
    return [...base, ...(extra.length ? ['--', ...extra] : [])].join(' ');
  }
  return ['tsx scripts/figures.ts', ...args].join(' ');
}

async function render(figures: Array<[FigureId, Figure]>, outDir: string, root: string): Promise<void> {
  const renderer = await FigureRenderer.launch();
  try {
    for (const [fig, figure] of figures) {
      const files = await renderer.render(figure, join(outDir, FIGURE_FILES[fig]), FIGURE_SIZE[fig]);
      console.log(
        `${fig}: ${Object.values(files)
          .map((f) => relative(root, f))
          .join(', ')}`,
      );
    }
  } finally {
    await renderer.close();
  }
}

function printClaims(notes: string[]): void {
  if (notes.length) {
    console.log('\nClaims of Section VI (and headline numbers of the studies) checked on these numbers:');
    console.log(notes.join('\n'));
  }
}

/** Redraw from data/paper (no sweep is run): the notebooks' reader and the table test's checker. */
async function fromTables(figs: FigureId[], outDir: string, root: string, seed?: number | string): Promise<void> {
  const figures: Array<[FigureId, Figure]> = [];
  const notes: string[] = [];
  for (const fig of figs) {
    if (fig === 'fig8') {
      figures.push([fig, beamspaceFigure(seed === undefined ? {} : { seed }).figure]);
      continue;
    }
    const t = readPaperTables(fig, { root });
    figures.push([fig, paperFigure(t)]);
    console.log(`${fig}: ${describePaperTables(t)}`);
    if (isStudyFigure(fig)) {
      notes.push(`${fig}:\n${formatHeadline(fig, t.headline ?? [])}`);
      continue;
    }
    const claims = claimsOf(fig, t.rows);
    if (claims.length) notes.push(formatClaims(claims));
  }
  await render(figures, outDir, root);
  printClaims(notes);
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const o = parseOptions(process.argv.slice(2), spec);
  if (o.help) {
    console.log(HELP);
    return;
  }
  const root = projectRoot();
  const figs: FigureId[] =
    o.fig === 'all' ? [...ALL_FIGURES] : o.fig === 'studies' ? [...STUDY_FIGURES] : [parseFigureId(String(o.fig))];
  const seed = o.seed === undefined ? undefined : /^-?\d+$/.test(String(o.seed)) ? Number(o.seed) : String(o.seed);
  if (o['from-tables']) {
    for (const k of ['size', 'drops', 'fresh', 'workers'] as const) {
      if (o[k] !== undefined && o[k] !== false) {
        throw new UsageError(`--from-tables redraws the committed paper-size tables and computes nothing; drop --${k}`);
      }
    }
    await fromTables(figs, String(o.out ?? join(root, 'figures')), root, seed);
    console.log(
      `\nnpm run figures --from-tables: ${figs.length} figure(s) in ${formatDuration((performance.now() - t0) / 1000)}`,
    );
    return;
  }
  const size = (o.size ?? 'quick') as 'quick' | 'paper';
  const drops = o.drops === undefined ? undefined : Number(o.drops);
  // the committed set: the paper's grids (a study's committed size) at the preset drops and seed
  const paperSet =
    size === 'paper' &&
    figs.every((f) => {
      const t = tablesOfFigure(f);
      return t === null || standardPaperConfig(t, tableSweep(t, { size, drops, seed })) === null;
    });
  const outDir = String(o.out ?? join(root, 'figures', paperSet ? '' : 'quick'));
  const common = {
    size,
    drops,
    seed,
    workers: o.workers === undefined ? undefined : Number(o.workers),
    fresh: o.fresh === true,
    progress: o['no-progress'] !== true,
    root,
  };
  const command = commandLine();
  const code: CodeVersion = codeVersion(root);
  const tablesWritten = (fig: FigureId, dir: string) =>
    console.log(`${fig}: paper-size tables → ${relative(root, dir)}/`);
  if (paperSet && code.gitDirty) {
    console.warn(
      'paper: the work tree has uncommitted changes; the tables will say so (code.gitDirty) and the table test will reject them — commit first for tables worth committing',
    );
  }

  // 1. the sweeps (each once, even when two figures read it)
  const done = new Map<string, ReproducedFigure>();
  const figures: Array<[FigureId, Figure]> = [];
  const notes: string[] = [];
  const timings: string[] = [];
  for (const fig of figs) {
    if (fig === 'fig8') {
      figures.push([fig, beamspaceFigure(seed === undefined ? {} : { seed }).figure]);
      continue;
    }
    if (isStudyFigure(fig)) {
      // the study's own runner; its committed size writes data/paper/<stem>/ (the invocation logged as below)
      // (with the code version taken before any folder was written: a study written first does not make the next dirty)
      const st = await reproduceStudy(fig, {
        ...common,
        command,
        code: { ...code, runnerVersion: runnerVersionOf(fig) },
      });
      const r = st.run;
      const inv = st.invocation;
      const time = inv ? `${formatDuration(inv.wallMs / 1000)} wall, ${formatDuration(inv.cpuMs / 1000)} CPU` : '';
      console.log(
        `${fig}: ${r.points.length} points × ${r.config.drops} drops = ${r.totalTasks} tasks ` +
          `(${r.computed} computed, ${r.reused} from checkpoint) in ${time}` +
          (r.complete && r.dir ? ` → ${relative(root, join(r.dir, 'summary.csv'))}` : ''),
      );
      timings.push(`${fig}: ${time}`);
      if (st.paperFiles) tablesWritten(fig, join(st.paperFiles.summaryCsv, '..'));
      notes.push(`${fig}:\n${formatHeadline(fig, st.headline)}`);
      figures.push([fig, st.figure]);
      continue;
    }
    const sweep = sweepOfFigure(fig) as SweepFigure;
    let rep: ReproducedFigure;
    const prev = done.get(sweep);
    if (prev) rep = tabulateFigure(fig, prev.run, root);
    else {
      const stop = startInvocation(code, command);
      rep = await reproduceFigure(fig, common);
      const r = rep.run;
      const inv = stop(r);
      done.set(sweep, rep);
      // one JSON line per invocation that computed tasks, beside the checkpoint (paperSet.ts)
      logInvocation(r, inv);
      console.log(
        `${sweep}: ${r.points.length} points × ${r.config.drops} drops = ${r.totalTasks} tasks ` +
          `(${r.computed} computed, ${r.reused} from checkpoint) in ${formatDuration(inv.wallMs / 1000)} wall, ` +
          `${formatDuration(inv.cpuMs / 1000)} CPU` +
          (rep.files ? ` → ${relative(root, rep.files.summaryCsv)}` : ''),
      );
      timings.push(`${sweep}: ${formatDuration(inv.wallMs / 1000)} wall, ${formatDuration(inv.cpuMs / 1000)} CPU`);
      if (paperSet && r.complete) {
        // every invocation that computed tasks of this run (an interrupted run resumed later has several)
        const w = writePaperTables(root, sweep, r, paperRunInfo(r, inv), code);
        tablesWritten(sweep, w.dir);
      }
    }
    // rep.figure carries the run's size label (tabulateFigure)
    figures.push([fig, rep.figure]);
    if (rep.claims.length) notes.push(formatClaims(rep.claims));
  }

  // 2. render (one browser for all)
  await render(figures, outDir, root);

  // 3. the paper's claims on our numbers, the time per sweep
  printClaims(notes);
  if (timings.length) console.log(`\nTime per sweep:\n  ${timings.join('\n  ')}`);
  console.log(`\nnpm run figures: ${figs.length} figure(s) in ${formatDuration((performance.now() - t0) / 1000)}`);
}

main().catch((e: unknown) => {
  if (e instanceof UsageError || e instanceof ConfigError) {
    console.error(`figures: ${e.message}`);
    process.exit(2);
  }
  if (e instanceof PaperTablesError) {
    // a missing table names `npm run paper`; an inconsistent one names the file and the problem
    console.error(`figures: ${e.message}`);
    process.exit(e.name === 'PaperTablesMissingError' ? 2 : 1);
  }
  throw e;
});
