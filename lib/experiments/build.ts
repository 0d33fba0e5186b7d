/**
 * Which code the sweep engine (engine.ts) runs in its worker threads: the TypeScript
 * sources through tsx's loader (tests, scripts, benchmarks, notebooks) or the compiled
 * build dist/ (the `msms` CLI, bin/msms.js → dist/bin/msms-main.js, which calls
 * `useCompiledBuild`). Compiled, a worker starts as plain JavaScript with no loader, and a
 * runner module given as a TypeScript path (config.runner, default
 * lib/experiments/pipeline.ts) is replaced by its compiled counterpart in dist/. A
 * TypeScript runner that has none (e.g. one of your own outside lib/) still works: it is
 * loaded through tsx, in the main thread and in the workers.
 *
 * The sweep's configuration keeps the source path, so its hash, id and checkpoints are the
 * same whichever way it runs: a sweep started from a notebook resumes from the CLI.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';

let buildDir: string | null = null;

/** Declare that this process runs the compiled build in `dir` (called by the compiled CLI entry); null: the sources. */
export function useCompiledBuild(dir: string | null): void {
  buildDir = dir;
}

/** The compiled build this process runs, or null when it runs the TypeScript sources. */
export function compiledBuildDir(): string | null {
  return buildDir;
}

/** True for a path the tsx loader is needed for. */
export function isTypeScriptModule(path: string): boolean {
  return /\.[mc]?ts$/.test(path);
}

/**
 * The compiled counterpart of a TypeScript module under `root` (`<root>/lib/x.ts` →
 * `<build>/lib/x.js`) when this process runs a compiled build and the file exists; else null.
 */
export function compiledCounterpart(path: string, root: string): string | null {
  if (buildDir === null || !isTypeScriptModule(path)) return null;
  const rel = relative(root, path);
  if (rel.startsWith('..') || isAbsolute(rel)) return null;
  const js = join(buildDir, rel.replace(/\.([mc]?)ts$/, '.$1js'));
  return existsSync(js) ? js : null;
}

/** How a worker thread of the engine is started for a given runner module. */
export interface WorkerModules {
  /** File the Worker is constructed with. */
  entry: string;
  /** Worker script imported by `entry` when it is the tsx bootstrap (worker-entry.mjs). */
  script: string;
  /** Runner module the worker imports (a compiled counterpart when there is one). */
  runnerPath: string;
}

/**
 * Worker entry, worker script and runner module for `runnerPath` (absolute):
 *  - TypeScript sources: lib/experiments/worker-entry.mjs registers tsx, then loads worker.ts;
 *  - compiled, JavaScript runner (or one with a compiled counterpart): dist's worker.js
 *    directly, no loader;
 *  - compiled, TypeScript runner without counterpart: worker-entry.mjs (tsx) loading dist's worker.js.
 */
export function workerModules(root: string, runnerPath: string): WorkerModules {
  const tsEntry = join(root, 'lib', 'experiments', 'worker-entry.mjs');
  if (buildDir === null) {
    return { entry: tsEntry, script: join(root, 'lib', 'experiments', 'worker.ts'), runnerPath };
  }
  const compiledWorker = join(buildDir, 'lib', 'experiments', 'worker.js');
  const runner = compiledCounterpart(runnerPath, root) ?? runnerPath;
  return isTypeScriptModule(runner)
    ? { entry: tsEntry, script: compiledWorker, runnerPath: runner }
    : { entry: compiledWorker, script: compiledWorker, runnerPath: runner };
}
