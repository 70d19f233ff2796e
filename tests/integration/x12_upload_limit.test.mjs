// SPDX-License-Identifier: AGPL-3.0-or-later
// X12 uploads over 1 MiB, on every backend: a generated 835 of about 5 MB posts through HTTP for a
// signed-in biller (cookie and CSRF token, or a personal access token), while an anonymous
// client, a biller without the CSRF token and the front desk get 413 decided from the headers,
// before any of the body is sent; other routes keep 1 MiB; `serve --x12-body-limit` lowers it.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { backends, demoServer, addUser, signIn, startServer, request } from './helpers.mjs';

const X12 = { 'content-type': 'application/edi-x12' };
const pad = (s, n) => String(s).padEnd(n, ' ');
const money = (cents) => (cents / 100).toFixed(2);

/** A balanced 835 paying `claims` claims none of which is ours (each is listed in not_posted). */
function bigEra(claims, trace = 'BIG1') {
  const body = [];
  let total = 0;
  for (let i = 0; i < claims; i += 1) {
    const paid = 5000 + (i % 100);
    total += paid;
    body.push(`CLP*NOSUCH${i}*1*150.00*${money(paid)}**12*ICN${i}`, 'NM1*QC*1*DOE*JANE****MI*XJH123456789',
      `SVC*HC:99213*150.00*${money(paid)}**1`, `CAS*CO*45*${money(15000 - paid)}`, `REF*6R*L${i}`,
      'DTM*472*20261120');
  }
  const segments = ['ST*835*0001*005010X221A1', `BPR*I*${money(total)}*C*CHK************20261201`,
    `TRN*1*${trace}*1512345678`, 'N1*PR*DEMO PAYER', 'N3*1 PAYER WAY', 'N4*HARTFORD*CT*06101', 'REF*2U*DEMOPAYER',
    'N1*PE*DEMO PRACTICE*XX*1245319599', 'LX*1', ...body];
  segments.push(`SE*${segments.length + 1}*0001`);
  return `ISA*00*${pad('', 10)}*00*${pad('', 10)}*ZZ*${pad('PAYER', 15)}*ZZ*${pad('SUB1', 15)}*261201*1200*^*00501*000000777*0*T*:~`
    + 'GS*HP*PAYER*SUB1*20261201*1200*777*X*005010X221A1~' + segments.map((s) => `${s}~`).join('')
    + 'GE*1*777~IEA*1*000000777~';
}

/**
 * Sends only the request head announcing `length` body bytes and waits for an answer: the
 * server must decide from the headers alone. Resolves {status, text, ms}; status 0 if the
 * server waits for the body instead (after `waitMs`).
 */
