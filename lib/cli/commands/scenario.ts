/**
 * `msms scenario` — draw one drop (Section II, Table I; lib/channel/drop.ts) and write it as
 * a JSON scenario file (docs/scenario-format.md).
 *
 *   npx msms scenario --seed 7 [--drop 0] [--K 48 --S 5 --Sk 3 --KsMax 36 --Bs 48 --PdBm 30
 *                     --fGHz 2 --zeta2 0.5 --nTV 16 --nTH 16 --nRV 2 --nRH 2 --streams 2
 *                     --radiusKm 800 --lsp quadriga|tr38811 --sigma cluster|isotropic] --out drop.json
 *
 * Extension points (for clustering / beam selection options): `scenarioOptionSpec` is the
 * option table, `dropConfigFromOptions` maps options to a DropConfig, and `buildScenario`
 * draws the drop — add options to the spec and post-process the DropResult there.
 */
import { type DropConfig, type DropResult, DropConfigError, defaultDropConfig, drawDrop } from '../../channel/drop.js';
import { LSP_MODEL_NAMES, type LspModelName } from '../../channel/lsp.js';
import { SIGMA_MODELS, type SigmaModel } from '../../channel/covariance.js';
import { DEFAULT_WALKER } from '../../geometry/index.js';
import { Rng } from '../../random/index.js';
import { scenarioToJsonText } from '../../scenario/io.js';
import { SCENARIO_LIMITS as L, horizonRadiusKm } from '../../scenario/limits.js';
import { validateScenario } from '../../scenario/validate.js';
import { type BeamMethod, applySelection } from '../../beamspace/index.js';
import { BeamSelectionError } from '../../beamspace/constraints.js';
import { ClusteringError } from '../../clustering/index.js';
import { writeFileAtomic } from '../../experiments/files.js';
import { type CliCommand, type OptionSpec, type ParsedOptions, UsageError, contextOf, parseOptions } from '../args.js';
import { checkOutputFile } from '../paths.js';

const D = defaultDropConfig();

/** Largest honest --radiusKm: the horizon distance of the Table I shell (lib/scenario/limits.ts), 2662 km. */
export const MAX_RADIUS_KM = horizonRadiusKm(DEFAULT_WALKER.altitudeKm);

/** Options of `msms scenario` (Table I knobs), with Table I defaults. */
export const scenarioOptionSpec: Record<string, OptionSpec> = {
  seed: { type: 'int', min: 0, max: Number.MAX_SAFE_INTEGER, default: 1 },
  drop: { type: 'int', min: 0, max: Number.MAX_SAFE_INTEGER, default: 0 },
  K: { type: 'int', min: 1, max: L.K, default: D.K },
  S: { type: 'int', min: 1, max: L.S, default: D.S },
  Sk: { type: 'int', min: 1, max: L.S, default: D.Sk },
  KsMax: { type: 'int', min: 1, max: L.K, default: D.KsMax },
  // no default here: 48 (Table I) applies with --beams lcms|nearopt; without --beams it is unused
  Bs: { type: 'int', min: 1, max: L.satSide * L.satSide },
  PdBm: { type: 'number', min: -50, max: 100, default: D.txPowerDbm },
  fGHz: { type: 'number', min: 0.1, max: 100, default: D.carrierGHz },
  zeta2: { type: 'number', min: 0, max: 100, default: D.zeta2 },
  nTV: { type: 'int', min: 1, max: L.satSide, default: D.satArray.nV },
  nTH: { type: 'int', min: 1, max: L.satSide, default: D.satArray.nH },
  nRV: { type: 'int', min: 1, max: L.utSide, default: D.utArray.nV },
  nRH: { type: 'int', min: 1, max: L.utSide, default: D.utArray.nH },
  streams: { type: 'int', min: 1, max: L.utSide * L.utSide, default: D.streams },
  radiusKm: { type: 'number', min: 1, max: MAX_RADIUS_KM, default: D.radiusKm },
  lsp: { type: 'string', choices: LSP_MODEL_NAMES, default: D.lsp },
  sigma: { type: 'string', choices: SIGMA_MODELS, default: D.sigmaModel },
  cluster: { type: 'flag' },
  beams: { type: 'string', choices: ['lcms', 'nearopt', 'full'] },
  out: { type: 'string' },
};

