/**
 * Channel realisations of one drop (Section II-A, (4)–(6) with the NLoS coefficient of
 * docs/paper-reading.md#e6, (9) with φ once, #c5) — for rate
 * evaluation only; precoders never see these.
 *
 * Link (s, k): H_{s,k} = g_{s,k} v_{s,k}ᵀ with g = √ρ·u + √ρ̃·ũ, ũ ~ CN(0, Σ), so
 * E Tr(HHᴴ) = ρ + ρ̃ = γ. In the beam domain H_{s,k} F_s A_s = g_{s,k} v̄_{s,k}ᵀ, so a
 * realisation is fully described by the N_R-vector g_{s,k} and the phase error
 * φ_{s,k} = e^{jϱ}, ϱ ~ N(0, ζ²), ζ² = −2 ln φ̄, which multiplies the link's signal once (9).
 * φ̄ = 0 (ζ² = ∞, a fully incoherent link) is the limit: ϱ mod 2π uniform on [0, 2π) —
 * the wrapped normal tends to it as ζ² → ∞, and E{φ} = 0 = φ̄.
 */
import { CMatrix, type Complex, hermitianFactor, mmul } from '../linalg/index.js';
import type { Rng } from '../random/index.js';
import type { LinkStats, Scenario } from '../scenario/types.js';
import { arrayElements, directionCosines, steeringVector, type ArraySize } from './steering.js';

/** ρ = κγ/(κ+1) (LoS power) and ρ̃ = γ/(κ+1) (NLoS power) of a link. */
export function losNlosPowers(link: Pick<LinkStats, 'gamma' | 'kappa'>): { rho: number; rhoTilde: number } {
  if (!Number.isFinite(link.kappa)) return { rho: link.gamma, rhoTilde: 0 };
  return { rho: (link.kappa * link.gamma) / (link.kappa + 1), rhoTilde: link.gamma / (link.kappa + 1) };
}

/** Receive steering vector u_{s,k} (N_R × 1) from the arrival angles (8). */
export function rxSteering(link: LinkStats, utArray: ArraySize): CMatrix {
  const [xV, xH] = directionCosines(link.thetaR, link.phiR);
  return steeringVector(utArray, xV, xH);
}

/** Transmit steering vector v_{s,k} (N_T × 1) from the departure angles (7). */
export function txSteering(link: LinkStats, satArray: ArraySize): CMatrix {
  const [xV, xH] = directionCosines(link.thetaT, link.phiT);
  return steeringVector(satArray, xV, xH);
}

/** Phase-error variance ζ² = −2 ln φ̄ of a link (φ̄ = e^{−ζ²/2}); +∞ for φ̄ = 0. */
export function phaseErrorVariance(phiBar: number): number {
  return phiBar >= 1 ? 0 : -2 * Math.log(phiBar);
}

/**
 * Relative tolerance on negative eigenvalues when a covariance built from a scenario's Σ
 * is factored (hermitianFactor): the scenario reader accepts Σ with eigenvalues down to
 * −1e-9 at unit trace (lib/scenario), i.e. up to ≈ 1e-9·N_R relative to the largest;
 * such round-off eigenvalues are clamped to 0, not rejected.
 */
export const SIGMA_PSD_REL_TOL = 1e-6;

/**
 * F with F·Fᴴ = Σ, cached per Σ object: the factor depends only on the sCSI, so a Monte
 * Carlo over many realisations of one drop factors each Σ once (it was half the cost).
 */
const sigmaFactors = new WeakMap<CMatrix, CMatrix>();
function sigmaFactor(sigma: CMatrix): CMatrix {
  let f = sigmaFactors.get(sigma);
  if (f === undefined) {
    f = hermitianFactor(sigma, SIGMA_PSD_REL_TOL);
    sigmaFactors.set(sigma, f);
  }
  return f;
}

/** One realisation of a drop's channels: g[s][k] (N_R × 1) and φ[s][k]. */
export interface ChannelRealisation {
  g: CMatrix[][];
  phi: Complex[][];
}

/**
 * Draw g_{s,k} = √ρ u + √ρ̃ ũ (ũ ~ CN(0, Σ_{s,k})) and φ_{s,k} = e^{jϱ}, ϱ ~ N(0, ζ²)
 * (ϱ uniform on [0, 2π) when φ̄ = 0), independently for every link, from `rng`.
 */
export function drawRealisation(scn: Scenario, rng: Rng): ChannelRealisation {
  const nR = arrayElements(scn.utArray);
  const g: CMatrix[][] = [];
  const phi: Complex[][] = [];
  for (let s = 0; s < scn.S; s++) {
    const gs: CMatrix[] = [];
    const ps: Complex[] = [];
    for (let k = 0; k < scn.K; k++) {
      const link = scn.links[s][k];
      const { rho, rhoTilde } = losNlosPowers(link);
      const u = rxSteering(link, scn.utArray);
      const out = new CMatrix(nR, 1);
      const a = Math.sqrt(rho);
      for (let i = 0; i < nR; i++) {
        out.re[i] = a * u.re[i];
        out.im[i] = a * u.im[i];
      }
      if (rhoTilde > 0) {
        // ũ = F·w, w ~ CN(0, I): the same draws as rng.complexNormalVectors(Σ, 1)
        const ut = mmul(sigmaFactor(link.sigma), rng.complexNormalMatrix(nR, 1));
        const b = Math.sqrt(rhoTilde);
        for (let i = 0; i < nR; i++) {
          out.re[i] += b * ut.re[i];
          out.im[i] += b * ut.im[i];
        }
      }
      const zeta2 = phaseErrorVariance(link.phiBar);
      const rho0 = Number.isFinite(zeta2) ? Math.sqrt(zeta2) * rng.normal() : 2 * Math.PI * rng.uniform();
      gs.push(out);
      ps.push({ re: Math.cos(rho0), im: Math.sin(rho0) });
    }
    g.push(gs);
    phi.push(ps);
  }
  return { g, phi };
}
