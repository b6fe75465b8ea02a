#!/usr/bin/env bash
# Measures `tidings edition send --wait` to N subscribers (default 10000) against Postfix's
# smtp-sink on loopback, on a fresh MariaDB database. Prints the message size, the wall time of
# the send command and the rate between the first and the last accepted message.
# Usage: bench/quick-send.sh [SUBSCRIBERS]
set -euo pipefail
n="${1:-10000}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d /tmp/tidings-quick-send.XXXXXX)"
port=2526
db="tidings_quick_send"

source "$here/scripts/mariadb-lib.sh"
use_mariadb "$work/mariadb"
if ! command -v smtp-sink >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postfix >/dev/null
fi
(cd "$here" && mvn -q -DskipTests -Dspotless.check.skip=true package)

smtp-sink -u postfix -c "127.0.0.1:$port" 1000 >/dev/null 2>&1 &
sink=$!
trap 'kill $sink 2>/dev/null || true; stop_mariadb; rm -rf "$work"' EXIT

sql -e "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db CHARACTER SET utf8mb4"
export TIDINGS_DB_URL="jdbc:mysql://127.0.0.1:$db_port/$db" TIDINGS_DB_USER=root
export TIDINGS_SMTP_HOST=127.0.0.1 TIDINGS_SMTP_PORT=$port
export TIDINGS_SECRET=quick-send-secret-0123456789abcdef
export TIDINGS_TEMPLATES_DIR="$here/templates"
jar="$here/target/tidings.jar"

python3 - "$work" "$n" <<'PY'
import os, sys
work, n = sys.argv[1], int(sys.argv[2])
with open(os.path.join(work, "subscribers.csv"), "w") as f:
    f.write("email,name\n")
    for i in range(n):
        f.write(f"reader{i}@example.org,Reader {i}\n")
lead = "The council met on Tuesday and agreed a plan for the river path. "
for i in range(10):
    with open(os.path.join(work, f"story{i}.md"), "w") as f:
        f.write(f"# Story {i}: what changed this week\n\n{lead * 3}\n\n"
                "Residents can comment until the end of the month, online or at the library.\n")
PY

java -jar "$jar" newsletter add --slug quick --name "Quick Send" --cron "0 7 * * *" \
  --from news@example.com --from-name "Quick Desk" >/dev/null
java -jar "$jar" subscriber import "$work/subscribers.csv" --newsletter quick --confirmed
for f in "$work"/story*.md; do
  java -jar "$jar" article import "$f" --url "https://example.com/$(basename "$f" .md)" >/dev/null
done
bytes=$(java -jar "$jar" edition preview --newsletter quick --format eml \
  --subscriber reader1@example.org | wc -c)
echo "message size: $bytes bytes"
start=$(date +%s.%N)
java -jar "$jar" edition send --newsletter quick --wait
end=$(date +%s.%N)
python3 -c "print(f'send --wait wall time (JVM start, planning, fan-out, delivery): {$end-$start:.1f}s')"
sql "$db" -e "SELECT COUNT(*) AS sent,
  TIMESTAMPDIFF(MICROSECOND, MIN(sent_at), MAX(sent_at)) / 1e6 AS send_seconds,
  COUNT(*) / (TIMESTAMPDIFF(MICROSECOND, MIN(sent_at), MAX(sent_at)) / 1e6) AS msgs_per_s
  FROM deliveries WHERE status = 'sent'"
