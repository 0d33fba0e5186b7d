/**
 * The W-step of MS²CDWM / MS²CDM solved with the structure of Ξ_k (Proposition 2, (42)–(44);
 * (45)–(46); docs/paper-reading.md#s1–#s3).
 *
 * Only the serving satellites' blocks of W_k are non-zero, so the system has size
 * S_k·B_s, not B̃. On those blocks the j = k term missing from the leakage sum of (44) is
 * exactly the diagonal of the own-user part β_k V̌_k^H Ψ̌_k V̌_k, so
 *
 *   Ξ_k = blkdiag_{s∈S_k}( L_s ) + β_k Ṽ_k^H Ψ̌_k^{off} Ṽ_k,
 *   L_s = Σ_{j=1..K} d_{s,j} v̄_{s,j}^* v̄_{s,j}ᵀ = V_s^H diag(d_s) V_s,   d_{s,j} = β_j ψ_{s,s,j},
 *
 * with Ṽ_k = blkdiag(v̄_{s,k}ᵀ) (S_k × S_k B_s) and Ψ̌_k^{off} = Ψ̌_k with its diagonal set to
 * zero: the block-diagonal part L_s is one matrix per satellite, shared by all UTs, and
 * the own-user correction has rank ≤ S_k. The right-hand side is Ṽ_k^H T_k. Woodbury in
 * the push-through form that needs no inverse of Ψ̌^{off}:
 *
 *   (A + U C U^H)^{-1} U = A^{-1}U (I + C U^H A^{-1} U)^{-1},  A = blkdiag(L_s + β̃_k I),
 *   U = Ṽ_k^H, C = β_k Ψ̌_k^{off}
 *
 * gives W̄_{s,k} = p_{s,k} r_s, p_{s,k} = (L_s + β̃_k I)^{-1} v̄_{s,k}^*  (B_s × 1),
 * r = (I + C diag(h))^{-1} T_k, h_s = v̄_{s,k}ᵀ p_{s,k}: every block is rank one, and the
 * only sizeable work is a family of shifted solves with one matrix per satellite — so one
 * factorisation per satellite and iteration serves all its UTs (only the shift β̃_k differs):
 *
 *   'beam' path (B_s ≤ K): Householder tridiagonalisation L_s = (QP) T (QP)^H (B_s × B_s),
 *       then per UT a tridiagonal solve (T + β̃_k I) y = (QP)^H v̄_{s,k}^*, O(B_s), and
 *       V_s p = ((QP)^H V_s^H)^H y, O(B_s K).
 *   'user' path (B_s > K): L_s = V_s^H diag(d_s) V_s has rank ≤ K and v̄_{s,k}^* = V_s^H e_k,
 *       so by push-through p = V_s^H z with (β̃ I + diag(d_s) G_s) z = e_k, G_s = V_s V_s^H
 *       (formed once per drop, shared by all UTs and iterations); with J = {j : d_{s,j} > 0}
 *       z_J = D_J^{1/2} (M_s + β̃ I)^{-1} e_k / √d_{s,k}, M_s = D_J^{1/2} G_s[J,J] D_J^{1/2}
 *       tridiagonalised once (|J| ≤ K). Nothing of size B_s is touched per UT or iteration:
 *       V_s p = G_s z and ‖p‖² = z^H G_s z.
 * 'auto' takes the smaller dimension. The W-step output is kept as rank-one blocks
 * (`RankOnePrecoder`: V_s p, ‖p‖², r) so that the next iteration's gains and powers need no
 * B_s-sized products either; `materialiseRankOne` builds the B_s × M_k blocks at the end.
 *
 * Cost per iteration: O(S min(B_s, K)³) for the factorisations plus O(Σ_s K_s K min(B_s, K))
 * for the solves, instead of the printed O(K B̃³); independent of B_s beyond K. The direct
 * B̃-sized solve lives in direct.ts for the tests and the benchmark.
 *
 * Small shifts. Both paths solve through the Gram matrix L_s = F_sᴴF_s (F_s = D_J^{1/2} V_J,
 * the rows of the UTs with d_{s,j} > 0), so their forward error is ≈ ε‖L_s‖/β̃ in the
 * directions where L_s is small — and L_s is low-rank or nearly so (its range is spanned by
 * the K_s served UTs' responses, ‖L_s‖ ≈ 10³ while β̃_k of a UT that Algorithm 1 is
 * switching off falls geometrically towards 10⁻¹¹ and below). For β̃_k < √ε·‖L_s‖ (the
 * tridiagonal's Gershgorin bound) a UT's solve is the ridge problem
 * p = argmin ‖F_s p − e_k/√d_{s,k}‖² + β̃_k‖p‖² (push-through: (L_s + β̃I)⁻¹v̄^* = (F_sᴴF_s + β̃I)⁻¹F_sᴴ e_k/√d_{s,k})
 * by Householder QR of [F_s; √β̃ I] with rows sorted and columns pivoted (lib/linalg/ridge.ts):
 * backward error ε·(each row of F_s) instead of ε‖F_s‖² — the leakage weights d_{s,j} may
 * span many decades — exact in the limit β̃ → 0 (p → F_s⁺e_k/√d_{s,k}). Above √ε·‖L_s‖ the fast paths
 * agree with it to ≈ 1e-8 (measured); below, the fast paths lose digits and eventually
 * break down (T + β̃I numerically indefinite). A UT with d_{s,k} = 0 (v̄_{s,k}^* not in the
 * range of F_sᴴ) uses (F_sᴴF_s + β̃I)⁻¹v̄^* from the same QR (R⁻¹R⁻ᴴv̄^*).
 */
