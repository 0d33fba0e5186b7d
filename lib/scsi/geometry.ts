/**
 * Per-drop statistical quantities the precoders and the rates share (Section III-C, (7), (8),
 * (22), (23), (27)): beam-domain responses v̄_{s,k}ᵀ = v_{s,k}ᵀ F_s A_s, receive steering
 * u_{s,k}, LoS/NLoS powers ρ, ρ̃, the covariances Δ_{s1,s2,k} and the Lemma 1 factors Σ̃_{s,k}.
 * Computed once per drop from sCSI only (the Scenario's links — never realisations).
 *
 *   Δ_{s,s,k}  = ρ_{s,k} u u^H + ρ̃_{s,k} Σ_{s,k}
 *   Δ_{s1,s2,k} = √(ρ_{s1,k} ρ_{s2,k}) φ̄_{s1,k} φ̄_{s2,k}^* u_{s1,k} u_{s2,k}^H   (s1 ≠ s2)
 *   Σ̃_{s,k} Σ̃_{s,k}^H = (1 − |φ̄_{s,k}|²) ρ_{s,k} u u^H + ρ̃_{s,k} Σ_{s,k}   (27)
 *
 * φ̄ is real in the Scenario (φ̄ = e^{−ζ²/2}), so φ̄^* = φ̄ below.
 */
import { beamResponse, directionCosines, arrayElements } from '../channel/steering.js';
import { SIGMA_PSD_REL_TOL, losNlosPowers, rxSteering } from '../channel/realisation.js';
import { CMatrix, addScaledInPlace, hermitianFactor, hermitianGram, mmulNH, scale, setBlock } from '../linalg/index.js';
import type { Scenario } from '../scenario/types.js';

/** sCSI-derived quantities of one drop, shared by all precoders and the upper-bound rate. */
export interface PrecodingGeometry {
  S: number;
  K: number;
  /** N_R, N_T. */
  nR: number;
  nT: number;
  /** B_s (active beams per satellite). */
  beamCounts: number[];
  /** M_k. */
  streams: number[];
  /** S_k: serving satellites of UT k, ascending. */
  serving: number[][];
  /** K_s: UTs served by satellite s, ascending. */
  served: number[][];
  /** V_s ∈ C^{K × B_s}: row k is v̄_{s,k}ᵀ (beam-domain response of UT k at satellite s). */
  beamResponses: CMatrix[];
  /** u_{s,k} ∈ C^{N_R} (8). */
  rxSteer: CMatrix[][];
  /** ρ_{s,k} = κγ/(κ+1), ρ̃_{s,k} = γ/(κ+1). */
  rho: number[][];
  rhoTilde: number[][];
  /** φ̄_{s,k}. */
  phiBar: number[][];
  /** Δ_{s,s,k} (23), N_R × N_R, for every (s, k). */
  deltaSelf: CMatrix[][];
  /** Δ_{S_k[a], S_k[b], k} for the serving satellites of UT k: deltaServing[k][a][b]. */
  deltaServing: CMatrix[][][];
  /** Σ̃_{s,k} (27), N_R × N_R, for serving links (undefined otherwise). */
  sigmaTilde: (CMatrix | undefined)[][];
  /** Per-UT power budget of (P5): P̃_k = Σ_s P_s / K (Algorithm 1 line 7). */
  perUtPowerW: number;
  /** Gram matrices V_s V_sᴴ (K × K), built on first use. */
  gramCache: (CMatrix | undefined)[];
}

