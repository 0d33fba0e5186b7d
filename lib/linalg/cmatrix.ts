/**
 * Dense complex matrices for the whole kit (every module calls these named operations;
 * complex arithmetic lives here only).
 *
 * Storage: split real/imaginary `Float64Array`s, row-major, `re[i * cols + j]`. Kernels
 * work on the raw float views (stdlib-js style); ml-matrix is used where a real-valued
 * routine serves (see `eig.ts`), everything complex is native because ml-matrix has no
 * complex type and the benchmark (`bench/linalg.ts`) shows the native kernels are 2–4×
 * faster than ml-matrix's real routines on the 2n×2n real embedding.
 */

/** A complex scalar `re + j·im`. */
export interface Complex {
  re: number;
  im: number;
}

/** Shorthand constructor for a complex scalar. */
export function cx(re: number, im = 0): Complex {
  return { re, im };
}

/** Error thrown for every invalid linear-algebra input; the message names the problem. */
export class LinalgError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LinalgError';
  }
}

function checkDim(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) {
    throw new LinalgError(`${name} must be a non-negative integer, got ${n}`);
  }
}

/** Dense complex matrix, rows × cols, row-major split storage. */
export class CMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly re: Float64Array;
  readonly im: Float64Array;

  constructor(rows: number, cols: number, re?: Float64Array, im?: Float64Array) {
    checkDim('rows', rows);
    checkDim('cols', cols);
    const n = rows * cols;
    if (re !== undefined && re.length !== n) {
      throw new LinalgError(`re has length ${re.length}, expected rows*cols = ${n}`);
    }
    if (im !== undefined && im.length !== n) {
      throw new LinalgError(`im has length ${im.length}, expected rows*cols = ${n}`);
    }
    this.rows = rows;
    this.cols = cols;
    this.re = re ?? new Float64Array(n);
    this.im = im ?? new Float64Array(n);
  }

  /** Number of entries. */
  get size(): number {
    return this.rows * this.cols;
  }

  /** Entry (i, j). */
  get(i: number, j: number): Complex {
    const p = i * this.cols + j;
    return { re: this.re[p], im: this.im[p] };
  }

  /** Set entry (i, j) in place; returns this. */
  set(i: number, j: number, re: number, im = 0): this {
    const p = i * this.cols + j;
    this.re[p] = re;
    this.im[p] = im;
    return this;
  }

  /** Deep copy. */
  clone(): CMatrix {
    return new CMatrix(this.rows, this.cols, this.re.slice(), this.im.slice());
  }

  /** Entries as nested arrays `[re[][], im[][]]` (for printing, JSON and tests). */
  toArrays(): { re: number[][]; im: number[][] } {
    const re: number[][] = [];
    const im: number[][] = [];
    for (let i = 0; i < this.rows; i++) {
      re.push(Array.from(this.re.subarray(i * this.cols, (i + 1) * this.cols)));
      im.push(Array.from(this.im.subarray(i * this.cols, (i + 1) * this.cols)));
    }
    return { re, im };
  }

  /** Human-readable rendering with `digits` decimals. */
  toString(digits = 4): string {
    const lines: string[] = [];
    for (let i = 0; i < this.rows; i++) {
      const row: string[] = [];
      for (let j = 0; j < this.cols; j++) {
        const p = i * this.cols + j;
        const b = this.im[p];
        row.push(`${this.re[p].toFixed(digits)}${b < 0 ? '-' : '+'}${Math.abs(b).toFixed(digits)}j`);
      }
      lines.push(row.join('  '));
    }
    return `CMatrix ${this.rows}x${this.cols}\n${lines.join('\n')}`;
  }

  // Fluent aliases of the free functions, for readable chains: a.H().mmul(b).
  /** Hermitian transpose Aᴴ. */
  H(): CMatrix {
    return hermitian(this);
  }
  /** Transpose Aᵀ. */
  T(): CMatrix {
    return transpose(this);
  }
  /** Product this · b. */
  mmul(b: CMatrix): CMatrix {
    return mmul(this, b);
  }
}

/** rows × cols zero matrix. */
export function zeros(rows: number, cols: number = rows): CMatrix {
  return new CMatrix(rows, cols);
}

/** n × n identity. */
export function identity(n: number): CMatrix {
  const m = new CMatrix(n, n);
  for (let i = 0; i < n; i++) m.re[i * n + i] = 1;
  return m;
}

