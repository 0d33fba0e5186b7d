/**
 * Helpers of the CLI tests: run `msms` in-process through `main` with captured output,
 * and the shared assertions of the error discipline (docs/errors.md).
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../lib/cli/index.js';

export const COMMANDS = join(process.cwd(), 'lib', 'cli', 'commands');

/** What one CLI run did. `code` is 'crash' when main itself threw, 'timeout' when a child was killed. */
export interface CliRun {
  code: number | 'crash' | 'timeout';
  out: string;
  err: string;
}

/** Run `msms argv…` in this process through `main`, with stdout/stderr captured. */
export async function runCli(argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = await main(argv, { commandsDir: COMMANDS, io: { out: (l) => out.push(l), err: (l) => err.push(l) } });
    return { code, out: out.join('\n'), err: err.join('\n') };
  } catch (e) {
    err.push(String((e as Error).stack ?? e));
    return { code: 'crash', out: out.join('\n'), err: err.join('\n') };
  }
}

/** A stack-trace line ("    at f (file:1:2)") or a Node source excerpt with a caret. */
export const STACK_RE = /^\s+at\s|^\s*\^+\s*$|node:internal/m;
/** A non-finite number as a result: NaN, Infinity (either sign) or a JSON null. */
export const NONFINITE_RE = /\bNaN\b|Infinity|\bnull\b/;

/** The error discipline: exit 2 (input) or 1 (runtime), exactly one line on stderr, no stack. */
export function failsCleanly(r: CliRun, code: 1 | 2): string | undefined {
  if (r.code !== code) return `exit code ${String(r.code)}, expected ${code}; stderr: ${r.err.slice(0, 400)}`;
  const lines = r.err.split('\n').filter((l) => l.trim() !== '');
  if (lines.length !== 1) return `stderr has ${lines.length} lines: ${r.err.slice(0, 400)}`;
  if (STACK_RE.test(r.err)) return `stack trace on stderr: ${r.err.slice(0, 400)}`;
  return undefined;
}

/** Every file under `dir` (recursively) with its bytes, for byte-for-byte comparisons. */
export function snapshotDir(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p, `${rel}${f}/`);
      else out[`${rel}${f}`] = readFileSync(p).toString('base64');
    }
  };
  walk(dir, '');
  return out;
}

/**
 * Write a sweep configuration for the test-double runner (test/experiments/fake-runner.ts)
 * to `path`: `grid.x` points × `schemes`, `spinMs` 0. Returns the path.
 */
export function writeFakeSweep(
  path: string,
  o: { name: string; seed: number; drops: number; x: number[]; schemes: string[] },
): string {
  writeFileSync(
    path,
    JSON.stringify({
      name: o.name,
      seed: o.seed,
      drops: o.drops,
      base: { spinMs: 0 },
      grid: { x: o.x },
      schemes: o.schemes.map((name) => ({ name })),
      runner: 'test/experiments/fake-runner.ts',
    }),
  );
  return path;
}
