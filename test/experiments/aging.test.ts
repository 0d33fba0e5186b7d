/**
 * The sCSI aging and handover studies (lib/experiments/agingRunner.ts, handoverRunner.ts,
 * agingAnalysis.ts, agingStudy.ts, agingPlots.ts): Δt = 0 reproduces the paper pipeline's
 * rates bit for bit; the per-thread cache changes no number; kept precoders age as the
 * beam-drift argument predicts; bad parameters get one clear line; the runners run on the
 * sweep engine (worker threads load them by path, checkpoints resume); the analysis
 * functions reproduce analytic values on a synthetic aging model. Small drops (K = 6,
 * S = 3) keep every test to seconds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type SchemeSpec,
  type SweepConfig,
  ConfigError,
  agingCurves,
  agingFigure,
  agingHeadline,
  clearAgingCache,
  clearHandoverCache,
  firstCrossing,
  formatHeadline,
  handoverCurves,
  handoverFigure,
  integratePiecewiseLinear,
  refreshLoss,
  runAgingTask,
  runHandoverTask,
  runPipelineTask,
  runSweep,
  servingSets,
  setChanges,
  studySweep,
  validateAgingPoint,
  validateHandoverPoint,
} from '../../lib/experiments/index.js';
import type { ResultRow } from '../../lib/experiments/results.js';

const SMALL = { K: 6, S: 3, Sk: 2, KsMax: 6, Bs: 8, realizations: 4, iterations: 3 };
const SCHEMES: SchemeSpec[] = [
  { name: 'MS²DFT', precoder: 'dft', beams: 'full' },
  { name: 'LIB', precoder: 'lib', beams: 'lcms' },
  { name: 'MS²CDM', precoder: 'cdm', beams: 'lcms' },
  { name: 'MS²CDWM', precoder: 'cdwm', beams: 'lcms' },
  { name: 'MS²CDWM-Full', precoder: 'cdwm', beams: 'full' },
];
const CONFIG = { name: 't', seed: 5, drops: 1, base: {}, grid: {}, schemes: SCHEMES } as SweepConfig;
const task = (params: Record<string, number>, drop = 0, schemes = SCHEMES) => ({
  config: CONFIG,
  point: 0,
  params: { ...SMALL, ...params },
  drop,
  schemes,
});
/** Metrics without timings (names ending in 'Ms' differ between runs). */
const numbers = (m: Record<string, number>) => Object.fromEntries(Object.entries(m).filter(([k]) => !k.endsWith('Ms')));

