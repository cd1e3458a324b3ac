#!/usr/bin/env bash
# Set everything up and run the test suite (real LibreOffice, real files, no skips).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh test
exec .venv/bin/python -m pytest "$@"
