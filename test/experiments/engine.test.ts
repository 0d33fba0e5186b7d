/**
 * Sweep engine (lib/experiments/engine.ts, checkpoint.ts, merge.ts) against the test
 * double test/experiments/fake-runner.ts: parallel = serial to the last bit; an
 * interrupted sweep (stopAfter, and a real SIGKILL of the CLI) resumes without losing or
 * recomputing a finished task; shards + merge = one run; bad configs fail clearly.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CheckpointError, type TaskRecord, metricsOnly, readRecords } from '../../lib/experiments/checkpoint.js';
import {
  ConfigError,
  type SweepConfig,
  expandPoints,
  parseShard,
  schemesAt,
  sweepTasks,
  taskKey,
  validateSweepConfig,
} from '../../lib/experiments/config.js';
import { SweepTaskError, runSweep } from '../../lib/experiments/engine.js';
import { mergeSweep } from '../../lib/experiments/merge.js';

const ROOT = process.cwd();
const tmpDirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'msms-sweep-'));
  tmpDirs.push(d);
  return d;
}
afterAll(() => tmpDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function fakeConfig(over: Partial<SweepConfig> = {}): SweepConfig {
  return {
    name: 'fake',
    seed: 42,
    drops: 5,
    base: { spinMs: 0 },
    grid: { x: [1, 2, 3] },
    schemes: [{ name: 'A' }, { name: 'B', when: { x: [2, 3] } }],
    runner: 'test/experiments/fake-runner.ts',
    ...over,
  };
}

/** The comparable content of a run: task keys with their non-timing metrics. */
function numbers(records: TaskRecord[]): string {
  return JSON.stringify(records.map((r) => [taskKey(r), r.params, metricsOnly(r)]));
}

const quiet = { progress: false, log: () => undefined } as const;

