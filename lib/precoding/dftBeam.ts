/**
 * MS²DFT — conventional earth-moving DFT beamforming baseline (Section VI;
 * docs/paper-reading.md#x8).
 *
 * Each serving satellite sends one stream per UT on its single strongest active DFT beam
 * (largest |v̄_{s,k}[b]|² among the B_s selected codewords — beamspace transmission can
 * only use active beams), with a real positive amplitude: no precoding across beams and
 * no phase alignment beyond the beam's own. Streams are assigned round-robin over the
 * serving satellites as in LIB (so satellites repeat streams when S_k > M_k). Power: each
 * satellite splits P_s equally over the K_s UTs it serves, so (C7) holds with equality.
 */
import { type CMatrix, cabs } from '../linalg/index.js';
import type { Scenario } from '../scenario/types.js';
import { checkScenarioForPrecoding, type PrecodingGeometry, precodingGeometry, type Precoders } from '../scsi/index.js';
import { zeroPrecoderBlocks } from './power.js';

/** Index of the strongest active beam of UT k at satellite s, argmax_b |v̄_{s,k}[b]| (first on ties). */
export function strongestActiveBeam(V: CMatrix, k: number): number {
  let best = 0;
  let bestGain = -1;
  for (let b = 0; b < V.cols; b++) {
    const g = cabs(V.get(k, b));
    if (g > bestGain) {
      bestGain = g;
      best = b;
    }
  }
  return best;
}

/** MS²DFT precoders: one strongest beam per (satellite, UT), power P_s / K_s each. */
export function dftPrecoders(scn: Scenario, geometry?: PrecodingGeometry): Precoders {
  if (!geometry) checkScenarioForPrecoding(scn);
  const geo = geometry ?? precodingGeometry(scn);
  const W = zeroPrecoderBlocks(scn);
  for (let k = 0; k < scn.K; k++) {
    geo.serving[k].forEach((s, i) => {
      const amp = Math.sqrt(scn.powerW[s] / geo.served[s].length);
      W[s][k].set(strongestActiveBeam(geo.beamResponses[s], k), i % scn.streams[k], amp, 0);
    });
  }
  return { scheme: 'dft', W };
}
