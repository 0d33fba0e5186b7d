/**
 * The central error discipline of lib/cli (errors.ts, index.ts): how each kind of error is
 * reported, that a command added later inherits it without doing anything, `--debug`,
 * and the in-process capture of everything a command prints.
 */
import { describe, expect, it } from 'vitest';
import { type CliCommand, UsageError } from '../../lib/cli/args.js';
import { classifyError, describeErrno } from '../../lib/cli/errors.js';
import { main } from '../../lib/cli/index.js';
import { LinalgError } from '../../lib/linalg/index.js';
import { PrecodingError } from '../../lib/precoding/index.js';
import { ScenarioFormatError } from '../../lib/scenario/index.js';
import { ConfigError } from '../../lib/experiments/config.js';
import { CheckpointError, CheckpointWriteError, LockHeldError } from '../../lib/experiments/checkpoint.js';
import { SweepTaskError } from '../../lib/experiments/engine.js';
import { STACK_RE, failsCleanly } from './helpers.js';

function errno(code: string, syscall: string, path: string): NodeJS.ErrnoException {
  const e = new Error(`${code}: something, ${syscall} '${path}'`) as NodeJS.ErrnoException;
  e.code = code;
  e.syscall = syscall;
  e.path = path;
  return e;
}

/** A command that throws `e` (or prints through every channel when e is undefined). */
function fake(e?: unknown): CliCommand {
  return {
    name: 'fake',
    summary: 'test double',
    help: 'msms fake',
    async run() {
      if (e !== undefined) throw e;
      console.log('via console.log', 1);
      console.error('via console.error');
      process.stdout.write('via stdout.write\n');
      process.stderr.write('via stderr.write\n');
    },
  };
}

async function run(argv: string[], cmd: CliCommand) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { commands: [cmd], io: { out: (l) => out.push(l), err: (l) => err.push(l) } });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('classifyError', () => {
  it.each([
    [new UsageError('--K must be in [1, 10000], got 0'), 2, '--K must be in [1, 10000], got 0'],
    [new ScenarioFormatError('drop.json: S: expected an integer in [1, 100], got 0'), 2, 'drop.json: S:'],
    [new PrecodingError('weights[0] must be > 0 for cdwm, got 0'), 2, 'weights[0] must be > 0'],
    [new ConfigError('drops must be an integer in [1, 1000000], got 0'), 2, 'drops must be'],
    [new CheckpointError('x.jsonl line 3: checksum mismatch'), 2, 'x.jsonl line 3'],
    [new SweepTaskError('task p0/d1 (x=1, drop 1) failed: boom'), 1, 'task p0/d1'],
    [new LockHeldError('lock held by pid 7', 'pid 7'), 1, 'lock held'],
    [new CheckpointWriteError('cannot append to t.jsonl: no space left'), 1, 'cannot append'],
    [new LinalgError('Matrix is not positive definite'), 1, 'numerical failure in the solver (LinalgError: Matrix'],
    [errno('ENOSPC', 'write', '/data/x.json'), 1, 'cannot write /data/x.json: no space left on the device (ENOSPC)'],
    [errno('EROFS', 'open', '/ro/x.json'), 1, 'cannot open /ro/x.json: read-only file system (EROFS)'],
    [new RangeError('Array buffer allocation failed'), 1, 'out of memory (Array buffer allocation failed)'],
    [new TypeError("Cannot read properties of undefined (reading 'x')"), 1, 'internal error (TypeError: Cannot read'],
  ])('%s → exit %i', (e, code, start) => {
    const r = classifyError(e);
    expect(r.code).toBe(code);
    expect(r.message.startsWith(start), r.message).toBe(true);
    expect(r.message).not.toMatch(/\n/);
  });

  it('an error marked exitCode = 2 by a later command is an input error; a thrown string is internal', () => {
    expect(classifyError(Object.assign(new Error('--slurm needs sbatch on PATH'), { exitCode: 2 })).code).toBe(2);
    expect(classifyError('oops')).toMatchObject({ code: 1, internal: true });
  });

  it('collapses a multi-line message to one line', () => {
    expect(classifyError(new UsageError('first\n  second\r\nthird')).message).toBe('first second third');
  });

  it('describes errno errors without the path when there is none', () => {
    const e = new Error('ENOSPC: no space left on device') as NodeJS.ErrnoException;
    e.code = 'ENOSPC';
    expect(describeErrno(e)).toBe('no space left on the device (ENOSPC)');
  });
});

describe('main wraps every command', () => {
  it('a command added later inherits the discipline: its LinalgError is one line, exit 1', async () => {
    const r = await run(['fake'], fake(new LinalgError('Matrix is singular')));
    expect(failsCleanly(r, 1)).toBeUndefined();
    expect(r.err).toMatch(/^msms fake: numerical failure in the solver \(LinalgError: Matrix is singular\)/);
  });

  it('a bug in a command is one line "internal error", exit 1; --debug adds the stack', async () => {
    const bug = () => (undefined as unknown as { x: number }).x;
    const thrower: CliCommand = { ...fake(), run: async () => void bug() };
    const r = await run(['fake'], thrower);
    expect(failsCleanly(r, 1)).toBeUndefined();
    expect(r.err).toMatch(/^msms fake: internal error \(TypeError: /);
    const d = await run(['fake', '--debug'], thrower);
    expect(d.code).toBe(1);
    expect(d.err.split('\n').length).toBeGreaterThan(2);
    expect(STACK_RE.test(d.err)).toBe(true);
  });

  it('captures console.* and process.stdout/stderr writes in-process, and restores them', async () => {
    const log = console.log;
    const write = process.stdout.write;
    const r = await run(['fake'], fake());
    expect(r.code).toBe(0);
    expect(r.out).toBe('via console.log 1\nvia stdout.write');
    expect(r.err).toBe('via console.error\nvia stderr.write');
    expect(console.log).toBe(log);
    expect(process.stdout.write).toBe(write);
  });

  it('usage problems of main itself are one line, exit 2; help exits 0', async () => {
    expect(failsCleanly(await run([], fake()), 2)).toBeUndefined();
    expect(failsCleanly(await run(['nope'], fake()), 2)).toBeUndefined();
    const h = await run(['--help'], fake());
    expect(h.code).toBe(0);
    expect(h.out).toContain('Exit codes: 0 done, 1 the run failed, 2 bad input or usage');
    expect((await run(['fake', '--help'], fake(new Error('not run')))).out).toBe('msms fake');
  });
});
