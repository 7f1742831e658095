#!/usr/bin/env bash
# Launches Interview Coach on the bundled model, installing it into .venv first if needed.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bash "$here/scripts/bootstrap.sh" >&2
exec "$here/${VENV:-.venv}/bin/interview-coach" "$@"
