/**
 * Synthetic drops for the precoding and metrics tests and the precoding benchmark
 * (Section II system model; conventions of docs/paper-reading.md#c1–#c5): random UT
 * positions mapped to direction cosines at each satellite, random arrival angles,
 * log-normal γ around a target SNR, Rician κ, trace-normalised random Σ, φ̄ = e^{−ζ²/2},
 * association by the S_k strongest γ, and an LCMS-like beam choice (each served UT's
 * strongest free beam, then the beams of largest Σ_k γ |vᵀf|²). Not a physical drop —
 * lib/channel's drawDrop makes those — but every field is valid and the sizes are the
 * paper's.
 */
import { arrayElements, beamGains, type ArraySize } from '../../lib/channel/steering.js';
import { CMatrix, addIdentity, mmulNH, scale, trace } from '../../lib/linalg/index.js';
import { Rng } from '../../lib/random/index.js';
import type { LinkStats, Scenario } from '../../lib/scenario/types.js';

export interface SyntheticOptions {
  S?: number;
  K?: number;
  /** Serving satellites per UT (S_k, same for all). */
  servingPerUt?: number;
  satArray?: ArraySize;
  utArray?: ArraySize;
  /** Active beams per satellite B_s. */
  beamsPerSat?: number;
  /** Streams per UT M_k. */
  streams?: number;
  /** Mean per-link SNR γP/σ² in dB (default 30). */
  snrDb?: number;
  /** Median Rician factor in dB (default 25; Infinity = pure LoS). */
  kappaDb?: number;
  /** Phase-error variance ζ² (default 0.5). */
  zeta2?: number;
  /** Per-satellite power P_s in W (default 1). */
  powerW?: number;
  /** Noise power σ² in W (default 6e-16, k_B·290 K·30 kHz·7 dB). */
  noiseW?: number;
  /** Spread of the UT positions in direction-cosine units (default 0.35). */
  spread?: number;
  /** Random (default) or isotropic Σ = I/N_R. */
  isotropicSigma?: boolean;
  /** Rate weights: all 1 (default) or uniform in [0.5, 1.5]. */
  randomWeights?: boolean;
}

