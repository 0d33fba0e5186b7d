/**
 * lib/plots house style and confidence bands (Section VI figures): scheme styles and their
 * aliases, layout merging, trace shapes, and confidence bands from per-point samples (the
 * Student-t statistics themselves are tested against scipy in test/stats).
 */
import { describe, expect, it } from 'vitest';
import {
  SCHEME_STYLES,
  bandTraces,
  ciBandTraces,
  deepMerge,
  errorBars,
  houseLayout,
  lineTrace,
  meanCi95,
  schemeStyle,
  seriesColor,
  withAlpha,
} from '../../lib/plots/index.js';

describe('scheme styles', () => {
  it('has one distinct colour and marker per scheme of Section VI', () => {
    expect(SCHEME_STYLES.map((s) => s.label)).toEqual([
      'MS²DFT',
      'LIB',
      'MS²CDM',
      'MS²CDWM',
      'MS²CDWM-Full',
      'MS²CDWM-NearOpt',
    ]);
    expect(new Set(SCHEME_STYLES.map((s) => s.color)).size).toBe(6);
    expect(new Set(SCHEME_STYLES.map((s) => s.symbol)).size).toBe(6);
  });

  it('resolves ASCII spellings, case and the (LCMS) suffix', () => {
    expect(schemeStyle('ms2cdwm')?.label).toBe('MS²CDWM');
    expect(schemeStyle('MS²CDWM (LCMS)')?.label).toBe('MS²CDWM');
    expect(schemeStyle('MS2CDWM-nearopt')?.label).toBe('MS²CDWM-NearOpt');
    expect(schemeStyle('ms2cdwm_full')?.label).toBe('MS²CDWM-Full');
    expect(schemeStyle('lib')?.label).toBe('LIB');
    expect(schemeStyle('zero forcing')).toBeUndefined();
  });

  it('cycles the extra palette and converts colours to rgba', () => {
    expect(seriesColor(0)).toBe(seriesColor(8));
    expect(() => seriesColor(-1)).toThrow('seriesColor: index must be a non-negative integer, got -1');
    expect(withAlpha('#D55E00', 0.25)).toBe('rgba(213, 94, 0, 0.25)');
    expect(() => withAlpha('red', 0.5)).toThrow("withAlpha: colour must be '#RRGGBB', got 'red'");
    expect(() => withAlpha('#000000', 2)).toThrow('withAlpha: alpha must be in [0, 1], got 2');
  });
});

describe('houseLayout', () => {
  it('merges overrides deeply and keeps the house axis style', () => {
    const l = houseLayout({ xaxis: { title: { text: 'P_T (dBm)' }, type: 'log' } }) as {
      xaxis: Record<string, unknown>;
      font: { family: string };
    };
    expect(l.xaxis.title).toEqual({ text: 'P_T (dBm)', font: { size: 14 } });
    expect(l.xaxis.type).toBe('log');
    expect(l.xaxis.mirror).toBe(true);
    expect(l.font.family).toMatch(/^DejaVu Sans/);
  });

  it('replaces arrays instead of merging them', () => {
    expect(deepMerge({ a: [1, 2, 3], b: { c: 1 } }, { a: [9], b: { d: 2 } })).toEqual({ a: [9], b: { c: 1, d: 2 } });
  });
});

describe('traces', () => {
  it('styles a scheme line and attaches error bars', () => {
    const t = lineTrace([1, 2], [3, 4], { name: 'MS2CDM', errorHalfWidth: [0.1, 0.2] }) as Record<string, unknown>;
    expect(t.name).toBe('MS²CDM');
    const noted = lineTrace([1], [1], { name: 'MS²CDWM (LCMS)' }) as Record<string, unknown>;
    expect(noted.name).toBe('MS²CDWM (LCMS)'); // the note is kept, the style is MS²CDWM's
    expect((noted.line as { color: string }).color).toBe(schemeStyle('MS²CDWM')?.color);
    expect(t.line).toEqual({ color: '#009E73', width: 2, dash: 'dash' });
    expect(t.error_y).toMatchObject({ type: 'data', array: [0.1, 0.2], visible: true });
  });

  it('rejects mismatched lengths and negative half-widths', () => {
    expect(() => lineTrace([1, 2, 3], [1, 2], { name: 'x' })).toThrow('lineTrace: x has 3 points but y has 2');
    expect(() => lineTrace([1, 2], [1, 2], { name: 'x', errorHalfWidth: [1] })).toThrow(
      'lineTrace: errorHalfWidth has 1 values but y has 2',
    );
    expect(() => errorBars([0.1, -1])).toThrow('errorBars: halfWidth[1] must be >= 0, got -1');
  });

  it('draws a band as lower edge, filled upper edge and the mean line in one legend group', () => {
    const tr = bandTraces([1, 2], [2, 3], [1, 2], [3, 4], { name: 'MS²CDWM', opacity: 0.3 }) as Record<
      string,
      unknown
    >[];
    expect(tr).toHaveLength(3);
    expect(tr[0]).toMatchObject({ y: [1, 2], showlegend: false, legendgroup: 'MS²CDWM' });
    expect(tr[1]).toMatchObject({ y: [3, 4], fill: 'tonexty', fillcolor: 'rgba(213, 94, 0, 0.3)' });
    expect(tr[2]).toMatchObject({ y: [2, 3], name: 'MS²CDWM', legendgroup: 'MS²CDWM' });
    expect(() => bandTraces([1], [1], [2], [1], { name: 'x' })).toThrow(
      'bandTraces: lower[0] = 2 exceeds upper[0] = 1',
    );
    expect(() => bandTraces([1, 2], [1], [1, 2], [1, 2], { name: 'x' })).toThrow(
      'bandTraces: mean has 1 points but x has 2',
    );
  });
});

describe('confidence intervals', () => {
  it('meanCi95 (lib/stats, re-exported) of [1, 2, 3, 4]: mean 2.5, s = 1.29099, half-width t₃·s/2 = 2.05426', () => {
    const m = meanCi95([1, 2, 3, 4]);
    expect(m.mean).toBe(2.5);
    expect(m.std).toBeCloseTo(1.2909944487358056, 12);
    expect(m.halfWidth95).toBeCloseTo(2.0542602567605206, 10);
  });

  it('ciBandTraces closes the band at a point with one sample and rejects an empty one', () => {
    const tr = ciBandTraces([1, 2], [[5], [1, 3]], { name: 'x' });
    expect(tr[0].y).toEqual([5, expect.any(Number)]);
    expect(tr[1].y).toEqual([5, expect.any(Number)]);
    expect(() => ciBandTraces([1], [[]], { name: 'x' })).toThrow('ciBandTraces: samples[0] is empty');
  });

  it('ciBandTraces centres the band on the sample means', () => {
    const tr = ciBandTraces(
      [10, 20],
      [
        [1, 3],
        [5, 5, 5],
      ],
      { name: 'LIB' },
    ) as Record<string, unknown>[];
    expect(tr[2].y).toEqual([2, 5]);
    const lower = tr[0].y as number[];
    expect(lower[0]).toBeCloseTo(2 - 12.706204736174694, 10); // s = √2, n = 2: half-width = t_{0.975,1} = cot(π/40)
    expect(lower[1]).toBe(5);
  });
});
