// Preload for the test/cluster tests (`node --import test/cluster/no-tsx.mjs bin/msms.js …`):
// any attempt to load tsx, in the main thread or in a worker thread (preloads run in both),
// fails — so a command that succeeds under it ran compiled code only.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (/\\/node_modules\\/tsx\\//.test(r.url)) throw new Error('tsx must not be loaded by the compiled CLI: ' + r.url);
  return r;
}`),
);
