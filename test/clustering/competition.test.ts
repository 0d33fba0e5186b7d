/**
 * Competition-based clustering (Section V-A, ref. [41] + the paper's S_k lower bound and
 * redundancy removal): hand-worked examples (expected associations derived by hand in the
 * comments, following the procedure written in lib/clustering/competition.ts), error
 * messages, and (C1), (C2), (C5) on many seeded random instances, checked by code written
 * here (not the library's checker).
 */
import { describe, expect, it } from 'vitest';
import {
  ClusteringError,
  associationViolations,
  competitionClustering,
  type ClusteringEvent,
} from '../../lib/clustering/index.js';
import { Rng } from '../../lib/random/index.js';
import { syntheticScenario } from '../beamspace/fixtures.js';

/** Per-UT sets of serving satellites, from O (S × K). */
function servingSets(o: number[][]): number[][] {
  const K = o[0].length;
  return Array.from({ length: K }, (_, k) => o.map((row, s) => (row[k] === 1 ? s : -1)).filter((s) => s >= 0));
}

/** (C1), (C2), (C5) checked directly. */
function expectConstraints(o: number[][], sk: number[], caps: number[]): void {
  const S = caps.length;
  const K = sk.length;
  expect(o.length).toBe(S);
  for (let s = 0; s < S; s++) {
    expect(o[s].length).toBe(K);
    let load = 0;
    for (let k = 0; k < K; k++) {
      expect(o[s][k] === 0 || o[s][k] === 1).toBe(true); // (C5)
      load += o[s][k];
    }
    expect(load).toBeLessThanOrEqual(caps[s]); // (C2)
  }
  for (let k = 0; k < K; k++) {
    let n = 0;
    for (let s = 0; s < S; s++) n += o[s][k];
    expect(n).toBe(sk[k]); // (C1)
  }
}

function eventsOf(events: ClusteringEvent[], type: ClusteringEvent['type']): ClusteringEvent[] {
  return events.filter((e) => e.type === type);
}

