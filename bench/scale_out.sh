#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Issue 13's figures in one run, on Release builds, each measurement on a fresh demo database
# (2,000 patients, 20,000 appointments):
#   1. bookings/s and patient creates/s, a baseline binary and this checkout's in alternating
#      pairs (wrk -t2 -c64), on SQLite and on PostgreSQL;
#   2. two `serve` processes on one PostgreSQL against one (the same 64 connections, split);
#   3. booking p99 with 500 open flow-board streams against none, on SQLite and PostgreSQL;
#   4. statements per booking on PostgreSQL for both binaries (log_statement=all).
#   bench/scale_out.sh BASELINE_BINARY [PAIRS]
# ENGINES="postgres" limits parts 1 and 3 to one engine; PARTS="1 2" runs only some parts.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:?usage: bench/scale_out.sh BASELINE_BINARY [PAIRS]}
pairs=${2:-3}
cur=build/release/medoffice
DUR=${DURATION:-5s}
# Bookings run shorter: the demo clinic has about 19,700 open slots in the two-year horizon, and a
# run must not use them up (SQLite books over 9,000 a second: 1 s there, 3 s on PostgreSQL).
if [[ -z ${MEDOFFICE_TEST_PG_ADMIN:-} ]]; then exec tests/support/with_postgres.sh "$0" "$@"; fi
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
export MEDOFFICE_KEY_FILE="$work/key"
PASS='bench-front-desk-passphrase-2026'

fresh() { # engine bin -> sets URL (a new demo database with the user benchdesk)
  local engine=$1 bin=$2
  rm -f "$work/key" "$work"/b.db*
  if [[ $engine == sqlite ]]; then
    URL="sqlite:$work/b.db"
  else
    psql "$MEDOFFICE_TEST_PG_ADMIN" -qAtc "DROP DATABASE IF EXISTS bench_scale WITH (FORCE)" >/dev/null 2>&1
    psql "$MEDOFFICE_TEST_PG_ADMIN" -qAtc "CREATE DATABASE bench_scale" >/dev/null
    URL="${MEDOFFICE_TEST_PG_ADMIN%/*}/bench_scale"
  fi
  "$bin" init --db "$URL" >/dev/null
  # A practice with history, as `make run` makes it; PostgreSQL's statistics as autovacuum would
  # leave them (plans for a populated table, not an empty one).
  "$bin" demo --db "$URL" --no-users --appointments 20000 >/dev/null
  if [[ $engine == postgres ]]; then psql "$URL" -qAtc "ANALYZE" >/dev/null; fi
  printf '%s\n' "$PASS" | "$bin" user add --db "$URL" --username benchdesk --role manager \
    --password-stdin >"$work/user.txt"
  SECRET=$(grep -oE 'secret=[A-Z2-7]+' "$work/user.txt" | cut -d= -f2)
}

serve() { # bin port -> sets SPID
  "$1" serve --db "$URL" --listen "127.0.0.1:$2" >"$work/serve-$2.log" 2>&1 &
  SPID=$!
  pids+=("$SPID")
  for _ in $(seq 200); do grep -q listening "$work/serve-$2.log" && return 0; sleep 0.05; done
  echo "server did not start: $(cat "$work/serve-$2.log")" >&2; exit 1
}

