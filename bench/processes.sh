#!/usr/bin/env bash
# Messages per second with one `tidings` process and with three `tidings serve` processes sharing
# one MariaDB database, each sending an edition of N subscribers (default 20000) to Postfix's
# smtp-sink on loopback. Both runs happen here, one after the other, on the same data.
# Usage: bench/processes.sh [SUBSCRIBERS]
set -euo pipefail
n="${1:-20000}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d /tmp/tidings-processes.XXXXXX)"
port=2528
db="tidings_processes"

source "$here/scripts/mariadb-lib.sh"
use_mariadb "$work/mariadb"
if ! command -v smtp-sink >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postfix >/dev/null
fi
(cd "$here" && mvn -q -DskipTests -Dspotless.check.skip=true package)

smtp-sink -u postfix -c "127.0.0.1:$port" 1000 >/dev/null 2>&1 &
sink=$!
pids=()
trap 'kill $sink "${pids[@]}" 2>/dev/null || true; stop_mariadb; rm -rf "$work"' EXIT

sql -e "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db CHARACTER SET utf8mb4"
export TIDINGS_DB_URL="jdbc:mysql://127.0.0.1:$db_port/$db" TIDINGS_DB_USER=root
export TIDINGS_SMTP_HOST=127.0.0.1 TIDINGS_SMTP_PORT=$port
export TIDINGS_SECRET=processes-secret-0123456789abcdef
export TIDINGS_TEMPLATES_DIR="$here/templates" TIDINGS_SCHEDULER=false TIDINGS_HTTP_PORT=0
jar="$here/target/tidings.jar"

python3 - "$work" "$n" <<'PY'
import os, sys
work, n = sys.argv[1], int(sys.argv[2])
with open(os.path.join(work, "subscribers.csv"), "w") as f:
    f.write("email,name\n")
    for i in range(n):
        f.write(f"reader{i}@example.org,Reader {i}\n")
PY
java -jar "$jar" newsletter add --slug procs --name "Processes" --cron "0 7 * * *" \
  --from news@example.com >/dev/null
java -jar "$jar" subscriber import "$work/subscribers.csv" --newsletter procs --confirmed

articles() {  # $1: a run name, so each run's articles are new
  for i in $(seq 1 10); do
    printf '# %s story %d\n\nThe council met on Tuesday and agreed a plan for the river path. It opens in spring.\n\nResidents can comment until the end of the month.\n' "$1" "$i" > "$work/a$i.md"
    java -jar "$jar" article import "$work/a$i.md" --url "https://example.com/$1/$i" >/dev/null
  done
}

rate() {  # $1: edition id
  sql -N "$db" -e "SELECT COUNT(*),
    ROUND(COUNT(*) / (TIMESTAMPDIFF(MICROSECOND, MIN(sent_at), MAX(sent_at)) / 1e6)),
    COUNT(DISTINCT sent_by) FROM deliveries WHERE edition_id = $1 AND status = 'sent'"
}

articles one
java -jar "$jar" edition send --newsletter procs --wait --json > "$work/one.json"
one=$(python3 -c "import json,sys; print(json.load(open('$work/one.json'))['edition'])")
read -r sent1 rate1 procs1 <<<"$(rate "$one")"

articles three
edition=$(java -jar "$jar" edition send --newsletter procs --json \
  | python3 -c "import json,sys; print(json.load(sys.stdin)['edition'])")
for i in 1 2 3; do
  java -Xmx256m -jar "$jar" serve >"$work/serve$i.log" 2>&1 &
  pids+=($!)
done
for _ in $(seq 1 600); do
  status=$(java -jar "$jar" edition status "$edition" --json \
    | python3 -c "import json,sys; print(json.load(sys.stdin)['status'])")
  [[ "$status" == "sent" ]] && break
  sleep 1
done
kill "${pids[@]}" 2>/dev/null || true
wait "${pids[@]}" 2>/dev/null || true
read -r sent3 rate3 procs3 <<<"$(rate "$edition")"

printf '%-16s %8s %10s %10s\n' "run" "sent" "msgs/s" "senders"
printf '%-16s %8s %10s %10s\n' "one process" "$sent1" "$rate1" "$procs1"
printf '%-16s %8s %10s %10s\n' "three processes" "$sent3" "$rate3" "$procs3"
