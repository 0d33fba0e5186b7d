/**
 * The JSON scenario format: one drop — array sizes, the sCSI of every link (Σ as re/im
 * nested arrays), powers, noise, weights, streams, association and selected beams — so
 * sCSI can come from QuaDRiGa, MATLAB or Python (Section II). Documented in
 * docs/scenario-format.md, JSON Schema in data/schema/scenario.schema.json.
 *
 *   { "format": "msms-scenario", "version": 1, "S": 5, "K": 48,
 *     "satArray": {"nV": 16, "nH": 16}, "utArray": {"nV": 2, "nH": 2},
 *     "powerW": [S], "noiseW": [K], "weights": [K], "streams": [K],
 *     "association": [[S×K 0/1]], "beams": [[ascending codeword indices] × S],
 *     "links": [[{"gamma", "kappa", "thetaT", "phiT", "thetaR", "phiR",
 *                 "sigma": {"re": [[N_R×N_R]], "im": [[N_R×N_R]]}, "phiBar"} × K] × S],
 *     "meta": {…} }
 *
 * κ = ∞ (pure LoS) is written as the string "Infinity". Reading validates everything
 * (lib/scenario/validate.ts); an error names the field and what was expected.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { CMatrix } from '../linalg/index.js';
import type { LinkStats, Scenario } from './types.js';
import {
  type ScenarioTolerances,
  DEFAULT_TOLERANCES,
  ScenarioFormatError,
  checkScenarioSizes,
  describeValue,
  fail,
  validateScenario,
} from './validate.js';
import { SCENARIO_LIMITS } from './limits.js';

/** Value of the "format" field. */
export const SCENARIO_FORMAT = 'msms-scenario';
/** Current format version. */
export const SCENARIO_VERSION = 1;

/** Σ in the file: real and imaginary parts as nested row arrays. */
export interface ComplexMatrixJson {
  re: number[][];
  im: number[][];
}

/** One link in the file. */
export interface LinkStatsJson {
  gamma: number;
  kappa: number | 'Infinity';
  thetaT: number;
  phiT: number;
  thetaR: number;
  phiR: number;
  sigma: ComplexMatrixJson;
  phiBar: number;
}

/** The whole file. */
export interface ScenarioJson {
  format: typeof SCENARIO_FORMAT;
  version: number;
  S: number;
  K: number;
  satArray: { nV: number; nH: number };
  utArray: { nV: number; nH: number };
  powerW: number[];
  noiseW: number[];
  weights: number[];
  streams: number[];
  association: number[][];
  beams: number[][];
  links: LinkStatsJson[][];
  meta?: Record<string, unknown>;
}

function linkToJson(l: LinkStats): LinkStatsJson {
  const { re, im } = l.sigma.toArrays();
  return {
    gamma: l.gamma,
    kappa: Number.isFinite(l.kappa) ? l.kappa : 'Infinity',
    thetaT: l.thetaT,
    phiT: l.phiT,
    thetaR: l.thetaR,
    phiR: l.phiR,
    sigma: { re, im },
    phiBar: l.phiBar,
  };
}

/** The JSON object of a scenario (plain data; JSON.stringify-able). */
export function scenarioToJson(scn: Scenario): ScenarioJson {
  const out: ScenarioJson = {
    format: SCENARIO_FORMAT,
    version: SCENARIO_VERSION,
    S: scn.S,
    K: scn.K,
    satArray: { nV: scn.satArray.nV, nH: scn.satArray.nH },
    utArray: { nV: scn.utArray.nV, nH: scn.utArray.nH },
    powerW: scn.powerW.slice(),
    noiseW: scn.noiseW.slice(),
    weights: scn.weights.slice(),
    streams: scn.streams.slice(),
    association: scn.association.map((r) => r.slice()),
    beams: scn.beams.map((b) => b.slice()),
    links: scn.links.map((row) => row.map(linkToJson)),
  };
  if (scn.meta !== undefined) out.meta = JSON.parse(JSON.stringify(scn.meta)) as Record<string, unknown>;
  return out;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function numberMatrix(field: string, v: unknown, n: number): number[][] {
  if (!Array.isArray(v) || v.length !== n) fail(field, `an array of ${n} rows of ${n} numbers`, v);
  v.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== n) fail(`${field}[${i}]`, `an array of ${n} numbers`, row);
    row.forEach((x, j) => {
      if (typeof x !== 'number' || !Number.isFinite(x)) fail(`${field}[${i}][${j}]`, 'a finite number', x);
    });
  });
  return v as number[][];
}

function linkFromJson(field: string, v: unknown, nR: number): LinkStats {
  if (!isObject(v)) fail(field, 'an object {gamma, kappa, thetaT, phiT, thetaR, phiR, sigma, phiBar}', v);
  for (const k of ['gamma', 'thetaT', 'phiT', 'thetaR', 'phiR', 'phiBar']) {
    if (typeof v[k] !== 'number') fail(`${field}.${k}`, 'a number', v[k]);
  }
  let kappa: number;
  if (v.kappa === 'Infinity') kappa = Infinity;
  else if (typeof v.kappa === 'number') kappa = v.kappa;
  else fail(`${field}.kappa`, 'a number >= 0 or the string "Infinity"', v.kappa);
  const sj = v.sigma;
  if (!isObject(sj)) fail(`${field}.sigma`, `an object {re, im} of ${nR}x${nR} arrays`, sj);
  const re = numberMatrix(`${field}.sigma.re`, sj.re, nR);
  const im = numberMatrix(`${field}.sigma.im`, sj.im, nR);
  const sigma = new CMatrix(nR, nR);
  for (let i = 0; i < nR; i++) {
    for (let j = 0; j < nR; j++) {
      sigma.re[i * nR + j] = re[i][j];
      sigma.im[i * nR + j] = im[i][j];
    }
  }
  return {
    gamma: v.gamma as number,
    kappa,
    thetaT: v.thetaT as number,
    phiT: v.phiT as number,
    thetaR: v.thetaR as number,
    phiR: v.phiR as number,
    sigma,
    phiBar: v.phiBar as number,
  };
}

