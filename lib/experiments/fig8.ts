/**
 * Fig. 8 of Section VI: (a) the normalised power of the pre-selection beam-domain
 * channels H_{s,k} F_s between one UT k and its serving satellites, (b) the beams LCMS
 * selects there, with UT k's dominant beams projected from (a). The numbers come from
 * lib/beamspace (`beamspaceMaps`); this module draws them, beside the other figures.
 *
 * Numbering as in the paper's text: satellites s = 1 … S, UTs k = 1 … K and DFT beam
 * indices n_H, n_V = 1 … 16 (the library's arrays are 0-based: index + 1).
 *
 * `beamspaceFigure` is what `npm run figures` and notebooks/fig8-beamspace.ipynb call: one
 * Table I drop, competition clustering, LCMS (B_s = 48), the maps of one UT (defaults:
 * seed 2024, drop 0, UT index 0), so the script and the notebook draw the same figure.
 */
import { applySelection, beamspaceMaps, type BeamMapPanel } from '../beamspace/index.js';
import { defaultDropConfig, drawDrop } from '../channel/index.js';
import { type Figure, HOUSE_NOTE_SIZE, type Layout, type Trace, houseLayout, plotText } from '../plots/index.js';
import { Rng } from '../random/index.js';
import { houseSubplotAxes, panelTitle, sizeNote } from './plots.js';

/** Colours of panel (b): other beams, UT k's dominant beams, selected beams, selected ∩ dominant. */
export const FIG8_SELECTION_COLORS = ['#ffffff', '#000000', '#6baed6', '#d62728'] as const;

/** The key of panel (b), one entry per cell colour (same order as FIG8_SELECTION_COLORS). */
export const FIG8_SELECTION_KEY = [
  'not selected',
  'dominant for UT k, not selected',
  'selected',
  'selected and dominant for UT k',
] as const;

/** Options of fig8Figure. */
export interface Fig8FigureOptions {
  title?: string;
  /** The small note in the bottom-right corner (default 'one drop'). */
  note?: string;
}

/**
 * The plotly figure of Fig. 8: row (a) the normalised power heatmaps (colour bar titled),
 * row (b) the selection maps (white: not selected; black: UT k's dominant beams not
 * selected; blue: selected; red: selected and dominant; a key below), one column per
 * serving satellite, x labels on both rows.
 */
