/**
 * User-centric satellite clustering (Section V-A): the competition-based access-point
 * selection of ref. [41] (S. Chen et al., "Structured massive access for scalable
 * cell-free massive MIMO systems", IEEE JSAC 2021; the authors' MATLAB
 * `functionAPselection.m`) with the paper's two changes — a lower bound of S_k serving
 * satellites per UT and a final redundancy removal — and a cap K_s^max per satellite
 * (constraints (C1), (C2), (C5) of (11); docs/paper-reading.md#x3). Only the large-scale
 * gains γ_{s,k} are used (sCSI). The paper omits the procedure; this is it, exactly.
 *
 * State: association O (S × K), blacklist B (S × K; B[s][k] = 1 once satellite s has
 * rejected UT k), the set of "weak" UTs (protected, see 4) and the pending set P of UTs,
 * initially {0, …, K−1}. Satellites with K_s^max = 0 can serve nobody and start
 * blacklisted for every UT. Let free(k) = number of satellites not blacklisting k. A UT
 * is weak as soon as free(k) = S_k (in [41], S_k = 1: "served by one AP"); a UT with
 * S_k = S is weak from the start.
 *
 * 1. Main loop: while P ≠ ∅, take the UT k = min P (ref. [41] keeps its list sorted and
 *    always serves the head) and give it a turn; then remove k from P.
 * 2. A turn of UT k repeats:
 *      C = satellites not blacklisting k and not serving k;
 *      stop if C = ∅, or if `asks = 'Sk'` and k already holds S_k satellites;
 *      if k is weak: forced association with every s ∈ C (ascending s, step 4); stop;
 *      otherwise k asks s* = argmax_{s∈C} γ_{s,k} and o_{s*,k} ← 1; if s* now serves
 *      more than K_{s*}^max UTs, competition at s* (step 3).
 *    With `asks = 'all'` (default, as [41]) a UT asks every satellite that has not
 *    rejected it, strongest first; the lower bound S_k is guaranteed by the weak rule and
 *    the surplus is removed in step 5. With `asks = 'Sk'` it stops at S_k (step 5 is then
 *    a no-op); both satisfy (C1)–(C2). On 20 Table I drops (K = 48, S = 5, S_k = 3,
 *    K_s^max = 36) 'all' left 34.5 of 48 UTs with their 3 strongest satellites, 'Sk' 42.1
 *    (mean served γ 0.27 dB higher): under 'all' a satellite may evict a UT in favour of
 *    one that later trims that satellite away.
 * 3. Competition at satellite s (over its cap after k joined): the loser is the UT j served
 *    by s with the smallest γ_{s,j}; if that UT is weak (protected), the newcomer k loses
 *    instead (as [41]). The loser is evicted: o_{s,loser} ← 0, B[s][loser] ← 1 (one
 *    "competition failure", initiated or received); if free(loser) = S_loser it becomes
 *    weak. An evicted UT other than k re-enters P. If k lost, its turn continues with the
 *    next satellite (or, if it just became weak, with the forced association).
 * 4. Forced association of a weak UT k with satellite s (the paper's "forcibly associate
 *    with the remaining unselected satellites"): o_{s,k} ← 1 without competing. [41] lets
 *    the AP exceed its cap here; to keep (C2), if s is now over its cap the non-weak UT j
 *    served by s with the smallest γ_{s,j} is evicted as in 3 (blacklists s, re-enters P).
 *    If every UT of s is weak, the association is blocked (event 'blocked'): k stays one
 *    satellite short and is completed in step 6.
 * 5. Redundant satellite removal (the paper's second change): every UT holding more than
 *    S_k satellites keeps its S_k strongest (largest γ_{s,k}) and drops the rest. Loads
 *    only fall, so (C2) still holds.
 * 6. Repair (neither [41] nor the paper has it; needed because step 4 can be blocked —
 *    seen only when the caps leave little slack, Σ_s K_s^max − Σ_k S_k < K, in a few % of
 *    such random instances, and never at the Table I defaults K = 48, S = 5, K_s^max = 36):
 *    every UT k still holding fewer than S_k satellites gets one more by an augmenting
 *    path, repeated until it holds S_k: a breadth-first search over satellites from the
 *    satellites not serving k (strongest γ_{s,k} first, blacklists ignored), where a full
 *    satellite s_a leads to s_b if some UT j served by s_a is not served by s_b (j moves
 *    s_a → s_b), ending at the first satellite below its cap. Applying the path adds
 *    o_{s1,k} and moves each j one satellite on; loads change only at the end satellite
 *    (+1). This is max-flow augmentation on the UT–satellite graph, so a path exists
 *    whenever (C1)–(C2) are feasible, which is checked first. Every UT then holds exactly
 *    S_k: (C1).
 *
 * Why it ends with (C1)–(C2): loads never exceed the caps after a competition; a weak UT
 * is never evicted, so it keeps its satellites (all free(k) = S_k of them unless blocked);
 * a non-weak UT has free(k) > S_k and, after its turn, holds S_k (asks 'Sk') or all
 * free(k) (asks 'all') satellites; step 6 completes the blocked ones. Each eviction adds
 * one blacklist entry and a UT collects at most S − S_k of them, so the loop ends after at
 * most S·K + Σ_k (S − S_k) associations.
 *
 * Ties (deterministic): pending UTs by smallest index; among satellites, the largest γ,
 * then the smallest s; the loser of a competition is the smallest γ, then the smallest UT
 * index (MATLAB `min`); forced associations in ascending s; redundancy removal keeps the
 * largest γ, then the smallest s.
 *
 * Cost: O(S·K·(S + K)) in the worst case (each association scans one satellite's UTs);
 * negligible beside the precoders.
 *
 * Feasibility is checked first (constraints.ts): S_k ≤ S and the cut condition (for equal
 * caps Σ_k S_k ≤ S·K_s^max); otherwise a ClusteringError explains which bound fails.
 */