describe('sweep configuration', () => {
  it('expands the grid with the first key slowest and filters schemes by when', () => {
    const c = fakeConfig({ grid: { x: [1, 2], y: [7, 8, 9] } });
    const pts = expandPoints(c);
    expect(pts.map((p) => [p.x, p.y])).toEqual([
      [1, 7],
      [1, 8],
      [1, 9],
      [2, 7],
      [2, 8],
      [2, 9],
    ]);
    expect(pts.every((p) => p.spinMs === 0)).toBe(true);
    expect(schemesAt(c, pts[0]).map((s) => s.name)).toEqual(['A']);
    expect(schemesAt(c, pts[4]).map((s) => s.name)).toEqual(['A', 'B']);
  });

  it('drops grid combinations that violate constraints', () => {
    const c = fakeConfig({ grid: { Mk: [1, 2, 3], Sk: [1, 2, 3] }, constraints: ['Mk<=Sk'], schemes: [{ name: 'A' }] });
    expect(expandPoints(c).map((p) => [p.Mk, p.Sk])).toEqual([
      [1, 1],
      [1, 2],
      [1, 3],
      [2, 2],
      [2, 3],
      [3, 3],
    ]);
    expect(expandPoints({ ...c, constraints: ['Sk > 2', 'Mk != 3'] }).map((p) => [p.Mk, p.Sk])).toEqual([
      [1, 3],
      [2, 3],
    ]);
    expect(() => validateSweepConfig({ ...c, constraints: ['Mk<=Zk'] })).toThrow(
      new ConfigError("constraints[0]: 'Zk' is not a parameter of this sweep"),
    );
    expect(() => validateSweepConfig({ ...c, constraints: ['Mk =< Sk'] })).toThrow(
      new ConfigError(
        "constraints[0] must look like 'Mk<=Sk' (<param> <op> <param|number>, op in <= < >= > == !=), got 'Mk =< Sk'",
      ),
    );
    expect(() => validateSweepConfig({ ...c, constraints: ['Mk>5'] })).toThrow(
      new ConfigError('constraints exclude every point of the grid'),
    );
  });

  it('partitions the tasks exactly among shards', () => {
    const c = fakeConfig({ drops: 7, grid: { x: [1, 2, 3, 4] } });
    const all = sweepTasks(c).map(taskKey);
    expect(all.length).toBe(28);
    const parts = [1, 2, 3].map((i) => sweepTasks(c, { index: i, count: 3 }).map(taskKey));
    const union = parts.flat();
    expect(new Set(union).size).toBe(union.length); // disjoint
    expect(union.slice().sort()).toEqual(all.slice().sort()); // complete
    // every shard sees every point
    for (const p of parts) expect(new Set(p.map((k) => k.split('/')[0])).size).toBe(4);
  });

  it.each([
    [{ drops: 0 }, 'drops must be an integer in [1, 1000000], got 0'],
    [{ drops: 2_000_000 }, 'drops must be an integer in [1, 1000000], got 2000000'],
    [{ drops: 2.5 }, 'drops must be an integer in [1, 1000000], got 2.5'],
    [{ name: 'bad name' }, 'name must be 1–64 characters of [A-Za-z0-9_-], got "bad name"'],
    [{ seed: Number.NaN }, 'seed must be a finite number or a non-empty string, got null'],
    [{ grid: { x: [] } }, 'grid.x must be a non-empty array of finite numbers, got []'],
    [{ grid: { x: [1, 'a'] } }, 'grid.x[1] must be a finite number, got "a"'],
    [{ grid: { x: [1, 1] } }, 'grid.x has repeated values: [1,1]'],
    [{ base: { x: 1 }, grid: { x: [1] } }, "parameter 'x' is in both base and grid; keep it in one place"],
    [{ schemes: [] }, 'schemes must be a non-empty array of { name, … }'],
    [{ schemes: [{ name: 'A' }, { name: 'A' }] }, "schemes[1].name 'A' is used twice"],
    [{ schemes: [{ name: 'A', when: { z: [1] } }] }, "schemes[0].when.z: 'z' is not a parameter of this sweep"],
  ])('rejects %j with a clear message', (over, message) => {
    expect(() => validateSweepConfig(fakeConfig(over as Partial<SweepConfig>))).toThrow(new ConfigError(message));
  });

  it('bounds the tasks of one sweep (points × drops) before expanding anything', () => {
    const grid = { x: Array.from({ length: 60_000 }, (_, i) => i), y: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] };
    expect(() => validateSweepConfig(fakeConfig({ drops: 2, grid }))).toThrow(
      new ConfigError('grid has 600000 points; at most 100000 allowed'),
    );
    expect(() => validateSweepConfig(fakeConfig({ drops: 20, grid: { x: grid.x } }))).toThrow(
      /^points × drops = 60000 × 20 = 1200000 tasks; at most 1000000 in one sweep/,
    );
  });

  it('rejects bad shards', () => {
    expect(parseShard('2/8')).toEqual({ index: 2, count: 8 });
    expect(() => parseShard('0/8')).toThrow('--shard i/n needs 1 ≤ i ≤ n, got 0/8');
    expect(() => parseShard('9/8')).toThrow('--shard i/n needs 1 ≤ i ≤ n, got 9/8');
    expect(() => parseShard('two')).toThrow("--shard must look like i/n (e.g. 2/8, 1 ≤ i ≤ n), got 'two'");
  });

  it("reports the runner's validation error with the point", async () => {
    await expect(runSweep(fakeConfig({ grid: { x: [1, 200] } }), { ...quiet, runsDir: null })).rejects.toThrow(
      new ConfigError('point 1 (x=200): x must be in [0, 100], got 200'),
    );
  });

  it('rejects a missing runner module and a point without schemes', async () => {
    await expect(
      runSweep(fakeConfig({ runner: 'test/experiments/nope.ts' }), { ...quiet, runsDir: null }),
    ).rejects.toThrow(`runner module ${join(ROOT, 'test/experiments/nope.ts')} does not exist`);
    await expect(
      runSweep(fakeConfig({ schemes: [{ name: 'B', when: { x: [2] } }] }), { ...quiet, runsDir: null }),
    ).rejects.toThrow("point 0 (x=1) has no scheme: every scheme's 'when' excludes it");
  });

  it('rejects bad run options', async () => {
    await expect(runSweep(fakeConfig(), { ...quiet, runsDir: null, workers: -1 })).rejects.toThrow(
      'workers must be an integer in [0, 256] (0 = in this thread), got -1',
    );
    await expect(runSweep(fakeConfig(), { ...quiet, runsDir: null, shard: '3/2' })).rejects.toThrow(
      '--shard i/n needs 1 ≤ i ≤ n, got 3/2',
    );
  });
});

