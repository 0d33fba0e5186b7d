/**
 * Section III-C (lib/scsi): the statistical covariances (22)/(23), R̄_sig (Algorithm 1 line 14),
 * R̄_other ((21) corrected) and the Lemma 1 square root.
 *
 * - Lemma 1: R̄^{1/2}(R̄^{1/2})^H = R̄_sig to round-off, for the compact factor (fast path)
 *   and the printed (S N_R + 1) M_k-wide factor (direct.ts), including the semidefinite
 *   Σ̃ case (ζ = 0, κ = ∞) where the Cholesky factor does not exist.
 * - (22)/(23) against the channel model: the sample mean of the instantaneous covariances
 *   over drawRealisation draws converges to R̄_sig, R̄_other (fixed seed, named threshold).
 */
import { describe, expect, it } from 'vitest';
import { drawRealisation } from '../../lib/channel/realisation.js';
import {
  CMatrix,
  addIdentity,
  addScaledInPlace,
  frobeniusNorm,
  mmul,
  mmulNH,
  relativeError,
  rows,
  sub,
} from '../../lib/linalg/index.js';
import { cdmPrecoders, directCovariances, directModel, directSqrt } from '../../lib/precoding/index.js';
import { Rng } from '../../lib/random/index.js';
import type { Scenario } from '../../lib/scenario/types.js';
import {
  allUserCovariances,
  beamDomainGains,
  precodingGeometry,
  signalCovarianceSqrt,
  upperBoundRateOf,
  type Precoders,
} from '../../lib/scsi/index.js';
import { syntheticScenario, tinyScenario } from '../precoding/fixtures.js';

/** Round-off tolerance for identities between two O(1)-conditioned evaluations. */
const ROUNDOFF = 1e-12;

function randomPrecoders(scn: Scenario, seed: number): Precoders {
  const rng = new Rng(`W/${seed}`);
  const W = scn.beams.map((b, s) =>
    scn.streams.map((m, k) =>
      scn.association[s][k] === 1 ? rng.complexNormalMatrix(b.length, m, 0.1) : new CMatrix(b.length, m),
    ),
  );
  return { scheme: 'random', W };
}

const cases: [string, Scenario][] = [
  ['tiny, ζ²=0.5, κ≈15 dB', tinyScenario(1)],
  ['tiny, ζ²=0, κ=∞ (rank-deficient Σ̃)', tinyScenario(2, { zeta2: 0, kappaDb: Infinity })],
  ['N_R=1, M=1', tinyScenario(3, { utArray: { nV: 1, nH: 1 }, streams: 1 })],
  ['S_k=1', tinyScenario(4, { servingPerUt: 1, streams: 1 })],
  ['default sizes', syntheticScenario(5, { K: 12, beamsPerSat: 24 })],
];

describe('Lemma 1 square root', () => {
  for (const [name, scn] of cases) {
    it(`R̄^{1/2} R̄^{H/2} = R̄_sig to round-off (${name})`, () => {
      const P = randomPrecoders(scn, 1);
      const geo = precodingGeometry(scn);
      const covs = allUserCovariances(geo, beamDomainGains(geo, P.W), scn.noiseW);
      const m = directModel(scn);
      for (let k = 0; k < scn.K; k++) {
        // against the printed double sum of line 14 (direct.ts), not covs[k].rSig, which the
        // kit forms from X itself
        const sum = directCovariances(m, P.W, k).rSig;
        const X = signalCovarianceSqrt(geo, covs[k]);
        expect(X.cols).toBe((geo.serving[k].length * geo.nR + 1) * scn.streams[k]);
        const ref = frobeniusNorm(sum);
        expect(frobeniusNorm(sub(mmulNH(X, X), sum)) / ref).toBeLessThan(ROUNDOFF);
        const Xp = directSqrt(m, P.W, k);
        expect(Xp.cols).toBe((scn.S * geo.nR + 1) * scn.streams[k]);
        expect(frobeniusNorm(sub(mmulNH(Xp, Xp), sum)) / ref).toBeLessThan(ROUNDOFF);
      }
    });
  }
});

