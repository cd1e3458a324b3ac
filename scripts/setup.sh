#!/usr/bin/env bash
# Prepare a fresh Debian machine for thidua: system tools, a virtualenv, the package.
# Idempotent: what is already there is not installed again. Usage: scripts/setup.sh [test]
set -euo pipefail
cd "$(dirname "$0")/.."

# LibreOffice converts to PDF; Liberation fonts are metric-compatible with Times New Roman;
# poppler's pdftoppm makes the scans the tests and benches read; tesseract reads scanned pages (Vietnamese model), and its
# library with leptonica, pkg-config, g++ and the Python headers build tesserocr against it (one
# tesseract engine per thread, the same engine as the program); glibc's iconv (libc-bin) is the
# reference TCVN3 table the tests compare ours with.
SYSTEM_PACKAGES="libreoffice-writer-nogui libreoffice-calc-nogui fonts-liberation2 poppler-utils tesseract-ocr tesseract-ocr-vie libtesseract-dev libleptonica-dev pkg-config g++ python3-dev python3-venv libc-bin"
# The tests also drive the web page in a real browser: Debian's Chromium and its WebDriver.
if [ "${1:-}" = "test" ]; then
  SYSTEM_PACKAGES="$SYSTEM_PACKAGES chromium chromium-driver"
fi

missing=""
for pkg in $SYSTEM_PACKAGES; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
if [ -n "$missing" ] && command -v apt-get >/dev/null; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "Cài gói hệ thống:$missing"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
# Built from source so that it uses the system's tesseract (its wheel carries another version,
# which reads the scans a little differently from what bench/accuracy.py measured).
.venv/bin/python -m pip install -q --no-binary tesserocr "tesserocr>=2.6"
if [ "${1:-}" = "test" ]; then
  .venv/bin/python -m pip install -q ".[test]"
else
  .venv/bin/python -m pip install -q .
fi
