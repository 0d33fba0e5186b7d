/**
 * CPU time of the calling thread, for the complexity measurements of the sweeps (Section
 * VI, the complexity figure): wall-clock time inflates when other processes share the
 * cores, thread CPU time does not. Linux: utime + stime of /proc/thread-self/stat (read
 * synchronously, so by the calling thread itself), resolution one clock tick (10 ms) —
 * unbiased on average over many drops. Elsewhere: the process's CPU time
 * (process.cpuUsage), which equals the thread's only with one busy thread.
 */
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc (USER_HZ; 100 on every Linux build in practice). */
const USER_HZ = 100;

let procWorks: boolean | undefined;

function procThreadCpuMs(): number {
  const text = readFileSync('/proc/thread-self/stat', 'utf8');
  // fields after the ')' that closes the command name: state is field 3; utime 14, stime 15
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / USER_HZ;
}

/** CPU time (ms) consumed so far by the calling thread (see the file comment). */
export function threadCpuMs(): number {
  if (procWorks !== false) {
    try {
      const v = procThreadCpuMs();
      procWorks = Number.isFinite(v);
      if (procWorks) return v;
    } catch {
      procWorks = false;
    }
  }
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Run `f` and return its result with the wall time and the calling thread's CPU time (ms). */
export function measured<T>(f: () => T): { value: T; wallMs: number; cpuMs: number } {
  const c0 = threadCpuMs();
  const t0 = performance.now();
  const value = f();
  const wallMs = performance.now() - t0;
  return { value, wallMs, cpuMs: threadCpuMs() - c0 };
}
