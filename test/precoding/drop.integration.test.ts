/**
 * Integration on a real default drop (Table I: K = 48, S = 5, S_k = 3, N_R = 4, M_k = 2,
 * B_s = 48 by LCMS; lib/channel drawDrop → lib/clustering → lib/beamspace): every scheme
 * honours (C7), rates are finite, MS²CDWM ≥ MS²CDM in the design metric, and the ergodic
 * rates order as the paper reports (MS²CDWM > MS²CDM > LIB, MS²DFT) on this seed.
 */
import { describe, expect, it } from 'vitest';
import { selectBeams } from '../../lib/beamspace/index.js';
import { defaultDropConfig, drawDrop } from '../../lib/channel/index.js';
import { competitionClustering } from '../../lib/clustering/index.js';
import { ergodicRates, upperBoundRates } from '../../lib/metrics/index.js';
import {
  cdmPrecoders,
  cdwmPrecoders,
  dftPrecoders,
  libPrecoders,
  satellitePowersW,
} from '../../lib/precoding/index.js';
import { Rng } from '../../lib/random/index.js';
import type { Scenario } from '../../lib/scenario/types.js';

function defaultDrop(): Scenario {
  const d = drawDrop(defaultDropConfig(), Rng.forDrop(2024, 0).child('drop'));
  const { association } = competitionClustering(d.scenario, { Sk: 3, KsMax: 36 });
  const clustered = { ...d.scenario, association };
  return { ...clustered, beams: selectBeams(clustered, { method: 'lcms', Bs: 48 }) };
}

describe('default drop, all schemes', () => {
  const scn = defaultDrop();
  const schemes = {
    dft: dftPrecoders(scn),
    lib: libPrecoders(scn),
    cdm: cdmPrecoders(scn),
    cdwm: cdwmPrecoders(scn, { maxIterations: 8 }),
  };
  it('has the Table I sizes', () => {
    expect([scn.K, scn.S, scn.beams[0].length, scn.streams[0]]).toEqual([48, 5, 48, 2]);
  });
  it('every scheme honours (C7) and gives finite positive rates', () => {
    for (const p of Object.values(schemes)) {
      satellitePowersW(p.W).forEach((x, s) => expect(x).toBeLessThanOrEqual(scn.powerW[s] * (1 + 1e-12)));
      const r = upperBoundRates(scn, p);
      expect(r.perUt.every((x) => Number.isFinite(x) && x >= 0)).toBe(true);
      expect(r.sum).toBeGreaterThan(0);
    }
  });
  it('MS²CDWM ≥ MS²CDM (upper bound) and the ergodic ordering CDWM > CDM > LIB, DFT', () => {
    const ub = (k: keyof typeof schemes) => upperBoundRates(scn, schemes[k]).sum;
    expect(ub('cdwm')).toBeGreaterThanOrEqual(ub('cdm'));
    const erg = (k: keyof typeof schemes) => ergodicRates(scn, schemes[k], { realizations: 16, rng: new Rng('erg') });
    const e = { cdwm: erg('cdwm'), cdm: erg('cdm'), lib: erg('lib'), dft: erg('dft') };
    expect(e.cdwm.sum - e.cdm.sum).toBeGreaterThan(4 * Math.hypot(e.cdwm.sumStdErr, e.cdm.sumStdErr));
    expect(e.cdm.sum - e.lib.sum).toBeGreaterThan(4 * Math.hypot(e.cdm.sumStdErr, e.lib.sumStdErr));
    expect(e.cdm.sum - e.dft.sum).toBeGreaterThan(4 * Math.hypot(e.cdm.sumStdErr, e.dft.sumStdErr));
  });
});