/** Square diagonal matrix from real values or complex scalars. */
export function diag(values: ArrayLike<number> | Complex[]): CMatrix {
  const n = values.length;
  const m = new CMatrix(n, n);
  for (let i = 0; i < n; i++) {
    const v = (values as ArrayLike<number | Complex>)[i];
    if (typeof v === 'number') m.re[i * n + i] = v;
    else {
      m.re[i * n + i] = v.re;
      m.im[i * n + i] = v.im;
    }
  }
  return m;
}

/** Diagonal of a matrix as complex scalars. */
export function diagOf(a: CMatrix): Complex[] {
  const n = Math.min(a.rows, a.cols);
  const out: Complex[] = [];
  for (let i = 0; i < n; i++) out.push({ re: a.re[i * a.cols + i], im: a.im[i * a.cols + i] });
  return out;
}

/** Matrix from nested arrays of real parts and (optionally) imaginary parts. */
export function fromArrays(re: number[][], im?: number[][]): CMatrix {
  const rows = re.length;
  const cols = rows === 0 ? 0 : re[0].length;
  const m = new CMatrix(rows, cols);
  for (let i = 0; i < rows; i++) {
    if (re[i].length !== cols) {
      throw new LinalgError(`fromArrays: row ${i} of re has ${re[i].length} entries, expected ${cols}`);
    }
    if (im !== undefined && (im.length !== rows || im[i].length !== cols)) {
      throw new LinalgError(`fromArrays: im must be ${rows}x${cols} like re`);
    }
    for (let j = 0; j < cols; j++) {
      m.re[i * cols + j] = re[i][j];
      if (im !== undefined) m.im[i * cols + j] = im[i][j];
    }
  }
  return m;
}

/** Column vector (n × 1) from real and imaginary parts. */
export function colVector(re: ArrayLike<number>, im?: ArrayLike<number>): CMatrix {
  const n = re.length;
  if (im !== undefined && im.length !== n) {
    throw new LinalgError(`colVector: im has length ${im.length}, expected ${n}`);
  }
  return new CMatrix(n, 1, Float64Array.from(re), im === undefined ? undefined : Float64Array.from(im));
}

/** Sub-matrix rows [r0, r1) × cols [c0, c1) (a copy). */
export function slice(a: CMatrix, r0: number, r1: number, c0: number, c1: number): CMatrix {
  if (!(0 <= r0 && r0 <= r1 && r1 <= a.rows && 0 <= c0 && c0 <= c1 && c1 <= a.cols)) {
    throw new LinalgError(
      `slice: range rows [${r0}, ${r1}) cols [${c0}, ${c1}) is outside a ${a.rows}x${a.cols} matrix`,
    );
  }
  const rows = r1 - r0;
  const cols = c1 - c0;
  const m = new CMatrix(rows, cols);
  for (let i = 0; i < rows; i++) {
    const src = (r0 + i) * a.cols + c0;
    m.re.set(a.re.subarray(src, src + cols), i * cols);
    m.im.set(a.im.subarray(src, src + cols), i * cols);
  }
  return m;
}

/** Columns [c0, c1) of a. */
export function cols(a: CMatrix, c0: number, c1: number): CMatrix {
  return slice(a, 0, a.rows, c0, c1);
}

/** Rows [r0, r1) of a. */
export function rows(a: CMatrix, r0: number, r1: number): CMatrix {
  return slice(a, r0, r1, 0, a.cols);
}

/** Copy b into a at offset (r0, c0), in place. */
export function setBlock(a: CMatrix, r0: number, c0: number, b: CMatrix): void {
  if (r0 < 0 || c0 < 0 || r0 + b.rows > a.rows || c0 + b.cols > a.cols) {
    throw new LinalgError(
      `setBlock: a ${b.rows}x${b.cols} block at (${r0}, ${c0}) does not fit in a ${a.rows}x${a.cols} matrix`,
    );
  }
  for (let i = 0; i < b.rows; i++) {
    const dst = (r0 + i) * a.cols + c0;
    a.re.set(b.re.subarray(i * b.cols, (i + 1) * b.cols), dst);
    a.im.set(b.im.subarray(i * b.cols, (i + 1) * b.cols), dst);
  }
}

