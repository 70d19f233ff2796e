#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Starts a throwaway PostgreSQL 15 cluster on 127.0.0.1, exports MEDOFFICE_TEST_PG_URL, runs the
# command, and stops and deletes the cluster however the command ends. Works as root and as a user.
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || pg_config --bindir)
dir=$(mktemp -d /tmp/medoffice-pg.XXXXXX)
port=$(( 20000 + RANDOM % 20000 ))
while ss -ltn 2>/dev/null | grep -q ":$port "; do port=$(( 20000 + RANDOM % 20000 )); done
as_pg=()
if [[ $(id -u) -eq 0 ]]; then chown postgres "$dir"; as_pg=(runuser -u postgres --); fi
cleanup() {
  "${as_pg[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
"${as_pg[@]}" "$PGBIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
# A start can fail for reasons outside the test (the random port taken meanwhile, a previous
# cluster's shared memory not yet released): try three ports before giving up, and show why.
for attempt in 1 2 3; do
  if "${as_pg[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -w -l "$dir/log" start \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=on -c max_connections=200" >/dev/null; then
    break
  fi
  echo "with_postgres: start $attempt failed on port $port:" >&2
  tail -5 "$dir/log" >&2 || true
  [[ $attempt -eq 3 ]] && exit 1
  sleep 1
  port=$(( 20000 + RANDOM % 20000 ))
  while ss -ltn 2>/dev/null | grep -q ":$port "; do port=$(( 20000 + RANDOM % 20000 )); done
done
"${as_pg[@]}" "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U postgres medoffice_test
export MEDOFFICE_TEST_PG_URL="postgres://postgres@127.0.0.1:$port/medoffice_test"
export MEDOFFICE_TEST_PG_ADMIN="postgres://postgres@127.0.0.1:$port/postgres"
export MEDOFFICE_TEST_PG_LOG="$dir/log"  # the server log (benchmarks count statements in it)
"$@"
