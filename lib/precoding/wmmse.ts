/**
 * Perfect-CSI WMMSE (Shi, Razaviyayn, Luo, He, IEEE TSP 2011, the paper's ref. [38]) on
 * one channel realisation — the reference that Remark 2 says MS²CDWM degenerates to when
 * the channel is known and pre-compensation perfect (ζ² = 0, no NLoS part).
 *
 * Channel (Section II, (9), (10); docs/paper-reading.md#c5, #c6): H̄_{s,k} = g_{s,k} v̄_{s,k}ᵀ
 * (N_R × B_s), the phase error φ_{s,k} multiplies the desired signal once; interference is
 * asynchronous, without cross-satellite coherence (21). For precoders W:
 *
 *   A_k = Σ_{s∈S_k} φ_{s,k} H̄_{s,k} W_{s,k}                 (effective N_R × M_k channel)
 *   R_other,k = Σ_s (Σ_{j≠k} o_{s,j} ‖v̄_{s,k}ᵀ W_{s,j}‖²) g_{s,k} g_{s,k}^H + σ_k² I
 *   U_k = (A_k A_k^H + R_other,k)^{-1} A_k,  Ω_k = (I − U_k^H A_k)^{-1} = I + A_k^H R_other,k^{-1} A_k
 *
 * W-step for UT k on its serving blocks (n_k = Σ_{s∈S_k} B_s rows, stacked H_k = [φ H̄_{s,k}]_s):
 *   Ξ_k = β_k H_k^H U_k Ω_k U_k^H H_k + blkdiag_s( Σ_{j≠k} β_j (g_{s,j}^H U_j Ω_j U_j^H g_{s,j}) v̄_{s,j}^* v̄_{s,j}ᵀ )
 *   b_k = β_k H_k^H U_k Ω_k.
 * Two power rules (`power`):
 *   'sum'     — Shi et al. with the sum-power constraint Σ_k ‖W_k‖² ≤ Σ_s P_s:
 *               W_k = (Ξ_k + μ I)^{-1} b_k, one μ ≥ 0 for all UTs by bisection on the
 *               eigendecompositions of Ξ_k. Shi's per-BS constraint does not decouple
 *               here — a UT's precoder spans several satellites (CJT) — so the per-satellite
 *               budget (C7) is enforced at the end by Algorithm 1's line-26 scaling.
 *   'perUser' — the per-UT budget P̃_k = Σ_s P_s / K with the closed-form regulariser of
 *               Christensen et al. 2008 (ref. [40]): W̄_k = (Ξ_k + β̃_k I)^{-1} H_k^H U_k Ω_k,
 *               β̃_k = β_k σ_k² Tr(U_k Ω_k U_k^H)/P̃_k, W_k = √(P̃_k/‖W̄_k‖²) W̄_k — exactly what
 *               (P5) becomes when R̄ = R (Remark 2), then line-26 scaling.
 * Dense (n_k-sized) solves: a reference for small drops, not tuned for speed.
 */
import type { ChannelRealisation } from '../channel/realisation.js';
import {
  CMatrix,
  ShiftedPsdFactor,
  addIdentity,
  addScaledInPlace,
  blkdiag,
  eigHermitianQL,
  frobeniusNorm2,
  hermitianPart,
  hstack,
  mmul,
  mmulH,
  mmulNH,
  rows,
  scale,
  solve,
  trace,
} from '../linalg/index.js';
import type { Scenario } from '../scenario/types.js';
import {
  PrecodingError,
  beamResponseRow,
  checkPositiveWeights,
  checkPrecoders,
  checkScenarioForPrecoding,
  precodingGeometry,
  type PrecodingGeometry,
  type Precoders,
} from '../scsi/index.js';
import { cdmPrecoders } from './cdm.js';
import { satellitePowersW, scaleToSatellitePower } from './power.js';

/** Options of `wmmsePrecoders`. */
export interface WmmseOptions {
  /** Power rule (see the file comment), default 'sum'. */
  power?: 'sum' | 'perUser';
  /** Iterations (default 20). */
  maxIterations?: number;
  /** Stop when Σ_k β_k (R_k(new) − R_k(old)) < tolerance (default 1e-3; −Infinity = never). */
  tolerance?: number;
  /** Starting precoders (default MS²CDM's W′, per-UT normalised). */
  init?: CMatrix[][];
}

/** One WMMSE iteration record: rates on the realisation of the line-26-scaled iterate. */
export interface WmmseIterationRecord {
  iteration: number;
  /** Σ_k R_k (b/s/Hz) on the given realisation. */
  sumRate: number;
  weightedSumRate: number;
}

/** Result of `wmmsePrecoders`. */
export interface WmmseResult extends Precoders {
  /** The last iterate before line-26 scaling. */
  unscaled: CMatrix[][];
  history: WmmseIterationRecord[];
  iterations: number;
}

