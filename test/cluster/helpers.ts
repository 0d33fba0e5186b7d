/**
 * Helpers of the process-level tests in test/cluster (compiled CLI, signals, Slurm): run the
 * real `msms` (bin/msms.js → dist/), look at /proc, and compare sweep tables as text
 * without their timing columns (names ending in 'Ms' and their summary statistics), read
 * with a CSV splitter of their own rather than the kit's reader.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = process.cwd();
export const MSMS = join(ROOT, 'bin', 'msms.js');
/** A preload (`node --import`) that makes any load of tsx fail, in the main thread and in workers. */
export const NO_TSX = join(ROOT, 'test', 'cluster', 'no-tsx.mjs');

/** Make sure dist/ is up to date (npm run setup normally did this; a stale one is rebuilt once). */
export function ensureBuild(): void {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--if-stale'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stdout}${r.stderr}`);
}

/** Split one CSV line (RFC 4180 quotes). */
function cells(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') q = false;
      else cur += c;
    } else if (c === '"') q = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** A CSV table without its timing columns, as rows of strings (header first). */
export function tableWithoutTimings(path: string): string[][] {
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n').map(cells);
  const keep = lines[0].map((h) => !/Ms($|_)/.test(h));
  return lines.map((row) => row.filter((_, i) => keep[i]));
}

/** Pids of live processes whose command line contains `text`. */
export function processesMentioning(text: string): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d) || Number(d) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(text)) out.push(Number(d));
    } catch {
      // gone, or not ours to read
    }
  }
  return out;
}

/** Pids of the live children of `pid` (from /proc/<pid>/stat's ppid field). */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(d));
    } catch {
      // gone
    }
  }
  return out;
}

/** Threads of a live process (its /proc/<pid>/task entries). */
export function threadCount(pid: number): number {
  return readdirSync(`/proc/${pid}/task`).length;
}

/** Poll `cond` every 20 ms until it holds (true) or `ms` pass (false). */
export async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return cond();
}

/** A small sweep of the real pipeline (about 0.05–0.3 s per task here). */
export function tinySweep(drops: number) {
  return {
    name: 'tiny',
    seed: 5,
    drops,
    base: { K: 6, S: 3, Sk: 2, KsMax: 6, Bs: 8, NT: 16, NR: 4, Mk: 1, realizations: 4, iterations: 5 },
    grid: { ptDbm: [20, 40] },
    schemes: [
      { name: 'CDM', precoder: 'cdm', beams: 'lcms' },
      { name: 'CDWM', precoder: 'cdwm', beams: 'lcms' },
    ],
  };
}
