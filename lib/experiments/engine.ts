/**
 * The Monte Carlo sweep engine of Section VI (Table I; the rates (12), (16):
 * docs/paper-reading.md#x9): drops × parameter points ×
 * schemes, one task per (point, drop), computed by a runner module (pipeline.ts for the
 * real MSMS chain) on every core through worker_threads.
 *
 * Guarantees:
 *  - Same numbers as a serial run: a task's random numbers come only from
 *    Rng.forDrop(seed, drop) (and named children), never from shared state, so the
 *    worker, the order and the machine do not matter. Timings (metrics ending in 'Ms')
 *    naturally differ.
 *  - Nothing lost, nothing recomputed: each finished task is appended to the run's
 *    checkpoint (checkpoint.ts) and fsync'ed; a rerun with the same configuration skips
 *    every task found there (in any shard's file) and computes only the rest.
 *  - Drop-affine dispatch (dispatch.ts): a worker takes the tasks of one drop in turn, so
 *    the runner shares what a drop's points have in common (pipeline.ts DropCache); idle
 *    workers help with the last drops. Which worker computes a task never changes it.
 *  - Shards: `shard: {index, count}` computes the tasks with (point + drop) mod count =
 *    index − 1; run the shards anywhere, put their .jsonl files in one run directory,
 *    then `msms merge` (or any rerun) sees the whole sweep.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { compiledCounterpart, workerModules } from './build.js';
import {
  ConfigError,
  DEFAULT_RUNNER,
  type PointParams,
  type Shard,
  type SweepConfig,
  type Task,
  defaultSweepId,
  expandPoints,
  parseShard,
  pointLabel,
  schemesAt,
  sweepTasks,
  taskKey,
  validateSweepConfig,
} from './config.js';
import { CheckpointWriter, StaleCheckpointError, type TaskRecord, openRunDir, readRecords } from './checkpoint.js';
import { DropAffineQueue } from './dispatch.js';
import { projectRoot } from './paths.js';
import { ProgressBar, type ProgressStream } from './progress.js';
import { gitCommit, kitVersion } from './provenance.js';
import { type DropRunner, type TaskOutput, loadRunner, resolveRunnerPath } from './runner.js';

/** A task failed inside the runner; the message names the task and the point. */
export class SweepTaskError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SweepTaskError';
  }
}

/** Options of `runSweep`. */
export interface SweepOptions {
  /** Worker threads; 0 computes in this thread. Default: every core (os.availableParallelism()). */
  workers?: number;
  /** Folder holding run directories (default <root>/data/runs); null = no checkpoint, nothing written. */
  runsDir?: string | null;
  /** Run directory name (default `<name>-<hash>`, see defaultSweepId). */
  id?: string;
  /** Compute only shard i of n (1-based), e.g. '2/8' or { index: 2, count: 8 }. */
  shard?: Shard | string;
  /** Discard an existing checkpoint of this id first. */
  fresh?: boolean;
  /**
   * What to do with a checkpoint computed by another runner version: 'error' (default,
   * StaleCheckpointError) or 'recompute' (discard it, as with `fresh`, and say so).
   */
  onStale?: 'error' | 'recompute';
  /** Show the progress bar on stderr (default true), or on this stream (e.g. notebookOutput().progress). */
  progress?: boolean | ProgressStream;
  /**
   * V8 young-generation size of each worker thread (MB, default 64). The linear algebra
   * allocates many short-lived matrices; a larger nursery means fewer scavenges, which
   * otherwise run on helper threads and steal the other core (measured: ≈ 30 % less CPU
   * per drop than V8's default, and hence a better 2-worker speed-up).
   */
  youngGenerationMb?: number;
  /** Stop after this many newly finished tasks, as if killed (tasks in flight are discarded). */
  stopAfter?: number;
  /**
   * Stop when this signal aborts (the CLI aborts it on SIGINT/SIGTERM): no new task is
   * started, the worker threads are terminated at once (tasks in flight are discarded),
   * every finished task is already in the checkpoint, the lock is released and runSweep
   * returns with `interrupted: true`. With workers = 0 the task in flight runs to its end
   * first (this thread is busy computing it).
   */
  signal?: AbortSignal;
  /** Project root (default: found from the working directory). */
  root?: string;
  /**
   * When another process on this machine is computing the same shard, wait up to this many
   * ms for it to finish (then reuse its tasks) instead of failing. Default 0 (fail at once).
   */
  waitForLockMs?: number;
  /** Where notes (resume counts, warnings) go; default stderr. */
  log?: (line: string) => void;
  /**
   * The runner object for this thread (validation and workers = 0), instead of loading
   * `config.runner` by path. Needed in tslab notebooks, whose CommonJS build cannot load a
   * .ts module by path: pass the module's export (e.g. `pipelineRunner` from
   * lib/experiments/index.js; reproduceFigure does). Worker threads always load
   * `config.runner` by path.
   */
  runner?: DropRunner;
}

