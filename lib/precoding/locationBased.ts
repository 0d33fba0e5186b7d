/**
 * LIB — location-information-based precoding, Algorithm 2 (Section IV-B;
 * docs/paper-reading.md#x8).
 *
 * Every serving satellite sends one stream of UT k with the beam-domain matched filter
 * W′_{s,k}[:, b] = A_s^H F_s^H v_{s,k}^* = (v̄_{s,k}ᵀ)^H (line 7), the stream index b cycling
 * round-robin over the serving satellites in ascending s (lines 4, 8–11; streams beyond S_k
 * stay empty when S_k < M_k); then each satellite is scaled to exactly P_s (line 12).
 * Needs only the departure angles {θ^t, φ^t} (sCSI). Cost O(K Σ_s B_s) with the closed-form
 * beam response (no N_T-sized product).
 */
import { CMatrix, hermitian, setBlock } from '../linalg/index.js';
import type { Scenario } from '../scenario/types.js';
import {
  beamResponseRow,
  checkScenarioForPrecoding,
  precodingGeometry,
  type PrecodingGeometry,
  type Precoders,
} from '../scsi/index.js';
import { scaleToSatellitePower, zeroPrecoderBlocks } from './power.js';

/** LIB precoders (Algorithm 2), every satellite at exactly P_s. */
export function libPrecoders(scn: Scenario, geometry?: PrecodingGeometry): Precoders {
  if (!geometry) checkScenarioForPrecoding(scn);
  const geo = geometry ?? precodingGeometry(scn);
  const W: CMatrix[][] = zeroPrecoderBlocks(scn);
  for (let k = 0; k < scn.K; k++) {
    let b = 0;
    for (const s of geo.serving[k]) {
      setBlock(W[s][k], 0, b, hermitian(beamResponseRow(geo, s, k)));
      b = b === scn.streams[k] - 1 ? 0 : b + 1;
    }
  }
  return { scheme: 'lib', W: scaleToSatellitePower(W, scn.powerW, 'exact') };
}
