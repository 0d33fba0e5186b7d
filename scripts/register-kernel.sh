#!/usr/bin/env bash
# Register node_modules' tslab as the Jupyter kernel "tslab" inside the project
# (.jupyter/share/jupyter/kernels/tslab; found through JUPYTER_PATH), for both the headless
# runs (scripts/run-notebooks.sh) and interactive Jupyter.
#
# `tslab install` writes a kernel.json that starts tslab in the notebook's own directory;
# tslab compiles cells relative to its working directory, and the notebooks import
# './lib/...js', so the kernel must start in the project root whatever folder the notebook
# is in. The kernel.json is therefore rewritten to `cd <root> && exec tslab kernel ...`.
#
# `--if-stale`: register only when the kernel.json is missing or was made for another
# checkout (it holds absolute paths) — what the notebook runner and `npm run notebook` call.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TSLAB="$ROOT/node_modules/.bin/tslab"
KERNEL_DIR="$ROOT/.jupyter/share/jupyter/kernels/tslab"

if [ "${1:-}" = "--if-stale" ] && [ -f "$KERNEL_DIR/kernel.json" ] &&
  grep -qF "\"$TSLAB\"" "$KERNEL_DIR/kernel.json" && grep -qF "tslab-kernel" "$KERNEL_DIR/kernel.json"; then
  exit 0
fi

(cd "$ROOT" && npx --no-install tslab install --python /usr/bin/python3 --binary "$TSLAB" \
  --prefix "$ROOT/.jupyter" >/dev/null)
/usr/bin/python3 - "$KERNEL_DIR/kernel.json" "$ROOT" "$TSLAB" <<'PY'
import json, sys
path, root, tslab = sys.argv[1:4]
spec = json.load(open(path))
spec["argv"] = ["/bin/sh", "-c", 'cd "$1" && exec "$2" kernel --config-path "$3"', "tslab-kernel",
                root, tslab, "{connection_file}"]
spec["display_name"] = "TypeScript (tslab, msms-kit root)"
json.dump(spec, open(path, "w"), indent=1)
PY
