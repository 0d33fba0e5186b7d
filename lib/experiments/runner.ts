/**
 * The per-task contract of the sweep engine (Section VI Monte Carlo): a *runner* module
 * computes one (point, drop) and returns its metrics per scheme. The real MSMS pipeline
 * (geometry → clustering → beam selection → precoders → rates) is `pipeline.ts`; tests
 * plug in stand-ins. A runner module exports `runner: DropRunner`; it is loaded by path
 * (relative to the project root) in every worker thread, so it must be a pure function of
 * its inputs: same (config, point, drop) → same metrics, on any thread or machine.
 */
import { isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compiledBuildDir, isTypeScriptModule } from './build.js';
import { ConfigError, type PointParams, type SchemeSpec, type SweepConfig } from './config.js';

/** What a runner receives for one task. */
export interface TaskContext {
  config: SweepConfig;
  /** Point index into expandPoints(config). */
  point: number;
  /** The point's parameters (base ∪ grid values). */
  params: PointParams;
  /** Drop index; the runner draws from Rng.forDrop(config.seed, drop) and children only. */
  drop: number;
  /** Schemes to run at this point (already filtered by `when`), in config order. */
  schemes: SchemeSpec[];
}

/**
 * Metrics of one scheme on one task: name → number (e.g. rateErgodic, precodeMs). Names
 * ending in 'Ms' are timings: they differ between runs and are left out when runs are compared.
 */
export interface SchemeResult {
  scheme: string;
  metrics: Record<string, number>;
}

/** What a runner returns for one task. */
export interface TaskOutput {
  /** One entry per scheme of the task, in the same order. */
  schemes: SchemeResult[];
  /** Wall time of shared stages on the worker thread (ms), e.g. { geometryMs, clusteringMs }. */
  stageMs?: Record<string, number>;
  /** Descriptive numbers of the drop (e.g. mean elevation); not compared between runs. */
  info?: Record<string, number>;
}

/** A per-task computation plugged into the engine. */
export interface DropRunner {
  /**
   * Version of the runner's numbers: bump it when a change alters what runTask returns for
   * the same inputs. Stored beside a checkpoint; resuming with another version is refused
   * (the finished tasks would be stale). Optional.
   */
  version?: string;
  /**
   * Check a point's parameters and schemes before anything runs (throw ConfigError
   * naming the parameter and its allowed range). Optional.
   */
  validate?(params: PointParams, schemes: SchemeSpec[]): void;
  /** Compute one task. */
  runTask(ctx: TaskContext): TaskOutput | Promise<TaskOutput>;
}

/** Absolute path of a runner module given relative to the project root (or absolute). */
export function resolveRunnerPath(runner: string, root: string): string {
  return isAbsolute(runner) ? runner : join(root, runner);
}

const TSX_API: string = 'tsx/esm/api';

/** The part of tsx's API used here. */
interface TsxApi {
  tsImport(specifier: string, options: { parentURL: string }): Promise<unknown>;
}

/**
 * Load a runner module (TypeScript or JavaScript) through tsx's loader, so this works in
 * tsx scripts, vitest and tslab notebooks alike; the compiled CLI imports JavaScript
 * modules directly (build.ts). Throws ConfigError when the module
 * cannot be loaded or exports no `runner`.
 */
export async function loadRunner(path: string): Promise<DropRunner> {
  let mod: { runner?: DropRunner };
  try {
    if (compiledBuildDir() !== null && !isTypeScriptModule(path)) {
      // the compiled CLI loading JavaScript: no loader needed (and tsx is never started)
      mod = (await import(pathToFileURL(path).href)) as { runner?: DropRunner };
    } else {
      // a non-literal specifier: tslab's TypeScript (node10 resolution) cannot see tsx's typed exports
      const api = (await import(TSX_API)) as TsxApi;
      mod = (await api.tsImport(pathToFileURL(path).href, { parentURL: pathToFileURL(path).href })) as {
        runner?: DropRunner;
      };
    }
  } catch (e) {
    throw new ConfigError(
      `runner module ${path} could not be loaded: ${(e as Error).message} ` +
        `(in a tslab notebook pass the runner object, e.g. runSweep(config, { runner: pipelineRunner }))`,
    );
  }
  const r = mod.runner;
  if (!r || typeof r.runTask !== 'function') {
    throw new ConfigError(`runner module ${path} must export 'runner' with a runTask(ctx) function`);
  }
  return r;
}
