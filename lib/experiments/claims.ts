/**
 * What the paper's Section VI text claims for each figure, checked on a sweep's per-drop
 * numbers: "CDWM ≥ CDM ≥ LIB, DFT; LCMS close to Full at far lower cost; gains grow with
 * M_k up to the receive limit, with N_R, with B_s; with ζ² = 0 more serving satellites
 * help multi-stream far more than single-stream" — plus the figure-specific sentences of
 * Section VI. Each check returns a verdict and the numbers behind it, so notebooks and
 * `npm run figures` can state plainly where ours disagree.
 *
 * How a claim is judged (the 95 % confidence intervals of the figures respected). Every
 * claim is a set of tests "s ≥ 0" of a statistic s of the means over drops, one per grid
 * point (or step, or pair of schemes): for "A ≥ B" s = mean(A) − mean(B); for "A reaches
 * c·B" s = mean(A) − c·mean(B); for "rises with x" s = mean(x_{i+1}) − mean(x_i); for the
 * few ratio claims (Fig. 6) a smooth function of several means. All schemes and points
 * see the same drops (common random numbers: a drop index has the same satellites, UTs
 * and sCSI at every point), so s is estimated drop by drop and its 95 % CI is the
 * Student-t interval of the per-drop values (for a nonlinear s, of its first-order
 * linearisation — the delta method, which is the paired difference for a linear s).
 * A test
 *  - holds (✓) when its estimate satisfies the claim (s ≥ 0),
 *  - holds within the CI (≈) when the estimate goes the other way but the 95 % CI still
 *    reaches 0 (the drops cannot tell),
 *  - is contradicted (✗) when the whole CI lies on the wrong side (s + h < 0).
 * A claim takes the worst verdict of its tests; only ✗ counts as "does not hold".
 * With one drop there is no interval: the estimate alone decides. For the reader, a ratio
 * claim ("reaches 90 % of Full") shows the ratio of the means with the ratio's own 95 % CI.
 */
import { meanCi95, studentTQuantile } from '../stats/index.js';
import { distinct, selectRows } from './plots.js';
import type { ResultRow } from './results.js';

/** Verdict of one test or claim; see the module comment. 'info' = reported, not a claim. */
export type Verdict = 'holds' | 'within-ci' | 'contradicted' | 'info';

/** One test "s ≥ 0" of a claim, at one grid point, step or pair. */
export interface ClaimTest {
  /** Where, e.g. 'S_k=3, P_T=50' or 'LIB, 40→50 dBm'. */
  at: string;
  /** Estimate of s (units of the metric, e.g. b/s/Hz). */
  value: number;
  /** 95 % CI half-width of s (NaN with fewer than 2 drops). */
  halfWidth95: number;
  /** Drops behind the estimate. */
  n: number;
  /** The estimate with its CI as shown to the reader, e.g. '89.5 % ± 6.5 % of Full' or 'Δ +18.2 ± 5.1'. */
  shown: string;
  verdict: Verdict;
}

/** One checked claim. */
export interface ClaimCheck {
  /** Stable key for notebooks, e.g. 'order:MS²CDWM>=MS²CDM', 'close-to-full:Sk=3'. */
  id: string;
  figure: string;
  /** The claim in a few words (the paper's, or the kit's reading of its text). */
  claim: string;
  /** Worst verdict over the tests. */
  verdict: Verdict;
  /** False only when some test is contradicted (verdict 'contradicted'). */
  holds: boolean;
  tests: ClaimTest[];
  /** One line of evidence: the tightest test, 'where: estimate ± 95 % CI half-width'. */
  detail: string;
  /** Drops per point behind the tests (the smallest n). */
  drops: number;
}

/** LCMS counts as "close to" Full / NearOpt when its mean R_E reaches this fraction of theirs. */
export const CLOSE_FRACTION = 0.9;
/** "Far lower cost": Full at least this many times the CPU time of LCMS at the default B_s. */
export const FAR_CHEAPER_FACTOR = 10;
/** "Significantly outperform": at least this relative gain of the mean. */
export const SIGNIFICANT_GAIN = 0.2;

