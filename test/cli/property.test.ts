/**
 * Property-based tests (fast-check) of the error discipline (issue 11, docs/errors.md):
 * thousands of generated malformed and extreme inputs through the scenario and precoder
 * readers, the CLI's flags (`main` in this process, output captured) and the checkpoint
 * files. Properties:
 *
 *  - nothing ends in a stack trace or an internal error: a failing run is one line
 *    `msms <command>: …` with exit 2 (input) or 1 (runtime); a reader throws its own error
 *    class with a one-line message;
 *  - nothing prints or writes NaN, Infinity or null as a result;
 *  - an accepted scenario / precoder gives finite rates (or a classified numerical failure,
 *    counted and reported: those are the solver's to fix);
 *  - a checkpoint never yields a record that differs from one that was written (an edited
 *    line is always caught), and a failing merge changes no folder.
 *
 * Deterministic by default (fixed seeds); FC_SEED=<n> changes the seed, FC_RUNS=<factor>
 * scales the number of cases (e.g. FC_RUNS=10 for a long soak).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyError } from '../../lib/cli/errors.js';
import { firstNonFinite } from '../../lib/cli/paths.js';
import { checkPowerBudget } from '../../lib/cli/commands/rate.js';
import { type TaskRecord, parseRecordTexts, recordLine } from '../../lib/experiments/checkpoint.js';
import { mergeSweep } from '../../lib/experiments/merge.js';
import { sweepHash } from '../../lib/experiments/config.js';
import { ergodicRates, upperBoundRates } from '../../lib/metrics/index.js';
import { Rng } from '../../lib/random/index.js';
import {
  cdmPrecoders,
  dftPrecoders,
  libPrecoders,
  precodersFromJson,
  precodersToJson,
} from '../../lib/precoding/index.js';
import { type ScenarioJson, readScenario, scenarioFromJson, scenarioToJson } from '../../lib/scenario/io.js';
import type { Scenario } from '../../lib/scenario/types.js';
import { syntheticScenario } from '../precoding/fixtures.js';
import { type CliRun, STACK_RE, runCli, snapshotDir } from './helpers.js';

const SEED = Number(process.env.FC_SEED ?? 20261201);
const FACTOR = Number(process.env.FC_RUNS ?? 1);
const runs = (n: number) => ({ seed: SEED, numRuns: Math.max(1, Math.round(n * FACTOR)) });

const dir = mkdtempSync(join(tmpdir(), 'msms-prop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Numerical failures of accepted inputs (LinalgError etc.), reported at the end: the solver's to fix. */
const escaped = new Map<string, number>();
const examples: string[] = [];
let currentCase = '';
afterAll(() => {
  if (escaped.size)
    console.info(
      `numerical failures on accepted input (one line, exit 1): ${JSON.stringify([...escaped])}; e.g. ${examples.join(' | ')}`,
    );
});

// ---------------------------------------------------------------- shared fixtures

const small = (): Scenario =>
  syntheticScenario('prop', {
    S: 2,
    K: 2,
    servingPerUt: 1,
    satArray: { nV: 2, nH: 2 },
    utArray: { nV: 1, nH: 2 },
    beamsPerSat: 3,
    streams: 1,
    snrDb: 15,
  });
const baseDoc = (): ScenarioJson => JSON.parse(JSON.stringify(scenarioToJson(small()))) as ScenarioJson;
const drop = join(dir, 'drop.json');
const prec = join(dir, 'prec.json');
const cfgPath = join(dir, 'fake.json');
const badJson = join(dir, 'bad.json');
const outFile = join(dir, 'out', 'o.json');
const runsDir = join(dir, 'runs');
let precDoc: Record<string, unknown>;

