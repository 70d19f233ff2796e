# SPDX-License-Identifier: AGPL-3.0-or-later
# Sourced by the HTTP benchmarks (bench/scheduling.sh, bench/code_search.sh).
# serve_and_sign_in BIN DB LOG: starts `BIN serve --db DB` on a free port (logging to LOG, stopped
# when the calling script exits), adds the front-desk user benchdesk if it is missing and signs it
# in; sets SPID, PORT and COOKIE.
serve_and_sign_in() {
  local bin=$1 db=$2 log=$3
  "$bin" serve --db "$db" --listen 127.0.0.1:0 >"$log" 2>&1 &
  SPID=$!
  trap 'kill $SPID 2>/dev/null || true' EXIT
  PORT=
  for _ in $(seq 100); do
    PORT=$(grep -oE 'http://127.0.0.1:[0-9]+' "$log" | grep -oE '[0-9]+$' || true)
    [[ -n $PORT ]] && break
    sleep 0.05
  done
  [[ -n $PORT ]] || { echo "server did not start: $(cat "$log")" >&2; exit 1; }
  local pass='bench-front-desk-passphrase-2026'
  printf '%s\n' "$pass" | "$bin" user add --db "$db" --username benchdesk --role front_desk \
    --password-stdin >/dev/null 2>&1 || true
  local out
  out=$(curl -s -i -X POST "http://127.0.0.1:$PORT/api/v1/session" \
    -H 'content-type: application/json' -d "{\"username\":\"benchdesk\",\"password\":\"$pass\"}")
  COOKIE=$(grep -i '^set-cookie:' <<<"$out" | sed -E 's/^[Ss]et-[Cc]ookie: ([^;]*);.*/\1/' | tr -d '\r')
  [[ -n $COOKIE ]] || { echo "sign-in failed: $out" >&2; exit 1; }
}
