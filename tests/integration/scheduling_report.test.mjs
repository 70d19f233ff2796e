// SPDX-License-Identifier: AGPL-3.0-or-later
// The scheduling metrics report over real HTTP, on every backend: a provider of our own,
// available all day every day, with a visit today that was checked in and roomed and one the
// patient missed; the report's JSON for that provider (counts, no-show rate, available and
// booked minutes, utilisation, the wait), the same as CSV and as XLSX (read back by openpyxl),
// the 422 answers naming the parameter, and who may read it.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backends, demoServer, addUser, signIn } from './helpers.mjs';

const DAY = 86_400_000;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function xlsxRows(bytes) {
  const dir = mkdtempSync(join(tmpdir(), 'mo-xlsx-'));
  try {
    const file = join(dir, 'book.xlsx');
    writeFileSync(file, bytes);
    const py = 'import json,sys,openpyxl\nwb=openpyxl.load_workbook(sys.argv[1])\n' +
      'print(json.dumps({ws.title:[[c.value for c in r] for r in ws.iter_rows()] for ws in wb.worksheets}))';
    const r = spawnSync('/usr/bin/python3', ['-c', py, file], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const problemFields = (r, status = 422) => {
  assert.equal(r.status, status, r.text);
  return (r.json.errors ?? []).map((e) => e.field);
};

for (const kind of backends()) {
  describe(`the scheduling report on ${kind}`, () => {
    let env; let biller; let location; let mia; let today; let hours; let localDate;
    before(async () => {
      env = await demoServer(kind, 20);
      biller = await signIn(env.base, addUser(env.db.url, ['biller']));
      location = (await env.call('GET', '/api/v1/locations?limit=1')).json.items[0];
      localDate = (ms) => new Intl.DateTimeFormat('en-CA', { timeZone: location.time_zone, year: 'numeric',
        month: '2-digit', day: '2-digit' }).format(new Date(ms));
      const p = await env.call('POST', '/api/v1/providers', { body: { family_name: 'Metric', given_name: 'Mia',
        credentials: 'MD', npi: '1982746301', taxonomy: '207Q00000X', location_ids: [location.id] } });
      assert.equal(p.status, 201, p.text);
      mia = p.json;
      const rule = await env.call('POST', '/api/v1/availability-rules', { body: { provider_id: mia.id,
        location_id: location.id, weekdays: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], start_time: '00:00',
        end_time: '24:00', effective_from: localDate(Date.now() - 3 * DAY) } });
      assert.equal(rule.status, 201, rule.text);
      const type = (await env.call('GET', '/api/v1/appointment-types')).json.items[0];
      const patients = (await env.call('GET', '/api/v1/patients?limit=2')).json.items;
      let start = Math.floor(Date.now() / 60_000) * 60_000 - 20 * 60_000;
      if (localDate(start - 2 * 3_600_000) !== localDate(start + 20 * 60_000)) start += 3 * 3_600_000;
      today = localDate(start);
      const book = async (patient, at) => {
        const r = await env.call('POST', '/api/v1/appointments', { body: { patient_id: patient.id, provider_id: mia.id,
          location_id: location.id, appointment_type_id: type.id, start: new Date(at).toISOString(),
          end: new Date(at + 20 * 60_000).toISOString(), overbook: true } });
        assert.equal(r.status, 201, r.text);
        return r.json;
      };
      const seen = await book(patients[0], start);
      assert.equal((await env.call('POST', `/api/v1/appointments/${seen.id}/check-in`, { body: {} })).status, 200);
      const rooms = (await env.call('GET', '/api/v1/rooms')).json.items.filter((r) => r.location_id === location.id);
      let roomed;
      for (const room of rooms) {
        roomed = await env.call('POST', `/api/v1/appointments/${seen.id}/room`, { body: { room_id: room.id } });
        if (roomed.status !== 409) break;
      }
      assert.equal(roomed?.status, 200, roomed?.text);
      const missed = await book(patients[1], start - 2 * 3_600_000);
      assert.equal((await env.call('POST', `/api/v1/appointments/${missed.id}/no-show`, { body: {} })).status, 200);
      // The day's length in the location's zone (23 or 25 hours on a clock change).
      const next = new Date(Date.parse(`${today}T12:00:00Z`) + DAY).toISOString().slice(0, 10);
      const midnight = (d) => {
        let t = Date.parse(`${d}T00:00:00Z`);
        for (let k = 0; k < 3; k++) {
          const shown = new Intl.DateTimeFormat('en-GB', { timeZone: location.time_zone, hour: '2-digit', minute: '2-digit',
            hourCycle: 'h23' }).format(new Date(t));
          const [h, m] = shown.split(':').map(Number);
          const off = h * 60 + m;
          t -= (off > 720 ? off - 1440 : off) * 60_000;
        }
        return t;
      };
      hours = (midnight(next) - midnight(today)) / 3_600_000;
    });
    after(async () => { await env?.close(); });

    test('one provider\'s day: counts, rates, minutes and the wait', async () => {
      const r = await biller.call('GET', `/api/v1/reports/scheduling?from=${today}&to=${today}&location_id=${location.id}&provider_id=${mia.id}`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.from, today);
      assert.equal(r.json.location_id, location.id);
      assert.equal(r.json.providers.length, 1);
      const row = r.json.providers[0];
      assert.equal(row.provider_id, mia.id);
      assert.equal(row.provider, 'Mia Metric, MD');
      assert.deepEqual([row.booked, row.cancelled, row.started, row.completed, row.no_shows], [2, 0, 2, 0, 1]);
      assert.equal(row.no_show_rate_percent, 50);
      assert.equal(row.available_minutes, hours * 60);
      assert.equal(row.booked_minutes, 20, 'the missed visit holds no time');
      assert.equal(row.utilisation_percent, Math.round((20 / (hours * 60)) * 1000) / 10);
      assert.equal(row.wait.count, 1);
      assert.ok(row.wait.median_minutes >= 0 && row.wait.median_minutes < 5, JSON.stringify(row.wait));
      assert.equal(row.wait.p90_minutes, row.wait.median_minutes);
      assert.deepEqual({ ...r.json.total, provider: undefined }, { ...row, provider_id: null, provider: undefined });
    });

    test('CSV and XLSX by Accept, one row per provider and a total', async () => {
      const q = `/api/v1/reports/scheduling?from=${today}&to=${today}&location_id=${location.id}`;
      const all = (await biller.call('GET', q)).json;
      assert.ok(all.providers.length >= 1);
      const csv = await biller.call('GET', q, { headers: { accept: 'text/csv' } });
      assert.equal(csv.status, 200);
      assert.match(csv.headers['content-type'], /^text\/csv/);
      assert.match(csv.headers['content-disposition'], new RegExp(`scheduling-${today}-${today}\\.csv`));
      const lines = csv.text.trim().split('\r\n');
      assert.equal(lines[0], 'Provider id,Provider,Booked,Cancelled,Started,Completed,No-shows,No-show rate (%),' +
        'Available (min),Booked (min),Utilisation (%),Waits measured,Median wait (min),90th percentile wait (min)');
      assert.equal(lines.length, all.providers.length + 2);
      const mine = lines.find((l) => l.startsWith(`${mia.id},`));
      assert.ok(mine.startsWith(`${mia.id},"Mia Metric, MD",2,0,2,0,1,50.0,${hours * 60},20,`), mine);
      assert.ok(lines.at(-1).startsWith(`,All providers,${all.total.booked},`), lines.at(-1));
      const book = await biller.call('GET', q, { headers: { accept: XLSX } });
      assert.equal(book.status, 200);
      const sheet = xlsxRows(book.bytes).Scheduling;
      const row = sheet.find((r) => r[0] === mia.id);
      assert.deepEqual(row.slice(1, 10), ['Mia Metric, MD', 2, 0, 2, 0, 1, '50.0', hours * 60, 20]);
    });

    test('422 names the parameter; roles and locations are respected', async () => {
      assert.deepEqual(problemFields(await biller.call('GET', '/api/v1/reports/scheduling')), ['from', 'to']);
      assert.deepEqual(problemFields(await biller.call('GET', '/api/v1/reports/scheduling?from=2026-01-01&to=2027-01-02')), ['to']);
      assert.deepEqual(problemFields(await biller.call('GET', '/api/v1/reports/scheduling?from=2026-02-01&to=2026-01-01')), ['to']);
      assert.deepEqual(problemFields(await biller.call('GET', '/api/v1/reports/scheduling?from=2026-01-01&to=soon')), ['to']);
      assert.deepEqual(problemFields(await biller.call('GET', '/api/v1/reports/scheduling?from=2026-01-01&to=2026-01-02&provider_id=999999')), ['provider_id']);
      assert.equal((await biller.call('GET', '/api/v1/reports/scheduling?from=2026-01-01&to=2027-01-01')).status, 200, '366 days');
      const desk = await signIn(env.base, addUser(env.db.url, ['front_desk']));
      assert.equal((await desk.call('GET', `/api/v1/reports/scheduling?from=${today}&to=${today}`)).status, 403);
      const limited = await signIn(env.base, addUser(env.db.url, ['biller'], undefined, undefined, [location.id]));
      assert.equal((await limited.call('GET', `/api/v1/reports/scheduling?from=${today}&to=${today}`)).status, 403);
      const own = await limited.call('GET', `/api/v1/reports/scheduling?from=${today}&to=${today}&location_id=${location.id}`);
      assert.equal(own.status, 200, own.text);
    });
  });
}
