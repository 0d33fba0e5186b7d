/**
 * Which modules the sweep engine starts its workers with (lib/experiments/build.ts): the
 * TypeScript sources through the tsx bootstrap, or — once a process declares a compiled
 * build — dist's worker.js directly with the runner's compiled counterpart, falling back to
 * the tsx bootstrap for a TypeScript runner that has none. Files are laid out in a scratch
 * folder standing for the project root.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, afterAll, describe, expect, it } from 'vitest';
import { compiledBuildDir, compiledCounterpart, useCompiledBuild, workerModules } from '../../lib/experiments/build.js';

const root = mkdtempSync(join(tmpdir(), 'msms-build-'));
const dist = join(root, 'dist');
mkdirSync(join(dist, 'lib', 'experiments'), { recursive: true });
writeFileSync(join(dist, 'lib', 'experiments', 'pipeline.js'), '');
afterEach(() => useCompiledBuild(null));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const src = (p: string) => join(root, p);

describe('worker modules', () => {
  it('runs the TypeScript sources through the tsx bootstrap by default', () => {
    expect(compiledBuildDir()).toBeNull();
    expect(compiledCounterpart(src('lib/experiments/pipeline.ts'), root)).toBeNull();
    expect(workerModules(root, src('lib/experiments/pipeline.ts'))).toEqual({
      entry: src('lib/experiments/worker-entry.mjs'),
      script: src('lib/experiments/worker.ts'),
      runnerPath: src('lib/experiments/pipeline.ts'),
    });
  });

  it('compiled: dist worker.js with the compiled runner, no loader', () => {
    useCompiledBuild(dist);
    expect(compiledCounterpart(src('lib/experiments/pipeline.ts'), root)).toBe(
      join(dist, 'lib/experiments/pipeline.js'),
    );
    expect(workerModules(root, src('lib/experiments/pipeline.ts'))).toEqual({
      entry: join(dist, 'lib/experiments/worker.js'),
      script: join(dist, 'lib/experiments/worker.js'),
      runnerPath: join(dist, 'lib/experiments/pipeline.js'),
    });
    // a JavaScript runner anywhere is imported as it is
    expect(workerModules(root, '/elsewhere/my-runner.mjs').entry).toBe(join(dist, 'lib/experiments/worker.js'));
  });

  it('compiled, TypeScript runner without counterpart: the tsx bootstrap loading the compiled worker', () => {
    useCompiledBuild(dist);
    for (const runner of [src('test/experiments/fake-runner.ts'), '/elsewhere/my-runner.ts', src('lib/x/missing.ts')]) {
      expect(compiledCounterpart(runner, root)).toBeNull();
      expect(workerModules(root, runner)).toEqual({
        entry: src('lib/experiments/worker-entry.mjs'),
        script: join(dist, 'lib/experiments/worker.js'),
        runnerPath: runner,
      });
    }
  });
});
