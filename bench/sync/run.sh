#!/usr/bin/env bash
# Runs the sync benchmark on SQLite and on a throwaway PostgreSQL, in a release build.
# Usage: bench/sync/run.sh [--debug]
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/postgres.sh
trap pg_stop EXIT
pg_start
pg_as "$PG_BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "CREATE DATABASE kafae_bench" >/dev/null
export KAFAE_BENCH_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/kafae_bench"
config=release
[[ "${1:-}" == "--debug" ]] && config=debug
swift build -c "$config" --product SyncBench >&2
"$(swift build -c "$config" --show-bin-path)/SyncBench"
