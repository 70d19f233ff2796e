// SPDX-License-Identifier: AGPL-3.0-or-later
// Statements and reports over real HTTP (issue 15), on every backend: AR aging in the shape
// fixed for automation (total, by payer, by account; CSV; XLSX read back with openpyxl), the day
// sheet, collections, the 4xx answers naming the parameter, a desk payment's PDF receipt and a
// statement run whose PDF and vendor CSV are checked (pdftotext), a re-run that makes nothing,
// the roles that may do each, and `medoffice statements run` writing PDFs and the vendor CSV.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backends, demoServer, addUser, signIn, cli } from './helpers.mjs';

const DAY = 86_400_000;
const yesterday = () => new Date(Date.now() - DAY).toISOString().slice(0, 10);
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The text of a PDF (pdftotext from poppler-utils). */
function pdfText(bytes) {
  const dir = mkdtempSync(join(tmpdir(), 'mo-pdf-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, bytes);
    const r = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every sheet of an XLSX as rows of cell values, read by openpyxl. */
function xlsxRows(bytes) {
  const dir = mkdtempSync(join(tmpdir(), 'mo-xlsx-'));
  try {
    const file = join(dir, 'book.xlsx');
    writeFileSync(file, bytes);
    const py = 'import json,sys,openpyxl\nwb=openpyxl.load_workbook(sys.argv[1])\n' +
      'print(json.dumps({ws.title:[[c.value if not hasattr(c.value,"isoformat") else c.value.isoformat() for c in r] for r in ws.iter_rows()] for ws in wb.worksheets}))';
    const r = spawnSync('/usr/bin/python3', ['-c', py, file], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const problemFields = (r, status = 422) => {
  assert.equal(r.status, status, r.text);
  assert.equal(r.headers['content-type'], 'application/problem+json');
  return (r.json.errors ?? []).map((e) => e.field);
};

for (const kind of backends()) {
  describe(`statements and reports on ${kind}`, () => {
    let env; let biller; let desk;
    let covered; let selfPay; let provider; let location; let payment;
    let before0;
    before(async () => {
      env = await demoServer(kind, 40);
      biller = await signIn(env.base, addUser(env.db.url, ['biller']));
      desk = await signIn(env.base, addUser(env.db.url, ['front_desk']));
      provider = (await env.call('GET', '/api/v1/providers?limit=1')).json.items[0];
      location = (await env.call('GET', '/api/v1/locations?limit=1')).json.items[0];
      const covs = (await env.call('GET', '/api/v1/coverages?limit=50')).json.items;
      const cov = covs.find((c) => c.priority === 'primary' && c.active && !c.end_date);
      covered = (await env.call('GET', `/api/v1/patients/${cov.patient_id}`)).json;
      const made = await env.call('POST', '/api/v1/patients', { body: { family_name: "Núñez-O'Brien", given_name: 'Zoë',
        birth_date: '1990-04-05', sex: 'female', phone: '+12175550199',
        address: { line1: '12 Ærøskøbing Way', city: 'Springfield', state: 'IL', postal_code: '62704' } } });
      assert.equal(made.status, 201, made.text);
      selfPay = made.json;
      for (const [code, cents] of [['99213', 12500], ['99214', 18000]]) {
        const fee = await env.call('POST', '/api/v1/fee-schedule', { body: { code, amount_cents: cents, effective_from: '2020-01-01' } });
        assert.ok([201, 409].includes(fee.status), fee.text);
      }
      before0 = (await biller.call('GET', '/api/v1/reports/ar-aging?by=payer')).json;
      // The covered patient's visit goes to the insurance, the self-pay patient's to them.
      for (const [patient, code] of [[covered, '99213'], [selfPay, '99214']]) {
        const e = await env.call('POST', '/api/v1/encounters', { body: { patient_id: patient.id, provider_id: provider.id,
          location_id: location.id, date_of_service: yesterday(), diagnoses: ['E119'],
          lines: [{ code, units: 1, diagnosis_pointers: [1] }] } });
        assert.equal(e.status, 201, e.text);
        const f = await env.call('POST', `/api/v1/encounters/${e.json.id}/finalize`);
        assert.equal(f.status, 200, f.text);
      }
      const pay = await desk.call('POST', '/api/v1/payments', { body: { patient_id: selfPay.id, amount_cents: 5000,
        method: 'check', reference: '1042', kind: 'patient_payment', location_id: location.id } });
      assert.equal(pay.status, 201, pay.text);
      payment = pay.json;
    });
    after(async () => { await env?.close(); });

    test('AR aging answers buckets and total in cents, by payer and by account', async () => {
      const r = await biller.call('GET', '/api/v1/reports/ar-aging');
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(Object.keys(r.json.buckets), ['0_30', '31_60', '61_90', '91_120', '120_plus']);
      const sum = Object.values(r.json.buckets).reduce((a, b) => a + b, 0);
      assert.equal(r.json.total_cents, sum);
      assert.equal(r.json.total_cents - before0.total_cents, 12500 + 18000 - 5000, 'what was charged less what was paid');
      assert.equal(r.json.buckets['0_30'] - before0.buckets['0_30'], 25500);
      const byPayer = (await biller.call('GET', '/api/v1/reports/ar-aging?by=payer')).json;
      const patientRow = byPayer.rows.find((x) => x.payer_id === 0);
      const patientBefore = before0.rows.find((x) => x.payer_id === 0)?.total_cents ?? 0;
      assert.equal(patientRow.total_cents - patientBefore, 13000);
      const byAccount = (await biller.call('GET', '/api/v1/reports/ar-aging?by=account&limit=200')).json;
      const mine = byAccount.rows.find((x) => x.patient_cents === 13000 && x.account.includes("Núñez-O'Brien"));
      assert.ok(mine, JSON.stringify(byAccount.rows));
      assert.equal(mine.buckets['0_30'], 13000);
    });

    test('bad report parameters get 422 naming the parameter', async () => {
      const tomorrow = new Date(Date.now() + 2 * DAY).toISOString().slice(0, 10);
      assert.deepEqual(problemFields(await biller.call('GET', `/api/v1/reports/ar-aging?as_of=${tomorrow}`)), ['as_of']);
      assert.deepEqual(problemFields(await biller.call('GET', '/api/v1/reports/ar-aging?as_of=2001-01-01')), ['as_of']);
      assert.deepEqual(problemFields(await biller.call('GET', '/api/v1/reports/ar-aging?as_of=2026-02-30')), ['as_of']);
      assert.deepEqual(problemFields(await biller.call('GET', '/api/v1/reports/ar-aging?by=provider')), ['by']);
      assert.deepEqual(problemFields(await biller.call('GET', `/api/v1/reports/day-sheet?date=${tomorrow}`)), ['date']);
      assert.deepEqual(problemFields(await biller.call('GET', '/api/v1/reports/day-sheet?when=today')), ['when']);
      assert.deepEqual(problemFields(await biller.call('GET', '/api/v1/reports/collections?from=2026-03-01&to=2026-01-01')), ['to']);
      assert.deepEqual(problemFields(await biller.call('POST', '/api/v1/statement-runs', { body: { cycle_day: 31 } })), ['cycle_day']);
      assert.deepEqual(problemFields(await biller.call('POST', '/api/v1/statement-runs', { body: { min_balance_cents: -1 } })), ['min_balance_cents']);
    });

    test('reports come as CSV and as an XLSX that opens with the same numbers', async () => {
      const json = (await biller.call('GET', '/api/v1/reports/ar-aging?by=payer')).json;
      const csv = await biller.call('GET', '/api/v1/reports/ar-aging?by=payer', { headers: { accept: 'text/csv' } });
      assert.equal(csv.status, 200, csv.text);
      assert.match(csv.headers['content-type'], /^text\/csv/);
      const lines = csv.text.trim().split('\r\n');
      assert.match(lines[0], /Payer/);
      assert.match(lines.at(-1), new RegExp(`^,Total,.*,${(json.total_cents / 100).toFixed(2)}$`));
      const xlsx = await biller.call('GET', '/api/v1/reports/ar-aging?by=payer', { headers: { accept: XLSX } });
      assert.equal(xlsx.status, 200);
      assert.equal(xlsx.headers['content-type'], XLSX);
      const book = xlsxRows(xlsx.bytes);
      const rows = Object.values(book)[0];
      const total = rows.find((r) => r[1] === 'Total');
      assert.ok(total, JSON.stringify(rows));
      assert.equal(Math.round(total.at(-1) * 100), json.total_cents);
      const sheet = await biller.call('GET', '/api/v1/reports/day-sheet', { headers: { accept: XLSX } });
      assert.equal(sheet.status, 200);
      assert.ok(Object.keys(xlsxRows(sheet.bytes)).length >= 2, 'the day sheet and its deposits');
    });

    test('the day sheet and collections show today\'s money', async () => {
      const d = (await biller.call('GET', '/api/v1/reports/day-sheet')).json;
      assert.ok(d.charges_cents >= 30500, JSON.stringify(d));
      assert.ok(d.patient_payments_cents >= 5000);
      const check = d.deposits.find((x) => x.method === 'check');
      assert.ok(check && check.amount_cents >= 5000, JSON.stringify(d.deposits));
      assert.equal(d.deposit_total_cents, d.deposits.reduce((a, x) => a + x.amount_cents, 0));
      assert.ok(d.by_provider.some((p) => p.provider_id === provider.id && p.charges_cents >= 30500));
      const c = (await biller.call('GET', '/api/v1/reports/collections')).json;
      assert.ok(c.by_payer.find((x) => x.payer_id === 0).patient_payments_cents >= 5000);
    });

    test('a desk payment has a PDF receipt with the total and what is left', async () => {
      const r = await desk.call('GET', `/api/v1/payments/${payment.id}/receipt.pdf`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.headers['content-type'], 'application/pdf');
      assert.equal(r.headers['cache-control'], 'no-store');
      const text = pdfText(r.bytes);
      assert.match(text, /Zoë/);
      assert.match(text, /Núñez-O'Brien/);
      assert.match(text, new RegExp(payment.receipt_number));
      assert.match(text, /Total paid[\s\S]*\$50\.00/);
      assert.match(text, /\$130\.00/, 'the balance left: 180.00 - 50.00');
      assert.equal((await desk.call('GET', '/api/v1/payments/999999/receipt.pdf')).status, 404);
    });

    test('a statement run makes one statement per owing account; its PDF and vendor CSV; a re-run makes nothing', async () => {
      const r = await biller.call('POST', '/api/v1/statement-runs', { body: { min_balance_cents: 0 } });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.run.status, 'done');
      assert.equal(r.json.run.progress_percent, 100);
      const mine = r.json.statements.find((s) => s.guarantor.includes("Núñez-O'Brien"));
      assert.ok(mine, r.text);
      assert.equal(mine.amount_due_cents, 13000);
      assert.equal(mine.aging['0_30'], 13000);
      const accounts = r.json.statements.map((s) => s.account_id);
      assert.equal(new Set(accounts).size, accounts.length, 'one statement per account');
      const pdf = await biller.call('GET', `/api/v1/statements/${mine.id}.pdf`);
      assert.equal(pdf.status, 200, pdf.text);
      const text = pdfText(pdf.bytes);
      assert.match(text, /Zoë Núñez-O'Brien/);
      assert.match(text, /Ærøskøbing/);
      assert.match(text, /\$130\.00/);
      assert.match(text, /detach/i);
      const one = await biller.call('GET', `/api/v1/statements/${mine.id}`);
      assert.equal(one.json.lines[0].patient_paid_cents, 5000);
      const csv = await biller.call('GET', `/api/v1/statement-runs/${r.json.run.id}/vendor.csv`);
      assert.equal(csv.status, 200);
      assert.ok(csv.text.includes(mine.statement_number));
      assert.equal(csv.text.trim().split('\r\n').length, r.json.statements.length + 1);
      const again = await biller.call('POST', '/api/v1/statement-runs', { body: { min_balance_cents: 0 } });
      assert.equal(again.status, 200, again.text);
      assert.equal(again.json.already_done, true);
      assert.equal(again.json.made_now, 0);
      const history = await biller.call('GET', `/api/v1/accounts/${mine.account_id}/statements`);
      assert.equal(history.json.items.length, 1);
      const progress = await biller.call('GET', `/api/v1/statement-runs/${r.json.run.id}`);
      assert.equal(progress.json.statements, r.json.statements.length);
      // The run's statements later, a page at a time: the same statements, in the order made.
      const listed = [];
      let cursor = '';
      for (let pages = 0; pages < 100; pages += 1) {
        const page = await biller.call('GET', `/api/v1/statement-runs/${r.json.run.id}/statements?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        assert.equal(page.status, 200, page.text);
        assert.ok(page.json.items.length <= 2);
        listed.push(...page.json.items);
        if (!page.json.next_cursor) break;
        cursor = page.json.next_cursor;
      }
      assert.deepEqual(listed.map((s) => s.id), r.json.statements.map((s) => s.id).sort((a, b) => a - b));
      const listedMine = listed.find((s) => s.id === mine.id);
      assert.equal(listedMine.guarantor, mine.guarantor);
      assert.equal(listedMine.account_id, mine.account_id);
      assert.equal(listedMine.amount_due_cents, 13000);
      assert.equal(listedMine.due_date, mine.due_date);
      assert.equal(listedMine.pdf_url, `/api/v1/statements/${mine.id}.pdf`);
      assert.equal(listedMine.lines, undefined);
      assert.equal((await biller.call('GET', listedMine.pdf_url)).status, 200);
      assert.equal((await biller.call('GET', '/api/v1/statement-runs/999999/statements')).status, 404);
      const badCursor = await biller.call('GET', `/api/v1/statement-runs/${r.json.run.id}/statements?cursor=nope`);
      assert.equal(badCursor.status, 422, badCursor.text);
      assert.equal((await biller.call('GET', `/api/v1/statement-runs/${r.json.run.id}/statements?limit=201`)).status, 422);
      assert.equal((await desk.call('GET', `/api/v1/statement-runs/${r.json.run.id}/statements`)).status, 403);
    });

    test('each role does only what it may', async () => {
      assert.equal((await desk.call('GET', '/api/v1/reports/ar-aging')).status, 403);
      assert.equal((await desk.call('GET', '/api/v1/reports/day-sheet')).status, 403);
      assert.equal((await desk.call('POST', '/api/v1/statement-runs', { body: {} })).status, 403);
      const limited = await signIn(env.base, addUser(env.db.url, ['biller'], undefined, undefined, [location.id]));
      assert.equal((await limited.call('GET', '/api/v1/reports/ar-aging')).status, 403);
      assert.equal((await limited.call('GET', `/api/v1/reports/day-sheet?location_id=${location.id}`)).status, 200);
    });

    test('medoffice statements run writes the PDFs and the vendor CSV and prints the count', async () => {
      const out = mkdtempSync(join(tmpdir(), 'mo-statements-'));
      try {
        // Another cycle (a cycle day) of the same month: the self-pay patient's account only if it is on that day.
        const account = (await env.call('GET', `/api/v1/patients/${selfPay.id}/ledger`)).json.account.id;
        const cycleDay = ((account - 1) % 28) + 1;
        let r = cli('statements', 'run', '--db', env.db.url, '--cycle-day', String(cycleDay), '--out', out);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /^\d+ statements \(\d+ new\)/);
        const files = readdirSync(out);
        const pdfs = files.filter((f) => f.endsWith('.pdf'));
        const csv = files.find((f) => f.endsWith('.csv'));
        assert.ok(pdfs.length >= 1 && csv, files.join(' '));
        assert.ok(!files.some((f) => f.endsWith('.part')), 'no half-written file is left');
        const rows = readFileSync(join(out, csv), 'utf8').trim().split('\r\n');
        assert.equal(rows.length, pdfs.length + 1);
        assert.match(pdfText(readFileSync(join(out, pdfs[0]))), /Amount due/i);
        // Again: the cycle ran already, nothing new, the same files.
        r = cli('statements', 'run', '--db', env.db.url, '--cycle-day', String(cycleDay), '--out', out);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /\(0 new, the cycle had run already\)/);
        r = cli('statements', 'run', '--db', env.db.url, '--cycle-day', '40', '--out', out);
        assert.notEqual(r.status, 0);
        assert.match(r.stderr, /cycle-day/);
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    });
  });
}