const fmt = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : String(x));
/** '+1.2' / '−1.2' (a value that rounds to zero shows as '+0.0'). */
const signed = (x: number, d = 1) => {
  if (!Number.isFinite(x)) return String(x);
  const r = Number(x.toFixed(d));
  return `${r >= 0 ? '+' : '−'}${Math.abs(r).toFixed(d)}`;
};
/** 'r ± h %' for the ratio of the means of two series, with the ratio's own 95 % CI (delta method). */
function ratioPm(series: readonly Map<number, number>[]): string {
  const r = statisticCi(series.slice(0, 2), (m) => m[0] / m[1]);
  return `${fmt(100 * r.value, 1)}${pm(100 * r.halfWidth95)} %`;
}
/** Scheme names shortened for the evidence column. */
const short = (scheme: string) => scheme.replace(/^MS²CDWM-/, '');

/** Per-drop values of `metric` at the rows matching `where`, keyed by drop. */
export function perDrop(
  rows: readonly ResultRow[],
  where: Record<string, number | string>,
  metric = 'rateErgodic',
): Map<number, number> {
  const out = new Map<number, number>();
  for (const r of selectRows(rows, where)) {
    const v = Number(r[metric]);
    if (Number.isFinite(v)) out.set(Number(r.drop), v);
  }
  return out;
}

/** Drops present in every series. */
function commonDrops(series: readonly Map<number, number>[]): number[] {
  if (series.length === 0) return [];
  return [...series[0].keys()].filter((d) => series.every((s) => s.has(d))).sort((a, b) => a - b);
}

/**
 * Estimate and 95 % CI half-width of s = f(means of `series`) over their common drops:
 * the delta method (per-drop linearisation z_d = ∇f · (x_d − x̄), interval
 * t_{0.975, n−1}·sd(z)/√n), which for a linear f is exactly the paired-difference interval.
 */
export function statisticCi(
  series: readonly Map<number, number>[],
  f: (means: number[]) => number,
): { value: number; halfWidth95: number; n: number; means: number[] } {
  const drops = commonDrops(series);
  const n = drops.length;
  if (n === 0) return { value: NaN, halfWidth95: NaN, n: 0, means: series.map(() => NaN) };
  const x = series.map((s) => drops.map((d) => s.get(d) as number));
  const means = x.map((xs) => xs.reduce((a, b) => a + b, 0) / n);
  const value = f(means);
  if (n < 2) return { value, halfWidth95: NaN, n, means };
  const grad = means.map((m, j) => {
    const h = 1e-6 * Math.max(1, Math.abs(m));
    const up = means.slice();
    const dn = means.slice();
    up[j] += h;
    dn[j] -= h;
    return (f(up) - f(dn)) / (2 * h);
  });
  const z = drops.map((_, d) => grad.reduce((acc, g, j) => acc + g * (x[j][d] - means[j]), 0));
  const zm = z.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(z.reduce((a, b) => a + (b - zm) ** 2, 0) / (n - 1));
  return { value, halfWidth95: (studentTQuantile(0.975, n - 1) * sd) / Math.sqrt(n), n, means };
}

/** Verdict of a test "value ≥ 0" with its CI half-width. */
export function testVerdict(value: number, halfWidth95: number): Verdict {
  if (value >= 0) return 'holds';
  if (Number.isFinite(halfWidth95) && value + halfWidth95 >= 0) return 'within-ci';
  return 'contradicted';
}

/** A test of s = f(means) ≥ 0; `show` formats the estimate for the reader from the means. */
function test(
  at: string,
  series: readonly Map<number, number>[],
  f: (m: number[]) => number,
  show: (m: number[], s: number, h: number, series: readonly Map<number, number>[]) => string,
): ClaimTest {
  const r = statisticCi(series, f);
  return {
    at,
    value: r.value,
    halfWidth95: r.halfWidth95,
    n: r.n,
    shown: show(r.means, r.value, r.halfWidth95, series),
    verdict: r.n === 0 ? 'contradicted' : testVerdict(r.value, r.halfWidth95),
  };
}

const RANK: Record<Verdict, number> = { info: 0, holds: 1, 'within-ci': 2, contradicted: 3 };

/** The tightest test: contradicted first, then the smallest margin in CI half-widths. */
function tightest(tests: readonly ClaimTest[]): ClaimTest | undefined {
  const margin = (t: ClaimTest) =>
    Number.isFinite(t.halfWidth95) && t.halfWidth95 > 0 ? t.value / t.halfWidth95 : Math.sign(t.value) * 1e9;
  return tests
    .slice()
    .sort((a, b) => RANK[b.verdict] - RANK[a.verdict] || margin(a) - margin(b) || a.value - b.value)[0];
}

/** ' ± h' (95 % CI half-width, same unit as the estimate before it), or '' without an interval. */
function pm(h: number, d = 1): string {
  return Number.isFinite(h) ? ` ± ${fmt(h, d)}` : '';
}

