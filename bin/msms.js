#!/usr/bin/env node
// `msms` launcher: runs the compiled CLI (dist/bin/msms-main.js, built from lib/ by
// `npm run build` / `npm run setup`) in this very process — no TypeScript loader, no child
// process, so it starts at once and a signal sent to this pid reaches the CLI itself.
// When a file under lib/ is newer than the build, dist/ is recompiled first (one line on
// stderr says so) so an edit of lib/ never runs old code; see scripts/build.mjs.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BuildError, ensureBuild } from '../scripts/build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let entry;
try {
  entry = await ensureBuild(root);
} catch (e) {
  if (!(e instanceof BuildError)) throw e;
  process.stderr.write(`msms: ${e.message}\n`);
  process.exit(1);
}
await import(pathToFileURL(entry).href);
