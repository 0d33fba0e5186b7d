/**
 * Up-front checks of the paths a command is given, so that a bad path is one line naming
 * the flag (exit 2) before anything is computed, and results are written whole or not at
 * all (docs/errors.md).
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { FsPathError, checkWritableDir, writeFileAtomic } from '../experiments/files.js';
import { RuntimeFailure, UsageError } from './errors.js';

/** `--flag path` must name an existing file (not a folder). */
export function checkInputFile(flag: string, path: string): void {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(
      `--${flag} ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'ENOTDIR' ? 'a part of the path is not a folder' : `cannot read it (${code})`}`,
    );
  }
  if (st.isDirectory()) throw new UsageError(`--${flag} ${path} is a folder; give a file`);
}

/** `--flag path` must be a file that can be created or replaced: its folder exists and is writable. */
export function checkOutputFile(flag: string, path: string): void {
  const abs = resolve(path);
  if (existsSync(abs) && statSync(abs).isDirectory()) {
    throw new UsageError(`--${flag} ${path} is a folder; give a file name`);
  }
  if (existsSync(abs) && !statSync(abs).isFile()) {
    // a device or pipe (/dev/stdout): written in place, so only it must be writable
    try {
      accessSync(abs, constants.W_OK);
    } catch (e) {
      throw new UsageError(`--${flag} ${path} is not writable (${(e as NodeJS.ErrnoException).code})`);
    }
    return;
  }
  const parent = dirname(abs);
  if (!existsSync(parent)) {
    throw new UsageError(`--${flag} ${path}: the folder ${parent} does not exist (create it first)`);
  }
  checkDir(`--${flag} ${path}`, parent);
}

/** `--flag dir` must be a folder that exists or can be created, and is writable. */
export function checkOutputDir(flag: string, dir: string): void {
  checkDir(`--${flag} ${dir}`, dir);
}

function checkDir(what: string, dir: string): void {
  try {
    checkWritableDir(dir, what);
  } catch (e) {
    if (e instanceof FsPathError) throw new UsageError(e.message);
    throw e;
  }
}

/** Every number in `value` finite (no NaN/Infinity, which JSON would write as null); names the first bad one. */
export function firstNonFinite(value: unknown, path = ''): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path || 'value'} = ${value}`;
  if (value === null) return `${path || 'value'} = null`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = firstNonFinite(value[i], `${path}[${i}]`);
      if (bad) return bad;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== undefined) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      const bad = firstNonFinite(v, path ? `${path}.${k}` : k);
      if (bad) return bad;
    }
  }
  return undefined;
}

/**
 * Write a result as JSON (whole or not at all), after checking that it holds no NaN,
 * Infinity or null — a non-finite result is a failure of the run (exit 1), never a file.
 */
export function writeJsonResult(path: string, value: unknown, text?: string): void {
  const bad = firstNonFinite(value);
  if (bad) throw new RuntimeFailure(`the result is not finite (${bad}); nothing was written to ${path}`);
  writeFileAtomic(path, text ?? `${JSON.stringify(value)}\n`);
}