/** DropConfig from parsed `msms scenario` options (Table I defaults for the rest). */
export function dropConfigFromOptions(o: ParsedOptions): DropConfig {
  const nT = (o.nTV as number) * (o.nTH as number);
  // --Bs is checked against N_T only where it is used (--beams lcms|nearopt) or when given
  const Bs = o.Bs === undefined ? Math.min(D.Bs, nT) : (o.Bs as number);
  return defaultDropConfig({
    K: o.K as number,
    S: o.S as number,
    Sk: o.Sk as number,
    KsMax: o.KsMax as number,
    Bs,
    txPowerDbm: o.PdBm as number,
    carrierGHz: o.fGHz as number,
    zeta2: o.zeta2 as number,
    satArray: { nV: o.nTV as number, nH: o.nTH as number },
    utArray: { nV: o.nRV as number, nH: o.nRH as number },
    streams: o.streams as number,
    radiusKm: o.radiusKm as number,
    lsp: o.lsp as LspModelName,
    sigmaModel: o.sigma as SigmaModel,
  });
}

/**
 * The size limits of lib/scenario/limits.ts for the drop the options describe, checked
 * before anything is drawn (UsageError naming the options).
 */
export function checkScenarioOptions(o: ParsedOptions): void {
  const S = o.S as number;
  const K = o.K as number;
  const nT = (o.nTV as number) * (o.nTH as number);
  const nR = (o.nRV as number) * (o.nRH as number);
  if (o.Bs !== undefined && (o.Bs as number) > nT) {
    throw new UsageError(`--Bs must be in [1, N_T] = [1, ${nT}] (N_T = --nTV × --nTH), got ${o.Bs}`);
  }
  if (o.beams === 'full' && o.Bs !== undefined && o.Bs !== nT) {
    throw new UsageError(`--Bs must equal N_T = ${nT} with --beams full (A_s = I), got ${o.Bs}`);
  }
  const cov = S * K * nR * nR;
  if (cov > L.covarianceEntries) {
    throw new UsageError(
      `--S ${S} × --K ${K} × N_R² (${nR}²) = ${cov} covariance entries; at most ${L.covarianceEntries} (the size limit of a drop)`,
    );
  }
  const B = o.beams === 'lcms' || o.beams === 'nearopt' ? ((o.Bs as number | undefined) ?? Math.min(D.Bs, nT)) : nT;
  const W = S * B * K * (o.streams as number);
  if (W > L.precoderEntries) {
    throw new UsageError(
      `--S ${S} × B_s ${B} × --K ${K} × --streams ${o.streams} = ${W} precoder entries; at most ${L.precoderEntries} ` +
        '(the size limit of a drop; select fewer beams with --beams lcms --Bs N)',
    );
  }
}

/**
 * Draw the drop described by the options from `rng`, then (with `--cluster`) replace the
 * strongest-γ association by competition clustering (Section V-A, lib/clustering) and (with
 * `--beams`) select B_s beams per satellite (Section V-B, lib/beamspace). Configuration and
 * feasibility errors are input errors (one clear line, exit 2).
 */
export function buildScenario(o: ParsedOptions, rng: Rng): DropResult {
  const cfg = dropConfigFromOptions(o);
  try {
    const res = drawDrop(cfg, rng);
    if (!o.cluster && o.beams === undefined) return res;
    const scenario = applySelection(res.scenario, {
      cluster: o.cluster ? { Sk: cfg.Sk, KsMax: cfg.KsMax } : undefined,
      beams:
        o.beams === undefined
          ? undefined
          : { method: o.beams as BeamMethod, Bs: o.beams === 'full' ? undefined : cfg.Bs },
    });
    return { ...res, scenario };
  } catch (e) {
    if (e instanceof DropConfigError || e instanceof ClusteringError || e instanceof BeamSelectionError) {
      throw new UsageError(e.message);
    }
    throw e;
  }
}

/** A number for the summary line; 'n/a' where there is none (never NaN / Infinity). */
function fmt(x: number, d = 1): string {
  return Number.isFinite(x) ? x.toFixed(d) : 'n/a';
}

