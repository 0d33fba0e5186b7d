/**
 * Lemmas 2 and 3 (Section III-D, (34)–(41), Appendices C, D) against central finite
 * differences, with the Wirtinger convention of helpers.ts (∂f/∂W^* = ½(∂f/∂X + j∂f/∂Y)):
 *
 *   Lemma 2: ∂ Tr Υ_k / ∂W_k^* = Ξ_k W_k,
 *            Tr Υ_k = β_k Tr(C_k D_k^H (R̄_sig,k + σ_k² I) D_k) + Σ_{j≠k} β_j Tr(C_j D_j^H R̄_interf,k,j D_j)
 *            (single C_j — the trailing C_j printed under (33) is a typo, docs/paper-reading.md#e2)
 *   Lemma 3: ∂ Tr(C_k R̄^{H/2}_sig,k D_k) / ∂W_k^* = V̌_k^H T_k, and the function is
 *            anti-holomorphic (∂/∂W_k = 0).
 *
 * C, D are frozen at the auxiliary variables of an MS²CDM precoder; the functions are
 * evaluated from the printed (direct.ts) covariances while W_k varies. Ξ_k is checked in
 * both forms: dense (44) (direct.ts) and structured (wstep.ts `applyXi`).
 */
import { describe, expect, it } from 'vitest';
import {
  CMatrix,
  addScaledInPlace,
  identity,
  mmul,
  relativeError,
  scale,
  sub,
  trace,
  traceOfProduct,
  vstack,
} from '../../lib/linalg/index.js';
import {
  allUserCovariances,
  applyXi,
  auxiliaryUpdate,
  beamDomainGains,
  cdmPrecoders,
  cdwmWStepInputs,
  directAuxiliary,
  directCovariances,
  directModel,
  directPsi,
  directSqrt,
  directT,
  directXi,
  precodingGeometry,
} from '../../lib/precoding/index.js';
import { fdComplexPartials, fdWirtingerReal, stackUt, withUt } from './helpers.js';
import { tinyScenario } from './fixtures.js';

/** Agreement required between an analytic gradient and central differences (step 1e-6 relative). */
const FD_TOLERANCE = 1e-6;

function setup(seed: number, opts = {}) {
  const scn = tinyScenario(seed, opts);
  const W0 = cdmPrecoders(scn).unscaled;
  const m = directModel(scn);
  const aux = Array.from({ length: scn.K }, (_, k) => directAuxiliary(m, W0, k));
  return { scn, W0, m, aux };
}

/** Tr Υ_k(W) with frozen C_j, D_j (printed layout). */
function traceUpsilon(s: ReturnType<typeof setup>, k: number, W: CMatrix[][]): number {
  const { scn, m, aux } = s;
  const covK = directCovariances(m, W, k);
  const { C, D } = aux[k];
  const inner = addScaledInPlace(covK.rSig.clone(), identity(m.nR), scn.noiseW[k]);
  let f = scn.weights[k] * traceOfProduct(C, mmul(D.H(), mmul(inner, D))).re;
  const Wz = withUt(W, k, new CMatrix(stackUt(W, k).rows, scn.streams[k]));
  for (let j = 0; j < scn.K; j++) {
    if (j === k) continue;
    // R̄_interf,k,j: the part of R̄_other,j caused by UT k's precoder
    const interf = sub(directCovariances(m, W, j).rOther, directCovariances(m, Wz, j).rOther);
    f += scn.weights[j] * traceOfProduct(aux[j].C, mmul(aux[j].D.H(), mmul(interf, aux[j].D))).re;
  }
  return f;
}

describe('Lemma 2: ∂Tr Υ_k/∂W_k^* = Ξ_k W_k', () => {
  for (const [name, opts] of [
    ['ζ²=0.5', {}],
    ['ζ²=0, κ=∞', { zeta2: 0, kappaDb: Infinity }],
    ['S_k=3, M=1', { servingPerUt: 3, streams: 1 }],
  ] as const) {
    it(`finite differences match the dense and the structured Ξ_k (${name})`, () => {
      const s = setup(21, opts);
      const { scn, W0, m, aux } = s;
      const psi = aux.map((a, k) => directPsi(m, a.D, a.C, k));
      const geo = precodingGeometry(scn);
      const covs = allUserCovariances(geo, beamDomainGains(geo, W0), scn.noiseW);
      const inputs = cdwmWStepInputs(
        scn,
        geo,
        covs.map((c) => auxiliaryUpdate(geo, c)),
      );
      for (let k = 0; k < scn.K; k++) {
        const wk = stackUt(W0, k);
        const h = 1e-6 * Math.sqrt(geo.perUtPowerW);
        const fd = fdWirtingerReal((w) => traceUpsilon(s, k, withUt(W0, k, w)), wk, h);
        const dense = mmul(directXi(m, psi, k), wk);
        const structured = vstack(
          ...applyXi(
            geo,
            inputs,
            k,
            W0.map((row) => row[k]),
          ),
        );
        expect(relativeError(dense, fd)).toBeLessThan(FD_TOLERANCE);
        expect(relativeError(structured, dense)).toBeLessThan(1e-12);
      }
    });
  }
});

describe('Lemma 3: ∂Tr(C_k R̄^{H/2} D_k)/∂W_k^* = V̌_k^H T_k', () => {
  for (const [name, opts] of [
    ['ζ²=0.5', {}],
    ['N_R=2, M=1', { utArray: { nV: 2, nH: 1 }, streams: 1 }],
  ] as const) {
    it(`finite differences match, the function is anti-holomorphic, and the compact T_k equals (41) (${name})`, () => {
      const { scn, W0, m, aux } = setup(22, opts);
      const geo = precodingGeometry(scn);
      const covs = allUserCovariances(geo, beamDomainGains(geo, W0), scn.noiseW);
      for (let k = 0; k < scn.K; k++) {
        const { C, D } = aux[k];
        const f = (w: CMatrix) => trace(mmul(C, mmul(directSqrt(m, withUt(W0, k, w), k).H(), D)));
        const wk = stackUt(W0, k);
        const h = 1e-6 * Math.sqrt(geo.perUtPowerW);
        const { dX, dY } = fdComplexPartials(f, wk, h);
        const T = directT(m, D, C, k);
        const claimed = mmul(m.vCheck[k].H(), T);
        // anti-holomorphic: ∂f/∂X = ∂f/∂W^*, ∂f/∂Y = −j ∂f/∂W^*
        expect(relativeError(dX, claimed)).toBeLessThan(FD_TOLERANCE);
        const minusJ = new CMatrix(claimed.rows, claimed.cols, claimed.im.slice(), scale(claimed, -1).re);
        expect(relativeError(dY, minusJ)).toBeLessThan(FD_TOLERANCE);
        // the structured T_k (serving rows, compact C) equals the printed (41) rows
        const fastT = auxiliaryUpdate(geo, covs[k]).T;
        geo.serving[k].forEach((sat, i) => {
          for (let c = 0; c < scn.streams[k]; c++) {
            expect(fastT.re[i * fastT.cols + c]).toBeCloseTo(T.re[sat * T.cols + c], 10);
            expect(fastT.im[i * fastT.cols + c]).toBeCloseTo(T.im[sat * T.cols + c], 10);
          }
        });
      }
    });
  }
});