describe('competitionClustering — hand-worked examples', () => {
  it('A: an incumbent is evicted, a newcomer loses, and the surplus is trimmed', () => {
    // S = 2, K = 3, S_k = 1, K_s^max = 2. Weak threshold: free(k) = S_k = 1.
    //        UT0 UT1 UT2
    // s0:     5   4   3
    // s1:     1   2   6
    // UT0 asks s0 (5), then s1 (1): loads 1, 1.  UT1 asks s0 (4), s1 (2): loads 2, 2.
    // UT2 asks s1 (6): load 3 > 2; weakest at s1 is UT0 (1) -> evicted, free(UT0) = 1 -> weak.
    // UT2 asks s0 (3): load 3 > 2; weakest at s0 is UT2 itself (3 < 4 < 5) -> newcomer evicted,
    // free(UT2) = 1 -> weak. UT2 holds {s1}. UT0 (re-queued) has nothing left to ask.
    // Before trim: UT0 {s0}, UT1 {s0, s1}, UT2 {s1}. Trim UT1 to its strongest: s0 (4 > 2).
    const gamma = [
      [5, 4, 3],
      [1, 2, 6],
    ];
    const r = competitionClustering(gamma, { Sk: 1, KsMax: 2 });
    expect(r.association).toEqual([
      [1, 1, 0],
      [0, 0, 1],
    ]);
    expect(r.trace.beforeTrim).toEqual([
      [1, 1, 0],
      [0, 1, 1],
    ]);
    expect(eventsOf(r.trace.events, 'evict')).toEqual([
      { type: 'evict', k: 0, s: 1, by: 2, rule: 'weakest' },
      { type: 'evict', k: 2, s: 0, by: 2, rule: 'weakest' },
    ]);
    expect(eventsOf(r.trace.events, 'trim')).toEqual([{ type: 'trim', k: 1, s: 1 }]);
    expect(r.trace.weakUts).toEqual([0, 2]);
    expect(r.trace.blacklist).toEqual([
      [0, 0, 1],
      [1, 0, 0],
    ]);
  });

  it('B: a weak UT is forcibly associated and evicts the incumbent', () => {
    // S = 3, K = 3, S_k = 1, K_s^max = 1 (no slack: 3 links, 3 places).
    //        UT0 UT1 UT2
    // s0:     9   8   1
    // s1:     7   6   2
    // s2:     1   5   3
    // UT0 asks s0, s1, s2 (9, 7, 1): holds all three.
    // UT1 asks s0 (8): weakest is UT1 (8 < 9) -> newcomer evicted (free 2).
    //     asks s1 (6): weakest is UT1 (6 < 7) -> evicted, free(UT1) = 1 -> weak.
    //     forced onto s2: over cap, the non-weak UT there is UT0 -> UT0 evicted ('forced').
    // UT0 (re-queued) holds s0, s1 and has nothing left to ask.
    // UT2 asks s2 (3): occupants UT1 (5, weak) and UT2 (3): weakest UT2 -> evicted (free 2).
    //     asks s1 (2): weakest UT2 (2 < 7) -> evicted, free(UT2) = 1 -> weak.
    //     forced onto s0: the non-weak UT there is UT0 (9) -> evicted ('forced'), UT0 weak.
    // Final: UT0 {s1}, UT1 {s2}, UT2 {s0}; nothing to trim.
    const gamma = [
      [9, 8, 1],
      [7, 6, 2],
      [1, 5, 3],
    ];
    const r = competitionClustering(gamma, { Sk: 1, KsMax: 1 });
    expect(servingSets(r.association)).toEqual([[1], [2], [0]]);
    expect(eventsOf(r.trace.events, 'forced')).toEqual([
      { type: 'forced', k: 1, s: 2 },
      { type: 'forced', k: 2, s: 0 },
    ]);
    expect(eventsOf(r.trace.events, 'evict').filter((e) => e.type === 'evict' && e.rule === 'forced')).toEqual([
      { type: 'evict', k: 0, s: 2, by: 1, rule: 'forced' },
      { type: 'evict', k: 0, s: 0, by: 2, rule: 'forced' },
    ]);
    expect(r.trace.weakUts).toEqual([0, 1, 2]);
    expect(eventsOf(r.trace.events, 'trim')).toEqual([]);
  });

  it('C: the weakest UT of a full satellite is protected, so the stronger newcomer loses', () => {
    // S = 2, K = 2, S_k = 1, K_s^max = 1.
    //        UT0 UT1
    // s0:     1   5
    // s1:     2   6
    // UT0 asks s1 (2) then s0 (1): holds both.
    // UT1 asks s1 (6): weakest UT0 (2) -> evicted, free(UT0) = 1 -> weak (protected).
    // UT1 asks s0 (5): over cap; the weakest there is UT0 (1 < 5) but UT0 is weak -> the
    // newcomer UT1 loses s0 ('newcomer-loses'), free(UT1) = 1 -> weak. Final: UT0 {s0}, UT1 {s1}.
    const r = competitionClustering(
      [
        [1, 5],
        [2, 6],
      ],
      { Sk: 1, KsMax: 1 },
    );
    expect(r.association).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(eventsOf(r.trace.events, 'evict')).toEqual([
      { type: 'evict', k: 0, s: 1, by: 1, rule: 'weakest' },
      { type: 'evict', k: 1, s: 0, by: 1, rule: 'newcomer-loses' },
    ]);
  });

  it('D: a blocked forced association is completed by the repair (augmenting path)', () => {
    // S = 3, K = 4, S_k = 1, K_s^max = (2, 1, 1).
    //        UT0   UT1   UT2   UT3
    // s0:    18    1.4   40    0.14
    // s1:    1.7   2.0   0.07  0.06
    // s2:    55    0.06  73    0.4
    // UT0 asks s2, s0, s1: holds all.
    // UT1 asks s1 (2.0): UT0 (1.7) evicted from s1 (free 2). UT1 asks s0 (1.4): load 2 <= 2.
    //     asks s2 (0.06): UT1 is the weakest there -> evicted (free 2). UT1 holds {s0, s1}.
    // UT0 (re-queued): nothing left to ask.
    // UT2 asks s2 (73): UT0 (55) evicted, free(UT0) = 1 -> weak.
    //     asks s0 (40): load 3 > 2, weakest UT1 (1.4) -> evicted, free(UT1) = 1 -> weak.
    //     asks s1 (0.07): weakest is UT2 (0.07 < 2.0) -> evicted (free 2). UT2 holds {s0, s2}.
    // UT3 asks s2 (0.4): evicted (0.4 < 73); asks s0 (0.14): evicted (weakest), free(UT3) = 1
    //     -> weak; forced onto s1, which holds only weak UT1 -> blocked.
    // Trim: UT2 keeps s2 (73 > 40) and drops s0.  Loads now s0 = 1, s1 = 1, s2 = 1.
    // Repair UT3: first hops by γ: s2 (0.4, full), s0 (0.14, load 1 < 2) -> UT3 joins s0.
    // Final: s0 {UT0, UT3}, s1 {UT1}, s2 {UT2}.
    const gamma = [
      [18, 1.4, 40, 0.14],
      [1.7, 2.0, 0.07, 0.06],
      [55, 0.06, 73, 0.4],
    ];
    const r = competitionClustering(gamma, { Sk: 1, KsMax: [2, 1, 1] });
    expect(servingSets(r.association)).toEqual([[0], [1], [2], [0]]);
    expect(eventsOf(r.trace.events, 'blocked')).toEqual([{ type: 'blocked', k: 3, s: 1 }]);
    expect(eventsOf(r.trace.events, 'trim')).toEqual([{ type: 'trim', k: 2, s: 0 }]);
    expect(eventsOf(r.trace.events, 'repair')).toEqual([{ type: 'repair', k: 3, moves: [{ ut: 3, from: -1, to: 0 }] }]);
  });

  it("E: asks 'Sk' stops at S_k; here both rules end in the same association", () => {
    // S = 3, K = 3, S_k = 2, K_s^max = 2 (6 links, 6 places).
    //        UT0 UT1 UT2
    // s0:     9   8   7
    // s1:     6   5   4
    // s2:     1   2   3
    // asks 'Sk': UT0 asks s0, s1 and stops; UT1 asks s0, s1 and stops (loads 2, 2, 0).
    // UT2 asks s0 (7): weakest UT2 -> evicted, free(UT2) = 2 = S_k -> weak; forced onto s1
    // (evicts the weakest non-weak UT there, UT1 with 5 < 6, who becomes weak) and s2.
    // UT1 (weak) is forced onto s2. Final: UT0 {s0, s1}, UT1 {s0, s2}, UT2 {s1, s2}.
    // asks 'all': UT0 and UT1 also take s2 (loads 2, 2, 2); UT2 is evicted from s0 as
    // before and forced onto s1 (evicts UT1) and s2 (evicts UT0, 1 < 2, UT1 is now weak):
    // the same final association after 3 + 3 + 1 = 7 asks instead of 2 + 2 + 1 = 5.
    const gamma = [
      [9, 8, 7],
      [6, 5, 4],
      [1, 2, 3],
    ];
    const rSk = competitionClustering(gamma, { Sk: 2, KsMax: 2, asks: 'Sk' });
    const rAll = competitionClustering(gamma, { Sk: 2, KsMax: 2, asks: 'all' });
    const expected = [
      [0, 1],
      [0, 2],
      [1, 2],
    ];
    expect(servingSets(rSk.association)).toEqual(expected);
    expect(servingSets(rAll.association)).toEqual(expected);
    expect(eventsOf(rSk.trace.events, 'ask').length).toBe(5);
    expect(eventsOf(rAll.trace.events, 'ask').length).toBe(7);
  });

  it('with caps that never bind, every UT gets its S_k strongest satellites', () => {
    const rng = new Rng('clustering/no-competition');
    for (let t = 0; t < 50; t++) {
      const S = 2 + rng.integer(4);
      const K = 1 + rng.integer(10);
      const sk = 1 + rng.integer(S);
      const gamma = Array.from({ length: S }, () => Array.from({ length: K }, () => rng.uniform()));
      for (const asks of ['all', 'Sk'] as const) {
        const r = competitionClustering(gamma, { Sk: sk, KsMax: K, asks });
        for (let k = 0; k < K; k++) {
          const order = Array.from({ length: S }, (_, s) => s).sort((a, b) => gamma[b][k] - gamma[a][k]);
          expect(servingSets(r.association)[k]).toEqual(order.slice(0, sk).sort((a, b) => a - b));
        }
        expect(eventsOf(r.trace.events, 'evict')).toEqual([]);
      }
    }
  });

  it('reads γ from a Scenario exactly as from the matrix', () => {
    const scn = syntheticScenario(new Rng('clustering/scenario'), { S: 4, K: 10 });
    const gamma = scn.links.map((row) => row.map((l) => l.gamma));
    expect(competitionClustering(scn, { Sk: 2, KsMax: 6 })).toEqual(competitionClustering(gamma, { Sk: 2, KsMax: 6 }));
  });
});

