/**
 * Running a Section VI sweep on a Slurm cluster (`msms sweep … --slurm`): one shard of the
 * sweep per task of a job array, and a merge job that waits for the array.
 *
 *   array job   `#SBATCH --array=0-(N−1)`; task a runs `msms sweep --shard (a+1)/N` — every
 *               shard is an ordinary resumable sweep writing tasks-<a+1>of<N>.jsonl into the
 *               shared run directory, so a task that is cancelled, times out or fails
 *               loses only its tasks in flight.
 *   merge job   `sbatch --dependency=afterany:<array job>`: runs `msms merge` once every
 *               array task has ended, whatever its end. afterany, not afterok: with afterok
 *               one failed or timed-out shard would leave the merge pending forever
 *               (DependencyNeverSatisfied) and say nothing; with afterany the merge writes
 *               the tables when every task is there and otherwise fails with one line naming
 *               the missing tasks, `msms status` names the failed shards, and resubmitting
 *               the same `msms sweep … --slurm` runs only the shards that still miss tasks.
 *
 * The scripts run the compiled CLI (dist/) directly and check that dist/ is still the build
 * they were submitted with: a rebuild in between (someone edited lib/ and ran msms) makes
 * the job fail with one line instead of mixing two versions of the code in one sweep.
 * The sweep's configuration (with its drops) is written beside the scripts and the jobs
 * read that copy, so editing the original file after submitting changes nothing.
 *
 * Everything here is pure text generation and parsing (unit-tested); the CLI does the
 * file writing and calls `sbatch` (lib/cli/slurm.ts).
 */
import { ConfigError, type Shard, type SweepConfig, sweepTasks, taskKey } from './config.js';
import type { TaskRecord } from './checkpoint.js';

/** Invalid Slurm option (exit 2 in the CLI); the message names the option and the allowed form. */
export class SlurmError extends ConfigError {
  constructor(message: string) {
    super(message);
    this.name = 'SlurmError';
  }
}

/** sbatch could not be run or refused a job (exit 1 in the CLI: the submission failed, the input was fine). */
export class SlurmSubmitError extends Error {
  readonly exitCode = 1;
  constructor(message: string) {
    super(message);
    this.name = 'SlurmSubmitError';
  }
}

/** Largest array size accepted (Slurm's default MaxArraySize is 1001: indices 0–1000). */
export const MAX_ARRAY = 1000;

const TIME_RE =
  /^(?:\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d{1,2}|\d+-\d{1,2}:\d{1,2}|\d+-\d{1,2}:\d{1,2}:\d{1,2}|UNLIMITED|INFINITE)$/i;

/** Check a Slurm time limit (`--time`): minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS. */
export function checkSlurmTime(time: string): void {
  if (!TIME_RE.test(time)) {
    throw new SlurmError(
      `--time must be a Slurm time limit (minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS, e.g. 4:00:00), got '${time}'`,
    );
  }
}

