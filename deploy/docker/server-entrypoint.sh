#!/usr/bin/env bash
# Entrypoint of the server image: splices secrets that ECS injects as separate variables into the URLs the server
# reads, then runs `kafae` with the container's arguments (default: serve).
#
#   DATABASE_URL without credentials + KAFAE_DB_USERNAME + KAFAE_DB_PASSWORD (the Aurora-managed secret's fields)
#     -> postgres://<user>:<password>@host:5432/kafae?...   (both percent-encoded)
#   KAFAE_REDIS_URL without credentials + KAFAE_REDIS_AUTH_TOKEN
#     -> rediss://:<token>@host:6379
#
# A URL that already carries credentials is left as it is. The parts are unset before the server starts, so they
# appear in no child environment. With none of these set (docker run on a laptop) nothing changes: SQLite in
# /var/lib/kafae.
set -euo pipefail

# RFC 3986 percent-encoding of everything but unreserved characters, byte by byte.
urlencode() {
  local LC_ALL=C s="$1" out="" c i
  for ((i = 0; i < ${#s}; i++)); do
    c="${s:i:1}"
    case "$c" in
      [A-Za-z0-9._~-]) out+="$c" ;;
      *) printf -v c '%%%02X' "'$c"; out+="$c" ;;
    esac
  done
  printf '%s' "$out"
}

# with_userinfo URL USERINFO: URL with USERINFO@ before the host, unless the URL already has userinfo.
with_userinfo() {
  local url="$1" info="$2" scheme rest authority
  scheme="${url%%://*}"
  rest="${url#*://}"
  authority="${rest%%[/?#]*}"
  if [[ "$authority" == *@* ]]; then
    printf '%s' "$url"
  else
    printf '%s://%s@%s' "$scheme" "$info" "$rest"
  fi
}

if [[ -n "${DATABASE_URL:-}" && -n "${KAFAE_DB_USERNAME:-}" ]]; then
  DATABASE_URL="$(with_userinfo "$DATABASE_URL" "$(urlencode "$KAFAE_DB_USERNAME"):$(urlencode "${KAFAE_DB_PASSWORD:-}")")"
  export DATABASE_URL
fi
if [[ -n "${KAFAE_REDIS_URL:-}" && -n "${KAFAE_REDIS_AUTH_TOKEN:-}" ]]; then
  KAFAE_REDIS_URL="$(with_userinfo "$KAFAE_REDIS_URL" ":$(urlencode "$KAFAE_REDIS_AUTH_TOKEN")")"
  export KAFAE_REDIS_URL
fi
unset KAFAE_DB_USERNAME KAFAE_DB_PASSWORD KAFAE_REDIS_AUTH_TOKEN

# `kafae-entrypoint --print-urls` shows what the server would get, credentials masked (for runbooks and tests).
if [[ "${1:-}" == "--print-urls" ]]; then
  mask() { sed -E 's#(://[^:/@]*:)[^@]*@#\1***@#' <<<"$1"; }
  echo "DATABASE_URL=$(mask "${DATABASE_URL:-}")"
  echo "KAFAE_REDIS_URL=$(mask "${KAFAE_REDIS_URL:-}")"
  exit 0
fi

exec "${KAFAE_BIN:-/app/kafae}" "$@"