import {
  CMatrix,
  HermitianTridiagonalization,
  addScaledInPlace,
  frobeniusNorm2,
  gather,
  hermitian,
  mmul,
  mmulH,
  ridgeLeastSquares,
  ridgeSolve,
  rowInnerProduct,
  rows,
  scale,
  scaleRows,
  solvePositiveDefinite,
  transpose,
} from '../linalg/index.js';
import { PrecodingError, beamGram, type BeamDomainGains, type PrecodingGeometry } from '../scsi/index.js';
import type { WStepMethod } from './types.js';

/** What the W-step needs from the auxiliary variables of every UT. */
export interface WStepInputs {
  /** β_k (rate weights). */
  weights: number[];
  /** β̃_k (43) (or (45)'s β_k σ_k² N_R / P̃_k for MS²CDM). */
  betaTilde: number[];
  /** T_k on the serving satellites, S_k × M_k (rows in `geo.serving[k]` order). */
  T: CMatrix[];
  /** Ψ̌_k on the serving satellites, S_k × S_k (37). */
  psiOwn: CMatrix[];
  /** leakage[s][j] = d_{s,j} = β_j ψ_{s,s,j} for every satellite s and UT j (38). */
  leakage: Float64Array[];
}

/** Which path `method` selects for satellite s. */
export function wStepPath(geo: PrecodingGeometry, s: number, method: WStepMethod): 'beam' | 'user' {
  if (method === 'beam' || method === 'user') return method;
  if (method !== 'auto') throw new PrecodingError(`method must be auto|beam|user, got '${String(method)}'`);
  return geo.beamCounts[s] <= geo.K ? 'beam' : 'user';
}

/** v̄_{s,k}^* as a B_s × 1 column. */
function conjBeamColumn(geo: PrecodingGeometry, s: number, k: number): CMatrix {
  const v = geo.beamResponses[s];
  const b = v.cols;
  const out = new CMatrix(b, 1, v.re.slice(k * b, (k + 1) * b), v.im.slice(k * b, (k + 1) * b));
  for (let i = 0; i < b; i++) out.im[i] = -out.im[i];
  return out;
}

/**
 * A precoder whose serving blocks are rank one, W_{s,k} = p_{s,k} r_{s,k} (B_s × 1 times
 * 1 × M_k) — the form every W-step output has (see the file comment). Keeps
 * V_s p_{s,k} (K × 1) and ‖p_{s,k}‖² so that gains, powers and rates of the iterate never
 * touch B_s-sized vectors; p itself is implied (p = (QP) y in the beam path, p = V_s^H z
 * in the user path) and only built by `materialiseRankOne`.
 */
