/**
 * Progress of a sweep from its run directory alone (`msms status RUN`): tasks done of the
 * total and per shard (from the checkpoint files), which shards run (their lock files, and
 * the Slurm queue when the sweep was submitted with `msms sweep … --slurm`), which failed
 * (Slurm accounting when the cluster has it, else "ended without finishing" plus the last
 * line of the shard's log), and an ETA from the finishing times of the recent tasks.
 *
 * Works on a sweep running here, on a cluster, or copied back from elsewhere; nothing is
 * written. The total needs the number of drops, which the run directory does not store
 * (more drops extend a sweep): it comes from `--drops`, the Slurm submission, the written
 * tables, or, failing those, the largest drop found (said so in the output).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { pidAlive, readManifest, readRecords, shardStem } from './checkpoint.js';
import { type SweepConfig, expandPoints, sweepTasks, taskKey } from './config.js';
import { formatDuration } from './progress.js';
import type { CommandRunner, SlurmSubmission } from './slurm.js';

/** State of one shard. */
export type ShardState = 'done' | 'running' | 'pending' | 'failed' | 'idle';

/** Progress of shard index/count. */
export interface ShardProgress {
  index: number;
  count: number;
  tasks: number;
  done: number;
  state: ShardState;
  /** Who runs it, why it pends, how it failed (one line). */
  detail?: string;
}

/** What `sweepStatus` reports. */
export interface SweepStatus {
  id: string;
  dir: string;
  name: string;
  points: number;
  drops: number;
  /** Where `drops` came from. */
  dropsFrom: 'option' | 'slurm' | 'tables' | 'records';
  total: number;
  done: number;
  complete: boolean;
  /** results.csv/summary.csv written for the complete sweep. */
  tablesWritten: boolean;
  /** Per shard (empty when the checkpoint files mix several splits and no submission says which). */
  shards: ShardProgress[];
  /** Throughput over the recent tasks (tasks per second), with how many tasks it uses. */
  rate: { perSecond: number; tasks: number } | null;
  /** Seconds to finish at that rate. */
  etaSeconds: number | null;
  /** ISO time of the last finished task. */
  lastFinished: string | null;
  /** Seconds since then. */
  sinceLastSeconds: number | null;
  /** Latest Slurm submission, with the merge job's state when known. */
  slurm: (SlurmSubmission & { mergeState?: string }) | null;
  /** True when some shard runs or waits in the queue. */
  active: boolean;
  notes: string[];
}

/** Options of `sweepStatus`. */
export interface StatusOptions {
  /** Number of drops of the sweep (overrides what the directory suggests). */
  drops?: number;
  /** Current time (ms since epoch); default Date.now(). */
  now?: number;
  /** Runs squeue / sacct (default: none, Slurm not queried). */
  run?: CommandRunner;
  /** This host's name (lock files of other hosts cannot be checked). */
  host?: string;
}

/** Submissions recorded by `msms sweep … --slurm` in <dir>/slurm/jobs.json, oldest first. */
export function readSubmissions(dir: string): SlurmSubmission[] {
  const path = join(dir, 'slurm', 'jobs.json');
  if (!existsSync(path)) return [];
  try {
    const x = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    return Array.isArray(x) ? (x as SlurmSubmission[]) : [];
  } catch {
    return [];
  }
}

/**
 * Throughput from finishing times (ms): over the last ≤ 50 tasks, cut at the first long
 * pause (a gap over 20× the typical gap and over a minute: the sweep was stopped and
 * resumed). Null with fewer than 2 tasks in that window.
 */
export function recentRate(times: readonly number[]): { perSecond: number; tasks: number } | null {
  const t = times
    .slice()
    .sort((a, b) => a - b)
    .slice(-50);
  if (t.length < 2) return null;
  const gaps = t.slice(1).map((x, i) => x - t[i]);
  const typical = gaps.slice(-10).sort((a, b) => a - b)[Math.floor(Math.min(gaps.length, 10) / 2)];
  const limit = Math.max(20 * typical, 60_000);
  let first = t.length - 1;
  while (first > 0 && t[first] - t[first - 1] <= limit) first--;
  const n = t.length - first;
  const span = t[t.length - 1] - t[first];
  if (n < 2 || span <= 0) return null;
  return { perSecond: ((n - 1) * 1000) / span, tasks: n };
}