/** [A₁ A₂ …] side by side (equal row counts). */
export function hstack(...ms: CMatrix[]): CMatrix {
  if (ms.length === 0) return new CMatrix(0, 0);
  const r = ms[0].rows;
  let c = 0;
  for (const m of ms) {
    if (m.rows !== r) throw new LinalgError(`hstack: shape mismatch, ${m.rows} rows vs ${r}`);
    c += m.cols;
  }
  const out = new CMatrix(r, c);
  let off = 0;
  for (const m of ms) {
    setBlock(out, 0, off, m);
    off += m.cols;
  }
  return out;
}

/** [A₁; A₂; …] stacked vertically (equal column counts). */
export function vstack(...ms: CMatrix[]): CMatrix {
  if (ms.length === 0) return new CMatrix(0, 0);
  const c = ms[0].cols;
  let r = 0;
  for (const m of ms) {
    if (m.cols !== c) throw new LinalgError(`vstack: shape mismatch, ${m.cols} columns vs ${c}`);
    r += m.rows;
  }
  const out = new CMatrix(r, c);
  let off = 0;
  for (const m of ms) {
    setBlock(out, off, 0, m);
    off += m.rows;
  }
  return out;
}

/** Block-diagonal matrix blkdiag(A₁, A₂, …). */
export function blkdiag(...ms: CMatrix[]): CMatrix {
  let r = 0;
  let c = 0;
  for (const m of ms) {
    r += m.rows;
    c += m.cols;
  }
  const out = new CMatrix(r, c);
  let ro = 0;
  let co = 0;
  for (const m of ms) {
    setBlock(out, ro, co, m);
    ro += m.rows;
    co += m.cols;
  }
  return out;
}

/** Kronecker product A ⊗ B. */
export function kron(a: CMatrix, b: CMatrix): CMatrix {
  const out = new CMatrix(a.rows * b.rows, a.cols * b.cols);
  const oc = out.cols;
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) {
      const ar = a.re[i * a.cols + j];
      const ai = a.im[i * a.cols + j];
      for (let k = 0; k < b.rows; k++) {
        const base = (i * b.rows + k) * oc + j * b.cols;
        for (let l = 0; l < b.cols; l++) {
          const br = b.re[k * b.cols + l];
          const bi = b.im[k * b.cols + l];
          out.re[base + l] = ar * br - ai * bi;
          out.im[base + l] = ar * bi + ai * br;
        }
      }
    }
  }
  return out;
}

/** Element-wise conjugate A*. */
export function conj(a: CMatrix): CMatrix {
  const im = new Float64Array(a.size);
  for (let p = 0; p < a.size; p++) im[p] = -a.im[p];
  return new CMatrix(a.rows, a.cols, a.re.slice(), im);
}

/** Transpose Aᵀ. */
export function transpose(a: CMatrix): CMatrix {
  const out = new CMatrix(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) {
      out.re[j * a.rows + i] = a.re[i * a.cols + j];
      out.im[j * a.rows + i] = a.im[i * a.cols + j];
    }
  }
  return out;
}

/** Hermitian (conjugate) transpose Aᴴ. */
export function hermitian(a: CMatrix): CMatrix {
  const out = new CMatrix(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) {
      out.re[j * a.rows + i] = a.re[i * a.cols + j];
      out.im[j * a.rows + i] = -a.im[i * a.cols + j];
    }
  }
  return out;
}

function sameShape(op: string, a: CMatrix, b: CMatrix): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new LinalgError(`${op}: shape mismatch, ${a.rows}x${a.cols} vs ${b.rows}x${b.cols}`);
  }
}

/** A + B. */
export function add(a: CMatrix, b: CMatrix): CMatrix {
  sameShape('add', a, b);
  const out = new CMatrix(a.rows, a.cols);
  for (let p = 0; p < a.size; p++) {
    out.re[p] = a.re[p] + b.re[p];
    out.im[p] = a.im[p] + b.im[p];
  }
  return out;
}

/** A − B. */
export function sub(a: CMatrix, b: CMatrix): CMatrix {
  sameShape('sub', a, b);
  const out = new CMatrix(a.rows, a.cols);
  for (let p = 0; p < a.size; p++) {
    out.re[p] = a.re[p] - b.re[p];
    out.im[p] = a.im[p] - b.im[p];
  }
  return out;
}

