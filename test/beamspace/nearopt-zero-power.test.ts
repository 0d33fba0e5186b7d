/**
 * NearOpt with a zero-power satellite (issue 9): P_s = 0 is accepted and selects as the
 * limit P_s → 0 — every interference-aware score update is O(P_s²) against scores O(P_s),
 * so the selection at P_s = 0 equals the selection at a vanishing positive P_s.
 */
import { describe, expect, it } from 'vitest';
import { nearOptSelection } from '../../lib/beamspace/nearopt.js';
import type { Scenario } from '../../lib/scenario/types.js';
import { tinyScenario } from '../precoding/fixtures.js';

function withPower(p0: number): Scenario {
  const scn = tinyScenario(21);
  scn.powerW = scn.powerW.slice();
  scn.powerW[0] = p0;
  return scn;
}

describe('NearOpt, P_s = 0', () => {
  it('selects as for a vanishing positive P_s (and the other satellites as before)', () => {
    const zero = nearOptSelection(withPower(0), 5).beams;
    const tiny = nearOptSelection(withPower(1e-30), 5).beams;
    expect(zero).toEqual(tiny);
    expect(zero.slice(1)).toEqual(nearOptSelection(withPower(1), 5).beams.slice(1));
    expect(zero[0]).toHaveLength(5);
  });
  it('still refuses a negative power with a message naming the field', () => {
    expect(() => nearOptSelection(withPower(-1), 5)).toThrow('powerW[0] must be >= 0 W for NearOpt, got -1');
  });
});
