/**
 * SIGINT and SIGTERM to a running `msms sweep` (the compiled CLI, bin/msms.js, real
 * pipeline, 2 worker threads, tsx barred by test/cluster/no-tsx.mjs): the signal arrives
 * mid-sweep (after a few tasks are checkpointed), and then
 *  - the process exits within a second with 130 / 143, having had no child process (the
 *    workers are threads of the one process), and no process mentioning the run remains;
 *  - the lock is released and the checkpoint holds only complete lines (the file ends with
 *    a newline, every line parses);
 *  - rerunning the same command reuses every saved task, computes the rest, and writes
 *    results.csv / summary.csv identical (timing columns aside) to an uninterrupted run.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MSMS,
  NO_TSX,
  ROOT,
  childrenOf,
  ensureBuild,
  processesMentioning,
  tableWithoutTimings,
  tinySweep,
  waitFor,
} from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'msms-signals-'));
const runs = join(dir, 'runs');
const cfg = join(dir, 'tiny.json');
const DROPS = 16; // 32 tasks of 0.05–0.3 s: the signal lands mid-sweep (after 3 are saved)
writeFileSync(cfg, JSON.stringify(tinySweep(DROPS)));
const args = (id: string) => [
  '--import',
  NO_TSX,
  MSMS,
  'sweep',
  '--config',
  cfg,
  '--runs-dir',
  runs,
  '--id',
  id,
  '--workers',
  '2',
  '--no-progress',
];
const started: ChildProcess[] = [];

beforeAll(() => {
  ensureBuild();
  const r = spawnSync(process.execPath, args('reference'), { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`uninterrupted reference run failed:\n${r.stdout}${r.stderr}`);
});
afterAll(() => {
  for (const p of started) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)('%s to msms sweep', (sig, exitCode) => {
  it('stops it and its workers within a second, keeps only complete checkpoint lines, and the resume gives the same tables', async () => {
    const id = `stop-${sig}`;
    const file = join(runs, id, 'tasks-1of1.jsonl');
    const p = spawn(process.execPath, args(id), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    started.push(p);
    let out = '';
    p.stdout?.on('data', (b) => (out += b));
    p.stderr?.on('data', (b) => (out += b));
    const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
      p.on('exit', (code) => resolve({ code, at: performance.now() })),
    );
    const lines = () => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').length - 1 : 0);
    const mid = await waitFor(() => lines() >= 3 || p.exitCode !== null, 90_000);
    expect(mid && p.exitCode === null, `sweep never reached 3 tasks while running:\n${out}`).toBe(true);
    const pid = p.pid as number;
    expect(childrenOf(pid)).toEqual([]); // one process: the workers are its threads
    expect(existsSync(join(runs, id, 'tasks-1of1.lock'))).toBe(true);

    const t0 = performance.now();
    p.kill(sig);
    const { code, at } = await exited;
    expect(code, out).toBe(exitCode);
    expect(at - t0).toBeLessThan(1000);
    expect(existsSync(`/proc/${pid}`)).toBe(false);
    expect(processesMentioning(join(runs, id))).toEqual([]);
    expect(out).toContain(`msms sweep: ${sig} — stopping the workers; every finished task is saved`);
    expect(out).toMatch(new RegExp(`sweep ${id}: interrupted after computing \\d+ task\\(s\\)`));

    expect(readdirSync(join(runs, id)).filter((f) => f.endsWith('.lock'))).toEqual([]);
    const text = readFileSync(file, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const saved = text.trimEnd().split('\n');
    for (const line of saved) expect(() => JSON.parse(line)).not.toThrow();
    expect(saved.length).toBeGreaterThanOrEqual(3);
    expect(saved.length).toBeLessThan(2 * DROPS);

    const resume = spawnSync(process.execPath, args(id), { cwd: ROOT, encoding: 'utf8' });
    expect(resume.status, resume.stderr).toBe(0);
    expect(resume.stdout).toContain(
      `computed ${2 * DROPS - saved.length}, reused ${saved.length}, ${2 * DROPS}/${2 * DROPS} tasks done`,
    );
    for (const t of ['results.csv', 'summary.csv']) {
      expect(tableWithoutTimings(join(runs, id, t))).toEqual(tableWithoutTimings(join(runs, 'reference', t)));
    }
  });
});
