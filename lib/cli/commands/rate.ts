/**
 * `msms rate` — evaluate given precoders on a drop (Sections III-A, VI; SPEC §7): the
 * upper-bound rate (16) and the ergodic rate (12) by Monte Carlo, per UT and summed.
 *
 *   npx msms rate --in drop.json --precoders result.json [--realizations 64 --seed 1 --out rates.json]
 *
 * Files: scenario JSON (docs/scenario-format.md), precoders JSON (docs/precoders-format.md).
 */
import { type ErgodicRateReport, type RateReport, ergodicRates, upperBoundRates } from '../../metrics/index.js';
import { PrecodingError, type Precoders, readPrecodersFile } from '../../precoding/index.js';
import { Rng } from '../../random/index.js';
import { readScenario } from '../../scenario/io.js';
import type { Scenario } from '../../scenario/types.js';
import { writeFileSync } from 'node:fs';
import { type CliCommand, InputError, type OptionSpec, UsageError, parseOptions } from '../args.js';

/** Options of `msms rate`. */
export const rateOptionSpec: Record<string, OptionSpec> = {
  in: { type: 'string' },
  precoders: { type: 'string' },
  realizations: { type: 'int', min: 0, max: 1_000_000, default: 64 },
  seed: { type: 'int', min: 0, default: 1 },
  out: { type: 'string' },
};

/** The `rates` block written by `msms precode` and `msms rate`. */
export interface RatesJson {
  upperBound: RateReport;
  ergodic?: ErgodicRateReport & { seed: number };
}

/** Upper-bound and (when realizations > 0) ergodic rates of precoders; PrecodingError → InputError. */
export function evaluateRates(scn: Scenario, p: Precoders, realizations: number, seed: number): RatesJson {
  try {
    const upperBound = upperBoundRates(scn, p);
    if (realizations === 0) return { upperBound };
    const ergodic = ergodicRates(scn, p, { realizations, rng: Rng.substream(seed, 'ergodic') });
    return { upperBound, ergodic: { ...ergodic, seed } };
  } catch (e) {
    if (e instanceof PrecodingError) throw new InputError(e.message);
    throw e;
  }
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
    'as written by `msms precode`), prints the sum rates and, with --out, writes',
    '{ "rates": { "upperBound": {...}, "ergodic": {...} } } with per-UT values in b/s/Hz.',
    '',
    'Options:',
    '  --in FILE          scenario JSON (required)',
    '  --precoders FILE   precoders JSON (required)',
    '  --realizations R   Monte Carlo draws for the ergodic rate (default 64; 0 = upper bound only)',
    '  --seed S           seed of the draws (default 1; stream Rng.substream(S, "ergodic"))',
    '  --out FILE         write the rates as JSON',
  ].join('\n'),
  async run(argv: string[]): Promise<void> {
    const o = parseOptions(argv, rateOptionSpec);
    const scn = readScenario(requiredPath(o, 'in'));
    let p: Precoders;
    try {
      p = readPrecodersFile(requiredPath(o, 'precoders'), scn);
    } catch (e) {
      if (e instanceof PrecodingError) throw new InputError(e.message);
      throw e;
    }
    const rates = evaluateRates(scn, p, o.realizations as number, o.seed as number);
    if (typeof o.out === 'string') writeFileSync(o.out, `${JSON.stringify({ scheme: p.scheme, rates }, null, 1)}\n`);
    console.log(`${p.scheme}: ${ratesSummary(rates)}${typeof o.out === 'string' ? ` → ${o.out}` : ''}`);
  },
};