beforeAll(() => {
  const scn = small();
  writeFileSync(drop, JSON.stringify(scenarioToJson(scn)));
  precDoc = JSON.parse(JSON.stringify(precodersToJson(scn, cdmPrecoders(scn)))) as Record<string, unknown>;
  writeFileSync(prec, JSON.stringify(precDoc));
  writeFileSync(
    cfgPath,
    JSON.stringify({
      name: 'prop',
      seed: 1,
      drops: 2,
      base: { spinMs: 0 },
      grid: { x: [1, 2] },
      schemes: [{ name: 'A' }],
      runner: 'test/experiments/fake-runner.ts',
    }),
  );
  writeFileSync(badJson, '{"name": "prop", ');
  mkdirSync(join(dir, 'out'));
  mkdirSync(runsDir);
});

// ---------------------------------------------------------------- generators

/** Values that break readers: wrong types, extremes, non-finite numbers, junk strings. */
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.double(),
  fc.integer(),
  fc.constantFrom(
    1e308,
    -1e308,
    5e-324,
    -0,
    2 ** 53 + 2,
    1e15,
    1e-30,
    1e9,
    -1,
    0,
    0.5,
    NaN,
    Infinity,
    -Infinity,
    'Infinity',
    'NaN',
    '',
    [],
    {},
    null,
    true,
    [[]],
    [0, 1],
    { re: [], im: [] },
  ),
);

/** Every path (list of keys) into a JSON value. */
function paths(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...prefix, i], out));
  else if (v !== null && typeof v === 'object')
    for (const [k, x] of Object.entries(v as object)) paths(x, [...prefix, k], out);
  return out;
}

type Mutation = {
  path: (string | number)[];
  op: 'set' | 'delete' | 'wrap' | 'truncate' | 'grow' | 'addKey';
  value: unknown;
};

function mutation(doc: unknown): fc.Arbitrary<Mutation> {
  return fc.record({
    path: fc.constantFrom(...paths(doc)),
    op: fc.constantFrom('set', 'set', 'set', 'delete', 'wrap', 'truncate', 'grow', 'addKey'),
    value: hostile,
  }) as fc.Arbitrary<Mutation>;
}

/** Apply a mutation in place (paths that no longer exist are skipped). Returns the new root. */
function apply(root: unknown, m: Mutation): unknown {
  if (m.path.length === 0) return m.op === 'set' ? m.value : m.op === 'wrap' ? [root] : root;
  let parent = root as Record<string | number, unknown>;
  for (const k of m.path.slice(0, -1)) {
    if (parent === null || typeof parent !== 'object') return root;
    parent = parent[k] as Record<string | number, unknown>;
  }
  if (parent === null || typeof parent !== 'object') return root;
  const key = m.path[m.path.length - 1];
  const cur = parent[key];
  switch (m.op) {
    case 'set':
      parent[key] = m.value;
      break;
    case 'delete':
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
      break;
    case 'wrap':
      parent[key] = [cur];
      break;
    case 'truncate':
      if (Array.isArray(cur)) cur.length = Math.floor(cur.length / 2);
      break;
    case 'grow':
      if (Array.isArray(cur)) cur.push(cur[0] ?? m.value);
      break;
    case 'addKey':
      if (cur !== null && typeof cur === 'object' && !Array.isArray(cur)) (cur as Record<string, unknown>).zz = m.value;
      break;
  }
  return root;
}

/** An error of a reader or computation: must be classified, never internal, one line. */
function expectClassified(e: unknown, allowed: string[]): void {
  const name = (e as Error)?.name;
  const r = classifyError(e);
  expect(r.internal, `internal error: ${String((e as Error)?.stack ?? e)}`).toBe(false);
  expect((e as Error).message ?? '').not.toMatch(/\n/);
  if (!allowed.includes(name)) {
    expect(['LinalgError'], `unexpected ${name}: ${(e as Error).message}`).toContain(name);
    escaped.set(name, (escaped.get(name) ?? 0) + 1);
    if (examples.length < 5) examples.push(`${currentCase}: ${(e as Error).message}`);
  }
}

