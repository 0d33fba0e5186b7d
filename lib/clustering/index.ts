/** lib/clustering — user-centric satellite clustering (Section V-A): public API. */
export * from './constraints.js';
export * from './competition.js';
