// SPDX-License-Identifier: AGPL-3.0-or-later
// Two `medoffice serve` processes on one PostgreSQL database (issue 13), as a network of clinics
// runs them behind a load balancer: a booking race spread over both leaves exactly one visit per
// slot, a check-in on one process reaches a live board open on the other within a second,
// sign-in throttling counts failures made on either (and survives a spray of other names), and
// a sign-out on one ends the session on the other at once.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { PG_URL, freshDatabase, cli, startServer, addUser, signIn, request, PASSWORD } from './helpers.mjs';

const DAY = 86_400_000;

/** Opens the live board on `base` and returns {next(pred, ms), close()} over its board events. */
async function openBoard(base, cookie, locationId) {
  const u = new URL(base);
  const events = [];
  let waiting = null;
  const req = http.get({ host: u.hostname, port: u.port, path: `/api/v1/flow-board/stream?location_id=${locationId}`,
    headers: { cookie, accept: 'text/event-stream' }, agent: false });
  const res = await new Promise((resolve, reject) => { req.on('response', resolve); req.on('error', reject); });
  assert.equal(res.statusCode, 200);
  let buffer = '';
  res.setEncoding('utf8');
  res.on('data', (chunk) => {
    buffer += chunk;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (!block.includes('event: board')) continue;
      const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
      events.push({ at: Date.now(), board: JSON.parse(data) });
      if (waiting) waiting();
    }
  });
  res.on('error', () => {});
  return {
    next: (pred, ms) => new Promise((resolve, reject) => {
      const timer = setTimeout(() => { waiting = null; reject(new Error(`no matching board event within ${ms} ms`)); }, ms);
      const check = () => {
        const e = events.find((x) => pred(x.board));
        if (e) { clearTimeout(timer); waiting = null; resolve(e); }
      };
      waiting = check;
      check();
    }),
    close: () => req.destroy(),
  };
}

