/**
 * Slurm job generation (lib/experiments/slurm.ts): option checks with their messages, the
 * array index list, the shards still to run, and the generated scripts executed by bash
 * with a stand-in `node` that records its arguments — so the shard arithmetic
 * $((SLURM_ARRAY_TASK_ID+1))/N, the CPU count and the build-stamp guard are checked by the
 * shell that will run them, not by reading the text. Submission order and the afterany
 * dependency are checked with a recording command runner. (The real cluster run is
 * test/cluster/slurm.test.ts.)
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TaskRecord } from '../../lib/experiments/checkpoint.js';
import { type SweepConfig, sweepTasks } from '../../lib/experiments/config.js';
import {
  type CommandRunner,
  SlurmError,
  type SlurmJobSpec,
  arrayIndexSpec,
  arrayScript,
  checkArraySize,
  checkPartition,
  checkSlurmTime,
  incompleteShards,
  mergeScript,
  parseSbatchJobId,
  shellQuote,
  submitSlurm,
} from '../../lib/experiments/slurm.js';

const tmp = mkdtempSync(join(tmpdir(), 'msms-slurm-unit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const config: SweepConfig = {
  name: 'u',
  seed: 1,
  drops: 5,
  base: {},
  grid: { x: [1, 2, 3] },
  schemes: [{ name: 'A' }],
};

function record(point: number, drop: number): TaskRecord {
  return { point, drop, params: { x: point + 1 }, schemes: [{ scheme: 'A', metrics: {} }], finishedAt: '' };
}

describe('Slurm options', () => {
  it.each(['90', '30:00', '4:00:00', '2-12', '2-12:30', '1-00:00:00', 'UNLIMITED'])('accepts --time %s', (t) => {
    expect(() => checkSlurmTime(t)).not.toThrow();
  });
  it.each(['', '4h', '1:2:3:4', '-5', '1-', 'abc'])('rejects --time %j with the allowed forms', (t) => {
    expect(() => checkSlurmTime(t)).toThrow(
      `--time must be a Slurm time limit (minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS, e.g. 4:00:00), got '${t}'`,
    );
  });
  it('checks partitions and the array size', () => {
    expect(() => checkPartition('gpu,long')).not.toThrow();
    expect(() => checkPartition('a b')).toThrow(
      "--partition must be a partition name (letters, digits, _ . -; a list with commas), got 'a b'",
    );
    expect(() => checkArraySize(4, 15)).not.toThrow();
    expect(() => checkArraySize(16, 15)).toThrow(
      '--array must be an integer in [1, 15] (one shard per array task; the sweep has 15 tasks), got 16',
    );
    expect(() => checkArraySize(1001, 1e6)).toThrow('--array must be an integer in [1, 1000]');
    expect(new SlurmError('x')).toBeInstanceOf(Error);
  });
});

describe('array indices and shards', () => {
  it('compresses index lists into Slurm ranges', () => {
    expect(arrayIndexSpec([0, 1, 2, 3])).toBe('0-3');
    expect(arrayIndexSpec([5, 0, 2, 1, 7, 8])).toBe('0-2,5,7-8');
    expect(arrayIndexSpec([4])).toBe('4');
  });

  it('lists the shards that still miss tasks', () => {
    // 15 tasks over 4 shards; finish all of shard 2 and part of shard 3
    const s2 = sweepTasks(config, { index: 2, count: 4 }).map((t) => record(t.point, t.drop));
    const s3 = sweepTasks(config, { index: 3, count: 4 })
      .slice(0, 1)
      .map((t) => record(t.point, t.drop));
    expect(incompleteShards(config, 4, [])).toEqual([1, 2, 3, 4]);
    expect(incompleteShards(config, 4, [...s2, ...s3])).toEqual([1, 3, 4]);
    const all = sweepTasks(config).map((t) => record(t.point, t.drop));
    expect(incompleteShards(config, 4, all)).toEqual([]);
    // a task with a drop beyond the sweep does not count
    expect(incompleteShards({ ...config, drops: 6 }, 1, all)).toEqual([1]);
  });

  it('quotes strings so that bash reads them back unchanged', () => {
    for (const s of ['plain/path.json', "it's here", 'a b  c', '$HOME `x` "q"', 'ü;|&']) {
      const r = spawnSync('bash', ['-c', `printf %s ${shellQuote(s)}`], { encoding: 'utf8' });
      expect(r.stdout).toBe(s);
    }
  });
});

describe('job scripts', () => {
  const root = join(tmp, 'kit root');
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(join(root, 'dist', 'BUILD.json'), JSON.stringify({ startedMs: 1234567, built: 'x' }, null, 2));
  const argsLog = join(tmp, 'node-args.txt');
  const fakeNode = join(tmp, 'fake-node');
  writeFileSync(fakeNode, `#!/bin/bash\nprintf '%s\\n' "$PWD" "$@" > ${shellQuote(argsLog)}\n`);
  chmodSync(fakeNode, 0o755);
  const spec: SlurmJobSpec = {
    id: 'fig2-abc',
    root,
    runsDir: join(tmp, 'runs'),
    slurmDir: join(tmp, 'runs', 'fig2-abc', 'slurm'),
    configPath: join(tmp, 'runs', 'fig2-abc', 'slurm', 'config.json'),
    drops: 5,
    shards: 4,
    run: [1, 2, 3, 4],
    workers: 2,
    partition: 'short',
    time: '1:00:00',
    node: fakeNode,
    buildStamp: 1234567,
  };

  /** Run a generated script as Slurm would (bash, with the array variables); returns its outcome and the recorded argv. */
  function runScript(text: string, env: Record<string, string>) {
    const path = join(tmp, 'job.sh');
    writeFileSync(path, text);
    rmSync(argsLog, { force: true });
    const r = spawnSync('bash', [path], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });
    let argv: string[] = [];
    try {
      argv = readFileSync(argsLog, 'utf8').trimEnd().split('\n');
    } catch {
      // node never started
    }
    return { status: r.status, stderr: r.stderr, argv };
  }

  it('array task a runs shard a+1 of N with the CPUs Slurm gave it, from the kit root', () => {
    const text = arrayScript(spec);
    expect(text).toContain('#SBATCH --array=0-3\n');
    expect(text).toContain('#SBATCH --cpus-per-task=2\n');
    expect(text).toContain('#SBATCH --partition=short\n');
    expect(text).toContain('#SBATCH --time=1:00:00\n');
    expect(text).toContain(`#SBATCH --output=${spec.slurmDir}/array-%A_%a.out\n`);
    const r = runScript(text, { SLURM_ARRAY_TASK_ID: '2', SLURM_CPUS_PER_TASK: '3' });
    expect(r.status).toBe(0);
    expect(r.argv).toEqual([
      root,
      'dist/bin/msms-main.js',
      'sweep',
      '--config',
      spec.configPath,
      '--id',
      'fig2-abc',
      '--runs-dir',
      spec.runsDir,
      '--shard',
      '3/4',
      '--workers',
      '3',
      '--no-progress',
    ]);
    // without SLURM_CPUS_PER_TASK the submitted worker count is used
    expect(runScript(text, { SLURM_ARRAY_TASK_ID: '0' }).argv.slice(10, 13)).toEqual(['1/4', '--workers', '2']);
  });

  it('a resubmission runs only the given shards; no partition/time lines unless asked', () => {
    const text = arrayScript({ ...spec, run: [2, 4], partition: undefined, time: undefined });
    expect(text).toContain('#SBATCH --array=1,3\n');
    expect(text).not.toContain('--partition');
    expect(text).not.toContain('--time');
  });

  it('refuses to run when dist/ is not the build it was submitted with', () => {
    const r = runScript(arrayScript({ ...spec, buildStamp: 1234 }), { SLURM_ARRAY_TASK_ID: '0' });
    expect(r.status).toBe(1);
    expect(r.argv).toEqual([]);
    expect(r.stderr).toContain('msms: dist/ is not the build this job was submitted with');
  });

  it('the merge job merges the run directory with the sweep drops', () => {
    const text = mergeScript(spec);
    expect(text).toContain('#SBATCH --cpus-per-task=1\n');
    expect(text).toContain(`#SBATCH --output=${spec.slurmDir}/merge-%j.out\n`);
    const r = runScript(text, {});
    expect(r.status).toBe(0);
    expect(r.argv).toEqual([
      root,
      'dist/bin/msms-main.js',
      'merge',
      '--dir',
      join(spec.runsDir, 'fig2-abc'),
      '--drops',
      '5',
    ]);
  });
});

