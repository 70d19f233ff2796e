// SPDX-License-Identifier: AGPL-3.0-or-later
// Scheduling over real HTTP (issue 4): set-up, slot search, booking, conflicts, the front-desk
// flow, and 64 concurrent clients racing for the same provider, room and patient.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import { backends, demoServer, addUser, signIn, jane } from './helpers.mjs';

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
      for (const bad of [{ ...booking, end: booking.start }, { ...booking, start: booking.end, end: booking.start }, { ...booking, start: 'tomorrow' },
        { ...booking, start: '2020-01-06T15:00:00Z', end: '2020-01-06T15:30:00Z' },
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

    test('check-in confirms coverage and takes the co-pay with a receipt; check-out books the follow-up', async () => {
      const tuesday = Date.parse(`${monday}T00:00:00Z`) + 1 * DAY;
      const reg = await env.call('POST', '/api/v1/patients', { body: { ...jane(), given_name: 'Copay', family_name: 'Tester', phone: '+12175550177' } });
      assert.equal(reg.status, 201, reg.text);
      const patient = reg.json;
      const payers = (await env.call('GET', '/api/v1/payers')).json.items;
      const cov = await env.call('POST', '/api/v1/coverages', { body: { patient_id: patient.id, payer_id: payers[0].id, member_id: 'CP123', effective_date: '2024-01-01', copay_cents: 2500 } });
      assert.equal(cov.status, 201, cov.text);
      const slots = (await env.call('GET', `/api/v1/slots?appointment_type_id=${type.id}&location_id=${location.id}&provider_id=${provider.id}&from=${new Date(tuesday).toISOString()}&time_from=08:00&limit=1`)).json.items;
      const appt = await env.call('POST', '/api/v1/appointments', { body: { patient_id: patient.id, provider_id: provider.id, location_id: location.id,
        appointment_type_id: type.id, start: slots[0].start, end: slots[0].end } });
      assert.equal(appt.status, 201, appt.text);
      const summary = await env.call('GET', `/api/v1/appointments/${appt.json.id}/check-in`);
      assert.equal(summary.status, 200, summary.text);
      assert.equal(summary.json.patient.id, patient.id);
      assert.equal(summary.json.primary_coverage.id, cov.json.id);
      assert.equal(summary.json.copay_due_cents, 2500);
      assert.equal(summary.json.copay_paid_cents, 0);
      // A card number where the last four digits belong: refused, and nothing changes.
      const card = await env.call('POST', `/api/v1/appointments/${appt.json.id}/check-in`, { body: { coverage_confirmed: true,
        copay: { amount_cents: 2500, method: 'card', reference: '4111111111111111' } } });
      assert.equal(card.status, 422, card.text);
      assert.equal(card.json.errors[0].field, 'copay.reference');
      assert.equal((await env.call('GET', `/api/v1/appointments/${appt.json.id}`)).json.status, 'booked');
      // The front desk without payment.collect? Every desk role has it; a clinician does not.
      const clinician = await signIn(env.base, addUser(env.db.url, ['clinician']));
      const denied = await clinician.call('POST', `/api/v1/appointments/${appt.json.id}/check-in`, { body: { copay: { amount_cents: 2500, method: 'cash' } } });
      assert.equal(denied.status, 403, denied.text);
      const desk = await signIn(env.base, addUser(env.db.url, ['front_desk']));
      const checkedIn = await desk.call('POST', `/api/v1/appointments/${appt.json.id}/check-in`, { body: { demographics_confirmed: true, coverage_confirmed: true,
        copay: { amount_cents: 2500, method: 'card', reference: '4242' } } });
      assert.equal(checkedIn.status, 200, checkedIn.text);
      assert.equal(checkedIn.json.status, 'arrived');
      assert.equal(checkedIn.json.demographics_confirmed, true);
      assert.equal(checkedIn.json.coverage_confirmed_id, cov.json.id);
      assert.ok(checkedIn.json.status_times.arrived.by > 0, 'who checked the patient in');
      assert.match(checkedIn.json.payment.receipt_number, /^R-\d{6,}$/);
      assert.equal(checkedIn.json.payment.amount, '25.00');
      // Posted to the ledger at once: credit on the patient's account until the visit is billed.
      assert.equal(checkedIn.json.payment.posted, true);
      assert.ok(checkedIn.json.payment.account_id > 0, 'posted to the patient\'s account');
      assert.equal(checkedIn.json.payment.unallocated_cents, 2500);
      const receipt = await env.call('GET', `/api/v1/payments/${checkedIn.json.payment.id}`);
      assert.equal(receipt.json.receipt_number, checkedIn.json.payment.receipt_number);
      assert.equal(receipt.json.coverage_id, cov.json.id);
      const second = await env.call('POST', '/api/v1/payments', { body: { appointment_id: appt.json.id, amount_cents: 1000, method: 'check', reference: '1042', kind: 'patient_payment' } });
      assert.equal(second.status, 201, second.text);
      assert.ok(second.json.receipt_number > checkedIn.json.payment.receipt_number, 'receipt numbers increase');
      const paid = await env.call('GET', `/api/v1/payments?appointment_id=${appt.json.id}`);
      assert.equal(paid.json.items.length, 2);
      assert.equal((await env.call('GET', `/api/v1/appointments/${appt.json.id}/check-in`)).json.copay_paid_cents, 2500);
      assert.equal((await env.call('POST', `/api/v1/appointments/${appt.json.id}/check-in`)).status, 409, 'checked in twice');
      assert.equal((await env.call('POST', `/api/v1/appointments/${appt.json.id}/room`, { body: { room_id: room.id } })).status, 200);
      assert.equal((await env.call('POST', `/api/v1/appointments/${appt.json.id}/start`)).status, 200);
      // Check-out with a follow-up in four weeks; a follow-up into a block fails the whole step.
      const next = Date.parse(slots[0].start) + 28 * DAY;
      const at = (ms) => new Date(ms).toISOString();
      const block = await env.call('POST', '/api/v1/schedule-blocks', { body: { kind: 'time_off', provider_id: provider.id, start: at(next), end: at(next + 3_600_000), reason: 'vacation' } });
      assert.equal(block.status, 201, block.text);
      const blocked = await env.call('POST', `/api/v1/appointments/${appt.json.id}/check-out`, { body: { follow_up: { start: at(next), end: at(next + 30 * 60_000) } } });
      assert.equal(blocked.status, 422, blocked.text);
      assert.equal(blocked.json.errors[0].field, 'follow_up.start');
      assert.equal((await env.call('GET', `/api/v1/appointments/${appt.json.id}`)).json.status, 'with_provider');
      assert.equal((await env.call('DELETE', `/api/v1/schedule-blocks/${block.json.id}`)).status, 204);
      const out = await env.call('POST', `/api/v1/appointments/${appt.json.id}/check-out`, { body: { follow_up: { start: at(next), end: at(next + 30 * 60_000), note: 'recheck' } } });
      assert.equal(out.status, 200, out.text);
      assert.equal(out.json.status, 'checked_out');
      assert.equal(out.json.follow_up.status, 'booked');
      assert.equal(out.json.follow_up.patient_id, patient.id);
      assert.equal(Date.parse(out.json.follow_up.start), next);
    });

    test('waitlist: a cancellation offers the slot to the best-matching waiting patients; booking the offer moves the visit', async () => {
      const thursday = Date.parse(`${monday}T00:00:00Z`) + 10 * DAY;
      const slotAt = async (day) => (await env.call('GET', `/api/v1/slots?appointment_type_id=${type.id}&location_id=${location.id}&provider_id=${provider.id}&from=${new Date(day).toISOString()}&time_from=09:00&limit=1`)).json.items[0];
      const s = await slotAt(thursday);
      const later = await slotAt(thursday + 14 * DAY);
      const base = { provider_id: provider.id, location_id: location.id, appointment_type_id: type.id };
      const x = await env.call('POST', '/api/v1/appointments', { body: { ...base, patient_id: patients[1].id, start: s.start, end: s.end } });
      assert.equal(x.status, 201, x.text);
      const y = await env.call('POST', '/api/v1/appointments', { body: { ...base, patient_id: patients[2].id, start: later.start, end: later.end } });
      assert.equal(y.status, 201, y.text);
      const window = { location_id: location.id, appointment_type_id: type.id, window_from: monday,
        window_to: new Date(thursday + 30 * DAY).toISOString().slice(0, 10) };
      const wait = async (body) => {
        const r = await env.call('POST', '/api/v1/waitlist', { body: { ...window, ...body } });
        assert.equal(r.status, 201, r.text);
        return r.json;
      };
      const moveEarlier = await wait({ patient_id: patients[2].id, appointment_id: y.json.id, priority: 2, provider_ids: [provider.id] });
      const mondaysOnly = await wait({ patient_id: patients[3].id, priority: 1, weekdays: ['MO'] });
      const anyDay = await wait({ patient_id: patients[4].id, priority: 3, time_from: '07:00', time_to: '18:00' });
      const bad = await env.call('POST', '/api/v1/waitlist', { body: { ...window, patient_id: patients[5].id, priority: 9, window_to: '2020-01-01' } });
      assert.equal(bad.status, 422);
      assert.deepEqual(bad.json.errors.map((e) => e.field).sort(), ['priority']);
      const listed = (await env.call('GET', `/api/v1/waitlist?location_id=${location.id}`)).json.items.map((e) => e.id);
      assert.deepEqual(listed.slice(0, 3), [mondaysOnly.id, moveEarlier.id, anyDay.id], 'most urgent first');

      const cancel = await env.call('POST', `/api/v1/appointments/${x.json.id}/cancel`, { body: { reason: 'patient called' } });
      assert.equal(cancel.status, 200, cancel.text);
      const offers = (await env.call('GET', `/api/v1/waitlist-offers?location_id=${location.id}`)).json.items.filter((o) => o.start === s.start);
      assert.deepEqual(offers.map((o) => [o.entry_id, o.rank]), [[moveEarlier.id, 1], [anyDay.id, 2]], 'Monday-only entry is not offered a Thursday');
      const declined = await env.call('POST', `/api/v1/waitlist-offers/${offers[1].id}/decline`);
      assert.equal(declined.json.status, 'declined');
      const booked = await env.call('POST', `/api/v1/waitlist-offers/${offers[0].id}/book`);
      assert.equal(booked.status, 200, booked.text);
      assert.equal(booked.json.id, y.json.id, 'the waiting visit moved earlier');
      assert.equal(booked.json.start, s.start);
      const entry = (await env.call('GET', `/api/v1/waitlist/${moveEarlier.id}`)).json;
      assert.equal(entry.status, 'booked');
      assert.equal(entry.booked_appointment_id, y.json.id);
      assert.equal((await env.call('POST', `/api/v1/waitlist-offers/${offers[0].id}/book`)).status, 409, 'an offer books once');
      // Moving Y earlier freed its old time: the any-day patient is offered that one now.
      const freed = (await env.call('GET', `/api/v1/waitlist-offers?entry_id=${anyDay.id}`)).json.items;
      assert.deepEqual(freed.map((o) => o.start), [later.start]);
      // Editing: a stale version is refused, a current one changes priority and hours; a booked
      // entry cannot change.
      const stale = await env.call('PATCH', `/api/v1/waitlist/${anyDay.id}`, { body: { priority: 1 }, headers: { 'if-match': '"999"' } });
      assert.equal(stale.status, 412, stale.text);
      const current = (await env.call('GET', `/api/v1/waitlist/${anyDay.id}`)).json;
      const edited = await env.call('PATCH', `/api/v1/waitlist/${anyDay.id}`, { body: { priority: 1, time_from: '08:00', note: 'mornings' },
        headers: { 'if-match': `"${current.version}"`, 'content-type': 'application/merge-patch+json' } });
      assert.equal(edited.status, 200, edited.text);
      assert.equal(edited.json.priority, 1);
      assert.equal(edited.json.time_from, '08:00');
      assert.equal(edited.json.window_to, current.window_to, 'members not in the patch stay');
      const badEdit = await env.call('PATCH', `/api/v1/waitlist/${anyDay.id}`, { body: { priority: 7 }, headers: { 'if-match': `"${edited.json.version}"` } });
      assert.equal(badEdit.status, 422);
      assert.equal(badEdit.json.errors[0].field, 'priority');
      const bookedEdit = await env.call('PATCH', `/api/v1/waitlist/${moveEarlier.id}`, { body: { note: 'x' }, headers: { 'if-match': `"${entry.version}"` } });
      assert.equal(bookedEdit.status, 409, bookedEdit.text);
      const removed = await env.call('POST', `/api/v1/waitlist/${anyDay.id}/remove`);
      assert.equal(removed.json.status, 'removed');
      assert.equal((await env.call('GET', `/api/v1/waitlist-offers?entry_id=${anyDay.id}`)).json.items.length, 0, 'open offers close with the entry');
    });

    test('calendar day and week views in the location zone, DST-correct (America/New_York 2026-03-08 and 2026-11-01)', async () => {
      const week = await env.call('GET', `/api/v1/calendar?location_id=${location.id}&view=week&date=${monday}&include_patient_names=true`);
      assert.equal(week.status, 200, week.text);
      const bare = await env.call('GET', `/api/v1/calendar?location_id=${location.id}&view=week&date=${monday}`);
      assert.ok(bare.json.items.length > 0 && bare.json.items.every((a) => a.patient_name === undefined), 'no names unless asked');
      assert.equal(week.json.days.length, 7);
      assert.equal(week.json.days[0].date, monday, 'weeks start on Monday');
      assert.equal(week.json.time_zone, location.time_zone);
      const mine = week.json.items.filter((a) => a.provider_id === provider.id);
      assert.ok(mine.length > 0, 'this suite booked visits that week');
      const names = new Map();
      for (const a of week.json.items) {
        if (!names.has(a.patient_id)) {
          const p = (await env.call('GET', `/api/v1/patients/${a.patient_id}`)).json;
          names.set(a.patient_id, `${p.family_name}, ${p.given_name}`);
        }
        assert.equal(a.patient_name, names.get(a.patient_id), 'each cell names its patient');
        assert.equal(Date.parse(a.local_start), Date.parse(a.start), 'local time with its offset is the same instant');
        assert.ok(Date.parse(a.start) >= Date.parse(week.json.days[0].start) && Date.parse(a.start) < Date.parse(week.json.days[6].end));
      }
      const byProvider = await env.call('GET', `/api/v1/calendar?location_id=${location.id}&provider_id=${provider.id}&view=week&date=${monday}`);
      assert.deepEqual(byProvider.json.items.map((a) => a.id), mine.map((a) => a.id));
      // A New York location: the spring-forward day has 23 hours, the fall-back day 25.
      const ny = await env.call('POST', '/api/v1/locations', { body: { name: 'Manhattan Satellite', time_zone: 'America/New_York',
        place_of_service: '11', phone: '+12125550100', address: { line1: '1 Broadway', city: 'New York', state: 'NY', postal_code: '10004' } } });
      assert.equal(ny.status, 201, ny.text);
      const spring = await env.call('GET', `/api/v1/calendar?location_id=${ny.json.id}&date=2026-03-08`);
      assert.equal(spring.status, 200, spring.text);
      assert.equal(spring.json.days[0].hours, 23);
      assert.equal(Date.parse(spring.json.days[0].start), Date.parse('2026-03-08T05:00:00Z'));
      assert.equal(spring.json.from, '2026-03-08T00:00:00-05:00');
      assert.equal(spring.json.to, '2026-03-09T00:00:00-04:00');
      const fall = await env.call('GET', `/api/v1/calendar?location_id=${ny.json.id}&date=2026-11-01&view=week`);
      assert.equal(fall.json.days[0].date, '2026-10-26');
      assert.deepEqual(fall.json.days.map((d) => d.hours), [24, 24, 24, 24, 24, 24, 25]);
      for (const [q, field] of [['view=month', 'view'], ['date=2026-02-30', 'date'], ['', 'location_id']]) {
        const bad = await env.call('GET', `/api/v1/calendar?${q}${q && q !== '' ? '&' : ''}${field === 'location_id' ? '' : `location_id=${location.id}`}`);
        assert.equal(bad.status, 422, `${q}: ${bad.text}`);
        assert.equal(bad.json.errors[0].field, field);
      }
    });

    test('the flow board shows who is waiting and updates live over server-sent events', async () => {
      const desk = await signIn(env.base, addUser(env.db.url, ['front_desk']));
      const u = new URL(env.base);
      // Open the live board and collect its events.
      const events = [];
      let waiting = null;
      const stream = http.get({ host: u.hostname, port: u.port, path: `/api/v1/flow-board/stream?location_id=${location.id}`,
        headers: { cookie: desk.cookie, accept: 'text/event-stream' } });
      const response = await new Promise((resolve, reject) => { stream.on('response', resolve); stream.on('error', reject); });
      assert.equal(response.statusCode, 200);
      assert.match(response.headers['content-type'], /^text\/event-stream/);
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
          if (block.includes('event: board')) {
            events.push(JSON.parse(data));
            if (waiting) waiting();
          }
        }
      });
      const nextEvent = (pred) => new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no board event in time')), 8000);
        const check = () => { const e = events.find(pred); if (e) { clearTimeout(timer); waiting = null; resolve(e); } };
        waiting = check;
        check();
      });
      try {
        const first = await nextEvent(() => true);
        assert.equal(first.location_id, location.id);
        // A walk-in arrives now: the board shows the patient waiting within a couple of seconds.
        const now = new Date();
        now.setUTCSeconds(0, 0);
        const walkIn = await desk.call('POST', '/api/v1/appointments', { body: { patient_id: patients[6].id, provider_id: provider.id,
          location_id: location.id, appointment_type_id: type.id, walk_in: true,
          start: now.toISOString(), end: new Date(now.getTime() + 30 * 60_000).toISOString() } });
        assert.equal(walkIn.status, 201, walkIn.text);
        const shown = await nextEvent((e) => e.items.some((i) => i.appointment_id === walkIn.json.id));
        const line = shown.items.find((i) => i.appointment_id === walkIn.json.id);
        assert.equal(line.status, 'arrived');
        assert.equal(line.walk_in, true);
        assert.ok(line.minutes_in_step >= 0);
        assert.equal(line.patient_name, `${patients[6].family_name}, ${patients[6].given_name[0]}.`);
        // Rooming shows the room.
        assert.equal((await desk.call('POST', `/api/v1/appointments/${walkIn.json.id}/room`, { body: { room_id: room.id } })).status, 200);
        const roomed = await nextEvent((e) => e.items.some((i) => i.appointment_id === walkIn.json.id && i.status === 'roomed'));
        assert.equal(roomed.items.find((i) => i.appointment_id === walkIn.json.id).room_name, room.name);
        // The same board without streaming.
        const snapshot = await desk.call('GET', `/api/v1/flow-board?location_id=${location.id}`);
        assert.equal(snapshot.status, 200, snapshot.text);
        assert.ok(snapshot.json.items.some((i) => i.appointment_id === walkIn.json.id && i.status === 'roomed'));
        assert.equal((await desk.call('POST', `/api/v1/appointments/${walkIn.json.id}/check-out`)).status, 200);
        await nextEvent((e) => e === events[events.length - 1] && !e.items.some((i) => i.appointment_id === walkIn.json.id));
      } finally {
        stream.destroy();
      }
      assert.equal((await desk.call('GET', '/api/v1/flow-board')).status, 422);
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
      // 64 requests at once on two cores queue behind 16 database connections: each may wait for
      // all the others, so the per-request limit is the burst's, not one request's.
      const began = Date.now();
      const results = await Promise.all(Array.from({ length: 64 }, (_, i) => desk.call('POST', '/api/v1/appointments', { timeoutMs: 120_000, body: {
        patient_id: patients[3 + i].id, provider_id: provider.id, location_id: location.id, appointment_type_id: type.id,
        room_id: room.id,
        start: new Date(start + (i % 10) * 60_000).toISOString(), end: new Date(start + (30 + (i % 10)) * 60_000).toISOString() } })));
      if (Date.now() - began > 10_000) console.log(`# the 64-booking burst took ${Date.now() - began} ms`);
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

    test('Idempotency-Key: a retried booking, series or payment answers the first result and changes nothing more', async () => {
      const day = Date.parse(`${monday}T00:00:00Z`) + 28 * DAY;
      const open = (await env.call('GET', `/api/v1/slots?appointment_type_id=${type.id}&location_id=${location.id}&provider_id=${provider.id}&from=${new Date(day).toISOString()}&time_from=14:00&limit=6`)).json.items;
      const one = open[0];
      const two = open.find((x) => Date.parse(x.start) >= Date.parse(one.end));
      const booking = { patient_id: patients[60].id, provider_id: provider.id, location_id: location.id,
        appointment_type_id: type.id, start: one.start, end: one.end };
      const key = `book-${Date.now()}`;
      const a = await env.call('POST', '/api/v1/appointments', { body: booking, headers: { 'idempotency-key': key } });
      assert.equal(a.status, 201, a.text);
      const b = await env.call('POST', '/api/v1/appointments', { body: booking, headers: { 'idempotency-key': key } });
      assert.equal(b.status, 201, 'the replay answers 201 again, not a conflict with itself');
      assert.equal(b.json.id, a.json.id);
      assert.equal(b.headers.location, a.headers.location);
      const other = await env.call('POST', '/api/v1/appointments', { body: { ...booking, start: two.start, end: two.end }, headers: { 'idempotency-key': key } });
      assert.equal(other.status, 409, 'the same key with another body');
      const mine = (await env.call('GET', `/api/v1/appointments?patient_id=${patients[60].id}&from=${new Date(day - DAY).toISOString()}&to=${new Date(day + 7 * DAY).toISOString()}`)).json.items;
      assert.equal(mine.length, 1);
      // A series: the retry books nothing more.
      const seriesKey = `series-${Date.now()}`;
      const series = { ...booking, patient_id: patients[61].id, start: two.start, end: two.end, rrule: 'FREQ=WEEKLY;COUNT=2' };
      const s1 = await env.call('POST', '/api/v1/appointments', { body: series, headers: { 'idempotency-key': seriesKey } });
      assert.equal(s1.status, 201, s1.text);
      const s2 = await env.call('POST', '/api/v1/appointments', { body: series, headers: { 'idempotency-key': seriesKey } });
      assert.deepEqual(s2.json.series, s1.json.series);
      // A payment taken twice with one key is taken once.
      const payKey = `pay-${Date.now()}`;
      const pay = { patient_id: patients[60].id, appointment_id: a.json.id, amount_cents: 2000, method: 'cash' };
      const p1 = await env.call('POST', '/api/v1/payments', { body: pay, headers: { 'idempotency-key': payKey } });
      assert.equal(p1.status, 201, p1.text);
      const p2 = await env.call('POST', '/api/v1/payments', { body: pay, headers: { 'idempotency-key': payKey } });
      assert.equal(p2.json.receipt_number, p1.json.receipt_number);
      assert.equal((await env.call('GET', `/api/v1/payments?appointment_id=${a.json.id}`)).json.items.length, 1);
      const p3 = await env.call('POST', '/api/v1/payments', { body: pay });
      assert.equal(p3.status, 201, 'without a key, a second payment is a second payment');
      assert.notEqual(p3.json.receipt_number, p1.json.receipt_number);
    });

    test('an unbounded RRULE is cut at 200 occurrences and the answer says so', async () => {
      const day = Date.parse(`${monday}T00:00:00Z`) + 35 * DAY;
      const slot = (await env.call('GET', `/api/v1/slots?appointment_type_id=${type.id}&location_id=${location.id}&provider_id=${provider.id}&from=${new Date(day).toISOString()}&time_from=16:00&limit=1`)).json.items[0];
      const r = await env.call('POST', '/api/v1/appointments', { body: { patient_id: patients[0].id, provider_id: provider.id, location_id: location.id,
        appointment_type_id: type.id, start: slot.start, end: slot.end, rrule: 'FREQ=DAILY', skip_conflicts: true } });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.series.truncated, true);
      assert.match(r.json.series.note, /200/);
      assert.equal(r.json.series.booked + r.json.series.skipped.length, 200);
      assert.ok(r.json.series.skipped.length > 0, 'weekends are outside the hours and are listed');
    });
  });
}
