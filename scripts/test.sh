#!/usr/bin/env bash
# The test command: a private MariaDB of its own (scripts/private-mariadb.sh: a data folder under
# target/, a free port; the machine's server and its logins are left alone; TIDINGS_TEST_MYSQL_URL
# points the tests at another server instead), then the whole Maven build
# with formatting checks and every test, on MariaDB and on the embedded H2, with Debian's Chromium
# for the browser tests and the real relays of the TLS tests (aiosmtpd, OpenSSL, Postfix); then a
# 1,000-subscriber smoke run of the benchmark (bench/run.sh), which fails when any of its figures
# is missing. TIDINGS_BENCH_SMOKE=0 skips the smoke run.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$here/scripts/mariadb-lib.sh"
if [[ -z "${TIDINGS_TEST_MYSQL_URL:-}" ]]; then
  use_mariadb "$here/target/test-mariadb"
  trap stop_mariadb EXIT
  export TIDINGS_TEST_MYSQL_URL="jdbc:mysql://127.0.0.1:$db_port/" TIDINGS_TEST_MYSQL_USER=root
  export TIDINGS_TEST_MYSQL_PASSWORD="" TIDINGS_MARIADB_PORT="$db_port" TIDINGS_MARIADB_PID="$db_pid"
fi
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