/** What `runSweep` returns. */
export interface SweepRun {
  id: string;
  /** Run directory, or null without checkpoint. */
  dir: string | null;
  config: SweepConfig;
  points: PointParams[];
  /** Every finished task with drop < config.drops known after this call (all shards found), sorted by point, drop. */
  records: TaskRecord[];
  /** Tasks computed by this call. */
  computed: number;
  /** Tasks of this call's shard found finished in the checkpoint (not recomputed). */
  reused: number;
  /** Tasks of the whole sweep (points × drops). */
  totalTasks: number;
  /** True when every task of the whole sweep is in `records`. */
  complete: boolean;
  /** True when every task of this call's shard is done. */
  shardComplete: boolean;
  /** Wall time of this call (ms). */
  elapsedMs: number;
  /** Worker threads used (0 = in-process). */
  workers: number;
  /** True when `opts.signal` stopped the run before its tasks were done. */
  interrupted: boolean;
}

function checkOptions(opts: SweepOptions): void {
  if (opts.workers !== undefined && (!Number.isInteger(opts.workers) || opts.workers < 0 || opts.workers > 256)) {
    throw new ConfigError(`workers must be an integer in [0, 256] (0 = in this thread), got ${opts.workers}`);
  }
  if (
    opts.youngGenerationMb !== undefined &&
    (!Number.isFinite(opts.youngGenerationMb) || opts.youngGenerationMb < 1 || opts.youngGenerationMb > 4096)
  ) {
    throw new ConfigError(`youngGenerationMb must be in [1, 4096] MB, got ${opts.youngGenerationMb}`);
  }
  if (opts.stopAfter !== undefined && (!Number.isInteger(opts.stopAfter) || opts.stopAfter < 1)) {
    throw new ConfigError(`stopAfter must be an integer >= 1, got ${opts.stopAfter}`);
  }
  if (opts.id !== undefined && !/^[A-Za-z0-9_.-]{1,128}$/.test(opts.id)) {
    throw new ConfigError(`id must be 1–128 characters of [A-Za-z0-9_.-], got '${opts.id}'`);
  }
}

/**
 * Load and check the runner and every point of `config` (ConfigError on the first bad
 * point, naming it). Returns the runner, its path and the points.
 */
export async function prepareSweep(
  config: SweepConfig,
  root: string,
  given?: DropRunner,
): Promise<{ runner: DropRunner; runnerPath: string; points: PointParams[] }> {
  validateSweepConfig(config);
  const sourcePath = resolveRunnerPath(config.runner ?? DEFAULT_RUNNER, root);
  if (!existsSync(sourcePath)) throw new ConfigError(`runner module ${sourcePath} does not exist`);
  // the compiled CLI runs the compiled counterpart of a TypeScript runner (build.ts)
  const runnerPath = compiledCounterpart(sourcePath, root) ?? sourcePath;
  const runner = given ?? (await loadRunner(runnerPath));
  const points = expandPoints(config);
  points.forEach((params, i) => {
    const schemes = schemesAt(config, params);
    if (schemes.length === 0) {
      throw new ConfigError(
        `point ${i} (${pointLabel(config, params)}) has no scheme: every scheme's 'when' excludes it`,
      );
    }
    if (runner.validate) {
      try {
        runner.validate(params, schemes);
      } catch (e) {
        const msg = (e as Error).message;
        throw new ConfigError(`point ${i} (${pointLabel(config, params)}): ${msg}`);
      }
    }
  });
  return { runner, runnerPath, points };
}

