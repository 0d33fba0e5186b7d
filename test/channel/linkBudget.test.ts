/**
 * Link budget (Table I; docs/paper-reading.md#c9). The worked example is computed here from
 * first principles (k_B, c, Friis) and compared with the library.
 */
import { describe, expect, it } from 'vitest';
import {
  atmosphericLossDb,
  dbToLinear,
  dbmToWatt,
  freeSpacePathLossDb,
  linearToDb,
  linkGainLinear,
  meanSnrDb,
  noisePowerW,
  pathLossDb,
  wattToDbm,
} from '../../lib/channel/index.js';

const C = 299792458;
const KB = 1.380649e-23;

describe('dB helpers', () => {
  it('convert both ways', () => {
    expect(dbToLinear(30)).toBeCloseTo(1000, 9);
    expect(linearToDb(0.5)).toBeCloseTo(-3.0103, 4);
    expect(dbmToWatt(30)).toBeCloseTo(1, 15);
    expect(dbmToWatt(-30)).toBeCloseTo(1e-6, 18);
    expect(wattToDbm(10)).toBeCloseTo(40, 12);
  });
});

describe('worked example: 600 km overhead at 2 GHz (link-budget sanity check)', () => {
  const d = 600e3;
  const f = 2e9;
  const fsplDb = 20 * Math.log10((4 * Math.PI * d * f) / C); // Friis
  const noiseW = KB * 290 * 30e3 * Math.pow(10, 7 / 10);
  const gammaLin = (256 * 4 * Math.pow(10, 6 / 10)) / Math.pow(10, fsplDb / 10);
  const snrDb = 10 * Math.log10((1 * gammaLin) / noiseW); // P = 30 dBm = 1 W

  it('free-space path loss ≈ 154.0 dB', () => {
    expect(fsplDb).toBeGreaterThan(153.95);
    expect(fsplDb).toBeLessThan(154.1);
    expect(freeSpacePathLossDb(d, 2)).toBeCloseTo(fsplDb, 9);
    // TR 38.811 rounds the constant to 32.45 dB: within 3 mdB of Friis
    expect(Math.abs(pathLossDb(d, 2) - fsplDb)).toBeLessThan(0.003);
    // QuaDRiGa's satellite model adds 0.1 dB
    expect(pathLossDb(d, 2, 32.55) - pathLossDb(d, 2)).toBeCloseTo(0.1, 12);
  });

  it('noise k_B·T·Δf·NF = 6.02e-16 W (−152.2 dBW)', () => {
    expect(noisePowerW(290, 30e3, 7)).toBeCloseTo(noiseW, 28);
    expect(10 * Math.log10(noiseW)).toBeCloseTo(-152.2, 1);
  });

  it('P = 30 dBm, 6 dBi, N_T = 256, N_R = 4 → mean SNR ≈ 34 dB', () => {
    const gamma = linkGainLinear(freeSpacePathLossDb(d, 2), {
      nT: 256,
      nR: 4,
      txElementGainDbi: 6,
      rxElementGainDbi: 0,
    });
    expect(gamma).toBeCloseTo(gammaLin, 25);
    const snr = meanSnrDb(gamma, dbmToWatt(30), noisePowerW(290, 30e3, 7));
    expect(snr).toBeCloseTo(snrDb, 9);
    expect(snr).toBeGreaterThan(34);
    expect(snr).toBeLessThan(34.5);
  });

  it('atmospheric gases: 0.04 dB / sin(elevation)', () => {
    expect(atmosphericLossDb(Math.PI / 2, 0.04)).toBeCloseTo(0.04, 15);
    expect(atmosphericLossDb(Math.PI / 6, 0.04)).toBeCloseTo(0.08, 15);
  });

  it('rejects bad inputs naming the argument', () => {
    expect(() => noisePowerW(0, 30e3, 7)).toThrow('temperatureK must be a finite number > 0, got 0');
    expect(() => pathLossDb(-5, 2)).toThrow('distanceM must be a finite number > 0, got -5');
    expect(() => atmosphericLossDb(0, 0.04)).toThrow('elevationRad must be in (0, π/2], got 0');
    expect(() => linkGainLinear(NaN, { nT: 1, nR: 1, txElementGainDbi: 0, rxElementGainDbi: 0 })).toThrow(
      'totalLossDb must be finite, got NaN',
    );
  });
});
