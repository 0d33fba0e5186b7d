/**
 * Tiny, strict option parser for the `msms` CLI: `--name value` and `--flag`, every
 * option declared with its type and range, unknown options rejected with a clear message.
 */

/** A CLI sub-command. */
export interface CliCommand {
  name: string;
  summary: string;
  help: string;
  run(argv: string[]): Promise<void>;
}

/** Wrong command-line usage (unknown option, missing value, out of range). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Invalid input file content. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** Declaration of one option. */
export type OptionSpec =
  | { type: 'int'; min?: number; max?: number; default?: number }
  | { type: 'number'; min?: number; max?: number; default?: number }
  | { type: 'string'; choices?: readonly string[]; default?: string }
  | { type: 'flag' };

export type ParsedOptions = Record<string, number | string | boolean | undefined>;

/** Parse `argv` against `spec`; throws UsageError naming the option and its allowed range. */
export function parseOptions(argv: string[], spec: Record<string, OptionSpec>): ParsedOptions {
  const out: ParsedOptions = {};
  for (const [k, s] of Object.entries(spec)) {
    if (s.type === 'flag') out[k] = false;
    else if (s.default !== undefined) out[k] = s.default;
  }
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i];
    if (!tok.startsWith('--')) throw new UsageError(`unexpected argument '${tok}' (options start with --)`);
    let key = tok.slice(2);
    let val: string | undefined;
    const eq = key.indexOf('=');
    if (eq >= 0) {
      val = key.slice(eq + 1);
      key = key.slice(0, eq);
    }
    const s = spec[key];
    if (!s)
      throw new UsageError(
        `unknown option --${key}; allowed: ${Object.keys(spec)
          .map((k) => `--${k}`)
          .join(' ')}`,
      );
    if (s.type === 'flag') {
      if (val !== undefined) throw new UsageError(`--${key} takes no value`);
      out[key] = true;
      continue;
    }
    if (val === undefined) {
      val = argv[++i];
      if (val === undefined) throw new UsageError(`--${key} needs a value`);
    }
    if (s.type === 'string') {
      if (s.choices && !s.choices.includes(val)) {
        throw new UsageError(`--${key} must be one of ${s.choices.join('|')}, got '${val}'`);
      }
      out[key] = val;
      continue;
    }
    const x = Number(val);
    const range = `[${s.min ?? '-inf'}, ${s.max ?? 'inf'}]`;
    if (val.trim() === '' || !Number.isFinite(x))
      throw new UsageError(`--${key} must be a number in ${range}, got '${val}'`);
    if (s.type === 'int' && !Number.isInteger(x))
      throw new UsageError(`--${key} must be an integer in ${range}, got '${val}'`);
    if ((s.min !== undefined && x < s.min) || (s.max !== undefined && x > s.max)) {
      throw new UsageError(`--${key} must be in ${range}, got ${val}`);
    }
    out[key] = x;
  }
  return out;
}