/**
 * Run (or resume, or extend) a sweep. Computes every task of `config` (or of one shard)
 * not already in the checkpoint and returns all finished records.
 */
export async function runSweep(config: SweepConfig, opts: SweepOptions = {}): Promise<SweepRun> {
  const t0 = performance.now();
  checkOptions(opts);
  const root = opts.root ?? projectRoot();
  const log = opts.log ?? ((s: string) => process.stderr.write(s + '\n'));
  const { runner, runnerPath, points } = await prepareSweep(config, root, opts.runner);
  const shard = typeof opts.shard === 'string' ? parseShard(opts.shard) : opts.shard;
  if (shard) parseShard(`${shard.index}/${shard.count}`);
  const id = opts.id ?? defaultSweepId(config);
  const runsDir = opts.runsDir === undefined ? join(root, 'data', 'runs') : opts.runsDir;
  const dir = runsDir === null ? null : join(runsDir, id);

  let known: TaskRecord[] = [];
  let writer: CheckpointWriter | null = null;
  if (dir) {
    const prov = { kitVersion: kitVersion(root), gitCommit: gitCommit(root), runnerVersion: runner.version ?? '' };
    let opened: ReturnType<typeof openRunDir>;
    try {
      opened = openRunDir(dir, id, config, prov, opts.fresh);
    } catch (e) {
      if (!(e instanceof StaleCheckpointError) || opts.onStale !== 'recompute') throw e;
      log(`sweep ${id}: ${e.message.replace(/; use --fresh.*$/, '')} — recomputing it`);
      opened = openRunDir(dir, id, config, prov, true);
    }
    const { warnings } = opened;
    warnings.forEach((w) => log(`sweep ${id}: ${w}`));
    // lock first, then read: no other process can add tasks of this shard in between
    writer = await CheckpointWriter.open(dir, shard, opts.waitForLockMs ?? 0, (holder) =>
      log(`sweep ${id}: waiting for ${holder}, which is computing this sweep`),
    );
    try {
      known = readRecords(dir, (p) => points[p], log).filter((r) => r.drop < config.drops);
    } catch (e) {
      writer.close();
      throw e;
    }
  }
  const doneKeys = new Set(known.map(taskKey));
  const tasks = sweepTasks(config, shard);
  const todo = tasks.filter((t) => !doneKeys.has(taskKey(t)));
  const reused = tasks.length - todo.length;
  const requested = opts.workers ?? availableParallelism();
  const nWorkers = Math.min(requested, todo.length);
  if (reused > 0) log(`sweep ${id}: ${reused} of ${tasks.length} tasks already in ${dir}, ${todo.length} to compute`);

  const records = known.slice();
  let computed = 0;
  const bar =
    opts.progress === false || todo.length === 0
      ? null
      : new ProgressBar(
          `sweep ${config.name}${shard ? ` shard ${shard.index}/${shard.count}` : ''}`,
          tasks.length,
          reused,
          typeof opts.progress === 'object' ? opts.progress : undefined,
        );
  const limit = opts.stopAfter ?? Infinity;
  const signal = opts.signal;

  const accept = (task: Task, output: TaskOutput): boolean => {
    const rec: TaskRecord = {
      point: task.point,
      drop: task.drop,
      params: points[task.point],
      ...output,
      finishedAt: new Date().toISOString(),
    };
    writer?.append(rec);
    records.push(rec);
    computed++;
    bar?.tick();
    return computed >= limit; // true = stop now
  };

  try {
    if (todo.length > 0 && !signal?.aborted) {
      if (requested === 0) {
        for (const task of todo) {
          // let signal handlers run between tasks (a synchronous task would block them)
          if (signal) await new Promise((r) => setImmediate(r));
          if (signal?.aborted) break;
          const params = points[task.point];
          let out: TaskOutput;
          try {
            out = await runner.runTask({
              config,
              point: task.point,
              params,
              drop: task.drop,
              schemes: schemesAt(config, params),
            });
          } catch (e) {
            throw taskError(config, points, task, (e as Error).message);
          }
          if (accept(task, out)) break;
        }
      } else {
        await runPool(root, runnerPath, config, points, todo, nWorkers, accept, opts.youngGenerationMb ?? 64, signal);
      }
    }
  } finally {
    writer?.close();
  }
  const interrupted = computed < todo.length;
  const aborted = interrupted && signal?.aborted === true;
  bar?.finish(aborted ? '(interrupted)' : interrupted ? '(stopped early)' : '');
  records.sort((a, b) => a.point - b.point || a.drop - b.drop);
  const have = new Set(records.map(taskKey));
  const totalTasks = points.length * config.drops;
  return {
    id,
    dir,
    config,
    points,
    records,
    computed,
    reused,
    totalTasks,
    complete: have.size === totalTasks,
    shardComplete: tasks.every((t) => have.has(taskKey(t))),
    elapsedMs: performance.now() - t0,
    workers: requested === 0 ? 0 : nWorkers,
    interrupted: aborted,
  };
}