/** Finite rates of accepted precoders, or a classified numerical failure. */
function expectFiniteRates(scn: Scenario, p: ReturnType<typeof dftPrecoders>): void {
  try {
    const r = upperBoundRates(scn, p);
    expect(firstNonFinite(r), 'upper bound rates').toBeUndefined();
  } catch (e) {
    expectClassified(e, ['PrecodingError']);
  }
}

// ---------------------------------------------------------------- readers

describe('scenario reader', () => {
  it('mutated scenario objects: accepted with finite rates, or one ScenarioFormatError line', () => {
    const doc0 = baseDoc();
    fc.assert(
      fc.property(fc.array(mutation(doc0), { minLength: 1, maxLength: 3 }), (ms) => {
        let doc: unknown = baseDoc();
        for (const m of ms) doc = apply(doc, m);
        let scn: Scenario;
        try {
          scn = scenarioFromJson(doc);
        } catch (e) {
          expectClassified(e, ['ScenarioFormatError']);
          expect((e as Error).name).toBe('ScenarioFormatError');
          return;
        }
        for (const make of [dftPrecoders, cdmPrecoders]) {
          let p;
          try {
            p = make(scn);
          } catch (e) {
            expectClassified(e, ['PrecodingError']);
            continue;
          }
          expectFiniteRates(scn, p);
        }
      }),
      runs(2000),
    );
  });

  it('numeric fields at extreme values: accepted with finite rates (bound and ergodic), or one line', () => {
    const doc0 = baseDoc();
    const numeric = paths(doc0).filter((p) => typeof p.reduce<unknown>((v, k) => (v as never)[k], doc0) === 'number');
    const edge = fc.constantFrom(
      ...[0, -0, 1, -1, 0.5, 5e-324, 1e-300, 1e-30, 1e-9, 1e-6, 1e6, 1e7, 1e15, 1e300, Number.MAX_VALUE, -1e308],
      ...[NaN, Infinity, -Infinity, 2 ** 53, Math.PI, 2 * Math.PI + 1e-6],
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...numeric), edge), { minLength: 1, maxLength: 3 }), (edits) => {
        let doc: unknown = baseDoc();
        for (const [path, value] of edits) doc = apply(doc, { path, op: 'set', value });
        currentCase = edits.map(([p, v]) => `${p.join('.')}=${v}`).join(', ');
        let scn: Scenario;
        try {
          scn = scenarioFromJson(doc);
        } catch (e) {
          expectClassified(e, ['ScenarioFormatError']);
          return;
        }
        for (const make of [dftPrecoders, libPrecoders, cdmPrecoders]) {
          currentCase = `${make.name} with ${edits.map(([p, v]) => `${p.join('.')}=${v}`).join(', ')}`;
          let p;
          try {
            p = make(scn);
          } catch (e) {
            expectClassified(e, ['PrecodingError']);
            continue;
          }
          expectFiniteRates(scn, p);
          try {
            const r = ergodicRates(scn, p, { realizations: 2, rng: new Rng('prop') });
            expect(firstNonFinite(r), 'ergodic rates').toBeUndefined();
          } catch (e) {
            expectClassified(e, ['PrecodingError']);
          }
        }
      }),
      runs(1000),
    );
  });

  it('mutated scenario text (cut, spliced, junk) read from a file: one line, never a SyntaxError stack', () => {
    const text = readFileSync(drop, 'utf8');
    const file = join(dir, 'text.json');
    fc.assert(
      fc.property(
        fc.nat({ max: text.length }),
        fc.nat({ max: 40 }),
        fc.string({ unit: 'binary', maxLength: 8 }),
        (at, cut, junk) => {
          writeFileSync(file, text.slice(0, at) + junk + text.slice(Math.min(text.length, at + cut)));
          try {
            readScenario(file);
          } catch (e) {
            expectClassified(e, ['ScenarioFormatError']);
          }
        },
      ),
      runs(400),
    );
  });
});

