/**
 * The real `msms` launcher (bin/msms.js → tsx → lib/cli) in child processes: a handful of
 * runs that prove the in-process tests' wiring holds for the command users type — exit
 * codes, one line on stderr, a stack only with --debug, and no hang for the path that used
 * to spin forever (`--runs-dir /proc/x`). Each child runs in its own process group, killed
 * whole if it outlives its time limit.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeScenario } from '../../lib/scenario/io.js';
import { tinyScenario } from '../precoding/fixtures.js';
import { STACK_RE, failsCleanly } from './helpers.js';

const ROOT = process.cwd();
const dir = mkdtempSync(join(tmpdir(), 'msms-sub-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run `node bin/msms.js argv…`; resolves with the exit code ('timeout' after `limitMs`) and output. */
function msms(argv: string[], limitMs = 90_000): Promise<{ code: number | 'timeout'; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'msms.js'), ...argv], {
      cwd: ROOT,
      detached: true, // own process group: the tsx grandchild is killed with it
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    }, limitMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code: timedOut ? 'timeout' : (code ?? -1), out, err });
    });
  });
}

describe('msms as a command (child processes)', () => {
  const drop = join(dir, 'drop.json');
  writeScenario(drop, tinyScenario(7));
  const cfg = join(dir, 'fake.json');
  writeFileSync(
    cfg,
    JSON.stringify({
      name: 'sub',
      seed: 1,
      drops: 1,
      base: {},
      grid: { x: [1] },
      schemes: [{ name: 'A' }],
      runner: 'test/experiments/fake-runner.ts',
    }),
  );

  it('the former /proc hang, a full device, --debug and a success', async () => {
    const [proc, full, debug, ok] = await Promise.all([
      msms(['sweep', '--config', cfg, '--runs-dir', '/proc/x', '--workers', '0', '--no-progress'], 60_000),
      msms(['precode', '--scheme', 'dft', '--in', drop, '--realizations', '0', '--out', '/dev/full']),
      msms(['rate', '--in', drop, '--precoders', drop, '--debug']),
      msms([
        'scenario',
        '--K',
        '2',
        '--S',
        '2',
        '--Sk',
        '1',
        '--streams',
        '1',
        '--nTV',
        '2',
        '--nTH',
        '2',
        '--out',
        join(dir, 'ok.json'),
      ]),
    ]);
    expect(failsCleanly(proc, 2)).toBeUndefined();
    expect(proc.err).toMatch(/^msms sweep: --runs-dir \/proc\/x: \/proc is on the kernel's proc file system/);
    expect(failsCleanly(full, 1)).toBeUndefined();
    expect(full.err.trim()).toBe('msms precode: cannot write /dev/full: no space left on the device (ENOSPC)');
    expect(debug.code).toBe(2);
    expect(debug.err.split('\n')[0]).toMatch(/^msms rate: .*precoders\.format must be 'msms-precoders'/);
    expect(STACK_RE.test(debug.err)).toBe(true); // --debug: the stack follows the line
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/^wrote .*ok\.json: S=2 K=2 N_T=4 N_R=4/);
    expect(ok.out).not.toMatch(/NaN|Infinity/);
  });
});
