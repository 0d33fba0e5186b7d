/**
 * Remark 2 (Section III-B): with perfect pre-compensation (ζ² = 0, φ̄ = 1) and no NLoS part
 * (κ → ∞) the statistical covariances equal the instantaneous ones, D_k, C_k degenerate
 * to the MMSE receiver U_k and the MSE weight Ω_k (padded with zero / identity blocks), and
 * MS²CDWM runs the same iterations as the perfect-CSI WMMSE with the same power rule —
 * so both reach the same sum rate. Also: Shi et al.'s sum-power WMMSE is monotone in the
 * weighted sum rate (before the per-satellite scaling) and meets its sum budget.
 */
import { describe, expect, it } from 'vitest';
import { drawRealisation } from '../../lib/channel/realisation.js';
import {
  CMatrix,
  addIdentity,
  addScaledInPlace,
  cols,
  frobeniusNorm,
  mmul,
  mmulNH,
  relativeError,
  rows,
  slice,
  solve,
} from '../../lib/linalg/index.js';
import {
  allUserCovariances,
  auxiliaryUpdate,
  beamDomainGains,
  cdmPrecoders,
  cdwmPrecoders,
  precodingGeometry,
  realisationRatesDense,
  satellitePowersW,
  wmmsePrecoders,
} from '../../lib/precoding/index.js';
import { upperBoundRates } from '../../lib/metrics/index.js';
import { Rng } from '../../lib/random/index.js';
import { syntheticScenario } from './fixtures.js';

const degenerate = syntheticScenario('remark2', {
  S: 3,
  K: 6,
  servingPerUt: 2,
  satArray: { nV: 4, nH: 4 },
  beamsPerSat: 6,
  kappaDb: Infinity,
  zeta2: 0,
  snrDb: 20,
  randomWeights: true,
});

