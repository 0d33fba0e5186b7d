/** lib/scenario — the Scenario contract, its validation and the JSON scenario format: public API. */
export type * from './types.js';
export * from './validate.js';
export * from './io.js';
export * from './limits.js';
