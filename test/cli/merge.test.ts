/**
 * `msms merge` is a transaction and checkpoint lines carry checksums (issue 11): every
 * failing merge leaves the target and the sources byte for byte as they were (checked on
 * every file), after which the same folders still resume and merge; an edited line is
 * reported with its file and line; old lines without checksums are accepted with a warning.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readRecords } from '../../lib/experiments/checkpoint.js';
import { fileOps } from '../../lib/experiments/files.js';
import { failsCleanly, runCli, snapshotDir, writeFakeSweep } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'msms-merge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const saved = { ...fileOps };
afterEach(() => Object.assign(fileOps, saved));

const cfgPath = writeFakeSweep(join(dir, 'fake.json'), {
  name: 'mergefake',
  seed: 9,
  drops: 3,
  x: [1, 2],
  schemes: ['A'],
});
const shard = (machine: string, i: number) =>
  runCli([
    'sweep',
    ...['--config', cfgPath, '--runs-dir', join(dir, machine), '--id', 'sw', '--workers', '0', '--no-progress'],
    ...['--shard', `${i}/2`],
  ]);

/** Two machines, one shard each; returns fresh copies (a, b) of their run directories. */
let n = 0;
async function machines(): Promise<{ a: string; b: string }> {
  if (!existsSync(join(dir, 'm1', 'sw'))) {
    expect((await shard('m1', 1)).code).toBe(0);
    expect((await shard('m2', 2)).code).toBe(0);
  }
  const k = n++;
  cpSync(join(dir, 'm1', 'sw'), join(dir, `a${k}`, 'sw'), { recursive: true });
  cpSync(join(dir, 'm2', 'sw'), join(dir, `b${k}`, 'sw'), { recursive: true });
  return { a: join(dir, `a${k}`, 'sw'), b: join(dir, `b${k}`, 'sw') };
}

/** Run a merge that must fail; both folders must be unchanged byte for byte. */
async function failingMerge(code: 1 | 2, argv: string[], folders: string[]): Promise<string> {
  const before = folders.map((f) => (existsSync(f) ? snapshotDir(f) : null));
  const r = await runCli(['merge', ...argv]);
  expect(failsCleanly(r, code)).toBeUndefined();
  folders.forEach((f, i) => {
    if (before[i] === null) expect(existsSync(f), `${f} was created`).toBe(false);
    else expect(snapshotDir(f)).toEqual(before[i]);
  });
  return r.err;
}

/** Edit the metric of line `line` (1-based) of a checkpoint, keeping it valid JSON. */
function editMetric(file: string, line: number): void {
  const lines = readFileSync(file, 'utf8').split('\n');
  lines[line - 1] = lines[line - 1].replace(/"value":(-?[0-9.e+-]+)/, (_, v) => `"value":${Number(v) + 1}`);
  writeFileSync(file, lines.join('\n'));
}

