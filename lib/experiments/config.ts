/**
 * Sweep configuration for the Monte Carlo experiments of Section VI (Figs. 2–7; Table I).
 *
 * A sweep is drops × parameter points × schemes:
 *  - `base` holds the fixed parameters (Table I defaults live in the runner, see
 *    pipeline.ts), `grid` the varied ones; the points are the Cartesian product of the grid
 *    values, the first grid key varying slowest.
 *  - `schemes` are what is compared at each point (a precoder with a beam selection, for
 *    the real pipeline); a scheme with `when` runs only at the points whose parameters match.
 *  - One task = one (point, drop). Its random numbers come from `Rng.forDrop(seed, drop)`
 *    only, so a drop has the same geometry at every point that does not change the
 *    geometry (common random numbers across points and schemes) and any task can run on
 *    any worker or machine with the same result.
 *
 * The configuration is plain JSON (numbers only in `base`/`grid`), so it can be hashed,
 * stored beside the checkpoint and written into the results sidecar.
 */
import { createHash } from 'node:crypto';

/** Invalid sweep configuration or run option; the message names the field and the allowed values. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Parameters of one point: name → number (e.g. { ptDbm: 30, Sk: 3 }). */
export type PointParams = Record<string, number>;

/** One compared scheme. `name` labels the curve; other fields are read by the runner. */
export interface SchemeSpec {
  /** Curve label, unique in the sweep (e.g. 'MS²CDWM-Full'). */
  name: string;
  /** Run only at points whose parameter `key` is one of the listed values. */
  when?: Record<string, number[]>;
  /** Runner-specific fields (the real pipeline reads `precoder` and `beams`). */
  [field: string]: unknown;
}

/** A sweep: drops × points × schemes. Plain JSON. */
export interface SweepConfig {
  /** Short name, [A-Za-z0-9_-], used in the sweep id and file names (e.g. 'fig2'). */
  name: string;
  /** Master seed; drop d uses `Rng.forDrop(seed, d)`. */
  seed: number | string;
  /** Number of Monte Carlo drops (≥ 1). Not part of the sweep hash: more drops extend a sweep. */
  drops: number;
  /** Fixed parameters of every point. */
  base: PointParams;
  /** Varied parameters; points = Cartesian product, first key slowest. May be empty (one point). */
  grid: Record<string, number[]>;
  /**
   * Constraints between parameters that drop grid combinations, e.g. ['Mk<=Sk'] (Remark 1:
   * M_k ≤ S_k). Each is '<param> <op> <param|number>' with op one of <= < >= > == !=.
   */
  constraints?: string[];
  /** Compared schemes (≥ 1). */
  schemes: SchemeSpec[];
  /**
   * Module that computes one task, as a path relative to the project root (default
   * 'lib/experiments/pipeline.ts', the real MSMS pipeline). It must export `runner: DropRunner`.
   */
  runner?: string;
  /** Free-form description copied into the results sidecar. */
  description?: string;
}

/** The real pipeline module (relative to the project root). */
export const DEFAULT_RUNNER = 'lib/experiments/pipeline.ts';

/** One task of a sweep. */
export interface Task {
  /** Index into `expandPoints(config)`. */
  point: number;
  /** Drop index 0..drops−1. */
  drop: number;
}

const NAME_RE = /^[A-Za-z0-9_-]{1,64}$/;

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Check the shape of a sweep configuration (not the runner-specific meaning of the
 * parameters — see `DropRunner.validate`). Throws ConfigError naming the field.
 */
