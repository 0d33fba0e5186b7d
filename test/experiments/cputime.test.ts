/**
 * Thread CPU time (lib/experiments/cputime.ts) used for the complexity figure: a thread's
 * CPU time never exceeds its wall time, grows with work and not with sleep.
 */
import { describe, expect, it } from 'vitest';
import { measured, threadCpuMs } from '../../lib/experiments/cputime.js';

/** One clock tick of /proc (10 ms) plus timer slack. */
const TICK_MS = 12;

describe('threadCpuMs', () => {
  it('counts busy work, bounded by the wall time', () => {
    const m = measured(() => {
      let x = 0;
      for (let i = 0; i < 3e7; i++) x += Math.sqrt(i);
      return x;
    });
    expect(m.value).toBeGreaterThan(0);
    expect(m.cpuMs).toBeGreaterThan(0);
    expect(m.cpuMs).toBeLessThanOrEqual(m.wallMs + TICK_MS);
  });

  it('does not count sleeping', async () => {
    const c0 = threadCpuMs();
    await new Promise((r) => setTimeout(r, 300));
    expect(threadCpuMs() - c0).toBeLessThan(100);
  });
});
