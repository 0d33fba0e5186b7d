/**
 * JSON form of a drop's precoders (docs/precoders-format.md): `msms-precoders` version 1.
 *
 *   { "format": "msms-precoders", "version": 1, "scheme": "cdwm",
 *     "S": 5, "K": 48, "beamsPerSatellite": [B_1 … B_S], "streams": [M_1 … M_K],
 *     "blocks": [ { "s": 0, "k": 3, "re": [[…]], "im": [[…]] }, … ],   // W_{s,k}, B_s × M_k, √W
 *     … any extra fields (rates, history, meta) }
 *
 * Only the blocks of serving pairs (o_{s,k} = 1) are written; every other block is zero.
 * Reading checks the format tag, version, sizes against the scenario, block shapes and
 * finiteness, rejects blocks for non-serving pairs and requires one for every serving pair.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { CMatrix, fromArrays } from '../linalg/index.js';
import type { Scenario } from '../scenario/types.js';
import { PrecodingError, checkPrecoders, type Precoders } from '../scsi/index.js';
import { zeroPrecoderBlocks } from './power.js';

/** Format tag and version written by `precodersToJson`. */
export const PRECODERS_FORMAT = 'msms-precoders';
export const PRECODERS_VERSION = 1;

/** One serialised block W_{s,k}. */
export interface PrecoderBlockJson {
  s: number;
  k: number;
  re: number[][];
  im: number[][];
}

/** The JSON document (extra fields allowed). */
export interface PrecodersJson {
  format: typeof PRECODERS_FORMAT;
  version: number;
  scheme: string;
  S: number;
  K: number;
  beamsPerSatellite: number[];
  streams: number[];
  blocks: PrecoderBlockJson[];
  [extra: string]: unknown;
}

/** Serialise precoders (serving blocks only) plus optional extra top-level fields. */
export function precodersToJson(scn: Scenario, p: Precoders, extras: Record<string, unknown> = {}): PrecodersJson {
  checkPrecoders(scn, p);
  const blocks: PrecoderBlockJson[] = [];
  for (let s = 0; s < scn.S; s++) {
    for (let k = 0; k < scn.K; k++) {
      if (scn.association[s][k] !== 1) continue;
      const { re, im } = p.W[s][k].toArrays();
      blocks.push({ s, k, re, im });
    }
  }
  return {
    format: PRECODERS_FORMAT,
    version: PRECODERS_VERSION,
    scheme: String(p.scheme),
    S: scn.S,
    K: scn.K,
    beamsPerSatellite: scn.beams.map((b) => b.length),
    streams: scn.streams.slice(),
    blocks,
    ...extras,
  };
}

function isNumberMatrix(x: unknown, rows: number, cols: number): x is number[][] {
  return (
    Array.isArray(x) &&
    x.length === rows &&
    x.every((r) => Array.isArray(r) && r.length === cols && r.every((v) => typeof v === 'number' && Number.isFinite(v)))
  );
}

/** Parse and check a precoders document against the scenario it belongs to. */
export function precodersFromJson(scn: Scenario, doc: unknown): Precoders {
  if (doc === null || typeof doc !== 'object') throw new PrecodingError('precoders file must hold a JSON object');
  const d = doc as Partial<PrecodersJson>;
  if (d.format !== PRECODERS_FORMAT) {
    throw new PrecodingError(`precoders.format must be '${PRECODERS_FORMAT}', got ${JSON.stringify(d.format)}`);
  }
  if (d.version !== PRECODERS_VERSION) {
    throw new PrecodingError(`precoders.version must be ${PRECODERS_VERSION}, got ${JSON.stringify(d.version)}`);
  }
  if (d.S !== scn.S || d.K !== scn.K) {
    throw new PrecodingError(`precoders are for S=${d.S}, K=${d.K} but the scenario has S=${scn.S}, K=${scn.K}`);
  }
  if (!Array.isArray(d.blocks)) throw new PrecodingError('precoders.blocks must be an array');
  const W: CMatrix[][] = zeroPrecoderBlocks(scn);
  const seen = new Set<string>();
  d.blocks.forEach((b, i) => {
    const where = `precoders.blocks[${i}]`;
    if (!b || typeof b !== 'object') throw new PrecodingError(`${where} must be an object {s, k, re, im}`);
    const { s, k } = b;
    if (!Number.isInteger(s) || s < 0 || s >= scn.S) {
      throw new PrecodingError(`${where}.s must be an integer in [0, ${scn.S - 1}], got ${JSON.stringify(s)}`);
    }
    if (!Number.isInteger(k) || k < 0 || k >= scn.K) {
      throw new PrecodingError(`${where}.k must be an integer in [0, ${scn.K - 1}], got ${JSON.stringify(k)}`);
    }
    if (scn.association[s][k] !== 1) {
      throw new PrecodingError(`${where}: satellite ${s} does not serve UT ${k}, its block must be absent`);
    }
    if (seen.has(`${s},${k}`)) throw new PrecodingError(`${where}: block (s=${s}, k=${k}) appears twice`);
    seen.add(`${s},${k}`);
    const rows = scn.beams[s].length;
    const cols = scn.streams[k];
    if (!isNumberMatrix(b.re, rows, cols) || !isNumberMatrix(b.im, rows, cols)) {
      throw new PrecodingError(`${where}: re and im must be ${rows}x${cols} (B_s x M_k) arrays of finite numbers`);
    }
    W[s][k] = fromArrays(b.re, b.im);
  });
  const missing: string[] = [];
  for (let s = 0; s < scn.S; s++)
    for (let k = 0; k < scn.K; k++)
      if (scn.association[s][k] === 1 && !seen.has(`${s},${k}`)) missing.push(`(s=${s}, k=${k})`);
  if (missing.length > 0) {
    throw new PrecodingError(
      `precoders.blocks: expected one block per serving pair (o_{s,k} = 1; ${seen.size + missing.length} pairs), ` +
        `got ${d.blocks.length}; missing ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ` and ${missing.length - 3} more` : ''} ` +
        '(write a zero block for a pair that carries nothing)',
    );
  }
  const p: Precoders = { scheme: typeof d.scheme === 'string' ? d.scheme : 'unknown', W };
  checkPrecoders(scn, p);
  return p;
}

/** Write precoders (plus extra fields) to a JSON file. */
export function writePrecodersFile(
  path: string,
  scn: Scenario,
  p: Precoders,
  extras: Record<string, unknown> = {},
): void {
  writeFileSync(path, `${JSON.stringify(precodersToJson(scn, p, extras))}\n`);
}

/** Read and check a precoders file against its scenario; errors are prefixed with the path. */
export function readPrecodersFile(path: string, scn: Scenario): Precoders {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new PrecodingError(`${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new PrecodingError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  try {
    return precodersFromJson(scn, doc);
  } catch (e) {
    if (e instanceof PrecodingError) throw new PrecodingError(`${path}: ${e.message}`);
    throw e;
  }
}
