#!/usr/bin/env bash
# Execute the kit's notebooks headlessly: `npm run notebooks` / `bash scripts/run-notebooks.sh [options] [NOTEBOOK ...]`.
#
# 1. registers tslab (node_modules/.bin/tslab) as the Jupyter kernel "tslab" inside the
#    project (scripts/register-kernel.sh: .jupyter/, found through JUPYTER_PATH; nothing is
#    written to ~/.local or /usr),
# 2. runs scripts/run_notebooks.py with Debian's /usr/bin/python3 + nbclient: every
#    notebooks/*.ipynb (or the paths given), project root as working directory, failing
#    on any cell error, on notebooks that assert nothing and on noisy outputs (stderr, lines
#    over 100 characters, absolute paths, PNGs over 150 kB); last line 'N passed, M failed'.
#
# Options (passed through): --jobs N (default 2, env NB_JOBS), --timeout S per cell
# (default 600, env NB_CELL_TIMEOUT), --write DIR (save normalised executed copies),
# --publish (rewrite the notebooks with their normalised executed outputs:
# `npm run notebooks -- --publish`). Without --write/--publish (the test run, `npm test`)
# nothing is written.
# Notebooks read MSMS_QUICK from process.env: this script exports MSMS_QUICK=1 (the quick
# committed sizes) unless the caller set it; `MSMS_QUICK=0 bash scripts/run-notebooks.sh`
# runs the full sizes.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY=/usr/bin/python3
TSLAB="$ROOT/node_modules/.bin/tslab"

if [ ! -x "$PY" ] || ! "$PY" -c 'import nbclient, nbformat, jupyter_client' 2>/dev/null; then
  echo "run-notebooks: $PY with nbclient is missing; install Debian's Jupyter (bash scripts/setup.sh, or see environment.md)" >&2
  exit 2
fi
if [ ! -x "$TSLAB" ]; then
  echo "run-notebooks: $TSLAB is missing; run 'npm ci' first" >&2
  exit 2
fi

export JUPYTER_PATH="$ROOT/.jupyter/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
# (Re-)register when missing or made for another checkout (kernel.json holds absolute paths).
bash "$ROOT/scripts/register-kernel.sh" --if-stale

export MSMS_QUICK="${MSMS_QUICK:-1}"
# Figures the notebooks save as figures/<name> go to figures/.tmp (git-ignored) unless the
# caller sets MSMS_FIGURES_DIR (e.g. MSMS_FIGURES_DIR=figures to refresh the committed ones).
export MSMS_FIGURES_DIR="${MSMS_FIGURES_DIR:-figures/.tmp}"
# Headless runs are never the live session of `npm run notebook`: figures as PNG + plotly
# JSON only, no interactive HTML (lib/plots/display.ts).
unset MSMS_INTERACTIVE
# Quiet the debugpy 'frozen modules' warning Debian's ipykernel prints at every start.
export PYDEVD_DISABLE_FILE_VALIDATION=1
exec "$PY" -Xfrozen_modules=off "$ROOT/scripts/run_notebooks.py" "$@"
