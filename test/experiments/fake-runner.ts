/**
 * TEST DOUBLE — a stand-in for the real MSMS pipeline (lib/experiments/pipeline.ts), used
 * only by test/experiments to exercise the sweep engine (parallel = serial, checkpoints,
 * shards, errors) without the cost of real drops. Not shipped as a pipeline.
 *
 * Parameters: x (0..100, scales the metric), spinMs (busy work per task, default 0),
 * failDrop (a drop index whose tasks throw, default −1). Each computed task appends
 * 'p<point>/d<drop>' to the file named by $FAKE_RUNNER_LOG when set, so tests can see
 * which tasks were (re)computed.
 */
import { appendFileSync } from 'node:fs';
import { ConfigError } from '../../lib/experiments/config.js';
import type { DropRunner } from '../../lib/experiments/runner.js';
import { Rng } from '../../lib/random/index.js';

export const runner: DropRunner = {
  version: process.env.FAKE_RUNNER_VERSION ?? 'fake-1',
  validate(params) {
    const x = params.x;
    if (!(x >= 0 && x <= 100)) throw new ConfigError(`x must be in [0, 100], got ${x}`);
  },
  runTask({ config, point, params, drop, schemes }) {
    if (drop === (params.failDrop ?? -1)) throw new Error(`fake failure at drop ${drop}`);
    const t0 = performance.now();
    const rng = Rng.forDrop(config.seed, drop);
    const geometry = rng.child('geometry');
    const g = geometry.normal();
    const spin = params.spinMs ?? 0;
    while (performance.now() - t0 < spin) {
      // busy work standing in for a drop's computation
    }
    const log = process.env.FAKE_RUNNER_LOG;
    if (log) appendFileSync(log, `p${point}/d${drop}\n`);
    return {
      schemes: schemes.map((s, i) => {
        const r = rng.child(`scheme-${s.name}`);
        return {
          scheme: s.name,
          metrics: { value: params.x * g + i + r.uniform(), noise: r.normal(), workMs: performance.now() - t0 },
        };
      }),
      stageMs: { geometryMs: performance.now() - t0 },
      info: { g },
    };
  },
};
