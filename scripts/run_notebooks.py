#!/usr/bin/python3
"""Execute the kit's notebooks headlessly (Debian Jupyter + nbclient, kernel tslab).

Called by scripts/run-notebooks.sh (which registers the tslab kernel and sets JUPYTER_PATH);
run that script, not this file, unless the kernel is already registered.

    run_notebooks.py [--jobs N] [--timeout S] [--write DIR | --in-place] [NOTEBOOK ...]

* Every notebook in notebooks/ (sorted), or only the paths given.
* Working directory of every kernel = the project root, so cells import './lib/...js'.
* A notebook fails when any cell raises, when a cell runs longer than --timeout seconds,
  or when its code contains no assertion (`assert(`, `assert.xxx(`, `throw new ...Error`).
* One line per notebook (PASS/FAIL, seconds), the failing cell's error, and a last line
  exactly 'N passed, M failed'. Exit status 0 only when nothing failed.
* Executed outputs are discarded unless --write DIR (copies into DIR) or --in-place.
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
ASSERTION = re.compile(r"\bassert\s*[.(]|\bthrow\s+new\s+\w*Error\b")
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
    )
    try:
        client.execute()
    except Exception as exc:  # CellExecutionError, CellTimeoutError, DeadKernelError, RuntimeError ...
        return exc, state["cell"]
    return None, state["cell"]


def run_one(path: str, timeout: int, write_dir: str | None, in_place: bool) -> tuple[str, bool, float, str]:
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
            "    notebook asserts nothing: add `if (!cond) throw new Error(...)` or assert(...) cells",
        )
    msg = ""
    # Two tslab 1.0.22 failures that are not the notebook's fault get a fresh kernel (3 tries):
    # - it sometimes loses the first kernel_info while its sockets are still binding (EBUSY
    #   in zeromq) and never answers;
    # - a lib/ file imported by the notebook changed on disk during the run (someone edited
    #   it): tslab's file watcher then breaks the next cell with "Unexpected pending rebuildTimer".
    for attempt in range(3):
        nb = copy.deepcopy(original)
        exc, index = execute(nb, timeout)
        if exc is None:
            break
        if index is None and STARTUP_FAILURE.search(str(exc)):
            msg += f"    kernel did not start (try {attempt + 1}): {exc}\n"
        elif index is not None and WATCHER_FAILURE in cell_error_text(nb, index, exc):
            msg += f"    a source file changed during the run (try {attempt + 1}): rerunning in a new kernel\n"
        else:
            break
    ok = exc is None
    if exc is not None:
        msg += cell_error_text(nb, index, exc)
    dt = time.perf_counter() - t0
    if write_dir is not None or in_place:
        target = Path(path) if in_place else Path(write_dir) / Path(path).name
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, str(target))
        size = target.stat().st_size
        if size > 1_000_000:
            msg += f"\n    warning: {target} is {size / 1e6:.1f} MB (large outputs?)"
    return path, ok, dt, msg.rstrip("\n")


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
    ap.add_argument("--write", metavar="DIR", help="save executed copies into DIR")
    ap.add_argument("--in-place", action="store_true", help="save executed outputs into the notebooks themselves")
    args = ap.parse_args(argv)

    if args.jobs < 1:
        ap.error(f"--jobs must be >= 1, got {args.jobs}")
    if args.timeout < 1:
        ap.error(f"--timeout must be >= 1 second, got {args.timeout}")
    if args.write and args.in_place:
        ap.error("--write and --in-place are exclusive")

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
    print(f"notebooks: {len(paths)} to run, {min(args.jobs, len(paths))} at a time, MSMS_QUICK={quick or '(unset)'}")
    sys.stdout.flush()
    t_all = time.perf_counter()
    passed = failed = 0
    jobs = min(args.jobs, len(paths))
    if jobs == 1:
        results = (run_one(p, args.timeout, args.write, args.in_place) for p in paths)
        for path, ok, dt, msg in results:
            passed, failed = report(path, ok, dt, msg, passed, failed)
    else:
        with cf.ProcessPoolExecutor(max_workers=jobs) as pool:
            futs = [pool.submit(run_one, p, args.timeout, args.write, args.in_place) for p in paths]
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
