#!/usr/bin/env bash
# Measures Tidings next to the physical limit and next to the naive way of sending a newsletter,
# on this machine, in one run. See bench/README.md for what every number means.
#
#   bench/run.sh [SUBSCRIBERS]        (default 100000)
#
# 1. Set-up: MariaDB (the test command's, else a private one: scripts/private-mariadb.sh),
#    Postfix's smtp-sink/smtp-source (apt-get), the service jar (mvn package), a fresh database, one newsletter, 10 articles, N subscribers; the
#    relay (smtp-sink, behind stunnel4 for TLS, or a private Postfix smtpd).
# 2. Limit: smtp-source -> the relay on loopback (through a stunnel4 client for TLS), one real
#    message's size, Tidings' connection count, connections reused; and the raw client
#    (bench/baseline/SmtpBlast.java: pipelined, TLS in the JVM) straight to the relay.
# 3. Tidings: `tidings edition send --wait` to the relay; then the limit again. The ratio uses the
#    mean of the two limit runs.
# 4. Baseline: bench/baseline/NaiveSender.java, render everything + Transport.send per message.
# 5. Render cost: bench/jmh/run.sh (JMH), unless BENCH_SKIP_JMH=1.
# 6. A table on stdout, bench/results/latest.json and a dated copy next to it.
#
# Settings (environment): TIDINGS_SMTP_CONNECTIONS (4), BENCH_XMX (256m), BENCH_SMTP_PORT (2531),
# BENCH_DB (tidings_bench), BENCH_LOADER (sql | cli), BENCH_LIMIT_COUNT (200000),
# BENCH_BASELINE_COUNT (5000), BENCH_BASELINE_SECONDS (60), BENCH_JAVA_OPTS, BENCH_SKIP_BUILD=1,
# BENCH_SKIP_JMH=1, BENCH_JMH_ARGS (options for JMH), BENCH_STRICT=1 (exit 1 when a figure is
# missing), BENCH_KEEP=1 (keep the work folder in /tmp), BENCH_TLS (none | tls | starttls),
# BENCH_RELAY (sink | postfix). Other TIDINGS_* variables reach the service as usual and are
# recorded in the JSON.
set -euo pipefail