describe('aging runner', () => {
  it('reproduces the pipeline at Δt = 0: kept = recomputed = pipeline rate, bit for bit', () => {
    clearAgingCache();
    const pipe = runPipelineTask(task({}));
    const aged = runAgingTask(task({ dtS: 0 }));
    aged.schemes.forEach((s, i) => {
      expect(s.scheme).toBe(pipe.schemes[i].scheme);
      expect(s.metrics.rateKept).toBe(pipe.schemes[i].metrics.rateErgodic);
      expect(s.metrics.rateFresh).toBe(pipe.schemes[i].metrics.rateErgodic);
      expect(s.metrics.rateUpperKept).toBe(pipe.schemes[i].metrics.rateUpper);
      expect(s.metrics.keptFraction).toBe(1);
    });
    expect(aged.info?.beamDrift).toBe(0);
  });

  it('gives the same numbers with a warm and a cold t₀ cache', () => {
    clearAgingCache();
    const cold = runAgingTask(task({ dtS: 5 }, 1));
    runAgingTask(task({ dtS: 0 }, 1)); // fills the cache with drop 1's t₀ design
    const warm = runAgingTask(task({ dtS: 5 }, 1));
    expect(warm.schemes.map((s) => numbers(s.metrics))).toEqual(cold.schemes.map((s) => numbers(s.metrics)));
  });

  it('loses little after 1 s and more than half after 30 s (the beams drift by ~1.5 beam widths)', () => {
    const one = runAgingTask(task({ dtS: 1 }));
    const thirty = runAgingTask(task({ dtS: 30 }));
    expect(Number(thirty.info?.beamDrift)).toBeGreaterThan(1);
    one.schemes.forEach((s) => expect(s.metrics.keptFraction).toBeGreaterThan(0.9));
    thirty.schemes.forEach((s) => expect(s.metrics.keptFraction).toBeLessThan(0.5));
    // the recomputed design does not age: it stays within 15 % of t₀'s rate
    const t0 = runAgingTask(task({ dtS: 0 }));
    thirty.schemes.forEach((s, i) =>
      expect(Math.abs(s.metrics.rateFresh / t0.schemes[i].metrics.rateFresh - 1)).toBeLessThan(0.15),
    );
  });

  it('changes only the kept rates with the element-0 phase reference', () => {
    const centre = runAgingTask(task({ dtS: 5 }));
    const corner = runAgingTask(task({ dtS: 5, cornerPhase: 1 }));
    corner.schemes.forEach((s, i) => expect(s.metrics.rateFresh).toBe(centre.schemes[i].metrics.rateFresh));
    expect(corner.schemes.some((s, i) => s.metrics.rateKept !== centre.schemes[i].metrics.rateKept)).toBe(true);
  });

  it('rejects bad parameters with one clear line naming the value', () => {
    const v =
      (p: Record<string, number>, s = SCHEMES) =>
      () =>
        validateAgingPoint(p, s);
    expect(v({ dtS: -1 })).toThrow(ConfigError);
    expect(v({ dtS: -1 })).toThrow('dtS must be an age in seconds in [0, 3600], got -1');
    expect(v({ dtS: NaN })).toThrow('dtS must be an age in seconds in [0, 3600], got NaN');
    expect(v({ redrawLsp: 2 })).toThrow(
      'redrawLsp must be 0 or 1 (0: large-scale deviates persist, 1: redrawn at t), got 2',
    );
    expect(v({ cornerPhase: 0.5 })).toThrow('cornerPhase must be 0 or 1');
    expect(v({ minElevationDeg: 90 })).toThrow(
      'minElevationDeg must be a service elevation mask in [0, 90) degrees, got 90',
    );
    expect(v({ tS: 3 })).toThrow(
      /^unknown parameter 'tS'; the aging runner knows K, S, .*dtS, redrawLsp, cornerPhase, minElevationDeg$/,
    );
    expect(v({ Sk: 9 })).toThrow('Sk must be an integer in [1, 5] (1 ≤ S_k ≤ S), got 9');
    expect(v({}, [{ name: 'x', precoder: 'zf', beams: 'full' }])).toThrow("schemes[0] 'x': precoder must be one of");
    expect(v({ dtS: 30, ...SMALL })).not.toThrow();
  });
});

const H_SCHEMES: SchemeSpec[] = [
  { name: 'Frozen', precoder: 'cdm', beams: 'lcms', association: 'frozen', satellites: 'tracked' },
  { name: 'Re-clustered', precoder: 'cdm', beams: 'lcms', association: 'recluster', satellites: 'tracked' },
  {
    name: 'Re-clustered + nearest set',
    precoder: 'cdm',
    beams: 'lcms',
    association: 'recluster',
    satellites: 'nearest',
  },
];

