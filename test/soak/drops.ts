/**
 * Random drops for the solver soak (test/soak/soak.test.ts, `npm run soak`): a fast-check
 * arbitrary over the parameter range of Figs. 2–8 and past it, the scenario built from it,
 * and the checks run on every scheme × beam selection.
 *
 * A case is a plain record (`SoakCase`) drawn by fast-check; everything random in the
 * scenario comes from `Rng('soak/<seed>')`, so a case (or the fast-check seed that drew it)
 * replays exactly. Ranges (Table I in brackets), in four size classes (`soakCaseArb`):
 *   K 1–96 [12–48], S 1–6 [5], S_k 1–5 [1–5], N_T 2×2 … 16×16 (mostly 4×4, 8×8) [16×16],
 *   N_R 1–16 [1–16], M_k 1–min(S_k, N_R), B_s from max K_s to N_T [K_s–256],
 *   P_T 10–80 dBm [20–50], ζ² 0–100 rad² and ∞ (φ̄ = 0) [0–0.5], φ̄ = 0 on random links,
 *   κ as drawn / ∞ everywhere / ∞ on half the links / 0 on a third, Σ as drawn / I/N_R /
 *   rank one everywhere / rank one on half, P_s = 0 on up to S − 1 satellites, σ² thermal /
 *   1e-30 W / mixed, β_k = 1 or log-uniform in [1e-6, 1e6], competition clustering or a
 *   random association (satellites may serve nobody; serving links may be blocked, γ = 0,
 *   as long as every UT keeps one live serving link), I_max 1–20 with or without the ε stop.
 *
 * The checks (`runSoakCase`), for every scheme (MS²CDWM, MS²CDM, LIB, MS²DFT) and beam
 * selection (LCMS, NearOpt, Full): no exception; W finite, of the right shape, zero
 * outside the association; (C7) Σ_k ‖W_{s,k}‖² ≤ P_s (1 + 1e-9); upper-bound (16) and
 * ergodic (12) rates finite and ≥ 0, per UT and summed. LCMS/NearOpt need B_s ≥ K_s, so a
 * drop whose largest K_s exceeds N_T runs Full only (counted as skipped).
 */
import fc from 'fast-check';
import { selectBeams, type BeamMethod } from '../../lib/beamspace/index.js';
import { defaultDropConfig, drawDrop, isotropicCovariance } from '../../lib/channel/index.js';
import { competitionClustering } from '../../lib/clustering/index.js';
import { CMatrix, frobeniusNorm2, mmulNH } from '../../lib/linalg/index.js';
import { ergodicRates, upperBoundRates } from '../../lib/metrics/index.js';
import { cdmPrecoders, cdwmPrecoders, dftPrecoders, libPrecoders, type Precoders } from '../../lib/precoding/index.js';
import { Rng } from '../../lib/random/index.js';
import type { Scenario } from '../../lib/scenario/types.js';

/** One soak drop: every choice that defines it (see the file comment). */
export interface SoakCase {
  /** Seed of the scenario's random draws (Rng('soak/<seed>')). */
  seed: number;
  K: number;
  S: number;
  Sk: number;
  /** N_T = ntSide², N_R = nrSide². */
  ntSide: number;
  nrSide: number;
  /** M_k = 1 + ⌊mkFrac · min(S_k, N_R)⌋ (capped). */
  mkFrac: number;
  /** B_s = max K_s + round(bsFrac · (N_T − max K_s)). */
  bsFrac: number;
  ptDbm: number;
  /** ζ² of the drop (rad²); Infinity sets φ̄ = 0 on every link. */
  zeta2: number;
  /** Fraction of links with φ̄ forced to 0. */
  phiZeroFrac: number;
  kappa: 'drawn' | 'infinite' | 'mixed' | 'zero-some';
  sigma: 'drawn' | 'isotropic' | 'rank-one' | 'mixed';
  /** Satellites with P_s = 0 (at most S − 1). */
  zeroPowerSats: number;
  noise: 'thermal' | 'tiny' | 'mixed';
  weights: 'one' | 'spread';
  association: 'clustering' | 'random';
  /** Fraction of links blocked (γ = 0) after association (each UT keeps a live serving link). */
  blockedFrac: number;
  /** I_max of MS²CDWM; `stop` false runs all I_max iterations (ε = −∞). */
  iterations: number;
  stop: boolean;
  /** Ergodic realisations. */
  realizations: number;
}

const frac = fc.double({ min: 0, max: 1, noNaN: true });

