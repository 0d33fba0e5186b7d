/**
 * A drop that evolves in time (beyond the paper: how long statistical CSI stays valid;
 * notebook 05). `dropAt(drop, rng, Δt)` is the same drop Δt seconds later: the same UTs, the
 * satellites moved along their orbits (lib/geometry/evolve.ts), and the sCSI of every link
 * {γ, κ, θ, Σ, φ̄} (Section II-A) recomputed at t = t₀ + Δt.
 *
 * What persists and what is redrawn (the model choices):
 * - UT positions and array frames persist (UTs are fixed on the rotating Earth).
 * - Geometry follows the orbits: elevation, slant range, departure / arrival angles θ at t.
 * - Large-scale parameters: the drop's random deviates persist and the medians follow the
 *   elevation. Each link draws from its own sub-stream (drawDrop's `link/s/k`); dropAt
 *   re-runs the same draw at t from the same sub-stream, so the LOS uniform, the
 *   correlated standard normals ξ of {K-factor, SF, ASA, ESA} and the NLoS cluster draws
 *   (powers, angle offsets, sub-path coupling) are those of t₀, while
 *   X(t) = μ(α(t)) + σ(α(t))·ξ follows the elevation-dependent tables (lsp.ts), a
 *   LOS/NLOS state follows P_LOS(α(t)) against the same uniform (a monotone coupling:
 *   rising elevation can only turn NLOS into LOS), and Σ is rebuilt from the persisted
 *   cluster draws around the new LoS direction with the new κ and spreads
 *   (covariance.ts). Why persist: the deviates describe the clutter around the UT, which
 *   does not move; the LoS ray's crossing point through a clutter layer of height h_c moves
 *   by h_c·|Δ cot α| — for h_c = 20 m about 0.25 m per second near the zenith, i.e. a few
 *   metres over the ages that matter here (seconds to a minute), far below the 3GPP
 *   decorrelation distances of tens of metres; and the paper itself "prevent[s] rapid
 *   fluctuations of the K-factor over short time intervals" (Section VI). Over a pass of
 *   several minutes this is a stated simplification. The other extreme is offered as
 *   `lspMemory: 'redraw'` (independent deviates at every instant ≠ t₀): the two bracket
 *   any correlation distance, and with κ ≈ 20–30 dB (QuaDRiGa NTN Urban LOS) they give the
 *   same rates to within the Monte Carlo noise (notebook 05) — the geometry, not the
 *   deviates, is what ages.
 * - Phase-error statistics persist: φ̄ = e^{−ζ²/2} with the drop's ζ².
 * - Doppler is not part of sCSI: it is pre-compensated per link (Section II-A) and only its
 *   residual enters φ, whose statistics persist.
 * - The cooperating set: 'tracked' (default) keeps the drop's S satellites; 'nearest'
 *   takes the S nearest the centre at t. A satellite keeps its link draws while it is in
 *   the set: a satellite of the drop keeps the sub-stream of its rank s₀ at t₀
 *   (`link/s₀/k`), a satellite that joins later uses `link/q<index>/k`.
 * - Δt = 0 with 'tracked' reproduces drawDrop's scenario exactly (same functions, same
 *   inputs, same sub-streams): bit for bit.
 *
 * The phase reference of the steering vectors. (7)–(8) reference the phase to element 0
 * (a corner) of each array: v_N(x)[n] = e^{−jπnx}/√N. The delay pre-compensation tracks
 * the delay of a fixed point of each array — its phase centre; we take the array centre,
 * where the response is v_N^c(x) = e^{jπ(N−1)x/2} v_N(x) (real Dirichlet kernels against the
 * DFT beams). A per-link phase is invisible to a design made at the same instant (the
 * precoder absorbs it), but not to a precoder designed at t₀ and used at t: relative to the
 * channel model of the kit, the physical channel at t carries the extra phase
 * χ_{s,k}(t) − χ_{s,k}(t₀), with χ = π(N_TV−1)x^t_V/2 + π(N_TH−1)x^t_H/2 + π(N_RV−1)x^r_V/2 +
 * π(N_RH−1)x^r_H/2 (`referencePhaseRad`). It multiplies only the useful signal of satellite s
 * at UT k — interference adds without cross-satellite coherence (21), so its phase drops
 * out — hence it is applied exactly by rotating the kept precoder block W_{s,k}
 * (`keptPhaseRad`, used by lib/experiments/agingRunner.ts). With a corner reference the
 * common phase would drift by π(N−1)Δx/2 per axis, ≈ 0.25 rad/s for a 16-element axis —
 * an artefact of the convention, not of the physics.
 */
import {
  type DropGeometry,
  type SatelliteSetPolicy,
  SATELLITE_SET_POLICIES,
  dropGeometryAt,
} from '../geometry/index.js';
import type { Rng } from '../random/index.js';
import type { LinkStats, Scenario } from '../scenario/types.js';
import { type DropResult, DropConfigError, dropFromGeometry } from './drop.js';
import { type ArraySize, directionCosines } from './steering.js';