describe('sweep engine', () => {
  it('gives exactly the numbers of a serial run with 2 worker threads', async () => {
    const c = fakeConfig({ drops: 6 });
    const serial = await runSweep(c, { ...quiet, runsDir: null, workers: 0 });
    const parallel = await runSweep(c, { ...quiet, runsDir: tmp(), workers: 2 });
    expect(serial.records.length).toBe(18);
    expect(parallel.workers).toBe(2);
    expect(numbers(parallel.records)).toBe(numbers(serial.records));
    expect(parallel.complete).toBe(true);
    // different drops really differ (the comparison is not vacuous)
    expect(serial.records[0].schemes[0].metrics.value).not.toBe(serial.records[1].schemes[0].metrics.value);
  });

  it('resumes an interrupted sweep without losing or recomputing a finished task', async () => {
    const runs = tmp();
    const log = join(runs, 'computed.log');
    process.env.FAKE_RUNNER_LOG = log;
    try {
      const c = fakeConfig({ drops: 4 }); // 12 tasks
      const first = await runSweep(c, { ...quiet, runsDir: runs, workers: 2, stopAfter: 5 });
      expect(first.computed).toBe(5);
      expect(first.complete).toBe(false);
      const stored = readRecords(first.dir as string);
      expect(stored.length).toBe(5);
      const finishedBefore = new Set(stored.map(taskKey));
      writeFileSync(log, ''); // forget what the interrupted run computed, in flight or not

      const second = await runSweep(c, { ...quiet, runsDir: runs, workers: 2 });
      expect(second.reused).toBe(5);
      expect(second.computed).toBe(7);
      expect(second.complete).toBe(true);
      const recomputed = readFileSync(log, 'utf8').trim().split('\n');
      expect(recomputed.length).toBe(7);
      expect(recomputed.filter((k) => finishedBefore.has(k))).toEqual([]);
      // the resumed result equals an uninterrupted serial run
      const ref = await runSweep(c, { ...quiet, runsDir: null, workers: 0 });
      expect(numbers(second.records)).toBe(numbers(ref.records));
      // a third run computes nothing
      writeFileSync(log, '');
      const third = await runSweep(c, { ...quiet, runsDir: runs, workers: 2 });
      expect(third.computed).toBe(0);
      expect(readFileSync(log, 'utf8')).toBe('');
    } finally {
      delete process.env.FAKE_RUNNER_LOG;
    }
  });

  it('survives a SIGKILL of the CLI mid-sweep (real interruption) and a torn last line', async () => {
    const runs = tmp();
    const log = join(runs, 'computed.log');
    const cfgPath = join(runs, 'sweep.json');
    const c = fakeConfig({ drops: 8, base: { spinMs: 150 }, grid: { x: [1, 2, 3] } }); // 24 tasks × 150 ms
    writeFileSync(cfgPath, JSON.stringify(c));
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx', // one process (the tsx CLI would run the sweep in a grandchild the kill would miss)
        join(ROOT, 'bin/msms-main.ts'),
        'sweep',
        '--config',
        cfgPath,
        '--runs-dir',
        runs,
        '--id',
        'killed',
        '--workers',
        '2',
        '--no-progress',
      ],
      { cwd: ROOT, env: { ...process.env, FAKE_RUNNER_LOG: log }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    let exited: number | null = null;
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => (exited = code ?? -1));
    const jsonl = join(runs, 'killed', 'tasks-1of1.jsonl');
    const lines = () => (existsSync(jsonl) ? readFileSync(jsonl, 'utf8').split('\n').length - 1 : 0);
    const t0 = Date.now();
    while (lines() < 4) {
      if (exited !== null) throw new Error(`the child sweep exited (${exited}) before the kill: ${stderr}`);
      if (Date.now() - t0 > 60_000) throw new Error(`the child sweep wrote no checkpoint within 60 s: ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    while (exited === null) await new Promise((r) => setTimeout(r, 10));
    const finished = readRecords(join(runs, 'killed'));
    expect(finished.length).toBeGreaterThanOrEqual(4);
    expect(finished.length).toBeLessThan(24);
    // a write torn by the kill: a partial JSON line at the end
    appendFileSync(jsonl, '{"point":2,"drop":7,"par');
    expect(readRecords(join(runs, 'killed')).length).toBe(finished.length);

    writeFileSync(log, '');
    process.env.FAKE_RUNNER_LOG = log;
    try {
      const resumed = await runSweep(c, { ...quiet, runsDir: runs, id: 'killed', workers: 2 });
      expect(resumed.reused).toBe(finished.length);
      expect(resumed.computed).toBe(24 - finished.length);
      expect(resumed.complete).toBe(true);
      const recomputed = readFileSync(log, 'utf8').trim().split('\n');
      const before = new Set(finished.map(taskKey));
      expect(recomputed.filter((k) => before.has(k))).toEqual([]);
      // the file is clean again: every line parses, each task once
      const text = readFileSync(jsonl, 'utf8');
      const keys = text
        .trim()
        .split('\n')
        .map((l) => taskKey(JSON.parse(l) as TaskRecord));
      expect(new Set(keys).size).toBe(24);
      expect(keys.length).toBe(24);
      const ref = await runSweep(c, { ...quiet, runsDir: null, workers: 0 });
      expect(numbers(resumed.records)).toBe(numbers(ref.records));
    } finally {
      delete process.env.FAKE_RUNNER_LOG;
    }
  });

  it('shards run separately and merged equal one run', async () => {
    const c = fakeConfig({ drops: 5, grid: { x: [1, 2, 3, 4] } });
    const single = await runSweep(c, { ...quiet, runsDir: null, workers: 0 });
    const machines = [1, 2, 3].map(() => tmp());
    for (let i = 1; i <= 3; i++) {
      const r = await runSweep(c, { ...quiet, runsDir: machines[i - 1], id: 'sw', shard: `${i}/3`, workers: 1 });
      expect(r.shardComplete).toBe(true);
      expect(r.complete).toBe(false);
    }
    const target = join(tmp(), 'merged');
    const merged = mergeSweep({ dir: target, from: machines.map((m) => join(m, 'sw')), root: ROOT });
    expect(merged.missing).toEqual([]);
    expect(merged.config.drops).toBe(5);
    expect(numbers(merged.records)).toBe(numbers(single.records));
    expect(
      readdirSync(target)
        .filter((f) => f.endsWith('.jsonl'))
        .sort(),
    ).toEqual(['tasks-1of3.jsonl', 'tasks-2of3.jsonl', 'tasks-3of3.jsonl']);
    expect(existsSync(merged.resultsCsv) && existsSync(merged.summaryCsv)).toBe(true);
    // resuming the merged directory as one sweep computes nothing
    const again = await runSweep(c, { ...quiet, runsDir: join(target, '..'), id: 'merged', workers: 0 });
    expect(again.computed).toBe(0);
    expect(again.complete).toBe(true);
  });

  it('merge refuses missing tasks and foreign shards', async () => {
    const c = fakeConfig({ drops: 3 });
    const a = tmp();
    await runSweep(c, { ...quiet, runsDir: a, id: 'sw', shard: '1/2', workers: 0 });
    expect(() => mergeSweep({ dir: join(a, 'sw'), root: ROOT, drops: 3 })).toThrow(
      /^\d+ of 9 tasks are missing \(e\.g\. p\d\/d\d/,
    );
    const partial = mergeSweep({ dir: join(a, 'sw'), root: ROOT, drops: 3, allowPartial: true });
    expect(partial.missing.length + partial.records.length).toBe(9);
    const b = tmp();
    await runSweep(fakeConfig({ drops: 3, seed: 7 }), { ...quiet, runsDir: b, id: 'sw', shard: '2/2', workers: 0 });
    expect(() => mergeSweep({ dir: join(a, 'sw'), from: [join(b, 'sw')], root: ROOT })).toThrow(CheckpointError);
  });

  it('extends a sweep to more drops, computing only the new ones', async () => {
    const runs = tmp();
    const small = await runSweep(fakeConfig({ drops: 2 }), { ...quiet, runsDir: runs, workers: 0 });
    const big = await runSweep(fakeConfig({ drops: 4 }), { ...quiet, runsDir: runs, workers: 0 });
    expect(big.id).toBe(small.id);
    expect(big.reused).toBe(6);
    expect(big.computed).toBe(6);
    // and a smaller drops count reads only its drops
    const back = await runSweep(fakeConfig({ drops: 1 }), { ...quiet, runsDir: runs, workers: 0 });
    expect(back.records.length).toBe(3);
    expect(back.computed).toBe(0);
  });

  it('refuses to resume a checkpoint of a different configuration', async () => {
    const runs = tmp();
    await runSweep(fakeConfig(), { ...quiet, runsDir: runs, id: 'same', workers: 0 });
    await expect(
      runSweep(fakeConfig({ seed: 43 }), { ...quiet, runsDir: runs, id: 'same', workers: 0 }),
    ).rejects.toThrow(
      `${join(runs, 'same')} holds sweep 'same' with a different configuration (differs in seed); use another --id, or --fresh to discard it`,
    );
    const fresh = await runSweep(fakeConfig({ seed: 43 }), {
      ...quiet,
      runsDir: runs,
      id: 'same',
      workers: 0,
      fresh: true,
    });
    expect(fresh.computed).toBe(fresh.totalTasks);
  });

  it('refuses a checkpoint computed by another runner version', async () => {
    const runs = tmp();
    await runSweep(fakeConfig({ drops: 1 }), { ...quiet, runsDir: runs, id: 'v', workers: 0 });
    const other = { ...(await import('./fake-runner.js')).runner, version: 'fake-2' };
    await expect(
      runSweep(fakeConfig({ drops: 2 }), { ...quiet, runsDir: runs, id: 'v', workers: 0, runner: other }),
    ).rejects.toThrow(
      `${join(runs, 'v')} was computed by runner version 'fake-1', the runner is now at 'fake-2': ` +
        'its finished tasks are stale; use --fresh (or another --id)',
    );
    const notes: string[] = [];
    const redo = await runSweep(fakeConfig({ drops: 2 }), {
      ...quiet,
      log: (l) => notes.push(l),
      runsDir: runs,
      id: 'v',
      workers: 0,
      runner: other,
      onStale: 'recompute',
    });
    expect(redo.reused).toBe(0);
    expect(redo.computed).toBe(6);
    expect(notes.join('\n')).toContain(
      "runner version 'fake-1', the runner is now at 'fake-2': its finished tasks are stale — recomputing it",
    );
  });

  it('names the failing task, serial and parallel, and keeps what finished', async () => {
    const c = fakeConfig({ drops: 3, base: { spinMs: 0, failDrop: 2 } });
    await expect(runSweep(c, { ...quiet, runsDir: null, workers: 0 })).rejects.toThrow(
      new SweepTaskError('task p0/d2 (x=1, drop 2) failed: fake failure at drop 2'),
    );
    const runs = tmp();
    await expect(runSweep(c, { ...quiet, runsDir: runs, id: 'f', workers: 2 })).rejects.toThrow(
      /^task p\d\/d2 \(x=\d, drop 2\) failed: fake failure at drop 2$/,
    );
    const kept = readRecords(join(runs, 'f'));
    expect(kept.every((r) => r.drop < 2)).toBe(true);
    expect(existsSync(join(runs, 'f', 'tasks-1of1.lock'))).toBe(false); // lock released
  });

  it('waits for a concurrent run of the same sweep and reuses its tasks', async () => {
    const runs = tmp();
    const c = fakeConfig({ drops: 4, base: { spinMs: 40 } });
    const notes: string[] = [];
    const first = runSweep(c, { ...quiet, runsDir: runs, workers: 2 });
    await new Promise((r) => setTimeout(r, 300)); // let the first take the lock
    const second = await runSweep(c, {
      ...quiet,
      log: (s) => notes.push(s),
      runsDir: runs,
      workers: 2,
      waitForLockMs: 60_000,
    });
    const a = await first;
    expect(notes.some((n) => n.includes('waiting for pid'))).toBe(true);
    expect(a.computed).toBe(12);
    expect(second.computed).toBe(0);
    expect(second.reused).toBe(12);
    expect(numbers(second.records)).toBe(numbers(a.records));
    // without waiting, the same situation is an error naming the holder
    const third = runSweep(fakeConfig({ drops: 6, base: { spinMs: 40 } }), { ...quiet, runsDir: runs, workers: 1 });
    await new Promise((r) => setTimeout(r, 300));
    await expect(
      runSweep(fakeConfig({ drops: 6, base: { spinMs: 40 } }), { ...quiet, runsDir: runs, workers: 1 }),
    ).rejects.toThrow(/tasks-1of1\.lock is held by pid \d+ on .* that sweep shard is running/);
    await third;
  });

  it('refuses to write a shard another live process holds', async () => {
    const runs = tmp();
    await runSweep(fakeConfig({ drops: 1 }), { ...quiet, runsDir: runs, id: 'l', workers: 0 });
    // a live process (our parent) holding the lock on this host
    const holder = process.ppid;
    writeFileSync(
      join(runs, 'l', 'tasks-1of1.lock'),
      JSON.stringify({ pid: holder, host: (await import('node:os')).hostname(), started: 'then' }),
    );
    await expect(runSweep(fakeConfig({ drops: 2 }), { ...quiet, runsDir: runs, id: 'l', workers: 0 })).rejects.toThrow(
      `${join(runs, 'l', 'tasks-1of1.lock')} is held by pid ${holder}`,
    );
    // a dead holder's lock is taken over
    writeFileSync(
      join(runs, 'l', 'tasks-1of1.lock'),
      JSON.stringify({ pid: 2 ** 22 + 12345, host: (await import('node:os')).hostname(), started: 'then' }),
    );
    const r = await runSweep(fakeConfig({ drops: 2 }), { ...quiet, runsDir: runs, id: 'l', workers: 0 });
    expect(r.computed).toBe(3);
  });
});
