/**
 * scripts/run-notebooks.sh — the gate that executes every notebook in `npm test`: a
 * passing notebook passes (kernel in the project root, MSMS_QUICK exported), a failing
 * assertion fails with its message, a notebook that asserts nothing fails without being
 * run, and the last line is exactly 'N passed, M failed' with a non-zero exit status on
 * any failure; noisy outputs (stderr, long lines, absolute paths) fail a notebook; --write
 * and --publish save normalised outputs (no timestamps, no progress lines, merged streams)
 * and the test run never rewrites a notebook. Runs real tslab kernels (about 20 s).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'msms-nb-runner-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function notebook(name: string, cells: string[]): string {
  const path = join(dir, name);
  const nb = {
    cells: cells.map((source, i) => ({
      cell_type: 'code',
      id: `c${i}`,
      metadata: {},
      source,
      outputs: [],
      execution_count: null,
    })),
    metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  writeFileSync(path, JSON.stringify(nb));
  return path;
}

function runner(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync('bash', ['scripts/run-notebooks.sh', ...args], {
    cwd: process.cwd(),
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  const lines = r.stdout.trimEnd().split('\n');
  return { status: r.status, stdout: r.stdout, last: lines[lines.length - 1] };
}

describe('scripts/run-notebooks.sh', () => {
  it('passes a notebook that imports ./lib from the project root and sees MSMS_QUICK=1', () => {
    const ok = notebook('ok.ipynb', [
      "import { identity } from './lib/linalg/index.js';\nconst eye = identity(2);",
      "if (eye.re[3] !== 1 || process.env.MSMS_QUICK !== '1') throw new Error(`quick=${process.env.MSMS_QUICK}`);",
    ]);
    const r = runner([ok], { MSMS_QUICK: '' });
    expect(r.stdout).toMatch(/PASS {2}.*ok\.ipynb/);
    expect(r.last).toBe('1 passed, 0 failed');
    expect(r.status).toBe(0);
  });

  it('fails on a failing assertion (with its message) and on a notebook that asserts nothing', () => {
    const bad = notebook('bad.ipynb', ["const x: number = 2;\nif (x !== 3) throw new Error('x is not three');"]);
    const none = notebook('none.ipynb', ['const y = 1; // assert(y) in a comment does not count']);
    const r = runner(['--jobs', '2', bad, none]);
    expect(r.stdout).toMatch(/FAIL {2}.*bad\.ipynb/);
    expect(r.stdout).toContain('Error: x is not three');
    expect(r.stdout).toMatch(/FAIL {2}.*none\.ipynb/);
    expect(r.stdout).toContain('notebook asserts nothing');
    expect(r.last).toBe('0 passed, 2 failed');
    expect(r.status).toBe(1);
  });

  it("counts the kit's assertChecks as an assertion, but not in a comment, and fails on a check that fails", () => {
    const checks = notebook('checks.ipynb', [
      "import { assertChecks } from './lib/experiments/checks.js';\nconst one: number = 1;\nassertChecks([['one is one', one === 1, String(one)]]);",
    ]);
    const commented = notebook('commented.ipynb', ["const z = 1; // assertChecks([['z', z === 1, '1']])"]);
    const failing = notebook('failing.ipynb', [
      "import { assertChecks } from './lib/experiments/checks.js';\nconst two: number = 2;\nassertChecks([['two is three', two === 3, String(two)]]);",
    ]);
    const r = runner(['--jobs', '2', checks, commented, failing]);
    expect(r.stdout).toMatch(/PASS {2}.*checks\.ipynb/);
    expect(r.stdout).toMatch(/FAIL {2}.*commented\.ipynb/);
    expect(r.stdout).toContain('notebook asserts nothing');
    expect(r.stdout).toMatch(/FAIL {2}.*failing\.ipynb/);
    expect(r.stdout).toContain('failed: two is three');
    expect(r.last).toBe('1 passed, 2 failed');
  });

  it('rejects bad options with a usage error, and --write into notebooks/', () => {
    expect(runner(['--jobs', '0']).status).toBe(2);
    expect(runner(['--write', 'notebooks', 'notebooks/fig8-beamspace.ipynb']).status).toBe(2);
  });

  it('fails a notebook whose outputs are noisy: stderr, a line over 100 characters, an absolute path', () => {
    const noisy = notebook('noisy.ipynb', [
      "console.error('a warning');\nconsole.log('x'.repeat(101));",
      "console.log(`here: ${process.cwd()}/lib`);\nif (1 > 2) throw new Error('never');",
    ]);
    const r = runner([noisy]);
    expect(r.stdout).toMatch(/FAIL {2}.*noisy\.ipynb/);
    expect(r.stdout).toContain('cell 0: writes to stderr (an error box in Jupyter): a warning');
    expect(r.stdout).toContain('cell 0: stdout stream line of 101 > 100 characters');
    expect(r.stdout).toMatch(/cell 1: absolute path in stdout stream: \.\.\.here: \//);
    expect(r.last).toBe('0 passed, 1 failed');
  });

  it('--write and --publish save normalised outputs; the test run leaves the notebook as it was', () => {
    const cells = [
      "console.log('first');\nprocess.stdout.write('sweep f-quick [##......] 1/4 tasks (25%) elapsed 0:01 ETA 0:03\\n');\n" +
        "console.log('sweep f-quick-ab12: 3 of 4 tasks already in\\n  data/runs/f-quick-ab12, 1 to compute');\n" +
        'const done = 1;',
      "console.log('second');\nif (2 < 1) throw new Error('never');",
    ];
    const path = notebook('publish.ipynb', cells);
    const before = readFileSync(path, 'utf8');
    expect(runner([path]).last).toBe('1 passed, 0 failed');
    expect(readFileSync(path, 'utf8')).toBe(before); // the test run never rewrites

    const copies = join(dir, 'copies');
    expect(runner(['--write', copies, path]).last).toBe('1 passed, 0 failed');
    expect(runner(['--publish', path]).last).toBe('1 passed, 0 failed');
    for (const file of [join(copies, 'publish.ipynb'), path]) {
      const nb = JSON.parse(readFileSync(file, 'utf8')) as {
        cells: { metadata: Record<string, unknown>; outputs: { output_type: string; text?: string | string[] }[] }[];
      };
      const text = nb.cells.map((c) => c.outputs.map((o) => [o.text ?? ''].flat().join('')).join('|'));
      expect(text).toEqual(['first\n', 'second\n']); // progress line and engine note (2 lines) dropped
      expect(nb.cells.every((c) => c.metadata.execution === undefined)).toBe(true); // no timestamps
    }
  });
});
