/**
 * Fig. 8 of Section VI for `npm run figures`: (a) normalised pre-selection beam-domain
 * power maps E‖H_{s,k} f_q‖² = γ_{s,k}|v_{s,k}ᵀ f_q|² (16 × 16, x = horizontal index n_H,
 * y = vertical index n_V) of one UT's serving satellites, (b) the LCMS beams each of these
 * satellites selects (colour) with the UT's dominant beams (within 10 dB of its strongest
 * beam at that satellite, black) projected from (a). One default drop (Table I), competition
 * clustering, LCMS with B_s = 48 — all through lib/channel, lib/clustering, lib/beamspace
 * (the notebook notebooks/fig8-beamspace.ipynb walks through the same figure).
 */
import { beamDomainPower, beamGrid, lcmsSelection } from '../beamspace/index.js';
import { competitionClustering } from '../clustering/index.js';
import type { Figure, Trace } from '../plots/index.js';
import type { Scenario } from '../scenario/types.js';
import { PIPELINE_DEFAULTS, pipelineDrop } from './pipeline.js';

/** Options of fig8Data / fig8Figure. */
export interface Fig8Options {
  seed?: number | string;
  drop?: number;
  /** The UT shown (default 0). */
  ut?: number;
  Bs?: number;
  /** Dominant-beam threshold below the UT's strongest beam at each satellite (dB, default 10). */
  dominantDb?: number;
}

/** The numbers behind Fig. 8 for one UT. */
export interface Fig8Data {
  ut: number;
  /** Serving satellites of the UT (ascending). */
  satellites: number[];
  /** powerDb[i][n_V][n_H]: 10 log10 of the power normalised to the UT's strongest beam over all serving satellites. */
  powerDb: number[][][];
  /** selected[i][n_V][n_H] = 1 when satellite satellites[i] activates that beam. */
  selected: number[][][];
  /** dominant[i][n_V][n_H] = 1 when within `dominantDb` of the UT's strongest beam at that satellite. */
  dominant: number[][][];
  /** Share of the UT's beam-domain power (per satellite) captured by the selected beams. */
  capturedShare: number[];
  scenario: Scenario;
}

/** Compute Fig. 8's maps for one UT of one default drop. */
export function fig8Data(opts: Fig8Options = {}): Fig8Data {
  const p: Record<string, number> = { ...PIPELINE_DEFAULTS, Bs: opts.Bs ?? PIPELINE_DEFAULTS.Bs };
  const dropRes = pipelineDrop({ Bs: p.Bs }, opts.seed ?? 1, opts.drop ?? 0);
  const { association } = competitionClustering(dropRes.scenario, { Sk: p.Sk, KsMax: p.KsMax });
  const clustered: Scenario = { ...dropRes.scenario, association };
  const { beams } = lcmsSelection(clustered, p.Bs);
  const scn: Scenario = { ...clustered, beams };
  const k = opts.ut ?? 0;
  if (!Number.isInteger(k) || k < 0 || k >= scn.K) throw new RangeError(`ut must be an integer in [0, ${scn.K - 1}], got ${k}`);
  const satellites = association.map((row, s) => (row[k] === 1 ? s : -1)).filter((s) => s >= 0);
  const powers = satellites.map((s) => beamDomainPower(scn, s, k));
  const peak = Math.max(...powers.map((pw) => Math.max(...pw)));
  const thr = 10 ** (-(opts.dominantDb ?? 10) / 10);
  const powerDb = powers.map((pw) => beamGrid(scn, Array.from(pw, (x) => Math.max(10 * Math.log10(x / peak), -60))));
  const selected = satellites.map((s) => {
    const v = new Array<number>(pw0Len(scn)).fill(0);
    for (const q of beams[s]) v[q] = 1;
    return beamGrid(scn, v);
  });
  const dominant = powers.map((pw) => {
    const m = Math.max(...pw);
    return beamGrid(scn, Array.from(pw, (x) => (x >= thr * m ? 1 : 0)));
  });
  const capturedShare = satellites.map((s, i) => {
    const pw = powers[i];
    let tot = 0;
    for (const x of pw) tot += x;
    let cap = 0;
    for (const q of beams[s]) cap += pw[q];
    return cap / tot;
  });
  return { ut: k, satellites, powerDb, selected, dominant, capturedShare, scenario: scn };
}

function pw0Len(scn: Scenario): number {
  return scn.satArray.nV * scn.satArray.nH;
}

/** Fig. 8 as a plotly figure: row (a) power maps, row (b) selections, one column per serving satellite. */
export function fig8Figure(opts: Fig8Options = {}): Figure {
  const d = fig8Data(opts);
  const n = d.satellites.length;
  const gap = 0.04;
  const w = (1 - gap * (n - 1)) / n;
  const data: Trace[] = [];
  const layout: Record<string, unknown> = {
    title: { text: `Fig. 8 — beam-domain channels of UT ${d.ut} and its ${n} serving satellites (LCMS, B_s = ${opts.Bs ?? PIPELINE_DEFAULTS.Bs})` },
    annotations: [] as unknown[],
    showlegend: false,
  };
  d.satellites.forEach((s, i) => {
    for (const row of [0, 1]) {
      const idx = row * n + i + 1;
      const sfx = idx === 1 ? '' : String(idx);
      const x0 = i * (w + gap);
      layout[`xaxis${sfx}`] = { domain: [x0, x0 + w], anchor: `y${sfx}`, title: row === 1 ? { text: 'n_H' } : undefined, showgrid: false };
      layout[`yaxis${sfx}`] = {
        domain: row === 0 ? [0.55, 0.95] : [0.0, 0.4],
        anchor: `x${sfx}`,
        scaleanchor: `x${sfx}`,
        title: i === 0 ? { text: 'n_V' } : undefined,
        showgrid: false,
      };
      if (row === 0) {
        data.push({
          type: 'heatmap',
          z: d.powerDb[i],
          zmin: -40,
          zmax: 0,
          colorscale: 'Viridis',
          showscale: i === n - 1,
          colorbar: { title: { text: 'dB' }, len: 0.4, y: 0.75 },
          xaxis: `x${sfx}`,
          yaxis: `y${sfx}`,
        });
      } else {
        // 0 = idle, 1 = selected, 2 = dominant for this UT (black)
        const z = d.selected[i].map((r, v) => r.map((sel, h) => (d.dominant[i][v][h] ? 2 : sel)));
        data.push({
          type: 'heatmap',
          z,
          zmin: 0,
          zmax: 2,
          colorscale: [
            [0, '#f2f2f2'],
            [0.33, '#f2f2f2'],
            [0.34, '#E69F00'],
            [0.66, '#E69F00'],
            [0.67, '#000000'],
            [1, '#000000'],
          ],
          showscale: false,
          xaxis: `x${sfx}`,
          yaxis: `y${sfx}`,
        });
      }
      (layout.annotations as unknown[]).push({
        text:
          row === 0
            ? `(a) satellite ${s}`
            : `(b) satellite ${s}: ${Math.round(100 * d.capturedShare[i])}% of UT power in the selected beams`,
        x: x0 + w / 2,
        y: row === 0 ? 0.96 : 0.41,
        xref: 'paper',
        yref: 'paper',
        xanchor: 'center',
        yanchor: 'bottom',
        showarrow: false,
        font: { size: 11 },
      });
    }
  });
  return { data, layout };
}
