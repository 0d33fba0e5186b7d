/**
 * `msms sweep` — run, resume or extend a Monte Carlo sweep of Section VI on every core,
 * checkpointing each finished (point, drop) under data/runs/<id>/ (lib/experiments).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CliCommand, InputError, UsageError, contextOf, parseOptions } from '../args.js';
import { MAX_DROPS, type SweepConfig } from '../../experiments/config.js';
import { runSweep } from '../../experiments/engine.js';
import { figureSweep, isStudyFigure, parseFigureId, studySweep, sweepOfFigure } from '../../experiments/figures.js';
import { projectRoot } from '../../experiments/paths.js';
import { provenance } from '../../experiments/provenance.js';
import { RuntimeFailure, describeErrno, isErrnoError } from '../errors.js';
import { checkInputFile, checkOutputDir } from '../paths.js';
import { stopOnSignals } from '../signals.js';
import { slurmRequested, slurmSweepCommand } from '../slurm.js';

const spec = {
  fig: { type: 'string' },
  config: { type: 'string' },
  size: { type: 'string', choices: ['quick', 'paper'], default: 'quick' },
  drops: { type: 'int', min: 1, max: MAX_DROPS },
  seed: { type: 'string' },
  workers: { type: 'int', min: 0, max: 256 },
  shard: { type: 'string' },
  id: { type: 'string' },
  'runs-dir': { type: 'string' },
  runner: { type: 'string' },
  fresh: { type: 'flag' },
  'no-progress': { type: 'flag' },
  'stop-after': { type: 'int', min: 1, max: Number.MAX_SAFE_INTEGER },
  slurm: { type: 'flag' },
  array: { type: 'int', min: 1, max: 1000 },
  partition: { type: 'string' },
  time: { type: 'string' },
  'dry-run': { type: 'flag' },
} as const;

/** '7' → 7, 'abc' → 'abc' (seeds may be numbers or strings). */
export function parseSeed(text: string): number | string {
  return /^-?\d+$/.test(text) ? Number(text) : text;
}

