#!/usr/bin/env bash
# Starts a throwaway PostgreSQL on a free loopback port, owned by the `postgres` user in a temp folder.
# Uses the highest major version installed under /usr/lib/postgresql (or `initdb` on PATH); with none, installs
# the distribution's default version (`apt-get install postgresql`).
# Usage: source scripts/postgres.sh; pg_start; ... ; pg_stop
# Exports KAFAE_TEST_POSTGRES_URL (admin URL to the `postgres` database) and PG_BIN (its binaries: psql, createdb).

pg_bindir() {
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -Vr); do
        [[ -x "$d/initdb" && -x "$d/pg_ctl" ]] && { echo "$d"; return; }
    done
    command -v initdb >/dev/null && dirname "$(readlink -f "$(command -v initdb)")"
}

pg_as() {
    # PostgreSQL refuses to run as root: run its tools as the postgres user when we are root.
    if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

pg_start() {
    local bin; bin=$(pg_bindir)
    if [[ -z "$bin" ]]; then
        echo "PostgreSQL binaries not found; installing the distribution's postgresql" >&2
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
        bin=$(pg_bindir)
        [[ -n "$bin" ]] || { echo "PostgreSQL could not be installed (no initdb)" >&2; return 1; }
    fi
    if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
        useradd --system --home /var/lib/postgresql --shell /bin/bash postgres
    fi
    PG_DIR=$(mktemp -d /tmp/kafae-pg.XXXXXX)
    [[ $(id -u) -eq 0 ]] && chown postgres "$PG_DIR"
    PG_PORT=$(free_port)
    pg_as "$bin/initdb" -D "$PG_DIR/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
        || { cat "$PG_DIR/initdb.log" >&2; return 1; }
    pg_as "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null || { cat "$PG_DIR/server.log" >&2; return 1; }
    export PG_BIN="$bin" PG_DIR PG_PORT
    export KAFAE_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
    echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT" >&2
}

pg_stop() {
    if [[ -n "${PG_DIR:-}" && -d "$PG_DIR/data" ]]; then
        pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
        rm -rf "$PG_DIR"
    fi
}