export interface RankOneBlock {
  /** V_s p_{s,k} (K × 1): row j is v̄_{s,j}ᵀ p_{s,k}. */
  vp: CMatrix;
  /** ‖p_{s,k}‖². */
  pNorm2: number;
  /** r_{s,k} (1 × M_k). */
  r: CMatrix;
  /** p_{s,k} (B_s × 1), or null when given through z. */
  p: CMatrix | null;
  /** z (K × 1) with p_{s,k} = V_s^H z, or null. */
  z: CMatrix | null;
  /** y with p_{s,k} = (QP) y in the tridiagonal basis of L_s (beam path), or undefined. */
  y?: CMatrix;
  tri?: HermitianTridiagonalization;
}

/** blocks[s][k]: the rank-one block of serving pair (s, k), null when o_{s,k} = 0. */
export type RankOnePrecoder = (RankOneBlock | null)[][];

/** ‖W_k‖_F² = Σ_s ‖p_{s,k}‖² ‖r_{s,k}‖² of UT k. */
export function rankOneUtPower(P: RankOnePrecoder, k: number): number {
  let acc = 0;
  for (const row of P) {
    const b = row[k];
    if (b) acc += b.pNorm2 * frobeniusNorm2(b.r);
  }
  return acc;
}

/** Σ_k ‖W_{s,k}‖_F² per satellite (W). */
export function rankOneSatellitePowers(P: RankOnePrecoder): number[] {
  return P.map((row) => row.reduce((acc, b) => acc + (b ? b.pNorm2 * frobeniusNorm2(b.r) : 0), 0));
}

/** Beam-domain gains (lib/scsi/covariance.ts) of a rank-one precoder: gains[s][j] = (V_s p_{s,j}) r_{s,j}. */
export function rankOneGains(P: RankOnePrecoder): BeamDomainGains {
  return P.map((row) => row.map((b) => (b ? outer(b.vp, b.r) : null)));
}

/** x·y for a column x (n × 1) and a row y (1 × m): the n × m outer product (mmul's numbers). */
function outer(x: CMatrix, y: CMatrix): CMatrix {
  const n = x.rows;
  const m = y.cols;
  const out = new CMatrix(n, m);
  for (let i = 0; i < n; i++) {
    const xr = x.re[i];
    const xi = x.im[i];
    if (xr === 0 && xi === 0) continue;
    for (let j = 0; j < m; j++) {
      out.re[i * m + j] += xr * y.re[j] - xi * y.im[j];
      out.im[i * m + j] += xr * y.im[j] + xi * y.re[j];
    }
  }
  return out;
}

/** The dense blocks W[s][k] = p_{s,k} r_{s,k} (zero for non-serving pairs). */
export function materialiseRankOne(geo: PrecodingGeometry, P: RankOnePrecoder): CMatrix[][] {
  return P.map((row, s) =>
    row.map((b, k) => {
      if (!b) return new CMatrix(geo.beamCounts[s], geo.streams[k]);
      const p = b.p ?? (b.y && b.tri ? b.tri.apply(b.y) : mmulH(geo.beamResponses[s], b.z as CMatrix));
      return mmul(p, b.r);
    }),
  );
}

/**
 * Unnormalised W̄_k (42) for every UT as rank-one blocks W̄_{s,k} = p_{s,k} r_{s,k}. The
 * caller scales each UT by η_k = √(P̃_k / ‖W̄_k‖_F²) (`normalisePerUt`).
 */