/** Fields drawn the same way in every size class. */
const common = {
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  S: fc.integer({ min: 1, max: 6 }),
  Sk: fc.integer({ min: 1, max: 5 }),
  mkFrac: frac,
  bsFrac: frac,
  ptDbm: fc.double({ min: 10, max: 80, noNaN: true }),
  zeta2: fc.oneof(
    { weight: 2, arbitrary: fc.constant(0) },
    { weight: 3, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
    { weight: 2, arbitrary: fc.double({ min: 1, max: 100, noNaN: true }) },
    { weight: 1, arbitrary: fc.constant(Infinity) },
  ),
  phiZeroFrac: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: frac }),
  kappa: fc.constantFrom('drawn' as const, 'infinite' as const, 'mixed' as const, 'zero-some' as const),
  sigma: fc.constantFrom('drawn' as const, 'isotropic' as const, 'rank-one' as const, 'mixed' as const),
  zeroPowerSats: fc.oneof(
    { weight: 3, arbitrary: fc.constant(0) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 5 }) },
  ),
  noise: fc.oneof(
    { weight: 3, arbitrary: fc.constant('thermal' as const) },
    { weight: 1, arbitrary: fc.constant('tiny' as const) },
    { weight: 1, arbitrary: fc.constant('mixed' as const) },
  ),
  weights: fc.constantFrom('one' as const, 'spread' as const),
  association: fc.constantFrom('clustering' as const, 'random' as const),
  blockedFrac: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: frac }),
  stop: fc.boolean(),
};

/**
 * Size classes, so that a drop costs well under a second on average (the cost of MS²CDWM
 * grows like K·I_max·L_k²·N_R with L_k = (S_k N_R + 1) M_k, and like K·B_s² per W-step,
 * more when many UTs take the ridge path — extreme β or σ²):
 *   small  (weight 12): K 1–12, N_T 2×2–8×8, N_R 1–9, I_max 1–20, 1–3 realisations;
 *   medium (weight 3):  K 13–32, N_T 4×4–8×8, N_R 1–4, I_max 1–5;
 *   large  (weight 1):  K 33–96, N_T 4×4–8×8, N_R 1–4, I_max 1–2, one realisation;
 *   wide   (weight 2):  K 1–6 with N_T 16×16, or N_R 16 with S_k up to 5, I_max 1–5.
 */
const sized = (
  K: fc.Arbitrary<number>,
  ntSide: fc.Arbitrary<number>,
  nrSide: fc.Arbitrary<number>,
  iterations: fc.Arbitrary<number>,
  realizations: fc.Arbitrary<number>,
) => fc.record({ ...common, K, ntSide, nrSide, iterations, realizations });

/** The small class alone (the seeded run of `npm test`). */
export const smallSoakCaseArb: fc.Arbitrary<SoakCase> = sized(
  fc.integer({ min: 1, max: 12 }),
  fc.constantFrom(2, 4, 8),
  fc.constantFrom(1, 2, 3),
  fc.integer({ min: 1, max: 20 }),
  fc.integer({ min: 1, max: 3 }),
);

/** The fast-check arbitrary of soak cases (small drops most of the time). */
export const soakCaseArb: fc.Arbitrary<SoakCase> = fc.oneof(
  { weight: 12, arbitrary: smallSoakCaseArb },
  {
    weight: 3,
    arbitrary: sized(
      fc.integer({ min: 13, max: 32 }),
      fc.constantFrom(4, 8),
      fc.constantFrom(1, 2),
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 1, max: 2 }),
    ),
  },
  {
    weight: 1,
    arbitrary: sized(
      fc.integer({ min: 33, max: 96 }),
      fc.constantFrom(4, 8),
      fc.constantFrom(1, 2),
      fc.integer({ min: 1, max: 2 }),
      fc.constant(1),
    ),
  },
  {
    weight: 2,
    arbitrary: fc.oneof(
      sized(
        fc.integer({ min: 1, max: 6 }),
        fc.constant(16),
        fc.constantFrom(1, 2),
        fc.integer({ min: 1, max: 5 }),
        fc.constant(1),
      ),
      sized(
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom(4, 8),
        fc.constant(4),
        fc.integer({ min: 1, max: 5 }),
        fc.constant(1),
      ),
    ),
  },
);

