/**
 * `msms sweep --slurm` on a real Slurm: scripts/slurm/cluster.sh starts a private one-node
 * cluster from Debian's slurm-wlm and munge (own key, socket, slurm.conf, ports; as root),
 * a small sweep of the real pipeline is submitted as a 4-task array plus the merge job, and:
 *  - each array task computed exactly its shard: tasks-<a+1>of4.jsonl holds the tasks of
 *    shard a+1 (Slurm's $SLURM_ARRAY_TASK_ID mapped to --shard a+1/4), and its log says it
 *    computed that many;
 *  - the merge job started only after every array task had ended (scontrol's times) and
 *    wrote the tables, equal (timing columns aside) to a one-process run's;
 *  - `msms status` reports 12/12 tasks, every shard done, tables written;
 *  - stopping the cluster leaves none of its daemons (pids from their pid files) running.
 * No skip: when Slurm is missing or does not start, this fails with the reason (npm run
 * setup installs the packages).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SweepConfig, sweepTasks, taskKey } from '../../lib/experiments/config.js';
import { MSMS, ROOT, ensureBuild, tableWithoutTimings, tinySweep, waitFor } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'msms-slurm-'));
const clusterDir = join(dir, 'cluster');
const CLUSTER = join(ROOT, 'scripts', 'slurm', 'cluster.sh');
const env = { ...process.env, SLURM_CONF: join(clusterDir, 'slurm.conf') };
const config = tinySweep(6) as SweepConfig; // 2 points × 6 drops = 12 tasks
const cfg = join(dir, 'tiny.json');
writeFileSync(cfg, JSON.stringify(config));
let daemons: number[] = [];

function slurm(cmd: string, ...args: string[]) {
  return spawnSync(cmd, args, { env, encoding: 'utf8' });
}

beforeAll(() => {
  ensureBuild();
  const r = spawnSync('bash', [CLUSTER, 'start', clusterDir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the one-node Slurm cluster did not start:\n${r.stdout}${r.stderr}`);
  daemons = ['munged', 'slurmctld', 'slurmd'].map((d) => Number(readFileSync(join(clusterDir, `${d}.pid`), 'utf8')));
});

afterAll(() => {
  const r = spawnSync('bash', [CLUSTER, 'stop', clusterDir], { encoding: 'utf8' });
  const alive = daemons.filter((pid) => existsSync(`/proc/${pid}`));
  rmSync(dir, { recursive: true, force: true });
  expect(r.status, `cluster.sh stop: ${r.stdout}${r.stderr}`).toBe(0);
  expect(alive).toEqual([]);
});

/** Fields of `scontrol show job ID` (while Slurm still remembers the job). */
function jobInfo(id: string): Record<string, string> {
  const r = slurm('scontrol', 'show', 'job', '-o', id);
  const out: Record<string, string> = {};
  for (const line of r.stdout.trim().split('\n'))
    for (const m of line.matchAll(/(\w+)=(\S*)/g)) if (!(m[1] in out)) out[m[1]] = m[2];
  return out;
}

describe('msms sweep --slurm on a one-node Slurm cluster', () => {
  it('runs the sweep as a 4-task array plus the merge, and the merged tables equal a one-process run', async () => {
    const local = spawnSync(
      process.execPath,
      [
        MSMS,
        'sweep',
        '--config',
        cfg,
        '--runs-dir',
        join(dir, 'local'),
        '--id',
        'one',
        '--workers',
        '1',
        '--no-progress',
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(local.status, local.stderr).toBe(0);

    const runs = join(dir, 'runs');
    const sub = spawnSync(
      process.execPath,
      [MSMS, 'sweep', '--config', cfg, '--runs-dir', runs, '--id', 'cl', '--slurm', '--array', '4', '--time', '5'],
      { cwd: ROOT, env, encoding: 'utf8' },
    );
    expect(sub.status, `${sub.stdout}${sub.stderr}`).toBe(0);
    const arrayJob = /submitted array job (\d+) \(4 shard\(s\), 1 CPU\(s\) each\)/.exec(sub.stdout)?.[1];
    const mergeJob = /merge job (\d+) runs after it \(afterany\)/.exec(sub.stdout)?.[1];
    expect(arrayJob && mergeJob, sub.stdout).toBeTruthy();

    const run = join(runs, 'cl');
    const queueEmpty = () => slurm('squeue', '-h', '-j', `${arrayJob},${mergeJob}`).stdout.trim() === '';
    const done = await waitFor(queueEmpty, 90_000);
    const logs = readdirSync(join(run, 'slurm')).filter((f) => f.endsWith('.out'));
    const logText = logs.map((f) => `--- ${f}\n${readFileSync(join(run, 'slurm', f), 'utf8')}`).join('\n');
    expect(done, `jobs still queued after 90 s:\n${slurm('squeue').stdout}\n${logText}`).toBe(true);

    // one shard per array task: task a wrote exactly the tasks of shard a+1 of 4
    for (let a = 0; a < 4; a++) {
      const file = join(run, `tasks-${a + 1}of4.jsonl`);
      expect(existsSync(file), logText).toBe(true);
      const keys = readFileSync(file, 'utf8')
        .trimEnd()
        .split('\n')
        .map((l) => taskKey(JSON.parse(l)))
        .sort();
      const shardTasks = sweepTasks(config, { index: a + 1, count: 4 });
      expect(keys).toEqual(shardTasks.map(taskKey).sort());
      // its log: it computed that many tasks (the last shard to end also writes the tables)
      const log = readFileSync(join(run, 'slurm', `array-${arrayJob}_${a}.out`), 'utf8');
      expect(log).toContain(`sweep cl: computed ${shardTasks.length}, reused 0,`);
    }
    // the merge ran after every array task had ended
    const arrayEnds = [0, 1, 2, 3].map((a) => Date.parse(jobInfo(`${arrayJob}_${a}`).EndTime));
    const merge = jobInfo(mergeJob as string);
    expect(merge.JobState).toBe('COMPLETED');
    expect(Date.parse(merge.StartTime)).toBeGreaterThanOrEqual(Math.max(...arrayEnds));
    expect(readFileSync(join(run, 'slurm', `merge-${mergeJob}.out`), 'utf8')).toContain('12 tasks (6 drops)');

    for (const t of ['results.csv', 'summary.csv']) {
      expect(tableWithoutTimings(join(run, t))).toEqual(tableWithoutTimings(join(dir, 'local', 'one', t)));
    }

    const status = spawnSync(process.execPath, [MSMS, 'status', run], { cwd: ROOT, env, encoding: 'utf8' });
    expect(status.status, status.stderr).toBe(0);
    expect(status.stdout).toContain('12/12 tasks done (100 %) — 2 points × 6 drops');
    expect(status.stdout.match(/ {2}shard \d\/4 +\d\/\d {2}done/g)?.length).toBe(4);
    expect(status.stdout).toContain(`complete; tables: ${join(run, 'results.csv')}`);
  });
});
