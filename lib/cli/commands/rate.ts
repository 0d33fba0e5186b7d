/**
 * `msms rate` — evaluate given precoders on a drop (Sections III-A, VI;
 * docs/paper-reading.md#b1, #x9): the upper-bound rate (16) and the ergodic rate (12) by
 * Monte Carlo, per UT and summed.
 *
 *   npx msms rate --in drop.json --precoders result.json [--realizations 64 --seed 1 --out rates.json]
 *
 * Files: scenario JSON (docs/scenario-format.md), precoders JSON (docs/precoders-format.md).
 */
import { type ErgodicRateReport, type RateReport, ergodicRates, upperBoundRates } from '../../metrics/index.js';
import { type Precoders, readPrecodersFile, satellitePowersW } from '../../precoding/index.js';
import { Rng } from '../../random/index.js';
import { readScenario } from '../../scenario/io.js';
import { sci } from '../../scenario/limits.js';
import type { Scenario } from '../../scenario/types.js';
import { InputError, type CliCommand, type OptionSpec, UsageError, contextOf, parseOptions } from '../args.js';
import { RuntimeFailure } from '../errors.js';
import { checkInputFile, checkOutputFile, firstNonFinite, writeJsonResult } from '../paths.js';

/**
 * `--realizations`: 0 skips the ergodic rate, otherwise at least 2 — its standard error
 * needs two realisations (with one it would be NaN), so 1 is refused.
 */
export const realizationsOption: OptionSpec = {
  type: 'int',
  min: 0,
  max: 1_000_000,
  default: 64,
  check: (x) =>
    x === 1
      ? '0 (upper bound only) or an integer in [2, 1000000] (a standard error needs ≥ 2 realisations)'
      : undefined,
};

/** Options of `msms rate`. */
export const rateOptionSpec: Record<string, OptionSpec> = {
  in: { type: 'string' },
  precoders: { type: 'string' },
  realizations: realizationsOption,
  seed: { type: 'int', min: 0, max: Number.MAX_SAFE_INTEGER, default: 1 },
  out: { type: 'string' },
};

/** Relative round-off allowed on the per-satellite power (C7): Σ_k ‖W_{s,k}‖_F² ≤ P_s·(1 + 1e-6). */
export const POWER_BUDGET_TOLERANCE = 1e-6;

/** The `rates` block written by `msms precode` and `msms rate`. */
export interface RatesJson {
  upperBound: RateReport;
  ergodic?: ErgodicRateReport & { seed: number };
}

/** Upper-bound and (when realizations > 0) ergodic rates of precoders. */
export function evaluateRates(scn: Scenario, p: Precoders, realizations: number, seed: number): RatesJson {
  const upperBound = upperBoundRates(scn, p);
  if (realizations === 0) return { upperBound };
  const ergodic = ergodicRates(scn, p, { realizations, rng: Rng.substream(seed, 'ergodic') });
  return { upperBound, ergodic: { ...ergodic, seed } };
}

function watts(x: number): string {
  return Number.isFinite(x) ? `${x.toPrecision(4)} W` : 'more than 1.8e308 W';
}

/**
 * (C7): every satellite within its power budget, Σ_k ‖W_{s,k}‖_F² ≤ P_s up to a relative
 * round-off of POWER_BUDGET_TOLERANCE. InputError naming the first satellite over it.
 */
export function checkPowerBudget(scn: Scenario, p: Precoders, where: string): void {
  satellitePowersW(p.W).forEach((used, s) => {
    const budget = scn.powerW[s];
    if (!(used <= budget * (1 + POWER_BUDGET_TOLERANCE))) {
      throw new InputError(
        `${where}: precoders over the power budget (C7): satellite ${s} transmits Σ_k ‖W_{s,k}‖² = ${watts(used)}, ` +
          `its budget is P_${s} = ${watts(budget)} (round-off allowed: ${sci(POWER_BUDGET_TOLERANCE)} relative)`,
      );
    }
  });
}

/** One-line summary of a rates block. */
export function ratesSummary(r: RatesJson): string {
  const e = r.ergodic
    ? `, ergodic ${r.ergodic.sum.toFixed(2)} ± ${r.ergodic.sumStdErr.toFixed(2)} b/s/Hz (${r.ergodic.realizations} realisations)`
    : '';
  return `upper bound ${r.upperBound.sum.toFixed(2)} b/s/Hz${e}`;
}

/** Required string option or a UsageError naming it. */
export function requiredPath(o: Record<string, unknown>, name: string): string {
  const v = o[name];
  if (typeof v !== 'string' || v.length === 0) throw new UsageError(`--${name} FILE is required`);
  return v;
}

export const command: CliCommand = {
  name: 'rate',
  summary: 'evaluate given precoders on a drop: upper-bound (16) and ergodic (12) rates per UT',
  help: [
    'msms rate --in drop.json --precoders result.json [--realizations R --seed S --out rates.json]',
    '',
    'Reads a scenario (docs/scenario-format.md) and precoders for it (docs/precoders-format.md,',
    'as written by `msms precode`; every satellite within its power budget (C7), 1e-6 relative',
    'round-off allowed), prints the sum rates and, with --out, writes',
    '{ "rates": { "upperBound": {...}, "ergodic": {...} } } with per-UT values in b/s/Hz.',
    '',
    'Options:',
    '  --in FILE          scenario JSON (required)',
    '  --precoders FILE   precoders JSON (required)',
    '  --realizations R   Monte Carlo draws for the ergodic rate: 0 = upper bound only, else >= 2 (default 64)',
    '  --seed S           seed of the draws (default 1; stream Rng.substream(S, "ergodic"))',
    '  --out FILE         write the rates as JSON',
  ].join('\n'),
  async run(argv: string[], context): Promise<void> {
    const { io } = contextOf(context);
    const o = parseOptions(argv, rateOptionSpec);
    const inPath = requiredPath(o, 'in');
    const precPath = requiredPath(o, 'precoders');
    checkInputFile('in', inPath);
    checkInputFile('precoders', precPath);
    if (typeof o.out === 'string') checkOutputFile('out', o.out);
    const scn = readScenario(inPath);
    const p = readPrecodersFile(precPath, scn);
    checkPowerBudget(scn, p, precPath);
    const rates = evaluateRates(scn, p, o.realizations as number, o.seed as number);
    const bad = firstNonFinite(rates);
    if (bad) throw new RuntimeFailure(`the rates are not finite (${bad}); nothing was written`);
    if (typeof o.out === 'string') {
      const doc = { scheme: p.scheme, rates };
      writeJsonResult(o.out, doc, `${JSON.stringify(doc, null, 1)}\n`);
    }
    io.out(`${p.scheme}: ${ratesSummary(rates)}${typeof o.out === 'string' ? ` → ${o.out}` : ''}`);
  },
};
