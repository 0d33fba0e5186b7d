/**
 * Shared helpers of the lib/linalg tests: seeded random inputs (via lib/random, the
 * inputs only — never the expected values) and tolerances in machine epsilons.
 */
import {
  type CMatrix,
  addIdentity,
  frobeniusNorm,
  hermitian,
  hermitianPart,
  mmul,
  sub,
} from '../../lib/linalg/index.js';
import { Rng } from '../../lib/random/index.js';

export const EPS = Number.EPSILON;

/** The sizes identities are checked at (1 to 300, as the issue asks). */
export const SIZES = [1, 2, 3, 5, 8, 17, 32, 64, 100, 300];

/** A seeded n × m matrix of i.i.d. CN(0, 1) entries. */
export function randomMatrix(n: number, m: number = n, key = 'x'): CMatrix {
  return new Rng(`test/linalg/${key}/${n}x${m}`).complexNormalMatrix(n, m);
}

/** A seeded Hermitian positive-definite matrix G·Gᴴ + 0.1·n·I (condition number ~ 40). */
export function randomHermitianPD(n: number, key = 'pd'): CMatrix {
  const g = randomMatrix(n, n, key);
  return hermitianPart(addIdentity(mmul(g, hermitian(g)), 0.1 * n));
}

/** Backward error ‖A·X − B‖_F / (‖A‖_F ‖X‖_F): O(n·ε) for a backward-stable solve. */
export function backwardError(a: CMatrix, x: CMatrix, b: CMatrix): number {
  return frobeniusNorm(sub(mmul(a, x), b)) / (frobeniusNorm(a) * frobeniusNorm(x));
}
