/**
 * MS²CDM — the closed-form precoder of Section IV-A, (45)–(48).
 *
 * Algorithm 1's W-step with the auxiliary variables fixed at D_k = [I_{N_R} 0],
 * C_k = blkdiag(I_{N_R}, 0): then D_k C_k D_k^H = I, so ψ → δ̌_{a,b,k} = Tr Δ_{b,a,k} (47),
 * Δ̌_j = diag(Tr Δ_{s,s,j}) = diag(γ_{s,j}) (Tr Σ = 1), t̃_{s,k}ᵀ = φ̄_{s,k}^* √ρ_{s,k} u_{s,k}^H
 * and β̃_k = β_k σ_k² N_R / P̃_k:
 *
 *   W̃_k = (Ξ̃_k + β̃_k I)^{-1} V̌_k^H Ť_k,  Ť_k = [ť_{1,k} … ť_{S,k}]ᵀ                 (45), (46)
 *
 * For M_k < N_R the first M_k columns are kept (48) — computed directly with the first
 * M_k columns of Ť_k — then each UT is normalised to P̃_k = Σ_s P_s / K and each
 * satellite scaled to its budget as in Algorithm 1 line 26. Solved with the structured
 * W-step (wstep.ts); sCSI only.
 *
 * No coherent component. When every serving link of UT k has a_{s,k} = φ̄_{s,k}√ρ_{s,k} = 0
 * (φ̄ = 0: ζ² = ∞, fully incoherent links; or ρ = 0: κ = 0 or γ = 0), Ť_k = 0, so (45)
 * gives W̃_k = 0 and the per-UT normalisation is 0/0. MS²CDM then takes the limit of the
 * normalised precoder: with a common φ̄ on the UT's links, Ť_k(φ̄) = φ̄·Ť_k(1) and Ξ̃_k is
 * continuous in φ̄ (only Δ̌_k's off-diagonal ∝ φ̄_a φ̄_b changes), so
 * W̃_k/‖W̃_k‖ → the same expression with rows √ρ_{s,k} u_{s,k}ᴴ in Ť_k. If ρ = 0 on every
 * serving link too, the same argument for a common κ → 0 (ρ ≈ κγ) gives rows
 * √γ_{s,k} u_{s,k}ᴴ; if γ = 0 on all of them (the UT receives nothing) rows u_{s,k}ᴴ.
 */
import { CMatrix, cols, hermitian, identity, scale, setBlock } from '../linalg/index.js';
import type { Scenario } from '../scenario/types.js';
import {
  checkPositiveWeights,
  checkScenarioForPrecoding,
  precodingGeometry,
  type PrecodingGeometry,
  type Precoders,
} from '../scsi/index.js';
import { psiOwn, psiSelf } from './cdwmmse.js';
import { scaleToSatellitePower } from './power.js';
import type { WStepMethod } from './types.js';
import {
  materialiseRankOne,
  normalisePerUt,
  structuredWStep,
  type RankOnePrecoder,
  type WStepInputs,
} from './wstep.js';

/** Options of the closed-form precoders. */
export interface CdmOptions {
  /** How the W-step solves its systems (default 'auto'). */
  method?: WStepMethod;
  /** Reuse a geometry already built for this scenario. */
  geometry?: PrecodingGeometry;
  /** W′ already computed by `cdmRankOne(scn, geometry)` (shared with an MS²CDWM start). */
  rankOne?: RankOnePrecoder;
}

/** MS²CDM precoders plus W′ (per-UT normalised, before line-26 scaling) — the MS²CDWM start. */
export interface CdmResult extends Precoders {
  unscaled: CMatrix[][];
}

/** The W-step inputs of MS²CDM ((45)–(47)): G_k = I, Ť_k, β̃_k = β_k σ_k² N_R / P̃_k. */
export function cdmWStepInputs(scn: Scenario, geo: PrecodingGeometry): WStepInputs {
  const eye = identity(geo.nR);
  const T: CMatrix[] = [];
  const psi: CMatrix[] = [];
  const betaTilde: number[] = [];
  for (let k = 0; k < geo.K; k++) {
    const sk = geo.serving[k];
    const m = geo.streams[k];
    const t = new CMatrix(sk.length, m);
    // ť_{s,k}ᵀ = φ̄ √ρ u^H, first M_k entries (48); without any coherent part, the limit
    // amplitudes of the file comment (√ρ, else √γ, else 1)
    let amp = sk.map((s) => geo.phiBar[s][k] * Math.sqrt(geo.rho[s][k]));
    if (amp.every((a) => a === 0)) amp = sk.map((s) => Math.sqrt(geo.rho[s][k]));
    if (amp.every((a) => a === 0)) amp = sk.map((s) => Math.sqrt(geo.rho[s][k] + geo.rhoTilde[s][k]));
    if (amp.every((a) => a === 0)) amp = sk.map(() => 1);
    sk.forEach((s, i) => {
      setBlock(t, i, 0, scale(cols(hermitian(geo.rxSteer[s][k]), 0, m), amp[i]));
    });
    T.push(t);
    psi.push(psiOwn(geo, eye, k));
    betaTilde.push((scn.weights[k] * scn.noiseW[k] * geo.nR) / geo.perUtPowerW);
  }
  const leakage = Array.from({ length: geo.S }, () => new Float64Array(geo.K));
  for (let j = 0; j < geo.K; j++) {
    const d = psiSelf(geo, eye, j);
    for (let s = 0; s < geo.S; s++) leakage[s][j] = scn.weights[j] * d[s];
  }
  return { weights: scn.weights.slice(), betaTilde, T, psiOwn: psi, leakage };
}

/** MS²CDM's W′ (per-UT normalised to P̃_k, before per-satellite scaling) as rank-one blocks. */
export function cdmRankOne(scn: Scenario, geo: PrecodingGeometry, method: WStepMethod = 'auto'): RankOnePrecoder {
  return normalisePerUt(geo, structuredWStep(geo, cdmWStepInputs(scn, geo), method), geo.perUtPowerW);
}

/** MS²CDM precoders (45)–(48) with per-satellite scaling (line 26 rule). */
export function cdmPrecoders(scn: Scenario, opts: CdmOptions = {}): CdmResult {
  if (!opts.geometry) checkScenarioForPrecoding(scn);
  checkPositiveWeights(scn, 'MS²CDM');
  const geo = opts.geometry ?? precodingGeometry(scn);
  const unscaled = materialiseRankOne(geo, opts.rankOne ?? cdmRankOne(scn, geo, opts.method ?? 'auto'));
  return { scheme: 'cdm', W: scaleToSatellitePower(unscaled, scn.powerW, 'cap'), unscaled };
}