/** A claim from its tests (verdict = worst test; evidence = tightest test). */
export function claimOf(id: string, figure: string, claim: string, tests: ClaimTest[]): ClaimCheck {
  const verdict: Verdict =
    tests.length === 0
      ? 'contradicted'
      : tests.reduce<Verdict>((w, t) => (RANK[t.verdict] > RANK[w] ? t.verdict : w), 'holds');
  const t = tightest(tests);
  return {
    id,
    figure,
    claim,
    verdict,
    holds: verdict !== 'contradicted',
    tests,
    detail: t ? `${t.at}: ${t.shown}` : 'no data',
    drops: tests.length ? Math.min(...tests.map((x) => x.n)) : 0,
  };
}

/** A reported number, not a claim (verdict 'info'). */
function infoOf(id: string, figure: string, claim: string, detail: string, drops: number): ClaimCheck {
  return { id, figure, claim, verdict: 'info', holds: true, tests: [], detail, drops };
}

/** Paired comparison a − b over the drops both have (mean difference, its 95 % CI, share of drops with a ≥ b). */
export function paired(
  a: Map<number, number>,
  b: Map<number, number>,
): { meanDiff: number; ci95: number; fracAtLeast: number; n: number; meanA: number; meanB: number } {
  const drops = commonDrops([a, b]);
  const diffs = drops.map((d) => (a.get(d) as number) - (b.get(d) as number));
  const m = meanCi95(diffs);
  return {
    meanDiff: m.mean,
    ci95: m.halfWidth95,
    fracAtLeast: diffs.length ? diffs.filter((x) => x >= 0).length / diffs.length : NaN,
    n: diffs.length,
    meanA: meanCi95(drops.map((d) => a.get(d) as number)).mean,
    meanB: meanCi95(drops.map((d) => b.get(d) as number)).mean,
  };
}

/** The grid points (parameter combos) of rows, as objects over `cols`, in order of appearance. */
function pointsOf(rows: readonly ResultRow[], cols: string[]): Record<string, number>[] {
  const seen = new Map<string, Record<string, number>>();
  for (const r of rows) {
    const p = Object.fromEntries(cols.map((c) => [c, Number(r[c])]));
    seen.set(JSON.stringify(p), p);
  }
  return [...seen.values()];
}

/** Parameter names as the reader knows them (subscripts in plain text). */
const PARAM_LABEL: Record<string, string> = { ptDbm: 'P_T', Sk: 'S_k', Mk: 'M_k', NR: 'N_R', Bs: 'B_s', K: 'K' };
function where(p: Record<string, number | string>): string {
  return Object.entries(p)
    .map(([k, v]) => `${PARAM_LABEL[k] ?? k}=${v}`)
    .join(', ');
}

/** 'MS²CDM, S_k=3, ' for the curve { scheme: 'MS²CDM', Sk: 3 } (scheme first). */
function curveLabel(c: Record<string, number | string>): string {
  const { scheme, ...rest } = c;
  const parts = [...(scheme === undefined ? [] : [String(scheme)]), ...(Object.keys(rest).length ? [where(rest)] : [])];
  return parts.length ? parts.join(', ') + ', ' : '';
}

/** Sorted distinct numeric values of a column. */
function values(rows: readonly ResultRow[], col: string): number[] {
  return distinct(rows, col)
    .map(Number)
    .sort((a, b) => a - b);
}

/** "A ≥ c·B at every point" (c = 1: the ordering of two schemes). */
export function orderingClaim(
  figure: string,
  rows: readonly ResultRow[],
  a: string,
  b: string,
  pointCols: string[],
  opts: { factor?: number; id?: string; claim?: string; metric?: string; at?: Record<string, number> } = {},
): ClaimCheck {
  const c = opts.factor ?? 1;
  const metric = opts.metric ?? 'rateErgodic';
  const base = opts.at ?? {};
  const tests = pointsOf(selectRows(rows, base), pointCols).map((p) =>
    test(
      where(p),
      [perDrop(rows, { ...base, ...p, scheme: a }, metric), perDrop(rows, { ...base, ...p, scheme: b }, metric)],
      (m) => m[0] - c * m[1],
      (_m, s, h, series) => (c === 1 ? `Δ ${signed(s)}${pm(h)}` : `${ratioPm(series)} of ${short(b)}`),
    ),
  );
  const claim = opts.claim ?? (c === 1 ? `${a} ≥ ${b}` : `${a} ≥ ${100 * c} % of ${b}`);
  return claimOf(
    opts.id ?? `order:${a}>=${b}`,
    figure,
    claim,
    tests.filter((t) => t.n > 0),
  );
}

