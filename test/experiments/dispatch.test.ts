/**
 * Drop-affine dispatch (lib/experiments/dispatch.ts): every task handed out exactly once;
 * a worker gets the tasks of one drop in turn while unclaimed drops remain; idle workers
 * help with the last drops (so a one-drop run still uses every worker).
 */
import { describe, expect, it } from 'vitest';
import { type Task, sweepTasks, taskKey } from '../../lib/experiments/config.js';
import { DropAffineQueue } from '../../lib/experiments/dispatch.js';

const config = { name: 'q', seed: 1, drops: 5, base: {}, grid: { x: [1, 2, 3, 4] }, schemes: [{ name: 'a' }] };

/** Hand out everything, workers asking in turn; returns each worker's tasks in order. */
function drain(tasks: Task[], workers: string[]): Map<string, Task[]> {
  const q = new DropAffineQueue<string>(tasks);
  const got = new Map(workers.map((w) => [w, [] as Task[]]));
  for (let i = 0; ; i++) {
    const w = workers[i % workers.length];
    const t = q.next(w);
    if (!t) {
      if (workers.every((v) => q.next(v) === undefined)) break;
      continue;
    }
    got.get(w)?.push(t);
  }
  expect(q.remaining).toBe(0);
  return got;
}

describe('DropAffineQueue', () => {
  it('hands out every task exactly once', () => {
    const tasks = sweepTasks(config);
    const got = drain(tasks, ['A', 'B', 'C']);
    const all = [...got.values()].flat().map(taskKey).sort();
    expect(all).toEqual(tasks.map(taskKey).sort());
  });

  it('gives each worker whole drops while unclaimed drops remain, then shares the last one', () => {
    const got = drain(sweepTasks(config), ['A', 'B']);
    // A claims drop 0, B drop 1, …; the drop of a worker's first four tasks is one drop
    for (const tasks of got.values()) {
      const first = tasks.slice(0, 4).map((t) => t.drop);
      expect(new Set(first).size).toBe(1);
    }
    // 5 drops of 4 tasks over 2 workers: drops 0–3 whole, drop 4 (claimed by A) shared from both ends
    const drops = (w: string) => new Set((got.get(w) as Task[]).map((t) => t.drop));
    expect([...drops('A')].sort()).toEqual([0, 2, 4]);
    expect([...drops('B')].sort()).toEqual([1, 3, 4]);
    expect((got.get('B') as Task[]).filter((t) => t.drop === 4).map((t) => t.point)).toEqual([3, 2]);
  });

  it('a single drop still keeps every worker busy', () => {
    const one = sweepTasks({ ...config, drops: 1 });
    const got = drain(one, ['A', 'B']);
    expect((got.get('A') as Task[]).length).toBe(2);
    expect((got.get('B') as Task[]).length).toBe(2);
  });

  it('keeps the order of the task list within a drop and across drops (also for a shard)', () => {
    const shard = sweepTasks(config, { index: 2, count: 3 });
    const got = drain(shard, ['A']);
    expect((got.get('A') as Task[]).map(taskKey)).toEqual(shard.map(taskKey));
  });
});
