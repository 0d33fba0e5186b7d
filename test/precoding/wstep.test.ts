/**
 * The structured W-step (wstep.ts, docs/paper-reading.md#s1, #s2) against the direct B̃-sized
 * solve as printed (direct.ts): same W to round-off for MS²CDM and after several MS²CDWM
 * iterations, on both solver paths; every block rank one; the fallback for a UT whose
 * leakage weight d_{s,k} is zero.
 */
import { describe, expect, it } from 'vitest';
import {
  CMatrix,
  addIdentity,
  addScaledInPlace,
  blkdiag,
  frobeniusNorm,
  mmul,
  relativeError,
  solve,
  vstack,
} from '../../lib/linalg/index.js';
import {
  cdmDirect,
  cdmPrecoders,
  cdmWStepInputs,
  cdwmDirect,
  cdwmPrecoders,
  materialiseRankOne,
  precodingGeometry,
  structuredWStep,
  type WStepInputs,
  type WStepMethod,
} from '../../lib/precoding/index.js';
import { Rng } from '../../lib/random/index.js';
import { syntheticScenario, tinyScenario } from './fixtures.js';
import { stackUt } from './helpers.js';

function maxUtError(a: CMatrix[][], b: CMatrix[][]): number {
  let e = 0;
  for (let k = 0; k < a[0].length; k++) e = Math.max(e, relativeError(stackUt(a, k), stackUt(b, k)));
  return e;
}

const methods: WStepMethod[] = ['beam', 'user', 'auto'];

describe('structured W-step = direct B̃-sized solve', () => {
  for (const seed of [41, 42]) {
    for (const method of methods) {
      it(`MS²CDM, seed ${seed}, ${method} path: same W to 1e-12`, () => {
        const scn = tinyScenario(seed);
        expect(maxUtError(cdmPrecoders(scn, { method }).W, cdmDirect(scn).W)).toBeLessThan(1e-12);
      });
    }
  }

  it('MS²CDM with M_k < N_R keeps the first M_k columns (48): both paths agree with direct', () => {
    const scn = tinyScenario(43, { streams: 1, servingPerUt: 3 });
    for (const method of methods) {
      expect(maxUtError(cdmPrecoders(scn, { method }).W, cdmDirect(scn).W)).toBeLessThan(1e-12);
    }
  });

  for (const method of methods) {
    it(`MS²CDWM, 4 iterations, ${method} path: same W and history as the direct implementation`, () => {
      const scn = tinyScenario(44, { zeta2: 0.3 });
      const fast = cdwmPrecoders(scn, { method, maxIterations: 4, tolerance: -Infinity });
      const direct = cdwmDirect(scn, { maxIterations: 4, tolerance: -Infinity });
      // errors grow by the conditioning of (Ξ + β̃I) per iteration: 1e-10 after four
      expect(maxUtError(fast.W, direct.W)).toBeLessThan(1e-10);
      expect(fast.history.length).toBe(direct.history.length);
      fast.history.forEach((h, i) => {
        const d = direct.history[i];
        expect(h.objective).toBeCloseTo(d.objective, 8);
        expect(h.upperBoundSumRate).toBeCloseTo(d.upperBoundSumRate, 8);
        if (i > 0) expect(h.stopValue).toBeCloseTo(d.stopValue, 8);
      });
    });
  }

  it('full beams (B_s > K, user path) agree with direct on a small drop', () => {
    const scn = syntheticScenario(45, {
      S: 3,
      K: 5,
      servingPerUt: 2,
      satArray: { nV: 4, nH: 4 },
      beamsPerSat: 16,
    });
    const fast = cdwmPrecoders(scn, { maxIterations: 3, tolerance: -Infinity });
    const direct = cdwmDirect(scn, { maxIterations: 3, tolerance: -Infinity });
    expect(maxUtError(fast.W, direct.W)).toBeLessThan(1e-10);
  });

  it('every block is rank one: W_{s,k} = p r (all 2×2 minors vanish)', () => {
    const scn = tinyScenario(46);
    const W = cdwmPrecoders(scn, { maxIterations: 2, tolerance: -Infinity }).W;
    for (const row of W) {
      for (const w of row) {
        const scaleRef = frobeniusNorm(w) ** 2;
        for (let i = 0; i + 1 < w.rows; i++) {
          const a = w.get(i, 0);
          const b = w.get(i, 1);
          const c = w.get(i + 1, 0);
          const d = w.get(i + 1, 1);
          const det = Math.hypot(
            a.re * d.re - a.im * d.im - (b.re * c.re - b.im * c.im),
            a.re * d.im + a.im * d.re - (b.re * c.im + b.im * c.re),
          );
          expect(det).toBeLessThanOrEqual(1e-12 * scaleRef + 1e-300);
        }
      }
    }
  });
});

