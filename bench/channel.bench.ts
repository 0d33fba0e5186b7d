/**
 * Speed of drawing a drop (Section II, Table I; issue 3 goal: one default drop — K = 48,
 * S = 5, sCSI of all 240 links — well under a second), with its parts: the geometry alone,
 * the sCSI with the isotropic Σ (no cluster construction), the TR 38.811 alternative, a
 * channel realisation of all links, and the JSON write/read round trip. Ratios are against
 * the full default drop measured in the same run.
 */
import { type BenchOptions, type BenchRow, timeIt } from './harness.js';
import { defaultDropConfig, drawDrop, drawRealisation } from '../lib/channel/index.js';
import { drawDropGeometry } from '../lib/geometry/index.js';
import { Rng } from '../lib/random/index.js';
import { scenarioFromJson, scenarioToJsonText } from '../lib/scenario/index.js';

export async function run(opts: BenchOptions): Promise<BenchRow[]> {
  const reps = opts.quick ? 3 : 10;
  const minMs = opts.quick ? 100 : 500;
  const cfg = defaultDropConfig();
  let d = 0;
  const drop = () => drawDrop(cfg, Rng.forDrop('bench/channel', d++));
  const full = timeIt(drop, reps, minMs);
  const row = (name: string, params: string, ms: number, note?: string): BenchRow => ({
    name,
    params,
    ms,
    refName: 'default drawDrop',
    refMs: full,
    ratio: ms / full,
    note,
  });
  const rows: BenchRow[] = [
    {
      name: 'drawDrop',
      params: 'default: K=48 S=5 N_T=256 N_R=4, quadriga, cluster Σ',
      ms: full,
      note: `${(full / 10).toFixed(1)} % of the 1 s budget`,
    },
  ];
  rows.push(
    row(
      'drawDropGeometry',
      'K=48 S=5 (1680 satellites)',
      timeIt(() => drawDropGeometry(cfg, Rng.forDrop('g', d++)), reps, minMs),
    ),
  );
  const iso = defaultDropConfig({ sigmaModel: 'isotropic' });
  rows.push(
    row(
      'drawDrop',
      'isotropic Σ',
      timeIt(() => drawDrop(iso, Rng.forDrop('i', d++)), reps, minMs),
    ),
  );
  const tr = defaultDropConfig({ lsp: 'tr38811' });
  rows.push(
    row(
      'drawDrop',
      'tr38811, cluster Σ',
      timeIt(() => drawDrop(tr, Rng.forDrop('t', d++)), reps, minMs),
    ),
  );
  const big = defaultDropConfig({ utArray: { nV: 4, nH: 4 }, streams: 3 });
  rows.push(
    row(
      'drawDrop',
      'N_R=16 (4x4), cluster Σ',
      timeIt(() => drawDrop(big, Rng.forDrop('b', d++)), reps, minMs),
    ),
  );
  const scn = drop().scenario;
  const rr = new Rng('bench/realisation');
  rows.push(
    row(
      'drawRealisation',
      'all 240 links of a default drop',
      timeIt(() => drawRealisation(scn, rr), reps, minMs),
    ),
  );
  rows.push(
    row(
      'scenario JSON',
      'scenarioToJsonText + parse + scenarioFromJson',
      timeIt(() => scenarioFromJson(JSON.parse(scenarioToJsonText(scn))), reps, minMs),
      `${(scenarioToJsonText(scn).length / 1024).toFixed(0)} KiB`,
    ),
  );
  return rows;
}
