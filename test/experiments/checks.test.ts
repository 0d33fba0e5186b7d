import { AssertionError } from 'node:assert';
import { describe, expect, it } from 'vitest';
import { assertChecks, formatCheck } from '../../lib/experiments/checks.js';

describe('assertChecks (the checks the notebooks print and assert)', () => {
  it('prints one line per check, the claim padded to 59 columns, accents taking none', () => {
    const lines: string[] = [];
    assertChecks(
      [
        ['Σ is Hermitian', true, '3e-16'],
        ['R̄ ≥ ergodic', true, '12 %'],
      ],
      (l) => lines.push(l),
    );
    expect(lines).toEqual([`✓ Σ is Hermitian${' '.repeat(45)}3e-16`, `✓ R̄ ≥ ergodic${' '.repeat(48)}12 %`]);
    expect([...lines[1].normalize('NFC')].length).toBeLessThanOrEqual(100);
  });

  it('throws an AssertionError naming every failed check, after printing all of them', () => {
    const lines: string[] = [];
    const run = () =>
      assertChecks(
        [
          ['a holds', true, '1'],
          ['b holds', false, '2'],
          ['c holds', false, '3'],
        ],
        (l) => lines.push(l),
      );
    expect(run).toThrow(AssertionError);
    expect(run).toThrow('failed: b holds; c holds');
    expect(lines.slice(0, 3).map((l) => l[0])).toEqual(['✓', '✗', '✗']);
  });

  it('a claim longer than the column keeps one space before the number', () => {
    expect(formatCheck(['x'.repeat(70), true, '5'])).toBe(`✓ ${'x'.repeat(70)} 5`);
  });
});
