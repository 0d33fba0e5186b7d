/**
 * One simulation drop → a `Scenario` (Section II, Section VI set-up, Table I;
 * docs/paper-reading.md#x5, #x10).
 *
 * drawDrop(config, rng):
 * 1. geometry (lib/geometry/drop.ts): random time and centre, K UTs in the 800 km disc, the
 *    S satellites nearest the centre, per-link elevation, slant range and array angles;
 * 2. per link (s, k), from its own sub-stream rng.child(`link/s/k`) (so a link's draws do
 *    not depend on the others, nor on the Σ model): LSPs (lib/channel/lsp.ts), the path
 *    loss and γ = N_T N_R G_tx G_rx / L (lib/channel/linkBudget.ts), κ, Σ
 *    (lib/channel/covariance.ts) and φ̄ = e^{−ζ²/2};
 * 3. the operating point: P_s = P_TX for every satellite, σ_k² = k_B T Δf NF, β_k, M_k.
 *
 * Links below `minElevationDeg` (default 0°, the geometric horizon) are blocked: γ = 0,
 * κ = 0, Σ = I/N_R. With Table I settings this does not happen (UTs ≤ 800 km from the
 * centre see the 5 nearest satellites above ~10°).
 *
 * Defaults that the paper leaves to other modules (replaced by the lead's wiring):
 * - Association: each UT is served by its S_k strongest-γ satellites (ties: lower index).
 *   This ignores the per-satellite cap K_s^max (C2); lib/clustering's competition-based
 *   clustering (Section V-A) is the paper's method. `meta.maxSatelliteLoad` reports the
 *   largest K_s so a violated (C2) is visible.
 * - Beams: 'full' — every satellite activates all N_T DFT beams (A_s = I, B_s = N_T), the
 *   paper's "Full" reference. `Bs` is kept in the config for the beam selections of
 *   lib/beamspace (LCMS, NearOpt), which choose B_s of the N_T codewords.
 * - Streams: M_k = min(streams, N_R, S_k) is not applied silently — a config with
 *   streams > min(N_R, S_k) (Remark 1) is rejected.
 */
import {
  type DropGeometry,
  type DropGeometryConfig,
  DEFAULT_WALKER,
  drawDropGeometry,
  radToDeg,
  validateDropGeometryConfig,
} from '../geometry/index.js';
import type { Rng } from '../random/index.js';
import type { LinkStats, Scenario } from '../scenario/types.js';
import { type SigmaModel, SIGMA_MODELS, isotropicCovariance, nlosCovariance } from './covariance.js';
import { atmosphericLossDb, linkGainLinear, noisePowerW, pathLossDb } from './linkBudget.js';
import { type LspModelName, LSP_MODEL_NAMES, drawLargeScale, lspTable } from './lsp.js';
import { phiBarFromZeta2 } from './phaseError.js';
import { type ArraySize, arrayElements } from './steering.js';
import { dbmToWatt, linearToDb } from './units.js';

/**
 * Everything that defines a drop. Defaults (Table I) in `defaultDropConfig()`. The
 * geometry fields (constellation, K, S, radiusKm, optional centre / time) are those of
 * lib/geometry's DropGeometryConfig, which `drawDropGeometry` reads from this same object.
 */
export interface DropConfig extends DropGeometryConfig {
  /** Satellite UPA N_TV × N_TH, default 16 × 16. */
  satArray: ArraySize;
  /** UT UPA N_RV × N_RH, default 2 × 2 (Table I: N_RV = N_RH ∈ {1, 2, 3, 4}). */
  utArray: ArraySize;
  /** Carrier frequency f0 (GHz), default 2. */
  carrierGHz: number;
  /** Subcarrier spacing Δf (Hz), default 30 kHz. */
  subcarrierSpacingHz: number;
  /** UT noise figure (dB), default 7. */
  noiseFigureDb: number;
  /** UT antenna temperature (K), default 290. */
  noiseTemperatureK: number;
  /** Per-element gain of the satellite array (dBi), default 6. */
  txElementGainDbi: number;
  /** Gain of the UT antennas (dBi), default 0. */
  rxElementGainDbi: number;
  /** P_s = P_TX: per-satellite transmit power per subcarrier (dBm), Table I 20–50, default 30. */
  txPowerDbm: number;
  /** Phase-error variance ζ² (rad²), default 0.5 (φ̄ = e^{−ζ²/2}). */
  zeta2: number;
  /** Large-scale scenario: 'quadriga' (default, the paper's) or 'tr38811'. */
  lsp: LspModelName;
  /** NLoS covariance: 'cluster' (default, QuaDRiGa-like) or 'isotropic' (I/N_R). */
  sigmaModel: SigmaModel;
  /** Links below this elevation (deg) are blocked (γ = 0); default 0 (horizon). */
  minElevationDeg: number;
  /** S_k: serving satellites per UT (Table I 1–5, default 3). */
  Sk: number;
  /** K_s^max: UT cap per satellite (Table I 36–48, default 36); used by clustering, reported here. */
  KsMax: number;
  /** B_s: active beams per satellite for beam selection (Table I K_s–256, default 48); 'full' uses N_T. */
  Bs: number;
  /** Beam selection applied by drawDrop: 'full' (A_s = I). */
  beams: 'full';
  /** M_k: data streams per UT (same for all), 1 ≤ M_k ≤ min(N_R, S_k); default 2. */
  streams: number;
  /** β_k: rate weight of every UT, default 1. */
  weight: number;
}

