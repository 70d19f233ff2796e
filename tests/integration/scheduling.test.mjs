// SPDX-License-Identifier: AGPL-3.0-or-later
// Scheduling over real HTTP (issue 4): set-up, slot search, booking, conflicts, the front-desk
// flow, and 64 concurrent clients racing for the same provider, room and patient.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { backends, demoServer, addUser, signIn } from './helpers.mjs';

const DAY = 86_400_000;

// The next Monday at least a week ahead, as a UTC date string (YYYY-MM-DD).
function nextMonday() {
  const d = new Date(Date.now() + 7 * DAY);
  d.setUTCDate(d.getUTCDate() + ((8 - d.getUTCDay()) % 7));
  return d.toISOString().slice(0, 10);
}

for (const kind of backends()) {
  describe(`scheduling on ${kind}`, () => {
    let env; let location; let provider; let type; let room; let patients; let monday;
    before(async () => {
      env = await demoServer(kind, 80);
      // The demo clinic has its own types, rooms and hours; this suite adds its own on top.
      location = (await env.call('GET', '/api/v1/locations')).json.items[0];
      provider = (await env.call('GET', '/api/v1/providers')).json.items.find((p) => p.location_ids.includes(location.id));
      patients = (await env.call('GET', '/api/v1/patients?limit=70')).json.items;
      monday = nextMonday();
      const t = await env.call('POST', '/api/v1/appointment-types', { body: { name: 'Integration test visit', duration_minutes: 30, default_cpt_codes: ['99213'] } });
      assert.equal(t.status, 201, t.text);
      type = t.json;
      const rm = await env.call('POST', '/api/v1/rooms', { body: { name: 'Integration room', location_id: location.id } });
      assert.equal(rm.status, 201, rm.text);
      room = rm.json;
      // Archive and restore go through If-Match like every resource.
      const archived = await env.call('POST', `/api/v1/rooms/${room.id}/archive`, { headers: { 'if-match': `"${room.version}"` } });
      assert.equal(archived.status, 200, archived.text);
      assert.equal(archived.json.active, false);
      assert.equal((await env.call('POST', `/api/v1/rooms/${room.id}/restore`, { headers: { 'if-match': `"${room.version}"` } })).status, 412);
      const restored = await env.call('POST', `/api/v1/rooms/${room.id}/restore`, { headers: { 'if-match': `"${archived.json.version}"` } });
      assert.equal(restored.json.active, true);
      room = restored.json;
      const rule = await env.call('POST', '/api/v1/availability-rules', { body: {
        provider_id: provider.id, location_id: location.id, weekdays: ['MO', 'TU', 'WE', 'TH', 'FR'],
        start_time: '08:00', end_time: '17:00', effective_from: monday } });
      assert.equal(rule.status, 201, rule.text);
      assert.deepEqual(rule.json.weekdays, ['MO', 'TU', 'WE', 'TH', 'FR']);
    });
    after(async () => { await env?.close(); });

    test('slots, booking, a conflict with its time, and the front-desk flow', async () => {
      const from = `${monday}T00:00:00Z`;
      const slots = await env.call('GET', `/api/v1/slots?appointment_type_id=${type.id}&location_id=${location.id}&provider_id=${provider.id}&from=${from}&limit=5`);
      assert.equal(slots.status, 200, slots.text);
      assert.equal(slots.json.items.length, 5);
      const [first, second] = slots.json.items;
      assert.equal(Date.parse(second.start) - Date.parse(first.start), 15 * 60_000, '15-minute steps');
      const booking = { patient_id: patients[0].id, provider_id: provider.id, location_id: location.id,
        appointment_type_id: type.id, start: first.start, end: first.end };
      const booked = await env.call('POST', '/api/v1/appointments', { body: booking });
      assert.equal(booked.status, 201, booked.text);
      assert.equal(booked.json.status, 'booked');
      assert.match(booked.headers.location, /^\/api\/v1\/appointments\/\d+$/);
      const clash = await env.call('POST', '/api/v1/appointments', { body: { ...booking, patient_id: patients[1].id } });
      assert.equal(clash.status, 409);
      assert.match(clash.headers['content-type'], /problem\+json/);
      assert.match(clash.json.detail, /provider already has an appointment from \d\d:\d\d to \d\d:\d\d on \d{4}-\d\d-\d\d \(/);
      assert.ok(!clash.text.includes(patients[0].family_name), 'no PHI of the other appointment');
      // The booked time is no longer offered.
      const after = await env.call('GET', `/api/v1/slots?appointment_type_id=${type.id}&location_id=${location.id}&provider_id=${provider.id}&from=${from}&limit=5`);
      assert.notEqual(after.json.items[0].start, first.start);
      // Flow: an illegal step is 409, then check-in, room, start, check-out.
      const id = booked.json.id;
      assert.equal((await env.call('POST', `/api/v1/appointments/${id}/check-out`)).status, 409);
      assert.equal((await env.call('POST', `/api/v1/appointments/${id}/check-in`)).json.status, 'arrived');
      const roomed = await env.call('POST', `/api/v1/appointments/${id}/room`, { body: { room_id: room.id } });
      assert.equal(roomed.status, 200, roomed.text);
      assert.equal(roomed.json.room_id, room.id);
      assert.equal((await env.call('POST', `/api/v1/appointments/${id}/start`)).json.status, 'with_provider');
      const out = await env.call('POST', `/api/v1/appointments/${id}/check-out`);
      assert.equal(out.json.status, 'checked_out');
      assert.ok(out.json.status_times.arrived.at && out.json.status_times.checked_out.by);
      // Cancel needs a reason; a cancelled slot can be booked again.
      const free = after.json.items[0];
      assert.ok(Date.parse(free.start) >= Date.parse(first.end), 'the next offer starts after the booking');
      const other = await env.call('POST', '/api/v1/appointments', { body: { ...booking, start: free.start, end: free.end, patient_id: patients[2].id } });
      assert.equal(other.status, 201, other.text);
      assert.equal((await env.call('POST', `/api/v1/appointments/${other.json.id}/cancel`, { body: {} })).status, 422);
      const cancelled = await env.call('POST', `/api/v1/appointments/${other.json.id}/cancel`, { body: { reason: 'patient called' } });
      assert.equal(cancelled.json.status, 'cancelled');
      assert.equal(cancelled.json.late_cancel, false);
      // The day's appointments, and bad input.
      const day = await env.call('GET', `/api/v1/appointments?location_id=${location.id}&from=${from}&to=${monday}T23:59:59Z`);
      assert.equal(day.status, 200);
      assert.equal(day.json.items.length, 1, 'cancelled ones are left out by default');
      for (const bad of [{ ...booking, end: booking.start }, { ...booking, start: 'tomorrow' },
        { ...booking, start: '2126-01-01T10:00:00Z', end: '2126-01-01T10:30:00Z' }, { ...booking, start: `${monday}T03:00:00Z`, end: `${monday}T03:30:00Z` }]) {
        const r = await env.call('POST', '/api/v1/appointments', { body: bad });
        assert.equal(r.status, 422, JSON.stringify(bad) + r.text);
        assert.ok(r.json.errors.length > 0);
      }
      assert.equal((await env.call('GET', `/api/v1/slots?appointment_type_id=${type.id}`)).status, 422);
    });

    test('blocks take time out of the template; appointments are rescheduled around them', async () => {
      const thursday = Date.parse(`${monday}T00:00:00Z`) + 3 * DAY;
      const from = new Date(thursday).toISOString();
      const slotsNow = async () => (await env.call('GET', `/api/v1/slots?appointment_type_id=${type.id}&location_id=${location.id}&provider_id=${provider.id}&from=${from}&limit=3`)).json.items;
      const [a, b] = await slotsNow();
      const block = await env.call('POST', '/api/v1/schedule-blocks', { body: {
        kind: 'block', provider_id: provider.id, start: a.start, end: b.end, reason: 'staff meeting' } });
      assert.equal(block.status, 201, block.text);
      const after = await slotsNow();
      assert.ok(Date.parse(after[0].start) >= Date.parse(b.end), 'slots start after the block');
      const listed = await env.call('GET', `/api/v1/schedule-blocks?from=${from}&to=${new Date(thursday + DAY).toISOString()}&provider_id=${provider.id}`);
      assert.equal(listed.json.items.length, 1);
      assert.equal(listed.json.items[0].reason, 'staff meeting');
      const appt = await env.call('POST', '/api/v1/appointments', { body: { patient_id: patients[70 - 1].id, provider_id: provider.id,
        location_id: location.id, appointment_type_id: type.id, start: after[0].start, end: after[0].end } });
      assert.equal(appt.status, 201, appt.text);
      const into = await env.call('POST', `/api/v1/appointments/${appt.json.id}/reschedule`, { body: { start: a.start, end: a.end } });
      assert.equal(into.status, 422, into.text);
      assert.equal(into.json.errors[0].field, 'start');
      assert.equal((await env.call('DELETE', `/api/v1/schedule-blocks/${block.json.id}`)).status, 204);
      const moved = await env.call('POST', `/api/v1/appointments/${appt.json.id}/reschedule`, { body: { start: a.start, end: a.end },
        headers: { 'if-match': `"${appt.json.version}"` } });
      assert.equal(moved.status, 200, moved.text);
      assert.equal(moved.json.start, a.start);
      assert.equal(moved.json.version, appt.json.version + 1);
      const stale = await env.call('POST', `/api/v1/appointments/${appt.json.id}/reschedule`, { body: { start: b.start, end: b.end },
        headers: { 'if-match': `"${appt.json.version}"` } });
      assert.equal(stale.status, 412);
    });

    test('recurring series: per-occurrence conflicts, skip, and cancelling this and following', async () => {
      // Fridays at 14:00 local for four weeks; the third Friday is taken already.
      const friday = Date.parse(`${monday}T00:00:00Z`) + 4 * DAY + 7 * DAY;
      const slots = (await env.call('GET', `/api/v1/slots?appointment_type_id=${type.id}&location_id=${location.id}&provider_id=${provider.id}&from=${new Date(friday).toISOString()}&time_from=14:00&limit=1`)).json.items;
      const start = Date.parse(slots[0].start);
      const base = { patient_id: patients[68].id, provider_id: provider.id, location_id: location.id, appointment_type_id: type.id };
      const taken = await env.call('POST', '/api/v1/appointments', { body: { ...base, patient_id: patients[67].id,
        start: new Date(start + 14 * DAY).toISOString(), end: new Date(start + 14 * DAY + 30 * 60_000).toISOString() } });
      assert.equal(taken.status, 201, taken.text);
      const series = { ...base, start: slots[0].start, end: slots[0].end, rrule: 'FREQ=WEEKLY;BYDAY=FR;COUNT=4' };
      const refused = await env.call('POST', '/api/v1/appointments', { body: series });
      assert.equal(refused.status, 409, refused.text);
      assert.deepEqual(refused.json.errors.map((e) => e.field), ['occurrences[2]']);
      const none = await env.call('GET', `/api/v1/appointments?patient_id=${base.patient_id}&from=${slots[0].start}&to=${new Date(start + 30 * DAY).toISOString()}`);
      assert.equal(none.json.items.length, 0, 'nothing of a refused series is kept');
      const booked = await env.call('POST', '/api/v1/appointments', { body: { ...series, skip_conflicts: true } });
      assert.equal(booked.status, 201, booked.text);
      assert.equal(booked.json.series.booked, 3);
      assert.equal(booked.json.series.skipped.length, 1);
      assert.equal(Date.parse(booked.json.series.skipped[0].start), start + 14 * DAY);
      const ids = booked.json.series.appointment_ids;
      // Cancel the second and the ones after it.
      const cancel = await env.call('POST', `/api/v1/appointments/${ids[1]}/cancel`, { body: { reason: 'moving away', scope: 'following' } });
      assert.equal(cancel.status, 200, cancel.text);
      const left = await env.call('GET', `/api/v1/appointments?patient_id=${base.patient_id}&from=${slots[0].start}&to=${new Date(start + 30 * DAY).toISOString()}`);
      assert.deepEqual(left.json.items.map((a) => a.id), [ids[0]]);
      const bad = await env.call('POST', '/api/v1/appointments', { body: { ...series, rrule: 'FREQ=YEARLY' } });
      assert.equal(bad.status, 422);
      assert.equal(bad.json.errors[0].field, 'rrule');
    });

    test('moving a series: this one (an exception), all, and this and following; a conflict moves nothing', async () => {
      // Tuesdays at 10:00 local, four weeks, starting two weeks after the Monday.
      const tuesday = Date.parse(`${monday}T00:00:00Z`) + 15 * DAY;
      const slots = (await env.call('GET', `/api/v1/slots?appointment_type_id=${type.id}&location_id=${location.id}&provider_id=${provider.id}&from=${new Date(tuesday).toISOString()}&time_from=10:00&limit=1`)).json.items;
      const start = Date.parse(slots[0].start);
      const HOUR = 3_600_000;
      const at = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
      const base = { patient_id: patients[66].id, provider_id: provider.id, location_id: location.id, appointment_type_id: type.id };
      const booked = await env.call('POST', '/api/v1/appointments', { body: { ...base, start: at(start), end: at(start + 30 * 60_000),
        rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=4' } });
      assert.equal(booked.status, 201, booked.text);
      const ids = booked.json.series.appointment_ids;
      const starts = async () => Promise.all(ids.map(async (id) => Date.parse((await env.call('GET', `/api/v1/appointments/${id}`)).json.start)));
      // The second one alone to 11:00: it becomes an exception.
      const one = await env.call('POST', `/api/v1/appointments/${ids[1]}/reschedule`, { body: { start: at(start + 7 * DAY + HOUR), end: at(start + 7 * DAY + HOUR + 30 * 60_000) } });
      assert.equal(one.status, 200, one.text);
      assert.equal(one.json.series_exception, true);
      // All of them to 13:00, 45 minutes long: the exception stays at 11:00.
      const all = await env.call('POST', `/api/v1/appointments/${ids[0]}/reschedule`, { body: { scope: 'all', start: at(start + 3 * HOUR), end: at(start + 3 * HOUR + 45 * 60_000) } });
      assert.equal(all.status, 200, all.text);
      assert.deepEqual(await starts(), [start + 3 * HOUR, start + 7 * DAY + HOUR, start + 14 * DAY + 3 * HOUR, start + 21 * DAY + 3 * HOUR]);
      const third = (await env.call('GET', `/api/v1/appointments/${ids[2]}`)).json;
      assert.equal(Date.parse(third.end) - Date.parse(third.start), 45 * 60_000);
      assert.equal(third.series_exception, false);
      // Another patient takes Wednesday 13:00 of the fourth week: moving the third and following
      // to Wednesdays conflicts there, and nothing moves.
      const taken = await env.call('POST', '/api/v1/appointments', { body: { ...base, patient_id: patients[65].id,
        start: at(start + 22 * DAY + 3 * HOUR), end: at(start + 22 * DAY + 3 * HOUR + 30 * 60_000) } });
      assert.equal(taken.status, 201, taken.text);
      const following = { scope: 'following', start: at(start + 15 * DAY + 3 * HOUR), end: at(start + 15 * DAY + 3 * HOUR + 45 * 60_000) };
      const refused = await env.call('POST', `/api/v1/appointments/${ids[2]}/reschedule`, { body: following });
      assert.equal(refused.status, 409, refused.text);
      assert.deepEqual(refused.json.errors.map((e) => e.field), ['occurrences[1]']);
      assert.deepEqual(await starts(), [start + 3 * HOUR, start + 7 * DAY + HOUR, start + 14 * DAY + 3 * HOUR, start + 21 * DAY + 3 * HOUR]);
      const cancelled = await env.call('POST', `/api/v1/appointments/${taken.json.id}/cancel`, { body: { reason: 'patient called' } });
      assert.equal(cancelled.status, 200, cancelled.text);
      const moved = await env.call('POST', `/api/v1/appointments/${ids[2]}/reschedule`, { body: following });
      assert.equal(moved.status, 200, moved.text);
      assert.deepEqual(await starts(), [start + 3 * HOUR, start + 7 * DAY + HOUR, start + 15 * DAY + 3 * HOUR, start + 22 * DAY + 3 * HOUR]);
      const bad = await env.call('POST', `/api/v1/appointments/${ids[2]}/reschedule`, { body: { ...following, scope: 'some' } });
      assert.equal(bad.status, 422);
      assert.equal(bad.json.errors[0].field, 'scope');
    });

    test('location limits bind on booking and calendars', async () => {
      const others = (await env.call('GET', '/api/v1/locations')).json.items.filter((l) => l.id !== location.id);
      const limited = await signIn(env.base, addUser(env.db.url, ['front_desk'], undefined, 1, [others[0].id]));
      const from = `${monday}T00:00:00Z`;
      const to = `${monday}T23:59:59Z`;
      assert.equal((await limited.call('GET', `/api/v1/appointments?from=${from}&to=${to}`)).status, 403);
      assert.equal((await limited.call('GET', `/api/v1/appointments?location_id=${location.id}&from=${from}&to=${to}`)).status, 403);
      assert.equal((await limited.call('GET', `/api/v1/appointments?location_id=${others[0].id}&from=${from}&to=${to}`)).status, 200);
      const slot = (await env.call('GET', `/api/v1/slots?appointment_type_id=${type.id}&location_id=${location.id}&from=${from}&limit=1`)).json.items[0];
      const r = await limited.call('POST', '/api/v1/appointments', { body: { patient_id: patients[2].id, provider_id: slot.provider_id,
        location_id: location.id, appointment_type_id: type.id, start: slot.start, end: slot.end } });
      assert.equal(r.status, 403);
    });

    test('64 concurrent clients booking overlapping times leave one booking per conflict set', async () => {
      const base = Date.parse(`${monday}T00:00:00Z`) + 2 * DAY;  // Wednesday
      const slots = (await env.call('GET', `/api/v1/slots?appointment_type_id=${type.id}&location_id=${location.id}&provider_id=${provider.id}&from=${new Date(base).toISOString()}&limit=1`)).json.items;
      const start = Date.parse(slots[0].start);
      const desk = await signIn(env.base, addUser(env.db.url, ['front_desk']));
      const results = await Promise.all(Array.from({ length: 64 }, (_, i) => desk.call('POST', '/api/v1/appointments', { body: {
        patient_id: patients[3 + i].id, provider_id: provider.id, location_id: location.id, appointment_type_id: type.id,
        room_id: room.id,
        start: new Date(start + (i % 10) * 60_000).toISOString(), end: new Date(start + (30 + (i % 10)) * 60_000).toISOString() } })));
      const statuses = results.map((r) => r.status).sort();
      assert.equal(statuses.filter((s) => s === 201).length, 1, statuses.join(','));
      assert.equal(statuses.filter((s) => s === 409).length, 63, statuses.join(','));
      // No two holding, not overbooked appointments of one provider overlap (checked in SQL).
      const sql = 'SELECT count(*) FROM appointments a JOIN appointments b ON a.id < b.id AND a.provider_id = b.provider_id '
        + 'AND a.start_at < b.end_at AND b.start_at < a.end_at WHERE a.holds_time = 1 AND b.holds_time = 1 '
        + 'AND a.overbooked = 0 AND b.overbooked = 0';
      const count = kind === 'sqlite'
        ? execFileSync('sqlite3', [env.db.url.replace(/^sqlite:/, ''), sql]).toString().trim()
        : execFileSync('psql', [env.db.url, '-Atc', sql]).toString().trim();
      assert.equal(count, '0');
    });
  });
}