/** The holder of a shard's lock: 'pid 12 on host' (alive or on another host), or null. */
function lockHolder(dir: string, stem: string, host: string): string | null {
  const path = join(dir, `${stem}.lock`);
  if (!existsSync(path)) return null;
  try {
    const h = JSON.parse(readFileSync(path, 'utf8')) as { pid?: number; host?: string; started?: string };
    if (h.host === host && h.pid !== undefined && !pidAlive(h.pid)) return null; // stale
    return `pid ${h.pid} on ${h.host}${h.host === host ? '' : ' (lock file)'} since ${h.started}`;
  } catch {
    return null;
  }
}

function lastLogLine(path: string): string | null {
  if (!existsSync(path)) return null;
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const line = lines.pop();
  return line === undefined ? null : line.length > 160 ? line.slice(0, 157) + '…' : line;
}

interface JobStates {
  /** Array index → [state, reason]; merge job under key 'merge'. */
  queue: Map<string, { state: string; reason: string }> | null;
  /** Array index → [state, exit code] from accounting; 'merge' for the merge job. */
  acct: Map<string, { state: string; exit: string }> | null;
  note?: string;
}

/** Query squeue (and sacct, when the cluster keeps accounting) for a submission. */
function slurmStates(sub: SlurmSubmission, run: CommandRunner): JobStates {
  const ids = [sub.arrayJob, ...(sub.mergeJob ? [sub.mergeJob] : [])].join(',');
  const key = (jobId: string): string | null => {
    if (sub.mergeJob && jobId === sub.mergeJob) return 'merge';
    const m = /^(\d+)_(\d+)$/.exec(jobId);
    return m && m[1] === sub.arrayJob ? m[2] : null;
  };
  const out: JobStates = { queue: null, acct: null };
  const q = run('squeue', ['-h', '-r', '-j', ids, '-o', '%i|%T|%r']);
  if (q.status === 0) {
    out.queue = new Map();
    for (const line of q.stdout.split('\n')) {
      const [id, state, reason] = line.trim().split('|');
      const k = id ? key(id) : null;
      if (k !== null) out.queue.set(k, { state, reason: reason ?? '' });
    }
  } else if (/Invalid job id/i.test(q.stderr)) {
    out.queue = new Map(); // every job has left the queue (and Slurm has forgotten it)
  } else {
    out.note = `Slurm queue not reachable (squeue: ${(q.stderr || q.stdout).trim().split('\n')[0] || 'failed'}): job states unknown`;
  }
  const a = run('sacct', ['-n', '-P', '-X', '-j', ids, '-o', 'JobID,State,ExitCode']);
  if (a.status === 0 && a.stdout.trim() !== '') {
    out.acct = new Map();
    for (const line of a.stdout.split('\n')) {
      const [id, state, exit] = line.trim().split('|');
      const k = id ? key(id) : null;
      if (k !== null) out.acct.set(k, { state: (state ?? '').split(' ')[0], exit: exit ?? '' });
    }
  }
  return out;
}

