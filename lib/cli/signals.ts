/**
 * SIGINT / SIGTERM for long CLI commands (`msms sweep`): while `stopOnSignals()` is in
 * force, the first signal aborts an AbortSignal the command passes on (runSweep's
 * `signal`: workers terminated at once, every finished task already in the checkpoint, the
 * lock released); the process then exits 130 (SIGINT) or 143 (SIGTERM), the shell
 * convention 128 + signal number. A second signal, or cleanup that has not finished within
 * `graceMs`, exits at once with the same code. Checkpoint lines are written synchronously on
 * the main thread, and a signal handler runs between JavaScript turns, never inside one:
 * no line can be cut in half by these signals.
 */

const CODES: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 130, SIGTERM: 143 };

let received: 'SIGINT' | 'SIGTERM' | null = null;

/** Exit code for the signal that interrupted a command (130 / 143), or undefined when none did. */
export function interruptExitCode(): number | undefined {
  return received === null ? undefined : CODES[received];
}

/** The signal that interrupted a command, or null. */
export function interruptSignal(): 'SIGINT' | 'SIGTERM' | null {
  return received;
}

/** Handle to the installed handlers. */
export interface SignalStop {
  /** Aborted on the first SIGINT / SIGTERM. */
  signal: AbortSignal;
  /** Remove the handlers (default signal behaviour again). */
  dispose(): void;
}

/**
 * Install SIGINT / SIGTERM handlers that abort the returned signal. `onSignal` is told once
 * (e.g. to print what is being saved). `graceMs`: time allowed for cleanup after the first
 * signal before the process exits anyway.
 */
export function stopOnSignals(onSignal?: (name: 'SIGINT' | 'SIGTERM') => void, graceMs = 900): SignalStop {
  const ctl = new AbortController();
  const handler = (name: 'SIGINT' | 'SIGTERM') => {
    if (received !== null) process.exit(CODES[received]); // second signal: now
    received = name;
    onSignal?.(name);
    setTimeout(() => process.exit(CODES[name]), graceMs).unref();
    ctl.abort(new Error(`stopped by ${name}`));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: ctl.signal,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