/** How the drop's large-scale deviates behave at another instant (see the file comment). */
export type LspMemory = 'persist' | 'redraw';
/** Both choices. */
export const LSP_MEMORIES: readonly LspMemory[] = ['persist', 'redraw'];

/** Options of dropAt. */
export interface EvolveOptions {
  /** Cooperating set at t: 'tracked' (default, the drop's satellites) or 'nearest' (the S nearest at t). */
  satellites?: SatelliteSetPolicy;
  /** 'persist' (default): the drop's deviates at every instant; 'redraw': independent deviates at every t ≠ t₀. */
  lspMemory?: LspMemory;
}

/** Largest |Δt| accepted (s): one day. */
export const MAX_AGE_S = 86_400;

/**
 * The drop `drop` (drawn by drawDrop with `rng`) Δt seconds later: the same UTs, the
 * satellites at t₀ + Δt and the sCSI recomputed there (see the file comment).
 */
export function dropAt(drop: DropResult, rng: Rng, dtS: number, opts: EvolveOptions = {}): DropResult {
  const satellites = opts.satellites ?? 'tracked';
  const memory = opts.lspMemory ?? 'persist';
  if (!(Number.isFinite(dtS) && Math.abs(dtS) <= MAX_AGE_S)) {
    throw new DropConfigError(`dtS must be a number of seconds in [-${MAX_AGE_S}, ${MAX_AGE_S}], got ${dtS}`);
  }
  if (!SATELLITE_SET_POLICIES.includes(satellites)) {
    throw new DropConfigError(`satellites must be one of ${SATELLITE_SET_POLICIES.join('|')}, got '${satellites}'`);
  }
  if (!LSP_MEMORIES.includes(memory)) {
    throw new DropConfigError(`lspMemory must be one of ${LSP_MEMORIES.join('|')}, got '${memory}'`);
  }
  const key = drop.scenario.meta?.rngKey;
  if (key !== undefined && key !== rng.key) {
    throw new DropConfigError(`rng must be the drop's own (key '${String(key)}'), got key '${rng.key}'`);
  }
  const g0: DropGeometry = drop.geometry;
  const geometry = dropGeometryAt(drop.config, g0, g0.timeS + dtS, satellites);
  const rank = new Map(g0.satellites.map((sat, s) => [sat.index, s]));
  const base = memory === 'redraw' && dtS !== 0 ? rng.child(`at/${dtS}`) : rng;
  const linkRng = (s: number, k: number) => {
    const q = geometry.satellites[s].index;
    const s0 = rank.get(q);
    return base.child(s0 === undefined ? `link/q${q}/${k}` : `link/${s0}/${k}`);
  };
  return dropFromGeometry(drop.config, geometry, rng, linkRng);
}

/**
 * χ_{s,k} (rad): the phase that moves the reference of the link's steering vectors (7)–(8)
 * from element 0 to the array centre, v^c = e^{jπ(N−1)x/2} v per axis, at both ends:
 * π(N_TV−1)x^t_V/2 + π(N_TH−1)x^t_H/2 + π(N_RV−1)x^r_V/2 + π(N_RH−1)x^r_H/2.
 */
export function referencePhaseRad(link: LinkStats, satArray: ArraySize, utArray: ArraySize): number {
  const [tv, th] = directionCosines(link.thetaT, link.phiT);
  const [rv, rh] = directionCosines(link.thetaR, link.phiR);
  return (
    (Math.PI / 2) * ((satArray.nV - 1) * tv + (satArray.nH - 1) * th + (utArray.nV - 1) * rv + (utArray.nH - 1) * rh)
  );
}

/** How the kept precoder's per-link phase is referenced: the array centre (physical) or element 0. */
export type PhaseReference = 'centre' | 'element0';
/** Both references. */
export const PHASE_REFERENCES: readonly PhaseReference[] = ['centre', 'element0'];

/**
 * Phase rotation (rad, S × K) to apply to the kept precoder block W_{s,k} designed on
 * `designed` when it is used on `now` (same satellites, same UTs): χ_{s,k}(t) − χ_{s,k}(t₀)
 * for the 'centre' reference (the file comment), 0 for 'element0' (the kit's convention
 * taken literally as the physical phase reference).
 */
export function keptPhaseRad(designed: Scenario, now: Scenario, reference: PhaseReference = 'centre'): number[][] {
  if (designed.S !== now.S || designed.K !== now.K) {
    throw new DropConfigError(
      `designed and current scenarios differ in size: S ${designed.S} vs ${now.S}, K ${designed.K} vs ${now.K}`,
    );
  }
  if (!PHASE_REFERENCES.includes(reference)) {
    throw new DropConfigError(`phase reference must be one of ${PHASE_REFERENCES.join('|')}, got '${reference}'`);
  }
  return now.links.map((row, s) =>
    row.map((l, k) =>
      reference === 'element0'
        ? 0
        : referencePhaseRad(l, now.satArray, now.utArray) -
          referencePhaseRad(designed.links[s][k], designed.satArray, designed.utArray),
    ),
  );
}
