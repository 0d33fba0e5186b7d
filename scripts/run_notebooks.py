#!/usr/bin/python3
"""Execute the kit's notebooks headlessly (Debian Jupyter + nbclient, kernel tslab).

Called by scripts/run-notebooks.sh (which registers the tslab kernel and sets JUPYTER_PATH);
run that script, not this file, unless the kernel is already registered.

    run_notebooks.py [--jobs N] [--timeout S] [--write DIR | --publish] [NOTEBOOK ...]

* Every notebook in notebooks/ (sorted), or only the paths given.
* Working directory of every kernel = the project root, so cells import './lib/...js'.
* A notebook fails when any cell raises, when a cell runs longer than --timeout seconds,
  when its code contains no assertion (`assert(`, `assert.xxx(`, `throw new ...Error`),
  or when its outputs are noisy (check_outputs): a stderr stream (Jupyter shows it as an
  error box), an output line over 100 characters, an absolute path, a PNG over 150 kB.
* One line per notebook (PASS/FAIL, seconds), the failing cell's error or the output
  problems, and a last line exactly 'N passed, M failed'. Exit status 0 only when nothing
  failed.
* Executed outputs are discarded (the test run) unless --write DIR (normalised executed
  copies into DIR, e.g. for `npm run site`) or --publish (re-execute and rewrite the
  notebooks themselves with normalised outputs; a notebook that fails is left as it was).
  Normalised: no execution timestamps, progress lines dropped, consecutive stream outputs
  merged, missing cell ids made deterministic — so a rerun changes only what changed.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import os
import re
import sys
import time
import warnings
from pathlib import Path

# Notebooks written by hand may lack cell ids; nbformat fills them in, no need to warn.
warnings.filterwarnings("ignore", message="Code cell is missing an id field")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
# an assertion: assert(…) / assert.x(…), a thrown Error, or the kit's assertChecks([...])
# (lib/experiments/checks.ts), which prints each check and throws an AssertionError
ASSERTION = re.compile(r"\bassert\s*[.(]|\bassertChecks\s*\(|\bthrow\s+new\s+\w*Error\b")
LINE_COMMENT = re.compile(r"//.*$", re.MULTILINE)


def has_assertion(nb) -> bool:
    """True when some code cell (comments removed) asserts something."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if ASSERTION.search(LINE_COMMENT.sub("", cell.source)):
            return True
    return False


NOISE = re.compile(r"^\s*at .*(node_modules/|node:|sigintHandlersWrap|evalmachine)")
STARTUP_FAILURE = re.compile(r"Kernel didn't respond|Kernel died before replying")
WATCHER_FAILURE = "Unexpected pending rebuildTimer"


def cell_error_text(nb, index: int | None, exc: BaseException, limit: int = 30) -> str:
    """What went wrong, for the log: failing cell number, its first lines, the kernel's error text."""
    lines: list[str] = []
    if index is not None and 0 <= index < len(nb.cells):
        cell = nb.cells[index]
        lines.append(f"cell {index}:")
        src = cell.source.splitlines()
        lines += ["  | " + ln for ln in src[:4]] + (["  | ..."] if len(src) > 4 else [])
        # tslab reports exceptions and type errors as stderr stream text, not as 'error' outputs
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                lines += [ln for ln in out.get("text", "").splitlines() if ln.strip() and not NOISE.search(ln)]
            elif out.get("output_type") == "error":
                lines.append(f"{out.get('ename')}: {out.get('evalue')}")
    if type(exc).__name__ != "CellExecutionError" or len(lines) <= 6:
        # a timeout, a dead kernel, or nothing from the kernel: show the exception itself
        text = re.sub(r"\x1b\[[0-9;]*m", "", str(exc))
        lines += [f"{type(exc).__name__}: " + " ".join(text.split())[:500]]
    if len(lines) > limit:
        lines = lines[: limit - 2] + ["...", lines[-1]]
    return "\n".join("    " + ln for ln in lines)


# --- outputs: checks (every run) and normalisation (saved notebooks) -------------------------

MAX_LINE = 100  # characters per output line
MAX_PNG_BYTES = 150_000  # per PNG output
# Lines that only describe this run, dropped from saved outputs (lib/experiments/progress.ts):
# progress "sweep <name> [####....] 12/32 tasks (38%) elapsed … ETA …" and the sweep engine's
# notes "sweep <id>: 32 of 32 tasks already in data/runs/…" (with their indented continuation lines).
PROGRESS = re.compile(r"^sweep \S+.* \[[#.]+\] \d+/\d+ tasks \(|^sweep \S+: ")
_SYSTEM_DIRS = "tmp|home|root|work|usr|var|opt|mnt|srv|etc|proc|run|media|Users|private"
ABSOLUTE_PATH = re.compile(r"(?<![\w.~/-])/(?:" + _SYSTEM_DIRS + r")(?=/)|file://")


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _output_texts(out) -> list[tuple[str, str, bool]]:
    """(kind, text, line-checked) of an output: streams and plain text are line-checked, HTML is not."""
    kind = out.get("output_type")
    if kind == "stream":
        return [(f"{out.get('name')} stream", _text(out.get("text", "")), True)]
    if kind in ("display_data", "execute_result"):
        data = out.get("data", {})
        texts = []
        for mime in ("text/plain", "text/markdown", "text/latex"):
            if mime in data:
                texts.append((mime, _text(data[mime]), True))
        if "text/html" in data:
            texts.append(("text/html", _text(data["text/html"]), False))
        return texts
    return []


