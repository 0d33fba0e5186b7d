/**
 * lib/linalg/elementwise.ts `abs2` (added for NearOpt's score updates, Section V-B): |a_ij|²
 * entry by entry, against re² + im² written out here.
 */
import { describe, expect, it } from 'vitest';
import { abs2, fromArrays } from '../../lib/linalg/index.js';

describe('abs2', () => {
  it('returns |a_ij|² row-major', () => {
    const a = fromArrays(
      [
        [3, 0, -1],
        [0.5, 2, 0],
      ],
      [
        [4, -2, 1],
        [0, -2, 0],
      ],
    );
    expect(Array.from(abs2(a))).toEqual([25, 4, 2, 0.25, 8, 0]);
  });
});
