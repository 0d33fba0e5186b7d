/**
 * lib/linalg — complex dense linear algebra for the kit (public API).
 * Complex numbers live here only; other modules call these named operations.
 */
export * from './cmatrix.js';
export * from './lu.js';
export * from './hermitian.js';
export * from './structured.js';
export * from './elementwise.js';
export * from './eigTridiagonal.js';
export * from './ridge.js';