def check_outputs(nb, root: str = str(ROOT)) -> list[str]:
    """What is noisy in the outputs of an executed notebook (empty = clean)."""
    import base64

    problems: list[str] = []
    roots = {root, str(Path(root).resolve()), str(Path.home())}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                first = next((ln for ln in _text(out.get("text", "")).splitlines() if ln.strip()), "")
                problems.append(f"cell {index}: writes to stderr (an error box in Jupyter): {first[:80]}")
            for kind, text, line_checked in _output_texts(out):
                if any(r and r != "/" and r in text for r in roots) or ABSOLUTE_PATH.search(text):
                    m = ABSOLUTE_PATH.search(text)
                    if m:
                        start, end = m.start(), m.end()
                    else:
                        hit = next(r for r in roots if r and r != "/" and r in text)
                        start = text.index(hit)
                        end = start + len(hit)
                    where = text[max(0, start - 20) : end + 30]
                    problems.append(f"cell {index}: absolute path in {kind}: ...{' '.join(where.split())}...")
                if line_checked:
                    for line in text.splitlines():
                        if len(line) > MAX_LINE:
                            problems.append(
                                f"cell {index}: {kind} line of {len(line)} > {MAX_LINE} characters: {line[:60]}..."
                            )
                            break
            png = out.get("data", {}).get("image/png") if "data" in out else None
            if png:
                size = len(base64.b64decode(_text(png)))
                if size > MAX_PNG_BYTES:
                    problems.append(f"cell {index}: PNG of {size / 1000:.0f} kB > {MAX_PNG_BYTES / 1000:.0f} kB")
    return problems


def normalise(nb, name: str):
    """Make saved outputs stable across reruns (in place; returns nb)."""
    import hashlib

    seen: set[str] = set()
    for index, cell in enumerate(nb.cells):
        cid = cell.get("id")
        if not cid or cid in seen:
            cell["id"] = hashlib.sha1(f"{name}:{index}".encode()).hexdigest()[:12]
        seen.add(cell["id"])
        if cell.cell_type != "code":
            continue
        cell.metadata.pop("execution", None)
        merged = []
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                kept, dropping = [], False
                for ln in _text(out.get("text", "")).splitlines(keepends=True):
                    dropping = bool(PROGRESS.match(ln)) or (dropping and ln.startswith("  "))
                    if not dropping:
                        kept.append(ln)
                text = "".join(kept)
                if not text:
                    continue
                if merged and merged[-1].get("output_type") == "stream" and merged[-1].get("name") == out.get("name"):
                    merged[-1]["text"] = _text(merged[-1]["text"]) + text
                    continue
                out["text"] = text
            merged.append(out)
        cell["outputs"] = merged
    return nb


def execute(nb, timeout: int):
    """Execute nb in place with kernel tslab; returns (exception or None, index of the last started cell)."""
    from nbclient import NotebookClient

    state: dict[str, int | None] = {"cell": None}

    def on_start(cell, cell_index):  # nbclient hook
        state["cell"] = cell_index

    client = NotebookClient(
        nb,
        kernel_name="tslab",
        timeout=timeout,
        startup_timeout=45,
        allow_errors=False,
        resources={"metadata": {"path": str(ROOT)}},
        on_cell_start=on_start,
        record_timing=False,
    )
    try:
        client.execute()
    except Exception as exc:  # CellExecutionError, CellTimeoutError, DeadKernelError, RuntimeError ...
        return exc, state["cell"]
    return None, state["cell"]