export function validateSweepConfig(config: unknown): asserts config is SweepConfig {
  if (!isPlainObject(config)) throw new ConfigError('sweep config must be an object');
  const c = config;
  if (typeof c.name !== 'string' || !NAME_RE.test(c.name)) {
    throw new ConfigError(`name must be 1–64 characters of [A-Za-z0-9_-], got ${JSON.stringify(c.name)}`);
  }
  if (!((typeof c.seed === 'number' && Number.isFinite(c.seed)) || (typeof c.seed === 'string' && c.seed !== ''))) {
    throw new ConfigError(`seed must be a finite number or a non-empty string, got ${JSON.stringify(c.seed)}`);
  }
  if (typeof c.drops !== 'number' || !Number.isInteger(c.drops) || c.drops < 1 || c.drops > MAX_DROPS) {
    throw new ConfigError(`drops must be an integer in [1, ${MAX_DROPS}], got ${JSON.stringify(c.drops)}`);
  }
  if (!isPlainObject(c.base)) throw new ConfigError('base must be an object of name → number');
  for (const [k, v] of Object.entries(c.base)) {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new ConfigError(`base.${k} must be a finite number, got ${JSON.stringify(v)}`);
    }
  }
  if (!isPlainObject(c.grid)) throw new ConfigError('grid must be an object of name → array of numbers');
  for (const [k, v] of Object.entries(c.grid)) {
    if (!Array.isArray(v) || v.length === 0) {
      throw new ConfigError(`grid.${k} must be a non-empty array of finite numbers, got ${JSON.stringify(v)}`);
    }
    v.forEach((x, i) => {
      if (typeof x !== 'number' || !Number.isFinite(x)) {
        throw new ConfigError(`grid.${k}[${i}] must be a finite number, got ${JSON.stringify(x)}`);
      }
    });
    if (new Set(v).size !== v.length) throw new ConfigError(`grid.${k} has repeated values: ${JSON.stringify(v)}`);
    if (k in c.base) throw new ConfigError(`parameter '${k}' is in both base and grid; keep it in one place`);
  }
  const nPoints = Object.values(c.grid as Record<string, number[]>).reduce((n, v) => n * v.length, 1);
  if (nPoints > MAX_POINTS) throw new ConfigError(`grid has ${nPoints} points; at most ${MAX_POINTS} allowed`);
  if (nPoints * c.drops > MAX_TASKS) {
    throw new ConfigError(
      `points × drops = ${nPoints} × ${c.drops} = ${nPoints * c.drops} tasks; at most ${MAX_TASKS} in one sweep ` +
        '(every finished task is held in memory, ≈ 1 kB each); split it into several sweeps',
    );
  }
  if (!Array.isArray(c.schemes) || c.schemes.length === 0) {
    throw new ConfigError('schemes must be a non-empty array of { name, … }');
  }
  const names = new Set<string>();
  c.schemes.forEach((s, i) => {
    if (!isPlainObject(s) || typeof s.name !== 'string' || s.name === '') {
      throw new ConfigError(`schemes[${i}] must be an object with a non-empty string name`);
    }
    if (names.has(s.name)) throw new ConfigError(`schemes[${i}].name '${s.name}' is used twice`);
    names.add(s.name);
    if (s.when !== undefined) {
      if (!isPlainObject(s.when)) throw new ConfigError(`schemes[${i}].when must be an object of name → numbers`);
      for (const [k, v] of Object.entries(s.when)) {
        if (!(k in (c.grid as object)) && !(k in (c.base as object))) {
          throw new ConfigError(`schemes[${i}].when.${k}: '${k}' is not a parameter of this sweep`);
        }
        if (!Array.isArray(v) || v.some((x) => typeof x !== 'number')) {
          throw new ConfigError(`schemes[${i}].when.${k} must be an array of numbers`);
        }
      }
    }
  });
  if (c.constraints !== undefined) {
    if (!Array.isArray(c.constraints) || c.constraints.some((x) => typeof x !== 'string')) {
      throw new ConfigError("constraints must be an array of strings like 'Mk<=Sk'");
    }
    const names = new Set([...Object.keys(c.base as object), ...Object.keys(c.grid as object)]);
    c.constraints.forEach((t, i) => parseConstraint(t as string, `constraints[${i}]`, names));
    if (expandPoints(c as unknown as SweepConfig).length === 0)
      throw new ConfigError('constraints exclude every point of the grid');
  }
  if (c.runner !== undefined && (typeof c.runner !== 'string' || c.runner === '')) {
    throw new ConfigError(`runner must be a module path string, got ${JSON.stringify(c.runner)}`);
  }
  if (c.description !== undefined && typeof c.description !== 'string') {
    throw new ConfigError('description must be a string');
  }
}

/** Upper bounds of a sweep (docs/errors.md): drops, grid points, and tasks = points × drops. */
export const MAX_DROPS = 1_000_000;
export const MAX_POINTS = 100_000;
export const MAX_TASKS = 1_000_000;

const CONSTRAINT_RE = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(<=|>=|==|!=|<|>)\s*([A-Za-z_][A-Za-z0-9_]*|-?\d+(?:\.\d+)?)\s*$/;

/** A parsed constraint 'a op b'. */
interface Constraint {
  left: string;
  op: string;
  right: string | number;
}

