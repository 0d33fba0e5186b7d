/**
 * Merging the shards of a sweep (Section VI at scale): shards run as `msms sweep … --shard
 * i/n` anywhere (Slurm array, GNU parallel, several machines) each fill a run directory
 * with their tasks-<i>of<n>.jsonl; `mergeSweep` gathers them into one directory, checks
 * that all come from the same configuration, that no task disagrees with itself and that
 * none is missing, and writes the results/summary CSVs with their sidecars.
 *
 * A merge is a transaction. First everything is read and checked without touching any
 * folder: every sweep.json, every line of every checkpoint (target and sources, with
 * their checksums), the parameters of every task, duplicates across files, completeness,
 * and the tables are computed in memory. Only then is anything written: the target folder
 * and its sweep.json when new, the sources' files that the target lacks, the four table
 * files — each written whole (temporary file + rename). If a write fails (disk full, …)
 * everything written so far is undone, so a failed merge leaves every folder exactly as it
 * was and both can still be resumed or merged.
 */
import { existsSync, linkSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  CheckpointError,
  type RecordText,
  type SweepManifest,
  type TaskRecord,
  checkpointFiles,
  parseRecordTexts,
  readManifest,
} from './checkpoint.js';
import { ConfigError, type SweepConfig, expandPoints, taskKey, validateSweepConfig } from './config.js';
import { makeDirs, writeFileAtomic } from './files.js';
import { provenance } from './provenance.js';
import { summaryNotes, sweepTableFiles } from './results.js';

/** Options of mergeSweep. */
export interface MergeOptions {
  /** Target run directory (created from the first source's sweep.json when absent). */
  dir: string;
  /** Other run directories whose .jsonl files are copied into `dir` (after every check passed). */
  from?: string[];
  /** Number of drops of the sweep; default: largest drop index found + 1. */
  drops?: number;
  /** Write the tables even when tasks are missing (they are listed in the result). */
  allowPartial?: boolean;
  /** Project root for provenance (git commit, version). */
  root: string;
  /** Where notes go (checkpoints without checksums); default stderr. */
  warn?: (line: string) => void;
}

/** Outcome of a merge. */
export interface MergeResult {
  config: SweepConfig;
  records: TaskRecord[];
  missing: string[];
  resultsCsv: string;
  summaryCsv: string;
  copied: string[];
  /** What readers of the tables must know (e.g. empty _ci95 cells where n < 2). */
  notes: string[];
}

/** One file the merge will write. */
interface PlannedFile {
  path: string;
  text: string;
}

