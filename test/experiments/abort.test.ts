/**
 * runSweep's `signal` option (lib/experiments/engine.ts; the CLI aborts it on SIGINT /
 * SIGTERM): aborted mid-sweep, with worker threads and in this thread, it returns at once
 * with `interrupted`, keeps every finished task in a checkpoint of whole lines, releases
 * the lock, and a resume completes with exactly the numbers of an uninterrupted run. The
 * process-level test with real signals is test/cluster/signals.test.ts.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type TaskRecord, metricsOnly } from '../../lib/experiments/checkpoint.js';
import { type SweepConfig, taskKey } from '../../lib/experiments/config.js';
import { runSweep } from '../../lib/experiments/engine.js';

const dir = mkdtempSync(join(tmpdir(), 'msms-abort-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config: SweepConfig = {
  name: 'abort',
  seed: 9,
  drops: 10,
  base: { spinMs: 40 },
  grid: { x: [1, 2] },
  schemes: [{ name: 'A' }, { name: 'B' }],
  runner: 'test/experiments/fake-runner.ts',
};
const quiet = { progress: false, log: () => undefined, runsDir: dir } as const;
const numbers = (rs: TaskRecord[]) => JSON.stringify(rs.map((r) => [taskKey(r), metricsOnly(r)]));

describe.each([2, 0])('runSweep with an abort signal, %i worker(s)', (workers) => {
  it('stops mid-sweep, keeps whole lines and no lock, and resumes to the uninterrupted numbers', async () => {
    const id = `a${workers}`;
    const file = join(dir, id, 'tasks-1of1.jsonl');
    const ctl = new AbortController();
    // abort once 3 tasks are on disk
    const watch = setInterval(() => {
      if (existsSync(file) && readFileSync(file, 'utf8').split('\n').length > 3) ctl.abort();
    }, 5);
    const run = await runSweep(config, { ...quiet, id, workers, signal: ctl.signal });
    clearInterval(watch);
    expect(ctl.signal.aborted).toBe(true);
    expect(run.interrupted).toBe(true);
    expect(run.complete).toBe(false);
    expect(run.computed).toBeGreaterThanOrEqual(3);
    expect(run.computed).toBeLessThan(20);
    expect(readdirSync(join(dir, id)).filter((f) => f.endsWith('.lock'))).toEqual([]);
    const text = readFileSync(file, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text.trimEnd().split('\n').length).toBe(run.computed);

    const resumed = await runSweep(config, { ...quiet, id, workers });
    expect([resumed.reused, resumed.computed, resumed.complete, resumed.interrupted]).toEqual([
      run.computed,
      20 - run.computed,
      true,
      false,
    ]);
    const whole = await runSweep(config, { ...quiet, runsDir: null, workers: 0 });
    expect(numbers(resumed.records)).toBe(numbers(whole.records));
  });
});

it('an already aborted signal computes nothing', async () => {
  const ctl = new AbortController();
  ctl.abort();
  const run = await runSweep(config, { ...quiet, id: 'pre', workers: 2, signal: ctl.signal });
  expect([run.computed, run.interrupted, run.complete]).toEqual([0, true, false]);
});
