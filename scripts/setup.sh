#!/usr/bin/env bash
# `npm run setup` — install what the kit needs on a fresh Debian 12 machine; quick and
# harmless when everything is already there (run it before `npm test` / `npm run figures`).
#
#   1. Debian packages, only when missing (needs root or sudo; PyPI is not used):
#      Jupyter + nbclient + ipykernel for /usr/bin/python3 (headless notebook runs),
#      jupyter-notebook (`npm run notebook`; it brings libjs-mathjax and libjs-requirejs,
#      which `npm run site` copies) and chromium (figure export through playwright-core).
#   2. npm packages with `npm ci`, only when node_modules is missing or older than
#      package-lock.json.
#   3. Checks that the native zeromq binding (tslab's kernel transport) loads, and
#      registers the tslab kernel in the project-local Jupyter path (.jupyter/).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

JUPYTER_DEBS=(jupyter-nbconvert python3-nbconvert python3-nbclient python3-ipykernel jupyter-core
  python3-jupyter-client jupyter-client)
missing=()
if ! [ -x /usr/bin/python3 ] || ! /usr/bin/python3 -c 'import nbclient, nbformat, ipykernel, jupyter_client' 2>/dev/null; then
  missing+=("${JUPYTER_DEBS[@]}")
fi
if ! [ -x /usr/bin/python3 ] || ! /usr/bin/python3 -c 'import notebook' 2>/dev/null ||
  ! [ -f /usr/share/javascript/mathjax/MathJax.js ] || ! [ -f /usr/share/javascript/requirejs/require.min.js ]; then
  missing+=(jupyter-notebook libjs-mathjax libjs-requirejs)
fi
if ! [ -x /usr/bin/chromium ]; then
  missing+=(chromium)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then SUDO=(sudo); else
      echo "setup: need root (or sudo) for apt-get install ${missing[*]}" >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: Debian packages present (jupyter/nbclient + jupyter-notebook for /usr/bin/python3, chromium)"
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund
else
  echo "setup: node_modules up to date with package-lock.json"
fi

if ! node -e "require('zeromq')" 2>/dev/null; then
  echo "setup: the zeromq native binding does not load (tslab needs it); try 'npm rebuild zeromq'" >&2
  exit 1
fi

bash "$ROOT/scripts/register-kernel.sh"
echo "setup: tslab kernel registered in .jupyter/ (export JUPYTER_PATH=$ROOT/.jupyter/share/jupyter)"
echo "setup: done ($(node --version), npm $(npm --version), $(/usr/bin/python3 --version), $(/usr/bin/chromium --version 2>/dev/null | head -1))"
