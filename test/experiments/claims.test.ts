/**
 * The paper-claim checks (lib/experiments/claims.ts: verdicts that respect the 95 % CI of
 * the per-drop statistic, the compact table) and the figure builders
 * (lib/experiments/plots.ts) on synthetic sweep rows whose verdicts are known by
 * construction.
 */
import { describe, expect, it } from 'vitest';
import {
  CLAIMS_TABLE_WIDTH,
  fig2Claims,
  fig6Claims,
  fig7Claims,
  formatClaims,
  paired,
  statisticCi,
  testVerdict,
} from '../../lib/experiments/claims.js';
import type { SweepConfig } from '../../lib/experiments/config.js';
import { curveOf, fig2Figure, fig7Figure } from '../../lib/experiments/plots.js';
import { type ResultRow, summaryRows } from '../../lib/experiments/results.js';

const FIG2_SCHEMES = ['MS²DFT', 'LIB', 'MS²CDM', 'MS²CDWM', 'MS²CDWM-Full', 'MS²CDWM-NearOpt'];
/** Rate level per scheme: DFT < LIB < CDM < NearOpt ≈ CDWM < Full. */
const LEVEL: Record<string, number> = {
  'MS²DFT': 1,
  LIB: 1.2,
  'MS²CDM': 2,
  'MS²CDWM': 2.4,
  'MS²CDWM-Full': 2.5,
  'MS²CDWM-NearOpt': 2.41,
};

/** Synthetic Fig. 2 rows (3 drops); `breakAt` sets MS²CDM at one point to `rate` + spread·(drop − 1). */
function fig2Rows(breakAt?: { Sk: number; ptDbm: number; rate: number; spread?: number }): ResultRow[] {
  const rows: ResultRow[] = [];
  let point = 0;
  for (const Sk of [2, 3])
    for (const ptDbm of [20, 30, 40]) {
      for (let drop = 0; drop < 3; drop++)
        for (const scheme of FIG2_SCHEMES) {
          // power gain grows with the level, so CDWM/CDM gain more than LIB/DFT
          let rate = 100 * LEVEL[scheme] * (1 + (LEVEL[scheme] * (ptDbm - 20)) / 10) + drop;
          if (breakAt && breakAt.Sk === Sk && breakAt.ptDbm === ptDbm && scheme === 'MS²CDM') {
            rate = breakAt.rate + (breakAt.spread ?? 1) * (drop - 1);
          }
          rows.push({ point, drop, Sk, ptDbm, Mk: 2, scheme, rateErgodic: rate, rateUpper: rate + 10 });
        }
      point++;
    }
  return rows;
}

