#!/usr/bin/env bash
# Creates .venv and installs the project into it, once; re-runs only when pyproject changes.
# Usage: scripts/bootstrap.sh [extra]   e.g. "test" for the test dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
extra="${1:-}"
venv="${VENV:-.venv}"
py="${PYTHON:-python3}"
# One short line per stage on stderr, so minutes of installing never look like a hang.
stage() { echo "bootstrap: $*" >&2; }
if [ ! -x "$venv/bin/python" ]; then
  stage "creating $venv…"
  "$py" -m venv "$venv"
fi
stamp="$venv/.bootstrap-stamp-${extra:-base}"
want="$(cat pyproject.toml | sha256sum | cut -c1-16)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
# Voice needs Debian's PortAudio (microphone capture; the tests also speak with espeak-ng), and
# the browser test of `serve` drives Debian's chromium through chromium-driver.
# Optional: without them the app says what is missing and the rest works. Installed only where
# apt-get can be used without a password (root, or sudo -n); INTERVIEW_COACH_NO_APT=1 skips it.
debs=(libportaudio2)
if [ "$extra" = "test" ]; then debs+=(espeak-ng chromium chromium-driver); fi
missing=()
for deb in "${debs[@]}"; do
  dpkg -s "$deb" >/dev/null 2>&1 || missing+=("$deb")
done
if [ ${#missing[@]} -gt 0 ] && [ -z "${INTERVIEW_COACH_NO_APT:-}" ] && command -v apt-get >/dev/null; then
  as_root=()
  if [ "$(id -u)" != 0 ]; then
    if sudo -n true 2>/dev/null; then as_root=(sudo -n); else as_root=(false); fi
  fi
  stage "installing ${missing[*]} (voice; apt-get)…"
  if "${as_root[@]}" apt-get update -qq >/dev/null 2>&1 \
      && DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1; then
    echo "installed ${missing[*]}" >&2
  else
    echo "note: ${missing[*]} not installed (voice recording needs libportaudio2, the tests espeak-ng, chromium and chromium-driver: sudo apt-get install ${missing[*]}); everything else works, and tests that need them are skipped" >&2
  fi
fi
pip=("$venv/bin/python" -m pip --disable-pip-version-check -q)
# torch first, pinned: 2.13.0 is the CPU build this machine serves; any other request would
# pull a multi-GB CUDA build through sentence-transformers.
if "$venv/bin/python" -c "import torch" 2>/dev/null; then
  stage "torch already installed"
else
  stage "installing torch (first run only; a few minutes)…"
fi
"${pip[@]}" install "torch==2.13.0"
stage "installing interview-coach${extra:+ [$extra]} and its dependencies…"
if [ -n "$extra" ]; then
  "${pip[@]}" install -e ".[$extra]"
else
  "${pip[@]}" install -e .
fi
echo "$want" > "$stamp"
stage "done"
