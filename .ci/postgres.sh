#!/usr/bin/env bash
# A throwaway PostgreSQL for the store test suite (issue 12): sourced by .ci/run. Installs PostgreSQL from Debian's
# packages when the machine has none, starts it on 127.0.0.1 on a free port with a data directory in a temp folder, and
# exports MEETINGMIGRATION_TEST_POSTGRES for the tests; mm_postgres_stop stops it and removes the folder. When no server
# can be started, the reason is printed and the PostgreSQL tests report themselves skipped (never silently green).
# Run as a program (`bash .ci/postgres.sh start`, as build.ps1 -Task Test does when no server is given), it installs
# nothing: it starts a server only where PostgreSQL is already installed, and prints the connection string and the
# folder to pass to `bash .ci/postgres.sh stop FOLDER`.

mm_postgres_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

mm_postgres_start() {
    local bin dir port as=()
    bin="$(mm_postgres_bin)"
    if [ -z "$bin" ] && [ -z "${MM_POSTGRES_NO_INSTALL:-}" ] && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
        echo "PostgreSQL: installing from Debian's packages..."
        apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
        bin="$(mm_postgres_bin)"
    fi
    if [ -z "$bin" ]; then
        echo "PostgreSQL: not installed${MM_POSTGRES_NO_INSTALL:+ (.ci/run installs it)}${MM_POSTGRES_NO_INSTALL:- and cannot be installed here}; the PostgreSQL store tests will be reported skipped."
        return 0
    fi
    dir="$(mktemp -d /tmp/mm-postgres.XXXXXX)"
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    # initdb refuses root: run the server as the image's postgres user then.
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; as=(runuser -u postgres --); fi
    if ! "${as[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres >"$dir/initdb.log" 2>&1; then
        echo "PostgreSQL: initdb failed ($(tail -1 "$dir/initdb.log")); the PostgreSQL store tests will be reported skipped."
        return 0
    fi
    # fsync off: the cluster is thrown away after the run.
    if ! "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
            -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null; then
        echo "PostgreSQL: the server did not start ($(tail -1 "$dir/server.log")); the PostgreSQL store tests will be reported skipped."
        return 0
    fi
    MM_POSTGRES_DIR="$dir"
    MM_POSTGRES_AS=("${as[@]}")
    MM_POSTGRES_BINDIR="$bin"
    export MEETINGMIGRATION_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    echo "PostgreSQL: $("$bin/postgres" --version | head -1) on 127.0.0.1:$port for this run."
}

mm_postgres_stop() {
    [ -n "${MM_POSTGRES_DIR:-}" ] || return 0
    "${MM_POSTGRES_AS[@]}" "$MM_POSTGRES_BINDIR/pg_ctl" -D "$MM_POSTGRES_DIR/data" -m immediate stop >/dev/null 2>&1
    rm -rf "$MM_POSTGRES_DIR"
    MM_POSTGRES_DIR=""
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    case "${1:-}" in
        start)
            # What it says goes to stderr; stdout holds only the connection string and the folder, one per line.
            MM_POSTGRES_NO_INSTALL=1 mm_postgres_start >&2
            [ -n "${MM_POSTGRES_DIR:-}" ] && printf '%s\n%s\n' "$MEETINGMIGRATION_TEST_POSTGRES" "$MM_POSTGRES_DIR"
            exit 0 ;;
        stop)
            # Only a folder this script made: it is removed.
            case "${2:-}" in /tmp/mm-postgres.*) ;; *) echo "usage: $0 stop /tmp/mm-postgres.XXXXXX" >&2; exit 2 ;; esac
            MM_POSTGRES_DIR="$2"
            MM_POSTGRES_BINDIR="$(mm_postgres_bin)"
            MM_POSTGRES_AS=()
            [ "$(id -u)" = 0 ] && MM_POSTGRES_AS=(runuser -u postgres --)
            mm_postgres_stop
            exit 0 ;;
        *) echo "usage: $0 start | stop FOLDER (or source it and call mm_postgres_start / mm_postgres_stop)" >&2; exit 2 ;;
    esac
fi