sign_in() { # port -> sets COOKIE, CSRF (the manager has MFA: a code from its secret)
  local code out
  code=$(node -e "
    const c=require('crypto');const s=process.argv[1];const a='ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    let b='';for(const ch of s)b+=a.indexOf(ch).toString(2).padStart(5,'0');
    const k=Buffer.from(b.match(/.{8}/g).map(x=>parseInt(x,2)));const m=Buffer.alloc(8);
    m.writeBigUInt64BE(BigInt(Math.floor(Date.now()/30000)));const h=c.createHmac('sha1',k).update(m).digest();
    const o=h[h.length-1]&15;console.log(String((((h[o]&127)<<24)|(h[o+1]<<16)|(h[o+2]<<8)|h[o+3])%1e6).padStart(6,'0'));" "$SECRET")
  out=$(curl -s -i -X POST "http://127.0.0.1:$1/api/v1/session" -H 'content-type: application/json' \
    -d "{\"username\":\"benchdesk\",\"password\":\"$PASS\",\"totp\":\"$code\"}")
  COOKIE=$(grep -i '^set-cookie:' <<<"$out" | sed -E 's/^[Ss]et-[Cc]ookie: ([^;]*);.*/\1/' | tr -d '\r')
  CSRF=$(grep -oE '"csrf_token":"[^"]+"' <<<"$out" | cut -d'"' -f4)
  [[ -n $COOKIE && -n $CSRF ]] || { echo "sign-in failed: $out" >&2; exit 1; }
}

stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
want() { [[ " ${PARTS:-1 2 3 4} " == *" $1 "* ]]; }
# Successful answers per second (a booking that finds its slot taken answers 409 and does not count).
rps() {
  awk '/ requests in / {n=$1; t=$4; sub(/s,?$/, "", t)} /Non-2xx/ {bad=$NF}
       END {if (t > 0) printf "%.0f", (n - bad) / t}' "$1"
}
p99() { awk '$1=="99%" {print $2}' "$1"; }

book() { # port out -> wrk over the slot file
  wrk -t2 -c"${3:-64}" -d"$BOOK_DUR" --latency -s bench/book_appointment.lua "http://127.0.0.1:$1" -- \
    "$COOKIE" "$CSRF" "$SLOTS" 2 >"$2"
}

for engine in ${ENGINES:-sqlite postgres}; do
  echo "## $engine"
  BOOK_DUR=${BOOK_DURATION:-1s}
  [[ $engine == postgres ]] && BOOK_DUR=${BOOK_DURATION:-3s}
  # The open slots of the demo clinic, collected once: every fresh demo database is the same.
  fresh "$engine" "$cur"; serve "$cur" 18301; sign_in 18301
  SLOTS="$work/slots-$engine.txt"
  node bench/book_slots.mjs "http://127.0.0.1:18301" "$COOKIE" 40000 "$SLOTS"
  stop "$SPID"
  if want 1; then
  echo "### bookings and patient creates, $pairs pairs (label bookings/s p99 creates/s)"
  for _ in $(seq "$pairs"); do
    for label in baseline current; do
      bin=$cur; [[ $label == baseline ]] && bin=$base
      fresh "$engine" "$bin"; serve "$bin" 18302; sign_in 18302
      book 18302 "$work/book.txt"
      wrk -t2 -c64 -d"$DUR" -s bench/create_patient.lua "http://127.0.0.1:18302" -- "$COOKIE" "$CSRF" >"$work/create.txt"
      stop "$SPID"
      echo "$label $(rps "$work/book.txt") $(p99 "$work/book.txt") $(rps "$work/create.txt")"
    done
  done | tee "$work/pairs-$engine.txt"
  awk '$1=="baseline"{b+=$2;bc+=$4;n++} $1=="current"{c+=$2;cc+=$4}
       END {printf "mean bookings/s baseline %.0f current %.0f (ratio %.3f); creates/s baseline %.0f current %.0f; current bookings/creates %.2f\n", b/n, c/n, c/b, bc/n, cc/n, c/cc}' \
    "$work/pairs-$engine.txt"
  fi

  want 3 || continue
  echo "### booking p99 with 500 open flow-board streams (current binary, 3 runs each way)"
  for run in 1 2 3; do
    for streams in 0 500; do
      fresh "$engine" "$cur"; serve "$cur" 18303; sign_in 18303
      if ((streams)); then
        loc=$(curl -s "http://127.0.0.1:18303/api/v1/locations" -H "cookie: $COOKIE" | grep -oE '"id":[0-9]+' | head -1 | cut -d: -f2)
        node bench/board_streams.mjs "http://127.0.0.1:18303" "$COOKIE" "$loc" 500 >"$work/streams.txt" 2>&1 &
        spid=$!; pids+=("$spid")
        for _ in $(seq 600); do grep -q '^open' "$work/streams.txt" && break; sleep 0.1; done
        grep -q '^open' "$work/streams.txt" || { echo "streams did not open: $(cat "$work/streams.txt")" >&2; exit 1; }
      fi
      book 18303 "$work/book.txt"
      echo "run $run streams $streams bookings/s $(rps "$work/book.txt") p50 $(awk '$1=="50%" {print $2}' "$work/book.txt") p99 $(p99 "$work/book.txt")"
      if ((streams)); then stop "$spid"; fi
      stop "$SPID"
    done
  done
done

if want 2; then
BOOK_DUR=${BOOK_DURATION:-3s}
echo "## postgres: two serve processes on one database against one (current binary, 3 runs each)"
for run in 1 2 3; do
  fresh postgres "$cur"; serve "$cur" 18304; sign_in 18304; one=$SPID
  SLOTS="$work/slots-postgres.txt"
  book 18304 "$work/one.txt"
  stop "$one"
  fresh postgres "$cur"; serve "$cur" 18305; a=$SPID; serve "$cur" 18306; b=$SPID; sign_in 18305
  # The slot file split between the two processes: thread k of each wrk takes its own lines.
  wrk -t2 -c32 -d"$BOOK_DUR" --latency -s bench/book_appointment.lua "http://127.0.0.1:18305" -- "$COOKIE" "$CSRF" "$SLOTS" 4 >"$work/a.txt" &
  w1=$!
  awk 'NR%4==3 || NR%4==0' "$SLOTS" >"$work/slots-b.txt"
  wrk -t2 -c32 -d"$BOOK_DUR" --latency -s bench/book_appointment.lua "http://127.0.0.1:18306" -- "$COOKIE" "$CSRF" "$work/slots-b.txt" 2 >"$work/b.txt"
  wait "$w1"
  stop "$a"; stop "$b"
  echo "run $run one process $(rps "$work/one.txt")/s; two processes $(rps "$work/a.txt") + $(rps "$work/b.txt") = $(awk -v x="$(rps "$work/a.txt")" -v y="$(rps "$work/b.txt")" 'BEGIN{printf "%.0f", x+y}')/s"
done

fi

if want 4; then
echo "## postgres: statements per booking (log_statement=all, 200 bookings one at a time)"
# The audit sealer's own statements (it links pending events every 50 ms) are left out.
sealer='DELETE FROM audit_pending|pg_advisory_xact_lock|FROM audit_event|INTO audit_event|FROM audit_pending$'
for label in baseline current; do
  bin=$cur; [[ $label == baseline ]] && bin=$base
  fresh postgres "$bin"
  psql "$MEDOFFICE_TEST_PG_ADMIN" -qAtc "ALTER DATABASE bench_scale SET log_statement = 'all'" >/dev/null
  serve "$bin" 18307; sign_in 18307
  before=$(wc -l <"$MEDOFFICE_TEST_PG_LOG")
  node bench/book_sequential.mjs "http://127.0.0.1:18307" "$COOKIE" "$CSRF" "$work/slots-postgres.txt" 200
  stop "$SPID"
  n=$(tail -n +"$((before + 1))" "$MEDOFFICE_TEST_PG_LOG" | grep -E 'LOG:  (statement|execute)' | grep -vcE "$sealer" || true)
  echo "$label: $n statements for 200 bookings ($(awk -v n="$n" 'BEGIN{printf "%.1f", n/200}') per booking)"
done
fi
