/**
 * `msms sweep … --slurm`: write the array + merge scripts of a sweep (lib/experiments/slurm.ts)
 * into <run dir>/slurm/ and submit them with sbatch, or, with --dry-run, print them and the
 * sbatch commands without submitting. The sweep is validated here first (configuration,
 * every point, the runner), so a mistake fails at once instead of in N queued jobs.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { openRunDir, readManifest, readRecords } from '../experiments/checkpoint.js';
import { type SweepConfig, defaultSweepId, sweepHash } from '../experiments/config.js';
import { prepareSweep } from '../experiments/engine.js';
import { gitCommit, kitVersion } from '../experiments/provenance.js';
import {
  type CommandRunner,
  SlurmError,
  type SlurmJobSpec,
  type SlurmSubmission,
  arrayScript,
  checkArraySize,
  checkPartition,
  checkSlurmTime,
  incompleteShards,
  mergeScript,
  sbatchCommands,
  shellQuote,
  submitSlurm,
} from '../experiments/slurm.js';
import { readSubmissions } from '../experiments/status.js';
import { type ParsedOptions, UsageError } from './args.js';

/** Options of `msms sweep` that only make sense with --slurm. */
const SLURM_ONLY = ['array', 'partition', 'time', 'dry-run'] as const;

/** True when `msms sweep` was asked for --slurm; UsageError for a Slurm option without it. */
export function slurmRequested(o: ParsedOptions): boolean {
  if (o.slurm === true) {
    if (o.shard !== undefined || o['stop-after'] !== undefined)
      throw new UsageError('--slurm picks the shards itself; drop --shard / --stop-after');
    return true;
  }
  for (const k of SLURM_ONLY) if (o[k] !== undefined && o[k] !== false) throw new UsageError(`--${k} needs --slurm`);
  return false;
}

/** `msms sweep … --slurm` with the parsed options of the sweep command. */
export function slurmSweepCommand(config: SweepConfig, o: ParsedOptions, root: string): Promise<void> {
  const str = (x: unknown) => (x === undefined ? undefined : String(x));
  const num = (x: unknown) => (x === undefined ? undefined : Number(x));
  return slurmSweep(
    config,
    {
      array: num(o.array),
      partition: str(o.partition),
      time: str(o.time),
      dryRun: o['dry-run'] === true,
      workers: num(o.workers),
      id: str(o.id),
      runsDir: str(o['runs-dir']),
      fresh: o.fresh === true,
    },
    root,
    (line) => console.log(line),
  );
}

/** Options of a Slurm submission (from `msms sweep`). */
export interface SlurmSweepOptions {
  /** Array tasks = shards (default min(8, tasks)). */
  array?: number;
  partition?: string;
  time?: string;
  dryRun: boolean;
  /** Worker threads (and CPUs) per array task (default 1). */
  workers?: number;
  id?: string;
  runsDir?: string;
  fresh: boolean;
}

/** spawnSync as a CommandRunner. */
export const runCommand: CommandRunner = (cmd, args) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) return { status: null, stdout: '', stderr: r.error.message };
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

/** Build stamp of dist/ (startedMs of dist/BUILD.json), or null when there is no build. */
function buildStamp(root: string): number | null {
  try {
    const s = JSON.parse(readFileSync(join(root, 'dist', 'BUILD.json'), 'utf8')) as { startedMs?: number };
    return typeof s.startedMs === 'number' ? s.startedMs : null;
  } catch {
    return null;
  }
}

