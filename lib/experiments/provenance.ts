/**
 * Provenance written beside every result (Section VI reproductions): kit version, git
 * commit (and whether the work tree had uncommitted changes), date, Node version.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Who/what/when produced a result file. */
export interface Provenance {
  kitVersion: string;
  gitCommit: string | null;
  gitDirty: boolean | null;
  date: string;
  node: string;
}

/** The kit version from package.json at `root` ('unknown' if unreadable). */
export function kitVersion(root: string): string {
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** HEAD commit of the git repository at `root`, or null outside git. */
export function gitCommit(root: string): string | null {
  const r = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** True when the work tree at `root` has uncommitted changes to tracked files (null outside git). */
export function gitDirty(root: string): boolean | null {
  const r = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() !== '' : null;
}

/** Provenance of a result produced now from the kit at `root`. */
export function provenance(root: string): Provenance {
  return {
    kitVersion: kitVersion(root),
    gitCommit: gitCommit(root),
    gitDirty: gitDirty(root),
    date: new Date().toISOString(),
    node: process.version,
  };
}
