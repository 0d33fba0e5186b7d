/**
 * lib/stats — the statistics of the Monte Carlo results (Section VI): Student's t (exact
 * quantile) and the mean with its 95 % confidence interval. Used by the sweep tables and
 * claim checks (lib/experiments) and by the figure bands (lib/plots).
 */
export * from './studentT.js';
export * from './meanCi.js';