/** The drop of a case, with its association (beams: Full until a selection is applied). */
export function soakScenario(c: SoakCase): Scenario {
  const S = c.S;
  const Sk = Math.min(c.Sk, S);
  const nT = c.ntSide * c.ntSide;
  const nR = c.nrSide * c.nrSide;
  const mk = Math.min(1 + Math.floor(c.mkFrac * Math.min(Sk, nR)), Math.min(Sk, nR));
  const KsMax = Math.ceil((c.K * Sk) / S);
  const rng = new Rng(`soak/${c.seed}`);
  const config = defaultDropConfig({
    K: c.K,
    S,
    satArray: { nV: c.ntSide, nH: c.ntSide },
    utArray: { nV: c.nrSide, nH: c.nrSide },
    txPowerDbm: c.ptDbm,
    zeta2: Number.isFinite(c.zeta2) ? c.zeta2 : 0,
    Sk,
    KsMax,
    Bs: nT,
    streams: mk,
  });
  const scn = drawDrop(config, rng.child('drop')).scenario;
  const o = rng.child('overrides');
  const links = scn.links.map((row) => row.map((l) => ({ ...l })));
  const unitVector = () => {
    const w = o.complexNormalMatrix(nR, 1);
    const n = Math.sqrt(frobeniusNorm2(w));
    for (let i = 0; i < nR; i++) {
      w.re[i] /= n;
      w.im[i] /= n;
    }
    return w;
  };
  for (const row of links) {
    for (const l of row) {
      if (!Number.isFinite(c.zeta2) || o.uniform() < c.phiZeroFrac) l.phiBar = 0;
      if (c.kappa === 'infinite' || (c.kappa === 'mixed' && o.uniform() < 0.5)) l.kappa = Infinity;
      if (c.kappa === 'zero-some' && o.uniform() < 1 / 3) l.kappa = 0;
      if (c.sigma === 'isotropic') l.sigma = isotropicCovariance(nR);
      if (c.sigma === 'rank-one' || (c.sigma === 'mixed' && o.uniform() < 0.5)) {
        const w = unitVector();
        l.sigma = mmulNH(w, w);
      }
    }
  }
  const out: Scenario = { ...scn, links, beams: scn.beams.map((b) => b.slice()) };
  // association: competition clustering (Section V-A) or S_k random satellites per UT
  if (c.association === 'clustering') {
    out.association = competitionClustering(out, { Sk, KsMax }).association;
  } else {
    const a = Array.from({ length: S }, () => new Array<number>(c.K).fill(0));
    for (let k = 0; k < c.K; k++) {
      const order = Array.from({ length: S }, (_, s) => s);
      for (let i = S - 1; i > 0; i--) {
        const j = o.integer(i + 1);
        [order[i], order[j]] = [order[j], order[i]];
      }
      for (let i = 0; i < Sk; i++) a[order[i]][k] = 1;
    }
    out.association = a;
  }
  // blocked links (γ = 0, κ = 0, Σ = I/N_R as drawDrop blocks them); every UT keeps its
  // first serving link with γ > 0
  if (c.blockedFrac > 0) {
    for (let k = 0; k < c.K; k++) {
      const keep = out.association.findIndex((row, s) => row[k] === 1 && links[s][k].gamma > 0);
      for (let s = 0; s < S; s++) {
        if (s !== keep && o.uniform() < c.blockedFrac) {
          links[s][k] = { ...links[s][k], gamma: 0, kappa: 0, sigma: isotropicCovariance(nR) };
        }
      }
    }
  }
  const zero = Math.min(c.zeroPowerSats, S - 1);
  out.powerW = out.powerW.slice();
  for (let i = 0; i < zero; i++) out.powerW[(c.seed + i) % S] = 0;
  out.noiseW = out.noiseW.map((n) => (c.noise === 'tiny' || (c.noise === 'mixed' && o.uniform() < 0.5) ? 1e-30 : n));
  out.weights = out.weights.map(() => (c.weights === 'one' ? 1 : 10 ** o.uniformIn(-6, 6)));
  out.meta = { generator: 'test/soak/drops.ts soakScenario', case: c };
  return out;
}

/** The schemes and beam selections of the soak. */
export const SOAK_SCHEMES = ['cdwm', 'cdm', 'lib', 'dft'] as const;
export const SOAK_BEAMS: readonly BeamMethod[] = ['lcms', 'nearopt', 'full'];
export type SoakScheme = (typeof SOAK_SCHEMES)[number];

