#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Code search over HTTP (issue 14: p99 < 5 ms on the full ICD-10-CM, both engines):
#   bench/code_search.sh sqlite
#   tests/support/with_postgres.sh bench/code_search.sh postgres
# Makes a fresh database, imports the real FY2026 ICD-10-CM order file with `medoffice import`
# (its time is printed), starts `medoffice serve`, signs a front-desk user in, and replays the
# searches of bench/code_queries.txt (each without and with date=2026-03-01) over one connection
# with wrk (bench/get_paths.lua prints p50/p95/p99). BIN (default build/release/medoffice),
# DURATION (default 10s) and MEDOFFICE_SHARED (default ../shared) may be set.
set -euo pipefail
cd "$(dirname "$0")/.."
ENGINE=${1:-sqlite}
BIN=${BIN:-build/release/medoffice}
DUR=${DURATION:-10s}
SHARED=${MEDOFFICE_SHARED:-../shared}
ICD="$SHARED/codesets/icd10cm/icd10cm_order_2026.txt"
[[ -f $ICD ]] || { echo "$ICD not found (set MEDOFFICE_SHARED)" >&2; exit 1; }
work=build/bench
mkdir -p "$work"
if [[ $ENGINE == postgres ]]; then
  [[ -n ${MEDOFFICE_TEST_PG_URL:-} ]] || { echo "run under tests/support/with_postgres.sh" >&2; exit 1; }
  DB=$MEDOFFICE_TEST_PG_URL
  export MEDOFFICE_KEY_FILE="$PWD/$work/code-search-pg.key"
  rm -f "$MEDOFFICE_KEY_FILE"
else
  DB="sqlite:$work/code-search-http.db"
  rm -f "$work"/code-search-http.db*
fi
"$BIN" init --db "$DB" >/dev/null
/usr/bin/time -f "import: %e s wall, %M KiB peak RSS" "$BIN" import icd10cm --db "$DB" "$ICD" | grep -v '^  '
"$BIN" demo --db "$DB" --patients 10 --no-users >/dev/null

source bench/serve_session.sh
serve_and_sign_in "$BIN" "$DB" "$work/serve-code-search.log"

paths="$work/code-search-paths.txt"
node -e '
const fs = require("fs");
const qs = fs.readFileSync(process.argv[1], "utf8").split("\n").filter((l) => l && !l.startsWith("#"));
const out = [];
for (const q of qs) {
  const p = `/api/v1/codes?system=icd10cm&q=${encodeURIComponent(q)}`;
  out.push(p, `${p}&date=2026-03-01`);
}
fs.writeFileSync(process.argv[2], out.join("\n") + "\n");
' bench/code_queries.txt "$paths"
echo "== $ENGINE: GET /api/v1/codes over HTTP, 1 connection, $(wc -l <"$paths") different searches"
wrk -t1 -c1 -d2s -s bench/get_paths.lua "http://127.0.0.1:$PORT" -- "$COOKIE" "$paths" >/dev/null
wrk -t1 -c1 -d"$DUR" -s bench/get_paths.lua "http://127.0.0.1:$PORT" -- "$COOKIE" "$paths" | tail -1