export const command: CliCommand = {
  name: 'scenario',
  summary: 'draw one drop (constellation geometry + sCSI, Table I) and write it as a JSON scenario',
  help: [
    'msms scenario --seed N [options] --out drop.json',
    '',
    'Draws one drop: a random time and centre under the Walker-Delta constellation, K UTs in',
    'the coverage disc, the S nearest satellites, the sCSI of every link; association: each UT',
    'served by its Sk strongest satellites (or competition clustering with --cluster); beams:',
    'all N_T (Full) unless --beams selects B_s of them. Format: docs/scenario-format.md.',
    '',
    'Options (Table I defaults):',
    '  --seed N        random seed (default 1); --drop D picks drop D of that seed (default 0)',
    `  --K, --S        UTs (${D.K}), cooperating satellites (${D.S})`,
    `  --Sk, --KsMax   serving satellites per UT (${D.Sk}), UT cap per satellite (${D.KsMax})`,
    `  --Bs            beams per satellite for --beams lcms|nearopt (min(${D.Bs}, N_T); Full uses N_T)`,
    `  --PdBm          transmit power per satellite and subcarrier, dBm (${D.txPowerDbm})`,
    `  --fGHz          carrier (${D.carrierGHz}); --zeta2 phase-error variance (${D.zeta2})`,
    `  --nTV, --nTH    satellite UPA (${D.satArray.nV}x${D.satArray.nH}); --nRV, --nRH UT UPA (${D.utArray.nV}x${D.utArray.nH})`,
    `  --streams       data streams per UT, <= min(N_R, Sk) (${D.streams})`,
    `  --radiusKm      coverage radius, at most ${MAX_RADIUS_KM} (the horizon of the ${DEFAULT_WALKER.altitudeKm} km shell) (${D.radiusKm})`,
    `  --lsp           large-scale scenario ${LSP_MODEL_NAMES.join('|')} (${D.lsp})`,
    `  --sigma         NLoS covariance ${SIGMA_MODELS.join('|')} (${D.sigmaModel})`,
    '  --cluster       associate UTs by competition clustering (Section V-A; Sk, KsMax)',
    '  --beams M       beam selection lcms|nearopt|full (Section V-B) with --Bs beams per satellite',
    '  --out FILE      output JSON file (required)',
  ].join('\n'),
  async run(argv: string[], context): Promise<void> {
    const { io } = contextOf(context);
    const o = parseOptions(argv, scenarioOptionSpec);
    if (typeof o.out !== 'string') throw new UsageError('--out FILE is required');
    checkOutputFile('out', o.out);
    checkScenarioOptions(o);
    const rng = Rng.forDrop(o.seed as number, o.drop as number);
    const res = buildScenario(o, rng);
    const all = res.details.flat();
    const seen = all.filter((x) => !x.blocked);
    if (seen.length === 0) {
      throw new UsageError(
        `--radiusKm ${o.radiusKm}: every link of this drop is below the horizon (no UT sees any of the ` +
          `${o.S} satellites nearest the centre); use a smaller --radiusKm (Table I: 800) or another --seed/--drop`,
      );
    }
    // write only what the reader accepts (limits on SNR, sizes, …)
    try {
      validateScenario(res.scenario);
    } catch (e) {
      throw new UsageError(
        `the drawn drop breaks a limit of the scenario format (${(e as Error).message}); lower --PdBm or the array sizes`,
      );
    }
    writeFileAtomic(o.out, scenarioToJsonText(res.scenario));
    const el = seen.map((x) => x.elevationDeg);
    const snr = seen.map((x) => x.snrDb).filter((x) => Number.isFinite(x));
    const g = res.geometry;
    const blocked = all.length - seen.length;
    const dark = res.details[0].map((_, k) => k).filter((k) => res.details.every((row) => row[k].blocked)).length;
    io.out(
      `wrote ${o.out}: S=${res.scenario.S} K=${res.scenario.K} N_T=${res.config.satArray.nV * res.config.satArray.nH} ` +
        `N_R=${res.config.utArray.nV * res.config.utArray.nH}, centre ${fmt((g.centre.latRad * 180) / Math.PI, 2)}°, ` +
        `${fmt((g.centre.lonRad * 180) / Math.PI, 2)}°, elevation ${fmt(Math.min(...el))}–${fmt(Math.max(...el))}°, ` +
        `mean SNR ${fmt(Math.min(...snr))}–${fmt(Math.max(...snr))} dB` +
        (blocked > 0 ? ` (over the ${seen.length} of ${all.length} links above the horizon)` : ''),
    );
    if (dark > 0) {
      io.err(
        `msms scenario: warning: ${dark} of ${res.scenario.K} UTs see no satellite above the horizon (γ = 0 on every ` +
          `link): they get no rate; a smaller --radiusKm avoids this`,
      );
    }
  },
};