import type { Scenario } from '../scenario/types.js';
import {
  type AssociationTargets,
  ClusteringError,
  assertAssociationFeasible,
  associationViolations,
  expandKsMax,
  expandSk,
  gammaMatrix,
} from './constraints.js';

/** Options of competitionClustering: S_k, K_s^max and the asking rule. */
export interface ClusteringOptions extends AssociationTargets {
  /**
   * How many satellites a UT asks for in its turn: 'all' (default; every satellite that
   * has not rejected it, as ref. [41], then trimmed to S_k by the redundancy removal) or
   * 'Sk' (stop once it holds S_k).
   */
  asks?: 'all' | 'Sk';
}

/** One step of the competition, for the notebook and for tests. */
export type ClusteringEvent =
  /** UT k asked satellite s (strongest remaining) and was associated; `load` = UTs of s after joining. */
  | { type: 'ask'; k: number; s: number; gamma: number; load: number }
  /**
   * UT k was evicted from satellite s because `by` joined and s was over its cap. `rule`:
   * 'weakest' (k had the smallest γ at s), 'newcomer-loses' (k was the newcomer and the
   * weakest UT of s is protected), 'forced' (a weak UT was forcibly associated with s).
   */
  | { type: 'evict'; k: number; s: number; by: number; rule: 'weakest' | 'newcomer-loses' | 'forced' }
  /** UT k became weak: only S_k satellites do not blacklist it. */
  | { type: 'weak'; k: number }
  /** Weak UT k was forcibly associated with satellite s. */
  | { type: 'forced'; k: number; s: number }
  /** Forced association of weak UT k with satellite s was blocked (s full of weak UTs). */
  | { type: 'blocked'; k: number; s: number }
  /** Redundancy removal dropped satellite s from UT k. */
  | { type: 'trim'; k: number; s: number }
  /** Repair: UT k gained satellite moves[0].to; each further move shifts UT `ut` from `from` to `to`. */
  | { type: 'repair'; k: number; moves: { ut: number; from: number; to: number }[] };

/** Result of competitionClustering. */
export interface ClusteringResult {
  /** O: association[s][k] ∈ {0, 1}, S × K, satisfying (C1), (C2), (C5). */
  association: number[][];
  /** The competition, step by step. */
  trace: {
    events: ClusteringEvent[];
    /** O after the main loop, before redundancy removal (S × K). */
    beforeTrim: number[][];
    /** B: blacklist[s][k] = 1 if satellite s rejected UT k (S × K). */
    blacklist: number[][];
    /** UTs that became weak (ascending). */
    weakUts: number[];
    /** S_k and K_s^max as used (expanded to one entry per UT / satellite). */
    Sk: number[];
    KsMax: number[];
  };
}

