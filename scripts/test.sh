#!/usr/bin/env bash
# The test command: a running MariaDB (installed or started as needed), then the whole Maven build
# with formatting checks and every test, on MariaDB and on the embedded H2, with Debian's Chromium
# for the browser tests.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/scripts/ensure-mariadb.sh"
"$here/scripts/ensure-chromium.sh"
cd "$here"
exec mvn -B -ntp verify "$@"