describe('claim checks', () => {
  it('paired: mean difference, its 95 % CI and the share of drops', () => {
    const c = paired(
      new Map([
        [0, 5],
        [1, 7],
        [2, 9],
      ]),
      new Map([
        [0, 4],
        [1, 8],
        [2, 6],
        [3, 1],
      ]),
    );
    // diffs 1, −1, 3: mean 1, s = 2, t_{0.975,2} = 4.302653 → 4.302653·2/√3
    expect(c.n).toBe(3);
    expect(c.meanDiff).toBe(1);
    expect(c.fracAtLeast).toBeCloseTo(2 / 3, 15);
    expect(c.ci95).toBeCloseTo((4.30265273 * 2) / Math.sqrt(3), 6);
  });

  it('statisticCi: the paired interval for a linear statistic, the delta method for a ratio', () => {
    const a = new Map([
      [0, 5],
      [1, 7],
      [2, 9],
    ]);
    const b = new Map([
      [0, 4],
      [1, 8],
      [2, 6],
    ]);
    const lin = statisticCi([a, b], (m) => m[0] - 0.5 * m[1]);
    // per drop: 3, 3, 6 → mean 4, s = √3, half-width t_{0.975,2}·√3/√3 = 4.302653
    expect(lin.value).toBeCloseTo(4, 12);
    expect(lin.halfWidth95).toBeCloseTo(4.30265273, 6);
    // ratio with a constant denominator: exactly the interval of a/10
    const ten = new Map([0, 1, 2].map((d) => [d, 10]));
    const ratio = statisticCi([a, ten], (m) => m[0] / m[1]);
    expect(ratio.value).toBeCloseTo(0.7, 12);
    expect(ratio.halfWidth95).toBeCloseTo((4.30265273 * 2) / Math.sqrt(3) / 10, 6);
  });

  it('verdicts: ✓ estimate agrees, ≈ disagrees within the CI, ✗ CI on the wrong side', () => {
    expect(testVerdict(0.1, 5)).toBe('holds');
    expect(testVerdict(-1, 5)).toBe('within-ci');
    expect(testVerdict(-6, 5)).toBe('contradicted');
    expect(testVerdict(-1, NaN)).toBe('contradicted'); // one drop: the estimate decides
  });

  it('fig2: every claim holds on data built to satisfy them', () => {
    const checks = fig2Claims(fig2Rows());
    expect(checks.map((c) => c.id)).toEqual([
      'rises-with-pt',
      'order:MS²CDWM>=MS²CDM',
      'order:MS²CDM>=LIB',
      'order:MS²CDM>=MS²DFT',
      'growth',
      'beats-dft:Sk=2',
      'close-to-full:Sk=2',
      'beats-dft:Sk=3',
      'close-to-full:Sk=3',
    ]);
    expect(checks.filter((c) => c.verdict !== 'holds').map((c) => c.id)).toEqual([]);
    expect(checks.find((c) => c.id === 'rises-with-pt')?.tests.length).toBe(2 * 6 * 2); // S_k × schemes × steps
  });

  it('fig2: the growth claim is tested at every S_k, each on its own per-drop rows', () => {
    const growth = fig2Claims(fig2Rows()).find((c) => c.id === 'growth');
    expect(growth?.tests.map((t) => t.at)).toEqual(
      [2, 3].flatMap((Sk) =>
        ['MS²CDWM vs LIB', 'MS²CDWM vs MS²DFT', 'MS²CDM vs LIB', 'MS²CDM vs MS²DFT'].map((p) => `S_k=${Sk}, ${p}`),
      ),
    );
    // MS²CDM gaining less than LIB from P_T at S_k = 2 only: the S_k = 2 tests fail, S_k = 3 hold
    const flat = fig2Rows().map((r) =>
      r.scheme === 'MS²CDM' && r.Sk === 2 ? { ...r, rateErgodic: 150 + Number(r.drop) } : r,
    );
    const g2 = fig2Claims(flat).find((c) => c.id === 'growth');
    expect(g2?.verdict).toBe('contradicted');
    expect(g2?.detail).toMatch(/^S_k=2, MS²CDM vs /);
  });

  it('fig2: one point where MS²CDM falls far below LIB contradicts exactly the claims that depend on it', () => {
    const checks = fig2Claims(fig2Rows({ Sk: 3, ptDbm: 40, rate: 50 }));
    expect(checks.filter((c) => !c.holds).map((c) => c.id)).toEqual([
      'rises-with-pt',
      'order:MS²CDM>=LIB',
      'order:MS²CDM>=MS²DFT',
      'growth',
    ]);
    const order = checks.find((c) => c.id === 'order:MS²CDM>=LIB');
    expect(order?.verdict).toBe('contradicted');
    // LIB at S_k = 3, 40 dBm: 100·1.2·(1 + 1.2·2) + drop = 408 + drop; MS²CDM 50 + drop·(drop − 1) spread
    expect(order?.detail).toMatch(/^S_k=3, P_T=40: Δ −35\d\.\d ± \d+\.\d$/);
  });

  it('fig2: a point below LIB only within the drop-to-drop spread is ≈, not ✗', () => {
    // MS²CDM at S_k = 3, 40 dBm: LIB's level minus 5, with a per-drop spread of ±200
    const checks = fig2Claims(fig2Rows({ Sk: 3, ptDbm: 40, rate: 403, spread: 200 }));
    const order = checks.find((c) => c.id === 'order:MS²CDM>=LIB');
    expect(order?.verdict).toBe('within-ci');
    expect(order?.holds).toBe(true);
  });

  it('formatClaims: a compact table, every line ≤ 100 characters, one mark per claim', () => {
    const checks = fig2Claims(fig2Rows({ Sk: 3, ptDbm: 40, rate: 50 }));
    const text = formatClaims(checks, { title: 'Fig. 2 on synthetic rows (3 drops per point)' });
    const lines = text.split('\n');
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(CLAIMS_TABLE_WIDTH);
    expect(lines[1]).toBe('9 claims: 5 ✓ hold, 0 ≈ hold within the 95 % CI, 4 ✗ contradicted');
    const marks = lines
      .slice(3)
      .map((l) => l[0])
      .filter((m) => m !== ' ');
    expect(marks.join('')).toBe('✗✓✗✗✗✓✓✓✓');
  });

  it('fig6: multi-stream gains judged against the single-stream gain', () => {
    const R: Record<string, number> = {
      '1,1': 100,
      '3,1': 105,
      '5,1': 108,
      '3,2': 150,
      '5,2': 160,
      '3,3': 170,
      '5,3': 175,
    };
    const rows: ResultRow[] = Object.entries(R).map(([key, rate], i) => {
      const [Sk, Mk] = key.split(',').map(Number);
      return { point: i, drop: 0, Sk, Mk, scheme: 'MS²CDWM', rateErgodic: rate };
    });
    const c = Object.fromEntries(fig6Claims(rows).map((x) => [x.id, x]));
    expect(c['multi-stream-helps-more'].holds).toBe(true); // +75 % vs 2 × +8 %
    expect(c['multi-stream-helps-more'].detail).toBe('best M_k 1→3 vs M_k 1: +75 % vs 2 × +8 %: margin +59 pts');
    expect(c['fixed-mk-limited:Mk=2'].holds).toBe(true);
    expect(c['diminishing'].holds).toBe(true); // steps 52, 15
    // make the third stream gain more than the second: no longer diminishing
    const rows2 = rows.map((r) => (r.Sk === 5 && r.Mk === 3 ? { ...r, rateErgodic: 230 } : r));
    expect(fig6Claims(rows2).find((x) => x.id === 'diminishing')?.holds).toBe(false);
  });

  it('fig7: LCMS vs NearOpt and Full, and the selection cost', () => {
    const rows: ResultRow[] = [];
    [36, 64, 256].forEach((Bs, point) => {
      rows.push({
        point,
        drop: 0,
        Bs,
        scheme: 'MS²CDWM',
        rateErgodic: 400 + Bs / 10,
        beamCpuMs: 10,
        precodeCpuMs: Bs ** 2 / 10,
      });
      rows.push({ point, drop: 0, Bs, scheme: 'MS²CDWM-NearOpt', rateErgodic: 405 + Bs / 10, beamCpuMs: 500 });
    });
    const c = Object.fromEntries(fig7Claims(rows).map((x) => [x.id, x]));
    expect(c['rises-with-bs'].holds).toBe(true);
    expect(c['default-close-to-full'].holds).toBe(true); // B_s = 64: 406.4 / 425.6 = 95.5 %
    expect(c['default-close-to-full'].detail).toBe('B_s=64 vs 256: 95.5 % of Full');
    expect(c['close-to-nearopt'].holds).toBe(true);
    expect(c['cheaper-than-nearopt'].holds).toBe(true); // ×50
    // CPU per drop: 10 + 64²/10 = 419.6 ms at B_s = 64 vs 10 + 256²/10 = 6563.6 ms for Full: ×15.6
    expect(c['far-lower-cost-than-full'].holds).toBe(true);
    expect(c['far-lower-cost-than-full'].detail).toBe('B_s=64 vs 256: ×15.64 (420 vs 6564 ms)');
    // a precoder whose cost does not grow with B_s: Full is not far costlier
    const flat = rows.map((r) => (r.scheme === 'MS²CDWM' ? { ...r, precodeCpuMs: 500 } : r));
    expect(fig7Claims(flat).find((x) => x.id === 'far-lower-cost-than-full')?.holds).toBe(false);
  });
});

