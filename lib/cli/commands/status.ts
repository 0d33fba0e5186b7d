/**
 * `msms status RUN` — progress of a sweep from its run directory (lib/experiments/status.ts):
 * tasks done of the total and per shard, running / pending / failed shards (lock files,
 * and the Slurm queue for sweeps submitted with --slurm), ETA from the recent tasks.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type CliCommand, InputError, UsageError, parseOptions } from '../args.js';
import { CheckpointError } from '../../experiments/checkpoint.js';
import { ConfigError } from '../../experiments/config.js';
import { projectRoot } from '../../experiments/paths.js';
import { formatStatus, sweepStatus } from '../../experiments/status.js';
import { runCommand } from '../slurm.js';

const spec = {
  drops: { type: 'int', min: 1, max: 1_000_000 },
  'runs-dir': { type: 'string' },
  json: { type: 'flag' },
  'no-slurm': { type: 'flag' },
} as const;

export const command: CliCommand = {
  name: 'status',
  summary: 'progress of a sweep (local or on Slurm): tasks done per shard, failed shards, ETA',
  help: `msms status RUN [--drops D] [--runs-dir DIR] [--json] [--no-slurm]

RUN is a run directory (data/runs/<id>) or a sweep id under --runs-dir (default data/runs).
Reads the checkpoints only (nothing is written): tasks done of the total and per shard,
which shards run (lock files; squeue for a sweep submitted with msms sweep --slurm), which
failed (sacct when the cluster keeps accounting, else the last line of the shard's log),
and the ETA from the finishing times of the recent tasks.

  --drops D          total drops of the sweep (default: from the Slurm submission or the
                     tables; else the largest drop found, said so)
  --runs-dir DIR     where sweep ids are looked up (default data/runs)
  --json             the report as JSON
  --no-slurm         do not query squeue / sacct`,
  async run(argv) {
    const at = argv.flatMap((a, i) => (!a.startsWith('--') && !isValued(argv[i - 1]) ? [i] : []));
    if (at.length !== 1)
      throw new UsageError('give one run: msms status data/runs/<id> (or a sweep id under --runs-dir)');
    const run = argv[at[0]];
    const o = parseOptions(
      argv.filter((_, i) => i !== at[0]),
      spec,
    );
    let dir = run;
    if (!existsSync(join(dir, 'sweep.json'))) {
      const runsDir = o['runs-dir'] === undefined ? join(projectRoot(), 'data', 'runs') : String(o['runs-dir']);
      dir = join(runsDir, run);
      if (!existsSync(join(dir, 'sweep.json')))
        throw new InputError(`${run} is neither a sweep directory nor a sweep id in ${runsDir} (no sweep.json)`);
    }
    try {
      const s = sweepStatus(dir, {
        drops: o.drops === undefined ? undefined : Number(o.drops),
        run: o['no-slurm'] === true ? undefined : runCommand,
      });
      console.log(o.json === true ? JSON.stringify(s, null, 2) : formatStatus(s));
    } catch (e) {
      if (e instanceof ConfigError || e instanceof CheckpointError) throw new InputError(e.message);
      throw e;
    }
  },
};

/** Options of `status` that take a value (their value is not the RUN argument). */
function isValued(tok: string | undefined): boolean {
  return tok === '--drops' || tok === '--runs-dir';
}
