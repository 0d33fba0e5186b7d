/**
 * Beam selection (Section V-B): LCMS (Algorithm 3), NearOpt (ref. [18], adapted), Full.
 * Constraints (C3), (C4), (C6) and exactly B_s beams on many seeded random cases; stage 1
 * of LCMS checked against gains from the explicit DFT codebook; LCMS's captured power
 * against an exhaustive search on 4×4 arrays; NearOpt's proxy sum rate against a direct
 * log-determinant; exact error messages.
 */
import { describe, expect, it } from 'vitest';
import {
  BeamSelectionError,
  applySelection,
  beamDomainPower,
  beamViolations,
  capturedFraction,
  linkBeamGains,
  fullSelection,
  lcmsSelection,
  nearOptSelection,
  selectBeams,
  selectionMatrix,
  servedChannelPower,
} from '../../lib/beamspace/index.js';
import { beamGains, directionCosines } from '../../lib/channel/steering.js';
import { competitionClustering } from '../../lib/clustering/index.js';
import { Rng } from '../../lib/random/index.js';
import type { Scenario } from '../../lib/scenario/types.js';
import { syntheticScenario } from './fixtures.js';
import { bruteForceGains, proxySumRate } from './reference.js';

/** K_s of satellite s, computed here. */
function served(scn: Scenario, s: number): number[] {
  return scn.association[s].map((o, k) => (o === 1 ? k : -1)).filter((k) => k >= 0);
}

/** (C3), (C4), (C6) on the literal A_s matrix, plus exactly B_s columns and ascending indices. */
function expectBeamConstraints(scn: Scenario, beams: number[][], bs: number[]): void {
  const nT = scn.satArray.nV * scn.satArray.nH;
  const broken: string[] = [];
  expect(beams.length).toBe(scn.S);
  for (let s = 0; s < scn.S; s++) {
    if (beams[s].length !== bs[s]) broken.push(`s=${s}: ${beams[s].length} beams, B_s = ${bs[s]}`);
    for (let b = 1; b < beams[s].length; b++)
      if (!(beams[s][b] > beams[s][b - 1])) broken.push(`s=${s}: not ascending`);
    const a = selectionMatrix(nT, beams[s]);
    for (let b = 0; b < bs[s]; b++) {
      if (a.reduce((acc, row) => acc + row[b], 0) !== 1) broken.push(`(C3) s=${s} column ${b}`);
    }
    for (let q = 0; q < nT; q++) {
      if (a[q].reduce((x, y) => x + y, 0) > 1) broken.push(`(C4) s=${s} codeword ${q}`);
      if (a[q].some((v) => v !== 0 && v !== 1)) broken.push(`(C6) s=${s} codeword ${q}`);
    }
  }
  expect(broken).toEqual([]);
}

/** A random case: arrays, S, K, clustered association, B_s per satellite in [|K_s|, N_T]. */
function randomCase(rng: Rng): { scn: Scenario; bs: number[] } {
  const arrays = [
    { nV: 4, nH: 4 },
    { nV: 4, nH: 8 },
    { nV: 8, nH: 8 },
  ];
  const satArray = arrays[rng.integer(arrays.length)];
  const S = 1 + rng.integer(5);
  const K = 1 + rng.integer(12);
  const nT = satArray.nV * satArray.nH;
  let scn = syntheticScenario(rng, { S, K, satArray, maxDirectionCosine: 0.3 + 0.7 * rng.uniform() });
  const Sk = 1 + rng.integer(S);
  const KsMax = Math.min(nT, Math.ceil((K * Sk) / S) + rng.integer(K + 1));
  scn = { ...scn, association: competitionClustering(scn, { Sk, KsMax }).association };
  const bs = Array.from({ length: S }, (_, s) => {
    const ks = served(scn, s).length;
    return Math.max(1, ks + rng.integer(nT - ks + 1));
  });
  return { scn, bs };
}

