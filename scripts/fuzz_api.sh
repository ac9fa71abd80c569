#!/usr/bin/env bash
# Fuzzes the running server: first schemathesis against docs/openapi.yaml (no input may cause a 500), then, when
# scripts/fuzz_parsers.py exists, the parser fuzz against the same server for KAFAE_FUZZ_PARSER_SECONDS (150).
# Starts `kafae serve` (debug build) on a free loopback port with a throwaway SQLite data folder.
# Usage: scripts/fuzz_api.sh [max examples per operation, default 12]
# Environment: KAFAE_FUZZ_PARSER_SECONDS (150; 0 skips the parser fuzz), KAFAE_FUZZ_SEED (2568),
# KAFAE_FUZZ_PARSERS (the parser fuzz script, scripts/fuzz_parsers.py),
# KAFAE_FUZZ_STATUS_FILE: when set, one line per step is written to it, `schemathesis pass|fail` and
# `parsers pass|fail|absent|skipped`, for scripts/test to count. Exits non-zero when any step failed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
examples=${1:-12}
parser_seconds=${KAFAE_FUZZ_PARSER_SECONDS:-150}
seed=${KAFAE_FUZZ_SEED:-2568}
parsers=${KAFAE_FUZZ_PARSERS:-scripts/fuzz_parsers.py}
status_file=${KAFAE_FUZZ_STATUS_FILE:-/dev/null}
source scripts/python_env.sh
python_env
bin="$(swift build --show-bin-path)/kafae"
[[ -x "$bin" ]] || swift build --product kafae >&2
data=$(mktemp -d /tmp/kafae-fuzz.XXXXXX)
port=$("$TEST_PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
KAFAE_BCRYPT_COST=4 KAFAE_RATE_API=100000/60 KAFAE_RATE_LOGIN_IP=100000/60 KAFAE_RATE_LOGIN_ACCOUNT=100000/60 \
KAFAE_RATE_REFRESH_IP=100000/60 KAFAE_RATE_REFRESH_ACCOUNT=100000/60 KAFAE_RATE_REGISTER_IP=100000/60 KAFAE_LOG_LEVEL=warning \
    "$bin" serve --data-dir "$data" --port "$port" > "$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done
token=$(curl -sf -X POST "http://127.0.0.1:$port/api/v1/auth/register" -H 'content-type: application/json' \
    -d '{"organizationName":"Fuzz","name":"Fuzz","email":"fuzz@example.com","password":"fuzz-password-1"}' \
    | "$TEST_PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
# A lot and a farm so that routes with ids have something real to hit now and then.
curl -sf -X POST "http://127.0.0.1:$port/api/v1/farms" -H "authorization: Bearer $token" -H 'content-type: application/json' \
    -d '{"name":"Doi Chang","province":"Chiang Rai"}' >/dev/null

# Errors the server logged since the last look: a step that made the server log an error (or die) fails.
logged=0
server_errors() {
    local now; now=$(grep -c '"level":"error"' "$data/server.log" || true)
    if (( now > logged )); then
        echo "server logged errors:" >&2
        grep '"level":"error"' "$data/server.log" | tail -n +"$((logged + 1))" | head -20 >&2
        logged=$now
        return 0
    fi
    if ! kill -0 "$server" 2>/dev/null; then
        echo "the server died:" >&2
        tail -20 "$data/server.log" >&2
        return 0
    fi
    return 1
}

: >"$status_file"
status=0
echo "-- schemathesis ($examples examples per operation, seed $seed)" >&2
set +e
# Run from the throwaway folder so that schemathesis's cache (.schemathesis/) stays out of the repository.
(cd "$data" && schemathesis run "$root/docs/openapi.yaml" --url "http://127.0.0.1:$port" -H "Authorization: Bearer $token" \
    --checks not_a_server_error --max-examples "$examples" --seed "$seed" --request-timeout 20 --phases examples,coverage,fuzzing \
    --exclude-path-regex '^/api/v1/auth/logout$')
step=$?
set -e
if server_errors; then step=1; fi
if [[ $step -eq 0 ]]; then echo "schemathesis pass" >>"$status_file"; else echo "schemathesis fail" >>"$status_file"; status=1; fi

if [[ ! -f $parsers ]]; then
    echo "-- parser fuzz skipped: $parsers absent" >&2
    echo "parsers absent" >>"$status_file"
elif [[ $parser_seconds -le 0 ]]; then
    echo "-- parser fuzz skipped: KAFAE_FUZZ_PARSER_SECONDS=$parser_seconds" >&2
    echo "parsers skipped" >>"$status_file"
elif ! kill -0 "$server" 2>/dev/null; then
    echo "-- parser fuzz not run: the server is down" >&2
    echo "parsers fail" >>"$status_file"
    status=1
else
    echo "-- parser fuzz ($parsers, ${parser_seconds}s, seed $seed)" >&2
    set +e
    "$TEST_PYTHON" "$parsers" --url "http://127.0.0.1:$port" --token "$token" --seconds "$parser_seconds" \
        --seed "$seed" --pid "$server"
    step=$?
    set -e
    if server_errors; then step=1; fi
    if [[ $step -eq 0 ]]; then echo "parsers pass" >>"$status_file"; else echo "parsers fail" >>"$status_file"; status=1; fi
fi
exit $status
