/**
 * Tiny, strict option parser for the `msms` CLI: `--name value`, `--name=value` and
 * `--flag`, every option declared with its type and range, unknown or repeated options
 * rejected with one line naming the option, what was expected and what was given.
 */
import { InputError, UsageError } from './errors.js';

export { InputError, UsageError };

/** Where a command prints: one call per line (no trailing newline). */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** What `main` hands a command besides its arguments. */
export interface CommandContext {
  io: CliIo;
  /** `--debug` was given (or MSMS_DEBUG=1): commands may print more detail on stderr. */
  debug: boolean;
}

/** Printing through the console (the context of a command run outside `main`). */
export const consoleIo: CliIo = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
};

/** A CLI sub-command. Errors it throws are reported by `main` (see errors.ts). */
export interface CliCommand {
  name: string;
  summary: string;
  help: string;
  run(argv: string[], ctx?: CommandContext): Promise<void>;
}

/** The context a command uses: the given one, or the console. */
export function contextOf(ctx?: CommandContext): CommandContext {
  return ctx ?? { io: consoleIo, debug: false };
}

/** Declaration of one option. */
export type OptionSpec =
  | {
      type: 'int' | 'number';
      min?: number;
      max?: number;
      default?: number;
      /** Non-finite values accepted besides the range, e.g. [-Infinity] for a tolerance that never stops. */
      special?: readonly number[];
      /** Extra rule: returns what is expected (e.g. '0 or an integer in [2, 1000000]') when x breaks it. */
      check?: (x: number) => string | undefined;
    }
  | { type: 'string'; choices?: readonly string[]; default?: string }
  | { type: 'flag' };

export type ParsedOptions = Record<string, number | string | boolean | undefined>;

/** A user's token as shown in a message: quoted, one line, at most 60 characters. */
export function shown(token: string): string {
  const odd = (c: string) => c < ' ' || c === "'" || c === '\\' || '\u007f\u0085\u2028\u2029'.includes(c);
  if (token.length <= 60 && ![...token].some(odd)) return `'${token}'`;
  return JSON.stringify(token.length > 60 ? `${token.slice(0, 60)}…` : token).replace(
    /[\u0085\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function rangeText(min?: number, max?: number): string {
  return `[${min ?? '-inf'}, ${max ?? 'inf'}]`;
}

/** Parse `argv` against `spec`; throws UsageError naming the option and its allowed range. */
export function parseOptions(argv: string[], spec: Record<string, OptionSpec>): ParsedOptions {
  const out: ParsedOptions = {};
  for (const [k, s] of Object.entries(spec)) {
    if (s.type === 'flag') out[k] = false;
    else if (s.default !== undefined) out[k] = s.default;
  }
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i];
    if (!tok.startsWith('--') || tok === '--')
      throw new UsageError(`unexpected argument ${shown(tok)} (options start with --)`);
    let key = tok.slice(2);
    let val: string | undefined;
    const eq = key.indexOf('=');
    if (eq >= 0) {
      val = key.slice(eq + 1);
      key = key.slice(0, eq);
    }
    const s = Object.prototype.hasOwnProperty.call(spec, key) ? spec[key] : undefined;
    if (!s)
      throw new UsageError(
        `unknown option ${shown(`--${key}`)}; allowed: ${Object.keys(spec)
          .map((k) => `--${k}`)
          .join(' ')}`,
      );
    if (seen.has(key)) throw new UsageError(`--${key} is given twice; give it once`);
    seen.add(key);
    if (s.type === 'flag') {
      if (val !== undefined) throw new UsageError(`--${key} takes no value, got ${shown(val)}`);
      out[key] = true;
      continue;
    }
    if (val === undefined) {
      val = argv[++i];
      if (val === undefined) throw new UsageError(`--${key} needs a value`);
      if (val.startsWith('--')) throw new UsageError(`--${key} needs a value, got the option ${val}`);
    }
    if (s.type === 'string') {
      if (s.choices && !s.choices.includes(val)) {
        throw new UsageError(`--${key} must be one of ${s.choices.join('|')}, got ${shown(val)}`);
      }
      if (val === '') throw new UsageError(`--${key} needs a non-empty value`);
      out[key] = val;
      continue;
    }
    const x = Number(val);
    const special = s.special?.find((v) => Object.is(v, x));
    const range = `${rangeText(s.min, s.max)}${s.special?.length ? ` or ${s.special.join(' or ')}` : ''}`;
    if (special !== undefined && val.trim() !== '') {
      out[key] = special;
      continue;
    }
    if (val.trim() === '' || !Number.isFinite(x))
      throw new UsageError(`--${key} must be a number in ${range}, got ${shown(val)}`);
    if (s.type === 'int' && !Number.isSafeInteger(x))
      throw new UsageError(`--${key} must be an integer in ${range}, got ${shown(val)}`);
    if ((s.min !== undefined && x < s.min) || (s.max !== undefined && x > s.max)) {
      throw new UsageError(`--${key} must be in ${range}, got ${val.trim()}`);
    }
    const bad = s.check?.(x);
    if (bad !== undefined) throw new UsageError(`--${key} must be ${bad}, got ${val.trim()}`);
    out[key] = x;
  }
  return out;
}