describe('precoders reader', () => {
  it('mutated precoder documents: accepted within (C7) with finite rates, or one line', () => {
    const scn = small();
    fc.assert(
      fc.property(fc.array(mutation(precDoc), { minLength: 1, maxLength: 3 }), (ms) => {
        let doc: unknown = JSON.parse(JSON.stringify(precDoc));
        for (const m of ms) doc = apply(doc, m);
        let p;
        try {
          p = precodersFromJson(scn, doc);
          checkPowerBudget(scn, p, 'p.json');
        } catch (e) {
          expectClassified(e, ['PrecodingError', 'InputError']);
          return;
        }
        expectFiniteRates(scn, p);
      }),
      runs(1500),
    );
  });
});

// ---------------------------------------------------------------- the CLI, in process

/** The discipline for one run: exit 0 with finite output, or one `msms …` error line (plus informational lines). */
function expectDisciplined(r: CliRun, argv: string[]): void {
  const what = `msms ${argv.join(' ')} → ${String(r.code)}\n${r.err.slice(0, 600)}`;
  expect([0, 1, 2], what).toContain(r.code);
  expect(STACK_RE.test(r.err), what).toBe(false);
  expect(r.err, what).not.toMatch(/internal error/);
  if (r.code === 0) {
    if (argv.some((a) => a === '--help' || a === '-h' || a === 'help')) return; // help text, not a result
    // the paths the user gave are echoed (e.g. "wrote /dev/null"): only the rest must be finite
    const printed = argv.reduce((t, a) => (a.length > 2 ? t.split(a).join('') : t), r.out);
    expect(printed, what).not.toMatch(/\bNaN\b|Infinity|\bnull\b/);
    return;
  }
  const lines = r.err.split('\n').filter((l) => l.trim() !== '');
  const errors = lines.filter((l) => /^msms( [a-z]+)?: /.test(l) && !/: warning: /.test(l));
  expect(errors.length, what).toBe(1);
  expect(lines[lines.length - 1], what).toBe(errors[0]);
}

/** A written result file holds no NaN / Infinity / null (κ = ∞ is the string "Infinity" by format). */
function expectFiniteFile(path: string): void {
  if (!existsSync(path)) return;
  const doc = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  expect(firstNonFinite(doc), path).toBeUndefined();
}

const numberText = fc.oneof(
  fc.integer({ min: -3, max: 6 }).map(String),
  fc.double({ noDefaultInfinity: false }).map(String),
  fc.constantFrom(
    'NaN',
    'Infinity',
    '-Infinity',
    '1e309',
    '0x10',
    '',
    ' ',
    '1e1',
    '-0',
    '2.5',
    '9007199254740993',
    'abc',
    '--K',
  ),
);
const anyPath = fc.constantFrom(
  drop,
  prec,
  cfgPath,
  badJson,
  '/nonexistent/x.json',
  '/proc/x',
  dir,
  '/dev/null',
  '/etc/passwd/x',
  outFile,
  '',
);
/** Output paths: never a fixture (a run must not overwrite the inputs of the next). */
const outPath = fc.constantFrom(
  outFile,
  join(dir, 'out', 'no', 'x.json'),
  '/nonexistent/x.json',
  '/proc/x',
  dir,
  '/dev/null',
  '/etc/passwd/x',
  '',
);

/** argv from a base option map, some options replaced by generated values, plus junk tokens. */
function argvOf(
  command: string,
  base: Record<string, string | true>,
  options: Record<string, fc.Arbitrary<string | true>>,
): fc.Arbitrary<string[]> {
  const names = Object.keys(options);
  return fc
    .tuple(
      fc.subarray(names),
      fc.record(options),
      fc.array(fc.constantFrom('--bogus', 'stray', '--', '-K', '--K=1=2', '--debug=1'), { maxLength: 1 }),
      fc.boolean(),
    )
    .map(([chosen, values, junk, dup]) => {
      const opts: Record<string, string | true> = { ...base };
      for (const n of chosen) opts[n] = values[n];
      const argv = [command];
      for (const [k, v] of Object.entries(opts)) argv.push(...(v === true ? [`--${k}`] : [`--${k}`, v]));
      if (dup && chosen.length) argv.push(`--${chosen[0]}`, '1');
      return [...argv, ...junk];
    });
}