export function structuredWStep(
  geo: PrecodingGeometry,
  inp: WStepInputs,
  method: WStepMethod = 'auto',
): RankOnePrecoder {
  const { S, K } = geo;
  const out: RankOnePrecoder = Array.from({ length: S }, () => new Array<RankOneBlock | null>(K).fill(null));
  // each satellite solves for all its served UTs at once (their shifts are known here)
  const solvers = Array.from({ length: S }, (_, s) =>
    geo.served[s].length > 0
      ? satelliteSolver(
          geo,
          s,
          inp.leakage[s],
          wStepPath(geo, s, method),
          geo.served[s].map((k) => [k, inp.betaTilde[k]]),
        )
      : null,
  );
  for (let k = 0; k < K; k++) {
    const sk = geo.serving[k];
    const bt = inp.betaTilde[k];
    if (!(bt > 0) || !Number.isFinite(bt)) {
      throw new PrecodingError(`W-step: β̃_${k} must be a finite number > 0, got ${bt}`);
    }
    const blocks = sk.map((s) => (solvers[s] as SatelliteSolver)(k, bt));
    const n = sk.length;
    const r = n === 1 ? inp.T[k] : capacitanceSolve(blocks, k, inp.psiOwn[k], inp.weights[k], inp.T[k]);
    sk.forEach((s, i) => {
      blocks[i].r = rows(r, i, i + 1);
      out[s][k] = blocks[i];
    });
  }
  return out;
}

/**
 * r = (I + β_k Ψ̌^{off} diag(h))⁻¹ T_k, h_s = v̄_{s,k}ᵀ p_{s,k} = v̄ᵀ(L_s + β̃I)⁻¹v̄^* (real, > 0).
 * Solved as r = diag(h)⁻¹y with (diag(1/h) + β_k Ψ̌^{off}) y = T_k: that matrix is Hermitian
 * and positive definite — it equals diag(1/h′) + β_k Ψ̌_k, h′_s the same quadratic form
 * without UT k's own term d_{s,k} v̄^*v̄ᵀ in L_s (Sherman–Morrison: 1/h = 1/h′ + d_{s,k}) —
 * but as ill-conditioned as Ξ_k + β̃_k I itself when β̃_k is small, so it is solved without a
 * singularity threshold (solvePositiveDefinite; LU refused it as 'singular'). A block with
 * h_s = 0 (v̄_{s,k} = 0, so p_{s,k} = 0) gets r_s = 0.
 */
function capacitanceSolve(blocks: RankOneBlock[], k: number, psiOwn: CMatrix, weight: number, T: CMatrix): CMatrix {
  const n = blocks.length;
  const h = blocks.map((b) => b.vp.re[k]);
  const live: number[] = [];
  for (let i = 0; i < n; i++) if (h[i] > 0 && Number.isFinite(1 / h[i])) live.push(i);
  const m = new CMatrix(live.length, live.length);
  live.forEach((a, i) => {
    live.forEach((b, j) => {
      if (i === j) m.re[i * live.length + i] = 1 / h[a];
      else m.set(i, j, weight * psiOwn.re[a * n + b], weight * psiOwn.im[a * n + b]);
    });
  });
  const y = solvePositiveDefinite(
    m,
    gather(
      T,
      live,
      Array.from({ length: T.cols }, (_, c) => c),
    ),
  );
  const r = new CMatrix(n, T.cols);
  live.forEach((a, i) => {
    for (let c = 0; c < T.cols; c++) r.set(a, c, y.re[i * T.cols + c] / h[a], y.im[i * T.cols + c] / h[a]);
  });
  return r;
}

/** p_{s,k} = (L_s + β̃ I)^{-1} v̄_{s,k}^* for any UT k and shift β̃, as a rank-one block with r unset. */
type SatelliteSolver = (k: number, betaTilde: number) => RankOneBlock;

/** The n × 1 columns as the rows of one m × n matrix (row c = csᵀ[c]). */
function rowsOf(cs: readonly CMatrix[]): CMatrix {
  const n = cs[0].rows;
  const out = new CMatrix(cs.length, n);
  cs.forEach((c, j) => {
    out.re.set(c.re, j * n);
    out.im.set(c.im, j * n);
  });
  return out;
}

/** The n × 1 columns as one n × m matrix (column c = cs[c]). */
function columnsOf(cs: readonly CMatrix[]): CMatrix {
  const n = cs[0].rows;
  const m = cs.length;
  const out = new CMatrix(n, m);
  cs.forEach((c, j) => {
    for (let i = 0; i < n; i++) {
      out.re[i * m + j] = c.re[i];
      out.im[i * m + j] = c.im[i];
    }
  });
  return out;
}

/** Column c of A as an n × 1 matrix. */
function column(a: CMatrix, c: number): CMatrix {
  const out = new CMatrix(a.rows, 1);
  for (let i = 0; i < a.rows; i++) {
    out.re[i] = a.re[i * a.cols + c];
    out.im[i] = a.im[i * a.cols + c];
  }
  return out;
}

