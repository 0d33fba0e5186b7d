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
 *
 * Each line ends with a checksum, `…,"sum":"<16 hex digits>"}`: the first 16 hex digits of
 * the SHA-256 of the line's text without that field (the JSON of the record as written).
 * A line changed after it was written (still valid JSON or not) is reported with its file
 * and line number. Lines of checkpoints written before checksums existed (no "sum", ending
 * with "finishedAt" as the old writer wrote them) are accepted unchecked, with one warning
 * per file, so their runs can still be resumed and merged — but not after a line with a
 * checksum in the same file (the writer only appends), which can only be an edit.
 *
 * A record's metrics must be finite numbers (a NaN would be written as null): the writer
 * refuses such a task (NonFiniteResultError naming it). Descriptive numbers (`info`,
 * `stageMs`) that are not finite — the mean elevation of a drop whose links are all
 * blocked — are left out of the record.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fstatSync,
  ftruncateSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ConfigError, type PointParams, type Shard, type SweepConfig, sweepHash, taskKey } from './config.js';
import { errnoWords, fileOps, makeDirs, writeFileAtomic } from './files.js';
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

/** A checkpoint line could not be appended (disk full, file gone, …); the tasks finished before are safe. */
export class CheckpointWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointWriteError';
  }
}

/** A runner returned a metric that is not a finite number (it would be written as null). */
export class NonFiniteResultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NonFiniteResultError';
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
  makeDirs(dir, 'run directory');
  const path = join(dir, 'sweep.json');
  const hash = sweepHash(config);
  if (existsSync(path)) {
    const m = readManifest(dir);
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
  writeFileAtomic(path, JSON.stringify(manifest, null, 2) + '\n');
  return { manifest, warnings };
}

function describeDifference(stored: Record<string, unknown>, now: SweepConfig): string {
  const fields = ['name', 'seed', 'base', 'grid', 'constraints', 'schemes', 'runner'] as const;
  const diffs = fields.filter((f) => JSON.stringify(stored[f]) !== JSON.stringify(now[f]));
  return diffs.length ? `differs in ${diffs.join(', ')}` : 'hash differs';
}

/** First 16 hex digits of the SHA-256 of `text` (the checksum of a checkpoint line). */
export function lineChecksum(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** The checkpoint line of a record: its JSON with the checksum field appended (no newline). */
export function recordLine(r: TaskRecord): string {
  const body = JSON.stringify(r);
  return `${body.slice(0, -1)},"sum":"${lineChecksum(body)}"}`;
}

const SUM_RE = /,"sum":"([0-9a-f]{16})"\}$/;
/** How every line of a checkpoint written before checksums ends: the finish time, last. */
const LEGACY_END_RE = /,"finishedAt":"[^"\\]*"\}$/;

function isNumberMap(x: unknown): x is Record<string, number> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Parse and check one checkpoint line (`where` = 'file line n' for messages). Returns the
 * record (without the checksum) and whether the line carried a checksum.
 */
