/**
 * Synthetic Scenarios for the clustering and beam-selection tests (Section V): random
 * departure directions inside the coverage cone of each satellite, log-normal γ, the
 * Table I operating point otherwise. Independent of lib/geometry's drop generator, so the
 * selection tests do not depend on it.
 */
import { identity, scale } from '../../lib/linalg/index.js';
import type { Rng } from '../../lib/random/index.js';
import type { ArraySize } from '../../lib/channel/steering.js';
import type { LinkStats, Scenario } from '../../lib/scenario/types.js';

export interface SyntheticOptions {
  S: number;
  K: number;
  /** Satellite UPA, default 16×16. */
  satArray?: ArraySize;
  /** UT UPA, default 2×2. */
  utArray?: ArraySize;
  /** Largest direction cosine of a UT seen from a satellite (√(x_V²+x_H²) ≤ this), default 0.6. */
  maxDirectionCosine?: number;
  /** Association; default: every UT served by its 3 strongest satellites (or all if S < 3). */
  association?: number[][];
}

/** Angles (θ, φ) with cos θ = x_V and sin θ cos φ = x_H. */
function anglesFromCosines(xV: number, xH: number): { theta: number; phi: number } {
  const theta = Math.acos(xV);
  return { theta, phi: Math.acos(Math.max(-1, Math.min(1, xH / Math.sin(theta)))) };
}

/** A random drop-like Scenario (sCSI only) drawn from `rng`. */
export function syntheticScenario(rng: Rng, opts: SyntheticOptions): Scenario {
  const { S, K } = opts;
  const satArray = opts.satArray ?? { nV: 16, nH: 16 };
  const utArray = opts.utArray ?? { nV: 2, nH: 2 };
  const nR = utArray.nV * utArray.nH;
  const rMax = opts.maxDirectionCosine ?? 0.6;
  const links: LinkStats[][] = [];
  for (let s = 0; s < S; s++) {
    const row: LinkStats[] = [];
    for (let k = 0; k < K; k++) {
      const r = rMax * Math.sqrt(rng.uniform());
      const a = 2 * Math.PI * rng.uniform();
      const t = anglesFromCosines(r * Math.cos(a), r * Math.sin(a));
      const r2 = 0.5 * Math.sqrt(rng.uniform());
      const a2 = 2 * Math.PI * rng.uniform();
      const u = anglesFromCosines(r2 * Math.cos(a2), r2 * Math.sin(a2));
      row.push({
        gamma: 1e-13 * Math.pow(10, (6 * rng.normal()) / 10),
        kappa: Math.pow(10, 2.8),
        thetaT: t.theta,
        phiT: t.phi,
        thetaR: u.theta,
        phiR: u.phi,
        sigma: scale(identity(nR), 1 / nR),
        phiBar: Math.exp(-0.25),
      });
    }
    links.push(row);
  }
  let association = opts.association;
  if (!association) {
    const n = Math.min(3, S);
    association = Array.from({ length: S }, () => new Array<number>(K).fill(0));
    for (let k = 0; k < K; k++) {
      const order = Array.from({ length: S }, (_, s) => s).sort((a, b) => links[b][k].gamma - links[a][k].gamma);
      for (const s of order.slice(0, n)) association[s][k] = 1;
    }
  }
  return {
    S,
    K,
    satArray,
    utArray,
    links,
    powerW: new Array<number>(S).fill(1),
    noiseW: new Array<number>(K).fill(6.3e-16),
    weights: new Array<number>(K).fill(1),
    streams: new Array<number>(K).fill(2),
    association,
    beams: Array.from({ length: S }, () => []),
    meta: { synthetic: true },
  };
}
