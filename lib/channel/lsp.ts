/**
 * Large-scale parameters (LSPs) of a satellite→UT link (Section VI: "the
 * 'QuaDRiGa_NTN_Urban_LOS' scenario … models the LoS and NLoS powers using a Rician
 * distribution"; docs/paper-reading.md#x5): LOS state, Rician K-factor κ, shadow fading,
 * clutter loss and the arrival angular spreads ASA / ESA that shape the NLoS covariance Σ.
 *
 * The parameters are data, not code: each scenario is a JSON file in lib/channel/tables/
 * naming its source —
 * - `quadriga` (default, what the paper used): tables/quadriga-ntn-urban-los.json,
 *   QuaDRiGa's QuaDRiGa_NTN_Urban_LOS.conf formulas in carrier frequency f (GHz) and
 *   elevation α (rad). At 2 GHz, 30°: median KF ≈ 28.0 dB, ASA ≈ 4.2°, ESA ≈ 1.0°.
 * - `tr38811`: tables/tr38811-urban-sband.json, the 3GPP TR 38.811 urban S-band tables
 *   per 10° of elevation (LOS probability, SF σ, clutter loss, K-factor μ/σ, lgASA, lgZSA).
 *
 * A parameter X (K-factor in dB, SF in dB, log10 of a spread in degrees) is Gaussian:
 *   X = μ(f, α) + σ(f, α)·ξ,  μ = mu + muLog10f·log10 f + muLog10Elev·log10 α  (same for σ),
 * with `mu`, `sigma` either numbers or rows over the table's elevation grid (linear
 * interpolation, end rows outside). The ξ of one link are correlated through the table's
 * correlation matrix (Cholesky factor); links are independent of each other (UTs are
 * hundreds of km apart, far beyond the 12–50 m decorrelation distances).
 * Elevations are clamped to the table's `elevationRangeDeg` for LSP evaluation only.
 * Drawn spreads are capped at 104° (ASA) and 52° (ESA), TR 38.901 §7.5 step 4.
 */
import { CMatrix, choleskyLower } from '../linalg/index.js';
import type { Rng } from '../random/index.js';
// JSON modules: resolved by tsx, vitest and tslab alike. TypeScript ≥ 5.7 under NodeNext
// asks for an import attribute that tslab's TypeScript 5.0 cannot parse, hence the ignores.
// eslint-disable-next-line @typescript-eslint/ban-ts-comment
// @ts-ignore TS1543 (import attribute) — see above
import quadrigaNtnUrbanLosJson from './tables/quadriga-ntn-urban-los.json';
// eslint-disable-next-line @typescript-eslint/ban-ts-comment
// @ts-ignore TS1543 (import attribute) — see above
import tr38811UrbanSbandJson from './tables/tr38811-urban-sband.json';

/** Names of the built-in large-scale scenarios. */
export type LspModelName = 'quadriga' | 'tr38811';
/** All built-in scenario names. */
export const LSP_MODEL_NAMES: readonly LspModelName[] = ['quadriga', 'tr38811'];

/** One Gaussian large-scale parameter (see the file comment). */
export interface LspParam {
  mu: number | number[];
  sigma: number | number[];
  muLog10f?: number;
  muLog10Elev?: number;
  sigmaLog10f?: number;
  sigmaLog10Elev?: number;
}

/** NLoS cluster structure used to build Σ (lib/channel/covariance.ts). */
export interface ClusterConfig {
  /** Number of NLoS clusters (the LoS path not counted). */
  nlosClusters: number;
  /** Sub-paths per cluster. */
  subpathsPerCluster: number;
  /** Intra-cluster RMS azimuth spread of arrival (deg). */
  clusterAsaDeg: number;
  /** Intra-cluster RMS elevation spread of arrival (deg). */
  clusterEsaDeg: number;
  /** Delay scaling r_DS > 1 (cluster powers ∝ U^(r_DS − 1), QuaDRiGa generate_paths). */
  delayScaling: number;
}