describe('submission', () => {
  it('reads job ids from sbatch --parsable', () => {
    expect(parseSbatchJobId('1234\n')).toBe('1234');
    expect(parseSbatchJobId('77;cluster2\n')).toBe('77');
    expect(() => parseSbatchJobId('sbatch: error')).toThrow("sbatch did not print a job id (got 'sbatch: error')");
  });

  it('submits the array, then the merge with afterany on the array job', () => {
    const calls: string[][] = [];
    const run: CommandRunner = (cmd, args) => {
      calls.push([cmd, ...args]);
      return { status: 0, stdout: calls.length === 1 ? '501\n' : '502\n', stderr: '' };
    };
    expect(submitSlurm('/r/array.sbatch', '/r/merge.sbatch', run)).toEqual({ arrayJob: '501', mergeJob: '502' });
    expect(calls).toEqual([
      ['sbatch', '--parsable', '/r/array.sbatch'],
      ['sbatch', '--parsable', '--dependency=afterany:501', '/r/merge.sbatch'],
    ]);
  });

  it('reports a refused array job in one line, and keeps the array when only the merge fails', () => {
    const refuse: CommandRunner = () => ({ status: 1, stdout: '', stderr: 'sbatch: error: invalid partition\nmore' });
    expect(() => submitSlurm('a', 'm', refuse)).toThrow(
      'sbatch refused the array job: sbatch: error: invalid partition',
    );
    const missing: CommandRunner = () => ({ status: null, stdout: '', stderr: 'spawnSync sbatch ENOENT' });
    expect(() => submitSlurm('a', 'm', missing)).toThrow(
      'could not run sbatch (spawnSync sbatch ENOENT): submit from a Slurm login node, or write the scripts with --dry-run',
    );
    let n = 0;
    const mergeFails: CommandRunner = () =>
      ++n === 1 ? { status: 0, stdout: '9', stderr: '' } : { status: 1, stdout: '', stderr: 'QOS limit' };
    expect(submitSlurm('a', 'm', mergeFails)).toEqual({ arrayJob: '9', mergeJob: null, mergeError: 'QOS limit' });
  });
});
