/**
 * Merging the shards of a sweep (Section VI at scale): shards run as `msms sweep … --shard
 * i/n` anywhere (Slurm array, GNU parallel, several machines) each fill a run directory
 * with their tasks-<i>of<n>.jsonl; `mergeSweep` gathers them into one directory, checks
 * that all come from the same configuration, that no task disagrees with itself and that
 * none is missing, and writes the results/summary CSVs with their sidecars.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CheckpointError, type TaskRecord, readManifest, readRecords } from './checkpoint.js';
import { ConfigError, type SweepConfig, expandPoints, taskKey } from './config.js';
import { provenance } from './provenance.js';
import { writeSweepTables } from './results.js';

/** Options of mergeSweep. */
export interface MergeOptions {
  /** Target run directory (created from the first source's sweep.json when absent). */
  dir: string;
  /** Other run directories whose .jsonl files are copied into `dir` first. */
  from?: string[];
  /** Number of drops of the sweep; default: largest drop index found + 1. */
  drops?: number;
  /** Write the tables even when tasks are missing (they are listed in the result). */
  allowPartial?: boolean;
  /** Project root for provenance (git commit, version). */
  root: string;
}

/** Outcome of a merge. */
export interface MergeResult {
  config: SweepConfig;
  records: TaskRecord[];
  missing: string[];
  resultsCsv: string;
  summaryCsv: string;
  copied: string[];
}

/** Gather, check and tabulate a sharded sweep. Throws ConfigError/CheckpointError with the reason. */
export function mergeSweep(opts: MergeOptions): MergeResult {
  const sources = opts.from ?? [];
  for (const s of sources)
    if (!existsSync(join(s, 'sweep.json'))) throw new ConfigError(`${s} is not a sweep directory (no sweep.json)`);
  if (!existsSync(join(opts.dir, 'sweep.json'))) {
    if (sources.length === 0) throw new ConfigError(`${opts.dir} is not a sweep directory (no sweep.json)`);
    mkdirSync(opts.dir, { recursive: true });
    copyFileSync(join(sources[0], 'sweep.json'), join(opts.dir, 'sweep.json'));
  }
  const manifest = readManifest(opts.dir);
  const copied: string[] = [];
  for (const s of sources) {
    const m = readManifest(s);
    if (m.hash !== manifest.hash) {
      throw new CheckpointError(
        `${s} holds sweep '${m.id}' (hash ${m.hash.slice(0, 10)}), not '${manifest.id}' (hash ${manifest.hash.slice(0, 10)})`,
      );
    }
    for (const f of readdirSync(s).filter((x) => x.endsWith('.jsonl'))) {
      let target = join(opts.dir, f);
      if (existsSync(target)) {
        if (readFileSync(target, 'utf8') === readFileSync(join(s, f), 'utf8')) continue;
        target = join(opts.dir, `${f.replace(/\.jsonl$/, '')}.from-${basename(s)}-${copied.length}.jsonl`);
      }
      copyFileSync(join(s, f), target);
      copied.push(target);
    }
  }
  const partial = manifest.config as Omit<SweepConfig, 'drops'>;
  const all = readRecords(opts.dir);
  if (opts.drops !== undefined && (!Number.isInteger(opts.drops) || opts.drops < 1)) {
    throw new ConfigError(`drops must be an integer >= 1, got ${opts.drops}`);
  }
  const drops = opts.drops ?? all.reduce((m, r) => Math.max(m, r.drop + 1), 0);
  if (drops === 0) throw new CheckpointError(`${opts.dir} holds no finished task`);
  const config: SweepConfig = { ...partial, drops };
  const points = expandPoints(config);
  const records = readRecords(opts.dir, (p) => points[p]).filter((r) => r.drop < drops);
  const have = new Set(records.map(taskKey));
  const missing: string[] = [];
  for (let d = 0; d < drops; d++)
    for (let p = 0; p < points.length; p++)
      if (!have.has(taskKey({ point: p, drop: d }))) missing.push(taskKey({ point: p, drop: d }));
  if (missing.length > 0 && !opts.allowPartial) {
    throw new CheckpointError(
      `${missing.length} of ${points.length * drops} tasks are missing (e.g. ${missing.slice(0, 5).join(', ')}); ` +
        `run the remaining shards, or pass --allow-partial`,
    );
  }
  const { resultsCsv, summaryCsv } = writeSweepTables(
    opts.dir,
    manifest.id,
    config,
    records,
    provenance(opts.root),
    missing.length === 0,
  );
  return { config, records, missing, resultsCsv, summaryCsv, copied };
}
