/**
 * Proposition 2 (Section III-D, (33), (42)–(44), Appendix E): with C_j, D_j frozen, the
 * W-step output W_k = η_k W̄_k, W̄_k = (Ξ_k + β̃_k I)^{-1} V̌_k^H T_k, ‖W_k‖² = P̃_k, solves
 *
 *   (P5)  min_{W_k, η_k}  F(W_k, η_k) = Tr Υ_k(W_k)/η_k² − (β_k/η_k)·2 Re Tr(C_k R̄^{H/2}(W_k) D_k)
 *         s.t. ‖W_k‖_F² ≤ P̃_k.
 *
 * Checked three ways, all from the printed (direct.ts) covariances, independent of the
 * structured solver: (1) the KKT conditions by finite differences — ∇_{W^*}F + λW = 0
 * with λ > 0 at the optimal η; (2) random feasible points never do better;
 * (3) a projected-gradient minimisation from random starts on a tiny drop reaches the
 * same minimiser and no lower value.
 */
import { describe, expect, it } from 'vitest';
import {
  CMatrix,
  addScaledInPlace,
  frobeniusNorm2,
  identity,
  mmul,
  relativeError,
  scale,
  sub,
  trace,
  traceOfProduct,
} from '../../lib/linalg/index.js';
import {
  allUserCovariances,
  auxiliaryUpdate,
  beamDomainGains,
  cdmPrecoders,
  cdwmWStepInputs,
  directAuxiliary,
  directCovariances,
  directModel,
  directSqrt,
  materialiseRankOne,
  normalisePerUt,
  precodingGeometry,
  structuredWStep,
} from '../../lib/precoding/index.js';
import { Rng } from '../../lib/random/index.js';
import type { Scenario } from '../../lib/scenario/types.js';
import { fdWirtingerReal, stackUt, withUt } from './helpers.js';
import { syntheticScenario, tinyScenario } from './fixtures.js';

function p5(scn: Scenario) {
  const W0 = cdmPrecoders(scn).unscaled;
  const m = directModel(scn);
  const aux = Array.from({ length: scn.K }, (_, k) => directAuxiliary(m, W0, k));
  // the W-step under test (structured solver), normalised to P̃
  const geo = precodingGeometry(scn);
  const covs = allUserCovariances(geo, beamDomainGains(geo, W0), scn.noiseW);
  const inputs = cdwmWStepInputs(
    scn,
    geo,
    covs.map((c) => auxiliaryUpdate(geo, c)),
  );
  const Wstar = materialiseRankOne(geo, normalisePerUt(geo, structuredWStep(geo, inputs), geo.perUtPowerW));
  /** A(W) = Tr Υ_k and B(W) = Re Tr(C_k R̄^{H/2} D_k) with UT k's precoder replaced by `wk`. */
  const parts = (k: number, wk: CMatrix) => {
    const W = withUt(W0, k, wk);
    const { C, D } = aux[k];
    const inner = addScaledInPlace(directCovariances(m, W, k).rSig.clone(), identity(m.nR), scn.noiseW[k]);
    let A = scn.weights[k] * traceOfProduct(C, mmul(D.H(), mmul(inner, D))).re;
    const Wz = withUt(W0, k, new CMatrix(wk.rows, wk.cols));
    for (let j = 0; j < scn.K; j++) {
      if (j === k) continue;
      const interf = sub(directCovariances(m, W, j).rOther, directCovariances(m, Wz, j).rOther);
      A += scn.weights[j] * traceOfProduct(aux[j].C, mmul(aux[j].D.H(), mmul(interf, aux[j].D))).re;
    }
    const B = trace(mmul(C, mmul(directSqrt(m, W, k).H(), D))).re;
    return { A, B };
  };
  const F = (k: number, wk: CMatrix, eta: number) => {
    const { A, B } = parts(k, wk);
    return A / (eta * eta) - (2 * scn.weights[k] * B) / eta;
  };
  /** min over η > 0: −β²B²/A when B > 0, else 0 (η → ∞). */
  const phi = (k: number, wk: CMatrix) => {
    const { A, B } = parts(k, wk);
    return B > 0 ? -((scn.weights[k] * B) ** 2) / A : 0;
  };
  const etaOpt = (k: number, wk: CMatrix) => {
    const { A, B } = parts(k, wk);
    return A / (scn.weights[k] * B);
  };
  return { W0, Wstar, F, phi, etaOpt, P: geo.perUtPowerW, geo };
}

