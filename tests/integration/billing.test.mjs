// SPDX-License-Identifier: AGPL-3.0-or-later
// Charges and the ledger over real HTTP (issue 14), on every backend: an encounter coded and
// finalized, its fee from the fee schedule, 422 naming the line and field, 409 on editing a
// finalized encounter naming the correction route, a correction, the patient's ledger in the
// shape fixed for automation, a desk payment posted to the ledger, adjustments and reversals,
// the role that may do each, and the ledger still balanced at the end.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { backends, demoServer, addUser, signIn } from './helpers.mjs';

const DAY = 86_400_000;
const yesterday = () => new Date(Date.now() - DAY).toISOString().slice(0, 10);

const problem = (r, status) => {
  assert.equal(r.status, status, r.text);
  assert.equal(r.headers['content-type'], 'application/problem+json');
  return r.json;
};
const fields = (r) => problem(r, 422).errors.map((e) => e.field);

for (const kind of backends()) {
  describe(`charges and ledger on ${kind}`, () => {
    let env;
    let patient; let provider; let location; let selfPay;
    let encounter;
    const encounterBody = (over = {}) => ({
      patient_id: patient.id, provider_id: provider.id, location_id: location.id,
      date_of_service: yesterday(), diagnoses: ['E119', 'I10'],
      lines: [{ code: '99213', modifiers: [], units: 1, diagnosis_pointers: [1, 2] }],
      ...over,
    });
    before(async () => {
      env = await demoServer(kind, 40);
      provider = (await env.call('GET', '/api/v1/providers?limit=1')).json.items[0];
      location = (await env.call('GET', '/api/v1/locations?limit=1')).json.items[0];
      // A patient with a primary coverage in force, and one without (self-pay).
      const covs = (await env.call('GET', '/api/v1/coverages?limit=50')).json.items;
      const covered = covs.find((c) => c.priority === 'primary' && c.active && !c.end_date);
      assert.ok(covered, 'the demo clinic has a patient with primary coverage');
      patient = (await env.call('GET', `/api/v1/patients/${covered.patient_id}`)).json;
      const coveredIds = new Set(covs.map((c) => c.patient_id));
      const all = (await env.call('GET', '/api/v1/patients?limit=40')).json.items;
      selfPay = all.find((p) => !coveredIds.has(p.id));
      if (!selfPay) {
        const made = await env.call('POST', '/api/v1/patients', { body: { family_name: 'Selfpay', given_name: 'Sam',
          birth_date: '1990-04-05', sex: 'male', phone: '+12175550199' } });
        assert.equal(made.status, 201, made.text);
        selfPay = made.json;
      }
      // The practice's standard fee for 99213.
      const fee = await env.call('POST', '/api/v1/fee-schedule', { body: { code: '99213', amount_cents: 12500, effective_from: '2020-01-01' } });
      assert.ok([201, 409].includes(fee.status), fee.text);
    });
    after(async () => { await env?.close(); });

    test('an encounter takes its fee from the schedule (201)', async () => {
      const r = await env.call('POST', '/api/v1/encounters', { body: encounterBody() });
      assert.equal(r.status, 201, r.text);
      encounter = r.json;
      assert.equal(encounter.status, 'open');
      assert.equal(encounter.patient_id, patient.id);
      assert.deepEqual(encounter.diagnoses, ['E119', 'I10']);
      assert.equal(encounter.lines.length, 1);
      assert.equal(encounter.lines[0].charge_cents, 12500);
      assert.equal(encounter.lines[0].fee_from_schedule, true);
      assert.ok(encounter.account_id > 0, 'the patient\'s guarantor account is opened');
      const got = await env.call('GET', `/api/v1/encounters/${encounter.id}`);
      assert.equal(got.status, 200);
      assert.equal(got.json.lines[0].code, '99213');
      // The list shows each encounter with its lines and total (it once said 0 with no lines).
      const listed = await env.call('GET', `/api/v1/encounters?patient_id=${patient.id}`);
      assert.equal(listed.status, 200, listed.text);
      const item = listed.json.items.find((x) => x.id === encounter.id);
      assert.equal(item.lines.length, 1);
      assert.equal(item.total_charge_cents, 12500);
    });

    test('bad encounters get 422 naming the line and the field', async () => {
      let f = fields(await env.call('POST', '/api/v1/encounters', { body: encounterBody({
        lines: [{ code: '99213', units: 1, diagnosis_pointers: [3] }] }) }));
      assert.ok(f.includes('lines[0].diagnosis_pointers[0]'), f.join());
      f = fields(await env.call('POST', '/api/v1/encounters', { body: encounterBody({ diagnoses: ['E11'] }) }));
      assert.ok(f.includes('diagnoses[0]'), `a header code is named: ${f}`);
      f = fields(await env.call('POST', '/api/v1/encounters', { body: encounterBody({
        lines: [{ code: '99213', units: 0, diagnosis_pointers: [1] }] }) }));
      assert.ok(f.includes('lines[0].units'), f.join());
      f = fields(await env.call('POST', '/api/v1/encounters', { body: encounterBody({
        lines: [{ code: '99213', units: 1, diagnosis_pointers: [1] }, { code: '99213', units: 1, diagnosis_pointers: [1], modifiers: ['25', '2'] }] }) }));
      assert.deepEqual(f, ['lines[1].modifiers[1]']);
      for (const cents of [-1, 0, 1.5, 2 ** 53 + 2]) {
        f = fields(await env.call('POST', '/api/v1/encounters', { body: encounterBody({
          lines: [{ code: '99213', units: 1, diagnosis_pointers: [1], charge_cents: cents }] }) }));
        assert.ok(f.some((x) => x.startsWith('lines[0].charge')), `${cents}: ${f}`);
      }
      f = fields(await env.call('POST', '/api/v1/encounters', { body: encounterBody({ diagnoses: Array(13).fill('E119') }) }));
      assert.ok(f.some((x) => x.startsWith('diagnoses')), f.join());
      f = fields(await env.call('POST', '/api/v1/encounters', { body: encounterBody({ date_of_service: '2026-02-30' }) }));
      assert.ok(f.includes('date_of_service'), f.join());
    });

    test('finalizing posts the charge to the primary insurance; a finalized encounter is corrected, not edited', async () => {
      const fin = await env.call('POST', `/api/v1/encounters/${encounter.id}/finalize`);
      assert.equal(fin.status, 200, fin.text);
      assert.equal(fin.json.status ?? fin.json.encounter?.status, 'finalized');
      const edit = await env.call('PUT', `/api/v1/encounters/${encounter.id}`, {
        body: encounterBody({ lines: [{ code: '99214', units: 1, diagnosis_pointers: [1], charge_cents: 18000 }] }),
        headers: { 'if-match': '*' } });
      const p = problem(edit, 409);
      assert.match(p.detail, /\/api\/v1\/encounters\/\{id\}\/corrections/);
      let ledger = await env.call('GET', `/api/v1/patients/${patient.id}/ledger`);
      assert.equal(ledger.status, 200, ledger.text);
      assert.equal(ledger.json.insurance_balance_cents, 12500);
      assert.equal(ledger.json.patient_balance_cents, 0);
      assert.equal(ledger.json.balance_cents, 12500);
      assert.equal(ledger.json.entries[0].kind, 'charge');
      assert.equal(ledger.json.entries[0].to, 'primary');
      assert.equal(ledger.json.entries[0].amount_cents, 12500);

      const current = (await env.call('GET', `/api/v1/encounters/${encounter.id}`)).json;
      const fixed = await env.call('POST', `/api/v1/encounters/${encounter.id}/corrections`, {
        body: encounterBody({ lines: [{ code: '99214', units: 1, diagnosis_pointers: [1], charge_cents: 18000 }] }),
        headers: { 'if-match': `"${current.version}"` } });
      assert.equal(fixed.status, 200, fixed.text);
      ledger = await env.call('GET', `/api/v1/patients/${patient.id}/ledger`);
      assert.equal(ledger.json.insurance_balance_cents, 18000, 'the old charge reversed, the new one posted');
      const kinds = ledger.json.entries.map((e) => e.kind);
      assert.deepEqual(kinds.slice().sort(), ['charge', 'charge', 'reversal']);
      const history = await env.call('GET', `/api/v1/encounters/${encounter.id}/history`);
      assert.equal(history.status, 200, history.text);
      assert.equal(history.json.lines.length, 2, 'the replaced line stays in the history');
      assert.deepEqual(history.json.lines.map((l) => l.status).sort(), ['posted', 'replaced']);
    });

    test('insurance payment, contractual adjustment and transfer to the patient; a reversal nets to zero', async () => {
      const hist = (await env.call('GET', `/api/v1/encounters/${encounter.id}/history`)).json;
      const line = hist.lines.find((l) => l.status === 'posted').line;
      const post = (body) => env.call('POST', '/api/v1/ledger/entries', { body });
      let r = await post({ kind: 'insurance_payment', line_id: line.id, amount_cents: 9000, from: 'primary' });
      assert.equal(r.status, 201, r.text);
      r = await post({ kind: 'contractual_adjustment', line_id: line.id, amount_cents: 6000, from: 'primary', reason: 'CO-45' });
      assert.equal(r.status, 201, r.text);
      // More than is left is refused naming the amount; nothing is written.
      const f = fields(await post({ kind: 'transfer', line_id: line.id, amount_cents: 3001, from: 'primary', to: 'patient' }));
      assert.ok(f.includes('amount_cents') || f.includes('amount'), f.join());
      const t = await post({ kind: 'transfer', line_id: line.id, amount_cents: 3000, from: 'primary', to: 'patient', reason: 'PR-2' });
      assert.equal(t.status, 201, t.text);
      let ledger = (await env.call('GET', `/api/v1/patients/${patient.id}/ledger`)).json;
      assert.equal(ledger.insurance_balance_cents, 0);
      assert.equal(ledger.patient_balance_cents, 3000);
      const rev = await post({ kind: 'reversal', reverses: t.json.id, reason: 'posted to the wrong line' });
      assert.equal(rev.status, 201, rev.text);
      ledger = (await env.call('GET', `/api/v1/patients/${patient.id}/ledger`)).json;
      assert.equal(ledger.insurance_balance_cents, 3000);
      assert.equal(ledger.patient_balance_cents, 0);
      problem(await post({ kind: 'reversal', reverses: t.json.id, reason: 'again' }), 409);
      // Amounts: negative, with a fraction, past 2^53 cents are refused naming the field.
      for (const amount of [-5, 1.25, 2 ** 53 + 2, '12']) {
        const bad = await post({ kind: 'write_off', line_id: line.id, amount_cents: amount, from: 'primary' });
        assert.equal(bad.status, 422, `${amount}: ${bad.text}`);
        assert.ok(bad.json.errors.some((e) => e.field === 'amount_cents'), bad.text);
      }
    });

    test('a desk payment posts to the ledger: on account, then allocated oldest first', async () => {
      const e = await env.call('POST', '/api/v1/encounters', { body: encounterBody({ patient_id: selfPay.id }) });
      assert.equal(e.status, 201, e.text);
      const fin = await env.call('POST', `/api/v1/encounters/${e.json.id}/finalize`);
      assert.equal(fin.status, 200, fin.text);
      let ledger = (await env.call('GET', `/api/v1/patients/${selfPay.id}/ledger`)).json;
      assert.equal(ledger.patient_balance_cents, 12500, 'a self-pay visit is billed to the patient');
      const pay = await env.call('POST', '/api/v1/payments', { body: { patient_id: selfPay.id, amount_cents: 20000, method: 'cash', kind: 'patient_payment' } });
      assert.equal(pay.status, 201, pay.text);
      assert.match(pay.json.receipt_number, /^R-\d{6,}$/);
      assert.equal(pay.json.posted, true);
      assert.equal(pay.json.unallocated_cents, 7500, 'what no line owes stays as credit');
      ledger = (await env.call('GET', `/api/v1/patients/${selfPay.id}/ledger`)).json;
      assert.equal(ledger.patient_balance_cents, 0);
      assert.equal(ledger.credit_cents, 7500);
      // A refund retried with its Idempotency-Key (the first answer was lost) gives the money back once.
      const key = { 'idempotency-key': `refund-${kind}-${pay.json.id}` };
      const refund = await env.call('POST', `/api/v1/payments/${pay.json.id}/refund`, { body: { amount_cents: 7500, reason: 'overpaid' }, headers: key });
      assert.equal(refund.status, 201, refund.text);
      const retried = await env.call('POST', `/api/v1/payments/${pay.json.id}/refund`, { body: { amount_cents: 7500, reason: 'overpaid' }, headers: key });
      assert.equal(retried.status, 201, retried.text);
      assert.equal(retried.json.id, refund.json.id, 'the same refund entry answers again');
      ledger = (await env.call('GET', `/api/v1/patients/${selfPay.id}/ledger`)).json;
      assert.equal(ledger.credit_cents, 0);
      // Bad payments name the field.
      for (const [body, field] of [[{ patient_id: selfPay.id, amount_cents: -100, method: 'cash' }, 'amount_cents'],
        [{ patient_id: selfPay.id, amount_cents: 100, method: 'bitcoin' }, 'method'],
        [{ patient_id: selfPay.id, amount_cents: 100, method: 'cash', allocate: 'sideways' }, 'allocate']]) {
        const r = await env.call('POST', '/api/v1/payments', { body });
        assert.equal(r.status, 422, r.text);
        assert.ok(r.json.errors.some((x) => x.field === field), `${field}: ${r.text}`);
      }
    });

    test('an account opened with an Idempotency-Key is opened once; its fields are checked', async () => {
      const body = { family_name: 'Okafor', given_name: 'Ngozi', birth_date: '1961-03-14', phone: '+12175550123',
        address: { line1: '12 Oak St', city: 'Springfield', state: 'IL', postal_code: '62704' } };
      const headers = { 'idempotency-key': `account-${kind}-ngozi` };
      const first = await env.call('POST', '/api/v1/accounts', { body, headers });
      assert.equal(first.status, 201, first.text);
      const again = await env.call('POST', '/api/v1/accounts', { body, headers });
      assert.equal(again.status, 201, again.text);
      assert.equal(again.json.id, first.json.id, 'one account, not two');
      const f = fields(await env.call('POST', '/api/v1/accounts', { body: { ...body, phone: '12', address: { ...body.address, state: 'Illinois' } } }));
      assert.ok(f.includes('phone') && f.includes('address.state'), f.join());
    });

    test('roles: the front desk reads balances but posts no charges or adjustments', async () => {
      const desk = await signIn(env.base, addUser(env.db.url, ['front_desk']));
      const read = await desk.call('GET', `/api/v1/patients/${patient.id}/ledger`);
      assert.equal(read.status, 200, read.text);
      problem(await desk.call('POST', '/api/v1/encounters', { body: encounterBody() }), 403);
      problem(await desk.call('POST', '/api/v1/ledger/entries', { body: { kind: 'write_off', line_id: 1, amount_cents: 1, from: 'patient' } }), 403);
      const clinician = await signIn(env.base, addUser(env.db.url, ['clinician']));
      const coded = await clinician.call('POST', '/api/v1/encounters', { body: encounterBody() });
      assert.equal(coded.status, 201, coded.text);
      problem(await clinician.call('POST', '/api/v1/ledger/entries', { body: { kind: 'write_off', line_id: 1, amount_cents: 1, from: 'patient' } }), 403);
      const voided = await env.call('POST', `/api/v1/encounters/${coded.json.id}/void`);
      assert.equal(voided.status, 200, voided.text);
      assert.equal(voided.json.status, 'voided');
    });

    test('a biller limited to another location posts nothing on this one', async () => {
      const locations = (await env.call('GET', '/api/v1/locations?limit=10')).json.items;
      const other = locations.find((l) => l.id !== location.id);
      if (!other) return; // the demo clinic has two locations; nothing to limit otherwise
      const made = await env.call('POST', '/api/v1/encounters', { body: encounterBody() });
      assert.equal(made.status, 201, made.text);
      const limited = await signIn(env.base, addUser(env.db.url, ['biller'], undefined, undefined, [other.id]));
      problem(await limited.call('GET', `/api/v1/encounters/${made.json.id}`), 403);
      const bulk = await limited.call('POST', '/api/v1/encounters/finalize', { body: { ids: [made.json.id] } });
      assert.equal(bulk.status, 200, bulk.text);
      assert.equal(bulk.json.finalized, 0);
      assert.equal(bulk.json.failed[0].id, made.json.id);
      assert.equal((await env.call('GET', `/api/v1/encounters/${made.json.id}`)).json.status, 'open', 'nothing finalized');
      assert.equal((await env.call('POST', `/api/v1/encounters/${made.json.id}/finalize`)).status, 200);
      const line = (await env.call('GET', `/api/v1/encounters/${made.json.id}`)).json.lines[0];
      const before = (await env.call('GET', `/api/v1/patients/${patient.id}/ledger`)).json;
      problem(await limited.call('POST', '/api/v1/ledger/entries', { body: { kind: 'write_off', line_id: line.id, amount_cents: 100, from: 'primary' } }), 403);
      const after = (await env.call('GET', `/api/v1/patients/${patient.id}/ledger`)).json;
      assert.equal(after.balance_cents, before.balance_cents, 'the refused write-off left nothing behind');
    });

    test('a line whose postings were reversed may be replaced by a correction', async () => {
      const made = await env.call('POST', '/api/v1/encounters', { body: encounterBody() });
      assert.equal((await env.call('POST', `/api/v1/encounters/${made.json.id}/finalize`)).status, 200);
      const enc = (await env.call('GET', `/api/v1/encounters/${made.json.id}`)).json;
      const paid = await env.call('POST', '/api/v1/ledger/entries', { body: { kind: 'insurance_payment', line_id: enc.lines[0].id, amount_cents: 5000, from: 'primary' } });
      assert.equal(paid.status, 201, paid.text);
      const body = encounterBody({ lines: [{ code: '99214', units: 1, diagnosis_pointers: [1], charge_cents: 18000 }] });
      const refused = problem(await env.call('POST', `/api/v1/encounters/${enc.id}/corrections`, { body, headers: { 'if-match': `"${enc.version}"` } }), 409);
      assert.match(refused.detail, /reverse them/);
      assert.equal((await env.call('POST', '/api/v1/ledger/entries', { body: { kind: 'reversal', reverses: paid.json.id, reason: 'wrong claim' } })).status, 201);
      const fixed = await env.call('POST', `/api/v1/encounters/${enc.id}/corrections`, { body, headers: { 'if-match': `"${enc.version}"` } });
      assert.equal(fixed.status, 200, fixed.text);
      // reverses belongs to reversals only.
      const f = fields(await env.call('POST', '/api/v1/ledger/entries', { body: { kind: 'write_off', line_id: enc.lines[0].id, amount_cents: 1, from: 'primary', reverses: paid.json.id } }));
      assert.deepEqual(f, ['reverses']);
    });

    test('bulk finalize, then the ledger balances', async () => {
      const ids = [];
      for (let k = 0; k < 20; k++) {
        const r = await env.call('POST', '/api/v1/encounters', { body: encounterBody() });
        assert.equal(r.status, 201, r.text);
        ids.push(r.json.id);
      }
      const bulk = await env.call('POST', '/api/v1/encounters/finalize', { body: { ids: [...ids, encounter.id] } });
      assert.equal(bulk.status, 200, bulk.text);
      assert.equal(bulk.json.finalized, 20);
      assert.equal(bulk.json.failed.length, 1, 'the one finalized before is reported');
      const verify = await env.call('GET', '/api/v1/ledger/verify');
      assert.equal(verify.status, 200, verify.text);
      assert.deepEqual(verify.json, { balanced: true, mismatches: [] });
    });
  });
}
