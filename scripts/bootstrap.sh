#!/usr/bin/env bash
# Creates .venv and installs the project into it, once; re-runs only when pyproject changes.
# Usage: scripts/bootstrap.sh [extra]   e.g. "test" for the test dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
extra="${1:-}"
venv="${VENV:-.venv}"
py="${PYTHON:-python3}"
if [ ! -x "$venv/bin/python" ]; then
  "$py" -m venv "$venv"
fi
stamp="$venv/.bootstrap-stamp-${extra:-base}"
want="$(cat pyproject.toml | sha256sum | cut -c1-16)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
pip=("$venv/bin/python" -m pip --disable-pip-version-check -q)
# torch first, pinned: 2.13.0 is the CPU build this machine serves; any other request would
# pull a multi-GB CUDA build through sentence-transformers.
"${pip[@]}" install "torch==2.13.0"
if [ -n "$extra" ]; then
  "${pip[@]}" install -e ".[$extra]"
else
  "${pip[@]}" install -e .
fi
echo "$want" > "$stamp"
