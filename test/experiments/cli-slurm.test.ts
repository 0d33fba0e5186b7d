/**
 * `msms sweep … --slurm` in-process (lib/cli/slurm.ts) with a recording stand-in for sbatch:
 * what is written (scripts, config copy, sweep.json before any shard starts, jobs.json), the
 * two submissions in order with the afterany dependency, a resubmission that runs only the
 * shards still missing tasks, --dry-run submitting nothing, and the usage errors with their
 * exact messages. The real cluster run is test/cluster/slurm.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../lib/cli/index.js';
import { slurmSweep } from '../../lib/cli/slurm.js';
import { type SweepConfig, sweepTasks } from '../../lib/experiments/config.js';
import { runSweep } from '../../lib/experiments/engine.js';
import type { CommandRunner } from '../../lib/experiments/slurm.js';
import { readSubmissions } from '../../lib/experiments/status.js';

const ROOT = process.cwd();
const dir = mkdtempSync(join(tmpdir(), 'msms-cli-slurm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// the jobs run the compiled CLI, so a submission needs dist/ (npm run setup builds it)
beforeAll(() => {
  const r = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed: ${r.stdout}${r.stderr}`);
});

const config: SweepConfig = {
  name: 'slurmfake',
  seed: 3,
  drops: 4,
  base: { spinMs: 0 },
  grid: { x: [1, 2, 3] },
  schemes: [{ name: 'A' }],
  runner: 'test/experiments/fake-runner.ts',
};
const cfgPath = join(dir, 'fake.json');
writeFileSync(cfgPath, JSON.stringify(config));

async function msms(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  try {
    const code = await main(argv, join(ROOT, 'lib', 'cli', 'commands'));
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

/** A stand-in for sbatch: records each call and answers with job ids 700, 701, … */
function fakeSbatch() {
  const calls: string[][] = [];
  const run: CommandRunner = (cmd, args) => {
    calls.push([cmd, ...args]);
    return { status: 0, stdout: `${700 + calls.length - 1}\n`, stderr: '' };
  };
  return { calls, run };
}

