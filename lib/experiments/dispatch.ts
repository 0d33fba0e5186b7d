/**
 * Drop-affine task dispatch of the sweep engine (engine.ts runPool): a worker takes every
 * task of one drop in turn, then claims the next unclaimed drop, so the runner's per-drop
 * cache (pipeline.ts DropCache) computes a drop's common stages — its links, clustering,
 * beam selections, geometry, channel realisations — once per drop instead of once per
 * point. When no drop is left unclaimed, an idle worker takes the last waiting task of the
 * busiest worker's drop, so the end of a run stays balanced (and a one-drop run still uses
 * every worker).
 *
 * Which worker computes a task never changes its numbers (a task's random numbers come
 * from its drop only, and the cache holds pure functions of their keys); only the order of
 * finishing does, and checkpoints are per (point, drop) as before.
 */
import type { Task } from './config.js';

/** The tasks of a run grouped by drop, handed out drop by drop (see the file comment). */
export class DropAffineQueue<W> {
  /** Drops nobody has claimed yet, in the order of the task list. */
  private readonly unclaimed: Task[][] = [];
  /** The tasks still waiting in the drop each worker has claimed. */
  private readonly claimed = new Map<W, Task[]>();
  private left: number;

  constructor(tasks: readonly Task[]) {
    const byDrop = new Map<number, Task[]>();
    for (const t of tasks) {
      let g = byDrop.get(t.drop);
      if (!g) {
        g = [];
        byDrop.set(t.drop, g);
        this.unclaimed.push(g);
      }
      g.push(t);
    }
    this.left = tasks.length;
  }

  /** Tasks not handed out yet. */
  get remaining(): number {
    return this.left;
  }

  /** The next task for `worker`, or undefined when every task has been handed out. */
  next(worker: W): Task | undefined {
    let own = this.claimed.get(worker);
    if (!own || own.length === 0) {
      own = this.unclaimed.shift();
      if (own) this.claimed.set(worker, own);
    }
    if (own && own.length > 0) {
      this.left--;
      return own.shift();
    }
    // nothing of its own: help the worker with the most tasks waiting, from the far end
    let donor: Task[] | undefined;
    for (const [w, g] of this.claimed)
      if (w !== worker && g.length > 0 && (!donor || g.length > donor.length)) donor = g;
    if (!donor) return undefined;
    this.left--;
    return donor.pop();
  }
}
