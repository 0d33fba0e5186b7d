/**
 * Fig. 8 of Section VI for `npm run figures`: one Table I drop, competition clustering,
 * LCMS (B_s = 48), then the beam-domain power maps of one UT's serving satellites and the
 * selected beams — entirely the selection module's functions (lib/beamspace/fig8.ts:
 * `beamspaceMaps`, `fig8Figure`), with the same defaults as notebooks/fig8-beamspace.ipynb
 * (seed 2024, drop 0, UT 0), so the script and the notebook draw the same figure.
 */
import { applySelection, beamspaceMaps, fig8Figure, type BeamMapPanel } from '../beamspace/index.js';
import { defaultDropConfig, drawDrop } from '../channel/index.js';
import type { Figure } from '../plots/index.js';
import { Rng } from '../random/index.js';

/** Options of beamspaceFigure (defaults: those of notebooks/fig8-beamspace.ipynb). */
export interface Fig8Options {
  seed?: number | string;
  drop?: number;
  ut?: number;
  Sk?: number;
  KsMax?: number;
  Bs?: number;
  dominantDb?: number;
}

/** The Fig. 8 panels and plotly figure of one UT of one drop. */
export function beamspaceFigure(opts: Fig8Options = {}): { panels: BeamMapPanel[]; figure: Figure } {
  const seed = opts.seed ?? 2024;
  const Sk = opts.Sk ?? 3;
  const KsMax = opts.KsMax ?? 36;
  const Bs = opts.Bs ?? 48;
  const ut = opts.ut ?? 0;
  const { scenario } = drawDrop(defaultDropConfig({ Sk, KsMax, Bs }), Rng.forDrop(seed, opts.drop ?? 0));
  const scn = applySelection(scenario, { cluster: { Sk, KsMax }, beams: { method: 'lcms', Bs } });
  const panels = beamspaceMaps(scn, ut, scn.beams, { dominantDb: opts.dominantDb ?? -10 });
  const figure = fig8Figure(panels, { title: `Fig. 8 — UT ${ut}: beam-domain power (a) and selected beams (b)` });
  return { panels, figure };
}