/** Check a partition name (or a comma-separated list of them). */
export function checkPartition(partition: string): void {
  if (!/^[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*$/.test(partition)) {
    throw new SlurmError(
      `--partition must be a partition name (letters, digits, _ . -; a list with commas), got '${partition}'`,
    );
  }
}

/** Check the array size against the number of tasks of the sweep. */
export function checkArraySize(n: number, tasks: number): void {
  const hi = Math.min(MAX_ARRAY, tasks);
  if (!Number.isInteger(n) || n < 1 || n > hi) {
    throw new SlurmError(
      `--array must be an integer in [1, ${hi}] (one shard per array task; the sweep has ${tasks} tasks), got ${n}`,
    );
  }
}

/** Slurm's array index list for 0-based indices: [0,1,2,5,7,8] → '0-2,5,7-8'. */
export function arrayIndexSpec(indices: readonly number[]): string {
  const xs = [...new Set(indices)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < xs.length;) {
    let j = i;
    while (j + 1 < xs.length && xs[j + 1] === xs[j] + 1) j++;
    parts.push(i === j ? `${xs[i]}` : `${xs[i]}-${xs[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/**
 * The shards (1-based) of an n-way split that still miss tasks, given the finished records
 * of the whole sweep (any shard's file).
 */
export function incompleteShards(config: SweepConfig, n: number, records: readonly TaskRecord[]): number[] {
  const done = new Set(records.filter((r) => r.drop < config.drops).map(taskKey));
  const out: number[] = [];
  for (let i = 1; i <= n; i++) {
    const shard: Shard = { index: i, count: n };
    if (!sweepTasks(config, shard).every((t) => done.has(taskKey(t)))) out.push(i);
  }
  return out;
}

/** Quote a string for bash (single quotes). */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** What the two job scripts need to know. */
export interface SlurmJobSpec {
  /** Sweep id (run directory name). */
  id: string;
  /** Project root (the jobs cd here). */
  root: string;
  /** Folder holding run directories (absolute). */
  runsDir: string;
  /** Folder of the scripts, logs and config copy (absolute), normally <run dir>/slurm. */
  slurmDir: string;
  /** The sweep configuration copy the jobs read (absolute). */
  configPath: string;
  /** Drops of the sweep (the merge checks all are there). */
  drops: number;
  /** Number of shards N (= array tasks when every shard runs). */
  shards: number;
  /** 1-based shards to run (all of 1..N on a first submission; the incomplete ones on a resubmission). */
  run: number[];
  /** Worker threads per array task (= --cpus-per-task). */
  workers: number;
  partition?: string;
  time?: string;
  /** Node.js executable (absolute path of the submitting node; `node` from PATH when absent on the compute node). */
  node: string;
  /** startedMs of dist/BUILD.json at submission, checked by the jobs; null skips the check. */
  buildStamp: number | null;
}

function header(lines: string[], spec: SlurmJobSpec): string[] {
  if (spec.partition) lines.push(`#SBATCH --partition=${spec.partition}`);
  if (spec.time) lines.push(`#SBATCH --time=${spec.time}`);
  return lines;
}

function prelude(spec: SlurmJobSpec): string[] {
  const q = shellQuote;
  const lines = ['set -euo pipefail', `cd ${q(spec.root)}`, `NODE=${q(spec.node)}`, '[ -x "$NODE" ] || NODE=node'];
  if (spec.buildStamp !== null) {
    lines.push(
      `if ! grep -q '"startedMs": ${spec.buildStamp}[^0-9]' dist/BUILD.json 2>/dev/null; then`,
      `  echo "msms: dist/ is not the build this job was submitted with (rebuilt or removed since); resubmit the sweep (finished tasks are kept)" >&2`,
      '  exit 1',
      'fi',
    );
  }
  return lines;
}

/** The sbatch array script: task a computes shard a+1 of N. */
export function arrayScript(spec: SlurmJobSpec): string {
  const q = shellQuote;
  const indices = arrayIndexSpec(spec.run.map((s) => s - 1));
  const lines = header(
    [
      '#!/bin/bash',
      `# msms sweep ${spec.id}: shard $((SLURM_ARRAY_TASK_ID+1)) of ${spec.shards} per array task.`,
      '# Written by `msms sweep … --slurm`; resubmitting that command resumes (finished tasks are kept).',
      `#SBATCH --job-name=msms-${spec.id}`,
      `#SBATCH --array=${indices}`,
      '#SBATCH --ntasks=1',
      `#SBATCH --cpus-per-task=${spec.workers}`,
      `#SBATCH --output=${spec.slurmDir}/array-%A_%a.out`,
    ],
    spec,
  );
  lines.push(
    ...prelude(spec),
    '# exec: scancel / the time limit send SIGTERM to msms itself, which stops its workers and keeps every finished task',
    `exec "$NODE" dist/bin/msms-main.js sweep --config ${q(spec.configPath)} --id ${q(spec.id)} \\`,
    `  --runs-dir ${q(spec.runsDir)} --shard "$((SLURM_ARRAY_TASK_ID + 1))/${spec.shards}" \\`,
    `  --workers "\${SLURM_CPUS_PER_TASK:-${spec.workers}}" --no-progress`,
  );
  return lines.join('\n') + '\n';
}

/** The merge script (submitted with --dependency=afterany:<array job>). */
export function mergeScript(spec: SlurmJobSpec): string {
  const q = shellQuote;
  const lines = header(
    [
      '#!/bin/bash',
      `# msms sweep ${spec.id}: merge the ${spec.shards} shards and write results.csv / summary.csv.`,
      '# Submitted with --dependency=afterany:<array job>: runs when every array task has ended;',
      '# fails with the list of missing tasks when a shard did not finish (see msms status).',
      `#SBATCH --job-name=msms-${spec.id}-merge`,
      '#SBATCH --ntasks=1',
      '#SBATCH --cpus-per-task=1',
      `#SBATCH --output=${spec.slurmDir}/merge-%j.out`,
    ],
    spec,
  );
  lines.push(
    ...prelude(spec),
    `exec "$NODE" dist/bin/msms-main.js merge --dir ${q(`${spec.runsDir}/${spec.id}`)} --drops ${spec.drops}`,
  );
  return lines.join('\n') + '\n';
}

/** argv of the two sbatch calls; `<array job>` stands for the first one's job id. */
export function sbatchCommands(arrayPath: string, mergePath: string, arrayJob = '<array job>'): string[][] {
  return [
    ['sbatch', '--parsable', arrayPath],
    ['sbatch', '--parsable', `--dependency=afterany:${arrayJob}`, mergePath],
  ];
}

/** Job id from `sbatch --parsable` output ('123' or '123;cluster'). */
export function parseSbatchJobId(stdout: string): string {
  const line = stdout.trim().split('\n').pop() ?? '';
  const id = line.split(';')[0].trim();
  if (!/^\d+$/.test(id)) throw new SlurmSubmitError(`sbatch did not print a job id (got '${stdout.trim()}')`);
  return id;
}

/** One submission, recorded in <slurm dir>/jobs.json (newest last). */
export interface SlurmSubmission {
  submitted: string;
  arrayJob: string;
  mergeJob: string | null;
  shards: number;
  run: number[];
  drops: number;
  workers: number;
  partition?: string;
  time?: string;
}

/** A command runner (spawnSync-like), injectable for tests. */
export type CommandRunner = (cmd: string, args: string[]) => { status: number | null; stdout: string; stderr: string };

/**
 * Submit the array, then the merge depending on it. Returns both job ids; a failed merge
 * submission leaves the array running (mergeJob null, `mergeError` set).
 */
export function submitSlurm(
  arrayPath: string,
  mergePath: string,
  run: CommandRunner,
): { arrayJob: string; mergeJob: string | null; mergeError?: string } {
  const [a] = sbatchCommands(arrayPath, mergePath);
  const r1 = run(a[0], a.slice(1));
  if (r1.status === null) {
    throw new SlurmSubmitError(
      `could not run sbatch (${r1.stderr.trim() || 'not found'}): submit from a Slurm login node, or write the scripts with --dry-run`,
    );
  }
  if (r1.status !== 0) {
    throw new SlurmSubmitError(`sbatch refused the array job: ${(r1.stderr || r1.stdout).trim().split('\n')[0]}`);
  }
  const arrayJob = parseSbatchJobId(r1.stdout);
  const [, m] = sbatchCommands(arrayPath, mergePath, arrayJob);
  const r2 = run(m[0], m.slice(1));
  if (r2.status !== 0) {
    return { arrayJob, mergeJob: null, mergeError: (r2.stderr || r2.stdout).trim().split('\n')[0] };
  }
  return { arrayJob, mergeJob: parseSbatchJobId(r2.stdout) };
}
