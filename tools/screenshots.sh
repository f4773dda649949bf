#!/usr/bin/env bash
# Screenshots of the example site at 375 px and 1280 px wide (home page, overviews, a
# journey, a step, a story, the 404 page), as the browser tests take them while they check
# the pages: tests/test_browser.py, on the tests' "today". Written to .cache/screenshots/
# (or the folder given); the README shows two of them, copied to screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."
folder="${1:-.cache/screenshots}"
mkdir -p "$folder"
REISVERHAAL_SCREENSHOTS="$(cd "$folder" && pwd)" NO_MKDOCS_2_WARNING=1 \
  .venv/bin/python -m pytest -q tests/test_browser.py -k example_site
ls "$folder"
