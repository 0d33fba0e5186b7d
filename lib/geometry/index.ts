/**
 * lib/geometry — Walker-Delta constellation, Earth frames and the drop geometry
 * (Section VI set-up, Table I; docs/paper-reading.md#x10): public API.
 */
export * from './vec3.js';
export * from './earth.js';
export * from './constellation.js';
export * from './arrayFrames.js';
export * from './drop.js';
export * from './passes.js';
export * from './evolve.js';