export function parseRecordLine(line: string, where: string): { record: TaskRecord; checked: boolean } {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    throw new CheckpointError(`${where} is not valid JSON; restore it, or delete that line to recompute its task`);
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    throw new CheckpointError(`${where} is not a task record (expected a JSON object)`);
  }
  const o = obj as Record<string, unknown>;
  const key = Number.isSafeInteger(o.point) && Number.isSafeInteger(o.drop) ? ` (task p${o.point}/d${o.drop})` : '';
  let checked = false;
  if ('sum' in o) {
    const m = SUM_RE.exec(line);
    const body = m ? `${line.slice(0, m.index)}}` : '';
    if (!m || lineChecksum(body) !== m[1]) {
      throw new CheckpointError(
        `${where}${key}: checksum mismatch, the line was changed after it was written; ` +
          'restore it, or delete that line to recompute its task',
      );
    }
    delete o.sum;
    checked = true;
  } else if (!LEGACY_END_RE.test(line)) {
    // the old writer ended every line with the finish time; anything else lost its checksum to an edit
    throw new CheckpointError(
      `${where}${key} has no valid checksum and is not a line of an older checkpoint: it was edited or cut; ` +
        'restore it, or delete that line to recompute its task',
    );
  }
  const bad = (what: string) => new CheckpointError(`${where}${key} is not a task record: ${what}`);
  if (!Number.isSafeInteger(o.point) || (o.point as number) < 0) throw bad('point must be an integer >= 0');
  if (!Number.isSafeInteger(o.drop) || (o.drop as number) < 0) throw bad('drop must be an integer >= 0');
  if (!isNumberMap(o.params)) throw bad('params must be an object of numbers');
  if (!Array.isArray(o.schemes)) throw bad('schemes must be an array');
  o.schemes.forEach((sr: unknown, i: number) => {
    const r = sr as { scheme?: unknown; metrics?: unknown };
    if (typeof sr !== 'object' || sr === null || typeof r.scheme !== 'string' || !isNumberMap(r.metrics)) {
      throw bad(`schemes[${i}] must be { scheme, metrics }`);
    }
    for (const [m, v] of Object.entries(r.metrics)) {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw bad(`metric ${m} of scheme '${r.scheme}' is ${JSON.stringify(v)}, not a finite number`);
      }
    }
  });
  for (const f of ['stageMs', 'info'] as const) {
    if (o[f] === undefined) continue;
    if (!isNumberMap(o[f])) throw bad(`${f} must be an object of numbers`);
    // old checkpoints wrote a NaN here as null: leave it out, as the writer now does
    const kept = Object.entries(o[f] as Record<string, unknown>).filter(
      ([, v]) => typeof v === 'number' && Number.isFinite(v),
    );
    o[f] = Object.fromEntries(kept);
  }
  return { record: o as unknown as TaskRecord, checked };
}

/** One checkpoint file's text, by name (for reading files not yet in a run directory). */
export interface RecordText {
  /** Path used in messages. */
  path: string;
  text: string;
}

/**
 * Every finished task in the given checkpoint texts, checked as `readRecords` does (see
 * there); `warn` receives one line per file whose lines carry no checksum.
 */
export function parseRecordTexts(
  texts: readonly RecordText[],
  expectParams?: (point: number) => PointParams | undefined,
  warn: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): TaskRecord[] {
  const byKey = new Map<string, TaskRecord>();
  for (const { path, text } of texts) {
    const lines = text.split('\n');
    let unchecked = 0;
    let firstChecked = 0;
    // the last piece is '' (file ends with a newline) or a line cut by a kill: skip it
    for (let i = 0; i < lines.length - 1; i++) {
      const line = lines[i];
      if (line.trim() === '') continue;
      const where = `${path} line ${i + 1}`;
      const { record: r, checked } = parseRecordLine(line, where);
      if (checked && firstChecked === 0) firstChecked = i + 1;
      if (!checked) {
        // the writer appends with checksums only: a line without one after a line with one was edited
        if (firstChecked > 0) {
          throw new CheckpointError(
            `${where} (task ${taskKey(r)}) has no checksum although line ${firstChecked} before it has one: ` +
              'the file was edited; restore it, or delete that line to recompute its task',
          );
        }
        unchecked++;
      }
      if (expectParams) {
        const want = expectParams(r.point);
        if (!want || JSON.stringify(want) !== JSON.stringify(r.params)) {
          throw new CheckpointError(
            `${where}: point ${r.point} has parameters ${JSON.stringify(r.params)}, ` +
              `the configuration says ${want ? JSON.stringify(want) : `there is no point ${r.point}`}`,
          );
        }
      }
      const key = taskKey(r);
      const prev = byKey.get(key);
      if (prev) {
        if (JSON.stringify(metricsOnly(prev)) !== JSON.stringify(metricsOnly(r))) {
          throw new CheckpointError(`task ${key} appears twice with different results (second at ${where})`);
        }
        continue;
      }
      byKey.set(key, r);
    }
    if (unchecked > 0) {
      warn(
        `${path}: ${unchecked} task line(s) carry no checksum (written before checksums were added); ` +
          'they are used unchecked',
      );
    }
  }
  return [...byKey.values()].sort((a, b) => a.point - b.point || a.drop - b.drop);
}

/** The *.jsonl checkpoint files of a run directory, sorted by name. */
export function checkpointFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort();
}

