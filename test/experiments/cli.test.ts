/**
 * `msms sweep` and `msms merge` (lib/cli/commands/sweep.ts, merge.ts) in-process: a
 * sharded sweep with the test double runner, completed by its second shard, merged, and
 * the usage errors with their exact messages.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../lib/cli/index.js';

const COMMANDS = join(process.cwd(), 'lib', 'cli', 'commands');
const dir = mkdtempSync(join(tmpdir(), 'msms-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run the CLI; returns the exit code and what it printed. */
async function msms(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  try {
    const code = await main(argv, COMMANDS);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe('msms sweep / merge', () => {
  const cfgPath = join(dir, 'fake.json');
  writeFileSync(
    cfgPath,
    JSON.stringify({
      name: 'clifake',
      seed: 3,
      drops: 3,
      base: { spinMs: 0 },
      grid: { x: [1, 2] },
      schemes: [{ name: 'A' }],
      runner: 'test/experiments/fake-runner.ts',
    }),
  );
  const common = ['--config', cfgPath, '--runs-dir', dir, '--id', 'c', '--workers', '0', '--no-progress'];

  it('runs a sweep shard by shard, then completes it and merges it', async () => {
    const s1 = await msms('sweep', ...common, '--shard', '1/2');
    expect(s1.code).toBe(0);
    expect(s1.out).toContain('sweep c: computed 3, reused 0, 3/6 tasks done');
    expect(s1.out).toContain(`shard 1/2 done; when every shard is done: npx msms merge --dir ${join(dir, 'c')}`);
    const early = await msms('merge', '--dir', join(dir, 'c'));
    expect(early.code).toBe(2);
    expect(early.err).toMatch(/^msms merge: 3 of 6 tasks are missing \(e\.g\. p\d\/d\d/);
    const s2 = await msms('sweep', ...common, '--shard', '2/2');
    expect(s2.code).toBe(0);
    expect(s2.out).toContain('6/6 tasks done');
    expect(existsSync(join(dir, 'c', 'results.csv'))).toBe(true);
    const m = await msms('merge', '--dir', join(dir, 'c'));
    expect(m.code).toBe(0);
    expect(m.out).toContain('6 tasks (3 drops)');
    const side = JSON.parse(readFileSync(join(dir, 'c', 'summary.json'), 'utf8'));
    expect(side.complete).toBe(true);
    expect(side.drops).toBe(3);
    // rerunning the whole sweep computes nothing
    const again = await msms('sweep', ...common);
    expect(again.out).toContain('computed 0, reused 6');
  });

  it.each([
    [['sweep'], 'msms sweep: give exactly one of --fig N or --config FILE'],
    [['sweep', '--fig', '9'], "msms sweep: unknown figure '9'; choose one of 2–8, complexity, bound-gap"],
    [
      ['sweep', '--fig', '8'],
      'msms sweep: figure fig8 has no sweep (it draws a single drop); use npm run figures -- --fig 8',
    ],
    [['sweep', '--fig', '2', '--drops', '0'], 'msms sweep: --drops must be in [1, 1000000], got 0'],
    [['sweep', '--config', '/nonexistent/x.json'], 'msms sweep: --config /nonexistent/x.json: no such file'],
    [['sweep', '--fig', '2', '--shard', '3/2', '--runs-dir', dir], 'msms sweep: --shard i/n needs 1 ≤ i ≤ n, got 3/2'],
    [['merge'], 'msms merge: --dir is required'],
    [['merge', '--dir', '/nonexistent'], 'msms merge: /nonexistent is not a sweep directory (no sweep.json)'],
  ])('%j fails with a clear message', async (argv, message) => {
    const r = await msms(...argv);
    expect(r.code).toBe(2);
    expect(r.err.startsWith(message)).toBe(true);
  });
});