describe('beam selection — constraints on random cases', () => {
  it('LCMS, NearOpt and Full satisfy (C3), (C4), (C6) with exactly B_s beams (60 seeded cases)', () => {
    for (let t = 0; t < 60; t++) {
      const { scn, bs } = randomCase(new Rng(`beamspace/constraints/${t}`));
      const lcms = lcmsSelection(scn, bs).beams;
      expectBeamConstraints(scn, lcms, bs);
      expect(beamViolations(scn, lcms, bs)).toEqual([]);
      const near = nearOptSelection(scn, bs).beams;
      expectBeamConstraints(scn, near, bs);
      const nT = scn.satArray.nV * scn.satArray.nH;
      const full = selectBeams(scn, { method: 'full' });
      expectBeamConstraints(scn, full, new Array<number>(scn.S).fill(nT));
      expect(full[0]).toEqual(Array.from({ length: nT }, (_, q) => q));
      expect(selectBeams(scn, { method: 'lcms', Bs: bs })).toEqual(lcms);
      expect(selectBeams(scn, { method: 'nearopt', Bs: bs })).toEqual(near);
    }
  });

  it('at the Table I sizes (16×16, K = 48, S = 5, S_k = 3, K_s^max = 36, B_s = 48 and 36..256)', () => {
    for (let drop = 0; drop < 3; drop++) {
      let scn = syntheticScenario(Rng.forDrop('beamspace/table1', drop), { S: 5, K: 48 });
      scn = { ...scn, association: competitionClustering(scn, { Sk: 3, KsMax: 36 }).association };
      for (const B of [36, 48, 128, 256]) {
        const bs = new Array<number>(5).fill(B);
        for (const beams of [lcmsSelection(scn, B).beams, nearOptSelection(scn, B).beams]) {
          expect(beamViolations(scn, beams, bs)).toEqual([]);
          beams.forEach((list) => expect(new Set(list).size).toBe(B));
        }
      }
    }
  });

  it('beamViolations names each broken constraint', () => {
    const scn = syntheticScenario(new Rng('beamspace/violations'), { S: 2, K: 2, satArray: { nV: 2, nH: 2 } });
    expect(
      beamViolations(
        scn,
        [
          [0, 0],
          [1, 2.5, 3],
        ],
        [2, 2],
      ),
    ).toEqual([
      '(C4) satellite 0 selects codeword 0 twice',
      'beams[0] is not strictly ascending at position 1',
      'satellite 1 has 3 beams, B_s = 2',
      '(C3)/(C6) beams[1][1] = 2.5 is not a codeword index in [0, 3]',
    ]);
  });
});

