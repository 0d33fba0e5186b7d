/**
 * Sweep output in notebooks (lib/experiments/progress.ts notebookOutput): the progress line
 * goes to stdout (stderr shows as an error box in Jupyter) in the format the notebook runner
 * drops from saved notebooks, the engine's notes name the run folder relative to the root
 * and fit in 100 characters; wrapText wraps long lines with an indented continuation.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SweepConfig } from '../../lib/experiments/config.js';
import { runSweep } from '../../lib/experiments/engine.js';
import { PROGRESS_LINE, RUN_NOTE_LINE, notebookOutput, wrapText } from '../../lib/experiments/progress.js';
import { runner as fake } from './fake-runner.js';

const root = mkdtempSync(join(tmpdir(), 'msms-progress-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Run `f` and return what it wrote to stdout and stderr. */
async function captured(f: () => Promise<unknown>): Promise<{ out: string; err: string }> {
  const write = { out: process.stdout.write, err: process.stderr.write };
  let out = '';
  let err = '';
  process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write;
  try {
    await f();
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
  return { out, err };
}

describe('notebookOutput', () => {
  const config: SweepConfig = {
    name: 'nb',
    seed: 3,
    drops: 3,
    base: { spinMs: 0 },
    grid: { x: [1, 2] },
    schemes: [{ name: 'A' }],
    runner: join(process.cwd(), 'test', 'experiments', 'fake-runner.ts'), // the root below is a temporary folder
  };
  const opts = { runsDir: join(root, 'data', 'runs'), workers: 0, runner: fake, root, ...notebookOutput(root) };

  it('puts the progress line on stdout, nothing on stderr', async () => {
    const { out, err } = await captured(() => runSweep(config, opts));
    expect(err).toBe('');
    const lines = out.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2); // the first line and the final one
    for (const l of lines) expect(l).toMatch(PROGRESS_LINE);
    expect(lines[lines.length - 1]).toMatch(/^sweep nb \[#{24}\] 6\/6 tasks \(100%\)/);
  });

  it('a resumed run notes what it found, relative to the root, in lines of ≤ 100 characters', async () => {
    const { out, err } = await captured(() => runSweep(config, opts));
    expect(err).toBe('');
    expect(out).toMatch(RUN_NOTE_LINE);
    expect(out).toContain('6 of 6 tasks already in data/runs/nb-');
    expect(out).not.toContain(root);
    for (const l of out.trimEnd().split('\n')) expect(l.length).toBeLessThanOrEqual(100);
  });
});

describe('wrapText', () => {
  it('wraps at spaces to the width, continuation lines indented by two', () => {
    const text = wrapText('alpha beta gamma delta epsilon', 12);
    expect(text).toBe('alpha beta\n  gamma\n  delta\n  epsilon');
    expect(wrapText('short\nlines stay', 12)).toBe('short\nlines stay');
  });
});
