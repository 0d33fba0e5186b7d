/**
 * Direct reference implementation of MS²CDWM (Algorithm 1) and MS²CDM ((45)–(48)),
 * transcribing the printed formulas with the errata of docs/paper-reading.md (E1–E5, E9)
 * and **no** structure: every UT's precoder is the full B̃-row stack
 * W_k = [W_{1,k}ᵀ … W_{S,k}ᵀ]ᵀ, Ξ_k is formed densely as the B̃ × B̃ matrix (44) from V̌_k,
 * V̌_{j,k} (35), (36) and Ψ̌ (37), (38), the Lemma 1 factor has the printed width L_k = (S N_R + 1) M_k
 * (Σ̃_k Q_k^H with Q_k^H = blkdiag(I_{N_R} ⊗ q_{s,k,k}^H)), C_k = E_k^{-1} is the inverse
 * of (18) (line 18), and line 23 is one B̃-sized dense Hermitian solve per UT.
 *
 * Cost O(I_max (K² B̃² S + K B̃³)) — the paper's complexity. Used by the tests (the
 * structured solver of wstep.ts must give the same W to round-off) and by the benchmark
 * (speed ratio). Not for production runs: at full beams (B̃ = 1280) one UT's solve alone
 * takes seconds.
 */
import { SIGMA_PSD_REL_TOL, losNlosPowers, rxSteering } from '../channel/realisation.js';
import { arrayElements, beamResponse, directionCosines } from '../channel/steering.js';
import {
  CMatrix,
  ShiftedPsdFactor,
  addIdentity,
  addScaledInPlace,
  blkdiag,
  cols,
  frobeniusNorm2,
  hermitian,
  hermitianFactor,
  hstack,
  identity,
  inverse,
  kron,
  logDetHermitian,
  mmul,
  mmulH,
  rows,
  scale,
  setBlock,
  trace,
  vstack,
} from '../linalg/index.js';
import type { Scenario } from '../scenario/types.js';
import { PrecodingError, checkScenarioForPrecoding, type Precoders } from '../scsi/index.js';
import { scaleToSatellitePower } from './power.js';
import type { CdwmIterationRecord, CdwmResult } from './types.js';

/** Everything the direct implementation precomputes from sCSI (steps 1–5 of Algorithm 1). */
export interface DirectModel {
  scn: Scenario;
  S: number;
  K: number;
  nR: number;
  /** Row offsets of satellite blocks in the B̃ stack, and B̃. */
  offsets: number[];
  bTilde: number;
  /** v̄_{s,k}ᵀ (1 × B_s). */
  vbar: CMatrix[][];
  /** u_{s,k}. */
  u: CMatrix[][];
  rho: number[][];
  rhoTilde: number[][];
  /** Δ_{s1,s2,k} (23): delta[k][s1][s2]. */
  delta: CMatrix[][][];
  /** Σ̃_{s,k} (27). */
  sigmaTilde: CMatrix[][];
  /** V̌_k (35), S × B̃. */
  vCheck: CMatrix[];
  /** P̃ = Σ P_s / K. */
  perUtPowerW: number;
}