/** "Rises with x" for each curve selected by `curves` (a test per step between neighbouring x). */
export function risingClaim(
  figure: string,
  id: string,
  claim: string,
  rows: readonly ResultRow[],
  curves: Record<string, number | string>[],
  xCol: string,
  metric = 'rateErgodic',
): ClaimCheck {
  const tests: ClaimTest[] = [];
  for (const c of curves) {
    const xs = values(selectRows(rows, c), xCol);
    for (let i = 1; i < xs.length; i++) {
      tests.push(
        test(
          `${curveLabel(c)}${PARAM_LABEL[xCol] ?? xCol} ${xs[i - 1]}→${xs[i]}`,
          [perDrop(rows, { ...c, [xCol]: xs[i] }, metric), perDrop(rows, { ...c, [xCol]: xs[i - 1] }, metric)],
          (m) => m[0] - m[1],
          (_m, s, h) => `${signed(s)}${pm(h)}`,
        ),
      );
    }
  }
  return claimOf(id, figure, claim, tests);
}

/**
 * "a gains more from x (x_min → x_max) than b", for each pair (a, b): per-drop growth
 * difference [a(x_max) − a(x_min)] − [b(x_max) − b(x_min)].
 */
function growthClaim(
  figure: string,
  id: string,
  claim: string,
  rows: readonly ResultRow[],
  pairs: [string, string][],
  xCol: string,
  at: Record<string, number> | Record<string, number>[] = {},
): ClaimCheck {
  // one set of tests per fixed setting (e.g. per S_k): the x range and the per-drop rows of each
  const tests = (Array.isArray(at) ? at : [at]).flatMap((fixed) => {
    const xs = values(selectRows(rows, fixed), xCol);
    const lo = xs[0];
    const hi = xs[xs.length - 1];
    const s = (scheme: string, x: number) => perDrop(rows, { ...fixed, scheme, [xCol]: x });
    return pairs.map(([a, b]) =>
      test(
        `${where(fixed)}${Object.keys(fixed).length ? ', ' : ''}${a} vs ${b}`,
        [s(a, hi), s(a, lo), s(b, hi), s(b, lo)],
        (m) => m[0] - m[1] - (m[2] - m[3]),
        (m, s, h) => `Δ ${signed(s, 0)}${pm(h, 0)} (${signed(m[0] - m[1], 0)} vs ${signed(m[2] - m[3], 0)})`,
      ),
    );
  });
  return claimOf(id, figure, claim, tests);
}

const ORDERED: [string, string][] = [
  ['MS²CDWM', 'LIB'],
  ['MS²CDWM', 'MS²DFT'],
  ['MS²CDM', 'LIB'],
  ['MS²CDM', 'MS²DFT'],
];

/** Fig. 2 claims on the per-drop rows of the fig2 sweep. */
export function fig2Claims(rows: readonly ResultRow[]): ClaimCheck[] {
  const out: ClaimCheck[] = [];
  const sks = values(rows, 'Sk');
  const schemes = distinct(rows, 'scheme').map(String);
  out.push(
    risingClaim(
      'fig2',
      'rises-with-pt',
      'every scheme improves with P_T',
      rows,
      sks.flatMap((Sk) => schemes.map((scheme) => ({ scheme, Sk }))),
      'ptDbm',
    ),
  );
  out.push(orderingClaim('fig2', rows, 'MS²CDWM', 'MS²CDM', ['Sk', 'ptDbm']));
  out.push(orderingClaim('fig2', rows, 'MS²CDM', 'LIB', ['Sk', 'ptDbm']));
  out.push(orderingClaim('fig2', rows, 'MS²CDM', 'MS²DFT', ['Sk', 'ptDbm']));
  out.push(
    growthClaim(
      'fig2',
      'growth',
      'CDWM and CDM gain more from P_T than LIB, DFT',
      rows,
      ORDERED,
      'ptDbm',
      sks.map((Sk) => ({ Sk })),
    ),
  );
  for (const Sk of sks) {
    out.push(
      orderingClaim('fig2', rows, 'MS²CDWM', 'MS²DFT', ['ptDbm'], {
        factor: 1 + SIGNIFICANT_GAIN,
        at: { Sk },
        id: `beats-dft:Sk=${Sk}`,
        claim: `MS²CDWM (LCMS) ≫ MS²DFT (≥ ${100 * (1 + SIGNIFICANT_GAIN)} %), S_k = ${Sk}`,
      }),
    );
    out.push(
      orderingClaim('fig2', rows, 'MS²CDWM', 'MS²CDWM-Full', ['ptDbm'], {
        factor: CLOSE_FRACTION,
        at: { Sk },
        id: `close-to-full:Sk=${Sk}`,
        claim: `MS²CDWM (LCMS) comparable to Full (≥ ${100 * CLOSE_FRACTION} %), S_k = ${Sk}`,
      }),
    );
  }
  return out;
}

