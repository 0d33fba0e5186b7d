/** lib/beamspace — beam selection for beamspace transmission (Section V-B): public API. */
export * from './constraints.js';
export * from './gains.js';
export * from './lcms.js';
export * from './nearopt.js';
export * from './select.js';
export * from './compare.js';
export * from './maps.js';