/** Steps 1–5 of Algorithm 1, literally. */
export function directModel(scn: Scenario): DirectModel {
  checkScenarioForPrecoding(scn);
  const { S, K } = scn;
  const nR = arrayElements(scn.utArray);
  const offsets: number[] = [];
  let bTilde = 0;
  for (let s = 0; s < S; s++) {
    offsets.push(bTilde);
    bTilde += scn.beams[s].length;
  }
  const vbar: CMatrix[][] = [];
  const u: CMatrix[][] = [];
  const rho: number[][] = [];
  const rhoTilde: number[][] = [];
  for (let s = 0; s < S; s++) {
    vbar.push([]);
    u.push([]);
    rho.push([]);
    rhoTilde.push([]);
    for (let k = 0; k < K; k++) {
      const l = scn.links[s][k];
      vbar[s].push(beamResponse(scn.satArray, ...directionCosines(l.thetaT, l.phiT), scn.beams[s]));
      u[s].push(rxSteering(l, scn.utArray));
      const p = losNlosPowers(l);
      rho[s].push(p.rho);
      rhoTilde[s].push(p.rhoTilde);
    }
  }
  const delta: CMatrix[][][] = [];
  const sigmaTilde: CMatrix[][] = Array.from({ length: S }, () => []);
  for (let k = 0; k < K; k++) {
    const dk: CMatrix[][] = [];
    for (let s1 = 0; s1 < S; s1++) {
      const row: CMatrix[] = [];
      for (let s2 = 0; s2 < S; s2++) {
        const l1 = scn.links[s1][k];
        const l2 = scn.links[s2][k];
        if (s1 === s2) {
          const d = scale(mmul(u[s1][k], hermitian(u[s1][k])), rho[s1][k]);
          addScaledInPlace(d, l1.sigma, rhoTilde[s1][k]);
          row.push(d);
        } else {
          const c = Math.sqrt(rho[s1][k] * rho[s2][k]) * l1.phiBar * l2.phiBar;
          row.push(scale(mmul(u[s1][k], hermitian(u[s2][k])), c));
        }
      }
      dk.push(row);
    }
    delta.push(dk);
    for (let s = 0; s < S; s++) {
      const l = scn.links[s][k];
      const m = scale(mmul(u[s][k], hermitian(u[s][k])), (1 - l.phiBar * l.phiBar) * rho[s][k]);
      addScaledInPlace(m, l.sigma, rhoTilde[s][k]);
      sigmaTilde[s].push(hermitianFactor(m, SIGMA_PSD_REL_TOL));
    }
  }
  const model: DirectModel = {
    scn,
    S,
    K,
    nR,
    offsets,
    bTilde,
    vbar,
    u,
    rho,
    rhoTilde,
    delta,
    sigmaTilde,
    vCheck: [],
    perUtPowerW: scn.powerW.reduce((a, b) => a + b, 0) / K,
  };
  for (let k = 0; k < K; k++) model.vCheck.push(vCheckMatrix(model, k, k));
  return model;
}

/** V̌_{j,k} = blkdiag(o_{s,k} v̄_{s,j}ᵀ) (36), S × B̃; V̌_{k,k} = V̌_k (35). */
export function vCheckMatrix(m: DirectModel, j: number, k: number): CMatrix {
  return blkdiag(
    ...Array.from({ length: m.S }, (_, s) =>
      m.scn.association[s][k] === 1 ? m.vbar[s][j] : new CMatrix(1, m.scn.beams[s].length),
    ),
  );
}

/** Stack W_k = [W_{1,k}ᵀ … W_{S,k}ᵀ]ᵀ (B̃ × M_k). */
export function stackUt(m: DirectModel, W: CMatrix[][], k: number): CMatrix {
  return vstack(...Array.from({ length: m.S }, (_, s) => W[s][k]));
}

/** Split a B̃-row stack back into satellite blocks. */
function unstack(m: DirectModel, wk: CMatrix): CMatrix[] {
  return Array.from({ length: m.S }, (_, s) => rows(wk, m.offsets[s], m.offsets[s] + m.scn.beams[s].length));
}

/** q_{s,j,k}^H = o_{s,j} v̄_{s,k}ᵀ W_{s,j} (1 × M_j) (docs/paper-reading.md#e3). */
export function qRow(m: DirectModel, W: CMatrix[][], s: number, j: number, k: number): CMatrix {
  if (m.scn.association[s][j] === 0) return new CMatrix(1, m.scn.streams[j]);
  return mmul(m.vbar[s][k], W[s][j]);
}

