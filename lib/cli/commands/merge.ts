/**
 * `msms merge` — gather the shards of a Section VI sweep (lib/experiments/merge.ts): copy
 * their checkpoint files into one run directory, check they belong to the same
 * configuration and that no task is missing, and write results.csv / summary.csv.
 */
import { type CliCommand, InputError, contextOf, parseOptions } from '../args.js';
import { MAX_DROPS } from '../../experiments/config.js';
import { mergeSweep } from '../../experiments/merge.js';
import { projectRoot } from '../../experiments/paths.js';

const spec = {
  dir: { type: 'string' },
  from: { type: 'string' },
  drops: { type: 'int', min: 1, max: MAX_DROPS },
  'allow-partial': { type: 'flag' },
} as const;

export const command: CliCommand = {
  name: 'merge',
  summary: 'merge the shards of a sweep into one run directory and write its CSV tables',
  help: `msms merge --dir data/runs/<id> [--from DIR1,DIR2,…] [--drops D] [--allow-partial]

  --dir DIR          the run directory to complete (created from the first --from when absent)
  --from DIRS        comma-separated run directories from other machines/shards to copy in
  --drops D          number of drops of the sweep (default: the largest drop found + 1)
  --allow-partial    write the tables even when tasks are missing (listed on stderr)

Every tasks-*.jsonl of the directories is read and checked first (same configuration, i.e.
sweep.json hash; every line's checksum; a task found twice must hold the same numbers; no
task missing unless --allow-partial). Only then are files copied and the tables written;
if anything fails, no folder is changed.`,
  async run(argv, context) {
    const { io } = contextOf(context);
    const o = parseOptions(argv, spec);
    if (o.dir === undefined)
      throw new InputError('--dir is required (the run directory, e.g. data/runs/fig2-paper-1a2b3c4d5e)');
    const r = mergeSweep({
      dir: String(o.dir),
      from:
        o.from === undefined
          ? []
          : String(o.from)
              .split(',')
              .filter((s) => s !== ''),
      drops: o.drops === undefined ? undefined : Number(o.drops),
      allowPartial: o['allow-partial'] === true,
      root: projectRoot(),
      warn: (line) => io.err(line),
    });
    if (r.copied.length) io.out(`copied ${r.copied.length} checkpoint file(s) into ${o.dir}`);
    if (r.missing.length)
      io.err(
        `${r.missing.length} tasks missing: ${r.missing.slice(0, 20).join(' ')}${r.missing.length > 20 ? ' …' : ''}`,
      );
    io.out(`${r.records.length} tasks (${r.config.drops} drops) → ${r.resultsCsv}, ${r.summaryCsv}`);
    for (const n of r.notes) io.out(`note: ${n}`);
  },
};
