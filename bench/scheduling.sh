#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Scheduling benchmarks of issue 4 on the Release build (figures go to docs/performance.md):
#   bench/scheduling.sh [APPOINTMENTS]      (default 1000000)
# 1. in process: slot search (first 10 slots, 50 providers, 90 days) and durable booking
#    (build/release/scheduling_bench measure);
# 2. over HTTP, one connection: the same slot search, and the week view of the location with 20
#    providers at about 10,000 appointments a month (GET /api/v1/calendar?view=week).
# The database is generated once per size under build/bench/ (about 30 s for 1,000,000).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
DUR=${DURATION:-10s}
BIN=build/release/medoffice
work=build/bench
db="$work/schedule-$N.db"
mkdir -p "$work"
if [[ ! -f $db ]]; then
  build/release/scheduling_bench generate "sqlite:$db" "$N"
fi
"$BIN" migrate --db "sqlite:$db" >/dev/null  # creates the server key on first use
echo "== in process ($N appointments)"
build/release/scheduling_bench measure "sqlite:$db"

source bench/serve_session.sh
serve_and_sign_in "$BIN" "sqlite:$db" "$work/serve-schedule.log"

# Paths: slot searches from random times in the next 30 days; week views of location 2 over
# the last weeks of generated data.
node - "$work" "http://127.0.0.1:$PORT" "$COOKIE" <<'JS'
const [work, base, cookie] = process.argv.slice(2);
const fs = require('fs');
const get = async (p) => (await fetch(base + p, { headers: { cookie } })).json();
(async () => {
  const locations = (await get('/api/v1/locations')).items;
  const types = (await get('/api/v1/appointment-types')).items;
  const type = types.find((t) => t.name === 'Follow-up visit');
  const providers = [];
  let cursor = '';
  do {
    const page = await get(`/api/v1/providers?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    providers.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  const main = providers.filter((p) => p.family_name.startsWith('Bench') && p.location_ids[0] === locations[0].id);
  const ids = main.map((p) => `provider_id=${p.id}`).join('&');
  const slots = [];
  for (let i = 0; i < 500; i++) {
    const from = new Date(Date.now() + Math.floor(Math.random() * 30 * 1440) * 60_000);
    from.setUTCSeconds(0, 0);
    const to = new Date(from.getTime() + 90 * 86_400_000);
    slots.push(`/api/v1/slots?appointment_type_id=${type.id}&location_id=${locations[0].id}&${ids}&from=${from.toISOString()}&to=${to.toISOString()}&limit=10`);
  }
  fs.writeFileSync(`${work}/slot-paths.txt`, slots.join('\n') + '\n');
  const weeks = [];
  for (let w = 1; w <= 12; w++) {
    const d = new Date(Date.now() - w * 7 * 86_400_000).toISOString().slice(0, 10);
    weeks.push(`/api/v1/calendar?location_id=${locations[1].id}&view=week&date=${d}`);
  }
  fs.writeFileSync(`${work}/week-paths.txt`, weeks.join('\n') + '\n');
  const one = await get(weeks[0].replace('/api/v1', '/api/v1'));
  console.log(`week view: ${one.items.length} appointments in one week at ${locations[1].name}, ` +
              `${new Set(one.items.map((a) => a.provider_id)).size} providers; slot search over ${main.length} providers`);
})();
JS
echo "== over HTTP, 1 connection, slot search (first 10 slots, 50 providers, 90 days)"
wrk -t1 -c1 -d2s -s bench/get_paths.lua "http://127.0.0.1:$PORT" -- "$COOKIE" "$work/slot-paths.txt" >/dev/null
wrk -t1 -c1 -d"$DUR" -s bench/get_paths.lua "http://127.0.0.1:$PORT" -- "$COOKIE" "$work/slot-paths.txt" | tail -1
echo "== over HTTP, 1 connection, week view of one location"
wrk -t1 -c1 -d2s -s bench/get_paths.lua "http://127.0.0.1:$PORT" -- "$COOKIE" "$work/week-paths.txt" >/dev/null
wrk -t1 -c1 -d"$DUR" -s bench/get_paths.lua "http://127.0.0.1:$PORT" -- "$COOKIE" "$work/week-paths.txt" | tail -1
