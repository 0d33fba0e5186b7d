/**
 * One entry point for the beam selections of Section V-B (LCMS, Algorithm 3; NearOpt,
 * ref. [18]; Full, A_s = I) and for applying clustering (Section V-A) plus beam selection
 * to a Scenario — what `msms scenario --cluster --beams … --Bs N` calls.
 */
import { type ClusteringOptions, competitionClustering } from '../clustering/competition.js';
import { arrayElements } from '../channel/steering.js';
import type { Scenario } from '../scenario/types.js';
import { BeamSelectionError, checkAssociationShape } from './constraints.js';
import { lcmsSelection } from './lcms.js';
import { type NearOptOptions, nearOptSelection } from './nearopt.js';

/** The beam-selection methods of Section VI. */
export type BeamMethod = 'lcms' | 'nearopt' | 'full';

/** Options of selectBeams. */
export interface BeamSelectionOptions extends NearOptOptions {
  method: BeamMethod;
  /** B_s (one number or one per satellite); required for 'lcms' and 'nearopt'; for 'full' it may be omitted or must equal N_T. */
  Bs?: number | readonly number[];
}

/** Full: A_s = I, every satellite activates all N_T beams (conventional MIMO, the reference of Figs. 2 and 7). */
export function fullSelection(scn: Scenario): number[][] {
  const nT = arrayElements(scn.satArray);
  return Array.from({ length: scn.S }, () => Array.from({ length: nT }, (_, q) => q));
}

/** Selected codeword indices beams[s] (ascending, exactly B_s each) by `method`, for the association of `scn`. */
export function selectBeams(scn: Scenario, opts: BeamSelectionOptions): number[][] {
  const nT = arrayElements(scn.satArray);
  switch (opts.method) {
    case 'full': {
      checkAssociationShape(scn);
      if (opts.Bs !== undefined) {
        const list = typeof opts.Bs === 'number' ? [opts.Bs] : Array.from(opts.Bs);
        if (list.some((b) => b !== nT)) {
          throw new BeamSelectionError(`Bs must equal N_T = ${nT} for method 'full' (A_s = I), got ${list.join(', ')}`);
        }
      }
      return fullSelection(scn);
    }
    case 'lcms':
    case 'nearopt': {
      if (opts.Bs === undefined)
        throw new BeamSelectionError(`Bs is required for method '${opts.method}' (|K_s| <= B_s <= N_T = ${nT})`);
      return opts.method === 'lcms' ? lcmsSelection(scn, opts.Bs).beams : nearOptSelection(scn, opts.Bs, opts).beams;
    }
    default:
      throw new BeamSelectionError(
        `method must be 'lcms', 'nearopt' or 'full', got '${String((opts as { method: unknown }).method)}'`,
      );
  }
}

/**
 * A new Scenario with the association from competition clustering (`cluster`, Section V-A)
 * and/or the beams from `beams` (Section V-B, computed on the new association). Fields not
 * asked for are copied unchanged; `meta.selection` records what was applied, and the
 * descriptive fields drawDrop writes (`associationRule`, `maxSatelliteLoad`,
 * `beamSelection`, `Bs`) are replaced so that they describe the new association and beams.
 */
export function applySelection(
  scn: Scenario,
  opts: { cluster?: ClusteringOptions; beams?: BeamSelectionOptions },
): Scenario {
  let out: Scenario = { ...scn };
  const record: Record<string, unknown> = {};
  if (opts.cluster) {
    out = { ...out, association: competitionClustering(scn, opts.cluster).association };
    record.cluster = { Sk: opts.cluster.Sk, KsMax: opts.cluster.KsMax, asks: opts.cluster.asks ?? 'all' };
  }
  if (opts.beams) {
    out = { ...out, beams: selectBeams(out, opts.beams) };
    record.beams = { method: opts.beams.method, Bs: opts.beams.Bs ?? arrayElements(scn.satArray) };
  }
  const meta: Record<string, unknown> = { ...(scn.meta ?? {}), selection: record };
  if (opts.cluster) {
    meta.associationRule =
      `competition clustering (Section V-A): S_k = ${opts.cluster.Sk} per UT, ` +
      `K_s^max = ${opts.cluster.KsMax} enforced`;
    meta.maxSatelliteLoad = Math.max(...out.association.map((row) => row.reduce((a, b) => a + b, 0)));
  }
  if (opts.beams) {
    meta.beamSelection = opts.beams.method;
    const counts = out.beams.map((b) => b.length);
    meta.Bs = counts.every((c) => c === counts[0]) ? counts[0] : counts;
  }
  out.meta = meta;
  return out;
}
