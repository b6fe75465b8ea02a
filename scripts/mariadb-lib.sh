# Sourced by the test and benchmark scripts: which MariaDB they use, never the machine's own.
#
#   use_mariadb DIR   the server on TIDINGS_MARIADB_PORT (127.0.0.1, root, no password) when that
#                     is set, else a private one started in DIR (scripts/private-mariadb.sh);
#                     sets db_port and db_pid (TIDINGS_MARIADB_PID with the port)
#   sql ARGS...       the mariadb client on that server
#   stop_mariadb      stops the private server, if this script started one
_mariadb_lib_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
private_db=""

use_mariadb() {
  if [[ -n "${TIDINGS_MARIADB_PORT:-}" ]]; then
    db_port=$TIDINGS_MARIADB_PORT
    db_pid=${TIDINGS_MARIADB_PID:-}
  else
    db_port=$("$_mariadb_lib_dir/private-mariadb.sh" start "$1")
    db_pid=$(cat "$1/pid")
    private_db=$1
  fi
}

sql() { mariadb --no-defaults -uroot -h127.0.0.1 -P"$db_port" "$@"; }

stop_mariadb() {
  if [[ -n "$private_db" ]]; then
    "$_mariadb_lib_dir/private-mariadb.sh" stop "$private_db"
  fi
}