/** R̄_sig,k (Alg. 1 line 14) and R̄_other,k ((21)/(25) corrected), summing over all s. */
export function directCovariances(m: DirectModel, W: CMatrix[][], k: number): { rSig: CMatrix; rOther: CMatrix } {
  const { S, K, nR } = m;
  const rSig = new CMatrix(nR, nR);
  for (let s1 = 0; s1 < S; s1++) {
    for (let s2 = 0; s2 < S; s2++) {
      const c = mmul(qRow(m, W, s1, k, k), hermitian(qRow(m, W, s2, k, k))).get(0, 0);
      addScaledInPlace(rSig, m.delta[k][s1][s2], c);
    }
  }
  const rOther = addIdentity(new CMatrix(nR, nR), m.scn.noiseW[k]);
  for (let j = 0; j < K; j++) {
    if (j === k) continue;
    for (let s = 0; s < S; s++) {
      const q = qRow(m, W, s, j, k);
      addScaledInPlace(rOther, m.delta[k][s][s], frobeniusNorm2(q));
    }
  }
  return { rSig, rOther };
}

/** Lemma 1 factor as printed (26): N_R × (S N_R + 1) M_k. */
export function directSqrt(m: DirectModel, W: CMatrix[][], k: number): CMatrix {
  const { S, nR } = m;
  const mk = m.scn.streams[k];
  const first = new CMatrix(nR, mk);
  const qh: CMatrix[] = [];
  for (let s = 0; s < S; s++) {
    const q = qRow(m, W, s, k, k);
    qh.push(q);
    addScaledInPlace(first, mmul(m.u[s][k], q), m.scn.links[s][k].phiBar * Math.sqrt(m.rho[s][k]));
  }
  const sigmaTildeK = hstack(...Array.from({ length: S }, (_, s) => m.sigmaTilde[s][k]));
  const QkH = blkdiag(...qh.map((q) => kron(identity(nR), q)));
  return hstack(first, mmul(sigmaTildeK, QkH));
}

/** D_k (28), E_k (18), C_k = E_k^{-1} (line 18) and R̄_k, as printed. */
export function directAuxiliary(
  m: DirectModel,
  W: CMatrix[][],
  k: number,
): { D: CMatrix; E: CMatrix; C: CMatrix; sqrtSig: CMatrix; rate: number } {
  const { rSig, rOther } = directCovariances(m, W, k);
  const X = directSqrt(m, W, k);
  const total = addScaledInPlace(rSig.clone(), rOther);
  const noise = m.scn.noiseW[k];
  const fTotal = new ShiftedPsdFactor(total, noise);
  const D = fTotal.solveInRange(X);
  const DhX = mmulH(D, X);
  const E = mmulH(D, mmul(total, D));
  addScaledInPlace(E, DhX, -1);
  addScaledInPlace(E, hermitian(DhX), -1);
  addScaledInPlace(E, identity(X.cols));
  const C = inverse(E);
  const rate = (fTotal.logDeterminant() - new ShiftedPsdFactor(rOther, noise).logDeterminant()) / Math.LN2;
  return { D, E, C, sqrtSig: X, rate };
}

/** Ψ̌ entries ψ_{a,b,k} = Tr(D C D^H Δ_{b,a,k}) for all a, b (37): S × S. */
export function directPsi(m: DirectModel, D: CMatrix, C: CMatrix, k: number): CMatrix {
  const G = mmul(mmul(D, C), hermitian(D));
  const out = new CMatrix(m.S, m.S);
  for (let a = 0; a < m.S; a++) {
    for (let b = 0; b < m.S; b++) {
      const t = trace(mmul(G, m.delta[k][b][a]));
      out.set(a, b, t.re, t.im);
    }
  }
  return out;
}

