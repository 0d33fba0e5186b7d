/**
 * DFT codebook and closed-form beam responses (Section II-B, (7), (49);
 * docs/paper-reading.md#c3, #e8): F unitary, v̄ᵀ = vᵀ F A and the beam gains |vᵀ f_q|²
 * equal the direct products.
 */
import { describe, expect, it } from 'vitest';
import { beamGains, beamResponse, dftCodebook, steeringMatrix, steeringVector } from '../../lib/channel/index.js';
import { identity, mmul, mmulH, relativeError, transpose } from '../../lib/linalg/index.js';

const ARRAYS = [
  { nV: 4, nH: 4 },
  { nV: 2, nH: 8 },
  { nV: 16, nH: 16 },
];
const DIRS: [number, number][] = [
  [0, 0],
  [0.31, -0.47],
  [-0.875, 0.125], // exactly on a grid point of N = 16 and 8
  [0.999, -0.999],
];

describe('DFT codebook F = (F̄_V ⊗ F̄_H)^*', () => {
  it('is unitary (FᴴF = I to round-off)', () => {
    for (const a of ARRAYS) {
      const f = dftCodebook(a);
      expect(relativeError(mmulH(f, f), identity(a.nV * a.nH))).toBeLessThan(1e-12);
    }
  });
});

describe('closed-form beam-domain responses', () => {
  it('beamResponse equals vᵀ F A computed directly', () => {
    for (const a of ARRAYS) {
      const n = a.nV * a.nH;
      const f = dftCodebook(a);
      const beams = [0, 3, Math.floor(n / 2), n - 1];
      for (const [xV, xH] of DIRS) {
        const direct = mmul(transpose(steeringVector(a, xV, xH)), f);
        const closed = beamResponse(a, xV, xH, beams);
        beams.forEach((q, b) => {
          expect(closed.re[b]).toBeCloseTo(direct.re[q], 12);
          expect(closed.im[b]).toBeCloseTo(direct.im[q], 12);
        });
      }
    }
  });

  it('beamGains equals |vᵀ f_q|² for every q, and sums to ‖v‖² = 1 (Parseval)', () => {
    for (const a of ARRAYS) {
      const n = a.nV * a.nH;
      const f = dftCodebook(a);
      for (const [xV, xH] of DIRS) {
        const direct = mmul(transpose(steeringVector(a, xV, xH)), f);
        const g = beamGains(a, xV, xH);
        let sum = 0;
        for (let q = 0; q < n; q++) {
          expect(g[q]).toBeCloseTo(direct.re[q] ** 2 + direct.im[q] ** 2, 12);
          sum += g[q];
        }
        expect(sum).toBeCloseTo(1, 12);
      }
    }
  });

  it('steeringMatrix stacks weighted steering vectors', () => {
    const a = { nV: 2, nH: 3 };
    const m = steeringMatrix(a, [0.1, -0.6], [0.4, 0.9], [2, 0.5]);
    [0, 1].forEach((i) => {
      const v = steeringVector(a, [0.1, -0.6][i], [0.4, 0.9][i]);
      const w = [2, 0.5][i];
      for (let r = 0; r < 6; r++) {
        expect(m.re[r * 2 + i]).toBeCloseTo(w * v.re[r], 14);
        expect(m.im[r * 2 + i]).toBeCloseTo(w * v.im[r], 14);
      }
    });
    expect(() => steeringMatrix(a, [0.1], [0.1, 0.2])).toThrow('steeringMatrix: xH has length 2, expected 1');
  });
});