/** Parameters of one propagation state (LOS or NLOS). */
export interface LspStateTable {
  /** Rician K-factor (dB); absent = no LoS component (κ = 0). */
  kFactorDb?: LspParam;
  shadowFadingDb: LspParam;
  /** Clutter loss (dB), a number or a row over the elevation grid. */
  clutterLossDb: number | number[];
  lgAsaDeg: LspParam;
  lgEsaDeg: LspParam;
  /** Correlation of the standard normals, in the order given (names of the params above). */
  correlation?: { order: string[]; matrix: number[][] };
  clusters: ClusterConfig;
}

/** A large-scale scenario as stored in lib/channel/tables/*.json. */
export interface LspTable {
  name: string;
  title: string;
  source: string;
  notes: string[];
  elevationRangeDeg: [number, number];
  elevationDeg?: number[];
  losProbability: number | number[];
  pathLoss: { constantDb: number; atmosphericZenithDb: number; scintillationDb: number };
  los: LspStateTable;
  nlos?: LspStateTable;
}

/** A table file that does not follow the format (message names the field). */
export class LspTableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LspTableError';
  }
}

const PARAM_NAMES = ['kFactorDb', 'shadowFadingDb', 'lgAsaDeg', 'lgEsaDeg'] as const;
type ParamName = (typeof PARAM_NAMES)[number];

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function checkNumOrRow(v: unknown, where: string, n: number | undefined): void {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new LspTableError(`${where} must be a finite number, got ${v}`);
    return;
  }
  if (
    !Array.isArray(v) ||
    n === undefined ||
    v.length !== n ||
    !v.every((x) => typeof x === 'number' && Number.isFinite(x))
  ) {
    throw new LspTableError(
      `${where} must be a finite number${n === undefined ? '' : ` or an array of ${n} finite numbers (one per elevationDeg row)`}`,
    );
  }
}

function checkParam(p: unknown, where: string, n: number | undefined): void {
  if (!isObj(p)) throw new LspTableError(`${where} must be an object {mu, sigma, ...}`);
  checkNumOrRow(p.mu, `${where}.mu`, n);
  checkNumOrRow(p.sigma, `${where}.sigma`, n);
  for (const k of ['muLog10f', 'muLog10Elev', 'sigmaLog10f', 'sigmaLog10Elev']) {
    if (p[k] !== undefined) checkNumOrRow(p[k], `${where}.${k}`, undefined);
  }
}

function checkState(s: unknown, where: string, n: number | undefined): void {
  if (!isObj(s)) throw new LspTableError(`${where} must be an object`);
  if (s.kFactorDb !== undefined) checkParam(s.kFactorDb, `${where}.kFactorDb`, n);
  checkParam(s.shadowFadingDb, `${where}.shadowFadingDb`, n);
  checkParam(s.lgAsaDeg, `${where}.lgAsaDeg`, n);
  checkParam(s.lgEsaDeg, `${where}.lgEsaDeg`, n);
  checkNumOrRow(s.clutterLossDb, `${where}.clutterLossDb`, n);
  const c = s.clusters;
  if (!isObj(c)) throw new LspTableError(`${where}.clusters must be an object`);
  for (const k of ['nlosClusters', 'subpathsPerCluster']) {
    if (!Number.isInteger(c[k]) || (c[k] as number) < 1)
      throw new LspTableError(`${where}.clusters.${k} must be an integer >= 1`);
  }
  for (const k of ['clusterAsaDeg', 'clusterEsaDeg']) {
    if (typeof c[k] !== 'number' || !((c[k] as number) >= 0))
      throw new LspTableError(`${where}.clusters.${k} must be a number >= 0`);
  }
  if (typeof c.delayScaling !== 'number' || !(c.delayScaling > 1)) {
    throw new LspTableError(`${where}.clusters.delayScaling must be a number > 1`);
  }
  if (s.correlation !== undefined) {
    const cor = s.correlation;
    if (!isObj(cor) || !Array.isArray(cor.order) || !Array.isArray(cor.matrix)) {
      throw new LspTableError(`${where}.correlation must be {order: string[], matrix: number[][]}`);
    }
    const m = cor.order.length;
    cor.order.forEach((name, i) => {
      if (!PARAM_NAMES.includes(name as ParamName) || s[name as string] === undefined) {
        throw new LspTableError(
          `${where}.correlation.order[${i}] must name a parameter of this state, got '${String(name)}'`,
        );
      }
    });
    const mat = cor.matrix as unknown[];
    if (
      mat.length !== m ||
      !mat.every((r) => Array.isArray(r) && r.length === m && r.every((x) => typeof x === 'number'))
    ) {
      throw new LspTableError(`${where}.correlation.matrix must be ${m}x${m} numbers`);
    }
  }
}