/** Fig. 3: more streams raise the sum rate, with a gain limited by the receiver (diminishing). */
export function fig3Claims(rows: readonly ResultRow[]): ClaimCheck[] {
  const out: ClaimCheck[] = [];
  const mks = values(rows, 'Mk');
  const at = (scheme: string, mk: number) => perDrop(rows, { scheme, Mk: mk });
  for (const s of ['MS²CDWM', 'MS²CDM']) {
    out.push(
      claimOf(`more-streams:${s}`, 'fig3', `${s}: a second stream raises the rate`, [
        test(
          `M_k ${mks[0]}→${mks[1]}`,
          [at(s, mks[1]), at(s, mks[0])],
          (m) => m[0] - m[1],
          (_m, v, h) => `${signed(v)}${pm(h)}`,
        ),
      ]),
    );
    const last = mks.length - 1;
    out.push(
      claimOf(`limited:${s}`, 'fig3', `${s}: the last stream gains less than the first`, [
        test(
          `steps ${mks[0]}→${mks[1]} vs ${mks[last - 1]}→${mks[last]}`,
          [at(s, mks[1]), at(s, mks[0]), at(s, mks[last]), at(s, mks[last - 1])],
          (m) => m[0] - m[1] - (m[2] - m[3]),
          (m, v, h) => `Δ ${signed(v)}${pm(h)} (${signed(m[0] - m[1])} vs ${signed(m[2] - m[3])})`,
        ),
      ]),
    );
  }
  out.push(orderingClaim('fig3', rows, 'MS²CDWM', 'MS²CDM', ['Mk']));
  out.push(orderingClaim('fig3', rows, 'MS²CDM', 'LIB', ['Mk']));
  out.push(orderingClaim('fig3', rows, 'MS²CDM', 'MS²DFT', ['Mk']));
  return out;
}

/** Fig. 4: CDM and CDWM grow faster with K; CDWM gains most; per-UT rate need not grow. */
export function fig4Claims(rows: readonly ResultRow[]): ClaimCheck[] {
  const out: ClaimCheck[] = [];
  out.push(growthClaim('fig4', 'growth', 'CDM and CDWM grow faster with K than LIB, DFT', rows, ORDERED, 'K'));
  out.push(
    growthClaim(
      'fig4',
      'cdwm-grows-most',
      'MS²CDWM gains the most from K',
      rows,
      ['MS²CDM', 'LIB', 'MS²DFT'].map((b) => ['MS²CDWM', b] as [string, string]),
      'K',
    ),
  );
  out.push(
    risingClaim('fig4', 'rises-with-k', 'MS²CDWM sum rate increases with K', rows, [{ scheme: 'MS²CDWM' }], 'K'),
  );
  const ks = values(rows, 'K');
  const perUt = ks.map((K) => {
    const v = [...perDrop(rows, { scheme: 'MS²CDWM', K }).values()];
    return meanCi95(v).mean / K;
  });
  out.push(
    infoOf(
      'per-ut',
      'fig4',
      'per-UT rate of MS²CDWM (the paper: need not increase)',
      `K=${ks[0]}: ${fmt(perUt[0], 2)} → K=${ks[ks.length - 1]}: ${fmt(perUt[perUt.length - 1], 2)}`,
      selectRows(rows, { scheme: 'MS²CDWM', K: ks[0] }).length,
    ),
  );
  out.push(orderingClaim('fig4', rows, 'MS²CDWM', 'MS²CDM', ['K']));
  out.push(orderingClaim('fig4', rows, 'MS²CDM', 'LIB', ['K']));
  return out;
}

/** Fig. 5: more receive antennas raise the single-stream rate, for every scheme and P_T. */
export function fig5Claims(rows: readonly ResultRow[]): ClaimCheck[] {
  const pts = values(rows, 'ptDbm');
  const schemes = distinct(rows, 'scheme').map(String);
  return [
    risingClaim(
      'fig5',
      'rises-with-nr',
      'every scheme improves with N_R (every P_T)',
      rows,
      pts.flatMap((ptDbm) => schemes.map((scheme) => ({ scheme, ptDbm }))),
      'NR',
    ),
    orderingClaim('fig5', rows, 'MS²CDWM', 'MS²CDM', ['ptDbm', 'NR']),
  ];
}

