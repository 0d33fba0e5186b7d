/**
 * The compiled CLI (bin/msms.js → dist/, scripts/build.mjs):
 *  - `msms --help` runs with tsx barred (test/cluster/no-tsx.mjs): compiled code only;
 *  - a sweep whose runner is a TypeScript module outside lib/ (no compiled counterpart)
 *    still runs, through tsx, in the main thread and in 2 worker threads;
 *  - in a copy of the kit: an edit of lib/ that does not compile stops msms with one line
 *    naming the error (old code is not run), and a good edit is compiled before msms runs,
 *    so the new code answers; the next start finds dist/ fresh and compiles nothing.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MSMS, NO_TSX, ROOT, ensureBuild } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'msms-compiled-'));
beforeAll(() => ensureBuild());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('compiled msms', () => {
  it('--help runs compiled code only (tsx barred)', () => {
    const r = spawnSync(process.execPath, ['--import', NO_TSX, MSMS, '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^msms — multi-satellite multi-stream beamspace MIMO kit/);
    for (const c of ['merge', 'precode', 'rate', 'scenario', 'status', 'sweep']) expect(r.stdout).toContain(`  ${c} `);
  });

  it('runs a sweep whose runner is a TypeScript module without compiled counterpart (through tsx)', () => {
    const cfg = join(dir, 'fake.json');
    writeFileSync(
      cfg,
      JSON.stringify({
        name: 'tsrunner',
        seed: 1,
        drops: 3,
        base: { spinMs: 0 },
        grid: { x: [1, 2] },
        schemes: [{ name: 'A' }],
        runner: 'test/experiments/fake-runner.ts',
      }),
    );
    const r = spawnSync(
      process.execPath,
      [
        MSMS,
        'sweep',
        '--config',
        cfg,
        '--runs-dir',
        join(dir, 'runs'),
        '--id',
        'ts',
        '--workers',
        '2',
        '--no-progress',
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('sweep ts: computed 6, reused 0, 6/6 tasks done');
    expect(r.stdout).toContain('with 2 worker(s)');
  });
});

describe('a stale build', () => {
  const kit = join(dir, 'kit');
  const msms = (...args: string[]) =>
    spawnSync(process.execPath, [join(kit, 'bin', 'msms.js'), ...args], { cwd: kit, encoding: 'utf8' });
  const statusTs = join(kit, 'lib', 'cli', 'commands', 'status.ts');

  beforeAll(() => {
    // a copy of the kit with the sources' and the build's times kept: dist/ starts fresh
    for (const p of ['lib', 'bin', 'dist', 'scripts/build.mjs', 'tsconfig.json', 'tsconfig.build.json', 'package.json'])
      cpSync(join(ROOT, p), join(kit, p), { recursive: true, preserveTimestamps: true });
    // (cpSync keeps the times of files, not of folders)
    const keepDirTimes = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) keepDirTimes(join(d, e.name));
      const st = statSync(join(ROOT, relative(kit, d)));
      utimesSync(d, st.atime, st.mtime);
    };
    keepDirTimes(join(kit, 'lib'));
    symlinkSync(join(ROOT, 'node_modules'), join(kit, 'node_modules'));
  });

  it('an edit of lib/ is compiled before msms runs; one that does not compile stops it with one line', () => {
    const fresh = spawnSync(process.execPath, [join(kit, 'scripts', 'build.mjs'), '--check'], { encoding: 'utf8' });
    expect(fresh.stdout.trim()).toBe('build: dist/ is up to date');
    const src = readFileSync(statusTs, 'utf8');
    expect(src).toContain("summary: 'progress of a sweep");

    writeFileSync(statusTs, src.replace("summary: 'progress of a sweep", "summary: notDefined + 'progress of a sweep"));
    const bad = msms('--help');
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(
      /^msms: lib\/cli\/commands\/status\.ts changed after the last build; compiling lib\/ into dist\/ \(as npm run build does\) …\n/,
    );
    expect(bad.stderr).toMatch(
      /\nmsms: compiling lib\/ failed with \d+ error\(s\), first: lib\/cli\/commands\/status\.ts\(\d+,\d+\): error TS\d+: .* \(npm run typecheck lists them all\); msms runs the compiled dist\/, which is older than lib\/\n$/,
    );

    writeFileSync(statusTs, src.replace("summary: 'progress of a sweep", "summary: 'EDITED progress of a sweep"));
    const good = msms('--help');
    expect(good.status, good.stderr).toBe(0);
    expect(good.stderr).toMatch(/^msms: lib\/cli\/commands\/status\.ts changed after the last build; compiling/);
    expect(good.stderr).toMatch(/\nmsms: compiled in \d+\.\d s\n$/);
    expect(good.stdout).toMatch(/ {2}status +EDITED progress of a sweep/);

    const again = msms('--help');
    expect(again.stderr).toBe('');
    expect(again.stdout).toContain('EDITED progress of a sweep');
  });
});