/** Validate a parsed JSON table and return it typed; throws LspTableError naming the field. */
export function parseLspTable(json: unknown, where = 'table'): LspTable {
  if (!isObj(json)) throw new LspTableError(`${where} must be a JSON object`);
  for (const k of ['name', 'title', 'source']) {
    if (typeof json[k] !== 'string' || (json[k] as string).length === 0)
      throw new LspTableError(`${where}.${k} must be a non-empty string`);
  }
  const r = json.elevationRangeDeg;
  if (!Array.isArray(r) || r.length !== 2 || !(r[0] >= 0 && r[1] <= 90 && r[0] < r[1])) {
    throw new LspTableError(`${where}.elevationRangeDeg must be [lo, hi] with 0 <= lo < hi <= 90`);
  }
  let n: number | undefined;
  if (json.elevationDeg !== undefined) {
    const g = json.elevationDeg;
    if (!Array.isArray(g) || g.length < 2 || !g.every((x, i) => typeof x === 'number' && (i === 0 || x > g[i - 1]))) {
      throw new LspTableError(`${where}.elevationDeg must be an increasing array of at least 2 numbers`);
    }
    n = g.length;
  }
  checkNumOrRow(json.losProbability, `${where}.losProbability`, n);
  const lp = json.losProbability;
  if ((typeof lp === 'number' ? [lp] : (lp as number[])).some((x) => x < 0 || x > 1)) {
    throw new LspTableError(`${where}.losProbability must be in [0, 1]`);
  }
  const pl = json.pathLoss;
  if (!isObj(pl)) throw new LspTableError(`${where}.pathLoss must be an object`);
  for (const k of ['constantDb', 'atmosphericZenithDb', 'scintillationDb']) {
    if (typeof pl[k] !== 'number' || !Number.isFinite(pl[k]))
      throw new LspTableError(`${where}.pathLoss.${k} must be a finite number`);
  }
  checkState(json.los, `${where}.los`, n);
  if (json.nlos !== undefined) checkState(json.nlos, `${where}.nlos`, n);
  const hasNlosChance = typeof lp === 'number' ? lp < 1 : (lp as number[]).some((x) => x < 1);
  if (hasNlosChance && json.nlos === undefined) {
    throw new LspTableError(`${where}.nlos is required when losProbability < 1`);
  }
  return json as unknown as LspTable;
}

const TABLES: Record<LspModelName, LspTable> = {
  quadriga: parseLspTable(quadrigaNtnUrbanLosJson, 'tables/quadriga-ntn-urban-los.json'),
  tr38811: parseLspTable(tr38811UrbanSbandJson, 'tables/tr38811-urban-sband.json'),
};

/** The built-in large-scale scenario `name` ('quadriga' | 'tr38811'). */
export function lspTable(name: LspModelName): LspTable {
  const t = TABLES[name];
  if (!t)
    throw new LspTableError(`unknown large-scale scenario '${String(name)}'; allowed: ${LSP_MODEL_NAMES.join('|')}`);
  return t;
}

