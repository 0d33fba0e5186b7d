/**
 * `msms precode` — compute the precoders of one drop with a statistical-CSI scheme
 * (Sections III–IV, VI; Algorithm 1, (45)–(48), Algorithm 2, docs/paper-reading.md#x8) and
 * write them with their rates (the sCSI rate (16) and the ergodic rate (12),
 * docs/paper-reading.md#b1).
 *
 *   npx msms precode --scheme cdwm|cdm|lib|dft --in drop.json --out result.json
 *                    [--iterations 20 --tolerance 1e-3 --realizations 64 --seed 1]
 *
 * Output: the precoders JSON of docs/precoders-format.md with, besides the blocks,
 * `rates` (upper bound (16) and ergodic (12), per UT and summed, b/s/Hz), `precodeMs`,
 * and for cdwm `iterations`, `converged` and the per-iteration `history`.
 */
import {
  type Precoders,
  cdmPrecoders,
  cdwmPrecoders,
  dftPrecoders,
  libPrecoders,
  precodersToJson,
} from '../../precoding/index.js';
import { readScenario } from '../../scenario/io.js';
import type { Scenario } from '../../scenario/types.js';
import { type CliCommand, type OptionSpec, UsageError, contextOf, parseOptions } from '../args.js';
import { checkInputFile, checkOutputFile, writeJsonResult } from '../paths.js';
import { evaluateRates, ratesSummary, realizationsOption, requiredPath } from './rate.js';

/** Schemes `msms precode` knows. */
export const PRECODE_SCHEMES = ['cdwm', 'cdm', 'lib', 'dft'] as const;

/** Options of `msms precode`. */
export const precodeOptionSpec: Record<string, OptionSpec> = {
  scheme: { type: 'string', choices: PRECODE_SCHEMES },
  in: { type: 'string' },
  out: { type: 'string' },
  iterations: { type: 'int', min: 1, max: 10_000, default: 20 },
  tolerance: { type: 'number', min: 0, default: 1e-3, special: [-Infinity] },
  realizations: realizationsOption,
  seed: { type: 'int', min: 0, max: Number.MAX_SAFE_INTEGER, default: 1 },
};

/** Run one scheme; returns the precoders and the scheme-specific extra output fields. */
export function runScheme(
  scheme: (typeof PRECODE_SCHEMES)[number],
  scn: Scenario,
  iterations: number,
  tolerance: number,
): { precoders: Precoders; extras: Record<string, unknown> } {
  switch (scheme) {
    case 'cdwm': {
      const r = cdwmPrecoders(scn, { maxIterations: iterations, tolerance });
      // the stopping quantity does not exist at iteration 0 (the MS²CDM start): left out, not NaN
      const history = r.history.map((h) => {
        const { stopValue, ...rest } = h;
        return Number.isFinite(stopValue) ? h : rest;
      });
      return { precoders: r, extras: { iterations: r.iterations, converged: r.converged, history } };
    }
    case 'cdm':
      return { precoders: cdmPrecoders(scn), extras: {} };
    case 'lib':
      return { precoders: libPrecoders(scn), extras: {} };
    case 'dft':
      return { precoders: dftPrecoders(scn), extras: {} };
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
    '  --tolerance E      ε of Algorithm 1 line 25, >= 0 (default 1e-3; -Infinity runs I_max)',
    '  --realizations R   Monte Carlo draws for the ergodic rate: 0 = skip, else >= 2 (default 64)',
    '  --seed S           seed of the draws (default 1)',
  ].join('\n'),
  async run(argv: string[], context): Promise<void> {
    const { io } = contextOf(context);
    const o = parseOptions(argv, precodeOptionSpec);
    const scheme = o.scheme as (typeof PRECODE_SCHEMES)[number] | undefined;
    if (scheme === undefined) throw new UsageError('--scheme cdwm|cdm|lib|dft is required');
    const inPath = requiredPath(o, 'in');
    const outPath = requiredPath(o, 'out');
    checkInputFile('in', inPath);
    checkOutputFile('out', outPath);
    const scn = readScenario(inPath);
    const t0 = performance.now();
    const { precoders, extras } = runScheme(scheme, scn, o.iterations as number, o.tolerance as number);
    const precodeMs = performance.now() - t0;
    const rates = evaluateRates(scn, precoders, o.realizations as number, o.seed as number);
    writeJsonResult(outPath, precodersToJson(scn, precoders, { rates, precodeMs, ...extras, input: inPath }));
    io.out(`${scheme}: ${ratesSummary(rates)}, precoders in ${precodeMs.toFixed(0)} ms → ${outPath}`);
  },
};