/**
 * Competition-based user-centric clustering (Section V-A, ref. [41] + the paper's lower
 * bound S_k and redundancy removal). `gamma`: γ_{s,k} (S × K, linear, any common unit)
 * or a Scenario (its links' γ). Returns O (S × K) and the trace. Throws ClusteringError
 * for invalid input or when (C1)–(C2) cannot be met. Procedure and ties: file comment.
 */
export function competitionClustering(
  gamma: readonly (readonly number[])[] | Scenario,
  opts: ClusteringOptions,
): ClusteringResult {
  const g = gammaMatrix(gamma);
  const S = g.length;
  const K = g[0].length;
  const sk = expandSk(opts.Sk, S, K);
  const caps = expandKsMax(opts.KsMax, S);
  const asks = opts.asks ?? 'all';
  if (asks !== 'all' && asks !== 'Sk') throw new ClusteringError(`asks must be 'all' or 'Sk', got '${String(asks)}'`);
  assertAssociationFeasible(sk, caps);

  const O: number[][] = Array.from({ length: S }, () => new Array<number>(K).fill(0));
  const B: number[][] = Array.from({ length: S }, (_, s) => new Array<number>(K).fill(caps[s] === 0 ? 1 : 0));
  const load = new Array<number>(S).fill(0);
  const held = new Array<number>(K).fill(0);
  const free = new Array<number>(K).fill(caps.filter((c) => c > 0).length);
  const weak = new Array<boolean>(K).fill(false);
  const events: ClusteringEvent[] = [];
  const pending = new Set<number>();
  for (let k = 0; k < K; k++) {
    pending.add(k);
    if (free[k] === sk[k]) {
      weak[k] = true;
      events.push({ type: 'weak', k });
    }
  }

  const join = (s: number, k: number): void => {
    O[s][k] = 1;
    load[s]++;
    held[k]++;
  };
  const evict = (s: number, k: number, by: number, rule: 'weakest' | 'newcomer-loses' | 'forced'): void => {
    O[s][k] = 0;
    load[s]--;
    held[k]--;
    B[s][k] = 1;
    free[k]--;
    events.push({ type: 'evict', k, s, by, rule });
    if (free[k] === sk[k]) {
      weak[k] = true;
      events.push({ type: 'weak', k });
    }
    if (k !== by) pending.add(k);
  };
  /** The UT served by s with the smallest γ (ties: smallest index), optionally skipping weak UTs; -1 if none. */
  const weakestAt = (s: number, skipWeak: boolean): number => {
    let best = -1;
    for (let j = 0; j < K; j++) {
      if (O[s][j] !== 1 || (skipWeak && weak[j])) continue;
      if (best < 0 || g[s][j] < g[s][best]) best = j;
    }
    return best;
  };

  // Bound from the file comment, plus slack: a guard against an implementation error, never a tuning knob.
  let budget = S * K + sk.reduce((a, v) => a + (S - v), 0) + K + 16;
  while (pending.size > 0) {
    let k = K;
    for (const j of pending) if (j < k) k = j;
    for (;;) {
      if (--budget < 0) throw new ClusteringError('competitionClustering: internal error, the competition did not end');
      if (asks === 'Sk' && held[k] >= sk[k] && !weak[k]) break;
      const cand: number[] = [];
      for (let s = 0; s < S; s++) if (B[s][k] === 0 && O[s][k] === 0) cand.push(s);
      if (cand.length === 0) break;
      if (weak[k]) {
        for (const s of cand) {
          join(s, k);
          events.push({ type: 'forced', k, s });
          if (load[s] > caps[s]) {
            const loser = weakestAt(s, true);
            if (loser < 0) {
              O[s][k] = 0;
              load[s]--;
              held[k]--;
              events.push({ type: 'blocked', k, s });
            } else evict(s, loser, k, 'forced');
          }
        }
        break;
      }
      let sBest = cand[0];
      for (const s of cand) if (g[s][k] > g[sBest][k]) sBest = s;
      join(sBest, k);
      events.push({ type: 'ask', k, s: sBest, gamma: g[sBest][k], load: load[sBest] });
      if (load[sBest] > caps[sBest]) {
        const w = weakestAt(sBest, false);
        if (weak[w]) evict(sBest, k, k, 'newcomer-loses');
        else evict(sBest, w, k, 'weakest');
      }
    }
    pending.delete(k);
  }

  const beforeTrim = O.map((row) => row.slice());
  for (let k = 0; k < K; k++) {
    if (held[k] <= sk[k]) continue;
    const mine: number[] = [];
    for (let s = 0; s < S; s++) if (O[s][k] === 1) mine.push(s);
    mine.sort((a, b) => g[b][k] - g[a][k] || a - b);
    for (const s of mine.slice(sk[k])) {
      O[s][k] = 0;
      load[s]--;
      held[k]--;
      events.push({ type: 'trim', k, s });
    }
  }

  for (let k = 0; k < K; k++) {
    while (held[k] < sk[k]) {
      const moves = augmentingPath(g, O, load, caps, k);
      if (moves === undefined) {
        throw new ClusteringError(`competitionClustering: internal error, no augmenting path for UT ${k}`);
      }
      for (const m of moves) {
        if (m.from >= 0) O[m.from][m.ut] = 0;
        O[m.to][m.ut] = 1;
      }
      load[moves[moves.length - 1].to]++;
      held[k]++;
      events.push({ type: 'repair', k, moves: moves.map((m) => ({ ...m })) });
    }
  }

  const bad = associationViolations(O, { Sk: sk, KsMax: caps });
  if (bad.length > 0) throw new ClusteringError(`competitionClustering: internal error, ${bad.join('; ')}`);
  const weakUts: number[] = [];
  for (let k = 0; k < K; k++) if (weak[k]) weakUts.push(k);
  return { association: O, trace: { events, beforeTrim, blacklist: B, weakUts, Sk: sk, KsMax: caps } };
}

