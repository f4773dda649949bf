#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh Debian machine, then run it.
# Debian's chromium (browser tests) comes from apt; the Python packages from PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -e '.[test]'

export NO_MKDOCS_2_WARNING=1
.venv/bin/ruff check scripts tests tools
.venv/bin/python -m pytest -n 2 -q "$@"