/** In place A ← A + α·B (α complex or real); returns A. */
export function addScaledInPlace(a: CMatrix, b: CMatrix, alpha: Complex | number = 1): CMatrix {
  sameShape('addScaledInPlace', a, b);
  const ar = typeof alpha === 'number' ? alpha : alpha.re;
  const ai = typeof alpha === 'number' ? 0 : alpha.im;
  if (ai === 0) {
    for (let p = 0; p < a.size; p++) {
      a.re[p] += ar * b.re[p];
      a.im[p] += ar * b.im[p];
    }
  } else {
    for (let p = 0; p < a.size; p++) {
      const br = b.re[p];
      const bi = b.im[p];
      a.re[p] += ar * br - ai * bi;
      a.im[p] += ar * bi + ai * br;
    }
  }
  return a;
}

/** α·A for a real or complex scalar α. */
export function scale(a: CMatrix, alpha: Complex | number): CMatrix {
  const out = new CMatrix(a.rows, a.cols);
  return addScaledInPlace(out, a, alpha);
}

/** A + α·I (square A). */
export function addIdentity(a: CMatrix, alpha: Complex | number): CMatrix {
  if (a.rows !== a.cols) throw new LinalgError(`addIdentity: matrix must be square, got ${a.rows}x${a.cols}`);
  const out = a.clone();
  const ar = typeof alpha === 'number' ? alpha : alpha.re;
  const ai = typeof alpha === 'number' ? 0 : alpha.im;
  for (let i = 0; i < a.rows; i++) {
    out.re[i * a.cols + i] += ar;
    out.im[i * a.cols + i] += ai;
  }
  return out;
}

/**
 * op(A) for the product kernel: entry (i, k) of op(A) is
 * (re, sgn·im)[i·rowStride + k·colStride] of the stored A — A itself (rowStride = cols,
 * colStride = 1, sgn = 1) or Aᴴ without forming it (rowStride = 1, colStride = cols, sgn = −1).
 */
interface OpA {
  re: Float64Array;
  im: Float64Array;
  rowStride: number;
  colStride: number;
  sgn: number;
}

/** C[i, :] += op(A)[i, k0:k1] · B[k0:k1, :] for one row i. */
function productRowTail(
  a: OpA,
  b: CMatrix,
  cr: Float64Array,
  ci: Float64Array,
  i: number,
  k0: number,
  k1: number,
): void {
  const p = b.cols;
  const co = i * p;
  for (let k = k0; k < k1; k++) {
    const q = i * a.rowStride + k * a.colStride;
    const xr = a.re[q];
    const xi = a.sgn * a.im[q];
    if (xr === 0 && xi === 0) continue;
    const bo = k * p;
    for (let j = 0; j < p; j++) {
      const yr = b.re[bo + j];
      const yi = b.im[bo + j];
      cr[co + j] += xr * yr - xi * yi;
      ci[co + j] += xr * yi + xi * yr;
    }
  }
}

/**
 * op(A)·B (n×m times m×p) into a new matrix. Register-blocked i-k-j kernel on the split
 * arrays: two rows of op(A) × four of its columns per sweep over the contiguous rows of B,
 * so each loaded entry of B serves two output rows and each output entry is loaded and
 * stored once per four products (2–3× the plain i-k-j loop; bench/linalg.bench.ts).
 * Blocks of op(A) that are entirely zero (block-diagonal, selection matrices) are skipped.
 */
