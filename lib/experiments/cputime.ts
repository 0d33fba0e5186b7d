/**
 * CPU time of the calling thread, for the complexity measurements of the sweeps (Section
 * VI, the complexity figure): wall-clock time inflates when other processes share the
 * cores, thread CPU time does not. Linux: the run time of /proc/thread-self/schedstat (ns;
 * read synchronously, so by the calling thread itself), else utime + stime of
 * /proc/thread-self/stat (10 ms ticks). The kernel updates either only at scheduler ticks
 * (measured here: ≈ 2–5 ms), so one short stage is quantised; the mean over drops is not.
 * Elsewhere: the process's CPU time (process.cpuUsage), which equals the thread's only with
 * one busy thread.
 */
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc (USER_HZ; 100 on every Linux build in practice). */
const USER_HZ = 100;

type Source = 'schedstat' | 'stat' | 'process';
let source: Source | undefined;

function schedstatMs(): number {
  return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
}

function statMs(): number {
  const text = readFileSync('/proc/thread-self/stat', 'utf8');
  // fields after the ')' that closes the command name: state is field 3; utime 14, stime 15
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / USER_HZ;
}

function processMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Which clock threadCpuMs uses here: the first of schedstat, stat, process that works. */
export function threadCpuSource(): Source {
  if (source === undefined) {
    source = 'process';
    for (const [name, f] of [
      ['schedstat', schedstatMs],
      ['stat', statMs],
    ] as const) {
      try {
        if (Number.isFinite(f()) && f() >= 0) {
          source = name;
          break;
        }
      } catch {
        // not Linux, or /proc not mounted
      }
    }
  }
  return source;
}

/** CPU time (ms) consumed so far by the calling thread (see the file comment). */
export function threadCpuMs(): number {
  const s = threadCpuSource();
  return s === 'schedstat' ? schedstatMs() : s === 'stat' ? statMs() : processMs();
}

/** Run `f` and return its result with the wall time and the calling thread's CPU time (ms). */
export function measured<T>(f: () => T): { value: T; wallMs: number; cpuMs: number } {
  const c0 = threadCpuMs();
  const t0 = performance.now();
  const value = f();
  const wallMs = performance.now() - t0;
  return { value, wallMs, cpuMs: threadCpuMs() - c0 };
}
