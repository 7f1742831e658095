#!/usr/bin/env bash
# Installs what the tests need into .venv and runs them (extra pytest args pass through).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh test
exec "${VENV:-.venv}/bin/python" -m pytest "$@"
