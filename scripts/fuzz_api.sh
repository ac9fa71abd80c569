#!/usr/bin/env bash
# Fuzzes the running server against docs/openapi.yaml with schemathesis: no input may cause a 500.
# Starts `kafae serve` (debug build) on a free loopback port with a throwaway SQLite data folder.
# Usage: scripts/fuzz_api.sh [max examples per operation, default 12]
set -euo pipefail
cd "$(dirname "$0")/.."
examples=${1:-12}
python3 -c 'import schemathesis' 2>/dev/null || pip install --quiet "schemathesis==4.32.5"
bin="$(swift build --show-bin-path)/kafae"
[[ -x "$bin" ]] || swift build --product kafae >&2
data=$(mktemp -d /tmp/kafae-fuzz.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
KAFAE_BCRYPT_COST=4 KAFAE_RATE_API=100000/60 KAFAE_RATE_LOGIN_IP=100000/60 KAFAE_RATE_LOGIN_ACCOUNT=100000/60 \
KAFAE_RATE_REFRESH_IP=100000/60 KAFAE_RATE_REFRESH_ACCOUNT=100000/60 KAFAE_LOG_LEVEL=warning \
    "$bin" serve --data-dir "$data" --port "$port" > "$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done
token=$(curl -sf -X POST "http://127.0.0.1:$port/api/v1/auth/register" -H 'content-type: application/json' \
    -d '{"organizationName":"Fuzz","name":"Fuzz","email":"fuzz@example.com","password":"fuzz-password-1"}' \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
# A lot and a farm so that routes with ids have something real to hit now and then.
curl -sf -X POST "http://127.0.0.1:$port/api/v1/farms" -H "authorization: Bearer $token" -H 'content-type: application/json' \
    -d '{"name":"Doi Chang","province":"Chiang Rai"}' >/dev/null
set +e
schemathesis run docs/openapi.yaml --url "http://127.0.0.1:$port" -H "Authorization: Bearer $token" \
    --checks not_a_server_error --max-examples "$examples" --seed 2568 --request-timeout 20 --phases examples,coverage,fuzzing \
    --exclude-path-regex '^/api/v1/auth/logout$'
status=$?
set -e
if grep -q '"level":"error"' "$data/server.log"; then
    echo "server logged errors:" >&2
    grep '"level":"error"' "$data/server.log" | head -20 >&2
    status=1
fi
exit $status