/** Table I defaults, with `overrides` applied on top (nested objects replaced whole). */
export function defaultDropConfig(overrides: Partial<DropConfig> = {}): DropConfig {
  return {
    constellation: { ...DEFAULT_WALKER },
    K: 48,
    S: 5,
    radiusKm: 800,
    satArray: { nV: 16, nH: 16 },
    utArray: { nV: 2, nH: 2 },
    carrierGHz: 2,
    subcarrierSpacingHz: 30e3,
    noiseFigureDb: 7,
    noiseTemperatureK: 290,
    txElementGainDbi: 6,
    rxElementGainDbi: 0,
    txPowerDbm: 30,
    zeta2: 0.5,
    lsp: 'quadriga',
    sigmaModel: 'cluster',
    minElevationDeg: 0,
    Sk: 3,
    KsMax: 36,
    Bs: 48,
    beams: 'full',
    streams: 2,
    weight: 1,
    ...overrides,
  };
}

/** Invalid drop configuration; the message names the field and its allowed range. */
export class DropConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DropConfigError';
  }
}

function intIn(name: string, v: number, lo: number, hi: number): void {
  if (!Number.isInteger(v) || v < lo || v > hi)
    throw new DropConfigError(`${name} must be an integer in [${lo}, ${hi}], got ${v}`);
}

function numIn(name: string, v: number, lo: number, hi: number): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi) {
    throw new DropConfigError(`${name} must be a number in [${lo}, ${hi}], got ${v}`);
  }
}

/** Check every field of a drop configuration (DropConfigError names the first bad one). */
export function validateDropConfig(c: DropConfig): void {
  try {
    validateDropGeometryConfig(c);
  } catch (e) {
    throw new DropConfigError((e as Error).message);
  }
  intIn('satArray.nV', c.satArray.nV, 1, 64);
  intIn('satArray.nH', c.satArray.nH, 1, 64);
  intIn('utArray.nV', c.utArray.nV, 1, 16);
  intIn('utArray.nH', c.utArray.nH, 1, 16);
  numIn('carrierGHz', c.carrierGHz, 0.1, 100);
  numIn('subcarrierSpacingHz', c.subcarrierSpacingHz, 1, 1e9);
  numIn('noiseFigureDb', c.noiseFigureDb, 0, 30);
  numIn('noiseTemperatureK', c.noiseTemperatureK, 1, 1e4);
  numIn('txElementGainDbi', c.txElementGainDbi, -30, 50);
  numIn('rxElementGainDbi', c.rxElementGainDbi, -30, 50);
  numIn('txPowerDbm', c.txPowerDbm, -50, 100);
  numIn('zeta2', c.zeta2, 0, 100);
  numIn('minElevationDeg', c.minElevationDeg, -90, 90);
  numIn('weight', c.weight, 0, 1e6);
  if (!LSP_MODEL_NAMES.includes(c.lsp))
    throw new DropConfigError(`lsp must be one of ${LSP_MODEL_NAMES.join('|')}, got '${c.lsp}'`);
  if (!SIGMA_MODELS.includes(c.sigmaModel)) {
    throw new DropConfigError(`sigmaModel must be one of ${SIGMA_MODELS.join('|')}, got '${c.sigmaModel}'`);
  }
  if (c.beams !== 'full') throw new DropConfigError(`beams must be 'full', got '${String(c.beams)}'`);
  intIn('Sk', c.Sk, 1, c.S);
  intIn('KsMax', c.KsMax, 1, 1e6);
  const nT = arrayElements(c.satArray);
  intIn('Bs', c.Bs, 1, nT);
  const nR = arrayElements(c.utArray);
  const mMax = Math.min(nR, c.Sk);
  if (!Number.isInteger(c.streams) || c.streams < 1 || c.streams > mMax) {
    throw new DropConfigError(
      `streams must be an integer in [1, min(N_R, Sk)] = [1, ${mMax}] (Remark 1: M_k <= min(S_k, N_R)), got ${c.streams}`,
    );
  }
}