/**
 * Fig. 6 (ζ² = 0; points with M_k ≤ S_k, Remark 1): with M_k fixed, more serving
 * satellites give limited gains; more satellites let more streams through, which helps far
 * more; the gain of one more stream diminishes.
 */
export function fig6Claims(rows: readonly ResultRow[]): ClaimCheck[] {
  const out: ClaimCheck[] = [];
  const R = (sk: number, mk: number) => perDrop(rows, { Sk: sk, Mk: mk, scheme: 'MS²CDWM' });
  const mean = (sk: number, mk: number) => meanCi95([...R(sk, mk).values()]).mean;
  const sks = values(rows, 'Sk');
  const mks = values(rows, 'Mk');
  const s0 = sks[0];
  const s1 = sks[sks.length - 1];
  // the best M_k at a given S_k (by the means): the envelope of the curves
  const bestMk = (sk: number) =>
    mks.filter((m) => m <= sk).reduce((b, m) => (mean(sk, m) > mean(sk, b) ? m : b), mks[0]);
  const b0 = bestMk(s0);
  const b1 = bestMk(s1);
  // [best(s1), best(s0), single(s1), single(s0)]: envelope gain ≥ 2 × single-stream gain
  out.push(
    claimOf('multi-stream-helps-more', 'fig6', `S_k ${s0}→${s1} helps multi-stream ≥ 2× more than M_k = 1`, [
      test(
        `best M_k ${b0}→${b1} vs M_k 1`,
        [R(s1, b1), R(s0, b0), R(s1, 1), R(s0, 1)],
        (m) => m[0] / m[1] - 1 - 2 * Math.max(m[2] / m[3] - 1, 0),
        (m, v, h) =>
          `${signed(100 * (m[0] / m[1] - 1), 0)} % vs 2 × ${signed(100 * (m[2] / m[3] - 1), 0)} %: ` +
          `margin ${signed(100 * v, 0)}${pm(100 * h, 0)} pts`,
      ),
    ]),
  );
  for (const mk of mks) {
    const feasible = sks.filter((sk) => sk >= mk);
    if (feasible.length < 2) continue;
    const f0 = feasible[0];
    out.push(
      claimOf(`fixed-mk-limited:Mk=${mk}`, 'fig6', `M_k = ${mk} fixed: more satellites gain less than the envelope`, [
        test(
          `S_k ${f0}→${s1}`,
          [R(s1, b1), R(s0, b0), R(s1, mk), R(f0, mk)],
          (m) => m[0] / m[1] - 1 - (m[2] / m[3] - 1),
          (m, v, h) =>
            `${signed(100 * (m[2] / m[3] - 1), 0)} % vs ${signed(100 * (m[0] / m[1] - 1), 0)} %: ` +
            `margin ${signed(100 * v, 0)}${pm(100 * h, 0)} pts`,
        ),
      ]),
    );
  }
  const atMax = mks.filter((m) => m <= s1);
  const tests: ClaimTest[] = [];
  for (let i = 2; i < atMax.length; i++) {
    const [a, b, c] = [atMax[i - 2], atMax[i - 1], atMax[i]];
    tests.push(
      test(
        `M_k ${a}→${b} vs ${b}→${c}`,
        [R(s1, b), R(s1, a), R(s1, c), R(s1, b)],
        (m) => m[0] - m[1] - (m[2] - m[3]),
        (m, v, h) => `Δ ${signed(v)}${pm(h)} (${signed(m[0] - m[1])} vs ${signed(m[2] - m[3])})`,
      ),
    );
  }
  out.push(claimOf('diminishing', 'fig6', `one more stream gains less as M_k grows (S_k = ${s1})`, tests));
  return out;
}