export const command: CliCommand = {
  name: 'sweep',
  summary: 'run/resume a Monte Carlo sweep (a figure of Section VI or a JSON config), sharded if asked',
  help: `msms sweep (--fig N | --config sweep.json) [options]

Runs every (parameter point, drop) of a sweep on all cores, appending each finished task to
data/runs/<id>/tasks-<i>of<n>.jsonl (fsync'ed). Rerunning the same command resumes: finished
tasks are never recomputed; a larger --drops extends the sweep. When the whole sweep is done,
results.csv and summary.csv (+ .json sidecars) are written into the run directory.

  --fig N            figure sweep: 2–7 (complexity uses fig 7, bound-gap fig 2), aging, handover
  --config FILE      a sweep configuration (JSON: name, seed, drops, base, grid, schemes[, runner])
  --size quick|paper grid and drops preset of --fig (default quick)
  --drops D          number of drops (overrides the preset / file)
  --seed S           master seed (overrides the preset / file)
  --workers W        worker threads (default: all cores; 0 = in the main thread)
  --shard i/n        compute only shard i of n (1-based); merge later with 'msms merge'
  --id ID            run directory name (default <name>-<config hash>)
  --runs-dir DIR     where run directories live (default data/runs)
  --runner FILE      module computing one task (default lib/experiments/pipeline.ts)
  --fresh            discard an existing checkpoint of this id first
  --no-progress      no progress bar
  --stop-after N     stop after N newly finished tasks (as if interrupted; for testing)

Ctrl-C / SIGINT or SIGTERM stops the sweep at once (workers terminated, every finished task
kept, lock released; exit 130 / 143); rerun to resume. With --workers 0 it stops after the
task in flight.

On a Slurm cluster (docs/cluster.md):
  --slurm            write an sbatch array (one shard per array task) and a merge job that
                     runs after it (afterany) into <run dir>/slurm/, and submit both
  --array N          number of shards = array tasks (default min(8, tasks))
  --partition P      --time T   passed to sbatch (T: minutes, HH:MM:SS, D-HH:MM:SS, …)
  --dry-run          write and print the scripts and the sbatch commands, submit nothing
  (--workers W sets the worker threads and CPUs of each array task, default 1; resubmitting
  the same command runs only the shards that still miss tasks; progress: msms status RUN)

Any other scheduler or several machines (same code, same options, one shard each):
  GNU parallel: parallel msms sweep --fig 2 --size paper --workers 1 --shard {}/8 ::: $(seq 8)
then copy the run directories together and run 'msms merge --dir data/runs/<id> --from …'.`,
  async run(argv, context) {
    const { io } = contextOf(context);
    const o = parseOptions(argv, spec);
    if ((o.fig === undefined) === (o.config === undefined))
      throw new UsageError('give exactly one of --fig N or --config FILE');
    let config: SweepConfig;
    if (o.fig !== undefined) {
      const fig = parseFigureId(String(o.fig));
      const sweepFig = sweepOfFigure(fig);
      if (isStudyFigure(fig)) config = studySweep(fig, { size: o.size as 'quick' | 'paper' });
      else if (!sweepFig)
        throw new UsageError(`figure ${fig} has no sweep (it draws a single drop); use npm run figures -- --fig 8`);
      else config = figureSweep(sweepFig, { size: o.size as 'quick' | 'paper' });
    } else {
      checkInputFile('config', String(o.config));
      let text: string;
      try {
        text = readFileSync(String(o.config), 'utf8');
      } catch (e) {
        throw new InputError(`cannot read --config ${o.config}: ${(e as Error).message}`);
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        throw new InputError(`--config ${o.config} is not valid JSON: ${(e as Error).message}`);
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new InputError(`--config ${o.config} must hold a JSON object (name, seed, drops, base, grid, schemes)`);
      config = parsed as SweepConfig;
    }
    if (o.drops !== undefined) config.drops = Number(o.drops);
    if (o.seed !== undefined) config.seed = parseSeed(String(o.seed));
    if (o.runner !== undefined) config.runner = String(o.runner);
    const root = projectRoot();
    const runsDir = o['runs-dir'] === undefined ? join(root, 'data', 'runs') : String(o['runs-dir']);
    checkOutputDir('runs-dir', runsDir);
    if (slurmRequested(o)) return await slurmSweepCommand(config, o, root);
    let dir: string | null = null;
    const stop = stopOnSignals((sig) =>
      io.err(`msms sweep: ${sig} — stopping the workers; every finished task is saved`),
    );
    try {
      const run = await runSweep(config, {
        workers: o.workers === undefined ? undefined : Number(o.workers),
        shard: o.shard === undefined ? undefined : String(o.shard),
        id: o.id === undefined ? undefined : String(o.id),
        runsDir,
        fresh: o.fresh === true,
        progress: o['no-progress'] !== true,
        stopAfter: o['stop-after'] === undefined ? undefined : Number(o['stop-after']),
        root,
        log: (line) => io.err(line),
        signal: stop.signal,
      });
      dir = run.dir as string;
      if (run.interrupted) {
        io.out(
          `sweep ${run.id}: interrupted after computing ${run.computed} task(s); ${run.records.length}/${run.totalTasks} ` +
            `tasks done are saved in ${dir}; rerun the same command to resume`,
        );
        return;
      }
      io.out(
        `sweep ${run.id}: computed ${run.computed}, reused ${run.reused}, ${run.records.length}/${run.totalTasks} tasks done, ` +
          `${(run.elapsedMs / 1000).toFixed(1)} s with ${run.workers} worker(s)`,
      );
      if (run.complete) {
        // loaded here: the tables need danfo.js (≈ 1 s to load), which nothing else of the CLI does
        const { writeSweepTables } = await import('../../experiments/results.js');
        const { resultsCsv, summaryCsv, notes } = writeSweepTables(
          dir,
          run.id,
          run.config,
          run.records,
          provenance(root),
          true,
        );
        io.out(`wrote ${resultsCsv} and ${summaryCsv}`);
        for (const n of notes) io.out(`note: ${n}`);
      } else if (run.shardComplete && o.shard !== undefined) {
        io.out(`shard ${o.shard} done; when every shard is done: npx msms merge --dir ${dir}`);
      } else {
        io.out(`not finished: rerun the same command to resume (nothing finished is lost)`);
      }
    } catch (e) {
      // a full disk or a vanished folder mid-run: say that the finished tasks are kept
      if (isErrnoError(e)) {
        throw new RuntimeFailure(
          `${describeErrno(e)}; the tasks finished so far are saved${dir ? ` in ${dir}` : ''} — ` +
            'fix that and rerun the same command to resume',
        );
      }
      throw e;
    } finally {
      stop.dispose();
    }
  },
};
