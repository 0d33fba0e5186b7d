/**
 * lib/plots — figures of the kit (paper Section VI, Figs. 2–8): the house style (theme),
 * confidence bands, export to PNG/SVG/HTML through headless Chromium, and inline display
 * in tslab notebooks.
 */
export * from './theme.js';
export * from './bands.js';
export * from './render.js';
export * from './display.js';
export * from './png.js';
