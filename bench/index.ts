/**
 * `npm run bench` — runs every bench/*.bench.ts (each exports `run(opts): Promise<BenchRow[]>`)
 * and prints one table. `npm run bench -- --only linalg` runs the files whose name contains
 * the word; `--quick` lowers repetitions. Results are also written to data/bench/latest.json.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type BenchModule, type BenchRow, formatTable } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const quick = args.includes('--quick');
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only === undefined || f.includes(only))
  .sort();
const rows: BenchRow[] = [];
for (const f of files) {
  const mod = (await import(pathToFileURL(join(here, f)).href)) as BenchModule;
  console.error(`bench: ${f} …`);
  const r = await mod.run({ quick });
  rows.push(...r);
  console.log(formatTable(r, f.replace('.bench.ts', '')));
}
const outDir = join(here, '..', 'data', 'bench');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'latest.json'), JSON.stringify({ date: new Date().toISOString(), rows }, null, 2));