/** Prepare, write and submit (or print) the Slurm jobs of `config`; `out` gets the lines to print. */
export async function slurmSweep(
  config: SweepConfig,
  opts: SlurmSweepOptions,
  root: string,
  out: (line: string) => void,
  run: CommandRunner = runCommand,
): Promise<void> {
  if (opts.partition !== undefined) checkPartition(opts.partition);
  if (opts.time !== undefined) checkSlurmTime(opts.time);
  const { runner, points } = await prepareSweep(config, root);
  const total = points.length * config.drops;
  const shards = opts.array ?? Math.min(8, total);
  checkArraySize(shards, total);
  const workers = opts.workers ?? 1;
  if (workers < 1) throw new SlurmError('--workers must be ≥ 1 with --slurm (worker threads = CPUs per array task)');
  const id = opts.id ?? defaultSweepId(config);
  const runsDir = resolve(opts.runsDir ?? join(root, 'data', 'runs'));
  const dir = join(runsDir, id);
  const slurmDir = join(dir, 'slurm');
  if (/\s/.test(slurmDir))
    throw new SlurmError(
      `the run directory ${dir} contains white space, which #SBATCH lines cannot hold; use --runs-dir`,
    );
  const stamp = buildStamp(root);
  if (stamp === null && !opts.dryRun) {
    throw new SlurmError(`${join(root, 'dist')} holds no compiled build, which the jobs run: run npm run build first`);
  }

  if (!opts.dryRun) {
    // the run directory and its sweep.json exist before any shard starts (no race between shards)
    const prov = { kitVersion: kitVersion(root), gitCommit: gitCommit(root), runnerVersion: runner.version ?? '' };
    openRunDir(dir, id, config, prov, opts.fresh).warnings.forEach((w) => out(`note: ${w}`));
  }
  let records: ReturnType<typeof readRecords> = [];
  if (existsSync(join(dir, 'sweep.json'))) {
    // (a dry run has not checked the directory against this configuration yet)
    const m = readManifest(dir);
    if (m.hash !== sweepHash(config))
      throw new SlurmError(`${dir} holds sweep '${m.id}' with a different configuration; use another --id, or --fresh`);
    records = readRecords(dir);
  }
  const todo = incompleteShards(config, shards, records);
  if (todo.length === 0) {
    out(
      `sweep ${id}: all ${total} tasks are done, nothing to submit; tables: msms merge --dir ${dir} --drops ${config.drops}`,
    );
    return;
  }

  mkdirSync(slurmDir, { recursive: true });
  const configPath = join(slurmDir, 'config.json');
  const spec: SlurmJobSpec = {
    id,
    root: resolve(root),
    runsDir,
    slurmDir,
    configPath,
    drops: config.drops,
    shards,
    run: todo,
    workers,
    partition: opts.partition,
    time: opts.time,
    node: process.execPath,
    buildStamp: stamp,
  };
  const arrayPath = join(slurmDir, 'array.sbatch');
  const mergePath = join(slurmDir, 'merge.sbatch');
  writeFileSync(configPath, JSON.stringify(config, null, 2) + '\n');
  writeFileSync(arrayPath, arrayScript(spec));
  writeFileSync(mergePath, mergeScript(spec));
  chmodSync(arrayPath, 0o755);
  chmodSync(mergePath, 0o755);
  const what = `${todo.length === shards ? shards : `${todo.length} of ${shards}`} shard(s), ${workers} CPU(s) each`;

  if (opts.dryRun) {
    out(`# ${arrayPath}`);
    out(readFileSync(arrayPath, 'utf8'));
    out(`# ${mergePath}`);
    out(readFileSync(mergePath, 'utf8'));
    out(`# dry run: nothing submitted (${what}). To submit by hand:`);
    const [a, m] = sbatchCommands(arrayPath, mergePath, '$jid');
    out(`jid=$(${a.map(shellQuote).join(' ')})`);
    out(m.map((x) => (x.includes('$jid') ? x : shellQuote(x))).join(' '));
    if (stamp === null) out('# note: dist/ is not built; run npm run build before submitting');
    return;
  }

  const jobs = submitSlurm(arrayPath, mergePath, run);
  const sub: SlurmSubmission = {
    submitted: new Date().toISOString(),
    arrayJob: jobs.arrayJob,
    mergeJob: jobs.mergeJob,
    shards,
    run: todo,
    drops: config.drops,
    workers,
    ...(opts.partition ? { partition: opts.partition } : {}),
    ...(opts.time ? { time: opts.time } : {}),
  };
  writeFileSync(join(slurmDir, 'jobs.json'), JSON.stringify([...readSubmissions(dir), sub], null, 2) + '\n');
  out(`sweep ${id}: submitted array job ${jobs.arrayJob} (${what}) → ${dir}`);
  if (jobs.mergeJob) out(`merge job ${jobs.mergeJob} runs after it (afterany) and writes results.csv / summary.csv`);
  else
    out(
      `the merge job was not submitted (${jobs.mergeError}); when the array is done: msms merge --dir ${dir} --drops ${config.drops}`,
    );
  out(`progress: msms status ${isAbsolute(dir) ? dir : resolve(dir)}`);
}