/** Outcome of one scheme × selection on a case. */
export interface SoakCombo {
  scheme: SoakScheme;
  beams: BeamMethod;
  /** 'ok', 'skipped' (LCMS/NearOpt with max K_s > N_T) or the failure. */
  status: 'ok' | 'skipped' | 'failed';
  /** Where it failed and why (one line). */
  failure?: string;
}

function precode(scheme: SoakScheme, scn: Scenario, c: SoakCase): Precoders {
  switch (scheme) {
    case 'cdwm':
      return cdwmPrecoders(scn, { maxIterations: c.iterations, tolerance: c.stop ? 1e-3 : -Infinity });
    case 'cdm':
      return cdmPrecoders(scn);
    case 'lib':
      return libPrecoders(scn);
    case 'dft':
      return dftPrecoders(scn);
  }
}

/** The (C7)/finiteness/shape checks of one precoder; the first violation, or null. */
export function precoderViolation(scn: Scenario, W: CMatrix[][]): string | null {
  for (let s = 0; s < scn.S; s++) {
    let p = 0;
    for (let k = 0; k < scn.K; k++) {
      const w = W[s]?.[k];
      if (!w || w.rows !== scn.beams[s].length || w.cols !== scn.streams[k]) return `W[${s}][${k}] has the wrong shape`;
      for (let i = 0; i < w.size; i++) {
        if (!Number.isFinite(w.re[i]) || !Number.isFinite(w.im[i])) return `W[${s}][${k}] is not finite`;
        if (scn.association[s][k] === 0 && (w.re[i] !== 0 || w.im[i] !== 0))
          return `W[${s}][${k}] ≠ 0 off the association`;
      }
      p += frobeniusNorm2(w);
    }
    if (!(p <= scn.powerW[s] * (1 + 1e-9)))
      return `(C7) violated at satellite ${s}: Σ_k ‖W_{s,k}‖² = ${p} > P_s = ${scn.powerW[s]}`;
  }
  return null;
}

function rateViolation(what: string, perUt: number[], sum: number): string | null {
  const bad = perUt.findIndex((r) => !(Number.isFinite(r) && r >= 0));
  if (bad >= 0) return `${what} rate of UT ${bad} is ${perUt[bad]}`;
  if (!(Number.isFinite(sum) && sum >= 0)) return `${what} sum rate is ${sum}`;
  return null;
}

/** Run every scheme × beam selection on a case; one entry per combination. */
export function runSoakCase(c: SoakCase, schemes: readonly SoakScheme[] = SOAK_SCHEMES): SoakCombo[] {
  const out: SoakCombo[] = [];
  let base: Scenario;
  try {
    base = soakScenario(c);
  } catch (e) {
    // the generator itself must accept every case it draws
    return [{ scheme: schemes[0], beams: 'full', status: 'failed', failure: `scenario: ${(e as Error).message}` }];
  }
  const nT = c.ntSide * c.ntSide;
  const maxKs = Math.max(...base.association.map((row) => row.reduce((a, b) => a + b, 0)));
  const Bs = maxKs + Math.round(c.bsFrac * (nT - maxKs));
  for (const beams of SOAK_BEAMS) {
    if (beams !== 'full' && maxKs > nT) {
      for (const scheme of schemes) out.push({ scheme, beams, status: 'skipped' });
      continue;
    }
    let scn: Scenario;
    try {
      scn = { ...base, beams: selectBeams(base, beams === 'full' ? { method: beams } : { method: beams, Bs }) };
    } catch (e) {
      for (const scheme of schemes) {
        out.push({ scheme, beams, status: 'failed', failure: `beam selection: ${(e as Error).message}` });
      }
      continue;
    }
    for (const scheme of schemes) {
      let stage = 'precoder';
      try {
        const p = precode(scheme, scn, c);
        let v = precoderViolation(scn, p.W);
        stage = 'upper-bound rate';
        if (!v) {
          const ub = upperBoundRates(scn, p.W);
          v = rateViolation('upper-bound', ub.perUt, ub.sum);
        }
        stage = 'ergodic rate';
        if (!v) {
          const er = ergodicRates(scn, p.W, { realizations: c.realizations, rng: new Rng(`soak/${c.seed}/ergodic`) });
          v = rateViolation('ergodic', er.perUt, er.sum);
        }
        out.push(v ? { scheme, beams, status: 'failed', failure: v } : { scheme, beams, status: 'ok' });
      } catch (e) {
        const err = e as Error;
        out.push({ scheme, beams, status: 'failed', failure: `${stage}: ${err.name}: ${err.message}` });
      }
    }
  }
  return out;
}
