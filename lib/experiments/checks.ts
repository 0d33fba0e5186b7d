/**
 * Checks a notebook shows and asserts: one line per check, `✓ claim … measured` (or ✗),
 * then an AssertionError naming every check that failed. The teaching notebooks and
 * Fig. 8 print their checks this way, so a reader sees what was checked and with what
 * number, and the notebook runner fails on a check that does not hold.
 */
import { AssertionError } from 'node:assert';

/** One check: what is claimed, whether it holds, the number that shows it. */
export type Check = [claim: string, ok: boolean, measured: string];

/** Column at which the measured number starts (lines stay within 100 characters). */
const CLAIM_COLUMNS = 59;

/** The line shown for one check (combining accents take no column). */
export function formatCheck([claim, ok, measured]: Check): string {
  const width = claim.replace(/[\u0300-\u036f]/g, '').length;
  return `${ok ? '✓' : '✗'} ${claim}${' '.repeat(Math.max(1, CLAIM_COLUMNS - width))}${measured}`;
}

/** Print every check as one line, then throw an AssertionError if any failed. */
export function assertChecks(checks: readonly Check[], log: (line: string) => void = console.log): void {
  for (const c of checks) log(formatCheck(c));
  const failed = checks.filter((c) => !c[1]).map((c) => c[0]);
  if (failed.length > 0) throw new AssertionError({ message: `failed: ${failed.join('; ')}` });
}