/**
 * Read every finished task from all *.jsonl files of `dir`. A truncated last line (a
 * write cut by a kill) is ignored; any other bad line — not JSON, a changed line (its
 * checksum differs), not a task record, a metric that is not a finite number — is a
 * CheckpointError naming file and line. The same task in two files must hold the same
 * metrics (else CheckpointError); it is returned once. `expectParams(point)` checks each
 * record's parameters. Files without checksums (old checkpoints) give one `warn` line each.
 */
export function readRecords(
  dir: string,
  expectParams?: (point: number) => PointParams | undefined,
  warn?: (line: string) => void,
): TaskRecord[] {
  if (!existsSync(dir)) return [];
  const texts = checkpointFiles(dir).map((f) => ({ path: join(dir, f), text: readFileSync(join(dir, f), 'utf8') }));
  return parseRecordTexts(texts, expectParams, warn);
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

  /**
   * Append one record (with its checksum) and flush it to disk. A metric that is not a
   * finite number is refused (NonFiniteResultError); non-finite `info` / `stageMs` values
   * are left out. A failed write (disk full, …) is a CheckpointWriteError: every task
   * appended before is on disk, and a partial line is cut when the file is next opened.
   */
  append(r: TaskRecord): void {
    for (const sr of r.schemes) {
      for (const [m, v] of Object.entries(sr.metrics)) {
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          throw new NonFiniteResultError(
            `task ${taskKey(r)}: metric ${m} of scheme '${sr.scheme}' is ${v}, not a finite number; ` +
              'the task was not saved (the tasks finished before are)',
          );
        }
      }
    }
    const finite = (x?: Record<string, number>) =>
      x === undefined ? undefined : Object.fromEntries(Object.entries(x).filter(([, v]) => Number.isFinite(v)));
    const rec: TaskRecord = { ...r, stageMs: finite(r.stageMs), info: finite(r.info) };
    try {
      fileOps.writeSync(this.fd, recordLine(rec) + '\n');
      fileOps.fsyncSync(this.fd);
    } catch (e) {
      throw new CheckpointWriteError(
        `cannot append to ${this.path}: ${errnoWords(e)}; every task finished before is saved there — ` +
          'fix that and rerun the same command to resume',
      );
    }
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

/** Whether a process with this pid exists on this host (EPERM: it exists, owned by another user). */
export function pidAlive(pid: number): boolean {
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

/**
 * The sweep.json of a run directory, checked: ConfigError when `dir` is not a sweep
 * directory, CheckpointError naming the file when it is not a valid manifest (cut by a
 * full disk, edited, …).
 */
export function readManifest(dir: string): SweepManifest {
  const path = join(dir, 'sweep.json');
  if (!existsSync(dir)) throw new ConfigError(`${dir} is not a sweep directory (no such folder)`);
  if (!statSync(dir).isDirectory()) throw new ConfigError(`${dir} is not a sweep directory (it is a file)`);
  if (!existsSync(path)) throw new ConfigError(`${dir} is not a sweep directory (no sweep.json)`);
  let m: unknown;
  try {
    m = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CheckpointError(
      `${path} is not valid JSON (${(e as Error).message}); restore it from another copy of the run, ` +
        'or delete the run directory to restart',
    );
  }
  const o = m as Partial<SweepManifest> | null;
  if (
    typeof o !== 'object' ||
    o === null ||
    typeof o.id !== 'string' ||
    typeof o.hash !== 'string' ||
    !/^[0-9a-f]{64}$/.test(o.hash) ||
    typeof o.config !== 'object' ||
    o.config === null
  ) {
    throw new CheckpointError(
      `${path} is not a sweep manifest (expected { id, hash, config, … } as msms sweep writes)`,
    );
  }
  let hash: string | undefined;
  try {
    hash = sweepHash({ ...(o.config as Omit<SweepConfig, 'drops'>), drops: 1 });
  } catch {
    hash = undefined;
  }
  if (hash !== o.hash) {
    throw new CheckpointError(
      `${path}: its configuration does not match its hash (the file was edited?); restore it from another copy of the run`,
    );
  }
  return o as SweepManifest;
}
