/**
 * Array responses and the DFT beam codebook (Section II-A, eqs. (7), (8); Section V-B, (49)).
 *
 * Uniform planar arrays of N = N_V·N_H half-wavelength elements. The response to a plane
 * wave with direction cosines (x_V, x_H) along the vertical and horizontal array axes is
 *
 *   v_N(x_V, x_H) = a_{N_V}(x_V) ⊗ a_{N_H}(x_H),   a_N(x)[n] = e^{−jπ n x} / √N,  n = 0..N−1
 *
 * (unit norm; Kronecker order vertical ⊗ horizontal, element index q = n_V·N_H + n_H). In
 * the paper's angles x_V = cos θ and x_H = sin θ cos φ, with θ, φ measured in each array's
 * local frame (see lib/geometry for the frames: satellite boresight = nadir, UT boresight =
 * zenith).
 *
 * DFT codebook F = (F̄_V ⊗ F̄_H)^*, F̄_N = [a_N(ϖ_0) … a_N(ϖ_{N−1})], ϖ_n = −1 + 2n/N:
 * codeword q = n_V·N_H + n_H is the conjugate steering vector towards (ϖ_{n_V}, ϖ_{n_H}), so
 * vᵀf_q is a product of two Dirichlet kernels and its power is the beam gain (49) with the
 * squares restored (docs/paper-reading.md#e8):
 * |sinc(N_V ϑ)/sinc(ϑ)|²·|sinc(N_H ϑ̃)/sinc(ϑ̃)|².
 * Nothing here builds an N_T × N_T matrix unless asked (`dftCodebook`, for tests).
 */
import { CMatrix, LinalgError, kron } from '../linalg/index.js';

/** UPA size: N_V rows (vertical axis) × N_H columns (horizontal axis). */
export interface ArraySize {
  nV: number;
  nH: number;
}

/** Number of elements N_V·N_H. */
export function arrayElements(a: ArraySize): number {
  return a.nV * a.nH;
}

