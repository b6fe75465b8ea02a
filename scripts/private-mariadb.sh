#!/usr/bin/env bash
# A MariaDB server of the project's own, for the tests and the benchmark: a fresh data folder,
# a free port on 127.0.0.1, root without a password on that server only. The machine's own
# MariaDB, its users and its logins are never touched.
#
#   scripts/private-mariadb.sh start DIR   starts one in DIR (made fresh) and prints its port
#   scripts/private-mariadb.sh stop DIR    stops the one in DIR
#
# mariadb-server is installed with apt-get where it is missing (for its binaries only).
set -euo pipefail
command=${1:?usage: private-mariadb.sh start|stop DIR}
dir=${2:?usage: private-mariadb.sh start|stop DIR}

ping_port() { mariadb-admin --no-defaults --protocol=tcp -h127.0.0.1 -P"$1" -uroot ping >/dev/null 2>&1; }

case "$command" in
  start)
    if [[ ! -x /usr/sbin/mariadbd ]] || ! command -v mariadb-install-db >/dev/null 2>&1; then
      echo "private-mariadb: installing mariadb-server with apt-get" >&2
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq
      apt-get install -y -qq mariadb-server mariadb-client >/dev/null
    fi
    if [[ -f "$dir/pid" ]] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
      "$0" stop "$dir"
    fi
    rm -rf "$dir"
    mkdir -p "$dir/data"
    user=$(id -un)
    mariadb-install-db --no-defaults --datadir="$dir/data" --user="$user" \
      --auth-root-authentication-method=normal --skip-test-db >"$dir/install.log" 2>&1 || {
        cat "$dir/install.log" >&2
        echo "private-mariadb: mariadb-install-db failed" >&2
        exit 1
      }
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    /usr/sbin/mariadbd --no-defaults --datadir="$dir/data" --port="$port" \
      --bind-address=127.0.0.1 --socket="$dir/sock" --pid-file="$dir/pid" --user="$user" \
      --innodb-buffer-pool-size=256M --skip-log-bin --max-connections=500 \
      >>"$dir/server.log" 2>&1 &
    for _ in $(seq 1 60); do
      if ping_port "$port"; then
        echo "$port" >"$dir/port"
        echo "$port"
        exit 0
      fi
      sleep 1
    done
    cat "$dir/server.log" >&2
    echo "private-mariadb: the server in $dir does not answer on port $port" >&2
    exit 1
    ;;
  stop)
    if [[ -f "$dir/pid" ]]; then
      pid=$(cat "$dir/pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 60); do
        kill -0 "$pid" 2>/dev/null || exit 0
        sleep 1
      done
      kill -9 "$pid" 2>/dev/null || true
    fi
    ;;
  *)
    echo "usage: private-mariadb.sh start|stop DIR" >&2
    exit 2
    ;;
esac
