#!/usr/bin/env bash
# Installs what the tests need into .venv, checks the code's shape, and runs the tests (extra
# pytest args pass through).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh test
bin="${VENV:-.venv}/bin"
"$bin/ruff" check --quiet src tests
"$bin/lint-imports" --no-cache >/dev/null || "$bin/lint-imports" --no-cache
"$bin/mypy" --no-error-summary
exec "$bin/python" -m pytest "$@"