function headOnly(base, path, length, headers = {}, waitMs = 3000) {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const sock = net.connect(Number(u.port), u.hostname);
    let got = '';
    const timer = setTimeout(() => { sock.destroy(); resolve({ status: 0, text: got, ms: Date.now() - started }); }, waitMs);
    sock.on('data', (d) => {
      got += d;
      const m = got.match(/^HTTP\/1\.1 (\d{3})/);
      if (m && got.includes('\r\n\r\n') && got.trimEnd().endsWith('}')) {
        clearTimeout(timer);
        sock.destroy();
        resolve({ status: Number(m[1]), text: got, ms: Date.now() - started });
      }
    });
    sock.on('error', reject);
    const lines = [`POST ${path} HTTP/1.1`, `Host: ${u.host}`, 'Content-Type: application/edi-x12',
      `Content-Length: ${length}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
    sock.write(`${lines.join('\r\n')}\r\n\r\n`);
  });
}

for (const kind of backends()) {
  describe(`X12 uploads over 1 MiB on ${kind}`, () => {
    let env; let biller; let desk; let token; let file;
    const CLAIMS = 33_000;
    before(async () => {
      env = await demoServer(kind, 5);
      biller = await signIn(env.base, addUser(env.db.url, ['biller']));
      desk = await signIn(env.base, addUser(env.db.url, ['front_desk']));
      const t = await biller.call('POST', '/api/v1/tokens', { body: { name: 'payer uploads', scopes: ['claim.submit'] } });
      assert.equal(t.status, 201, t.text);
      token = t.json.token;
      file = Buffer.from(bigEra(CLAIMS));
    });
    after(async () => { await env?.close(); });

    test('a 5 MB 835 posts for a signed-in biller, by cookie and CSRF token or by token', async () => {
      assert.ok(file.length > 4.5 * 1024 * 1024 && file.length < 64 * 1024 * 1024, `${file.length} bytes`);
      let r = await biller.call('POST', '/api/v1/remittances?dry_run=true', { raw: file, headers: X12, timeoutMs: 120_000 });
      assert.equal(r.status, 200, r.text.slice(0, 500));
      assert.equal(r.json.dry_run, true);
      assert.equal(r.json.not_posted.length, CLAIMS);
      assert.equal(r.json.not_posted[CLAIMS - 1].claim, `NOSUCH${CLAIMS - 1}`);
      assert.equal(r.json.remittances[0].trace_number, 'BIG1');
      // The whole file was read: BPR02 is the sum of every claim's payment.
      let total = 0;
      for (let i = 0; i < CLAIMS; i += 1) total += 5000 + (i % 100);
      assert.equal(r.json.payment_cents, total);
      r = await request(env.base, 'POST', '/api/v1/remittances?dry_run=true',
        { raw: file, headers: { ...X12, authorization: `Bearer ${token}` }, timeoutMs: 120_000 });
      assert.equal(r.status, 200, r.text.slice(0, 500));
      assert.equal(r.json.not_posted.length, CLAIMS);
    });

    test('anyone else gets 413 from the headers, the body unread', async () => {
      const length = file.length;
      const cases = [
        ['anonymous', {}],
        ['a forged cookie', { cookie: 'medoffice_session=forged', 'X-CSRF-Token': 'x' }],
        ['the biller without the CSRF token', { cookie: biller.cookie }],
        ['a wrong bearer token', { authorization: 'Bearer nope' }],
        ['the front desk (no claim.submit)', { cookie: desk.cookie, 'X-CSRF-Token': desk.csrf }],
      ];
      for (const [who, headers] of cases) {
        for (const path of ['/api/v1/remittances', '/api/v1/acknowledgements']) {
          const r = await headOnly(env.base, path, length, headers);
          assert.equal(r.status, 413, `${who} ${path}: ${r.text}`);
          assert.match(r.text, /larger than 1048576 bytes/);
          assert.ok(r.ms < 2000, `${who}: answered in ${r.ms} ms`);
        }
      }
      // The biller's own 5 MB to another route: 1 MiB still.
      const r = await headOnly(env.base, '/api/v1/patients', length, { cookie: biller.cookie, 'X-CSRF-Token': biller.csrf });
      assert.equal(r.status, 413, r.text);
      // The biller announcing 5 MB is waited for (the server wants the body), not refused.
      const waited = await headOnly(env.base, '/api/v1/remittances', length,
        { cookie: biller.cookie, 'X-CSRF-Token': biller.csrf }, 1500);
      assert.equal(waited.status, 0, waited.text);
      // A small body without credentials reaches the route, which asks for sign-in.
      const small = await request(env.base, 'POST', '/api/v1/remittances', { raw: Buffer.from('ISA*'), headers: X12 });
      assert.equal(small.status, 401, small.text);
    });

    test('serve --x12-body-limit sets the limit', async () => {
      const other = await startServer(env.db.url, ['--x12-body-limit', String(2 * 1024 * 1024)]);
      try {
        const s = await signIn(other.base, addUser(env.db.url, ['biller']));
        const r = await headOnly(other.base, '/api/v1/remittances', file.length, { cookie: s.cookie, 'X-CSRF-Token': s.csrf });
        assert.equal(r.status, 413, r.text);
        assert.match(r.text, /larger than 2097152 bytes/);
        const ok = await s.call('POST', '/api/v1/remittances?dry_run=true',
          { raw: Buffer.from(bigEra(8000, 'MID1')), headers: X12, timeoutMs: 120_000 });
        assert.equal(ok.status, 200, ok.text.slice(0, 300));
        assert.equal(ok.json.not_posted.length, 8000);
      } finally {
        await other.stop();
      }
    });
  });
}
