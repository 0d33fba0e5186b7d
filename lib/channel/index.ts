/** lib/channel — statistical-CSI satellite channel (Section II-A): public API. */
export * from './steering.js';
export * from './realisation.js';
