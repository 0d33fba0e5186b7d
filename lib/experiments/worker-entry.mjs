// Worker-thread entry of the sweep engine (lib/experiments/engine.ts): registers tsx's
// TypeScript loader in this thread, then loads the TypeScript worker. Plain JavaScript
// because a worker thread starts without the parent's loaders.
import { workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
await import(pathToFileURL(workerData.workerScript).href);