describe('competitionClustering — constraints on random instances', () => {
  /** Feasibility by brute force over all associations (tiny sizes only): independent of the library's cut test. */
  function feasibleByEnumeration(sk: number[], caps: number[]): boolean {
    const S = caps.length;
    const subsets = (n: number) => {
      const out: number[][] = [];
      for (let mask = 0; mask < 1 << S; mask++) {
        const set = Array.from({ length: S }, (_, s) => s).filter((s) => (mask >> s) & 1);
        if (set.length === n) out.push(set);
      }
      return out;
    };
    const load = new Array<number>(S).fill(0);
    const rec = (k: number): boolean => {
      if (k === sk.length) return true;
      for (const set of subsets(sk[k])) {
        if (set.some((s) => load[s] + 1 > caps[s])) continue;
        for (const s of set) load[s]++;
        const ok = rec(k + 1);
        for (const s of set) load[s]--;
        if (ok) return true;
      }
      return false;
    };
    return rec(0);
  }

  it('(C1), (C2), (C5) hold on every feasible instance, and infeasible ones are rejected (exactly those)', () => {
    const rng = new Rng('clustering/random');
    let feasible = 0;
    let repaired = 0;
    for (let t = 0; t < 1500; t++) {
      const S = 1 + rng.integer(4);
      const K = 1 + rng.integer(6);
      const sk = Array.from({ length: K }, () => 1 + rng.integer(S));
      const caps = Array.from({ length: S }, () => rng.integer(K + 1));
      const ties = rng.uniform() < 0.3;
      const gamma = Array.from({ length: S }, () =>
        Array.from({ length: K }, () => (ties ? rng.integer(3) : Math.exp(3 * rng.normal()))),
      );
      const truth = feasibleByEnumeration(sk, caps);
      for (const asks of ['all', 'Sk'] as const) {
        if (!truth) {
          expect(() => competitionClustering(gamma, { Sk: sk, KsMax: caps, asks })).toThrow(/cannot be met/);
          continue;
        }
        const r = competitionClustering(gamma, { Sk: sk, KsMax: caps, asks });
        expectConstraints(r.association, sk, caps);
        expect(associationViolations(r.association, { Sk: sk, KsMax: caps })).toEqual([]);
        feasible++;
        if (r.trace.events.some((e) => e.type === 'repair')) repaired++;
      }
    }
    expect(feasible).toBeGreaterThan(500);
    expect(repaired).toBeGreaterThan(0); // the repair path is exercised, not only the competition
  });

  it('(C1), (C2), (C5) hold at the Table I sizes (K = 48, S = 5) for S_k = 1..3 and K_s^max = 30, 36, 48', () => {
    for (let drop = 0; drop < 20; drop++) {
      const scn = syntheticScenario(Rng.forDrop('clustering/table1', drop), { S: 5, K: 48 });
      for (const Sk of [1, 2, 3]) {
        for (const KsMax of [30, 36, 48]) {
          const r = competitionClustering(scn, { Sk, KsMax });
          expectConstraints(r.association, new Array<number>(48).fill(Sk), new Array<number>(5).fill(KsMax));
        }
      }
    }
  });
});