function product(a: OpA, n: number, m: number, b: CMatrix): CMatrix {
  const p = b.cols;
  const out = new CMatrix(n, p);
  const cr = out.re;
  const ci = out.im;
  const ar = a.re;
  const ai = a.im;
  const rs = a.rowStride;
  const cs = a.colStride;
  const sg = a.sgn;
  const br = b.re;
  const bi = b.im;
  const m4 = m - (m % 4);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const c0 = i * p;
    const c1 = c0 + p;
    for (let k = 0; k < m4; k += 4) {
      const e0 = i * rs + k * cs; // op(A)[i, k]
      const e1 = e0 + rs; // op(A)[i+1, k]
      const p0r = ar[e0];
      const p0i = sg * ai[e0];
      const q0r = ar[e0 + cs];
      const q0i = sg * ai[e0 + cs];
      const s0r = ar[e0 + 2 * cs];
      const s0i = sg * ai[e0 + 2 * cs];
      const t0r = ar[e0 + 3 * cs];
      const t0i = sg * ai[e0 + 3 * cs];
      const p1r = ar[e1];
      const p1i = sg * ai[e1];
      const q1r = ar[e1 + cs];
      const q1i = sg * ai[e1 + cs];
      const s1r = ar[e1 + 2 * cs];
      const s1i = sg * ai[e1 + 2 * cs];
      const t1r = ar[e1 + 3 * cs];
      const t1i = sg * ai[e1 + 3 * cs];
      if (
        p0r === 0 &&
        p0i === 0 &&
        q0r === 0 &&
        q0i === 0 &&
        s0r === 0 &&
        s0i === 0 &&
        t0r === 0 &&
        t0i === 0 &&
        p1r === 0 &&
        p1i === 0 &&
        q1r === 0 &&
        q1i === 0 &&
        s1r === 0 &&
        s1i === 0 &&
        t1r === 0 &&
        t1i === 0
      ) {
        continue;
      }
      const b0 = k * p;
      const b1 = b0 + p;
      const b2 = b1 + p;
      const b3 = b2 + p;
      for (let j = 0; j < p; j++) {
        const x0r = br[b0 + j];
        const x0i = bi[b0 + j];
        const x1r = br[b1 + j];
        const x1i = bi[b1 + j];
        const x2r = br[b2 + j];
        const x2i = bi[b2 + j];
        const x3r = br[b3 + j];
        const x3i = bi[b3 + j];
        cr[c0 + j] +=
          p0r * x0r - p0i * x0i + (q0r * x1r - q0i * x1i) + (s0r * x2r - s0i * x2i) + (t0r * x3r - t0i * x3i);
        ci[c0 + j] +=
          p0r * x0i + p0i * x0r + (q0r * x1i + q0i * x1r) + (s0r * x2i + s0i * x2r) + (t0r * x3i + t0i * x3r);
        cr[c1 + j] +=
          p1r * x0r - p1i * x0i + (q1r * x1r - q1i * x1i) + (s1r * x2r - s1i * x2i) + (t1r * x3r - t1i * x3i);
        ci[c1 + j] +=
          p1r * x0i + p1i * x0r + (q1r * x1i + q1i * x1r) + (s1r * x2i + s1i * x2r) + (t1r * x3i + t1i * x3r);
      }
    }
    productRowTail(a, b, cr, ci, i, m4, m);
    productRowTail(a, b, cr, ci, i + 1, m4, m);
  }
  if (i < n) productRowTail(a, b, cr, ci, i, 0, m);
  return out;
}

/** Matrix product A·B (n×m times m×p → n×p), register-blocked kernel (see `product`). */
export function mmul(a: CMatrix, b: CMatrix): CMatrix {
  if (a.cols !== b.rows) {
    throw new LinalgError(`mmul: shape mismatch, ${a.rows}x${a.cols} times ${b.rows}x${b.cols}`);
  }
  return product({ re: a.re, im: a.im, rowStride: a.cols, colStride: 1, sgn: 1 }, a.rows, a.cols, b);
}

/** Aᴴ·B without forming Aᴴ (A: m×n, B: m×p → n×p). */
export function mmulH(a: CMatrix, b: CMatrix): CMatrix {
  if (a.rows !== b.rows) {
    throw new LinalgError(`mmulH: shape mismatch, (${a.rows}x${a.cols})^H times ${b.rows}x${b.cols}`);
  }
  return product({ re: a.re, im: a.im, rowStride: 1, colStride: a.cols, sgn: -1 }, a.cols, a.rows, b);
}

/** Product of a chain A₁·A₂·…·Aₙ (left to right). */
export function mmulChain(...ms: CMatrix[]): CMatrix {
  if (ms.length === 0) throw new LinalgError('mmulChain: needs at least one matrix');
  let out = ms[0];
  for (let i = 1; i < ms.length; i++) out = mmul(out, ms[i]);
  return out;
}

/** Trace Σᵢ Aᵢᵢ (square A). */
export function trace(a: CMatrix): Complex {
  if (a.rows !== a.cols) throw new LinalgError(`trace: matrix must be square, got ${a.rows}x${a.cols}`);
  let re = 0;
  let im = 0;
  for (let i = 0; i < a.rows; i++) {
    re += a.re[i * a.cols + i];
    im += a.im[i * a.cols + i];
  }
  return { re, im };
}

