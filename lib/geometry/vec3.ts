/**
 * Real 3-vectors for the constellation geometry (Section VI set-up, Table I).
 * Plain `[x, y, z]` tuples in metres (positions) or unitless (directions). Real arithmetic
 * only — complex numbers live in lib/linalg.
 */

/** A real 3-vector [x, y, z]. */
export type Vec3 = [number, number, number];

/** a + b. */
export function add3(a: Vec3, b: Vec3): Vec3 {
  return [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
}

/** a − b. */
export function sub3(a: Vec3, b: Vec3): Vec3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}

/** α·a. */
export function scale3(a: Vec3, alpha: number): Vec3 {
  return [alpha * a[0], alpha * a[1], alpha * a[2]];
}

/** a · b. */
export function dot3(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/** a × b. */
export function cross3(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

/** Euclidean norm ‖a‖. */
export function norm3(a: Vec3): number {
  return Math.hypot(a[0], a[1], a[2]);
}

/** a / ‖a‖; throws on a zero or non-finite vector. */
export function unit3(a: Vec3): Vec3 {
  const n = norm3(a);
  if (!(n > 0) || !Number.isFinite(n)) throw new RangeError(`unit3: cannot normalise vector [${a.join(', ')}]`);
  return [a[0] / n, a[1] / n, a[2] / n];
}