function parseConstraint(text: string, where: string, params: Set<string>): Constraint {
  const m = CONSTRAINT_RE.exec(text);
  if (!m)
    throw new ConfigError(
      `${where} must look like 'Mk<=Sk' (<param> <op> <param|number>, op in <= < >= > == !=), got '${text}'`,
    );
  const right = /^-?\d/.test(m[3]) ? Number(m[3]) : m[3];
  for (const name of [m[1], right]) {
    if (typeof name === 'string' && !params.has(name))
      throw new ConfigError(`${where}: '${name}' is not a parameter of this sweep`);
  }
  return { left: m[1], op: m[2], right };
}

function satisfies(p: PointParams, c: Constraint): boolean {
  const a = p[c.left];
  const b = typeof c.right === 'number' ? c.right : p[c.right];
  switch (c.op) {
    case '<=':
      return a <= b;
    case '<':
      return a < b;
    case '>=':
      return a >= b;
    case '>':
      return a > b;
    case '==':
      return a === b;
    default:
      return a !== b;
  }
}

/**
 * The parameter points of a sweep: base ∪ one grid combination each, first grid key
 * slowest, without the combinations that violate `constraints`.
 */
export function expandPoints(config: SweepConfig): PointParams[] {
  let points: PointParams[] = [{ ...config.base }];
  for (const [k, values] of Object.entries(config.grid)) {
    const next: PointParams[] = [];
    for (const p of points) for (const v of values) next.push({ ...p, [k]: v });
    points = next;
  }
  const names = new Set([...Object.keys(config.base), ...Object.keys(config.grid)]);
  const cons = (config.constraints ?? []).map((t, i) => parseConstraint(t, `constraints[${i}]`, names));
  return points.filter((p) => cons.every((c) => satisfies(p, c)));
}

/** The schemes that run at a point (those whose `when` matches). */
export function schemesAt(config: SweepConfig, params: PointParams): SchemeSpec[] {
  return config.schemes.filter(
    (s) => s.when === undefined || Object.entries(s.when).every(([k, vals]) => vals.includes(params[k])),
  );
}

/** Short human label of a point: the grid parameters only, e.g. 'Sk=3, ptDbm=30'. */
export function pointLabel(config: SweepConfig, params: PointParams): string {
  const keys = Object.keys(config.grid);
  if (keys.length === 0) return '(single point)';
  return keys.map((k) => `${k}=${params[k]}`).join(', ');
}

/**
 * Hash of everything that determines a task's numbers (all fields except `drops` and
 * `description`): sha256 hex. Two configs with equal hash give equal records for equal
 * (point, drop), so a sweep can be resumed or extended with more drops.
 */
export function sweepHash(config: SweepConfig): string {
  const { name, seed, base, grid, constraints, schemes, runner } = config;
  const key = JSON.stringify({
    name,
    seed,
    base,
    grid,
    constraints: constraints ?? [],
    schemes,
    runner: runner ?? DEFAULT_RUNNER,
  });
  return createHash('sha256').update(key).digest('hex');
}

/** Default sweep id: `<name>-<first 10 hex digits of sweepHash>`. */
export function defaultSweepId(config: SweepConfig): string {
  return `${config.name}-${sweepHash(config).slice(0, 10)}`;
}

/** A shard i of n (1-based), as given by `--shard i/n`. */
export interface Shard {
  index: number;
  count: number;
}

/** Parse 'i/n' (1 ≤ i ≤ n). Throws ConfigError with the expected form. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new ConfigError(`--shard must look like i/n (e.g. 2/8, 1 ≤ i ≤ n), got '${text}'`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) {
    throw new ConfigError(`--shard i/n needs 1 ≤ i ≤ n, got ${index}/${count}`);
  }
  return { index, count };
}

/**
 * All tasks of a sweep in execution order: drop-major (every point of drop 0, then of
 * drop 1, …) so that an interrupted or partial run covers every point with fewer drops.
 * With a shard, only the tasks with (point + drop) mod n = i − 1 — every shard gets every
 * point on 1/n of the drops, which balances points of unequal cost.
 */
export function sweepTasks(config: SweepConfig, shard?: Shard): Task[] {
  const nPoints = expandPoints(config).length;
  const out: Task[] = [];
  for (let drop = 0; drop < config.drops; drop++) {
    for (let point = 0; point < nPoints; point++) {
      if (shard && (point + drop) % shard.count !== shard.index - 1) continue;
      out.push({ point, drop });
    }
  }
  return out;
}

/** Key of a task, 'p<point>/d<drop>'. */
export function taskKey(t: Task): string {
  return `p${t.point}/d${t.drop}`;
}
