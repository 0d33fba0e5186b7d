/**
 * Beam-selection constraints of (P1) (Section II-C, eq. (11)) and input checks shared by
 * the selection algorithms (Section V-B).
 *
 * A_s ∈ {0,1}^{Q_s × B_s} (Q_s = N_T codewords) is stored as the list beams[s] of the B_s
 * selected codeword indices, ascending: column b of A_s is the unit vector e_{beams[s][b]}.
 * (C3) Σ_q a_{s,q,b} = 1 — every column picks exactly one codeword (each entry is one valid
 * index); (C4) Σ_b a_{s,q,b} ≤ 1 — no codeword twice (entries distinct); (C6) binary
 * (entries are integers). `selectionMatrix` builds A_s itself, for tests on small arrays.
 */
import { arrayElements } from '../channel/steering.js';
import type { Scenario } from '../scenario/types.js';

/** Invalid beam-selection input (B_s out of range, bad association); the message names the field and range. */
export class BeamSelectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BeamSelectionError';
  }
}

/** K_s: the UTs served by satellite s (o_{s,k} = 1), ascending. */
export function servedUts(scn: Scenario, s: number): number[] {
  const out: number[] = [];
  const row = scn.association[s];
  for (let k = 0; k < scn.K; k++) if (row[k] === 1) out.push(k);
  return out;
}

/** Check the association's shape (S × K, entries 0/1) before a selection uses it. */
export function checkAssociationShape(scn: Scenario): void {
  if (!Array.isArray(scn.association) || scn.association.length !== scn.S) {
    throw new BeamSelectionError(`association must have S = ${scn.S} rows, got ${scn.association?.length}`);
  }
  scn.association.forEach((row, s) => {
    if (row.length !== scn.K)
      throw new BeamSelectionError(`association[${s}] has length ${row.length}, expected K = ${scn.K}`);
    row.forEach((o, k) => {
      if (o !== 0 && o !== 1) throw new BeamSelectionError(`association[${s}][${k}] must be 0 or 1, got ${o}`);
    });
  });
}

/**
 * B_s per satellite (length S) from one number or an array, checked against
 * |K_s| ≤ B_s ≤ N_T (every served UT needs a beam of its own in stage 1; A_s has at most
 * N_T distinct columns).
 */
export function expandBs(scn: Scenario, Bs: number | readonly number[]): number[] {
  const nT = arrayElements(scn.satArray);
  const arr = typeof Bs === 'number' ? new Array<number>(scn.S).fill(Bs) : Array.from(Bs);
  if (arr.length !== scn.S) {
    throw new BeamSelectionError(`Bs must be a number or an array of length S = ${scn.S}, got length ${arr.length}`);
  }
  arr.forEach((b, s) => {
    const name = typeof Bs === 'number' ? 'Bs' : `Bs[${s}]`;
    if (!Number.isInteger(b) || b < 1) throw new BeamSelectionError(`${name} must be an integer >= 1, got ${b}`);
    if (b > nT) throw new BeamSelectionError(`${name} = ${b} exceeds N_T = ${nT} (need |K_s| <= B_s <= N_T)`);
    const ks = servedUts(scn, s).length;
    if (b < ks) {
      throw new BeamSelectionError(
        `${name} = ${b} is below the number of UTs served by satellite ${s} (|K_${s}| = ${ks}); need ${ks} <= B_s <= N_T = ${nT}`,
      );
    }
  });
  return arr;
}

/**
 * The violated beam constraints of `beams` (one list per satellite): (C3)/(C6) every entry
 * an integer codeword index in [0, N_T − 1], (C4) no index twice, list ascending, and —
 * when `Bs` is given — exactly B_s entries. Empty when valid.
 */
export function beamViolations(
  scn: Scenario,
  beams: readonly (readonly number[])[],
  Bs?: number | readonly number[],
): string[] {
  const nT = arrayElements(scn.satArray);
  const out: string[] = [];
  if (beams.length !== scn.S) return [`beams must have S = ${scn.S} lists, got ${beams.length}`];
  beams.forEach((list, s) => {
    const want = Bs === undefined ? undefined : typeof Bs === 'number' ? Bs : Bs[s];
    if (want !== undefined && list.length !== want) out.push(`satellite ${s} has ${list.length} beams, B_s = ${want}`);
    const seen = new Set<number>();
    list.forEach((q, b) => {
      if (!Number.isInteger(q) || q < 0 || q >= nT) {
        out.push(`(C3)/(C6) beams[${s}][${b}] = ${q} is not a codeword index in [0, ${nT - 1}]`);
      }
      if (seen.has(q)) out.push(`(C4) satellite ${s} selects codeword ${q} twice`);
      seen.add(q);
      if (b > 0 && !(list[b - 1] < q)) out.push(`beams[${s}] is not strictly ascending at position ${b}`);
    });
  });
  return out;
}

/** A_s as a 0/1 matrix (N_T × B_s, row q, column b): a[q][b] = 1 iff beams[b] = q. For tests on small arrays. */
export function selectionMatrix(nT: number, beams: readonly number[]): number[][] {
  const a = Array.from({ length: nT }, () => new Array<number>(beams.length).fill(0));
  beams.forEach((q, b) => {
    if (!Number.isInteger(q) || q < 0 || q >= nT) {
      throw new BeamSelectionError(`beams[${b}] = ${q} is not a codeword index in [0, ${nT - 1}]`);
    }
    a[q][b] = 1;
  });
  return a;
}