/**
 * Shifts below this fraction of ‖L_s‖ are solved by the ridge QR instead of the
 * tridiagonal (normal-equation) paths — see the file comment. √ε ≈ 1.5e-8: there the
 * normal equations still give ≈ 8 correct digits.
 */
const RIDGE_BELOW = Math.sqrt(Number.EPSILON);

/**
 * The ridge path of satellite s: F_s = D_J^{1/2} V_J (built on first use) and, per UT and
 * shift, p = (F_sᴴF_s + β̃I)⁻¹v̄_{s,k}^* by QR of [F_s; √β̃ I] (lib/linalg/ridge.ts) — as the
 * least-squares problem argmin ‖F_s p − e_k/√d_{s,k}‖² + β̃‖p‖² when d_{s,k} > 0.
 */
function ridgeSatelliteSolver(geo: PrecodingGeometry, s: number, d: Float64Array): SatelliteSolver {
  const V = geo.beamResponses[s];
  const b = V.cols;
  let f: CMatrix | null = null;
  const pos = new Int32Array(geo.K).fill(-1);
  return (k, bt) => {
    if (!f) {
      const J: number[] = [];
      for (let j = 0; j < geo.K; j++) if (d[j] > 0) J.push(j);
      J.forEach((j, i) => (pos[j] = i));
      f = scaleRows(
        gather(
          V,
          J,
          Array.from({ length: b }, (_, i) => i),
        ),
        J.map((j) => Math.sqrt(d[j])),
      );
    }
    let p: CMatrix;
    if (pos[k] >= 0) {
      const c = new CMatrix(f.rows, 1);
      c.re[pos[k]] = 1 / Math.sqrt(d[k]);
      p = ridgeLeastSquares(f, c, bt);
    } else {
      p = ridgeSolve(f, conjBeamColumn(geo, s, k), bt);
    }
    const vp = mmul(V, p);
    return { vp, pNorm2: frobeniusNorm2(p), r: new CMatrix(1, 1), p, z: null };
  };
}

/**
 * One factorisation of satellite s's leakage part, shared by all its UTs:
 * 'beam': L_s = (QP) T (QP)^H (Householder tridiagonalisation, B_s × B_s) and
 *   Y_s = (QP)^H V_s^H (B_s × K); then p = (QP) y, y = (T + β̃ I)^{-1} Y_s[:, k],
 *   V_s p = Y_s^H y, ‖p‖² = ‖y‖² — O(B_s) + O(B_s K) per UT.
 * 'user': M_s = D_J^{1/2} G_s[J,J] D_J^{1/2} tridiagonalised (|J| × |J|, J = {j : d_{s,j} > 0});
 *   for k ∈ J, z_J = D_J^{1/2} (M_s + β̃ I)^{-1} e_k / √d_{s,k}, p = V_s^H z, V_s p = G_s z,
 *   ‖p‖² = z^H G_s z — no B_s-sized work per UT. A UT with d_{s,k} = 0 (its precoder
 *   from s radiates nothing it values) takes z_k = 1/β̃ and
 *   z_J = −D_J^{1/2} (M_s + β̃ I)^{-1} D_J^{1/2} G_s[J,k]/β̃ (push-through again).
 * Either path hands a UT whose shift is below √ε·‖L_s‖ to the ridge QR (file comment).
 * `batch`: the (UT, shift) pairs that will be asked for (structuredWStep knows them all):
 * they are solved together — one multi-column application of (QP) and one matrix product
 * for every V_s p instead of one per UT; each column's arithmetic is that of a lone UT, so
 * the blocks are the same. Pairs on the ridge path, and a pair whose shifted solve fails,
 * are left to the per-UT path, which then reports the failure for that UT.
 */
