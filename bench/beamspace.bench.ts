/**
 * Speed of satellite clustering and beam selection (Section V): per drop, LCMS
 * (Algorithm 3) vs NearOpt (ref. [18], adapted) vs Full, at the Table I defaults (K = 48,
 * S = 5, S_k = 3, K_s^max = 36, N_T = 16×16 = 256, B_s = 48); the B_s sweep of Fig. 7; the
 * N_T scaling (8×8, 16×16, 32×32); and LCMS with the closed-form gains (49) against the
 * same selection computed from vᵀF with the explicit N_T × N_T codebook. Ratios are
 * measured in the same run (ratio = this row / reference).
 */
import { type BenchOptions, type BenchRow, timeIt } from './harness.js';
import { fullSelection, lcmsSelection, nearOptSelection } from '../lib/beamspace/index.js';
import { defaultDropConfig, directionCosines, dftCodebook, drawDrop, steeringVector } from '../lib/channel/index.js';
import { competitionClustering } from '../lib/clustering/index.js';
import { type CMatrix, abs2, mmul, transpose } from '../lib/linalg/index.js';
import { Rng } from '../lib/random/index.js';
import type { Scenario } from '../lib/scenario/types.js';

/** One clustered drop at the defaults (satellite array overridable). */
function clusteredDrop(nSide: number): Scenario {
  const scn = drawDrop(
    defaultDropConfig({ satArray: { nV: nSide, nH: nSide } }),
    Rng.forDrop('bench/beamspace', 0),
  ).scenario;
  return { ...scn, association: competitionClustering(scn, { Sk: 3, KsMax: 36 }).association };
}

/**
 * LCMS computed the direct way, for reference: each served UT's beam gains from vᵀF with
 * the explicit codebook F (O(N_T²) per UT), then the same two stages.
 */
function lcmsExplicitCodebook(scn: Scenario, Bs: number, f: CMatrix): number[][] {
  const nT = f.rows;
  return scn.association.map((row, s) => {
    const ks = row
      .map((o, k) => (o === 1 ? k : -1))
      .filter((k) => k >= 0)
      .sort((a, b) => scn.links[s][b].gamma - scn.links[s][a].gamma || a - b);
    const taken = new Uint8Array(nT);
    const score = new Float64Array(nT);
    const picked: number[] = [];
    for (const k of ks) {
      const [xV, xH] = directionCosines(scn.links[s][k].thetaT, scn.links[s][k].phiT);
      const g = abs2(mmul(transpose(steeringVector(scn.satArray, xV, xH)), f));
      let best = -1;
      for (let q = 0; q < nT; q++) {
        score[q] += scn.links[s][k].gamma * g[q];
        if (!taken[q] && (best < 0 || g[q] > g[best])) best = q;
      }
      taken[best] = 1;
      picked.push(best);
    }
    const free = Array.from({ length: nT }, (_, q) => q).filter((q) => !taken[q]);
    free.sort((a, b) => score[b] - score[a] || a - b);
    return [...picked, ...free.slice(0, Bs - ks.length)].sort((a, b) => a - b);
  });
}

export async function run(opts: BenchOptions): Promise<BenchRow[]> {
  const reps = opts.quick ? 1 : 3;
  const minMs = opts.quick ? 50 : 300;
  const rows: BenchRow[] = [];
  const scn = clusteredDrop(16);
  const loads = scn.association.map((r) => r.reduce((a, b) => a + b, 0));
  const base = `K=48 S=5 Sk=3 NT=256`;

  const tCluster = timeIt(() => competitionClustering(scn, { Sk: 3, KsMax: 36 }), reps, minMs);
  rows.push({
    name: 'competition clustering',
    params: `${base} KsMax=36`,
    ms: tCluster,
    note: `loads ${loads.join('/')}`,
  });

  const tLcms = timeIt(() => lcmsSelection(scn, 48), reps, minMs);
  const tNear = timeIt(() => nearOptSelection(scn, 48), reps, minMs);
  const tFull = timeIt(() => fullSelection(scn), reps, minMs);
  rows.push({
    name: 'LCMS per drop',
    params: `${base} Bs=48`,
    ms: tLcms,
    refName: 'NearOpt',
    refMs: tNear,
    ratio: tLcms / tNear,
  });
  rows.push({ name: 'NearOpt per drop', params: `${base} Bs=48`, ms: tNear });
  rows.push({ name: 'Full per drop', params: `${base} Bs=256`, ms: tFull, note: 'index list only' });

  const f = dftCodebook(scn.satArray);
  const tExplicit = timeIt(() => lcmsExplicitCodebook(scn, 48, f), reps, minMs);
  rows.push({
    name: 'LCMS closed form (49)',
    params: `${base} Bs=48`,
    ms: tLcms,
    refName: 'LCMS via vᵀF, explicit F',
    refMs: tExplicit,
    ratio: tLcms / tExplicit,
    note: 'same beams; F built outside the timing',
  });

  for (const B of opts.quick ? [36, 128, 256] : [36, 48, 64, 96, 128, 192, 256]) {
    const tl = timeIt(() => lcmsSelection(scn, B), reps, minMs);
    const tn = timeIt(() => nearOptSelection(scn, B), reps, minMs);
    rows.push({
      name: 'Bs sweep: LCMS',
      params: `${base} Bs=${B}`,
      ms: tl,
      refName: 'NearOpt',
      refMs: tn,
      ratio: tl / tn,
    });
  }

  for (const n of opts.quick ? [8, 16] : [8, 16, 32]) {
    const d = clusteredDrop(n);
    const tl = timeIt(() => lcmsSelection(d, 48), reps, minMs);
    const tn = timeIt(() => nearOptSelection(d, 48), reps, minMs);
    rows.push({
      name: 'NT scaling: LCMS',
      params: `K=48 S=5 Sk=3 NT=${n * n} Bs=48`,
      ms: tl,
      refName: 'NearOpt',
      refMs: tn,
      ratio: tl / tn,
    });
  }
  return rows;
}
