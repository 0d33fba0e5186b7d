/**
 * Precoding benchmark (Sections III–IV; docs/paper-reading.md#s1–#s3): per-drop time of
 * MS²DFT, LIB, MS²CDM and MS²CDWM (I_max = 20, ε = −∞ so all 20 iterations run) on a real
 * default drop (Table I: K = 48, S = 5, S_k = 3, N_R = 4, M_k = 2; lib/channel drawDrop →
 * lib/clustering → lib/beamspace LCMS) at B_s = 48 and at full beams (B_s = N_T = 256), the
 * MS²CDWM time-vs-B_s curve (B_s ≥ K_s ≈ 36: LCMS needs a beam per served UT), and — in the
 * same run — the direct implementation that solves the B̃-sized systems as printed
 * (lib/precoding/direct.ts):
 *   default: one full direct iteration timed, × 20 (+ its MS²CDM start, timed);
 *   full beams: the direct auxiliary update of all UTs plus ONE UT's B̃ = 1280 solve timed,
 *   extrapolated to K UTs × 20 iterations (a single direct full-beam drop takes hours).
 * `ratio` = ours / direct (below 1: faster). `ms` is wall time on one core; the notes add the
 * process CPU time, the better measure when the machine is shared.
 */
import { selectBeams } from '../lib/beamspace/index.js';
import { defaultDropConfig, drawDrop } from '../lib/channel/index.js';
import { competitionClustering } from '../lib/clustering/index.js';
import type { CMatrix } from '../lib/linalg/index.js';
import {
  cdmDirect,
  cdmPrecoders,
  cdwmPrecoders,
  dftPrecoders,
  directAuxiliary,
  directIteration,
  directModel,
  directPsi,
  directT,
  directWbar,
  directXi,
  libPrecoders,
} from '../lib/precoding/index.js';
import { Rng } from '../lib/random/index.js';
import type { Scenario } from '../lib/scenario/types.js';
import { type BenchOptions, type BenchRow, timeIt } from './harness.js';

const ITERATIONS = 20;

function clusteredDrop(): Scenario {
  const d = drawDrop(defaultDropConfig(), Rng.forDrop(2024, 0).child('drop'));
  const { association } = competitionClustering(d.scenario, { Sk: 3, KsMax: 36 });
  return { ...d.scenario, association };
}

function withBeams(scn: Scenario, Bs: number): Scenario {
  const nT = scn.satArray.nV * scn.satArray.nH;
  return { ...scn, beams: selectBeams(scn, Bs >= nT ? { method: 'full' } : { method: 'lcms', Bs }) };
}

/** Median wall and CPU time (ms) of `reps` runs after one warm-up (for slow functions). */
function timeFew(fn: () => unknown, reps: number): { wall: number; cpu: number } {
  fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const med = (x: number[]) => x.sort((a, b) => a - b)[Math.floor(x.length / 2)];
  return { wall: med(wall), cpu: med(cpu) };
}

function once(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/** Direct per-drop time at default sizes: one timed iteration × I_max + the direct MS²CDM start. */
function directDefaultMs(scn: Scenario): { ms: number; perIterationMs: number } {
  const m = directModel(scn);
  let start: CMatrix[][] = [];
  const cdmMs = once(() => (start = cdmDirect(scn, m).unscaled));
  const perIterationMs = once(() => directIteration(m, start));
  return { ms: cdmMs + ITERATIONS * perIterationMs, perIterationMs };
}

/** Direct per-drop time at full beams, extrapolated from one UT's B̃-sized W-step. */
function directFullExtrapolatedMs(scn: Scenario, init: CMatrix[][]): { ms: number; oneUtMs: number; auxMs: number } {
  const m = directModel(scn);
  let aux: ReturnType<typeof directAuxiliary>[] = [];
  const auxMs = once(() => (aux = Array.from({ length: scn.K }, (_, k) => directAuxiliary(m, init, k))));
  const psi = aux.map((a, k) => directPsi(m, a.D, a.C, k));
  const k = 0;
  const oneUtMs = once(() => {
    const { D, C } = aux[k];
    directWbar(m, directXi(m, psi, k), 1e-3, directT(m, D, C, k), k);
  });
  return { ms: ITERATIONS * (auxMs + scn.K * oneUtMs), oneUtMs, auxMs };
}

export async function run(opts: BenchOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const base = clusteredDrop();
  const reps = opts.quick ? 1 : 3;
  const params = (Bs: number) => `K=48 S=5 Sk=3 NR=4 M=2 Bs=${Bs}`;
  for (const Bs of [48, 256]) {
    const scn = withBeams(base, Bs);
    rows.push({ name: 'MS²DFT', params: params(Bs), ms: timeIt(() => dftPrecoders(scn)) });
    rows.push({ name: 'LIB', params: params(Bs), ms: timeIt(() => libPrecoders(scn)) });
    rows.push({ name: 'MS²CDM', params: params(Bs), ms: timeIt(() => cdmPrecoders(scn)) });
    const t = timeFew(() => cdwmPrecoders(scn, { maxIterations: ITERATIONS, tolerance: -Infinity }), reps);
    const cdwmMs = t.wall;
    const cpuNote = `CPU ${t.cpu.toFixed(0)} ms; `;
    if (Bs === 48) {
      const d = directDefaultMs(scn);
      rows.push({
        name: 'MS²CDWM (20 it)',
        params: params(Bs),
        ms: cdwmMs,
        refName: 'direct B̃-sized',
        refMs: d.ms,
        ratio: cdwmMs / d.ms,
        note: `${cpuNote}direct: ${d.perIterationMs.toFixed(0)} ms/iteration × 20 + its MS²CDM; ${(d.ms / cdwmMs).toFixed(0)}× faster`,
      });
    } else if (opts.quick) {
      rows.push({
        name: 'MS²CDWM (20 it)',
        params: params(Bs),
        ms: cdwmMs,
        note: `${cpuNote}direct skipped (--quick)`,
      });
    } else {
      const d = directFullExtrapolatedMs(scn, cdmPrecoders(scn).unscaled);
      rows.push({
        name: 'MS²CDWM (20 it)',
        params: params(Bs),
        ms: cdwmMs,
        refName: 'direct B̃-sized (extrap.)',
        refMs: d.ms,
        ratio: cdwmMs / d.ms,
        note:
          `${cpuNote}direct: ${d.oneUtMs.toFixed(0)} ms per UT solve (B̃=1280) × 48 + ${d.auxMs.toFixed(0)} ms aux, × 20; ` +
          `${(d.ms / cdwmMs).toFixed(0)}× faster`,
      });
    }
  }
  for (const Bs of opts.quick ? [40, 96] : [40, 64, 96, 128, 192]) {
    const scn = withBeams(base, Bs);
    const t = timeFew(() => cdwmPrecoders(scn, { maxIterations: ITERATIONS, tolerance: -Infinity }), reps);
    rows.push({
      name: 'MS²CDWM vs B_s',
      params: params(Bs),
      ms: t.wall,
      note: `CPU ${t.cpu.toFixed(0)} ms; ${Bs <= base.K ? 'beam path (B_s ≤ K)' : 'user path (B_s > K)'}`,
    });
  }
  return rows;
}