describe('figure builders', () => {
  const config: SweepConfig = {
    name: 'f',
    seed: 1,
    drops: 3,
    base: { Mk: 2 },
    grid: { Sk: [2, 3], ptDbm: [20, 30, 40] },
    schemes: FIG2_SCHEMES.map((name) => ({ name })),
  };

  it('curveOf sorts by x and carries the CI', () => {
    const c = curveOf(
      [
        { ptDbm: 30, rate_mean: 2, rate_ci95: 0.2 },
        { ptDbm: 20, rate_mean: 1, rate_ci95: 0.1 },
      ],
      'ptDbm',
      'rate',
    );
    expect(c).toEqual({ x: [20, 30], mean: [1, 2], ci95: [0.1, 0.2] });
  });

  it('fig2: one panel per S_k, a band and a line per scheme, the legend once', () => {
    const summary = summaryRows(config, fig2Rows());
    const fig = fig2Figure(summary);
    expect(fig.data.length).toBe(2 * 6 * 3); // lower edge, upper edge, mean line
    const lines = fig.data.filter((t) => (t as { mode?: string }).mode === 'lines+markers');
    expect(lines.length).toBe(12);
    expect(lines.filter((t) => t.showlegend !== false).map((t) => t.name)).toEqual(FIG2_SCHEMES);
    expect(lines.filter((t) => t.xaxis === 'x2').length).toBe(6);
    const cdwm = lines.find((t) => t.name === 'MS²CDWM' && t.xaxis === 'x') as { x: number[]; y: number[] };
    expect(cdwm.x).toEqual([20, 30, 40]);
    // mean of drops 0,1,2 of 100·2.4·(1 + 2.4·(pt−20)/10) + drop
    expect(cdwm.y[1]).toBeCloseTo(240 * (1 + 2.4) + 1, 10);
  });

  it('fig7: the Full reference line sits at the B_s = 256 value of MS²CDWM', () => {
    const summary = [36, 128, 256].flatMap((Bs, i) => [
      { point: i, Bs, scheme: 'MS²CDWM', n: 1, rateErgodic_mean: 100 + i, rateErgodic_ci95: NaN },
      { point: i, Bs, scheme: 'MS²CDWM-NearOpt', n: 1, rateErgodic_mean: 101 + i, rateErgodic_ci95: NaN },
    ]);
    const fig = fig7Figure(summary);
    const full = fig.data.find((t) => String(t.name).startsWith('MS²CDWM-Full')) as { x: number[]; y: number[] };
    expect(full.x).toEqual([36, 256]);
    expect(full.y).toEqual([102, 102]);
    expect(fig.data.length).toBe(3); // no CI with one drop: lines only
  });
});
