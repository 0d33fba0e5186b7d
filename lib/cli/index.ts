/**
 * `msms` command-line entry: dispatches `msms <command> [options]` to the modules in
 * lib/cli/commands/*.ts (each exports `command: CliCommand`) and applies the error
 * discipline of errors.ts to every one of them: whatever a command throws becomes one line
 * `msms <command>: …` on stderr with exit code 2 (input or usage) or 1 (runtime failure);
 * the stack trace follows only with `--debug` (anywhere on the command line) or
 * MSMS_DEBUG=1. Nothing escapes `main`: it always resolves to an exit code.
 *
 * In-process use (tests, other tools): pass `io` and everything the command prints — through
 * the context, `console.*` or `process.stdout/stderr.write` — goes to `io` instead of the
 * terminal for the duration of the call (one call at a time).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { type CliCommand, type CliIo, type CommandContext, shown } from './args.js';
import { classifyError, oneLine } from './errors.js';

/** Where `main` finds its commands and prints. */
export interface MainOptions {
  /** Folder of command modules (default: none; give this or `commands`). */
  commandsDir?: string;
  /** The commands themselves (e.g. from a bundled build), instead of or besides `commandsDir`. */
  commands?: CliCommand[];
  /** Capture output here instead of the process's stdout / stderr. */
  io?: CliIo;
}

const loaded = new Map<string, CliCommand[]>();

async function loadCommands(dir: string): Promise<CliCommand[]> {
  const cached = loaded.get(dir);
  if (cached) return cached;
  const files = readdirSync(dir)
    .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
    .sort();
  const out: CliCommand[] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(dir, f)).href)) as { command?: CliCommand };
    if (mod.command) out.push(mod.command);
  }
  loaded.set(dir, out);
  return out;
}

function helpText(cmds: CliCommand[]): string {
  const w = Math.max(...cmds.map((c) => c.name.length), 4);
  return [
    'msms — multi-satellite multi-stream beamspace MIMO kit',
    '',
    'Usage: msms <command> [options] [--debug]     (msms <command> --help for its options)',
    '',
    'Commands:',
    ...cmds.map((c) => `  ${c.name.padEnd(w)}  ${c.summary}`),
    '',
    'Exit codes: 0 done, 1 the run failed, 2 bad input or usage (one line on stderr; docs/errors.md).',
    '--debug adds the stack trace of an error.',
  ].join('\n');
}

/** The terminal (through the console, so that callers that replace console.log still see the output). */
const processIo: CliIo = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
};

type Write = typeof process.stdout.write;

/** Route console.* and process.stdout/stderr.write to `io` while `f` runs. */
async function captured<T>(io: CliIo, f: () => Promise<T>): Promise<T> {
  const saved = {
    log: console.log,
    info: console.info,
    warn: console.warn,
    error: console.error,
    debug: console.debug,
    out: process.stdout.write,
    err: process.stderr.write,
  };
  const chunk = (sink: (l: string) => void) =>
    ((data: string | Uint8Array, ...rest: unknown[]) => {
      const text = typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
      for (const l of text.replace(/\n$/, '').split('\n')) sink(l);
      const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    }) as Write;
  console.log = (...a: unknown[]) => io.out(format(...a));
  console.info = console.log;
  console.debug = console.log;
  console.warn = (...a: unknown[]) => io.err(format(...a));
  console.error = console.warn;
  process.stdout.write = chunk((l) => io.out(l));
  process.stderr.write = chunk((l) => io.err(l));
  try {
    return await f();
  } finally {
    console.log = saved.log;
    console.info = saved.info;
    console.warn = saved.warn;
    console.error = saved.error;
    console.debug = saved.debug;
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
  }
}

/**
 * Run the CLI with `argv` (without node and script); resolves to the exit code and never
 * rejects. `opts` is the commands folder or MainOptions.
 */
export async function main(argv: string[], opts: string | MainOptions): Promise<number> {
  const o: MainOptions = typeof opts === 'string' ? { commandsDir: opts } : opts;
  const io = o.io ?? processIo;
  const run = () => dispatch(argv, o, io);
  return o.io ? captured(o.io, run) : run();
}

async function dispatch(argv: string[], o: MainOptions, io: CliIo): Promise<number> {
  const debug = argv.includes('--debug') || process.env.MSMS_DEBUG === '1';
  const args = argv.filter((a) => a !== '--debug');
  const [name, ...rest] = args;
  let cmds: CliCommand[];
  try {
    cmds = [...(o.commands ?? []), ...(o.commandsDir ? await loadCommands(o.commandsDir) : [])];
  } catch (e) {
    io.err(`msms: cannot load the commands: ${oneLine(String((e as Error).message ?? e))}`);
    if (debug && e instanceof Error && e.stack) io.err(e.stack);
    return 1;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    if (name === undefined) {
      io.err(`msms: give a command: ${cmds.map((c) => c.name).join(', ')} (msms --help for more)`);
      return 2;
    }
    io.out(helpText(cmds));
    return 0;
  }
  const cmd = cmds.find((c) => c.name === name);
  if (!cmd) {
    io.err(`msms: unknown command ${shown(name)}; commands: ${cmds.map((c) => c.name).join(', ')}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(cmd.help);
    return 0;
  }
  const ctx: CommandContext = { io, debug };
  try {
    await cmd.run(rest, ctx);
    return 0;
  } catch (e) {
    const r = classifyError(e);
    // on a terminal a progress bar may own the current line: clear it so the error line stands alone
    if (!o.io && process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    io.err(`msms ${cmd.name}: ${r.message}`);
    if (debug && e instanceof Error && e.stack) io.err(e.stack);
    return r.code;
  }
}
