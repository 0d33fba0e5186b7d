/**
 * The auxiliary step Algorithm 1 runs (cdwmmse.ts `auxiliaryStep`: G_k, T_k, ln det C_k
 * from D_k C_k = R̄_other^{-1} R̄^{1/2}, without the L_k × L_k matrix C_k) against the
 * reference `auxiliaryUpdate`, which builds D_k (28) and C_k (29) and forms
 * G_k = D_k C_k D_kᴴ and T_k (41) from them — checked to round-off on drops with Rician
 * and pure-LoS links at high SNR, fully incoherent links (φ̄ → 0), 1–9 receive antennas,
 * and the CDM precoder and random ones.
 */
import { describe, expect, it } from 'vitest';
import { CMatrix, relativeError } from '../../lib/linalg/index.js';
import {
  allUserCovariances,
  auxiliaryStep,
  auxiliaryUpdate,
  beamDomainGains,
  cdmPrecoders,
  precodingGeometry,
} from '../../lib/precoding/index.js';
import { Rng } from '../../lib/random/index.js';
import { syntheticScenario, type SyntheticOptions } from './fixtures.js';

const CASES: [string, SyntheticOptions][] = [
  ['Rician', { S: 3, K: 8, satArray: { nV: 4, nH: 4 }, beamsPerSat: 8, kappaDb: 3, snrDb: 20 }],
  ['pure LoS, high SNR', { S: 3, K: 8, satArray: { nV: 4, nH: 4 }, beamsPerSat: 8, kappaDb: Infinity, snrDb: 50 }],
  ['incoherent (ζ² = 40)', { S: 3, K: 8, satArray: { nV: 4, nH: 4 }, beamsPerSat: 8, zeta2: 40, kappaDb: 10 }],
  [
    'N_R = 9, M_k = 3',
    { S: 4, K: 6, satArray: { nV: 4, nH: 4 }, beamsPerSat: 8, utArray: { nV: 3, nH: 3 }, streams: 3, kappaDb: 0 },
  ],
  [
    'N_R = 1, one serving satellite',
    { S: 2, K: 5, satArray: { nV: 4, nH: 4 }, beamsPerSat: 6, utArray: { nV: 1, nH: 1 }, streams: 1, servingPerUt: 1 },
  ],
];

describe('auxiliaryStep equals auxiliaryUpdate (N_R-sized form of G_k, T_k, ln det C_k)', () => {
  it.each(CASES)('%s', (name, opts) => {
    const scn = syntheticScenario(`aux-${name}`, opts);
    const geo = precodingGeometry(scn);
    const rng = new Rng(`aux-${name}`);
    const cdm = cdmPrecoders(scn).unscaled;
    // a random precoder on the serving blocks, at the CDM power
    const random = cdm.map((row) => row.map((w) => new CMatrix(w.rows, w.cols, ...randomParts(rng, w))));
    for (const W of [cdm, random]) {
      const covs = allUserCovariances(geo, beamDomainGains(geo, W), scn.noiseW);
      for (const cov of covs) {
        const ref = auxiliaryUpdate(geo, cov);
        const got = auxiliaryStep(geo, cov);
        expect(relativeError(got.G, ref.G)).toBeLessThan(1e-9);
        expect(relativeError(got.T, ref.T)).toBeLessThan(1e-9);
        expect(Math.abs(got.traceG - ref.traceG)).toBeLessThanOrEqual(1e-9 * ref.traceG);
        expect(Math.abs(got.lnDetC - ref.lnDetC)).toBeLessThanOrEqual(1e-12 * Math.max(1, ref.lnDetC));
      }
    }
  });
});

function randomParts(rng: Rng, w: CMatrix): [Float64Array, Float64Array] {
  if (w.re.every((x) => x === 0) && w.im.every((x) => x === 0)) return [w.re.slice(), w.im.slice()];
  const z = rng.complexNormalMatrix(w.rows, w.cols);
  return [z.re, z.im];
}
