/**
 * A drop evolving in time (lib/channel/evolve.ts): Δt = 0 is the static drop bit for bit;
 * what the model says persists does persist (the standardised large-scale deviates, the
 * draws of a satellite through a change of the cooperating set), what follows the
 * geometry does (γ through the path loss, recomputed here from the slant range and
 * elevation), the 'redraw' extreme really redraws, and the array-centre phase reference
 * makes the LoS channel centro-Hermitian.
 */
import { describe, expect, it } from 'vitest';
import {
  DropConfigError,
  defaultDropConfig,
  drawDrop,
  dropAt,
  keptPhaseRad,
  lspStatistics,
  lspTable,
  referencePhaseRad,
  steeringVector,
} from '../../lib/channel/index.js';
import { mmul, transpose } from '../../lib/linalg/index.js';
import { Rng } from '../../lib/random/index.js';

const config = defaultDropConfig({ K: 8 });
const rng = Rng.forDrop(11, 2).child('drop');
const drop = drawDrop(config, rng);
const table = lspTable('quadriga');

/** Standardised deviate (X − μ(α))/σ(α) of a link's K-factor and lg ASA at its elevation (the table clamps α to [10°, 90°]). */
function deviates(elevationDeg: number, kFactorDb: number, asaDeg: number): [number, number] {
  const st = lspStatistics(table, 'los', (elevationDeg * Math.PI) / 180, config.carrierGHz);
  const kf = st.kFactorDb as { mu: number; sigma: number };
  return [(kFactorDb - kf.mu) / kf.sigma, (Math.log10(asaDeg) - st.lgAsaDeg.mu) / st.lgAsaDeg.sigma];
}

describe('dropAt', () => {
  it('reproduces the static drop bit for bit at Δt = 0 (every option)', () => {
    expect(dropAt(drop, rng, 0)).toEqual(drop);
    expect(dropAt(drop, rng, 0, { lspMemory: 'redraw' })).toEqual(drop);
    expect(dropAt(drop, rng, 0, { satellites: 'nearest' })).toEqual(drop);
  });

  it('keeps the UTs and the standardised large-scale deviates while the medians follow the elevation', () => {
    const later = dropAt(drop, rng, 20);
    expect(later.geometry.uts).toBe(drop.geometry.uts);
    expect(later.geometry.timeS).toBe(drop.geometry.timeS + 20);
    let moved = 0;
    for (let s = 0; s < config.S; s++) {
      for (let k = 0; k < config.K; k++) {
        const a = drop.details[s][k];
        const b = later.details[s][k];
        if (Math.abs(a.elevationDeg - b.elevationDeg) > 0.01) moved++;
        const [ka, aa] = deviates(a.elevationDeg, a.kFactorDb, a.asaDeg);
        const [kb, ab] = deviates(b.elevationDeg, b.kFactorDb, b.asaDeg);
        expect(kb).toBeCloseTo(ka, 9);
        expect(ab).toBeCloseTo(aa, 9);
        expect(b.shadowFadingDb).toBe(a.shadowFadingDb); // SF: σ and μ do not depend on α in this table
      }
    }
    expect(moved).toBeGreaterThan((config.S * config.K) / 2); // the geometry did change
  });

  it('moves γ with the free-space and atmospheric loss of the new slant range and elevation (to 1e-9 dB)', () => {
    const later = dropAt(drop, rng, 30);
    for (let s = 0; s < config.S; s++) {
      for (let k = 0; k < config.K; k++) {
        const a = drop.details[s][k];
        const b = later.details[s][k];
        const atm = (el: number) => 0.04 / Math.sin((el * Math.PI) / 180);
        const expected =
          -20 * Math.log10(b.slantRangeKm / a.slantRangeKm) - (atm(b.elevationDeg) - atm(a.elevationDeg));
        expect(b.gammaDb - a.gammaDb).toBeCloseTo(expected, 9);
      }
    }
  });

  it("redraws the deviates with lspMemory 'redraw' (independent of t₀'s)", () => {
    const later = dropAt(drop, rng, 20, { lspMemory: 'redraw' });
    let differ = 0;
    for (let s = 0; s < config.S; s++) {
      for (let k = 0; k < config.K; k++) {
        const a = drop.details[s][k];
        const b = later.details[s][k];
        const [ka] = deviates(a.elevationDeg, a.kFactorDb, a.asaDeg);
        const [kb] = deviates(b.elevationDeg, b.kFactorDb, b.asaDeg);
        if (Math.abs(ka - kb) > 1e-3) differ++;
      }
    }
    expect(differ).toBe(config.S * config.K);
  });

  it('keeps a satellite’s link draws when the cooperating set changes (nearest at t)', () => {
    // the first 10-s step at which the nearest set has partly changed
    const at = (t: number) => {
      const tracked = dropAt(drop, rng, t);
      const nearest = dropAt(drop, rng, t, { satellites: 'nearest' });
      const idxT = tracked.geometry.satellites.map((x) => x.index);
      const idxN = nearest.geometry.satellites.map((x) => x.index);
      return { tracked, nearest, idxT, idxN, common: idxN.filter((q) => idxT.includes(q)) };
    };
    let t = 10;
    while (at(t).common.length === config.S && t < 300) t += 10;
    const { tracked, nearest, idxT, idxN, common } = at(t);
    expect(common.length).toBeGreaterThan(0);
    expect(common.length).toBeLessThan(config.S);
    for (const q of common) {
      const a = tracked.details[idxT.indexOf(q)];
      const b = nearest.details[idxN.indexOf(q)];
      expect(b).toEqual(a);
      expect(nearest.scenario.links[idxN.indexOf(q)]).toEqual(tracked.scenario.links[idxT.indexOf(q)]);
    }
  });

  it('rejects another rng, a bad age or bad options with one clear line', () => {
    expect(() => dropAt(drop, Rng.forDrop(11, 3).child('drop'), 5)).toThrow(DropConfigError);
    expect(() => dropAt(drop, Rng.forDrop(11, 3).child('drop'), 5)).toThrow(
      "rng must be the drop's own (key '11/drop/2/drop'), got key '11/drop/3/drop'",
    );
    expect(() => dropAt(drop, rng, NaN)).toThrow('dtS must be a number of seconds in [-86400, 86400], got NaN');
    expect(() => dropAt(drop, rng, 1, { satellites: 'all' as never })).toThrow(
      "satellites must be one of tracked|nearest, got 'all'",
    );
    expect(() => dropAt(drop, rng, 1, { lspMemory: 'sometimes' as never })).toThrow(
      "lspMemory must be one of persist|redraw, got 'sometimes'",
    );
  });
});

