/**
 * Progress bar with ETA for long sweeps, on stderr. On a terminal it redraws one line;
 * elsewhere (logs, notebooks, CI) it prints a plain line at most every `intervalMs`.
 * The ETA uses only the tasks computed in this session (resumed ones cost nothing).
 *
 * In a notebook, `notebookOutput()` gives the sweep options that keep the output clean:
 * the progress line on stdout (stderr shows as an error box in Jupyter), every 10 s at
 * most, and the engine's notes with project paths made relative and lines wrapped to
 * 100 characters. The notebook runner drops both (PROGRESS_LINE, RUN_NOTE_LINE, with the
 * indented continuation lines of a wrapped note) from the notebooks it saves: they only
 * describe this run (its timing, what it found in data/runs/), not the results.
 */
/** Where a progress bar writes (process.stderr, process.stdout, or any sink). */
export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
}

/** Matches a progress line of ProgressBar (used by the notebook runner to drop them from published outputs). */
export const PROGRESS_LINE = /^sweep \S+.* \[[#.]+\] \d+\/\d+ tasks \(/;

/** Matches a note of the sweep engine ('sweep <id>: …'; dropped from saved notebooks, see above). */
export const RUN_NOTE_LINE = /^sweep \S+: /;

/** Greedy word wrap of each line of `text` to `width` characters; continuation lines indented by 2. */
export function wrapText(text: string, width = 100): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line.length <= width) {
      out.push(line);
      continue;
    }
    let cur = '';
    for (const word of line.split(' ')) {
      const next = cur === '' ? word : `${cur} ${word}`;
      if (next.length <= width || cur === '' || cur === '  ') cur = next;
      else {
        out.push(cur);
        cur = `  ${word}`;
      }
    }
    out.push(cur);
  }
  return out.join('\n');
}

/**
 * Sweep options for notebook cells: `progress` (a progress line on stdout) and `log`
 * (engine notes on stdout, paths under `root` made relative, wrapped to 100 characters).
 */
export function notebookOutput(root: string = process.cwd()): {
  progress: ProgressStream;
  log: (line: string) => void;
} {
  const rel = (line: string) =>
    line
      .split(root + '/')
      .join('')
      .split(root)
      .join('.');
  return {
    progress: { write: (s: string) => process.stdout.write(s), isTTY: false },
    log: (line: string) => {
      process.stdout.write(wrapText(rel(line)) + '\n');
    },
  };
}

/** Format seconds as h:mm:ss or m:ss. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(sec).padStart(2, '0')}`;
}

/** Progress display of `total` tasks of which `already` were done before this session. */
export class ProgressBar {
  private done: number;
  private readonly start = performance.now();
  private lastPrint = -Infinity;
  private lastLine = '';
  private readonly tty: boolean;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly already: number,
    private readonly out: ProgressStream = process.stderr,
    private readonly intervalMs = 10_000,
  ) {
    this.done = already;
    this.tty = out.isTTY === true;
    this.render(true);
  }

  /** The line that would be shown now. */
  line(): string {
    const frac = this.total === 0 ? 1 : this.done / this.total;
    const width = 24;
    const filled = Math.round(frac * width);
    const bar = '#'.repeat(filled) + '.'.repeat(width - filled);
    const fresh = this.done - this.already;
    const elapsed = (performance.now() - this.start) / 1000;
    const rate = fresh > 0 ? fresh / elapsed : 0;
    const eta = rate > 0 ? formatDuration((this.total - this.done) / rate) : '?';
    const resumed = this.already > 0 ? `, ${this.already} resumed` : '';
    return (
      `${this.label} [${bar}] ${this.done}/${this.total} tasks (${(100 * frac).toFixed(0)}%${resumed}) ` +
      `elapsed ${formatDuration(elapsed)} ETA ${eta}`
    );
  }

  /** One more task finished. */
  tick(): void {
    this.done++;
    this.render(false);
  }

  /** Final line (newline on a terminal). */
  finish(note = ''): void {
    const line = `${this.line()}${note ? ' ' + note : ''}`;
    if (this.tty) this.out.write(`\r${line}\x1b[K\n`);
    else if (line !== this.lastLine) this.out.write(line + '\n');
  }

  private render(force: boolean): void {
    const now = performance.now();
    if (this.tty) {
      if (force || now - this.lastPrint > 200) {
        this.out.write(`\r${this.line()}\x1b[K`);
        this.lastPrint = now;
      }
    } else if (force || now - this.lastPrint >= this.intervalMs) {
      this.lastLine = this.line();
      this.out.write(this.lastLine + '\n');
      this.lastPrint = now;
    }
  }
}