/** Fig. 7: more beams help; LCMS ≈ NearOpt ≈ Full at far lower selection cost. */
export function fig7Claims(rows: readonly ResultRow[]): ClaimCheck[] {
  const out: ClaimCheck[] = [];
  out.push(
    risingClaim('fig7', 'rises-with-bs', 'MS²CDWM (LCMS) improves with B_s', rows, [{ scheme: 'MS²CDWM' }], 'Bs'),
  );
  const bss = values(rows, 'Bs');
  const bFull = bss[bss.length - 1];
  const bDef = bss.find((b) => b >= 48) ?? bss[0];
  const lcms = (b: number, m = 'rateErgodic') => perDrop(rows, { scheme: 'MS²CDWM', Bs: b }, m);
  const near = (b: number, m = 'rateErgodic') => perDrop(rows, { scheme: 'MS²CDWM-NearOpt', Bs: b }, m);
  out.push(
    claimOf('default-close-to-full', 'fig7', `LCMS at B_s = ${bDef} reaches ${100 * CLOSE_FRACTION} % of Full`, [
      test(
        `B_s=${bDef} vs ${bFull}`,
        [lcms(bDef), lcms(bFull)],
        (m) => m[0] - CLOSE_FRACTION * m[1],
        (_m, _s, _h, series) => `${ratioPm(series)} of Full`,
      ),
    ]),
  );
  out.push(
    claimOf(
      'close-to-nearopt',
      'fig7',
      `LCMS reaches ${100 * CLOSE_FRACTION} % of NearOpt at every B_s`,
      bss
        .filter((b) => near(b).size > 0)
        .map((b) =>
          test(
            `B_s=${b}`,
            [lcms(b), near(b)],
            (m) => m[0] - CLOSE_FRACTION * m[1],
            (_m, _s, _h, series) => ratioPm(series),
          ),
        ),
    ),
  );
  out.push(
    claimOf(
      'cheaper-than-nearopt',
      'fig7',
      'LCMS selects beams at lower CPU cost than NearOpt',
      bss
        .filter((b) => near(b).size > 0)
        .map((b) =>
          test(
            `B_s=${b}`,
            [near(b, 'beamCpuMs'), lcms(b, 'beamCpuMs')],
            (m) => m[0] - m[1],
            (m, v, h) => `Δ ${signed(v)}${pm(h)} ms (${fmt(m[1], 1)} vs ${fmt(m[0], 1)})`,
          ),
        ),
    ),
  );
  const total = (b: number) => {
    const sel = lcms(b, 'beamCpuMs');
    const pre = lcms(b, 'precodeCpuMs');
    return new Map([...sel].filter(([d]) => pre.has(d)).map(([d, v]) => [d, v + (pre.get(d) as number)]));
  };
  out.push(
    claimOf(
      'far-lower-cost-than-full',
      'fig7',
      `LCMS at B_s = ${bDef} costs ≥ ${FAR_CHEAPER_FACTOR}× less CPU than Full`,
      [
        test(
          `B_s=${bDef} vs ${bFull}`,
          [total(bFull), total(bDef)],
          (m) => m[0] - FAR_CHEAPER_FACTOR * m[1],
          (m, _s, _h, series) => {
            const r = statisticCi(series, (x) => x[0] / x[1]);
            return `×${fmt(r.value, 2)}${pm(r.halfWidth95, 2)} (${fmt(m[1], 0)} vs ${fmt(m[0], 0)} ms)`;
          },
        ),
      ],
    ),
  );
  return out;
}

/**
 * Bound gap: the sCSI rate R̄ of (16) (the design metric, Σ_k R̄_k) lies above the
 * ergodic rate (12) on every drop — a per-drop statement, so no interval: counted.
 */
export function boundGapClaims(rows: readonly ResultRow[]): ClaimCheck[] {
  const schemes = distinct(rows, 'scheme').map(String);
  const tests = schemes.map((s): ClaimTest => {
    const sel = selectRows(rows, { scheme: s });
    const rel = sel.map((r) => Number(r.rateUpper) / Number(r.rateErgodic) - 1);
    const below = rel.filter((g) => g < 0).length;
    return {
      at: s,
      value: Math.min(...rel),
      halfWidth95: NaN,
      n: sel.length,
      shown: `${below} of ${sel.length} below; gap ${fmt(100 * Math.min(...rel), 0)}…${fmt(100 * Math.max(...rel), 0)} %`,
      verdict: below === 0 ? 'holds' : 'contradicted',
    };
  });
  const c = claimOf('above-every-drop', 'bound-gap', 'the sCSI rate R̄ (16) ≥ ergodic rate, every drop', tests);
  return [{ ...c, drops: Math.min(...tests.map((t) => t.n)) }];
}