interface UserState {
  A: CMatrix;
  rOther: CMatrix;
  U: CMatrix;
  Omega: CMatrix;
  rate: number;
}

/** U_k, Ω_k and R_k (b/s/Hz) of every UT on the realisation. */
function userStates(scn: Scenario, geo: PrecodingGeometry, real: ChannelRealisation, W: CMatrix[][]): UserState[] {
  const { S, K, nR } = geo;
  // gains a[s][j] row k = v̄_{s,k}ᵀ W_{s,j}
  const out: UserState[] = [];
  for (let k = 0; k < K; k++) {
    const A = new CMatrix(nR, scn.streams[k]);
    for (const s of geo.serving[k]) {
      const a = mmul(beamResponseRow(geo, s, k), W[s][k]);
      addScaledInPlace(A, mmul(real.g[s][k], a), real.phi[s][k]);
    }
    const rOther = addIdentity(new CMatrix(nR, nR), scn.noiseW[k]);
    for (let s = 0; s < S; s++) {
      const v = beamResponseRow(geo, s, k);
      let p = 0;
      for (const j of geo.served[s]) if (j !== k) p += frobeniusNorm2(mmul(v, W[s][j]));
      if (p > 0) addScaledInPlace(rOther, mmulNH(real.g[s][k], real.g[s][k]), p);
    }
    const total = hermitianPart(addScaledInPlace(mmulNH(A, A), rOther));
    // σ_k²I + semidefinite (the noise is the shift); A lies in the range of total − σ_k²I
    const U = new ShiftedPsdFactor(total, scn.noiseW[k]).solveInRange(A);
    const Omega = hermitianPart(addIdentity(mmulH(A, new ShiftedPsdFactor(rOther, scn.noiseW[k]).solve(A)), 1));
    out.push({ A, rOther, U, Omega, rate: new ShiftedPsdFactor(Omega, 1).logDeterminant() / Math.LN2 });
  }
  return out;
}

/** Rates R_k = log2 det(I + A_k^H R_other,k^{-1} A_k) of precoders W on one realisation (b/s/Hz). */
export function realisationRatesDense(scn: Scenario, real: ChannelRealisation, W: CMatrix[][]): number[] {
  const geo = precodingGeometry(scn);
  return userStates(scn, geo, real, W).map((u) => u.rate);
}

/** Ξ_k and b_k/β_k = H_k^H U_k Ω_k of the W-step (file comment), on the serving blocks. */
function wStepSystem(
  scn: Scenario,
  geo: PrecodingGeometry,
  real: ChannelRealisation,
  st: UserState[],
  k: number,
): { xi: CMatrix; rhs: CMatrix } {
  const sk = geo.serving[k];
  const Hk = hstack(...sk.map((s) => scale(mmul(real.g[s][k], beamResponseRow(geo, s, k)), real.phi[s][k])));
  const UOU = mmulNH(mmul(st[k].U, st[k].Omega), st[k].U);
  const xi = scale(mmulH(Hk, mmul(UOU, Hk)), scn.weights[k]);
  const leakBlocks = sk.map((s) => {
    const bs = geo.beamCounts[s];
    const leak = new CMatrix(bs, bs);
    for (let j = 0; j < geo.K; j++) {
      if (j === k) continue;
      const g = real.g[s][j];
      const uouj = mmulNH(mmul(st[j].U, st[j].Omega), st[j].U);
      const c = mmulH(g, mmul(uouj, g)).re[0];
      const v = beamResponseRow(geo, s, j);
      addScaledInPlace(leak, mmulH(v, v), scn.weights[j] * c);
    }
    return leak;
  });
  addScaledInPlace(xi, blkdiag(...leakBlocks));
  return { xi: hermitianPart(xi), rhs: mmul(mmulH(Hk, st[k].U), st[k].Omega) };
}

/** Split an n_k-row stack into the UT's satellite blocks (zero for non-serving). */
function unstackInto(geo: PrecodingGeometry, W: CMatrix[][], k: number, wk: CMatrix): void {
  let off = 0;
  for (let s = 0; s < geo.S; s++) {
    if (!geo.serving[k].includes(s)) {
      W[s][k] = new CMatrix(geo.beamCounts[s], wk.cols);
      continue;
    }
    W[s][k] = rows(wk, off, off + geo.beamCounts[s]);
    off += geo.beamCounts[s];
  }
}

