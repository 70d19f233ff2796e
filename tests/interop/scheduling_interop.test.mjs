// SPDX-License-Identifier: AGPL-3.0-or-later
// Interop (issue 4): independent parsers read what MedOffice emits. HL7 v2.5.1 SIU messages in
// the outbox folder are parsed with simple-hl7; the provider's iCalendar feed with ical.js.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backends, freshDatabase, cli, startServer, addUser, signIn, request } from '../integration/helpers.mjs';

const peers = createRequire(new URL('../node/package.json', import.meta.url));
const hl7 = peers('simple-hl7');
const ICAL = peers('ical.js');

const DAY = 86_400_000;

async function waitForFiles(dir, count) {
  for (let i = 0; i < 100; i++) {
    const names = readdirSync(dir).filter((n) => n.endsWith('.hl7')).sort();
    if (names.length >= count) return names;
    await new Promise((r) => setTimeout(r, 100));
  }
  return readdirSync(dir).filter((n) => n.endsWith('.hl7')).sort();
}

for (const kind of backends()) {
  describe(`scheduling interop on ${kind}`, () => {
    let db; let server; let call; let outbox; let location; let provider; let type; let patients;
    before(async () => {
      db = freshDatabase(kind);
      assert.equal(cli('init', '--db', db.url).status, 0);
      assert.equal(cli('demo', '--db', db.url, '--patients', '20', '--no-users').status, 0);
      outbox = mkdtempSync(join(tmpdir(), 'medoffice-hl7-'));
      server = await startServer(db.url, ['--hl7-outbox', outbox]);
      call = (await signIn(server.base, addUser(db.url, ['manager']))).call;
      location = (await call('GET', '/api/v1/locations')).json.items[0];
      provider = (await call('GET', '/api/v1/providers')).json.items.find((p) => p.location_ids.includes(location.id));
      type = (await call('GET', '/api/v1/appointment-types')).json.items.find((t) => t.name === 'Follow-up visit');
      patients = (await call('GET', '/api/v1/patients?limit=5')).json.items;
    });
    after(async () => { await server?.stop(); db?.drop(); if (outbox) rmSync(outbox, { recursive: true, force: true }); });

    test('SIU S12, S13, S14, S15 and S26 land in the outbox folder and parse with simple-hl7', async () => {
      const from = new Date(Date.now() + 7 * DAY).toISOString();
      const slots = (await call('GET', `/api/v1/slots?appointment_type_id=${type.id}&location_id=${location.id}&provider_id=${provider.id}&from=${from}&limit=3`)).json.items;
      const base = { patient_id: patients[0].id, provider_id: provider.id, location_id: location.id, appointment_type_id: type.id };
      const a = await call('POST', '/api/v1/appointments', { body: { ...base, start: slots[0].start, end: slots[0].end } });
      assert.equal(a.status, 201, a.text);
      assert.equal((await call('POST', `/api/v1/appointments/${a.json.id}/reschedule`, { body: { start: slots[2].start, end: slots[2].end } })).status, 200);
      assert.equal((await call('POST', `/api/v1/appointments/${a.json.id}/confirm`)).status, 200);
      assert.equal((await call('POST', `/api/v1/appointments/${a.json.id}/cancel`, { body: { reason: 'feeling better | no visit' } })).status, 200);
      // A visit that started an hour ago (back-dated and overbooked by a manager) and a no-show.
      const start = new Date(Date.now() - 3_600_000);
      start.setUTCSeconds(0, 0);
      const b = await call('POST', '/api/v1/appointments', { body: { ...base, patient_id: patients[1].id, overbook: true,
        start: start.toISOString(), end: new Date(start.getTime() + 20 * 60_000).toISOString() } });
      assert.equal(b.status, 201, b.text);
      assert.equal((await call('POST', `/api/v1/appointments/${b.json.id}/no-show`)).status, 200);

      const names = await waitForFiles(outbox, 6);
      assert.equal(names.length, 6, names.join(', '));
      const parser = new hl7.Parser();
      const messages = names.map((n) => parser.parse(readFileSync(join(outbox, n), 'utf8')));
      assert.deepEqual(messages.map((m) => m.header.getComponent(7, 2)), ['S12', 'S13', 'S14', 'S15', 'S12', 'S26']);
      for (const m of messages) {
        assert.equal(m.header.getField(10), '2.5.1');
        assert.equal(m.header.getComponent(7, 1), 'SIU');
        assert.deepEqual(m.segments.map((s) => s.name), ['SCH', 'TQ1', 'PID', 'RGS', 'AIS', 'AIP', 'AIL']);
      }
      const controlIds = messages.map((m) => m.header.getField(8));
      assert.equal(new Set(controlIds).size, 6, 'control ids are unique');
      const [booked, moved, , cancelled, , noShow] = messages;
      assert.equal(booked.getSegment('SCH').getComponent(1, 1), String(a.json.id));
      assert.equal(booked.getSegment('PID').getComponent(3, 1), patients[0].mrn);
      assert.equal(booked.getSegment('PID').getComponent(5, 1), patients[0].family_name);
      assert.equal(booked.getSegment('AIP').getComponent(3, 1), provider.npi);
      const hl7Time = (iso) => iso.replace(/[-:]/g, '').replace('T', '').slice(0, 14) + '+0000';
      assert.equal(booked.getSegment('TQ1').getField(7), hl7Time(slots[0].start));
      assert.equal(moved.getSegment('TQ1').getField(7), hl7Time(slots[2].start));
      assert.equal(cancelled.getSegment('SCH').getComponent(25, 1), 'Cancelled');
      assert.equal(noShow.getSegment('SCH').getComponent(25, 1), 'Noshow');
      assert.equal(readdirSync(outbox).filter((n) => n.startsWith('.')).length, 0, 'no temporary files are left');
    });

    test('the iCalendar feed parses with ical.js, carries no patient details, and a replaced URL stops working', async () => {
      const from = new Date(Date.now() + 14 * DAY).toISOString();
      const slot = (await call('GET', `/api/v1/slots?appointment_type_id=${type.id}&location_id=${location.id}&provider_id=${provider.id}&from=${from}&limit=1`)).json.items[0];
      const a = await call('POST', '/api/v1/appointments', { body: { patient_id: patients[2].id, provider_id: provider.id,
        location_id: location.id, appointment_type_id: type.id, start: slot.start, end: slot.end, note: 'private note' } });
      assert.equal(a.status, 201, a.text);
      const feed = await call('POST', `/api/v1/providers/${provider.id}/calendar-feed`);
      assert.equal(feed.status, 201, feed.text);
      const got = await request(server.base, 'GET', feed.json.url);  // no session: the URL is the credential
      assert.equal(got.status, 200, got.text);
      assert.match(got.headers['content-type'], /^text\/calendar/);
      const cal = new ICAL.Component(ICAL.parse(got.text));
      assert.equal(cal.name, 'vcalendar');
      const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
      const mine = events.find((e) => e.uid === `appointment-${a.json.id}@medoffice`);
      assert.ok(mine, 'the booked visit is in the feed');
      assert.equal(mine.startDate.toJSDate().toISOString(), new Date(slot.start).toISOString());
      assert.equal(mine.endDate.toJSDate().toISOString(), new Date(slot.end).toISOString());
      assert.equal(mine.summary, 'Follow-up visit');
      assert.equal(mine.location, location.name);
      for (const p of patients) {
        assert.ok(!got.text.includes(p.family_name), 'no patient names in the feed');
      }
      assert.ok(!got.text.includes('private note'));
      const replaced = await call('POST', `/api/v1/providers/${provider.id}/calendar-feed`);
      assert.equal((await request(server.base, 'GET', feed.json.url)).status, 404, 'the old URL is revoked');
      assert.equal((await request(server.base, 'GET', replaced.json.url)).status, 200);
      assert.equal((await call('DELETE', `/api/v1/providers/${provider.id}/calendar-feed`)).status, 204);
      assert.equal((await request(server.base, 'GET', replaced.json.url)).status, 404);
      assert.equal((await request(server.base, 'GET', '/api/v1/calendar-feeds/not-a-token/calendar.ics')).status, 404);
    });
  });
}