describe('W-step on arbitrary inputs', () => {
  /** Dense reference: (Ξ_k + β̃_k I)^{-1} V̌_k^H T_k on the serving blocks from the same inputs. */
  function denseWbar(scn: ReturnType<typeof tinyScenario>, inp: WStepInputs, k: number): CMatrix {
    const geo = precodingGeometry(scn);
    const sk = geo.serving[k];
    const blocks = sk.map((s) => {
      const V = geo.beamResponses[s];
      const L = new CMatrix(V.cols, V.cols);
      for (let j = 0; j < scn.K; j++) {
        const v = new CMatrix(
          1,
          V.cols,
          V.re.slice(j * V.cols, (j + 1) * V.cols),
          V.im.slice(j * V.cols, (j + 1) * V.cols),
        );
        addScaledInPlace(L, mmul(v.H(), v), inp.leakage[s][j]);
      }
      return L;
    });
    const vt = blkdiag(
      ...sk.map((s) => {
        const V = geo.beamResponses[s];
        return new CMatrix(
          1,
          V.cols,
          V.re.slice(k * V.cols, (k + 1) * V.cols),
          V.im.slice(k * V.cols, (k + 1) * V.cols),
        );
      }),
    );
    const psiOff = inp.psiOwn[k].clone();
    for (let a = 0; a < sk.length; a++) psiOff.set(a, a, 0, 0);
    const xi = addScaledInPlace(blkdiag(...blocks), mmul(vt.H(), mmul(psiOff, vt)), inp.weights[k]);
    return solve(addIdentity(xi, inp.betaTilde[k]), mmul(vt.H(), inp.T[k]));
  }

  it('a served UT with zero leakage weight d_{s,k} = 0 (user-path fallback) still solves the system', () => {
    const scn = tinyScenario(47);
    const geo = precodingGeometry(scn);
    const inp = cdmWStepInputs(scn, geo);
    const rng = new Rng('wstep-inputs');
    // zero the leakage weight of every served UT of satellite 0 in turn, and one unserved one
    for (const j of [...geo.served[0], 0]) inp.leakage[0][j] = 0;
    inp.T = inp.T.map((t) => rng.complexNormalMatrix(t.rows, t.cols));
    for (const method of ['beam', 'user'] as const) {
      const W = materialiseRankOne(geo, structuredWStep(geo, inp, method));
      for (let k = 0; k < scn.K; k++) {
        const ref = denseWbar(scn, inp, k);
        const got = vstack(...geo.serving[k].map((s) => W[s][k]));
        expect(relativeError(got, ref)).toBeLessThan(1e-11);
      }
    }
  });

  it('rejects a non-positive β̃ with a clear message', () => {
    const scn = tinyScenario(48);
    const geo = precodingGeometry(scn);
    const inp = cdmWStepInputs(scn, geo);
    inp.betaTilde[2] = 0;
    expect(() => structuredWStep(geo, inp)).toThrow('W-step: β̃_2 must be a finite number > 0, got 0');
    expect(() => structuredWStep(geo, cdmWStepInputs(scn, geo), 'bogus' as WStepMethod)).toThrow(
      "method must be auto|beam|user, got 'bogus'",
    );
  });
});
