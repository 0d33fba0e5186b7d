/**
 * `msms precode` — compute the precoders of one drop with a statistical-CSI scheme
 * (Sections III–IV, VI; SPEC §4, §5) and write them with their rates (SPEC §7).
 *
 *   npx msms precode --scheme cdwm|cdm|lib|dft --in drop.json --out result.json
 *                    [--iterations 20 --tolerance 1e-3 --realizations 64 --seed 1]
 *
 * Output: the precoders JSON of docs/precoders-format.md with, besides the blocks,
 * `rates` (upper bound (16) and ergodic (12), per UT and summed, b/s/Hz), `precodeMs`,
 * and for cdwm `iterations`, `converged` and the per-iteration `history`.
 */
import {
  PrecodingError,
  type Precoders,
  cdmPrecoders,
  cdwmPrecoders,
  dftPrecoders,
  libPrecoders,
  writePrecodersFile,
} from '../../precoding/index.js';
import { readScenario } from '../../scenario/io.js';
import type { Scenario } from '../../scenario/types.js';
import { type CliCommand, InputError, type OptionSpec, UsageError, parseOptions } from '../args.js';
import { evaluateRates, ratesSummary, requiredPath } from './rate.js';

/** Schemes `msms precode` knows. */
export const PRECODE_SCHEMES = ['cdwm', 'cdm', 'lib', 'dft'] as const;

/** Options of `msms precode`. */
export const precodeOptionSpec: Record<string, OptionSpec> = {
  scheme: { type: 'string', choices: PRECODE_SCHEMES },
  in: { type: 'string' },
  out: { type: 'string' },
  iterations: { type: 'int', min: 1, max: 10_000, default: 20 },
  tolerance: { type: 'number', default: 1e-3 },
  realizations: { type: 'int', min: 0, max: 1_000_000, default: 64 },
  seed: { type: 'int', min: 0, default: 1 },
};

/** Run one scheme; returns the precoders and the scheme-specific extra output fields. */
export function runScheme(
  scheme: (typeof PRECODE_SCHEMES)[number],
  scn: Scenario,
  iterations: number,
  tolerance: number,
): { precoders: Precoders; extras: Record<string, unknown> } {
  try {
    switch (scheme) {
      case 'cdwm': {
        const r = cdwmPrecoders(scn, { maxIterations: iterations, tolerance });
        return {
          precoders: r,
          extras: { iterations: r.iterations, converged: r.converged, history: r.history },
        };
      }
      case 'cdm':
        return { precoders: cdmPrecoders(scn), extras: {} };
      case 'lib':
        return { precoders: libPrecoders(scn), extras: {} };
      case 'dft':
        return { precoders: dftPrecoders(scn), extras: {} };
    }
  } catch (e) {
    if (e instanceof PrecodingError) throw new InputError(e.message);
    throw e;
  }
}

export const command: CliCommand = {
  name: 'precode',
  summary: 'compute statistical-CSI precoders (MS²CDWM, MS²CDM, LIB, MS²DFT) of a drop and their rates',
  help: [
    'msms precode --scheme cdwm|cdm|lib|dft --in drop.json --out result.json [options]',
    '',
    'Precoders from sCSI only (Sections III–IV): cdwm = MS²CDWM (Algorithm 1, started from',
    'MS²CDM), cdm = MS²CDM (45)–(48), lib = location-based (Algorithm 2), dft = strongest-beam',
    'baseline. Writes docs/precoders-format.md with the upper-bound (16) and ergodic (12) rates.',
    '',
    'Options:',
    '  --scheme S         cdwm|cdm|lib|dft (required)',
    '  --in FILE          scenario JSON (required; docs/scenario-format.md)',
    '  --out FILE         output JSON (required)',
    '  --iterations N     I_max of MS²CDWM (default 20)',
    '  --tolerance E      ε of Algorithm 1 line 25 (default 1e-3; -Infinity runs I_max)',
    '  --realizations R   Monte Carlo draws for the ergodic rate (default 64; 0 = skip)',
    '  --seed S           seed of the draws (default 1)',
  ].join('\n'),
  async run(argv: string[]): Promise<void> {
    const o = parseOptions(argv, precodeOptionSpec);
    const scheme = o.scheme as (typeof PRECODE_SCHEMES)[number] | undefined;
    if (scheme === undefined) throw new UsageError('--scheme cdwm|cdm|lib|dft is required');
    const inPath = requiredPath(o, 'in');
    const outPath = requiredPath(o, 'out');
    const scn = readScenario(inPath);
    const t0 = performance.now();
    const { precoders, extras } = runScheme(scheme, scn, o.iterations as number, o.tolerance as number);
    const precodeMs = performance.now() - t0;
    const rates = evaluateRates(scn, precoders, o.realizations as number, o.seed as number);
    writePrecodersFile(outPath, scn, precoders, { rates, precodeMs, ...extras, input: inPath });
    console.log(`${scheme}: ${ratesSummary(rates)}, precoders in ${precodeMs.toFixed(0)} ms → ${outPath}`);
  },
};
