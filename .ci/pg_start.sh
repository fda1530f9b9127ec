#!/usr/bin/env bash
# A PostgreSQL server for the store's tests (pytest -m postgres), on 127.0.0.1 only. Prints its URL
# on stdout and nothing else, so that CI can say
#     FRONTWATCH_TEST_PG=$(bash .ci/pg_start.sh)
# Installs Debian's `postgresql` package when no server is installed (as root, apt-get -y), creates
# a cluster of its own in $FRONTWATCH_PG_DIR (default /tmp/frontwatch-pg; the system's cluster is left
# alone), starts it on $FRONTWATCH_PG_PORT (default 54329) and creates the role and database
# `frontwatch`. Running it again reuses the running server. Exits non-zero when no server can be had.
set -euo pipefail
DIR=${FRONTWATCH_PG_DIR:-/tmp/frontwatch-pg}
PORT=${FRONTWATCH_PG_PORT:-54329}
NAME=frontwatch
log() { echo "pg_start: $*" >&2; }

server_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ ! -x "$(server_bin)/initdb" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    log "no PostgreSQL server is installed, and only root can install one (apt-get install postgresql)"
    exit 1
  fi
  log "installing Debian's postgresql package"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2
  apt-get install -y -q --no-install-recommends postgresql >&2
fi
BIN=$(server_bin)

# The server refuses to run as root: root runs it as the package's `postgres` user.
if [ "$(id -u)" -eq 0 ]; then
  as_owner() { runuser -u postgres -- "$@"; }
  install -d -o postgres -m 700 "$DIR"
else
  as_owner() { "$@"; }
  install -d -m 700 "$DIR"
fi

if [ ! -f "$DIR/data/PG_VERSION" ]; then
  log "creating a cluster in $DIR/data"
  as_owner "$BIN/initdb" -D "$DIR/data" -U postgres --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >&2
fi
if ! as_owner "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
  log "starting the server on 127.0.0.1:$PORT"
  as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR" start >&2 || { cat "$DIR/server.log" >&2; exit 1; }
fi

sql() { as_owner "$BIN/psql" -h "$DIR" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt -c "$1"; }
if [ -z "$(sql "SELECT 1 FROM pg_roles WHERE rolname = '$NAME'")" ]; then
  sql "CREATE ROLE $NAME LOGIN CREATEDB PASSWORD '$NAME'" >&2
fi
if [ -z "$(sql "SELECT 1 FROM pg_database WHERE datname = '$NAME'")" ]; then
  sql "CREATE DATABASE $NAME OWNER $NAME" >&2
fi
echo "postgresql://$NAME:$NAME@127.0.0.1:$PORT/$NAME"
