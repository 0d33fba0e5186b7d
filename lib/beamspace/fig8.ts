/**
 * Fig. 8 of the paper: (a) normalised power of the pre-selection beam-domain channels
 * H_{s,k} F_s of one UT k and its serving satellites s ∈ S_k, as N_TV × N_TH maps (x axis:
 * horizontal index n_H, y axis: vertical index n_V); (b) the beams selected at those
 * satellites, with UT k's dominant beams (black) projected from (a).
 *
 * Normalisation (the paper does not say): every map is divided by the largest entry over
 * all serving satellites of UT k, so the relative strength of the satellites stays visible.
 * Dominant beams: power within `dominantDb` (default −10 dB) of UT k's strongest beam at that
 * satellite.
 */
import type { Figure, Trace } from '../plots/theme.js';
import { houseLayout } from '../plots/theme.js';
import type { Scenario } from '../scenario/types.js';
import { BeamSelectionError } from './constraints.js';
import { beamDomainPower, beamGrid } from './gains.js';

/** One satellite's panel of Fig. 8. */
export interface BeamMapPanel {
  /** Satellite index s. */
  s: number;
  /** γ_{s,k}|v_{s,k}ᵀ f_q|² / (max over UT k's serving satellites and beams), N_TV × N_TH. */
  normalisedPower: number[][];
  /** 1 where the codeword is selected at s (A_s), N_TV × N_TH. */
  selected: number[][];
  /** 1 where UT k's power is within dominantDb of its strongest beam at s, N_TV × N_TH. */
  dominant: number[][];
  /** Share of UT k's beam-domain power at s captured by the selection. */
  capturedFraction: number;
  /** Share held by UT k's 4 strongest beams at s (sparsity of the beam-domain channel). */
  topFourShare: number;
  /** UT k's strongest codeword at s and its grid position. */
  strongestBeam: { q: number; nV: number; nH: number };
}

/**
 * The Fig. 8 panels of UT k: one per satellite serving k (ascending s), for the selection
 * `beams` (e.g. LCMS). Throws if k is served by no satellite.
 */
export function beamspaceMaps(
  scn: Scenario,
  k: number,
  beams: readonly (readonly number[])[],
  opts: { dominantDb?: number } = {},
): BeamMapPanel[] {
  if (!Number.isInteger(k) || k < 0 || k >= scn.K)
    throw new BeamSelectionError(`k must be an integer in [0, ${scn.K - 1}], got ${k}`);
  const sats: number[] = [];
  for (let s = 0; s < scn.S; s++) if (scn.association[s][k] === 1) sats.push(s);
  if (sats.length === 0) throw new BeamSelectionError(`UT ${k} is served by no satellite (column ${k} of O is zero)`);
  const dominantRatio = Math.pow(10, (opts.dominantDb ?? -10) / 10);
  const maps = sats.map((s) => beamDomainPower(scn, s, k));
  const peak = Math.max(...maps.map((m) => Math.max(...m)));
  return sats.map((s, i) => {
    const p = maps[i];
    const nT = p.length;
    const total = p.reduce((a, b) => a + b, 0);
    const sorted = Array.from(p).sort((a, b) => b - a);
    const best = p.indexOf(sorted[0]);
    const chosen = new Set(beams[s]);
    let captured = 0;
    for (const q of chosen) captured += p[q];
    const sel = new Array<number>(nT).fill(0);
    for (const q of chosen) sel[q] = 1;
    return {
      s,
      normalisedPower: beamGrid(
        scn,
        Array.from(p, (v) => (peak > 0 ? v / peak : 0)),
      ),
      selected: beamGrid(scn, sel),
      dominant: beamGrid(
        scn,
        Array.from(p, (v) => (v >= dominantRatio * sorted[0] ? 1 : 0)),
      ),
      capturedFraction: total > 0 ? captured / total : 0,
      topFourShare: total > 0 ? (sorted[0] + sorted[1] + sorted[2] + sorted[3]) / total : 0,
      strongestBeam: { q: best, nV: Math.floor(best / scn.satArray.nH), nH: best % scn.satArray.nH },
    };
  });
}

/** Colours of panel (b): other beams, UT k's dominant beams, selected beams, selected ∩ dominant. */
export const FIG8_SELECTION_COLORS = ['#ffffff', '#000000', '#6baed6', '#d62728'] as const;

/**
 * The plotly figure of Fig. 8: row (a) the normalised power heatmaps, row (b) the selection
 * maps (white: not selected; black: UT k's dominant beams not selected; blue: selected;
 * red: selected and dominant), one column per serving satellite.
 */
export function fig8Figure(panels: readonly BeamMapPanel[], opts: { title?: string } = {}): Figure {
  const n = panels.length;
  const gap = 0.06;
  const w = (1 - gap * (n - 1)) / n;
  const data: Trace[] = [];
  const layout: Record<string, unknown> = {};
  const annotations: Record<string, unknown>[] = [];
  const c = FIG8_SELECTION_COLORS;
  const selScale = [
    [0, c[0]],
    [1 / 6, c[0]],
    [1 / 6, c[1]],
    [1 / 2, c[1]],
    [1 / 2, c[2]],
    [5 / 6, c[2]],
    [5 / 6, c[3]],
    [1, c[3]],
  ];
  panels.forEach((p, i) => {
    const x0 = i * (w + gap);
    for (const [row, dom] of [
      [0, [0.56, 1]],
      [1, [0, 0.42]],
    ] as const) {
      const idx = row * n + i + 1;
      const ax = idx === 1 ? '' : String(idx);
      const z = row === 0 ? p.normalisedPower : p.selected.map((r, v) => r.map((sel, h) => 2 * sel + p.dominant[v][h]));
      data.push({
        type: 'heatmap',
        z,
        xaxis: `x${ax}`,
        yaxis: `y${ax}`,
        ...(row === 0
          ? {
              colorscale: 'Viridis',
              zmin: 0,
              zmax: 1,
              showscale: i === n - 1,
              colorbar: { len: 0.42, y: 0.78, thickness: 12 },
            }
          : { colorscale: selScale, zmin: 0, zmax: 3, showscale: false, xgap: 1, ygap: 1 }),
        hovertemplate: 'n_H=%{x}, n_V=%{y}: %{z}<extra></extra>',
      });
      layout[`xaxis${ax}`] = {
        domain: [x0, x0 + w],
        anchor: `y${ax}`,
        title: { text: row === 1 ? 'n_H (horizontal beam index)' : '' },
        constrain: 'domain',
        showline: false,
      };
      layout[`yaxis${ax}`] = {
        domain: dom,
        anchor: `x${ax}`,
        title: { text: i === 0 ? 'n_V' : '' },
        showline: false,
        scaleanchor: `x${ax}`,
        constrain: 'domain',
      };
      annotations.push({
        text: `(${row === 0 ? 'a' : 'b'}) satellite ${p.s}${row === 1 ? ` — captured ${(100 * p.capturedFraction).toFixed(0)} %` : ''}`,
        xref: 'paper',
        yref: 'paper',
        x: x0 + w / 2,
        y: dom[1] + 0.01,
        xanchor: 'center',
        yanchor: 'bottom',
        showarrow: false,
      });
    }
  });
  return {
    data,
    layout: houseLayout({
      ...layout,
      annotations,
      margin: { l: 60, r: 20, t: opts.title ? 60 : 30, b: 50 },
      ...(opts.title ? { title: { text: opts.title } } : {}),
    }),
  };
}
