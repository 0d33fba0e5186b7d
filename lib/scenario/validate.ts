/**
 * Checks of a drop (`Scenario`, lib/scenario/types.ts) against the model's requirements
 * (Section II): shapes, ranges, Σ Hermitian PSD with Tr Σ = 1 (docs/paper-reading.md#c4),
 * association 0/1, beams in range and distinct, 1 ≤ M_k ≤ N_R, and the size and scale
 * limits of lib/scenario/limits.ts (so that nothing huge is allocated and every result
 * stays finite). Used by the JSON reader (lib/scenario/io.ts) and callable on any in-memory
 * scenario. Errors name the field and what was expected:
 *
 *   links[2][7].sigma: expected Hermitian (max |Σ − Σᴴ| <= 1e-6), got max |Σ − Σᴴ| = 3.2e-3
 */
import { InputError } from '../cli/args.js';
import { type CMatrix, eigHermitian, hermitianPart, trace } from '../linalg/index.js';
import { SCENARIO_LIMITS as L, sci } from './limits.js';
import type { Scenario } from './types.js';

/** A scenario (file or object) that violates the format; the message names the field. */
export class ScenarioFormatError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioFormatError';
  }
}

/** Tolerances of the Σ checks (absolute, Σ has unit trace). */
export interface ScenarioTolerances {
  /** max |Σ − Σᴴ| allowed. Default 1e-6. */
  hermitian: number;
  /** |Tr Σ − 1| allowed. Default 1e-6. */
  trace: number;
  /** smallest eigenvalue allowed is −psd. Default 1e-9. */
  psd: number;
}

/** Default tolerances: loose enough for data exported in single precision-ish text, tight enough to catch mistakes. */
export const DEFAULT_TOLERANCES: Readonly<ScenarioTolerances> = Object.freeze({
  hermitian: 1e-6,
  trace: 1e-6,
  psd: 1e-9,
});

/** Short description of a value for error messages. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing (missing)';
  if (v === null) return 'null';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === 'object') return 'an object';
  return typeof v;
}

/** Throw ScenarioFormatError `${field}: expected ${expected}, got ${describe(got)}`. */
export function fail(field: string, expected: string, got: unknown): never {
  throw new ScenarioFormatError(`${field}: expected ${expected}, got ${describeValue(got)}`);
}

function checkIntArray(field: string, v: unknown, len: number, lo: number, hi: number): void {
  if (!Array.isArray(v) || v.length !== len) fail(field, `an array of ${len} integers in [${lo}, ${hi}]`, v);
  v.forEach((x, i) => {
    if (!Number.isInteger(x) || x < lo || x > hi) fail(`${field}[${i}]`, `an integer in [${lo}, ${hi}]`, x);
  });
}

function checkNumArray(field: string, v: unknown, len: number, what: string, ok: (x: number) => boolean): void {
  if (!Array.isArray(v) || v.length !== len) fail(field, `an array of ${len} numbers ${what}`, v);
  v.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x) || !ok(x)) fail(`${field}[${i}]`, `a finite number ${what}`, x);
  });
}

/**
 * Check Σ (N_R × N_R): finite, Hermitian, Tr = 1, PSD, all within `tol`. Returns the exactly
 * Hermitian part (A + Aᴴ)/2, which differs from Σ by at most tol.hermitian/2.
 */
export function checkCovariance(field: string, sigma: CMatrix, nR: number, tol: ScenarioTolerances): CMatrix {
  if (sigma.rows !== nR || sigma.cols !== nR)
    fail(field, `a ${nR}x${nR} matrix (N_R = ${nR})`, `${sigma.rows}x${sigma.cols}`);
  for (let p = 0; p < sigma.size; p++) {
    if (!Number.isFinite(sigma.re[p]) || !Number.isFinite(sigma.im[p])) {
      fail(field, 'finite entries', `a non-finite entry at (${Math.floor(p / nR)}, ${p % nR})`);
    }
  }
  let asym = 0;
  for (let i = 0; i < nR; i++) {
    for (let j = i; j < nR; j++) {
      asym = Math.max(
        asym,
        Math.hypot(sigma.re[i * nR + j] - sigma.re[j * nR + i], sigma.im[i * nR + j] + sigma.im[j * nR + i]),
      );
    }
  }
  if (asym > tol.hermitian) {
    fail(field, `Hermitian (max |Σ − Σᴴ| <= ${tol.hermitian})`, `max |Σ − Σᴴ| = ${asym.toExponential(2)}`);
  }
  const h = hermitianPart(sigma);
  const tr = trace(h).re;
  if (!(Math.abs(tr - 1) <= tol.trace)) fail(field, `trace 1 (|Tr Σ − 1| <= ${tol.trace})`, `Tr Σ = ${tr}`);
  const lmin = eigHermitian(h).values[0];
  if (lmin < -tol.psd) {
    fail(
      field,
      `positive semidefinite (smallest eigenvalue >= -${tol.psd})`,
      `smallest eigenvalue ${lmin.toExponential(3)}`,
    );
  }
  return h;
}