describe('LCMS (Algorithm 3)', () => {
  it('stage 1 gives each served UT, in descending γ, its strongest free beam (gains from the explicit DFT codebook)', () => {
    for (let t = 0; t < 25; t++) {
      const { scn, bs } = randomCase(new Rng(`beamspace/stage1/${t}`));
      const r = lcmsSelection(scn, bs);
      for (let s = 0; s < scn.S; s++) {
        const ks = served(scn, s);
        const stage1 = r.trace[s].stage1;
        expect(stage1.map((e) => e.k).sort((a, b) => a - b)).toEqual(ks);
        const taken = new Set<number>();
        stage1.forEach((e, i) => {
          if (i > 0) expect(scn.links[s][e.k].gamma).toBeLessThanOrEqual(scn.links[s][stage1[i - 1].k].gamma);
          const g = bruteForceGains(scn, s, e.k);
          const bestFree = Math.max(...g.filter((_, q) => !taken.has(q)));
          expect(taken.has(e.q)).toBe(false);
          expect(g[e.q]).toBeGreaterThanOrEqual(bestFree * (1 - 1e-12));
          taken.add(e.q);
          expect(r.beams[s]).toContain(e.q);
        });
      }
    }
  });

  it('stage 2 fills to exactly B_s with the free beams of largest Σ_k γ_k |vᵀf_q|² (no unselected beam scores higher)', () => {
    for (let t = 0; t < 25; t++) {
      const { scn, bs } = randomCase(new Rng(`beamspace/stage2/${t}`));
      const r = lcmsSelection(scn, bs);
      for (let s = 0; s < scn.S; s++) {
        const ks = served(scn, s);
        const nT = scn.satArray.nV * scn.satArray.nH;
        const score = new Array<number>(nT).fill(0);
        for (const k of ks) bruteForceGains(scn, s, k).forEach((g, q) => (score[q] += scn.links[s][k].gamma * g));
        const stage1 = new Set(r.trace[s].stage1.map((e) => e.q));
        const stage2 = r.beams[s].filter((q) => !stage1.has(q));
        expect(stage2.length).toBe(bs[s] - ks.length); // the printed loop would stop one short
        if (stage2.length === 0) continue;
        const minChosen = Math.min(...stage2.map((q) => score[q]));
        const chosen = new Set(r.beams[s]);
        for (let q = 0; q < nT; q++) if (!chosen.has(q)) expect(score[q]).toBeLessThanOrEqual(minChosen * (1 + 1e-9));
      }
    }
  });

  it('captures most of the beam-domain channel power an exhaustive search over all B_s-subsets finds (4×4 arrays, B_s = 3–4)', () => {
    // Measured with these seeds (300 single-satellite drops, 2–4 served UTs, γ log-normal 6 dB):
    // B_s > |K_s| (stage 2 has room): mean 0.989, min 0.842; B_s = |K_s| (stage 1 only):
    // mean 0.902, min 0.373 — stage 1 spends one beam on every UT, however weak, which is
    // what it is for. Thresholds sit just below the measured values.
    const MEAN_FRACTION_WITH_STAGE2 = 0.98;
    const MIN_FRACTION_WITH_STAGE2 = 0.8;
    const MEAN_FRACTION_STAGE1_ONLY = 0.88;
    const withStage2: number[] = [];
    const stage1Only: number[] = [];
    for (let t = 0; t < 300; t++) {
      const rng = new Rng(`m/${t}`);
      const K = 2 + rng.integer(3);
      const scn = syntheticScenario(rng, { S: 1, K, satArray: { nV: 4, nH: 4 }, maxDirectionCosine: 0.9 });
      scn.association = [new Array<number>(K).fill(1)];
      const gains = Array.from({ length: K }, (_, k) => bruteForceGains(scn, 0, k));
      const power = (set: number[]) =>
        gains.reduce((acc, g, k) => acc + scn.links[0][k].gamma * set.reduce((a, q) => a + g[q], 0), 0);
      for (const Bs of [K, 3, 4].filter((b) => b >= K)) {
        let best = 0;
        // every B_s-subset of the 16 codewords
        const rec = (start: number, set: number[]): void => {
          if (set.length === Bs) {
            best = Math.max(best, power(set));
            return;
          }
          for (let q = start; q < 16; q++) rec(q + 1, [...set, q]);
        };
        rec(0, []);
        const got = power(lcmsSelection(scn, Bs).beams[0]);
        expect(got).toBeLessThanOrEqual(best * (1 + 1e-12));
        (Bs > K ? withStage2 : stage1Only).push(got / best);
      }
    }
    const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
    expect(mean(withStage2)).toBeGreaterThan(MEAN_FRACTION_WITH_STAGE2);
    expect(Math.min(...withStage2)).toBeGreaterThan(MIN_FRACTION_WITH_STAGE2);
    expect(mean(stage1Only)).toBeGreaterThan(MEAN_FRACTION_STAGE1_ONLY);
  });

  it('ties go to the smaller codeword index; a satellite serving nobody takes the B_s lowest indices', () => {
    const scn = syntheticScenario(new Rng('beamspace/empty'), { S: 2, K: 3, satArray: { nV: 4, nH: 4 } });
    scn.association = [
      [1, 1, 1],
      [0, 0, 0],
    ];
    expect(lcmsSelection(scn, 5).beams[1]).toEqual([0, 1, 2, 3, 4]);
    expect(nearOptSelection(scn, 5).beams[1]).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('NearOpt (ref. [18], adapted)', () => {
  it('non-interfering UTs get their strongest beam; the proxy sum rate equals a direct log det', () => {
    for (let t = 0; t < 15; t++) {
      const { scn, bs } = randomCase(new Rng(`beamspace/nearopt/${t}`));
      const r = nearOptSelection(scn, bs);
      for (let s = 0; s < scn.S; s++) {
        const ks = served(scn, s);
        const strongest = ks.map((k) => {
          const g = bruteForceGains(scn, s, k);
          return g.indexOf(Math.max(...g));
        });
        const niu = ks.filter((_, i) => strongest.filter((q) => q === strongest[i]).length === 1);
        expect(r.trace[s].niu.map((e) => e.k)).toEqual(niu);
        r.trace[s].niu.forEach((e) => expect(e.q).toBe(strongest[ks.indexOf(e.k)]));
        const direct = proxySumRate(scn, s, ks, r.beams[s]);
        expect(Math.abs(r.trace[s].proxySumRate - direct)).toBeLessThan(1e-8 * Math.max(1, direct));
      }
    }
  });

  it('each fill step takes the free beam with the largest increase of log2 det(I + H_A H_Aᴴ)', () => {
    for (let t = 0; t < 6; t++) {
      const rng = new Rng(`beamspace/nearopt-fill/${t}`);
      const scn = syntheticScenario(rng, { S: 1, K: 3, satArray: { nV: 4, nH: 4 } });
      scn.association = [[1, 1, 1]];
      const r = nearOptSelection(scn, 7);
      const fill = r.trace[0].fill;
      expect(fill.length).toBeGreaterThan(0);
      const last = fill[fill.length - 1];
      const before = r.beams[0].filter((q) => q !== last);
      const chosen = proxySumRate(scn, 0, [0, 1, 2], r.beams[0]);
      for (let q = 0; q < 16; q++) {
        if (r.beams[0].includes(q)) continue;
        expect(proxySumRate(scn, 0, [0, 1, 2], [...before, q])).toBeLessThanOrEqual(chosen + 1e-9);
      }
    }
  });

  it('captures less channel power than LCMS but a higher proxy sum rate at the Table I sizes', () => {
    let scn = syntheticScenario(new Rng('beamspace/compare'), { S: 5, K: 48 });
    scn = { ...scn, association: competitionClustering(scn, { Sk: 3, KsMax: 36 }).association };
    const lcms = lcmsSelection(scn, 48).beams;
    const near = nearOptSelection(scn, 48);
    expect(servedChannelPower(scn, lcms).captured).toBeGreaterThan(servedChannelPower(scn, near.beams).captured);
    for (let s = 0; s < 5; s++) {
      const ks = served(scn, s);
      expect(near.trace[s].proxySumRate).toBeGreaterThanOrEqual(proxySumRate(scn, s, ks, lcms[s]) - 1e-9);
    }
  });
});

describe('beam-domain power (eq. (49) with squares) and Full', () => {
  it('γ|vᵀf_q|² matches the explicit codebook, and Full captures all of it (F unitary)', () => {
    const scn = syntheticScenario(new Rng('beamspace/gains'), { S: 2, K: 3, satArray: { nV: 4, nH: 8 } });
    for (let s = 0; s < 2; s++) {
      for (let k = 0; k < 3; k++) {
        const closed = beamDomainPower(scn, s, k);
        const ref = bruteForceGains(scn, s, k);
        const gamma = scn.links[s][k].gamma;
        ref.forEach((g, q) => expect(Math.abs(closed[q] - gamma * g)).toBeLessThan(1e-12 * gamma));
      }
    }
    // the magnitude-only kernel of linkBeamGains against steering.ts's beamGains (complex Dirichlet kernels)
    for (let k = 0; k < 3; k++) {
      const link = scn.links[0][k];
      const [xV, xH] = directionCosines(link.thetaT, link.phiT);
      const ref = beamGains(scn.satArray, xV, xH);
      linkBeamGains(scn, 0, k).forEach((g, q) => expect(Math.abs(g - ref[q])).toBeLessThan(1e-15));
    }
    // a direction exactly on codeword (n_V, n_H) = (1, 5) of the 4×8 grid: all power on q = 1·8 + 5
    const onGrid = {
      ...scn,
      links: [[{ ...scn.links[0][0], thetaT: Math.acos(-0.5), phiT: Math.acos(0.25 / Math.sin(Math.acos(-0.5))) }]],
    };
    const g = linkBeamGains(onGrid, 0, 0);
    expect(Math.abs(g[13] - 1)).toBeLessThan(1e-12);
    expect(g.reduce((a, b) => a + b, 0) - g[13]).toBeLessThan(1e-12);
    const frac = capturedFraction(scn, fullSelection(scn));
    frac.flat().forEach((f) => expect(Math.abs(f - 1)).toBeLessThan(1e-12));
  });
});

describe('selection — errors and applySelection', () => {
  const scn = syntheticScenario(new Rng('beamspace/errors'), { S: 2, K: 4, satArray: { nV: 4, nH: 4 } });
  scn.association = [
    [1, 1, 1, 0],
    [0, 1, 1, 1],
  ];
  it('rejects B_s below |K_s| or above N_T, naming the field and range', () => {
    expect(() => lcmsSelection(scn, 2)).toThrow(
      new BeamSelectionError(
        'Bs = 2 is below the number of UTs served by satellite 0 (|K_0| = 3); need 3 <= B_s <= N_T = 16',
      ),
    );
    expect(() => nearOptSelection(scn, [3, 2])).toThrow(
      'Bs[1] = 2 is below the number of UTs served by satellite 1 (|K_1| = 3); need 3 <= B_s <= N_T = 16',
    );
    expect(() => lcmsSelection(scn, 17)).toThrow('Bs = 17 exceeds N_T = 16 (need |K_s| <= B_s <= N_T)');
    expect(() => lcmsSelection(scn, 3.5)).toThrow('Bs must be an integer >= 1, got 3.5');
    expect(() => lcmsSelection(scn, [4, 4, 4])).toThrow(
      'Bs must be a number or an array of length S = 2, got length 3',
    );
    expect(() => selectBeams(scn, { method: 'lcms' })).toThrow(
      "Bs is required for method 'lcms' (|K_s| <= B_s <= N_T = 16)",
    );
    expect(() => selectBeams(scn, { method: 'full', Bs: 8 })).toThrow(
      "Bs must equal N_T = 16 for method 'full' (A_s = I), got 8",
    );
    expect(() => selectBeams(scn, { method: 'best' as 'lcms', Bs: 4 })).toThrow(
      "method must be 'lcms', 'nearopt' or 'full', got 'best'",
    );
    expect(() => nearOptSelection(scn, 4, { candidatesPerUt: 0 })).toThrow(
      'candidatesPerUt must be an integer >= 1, got 0',
    );
    const bad = { ...scn, association: [[1, 0, 2, 0], scn.association[1]] };
    expect(() => lcmsSelection(bad, 4)).toThrow('association[0][2] must be 0 or 1, got 2');
  });

  it('applySelection returns a new Scenario with a valid association and beams, leaving the input unchanged', () => {
    const base = syntheticScenario(new Rng('beamspace/apply'), { S: 5, K: 20 });
    const copy = JSON.stringify(base);
    const out = applySelection(base, { cluster: { Sk: 3, KsMax: 15 }, beams: { method: 'lcms', Bs: 20 } });
    expect(JSON.stringify(base)).toBe(copy);
    for (let k = 0; k < 20; k++) expect(out.association.reduce((a, row) => a + row[k], 0)).toBe(3);
    out.association.forEach((row) => expect(row.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(15));
    expect(beamViolations(out, out.beams, 20)).toEqual([]);
    expect(out.beams).toEqual(lcmsSelection(out, 20).beams);
    expect(out.meta?.selection).toEqual({
      cluster: { Sk: 3, KsMax: 15, asks: 'all' },
      beams: { method: 'lcms', Bs: 20 },
    });
  });
});
