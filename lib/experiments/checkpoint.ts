/**
 * Checkpoints of a sweep (Section VI Monte Carlo): every finished task (one point of one
 * drop) is appended as one JSON line to `data/runs/<sweep-id>/<shard>.jsonl` and fsync'ed
 * before the next, so a killed sweep loses at most the tasks in flight and a rerun
 * recomputes none of the finished ones.
 *
 * Run directory layout:
 *   sweep.json                 the configuration (without `drops`), its hash, kit version,
 *                              git commit and creation date — checked on every resume
 *   tasks-<i>of<n>.jsonl       finished tasks of shard i/n (tasks-1of1.jsonl unsharded)
 *   tasks-<i>of<n>.lock        {pid, host, started} while a process writes that file
 *   results.csv / summary.csv  (+ .json sidecars) written when the sweep is complete
 * Every *.jsonl file of the directory is read on resume and by `merge`, whatever shard
 * wrote it, so shards can be run anywhere and their files copied together.
 */
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  rmSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ConfigError, type PointParams, type Shard, type SweepConfig, sweepHash, taskKey } from './config.js';
import type { TaskOutput } from './runner.js';

/** One finished task as stored (one JSON line). */
export interface TaskRecord extends TaskOutput {
  point: number;
  drop: number;
  /** Parameters of the point (checked against the config on load). */
  params: PointParams;
  /** ISO time the task finished. */
  finishedAt: string;
}

/** Contents of sweep.json. */
export interface SweepManifest {
  id: string;
  hash: string;
  config: Omit<SweepConfig, 'drops'>;
  kitVersion: string;
  gitCommit: string | null;
  /** DropRunner.version of the runner that computed the tasks ('' when it has none). */
  runnerVersion?: string;
  created: string;
}

/** Error in a checkpoint directory (mismatching configuration, corrupt line, lock held). */
export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}

/** A checkpoint computed by another version of the runner (its tasks are stale). */
export class StaleCheckpointError extends CheckpointError {
  constructor(message: string) {
    super(message);
    this.name = 'StaleCheckpointError';
  }
}

/** File stem of a shard's checkpoint, e.g. 'tasks-2of8'. */
export function shardStem(shard?: Shard): string {
  const s = shard ?? { index: 1, count: 1 };
  return `tasks-${s.index}of${s.count}`;
}

/**
 * Create the run directory or check that an existing one holds the same sweep (same
 * hash). Returns the manifest in force. `fresh` deletes an existing directory first.
 */
export function openRunDir(
  dir: string,
  id: string,
  config: SweepConfig,
  provenance: { kitVersion: string; gitCommit: string | null; runnerVersion?: string },
  fresh = false,
): { manifest: SweepManifest; warnings: string[] } {
  const warnings: string[] = [];
  if (fresh && existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'sweep.json');
  const hash = sweepHash(config);
  if (existsSync(path)) {
    let m: SweepManifest;
    try {
      m = JSON.parse(readFileSync(path, 'utf8')) as SweepManifest;
    } catch (e) {
      throw new CheckpointError(`${path} is not valid JSON (${(e as Error).message}); delete the directory to restart`);
    }
    if (m.hash !== hash) {
      const diff = describeDifference(m.config as unknown as Record<string, unknown>, config);
      throw new CheckpointError(
        `${dir} holds sweep '${m.id}' with a different configuration (${diff}); ` +
          `use another --id, or --fresh to discard it`,
      );
    }
    if ((m.runnerVersion ?? '') !== (provenance.runnerVersion ?? '')) {
      throw new StaleCheckpointError(
        `${dir} was computed by runner version '${m.runnerVersion ?? ''}', the runner is now at ` +
          `'${provenance.runnerVersion ?? ''}': its finished tasks are stale; use --fresh (or another --id)`,
      );
    }
    if (m.gitCommit && provenance.gitCommit && m.gitCommit !== provenance.gitCommit) {
      warnings.push(
        `checkpoint ${id} was started at commit ${m.gitCommit.slice(0, 10)}, code is now at ` +
          `${provenance.gitCommit.slice(0, 10)}; finished tasks are reused (use --fresh to recompute them)`,
      );
    }
    return { manifest: m, warnings };
  }
  const { drops: _drops, ...rest } = config;
  const manifest: SweepManifest = {
    id,
    hash,
    config: rest,
    kitVersion: provenance.kitVersion,
    gitCommit: provenance.gitCommit,
    runnerVersion: provenance.runnerVersion ?? '',
    created: new Date().toISOString(),
  };
  writeFileSync(path, JSON.stringify(manifest, null, 2) + '\n');
  return { manifest, warnings };
}

function describeDifference(stored: Record<string, unknown>, now: SweepConfig): string {
  const fields = ['name', 'seed', 'base', 'grid', 'constraints', 'schemes', 'runner'] as const;
  const diffs = fields.filter((f) => JSON.stringify(stored[f]) !== JSON.stringify(now[f]));
  return diffs.length ? `differs in ${diffs.join(', ')}` : 'hash differs';
}

/**
 * Read every finished task from all *.jsonl files of `dir`. A truncated last line (a
 * write cut by a kill) is ignored; any other unparsable line is an error naming file and
 * line. The same task in two files must hold the same metrics (else CheckpointError);
 * it is returned once. `expectParams(point)` checks each record's parameters.
 */
