/**
 * `msms status` logic (lib/experiments/status.ts) on run directories written here with
 * chosen finishing times: tasks done of the total and per shard, the ETA from the recent
 * tasks (computed by hand below), running shards from their lock files, and Slurm states
 * from a stand-in for squeue / sacct (running, pending, failed with the log's last line,
 * accounting missing, queue unreachable). The CLI wrapper is exercised in-process at the end.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { type TaskRecord, openRunDir, shardStem } from '../../lib/experiments/checkpoint.js';
import { type SweepConfig, sweepTasks } from '../../lib/experiments/config.js';
import type { CommandRunner, SlurmSubmission } from '../../lib/experiments/slurm.js';
import { formatStatus, recentRate, sweepStatus } from '../../lib/experiments/status.js';
import { main } from '../../lib/cli/index.js';

const tmpDirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'msms-status-'));
  tmpDirs.push(d);
  return d;
}
afterAll(() => tmpDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const config: SweepConfig = {
  name: 'st',
  seed: 1,
  drops: 4,
  base: {},
  grid: { x: [1, 2, 3] },
  schemes: [{ name: 'A' }],
  runner: 'test/experiments/fake-runner.ts',
};
const T0 = Date.parse('2026-12-01T10:00:00Z');

/**
 * A run directory of `config` split in 2 shards: all of shard 1 and the first `shard2`
 * tasks of shard 2 finished, one every 10 s from T0 (shard 1 first).
 */
function runDir(shard2: number): string {
  const dir = join(tmp(), 'st-run');
  openRunDir(dir, 'st-run', config, { kitVersion: 'test', gitCommit: null, runnerVersion: 'fake-1' });
  let k = 0;
  for (const [i, n] of [
    [1, Infinity],
    [2, shard2],
  ]) {
    const lines = sweepTasks(config, { index: i, count: 2 })
      .slice(0, n)
      .map((t): TaskRecord => ({
        point: t.point,
        drop: t.drop,
        params: { x: t.point + 1 },
        schemes: [{ scheme: 'A', metrics: { value: 1 } }],
        finishedAt: new Date(T0 + 10_000 * k++).toISOString(),
      }));
    writeFileSync(
      join(dir, `${shardStem({ index: i, count: 2 })}.jsonl`),
      lines.map((l) => JSON.stringify(l) + '\n').join(''),
    );
  }
  return dir;
}

function submit(dir: string, sub: Partial<SlurmSubmission> = {}): void {
  mkdirSync(join(dir, 'slurm'), { recursive: true });
  const s: SlurmSubmission = {
    submitted: new Date(T0).toISOString(),
    arrayJob: '100',
    mergeJob: '101',
    shards: 2,
    run: [1, 2],
    drops: 4,
    workers: 1,
    ...sub,
  };
  writeFileSync(join(dir, 'slurm', 'jobs.json'), JSON.stringify([s]));
}

/** A stand-in for squeue and sacct answering with the given text (status 0), or failing. */
function slurm(squeue: string | null, sacct: string | null): CommandRunner {
  return (cmd) => {
    const text = cmd === 'squeue' ? squeue : sacct;
    return text === null
      ? { status: 1, stdout: '', stderr: `${cmd}: error: Unable to contact slurm controller` }
      : { status: 0, stdout: text, stderr: '' };
  };
}

describe('throughput', () => {
  it('is tasks per second over the recent tasks', () => {
    const t = Array.from({ length: 10 }, (_, i) => T0 + 1000 * i);
    expect(recentRate(t)).toEqual({ perSecond: 1, tasks: 10 });
    expect(recentRate([T0])).toBeNull();
    expect(recentRate([])).toBeNull();
  });

  it('ignores the tasks before a long pause (a stopped and resumed sweep)', () => {
    const before = [0, 1000, 2000].map((x) => T0 + x);
    const after = [0, 2000, 4000, 6000].map((x) => T0 + 10 * 3600_000 + x);
    expect(recentRate([...after, ...before])).toEqual({ perSecond: 0.5, tasks: 4 });
  });
});

