/**
 * Filesystem problems (issue 11): missing folders, files where folders are expected,
 * kernel pseudo file systems (/proc, /sys), read-only folders and a full disk — each one
 * line with the right exit code, nothing hangs, and a sweep stopped by a full disk keeps
 * its finished tasks and resumes. The full disk is simulated by making the checkpoint
 * writer (lib/experiments/files.ts `fileOps`) fail with ENOSPC after n lines; writing to
 * /dev/full gives a real ENOSPC from the kernel.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readRecords } from '../../lib/experiments/checkpoint.js';
import { fileOps } from '../../lib/experiments/files.js';
import { writeScenario } from '../../lib/scenario/io.js';
import { tinyScenario } from '../precoding/fixtures.js';
import { failsCleanly, runCli, writeFakeSweep } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'msms-fs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const saved = { ...fileOps };
afterEach(() => Object.assign(fileOps, saved));

const cfgPath = writeFakeSweep(join(dir, 'fake.json'), {
  name: 'fsfake',
  seed: 5,
  drops: 4,
  x: [1, 2, 3],
  schemes: ['A', 'B'],
});
const sweep = (runs: string, id: string, ...more: string[]) =>
  runCli(['sweep', '--config', cfgPath, '--runs-dir', runs, '--id', id, '--no-progress', ...more]);

/** Make fileOps.writeSync fail with ENOSPC once `n` checkpoint lines went through. */
function diskFullAfter(n: number): void {
  let lines = 0;
  fileOps.writeSync = (fd, text) => {
    if (lines >= n) {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
    }
    lines++;
    return saved.writeSync(fd, text);
  };
}

describe('unusable folders are one line naming the flag (exit 2), and nothing hangs', () => {
  const file = join(dir, 'a-file');
  writeFileSync(file, 'x');
  it.each([
    ['/proc/x', "/proc is on the kernel's proc file system"],
    ['/proc/x/y/z', "/proc is on the kernel's proc file system"],
    ['/sys/msms', "/sys is on the kernel's sysfs file system"],
    [file, 'is a file, not a folder'],
    [join(file, 'sub'), 'is a file, not a folder'],
  ])('sweep --runs-dir %s', async (runs, what) => {
    const r = await sweep(runs, 'x', '--workers', '0');
    expect(failsCleanly(r, 2)).toBeUndefined();
    expect(r.err).toContain(`--runs-dir ${runs}`);
    expect(r.err).toContain(what);
  });

  it('a read-only folder (checked as an unprivileged user)', () => {
    const ro = join(dir, 'ro');
    chmodSync(dir, 0o755); // the unprivileged child must read its script
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    // The child imports lib/experiments/files.ts transpiled into this folder (it imports only
    // node: modules), not from the checkout: 'nobody' may not read the checkout (a clone in a
    // 0700 folder, as `mktemp -d` makes) or its node_modules.
    const source = readFileSync(join(process.cwd(), 'lib/experiments/files.ts'), 'utf8');
    const js = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    writeFileSync(join(dir, 'files.mjs'), js);
    const script = join(dir, 'ro-check.mjs');
    writeFileSync(
      script,
      `const { checkWritableDir } = await import('./files.mjs');
       try { checkWritableDir(process.argv[2], '--runs-dir ' + process.argv[2]); console.log('accepted'); }
       catch (e) { console.log(e.name + ': ' + e.message); }`,
    );
    // root may write anywhere: run the check as 'nobody' then (chmod alone proves nothing for root)
    const asRoot = process.getuid?.() === 0;
    const r = spawnSync(process.execPath, [script, join(ro, 'runs')], {
      cwd: dir,
      encoding: 'utf8',
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    expect(r.stdout.trim(), r.stderr).toBe(
      `FsPathError: --runs-dir ${join(ro, 'runs')}: ${ro} is not writable: permission denied (EACCES)`,
    );
  });

  it('--out into a missing folder, onto a folder, or a device that is full', async () => {
    const drop = join(dir, 'drop.json');
    writeScenario(drop, tinyScenario(3));
    for (const [out, code, text] of [
      [join(dir, 'missing', 'x.json'), 2, `the folder ${join(dir, 'missing')} does not exist`],
      [dir, 2, 'is a folder; give a file name'],
      ['/dev/full', 1, 'cannot write /dev/full: no space left on the device (ENOSPC)'],
    ] as const) {
      const r = await runCli(['precode', '--scheme', 'dft', '--in', drop, '--realizations', '0', '--out', out]);
      expect(failsCleanly(r, code)).toBeUndefined();
      expect(r.err).toContain(text);
    }
    expect(existsSync('/dev/full')).toBe(true); // written in place, never replaced
  });
});

describe('a full disk during a sweep', () => {
  it.each([[0], [2]])(
    'stops with one line (exit 1), keeps the finished tasks and resumes (workers %i)',
    async (workers) => {
      const runs = join(dir, `full-${workers}`);
      diskFullAfter(5);
      const r = await sweep(runs, 's', '--workers', String(workers));
      expect(failsCleanly(r, 1)).toBeUndefined();
      expect(r.err).toMatch(/no space left on the device \(ENOSPC\); every task finished before is saved there/);
      expect(r.err).toContain('rerun the same command to resume');
      const kept = readRecords(join(runs, 's'));
      expect(kept.length).toBe(5);
      expect(existsSync(join(runs, 's', 'tasks-1of1.lock'))).toBe(false);

      Object.assign(fileOps, saved); // space freed
      const again = await sweep(runs, 's', '--workers', String(workers));
      expect(again.code, again.err).toBe(0);
      expect(again.out).toContain('computed 7, reused 5, 12/12 tasks done');
      // same numbers as an uninterrupted run
      const ref = await sweep(join(dir, `ref-${workers}`), 's', '--workers', '0');
      expect(ref.code).toBe(0);
      const metrics = (p: string) =>
        readRecords(p).map((x) => [x.point, x.drop, x.schemes.map((s) => s.metrics.value)]);
      expect(metrics(join(runs, 's'))).toEqual(metrics(join(dir, `ref-${workers}`, 's')));
    },
  );

  it('a full disk while writing the tables: one line; the rerun computes nothing and writes them', async () => {
    const runs = join(dir, 'tables');
    fileOps.renameSync = (from, to) => {
      if (to.endsWith('.csv'))
        throw Object.assign(new Error('ENOSPC: no space left on device'), {
          code: 'ENOSPC',
          syscall: 'rename',
          path: from,
          dest: to,
        });
      saved.renameSync(from, to);
    };
    const r = await sweep(runs, 't', '--workers', '0');
    expect(failsCleanly(r, 1)).toBeUndefined();
    expect(r.err).toMatch(/no space left on the device \(ENOSPC\); the tasks finished so far are saved in /);
    expect(existsSync(join(runs, 't', 'results.csv'))).toBe(false);
    Object.assign(fileOps, saved);
    const again = await sweep(runs, 't', '--workers', '0');
    expect(again.code).toBe(0);
    expect(again.out).toContain('computed 0, reused 12');
    expect(readFileSync(join(runs, 't', 'results.csv'), 'utf8').split('\n').length).toBe(12 * 2 + 2);
  });
});
