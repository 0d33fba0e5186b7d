#!/usr/bin/env bash
# `npm run site` — build the static HTML site of the executed notebooks into site/ (git-ignored):
#   npm run site                                  # from the committed notebooks (they carry outputs)
#   npm run site -- --from build/notebooks        # from executed copies (npm run notebooks -- --write DIR)
#   npm run site -- --out DIR
# Open site/index.html in a browser (works from file://, nothing is loaded from the network).
# `npm run site:check` opens every page in headless Chromium and checks it (scripts/check-site.ts).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY=/usr/bin/python3
if [ ! -x "$PY" ] || ! "$PY" -c 'import nbconvert, nbformat' 2>/dev/null; then
  echo "site: $PY with nbconvert is missing: run 'npm run setup'" >&2
  exit 2
fi
cd "$ROOT"
exec "$PY" "$ROOT/scripts/build_site.py" "$@"
