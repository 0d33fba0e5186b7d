/**
 * lib/random — seeded random sources. Every stochastic function of the kit takes an `Rng`
 * argument; nothing draws from Math.random.
 *
 * The generator is seedrandom's Alea (fast, 2^116 period, identical across platforms).
 * Sub-streams are keyed by strings: `Rng.forDrop(seed, drop)` is the stream of drop
 * `drop` of a sweep seeded with `seed`, independent of how many drops came before, so a
 * parallel run (any drop on any worker) reproduces a serial one number for number.
 */
import seedrandom from 'seedrandom';
import { CMatrix, LinalgError, hermitianFactor, mmul } from '../linalg/index.js';

/** Error for invalid random-draw parameters. */
export class RandomParameterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RandomParameterError';
  }
}

/** A seeded pseudo-random source. */
export class Rng {
  /** The key this stream was created from (for provenance). */
  readonly key: string;
  private readonly prng: () => number;
  private spare: number | null = null;

  constructor(seed: number | string) {
    if (typeof seed === 'number' && !Number.isFinite(seed)) {
      throw new RandomParameterError(`seed must be a finite number or a string, got ${seed}`);
    }
    this.key = String(seed);
    this.prng = seedrandom.alea(this.key);
  }

  /** The independent sub-stream `name` of seed `seed` (e.g. forDrop(7, 12)). */
  static substream(seed: number | string, ...path: (number | string)[]): Rng {
    return new Rng([String(seed), ...path.map(String)].join('/'));
  }

  /** Stream for drop `drop` of a sweep seeded with `seed`. */
  static forDrop(seed: number | string, drop: number): Rng {
    if (!Number.isInteger(drop) || drop < 0) {
      throw new RandomParameterError(`drop must be a non-negative integer, got ${drop}`);
    }
    return Rng.substream(seed, 'drop', drop);
  }

  /** A child stream derived from this one by name (does not advance this stream). */
  child(name: string | number): Rng {
    return new Rng(`${this.key}/${name}`);
  }

  /** Uniform on [0, 1). */
  uniform(): number {
    return this.prng();
  }

  /** Uniform on [a, b). */
  uniformIn(a: number, b: number): number {
    if (!(b >= a)) throw new RandomParameterError(`uniformIn: need b >= a, got [${a}, ${b})`);
    return a + (b - a) * this.prng();
  }

  /** Uniform integer in {0, …, n−1}. */
  integer(n: number): number {
    if (!Number.isInteger(n) || n < 1) throw new RandomParameterError(`integer: n must be an integer >= 1, got ${n}`);
    return Math.floor(this.prng() * n);
  }

  /** Standard normal N(0, 1) (Marsaglia polar method). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.prng() - 1;
      v = 2 * this.prng() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    return u * f;
  }

  /** N(mean, std²). */
  normalWith(mean: number, std: number): number {
    if (!(std >= 0)) throw new RandomParameterError(`normalWith: std must be >= 0, got ${std}`);
    return mean + std * this.normal();
  }

  /** Circularly-symmetric complex normal CN(0, variance): independent N(0, variance/2) parts. */
  complexNormal(variance = 1): { re: number; im: number } {
    if (!(variance >= 0)) throw new RandomParameterError(`complexNormal: variance must be >= 0, got ${variance}`);
    const s = Math.sqrt(variance / 2);
    return { re: s * this.normal(), im: s * this.normal() };
  }

  /** rows × cols matrix of i.i.d. CN(0, variance) entries. */
  complexNormalMatrix(rows: number, cols: number, variance = 1): CMatrix {
    if (!(variance >= 0)) {
      throw new RandomParameterError(`complexNormalMatrix: variance must be >= 0, got ${variance}`);
    }
    for (const [name, v] of [
      ['rows', rows],
      ['cols', cols],
    ] as const) {
      if (!Number.isInteger(v) || v < 0) {
        throw new RandomParameterError(`complexNormalMatrix: ${name} must be a non-negative integer, got ${v}`);
      }
    }
    const m = new CMatrix(rows, cols);
    const s = Math.sqrt(variance / 2);
    for (let p = 0; p < rows * cols; p++) {
      m.re[p] = s * this.normal();
      m.im[p] = s * this.normal();
    }
    return m;
  }

  /**
   * `count` draws of x ~ CN(0, Σ) as the columns of an n × count matrix: x = F·w with
   * F·Fᴴ = Σ (Cholesky, or the eigen-square-root when Σ is only semidefinite).
   */
  complexNormalVectors(sigma: CMatrix, count = 1): CMatrix {
    if (!Number.isInteger(count) || count < 0) {
      throw new RandomParameterError(`complexNormalVectors: count must be a non-negative integer, got ${count}`);
    }
    let f: CMatrix;
    try {
      f = hermitianFactor(sigma);
    } catch (e) {
      const msg = e instanceof LinalgError ? e.message : String(e);
      throw new RandomParameterError(`complexNormalVectors: covariance Σ is invalid (${msg})`);
    }
    return mmul(f, this.complexNormalMatrix(sigma.cols, count));
  }

  /**
   * A point uniform in area on the spherical cap of angular radius `capRad` (radians,
   * in (0, π]) around the unit vector `centre`. Returns a unit vector [x, y, z].
   */
  pointInSphericalCap(centre: readonly [number, number, number], capRad: number): [number, number, number] {
    if (!(capRad > 0 && capRad <= Math.PI)) {
      throw new RandomParameterError(`pointInSphericalCap: capRad must be in (0, π], got ${capRad}`);
    }
    const nrm = Math.hypot(centre[0], centre[1], centre[2]);
    if (!(nrm > 0) || !Number.isFinite(nrm)) {
      throw new RandomParameterError('pointInSphericalCap: centre must be a non-zero finite vector');
    }
    const c = [centre[0] / nrm, centre[1] / nrm, centre[2] / nrm] as const;
    // uniform area ⇔ cos(polar angle) uniform in [cos capRad, 1]
    const cosT = 1 - this.prng() * (1 - Math.cos(capRad));
    const sinT = Math.sqrt(Math.max(0, 1 - cosT * cosT));
    const az = 2 * Math.PI * this.prng();
    // orthonormal basis (e1, e2) ⟂ c
    const a: [number, number, number] = Math.abs(c[2]) < 0.9 ? [0, 0, 1] : [1, 0, 0];
    let e1: [number, number, number] = [
      a[1] * c[2] - a[2] * c[1],
      a[2] * c[0] - a[0] * c[2],
      a[0] * c[1] - a[1] * c[0],
    ];
    const n1 = Math.hypot(...e1);
    e1 = [e1[0] / n1, e1[1] / n1, e1[2] / n1];
    const e2: [number, number, number] = [
      c[1] * e1[2] - c[2] * e1[1],
      c[2] * e1[0] - c[0] * e1[2],
      c[0] * e1[1] - c[1] * e1[0],
    ];
    const x = sinT * Math.cos(az);
    const y = sinT * Math.sin(az);
    return [
      cosT * c[0] + x * e1[0] + y * e2[0],
      cosT * c[1] + x * e1[1] + y * e2[1],
      cosT * c[2] + x * e1[2] + y * e2[2],
    ];
  }

  /** Fisher–Yates shuffle of a copy of `items`. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.prng() * (i + 1));
      const t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }
}
