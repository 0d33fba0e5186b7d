/**
 * What the paper's Section VI text claims for each figure (SPEC §8, last paragraph),
 * checked on a sweep's numbers: "CDWM ≥ CDM ≥ LIB, DFT; LCMS close to Full at far lower
 * cost; gains grow with M_k up to the receive limit, with N_R, with B_s; with ζ² = 0 more
 * serving satellites help multi-stream far more than single-stream" — plus the figure-
 * specific sentences of Section VI. Each check returns whether it holds and the numbers,
 * so notebooks and `npm run figures` can state plainly where ours disagree.
 *
 * Orderings between schemes are judged on the mean over drops and reported with the
 * paired per-drop difference (all schemes see the same drops: common random numbers),
 * its 95 % CI and the fraction of drops where the order holds.
 */
import { selectRows, distinct } from './plots.js';
import type { ResultRow } from './results.js';
import { meanCi95 } from '../stats/index.js';

/** One checked claim. */
export interface ClaimCheck {
  /** Stable key for notebooks, e.g. 'order:MS²CDWM>=MS²CDM', 'increasing:ptDbm:Sk=3,scheme=LIB'. */
  id: string;
  figure: string;
  /** The claim, in the paper's words or SPEC's summary. */
  claim: string;
  holds: boolean;
  /** The numbers behind the verdict. */
  detail: string;
}

/** LCMS counts as "close to" Full / NearOpt when its mean R_E is at least this fraction of theirs. */
export const CLOSE_FRACTION = 0.9;
/** "Far lower cost": Full at least this many times the CPU time of LCMS at the default B_s. */
export const FAR_CHEAPER_FACTOR = 10;
/** "Significantly outperform": at least this relative gain of the mean. */
export const SIGNIFICANT_GAIN = 0.2;

const fmt = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : String(x));

/** Per-drop values of `metric` of a scheme at the rows matching `where`, keyed by drop. */
function perDrop(
  rows: readonly ResultRow[],
  where: Record<string, number | string>,
  metric: string,
): Map<number, number> {
  const out = new Map<number, number>();
  for (const r of selectRows(rows, where)) out.set(Number(r.drop), Number(r[metric]));
  return out;
}

/** Paired comparison a − b over the drops both have. */
export function paired(
  a: Map<number, number>,
  b: Map<number, number>,
): { meanDiff: number; ci95: number; fracAtLeast: number; n: number; meanA: number; meanB: number } {
  const diffs: number[] = [];
  const as: number[] = [];
  const bs: number[] = [];
  let atLeast = 0;
  for (const [d, x] of a) {
    const y = b.get(d);
    if (y === undefined) continue;
    diffs.push(x - y);
    as.push(x);
    bs.push(y);
    if (x >= y) atLeast++;
  }
  const m = meanCi95(diffs);
  return {
    meanDiff: m.mean,
    ci95: m.halfWidth95,
    fracAtLeast: diffs.length ? atLeast / diffs.length : NaN,
    n: diffs.length,
    meanA: meanCi95(as).mean,
    meanB: meanCi95(bs).mean,
  };
}

/** The grid points (parameter combos) of rows, as objects over `cols`. */
function pointsOf(rows: readonly ResultRow[], cols: string[]): Record<string, number>[] {
  const seen = new Map<string, Record<string, number>>();
  for (const r of rows) {
    const p = Object.fromEntries(cols.map((c) => [c, Number(r[c])]));
    seen.set(JSON.stringify(p), p);
  }
  return [...seen.values()];
}