describe('Proposition 2: the W-step solves (P5)', () => {
  it('KKT: ∇_{W^*}F(W*, η*) = −λ W* with λ > 0 and ‖W*‖² = P̃ (finite differences)', () => {
    const scn = tinyScenario(31);
    const t = p5(scn);
    for (let k = 0; k < scn.K; k++) {
      const wk = stackUt(t.Wstar, k);
      expect(frobeniusNorm2(wk)).toBeCloseTo(t.P, 12);
      const eta = t.etaOpt(k, wk);
      expect(eta).toBeGreaterThan(0);
      const g = fdWirtingerReal((w) => t.F(k, w, eta), wk, 1e-6 * Math.sqrt(t.P));
      // λ from ⟨W*, g + λW*⟩ = 0
      let ip = 0;
      for (let p = 0; p < wk.size; p++) ip += wk.re[p] * g.re[p] + wk.im[p] * g.im[p];
      const lambda = -ip / frobeniusNorm2(wk);
      expect(lambda).toBeGreaterThan(0);
      const resid = addScaledInPlace(g.clone(), wk, lambda);
      expect(Math.sqrt(frobeniusNorm2(resid) / frobeniusNorm2(g))).toBeLessThan(1e-6);
    }
  });

  it('no random feasible (W, η) does better than (W*, η*)', () => {
    const scn = tinyScenario(32);
    const t = p5(scn);
    const rng = new Rng('p5-random');
    for (let k = 0; k < scn.K; k++) {
      const wk = stackUt(t.Wstar, k);
      const best = t.F(k, wk, t.etaOpt(k, wk));
      for (let trial = 0; trial < 40; trial++) {
        // perturb on serving rows only (other rows do not enter (P5)), rescale into the ball
        const eps = 10 ** -(trial % 5);
        const dw = scale(rng.complexNormalMatrix(wk.rows, wk.cols), eps * Math.sqrt(t.P / wk.size));
        const w = addScaledInPlace(wk.clone(), dw);
        const n2 = frobeniusNorm2(w);
        const wf = n2 > t.P ? scale(w, Math.sqrt(t.P / n2) * rng.uniformIn(0.5, 1)) : w;
        const eta = t.etaOpt(k, wk) * rng.uniformIn(0.5, 2);
        expect(t.F(k, wf, eta)).toBeGreaterThanOrEqual(best - 1e-12 * Math.abs(best));
      }
    }
  });

  it('projected-gradient minimisation from random starts finds the same minimiser (tiny drop)', () => {
    const scn = syntheticScenario('p5-micro', {
      S: 2,
      K: 2,
      servingPerUt: 2,
      satArray: { nV: 2, nH: 2 },
      utArray: { nV: 1, nH: 2 },
      beamsPerSat: 3,
      streams: 1,
      snrDb: 10,
      spread: 0.6,
    });
    const t = p5(scn);
    const rng = new Rng('p5-pgd');
    const k = 0;
    const wStar = stackUt(t.Wstar, k);
    const serving = rowsServing(scn, k);
    const phiStar = t.phi(k, wStar);
    for (let start = 0; start < 3; start++) {
      let w = new CMatrix(wStar.rows, wStar.cols);
      for (const r of serving) w.set(r, 0, rng.normal(), rng.normal());
      w = scale(w, Math.sqrt(t.P / frobeniusNorm2(w)));
      // φ is flat (= 0) where Re Tr(C R̄^{H/2} D) ≤ 0; −W lies on the other side
      if (t.phi(k, w) === 0) w = scale(w, -1);
      let f = t.phi(k, w);
      let step = 1;
      for (let it = 0; it < 600; it++) {
        const g = fdWirtingerReal((x) => t.phi(k, x), w, 1e-7 * Math.sqrt(t.P));
        for (let p = 0; p < g.size; p++) if (!serving.includes(Math.floor(p / g.cols))) g.re[p] = g.im[p] = 0;
        let accepted = false;
        for (let bt = 0; bt < 40 && !accepted; bt++) {
          let cand = addScaledInPlace(w.clone(), g, -step);
          const n2 = frobeniusNorm2(cand);
          if (n2 > t.P) cand = scale(cand, Math.sqrt(t.P / n2));
          const fc = t.phi(k, cand);
          if (fc < f) {
            w = cand;
            f = fc;
            accepted = true;
            step *= 2;
          } else step /= 2;
        }
        if (!accepted) break;
      }
      expect(phiStar).toBeLessThanOrEqual(f + 1e-9 * Math.abs(f));
      expect(Math.abs(f - phiStar)).toBeLessThan(1e-6 * Math.abs(phiStar));
      expect(relativeError(w, wStar)).toBeLessThan(1e-3);
    }
  });
});

/** Rows of the stacked W_k that belong to serving satellites. */
function rowsServing(scn: Scenario, k: number): number[] {
  const out: number[] = [];
  let off = 0;
  for (let s = 0; s < scn.S; s++) {
    const b = scn.beams[s].length;
    if (scn.association[s][k] === 1) for (let i = 0; i < b; i++) out.push(off + i);
    off += b;
  }
  return out;
}
