/**
 * The sweeps behind the figures of Section VI (Table I; K_s^max = 48 where S_k ≥ 4:
 * docs/paper-reading.md#x7) and the two beyond the paper:
 *
 * | figure      | x axis             | fixed                          | curves                                   |
 * |-------------|--------------------|--------------------------------|------------------------------------------|
 * | fig2        | P_T 20–50 dBm      | M_k = 2, S_k ∈ {2, 3}          | MS²DFT, LIB, MS²CDM, MS²CDWM (LCMS), -Full, -NearOpt |
 * | fig3        | M_k 1–4            | S_k = 4, P_T = 30 dBm          | the four precoders (LCMS)                |
 * | fig4        | K 12–48            | S_k = 3, P_T = 30 dBm          | the four precoders                       |
 * | fig5        | N_R ∈ {1,4,9,16}   | S_k = 3, M_k = 1, several P_T  | the four precoders                       |
 * | fig6        | S_k 1–5            | ζ² = 0, M_k ∈ {1..4}           | MS²CDWM                                  |
 * | fig7        | B_s 36–256         | S_k = 3, P_T = 30 dBm          | MS²CDWM with LCMS, NearOpt; Full = B_s 256 |
 * | complexity  | B_s                | as fig7                        | CPU time of every precoder and selection |
 * | bound-gap   | P_T                | as fig2                        | sCSI rate R̄ (16) vs ergodic rate (12)    |
 *
 * Everything not listed is Table I (pipeline.ts defaults). `complexity` reads the fig7
 * sweep (which also runs MS²CDM and LIB for their timings) and `bound-gap` the fig2 sweep,
 * so they cost nothing extra.
 *
 * The two studies beyond the paper on time (agingStudy.ts, notebook 05) have presets here
 * too (`studySweep`), run by runners of their own (config.runner):
 *
 * | study    | x axis               | fixed                    | schemes                                      |
 * |----------|----------------------|--------------------------|----------------------------------------------|
 * | aging    | age Δt 0–30 s        | Table I (S_k = 3, M_k = 2, P_T = 30 dBm) | MS²DFT, LIB, MS²CDM, MS²CDWM (LCMS), MS²CDWM-Full — kept vs recomputed |
 * | handover | τ 0–300 s (one pass) | Table I, epochs of 20 s, 10° service mask | MS²CDM (LCMS): frozen / re-clustered / re-clustered + S nearest |
 *
 * Every figure with a sweep of its own — the six sweep figures and the two studies, the
 * TABLE_FIGURES — has one folder of committed tables at its 'paper' size (data/paper/<stem>/,
 * paper.ts); `tableSweep` is that sweep and `standardPaperConfig` says whether a run is it.
 *
 * Sizes: 'paper' is the full grid; 'quick' a coarser grid and few drops so that
 * `npm run figures` redraws everything in a few minutes on 2 cores (measured in the
 * README); the figure notebooks use the 'quick' size too. Choices that deviate from Table I
 * for feasibility are noted per figure (e.g. K_s^max = 48 where S_k ≥ 4, since
 * K·S_k ≤ S·K_s^max is needed for (C1)–(C2)). The studies' 'paper' size is their committed
 * size (the paper has no such figure): 12 ages × 24 drops and 16 times × 24 drops, chosen
 * for 95 % intervals of a few per cent on the rates and kept fractions at about 18 min of
 * CPU (README); their 'quick' size is a handful of ages or times and 2 drops.
 */
import { ConfigError, type SchemeSpec, type SweepConfig } from './config.js';

/** Figure ids with a sweep of their own. */
export const SWEEP_FIGURES = ['fig2', 'fig3', 'fig4', 'fig5', 'fig6', 'fig7'] as const;
export type SweepFigure = (typeof SWEEP_FIGURES)[number];
/** Every figure `npm run figures` draws; derived ones read another figure's sweep. */
export const ALL_FIGURES = [...SWEEP_FIGURES, 'fig8', 'complexity', 'bound-gap'] as const;
/**
 * Studies beyond the paper with runners of their own (agingStudy.ts): drawn on request
 * (`--fig aging`), not by `--fig all`, whose quick size would replace their committed figures.
 */
