/**
 * The real per-drop pipeline (lib/experiments/pipeline.ts) on small drops: parameter
 * validation with exact messages, every figure preset valid, finite rates for every
 * scheme, the upper bound (16) above the ergodic rate (12), and 2 workers = serial with
 * the real chain (drawDrop → clustering → beams → precoders → rates).
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, type SweepConfig, expandPoints, schemesAt } from '../../lib/experiments/config.js';
import { runSweep } from '../../lib/experiments/engine.js';
import { SWEEP_FIGURES, figureSweep } from '../../lib/experiments/figures.js';
import { runner, runPipelineTask, validatePipelinePoint } from '../../lib/experiments/pipeline.js';

/** A small drop: 3 satellites with 4×4 arrays, 6 UTs — seconds, not minutes. */
const SMALL = { K: 6, S: 3, Sk: 2, KsMax: 6, Bs: 8, NT: 16, NR: 4, Mk: 2, iterations: 3, realizations: 4 };
const SCHEMES = [
  { name: 'MS²DFT', precoder: 'dft', beams: 'full' },
  { name: 'LIB', precoder: 'lib', beams: 'lcms' },
  { name: 'MS²CDM', precoder: 'cdm', beams: 'lcms' },
  { name: 'MS²CDWM', precoder: 'cdwm', beams: 'lcms' },
  { name: 'MS²CDWM-Full', precoder: 'cdwm', beams: 'full' },
  { name: 'MS²CDWM-NearOpt', precoder: 'cdwm', beams: 'nearopt' },
];

describe('pipeline parameters', () => {
  const lcms = [{ name: 'x', precoder: 'cdwm', beams: 'lcms' }];
  it.each([
    [
      { Kx: 3 },
      "unknown parameter 'Kx'; the pipeline knows K, S, Sk, KsMax, Bs, NR, NT, Mk, zeta2, ptDbm, radiusKm, realizations, iterations, tolerance",
    ],
    [
      { Sk: 5, KsMax: 36 },
      'clustering is infeasible: K·S_k = 48·5 = 240 > S·K_s^max = 5·36 = 180 ((C1)–(C2)); raise KsMax or lower Sk',
    ],
    [{ Sk: 6 }, 'Sk must be an integer in [1, 5] (1 ≤ S_k ≤ S), got 6'],
    [{ Mk: 3, Sk: 2 }, 'Mk must be an integer in [1, 2] (Remark 1: 1 ≤ M_k ≤ min(S_k, N_R)), got 3'],
    [{ NR: 8 }, 'NR must be a square number (N_V = N_H) in [1, 256] (1, 4, 9, 16, …), got 8'],
    [{ Bs: 300 }, 'Bs must be an integer in [1, 256] (B_s ≤ N_T), got 300'],
    [{ Bs: 20 }, 'Bs = 20 is below K_s^max = 36: LCMS needs B_s ≥ K_s (stage 1 gives every served UT a beam)'],
    [{ ptDbm: 200 }, 'ptDbm must be in [-50, 100] dBm, got 200'],
    [{ realizations: 0 }, 'realizations must be an integer in [1, 1000000], got 0'],
  ])('rejects %j', (params, message) => {
    expect(() => validatePipelinePoint(params, lcms)).toThrow(new ConfigError(message));
  });

  it('rejects unknown precoders and beam selections', () => {
    expect(() => validatePipelinePoint({}, [{ name: 'x', precoder: 'zf', beams: 'lcms' }])).toThrow(
      new ConfigError("schemes[0] 'x': precoder must be one of dft|lib|cdm|cdwm, got 'zf'"),
    );
    expect(() => validatePipelinePoint({}, [{ name: 'x', precoder: 'cdm', beams: 'best' }])).toThrow(
      new ConfigError("schemes[0] 'x': beams must be one of lcms|nearopt|full, got 'best'"),
    );
  });

  it('accepts every point of every figure preset, quick and paper', () => {
    for (const fig of SWEEP_FIGURES) {
      for (const size of ['quick', 'paper'] as const) {
        const c = figureSweep(fig, { size });
        for (const p of expandPoints(c)) expect(() => validatePipelinePoint(p, schemesAt(c, p))).not.toThrow();
      }
    }
  });
});

describe('pipeline task', () => {
  it('gives finite rates for every scheme, with the upper bound above the ergodic rate', () => {
    const out = runPipelineTask({
      config: { name: 't', seed: 5, drops: 1, base: SMALL, grid: {}, schemes: SCHEMES },
      point: 0,
      params: SMALL,
      drop: 0,
      schemes: SCHEMES,
    });
    expect(out.schemes.map((s) => s.scheme)).toEqual(SCHEMES.map((s) => s.name));
    for (const s of out.schemes) {
      expect(Number.isFinite(s.metrics.rateErgodic) && s.metrics.rateErgodic > 0).toBe(true);
      expect(s.metrics.rateUpper).toBeGreaterThan(s.metrics.rateErgodic);
      expect(s.metrics.precodeMs).toBeGreaterThanOrEqual(0);
    }
    const it = Object.fromEntries(out.schemes.map((s) => [s.scheme, s.metrics.cdwmIterations]));
    expect(it['MS²CDM']).toBe(0);
    expect(it['MS²CDWM']).toBeGreaterThanOrEqual(1);
    expect(it['MS²CDWM']).toBeLessThanOrEqual(3);
    // LCMS and NearOpt pick B_s = 8 beams; the same drop with Full uses all 16
    expect(out.stageMs?.geometryMs).toBeGreaterThan(0);
  });

  it('the real pipeline on 2 workers gives the serial numbers', async () => {
    const config: SweepConfig = {
      name: 'pipe',
      seed: 11,
      drops: 3,
      base: SMALL,
      grid: { ptDbm: [20, 40] },
      schemes: SCHEMES.slice(1, 4),
    };
    const quiet = { runsDir: null, progress: false, log: () => undefined };
    const serial = await runSweep(config, { ...quiet, workers: 0, runner });
    const parallel = await runSweep(config, { ...quiet, workers: 2 });
    const nums = (r: typeof serial) =>
      r.records.map((x) =>
        x.schemes.map((s) => [s.metrics.rateErgodic, s.metrics.rateUpper, s.metrics.cdwmIterations]),
      );
    expect(parallel.records.length).toBe(6);
    expect(nums(parallel)).toEqual(nums(serial));
    // more power, more rate (same drop: common random numbers across points)
    const at = (pt: number, d: number) =>
      serial.records.find((r) => r.params.ptDbm === pt && r.drop === d)?.schemes[2].metrics.rateErgodic ?? NaN;
    for (let d = 0; d < 3; d++) expect(at(40, d)).toBeGreaterThan(at(20, d));
  });
});
