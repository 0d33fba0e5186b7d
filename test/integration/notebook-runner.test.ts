/**
 * scripts/run-notebooks.sh — the gate that executes every notebook in `npm test`: a
 * passing notebook passes (kernel in the project root, MSMS_QUICK exported), a failing
 * assertion fails with its message, a notebook that asserts nothing fails without being
 * run, and the last line is exactly 'N passed, M failed' with a non-zero exit status on
 * any failure. Runs real tslab kernels (about 10 s).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

  it('rejects bad options with a usage error', () => {
    const r = runner(['--jobs', '0']);
    expect(r.status).toBe(2);
  });
});
