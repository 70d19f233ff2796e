// SPDX-License-Identifier: AGPL-3.0-or-later
// Fee schedules over real HTTP and the real CLI (issue 14, point 2), on every backend: entries of
// the standard schedule and of a payer's, created, listed, replaced, patched, archived and
// restored by a biller while the front desk may only read (billing.read vs fee_schedule.admin);
// bad amounts refused as problem+json naming the field; CSV import with its summary, idempotent
// and all or nothing, a bad file answered 422 naming the column and the line; CSV export that
// imports again unchanged; and `medoffice import fees` / `medoffice export fees` with their exit
// codes.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backends, demoServer, addUser, signIn, cli, request } from './helpers.mjs';

const HEADER = 'code,modifier,amount,effective_from,effective_to\r\n';
const TWO_53 = '9007199254740992';

/** The fields a 422 names (and that it is problem+json). */
const problemFields = (r, status = 422) => {
  assert.equal(r.status, status, r.text);
  assert.equal(r.headers['content-type'], 'application/problem+json');
  return (r.json.errors ?? []).map((e) => e.field);
};

for (const kind of backends()) {
  describe(`fee schedules on ${kind}`, () => {
    let env; let biller; let desk; let payerId; let dir;
    const csv = (text) => ({ raw: Buffer.from(text), headers: { 'content-type': 'text/csv' } });
    const json = (text) => ({ raw: Buffer.from(text), headers: { 'content-type': 'application/json' } });
    const exportText = async (query = '') => {
      const r = await biller.call('GET', `/api/v1/fee-schedule/export${query}`);
      assert.equal(r.status, 200, r.text);
      return r.text;
    };
    const file = (name, content) => {
      const p = join(dir, name);
      writeFileSync(p, content);
      return p;
    };

    before(async () => {
      env = await demoServer(kind, 20);
      biller = await signIn(env.base, addUser(env.db.url, ['biller']));
      desk = await signIn(env.base, addUser(env.db.url, ['front_desk']));
      const payers = await env.call('GET', '/api/v1/payers');
      assert.equal(payers.status, 200, payers.text);
      payerId = payers.json.items[0].id;
      dir = mkdtempSync(join(tmpdir(), 'medoffice-fees-'));
    });
    after(async () => {
      await env?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    test('entries: a biller creates, lists, replaces, patches, archives; the front desk reads', async () => {
      const created = await biller.call('POST', '/api/v1/fee-schedule', {
        body: { code: 'g0439', amount_cents: 17500, effective_from: '2026-01-01' },
      });
      assert.equal(created.status, 201, created.text);
      assert.equal(created.headers.etag, '"1"');
      assert.equal(created.headers.location, `/api/v1/fee-schedule/${created.json.id}`);
      assert.deepEqual(
        { code: created.json.code, modifier: created.json.modifier, payer_id: created.json.payer_id,
          amount_cents: created.json.amount_cents, effective_to: created.json.effective_to, active: created.json.active },
        { code: 'G0439', modifier: null, payer_id: null, amount_cents: 17500, effective_to: null, active: true });
      const path = `/api/v1/fee-schedule/${created.json.id}`;

      // The same code, modifier and start date again: 409 naming effective_from.
      const again = await biller.call('POST', '/api/v1/fee-schedule', {
        body: { code: 'G0439', amount_cents: 18000, effective_from: '2026-01-01' },
      });
      assert.deepEqual(problemFields(again, 409), ['effective_from']);

      // A payer's allowed amount for the same key is another schedule.
      const allowed = await biller.call('POST', '/api/v1/fee-schedule', {
        body: { payer_id: payerId, code: 'G0439', modifier: null, amount_cents: 12000, effective_from: '2026-01-01' },
      });
      assert.equal(allowed.status, 201, allowed.text);
      assert.equal(allowed.json.payer_id, payerId);
      const standard = await desk.call('GET', '/api/v1/fee-schedule?code=g0439');
      assert.equal(standard.status, 200, standard.text);
      assert.deepEqual(standard.json.items.map((e) => [e.id, e.amount_cents]), [[created.json.id, 17500]]);
      const contracted = await desk.call('GET', `/api/v1/fee-schedule?payer_id=${payerId}&code=G0439`);
      assert.equal(contracted.status, 200, contracted.text);
      assert.deepEqual(contracted.json.items.map((e) => [e.id, e.amount_cents]), [[allowed.json.id, 12000]]);
      assert.equal((await desk.call('GET', path)).json.amount_cents, 17500);

      // The front desk holds billing.read, not fee_schedule.admin: every change is 403.
      const body = { code: 'G0439', amount_cents: 1, effective_from: '2026-01-01' };
      problemFields(await desk.call('POST', '/api/v1/fee-schedule', { body: { ...body, effective_from: '2027-01-01' } }), 403);
      problemFields(await desk.call('PUT', path, { body, headers: { 'if-match': '"1"' } }), 403);
      problemFields(await desk.call('PATCH', path, {
        body: { amount_cents: 1 }, headers: { 'if-match': '"1"', 'content-type': 'application/merge-patch+json' } }), 403);
      problemFields(await desk.call('POST', `${path}/archive`, { headers: { 'if-match': '"1"' } }), 403);
      problemFields(await desk.call('POST', '/api/v1/fee-schedule/import', csv(`${HEADER}99213,,1.00,2026-01-01,\r\n`)), 403);
      assert.equal((await desk.call('GET', path)).json.amount_cents, 17500, 'nothing changed');
      assert.equal((await request(env.base, 'GET', '/api/v1/fee-schedule')).status, 401);

      // Replace with If-Match; a stale version is 412; the payer of an entry cannot change.
      const put = await biller.call('PUT', path, {
        body: { code: 'G0439', amount_cents: 17600, effective_from: '2026-01-01', effective_to: '2026-12-31' },
        headers: { 'if-match': '"1"' } });
      assert.equal(put.status, 200, put.text);
      assert.equal(put.headers.etag, '"2"');
      assert.equal(put.json.effective_to, '2026-12-31');
      const stale = await biller.call('PUT', path, { body: { ...body, amount_cents: 5 }, headers: { 'if-match': '"1"' } });
      assert.equal(stale.status, 412, stale.text);
      const moved = await biller.call('PUT', path, {
        body: { ...body, payer_id: payerId }, headers: { 'if-match': '"2"' } });
      assert.deepEqual(problemFields(moved), ['payer_id']);
      const patched = await biller.call('PATCH', path, {
        body: { amount_cents: 17700 }, headers: { 'if-match': '"2"', 'content-type': 'application/merge-patch+json' } });
      assert.equal(patched.status, 200, patched.text);
      assert.equal(patched.json.amount_cents, 17700);
      assert.equal(patched.json.effective_to, '2026-12-31');

      // Archive: gone from the list (and the export) until restored.
      const archived = await biller.call('POST', `${path}/archive`, { headers: { 'if-match': '"3"' } });
      assert.equal(archived.status, 200, archived.text);
      assert.equal(archived.json.active, false);
      assert.deepEqual((await biller.call('GET', '/api/v1/fee-schedule?code=G0439')).json.items, []);
      assert.doesNotMatch(await exportText(), /G0439/);
      const restored = await biller.call('POST', `${path}/restore`, { headers: { 'if-match': '"4"' } });
      assert.equal(restored.status, 200, restored.text);
      assert.equal(restored.json.active, true);
      assert.match(await exportText(), /\r\nG0439,,177\.00,2026-01-01,2026-12-31\r\n/);
      assert.equal((await biller.call('GET', '/api/v1/fee-schedule/999999999')).status, 404);
    });

    test('bad amounts and values are 422 problem+json naming the field', async () => {
      const post = (text) => biller.call('POST', '/api/v1/fee-schedule', json(text));
      const entry = (amount, extra = '') => `{"code":"99212","amount_cents":${amount},"effective_from":"2026-01-01"${extra}}`;
      for (const amount of ['0', '-100', '9007199254740993', '99999999999999999999', '12.5', '1e3', '"125.00"', 'null']) {
        const r = await post(entry(amount));
        assert.deepEqual(problemFields(r), ['amount_cents'], `amount_cents ${amount}: ${r.text}`);
      }
      assert.deepEqual(problemFields(await post('{"code":"99212","effective_from":"2026-01-01"}')), ['amount_cents']);
      assert.deepEqual(problemFields(await post('{"code":"9921","amount_cents":100,"effective_from":"2026-01-01"}')), ['code']);
      assert.deepEqual(problemFields(await post(entry(100, ',"modifier":"2"'))), ['modifier']);
      assert.deepEqual(problemFields(await post(entry(100, ',"effective_to":"2025-12-31"'))), ['effective_to']);
      assert.deepEqual(problemFields(await post('{"code":"99212","amount_cents":100,"effective_from":"2026-02-30"}')), ['effective_from']);
      assert.deepEqual(problemFields(await post(entry(100, ',"payer_id":999999'))), ['payer_id']);
      assert.deepEqual(problemFields(await post(entry(100, ',"price":1'))), ['price']);
      assert.deepEqual(problemFields(await biller.call('GET', '/api/v1/fee-schedule?code=9921')), ['code']);
      assert.deepEqual(problemFields(await biller.call('GET', '/api/v1/fee-schedule?payer_id=abc')), ['payer_id']);
      assert.deepEqual((await biller.call('GET', '/api/v1/fee-schedule?code=99212')).json.items, [], 'nothing stored');
      // 2^53 cents is the most a fee may be, and is kept exactly.
      const top = await post(entry(TWO_53));
      assert.equal(top.status, 201, top.text);
      assert.match(top.text, new RegExp(`"amount_cents":${TWO_53}[,}]`));
    });

    test('CSV import: a summary, the same file again changes nothing, a bad file changes nothing', async () => {
      const good = HEADER +
        '99213,,125.00,2026-01-01,\r\n' +
        '99213,25,130,2026-01-01,\r\n' +
        '93000,26,$20.50,2026-01-01,2026-06-30\r\n';
      let r = await biller.call('POST', '/api/v1/fee-schedule/import', csv(good));
      assert.equal(r.status, 200, r.text);
      assert.equal(r.headers['content-type'], 'application/json');
      assert.deepEqual(r.json, { payer_id: null, added: 3, changed: 0, unchanged: 0, untouched: 2 });
      r = await biller.call('POST', '/api/v1/fee-schedule/import', csv(good));
      assert.deepEqual(r.json, { payer_id: null, added: 0, changed: 0, unchanged: 3, untouched: 2 });
      const before = await exportText();
      for (const row of ['93000,26,20.50,2026-01-01,2026-06-30', '99213,,125.00,2026-01-01,', '99213,25,130.00,2026-01-01,']) {
        assert.ok(before.split('\r\n').includes(row), `${row} in\n${before}`);
      }

      // Problems name the column as the field and the line in the message; nothing is stored.
      const bad = async (text) => {
        const res = await biller.call('POST', '/api/v1/fee-schedule/import', csv(text));
        assert.equal(res.status, 422, res.text);
        assert.equal(res.headers['content-type'], 'application/problem+json');
        return res;
      };
      r = await bad(`${HEADER}99213,,126.00,2026-01-01,\r\n99214,,12.345,2026-01-01,\r\n`);
      assert.deepEqual(r.json.errors, [{ field: 'amount', message: 'line 3: has more than 2 decimals' }]);
      assert.match(r.json.detail, /line 3, amount: has more than 2 decimals/);
      r = await bad(`${HEADER}99214,,-5.00,2026-01-01,\r\n99215,,0,2026-01-01,\r\n99211,,90071992547409.93,2026-01-01,\r\n`);
      assert.deepEqual(r.json.errors, [
        { field: 'amount', message: 'line 2: must be more than zero' },
        { field: 'amount', message: 'line 3: must be more than zero' },
        { field: 'amount', message: 'line 4: is too large' },
      ]);
      r = await bad(`${HEADER}99214,,1.00,2026-13-01,\r\n9921,,1.00,2026-01-01,\r\n99213,,1.00,2026-01-01\r\n`);
      assert.deepEqual(r.json.errors.map((e) => [e.field, e.message.split(':')[0]]),
        [['effective_from', 'line 2'], ['code', 'line 3'], ['file', 'line 4']]);
      r = await bad('code,amount\r\n99213,1.00\r\n');
      assert.deepEqual(r.json.errors.map((e) => e.field), ['file']);
      assert.match(r.json.errors[0].message, /^line 1: the header has no effective_from column/);
      r = await bad(`${HEADER}99213,,1.00,2026-01-01,\r\n99213,,2.00,2026-01-01,\r\n`);
      assert.deepEqual(r.json.errors, [{ field: 'code', message: 'line 3: 99213 without a modifier from 2026-01-01 is listed again (first on line 2)' }]);
      assert.equal(await exportText(), before, 'no refused file changed the schedule');

      // Only CSV; only a payer of the practice.
      r = await biller.call('POST', '/api/v1/fee-schedule/import', { body: { code: '99213' } });
      assert.equal(r.status, 415, r.text);
      assert.deepEqual(problemFields(await biller.call('POST', '/api/v1/fee-schedule/import?payer_id=999999', csv(good))), ['payer_id']);

      // A payer's allowed amounts are imported into that payer's schedule only.
      r = await biller.call('POST', `/api/v1/fee-schedule/import?payer_id=${payerId}`, csv(`${HEADER}99213,,90.00,2026-01-01,\r\n`));
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.payer_id, payerId);
      assert.equal(r.json.added, 1);
      assert.equal(await exportText(), before);
      assert.match(await exportText(`?payer_id=${payerId}`), /\r\n99213,,90\.00,2026-01-01,\r\n/);
    });

    test('CSV export: the active entries as a file that imports again unchanged', async () => {
      const r = await desk.call('GET', '/api/v1/fee-schedule/export');
      assert.equal(r.status, 200, r.text);
      assert.equal(r.headers['content-type'], 'text/csv; charset=utf-8');
      assert.equal(r.headers['content-disposition'], 'attachment; filename="fee-schedule-standard.csv"');
      assert.match(r.headers['cache-control'], /no-store/);
      const lines = r.text.split('\r\n');
      assert.equal(lines[0], 'code,modifier,amount,effective_from,effective_to');
      assert.equal(lines.at(-1), '', 'every line ends with CRLF');
      const rows = lines.slice(1, -1);
      assert.deepEqual([...rows].sort(), rows, 'by code, modifier and effective_from');
      assert.ok(rows.includes('99212,,90071992547409.92,2026-01-01,'), 'the largest fee exports exactly');
      const back = await biller.call('POST', '/api/v1/fee-schedule/import', csv(r.text));
      assert.equal(back.status, 200, back.text);
      assert.deepEqual(back.json, { payer_id: null, added: 0, changed: 0, unchanged: rows.length, untouched: 0 });
      const payer = await desk.call('GET', `/api/v1/fee-schedule/export?payer_id=${payerId}`);
      assert.equal(payer.headers['content-disposition'], `attachment; filename="fee-schedule-payer-${payerId}.csv"`);
      assert.deepEqual(problemFields(await desk.call('GET', '/api/v1/fee-schedule/export?payer_id=999999')), ['payer_id']);
      assert.deepEqual(problemFields(await desk.call('GET', '/api/v1/fee-schedule/export?code=99213')), ['code']);
    });

    test('medoffice import fees and export fees: exit codes, counts, and nothing of a bad file', async () => {
      const url = env.db.url;
      const before = await exportText();
      const bad = file('bad.csv', `${HEADER}99204,,250.00,2026-01-01,\r\n99205,,1.001,2026-01-01,\r\n99203,,x,2026-01-01,\r\n`);
      let r = cli('import', 'fees', '--db', url, bad);
      assert.equal(r.status, 1, r.stdout);
      assert.match(r.stderr, /bad\.csv: line 3, amount: has more than 2 decimals/);
      assert.match(r.stderr, /bad\.csv: line 4, amount: must be an amount in dollars/);
      assert.match(r.stderr, /nothing was imported/);
      assert.equal(await exportText(), before);
      r = cli('import', 'fees', '--db', url, join(dir, 'missing.csv'));
      assert.equal(r.status, 1);
      assert.match(r.stderr, /cannot read/);
      r = cli('import', 'fees', '--db', url, '--payer', '999999', file('one.csv', `${HEADER}99204,,250.00,2026-01-01,\r\n`));
      assert.equal(r.status, 1);
      assert.match(r.stderr, /--payer 999999: is not a payer of this practice/);

      const good = file('good.csv', `${HEADER}99204,,250.00,2026-01-01,\r\n99205,,310.00,2026-01-01,\r\n`);
      r = cli('import', 'fees', '--db', url, good);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^fee schedule standard of organization \d+: 2 added, 0 changed, 0 unchanged$/m);
      r = cli('import', 'fees', '--db', url, good);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /: 0 added, 0 changed, 2 unchanged$/m);
      // From stdin, into a payer's schedule.
      r = cli('import', 'fees', '--db', url, '--payer', String(payerId), '-', { input: `${HEADER}99204,,200.00,2026-01-01,\r\n` });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^fee schedule payer ${payerId} of organization \\d+: 1 added`, 'm'));
      // The server sees what the command stored.
      const listed = await biller.call('GET', '/api/v1/fee-schedule?code=99205');
      assert.deepEqual(listed.json.items.map((e) => e.amount_cents), [31000]);

      // Export: the same file as the API's, to stdout or to a file.
      r = cli('export', 'fees', '--db', url);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, await exportText());
      const out = join(dir, 'payer.csv');
      r = cli('export', 'fees', '--db', url, '--payer', String(payerId), '--output', out);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^exported \d+ fees of the payer \d+ schedule/);
      assert.equal(readFileSync(out, 'utf8'), await exportText(`?payer_id=${payerId}`));
      r = cli('export', 'fees', '--db', url, '--payer', '999999');
      assert.equal(r.status, 1);
      assert.match(r.stderr, /--payer 999999: is not a payer of this practice/);
      // What the command exports, it imports again unchanged.
      r = cli('import', 'fees', '--db', url, '--payer', String(payerId), out);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /: 0 added, 0 changed, \d+ unchanged$/m);
    });
  });
}