def run_one(path: str, timeout: int, write_dir: str | None, publish: bool) -> tuple[str, bool, float, str]:
    """Execute one notebook; returns (path, ok, seconds, message)."""
    import copy

    import nbformat

    t0 = time.perf_counter()
    try:
        original = nbformat.read(path, as_version=4)
    except Exception as exc:  # unreadable JSON is a failure of this notebook, not of the runner
        return path, False, time.perf_counter() - t0, f"    cannot read notebook: {exc}"
    if not has_assertion(original):
        return (
            path,
            False,
            time.perf_counter() - t0,
            "    notebook asserts nothing: add `if (!cond) throw new Error(...)`, assert(...) or assertChecks([...]) cells",
        )
    msg = ""
    # Two tslab 1.0.22 failures that are not the notebook's fault get a fresh kernel (3 tries):
    # - it sometimes loses the first kernel_info while its sockets are still binding (EBUSY
    #   in zeromq) and never answers;
    # - a lib/ file imported by the notebook changed on disk during the run (someone edited
    #   it): tslab's file watcher then breaks the next cell with "Unexpected pending rebuildTimer"
    #   or prints it to stderr.
    for attempt in range(3):
        nb = copy.deepcopy(original)
        exc, index = execute(nb, timeout)
        watcher = any(
            WATCHER_FAILURE in _text(o.get("text", ""))
            for c in nb.cells
            if c.cell_type == "code"
            for o in c.get("outputs", [])
            if o.get("output_type") == "stream"
        )
        if exc is None and not watcher:
            break
        if exc is not None and index is None and STARTUP_FAILURE.search(str(exc)):
            msg += f"    kernel did not start (try {attempt + 1}): {exc}\n"
        elif watcher or (index is not None and WATCHER_FAILURE in cell_error_text(nb, index, exc)):
            msg += f"    a source file changed during the run (try {attempt + 1}): rerunning in a new kernel\n"
        else:
            break
    ok = exc is None
    if exc is not None:
        msg += cell_error_text(nb, index, exc)
    else:
        normalise(nb, Path(path).name)
        problems = check_outputs(nb)
        if problems:
            ok = False
            msg += "    noisy outputs (fix the notebook, the runner checks them on every run):\n"
            msg += "\n".join("      " + p for p in problems[:20])
            if len(problems) > 20:
                msg += f"\n      ... {len(problems) - 20} more"
    dt = time.perf_counter() - t0
    target = None
    if write_dir is not None:
        target = Path(write_dir) / Path(path).name
    elif publish and ok:
        target = Path(path)
    if target is not None:
        normalise(nb, Path(path).name)
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, str(target))
        size = target.stat().st_size
        if size > 1_000_000:
            msg += f"\n    warning: {target} is {size / 1e6:.1f} MB (large outputs?)"
    elif publish:
        msg += f"\n    not rewritten: {path} keeps its committed outputs"
    return path, ok, dt, msg.strip("\n")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("notebooks", nargs="*", help="notebook paths (default: every notebooks/*.ipynb)")
    ap.add_argument(
        "--jobs", "-j", type=int, default=int(os.environ.get("NB_JOBS", "2")), help="notebooks at once (default 2)"
    )
    ap.add_argument(
        "--timeout",
        type=int,
        default=int(os.environ.get("NB_CELL_TIMEOUT", "600")),
        help="per-cell timeout in seconds (default 600)",
    )
    ap.add_argument("--write", metavar="DIR", help="save normalised executed copies into DIR")
    ap.add_argument(
        "--publish",
        action="store_true",
        help="rewrite the notebooks themselves with their normalised executed outputs (those that pass)",
    )
    args = ap.parse_args(argv)

    if args.jobs < 1:
        ap.error(f"--jobs must be >= 1, got {args.jobs}")
    if args.timeout < 1:
        ap.error(f"--timeout must be >= 1 second, got {args.timeout}")
    if args.write and args.publish:
        ap.error("--write and --publish are exclusive")
    if args.write and Path(args.write).resolve() == NOTEBOOKS.resolve():
        ap.error("--write into notebooks/ would rewrite the committed notebooks: use --publish for that")

    if args.notebooks:
        paths = []
        for p in args.notebooks:
            if not Path(p).is_file() or not p.endswith(".ipynb"):
                ap.error(f"not a notebook file: {p}")
            paths.append(p)
    else:
        paths = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "notebooks").glob("*.ipynb"))
        os.chdir(ROOT)
    if not paths:
        print("no notebooks found in notebooks/")
        print("0 passed, 0 failed")
        return 0

    quick = os.environ.get("MSMS_QUICK", "")
    mode = "publish: rewriting the notebooks" if args.publish else f"copies in {args.write}" if args.write else "test run"
    print(
        f"notebooks: {len(paths)} to run, {min(args.jobs, len(paths))} at a time, "
        f"MSMS_QUICK={quick or '(unset)'}, {mode}"
    )
    sys.stdout.flush()
    t_all = time.perf_counter()
    passed = failed = 0
    jobs = min(args.jobs, len(paths))
    if jobs == 1:
        results = (run_one(p, args.timeout, args.write, args.publish) for p in paths)
        for path, ok, dt, msg in results:
            passed, failed = report(path, ok, dt, msg, passed, failed)
    else:
        with cf.ProcessPoolExecutor(max_workers=jobs) as pool:
            futs = [pool.submit(run_one, p, args.timeout, args.write, args.publish) for p in paths]
            for fut in cf.as_completed(futs):
                passed, failed = report(*fut.result(), passed, failed)
    print(f"notebooks: {time.perf_counter() - t_all:.1f} s wall")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


def report(path: str, ok: bool, dt: float, msg: str, passed: int, failed: int) -> tuple[int, int]:
    print(f"{'PASS' if ok else 'FAIL'}  {path}  {dt:6.1f} s")
    if msg:
        print(msg)
    sys.stdout.flush()
    return (passed + 1, failed) if ok else (passed, failed + 1)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