describe('merge is transactional', () => {
  it('a source with an edited line: one line naming file and line; nothing copied', async () => {
    const { a, b } = await machines();
    editMetric(join(b, 'tasks-2of2.jsonl'), 2);
    const err = await failingMerge(2, ['--dir', a, '--from', b], [a, b]);
    expect(err).toContain(`${join(b, 'tasks-2of2.jsonl')} line 2`);
    expect(err).toContain('checksum mismatch');
    // the target still resumes and merges once the bad line is gone
    const lines = readFileSync(join(b, 'tasks-2of2.jsonl'), 'utf8').split('\n');
    writeFileSync(join(b, 'tasks-2of2.jsonl'), [lines[0], ...lines.slice(2)].join('\n'));
    const ok = await runCli(['merge', '--dir', a, '--from', b, '--allow-partial']);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.err).toContain('1 tasks missing');
  });

  it.each([
    [
      'a truncated sweep.json',
      (b: string) => writeFileSync(join(b, 'sweep.json'), '{"id": "sw", "ha'),
      'is not valid JSON',
    ],
    [
      'an edited sweep.json',
      (b: string) => {
        const m = JSON.parse(readFileSync(join(b, 'sweep.json'), 'utf8'));
        m.config.seed = 10;
        writeFileSync(join(b, 'sweep.json'), JSON.stringify(m));
      },
      'its configuration does not match its hash',
    ],
    [
      'a foreign sweep',
      (b: string) => {
        const m = JSON.parse(readFileSync(join(b, 'sweep.json'), 'utf8'));
        m.config.grid = { x: [1, 2, 3] };
        writeFileSync(join(b, 'sweep.json'), JSON.stringify(m));
      },
      'its configuration does not match its hash',
    ],
    [
      'a line that is not JSON',
      (b: string) => writeFileSync(join(b, 'tasks-2of2.jsonl'), 'garbage\n'),
      'line 1 is not valid JSON',
    ],
  ])('a source with %s: one line, nothing changed', async (_name, spoil, text) => {
    const { a, b } = await machines();
    spoil(b);
    expect(await failingMerge(2, ['--dir', a, '--from', b], [a, b])).toContain(text);
  });

  it('missing tasks without --allow-partial, into a new target: the target is not created', async () => {
    const { a } = await machines();
    const target = join(dir, 'new-target');
    const err = await failingMerge(2, ['--dir', target, '--from', a], [a, target]);
    expect(err).toMatch(/3 of 6 tasks are missing/);
  });

  it('a write that fails half way (disk full at the 3rd file) is undone: both folders as before', async () => {
    const { a, b } = await machines();
    // make results.csv exist beforehand so an overwritten file must be restored too
    expect((await runCli(['merge', '--dir', a, '--allow-partial'])).code).toBe(0);
    let renames = 0;
    fileOps.renameSync = (from, to) => {
      if (++renames === 3)
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC', syscall: 'rename' });
      saved.renameSync(from, to);
    };
    const err = await failingMerge(1, ['--dir', a, '--from', b], [a, b]);
    expect(err).toContain('no space left on the device (ENOSPC)');
    // and into a new target: it disappears again
    renames = 0;
    const target = join(dir, 'new-target-2');
    await failingMerge(1, ['--dir', target, '--from', `${a},${b}`], [a, b, target]);
    Object.assign(fileOps, saved);
    const ok = await runCli(['merge', '--dir', a, '--from', b]);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain('6 tasks (3 drops)');
    // the merged folder resumes as one sweep and computes nothing
    const again = await runCli([
      'sweep',
      ...['--config', cfgPath, '--runs-dir', join(a, '..'), '--id', 'sw', '--workers', '0', '--no-progress'],
    ]);
    expect(again.out).toContain('computed 0, reused 6');
  });
});

describe('checkpoint checksums', () => {
  it('an edited line of the own checkpoint stops the resume with file and line (exit 2)', async () => {
    const { a } = await machines();
    editMetric(join(a, 'tasks-1of2.jsonl'), 1);
    const r = await runCli([
      'sweep',
      ...['--config', cfgPath, '--runs-dir', join(a, '..'), '--id', 'sw', '--workers', '0', '--no-progress'],
    ]);
    expect(failsCleanly(r, 2)).toBeUndefined();
    expect(r.err).toMatch(/tasks-1of2\.jsonl line 1 \(task p\d\/d\d\): checksum mismatch/);
  });

  it('old lines without a checksum are used, with one warning per file', async () => {
    const { a, b } = await machines();
    for (const f of [join(a, 'tasks-1of2.jsonl'), join(b, 'tasks-2of2.jsonl')])
      writeFileSync(f, readFileSync(f, 'utf8').replace(/,"sum":"[0-9a-f]{16}"\}/g, '}'));
    const r = await runCli(['merge', '--dir', a, '--from', b]);
    expect(r.code, r.err).toBe(0);
    expect(r.err.split('\n').filter((l) => l.includes('carry no checksum')).length).toBe(2);
    expect(r.err).toContain('3 task line(s) carry no checksum (written before checksums were added)');
    expect(readRecords(a, undefined, () => undefined).length).toBe(6);
  });
});
