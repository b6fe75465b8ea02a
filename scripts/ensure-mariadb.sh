#!/usr/bin/env bash
# Makes sure a MariaDB server answers on 127.0.0.1:3306 for user root with an empty password:
# installs it with apt-get where it is missing, starts it where it is stopped. Used by the tests
# and the benchmark; safe to run again.
set -euo pipefail

ping_tcp() { mariadb-admin --protocol=tcp -h127.0.0.1 -P3306 -uroot ping >/dev/null 2>&1; }

if ! command -v mariadbd >/dev/null 2>&1 && [[ ! -x /usr/sbin/mariadbd ]]; then
  echo "ensure-mariadb: installing mariadb-server with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq mariadb-server mariadb-client >/dev/null
fi

if ! ping_tcp; then
  if ! mariadb-admin ping >/dev/null 2>&1; then
    echo "ensure-mariadb: starting mariadbd" >&2
    mkdir -p /run/mysqld
    chown mysql:mysql /run/mysqld 2>/dev/null || true
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
    for _ in $(seq 1 60); do
      mariadb-admin ping >/dev/null 2>&1 && break
      sleep 1
    done
  fi
  if ! ping_tcp; then
    # A fresh Debian install lets root in through the socket only: allow the empty password on
    # loopback TCP as well, as the tests expect.
    mariadb -uroot -e "ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('') OR unix_socket; FLUSH PRIVILEGES;" || true
  fi
fi

for _ in $(seq 1 30); do
  if ping_tcp; then
    exit 0
  fi
  sleep 1
done
echo "ensure-mariadb: MariaDB does not answer on 127.0.0.1:3306 as root" >&2
exit 1