const flag = fc.constant(true as const);

describe('CLI flags (main in process)', () => {
  it('msms scenario', async () => {
    const small = { K: '2', S: '2', Sk: '1', streams: '1', nTV: '2', nTH: '2', nRV: '1', nRH: '2', out: outFile };
    const opts = Object.fromEntries(
      [
        'seed',
        'drop',
        'K',
        'S',
        'Sk',
        'KsMax',
        'Bs',
        'PdBm',
        'fGHz',
        'zeta2',
        'nTV',
        'nTH',
        'nRV',
        'nRH',
        'streams',
        'radiusKm',
      ].map((k) => [k, numberText]),
    ) as Record<string, fc.Arbitrary<string | true>>;
    Object.assign(opts, {
      lsp: fc.constantFrom('quadriga', 'tr38811', 'itu'),
      sigma: fc.constantFrom('cluster', 'isotropic', ''),
      cluster: flag,
      beams: fc.constantFrom('lcms', 'nearopt', 'full', 'all'),
      out: outPath,
    });
    await fc.assert(
      fc.asyncProperty(argvOf('scenario', small, opts), async (argv) => {
        rmSync(outFile, { force: true });
        const r = await runCli(argv);
        expectDisciplined(r, argv);
        if (r.code === 0) expectFiniteFile(outFile);
      }),
      runs(400),
    );
  });

  it('msms precode', async () => {
    await fc.assert(
      fc.asyncProperty(
        argvOf(
          'precode',
          { scheme: 'cdm', in: drop, out: outFile, realizations: '2' },
          {
            scheme: fc.constantFrom('cdwm', 'cdm', 'lib', 'dft', 'zf'),
            in: anyPath,
            out: outPath,
            iterations: numberText,
            tolerance: numberText,
            realizations: numberText,
            seed: numberText,
          },
        ),
        async (argv) => {
          rmSync(outFile, { force: true });
          const r = await runCli(argv);
          expectDisciplined(r, argv);
          if (r.code === 0) expectFiniteFile(outFile);
        },
      ),
      runs(300),
    );
  });

  it('msms rate', async () => {
    await fc.assert(
      fc.asyncProperty(
        argvOf(
          'rate',
          { in: drop, precoders: prec, realizations: '2' },
          { in: anyPath, precoders: anyPath, realizations: numberText, seed: numberText, out: outPath },
        ),
        async (argv) => {
          rmSync(outFile, { force: true });
          const r = await runCli(argv);
          expectDisciplined(r, argv);
          if (r.code === 0) expectFiniteFile(outFile);
        },
      ),
      runs(300),
    );
  });

  it('msms sweep (test-double runner; --fig only with ids that have no sweep)', async () => {
    let k = 0;
    await fc.assert(
      fc.asyncProperty(
        argvOf(
          'sweep',
          { config: cfgPath, 'runs-dir': runsDir, workers: '0', 'no-progress': true },
          {
            config: anyPath,
            fig: fc.constantFrom('9', 'x', '8', 'fig8', ''),
            size: fc.constantFrom('quick', 'paper', 'huge'),
            drops: numberText,
            seed: fc.constantFrom('1', 'abc', '-1', ''),
            workers: fc.constantFrom('0', '-1', '257', 'x'),
            shard: fc.constantFrom('1/2', '2/2', '3/2', '0/1', 'a/b', '1'),
            id: fc.constantFrom('ok-id', 'bad id', '../x', ''),
            'runs-dir': fc.constantFrom(runsDir, '/proc/x', '/sys/y', drop, join(drop, 'x')),
            runner: fc.constantFrom('nope.ts', 'lib/experiments/pipeline.ts', ''),
            fresh: flag,
            'stop-after': numberText,
          },
        ),
        async (argv) => {
          const a = argv.map((t) => (t === 'ok-id' ? `id${k++}` : t));
          const r = await runCli(a);
          expectDisciplined(r, a);
        },
      ),
      runs(120),
    );
  });

  it('msms merge (fresh copies of a complete and a partial run)', async () => {
    const complete = join(runsDir, 'merge-src');
    const r0 = await runCli([
      'sweep',
      '--config',
      cfgPath,
      '--runs-dir',
      runsDir,
      '--id',
      'merge-src',
      '--workers',
      '0',
      '--no-progress',
    ]);
    expect(r0.code, r0.err).toBe(0);
    const partial = join(runsDir, 'merge-part');
    const r1 = await runCli([
      ...['sweep', '--config', cfgPath, '--runs-dir', runsDir, '--id', 'merge-part', '--workers', '0'],
      ...['--no-progress', '--shard', '1/2'],
    ]);
    expect(r1.code, r1.err).toBe(0);
    let k = 0;
    await fc.assert(
      fc.asyncProperty(
        argvOf(
          'merge',
          { dir: '@TARGET@' },
          {
            dir: fc.constantFrom('@TARGET@', '@NEW@', '/proc/x', drop, '/nonexistent'),
            from: fc.constantFrom('@PART@', '@COMPLETE@', '@PART@,@COMPLETE@', '/nonexistent', `${drop},@PART@`, ''),
            drops: numberText,
            'allow-partial': flag,
          },
        ),
        async (argv) => {
          const n = k++;
          const t = join(dir, `m${n}`, 'target');
          cpSync(partial, t, { recursive: true });
          const c = join(dir, `m${n}`, 'complete');
          cpSync(complete, c, { recursive: true });
          const a = argv.map((x) =>
            x
              .replace('@TARGET@', t)
              .replace('@NEW@', join(dir, `m${n}`, 'new'))
              .replace('@PART@', join(dir, `m${n}`, 'target'))
              .replace('@COMPLETE@', c),
          );
          const before = [snapshotDir(t), snapshotDir(c)];
          const r = await runCli(a);
          expectDisciplined(r, a);
          if (r.code !== 0) {
            expect(snapshotDir(t)).toEqual(before[0]);
            expect(snapshotDir(c)).toEqual(before[1]);
            expect(existsSync(join(dir, `m${n}`, 'new'))).toBe(false);
          }
          rmSync(join(dir, `m${n}`), { recursive: true, force: true });
        },
      ),
      runs(100),
    );
  });

  it('any argv at all', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.constantFrom('scenario', 'precode', 'rate', 'sweep', 'merge', 'help', '--help', '-h', 'x', '--'),
            fc.string({ maxLength: 12 }),
            fc.string({ unit: 'binary', maxLength: 6 }).map((s) => `--${s}`),
          ),
          { maxLength: 5 },
        ),
        async (argv) => {
          // a valid command with no options at all would draw a full Table I drop or run a
          // figure sweep: keep the generated runs cheap by always giving it something to reject
          const r = await runCli(argv.length === 1 ? [...argv, '--out'] : argv);
          expectDisciplined(r, argv);
        },
      ),
      runs(300),
    );
  });
});