/** Check a UPA size {nV, nH} with 1 <= nV, nH <= maxSide. */
export function checkArraySize(field: string, a: unknown, maxSide: number): { nV: number; nH: number } {
  if (typeof a !== 'object' || a === null || Array.isArray(a)) fail(field, 'an object {nV, nH}', a);
  const o = a as Record<string, unknown>;
  for (const k of ['nV', 'nH']) {
    if (!Number.isInteger(o[k]) || (o[k] as number) < 1 || (o[k] as number) > maxSide)
      fail(`${field}.${k}`, `an integer in [1, ${maxSide}]`, o[k]);
  }
  return { nV: o.nV as number, nH: o.nH as number };
}

/**
 * The size limits that can be checked before any link is read: S, K, both array sizes and
 * the storage of the S·K covariances (lib/scenario/limits.ts). Returns N_T and N_R.
 */
export function checkScenarioSizes(
  S: unknown,
  K: unknown,
  satArray: unknown,
  utArray: unknown,
): { nT: number; nR: number } {
  if (!Number.isInteger(S) || (S as number) < 1 || (S as number) > L.S) fail('S', `an integer in [1, ${L.S}]`, S);
  if (!Number.isInteger(K) || (K as number) < 1 || (K as number) > L.K) fail('K', `an integer in [1, ${L.K}]`, K);
  const sat = checkArraySize('satArray', satArray, L.satSide);
  const ut = checkArraySize('utArray', utArray, L.utSide);
  const nR = ut.nV * ut.nH;
  const entries = (S as number) * (K as number) * nR * nR;
  if (entries > L.covarianceEntries) {
    fail(
      'S·K·N_R²',
      `at most ${L.covarianceEntries} covariance entries (the size limit of a drop)`,
      `${S}·${K}·${nR}² = ${entries}`,
    );
  }
  return { nT: sat.nV * sat.nH, nR };
}

/**
 * Check a scenario in place (throws ScenarioFormatError at the first violation) and replace
 * every Σ by its exactly Hermitian part. Returns the same object.
 */
