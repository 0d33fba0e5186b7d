/**
 * The CLI's error discipline (docs/errors.md), in one place: every error that leaves a
 * command becomes exactly one line `msms <command>: <message>` on stderr and an exit code —
 *
 *   2  the input or the usage is wrong (an option, a file's content, a path): the line names
 *      the flag or field, what was expected and what was given;
 *   1  the input was accepted but the run failed (numerical failure, a full disk, a task
 *      that threw, another process holding a lock, a bug).
 *
 * A stack trace is printed only with `--debug` (or MSMS_DEBUG=1). `main` (index.ts) wraps
 * every command in `classifyError`, so commands added later inherit the rules without
 * doing anything; to mark an error of a new kind as an input problem, throw a UsageError /
 * InputError, or give the error an `exitCode` property of 2.
 *
 * Library errors are recognised by their `name` (so no library module has to be loaded
 * here, and an error from another copy of a module — a worker thread, tslab — is still
 * recognised).
 */
import { ERRNO_WORDS } from '../experiments/files.js';

/** Wrong command-line usage (unknown option, missing value, out of range, unusable path). Exit 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Invalid input file content. Exit 2. */
export class InputError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** A run that failed after its input was accepted (the message is already the whole story). Exit 1. */
export class RuntimeFailure extends Error {
  readonly exitCode = 1;
  constructor(message: string) {
    super(message);
    this.name = 'RuntimeFailure';
  }
}

/**
 * Errors of the library that mean "this input is not acceptable" (exit 2). Their messages
 * name the field and the allowed range already.
 */
export const INPUT_ERROR_NAMES: ReadonlySet<string> = new Set([
  'UsageError',
  'InputError',
  'ScenarioFormatError',
  'PrecodingError',
  'DropConfigError',
  'ClusteringError',
  'BeamSelectionError',
  'RandomParameterError',
  'LspTableError',
  'ConfigError',
  'CheckpointError',
  'StaleCheckpointError',
  'CheckpointFormatError',
  'FsPathError',
]);

/** Library errors that mean "the run failed" (exit 1), with the message kept as it is. */
export const RUNTIME_ERROR_NAMES: ReadonlySet<string> = new Set([
  'RuntimeFailure',
  'SweepTaskError',
  'LockHeldError',
  'CheckpointWriteError',
  'NonFiniteResultError',
  'PlotError',
]);

const SYSCALL_VERB: Record<string, string> = {
  open: 'open',
  read: 'read',
  write: 'write',
  fsync: 'flush',
  close: 'close',
  mkdir: 'create the folder',
  rmdir: 'remove the folder',
  rename: 'rename',
  unlink: 'remove',
  scandir: 'list the folder',
  stat: 'read',
  lstat: 'read',
  copyfile: 'copy',
  ftruncate: 'truncate',
  access: 'access',
};

/** A Node system error (has a string `code` such as 'ENOENT'). */
export function isErrnoError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string';
}

/** One line for a Node file-system error: "cannot write /x/y: no space left on the device (ENOSPC)". */
export function describeErrno(e: NodeJS.ErrnoException & { dest?: string }): string {
  const code = e.code ?? 'E?';
  const text = ERRNO_WORDS[code] ?? e.message.replace(/^[A-Z_]+:\s*/, '').replace(/,\s.*$/, '');
  const verb = e.syscall ? (SYSCALL_VERB[e.syscall] ?? e.syscall) : undefined;
  const what = e.path ? `${verb ? `cannot ${verb} ` : ''}${e.path}${e.dest ? ` → ${e.dest}` : ''}: ` : '';
  return `${what}${text} (${code})`;
}

/** Collapse a message to one line (newlines and runs of blanks become one space). */
export function oneLine(s: string): string {
  return s.replace(/\s*[\r\n\u0085\u2028\u2029]+\s*/g, ' ').trim();
}

/** How one error is reported. */
export interface ErrorReport {
  /** 1 = runtime failure, 2 = input / usage problem. */
  code: 1 | 2;
  /** The line to print after `msms <command>: `. */
  message: string;
  /** True when the error is not one the kit raises on purpose (a bug): the line says so. */
  internal: boolean;
}

/** Classify an error thrown by a command (see the file comment). */
export function classifyError(e: unknown): ErrorReport {
  if (!(e instanceof Error)) {
    return { code: 1, message: `internal error: a non-error value was thrown (${oneLine(String(e))})`, internal: true };
  }
  const explicit = (e as { exitCode?: unknown }).exitCode;
  const msg = oneLine(e.message || e.name);
  if (explicit === 2 || INPUT_ERROR_NAMES.has(e.name)) return { code: 2, message: msg, internal: false };
  if (explicit === 1 || RUNTIME_ERROR_NAMES.has(e.name)) return { code: 1, message: msg, internal: false };
  if (e.name === 'LinalgError') {
    return {
      code: 1,
      message:
        `numerical failure in the solver (LinalgError: ${msg}); the input passed every check, ` +
        'so this is a bug worth reporting (rerun with --debug for the stack trace)',
      internal: false,
    };
  }
  if (isErrnoError(e) && /^E[A-Z]+$|^ERR_FS_|^ERR_STRING_TOO_LONG$/.test(e.code ?? '')) {
    return { code: 1, message: describeErrno(e), internal: false };
  }
  if (e instanceof RangeError && /allocation failed|Invalid (typed )?array length|Invalid string length/.test(msg)) {
    return {
      code: 1,
      message: `out of memory (${msg}): the problem is too large for this machine; see the size limits in docs/errors.md`,
      internal: false,
    };
  }
  return {
    code: 1,
    message: `internal error (${e.name}: ${msg}); rerun with --debug for the stack trace and please report it`,
    internal: true,
  };
}