/**
 * Parse and validate a scenario JSON value (as from JSON.parse). Throws ScenarioFormatError
 * naming the first bad field and what was expected.
 */
export function scenarioFromJson(json: unknown, tol: ScenarioTolerances = DEFAULT_TOLERANCES): Scenario {
  if (!isObject(json)) fail('scenario', 'a JSON object', json);
  if (json.format !== SCENARIO_FORMAT) fail('format', `"${SCENARIO_FORMAT}"`, json.format);
  if (json.version !== SCENARIO_VERSION) fail('version', `${SCENARIO_VERSION}`, json.version);
  if (json.meta !== undefined && !isObject(json.meta)) fail('meta', 'an object (optional)', json.meta);
  const known = new Set([
    'format',
    'version',
    'S',
    'K',
    'satArray',
    'utArray',
    'powerW',
    'noiseW',
    'weights',
    'streams',
    'association',
    'beams',
    'links',
    'meta',
  ]);
  for (const key of Object.keys(json)) {
    if (!known.has(key))
      fail(
        /^[\w.-]{1,40}$/.test(key) ? key : describeValue(key),
        `no such field (allowed: ${[...known].join(', ')}; put extras in "meta")`,
        json[key],
      );
  }
  const S = json.S;
  const K = json.K;
  // sizes first, so that nothing is allocated for an absurd file
  const { nR } = checkScenarioSizes(S, K, json.satArray, json.utArray);
  const ut = json.utArray as { nV: number; nH: number };
  const links = json.links;
  if (!Array.isArray(links) || links.length !== S) fail('links', `an array of S = ${S} rows of K = ${K} links`, links);
  const parsedLinks = links.map((row, s) => {
    if (!Array.isArray(row) || row.length !== K) fail(`links[${s}]`, `an array of K = ${K} links`, row);
    return row.map((l, k) => linkFromJson(`links[${s}][${k}]`, l, nR));
  });
  const scn: Scenario = {
    S: S as number,
    K: K as number,
    satArray: json.satArray as Scenario['satArray'],
    utArray: { nV: ut.nV, nH: ut.nH },
    links: parsedLinks,
    powerW: json.powerW as number[],
    noiseW: json.noiseW as number[],
    weights: json.weights as number[],
    streams: json.streams as number[],
    association: json.association as number[][],
    beams: json.beams as number[][],
  };
  if (json.meta !== undefined) scn.meta = json.meta as Record<string, unknown>;
  return validateScenario(scn, tol);
}

/**
 * JSON text of a value, compact where it fits: a value whose one-line form is at most
 * `width` characters stays on one line, otherwise objects / arrays open one entry per line.
 */
export function formatJson(value: unknown, width = 100, indent = ''): string {
  const flat = JSON.stringify(value);
  if (flat === undefined) return 'null';
  if (flat.length + indent.length <= width || value === null || typeof value !== 'object') return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) {
      // a long row of numbers: fill lines up to `width`
      const lines: string[] = [];
      let line = '';
      for (const v of value) {
        const tok = JSON.stringify(v) ?? 'null';
        if (line.length > 0 && inner.length + line.length + tok.length + 1 > width) {
          lines.push(line);
          line = '';
        }
        line += (line.length > 0 ? ', ' : '') + tok;
      }
      lines.push(line);
      return `[\n${lines.map((l) => inner + l).join(',\n')}\n${indent}]`;
    }
    return `[\n${value.map((v) => inner + formatJson(v, width, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, width, inner)}`).join(',\n')}\n${indent}}`;
}

/** Scenario → JSON text (see formatJson). */
export function scenarioToJsonText(scn: Scenario): string {
  return `${formatJson(scenarioToJson(scn))}\n`;
}

/** Write `scn` to `path` as JSON. */
export function writeScenario(path: string, scn: Scenario): void {
  writeFileSync(path, scenarioToJsonText(scn));
}

/** Read and validate a scenario file; errors are prefixed with the path. */
export function readScenario(path: string, tol: ScenarioTolerances = DEFAULT_TOLERANCES): Scenario {
  let text: string;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new ScenarioFormatError(`${path}: is a folder, not a scenario file`);
    if (st.size > SCENARIO_LIMITS.fileBytes) {
      throw new ScenarioFormatError(
        `${path}: expected a file of at most ${SCENARIO_LIMITS.fileBytes / 2 ** 20} MiB (the size limit of a drop), got ${(st.size / 2 ** 20).toFixed(0)} MiB`,
      );
    }
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof ScenarioFormatError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new ScenarioFormatError(
      `${path}: cannot read the file (${code === 'ENOENT' ? 'no such file, ENOENT' : (code ?? (e as Error).message)})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ScenarioFormatError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  try {
    return scenarioFromJson(json, tol);
  } catch (e) {
    if (e instanceof ScenarioFormatError) throw new ScenarioFormatError(`${path}: ${e.message}`);
    throw e;
  }
}