describe('Remark 2: MS²CDWM degenerates to WMMSE with perfect CSI', () => {
  it('D_k = [U_k 0] and C_k = blkdiag(Ω_k, I) — the MMSE receiver and MSE weight', () => {
    const scn = degenerate;
    const real = drawRealisation(scn, new Rng('remark2'));
    const W = cdmPrecoders(scn).unscaled;
    const geo = precodingGeometry(scn);
    const covs = allUserCovariances(geo, beamDomainGains(geo, W), scn.noiseW);
    for (let k = 0; k < scn.K; k++) {
      // instantaneous effective channel A_k = Σ_s φ g v̄ᵀ W (φ = 1, g = √ρ u here)
      const A = new CMatrix(geo.nR, scn.streams[k]);
      for (const s of geo.serving[k]) {
        addScaledInPlace(A, mmul(real.g[s][k], mmul(rows(geo.beamResponses[s], k, k + 1), W[s][k])), real.phi[s][k]);
      }
      expect(relativeError(mmulNH(A, A), covs[k].rSig)).toBeLessThan(1e-12);
      const U = solve(addScaledInPlace(mmulNH(A, A), covs[k].rOther), A);
      const Omega = addIdentity(mmul(A.H(), solve(covs[k].rOther, A)), 1);
      const aux = auxiliaryUpdate(geo, covs[k]);
      const m = scn.streams[k];
      expect(relativeError(cols(aux.D, 0, m), U)).toBeLessThan(1e-10);
      expect(frobeniusNorm(cols(aux.D, m, aux.D.cols))).toBeLessThan(1e-12 * frobeniusNorm(U));
      expect(relativeError(slice(aux.C, 0, m, 0, m), Omega)).toBeLessThan(1e-10);
      const rest = slice(aux.C, m, aux.C.rows, m, aux.C.cols);
      expect(relativeError(rest, addIdentity(new CMatrix(rest.rows, rest.cols), 1))).toBeLessThan(1e-12);
    }
  });

  it('MS²CDWM and per-UT-power WMMSE reach the same sum rate, iteration by iteration', () => {
    const scn = degenerate;
    const real = drawRealisation(scn, new Rng('remark2-b'));
    const cdwm = cdwmPrecoders(scn, { maxIterations: 10, tolerance: -Infinity });
    const wmmse = wmmsePrecoders(scn, real, { power: 'perUser', maxIterations: 10, tolerance: -Infinity });
    expect(wmmse.history.length).toBe(cdwm.history.length);
    cdwm.history.forEach((h, i) => {
      expect(wmmse.history[i].sumRate).toBeCloseTo(h.upperBoundSumRate, 8);
      expect(wmmse.history[i].weightedSumRate).toBeCloseTo(h.upperBoundWeightedSumRate, 8);
    });
    // the final precoders coincide, and the sCSI upper bound equals the perfect-CSI rate
    for (let s = 0; s < scn.S; s++) {
      for (let k = 0; k < scn.K; k++) {
        if (scn.association[s][k]) expect(relativeError(cdwm.W[s][k], wmmse.W[s][k])).toBeLessThan(1e-8);
      }
    }
    const ub = upperBoundRates(scn, cdwm.W).perUt;
    realisationRatesDense(scn, real, cdwm.W).forEach((r, k) => expect(r).toBeCloseTo(ub[k], 9));
  });

  it('away from the degenerate case the two differ (the test above is not vacuous)', () => {
    const scn = syntheticScenario('remark2', {
      S: 3,
      K: 6,
      servingPerUt: 2,
      satArray: { nV: 4, nH: 4 },
      beamsPerSat: 6,
      kappaDb: 5,
      zeta2: 0.5,
      snrDb: 20,
      randomWeights: true,
    });
    const real = drawRealisation(scn, new Rng('remark2-c'));
    const cdwm = cdwmPrecoders(scn, { maxIterations: 3, tolerance: -Infinity });
    const wmmse = wmmsePrecoders(scn, real, { power: 'perUser', maxIterations: 3, tolerance: -Infinity });
    expect(Math.abs(wmmse.history[3].sumRate - cdwm.history[3].upperBoundSumRate)).toBeGreaterThan(0.1);
  });
});

describe('WMMSE with the sum-power constraint (Shi et al. 2011)', () => {
  const scn = syntheticScenario('wmmse-sum', {
    S: 3,
    K: 6,
    servingPerUt: 2,
    satArray: { nV: 4, nH: 4 },
    beamsPerSat: 6,
    kappaDb: 10,
    snrDb: 15,
    randomWeights: true,
  });
  const real = drawRealisation(scn, new Rng('wmmse-sum'));
  const r = wmmsePrecoders(scn, real, { power: 'sum', maxIterations: 12, tolerance: -Infinity });

  it('meets Σ_k ‖W_k‖² = Σ_s P_s before the per-satellite scaling', () => {
    const total = satellitePowersW(r.unscaled).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(
      scn.powerW.reduce((a, b) => a + b, 0),
      8,
    );
  });

  it('the weighted sum rate of the unscaled iterates never decreases (WMMSE is monotone)', () => {
    let prev = -Infinity;
    for (let n = 1; n <= 12; n++) {
      const x = wmmsePrecoders(scn, real, { power: 'sum', maxIterations: n, tolerance: -Infinity });
      const w = realisationRatesDense(scn, real, x.unscaled).reduce((a, v, k) => a + scn.weights[k] * v, 0);
      expect(w).toBeGreaterThanOrEqual(prev - 1e-9);
      prev = w;
    }
  });

  it('rejects a realisation of the wrong size and a bad power rule', () => {
    expect(() => wmmsePrecoders(scn, { g: [], phi: [] })).toThrow(
      'realisation must hold g[s][k] for 3 satellites x 6 UTs',
    );
    expect(() => wmmsePrecoders(scn, real, { power: 'perSat' as 'sum' })).toThrow(
      "power must be sum|perUser, got 'perSat'",
    );
  });
});
