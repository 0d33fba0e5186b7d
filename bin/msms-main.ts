// Entry of the `msms` CLI. Run compiled (dist/bin/msms-main.js, through bin/msms.js), it
// declares the compiled build so that sweep workers and runner modules run compiled code
// too (lib/experiments/build.ts); run as TypeScript (tsx bin/msms-main.ts) it uses the sources.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../lib/cli/index.js';
import { interruptExitCode } from '../lib/cli/signals.js';
import { useCompiledBuild } from '../lib/experiments/build.js';

const here = fileURLToPath(import.meta.url);
const root = join(dirname(here), '..');
if (here.endsWith('.js')) useCompiledBuild(root);
const code = await main(process.argv.slice(2), join(root, 'lib', 'cli', 'commands'));
// a sweep stopped by SIGINT / SIGTERM exits 130 / 143 (128 + signal number), as shells expect
process.exitCode = interruptExitCode() ?? code;
