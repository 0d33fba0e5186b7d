/**
 * Notebook helpers of Section V-B: the NearOpt proxy sum rate of any selection, the
 * LCMS/NearOpt/Full comparison rows, and the Fig. 8 panels (and the figure drawn from them in
 * lib/experiments/fig8.ts) — checked against
 * the explicit-codebook references of ./reference.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  beamspaceMaps,
  compareSelections,
  lcmsSelection,
  nearOptSelection,
  proxySumRate,
} from '../../lib/beamspace/index.js';
import { competitionClustering } from '../../lib/clustering/index.js';
import { FIG8_SELECTION_KEY, fig8Figure } from '../../lib/experiments/fig8.js';
import { Rng } from '../../lib/random/index.js';
import type { Scenario } from '../../lib/scenario/types.js';
import { syntheticScenario } from './fixtures.js';
import { bruteForceGains, proxySumRate as referenceProxy } from './reference.js';

function clustered(seed: string, S: number, K: number, satArray = { nV: 8, nH: 8 }): Scenario {
  const scn = syntheticScenario(new Rng(seed), { S, K, satArray });
  return { ...scn, association: competitionClustering(scn, { Sk: Math.min(3, S), KsMax: K }).association };
}

const served = (scn: Scenario, s: number) => scn.association[s].map((o, k) => (o ? k : -1)).filter((k) => k >= 0);

describe('proxySumRate and compareSelections', () => {
  it('proxySumRate equals the direct log det per satellite, and NearOpt reports the same value', () => {
    const scn = clustered('beamspace/proxy', 4, 12);
    const near = nearOptSelection(scn, 16);
    const lcms = lcmsSelection(scn, 16).beams;
    let refNear = 0;
    let refLcms = 0;
    for (let s = 0; s < scn.S; s++) {
      refNear += referenceProxy(scn, s, served(scn, s), near.beams[s]);
      refLcms += referenceProxy(scn, s, served(scn, s), lcms[s]);
    }
    expect(Math.abs(proxySumRate(scn, near.beams) - refNear)).toBeLessThan(1e-8 * refNear);
    expect(Math.abs(proxySumRate(scn, lcms) - refLcms)).toBeLessThan(1e-8 * refLcms);
    const fromTrace = near.trace.reduce((a, t) => a + t.proxySumRate, 0);
    expect(Math.abs(fromTrace - refNear)).toBeLessThan(1e-8 * refNear);
  });

  it('compareSelections gives LCMS and NearOpt per B_s, then Full with everything captured', () => {
    const scn = clustered('beamspace/compare-rows', 3, 10);
    const rows = compareSelections(scn, [10, 20]);
    expect(rows.map((r) => `${r.method}:${r.Bs}`)).toEqual([
      'lcms:10',
      'nearopt:10',
      'lcms:20',
      'nearopt:20',
      'full:64',
    ]);
    expect(Math.abs(rows[4].capturedFraction - 1)).toBeLessThan(1e-12);
    for (const r of rows) {
      expect(r.capturedFraction).toBeGreaterThan(0);
      expect(r.capturedFraction).toBeLessThanOrEqual(1 + 1e-12);
      expect(r.proxySumRate).toBeLessThanOrEqual(rows[4].proxySumRate + 1e-9); // adding beams never lowers log det
    }
  });
});

describe('Fig. 8 panels', () => {
  const scn = clustered('beamspace/fig8', 5, 16);
  const beams = lcmsSelection(scn, 20).beams;
  it('one panel per serving satellite, normalised to the joint maximum, with the captured share of UT k', () => {
    const k = 3;
    const panels = beamspaceMaps(scn, k, beams);
    const sats = scn.association.map((row, s) => (row[k] ? s : -1)).filter((s) => s >= 0);
    expect(panels.map((p) => p.s)).toEqual(sats);
    const peak = Math.max(...panels.map((p) => Math.max(...p.normalisedPower.flat())));
    expect(peak).toBe(1);
    const refPeak = Math.max(...sats.map((s) => scn.links[s][k].gamma * Math.max(...bruteForceGains(scn, s, k))));
    for (const p of panels) {
      const g = bruteForceGains(scn, p.s, k);
      const gamma = scn.links[p.s][k].gamma;
      p.normalisedPower.flat().forEach((v, q) => expect(Math.abs(v - (gamma * g[q]) / refPeak)).toBeLessThan(1e-12));
      expect(p.selected.flat().reduce((a, b) => a + b, 0)).toBe(20);
      const captured = beams[p.s].reduce((a, q) => a + g[q], 0) / g.reduce((a, b) => a + b, 0);
      expect(Math.abs(p.capturedFraction - captured)).toBeLessThan(1e-12);
      const best = g.indexOf(Math.max(...g));
      expect(p.strongestBeam).toEqual({ q: best, nV: Math.floor(best / 8), nH: best % 8 });
      expect(p.dominant.flat()[best]).toBe(1);
      const sorted = [...g].sort((a, b) => b - a);
      expect(Math.abs(p.topFourShare - (sorted[0] + sorted[1] + sorted[2] + sorted[3]))).toBeLessThan(1e-12);
    }
    const fig = fig8Figure(panels, { title: 't' });
    expect(fig.data.length).toBe(2 * panels.length + FIG8_SELECTION_KEY.length); // two maps per satellite + the key
    expect(fig.data[1].z).toEqual(panels[0].selected.map((r, v) => r.map((x, h) => 2 * x + panels[0].dominant[v][h])));
  });

  it('names a bad UT', () => {
    expect(() => beamspaceMaps(scn, 16, beams)).toThrow('k must be an integer in [0, 15], got 16');
    const none = { ...scn, association: scn.association.map((row) => row.map((o, k) => (k === 2 ? 0 : o))) };
    expect(() => beamspaceMaps(none, 2, beams)).toThrow('UT 2 is served by no satellite (column 2 of O is zero)');
  });
});