function taskError(config: SweepConfig, points: PointParams[], task: Task, message: string): SweepTaskError {
  return new SweepTaskError(
    `task ${taskKey(task)} (${pointLabel(config, points[task.point])}, drop ${task.drop}) failed: ${message}`,
  );
}

type FromWorker =
  | { type: 'ready' }
  | { type: 'result'; point: number; drop: number; output: TaskOutput }
  | { type: 'error'; point: number; drop: number; message: string; stack?: string };

/**
 * Dynamic work queue over `n` worker threads, drop-affine (dispatch.ts); resolves when every
 * task is accepted, `accept` says stop or `signal` aborts (then the workers are terminated at
 * once, tasks in flight discarded).
 */
function runPool(
  root: string,
  runnerPath: string,
  config: SweepConfig,
  points: PointParams[],
  todo: Task[],
  n: number,
  accept: (t: Task, o: TaskOutput) => boolean,
  youngGenerationMb: number,
  signal?: AbortSignal,
): Promise<void> {
  const { entry, script, runnerPath: workerRunner } = workerModules(root, runnerPath);
  if (!existsSync(entry)) throw new ConfigError(`worker entry ${entry} is missing`);
  return new Promise<void>((resolve, reject) => {
    const workers: Worker[] = [];
    // drop-affine: a worker computes the tasks of one drop in turn (dispatch.ts)
    const queue = new DropAffineQueue<Worker>(todo);
    let accepted = 0;
    let settled = false;
    const onAbort = () => settle();
    const settle = (err?: Error) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      Promise.all(workers.map((w) => w.terminate())).then(
        () => (err ? reject(err) : resolve()),
        () => (err ? reject(err) : resolve()),
      );
    };
    const dispatch = (w: Worker) => {
      if (settled) return;
      const t = queue.next(w);
      if (t) w.postMessage({ type: 'task', point: t.point, drop: t.drop });
    };
    for (let i = 0; i < n; i++) {
      const w = new Worker(entry, {
        workerData: { workerScript: script, runnerPath: workerRunner, config },
        resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb },
      });
      workers.push(w);
      w.on('message', (m: FromWorker) => {
        if (settled) return;
        if (m.type === 'ready') {
          dispatch(w);
        } else if (m.type === 'result') {
          let stop: boolean;
          try {
            stop = accept({ point: m.point, drop: m.drop }, m.output);
          } catch (e) {
            settle(e as Error);
            return;
          }
          accepted++;
          if (stop || accepted === todo.length) settle();
          else dispatch(w);
        } else if (m.type === 'error') {
          if (m.point < 0) settle(new ConfigError(`worker could not start: ${m.message}`));
          else settle(taskError(config, points, { point: m.point, drop: m.drop }, m.message));
        }
      });
      w.on('error', (e) => settle(new SweepTaskError(`worker thread crashed: ${e.message}`)));
      w.on('exit', (code) => {
        if (!settled) settle(new SweepTaskError(`worker thread exited unexpectedly (code ${code})`));
      });
    }
    if (signal?.aborted) settle();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}