/** Per-link quantities behind the sCSI (for notebooks and diagnostics). */
export interface LinkDetail {
  elevationDeg: number;
  slantRangeKm: number;
  /** Below minElevationDeg: no power. */
  blocked: boolean;
  /** LOS state drawn by the large-scale scenario. */
  los: boolean;
  kFactorDb: number;
  shadowFadingDb: number;
  clutterLossDb: number;
  /** Total loss L (dB): path loss + atmosphere + scintillation + SF + clutter. */
  pathLossDb: number;
  asaDeg: number;
  esaDeg: number;
  /** 10 log10 γ. */
  gammaDb: number;
  /** Mean SNR γ P_s / σ² (dB). */
  snrDb: number;
}

/** A drawn drop: the Scenario plus its geometry and per-link details. */
export interface DropResult {
  scenario: Scenario;
  geometry: DropGeometry;
  /** details[s][k]. */
  details: LinkDetail[][];
  config: DropConfig;
}

/** Indices of the `count` largest values (descending; ties → lower index). */
function topIndices(values: number[], count: number): number[] {
  return values
    .map((v, i) => i)
    .sort((a, b) => values[b] - values[a] || a - b)
    .slice(0, count);
}

/**
 * Default association: o_{s,k} = 1 for the S_k satellites of largest γ_{s,k} (S × K, 0/1).
 * Ignores K_s^max — see the file comment.
 */
export function strongestGammaAssociation(gamma: number[][], Sk: number): number[][] {
  const S = gamma.length;
  const K = S === 0 ? 0 : gamma[0].length;
  const o = Array.from({ length: S }, () => new Array<number>(K).fill(0));
  for (let k = 0; k < K; k++) {
    for (const s of topIndices(
      gamma.map((row) => row[k]),
      Sk,
    ))
      o[s][k] = 1;
  }
  return o;
}

/** Draw one drop (see the file comment). Same config + same rng key → same numbers. */
export function drawDrop(config: DropConfig, rng: Rng): DropResult {
  validateDropConfig(config);
  return dropFromGeometry(config, drawDropGeometry(config, rng), rng);
}

/**
 * Steps 2–3 of drawDrop for a given geometry: the sCSI of every link and the operating
 * point. Link (s, k) draws from `linkRng(s, k)`, by default rng.child(`link/s/k`) as in
 * drawDrop (which is exactly `dropFromGeometry(config, drawDropGeometry(config, rng), rng)`);
 * lib/channel/evolve.ts passes other keys to follow a satellite through a change of the
 * cooperating set.
 */
