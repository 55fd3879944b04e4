#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL: `make test` runs pytest through it, so the
# store tests run on SQLite and on PostgreSQL.
#
#   scripts/test_postgres.sh .venv/bin/python -m pytest tests/test_store.py -q
#
# With DATABASE_URL already set, the command runs against that server and nothing is started.
# Otherwise: installs Debian's postgresql package if it is missing (as root, or through sudo),
# creates a cluster in a temporary folder with initdb, starts it with pg_ctl on a free
# localhost port (as the postgres user when run as root: PostgreSQL refuses root), creates the
# database ward_test, runs the command with DATABASE_URL pointing at it, then stops the server
# and deletes the folder, whatever the command's outcome.  Exits with the command's status.
set -euo pipefail

if [[ $# -eq 0 ]]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi

if [[ -n "${DATABASE_URL:-}" ]]; then
    echo "test-postgres: using the DATABASE_URL already set" >&2
    exec "$@"
fi

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

bin="$(find_bin)"
if [[ -z "$bin" || ! -x "$bin/initdb" ]]; then
    echo "test-postgres: installing PostgreSQL from Debian's packages" >&2
    sudo=()
    [[ "$(id -u)" == 0 ]] || sudo=(sudo)
    "${sudo[@]}" apt-get update -q
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
    bin="$(find_bin)"
fi

# Under TMPDIR: `make test` points it at memory (/dev/shm), since a database is made and dropped
# for every store test, and on this machine's disk each costs half a second or more.
PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/ward-test-pg.XXXXXX")"
as=()
if [[ "$(id -u)" == 0 ]]; then
    chown postgres: "$PG_DIR"
    as=(runuser -u postgres --)
fi
PG_CTL=("${as[@]}" "$bin/pg_ctl" -D "$PG_DIR/data")

stop_postgres() {
    local status=$?
    (cd "$PG_DIR" && "${PG_CTL[@]}" stop -m fast >/dev/null 2>&1) || true
    if [[ $status -ne 0 && -f "$PG_DIR/server.log" ]]; then
        echo "test-postgres: last lines of the PostgreSQL log:" >&2
        tail -n 20 "$PG_DIR/server.log" >&2 || true
    fi
    rm -rf "$PG_DIR"
    exit $status
}
trap stop_postgres EXIT
trap "exit 130" INT TERM

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
# From inside PG_DIR: the postgres user may not be allowed into the checkout.
(cd "$PG_DIR" && "${as[@]}" "$bin/initdb" -D "$PG_DIR/data" -U ward --auth=trust --encoding=UTF8 \
    --locale=C.UTF-8 >"$PG_DIR/initdb.log")
(cd "$PG_DIR" && "${PG_CTL[@]}" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR -c fsync=off -c log_checkpoints=off -c max_connections=200" start >/dev/null)
"$bin/createdb" -h 127.0.0.1 -p "$port" -U ward ward_test
export DATABASE_URL="postgresql://ward@127.0.0.1:$port/ward_test"
echo "test-postgres: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on port $port; DATABASE_URL=$DATABASE_URL" >&2

# Not exec: the trap stops the server once the command ends.
"$@"