function satelliteSolver(
  geo: PrecodingGeometry,
  s: number,
  d: Float64Array,
  path: 'beam' | 'user',
  batch: readonly (readonly [number, number])[] = [],
): SatelliteSolver {
  const V = geo.beamResponses[s];
  const ridge = ridgeSatelliteSolver(geo, s, d);
  const solved = new Map<number, { bt: number; block: RankOneBlock }>();
  const cached = (k: number, bt: number) => {
    const hit = solved.get(k);
    return hit && hit.bt === bt ? hit.block : null;
  };
  if (path === 'beam') {
    // L_s = V_sᴴ (diag(d) V_s): one matrix product (the register-blocked kernel beats a Gram loop here)
    const tri = new HermitianTridiagonalization(mmulH(V, scaleRows(V, d)));
    const ridgeBelow = RIDGE_BELOW * tri.normBound();
    // row k of Yt is ((QP)^H v̄_{s,k}^*)ᵀ: one contiguous B_s-vector per UT
    const Yt = transpose(tri.applyAdjoint(hermitian(V)));
    const b = V.cols;
    const rhs = (k: number) =>
      new CMatrix(b, 1, Yt.re.subarray(k * b, (k + 1) * b), Yt.im.subarray(k * b, (k + 1) * b));
    // V_s p = Y^H y, as a row: yᵀ conj(Y) = yᵀ Ytᴴ
    const conjY = hermitian(Yt);
    const block = (y: CMatrix, vp: CMatrix): RankOneBlock => ({
      vp,
      pNorm2: frobeniusNorm2(y),
      r: new CMatrix(1, 1),
      p: null,
      z: null,
      y,
      tri,
    });
    const ys: CMatrix[] = [];
    const ks: [number, number][] = [];
    for (const [k, bt] of batch) {
      if (bt < ridgeBelow) continue; // the ridge path, per UT below
      try {
        ys.push(tri.solveShiftedReduced(rhs(k), bt));
        ks.push([k, bt]);
      } catch {
        // left to the per-UT path below
      }
    }
    if (ys.length > 0) {
      // every UT of the batch in one product: row c of VPt is (V_s p_c)ᵀ
      const VPt = mmul(rowsOf(ys), conjY);
      const K = VPt.cols;
      ks.forEach(([k, bt], c) => {
        const vp = new CMatrix(K, 1, VPt.re.subarray(c * K, (c + 1) * K), VPt.im.subarray(c * K, (c + 1) * K));
        solved.set(k, { bt, block: block(ys[c], vp) });
      });
    }
    return (k, bt) => {
      if (bt < ridgeBelow) return ridge(k, bt);
      const hit = cached(k, bt);
      if (hit) return hit;
      const y = tri.solveShiftedReduced(rhs(k), bt);
      const vp = mmul(rowsOf([y]), conjY);
      return block(y, new CMatrix(vp.cols, 1, vp.re, vp.im));
    };
  }
  const K = geo.K;
  const g = beamGram(geo, s);
  const J: number[] = [];
  for (let j = 0; j < K; j++) if (d[j] > 0) J.push(j);
  const pos = new Int32Array(K).fill(-1);
  J.forEach((j, i) => (pos[j] = i));
  const sq = J.map((j) => Math.sqrt(d[j]));
  const tri = J.length > 0 ? new HermitianTridiagonalization(scaleRows(scaleRows(gather(g, J, J), sq).H(), sq)) : null;
  // z (K × m) from y = (M_s + β̃ I)^{-1}(…) (|J| × m): z_J = D_J^{1/2} y, zero elsewhere
  const zOf = (y: CMatrix): CMatrix => {
    const m = y.cols;
    const z = new CMatrix(K, m);
    J.forEach((j, i) => {
      for (let c = 0; c < m; c++) z.set(j, c, sq[i] * y.re[i * m + c], sq[i] * y.im[i * m + c]);
    });
    return z;
  };
  const ridgeBelow = tri ? RIDGE_BELOW * tri.normBound() : 0;
  const finish = (z: CMatrix, vp: CMatrix): RankOneBlock => ({
    vp, // V_s V_s^H z = V_s p
    pNorm2: rowInnerProduct(vp.T(), 0, z.T(), 0).re,
    r: new CMatrix(1, 1),
    p: null,
    z,
  });
  if (tri) {
    const inJ = batch.filter(([k, bt]) => pos[k] >= 0 && bt >= ridgeBelow);
    if (inJ.length > 0) {
      const E = new CMatrix(J.length, inJ.length);
      inJ.forEach(([k], c) => (E.re[pos[k] * inJ.length + c] = 1 / sq[pos[k]]));
      const W = tri.applyAdjoint(E);
      const ys: CMatrix[] = [];
      const ks: [number, number][] = [];
      inJ.forEach(([k, bt], c) => {
        try {
          ys.push(tri.solveShiftedReduced(column(W, c), bt));
          ks.push([k, bt]);
        } catch {
          // left to the per-UT path below
        }
      });
      if (ys.length > 0) {
        const Z = zOf(tri.apply(columnsOf(ys)));
        const VP = mmul(g, Z);
        ks.forEach(([k, bt], c) => solved.set(k, { bt, block: finish(column(Z, c), column(VP, c)) }));
      }
    }
  }
  return (k, bt) => {
    if (bt < ridgeBelow) return ridge(k, bt);
    const hit = cached(k, bt);
    if (hit) return hit;
    if (pos[k] >= 0) {
      const e = new CMatrix(J.length, 1);
      e.re[pos[k]] = 1 / sq[pos[k]];
      const z = zOf((tri as HermitianTridiagonalization).solveShifted(e, bt));
      return finish(z, mmul(g, z));
    }
    const z = new CMatrix(K, 1);
    z.set(k, 0, 1 / bt, 0);
    if (tri) {
      const rhs = scaleRows(
        gather(g, J, [k]),
        sq.map((x) => -x / bt),
      );
      const y = tri.solveShifted(rhs, bt);
      J.forEach((j, i) => z.set(j, 0, sq[i] * y.re[i], sq[i] * y.im[i]));
    }
    return finish(z, mmul(g, z));
  };
}