function checkArray(a: ArraySize, what: string): void {
  for (const [k, v] of [
    ['nV', a.nV],
    ['nH', a.nH],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new LinalgError(`${what}.${k} must be an integer >= 1, got ${v}`);
  }
}

/** Direction cosines (x_V, x_H) = (cos θ, sin θ cos φ) of angles θ, φ (radians). */
export function directionCosines(thetaRad: number, phiRad: number): [number, number] {
  return [Math.cos(thetaRad), Math.sin(thetaRad) * Math.cos(phiRad)];
}

/** Uniform linear array response a_N(x) as an N × 1 column (unit norm). */
export function ulaResponse(n: number, x: number): CMatrix {
  const out = new CMatrix(n, 1);
  const s = 1 / Math.sqrt(n);
  for (let i = 0; i < n; i++) {
    out.re[i] = s * Math.cos(-Math.PI * i * x);
    out.im[i] = s * Math.sin(-Math.PI * i * x);
  }
  return out;
}

/** UPA steering vector v = a_{N_V}(x_V) ⊗ a_{N_H}(x_H), N × 1, unit norm ((7), (8)). */
export function steeringVector(array: ArraySize, xV: number, xH: number): CMatrix {
  checkArray(array, 'array');
  return kron(ulaResponse(array.nV, xV), ulaResponse(array.nH, xH));
}

/** Grid point ϖ_n = −1 + 2n/N of the DFT codebook along one axis. */
export function dftGridPoint(n: number, N: number): number {
  return -1 + (2 * n) / N;
}

/**
 * Dirichlet kernel (1/N) Σ_{n<N} e^{−jπ n δ} = e^{−jπ(N−1)δ/2} · sin(πNδ/2) / (N sin(πδ/2)),
 * the inner product a_N(x)ᵀ a_N(ϖ)^* for δ = x − ϖ. Returns [re, im].
 */
export function dirichlet(N: number, delta: number): [number, number] {
  const half = (Math.PI * delta) / 2;
  const den = N * Math.sin(half);
  if (Math.abs(den) < 1e-12) {
    // δ at an even integer 2k: every term e^{−j2πnk} = 1, the kernel is exactly 1
    return [1, 0];
  }
  const mag = Math.sin(N * half) / den;
  const phase = -(N - 1) * half;
  return [mag * Math.cos(phase), mag * Math.sin(phase)];
}

/**
 * Beam-domain response v̄ᵀ = vᵀ F A (1 × B): entry b is vᵀ f_{beams[b]} for the steering
 * vector with direction cosines (x_V, x_H). Closed form, O(B) — no N_T-sized matrix.
 */
export function beamResponse(array: ArraySize, xV: number, xH: number, beams: ArrayLike<number>): CMatrix {
  checkArray(array, 'array');
  const N = array.nV * array.nH;
  const out = new CMatrix(1, beams.length);
  for (let b = 0; b < beams.length; b++) {
    const q = beams[b];
    if (!Number.isInteger(q) || q < 0 || q >= N) {
      throw new LinalgError(`beams[${b}] must be an integer codeword index in [0, ${N - 1}], got ${q}`);
    }
    const nv = Math.floor(q / array.nH);
    const nh = q % array.nH;
    const [ar, ai] = dirichlet(array.nV, xV - dftGridPoint(nv, array.nV));
    const [br, bi] = dirichlet(array.nH, xH - dftGridPoint(nh, array.nH));
    out.re[b] = ar * br - ai * bi;
    out.im[b] = ar * bi + ai * br;
  }
  return out;
}

/**
 * Beam gains |vᵀ f_q|² for every codeword q = 0..N_T−1 (the beam-domain power map), O(N_T)
 * from the separable closed form (49) with squares.
 */
export function beamGains(array: ArraySize, xV: number, xH: number): Float64Array {
  checkArray(array, 'array');
  const gv = new Float64Array(array.nV);
  const gh = new Float64Array(array.nH);
  for (let n = 0; n < array.nV; n++) {
    const [r, i] = dirichlet(array.nV, xV - dftGridPoint(n, array.nV));
    gv[n] = r * r + i * i;
  }
  for (let n = 0; n < array.nH; n++) {
    const [r, i] = dirichlet(array.nH, xH - dftGridPoint(n, array.nH));
    gh[n] = r * r + i * i;
  }
  const out = new Float64Array(array.nV * array.nH);
  for (let v = 0; v < array.nV; v++) for (let h = 0; h < array.nH; h++) out[v * array.nH + h] = gv[v] * gh[h];
  return out;
}

/** The full DFT codebook F = (F̄_V ⊗ F̄_H)^* (N_T × N_T, unitary). For tests and small arrays. */
export function dftCodebook(array: ArraySize): CMatrix {
  checkArray(array, 'array');
  const N = array.nV * array.nH;
  const f = new CMatrix(N, N);
  for (let q = 0; q < N; q++) {
    const nv = Math.floor(q / array.nH);
    const nh = q % array.nH;
    const col = steeringVector(array, dftGridPoint(nv, array.nV), dftGridPoint(nh, array.nH));
    for (let i = 0; i < N; i++) {
      f.re[i * N + q] = col.re[i];
      f.im[i * N + q] = -col.im[i];
    }
  }
  return f;
}

/**
 * Steering vectors of P directions as the columns of an N × P matrix, column i scaled by
 * `weights[i]` (default 1): [w_0 v(x_V0, x_H0), …]. With w_i = √p_i, U·Uᴴ = Σ_i p_i v_i v_iᴴ
 * (the NLoS covariance of lib/channel/covariance.ts).
 */
export function steeringMatrix(
  array: ArraySize,
  xV: ArrayLike<number>,
  xH: ArrayLike<number>,
  weights?: ArrayLike<number>,
): CMatrix {
  checkArray(array, 'array');
  const p = xV.length;
  if (xH.length !== p) throw new LinalgError(`steeringMatrix: xH has length ${xH.length}, expected ${p}`);
  if (weights !== undefined && weights.length !== p) {
    throw new LinalgError(`steeringMatrix: weights has length ${weights.length}, expected ${p}`);
  }
  const n = array.nV * array.nH;
  const out = new CMatrix(n, p);
  const s = 1 / Math.sqrt(n);
  for (let i = 0; i < p; i++) {
    const w = (weights === undefined ? 1 : weights[i]) * s;
    for (let v = 0; v < array.nV; v++) {
      for (let h = 0; h < array.nH; h++) {
        const ph = -Math.PI * (v * xV[i] + h * xH[i]);
        const r = (v * array.nH + h) * p + i;
        out.re[r] = w * Math.cos(ph);
        out.im[r] = w * Math.sin(ph);
      }
    }
  }
  return out;
}