export function validateScenario(scn: Scenario, tol: ScenarioTolerances = DEFAULT_TOLERANCES): Scenario {
  const { S, K } = scn;
  const { nT, nR } = checkScenarioSizes(S, K, scn.satArray, scn.utArray);
  checkNumArray('powerW', scn.powerW, S, `in [0, ${sci(L.powerW)}] (W)`, (x) => x >= 0 && x <= L.powerW);
  if (!scn.powerW.some((p) => p > 0)) fail('powerW', 'at least one P_s > 0', 'all 0');
  checkNumArray(
    'noiseW',
    scn.noiseW,
    K,
    `in [${sci(L.noiseMinW)}, ${sci(L.noiseMaxW)}] (W)`,
    (x) => x >= L.noiseMinW && x <= L.noiseMaxW,
  );
  checkNumArray(
    'weights',
    scn.weights,
    K,
    `equal to 0 or in [${sci(L.weightMin)}, ${sci(L.weightMax)}]`,
    (x) => x === 0 || (x >= L.weightMin && x <= L.weightMax),
  );
  checkIntArray('streams', scn.streams, K, 1, nR);
  if (!Array.isArray(scn.association) || scn.association.length !== S) {
    fail('association', `an S x K = ${S}x${K} array of 0/1`, scn.association);
  }
  scn.association.forEach((row, s) => {
    if (!Array.isArray(row) || row.length !== K) fail(`association[${s}]`, `an array of K = ${K} entries 0/1`, row);
    row.forEach((x, k) => {
      if (x !== 0 && x !== 1) fail(`association[${s}][${k}]`, '0 or 1', x);
    });
  });
  for (let k = 0; k < K; k++) {
    if (!scn.association.some((row) => row[k] === 1)) {
      fail(`association[*][${k}]`, `at least one serving satellite for UT ${k}`, 'none');
    }
  }
  if (!Array.isArray(scn.beams) || scn.beams.length !== S) fail('beams', `an array of S = ${S} beam lists`, scn.beams);
  scn.beams.forEach((b, s) => {
    if (!Array.isArray(b) || b.length < 1 || b.length > nT) {
      fail(`beams[${s}]`, `an array of 1..${nT} codeword indices (N_T = ${nT})`, b);
    }
    b.forEach((q, i) => {
      if (!Number.isInteger(q) || q < 0 || q >= nT)
        fail(`beams[${s}][${i}]`, `an integer codeword index in [0, ${nT - 1}]`, q);
      if (i > 0 && q <= b[i - 1]) fail(`beams[${s}][${i}]`, `distinct indices in ascending order (> ${b[i - 1]})`, q);
    });
  });
  const sumB = scn.beams.reduce((a, b) => a + b.length, 0);
  const sumM = scn.streams.reduce((a, m) => a + m, 0);
  if (sumB * sumM > L.precoderEntries) {
    fail(
      'beams',
      `(Σ_s B_s)·(Σ_k M_k) <= ${L.precoderEntries} precoder entries (the size limit of a drop)`,
      `${sumB}·${sumM} = ${sumB * sumM}`,
    );
  }
  if (!Array.isArray(scn.links) || scn.links.length !== S)
    fail('links', `an array of S = ${S} rows of K = ${K} links`, scn.links);
  scn.links.forEach((row, s) => {
    if (!Array.isArray(row) || row.length !== K) fail(`links[${s}]`, `an array of K = ${K} links`, row);
    row.forEach((l, k) => {
      const f = `links[${s}][${k}]`;
      if (typeof l !== 'object' || l === null) fail(f, 'an object', l);
      if (typeof l.gamma !== 'number' || !Number.isFinite(l.gamma) || l.gamma < 0 || l.gamma > L.gamma)
        fail(`${f}.gamma`, `a number in [0, ${sci(L.gamma)}]`, l.gamma);
      const snr = (l.gamma * scn.powerW[s]) / scn.noiseW[k];
      if (!(snr <= L.snr)) {
        fail(
          `${f}.gamma`,
          `a mean SNR gamma·powerW[${s}]/noiseW[${k}] <= ${sci(L.snr)} (150 dB)`,
          `gamma = ${l.gamma}, SNR = ${snr.toExponential(2)}`,
        );
      }
      if (typeof l.kappa !== 'number' || Number.isNaN(l.kappa) || l.kappa < 0)
        fail(`${f}.kappa`, 'a number >= 0 or Infinity', l.kappa);
      for (const a of ['thetaT', 'thetaR'] as const) {
        if (typeof l[a] !== 'number' || !(l[a] >= 0 && l[a] <= Math.PI + 1e-9))
          fail(`${f}.${a}`, 'an angle in [0, π] (rad)', l[a]);
      }
      for (const a of ['phiT', 'phiR'] as const) {
        if (typeof l[a] !== 'number' || !(Math.abs(l[a]) <= 2 * Math.PI + 1e-9))
          fail(`${f}.${a}`, 'an angle in [-2π, 2π] (rad)', l[a]);
      }
      if (typeof l.phiBar !== 'number' || !(l.phiBar >= 0 && l.phiBar <= 1))
        fail(`${f}.phiBar`, 'a number in [0, 1]', l.phiBar);
      if (!l.sigma || typeof l.sigma !== 'object' || !(l.sigma.re instanceof Float64Array))
        fail(`${f}.sigma`, 'a CMatrix', l.sigma);
      l.sigma = checkCovariance(`${f}.sigma`, l.sigma, nR, tol);
    });
  });
  if (scn.meta !== undefined && (typeof scn.meta !== 'object' || scn.meta === null || Array.isArray(scn.meta))) {
    fail('meta', 'an object (optional)', scn.meta);
  }
  return scn;
}