export const STUDY_FIGURES = ['aging', 'handover'] as const;
export type StudyFigure = (typeof STUDY_FIGURES)[number];
export type FigureId = (typeof ALL_FIGURES)[number] | StudyFigure;

/** True for the studies of agingStudy.ts. */
export function isStudyFigure(fig: string): fig is StudyFigure {
  return (STUDY_FIGURES as readonly string[]).includes(fig);
}

/**
 * Figures whose sweep has a folder of committed tables (data/paper/<stem>/, paper.ts): the
 * six sweep figures and the two studies.
 */
export const TABLE_FIGURES = [...SWEEP_FIGURES, ...STUDY_FIGURES] as const;
export type TableFigure = (typeof TABLE_FIGURES)[number];

/** Which sweep a figure reads (fig8 needs none: it draws one drop; the studies have their own, agingStudy.ts). */
export function sweepOfFigure(fig: FigureId): SweepFigure | null {
  if (fig === 'complexity') return 'fig7';
  if (fig === 'bound-gap') return 'fig2';
  if (fig === 'fig8' || isStudyFigure(fig)) return null;
  return fig;
}

/**
 * The folder of committed tables a figure is drawn from: its sweep figure's (complexity →
 * fig7, bound-gap → fig2), a study's own, none for fig8.
 */
export function tablesOfFigure(fig: FigureId): TableFigure | null {
  return isStudyFigure(fig) ? fig : sweepOfFigure(fig);
}

/** Parse a figure id as given on the command line ('2', 'fig2', 'complexity', …). */
export function parseFigureId(text: string): FigureId {
  const t = text.trim().toLowerCase();
  const id = /^\d+$/.test(t) ? `fig${t}` : t;
  if (!(ALL_FIGURES as readonly string[]).includes(id) && !isStudyFigure(id)) {
    throw new ConfigError(`unknown figure '${text}'; choose one of 2–8, complexity, bound-gap, aging, handover`);
  }
  return id as FigureId;
}

/** Size preset of a figure sweep. */
export type FigureSize = 'quick' | 'paper';

/** Options of figureSweep. */
export interface FigureSweepOptions {
  size?: FigureSize;
  /** Override the preset's drops. */
  drops?: number;
  /** Master seed (default 1). */
  seed?: number | string;
}

const DFT: SchemeSpec = { name: 'MS²DFT', precoder: 'dft', beams: 'full' };
const LIB: SchemeSpec = { name: 'LIB', precoder: 'lib', beams: 'lcms' };
const CDM: SchemeSpec = { name: 'MS²CDM', precoder: 'cdm', beams: 'lcms' };
const CDWM: SchemeSpec = { name: 'MS²CDWM', precoder: 'cdwm', beams: 'lcms' };
const CDWM_FULL: SchemeSpec = { name: 'MS²CDWM-Full', precoder: 'cdwm', beams: 'full' };
const CDWM_NEAROPT: SchemeSpec = { name: 'MS²CDWM-NearOpt', precoder: 'cdwm', beams: 'nearopt' };

/** Scheme specs of the paper (Section VI), by curve name. */
export const PAPER_SCHEMES: Readonly<Record<string, SchemeSpec>> = {
  'MS²DFT': DFT,
  LIB,
  'MS²CDM': CDM,
  'MS²CDWM': CDWM,
  'MS²CDWM-Full': CDWM_FULL,
  'MS²CDWM-NearOpt': CDWM_NEAROPT,
};

/** Schemes of the aging study: the paper's precoders, MS²CDWM with LCMS and with Full beams. */
export const AGING_SCHEMES: readonly SchemeSpec[] = [DFT, LIB, CDM, CDWM, CDWM_FULL].map((s) => ({ ...s }));