/** Tr(A·B) without forming the product. */
export function traceOfProduct(a: CMatrix, b: CMatrix): Complex {
  if (a.cols !== b.rows || a.rows !== b.cols) {
    throw new LinalgError(`traceOfProduct: shape mismatch, ${a.rows}x${a.cols} and ${b.rows}x${b.cols}`);
  }
  let re = 0;
  let im = 0;
  for (let i = 0; i < a.rows; i++) {
    for (let k = 0; k < a.cols; k++) {
      const xr = a.re[i * a.cols + k];
      const xi = a.im[i * a.cols + k];
      const yr = b.re[k * b.cols + i];
      const yi = b.im[k * b.cols + i];
      re += xr * yr - xi * yi;
      im += xr * yi + xi * yr;
    }
  }
  return { re, im };
}

/** Squared Frobenius norm ‖A‖_F². */
export function frobeniusNorm2(a: CMatrix): number {
  let s = 0;
  for (let p = 0; p < a.size; p++) s += a.re[p] * a.re[p] + a.im[p] * a.im[p];
  return s;
}

/** Frobenius norm ‖A‖_F. */
export function frobeniusNorm(a: CMatrix): number {
  return Math.sqrt(frobeniusNorm2(a));
}

/** Largest entry-wise modulus max |Aᵢⱼ| (0 for an empty matrix). */
export function maxAbs(a: CMatrix): number {
  let m = 0;
  for (let p = 0; p < a.size; p++) m = Math.max(m, Math.hypot(a.re[p], a.im[p]));
  return m;
}

/** Relative difference ‖A − B‖_F / max(‖B‖_F, tiny) — the error measure used in tests. */
export function relativeError(a: CMatrix, b: CMatrix): number {
  sameShape('relativeError', a, b);
  let num = 0;
  for (let p = 0; p < a.size; p++) {
    const dr = a.re[p] - b.re[p];
    const di = a.im[p] - b.im[p];
    num += dr * dr + di * di;
  }
  return Math.sqrt(num) / Math.max(frobeniusNorm(b), Number.MIN_VALUE);
}

/**
 * Check that A is square and Hermitian to a relative tolerance; throws with the name
 * given by `what` otherwise.
 */
export function assertHermitian(a: CMatrix, what = 'matrix', relTol = 1e-10): void {
  if (a.rows !== a.cols) throw new LinalgError(`${what} must be square, got ${a.rows}x${a.cols}`);
  const n = a.rows;
  const scaleRef = Math.max(maxAbs(a), Number.MIN_VALUE);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const dr = a.re[i * n + j] - a.re[j * n + i];
      const di = a.im[i * n + j] + a.im[j * n + i];
      if (Math.hypot(dr, di) > relTol * scaleRef) {
        throw new LinalgError(`${what} is not Hermitian: entry (${i}, ${j}) differs from conj of (${j}, ${i})`);
      }
    }
  }
}

/** (A + Aᴴ)/2 — removes round-off asymmetry from a matrix that is Hermitian in exact arithmetic. */
export function hermitianPart(a: CMatrix): CMatrix {
  if (a.rows !== a.cols) throw new LinalgError(`hermitianPart: matrix must be square, got ${a.rows}x${a.cols}`);
  const n = a.rows;
  const out = new CMatrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      out.re[i * n + j] = 0.5 * (a.re[i * n + j] + a.re[j * n + i]);
      out.im[i * n + j] = 0.5 * (a.im[i * n + j] - a.im[j * n + i]);
    }
  }
  return out;
}

/** Check all entries are finite; throws naming `what` otherwise. */
export function assertFinite(a: CMatrix, what = 'matrix'): void {
  for (let p = 0; p < a.size; p++) {
    if (!Number.isFinite(a.re[p]) || !Number.isFinite(a.im[p])) {
      throw new LinalgError(`${what} has a non-finite entry at (${Math.floor(p / a.cols)}, ${p % a.cols})`);
    }
  }
}

// ---- complex scalar helpers -------------------------------------------------------

/** a·b for complex scalars. */
export function cmul(a: Complex, b: Complex): Complex {
  return { re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re };
}

/** Complex conjugate of a scalar. */
export function cconj(a: Complex): Complex {
  return { re: a.re, im: -a.im };
}

/** |a|. */
export function cabs(a: Complex): number {
  return Math.hypot(a.re, a.im);
}

/** e^{jθ}. */
export function cexpj(theta: number): Complex {
  return { re: Math.cos(theta), im: Math.sin(theta) };
}
