#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Paired create benchmark: alternates a baseline binary (e.g. an older commit's Release build)
# and this checkout's Release build, each on a fresh 2,000-patient demo database, and prints
# requests/s and server CPU per request for both, then the mean ratio. On a machine whose speed
# drifts, only such pairs compare like with like.
#   bench/paired_create.sh BASELINE_BINARY [sqlite|postgres] [PAIRS]
# The baseline may predate accounts (issue 2): it is then run without signing in.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:?usage: bench/paired_create.sh BASELINE_BINARY [sqlite|postgres] [PAIRS]}
engine=${2:-sqlite}
pairs=${3:-4}
cur=build/release/medoffice
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export MEDOFFICE_KEY_FILE="$work/key"

one() { # binary label -> prints "label rps server_us_per_req"
  local bin=$1 label=$2 url port=18183 cookie=x csrf=y
  rm -f "$work/key" "$work"/c.db*
  if [[ $engine == sqlite ]]; then
    url="sqlite:$work/c.db"
  else
    psql "$MEDOFFICE_TEST_PG_ADMIN" -qAtc "DROP DATABASE IF EXISTS bench_paired" >/dev/null 2>&1
    psql "$MEDOFFICE_TEST_PG_ADMIN" -qAtc "CREATE DATABASE bench_paired" >/dev/null
    url="${MEDOFFICE_TEST_PG_ADMIN%/*}/bench_paired"
  fi
  "$bin" init --db "$url" >/dev/null
  local accounts=0
  if "$bin" --help 2>/dev/null | grep -E "^  user " >/dev/null; then accounts=1; fi
  if ((accounts)); then
    "$bin" demo --db "$url" --no-users >/dev/null
    printf '%s\n' 'bench-front-desk-passphrase-2026' |
      "$bin" user add --db "$url" --username benchdesk --role front_desk --password-stdin >/dev/null
  else
    "$bin" demo --db "$url" >/dev/null
  fi
  "$bin" serve --db "$url" --listen "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
  local pid=$!
  for _ in $(seq 100); do grep -q listening "$work/serve.log" && break; sleep 0.05; done
  if ((accounts)); then
    local out
    out=$(curl -s -i -X POST "http://127.0.0.1:$port/api/v1/session" -H 'content-type: application/json' \
      -d '{"username":"benchdesk","password":"bench-front-desk-passphrase-2026"}')
    cookie=$(grep -i '^set-cookie:' <<<"$out" | sed -E 's/^[Ss]et-[Cc]ookie: ([^;]*);.*/\1/' | tr -d '\r')
    csrf=$(grep -oE '"csrf_token":"[^"]+"' <<<"$out" | cut -d'"' -f4)
  fi
  local t0 t1
  t0=$(awk '{print $14+$15}' "/proc/$pid/stat")
  wrk -t2 -c64 -d10s -s bench/create_patient.lua "http://127.0.0.1:$port" -- "$cookie" "$csrf" >"$work/wrk.txt"
  t1=$(awk '{print $14+$15}' "/proc/$pid/stat")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  local req rps
  req=$(grep -oE '^ *[0-9]+ requests' "$work/wrk.txt" | awk '{print $1}')
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
  echo "$label $rps $(( (t1 - t0) * 10000 / req ))"
}

run() {
  for _ in $(seq "$pairs"); do one "$base" baseline; one "$cur" current; done | tee "$work/pairs.txt"
  awk '$1=="baseline"{b+=$2;n++} $1=="current"{c+=$2} END {printf "mean baseline %.0f req/s, current %.0f req/s, ratio %.3f\n", b/n, c/n, c/b}' "$work/pairs.txt"
}

if [[ $engine == postgres && -z ${MEDOFFICE_TEST_PG_ADMIN:-} ]]; then
  exec tests/support/with_postgres.sh "$0" "$@"
fi
echo "# label req/s server-cpu-us-per-request ($engine, wrk -t2 -c64 -d10s, fresh demo each run)"
run
