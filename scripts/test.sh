#!/usr/bin/env bash
# Installs what the tests need into .venv, checks the code's shape, and runs the tests (extra
# pytest args pass through).
set -euo pipefail
cd "$(dirname "$0")/.."
stage() { echo "test: $*" >&2; }  # what is running, on stderr: the whole run takes minutes
stage "set-up…"
bash scripts/bootstrap.sh test
bin="${VENV:-.venv}/bin"
stage "ruff…"
"$bin/ruff" check --quiet src tests
stage "import layers…"
"$bin/lint-imports" --no-cache >/dev/null || "$bin/lint-imports" --no-cache
stage "mypy…"
"$bin/mypy" --no-error-summary
stage "tests…"
exec "$bin/python" -m pytest "$@"
