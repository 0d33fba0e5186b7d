/**
 * Proposition 1 (Section III-B, (17)–(19), (28), (29), Appendix A): at D_k (28) and
 * C_k = E_k^{-1} (29) the (P3) objective Σ_k β_k[Tr(C_k E_k) − ln det C_k] equals
 * Σ_k β_k (L_k − R̄_k ln 2), and (28), (29) are its minimisers over D and C.
 */
import { describe, expect, it } from 'vitest';
import {
  CMatrix,
  addScaledInPlace,
  identity,
  inverse,
  logDetHermitian,
  mmul,
  relativeError,
  scale,
  traceOfProduct,
} from '../../lib/linalg/index.js';
import {
  allUserCovariances,
  auxiliaryUpdate,
  beamDomainGains,
  cdmPrecoders,
  directAuxiliary,
  directModel,
  eMatrix,
  p3Term,
  precodingGeometry,
  upperBoundRateOf,
} from '../../lib/precoding/index.js';
import { Rng } from '../../lib/random/index.js';
import { tinyScenario } from './fixtures.js';

describe('Proposition 1', () => {
  for (const [name, opts] of [
    ['ζ²=0.5', {}],
    ['ζ²=0, κ=∞', { zeta2: 0, kappaDb: Infinity }],
    ['N_R=2, M=1, S_k=3', { utArray: { nV: 1, nH: 2 }, streams: 1, servingPerUt: 3 }],
  ] as const) {
    it(`(P3) at the optimal C, D equals Σ β_k (L_k − R̄_k ln 2) (${name})`, () => {
      const scn = tinyScenario(11, opts);
      const W = cdmPrecoders(scn).unscaled;
      // compact layout (fast path)
      const geo = precodingGeometry(scn);
      const covs = allUserCovariances(geo, beamDomainGains(geo, W), scn.noiseW);
      let objCompact = 0;
      let rhsCompact = 0;
      for (let k = 0; k < scn.K; k++) {
        const aux = auxiliaryUpdate(geo, covs[k]);
        objCompact += scn.weights[k] * p3Term(geo, aux, covs[k]);
        rhsCompact += scn.weights[k] * (aux.C.rows - upperBoundRateOf(covs[k]) * Math.LN2);
        // (29): C_k = E_k^{-1} with E_k from (18)
        const E = eMatrix(geo, aux.D, covs[k]);
        expect(relativeError(mmul(aux.C, E), identity(E.rows))).toBeLessThan(1e-10);
      }
      expect(Math.abs(objCompact - rhsCompact)).toBeLessThan(1e-9 * Math.abs(rhsCompact));
      // printed layout: C = inverse(E) as in line 18, L_k = (S N_R + 1) M_k
      const m = directModel(scn);
      let objPrinted = 0;
      let rhsPrinted = 0;
      for (let k = 0; k < scn.K; k++) {
        const a = directAuxiliary(m, W, k);
        objPrinted += scn.weights[k] * (traceOfProduct(a.C, a.E).re + logDetHermitian(a.E));
        rhsPrinted += scn.weights[k] * ((scn.S * m.nR + 1) * scn.streams[k] - a.rate * Math.LN2);
        expect(a.C.rows).toBe((scn.S * m.nR + 1) * scn.streams[k]);
      }
      expect(Math.abs(objPrinted - rhsPrinted)).toBeLessThan(1e-9 * Math.abs(rhsPrinted));
    });
  }

  it('(28) and (29) minimise the (P3) term: random perturbations of D or C never lower it', () => {
    const scn = tinyScenario(12);
    const W = cdmPrecoders(scn).unscaled;
    const geo = precodingGeometry(scn);
    const covs = allUserCovariances(geo, beamDomainGains(geo, W), scn.noiseW);
    const rng = new Rng('p1-perturb');
    for (let k = 0; k < scn.K; k++) {
      const aux = auxiliaryUpdate(geo, covs[k]);
      const best = p3Term(geo, aux, covs[k]);
      for (let t = 0; t < 20; t++) {
        const eps = 10 ** -(1 + (t % 4));
        const dD = scale(rng.complexNormalMatrix(aux.D.rows, aux.D.cols), eps * Math.sqrt(aux.traceG));
        const D2 = addScaledInPlace(aux.D.clone(), dD);
        // C perturbed within the Hermitian positive-definite cone: C + ε·XXᴴ-like Hermitian term
        const X = rng.complexNormalMatrix(aux.C.rows, aux.C.rows);
        const H = scale(addScaledInPlace(X.clone(), X.H()), 0.5 * eps);
        const C2 = addScaledInPlace(aux.C.clone(), H);
        const termD = traceOfProduct(aux.C, eMatrix(geo, D2, covs[k])).re - aux.lnDetC;
        const termC = traceOfProduct(C2, eMatrix(geo, aux.D, covs[k])).re - lnDetOrInf(C2);
        expect(termD).toBeGreaterThanOrEqual(best - 1e-12 * Math.abs(best));
        expect(termC).toBeGreaterThanOrEqual(best - 1e-12 * Math.abs(best));
      }
    }
  });

  it('E_k from (18) with D from (28) equals I − R̄^{H/2}(R̄_sig + R̄_other)^{-1}R̄^{1/2} and its inverse is (29)', () => {
    const scn = tinyScenario(13);
    const W = cdmPrecoders(scn).unscaled;
    const m = directModel(scn);
    for (let k = 0; k < scn.K; k++) {
      const a = directAuxiliary(m, W, k);
      const C29 = addScaledInPlace(
        identity(a.sqrtSig.cols),
        mmul(a.sqrtSig.H(), mmul(inverse(directOther(m, W, k)), a.sqrtSig)),
      );
      expect(relativeError(a.C, C29)).toBeLessThan(1e-9);
    }
  });
});

function directOther(m: ReturnType<typeof directModel>, W: CMatrix[][], k: number): CMatrix {
  const geo = precodingGeometry(m.scn);
  return allUserCovariances(geo, beamDomainGains(geo, W), m.scn.noiseW)[k].rOther;
}

function lnDetOrInf(c: CMatrix): number {
  try {
    return logDetHermitian(c);
  } catch {
    return -Infinity; // not positive definite: −ln det = +∞, the perturbation is infeasible
  }
}
