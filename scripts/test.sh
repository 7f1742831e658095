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
# Two workers on two cores (tests/conftest.py keeps the real-model tests in one of them and
# gives each worker one torch thread); PYTEST_WORKERS=0 runs in one process.
# --max-worker-restart=0: a worker killed by the hang timeout (pyproject.toml) ends the run,
# naming the test it was running. Under --dist loadgroup a replacement worker is never given
# the dead one's remaining tests, so the run would otherwise wait forever.
exec "$bin/python" -m pytest -n "${PYTEST_WORKERS:-2}" --dist loadgroup --max-worker-restart=0 "$@"