// ---------------------------------------------------------------- checkpoint files

describe('checkpoint files', () => {
  const recs: TaskRecord[] = [0, 1, 2, 3].map((i) => ({
    point: i % 2,
    drop: Math.floor(i / 2),
    params: { x: [1, 2][i % 2] },
    schemes: [{ scheme: 'A', metrics: { value: i + 0.25, workMs: 1 } }],
    stageMs: { geometryMs: 1 },
    info: { g: -i },
    finishedAt: '2026-12-01T00:00:00.000Z',
  }));
  const text = recs.map((r) => recordLine(r) + '\n').join('');
  const originals = new Set(recs.map((r) => JSON.stringify(r)));

  it('a corrupted file never yields a record that was not written; errors name the file and line', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            at: fc.nat({ max: text.length }),
            cut: fc.nat({ max: 6 }),
            junk: fc.oneof(fc.string({ unit: 'binary', maxLength: 4 }), fc.constantFrom('1', '9', '"', '\n', '}', ',')),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        (edits) => {
          let t = text;
          for (const { at, cut, junk } of edits) {
            const i = Math.min(at, t.length);
            t = t.slice(0, i) + junk + t.slice(Math.min(t.length, i + cut));
          }
          let got: TaskRecord[];
          try {
            got = parseRecordTexts([{ path: 'tasks-1of1.jsonl', text: t }], undefined, () => undefined);
          } catch (e) {
            expectClassified(e, ['CheckpointError']);
            expect((e as Error).message).toMatch(/^tasks-1of1\.jsonl line \d+|^task p\d+\/d\d+ appears twice/);
            return;
          }
          for (const r of got) {
            expect(
              originals.has(JSON.stringify(r)),
              `accepted a record that was never written: ${JSON.stringify(r)}`,
            ).toBe(true);
          }
        },
      ),
      runs(1500),
    );
  });

  it('an edited value (still valid JSON, checksum kept) is always reported with its line', () => {
    fc.assert(
      fc.property(fc.nat({ max: 3 }), fc.double({ noNaN: true, noDefaultInfinity: true }), (line, v) => {
        const lines = text.split('\n');
        const edited = lines[line].replace(/"value":[0-9.e+-]+/, `"value":${JSON.stringify(v)}`);
        fc.pre(edited !== lines[line]);
        lines[line] = edited;
        expect(() =>
          parseRecordTexts([{ path: 'f.jsonl', text: lines.join('\n') }], undefined, () => undefined),
        ).toThrow(new RegExp(`^f\\.jsonl line ${line + 1} \\(task p\\d/d\\d\\): checksum mismatch`));
      }),
      runs(500),
    );
  });

  it('a failing merge of corrupted shards changes no folder', () => {
    const config = {
      name: 'prop',
      seed: 1,
      base: {},
      grid: { x: [1, 2] },
      schemes: [{ name: 'A' }],
      runner: 'fake.ts',
    };
    const manifest = JSON.stringify({
      id: 'sw',
      hash: sweepHash({ ...config, drops: 1 }),
      config,
      kitVersion: '0',
      gitCommit: null,
      runnerVersion: '',
      created: '2026-12-01',
    });
    fc.assert(
      fc.property(fc.nat({ max: text.length }), fc.string({ unit: 'binary', maxLength: 3 }), (at, junk) => {
        const k = `${at}-${junk.length}`;
        const a = join(dir, `ck-${k}-a`);
        const b = join(dir, `ck-${k}-b`);
        rmSync(a, { recursive: true, force: true });
        rmSync(b, { recursive: true, force: true });
        for (const d of [a, b]) {
          mkdirSync(d, { recursive: true });
          writeFileSync(join(d, 'sweep.json'), manifest);
        }
        writeFileSync(join(a, 'tasks-1of2.jsonl'), text.split('\n').slice(0, 2).join('\n') + '\n');
        writeFileSync(join(b, 'tasks-2of2.jsonl'), text.slice(0, at) + junk + text.slice(at));
        const before = [snapshotDir(a), snapshotDir(b)];
        try {
          mergeSweep({ dir: a, from: [b], root: process.cwd(), warn: () => undefined });
        } catch (e) {
          expectClassified(e, ['CheckpointError', 'ConfigError']);
          expect(snapshotDir(a)).toEqual(before[0]);
          expect(snapshotDir(b)).toEqual(before[1]);
        }
        rmSync(a, { recursive: true, force: true });
        rmSync(b, { recursive: true, force: true });
      }),
      runs(150),
    );
  });
});
