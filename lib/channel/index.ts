/** lib/channel — statistical-CSI satellite channel (Section II-A, Table I): public API. */
export * from './steering.js';
export * from './realisation.js';
export * from './units.js';
export * from './linkBudget.js';
export * from './lsp.js';
export * from './covariance.js';
export * from './phaseError.js';
export * from './drop.js';
export * from './summary.js';
export * from './evolve.js';