describe('competitionClustering — errors', () => {
  const gamma = [
    [1, 2, 3],
    [4, 5, 6],
  ];
  it('rejects K·S_k > S·K_s^max', () => {
    expect(() => competitionClustering(gamma, { Sk: 2, KsMax: 2 })).toThrow(
      new ClusteringError(
        '(C1)-(C2) cannot be met: the UTs need sum_k S_k = 6 UT-satellite links but the satellites serve at most sum_s K_s^max = 4 (K*S_k > S*K_s^max)',
      ),
    );
  });
  it('rejects S_k > S', () => {
    expect(() => competitionClustering(gamma, { Sk: 3, KsMax: 3 })).toThrow(
      '(C1) cannot be met: Sk = 3 exceeds the number of satellites S = 2 (need 1 <= S_k <= S)',
    );
    expect(() => competitionClustering(gamma, { Sk: [1, 3, 1], KsMax: 3 })).toThrow(
      '(C1) cannot be met: Sk[1] = 3 exceeds the number of satellites S = 2',
    );
  });
  it('rejects caps that fail the cut condition although the total suffices', () => {
    // S_k = 2 = S for both UTs: each needs both satellites, but satellite 0 takes nobody.
    expect(() =>
      competitionClustering(
        [
          [1, 1],
          [1, 1],
        ],
        { Sk: 2, KsMax: [0, 5] },
      ),
    ).toThrow(
      '(C1)-(C2) cannot be met: the 1 satellite(s) with the smallest caps (sum 0) would have to carry 2 UT links, because a UT can use at most 1 other satellite(s)',
    );
  });
  it('names bad fields', () => {
    expect(() => competitionClustering(gamma, { Sk: 0, KsMax: 3 })).toThrow('Sk must be an integer >= 1, got 0');
    expect(() => competitionClustering(gamma, { Sk: [1, 1], KsMax: 3 })).toThrow(
      'Sk must be a number or an array of length K = 3, got length 2',
    );
    expect(() => competitionClustering(gamma, { Sk: 1, KsMax: -1 })).toThrow('KsMax must be an integer >= 0, got -1');
    expect(() => competitionClustering(gamma, { Sk: 1, KsMax: [3, 1.5] })).toThrow(
      'KsMax[1] must be an integer >= 0, got 1.5',
    );
    expect(() =>
      competitionClustering(
        [
          [1, NaN, 3],
          [4, 5, 6],
        ],
        { Sk: 1, KsMax: 3 },
      ),
    ).toThrow('gamma[0][1] must be a finite number >= 0, got NaN');
    expect(() =>
      competitionClustering(
        [
          [1, 2, 3],
          [4, 5],
        ],
        { Sk: 1, KsMax: 3 },
      ),
    ).toThrow('gamma[1] has length 2, expected K = 3');
    expect(() => competitionClustering(gamma, { Sk: 1, KsMax: 3, asks: 'some' as 'all' })).toThrow(
      "asks must be 'all' or 'Sk', got 'some'",
    );
  });
});