describe('msms sweep --slurm', () => {
  it('writes the scripts and the run directory, submits array then merge (afterany), and resubmits only unfinished shards', async () => {
    const runsDir = join(dir, 'runs');
    const sb = fakeSbatch();
    const lines: string[] = [];
    await slurmSweep(
      config,
      { array: 3, dryRun: false, fresh: false, runsDir, id: 'j' },
      ROOT,
      (l) => lines.push(l),
      sb.run,
    );
    const run = join(runsDir, 'j');
    const slurmDir = join(run, 'slurm');
    expect(existsSync(join(run, 'sweep.json'))).toBe(true); // before any shard starts: no race between shards
    expect(JSON.parse(readFileSync(join(slurmDir, 'config.json'), 'utf8'))).toEqual(config);
    expect(sb.calls).toEqual([
      ['sbatch', '--parsable', join(slurmDir, 'array.sbatch')],
      ['sbatch', '--parsable', '--dependency=afterany:700', join(slurmDir, 'merge.sbatch')],
    ]);
    expect(readFileSync(join(slurmDir, 'array.sbatch'), 'utf8')).toContain('#SBATCH --array=0-2\n');
    expect(readSubmissions(run)).toMatchObject([
      { arrayJob: '700', mergeJob: '701', shards: 3, run: [1, 2, 3], drops: 4 },
    ]);
    expect(lines).toEqual([
      `sweep j: submitted array job 700 (3 shard(s), 1 CPU(s) each) → ${run}`,
      'merge job 701 runs after it (afterany) and writes results.csv / summary.csv',
      `progress: msms status ${run}`,
    ]);

    // shard 2 of 3 finishes (as its array task would), then the same command is resubmitted
    const quiet = { progress: false, log: () => undefined, root: ROOT, runsDir, id: 'j', workers: 0 };
    await runSweep(config, { ...quiet, shard: '2/3' });
    const again = fakeSbatch();
    await slurmSweep(
      config,
      { array: 3, dryRun: false, fresh: false, runsDir, id: 'j' },
      ROOT,
      () => undefined,
      again.run,
    );
    expect(readFileSync(join(slurmDir, 'array.sbatch'), 'utf8')).toContain('#SBATCH --array=0,2\n');
    expect(readSubmissions(run).map((s) => s.run)).toEqual([
      [1, 2, 3],
      [1, 3],
    ]);

    // every shard done: nothing is submitted
    await runSweep(config, { ...quiet });
    const none = fakeSbatch();
    const said: string[] = [];
    await slurmSweep(
      config,
      { array: 3, dryRun: false, fresh: false, runsDir, id: 'j' },
      ROOT,
      (l) => said.push(l),
      none.run,
    );
    expect(none.calls).toEqual([]);
    expect(said[0]).toBe(
      `sweep j: all 12 tasks are done, nothing to submit; tables: msms merge --dir ${run} --drops 4`,
    );
    expect(sweepTasks(config).length).toBe(12);
  });

  it('--dry-run prints the scripts and the sbatch commands, submits nothing, leaves no sweep.json', async () => {
    const r = await msms(
      'sweep',
      '--config',
      cfgPath,
      '--runs-dir',
      join(dir, 'dry'),
      '--id',
      'd',
      '--slurm',
      '--array',
      '2',
      '--time',
      '10',
      '--dry-run',
    );
    expect(r.code).toBe(0);
    const slurmDir = join(dir, 'dry', 'd', 'slurm');
    expect(r.out).toContain(`# ${join(slurmDir, 'array.sbatch')}`);
    expect(r.out).toContain('#SBATCH --array=0-1');
    expect(r.out).toContain('#SBATCH --time=10');
    expect(r.out).toContain(`jid=$(sbatch --parsable ${join(slurmDir, 'array.sbatch')})`);
    expect(r.out).toContain(`sbatch --parsable --dependency=afterany:$jid ${join(slurmDir, 'merge.sbatch')}`);
    expect(existsSync(join(slurmDir, 'array.sbatch'))).toBe(true);
    expect(existsSync(join(dir, 'dry', 'd', 'sweep.json'))).toBe(false);
    expect(existsSync(join(slurmDir, 'jobs.json'))).toBe(false);
  });

  it('--dry-run refuses a run directory of another configuration', async () => {
    const other = join(dir, 'other.json');
    writeFileSync(other, JSON.stringify({ ...config, seed: 4 }));
    const runsDir = join(dir, 'runs'); // holds run 'j' of `config` (first test)
    const r = await msms('sweep', '--config', other, '--runs-dir', runsDir, '--id', 'j', '--slurm', '--dry-run');
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `msms sweep: ${join(runsDir, 'j')} holds sweep 'j' with a different configuration; use another --id, or --fresh`,
    );
  });

  it.each([
    [['--array', '2'], 'msms sweep: --array needs --slurm'],
    [['--dry-run'], 'msms sweep: --dry-run needs --slurm'],
    [['--slurm', '--shard', '1/2'], 'msms sweep: --slurm picks the shards itself; drop --shard / --stop-after'],
    [
      ['--slurm', '--time', '4h', '--dry-run'],
      "msms sweep: --time must be a Slurm time limit (minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS, e.g. 4:00:00), got '4h'",
    ],
    [
      ['--slurm', '--array', '13', '--dry-run'],
      'msms sweep: --array must be an integer in [1, 12] (one shard per array task; the sweep has 12 tasks), got 13',
    ],
    [
      ['--slurm', '--partition', 'a;b', '--dry-run'],
      "msms sweep: --partition must be a partition name (letters, digits, _ . -; a list with commas), got 'a;b'",
    ],
    [
      ['--slurm', '--workers', '0', '--dry-run'],
      'msms sweep: --workers must be ≥ 1 with --slurm (worker threads = CPUs per array task)',
    ],
  ])('%j fails with one clear line', async (extra, message) => {
    const r = await msms('sweep', '--config', cfgPath, '--runs-dir', join(dir, 'bad'), ...extra);
    expect(r.code).toBe(2);
    expect(r.err).toBe(message);
  });
});