/**
 * Schemes of the handover study: MS²CDM (LCMS) under three association policies
 * (handoverRunner.ts). MS²CDM rather than MS²CDWM: the association question does not
 * depend on the precoder, and MS²CDM costs about 1/15 of MS²CDWM per task. (Late in a pass a
 * UT left with one useful satellite drives MS²CDWM's regulariser β̃_k of (42) geometrically
 * towards 0 — 1e-6 → 1e-12 over a dozen iterations on seed 1, drop 13, τ = 200 s; since the
 * shift-aware W-step of lib/precoding/wstep.ts (the ridge path) this case runs to the end.)
 */
export const HANDOVER_SCHEMES: readonly SchemeSpec[] = [
  { ...CDM, name: 'Frozen', association: 'frozen', satellites: 'tracked' },
  { ...CDM, name: 'Re-clustered', association: 'recluster', satellites: 'tracked' },
  { ...CDM, name: 'Re-clustered + nearest set', association: 'recluster', satellites: 'nearest' },
];

interface Preset {
  description: string;
  base: Record<string, number>;
  grid: { quick: Record<string, number[]>; paper: Record<string, number[]> };
  constraints?: string[];
  schemes: SchemeSpec[];
  drops: { quick: number; paper: number };
}

const PRECODERS = [DFT, LIB, CDM, CDWM];

/** The sweep presets (parameters named as in pipeline.ts: K, S, Sk, KsMax, Bs, NR, Mk, zeta2, ptDbm, …). */
const PRESETS: Record<SweepFigure, Preset> = {
  fig2: {
    description: 'Fig. 2: average sum rate vs P_T, M_k = 2, S_k ∈ {2, 3}',
    base: { Mk: 2 },
    grid: {
      quick: { Sk: [2, 3], ptDbm: [20, 30, 40, 50] },
      paper: { Sk: [2, 3], ptDbm: [20, 25, 30, 35, 40, 45, 50] },
    },
    schemes: [DFT, LIB, CDM, CDWM, CDWM_FULL, CDWM_NEAROPT],
    drops: { quick: 4, paper: 100 },
  },
  fig3: {
    description: 'Fig. 3: average sum rate vs M_k, S_k = 4, P_T = 30 dBm (K_s^max = 48 so that K·S_k ≤ S·K_s^max)',
    base: { Sk: 4, ptDbm: 30, KsMax: 48 },
    grid: { quick: { Mk: [1, 2, 3, 4] }, paper: { Mk: [1, 2, 3, 4] } },
    schemes: PRECODERS,
    drops: { quick: 4, paper: 100 },
  },
  fig4: {
    description: 'Fig. 4: average sum rate vs K, S_k = 3, P_T = 30 dBm',
    base: { Sk: 3, ptDbm: 30 },
    grid: { quick: { K: [12, 24, 36, 48] }, paper: { K: [12, 18, 24, 30, 36, 42, 48] } },
    schemes: PRECODERS,
    drops: { quick: 4, paper: 100 },
  },
  fig5: {
    description: 'Fig. 5: average sum rate vs N_R, S_k = 3, M_k = 1, P_T ∈ {20, 35, 50} dBm',
    base: { Sk: 3, Mk: 1 },
    grid: {
      quick: { ptDbm: [20, 50], NR: [1, 4, 9, 16] },
      paper: { ptDbm: [20, 35, 50], NR: [1, 4, 9, 16] },
    },
    schemes: PRECODERS,
    drops: { quick: 4, paper: 100 },
  },
  fig6: {
    description:
      'Fig. 6: MS²CDWM average sum rate vs S_k for M_k = 1..4, ζ² = 0, P_T = 30 dBm (points with M_k ≤ S_k, Remark 1; ' +
      'K_s^max = 48 so that S_k up to 5 is feasible)',
    base: { zeta2: 0, KsMax: 48, ptDbm: 30 },
    grid: {
      quick: { Mk: [1, 2, 3, 4], Sk: [1, 2, 3, 4, 5] },
      paper: { Mk: [1, 2, 3, 4], Sk: [1, 2, 3, 4, 5] },
    },
    constraints: ['Mk<=Sk'],
    schemes: [CDWM],
    drops: { quick: 4, paper: 100 },
  },
  fig7: {
    description:
      'Fig. 7: average sum rate vs B_s, S_k = 3, P_T = 30 dBm; MS²CDWM with LCMS and NearOpt (B_s = N_T = 256 is Full); ' +
      'MS²CDM and LIB (LCMS) ride along for the complexity figure',
    base: { Sk: 3, ptDbm: 30 },
    grid: { quick: { Bs: [36, 48, 128, 256] }, paper: { Bs: [36, 48, 64, 96, 128, 192, 256] } },
    schemes: [CDWM, CDWM_NEAROPT, CDM, LIB],
    drops: { quick: 4, paper: 100 },
  },
};