describe('handover runner', () => {
  it('agrees with the static drop at τ = 0: every policy the same rate, no change', () => {
    clearHandoverCache();
    const out = runHandoverTask(task({ tS: 0 }, 0, H_SCHEMES));
    const pipe = runPipelineTask(task({}, 0, [{ name: 'MS²CDM', precoder: 'cdm', beams: 'lcms' }]));
    for (const s of out.schemes) {
      expect(s.metrics.rateErgodic).toBe(pipe.schemes[0].metrics.rateErgodic);
      expect(s.metrics.utsChangedVsT0).toBe(0);
      expect(s.metrics.handoversPerUtMin).toBe(0);
    }
    expect(out.info?.satellitesReplaced).toBe(0);
  });

  it('re-clusters later: the frozen association never changes, the nearest set does', () => {
    const out = runHandoverTask(task({ tS: 120, stepS: 60 }, 0, H_SCHEMES));
    const [frozen, , nearest] = out.schemes;
    expect(frozen.metrics.utsChangedVsT0).toBe(0);
    expect(frozen.metrics.linksAddedVsPrev).toBe(0);
    expect(Number(out.info?.satellitesReplaced)).toBeGreaterThan(0);
    expect(nearest.metrics.utsChangedVsT0).toBeGreaterThan(0);
    expect(nearest.metrics.changedFraction).toBe(nearest.metrics.utsChangedVsT0 / SMALL.K);
    expect(nearest.metrics.handoversPerUtMin).toBeCloseTo(nearest.metrics.linksAddedVsPrev / SMALL.K, 12);
  });

  it('serves only above the elevation mask: late in the pass the kept satellites leave UTs unserved', () => {
    const late = runHandoverTask(task({ tS: 420 }, 0, H_SCHEMES.slice(0, 1)));
    expect(Number(late.info?.minElevationDeg)).toBeLessThan(10);
    expect(late.schemes[0].metrics.utsUnserved).toBeGreaterThan(0);
    expect(late.schemes[0].metrics.rateErgodic).toBeGreaterThanOrEqual(0);
    const noMask = runHandoverTask(task({ tS: 420, minElevationDeg: 0 }, 0, H_SCHEMES.slice(0, 1)));
    expect(noMask.schemes[0].metrics.utsUnserved).toBeLessThan(late.schemes[0].metrics.utsUnserved);
  });

  it('rejects a frozen association with a moving set, and bad times, with one clear line', () => {
    const v =
      (p: Record<string, number>, s = H_SCHEMES) =>
      () =>
        validateHandoverPoint(p, s);
    expect(v({}, [{ ...H_SCHEMES[0], satellites: 'nearest' }])).toThrow(
      "schemes[0] 'Frozen': association 'frozen' keeps the drop's satellites, so satellites must be 'tracked'",
    );
    expect(v({}, [{ ...H_SCHEMES[0], association: 'sticky' }])).toThrow(
      "schemes[0] 'Frozen': association must be one of frozen|recluster, got 'sticky'",
    );
    expect(v({ tS: -5 })).toThrow('tS must be a time in seconds in [0, 3600], got -5');
    expect(v({ stepS: 0 })).toThrow('stepS must be an epoch length in seconds in (0, 3600], got 0');
    expect(v({ dtS: 1 })).toThrow(/^unknown parameter 'dtS'; the handover runner knows/);
  });

  it('counts serving-set changes by constellation index', () => {
    // satellites [10, 20, 30]; UT 0 served by 10, 20; UT 1 by 20, 30
    const a = servingSets(
      [
        [1, 0],
        [1, 1],
        [0, 1],
      ],
      [10, 20, 30],
    );
    expect(a).toEqual([
      [10, 20],
      [20, 30],
    ]);
    // same serving satellites under other ranks: no change; one new satellite for UT 1
    const b = servingSets(
      [
        [1, 1],
        [0, 0],
        [1, 1],
      ],
      [20, 40, 10],
    );
    expect(setChanges(a, b)).toEqual({ uts: 1, linksAdded: 1 });
  });
});