/**
 * Step 6: the shortest augmenting path giving UT k one more satellite, as a list of moves
 * (first: UT k joins `to`, from = −1; then UT `ut` leaves `from` for `to`), or undefined
 * if none exists. Breadth-first over satellites; first hops by descending γ_{s,k}, further
 * hops by ascending UT index then descending γ. Does not modify O.
 */
function augmentingPath(
  g: number[][],
  O: number[][],
  load: number[],
  caps: number[],
  k: number,
): { ut: number; from: number; to: number }[] | undefined {
  const S = g.length;
  const K = g[0].length;
  const prevSat = new Array<number>(S).fill(-2);
  const prevUt = new Array<number>(S).fill(-1);
  const byGamma = (j: number) => (a: number, b: number) => g[b][j] - g[a][j] || a - b;
  const queue: number[] = [];
  const first: number[] = [];
  for (let s = 0; s < S; s++) if (O[s][k] === 0 && caps[s] > 0) first.push(s);
  for (const s of first.sort(byGamma(k))) {
    prevSat[s] = -1;
    prevUt[s] = k;
    queue.push(s);
  }
  for (let head = 0; head < queue.length; head++) {
    const sa = queue[head];
    if (load[sa] < caps[sa]) {
      const moves: { ut: number; from: number; to: number }[] = [];
      for (let s = sa; s >= 0; s = prevSat[s]) moves.unshift({ ut: prevUt[s], from: prevSat[s], to: s });
      return moves;
    }
    for (let j = 0; j < K; j++) {
      if (O[sa][j] !== 1) continue;
      const next: number[] = [];
      for (let sb = 0; sb < S; sb++) if (prevSat[sb] === -2 && O[sb][j] === 0 && caps[sb] > 0) next.push(sb);
      for (const sb of next.sort(byGamma(j))) {
        prevSat[sb] = sa;
        prevUt[sb] = j;
        queue.push(sb);
      }
    }
  }
  return undefined;
}

/** A copy of `scn` with the association O from competitionClustering (beams unchanged). */
export function applyClustering(scn: Scenario, opts: ClusteringOptions): Scenario {
  const { association } = competitionClustering(scn, opts);
  return { ...scn, association };
}