describe('sweepStatus', () => {
  it('counts tasks per shard and computes the ETA from the recent rate', () => {
    const dir = runDir(2); // shard 1: 6 of 6, shard 2: 2 of 6 → 8 of 12, finished at T0 + 0 … 70 s
    const s = sweepStatus(dir, { drops: 4, now: T0 + 80_000 });
    expect([s.done, s.total, s.points, s.drops, s.dropsFrom, s.complete]).toEqual([8, 12, 3, 4, 'option', false]);
    expect(s.shards.map((p) => [p.index, p.done, p.tasks, p.state])).toEqual([
      [1, 6, 6, 'done'],
      [2, 2, 6, 'idle'],
    ]);
    // 8 tasks in 70 s → 7/70 tasks/s; 4 left → 40 s
    expect(s.rate?.tasks).toBe(8);
    expect(s.rate?.perSecond).toBeCloseTo(0.1, 12);
    expect(s.etaSeconds).toBeCloseTo(40, 9);
    expect(s.sinceLastSeconds).toBeCloseTo(10, 9);
    expect(s.active).toBe(false);
    const text = formatStatus(s);
    expect(text).toContain(`sweep st-run (${dir}): 8/12 tasks done (66 %) — 3 points × 4 drops`);
    expect(text).toContain('shard 2/2  2/6  idle');
    expect(text).toContain('6.00 tasks/min over the last 8 tasks; ETA 0:40; last task finished 0:10 ago');
    expect(text).toContain('not running: rerun the same msms sweep command to resume');
  });

  it('says when the total is a guess from the largest drop found', () => {
    const s = sweepStatus(runDir(2), { now: T0 });
    expect(s.dropsFrom).toBe('records');
    expect(s.drops).toBe(4);
    expect(formatStatus(s)).toContain('note: drops assumed from the largest drop found (4); pass --drops D');
  });

  it('shows a shard as running while a live process holds its lock', () => {
    const dir = runDir(3);
    writeFileSync(
      join(dir, 'tasks-2of2.lock'),
      JSON.stringify({ pid: process.pid, host: hostname(), started: '2026-12-01T10:00:00Z' }),
    );
    const s = sweepStatus(dir, { drops: 4, now: T0 });
    expect(s.shards[1]).toMatchObject({
      state: 'running',
      detail: `pid ${process.pid} on ${hostname()} since 2026-12-01T10:00:00Z`,
    });
    expect(s.active).toBe(true);
    // a lock of a dead process on this host is stale: not running
    writeFileSync(join(dir, 'tasks-2of2.lock'), JSON.stringify({ pid: 2 ** 22 + 7, host: hostname(), started: 'x' }));
    expect(sweepStatus(dir, { drops: 4 }).shards[1].state).toBe('idle');
  });

  it('reads Slurm states: running and pending array tasks, the merge waiting on its dependency', () => {
    const dir = runDir(1);
    submit(dir);
    const s = sweepStatus(dir, { run: slurm('100_1|RUNNING|None\n101|PENDING|Dependency\n', '') });
    expect(s.dropsFrom).toBe('slurm');
    expect(s.shards[1]).toMatchObject({ state: 'running', detail: 'Slurm 100_1 running' });
    expect(s.slurm?.mergeState).toBe('pending (Dependency)');
    expect(formatStatus(s)).toContain(
      'Slurm: array job 100 (2 of 2 shards, submitted 2026-12-01T10:00:00.000Z); merge job 101: pending (Dependency)',
    );
    const p = sweepStatus(dir, { run: slurm('100_1|PENDING|Resources\n', '') });
    expect(p.shards[1]).toMatchObject({ state: 'pending', detail: 'Slurm 100_1 pending (Resources)' });
  });

  it('names a failed shard with its accounting state and the last line of its log', () => {
    const dir = runDir(1);
    submit(dir);
    writeFileSync(
      join(dir, 'slurm', 'array-100_1.out'),
      'sweep started\nmsms sweep: task p1/d2 failed: out of memory\n\n',
    );
    const s = sweepStatus(dir, { run: slurm('', '100_0|COMPLETED|0:0\n100_1|FAILED|1:0\n101|COMPLETED|0:0\n') });
    expect(s.shards[1]).toMatchObject({
      state: 'failed',
      detail: 'Slurm 100_1: FAILED, exit 1:0; log: msms sweep: task p1/d2 failed: out of memory',
    });
    const text = formatStatus(s);
    expect(text).toContain('shard 2/2  1/6  FAILED: Slurm 100_1: FAILED, exit 1:0');
    expect(text).toContain('failed shards: 2/2 — resubmit the same msms sweep … --slurm');
    // without accounting (sacct fails) the shard has still left the queue unfinished
    const n = sweepStatus(dir, { run: slurm('', null) });
    expect(n.shards[1].detail).toBe(
      'Slurm 100_1: ended without finishing its tasks; log: msms sweep: task p1/d2 failed: out of memory',
    );
  });

  it('says so when the Slurm queue cannot be reached', () => {
    const dir = runDir(1);
    submit(dir);
    const s = sweepStatus(dir, { run: slurm(null, null) });
    expect(s.shards[1].state).toBe('idle');
    expect(s.notes).toContain(
      'Slurm queue not reachable (squeue: squeue: error: Unable to contact slurm controller): job states unknown',
    );
  });

  it('reports a complete sweep and whether its tables are written', () => {
    const dir = runDir(6);
    const s = sweepStatus(dir, { drops: 4 });
    expect([s.complete, s.tablesWritten, s.etaSeconds]).toEqual([true, false, 0]);
    expect(formatStatus(s)).toContain(`complete; tables not written yet: msms merge --dir ${dir}`);
  });
});

describe('msms status', () => {
  async function msms(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
    try {
      const code = await main(argv, join(process.cwd(), 'lib', 'cli', 'commands'));
      return { code, out: out.join('\n'), err: err.join('\n') };
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  }

  it('reports a run given by directory or by id, as text or JSON', async () => {
    const dir = runDir(2);
    const a = await msms('status', dir, '--drops', '4');
    expect(a.code).toBe(0);
    expect(a.out).toContain('8/12 tasks done');
    const b = await msms('status', '--runs-dir', join(dir, '..'), 'st-run', '--json');
    expect(b.code).toBe(0);
    expect(JSON.parse(b.out)).toMatchObject({ id: 'st-run', done: 8, total: 12, dropsFrom: 'records' });
  });

  it.each([
    [['status'], 'msms status: give one run: msms status data/runs/<id> (or a sweep id under --runs-dir)'],
    [['status', '/nonexistent/run'], 'msms status: /nonexistent/run is neither a sweep directory nor a sweep id in'],
    [['status', 'a', 'b'], 'msms status: give one run'],
  ])('%j fails with one clear line', async (argv, message) => {
    const r = await msms(...argv);
    expect(r.code).toBe(2);
    expect(r.err.startsWith(message)).toBe(true);
  });
});