describe('phase reference of the steering vectors', () => {
  it('e^{jχ}·u vᵀ is centro-Hermitian: the array-centre reference (to 1e-12)', () => {
    const sat = { nV: 4, nH: 3 };
    const ut = { nV: 2, nH: 2 };
    const link = { thetaT: 1.1, phiT: 2.0, thetaR: 0.7, phiR: 1.3 } as Parameters<typeof referencePhaseRad>[0];
    const v = steeringVector(sat, Math.cos(link.thetaT), Math.sin(link.thetaT) * Math.cos(link.phiT));
    const u = steeringVector(ut, Math.cos(link.thetaR), Math.sin(link.thetaR) * Math.cos(link.phiR));
    const H = mmul(u, transpose(v));
    const chi = referencePhaseRad(link, sat, ut);
    const c = { re: Math.cos(chi), im: Math.sin(chi) };
    const at = (m: number, n: number) => {
      const i = m * H.cols + n;
      return { re: c.re * H.re[i] - c.im * H.im[i], im: c.re * H.im[i] + c.im * H.re[i] };
    };
    let worst = 0;
    for (let m = 0; m < H.rows; m++) {
      for (let n = 0; n < H.cols; n++) {
        const a = at(m, n);
        const b = at(H.rows - 1 - m, H.cols - 1 - n);
        worst = Math.max(worst, Math.abs(a.re - b.re), Math.abs(a.im + b.im));
      }
    }
    expect(worst).toBeLessThan(1e-12);
    // without the phase the corner-referenced channel is not centro-Hermitian
    expect(Math.abs(H.im[0] + H.im[H.rows * H.cols - 1])).toBeGreaterThan(1e-3);
  });

  it('gives the kept precoder no rotation at Δt = 0 and χ(t) − χ(t₀) later', () => {
    const zero = keptPhaseRad(drop.scenario, drop.scenario);
    expect(zero.flat().every((x) => x === 0)).toBe(true);
    const later = dropAt(drop, rng, 5).scenario;
    const ph = keptPhaseRad(drop.scenario, later);
    const ref = (l: Parameters<typeof referencePhaseRad>[0]) => referencePhaseRad(l, later.satArray, later.utArray);
    expect(ph[1][2]).toBeCloseTo(ref(later.links[1][2]) - ref(drop.scenario.links[1][2]), 12);
    expect(ph.flat().some((x) => Math.abs(x) > 1e-3)).toBe(true);
    expect(
      keptPhaseRad(drop.scenario, later, 'element0')
        .flat()
        .every((x) => x === 0),
    ).toBe(true);
  });
});
