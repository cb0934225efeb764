#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs the package with its test
# dependencies, Debian's Chromium and Java, and the npm validators, then runs pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian: Chromium for the browser tests, Java for the Nu Html Checker.
if [ ! -x /usr/bin/chromium ] || ! command -v java >/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium default-jre-headless >/dev/null
fi
# npm: vnu-jar (the checker's jar ships in the package) and axe-core, pinned by the lock file.
(cd tests/node && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
python3 -m pip install -q --disable-pip-version-check -e ".[test]"
python3 -m pytest -q "$@"