/** Read a run directory and report its progress (see the file comment). */
export function sweepStatus(dir: string, opts: StatusOptions = {}): SweepStatus {
  const now = opts.now ?? Date.now();
  const host = opts.host ?? hostname();
  const manifest = readManifest(dir);
  const records = readRecords(dir);
  const notes: string[] = [];
  const subs = readSubmissions(dir);
  const sub = subs.length ? subs[subs.length - 1] : null;

  let drops: number;
  let dropsFrom: SweepStatus['dropsFrom'];
  let tablesDrops: number | undefined;
  try {
    tablesDrops = (JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { drops?: number }).drops;
  } catch {
    tablesDrops = undefined;
  }
  if (opts.drops !== undefined) [drops, dropsFrom] = [opts.drops, 'option'];
  else if (sub) [drops, dropsFrom] = [sub.drops, 'slurm'];
  else if (tablesDrops !== undefined) [drops, dropsFrom] = [tablesDrops, 'tables'];
  else {
    drops = records.reduce((m, r) => Math.max(m, r.drop + 1), 0);
    dropsFrom = 'records';
    notes.push(`drops assumed from the largest drop found (${drops}); pass --drops D for the real total`);
  }
  const config: SweepConfig = { ...(manifest.config as Omit<SweepConfig, 'drops'>), drops: Math.max(drops, 1) };
  const points = expandPoints(config).length;
  const total = drops === 0 ? 0 : points * drops;
  const mine = records.filter((r) => r.drop < drops);
  const doneKeys = new Set(mine.map(taskKey));

  // shard split: the submission's, else the one the checkpoint files use
  const counts = new Set<number>();
  for (const f of readdirSync(dir)) {
    const m = /^tasks-(\d+)of(\d+)(?:\..*)?\.jsonl$/.exec(f);
    if (m) counts.add(Number(m[2]));
  }
  let count: number | null = sub ? sub.shards : counts.size === 1 ? [...counts][0] : null;
  if (count === null && counts.size > 1)
    notes.push(
      `checkpoint files of several splits (${[...counts].sort((a, b) => a - b).join(', ')} shards): no per-shard view`,
    );
  if (count === null && counts.size === 0) count = 1;

  const states = sub && opts.run ? slurmStates(sub, opts.run) : null;
  if (states?.note) notes.push(states.note);
  if (sub && !opts.run) notes.push('Slurm not queried');

  const shards: ShardProgress[] = [];
  let active = false;
  if (count !== null && drops > 0) {
    for (let i = 1; i <= count; i++) {
      const tasks = sweepTasks(config, { index: i, count });
      const done = tasks.filter((t) => doneKeys.has(taskKey(t))).length;
      const p: ShardProgress = { index: i, count, tasks: tasks.length, done, state: 'idle' };
      const holder = lockHolder(dir, shardStem({ index: i, count }), host);
      const a = String(i - 1);
      const queued = states?.queue?.get(a);
      const acct = states?.acct?.get(a);
      const submitted = sub !== null && sub.run.includes(i);
      if (done === tasks.length) p.state = 'done';
      else if (queued && queued.state === 'PENDING') {
        p.state = 'pending';
        p.detail = `Slurm ${sub?.arrayJob}_${a} pending (${queued.reason})`;
      } else if (queued) {
        p.state = 'running';
        p.detail = `Slurm ${sub?.arrayJob}_${a} ${queued.state.toLowerCase()}${holder ? `, ${holder}` : ''}`;
      } else if (holder) {
        p.state = 'running';
        p.detail = holder;
      } else if (submitted && states?.queue) {
        // left the queue without finishing its tasks
        p.state = 'failed';
        const how = acct ? `${acct.state}, exit ${acct.exit}` : 'ended without finishing its tasks';
        const log = lastLogLine(join(dir, 'slurm', `array-${sub?.arrayJob}_${a}.out`));
        p.detail = `Slurm ${sub?.arrayJob}_${a}: ${how}${log ? `; log: ${log}` : ''}`;
      }
      if (p.state === 'running' || p.state === 'pending') active = true;
      shards.push(p);
    }
  }
  let mergeState: string | undefined;
  if (sub?.mergeJob && states) {
    const q = states.queue?.get('merge');
    const a = states.acct?.get('merge');
    if (q) {
      mergeState = `${q.state.toLowerCase()}${q.state === 'PENDING' ? ` (${q.reason})` : ''}`;
      active = true;
    } else if (a) mergeState = `${a.state.toLowerCase()}, exit ${a.exit}`;
    else if (states.queue) mergeState = 'ended';
  }

  const times = mine.map((r) => Date.parse(r.finishedAt)).filter((t) => Number.isFinite(t));
  const rate = recentRate(times);
  const last = times.length ? Math.max(...times) : null;
  const remaining = Math.max(0, total - doneKeys.size);
  const tablesWritten =
    existsSync(join(dir, 'results.csv')) && tablesDrops === drops && doneKeys.size === total && total > 0;
  return {
    id: manifest.id,
    dir,
    name: manifest.config.name,
    points,
    drops,
    dropsFrom,
    total,
    done: doneKeys.size,
    complete: total > 0 && doneKeys.size === total,
    tablesWritten,
    shards,
    rate,
    etaSeconds: remaining === 0 ? 0 : rate ? remaining / rate.perSecond : null,
    lastFinished: last === null ? null : new Date(last).toISOString(),
    sinceLastSeconds: last === null ? null : Math.max(0, (now - last) / 1000),
    slurm: sub ? { ...sub, ...(mergeState ? { mergeState } : {}) } : null,
    active,
    notes,
  };
}