interface StudyPreset {
  runner: string;
  description: string;
  base: { quick: Record<string, number>; paper: Record<string, number> };
  grid: { quick: Record<string, number[]>; paper: Record<string, number[]> };
  drops: { quick: number; paper: number };
  schemes: readonly SchemeSpec[];
}

const range = (from: number, to: number, step: number) =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

/** The study presets (runner modules: agingRunner.ts, handoverRunner.ts). */
const STUDY_PRESETS: Record<StudyFigure, StudyPreset> = {
  aging: {
    runner: 'lib/experiments/agingRunner.ts',
    description:
      'sCSI aging: precoders designed at t0 and kept vs recomputed at t0 + dt, Table I (S_k = 3, M_k = 2, P_T = 30 dBm), ' +
      'cooperating set followed, large-scale deviates persist, array-centre phase reference',
    base: { quick: {}, paper: {} },
    grid: { quick: { dtS: [0, 2, 5, 10, 20] }, paper: { dtS: [0, 0.5, 1, 2, 3, 4, 6, 8, 10, 15, 20, 30] } },
    drops: { quick: 2, paper: 24 },
    schemes: AGING_SCHEMES,
  },
  handover: {
    runner: 'lib/experiments/handoverRunner.ts',
    description:
      'handover along a pass: MS²CDM (LCMS) with the t0 association frozen, re-clustered among the t0 satellites, ' +
      'and re-clustered with the S nearest satellites at t; links below 10° elevation cannot serve; Table I',
    base: { quick: { stepS: 60 }, paper: { stepS: 20 } },
    grid: { quick: { tS: range(0, 300, 60) }, paper: { tS: range(0, 300, 20) } },
    drops: { quick: 2, paper: 24 },
    schemes: HANDOVER_SCHEMES,
  },
};

/** The size a preset is asked for: 'quick' (the default) or 'paper'. */
function presetSize(opts: FigureSweepOptions): 'quick' | 'paper' {
  const size = opts.size ?? 'quick';
  if (size !== 'quick' && size !== 'paper') throw new ConfigError(`size must be 'quick' or 'paper', got '${size}'`);
  return size;
}

/** The sweep configuration of a study at a size ('paper' = the committed size). */
export function studySweep(fig: StudyFigure, opts: FigureSweepOptions = {}): SweepConfig {
  const p = STUDY_PRESETS[fig];
  if (!p) throw new ConfigError(`no study '${String(fig)}'; choose aging or handover`);
  const size = presetSize(opts);
  return {
    name: `${fig}-${size}`,
    seed: opts.seed ?? 1,
    drops: opts.drops ?? p.drops[size],
    base: { ...p.base[size] },
    grid: JSON.parse(JSON.stringify(p.grid[size])) as Record<string, number[]>,
    schemes: p.schemes.map((s) => ({ ...s })),
    runner: p.runner,
    description: p.description,
  };
}