export function fig8Figure(panels: readonly BeamMapPanel[], opts: Fig8FigureOptions = {}): Figure {
  const n = panels.length;
  const gap = 0.06;
  const w = (1 - gap * (n - 1)) / n;
  const data: Trace[] = [];
  const layout: Layout = {};
  const annotations: Record<string, unknown>[] = [];
  const c = FIG8_SELECTION_COLORS;
  const selScale = [
    [0, c[0]],
    [1 / 4, c[0]],
    [1 / 4, c[1]],
    [1 / 2, c[1]],
    [1 / 2, c[2]],
    [3 / 4, c[2]],
    [3 / 4, c[3]],
    [1, c[3]],
  ];
  const rows = [
    { dom: [0.6, 1] as const, tag: 'a' },
    { dom: [0.05, 0.45] as const, tag: 'b' },
  ];
  panels.forEach((p, i) => {
    const x0 = i * (w + gap);
    const nV = p.normalisedPower.length;
    const nH = p.normalisedPower[0]?.length ?? 0;
    const xs = Array.from({ length: nH }, (_, h) => h + 1);
    const ys = Array.from({ length: nV }, (_, v) => v + 1);
    rows.forEach(({ dom, tag }, row) => {
      const idx = row * n + i + 1;
      const ax = idx === 1 ? '' : String(idx);
      const z = row === 0 ? p.normalisedPower : p.selected.map((r, v) => r.map((sel, h) => 2 * sel + p.dominant[v][h]));
      data.push({
        type: 'heatmap',
        x: xs,
        y: ys,
        z,
        xaxis: `x${ax}`,
        yaxis: `y${ax}`,
        ...(row === 0
          ? {
              colorscale: 'Viridis',
              zmin: 0,
              zmax: 1,
              showscale: i === n - 1,
              colorbar: {
                len: 0.4,
                y: 0.8,
                thickness: 12,
                title: { text: 'normalised<br>power', side: 'top', font: { size: HOUSE_NOTE_SIZE + 1 } },
              },
              hovertemplate: 'n_H=%{x}, n_V=%{y}: %{z:.3f}<extra></extra>',
            }
          : {
              colorscale: selScale,
              zmin: 0,
              zmax: 3,
              showscale: false,
              xgap: 1,
              ygap: 1,
              hovertemplate: 'n_H=%{x}, n_V=%{y}<extra></extra>',
            }),
      });
      layout[`xaxis${ax}`] = {
        domain: [x0, x0 + w],
        anchor: `y${ax}`,
        title: { text: plotText('n_H'), standoff: 4 },
        constrain: 'domain',
        showline: false,
        showgrid: false,
        dtick: 5,
        tick0: 1,
      };
      layout[`yaxis${ax}`] = {
        domain: dom,
        anchor: `x${ax}`,
        title: { text: i === 0 ? plotText('n_V') : '', standoff: 4 },
        showline: false,
        showgrid: false,
        scaleanchor: `x${ax}`,
        constrain: 'domain',
        dtick: 5,
        tick0: 1,
      };
      annotations.push(
        panelTitle(
          `(${tag}) satellite ${p.s + 1}${row === 1 ? ` — ${(100 * p.capturedFraction).toFixed(0)} % captured` : ''}`,
          x0,
          x0 + w,
          dom[1],
        ),
      );
    });
  });
  // the key of row (b): one legend entry per cell colour (square markers, no data)
  FIG8_SELECTION_KEY.forEach((name, i) => {
    data.push({
      type: 'scatter',
      mode: 'markers',
      x: [null],
      y: [null],
      name,
      marker: { symbol: 'square', size: 12, color: c[i], line: { color: '#777777', width: 1 } },
      hoverinfo: 'skip',
      xaxis: `x${n + 1}`,
      yaxis: `y${n + 1}`,
    });
  });
  // on a line of its own below the key (the key sits where other figures have the note)
  annotations.push({ ...sizeNote(opts.note ?? 'one drop'), yshift: -88 });
  return {
    data,
    layout: houseLayout({
      ...houseSubplotAxes(layout),
      annotations,
      showlegend: true,
      legend: {
        orientation: 'h',
        x: 0.5,
        xanchor: 'center',
        y: -0.1,
        yanchor: 'top',
        font: { size: HOUSE_NOTE_SIZE + 1 },
        bgcolor: 'rgba(255, 255, 255, 0)',
        borderwidth: 0,
      },
      margin: { l: 60, r: 20, t: opts.title ? 64 : 30, b: 110 },
      ...(opts.title ? { title: { text: opts.title } } : {}),
    }),
  };
}

/** Options of beamspaceFigure (defaults: those of notebooks/fig8-beamspace.ipynb). */
export interface Fig8Options {
  seed?: number | string;
  drop?: number;
  /** UT index (0-based, as in the library; the figure calls it UT ut + 1). */
  ut?: number;
  Sk?: number;
  KsMax?: number;
  Bs?: number;
  dominantDb?: number;
}

/** The Fig. 8 panels and plotly figure of one UT of one drop. */
export function beamspaceFigure(opts: Fig8Options = {}): { panels: BeamMapPanel[]; figure: Figure } {
  const seed = opts.seed ?? 2024;
  const drop = opts.drop ?? 0;
  const Sk = opts.Sk ?? 3;
  const KsMax = opts.KsMax ?? 36;
  const Bs = opts.Bs ?? 48;
  const ut = opts.ut ?? 0;
  const { scenario } = drawDrop(defaultDropConfig({ Sk, KsMax, Bs }), Rng.forDrop(seed, drop));
  const scn = applySelection(scenario, { cluster: { Sk, KsMax }, beams: { method: 'lcms', Bs } });
  const panels = beamspaceMaps(scn, ut, scn.beams, { dominantDb: opts.dominantDb ?? -10 });
  const figure = fig8Figure(panels, {
    title: `Fig. 8 — UT ${ut + 1}: beam-domain power (a) and beams selected by LCMS (b)`,
    note: `one drop (seed ${seed}, drop ${drop})`,
  });
  return { panels, figure };
}