describe('R̄_sig (line 14) and R̄_other ((21) corrected)', () => {
  it('the structured covariances equal the literal double sums over all satellites', () => {
    for (const [, scn] of cases) {
      const P = randomPrecoders(scn, 2);
      const geo = precodingGeometry(scn);
      const covs = allUserCovariances(geo, beamDomainGains(geo, P.W), scn.noiseW);
      const m = directModel(scn);
      for (let k = 0; k < scn.K; k++) {
        const d = directCovariances(m, P.W, k);
        expect(relativeError(covs[k].rSig, d.rSig)).toBeLessThan(ROUNDOFF);
        expect(relativeError(covs[k].rOther, d.rOther)).toBeLessThan(ROUNDOFF);
      }
    }
  });

  it('satellite scale factors act as c_s on q and c_s² on the interference (line-26 evaluation)', () => {
    const scn = tinyScenario(6);
    const P = randomPrecoders(scn, 3);
    const f = [0.3, 1, 0.7];
    const scaled = P.W.map((row, s) => row.map((w) => mmul(w, addIdentity(new CMatrix(w.cols, w.cols), f[s]))));
    const geo = precodingGeometry(scn);
    const a = allUserCovariances(geo, beamDomainGains(geo, P.W), scn.noiseW, f);
    const b = allUserCovariances(geo, beamDomainGains(geo, scaled), scn.noiseW);
    for (let k = 0; k < scn.K; k++) {
      expect(relativeError(a[k].rSig, b[k].rSig)).toBeLessThan(ROUNDOFF);
      expect(relativeError(a[k].rOther, b[k].rOther)).toBeLessThan(ROUNDOFF);
    }
  });

  it('the rate (16) equals log2 det(I + R̄_other^{-1} R̄_sig) by an independent LU evaluation', () => {
    const scn = tinyScenario(7);
    const P = cdmPrecoders(scn);
    const geo = precodingGeometry(scn);
    const covs = allUserCovariances(geo, beamDomainGains(geo, P.W), scn.noiseW);
    const m = directModel(scn);
    for (let k = 0; k < scn.K; k++) {
      const d = directCovariances(m, P.W, k);
      // det(I + R_o^{-1} R_s) = det(R_o + R_s)/det(R_o) via eigen-free 2x2/4x4 LU
      const ratio = detRatio(addScaledInPlace(d.rOther.clone(), d.rSig), d.rOther);
      expect(upperBoundRateOf(covs[k])).toBeCloseTo(Math.log2(ratio), 10);
    }
  });
});

/** det(A)/det(B) for small Hermitian PD matrices by Gaussian elimination (real part of the complex determinant). */
function detRatio(a: CMatrix, b: CMatrix): number {
  const det = (m: CMatrix) => {
    const n = m.rows;
    const x = m.clone();
    let dr = 1;
    let di = 0;
    for (let c = 0; c < n; c++) {
      const pr = x.re[c * n + c];
      const pi = x.im[c * n + c];
      const t = dr * pr - di * pi;
      di = dr * pi + di * pr;
      dr = t;
      const den = pr * pr + pi * pi;
      for (let r = c + 1; r < n; r++) {
        const fr = (x.re[r * n + c] * pr + x.im[r * n + c] * pi) / den;
        const fi = (x.im[r * n + c] * pr - x.re[r * n + c] * pi) / den;
        for (let j = c; j < n; j++) {
          x.re[r * n + j] -= fr * x.re[c * n + j] - fi * x.im[c * n + j];
          x.im[r * n + j] -= fr * x.im[c * n + j] + fi * x.re[c * n + j];
        }
      }
    }
    return dr;
  };
  return det(a) / det(b);
}

describe('(22)/(23) against channel realisations', () => {
  /** Relative Frobenius error allowed for the Monte Carlo mean of 20 000 draws (≈ 5 standard errors here). */
  const MC_TOLERANCE = 0.03;
  const DRAWS = 20000;

  it('E{R_sig,k} → R̄_sig,k and E{R_other,k} → R̄_other,k (ζ² = 0.5, κ ≈ 1 dB: NLoS and phase error both matter)', () => {
    const scn = tinyScenario(8, { kappaDb: 1, zeta2: 0.5, K: 3 });
    const P = randomPrecoders(scn, 4);
    const geo = precodingGeometry(scn);
    const covs = allUserCovariances(geo, beamDomainGains(geo, P.W), scn.noiseW);
    const rng = new Rng('mc-covariance');
    const sumSig = covs.map(() => new CMatrix(geo.nR, geo.nR));
    const sumOther = covs.map(() => new CMatrix(geo.nR, geo.nR));
    for (let r = 0; r < DRAWS; r++) {
      const real = drawRealisation(scn, rng);
      for (let k = 0; k < scn.K; k++) {
        // y_sig = Σ_s φ_{s,k} g_{s,k} v̄_{s,k}ᵀ W_{s,k} d_k  ⇒  R_sig = A Aᴴ
        const A = new CMatrix(geo.nR, scn.streams[k]);
        for (const s of geo.serving[k]) {
          const q = mmul(rows(geo.beamResponses[s], k, k + 1), P.W[s][k]);
          addScaledInPlace(A, mmul(real.g[s][k], q), real.phi[s][k]);
        }
        addScaledInPlace(sumSig[k], mmulNH(A, A), 1 / DRAWS);
        // interference: each satellite's streams for other UTs, incoherent across satellites (21)
        for (let s = 0; s < scn.S; s++) {
          for (let j = 0; j < scn.K; j++) {
            if (j === k || scn.association[s][j] === 0) continue;
            const q = mmul(rows(geo.beamResponses[s], k, k + 1), P.W[s][j]);
            const B = mmul(real.g[s][k], q);
            addScaledInPlace(sumOther[k], mmulNH(B, B), 1 / DRAWS);
          }
        }
      }
    }
    for (let k = 0; k < scn.K; k++) {
      expect(relativeError(sumSig[k], covs[k].rSig)).toBeLessThan(MC_TOLERANCE);
      const noiseless = addIdentity(covs[k].rOther, -scn.noiseW[k]);
      expect(relativeError(sumOther[k], noiseless)).toBeLessThan(MC_TOLERANCE);
    }
  });
});