describe('the studies on the sweep engine', () => {
  const dir = mkdtempSync(join(tmpdir(), 'msms-aging-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const config: SweepConfig = {
    ...studySweep('aging', { size: 'quick', seed: 9, drops: 2 }),
    base: { ...SMALL },
    grid: { dtS: [0, 4] },
    schemes: SCHEMES.filter((s) => s.precoder === 'dft' || s.precoder === 'cdm'),
  };
  const strip = (recs: { point: number; drop: number; schemes: { metrics: Record<string, number> }[] }[]) =>
    recs.map((r) => ({ p: r.point, d: r.drop, m: r.schemes.map((s) => numbers(s.metrics)) }));

  it('loads the runner by path in a worker, checkpoints, resumes, and matches an in-thread run', async () => {
    const serial = await runSweep(config, { workers: 0, runsDir: null, progress: false });
    const first = await runSweep(config, { workers: 1, runsDir: dir, progress: false, stopAfter: 1 });
    expect(first.computed).toBe(1);
    expect(first.complete).toBe(false);
    const resumed = await runSweep(config, { workers: 1, runsDir: dir, progress: false });
    expect(resumed.reused).toBe(1);
    expect(resumed.complete).toBe(true);
    expect(strip(resumed.records)).toEqual(strip(serial.records));
  });
});

describe('aging analysis on a synthetic model', () => {
  // R_fresh = 100, R_kept = 100·(1 − Δt/τ) (τ = 10 s) until 0: half-rate age τ/2 = 5 s; for
  // T ≤ τ the loss over a refresh period is T/(2τ); one core with c = 0.1 s: ages [c, 2c] → 1.5 %
  const tau = 10;
  const grid = [0, 0.5, 1, 2, 4, 6, 8, 10, 15, 20, 30];
  const rows: ResultRow[] = [];
  for (const drop of [0, 1, 2]) {
    for (const dtS of grid) {
      rows.push({
        drop,
        dtS,
        scheme: 'A',
        rateKept: 100 * Math.max(0, 1 - dtS / tau),
        rateFresh: 100,
        refreshCpuMs: 100,
      });
    }
  }

  it('integrates the piecewise-linear interpolant exactly and finds crossings', () => {
    const x = [0, 1, 3];
    const y = [2, 4, 0];
    expect(integratePiecewiseLinear(x, y, 0, 3)).toBeCloseTo(3 + 4, 14);
    expect(integratePiecewiseLinear(x, y, 0.5, 2)).toBeCloseTo(0.5 * (3 + 4) * 0.5 + 0.5 * (4 + 2), 14);
    expect(firstCrossing(x, y, 1)).toBeCloseTo(2.5, 14);
    expect(firstCrossing(x, y, -1)).toBe(Infinity);
    expect(() => integratePiecewiseLinear(x, y, 0, 4)).toThrow(
      'integration interval [0, 4] must lie in the grid [0, 3]',
    );
    expect(
      refreshLoss(
        grid,
        grid.map(() => 7),
        grid.map(() => 7),
        3,
      ),
    ).toBe(0);
  });

  it('recovers the half-rate age, the loss curve and the one-core loss', () => {
    const [c] = agingCurves(rows);
    expect(c.halfRateAgeS).toBeCloseTo(tau / 2, 12);
    expect(c.halfRateAgeMedianS).toBeCloseTo(tau / 2, 12);
    c.periodS.filter((T) => T <= tau).forEach((T, i) => expect(c.loss[i].mean).toBeCloseTo(T / (2 * tau), 12));
    expect(c.maxRefreshHz).toBeCloseTo(10, 12);
    expect(c.lossAtOneCore.mean).toBeCloseTo(0.015, 12);
    expect(c.periodAt5PctS).toBeCloseTo(1, 12);
    expect(c.periodAt10PctS).toBeCloseTo(2, 12);
    const [h] = agingHeadline([c]);
    expect(h.halfRateAgeS).toBeCloseTo(5, 12);
    expect(h.lossAtOneCorePct).toBeCloseTo(1.5, 10);
    const text = formatHeadline('aging', [h, { ...h, scheme: 'MS²CDWM-Full', halfRateAgeS: Infinity }]);
    expect(text.split('\n').every((l) => l.length <= 100)).toBe(true);
    expect(text).toContain('never');
    // read back from headline.csv the never-reached time is an empty cell (NaN): still 'never'
    const back = formatHeadline('aging', [{ ...h, halfRateAgeS: NaN, lossAtOneCorePct: NaN }]).split('\n')[1];
    expect(back).toContain('never');
    expect(back).toContain('–');
  });

  it('has study presets with their runners, and rejects an unknown size', () => {
    const a = studySweep('aging', { size: 'paper' });
    expect(a.runner).toBe('lib/experiments/agingRunner.ts');
    expect(a.grid.dtS[0]).toBe(0);
    expect(studySweep('handover', { size: 'paper' }).grid.tS.length).toBe(16);
    expect(() => studySweep('aging', { size: 'huge' as never })).toThrow("size must be 'quick' or 'paper', got 'huge'");
  });

  it('draws both figures as three panels of finite numbers', () => {
    const fig = agingFigure(rows);
    expect(new Set(fig.data.map((t) => t.xaxis ?? 'x'))).toEqual(new Set(['x', 'x2', 'x3']));
    const hrows: ResultRow[] = [0, 20, 40].flatMap((tS) =>
      ['Frozen', 'Re-clustered + nearest set'].map((scheme) => ({
        drop: 0,
        tS,
        scheme,
        rateErgodic: 400 - tS,
        changedFraction: tS / 100,
        handoversPerUtMin: tS === 0 ? 0 : 1,
        setReplacedFraction: tS / 50,
        utsUnserved: 0,
      })),
    );
    const hc = handoverCurves(hrows);
    expect(hc[1].changedFraction.map((e) => e.mean)).toEqual([0, 0.2, 0.4]);
    const hf = handoverFigure(hrows);
    expect(hf.data.length).toBeGreaterThan(3);
    const finite = JSON.stringify(hf).includes('NaN') || JSON.stringify(fig).includes('NaN');
    expect(finite).toBe(false);
  });
});