export function dropFromGeometry(
  config: DropConfig,
  geometry: DropGeometry,
  rng: Rng,
  linkRng: (s: number, k: number) => Rng = (s, k) => rng.child(`link/${s}/${k}`),
): DropResult {
  validateDropConfig(config);
  if (geometry.satellites.length !== config.S || geometry.uts.length !== config.K) {
    throw new DropConfigError(
      `geometry has ${geometry.satellites.length} satellites and ${geometry.uts.length} UTs, config says S = ${config.S}, K = ${config.K}`,
    );
  }
  const table = lspTable(config.lsp);
  const nT = arrayElements(config.satArray);
  const nR = arrayElements(config.utArray);
  const gains = { nT, nR, txElementGainDbi: config.txElementGainDbi, rxElementGainDbi: config.rxElementGainDbi };
  const powerW = dbmToWatt(config.txPowerDbm);
  const noiseW = noisePowerW(config.noiseTemperatureK, config.subcarrierSpacingHz, config.noiseFigureDb);
  const phiBar = phiBarFromZeta2(config.zeta2);
  const minEl = (config.minElevationDeg * Math.PI) / 180;
  const links: LinkStats[][] = [];
  const details: LinkDetail[][] = [];
  for (let s = 0; s < config.S; s++) {
    const row: LinkStats[] = [];
    const drow: LinkDetail[] = [];
    for (let k = 0; k < config.K; k++) {
      const g = geometry.links[s][k];
      const angles = {
        thetaT: g.depart.thetaRad,
        phiT: g.depart.phiRad,
        thetaR: g.arrive.thetaRad,
        phiR: g.arrive.phiRad,
      };
      const elevationDeg = radToDeg(g.elevationRad);
      const slantRangeKm = g.slantRangeM / 1e3;
      if (g.elevationRad < minEl || g.elevationRad <= 0) {
        row.push({ gamma: 0, kappa: 0, ...angles, sigma: isotropicCovariance(nR), phiBar });
        drow.push({
          elevationDeg,
          slantRangeKm,
          blocked: true,
          los: false,
          kFactorDb: -Infinity,
          shadowFadingDb: 0,
          clutterLossDb: 0,
          pathLossDb: Infinity,
          asaDeg: NaN,
          esaDeg: NaN,
          gammaDb: -Infinity,
          snrDb: -Infinity,
        });
        continue;
      }
      const lr = linkRng(s, k);
      const lsp = drawLargeScale(table, g.elevationRad, config.carrierGHz, lr.child('lsp'));
      const lossDb =
        pathLossDb(g.slantRangeM, config.carrierGHz, table.pathLoss.constantDb) +
        atmosphericLossDb(g.elevationRad, table.pathLoss.atmosphericZenithDb) +
        table.pathLoss.scintillationDb +
        lsp.shadowFadingDb +
        lsp.clutterLossDb;
      const gamma = linkGainLinear(lossDb, gains);
      const sigma = nlosCovariance(
        config.sigmaModel,
        config.utArray,
        g.losEnu,
        lsp.kappa,
        lsp.asaDeg,
        lsp.esaDeg,
        lsp.clusters,
        lr.child('clusters'),
      );
      row.push({ gamma, kappa: lsp.kappa, ...angles, sigma, phiBar });
      drow.push({
        elevationDeg,
        slantRangeKm,
        blocked: false,
        los: lsp.los,
        kFactorDb: lsp.kFactorDb,
        shadowFadingDb: lsp.shadowFadingDb,
        clutterLossDb: lsp.clutterLossDb,
        pathLossDb: lossDb,
        asaDeg: lsp.asaDeg,
        esaDeg: lsp.esaDeg,
        gammaDb: linearToDb(gamma),
        snrDb: linearToDb((gamma * powerW) / noiseW),
      });
    }
    links.push(row);
    details.push(drow);
  }
  const association = strongestGammaAssociation(
    links.map((r) => r.map((l) => l.gamma)),
    config.Sk,
  );
  const load = association.map((r) => r.reduce((a, b) => a + b, 0));
  const allBeams = Array.from({ length: nT }, (_, q) => q);
  const scenario: Scenario = {
    S: config.S,
    K: config.K,
    satArray: { ...config.satArray },
    utArray: { ...config.utArray },
    links,
    powerW: new Array<number>(config.S).fill(powerW),
    noiseW: new Array<number>(config.K).fill(noiseW),
    weights: new Array<number>(config.K).fill(config.weight),
    streams: new Array<number>(config.K).fill(config.streams),
    association,
    beams: Array.from({ length: config.S }, () => allBeams.slice()),
    meta: {
      generator: 'msms-kit drawDrop',
      rngKey: rng.key,
      lsp: config.lsp,
      lspSource: table.source,
      sigmaModel: config.sigmaModel,
      associationRule: 'strongest-gamma (each UT: its Sk largest gamma; K_s^max not enforced)',
      beamSelection: 'full',
      maxSatelliteLoad: Math.max(...load),
      KsMax: config.KsMax,
      Sk: config.Sk,
      Bs: config.Bs,
      carrierGHz: config.carrierGHz,
      zeta2: config.zeta2,
      timeS: geometry.timeS,
      centreLatDeg: radToDeg(geometry.centre.latRad),
      centreLonDeg: radToDeg(geometry.centre.lonRad),
      satellites: geometry.satellites.map((sat) => ({
        index: sat.index,
        plane: sat.plane,
        slot: sat.slot,
        latDeg: radToDeg(sat.latRad),
        lonDeg: radToDeg(sat.lonRad),
      })),
      uts: geometry.uts.map((ut) => ({ latDeg: radToDeg(ut.latRad), lonDeg: radToDeg(ut.lonRad) })),
      elevationDeg: details.map((r) => r.map((d) => d.elevationDeg)),
      blockedLinks: details.reduce((a, r) => a + r.filter((d) => d.blocked).length, 0),
      config: JSON.parse(JSON.stringify(config)) as Record<string, unknown>,
    },
  };
  return { scenario, geometry, details, config };
}