/**
 * Scale every UT to ‖W_k‖_F² = P̃ (η_k of (43) with the square root,
 * docs/paper-reading.md#e1); new blocks.
 */
export function normalisePerUt(geo: PrecodingGeometry, P: RankOnePrecoder, perUtPowerW: number): RankOnePrecoder {
  const out: RankOnePrecoder = P.map((row) => row.slice());
  for (let k = 0; k < geo.K; k++) {
    const nrm = rankOneUtPower(P, k);
    if (!(nrm > 0) || !Number.isFinite(nrm)) {
      throw new PrecodingError(`precoder of UT ${k} is zero or not finite before normalisation (‖W̄_k‖² = ${nrm})`);
    }
    const eta = Math.sqrt(perUtPowerW / nrm);
    for (let s = 0; s < geo.S; s++) {
      const b = P[s][k];
      if (b) out[s][k] = { ...b, r: scale(b.r, eta) };
    }
  }
  return out;
}

/**
 * Ξ_k W (44) applied with the structure (serving blocks only), for the gradient tests:
 * (Ξ_k W)_s = L_s W_s + β_k v̄_{s,k}^* Σ_{s'≠s} ψ_{s,s',k} v̄_{s',k}ᵀ W_{s'}, s ∈ S_k.
 * `Wk[s]` is the B_s × M_k block of satellite s; returns blocks (zero for non-serving).
 */
export function applyXi(geo: PrecodingGeometry, inp: WStepInputs, k: number, Wk: CMatrix[]): CMatrix[] {
  const sk = geo.serving[k];
  const out = Wk.map((w, s) => new CMatrix(geo.beamCounts[s], w.cols));
  const own = sk.map((s) => mmul(rows(geo.beamResponses[s], k, k + 1), Wk[s])); // v̄_{s,k}ᵀ W_s
  const psi = inp.psiOwn[k];
  sk.forEach((s, a) => {
    const V = geo.beamResponses[s];
    const blk = mmulH(V, scaleRows(mmul(V, Wk[s]), inp.leakage[s]));
    const acc = new CMatrix(1, Wk[s].cols);
    sk.forEach((_, b) => {
      if (b !== a) addScaledInPlace(acc, own[b], psi.get(a, b));
    });
    addScaledInPlace(blk, mmul(conjBeamColumn(geo, s, k), acc), inp.weights[k]);
    out[s] = blk;
  });
  return out;
}
