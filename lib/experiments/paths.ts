/**
 * Locating the kit on disk without ESM-only module metadata (code under lib/ must compile in tslab,
 * which does not allow it): the project root is found from the working directory.
 * Notebooks, npm scripts, vitest and the CLI all run with the project root (or a folder
 * below it) as working directory; `MSMS_ROOT` overrides.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from './config.js';

const MARKER = join('lib', 'experiments', 'worker-entry.mjs');

/** The msms-kit project root: $MSMS_ROOT, else the nearest folder at or above `start` holding lib/experiments. */
export function projectRoot(start: string = process.cwd()): string {
  const env = process.env.MSMS_ROOT;
  if (env) {
    if (!existsSync(join(env, MARKER))) throw new ConfigError(`MSMS_ROOT=${env} does not contain ${MARKER}`);
    return resolve(env);
  }
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, MARKER))) return dir;
    const up = dirname(dir);
    if (up === dir) {
      throw new ConfigError(
        `cannot find the msms-kit root (a folder with ${MARKER}) at or above ${start}; run from the project folder or set MSMS_ROOT`,
      );
    }
    dir = up;
  }
}
