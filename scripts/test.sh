#!/usr/bin/env bash
# The test command: a running MariaDB (installed or started as needed), then the whole Maven build
# with formatting checks and every test, on MariaDB and on the embedded H2, with Debian's Chromium
# for the browser tests and the real relays of the TLS tests (aiosmtpd, OpenSSL, Postfix); then a
# 1,000-subscriber smoke run of the benchmark (bench/run.sh), which fails when any of its figures
# is missing. TIDINGS_BENCH_SMOKE=0 skips the smoke run.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/scripts/ensure-mariadb.sh"
"$here/scripts/ensure-chromium.sh"
"$here/scripts/ensure-relays.sh"
cd "$here"
mvn -B -ntp verify "$@"
if [[ "${TIDINGS_BENCH_SMOKE:-1}" != 0 ]]; then
  echo "== benchmark smoke run (1,000 subscribers)" >&2
  BENCH_STRICT=1 BENCH_SKIP_BUILD=1 BENCH_LIMIT_COUNT=1000 BENCH_BASELINE_COUNT=200 \
    BENCH_BASELINE_SECONDS=15 BENCH_JMH_ARGS="-f 1 -wi 1 -i 1 -w 1s -r 1s" \
    "$here/bench/run.sh" 1000
fi