describe('two serve processes on one PostgreSQL', { skip: PG_URL ? false : 'no PostgreSQL (tests/support/with_postgres.sh starts one)' }, () => {
  let db; let a; let b; let manager; let onA; let onB; let location; let provider; let type; let patients;
  before(async () => {
    db = freshDatabase('postgres');
    let r = cli('init', '--db', db.url);
    assert.equal(r.status, 0, r.stderr);
    r = cli('demo', '--db', db.url, '--patients', '80', '--no-users');
    assert.equal(r.status, 0, r.stderr);
    // Both trust loopback as their proxy, so the tests can say which client address they are.
    a = await startServer(db.url, ['--trusted-proxy', '127.0.0.1']);
    b = await startServer(db.url, ['--trusted-proxy', '127.0.0.1']);
    manager = addUser(db.url, ['manager']);
    onA = await signIn(a.base, manager);
    // The session lives in the database: the same cookie works on the other process.
    onB = { call: (method, path, opts = {}) => {
      const headers = { cookie: onA.cookie, ...(opts.headers ?? {}) };
      if (!['GET', 'HEAD'].includes(method)) headers['x-csrf-token'] = onA.csrf;
      return request(b.base, method, path, { ...opts, headers });
    } };
    location = (await onA.call('GET', '/api/v1/locations')).json.items[0];
    patients = (await onA.call('GET', '/api/v1/patients?limit=60')).json.items;
    const p = await onA.call('POST', '/api/v1/providers', { body: { family_name: 'Twoproc', given_name: 'Tess', credentials: 'MD',
      npi: '1982746301', taxonomy: '207Q00000X', location_ids: [location.id] } });
    assert.equal(p.status, 201, p.text);
    provider = p.json;
    const t = await onB.call('POST', '/api/v1/appointment-types', { body: { name: 'Two-process visit', duration_minutes: 20, default_cpt_codes: ['99213'] } });
    assert.equal(t.status, 201, t.text);
    type = t.json;
    const from = new Date(Date.now() - DAY).toISOString().slice(0, 10);
    const rule = await onA.call('POST', '/api/v1/availability-rules', { body: { provider_id: provider.id, location_id: location.id,
      weekdays: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], start_time: '00:00', end_time: '24:00', effective_from: from } });
    assert.equal(rule.status, 201, rule.text);
  });
  after(async () => { await a?.stop(); await b?.stop(); db?.drop(); });

  test('a booking race over both processes leaves exactly one visit per slot', async () => {
    const open = (await onB.call('GET', `/api/v1/slots?appointment_type_id=${type.id}&location_id=${location.id}&provider_id=${provider.id}&from=${new Date(Date.now() + 2 * DAY).toISOString()}&limit=12`)).json.items;
    // Slots start every 15 minutes and a visit lasts 20: take three that do not overlap.
    const slots = [open[0], open[4], open[8]];
    assert.ok(slots.every(Boolean), JSON.stringify(open));
    for (const [n, slot] of slots.entries()) {
      // 24 patients want the provider's slot at once, half through each process.
      const tries = await Promise.all(Array.from({ length: 24 }, (_, k) => (k % 2 ? onA : onB).call('POST', '/api/v1/appointments', {
        body: { patient_id: patients[(n * 24 + k) % patients.length].id, provider_id: provider.id, location_id: location.id,
          appointment_type_id: type.id, start: slot.start, end: slot.end } })));
      const codes = tries.map((t) => t.status).sort();
      assert.equal(codes.filter((c) => c === 201).length, 1, `exactly one booking of ${slot.start}: ${codes.join(',')}`);
      assert.ok(codes.every((c) => c === 201 || c === 409), codes.join(','));
      const refused = tries.find((t) => t.status === 409);
      assert.match(refused.json.errors[0].field, /^(provider_id|patient_id)$/);
    }
  });

  test('a check-in on one process reaches a board open on the other within a second', async () => {
    const board = await openBoard(a.base, onA.cookie, location.id);
    try {
      await board.next(() => true, 5000);
      const start = new Date(Math.floor(Date.now() / 60_000) * 60_000);
      const visit = await onB.call('POST', '/api/v1/appointments', { body: { patient_id: patients[59].id, provider_id: provider.id,
        location_id: location.id, appointment_type_id: type.id, start: start.toISOString(),
        end: new Date(start.getTime() + 20 * 60_000).toISOString(), overbook: true } });
      assert.equal(visit.status, 201, visit.text);
      await board.next((x) => x.items.some((i) => i.appointment_id === visit.json.id), 3000);
      const sent = Date.now();
      const checkIn = await onB.call('POST', `/api/v1/appointments/${visit.json.id}/check-in`, { body: {}, headers: { 'if-match': `"${visit.json.version}"` } });
      assert.equal(checkIn.status, 200, checkIn.text);
      const seen = await board.next((x) => x.items.some((i) => i.appointment_id === visit.json.id && i.status === 'arrived'), 1000);
      assert.ok(seen.at - sent <= 1000, `seen after ${seen.at - sent} ms`);
    } finally {
      board.close();
    }
  });

  test('sign-in throttling counts failures on both processes and outlasts a spray of other names', async () => {
    const victim = addUser(db.url, ['front_desk']);
    const attempt = (server, username, password, ip) => request(server.base, 'POST', '/api/v1/session', {
      body: { username, password }, headers: { 'x-forwarded-for': ip } });
    // Five wrong passwords, from five addresses, alternating between the processes.
    for (let k = 0; k < 5; k++) {
      const r = await attempt(k % 2 ? a : b, victim.username, 'Wrong-password-wrong-42', `198.51.100.${k + 1}`);
      assert.equal(r.status, 401, r.text);
    }
    // A spray of unknown names from other addresses does not make the account's count forget.
    for (let batch = 0; batch < 5; batch++) {
      // Eight at a time: each costs an Argon2id check, and a flood beyond the hash slots gets 503.
      const spray = await Promise.all(Array.from({ length: 8 }, (_, j) => {
        const k = batch * 8 + j;
        return attempt(k % 2 ? a : b, `spray${k}x${process.pid}`, 'Whatever-password-12', `203.0.113.${k + 1}`);
      }));
      assert.ok(spray.every((r) => r.status === 401), spray.map((r) => r.status).join(','));
    }
    // Now even the right password is refused, on either process.
    for (const server of [a, b]) {
      const r = await attempt(server, victim.username, PASSWORD, '192.0.2.200');
      assert.equal(r.status, 429, r.text);
    }
  });

  test('a sign-out on one process ends the session on the other at once', async () => {
    const desk = addUser(db.url, ['front_desk']);
    const s = await signIn(b.base, desk);
    // Process A learns (and caches) the session.
    assert.equal((await request(a.base, 'GET', '/api/v1/session', { headers: { cookie: s.cookie } })).status, 200);
    const out = await s.call('DELETE', '/api/v1/session');
    assert.equal(out.status, 204, out.text);
    let status = 200;
    for (let i = 0; i < 20 && status === 200; i++) {
      status = (await request(a.base, 'GET', '/api/v1/session', { headers: { cookie: s.cookie } })).status;
      if (status === 200) await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(status, 401, 'the other process still accepted the signed-out session');
  });
});