/** Complexity (measured): LCMS ≪ NearOpt at every B_s; precoders cost more with more beams. */
export function complexityClaims(rows: readonly ResultRow[]): ClaimCheck[] {
  const out: ClaimCheck[] = [];
  const bss = values(rows, 'Bs');
  const t = (scheme: string, b: number, m: string) => perDrop(rows, { scheme, Bs: b }, m);
  out.push(
    claimOf(
      'lcms-faster',
      'complexity',
      'LCMS selection is faster than NearOpt at every B_s',
      bss.map((b) =>
        test(
          `B_s=${b}`,
          [t('MS²CDWM-NearOpt', b, 'beamCpuMs'), t('MS²CDWM', b, 'beamCpuMs')],
          (m) => m[0] - m[1],
          (m, v, h) => `Δ ${signed(v)}${pm(h)} ms (${fmt(m[1], 1)} vs ${fmt(m[0], 1)})`,
        ),
      ),
    ),
  );
  const lo = bss[0];
  const hi = bss[bss.length - 1];
  for (const s of ['MS²CDWM', 'MS²CDM']) {
    out.push(
      claimOf(`grows:${s}`, 'complexity', `${s} costs more at B_s = ${hi} (Full) than at ${lo}`, [
        test(
          `B_s=${lo} vs ${hi}`,
          [t(s, hi, 'precodeCpuMs'), t(s, lo, 'precodeCpuMs')],
          (m) => m[0] - m[1],
          (m, v, h) => `Δ ${signed(v, 0)}${pm(h, 0)} ms (${fmt(m[1], 0)} vs ${fmt(m[0], 0)})`,
        ),
      ]),
    );
  }
  return out;
}

/** Claims of a sweep figure from its per-drop result rows. */
export function claimsOf(fig: string, rows: readonly ResultRow[]): ClaimCheck[] {
  switch (fig) {
    case 'fig2':
      return fig2Claims(rows);
    case 'fig3':
      return fig3Claims(rows);
    case 'fig4':
      return fig4Claims(rows);
    case 'fig5':
      return fig5Claims(rows);
    case 'fig6':
      return fig6Claims(rows);
    case 'fig7':
      return fig7Claims(rows);
    case 'bound-gap':
      return boundGapClaims(rows);
    case 'complexity':
      return complexityClaims(rows);
    default:
      return [];
  }
}

/** Mark of a verdict in the claims table. */
export const VERDICT_MARK: Readonly<Record<Verdict, string>> = {
  holds: '✓',
  'within-ci': '≈',
  contradicted: '✗',
  info: '·',
};

/** Greedy word wrap of `text` to lines of at most `width` characters (long words are cut). */
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let w = word;
    while (w.length > width) {
      if (line) out.push(line);
      out.push(w.slice(0, width));
      w = w.slice(width);
      line = '';
    }
    if (!line) line = w;
    else if (line.length + 1 + w.length <= width) line += ' ' + w;
    else {
      out.push(line);
      line = w;
    }
  }
  if (line || out.length === 0) out.push(line);
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Width of the claims table (characters); every line of formatClaims fits in it. */
export const CLAIMS_TABLE_WIDTH = 100;

/**
 * The claims as a compact plain-text table (every line ≤ CLAIMS_TABLE_WIDTH characters):
 * a heading with the counts, one row per claim — mark (✓ holds, ≈ holds within the 95 %
 * CI, ✗ contradicted by the CI, · reported only), the claim, and the tightest test as
 * evidence ('where: estimate (± 95 % CI half-width)').
 */
export function formatClaims(checks: readonly ClaimCheck[], opts: { title?: string } = {}): string {
  const count = (v: Verdict) => checks.filter((c) => c.verdict === v).length;
  const claimW = Math.min(52, Math.max(24, ...checks.map((c) => c.claim.length)));
  const evidenceW = CLAIMS_TABLE_WIDTH - 3 - claimW - 2;
  const lines: string[] = [];
  if (opts.title) lines.push(...wrap(opts.title, CLAIMS_TABLE_WIDTH));
  lines.push(
    `${plural(checks.filter((c) => c.verdict !== 'info').length, 'claim')}: ${count('holds')} ✓ hold, ` +
      `${count('within-ci')} ≈ hold within the 95 % CI, ${count('contradicted')} ✗ contradicted`,
  );
  lines.push(`   ${'claim'.padEnd(claimW)}  tightest point: estimate (± 95 % CI)`);
  for (const c of checks) {
    const left = wrap(c.claim, claimW);
    const right = wrap(c.detail, evidenceW);
    for (let i = 0; i < Math.max(left.length, right.length); i++) {
      const mark = i === 0 ? VERDICT_MARK[c.verdict] : ' ';
      lines.push(`${mark}  ${(left[i] ?? '').padEnd(claimW)}  ${right[i] ?? ''}`.trimEnd());
    }
  }
  return lines.join('\n');
}
