/**
 * Worker thread of the sweep engine (engine.ts): loads the runner module once, then
 * computes the tasks the main thread sends, one at a time, and posts each result back.
 * Started through worker-entry.mjs (which registers the TypeScript loader).
 *
 * Messages: main → worker `{ type: 'task', point, drop }` | `{ type: 'stop' }`;
 * worker → main `{ type: 'ready' }` | `{ type: 'result', point, drop, output }` |
 * `{ type: 'error', point, drop, message, stack }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { expandPoints, schemesAt, type SweepConfig } from './config.js';
import type { DropRunner } from './runner.js';

interface WorkerInit {
  runnerPath: string;
  config: SweepConfig;
}

/** Message from the main thread. */
export type ToWorker = { type: 'task'; point: number; drop: number } | { type: 'stop' };

const port = parentPort;
if (!port) throw new Error('lib/experiments/worker.ts must run in a worker thread');
const init = workerData as WorkerInit;
const points = expandPoints(init.config);

let runner: DropRunner;
try {
  const mod = (await import(pathToFileURL(init.runnerPath).href)) as { runner?: DropRunner };
  if (!mod.runner || typeof mod.runner.runTask !== 'function') {
    throw new Error(`runner module ${init.runnerPath} must export 'runner' with a runTask(ctx) function`);
  }
  runner = mod.runner;
} catch (e) {
  port.postMessage({ type: 'error', point: -1, drop: -1, message: (e as Error).message, stack: (e as Error).stack });
  process.exit(1);
}

port.on('message', async (msg: ToWorker) => {
  if (msg.type === 'stop') {
    port.close();
    return;
  }
  const { point, drop } = msg;
  try {
    const params = points[point];
    const output = await runner.runTask({
      config: init.config,
      point,
      params,
      drop,
      schemes: schemesAt(init.config, params),
    });
    port.postMessage({ type: 'result', point, drop, output });
  } catch (e) {
    const err = e as Error;
    port.postMessage({ type: 'error', point, drop, message: err.message ?? String(e), stack: err.stack });
  }
});
port.postMessage({ type: 'ready' });