/** A synthetic Scenario drawn from `seed`. */
export function syntheticScenario(seed: number | string, o: SyntheticOptions = {}): Scenario {
  const rng = new Rng(`synthetic/${seed}`);
  const S = o.S ?? 5;
  const K = o.K ?? 48;
  const Sk = o.servingPerUt ?? Math.min(3, S);
  const satArray = o.satArray ?? { nV: 16, nH: 16 };
  const utArray = o.utArray ?? { nV: 2, nH: 2 };
  const nT = arrayElements(satArray);
  const nR = arrayElements(utArray);
  const B = o.beamsPerSat ?? Math.min(48, nT);
  const M = o.streams ?? Math.min(2, nR);
  const powerW = o.powerW ?? 1;
  const noiseW = o.noiseW ?? 6e-16;
  const snrDb = o.snrDb ?? 30;
  const kappaDb = o.kappaDb ?? 25;
  const zeta2 = o.zeta2 ?? 0.5;
  const spread = o.spread ?? 0.35;
  const gamma0 = (noiseW * 10 ** (snrDb / 10)) / powerW;
  // UT positions (unit disc) and satellite "centres" in direction-cosine space
  const pos = Array.from({ length: K }, () => {
    const r = Math.sqrt(rng.uniform());
    const a = 2 * Math.PI * rng.uniform();
    return [r * Math.cos(a), r * Math.sin(a)];
  });
  const links: LinkStats[][] = [];
  for (let s = 0; s < S; s++) {
    const cV = rng.uniformIn(-0.25, 0.25);
    const cH = rng.uniformIn(-0.25, 0.25);
    const rot = rng.uniformIn(0, 2 * Math.PI);
    const satGainDb = rng.uniformIn(-3, 3);
    const row: LinkStats[] = [];
    for (let k = 0; k < K; k++) {
      const [px, py] = pos[k];
      const xV = cV + spread * (Math.cos(rot) * px - Math.sin(rot) * py);
      const xH = cH + spread * (Math.sin(rot) * px + Math.cos(rot) * py);
      const thetaT = Math.acos(xV);
      const phiT = Math.acos(Math.max(-1, Math.min(1, xH / Math.sin(thetaT))));
      const thetaR = rng.uniformIn(0.2, 1.3);
      const phiR = rng.uniformIn(-Math.PI, Math.PI);
      const gamma = gamma0 * 10 ** ((satGainDb + 2 * rng.normal()) / 10);
      const kappa = Number.isFinite(kappaDb) ? 10 ** ((kappaDb + 3 * rng.normal()) / 10) : Infinity;
      let sigma: CMatrix;
      if (o.isotropicSigma) sigma = scale(addIdentity(new CMatrix(nR, nR), 1), 1 / nR);
      else {
        const a = rng.complexNormalMatrix(nR, nR);
        const m = addIdentity(mmulNH(a, a), nR * 0.5);
        sigma = scale(m, 1 / trace(m).re);
      }
      row.push({ gamma, kappa, thetaT, phiT, thetaR, phiR, sigma, phiBar: Math.exp(-zeta2 / 2) });
    }
    links.push(row);
  }
  // association: S_k strongest γ per UT
  const association = Array.from({ length: S }, () => new Array<number>(K).fill(0));
  for (let k = 0; k < K; k++) {
    const order = Array.from({ length: S }, (_, s) => s).sort((a, b) => links[b][k].gamma - links[a][k].gamma);
    for (let i = 0; i < Sk; i++) association[order[i]][k] = 1;
  }
  // beams: strongest free beam per served UT (descending γ), then fill by Σ_k γ·gain
  const beams: number[][] = [];
  for (let s = 0; s < S; s++) {
    const gains = links[s].map((l) => {
      const g = beamGains(satArray, Math.cos(l.thetaT), Math.sin(l.thetaT) * Math.cos(l.phiT));
      return g;
    });
    const chosen = new Set<number>();
    const served = Array.from({ length: K }, (_, k) => k)
      .filter((k) => association[s][k] === 1)
      .sort((a, b) => links[s][b].gamma - links[s][a].gamma);
    for (const k of served) {
      if (chosen.size >= B) break;
      let best = -1;
      for (let q = 0; q < nT; q++) if (!chosen.has(q) && (best < 0 || gains[k][q] > gains[k][best])) best = q;
      chosen.add(best);
    }
    const score = new Float64Array(nT);
    for (const k of served) for (let q = 0; q < nT; q++) score[q] += links[s][k].gamma * gains[k][q];
    const rest = Array.from({ length: nT }, (_, q) => q)
      .filter((q) => !chosen.has(q))
      .sort((a, b) => score[b] - score[a]);
    for (const q of rest) {
      if (chosen.size >= B) break;
      chosen.add(q);
    }
    beams.push([...chosen].sort((a, b) => a - b));
  }
  const weights = Array.from({ length: K }, () => (o.randomWeights ? rng.uniformIn(0.5, 1.5) : 1));
  return {
    S,
    K,
    satArray,
    utArray,
    links,
    powerW: new Array<number>(S).fill(powerW),
    noiseW: new Array<number>(K).fill(noiseW),
    weights,
    streams: new Array<number>(K).fill(M),
    association,
    beams,
    meta: { generator: 'test/precoding/fixtures.ts syntheticScenario', seed, options: o },
  };
}

/** A tiny drop for finite-difference and direct-vs-fast tests (S=3, K=4, N_T=16, B_s=5, N_R=4). */
export function tinyScenario(seed: number | string, o: SyntheticOptions = {}): Scenario {
  return syntheticScenario(seed, {
    S: 3,
    K: 4,
    servingPerUt: 2,
    satArray: { nV: 4, nH: 4 },
    utArray: { nV: 2, nH: 2 },
    beamsPerSat: 5,
    streams: 2,
    snrDb: 15,
    spread: 0.5,
    randomWeights: true,
    ...o,
  });
}