/** The sweep of a figure with committed tables: figureSweep of a sweep figure, studySweep of a study. */
export function tableSweep(fig: TableFigure, opts: FigureSweepOptions = {}): SweepConfig {
  return isStudyFigure(fig) ? studySweep(fig, opts) : figureSweep(fig, opts);
}

/** The sweep configuration of a figure at a size. */
export function figureSweep(fig: SweepFigure, opts: FigureSweepOptions = {}): SweepConfig {
  const p = PRESETS[fig];
  if (!p) throw new ConfigError(`no sweep for figure '${fig}'; choose one of ${SWEEP_FIGURES.join(', ')}`);
  const size = presetSize(opts);
  return {
    name: `${fig}-${size}`,
    seed: opts.seed ?? 1,
    drops: opts.drops ?? p.drops[size],
    base: { ...p.base },
    grid: JSON.parse(JSON.stringify(p.grid[size])) as Record<string, number[]>,
    ...(p.constraints ? { constraints: p.constraints.slice() } : {}),
    schemes: p.schemes.map((s) => ({ ...s })),
    description: p.description,
  };
}

const PRESET_KEYS = ['base', 'grid', 'schemes', 'constraints', 'runner'] as const;

function sameAs(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * Why `config` is not fig's standard paper-size sweep (the preset's grid, base, schemes,
 * constraints, runner and drops, seed 1: what data/paper holds; for a study its committed
 * size), or null when it is.
 */
export function standardPaperConfig(fig: TableFigure, config: SweepConfig): string | null {
  const want = tableSweep(fig, { size: 'paper' });
  const size = isStudyFigure(fig) ? 'committed size' : 'paper size';
  if (config.drops !== want.drops) return `drops ${config.drops}, the ${size} has ${want.drops}`;
  if (config.seed !== want.seed) return `seed ${JSON.stringify(config.seed)}, the ${size} uses ${want.seed}`;
  for (const k of ['name', ...PRESET_KEYS] as const) {
    if (!sameAs(config[k], want[k])) return `its ${k} differs from the preset`;
  }
  return null;
}

/**
 * The size label every figure of a sweep carries (one per figure, in its size note):
 * 'paper size: 100 drops per point' for the standard paper-size sweep (with the commit that
 * computed it when given: '… · commit 1a2b3c4', '+ uncommitted changes' when the work tree
 * had some), 'quick smoke size: 4 drops per point' for
 * the quick preset, otherwise the grid it uses and its drops (and a seed other than 1):
 * 'paper grid: 2 drops per point', 'quick grid: 50 drops per point, seed 3',
 * 'custom sweep: …'. A study's 'paper' size is its committed size (the paper has no such
 * figure): 'committed size: 24 drops per point', 'committed grid: …'.
 */
export function sizeLabel(
  fig: TableFigure,
  config: SweepConfig,
  opts: { commit?: string | null; dirty?: boolean | null } = {},
): string {
  const d = `${config.drops} drop${config.drops === 1 ? '' : 's'} per point`;
  const seed = config.seed === 1 ? '' : `, seed ${String(config.seed)}`;
  const usesGrid = (size: FigureSize) => {
    const p = tableSweep(fig, { size });
    return PRESET_KEYS.every((k) => sameAs(config[k], p[k]));
  };
  const big = isStudyFigure(fig) ? 'committed' : 'paper';
  let text: string;
  if (standardPaperConfig(fig, config) === null) text = `${big} size: ${d}`;
  else if (usesGrid('quick') && config.drops === tableSweep(fig).drops && config.seed === 1)
    text = `quick smoke size: ${d}`;
  else if (usesGrid('paper')) text = `${big} grid: ${d}${seed}`;
  else if (usesGrid('quick')) text = `quick grid: ${d}${seed}`;
  else text = `custom sweep: ${d}${seed}`;
  if (!opts.commit) return text;
  return `${text} · commit ${opts.commit.slice(0, 7)}${opts.dirty ? ' + uncommitted changes' : ''}`;
}