/** Clamp elevation to the table's validity range (degrees). */
function tableElevationDeg(table: LspTable, elevationRad: number): number {
  // round to 1e-9° so that a row's elevation survives the deg → rad → deg round trip
  const deg = Math.round(((elevationRad * 180) / Math.PI) * 1e9) / 1e9;
  return Math.min(table.elevationRangeDeg[1], Math.max(table.elevationRangeDeg[0], deg));
}

/** Value of a number-or-row at elevation `deg` (linear interpolation over table.elevationDeg). */
function atElevation(table: LspTable, v: number | number[], deg: number): number {
  if (typeof v === 'number') return v;
  const g = table.elevationDeg as number[];
  if (deg <= g[0]) return v[0];
  if (deg >= g[g.length - 1]) return v[v.length - 1];
  let i = 1;
  while (g[i] < deg) i++;
  const w = (deg - g[i - 1]) / (g[i] - g[i - 1]);
  return (1 - w) * v[i - 1] + w * v[i];
}

/** Mean and standard deviation of a parameter at (f, α). */
export interface LspMoments {
  mu: number;
  sigma: number;
}

function moments(table: LspTable, p: LspParam, deg: number, carrierGHz: number): LspMoments {
  const lf = Math.log10(carrierGHz);
  const la = Math.log10((deg * Math.PI) / 180);
  const mu = atElevation(table, p.mu, deg) + (p.muLog10f ?? 0) * lf + (p.muLog10Elev ?? 0) * la;
  const sigma = atElevation(table, p.sigma, deg) + (p.sigmaLog10f ?? 0) * lf + (p.sigmaLog10Elev ?? 0) * la;
  return { mu, sigma: Math.max(0, sigma) };
}

/** Distributions of the LSPs of one state at elevation α (rad) and carrier f (GHz). */
export interface LspStatistics {
  /** K-factor (dB) moments; null when the state has no LoS component. */
  kFactorDb: LspMoments | null;
  shadowFadingDb: LspMoments;
  lgAsaDeg: LspMoments;
  lgEsaDeg: LspMoments;
  clutterLossDb: number;
}

function checkArgs(elevationRad: number, carrierGHz: number): void {
  if (!Number.isFinite(elevationRad)) throw new RangeError(`elevationRad must be finite, got ${elevationRad}`);
  if (!(carrierGHz > 0)) throw new RangeError(`carrierGHz must be > 0, got ${carrierGHz}`);
}

/** Medians (μ) and spreads (σ) of the LSPs of `state` at elevation α (rad), carrier f (GHz). */
export function lspStatistics(
  table: LspTable,
  state: 'los' | 'nlos',
  elevationRad: number,
  carrierGHz: number,
): LspStatistics {
  checkArgs(elevationRad, carrierGHz);
  const st = state === 'los' ? table.los : table.nlos;
  if (!st) throw new LspTableError(`${table.name} has no '${state}' state`);
  const deg = tableElevationDeg(table, elevationRad);
  return {
    kFactorDb: st.kFactorDb ? moments(table, st.kFactorDb, deg, carrierGHz) : null,
    shadowFadingDb: moments(table, st.shadowFadingDb, deg, carrierGHz),
    lgAsaDeg: moments(table, st.lgAsaDeg, deg, carrierGHz),
    lgEsaDeg: moments(table, st.lgEsaDeg, deg, carrierGHz),
    clutterLossDb: atElevation(table, st.clutterLossDb, deg),
  };
}

/** LOS probability at elevation α (rad). */
export function losProbability(table: LspTable, elevationRad: number): number {
  checkArgs(elevationRad, 1);
  return atElevation(table, table.losProbability, tableElevationDeg(table, elevationRad));
}

/** Largest azimuth / elevation spreads of arrival (deg), TR 38.901 §7.5 step 4. */
export const ASA_MAX_DEG = 104;
export const ESA_MAX_DEG = 52;