/** Perfect-CSI WMMSE precoders on the realisation `real` (see the file comment). */
export function wmmsePrecoders(scn: Scenario, real: ChannelRealisation, opts: WmmseOptions = {}): WmmseResult {
  checkScenarioForPrecoding(scn);
  checkPositiveWeights(scn, 'WMMSE');
  const power = opts.power ?? 'sum';
  if (power !== 'sum' && power !== 'perUser') throw new PrecodingError(`power must be sum|perUser, got '${power}'`);
  const maxIterations = opts.maxIterations ?? 20;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new PrecodingError(`maxIterations must be an integer >= 1, got ${maxIterations}`);
  }
  const tolerance = opts.tolerance ?? 1e-3;
  const geo = precodingGeometry(scn);
  if (!real || real.g?.length !== scn.S || real.g[0]?.length !== scn.K) {
    throw new PrecodingError(`realisation must hold g[s][k] for ${scn.S} satellites x ${scn.K} UTs`);
  }
  let W = opts.init ?? cdmPrecoders(scn, { geometry: geo }).unscaled;
  checkPrecoders(scn, { scheme: 'init', W });
  const totalPowerW = scn.powerW.reduce((a, b) => a + b, 0);
  const history: WmmseIterationRecord[] = [];
  const record = (n: number, Wc: CMatrix[][]) => {
    const r = userStates(scn, geo, real, scaleToSatellitePower(Wc, scn.powerW, 'cap')).map((u) => u.rate);
    history.push({
      iteration: n,
      sumRate: r.reduce((a, b) => a + b, 0),
      weightedSumRate: r.reduce((a, x, k) => a + scn.weights[k] * x, 0),
    });
  };
  record(0, W);
  let st = userStates(scn, geo, real, W);
  let n = 0;
  while (n < maxIterations) {
    n++;
    const next: CMatrix[][] = Array.from({ length: geo.S }, () => new Array<CMatrix>(geo.K));
    const systems = Array.from({ length: geo.K }, (_, k) => wStepSystem(scn, geo, real, st, k));
    if (power === 'perUser') {
      systems.forEach(({ xi, rhs }, k) => {
        const UOU = mmulNH(mmul(st[k].U, st[k].Omega), st[k].U);
        const bt = (scn.weights[k] * scn.noiseW[k] * trace(UOU).re) / geo.perUtPowerW;
        const wbar = new ShiftedPsdFactor(addIdentity(xi, bt), bt).solve(rhs);
        unstackInto(geo, next, k, scale(wbar, Math.sqrt(geo.perUtPowerW / frobeniusNorm2(wbar))));
      });
    } else {
      // Shi et al.: common μ with Σ_k ‖(Ξ_k + μI)^{-1} β_k b_k‖² = Σ_s P_s
      const eig = systems.map(({ xi }) => eigHermitianQL(xi));
      const proj = systems.map(({ rhs }, k) => {
        const c = scale(mmulH(eig[k].vectors, rhs), scn.weights[k]); // Qᴴ b_k
        return Float64Array.from({ length: c.rows }, (_, i) => frobeniusNorm2(rows(c, i, i + 1)));
      });
      const powerAt = (mu: number) =>
        proj.reduce((acc, pr, k) => {
          let s = 0;
          pr.forEach((x, i) => (s += x / (Math.max(eig[k].values[i], 0) + mu) ** 2));
          return acc + s;
        }, 0);
      let lo = 0;
      let hi = Math.sqrt(proj.reduce((a, pr) => a + pr.reduce((x, y) => x + y, 0), 0) / totalPowerW);
      const minEig = Math.min(...eig.map((e) => e.values[0]));
      let mu: number;
      if (minEig > 1e-12 * Math.max(...eig.map((e) => e.values[e.values.length - 1])) && powerAt(0) <= totalPowerW) {
        mu = 0;
      } else {
        for (let it = 0; it < 100; it++) {
          const mid = 0.5 * (lo + hi);
          if (powerAt(mid) > totalPowerW) lo = mid;
          else hi = mid;
        }
        mu = hi;
      }
      systems.forEach(({ xi, rhs }, k) => {
        const b = scale(rhs, scn.weights[k]);
        unstackInto(geo, next, k, mu > 0 ? new ShiftedPsdFactor(addIdentity(xi, mu), mu).solve(b) : solve(xi, b));
      });
    }
    const stNext = userStates(scn, geo, real, next);
    let gain = 0;
    stNext.forEach((u, k) => (gain += scn.weights[k] * (u.rate - st[k].rate)));
    W = next;
    st = stNext;
    record(n, W);
    if (gain < tolerance) break;
  }
  return {
    scheme: 'wmmse',
    W: scaleToSatellitePower(W, scn.powerW, 'cap'),
    unscaled: W,
    history,
    iterations: n,
  };
}

/** Σ_k ‖W_k‖² of precoders (W), for checks of the sum-power rule. */
export function totalPowerW(W: CMatrix[][]): number {
  return satellitePowersW(W).reduce((a, b) => a + b, 0);
}
