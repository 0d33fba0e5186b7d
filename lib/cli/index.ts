/**
 * `msms` command-line entry: dispatches `msms <command> [options]` to the modules in
 * lib/cli/commands/*.ts. Each command module exports `command: CliCommand`.
 * Errors of kind `UsageError` / `InputError` print one clear line and exit 2; anything else
 * is a bug and prints its stack.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type CliCommand, InputError, UsageError } from './args.js';

/** The command modules of `dir`; with `only`, just the module named after that command (commands/<name>.ts). */
async function loadCommands(dir: string, only?: string): Promise<CliCommand[]> {
  const files = readdirSync(dir)
    .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
    .filter((f) => only === undefined || f.replace(/\.(ts|js)$/, '') === only)
    .sort();
  const out: CliCommand[] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(dir, f)).href)) as { command?: CliCommand };
    if (mod.command) out.push(mod.command);
  }
  return out;
}

function helpText(cmds: CliCommand[]): string {
  const w = Math.max(...cmds.map((c) => c.name.length), 4);
  return [
    'msms — multi-satellite multi-stream beamspace MIMO kit',
    '',
    'Usage: msms <command> [options]     (msms <command> --help for its options)',
    '',
    'Commands:',
    ...cmds.map((c) => `  ${c.name.padEnd(w)}  ${c.summary}`),
  ].join('\n');
}

/** Run the CLI with `argv` (without node and script); returns the exit code. */
export async function main(argv: string[], commandsDir: string): Promise<number> {
  const [name, ...rest] = argv;
  // a command loads only its own module (start-up time); help and unknown names load them all
  const own = name === undefined || name.startsWith('-') ? [] : await loadCommands(commandsDir, name);
  const cmds = own.some((c) => c.name === name) ? own : await loadCommands(commandsDir);
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(helpText(cmds));
    return name === undefined ? 2 : 0;
  }
  const cmd = cmds.find((c) => c.name === name);
  if (!cmd) {
    console.error(`msms: unknown command '${name}'. Commands: ${cmds.map((c) => c.name).join(', ')}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(cmd.help);
    return 0;
  }
  try {
    await cmd.run(rest);
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof InputError) {
      console.error(`msms ${name}: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
