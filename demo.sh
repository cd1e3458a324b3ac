#!/usr/bin/env bash
# Set everything up and run the whole year on the bundled samples.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
exec .venv/bin/thidua demo "$@"