function label(p: Record<string, number>): string {
  return Object.entries(p)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** "A ≥ B at every point" on the mean over drops, with paired detail. */
export function orderingClaim(
  figure: string,
  rows: readonly ResultRow[],
  a: string,
  b: string,
  pointCols: string[],
  metric = 'rateErgodic',
): ClaimCheck {
  const parts: string[] = [];
  let holds = true;
  for (const p of pointsOf(rows, pointCols)) {
    const c = paired(perDrop(rows, { ...p, scheme: a }, metric), perDrop(rows, { ...p, scheme: b }, metric));
    if (c.n === 0) continue;
    const ok = c.meanA >= c.meanB;
    holds &&= ok;
    parts.push(
      `${label(p)}: ${fmt(c.meanA)} vs ${fmt(c.meanB)} (Δ ${fmt(c.meanDiff)} ± ${fmt(c.ci95)}, ${Math.round(100 * c.fracAtLeast)}% of drops)${ok ? '' : ' ✗'}`,
    );
  }
  return { id: `order:${a}>=${b}`, figure, claim: `${a} ≥ ${b}`, holds, detail: parts.join('; ') };
}

/** Mean of a metric per x for one scheme (and fixed other params), sorted by x. */
function meanCurve(
  rows: readonly ResultRow[],
  where: Record<string, number | string>,
  xCol: string,
  metric = 'rateErgodic',
): { x: number[]; y: number[] } {
  const sel = selectRows(rows, where);
  const xs = distinct(sel, xCol)
    .map(Number)
    .sort((p, q) => p - q);
  return { x: xs, y: xs.map((x) => meanCi95(selectRows(sel, { [xCol]: x }).map((r) => Number(r[metric]))).mean) };
}

/** "Increases with x" for one curve: strictly increasing means. */
export function increasingClaim(
  figure: string,
  claim: string,
  rows: readonly ResultRow[],
  where: Record<string, number | string>,
  xCol: string,
  metric = 'rateErgodic',
): ClaimCheck {
  const c = meanCurve(rows, where, xCol, metric);
  const holds = c.y.every((y, i) => i === 0 || y > c.y[i - 1]);
  return {
    id: `increasing:${xCol}:${label(where as Record<string, number>)}`,
    figure,
    claim: `${claim} [${label(where as Record<string, number>)}]`,
    holds,
    detail: c.x.map((x, i) => `${xCol}=${x}: ${fmt(c.y[i])}`).join(', '),
  };
}

/** Growth y(x_max) − y(x_min) of a curve. */
function growth(rows: readonly ResultRow[], where: Record<string, number | string>, xCol: string): number {
  const c = meanCurve(rows, where, xCol);
  return c.y[c.y.length - 1] - c.y[0];
}

/** Fig. 2 claims on the per-drop rows of the fig2 sweep. */
export function fig2Claims(rows: readonly ResultRow[]): ClaimCheck[] {
  const out: ClaimCheck[] = [];
  const sks = distinct(rows, 'Sk').map(Number);
  for (const sk of sks)
    for (const s of distinct(rows, 'scheme'))
      out.push(increasingClaim('fig2', 'rate improves with P_T', rows, { Sk: sk, scheme: s }, 'ptDbm'));
  out.push(orderingClaim('fig2', rows, 'MS²CDWM', 'MS²CDM', ['Sk', 'ptDbm']));
  out.push(orderingClaim('fig2', rows, 'MS²CDM', 'LIB', ['Sk', 'ptDbm']));
  out.push(orderingClaim('fig2', rows, 'MS²CDM', 'MS²DFT', ['Sk', 'ptDbm']));
  // CDWM/CDM gain more with power than LIB/DFT
  for (const sk of sks) {
    const g = Object.fromEntries(
      ['MS²DFT', 'LIB', 'MS²CDM', 'MS²CDWM'].map((s) => [s, growth(rows, { Sk: sk, scheme: s }, 'ptDbm')]),
    );
    out.push({
      id: `growth:Sk=${sk}`,
      figure: 'fig2',
      claim: `CDWM and CDM gain more from P_T than LIB and DFT [Sk=${sk}]`,
      holds: Math.min(g['MS²CDWM'], g['MS²CDM']) > Math.max(g.LIB, g['MS²DFT']),
      detail: Object.entries(g)
        .map(([s, v]) => `${s} +${fmt(v)}`)
        .join(', '),
    });
    // beamspace ≫ DFT, and close to Full
    const pts = pointsOf(selectRows(rows, { Sk: sk }), ['ptDbm']);
    const ratioDft = pts.map((p) => {
      const c = paired(
        perDrop(rows, { Sk: sk, ...p, scheme: 'MS²CDWM' }, 'rateErgodic'),
        perDrop(rows, { Sk: sk, ...p, scheme: 'MS²DFT' }, 'rateErgodic'),
      );
      return c.meanA / c.meanB;
    });
    out.push({
      id: `beats-dft:Sk=${sk}`,
      figure: 'fig2',
      claim: `beamspace MS²CDWM (LCMS) significantly outperforms MS²DFT (≥ ${100 * SIGNIFICANT_GAIN}% more) [Sk=${sk}]`,
      holds: ratioDft.every((r) => r >= 1 + SIGNIFICANT_GAIN),
      detail: pts.map((p, i) => `P_T=${p.ptDbm}: ×${fmt(ratioDft[i])}`).join(', '),
    });
    const ratioFull = pts.map((p) => {
      const c = paired(
        perDrop(rows, { Sk: sk, ...p, scheme: 'MS²CDWM' }, 'rateErgodic'),
        perDrop(rows, { Sk: sk, ...p, scheme: 'MS²CDWM-Full' }, 'rateErgodic'),
      );
      return c.meanA / c.meanB;
    });
    out.push({
      id: `close-to-full:Sk=${sk}`,
      figure: 'fig2',
      claim: `MS²CDWM (LCMS) comparable to antenna-domain MS²CDWM-Full (≥ ${100 * CLOSE_FRACTION}%) [Sk=${sk}]`,
      holds: ratioFull.every((r) => r >= CLOSE_FRACTION),
      detail: pts.map((p, i) => `P_T=${p.ptDbm}: ${fmt(100 * ratioFull[i], 1)}%`).join(', '),
    });
  }
  return out;
}

/** Fig. 3: more streams raise the sum rate, with a gain limited by the receiver (diminishing). */
export function fig3Claims(rows: readonly ResultRow[]): ClaimCheck[] {
  const out: ClaimCheck[] = [];
  for (const s of ['MS²CDWM', 'MS²CDM']) {
    const c = meanCurve(rows, { scheme: s }, 'Mk');
    const steps = c.y.slice(1).map((y, i) => y - c.y[i]);
    out.push({
      id: `more-streams:${s}`,
      figure: 'fig3',
      claim: `${s}: increasing M_k improves the sum rate (M_k 1 → 2)`,
      holds: steps[0] > 0,
      detail: c.x.map((x, i) => `M_k=${x}: ${fmt(c.y[i])}`).join(', '),
    });
    out.push({
      id: `limited:${s}`,
      figure: 'fig3',
      claim: `${s}: the gain is limited — the last step of M_k gains less than the first`,
      holds: steps[steps.length - 1] < steps[0],
      detail: `steps ${steps.map((d) => fmt(d)).join(', ')}`,
    });
  }
  out.push(orderingClaim('fig3', rows, 'MS²CDWM', 'MS²CDM', ['Mk']));
  out.push(orderingClaim('fig3', rows, 'MS²CDM', 'LIB', ['Mk']));
  out.push(orderingClaim('fig3', rows, 'MS²CDM', 'MS²DFT', ['Mk']));
  return out;
}

/** Fig. 4: CDM and CDWM grow faster with K; CDWM gains most; per-UT rate need not grow. */
export function fig4Claims(rows: readonly ResultRow[]): ClaimCheck[] {
  const out: ClaimCheck[] = [];
  const g = Object.fromEntries(
    ['MS²DFT', 'LIB', 'MS²CDM', 'MS²CDWM'].map((s) => [s, growth(rows, { scheme: s }, 'K')]),
  );
  out.push({
    id: 'growth',
    figure: 'fig4',
    claim: 'MS²CDM and MS²CDWM sum rates grow faster with K than LIB and MS²DFT',
    holds: Math.min(g['MS²CDWM'], g['MS²CDM']) > Math.max(g.LIB, g['MS²DFT']),
    detail: Object.entries(g)
      .map(([s, v]) => `${s} +${fmt(v)}`)
      .join(', '),
  });
  out.push({
    id: 'cdwm-grows-most',
    figure: 'fig4',
    claim: 'MS²CDWM achieves the greatest sum-rate improvement with K',
    holds: g['MS²CDWM'] >= Math.max(g['MS²CDM'], g.LIB, g['MS²DFT']),
    detail: `MS²CDWM +${fmt(g['MS²CDWM'])} vs MS²CDM +${fmt(g['MS²CDM'])}`,
  });
  out.push(increasingClaim('fig4', 'sum rate increases with K', rows, { scheme: 'MS²CDWM' }, 'K'));
  const c = meanCurve(rows, { scheme: 'MS²CDWM' }, 'K');
  const perUt = c.y.map((y, i) => y / c.x[i]);
  out.push({
    id: 'per-ut',
    figure: 'fig4',
    claim: 'per-UT rate need not increase with K (it may fall)',
    holds: true,
    detail: `MS²CDWM per-UT: ${c.x.map((x, i) => `K=${x}: ${fmt(perUt[i], 3)}`).join(', ')} — ${perUt[perUt.length - 1] < perUt[0] ? 'falls' : 'rises'}`,
  });
  out.push(orderingClaim('fig4', rows, 'MS²CDWM', 'MS²CDM', ['K']));
  out.push(orderingClaim('fig4', rows, 'MS²CDM', 'LIB', ['K']));
  return out;
}

/** Fig. 5: more receive antennas raise the single-stream rate, for every scheme and P_T. */
export function fig5Claims(rows: readonly ResultRow[]): ClaimCheck[] {
  const out: ClaimCheck[] = [];
  for (const pt of distinct(rows, 'ptDbm'))
    for (const s of distinct(rows, 'scheme'))
      out.push(increasingClaim('fig5', 'rate increases with N_R', rows, { ptDbm: pt, scheme: s }, 'NR'));
  out.push(orderingClaim('fig5', rows, 'MS²CDWM', 'MS²CDM', ['ptDbm', 'NR']));
  return out;
}

/**
 * Fig. 6 (ζ² = 0; points with M_k ≤ S_k, Remark 1): with M_k fixed, more serving
 * satellites give limited gains; more satellites let more streams through, which helps far
 * more; the gain of one more stream diminishes.
 */
export function fig6Claims(rows: readonly ResultRow[]): ClaimCheck[] {
  const out: ClaimCheck[] = [];
  const R = (sk: number, mk: number) =>
    meanCi95(selectRows(rows, { Sk: sk, Mk: mk, scheme: 'MS²CDWM' }).map((r) => Number(r.rateErgodic))).mean;
  const sks = distinct(rows, 'Sk')
    .map(Number)
    .sort((a, b) => a - b);
  const mks = distinct(rows, 'Mk')
    .map(Number)
    .sort((a, b) => a - b);
  const s0 = sks[0];
  const s1 = sks[sks.length - 1];
  const single = R(s1, 1) / R(s0, 1) - 1;
  const best = (sk: number) => Math.max(...mks.filter((m) => m <= sk).map((m) => R(sk, m)));
  const envelope = best(s1) / best(s0) - 1;
  out.push({
    id: 'multi-stream-helps-more',
    figure: 'fig6',
    claim: `more serving satellites help multi-stream far more than single-stream (best-M_k gain ≥ 2× the M_k = 1 gain, S_k ${s0} → ${s1})`,
    holds: envelope >= 2 * Math.max(single, 0) && envelope > 0,
    detail: `M_k = 1: ${single >= 0 ? '+' : ''}${fmt(100 * single, 0)}%; best M_k: ${fmt(best(s0))} → ${fmt(best(s1))} b/s/Hz (+${fmt(100 * envelope, 0)}%)`,
  });
  for (const mk of mks) {
    const feasible = sks.filter((sk) => sk >= mk);
    if (feasible.length < 2) continue;
    const g = R(s1, mk) / R(feasible[0], mk) - 1;
    out.push({
      id: `fixed-mk-limited:Mk=${mk}`,
      figure: 'fig6',
      claim: `M_k = ${mk} fixed: more serving satellites give a limited gain (< ${fmt(100 * envelope, 0)}%, the best-M_k gain)`,
      holds: g < envelope,
      detail:
        feasible.map((sk) => `S_k=${sk}: ${fmt(R(sk, mk))}`).join(', ') + ` (${g >= 0 ? '+' : ''}${fmt(100 * g, 0)}%)`,
    });
  }
  const atMax = mks.filter((m) => m <= s1).map((m) => R(s1, m));
  const steps = atMax.slice(1).map((y, i) => y - atMax[i]);
  out.push({
    id: 'diminishing',
    figure: 'fig6',
    claim: `the gain of one more stream diminishes as M_k grows (at S_k = ${s1})`,
    holds: steps.every((d, i) => i === 0 || d <= steps[i - 1]),
    detail: `R(M_k) = ${atMax.map((y) => fmt(y)).join(', ')}; steps ${steps.map((d) => fmt(d)).join(', ')}`,
  });
  return out;
}

/** Fig. 7: more beams help; LCMS ≈ NearOpt ≈ Full at far lower selection cost. */
export function fig7Claims(rows: readonly ResultRow[]): ClaimCheck[] {
  const out: ClaimCheck[] = [];
  out.push(increasingClaim('fig7', 'rate increases with B_s', rows, { scheme: 'MS²CDWM' }, 'Bs'));
  const bss = distinct(rows, 'Bs')
    .map(Number)
    .sort((a, b) => a - b);
  const full = meanCi95(
    selectRows(rows, { scheme: 'MS²CDWM', Bs: bss[bss.length - 1] }).map((r) => Number(r.rateErgodic)),
  ).mean;
  const lcms = bss.map(
    (b) => meanCi95(selectRows(rows, { scheme: 'MS²CDWM', Bs: b }).map((r) => Number(r.rateErgodic))).mean,
  );
  const near = bss.map(
    (b) => meanCi95(selectRows(rows, { scheme: 'MS²CDWM-NearOpt', Bs: b }).map((r) => Number(r.rateErgodic))).mean,
  );
  const i48 = bss.findIndex((b) => b >= 48);
  out.push({
    id: 'default-close-to-full',
    figure: 'fig7',
    claim: `LCMS at the default B_s = ${bss[i48]} is close to Full (≥ ${100 * CLOSE_FRACTION}% of B_s = ${bss[bss.length - 1]})`,
    holds: lcms[i48] >= CLOSE_FRACTION * full,
    detail: bss.map((b, i) => `B_s=${b}: ${fmt((100 * lcms[i]) / full, 1)}%`).join(', '),
  });
  out.push({
    id: 'close-to-nearopt',
    figure: 'fig7',
    claim: `LCMS close to NearOpt (≥ ${100 * CLOSE_FRACTION}%) at every B_s`,
    holds: lcms.every((l, i) => !Number.isFinite(near[i]) || l >= CLOSE_FRACTION * near[i]),
    detail: bss.map((b, i) => `B_s=${b}: ${fmt(lcms[i])} vs ${fmt(near[i])}`).join(', '),
  });
  const cpu = (scheme: string, b: number, m: string) =>
    meanCi95(selectRows(rows, { scheme, Bs: b }).map((r) => Number(r[m]))).mean;
  const tl = bss.map((b) => cpu('MS²CDWM', b, 'beamCpuMs'));
  const tn = bss.map((b) => cpu('MS²CDWM-NearOpt', b, 'beamCpuMs'));
  out.push({
    id: 'cheaper-than-nearopt',
    figure: 'fig7',
    claim: 'LCMS selects its beams at lower cost than NearOpt, at every B_s',
    holds: tl.every((t, i) => t < tn[i]),
    detail: bss
      .map((b, i) => `B_s=${b}: ${fmt(tl[i], 1)} vs ${fmt(tn[i], 1)} ms (×${fmt(tn[i] / tl[i], 1)})`)
      .join(', '),
  });
  // "LCMS close to Full at far lower cost": MS²CDWM (selection + precoder) at the default B_s vs Full
  const total = (b: number) => cpu('MS²CDWM', b, 'beamCpuMs') + cpu('MS²CDWM', b, 'precodeCpuMs');
  const bFull = bss[bss.length - 1];
  out.push({
    id: 'far-lower-cost-than-full',
    figure: 'fig7',
    claim: `MS²CDWM with LCMS at B_s = ${bss[i48]} costs far less than Full (≥ ${FAR_CHEAPER_FACTOR}× less CPU time per drop)`,
    holds: total(bFull) >= FAR_CHEAPER_FACTOR * total(bss[i48]),
    detail: `selection + precoder CPU time per drop: ${fmt(total(bss[i48]), 0)} ms at B_s = ${bss[i48]} vs ${fmt(total(bFull), 0)} ms at B_s = ${bFull} (×${fmt(total(bFull) / total(bss[i48]), 2)})`,
  });
  return out;
}

/** Bound gap (SPEC §7): the design metric Σ_k R̄_k (16) stays above the ergodic R_E (12). */
export function boundGapClaims(rows: readonly ResultRow[]): ClaimCheck[] {
  const out: ClaimCheck[] = [];
  for (const s of distinct(rows, 'scheme')) {
    const sel = selectRows(rows, { scheme: s });
    const gaps = sel.map((r) => Number(r.rateUpper) - Number(r.rateErgodic));
    const rel = sel.map((r) => Number(r.rateUpper) / Number(r.rateErgodic) - 1);
    const below = gaps.filter((g) => g < 0).length;
    out.push({
      id: `above:${s}`,
      figure: 'bound-gap',
      claim: `${s}: the upper bound (16) is above the ergodic rate (12) on every drop`,
      holds: below === 0,
      detail: `gap ${fmt(Math.min(...gaps))} … ${fmt(Math.max(...gaps))} b/s/Hz (${fmt(100 * Math.min(...rel), 0)}% … ${fmt(100 * Math.max(...rel), 0)}%), ${below} of ${gaps.length} drops below`,
    });
  }
  return out;
}

/** Complexity (measured): LCMS ≪ NearOpt at every B_s; precoders cost more with more beams. */
export function complexityClaims(rows: readonly ResultRow[]): ClaimCheck[] {
  const out: ClaimCheck[] = [];
  const bss = distinct(rows, 'Bs')
    .map(Number)
    .sort((a, b) => a - b);
  const mean = (where: Record<string, number | string>, m: string) =>
    meanCi95(selectRows(rows, where).map((r) => Number(r[m]))).mean;
  const lc = bss.map((b) => mean({ scheme: 'MS²CDWM', Bs: b }, 'beamCpuMs'));
  const no = bss.map((b) => mean({ scheme: 'MS²CDWM-NearOpt', Bs: b }, 'beamCpuMs'));
  out.push({
    id: 'lcms-faster',
    figure: 'complexity',
    claim: 'LCMS selection is faster than NearOpt at every B_s',
    holds: lc.every((t, i) => t < no[i]),
    detail: bss.map((b, i) => `B_s=${b}: ${fmt(lc[i], 1)} vs ${fmt(no[i], 1)} ms`).join(', '),
  });
  for (const s of ['MS²CDWM', 'MS²CDM']) {
    const t = bss.map((b) => mean({ scheme: s, Bs: b }, 'precodeCpuMs'));
    out.push({
      id: `grows:${s}`,
      figure: 'complexity',
      claim: `${s} at B_s = ${bss[bss.length - 1]} (Full) costs more than at B_s = ${bss[0]}`,
      holds: t[t.length - 1] > t[0],
      detail: bss.map((b, i) => `B_s=${b}: ${fmt(t[i], 0)} ms`).join(', '),
    });
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

/** Plain-text report of claim checks: '✓'/'✗ DISAGREES' per line. */
export function formatClaims(checks: readonly ClaimCheck[]): string {
  return checks.map((c) => `${c.holds ? '✓' : '✗ DISAGREES'} [${c.figure}] ${c.claim}: ${c.detail}`).join('\n');
}