/** One link's drawn large-scale parameters. */
export interface LargeScaleDraw {
  /** LOS state (always true for a LOS-only scenario such as QuaDRiGa NTN Urban LOS). */
  los: boolean;
  /** κ (linear); 0 in NLOS. */
  kappa: number;
  /** K-factor in dB (−Infinity in NLOS). */
  kFactorDb: number;
  shadowFadingDb: number;
  clutterLossDb: number;
  /** Azimuth / elevation spread of arrival of all paths incl. LoS (deg). */
  asaDeg: number;
  esaDeg: number;
  clusters: ClusterConfig;
}

const choleskyCache = new WeakMap<LspStateTable, { names: ParamName[]; l: number[][] }>();

/** Correlated standard normals for the state's parameters (lower Cholesky factor of the correlation). */
function correlatedNormals(st: LspStateTable, rng: Rng): Record<ParamName, number> {
  let c = choleskyCache.get(st);
  if (!c) {
    const names = PARAM_NAMES.filter((p) => st[p] !== undefined);
    const n = names.length;
    const r = new CMatrix(n, n);
    for (let i = 0; i < n; i++) r.re[i * n + i] = 1;
    if (st.correlation) {
      const idx = st.correlation.order.map((nm) => names.indexOf(nm as ParamName));
      for (let i = 0; i < idx.length; i++)
        for (let j = 0; j < idx.length; j++) if (i !== j) r.re[idx[i] * n + idx[j]] = st.correlation.matrix[i][j];
    }
    let lm: CMatrix;
    try {
      lm = choleskyLower(r);
    } catch {
      throw new LspTableError('correlation matrix is not positive definite');
    }
    const l: number[][] = [];
    for (let i = 0; i < n; i++) l.push(Array.from(lm.re.subarray(i * n, (i + 1) * n)));
    c = { names, l };
    choleskyCache.set(st, c);
  }
  const { names, l } = c;
  const z = names.map(() => rng.normal());
  const out = { kFactorDb: 0, shadowFadingDb: 0, lgAsaDeg: 0, lgEsaDeg: 0 };
  names.forEach((nm, i) => {
    let x = 0;
    for (let j = 0; j <= i; j++) x += l[i][j] * z[j];
    out[nm] = x;
  });
  return out;
}

/**
 * Draw one link's LSPs at elevation α (rad), carrier f (GHz): LOS state ~ Bernoulli(P_LOS(α)),
 * then the state's correlated Gaussian parameters (1 uniform + one normal per parameter of
 * the drawn state are taken from `rng`).
 */
export function drawLargeScale(table: LspTable, elevationRad: number, carrierGHz: number, rng: Rng): LargeScaleDraw {
  checkArgs(elevationRad, carrierGHz);
  const los = rng.uniform() < losProbability(table, elevationRad);
  const st = los ? table.los : (table.nlos as LspStateTable);
  const deg = tableElevationDeg(table, elevationRad);
  const x = correlatedNormals(st, rng);
  const val = (p: LspParam | undefined, nm: ParamName) => {
    if (!p) return NaN;
    const m = moments(table, p, deg, carrierGHz);
    return m.mu + m.sigma * x[nm];
  };
  const kFactorDb = st.kFactorDb ? val(st.kFactorDb, 'kFactorDb') : -Infinity;
  return {
    los,
    kappa: st.kFactorDb ? Math.pow(10, kFactorDb / 10) : 0,
    kFactorDb,
    shadowFadingDb: val(st.shadowFadingDb, 'shadowFadingDb'),
    clutterLossDb: atElevation(table, st.clutterLossDb, deg),
    asaDeg: Math.min(ASA_MAX_DEG, Math.pow(10, val(st.lgAsaDeg, 'lgAsaDeg'))),
    esaDeg: Math.min(ESA_MAX_DEG, Math.pow(10, val(st.lgEsaDeg, 'lgEsaDeg'))),
    clusters: st.clusters,
  };
}