/** Build the geometry of a drop (O(S·K·(B_s + N_R³))). The scenario must be valid. */
export function precodingGeometry(scn: Scenario): PrecodingGeometry {
  const { S, K } = scn;
  const nR = arrayElements(scn.utArray);
  const nT = arrayElements(scn.satArray);
  const serving: number[][] = Array.from({ length: K }, () => []);
  const served: number[][] = Array.from({ length: S }, () => []);
  for (let s = 0; s < S; s++) {
    for (let k = 0; k < K; k++) {
      if (scn.association[s][k] === 1) {
        serving[k].push(s);
        served[s].push(k);
      }
    }
  }
  const beamResponses: CMatrix[] = [];
  const rxSteer: CMatrix[][] = [];
  const rho: number[][] = [];
  const rhoTilde: number[][] = [];
  const phiBar: number[][] = [];
  const deltaSelf: CMatrix[][] = [];
  const sigmaTilde: (CMatrix | undefined)[][] = [];
  for (let s = 0; s < S; s++) {
    const bs = scn.beams[s].length;
    const vs = new CMatrix(K, bs);
    const us: CMatrix[] = [];
    const rs: number[] = [];
    const rts: number[] = [];
    const ps: number[] = [];
    const ds: CMatrix[] = [];
    const sts: (CMatrix | undefined)[] = [];
    for (let k = 0; k < K; k++) {
      const link = scn.links[s][k];
      const [xV, xH] = directionCosines(link.thetaT, link.phiT);
      setBlock(vs, k, 0, beamResponse(scn.satArray, xV, xH, scn.beams[s]));
      const u = rxSteering(link, scn.utArray);
      const { rho: r, rhoTilde: rt } = losNlosPowers(link);
      const uuH = mmulNH(u, u);
      const delta = scale(uuH, r);
      if (rt > 0) addScaledInPlace(delta, link.sigma, rt);
      us.push(u);
      rs.push(r);
      rts.push(rt);
      ps.push(link.phiBar);
      ds.push(delta);
      if (scn.association[s][k] === 1) {
        const m = scale(uuH, (1 - link.phiBar * link.phiBar) * r);
        if (rt > 0) addScaledInPlace(m, link.sigma, rt);
        sts.push(hermitianFactor(m, SIGMA_PSD_REL_TOL));
      } else {
        sts.push(undefined);
      }
    }
    beamResponses.push(vs);
    rxSteer.push(us);
    rho.push(rs);
    rhoTilde.push(rts);
    phiBar.push(ps);
    deltaSelf.push(ds);
    sigmaTilde.push(sts);
  }
  const perUtPowerW = scn.powerW.reduce((a, b) => a + b, 0) / K;
  const geo: PrecodingGeometry = {
    S,
    K,
    nR,
    nT,
    beamCounts: scn.beams.map((b) => b.length),
    streams: scn.streams.slice(),
    serving,
    served,
    beamResponses,
    rxSteer,
    rho,
    rhoTilde,
    phiBar,
    deltaSelf,
    deltaServing: [],
    sigmaTilde,
    perUtPowerW,
    gramCache: new Array<CMatrix | undefined>(S).fill(undefined),
  };
  for (let k = 0; k < K; k++) {
    geo.deltaServing.push(serving[k].map((s1) => serving[k].map((s2) => deltaMatrix(geo, s1, s2, k))));
  }
  return geo;
}

/** Δ_{s1,s2,k} (23), N_R × N_R. */
export function deltaMatrix(geo: PrecodingGeometry, s1: number, s2: number, k: number): CMatrix {
  if (s1 === s2) return geo.deltaSelf[s1][k];
  const c = Math.sqrt(geo.rho[s1][k] * geo.rho[s2][k]) * geo.phiBar[s1][k] * geo.phiBar[s2][k];
  return scale(mmulNH(geo.rxSteer[s1][k], geo.rxSteer[s2][k]), c);
}

/** v̄_{s,k}ᵀ as a 1 × B_s row. */
export function beamResponseRow(geo: PrecodingGeometry, s: number, k: number): CMatrix {
  const v = geo.beamResponses[s];
  return new CMatrix(1, v.cols, v.re.slice(k * v.cols, (k + 1) * v.cols), v.im.slice(k * v.cols, (k + 1) * v.cols));
}

/** Gram matrix V_s V_sᴴ (K × K) of satellite s's beam responses, cached. */
export function beamGram(geo: PrecodingGeometry, s: number): CMatrix {
  let g = geo.gramCache[s];
  if (g === undefined) {
    g = hermitianGram(geo.beamResponses[s]);
    geo.gramCache[s] = g;
  }
  return g;
}