/** The report as printed by `msms status`. */
export function formatStatus(s: SweepStatus): string {
  const pct = s.total ? Math.floor((100 * s.done) / s.total) : 0;
  const lines = [
    `sweep ${s.id} (${s.dir}): ${s.done}/${s.total} tasks done (${pct} %) — ${s.points} points × ${s.drops} drops` +
      (s.dropsFrom === 'records' ? ' (assumed)' : ''),
  ];
  if (s.shards.length > 1 || s.shards.some((p) => p.state !== 'done' && p.state !== 'idle')) {
    const w = String(s.shards.length).length;
    const tw = String(Math.max(...s.shards.map((p) => p.tasks))).length;
    for (const p of s.shards) {
      const label = p.state === 'failed' ? 'FAILED' : p.state;
      lines.push(
        `  shard ${String(p.index).padStart(w)}/${p.count}  ${String(p.done).padStart(tw)}/${p.tasks}  ${label}` +
          (p.detail ? `: ${p.detail}` : ''),
      );
    }
  }
  const failed = s.shards.filter((p) => p.state === 'failed');
  if (failed.length)
    lines.push(
      `failed shards: ${failed.map((p) => `${p.index}/${p.count}`).join(', ')} — resubmit the same msms sweep … --slurm to rerun only the unfinished shards`,
    );
  if (s.slurm) {
    const m = s.slurm.mergeJob
      ? `merge job ${s.slurm.mergeJob}${s.slurm.mergeState ? `: ${s.slurm.mergeState}` : ''}`
      : 'no merge job';
    lines.push(
      `Slurm: array job ${s.slurm.arrayJob} (${s.slurm.run.length} of ${s.slurm.shards} shards, submitted ${s.slurm.submitted}); ${m}`,
    );
  }
  if (s.complete) {
    lines.push(
      s.tablesWritten
        ? `complete; tables: ${join(s.dir, 'results.csv')}, ${join(s.dir, 'summary.csv')}`
        : `complete; tables not written yet: msms merge --dir ${s.dir}`,
    );
  } else {
    const rate = s.rate
      ? `${(s.rate.perSecond * 60).toFixed(s.rate.perSecond * 60 >= 10 ? 0 : 2)} tasks/min over the last ${s.rate.tasks} tasks`
      : 'throughput unknown (fewer than 2 recent tasks)';
    const eta = s.etaSeconds === null ? 'ETA unknown' : `ETA ${formatDuration(s.etaSeconds)}`;
    const last =
      s.sinceLastSeconds === null
        ? 'no task finished yet'
        : `last task finished ${formatDuration(s.sinceLastSeconds)} ago`;
    lines.push(`${rate}; ${eta}; ${last}`);
    if (!s.active && s.shards.length > 0)
      lines.push('not running: rerun the same msms sweep command to resume (finished tasks are kept)');
  }
  for (const n of s.notes) lines.push(`note: ${n}`);
  return lines.join('\n');
}