export function readRecords(dir: string, expectParams?: (point: number) => PointParams | undefined): TaskRecord[] {
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort();
  const byKey = new Map<string, TaskRecord>();
  for (const f of files) {
    const text = readFileSync(join(dir, f), 'utf8');
    const lines = text.split('\n');
    // the last piece is '' (file ends with a newline) or a line cut by a kill: skip it
    for (let i = 0; i < lines.length - 1; i++) {
      const line = lines[i];
      if (line.trim() === '') continue;
      let r: TaskRecord;
      try {
        r = JSON.parse(line) as TaskRecord;
      } catch {
        throw new CheckpointError(`${join(dir, f)} line ${i + 1} is not valid JSON; delete that line to continue`);
      }
      if (!Number.isInteger(r.point) || !Number.isInteger(r.drop) || !Array.isArray(r.schemes)) {
        throw new CheckpointError(`${join(dir, f)} line ${i + 1} is not a task record`);
      }
      if (expectParams) {
        const want = expectParams(r.point);
        if (!want || JSON.stringify(want) !== JSON.stringify(r.params)) {
          throw new CheckpointError(
            `${join(dir, f)} line ${i + 1}: point ${r.point} has parameters ${JSON.stringify(r.params)}, ` +
              `the configuration says ${JSON.stringify(want)}`,
          );
        }
      }
      const key = taskKey(r);
      const prev = byKey.get(key);
      if (prev) {
        if (JSON.stringify(metricsOnly(prev)) !== JSON.stringify(metricsOnly(r))) {
          throw new CheckpointError(`task ${key} appears twice with different results (second in ${f})`);
        }
        continue;
      }
      byKey.set(key, r);
    }
  }
  return [...byKey.values()].sort((a, b) => a.point - b.point || a.drop - b.drop);
}

/** Scheme metrics without timing fields (names ending in 'Ms'), for comparing runs. */
export function metricsOnly(r: TaskOutput): Array<[string, Record<string, number>]> {
  return r.schemes.map((s) => [
    s.scheme,
    Object.fromEntries(Object.entries(s.metrics).filter(([k]) => !k.endsWith('Ms'))),
  ]);
}

/** Appends task records to a shard's .jsonl with fsync after each line; holds the shard lock. */
export class CheckpointWriter {
  private fd: number;
  private readonly lockPath: string;
  readonly path: string;

  private constructor(path: string, lockPath: string) {
    this.path = path;
    this.lockPath = lockPath;
    this.fd = openSync(this.path, 'a+');
    repairTail(this.fd);
  }

  /**
   * Take the shard's lock and open its file. When another live process on this host holds
   * the lock: wait for it up to `waitMs` (polling; `onWait` is told once), else throw
   * CheckpointError naming the holder.
   */
  static async open(
    dir: string,
    shard?: Shard,
    waitMs = 0,
    onWait?: (holder: string) => void,
  ): Promise<CheckpointWriter> {
    const stem = shardStem(shard);
    const lockPath = join(dir, `${stem}.lock`);
    const t0 = Date.now();
    let told = false;
    for (;;) {
      try {
        acquireLock(lockPath);
        break;
      } catch (e) {
        if (!(e instanceof LockHeldError) || Date.now() - t0 >= waitMs) throw e;
        if (!told) onWait?.(e.holder);
        told = true;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    return new CheckpointWriter(join(dir, `${stem}.jsonl`), lockPath);
  }

  /** Append one record and flush it to disk. */
  append(r: TaskRecord): void {
    writeSync(this.fd, JSON.stringify(r) + '\n');
    fsyncSync(this.fd);
  }

  /** Close the file and release the lock. */
  close(): void {
    if (this.fd >= 0) {
      closeSync(this.fd);
      this.fd = -1;
      try {
        unlinkSync(this.lockPath);
      } catch {
        // already gone
      }
    }
  }
}

/** Cut a partial last line (left by a kill mid-write) so the next append starts a fresh line. */
function repairTail(fd: number): void {
  const size = fstatSync(fd).size;
  if (size === 0) return;
  const buf = Buffer.alloc(Math.min(size, 1 << 20));
  let end = size;
  // find the last '\n' scanning backwards in chunks
  while (end > 0) {
    const start = Math.max(0, end - buf.length);
    const n = readSync(fd, buf, 0, end - start, start);
    if (start + n === size && buf[n - 1] === 0x0a) return; // already ends with a newline
    for (let i = n - 1; i >= 0; i--) {
      if (buf[i] === 0x0a) {
        ftruncateSync(fd, start + i + 1);
        return;
      }
    }
    end = start;
  }
  ftruncateSync(fd, 0);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lock of a shard is held by another live process. */
export class LockHeldError extends CheckpointError {
  constructor(
    message: string,
    readonly holder: string,
  ) {
    super(message);
    this.name = 'LockHeldError';
  }
}

function acquireLock(path: string): void {
  const me = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(me) + '\n', { flag: 'wx' });
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let held: { pid?: number; host?: string; started?: string } = {};
    try {
      held = JSON.parse(readFileSync(path, 'utf8')) as typeof held;
    } catch {
      // unreadable lock: treat as stale
    }
    const stale = held.host === me.host && (held.pid === undefined || !pidAlive(held.pid));
    if (!stale && held.host !== undefined) {
      throw new LockHeldError(
        `${path} is held by pid ${held.pid} on ${held.host} since ${held.started}: that sweep shard is running; ` +
          `if that process is gone, delete the lock file`,
        `pid ${held.pid} on ${held.host}`,
      );
    }
    try {
      unlinkSync(path);
    } catch {
      // raced with another remover
    }
  }
  throw new CheckpointError(`could not take the lock ${path}`);
}

/** Does the configuration file exist for this directory? (for merge and notebooks) */
export function readManifest(dir: string): SweepManifest {
  const path = join(dir, 'sweep.json');
  if (!existsSync(path)) throw new ConfigError(`${dir} is not a sweep directory (no sweep.json)`);
  return JSON.parse(readFileSync(path, 'utf8')) as SweepManifest;
}