# The whole script is one function, read by bash before it runs: editing or checking out this
# file during a run cannot change the run.
main() {
  n="${1:-100000}"
  if ! [[ "$n" =~ ^[0-9]+$ ]] || (( n < 1 )); then
    echo "usage: bench/run.sh [SUBSCRIBERS]   (a positive number, default 100000)" >&2
    exit 2
  fi
  bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  root="$(cd "$bench/.." && pwd)"
  jar="$root/target/tidings.jar"
  conns="${TIDINGS_SMTP_CONNECTIONS:-4}"
  xmx="${BENCH_XMX:-256m}"
  port="${BENCH_SMTP_PORT:-2531}"
  db="${BENCH_DB:-tidings_bench}"
  loader="${BENCH_LOADER:-sql}"
  limit_count="${BENCH_LIMIT_COUNT:-200000}"
  baseline_count="${BENCH_BASELINE_COUNT:-5000}"
  baseline_seconds="${BENCH_BASELINE_SECONDS:-60}"
  tls="${BENCH_TLS:-none}"
  relay="${BENCH_RELAY:-sink}"
  helo=bench.tidings-bench.example
  if (( limit_count > n )); then limit_count=$n; fi
  if (( baseline_count > n )); then baseline_count=$n; fi
  slug=harbour
  from=news@harbour.example.com
  from_name="Harbour Weekly desk"
  name="The Harbour Weekly"
  postal="12 Quay Street, Harbourton"
  secret="bench-secret-0123456789abcdef"
  url_base=https://news.example.com/stories/
  if [[ ! "$db" =~ ^[A-Za-z0-9_]+$ ]]; then
    echo "bench: BENCH_DB must be letters, digits and underscores" >&2
    exit 2
  fi
  if [[ "$loader" != sql && "$loader" != cli ]]; then
    echo "bench: BENCH_LOADER must be sql or cli" >&2
    exit 2
  fi
  if [[ "$tls" != none && "$tls" != tls && "$tls" != starttls ]]; then
    echo "bench: BENCH_TLS must be none, tls or starttls" >&2
    exit 2
  fi
  if [[ "$relay" != sink && "$relay" != postfix ]]; then
    echo "bench: BENCH_RELAY must be sink or postfix" >&2
    exit 2
  fi

  step() { printf '\n== %s\n' "$*" >&2; }
  seconds_since() {
    python3 -c "import sys, time; print(f'{time.time() - float(sys.argv[1]):.3f}')" "$1"
  }
  now() { python3 -c 'import time; print(f"{time.time():.6f}")'; }

  work="$(mktemp -d /tmp/tidings-bench.XXXXXX)"
  source "$root/scripts/mariadb-lib.sh"
  sink="" tls_server="" tls_client="" postfix_dir=""
  cleanup() {
    for pid in $tls_client $tls_server $sink; do kill "$pid" 2>/dev/null || true; done
    if [[ -n "$sink" ]]; then wait "$sink" 2>/dev/null || true; fi
    if [[ -n "$postfix_dir" ]]; then rm -rf "$postfix_dir"; fi
    stop_mariadb
    if [[ "${BENCH_KEEP:-}" == 1 ]]; then
      echo "bench: work files kept in $work" >&2
    else
      rm -rf "$work"
    fi
  }
  trap cleanup EXIT

  # --- 1. Set-up ----------------------------------------------------------------------------------
  step "MariaDB"
  use_mariadb "$work/mariadb"

  step "Postfix tools (smtp-sink, smtp-source) and GNU time"
  need=()
  command -v smtp-sink >/dev/null 2>&1 && command -v smtp-source >/dev/null 2>&1 || need+=(postfix)
  [[ -x /usr/bin/time ]] || need+=(time)
  if (( ${#need[@]} > 0 )); then
    export DEBIAN_FRONTEND=noninteractive
    # Install the binaries only: no mail server is configured or started.
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 \
      || { apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null; }
  fi

  step "Building target/tidings.jar"
  built=1
  if [[ "${BENCH_SKIP_BUILD:-}" == 1 && -f "$jar" ]]; then
    echo "skipped (BENCH_SKIP_BUILD=1)" >&2
    built=0
  else
    if ! (cd "$root" && mvn -q -B -DskipTests -Dspotless.check.skip=true package \
      >"$work/maven.log" 2>&1); then
      cat "$work/maven.log" >&2
      echo "bench: the build failed" >&2
      exit 1
    fi
  fi

  # The relay every sender of this run talks to is on $port. smtp-sink sits on $port, or on
  # $port+1 behind a stunnel4 server for TLS; a Postfix smtpd does its own TLS. The limit's
  # smtp-source speaks no TLS: for TLS it goes through a stunnel4 client on $port+2.
  listening() {
    local i
    for i in $(seq 1 100); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
        sleep 0.2
        if kill -0 "$2" 2>/dev/null; then return 0; fi
        break
      fi
      if ! kill -0 "$2" 2>/dev/null; then break; fi
      sleep 0.1
    done
    echo "bench: $3 did not start on 127.0.0.1:$1 (port taken? set BENCH_SMTP_PORT)" >&2
    exit 1
  }
  limit_port=$port
  if [[ "$tls" != none || "$relay" == postfix ]]; then
    step "stunnel4, OpenSSL and Postfix (scripts/ensure-relays.sh); a CA and a certificate"
    "$root/scripts/ensure-relays.sh"
    mkdir -p "$work/tls"
    (
      cd "$work/tls"
      openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=Tidings bench CA" \
        -keyout ca.key -out ca.pem 2>/dev/null
      openssl req -newkey rsa:2048 -nodes -subj /CN=localhost -keyout relay.key \
        -out relay.csr 2>/dev/null
      printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >san.ext
      openssl x509 -req -in relay.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 \
        -extfile san.ext -out relay.pem 2>/dev/null
    )
  fi
  stunnel_conf() { # NAME ACCEPT CONNECT CLIENT(yes|no): a stunnel4 service in the foreground
    local protocol=""
    if [[ "$tls" == starttls ]]; then protocol="protocol = smtp"; fi
    {
      printf '%s\n' "foreground = yes" "pid =" "debug = 3" \
        "socket = l:TCP_NODELAY=1" "socket = r:TCP_NODELAY=1" "[$1]" "accept = 127.0.0.1:$2" \
        "connect = 127.0.0.1:$3" "$protocol"
      if [[ "$4" == yes ]]; then
        printf '%s\n' "client = yes" "CAfile = $work/tls/ca.pem" "verifyChain = yes" \
          "checkHost = localhost" "sni = localhost" "protocolHost = $helo"
      else
        printf '%s\n' "cert = $work/tls/relay.pem" "key = $work/tls/relay.key"
      fi
    } >"$work/tls/$1.conf"
  }
  if [[ "$relay" == postfix ]]; then
    step "Postfix smtpd on 127.0.0.1:$port (TLS: $tls), queue and discard transport"
    # Postfix's own user must reach its queue, so it lives outside the private work folder.
    postfix_dir="$(mktemp -d /tmp/tidings-bench-postfix.XXXXXX)"
    chmod 755 "$postfix_dir"
    "$root/scripts/postfix-relay.sh" "$postfix_dir" "$port" "$work/tls/relay.pem" \
      "$work/tls/relay.key" "$( [[ "$tls" == tls ]] && echo tls || echo starttls )" \
      >"$work/postfix.out" 2>&1 &
    sink=$!
    listening "$port" "$sink" "Postfix"
    relay_name="Postfix smtpd"
  else
    sink_port=$port
    if [[ "$tls" != none ]]; then sink_port=$((port + 1)); fi
    step "smtp-sink on 127.0.0.1:$sink_port"
    smtp-sink -u postfix -c "127.0.0.1:$sink_port" 1000 >/dev/null 2>&1 &
    sink=$!
    listening "$sink_port" "$sink" "smtp-sink"
    relay_name="smtp-sink"
    if [[ "$tls" != none ]]; then
      step "stunnel4 server ($tls) on 127.0.0.1:$port in front of smtp-sink"
      stunnel_conf server "$port" "$sink_port" no
      stunnel4 "$work/tls/server.conf" >"$work/tls/server.log" 2>&1 &
      tls_server=$!
      listening "$port" "$tls_server" "stunnel4 (server)"
      relay_name="stunnel4 ($tls) -> smtp-sink"
    fi
  fi
  if [[ "$tls" != none ]]; then
    limit_port=$((port + 2))
    step "stunnel4 client ($tls) on 127.0.0.1:$limit_port for smtp-source"
    stunnel_conf client "$limit_port" "$port" yes
    stunnel4 "$work/tls/client.conf" >"$work/tls/client.log" 2>&1 &
    tls_client=$!
    listening "$limit_port" "$tls_client" "stunnel4 (client)"
  fi

  step "Fresh database $db"
  sql \
    -e "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db CHARACTER SET utf8mb4"
  export TIDINGS_DB_URL="jdbc:mysql://127.0.0.1:$db_port/$db" TIDINGS_DB_USER=root TIDINGS_DB_PASSWORD=
  export TIDINGS_SMTP_HOST=127.0.0.1 TIDINGS_SMTP_PORT="$port" TIDINGS_SMTP_CONNECTIONS="$conns"
  export TIDINGS_SMTP_TLS="$tls" TIDINGS_SMTP_HELO="${TIDINGS_SMTP_HELO:-$helo}"
  if [[ "$tls" != none ]]; then export TIDINGS_SMTP_TLS_CA="$work/tls/ca.pem"; fi
  export TIDINGS_SECRET="$secret" TIDINGS_TEMPLATES_DIR="$root/templates"
  export TIDINGS_POSTAL_ADDRESS="$postal" TIDINGS_DATA_DIR="$work/data"
  export TIDINGS_DB_POOL_SIZE="${TIDINGS_DB_POOL_SIZE:-$(( conns + 6 > 200 ? 200 : conns + 6 ))}"
  # Run every java from the work folder, so no .env of the checkout changes the settings.
  cd "$work"
  tidings() { "$root/scripts/tidings-java.sh" "$jar" "$@"; }

  tidings newsletter add --slug "$slug" --name "$name" --cron "0 7 * * 1" \
    --from "$from" --from-name "$from_name" >/dev/null
  newsletter_id=$(sql -N "$db" \
    -e "SELECT id FROM newsletters WHERE slug = '$slug'")

  step "Loading $n subscribers ($loader)"
  load_start=$(now)
  if [[ "$loader" == cli ]]; then
    python3 "$bench/lib/subscribers.py" csv "$n" "$work/subscribers.csv"
    tidings subscriber import "$work/subscribers.csv" --newsletter "$slug" --confirmed >&2
  else
    # The rows `subscriber import --confirmed` would write, loaded in bulk (see bench/README.md).
    python3 "$bench/lib/subscribers.py" tsv "$n" "$newsletter_id" \
      "$work/subscribers.tsv" "$work/subscriptions.tsv"
    sql --local-infile=1 "$db" -e "
      SET foreign_key_checks = 0;
      LOAD DATA LOCAL INFILE '$work/subscribers.tsv' INTO TABLE subscribers
        FIELDS TERMINATED BY '\t' ESCAPED BY ''
        (id, email, email_hash, name, status, consent_at, consent_method, consent_source,
         created_at, updated_at);
      LOAD DATA LOCAL INFILE '$work/subscriptions.tsv' INTO TABLE subscriptions
        FIELDS TERMINATED BY '\t' ESCAPED BY ''
        (subscriber_id, newsletter_id, status, created_at, updated_at);
      SET foreign_key_checks = 1;"
    rm -f "$work/subscribers.tsv" "$work/subscriptions.tsv"
  fi
  load_s=$(seconds_since "$load_start")
  active=$(sql -N "$db" -e "SELECT COUNT(*) FROM subscriptions sub
    JOIN subscribers s ON s.id = sub.subscriber_id
    WHERE sub.newsletter_id = $newsletter_id AND sub.status = 'active' AND s.status = 'active'")
  echo "$active active subscribers in ${load_s}s" >&2
  if (( active != n )); then
    echo "bench: expected $n active subscribers, found $active" >&2
    exit 1
  fi

  step "Importing 10 articles"
  for f in "$bench"/articles/*.md; do
    tidings article import "$f" --url "$url_base$(basename "$f" .md)" >/dev/null
  done
  first_email=$(python3 "$bench/lib/subscribers.py" first)
  tidings edition preview --newsletter "$slug" --format eml --subscriber "$first_email" \
    >"$work/sample.eml"
  bytes=$(wc -c <"$work/sample.eml")
  echo "one rendered message ($first_email): $bytes bytes" >&2

  printf '%s\n' "subscribers=$n" "db=$db" "db_port=$db_port" "loader=$loader" "load_s=$load_s" \
    "message_bytes=$bytes" "connections=$conns" "xmx=$xmx" "limit_count=$limit_count" \
    "db_pid=$db_pid" "sink_pid=$sink" "server_pids=$sink $tls_server" \
    "client_pid=$tls_client" "tls=$tls" "relay=$relay" "relay_name=$relay_name" \
    "jar_built=$built" >"$work/meta.env"

  # --- 2. The limit, before Tidings (and again after it) ------------------------------------------
  limit_run() {
    step "Limit ($1): smtp-source, $limit_count messages of $bytes bytes over $conns reused" \
      "connection(s)"
    python3 "$bench/lib/timed_run.py" "$work/$2" --watch "$sink" --watch "$tls_server" \
      --watch "$tls_client" -- \
      smtp-source -s "$conns" -l "$bytes" -m "$limit_count" -d -M "$helo" \
      -f "$from" -t reader@example.org "127.0.0.1:$limit_port" \
      || echo "bench: smtp-source failed" >&2
    step "Raw client ($1): bench/baseline/SmtpBlast.java, the same messages pipelined, TLS" \
      "($tls) in the JVM, straight to the relay"
    raw=(java "$bench/baseline/SmtpBlast.java" --host 127.0.0.1 --port "$port" --tls "$tls"
      --server-name localhost --connections "$conns" --count "$limit_count" --bytes "$bytes"
      --helo "$helo" --from "$from" --to reader@example.org)
    if [[ "$tls" != none ]]; then raw+=(--ca "$work/tls/ca.pem"); fi
    python3 "$bench/lib/timed_run.py" "$work/raw_$2" --stdout "$work/raw_out_$2" \
      --watch "$sink" --watch "$tls_server" -- "${raw[@]}" \
      || echo "bench: the raw client failed" >&2
    cat "$work/raw_out_$2" >&2
  }
  limit_run before limit.json

  # --- 3. Tidings ---------------------------------------------------------------------------------
  step "Tidings: edition send --wait to $n subscribers (-Xmx$xmx, $conns connection(s))"
  # shellcheck disable=SC2086  # BENCH_JAVA_OPTS is a list of options
  python3 "$bench/lib/timed_run.py" "$work/send.json" --edition-line \
    --watch "$db_pid" --watch "$sink" --watch "$tls_server" -- \
    /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" \
    env TIDINGS_JAVA_OPTS="-Xmx$xmx -Xlog:gc,gc+heap+exit:file=$work/gc.log ${BENCH_JAVA_OPTS:-}" \
    TIDINGS_LOG_LEVEL="${TIDINGS_LOG_LEVEL:-INFO}" \
    "$root/scripts/tidings-java.sh" "$jar" edition send --newsletter "$slug" --wait \
    2>"$work/send.err" \
    || {
      echo "bench: edition send exited non-zero; its stderr:" >&2
      tail -20 "$work/send.err" >&2
    }

  # The machine's speed drifts within minutes: the limit is measured on both sides of Tidings.
  limit_run after limit_after.json

  # --- 4. The naive baseline ----------------------------------------------------------------------
  step "Baseline: render all + Transport.send per message, one thread" \
    "($baseline_count messages, at most ${baseline_seconds}s)"
  python3 "$bench/lib/subscribers.py" list "$baseline_count" "$work/recipients.tsv"
  naive=(java -cp "$jar" "$bench/baseline/NaiveSender.java" --host 127.0.0.1 --port "$port"
    --templates "$root/templates" --articles "$bench/articles"
    --recipients "$work/recipients.tsv" --count "$baseline_count"
    --name "$name" --slug "$slug" --from "$from" --from-name "$from_name"
    --postal-address "$postal" --secret "$secret" --url-base "$url_base"
    --max-seconds "$baseline_seconds" --helo "$helo" --tls "$tls")
  if [[ "$tls" != none ]]; then naive+=(--ca "$work/tls/ca.pem"); fi
  python3 "$bench/lib/timed_run.py" "$work/baseline.run.json" --stdout "$work/baseline.json" \
    --watch "$sink" --watch "$tls_server" -- "${naive[@]}" || echo "bench: baseline failed" >&2
  cat "$work/baseline.json" >&2
  step "Baseline with TCP_NODELAY (the only change)"
  python3 "$bench/lib/timed_run.py" "$work/baseline_nodelay.run.json" \
    --stdout "$work/baseline_nodelay.json" --watch "$sink" --watch "$tls_server" -- \
    "${naive[@]}" --nodelay true \
    || echo "bench: baseline (nodelay) failed" >&2
  cat "$work/baseline_nodelay.json" >&2

  # --- 5. Render cost -----------------------------------------------------------------------------
  if [[ "${BENCH_SKIP_JMH:-}" != 1 ]]; then
    step "Render cost (JMH)"
    # shellcheck disable=SC2086  # BENCH_JMH_ARGS is a list of JMH options
    JMH_RESULT="$work/jmh.json" "$bench/jmh/run.sh" ${BENCH_JMH_ARGS:-} >&2 \
      || echo "bench: JMH failed" >&2
  fi

  # --- 6. Report ----------------------------------------------------------------------------------
  step "Report"
  python3 "$bench/lib/report.py" "$work" "$root" "$bench/results/latest.json" \
    "$bench/results/$(date -u +%Y%m%dT%H%M%SZ)-$n.json"
  if [[ "${BENCH_STRICT:-}" == 1 ]]; then
    # Every figure of the report must be there: a step that broke fails the run.
    python3 - "$bench/results/latest.json" "${BENCH_SKIP_JMH:-}" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))
needed = ["limit_msgs_per_s", "tidings_msgs_per_s", "baseline_msgs_per_s",
          "baseline_nodelay_msgs_per_s", "first_message_s", "fanout_s", "heap_peak_mb",
          "raw_client_msgs_per_s"]
if sys.argv[2] != "1":
    needed += ["render_us", "render_compose_us"]
missing = [key for key in needed if results.get(key) is None]
if missing or results.get("tidings_sent") != results.get("subscribers"):
    sys.exit(f"bench: incomplete results: missing {missing}, "
             f"sent {results.get('tidings_sent')} of {results.get('subscribers')}")
PY
  fi
}

main "$@"