/** T_k (40), (41) for all S satellites: S × M_k. */
export function directT(m: DirectModel, D: CMatrix, C: CMatrix, k: number): CMatrix {
  const { S, nR } = m;
  const mk = m.scn.streams[k];
  const Cbar = cols(C, 0, mk);
  const T = new CMatrix(S, mk);
  for (let s = 0; s < S; s++) {
    const t = scale(mmul(mmul(hermitian(m.u[s][k]), D), Cbar), m.scn.links[s][k].phiBar * Math.sqrt(m.rho[s][k]));
    for (let n = 0; n < nR; n++) {
      const off = mk + s * nR * mk + n * mk;
      const sigma = cols(m.sigmaTilde[s][k], n, n + 1);
      addScaledInPlace(t, mmul(mmul(hermitian(sigma), D), cols(C, off, off + mk)));
    }
    setBlock(T, s, 0, t);
  }
  return T;
}

/** Ξ_k (44), dense B̃ × B̃, from the Ψ̌ of every UT. */
export function directXi(m: DirectModel, psi: CMatrix[], k: number): CMatrix {
  const w = m.scn.weights;
  const xi = scale(mmul(mmul(hermitian(m.vCheck[k]), psi[k]), m.vCheck[k]), w[k]);
  for (let j = 0; j < m.K; j++) {
    if (j === k) continue;
    const vjk = vCheckMatrix(m, j, k);
    const dj = new CMatrix(m.S, m.S);
    for (let s = 0; s < m.S; s++) dj.set(s, s, psi[j].re[s * m.S + s], psi[j].im[s * m.S + s]);
    addScaledInPlace(xi, mmul(mmul(hermitian(vjk), dj), vjk), w[j]);
  }
  return xi;
}

/**
 * Line 23 for UT k: W̄_k = (Ξ_k + β̃_k I)^{-1} V̌_k^H T_k, B̃ × M_k — one dense B̃-sized
 * Hermitian solve (Cholesky; Ξ_k is positive semidefinite, β̃_k the shift that makes it
 * definite, so a β̃_k far below ‖Ξ_k‖ is no error: ShiftedPsdFactor).
 */
export function directWbar(m: DirectModel, xi: CMatrix, betaTilde: number, T: CMatrix, k: number): CMatrix {
  return new ShiftedPsdFactor(addIdentity(xi, betaTilde), betaTilde).solve(mmul(hermitian(m.vCheck[k]), T));
}

function normaliseStack(m: DirectModel, wbar: CMatrix): CMatrix[] {
  const n2 = frobeniusNorm2(wbar);
  if (!(n2 > 0)) throw new PrecodingError('direct: W̄_k is zero');
  return unstack(m, scale(wbar, Math.sqrt(m.perUtPowerW / n2)));
}

/** One direct iteration from W′: returns the new W′ and the UTs' rates/log det E at W′. */
export function directIteration(
  m: DirectModel,
  Wp: CMatrix[][],
): { next: CMatrix[][]; rates: number[]; log2DetE: number[] } {
  const { S, K } = m;
  const aux = Array.from({ length: K }, (_, k) => directAuxiliary(m, Wp, k));
  const psi = aux.map((a, k) => directPsi(m, a.D, a.C, k));
  const next: CMatrix[][] = Array.from({ length: S }, () => new Array<CMatrix>(K));
  for (let k = 0; k < K; k++) {
    const { D, C } = aux[k];
    const G = mmul(mmul(D, C), hermitian(D));
    const bt = (m.scn.weights[k] * m.scn.noiseW[k] * trace(G).re) / m.perUtPowerW;
    const wbar = directWbar(m, directXi(m, psi, k), bt, directT(m, D, C, k), k);
    normaliseStack(m, wbar).forEach((b, s) => {
      next[s][k] = b;
    });
  }
  return {
    next,
    rates: aux.map((a) => a.rate),
    log2DetE: aux.map((a) => logDetHermitian(a.E) / Math.LN2),
  };
}

