/**
 * Association constraints of (P1) (Section II-C, eq. (11)): (C1) Σ_s o_{s,k} = S_k for every
 * UT k, (C2) Σ_k o_{s,k} ≤ K_s^max for every satellite s, (C5) o_{s,k} ∈ {0, 1}.
 *
 * This file holds the input checks shared by the clustering algorithms (S_k, K_s^max and
 * γ validation), the feasibility test of (C1)–(C2) and a checker that lists every
 * violated constraint of a given association O (S × K).
 *
 * Feasibility. A 0/1 matrix O (S × K) with column sums exactly S_k (UT k) and row sums at
 * most K_s^max (satellite s) exists iff, for every set U of satellites, the UTs can be served outside U
 * only S − |U| times each, so Σ_k max(0, S_k − (S − |U|)) ≤ Σ_{s∈U} K_s^max (max-flow /
 * min-cut on the bipartite UT–satellite graph; the tightest U of each size are the
 * satellites with the smallest caps). With equal caps this reduces to S_k ≤ S and
 * Σ_k S_k ≤ S·K_s^max (K·S_k ≤ S·K_s^max for equal S_k).
 */
import type { Scenario } from '../scenario/types.js';

/** Invalid clustering input, or constraints (C1)–(C2) that cannot be met; the message says which. */
export class ClusteringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClusteringError';
  }
}

/** S_k and K_s^max as given by the caller: one number for all, or one entry per UT / satellite. */
export interface AssociationTargets {
  /** S_k: number of serving satellites of each UT (C1); integers in [1, S]. */
  Sk: number | readonly number[];
  /** K_s^max: maximum number of UTs per satellite (C2); integers ≥ 0. */
  KsMax: number | readonly number[];
}

/** Expand S_k to one integer per UT (length K), checking 1 ≤ S_k ≤ S. */
export function expandSk(Sk: number | readonly number[], S: number, K: number): number[] {
  const arr = typeof Sk === 'number' ? new Array<number>(K).fill(Sk) : Array.from(Sk);
  if (arr.length !== K)
    throw new ClusteringError(`Sk must be a number or an array of length K = ${K}, got length ${arr.length}`);
  arr.forEach((v, k) => {
    const name = typeof Sk === 'number' ? 'Sk' : `Sk[${k}]`;
    if (!Number.isInteger(v) || v < 1) throw new ClusteringError(`${name} must be an integer >= 1, got ${v}`);
    if (v > S) {
      throw new ClusteringError(
        `(C1) cannot be met: ${name} = ${v} exceeds the number of satellites S = ${S} (need 1 <= S_k <= S)`,
      );
    }
  });
  return arr;
}

/** Expand K_s^max to one integer per satellite (length S), checking K_s^max ≥ 0. */
export function expandKsMax(KsMax: number | readonly number[], S: number): number[] {
  const arr = typeof KsMax === 'number' ? new Array<number>(S).fill(KsMax) : Array.from(KsMax);
  if (arr.length !== S) {
    throw new ClusteringError(`KsMax must be a number or an array of length S = ${S}, got length ${arr.length}`);
  }
  arr.forEach((v, s) => {
    const name = typeof KsMax === 'number' ? 'KsMax' : `KsMax[${s}]`;
    if (!Number.isInteger(v) || v < 0) throw new ClusteringError(`${name} must be an integer >= 0, got ${v}`);
  });
  return arr;
}

/** γ_{s,k} (S × K) from a matrix or a Scenario, checked: rectangular, finite, ≥ 0. */
export function gammaMatrix(input: readonly (readonly number[])[] | Scenario): number[][] {
  const g: number[][] = Array.isArray(input)
    ? (input as readonly (readonly number[])[]).map((row) => Array.from(row))
    : (input as Scenario).links.map((row) => row.map((l) => l.gamma));
  const S = g.length;
  if (S < 1) throw new ClusteringError('gamma must have at least one row (satellite), got 0');
  const K = g[0].length;
  if (K < 1) throw new ClusteringError('gamma must have at least one column (UT), got 0');
  for (let s = 0; s < S; s++) {
    if (g[s].length !== K) throw new ClusteringError(`gamma[${s}] has length ${g[s].length}, expected K = ${K}`);
    for (let k = 0; k < K; k++) {
      const v = g[s][k];
      if (!Number.isFinite(v) || v < 0) {
        throw new ClusteringError(`gamma[${s}][${k}] must be a finite number >= 0, got ${v}`);
      }
    }
  }
  return g;
}

/**
 * Throw a ClusteringError when no association can satisfy (C1)–(C2) for these S_k (length K)
 * and caps (length S); see the file comment for the condition.
 */
export function assertAssociationFeasible(sk: readonly number[], caps: readonly number[]): void {
  const S = caps.length;
  const total = sk.reduce((a, b) => a + b, 0);
  const capTotal = caps.reduce((a, b) => a + b, 0);
  if (total > capTotal) {
    throw new ClusteringError(
      `(C1)-(C2) cannot be met: the UTs need sum_k S_k = ${total} UT-satellite links but the satellites ` +
        `serve at most sum_s K_s^max = ${capTotal} (K*S_k > S*K_s^max)`,
    );
  }
  const sorted = [...caps].sort((a, b) => a - b);
  let capSum = 0;
  for (let m = 1; m <= S; m++) {
    capSum += sorted[m - 1];
    const outside = S - m;
    let need = 0;
    for (const v of sk) need += Math.max(0, v - outside);
    if (need > capSum) {
      throw new ClusteringError(
        `(C1)-(C2) cannot be met: the ${m} satellite(s) with the smallest caps (sum ${capSum}) would have to ` +
          `carry ${need} UT links, because a UT can use at most ${outside} other satellite(s)`,
      );
    }
  }
}

/**
 * List the violated constraints (C1), (C2), (C5) of association O (S × K); empty when O
 * is valid. Each entry is a readable sentence naming the index and the values.
 */
export function associationViolations(
  association: readonly (readonly number[])[],
  targets: AssociationTargets,
): string[] {
  const S = association.length;
  const K = S > 0 ? association[0].length : 0;
  const sk = expandSk(targets.Sk, S, K);
  const caps = expandKsMax(targets.KsMax, S);
  const out: string[] = [];
  for (let s = 0; s < S; s++) {
    if (association[s].length !== K) out.push(`row ${s} of O has length ${association[s].length}, expected K = ${K}`);
    let load = 0;
    for (let k = 0; k < K; k++) {
      const o = association[s][k];
      if (o !== 0 && o !== 1) out.push(`(C5) o[${s}][${k}] = ${o} is not 0 or 1`);
      if (o === 1) load++;
    }
    if (load > caps[s]) out.push(`(C2) satellite ${s} serves ${load} UTs > K_s^max = ${caps[s]}`);
  }
  for (let k = 0; k < K; k++) {
    let n = 0;
    for (let s = 0; s < S; s++) if (association[s][k] === 1) n++;
    if (n !== sk[k]) out.push(`(C1) UT ${k} is served by ${n} satellites, S_k = ${sk[k]}`);
  }
  return out;
}
