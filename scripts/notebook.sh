#!/usr/bin/env bash
# `npm run notebook` — open the kit's notebooks interactively: Debian's classic Jupyter
# Notebook (6.4, package jupyter-notebook) with the kit's tslab kernel, on 127.0.0.1 only.
#
#   npm run notebook                         # http://127.0.0.1:8888/tree/notebooks (token in the log)
#   npm run notebook -- --port 8890          # any `jupyter notebook` option is passed through
#
# - The server's root is the project root (so /files/node_modules/plotly.js-dist-min/plotly.min.js
#   serves the local plotly bundle) and it opens on notebooks/.
# - Kernels inherit MSMS_INTERACTIVE=1: showFigure (lib/plots) then draws every figure
#   interactively too (plotly loaded once per notebook from that local bundle, never inlined),
#   besides the PNG that every viewer shows.
# - Jupyter's runtime and config files stay in the project (.jupyter/, git-ignored); nothing
#   is written to ~/.jupyter or ~/.local.
# Needs `npm run setup` once (Debian's jupyter-notebook and the tslab kernel registration).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY=/usr/bin/python3
TSLAB="$ROOT/node_modules/.bin/tslab"

if [ ! -x "$PY" ] || ! "$PY" -c 'import notebook' 2>/dev/null; then
  echo "notebook: Debian's Jupyter Notebook is missing: run 'npm run setup' (installs jupyter-notebook)" >&2
  exit 2
fi
if [ ! -x "$TSLAB" ]; then
  echo "notebook: $TSLAB is missing: run 'npm run setup' (or 'npm ci')" >&2
  exit 2
fi
bash "$ROOT/scripts/register-kernel.sh" --if-stale

export JUPYTER_PATH="$ROOT/.jupyter/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
export JUPYTER_CONFIG_DIR="$ROOT/.jupyter/config"
export JUPYTER_RUNTIME_DIR="$ROOT/.jupyter/runtime"
export MSMS_INTERACTIVE=1
export MSMS_PLOTLY_URL="${MSMS_PLOTLY_URL:-/files/node_modules/plotly.js-dist-min/plotly.min.js}"
export PYDEVD_DISABLE_FILE_VALIDATION=1
mkdir -p "$JUPYTER_CONFIG_DIR" "$JUPYTER_RUNTIME_DIR"

# Defaults in the project's own Jupyter config (command-line options override them).
ALLOW_ROOT=false
if [ "$(id -u)" -eq 0 ]; then ALLOW_ROOT=true; fi
cat >"$JUPYTER_CONFIG_DIR/jupyter_notebook_config.json" <<JSON
{
  "NotebookApp": {
    "ip": "127.0.0.1",
    "port": 8888,
    "open_browser": false,
    "notebook_dir": "$ROOT",
    "default_url": "/tree/notebooks",
    "allow_root": $ALLOW_ROOT
  }
}
JSON
echo "notebook: Jupyter Notebook $("$PY" -c 'import notebook; print(notebook.__version__)') on 127.0.0.1," \
  "kernel 'TypeScript (tslab, msms-kit root)'; open the URL with the token printed below (Ctrl-C stops it)"
cd "$ROOT"
exec "$PY" -m notebook "$@"