/** MS²CDM as printed ((45)–(48)): B̃-sized solves with Ξ̃_k from Δ̌ and Ť_k. */
export function cdmDirect(scn: Scenario, model?: DirectModel): Precoders & { unscaled: CMatrix[][] } {
  const m = model ?? directModel(scn);
  const { S, K, nR } = m;
  const deltaCheck: CMatrix[] = [];
  for (let j = 0; j < K; j++) {
    const d = new CMatrix(S, S);
    for (let a = 0; a < S; a++) {
      for (let b = 0; b < S; b++) {
        const t = trace(m.delta[j][b][a]); // δ̌_{a,b,j} = Tr Δ_{b,a,j}
        d.set(a, b, t.re, t.im);
      }
    }
    deltaCheck.push(d);
  }
  const unscaled: CMatrix[][] = Array.from({ length: S }, () => new Array<CMatrix>(K));
  for (let k = 0; k < K; k++) {
    const xi = directXi(m, deltaCheck, k);
    const bt = (scn.weights[k] * scn.noiseW[k] * nR) / m.perUtPowerW;
    const tCheck = new CMatrix(S, nR);
    for (let s = 0; s < S; s++) {
      setBlock(tCheck, s, 0, scale(hermitian(m.u[s][k]), scn.links[s][k].phiBar * Math.sqrt(m.rho[s][k])));
    }
    const wTilde = directWbar(m, xi, bt, tCheck, k);
    normaliseStack(m, cols(wTilde, 0, scn.streams[k])).forEach((b, s) => {
      unscaled[s][k] = b;
    });
  }
  return { scheme: 'cdm-direct', W: scaleToSatellitePower(unscaled, scn.powerW, 'cap'), unscaled };
}

/** MS²CDWM as printed (Algorithm 1), same options and history as `cdwmPrecoders`. */
export function cdwmDirect(
  scn: Scenario,
  opts: { maxIterations?: number; tolerance?: number; chi?: number; init?: CMatrix[][] } = {},
): CdwmResult {
  const m = directModel(scn);
  const maxIterations = opts.maxIterations ?? 20;
  const tolerance = opts.tolerance ?? 1e-3;
  const chi = opts.chi ?? 1;
  let Wp = opts.init ?? cdmDirect(scn, m).unscaled;
  const L = (k: number) => (m.S * m.nR + 1) * scn.streams[k];
  const ratesOf = (W: CMatrix[][]) => {
    const scaled = scaleToSatellitePower(W, scn.powerW, 'cap');
    const r = Array.from({ length: m.K }, (_, k) => directAuxiliary(m, scaled, k).rate);
    return {
      sum: r.reduce((a, b) => a + b, 0),
      weighted: r.reduce((a, x, k) => a + scn.weights[k] * x, 0),
    };
  };
  const history: CdwmIterationRecord[] = [];
  let prevLog2DetE = Array.from({ length: m.K }, (_, k) => L(k) * Math.log2(chi));
  let n = 0;
  let converged = false;
  let last = directIteration(m, Wp);
  const objectiveOf = (rates: number[]) => rates.reduce((a, r, k) => a + scn.weights[k] * (L(k) - r * Math.LN2), 0);
  {
    const r = ratesOf(Wp);
    history.push({
      iteration: 0,
      objective: objectiveOf(last.rates),
      upperBoundSumRate: r.sum,
      upperBoundWeightedSumRate: r.weighted,
      stopValue: NaN,
    });
  }
  while (n < maxIterations) {
    n++;
    let stopValue = 0;
    for (let k = 0; k < m.K; k++) stopValue += scn.weights[k] * (prevLog2DetE[k] - last.log2DetE[k]);
    prevLog2DetE = last.log2DetE;
    Wp = last.next;
    last = directIteration(m, Wp);
    const r = ratesOf(Wp);
    history.push({
      iteration: n,
      objective: objectiveOf(last.rates),
      upperBoundSumRate: r.sum,
      upperBoundWeightedSumRate: r.weighted,
      stopValue,
    });
    if (stopValue < tolerance) {
      converged = true;
      break;
    }
  }
  return {
    scheme: 'cdwm-direct',
    W: scaleToSatellitePower(Wp, scn.powerW, 'cap'),
    unscaled: Wp,
    history,
    iterations: n,
    converged,
  };
}