/** Gather, check and tabulate a sharded sweep. Throws ConfigError/CheckpointError with the reason; changes nothing then. */
export function mergeSweep(opts: MergeOptions): MergeResult {
  // ---- phase 1: read and check everything; nothing is written ----
  const sources = opts.from ?? [];
  if (existsSync(opts.dir) && !existsSync(join(opts.dir, 'sweep.json')) && sources.length === 0)
    throw new ConfigError(`${opts.dir} is not a sweep directory (no sweep.json)`);
  const sourceManifests = sources.map((s) => readManifest(s));
  const targetExists = existsSync(join(opts.dir, 'sweep.json'));
  if (!targetExists && sources.length === 0)
    throw new ConfigError(`${opts.dir} is not a sweep directory (no sweep.json)`);
  if (!targetExists && existsSync(opts.dir) && checkpointFiles(opts.dir).length > 0) {
    throw new CheckpointError(`${opts.dir} holds checkpoint files but no sweep.json; restore its sweep.json first`);
  }
  const manifest: SweepManifest = targetExists ? readManifest(opts.dir) : sourceManifests[0];
  sources.forEach((s, i) => {
    const m = sourceManifests[i];
    if (m.hash !== manifest.hash) {
      throw new CheckpointError(
        `${s} holds sweep '${m.id}' (hash ${m.hash.slice(0, 10)}), not '${manifest.id}' (hash ${manifest.hash.slice(0, 10)})`,
      );
    }
  });
  const texts: RecordText[] = existsSync(opts.dir)
    ? checkpointFiles(opts.dir).map((f) => ({ path: join(opts.dir, f), text: readFileSync(join(opts.dir, f), 'utf8') }))
    : [];
  const planned: PlannedFile[] = [];
  const copied: string[] = [];
  const taken = new Set(texts.map((t) => t.path));
  for (const s of sources) {
    for (const f of checkpointFiles(s)) {
      const text = readFileSync(join(s, f), 'utf8');
      let target = join(opts.dir, f);
      if (taken.has(target)) {
        const existing = texts.find((t) => t.path === target)?.text ?? planned.find((p) => p.path === target)?.text;
        if (existing === text) continue;
        let n = 0;
        do target = join(opts.dir, `${f.replace(/\.jsonl$/, '')}.from-${basename(s)}-${n++}.jsonl`);
        while (taken.has(target) || existsSync(target));
      }
      taken.add(target);
      planned.push({ path: target, text });
      copied.push(target);
      // messages name the file the lines come from
      texts.push({ path: join(s, f), text });
    }
  }
  const warn = opts.warn ?? ((l: string) => process.stderr.write(`${l}\n`));
  const all = parseRecordTexts(texts, undefined, warn);
  if (opts.drops !== undefined && (!Number.isInteger(opts.drops) || opts.drops < 1)) {
    throw new ConfigError(`drops must be an integer >= 1, got ${opts.drops}`);
  }
  const drops = opts.drops ?? all.reduce((m, r) => Math.max(m, r.drop + 1), 0);
  if (drops === 0) throw new CheckpointError(`${opts.dir} holds no finished task`);
  const config: SweepConfig = { ...(manifest.config as Omit<SweepConfig, 'drops'>), drops };
  validateSweepConfig(config);
  const points = expandPoints(config);
  const records = parseRecordTexts(
    texts,
    (p) => points[p],
    () => undefined,
  ).filter((r) => r.drop < drops);
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
  const tables = sweepTableFiles(opts.dir, manifest.id, config, records, provenance(opts.root), missing.length === 0);

  // ---- phase 2: write, undoing everything on failure ----
  const writes: PlannedFile[] = [
    ...(targetExists ? [] : [{ path: join(opts.dir, 'sweep.json'), text: JSON.stringify(manifest, null, 2) + '\n' }]),
    ...planned,
    ...tables.files,
  ];
  const createdDir = !existsSync(opts.dir);
  const journal: Journal[] = [];
  try {
    if (createdDir) makeDirs(opts.dir, `merge target ${opts.dir}`);
    for (const w of writes) {
      journal.push(keep(w.path));
      writeFileAtomic(w.path, w.text);
    }
  } catch (e) {
    undo(opts.dir, createdDir, journal);
    throw e;
  }
  for (const j of journal) if (j.backup) unlinkQuiet(j.backup);
  return {
    config,
    records,
    missing,
    resultsCsv: tables.resultsCsv,
    summaryCsv: tables.summaryCsv,
    copied,
    notes: summaryNotes(tables.tables.summary),
  };
}

/** How to put one file back: it did not exist, or its old content is in `backup` (a hard link) or `bytes`. */
interface Journal {
  path: string;
  existed: boolean;
  backup?: string;
  bytes?: Buffer;
}

/** Remember a file before it is replaced: a hard link to it (no space needed), else its bytes. */
function keep(path: string): Journal {
  if (!existsSync(path)) return { path, existed: false };
  const backup = join(dirname(path), `.${basename(path)}.merge-backup-${process.pid}`);
  try {
    unlinkQuiet(backup);
    linkSync(path, backup);
    return { path, existed: true, backup };
  } catch {
    return { path, existed: true, bytes: readFileSync(path) };
  }
}

function unlinkQuiet(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // not there
  }
}

/** Put back what a failed merge changed (best effort per file; the error that stopped the merge is the one reported). */
function undo(dir: string, createdDir: boolean, journal: Journal[]): void {
  if (createdDir) {
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  for (const j of journal.reverse()) {
    try {
      if (!j.existed) unlinkQuiet(j.path);
      else if (j.backup) {
        // rename() between two links of one file does nothing: the file was never replaced then
        if (existsSync(j.path) && statSync(j.path).ino === statSync(j.backup).ino) unlinkQuiet(j.backup);
        else renameSync(j.backup, j.path);
      } else if (j.bytes) writeFileSync(j.path, j.bytes);
    } catch {
      // nothing more can be done for this file
    }
  }
}
