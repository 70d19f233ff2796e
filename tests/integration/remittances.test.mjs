// SPDX-License-Identifier: AGPL-3.0-or-later
// Money back over real HTTP and the command line (issue 17), on every backend: a claim batched
// as the biller does, an 835 built from that batch (node-x12 reads both), its preview, its
// posting with the patient's ledger checked by hand, the same ERA again, an unbalanced file
// refused naming the claim and line, the front desk refused, and `medoffice era post` on a file:
// the report, the same file again (exit 0, nothing posted) and an unbalanced one (exit 1).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backends, demoServer, addUser, signIn, cli } from './helpers.mjs';

const peers = createRequire(new URL('../node/package.json', import.meta.url));
const { X12Parser, X12QueryEngine } = peers('node-x12');

const DAY = 86_400_000;
const yesterday = () => new Date(Date.now() - DAY).toISOString().slice(0, 10);
const pad = (s, n) => String(s).padEnd(n, ' ');
const money = (cents) => (cents / 100).toFixed(2);
const X12 = { 'content-type': 'application/edi-x12' };

/** An 835 of one transaction set: the claim loops `segments`, paying `paid` cents (BPR02). */
function rawEra({ trace, control = 501, paid, segments: claimLoops }) {
  const segments = ['ST*835*0001*005010X221A1', `BPR*I*${money(paid)}*C*CHK************20261201`, `TRN*1*${trace}*1512345678`,
    'N1*PR*DEMO PAYER', 'N3*1 PAYER WAY', 'N4*HARTFORD*CT*06101', 'REF*2U*DEMOPAYER', 'PER*BL*EDI*TE*8005550188',
    'N1*PE*DEMO PRACTICE*XX*1245319599', 'LX*1', ...claimLoops];
  segments.push(`SE*${segments.length + 1}*0001`);
  const n = String(control).padStart(9, '0');
  return `ISA*00*${pad('', 10)}*00*${pad('', 10)}*ZZ*${pad('PAYER', 15)}*ZZ*${pad('SUB1', 15)}*261201*1200*^*00501*${n}*0*T*:~`
    + `GS*HP*PAYER*SUB1*20261201*1200*${control}*X*005010X221A1~` + segments.map((s) => `${s}~`).join('')
    + `GE*1*${control}~IEA*1*${n}~`;
}

/** An 835 paying claims: each {pcn, lines: [{lcn, code, charge, paid, cas: [[group, reason, cents]]}]}. */
function era({ trace, claims, control = 501 }) {
  const body = [];
  let total = 0;
  for (const c of claims) {
    const charge = c.lines.reduce((a, l) => a + l.charge, 0);
    const paid = c.lines.reduce((a, l) => a + l.paid, 0);
    const pr = c.lines.flatMap((l) => l.cas).filter(([g]) => g === 'PR').reduce((a, x) => a + x[2], 0);
    total += paid;
    body.push(`CLP*${c.pcn}*1*${money(charge)}*${money(paid)}*${pr ? money(pr) : ''}*12*ICN${trace}`);
    body.push('NM1*QC*1*DOE*JANE****MI*XJH123456789');
    for (const l of c.lines) {
      body.push(`SVC*HC:${l.code}*${money(l.charge)}*${money(l.paid)}**1`);
      for (const [g, r, cents] of l.cas) body.push(`CAS*${g}*${r}*${money(cents)}`);
      if (l.lcn) body.push(`REF*6R*${l.lcn}`);
    }
  }
  return rawEra({ trace, control, paid: total, segments: body });
}

for (const kind of backends()) {
  describe(`money back on ${kind}`, () => {
    let env; let biller; let desk; let dir; let patient; let claim; let lineId;
    before(async () => {
      env = await demoServer(kind, 40);
      biller = await signIn(env.base, addUser(env.db.url, ['biller']));
      desk = await signIn(env.base, addUser(env.db.url, ['front_desk']));
      dir = mkdtempSync(join(tmpdir(), 'mo-era-'));
      const made = await env.call('POST', '/api/v1/clearinghouses', { body: { name: 'Test clearinghouse',
        submitter_id: 'SUB1', receiver_id: 'CH1', receiver_name: 'TEST CLEARINGHOUSE', contact_name: 'Billing office',
        contact_phone: '2175550100', transport: 'file_drop', outbox: join(dir, 'out'), inbox: join(dir, 'in'), archive: join(dir, 'done') } });
      assert.equal(made.status, 201, made.text);
      const provider = (await env.call('GET', '/api/v1/providers?limit=1')).json.items[0];
      const location = (await env.call('GET', '/api/v1/locations?limit=1')).json.items[0];
      const covs = (await env.call('GET', '/api/v1/coverages?limit=100')).json.items;
      // A patient billed to one payer only: the patient's share goes to the patient.
      const byPatient = new Map();
      for (const c of covs.filter((x) => x.active && !x.end_date)) byPatient.set(c.patient_id, [...(byPatient.get(c.patient_id) ?? []), c]);
      const [patientId] = [...byPatient].find(([, cs]) => cs.length === 1 && cs[0].priority === 'primary');
      patient = (await env.call('GET', `/api/v1/patients/${patientId}`)).json;
      const e = await env.call('POST', '/api/v1/encounters', { body: { patient_id: patient.id, provider_id: provider.id,
        location_id: location.id, date_of_service: yesterday(), diagnoses: ['E119'],
        lines: [{ code: '99213', units: 1, diagnosis_pointers: [1], charge_cents: 12500 },
          { code: '36415', units: 1, diagnosis_pointers: [1], charge_cents: 2000 }] } });
      assert.equal(e.status, 201, e.text);
      assert.equal((await env.call('POST', `/api/v1/encounters/${e.json.id}/finalize`)).status, 200);
      const c = await biller.call('POST', '/api/v1/claims', { body: { encounter_id: e.json.id } });
      assert.equal(c.status, 201, c.text);
      assert.equal((await biller.call('POST', `/api/v1/claims/${c.json.id}/scrub`)).json.state, 'ready');
      const b = await biller.call('POST', '/api/v1/claim-batches', { body: { claim_ids: [c.json.id], clearinghouse_id: made.json.id } });
      assert.equal(b.status, 201, b.text);
      claim = b.json.claims[0];
      // What the payer echoes back comes from the 837P as sent: CLM01 and each line's REF*6R.
      const x = await biller.call('GET', `/api/v1/claim-batches/${b.json.batch.id}/x12`);
      const parser = new X12Parser(true);
      const interchange = parser.parse(x.text);
      const engine = new X12QueryEngine(parser);
      assert.deepEqual(engine.query(interchange, 'CLM01').map((v) => v.value), [claim.patient_control_number]);
      const lcns = engine.query(interchange, 'REF02:REF01["6R"]').map((v) => v.value);
      assert.equal(lcns.length, 2);
      lineId = lcns;
    });
    after(async () => {
      await env?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const paying = () => era({ trace: `T${kind}1`, claims: [{ pcn: claim.patient_control_number, lines: [
      { lcn: lineId[0], code: '99213', charge: 12500, paid: 8000, cas: [['CO', '45', 3000], ['PR', '2', 1500]] },
      // The payer drops REF*6R on this one: matched by code.
      { code: '36415', charge: 2000, paid: 0, cas: [['CO', '16', 2000]] }] }] });

    test('node-x12 reads the 835 the test sends', () => {
      const parser = new X12Parser(true);
      const interchange = parser.parse(paying());
      const engine = new X12QueryEngine(parser);
      assert.deepEqual(engine.query(interchange, 'CLP01').map((v) => v.value), [claim.patient_control_number]);
    });

    test('a preview posts nothing; the posting moves the money to the cent', async () => {
      const preview = await biller.call('POST', '/api/v1/remittances?dry_run=true', { raw: Buffer.from(paying()), headers: X12 });
      assert.equal(preview.status, 200, preview.text);
      assert.equal(preview.json.dry_run, true);
      assert.equal(preview.json.posted.length, 1);
      let ledger = await biller.call('GET', `/api/v1/patients/${patient.id}/ledger`);
      assert.equal(ledger.json.insurance_balance_cents, 14500, 'nothing posted by the preview');

      const r = await biller.call('POST', '/api/v1/remittances', { raw: Buffer.from(paying()), headers: X12 });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.payment_cents, 8000);
      assert.deepEqual(r.json.not_posted, []);
      const p = r.json.posted[0];
      assert.equal(p.claim, claim.patient_control_number);
      assert.equal(p.paid_cents, 8000);
      assert.equal(p.contractual_cents, 3000);
      assert.equal(p.patient_responsibility_cents, 1500);
      assert.equal(p.denied_cents, 2000);
      assert.equal(p.state, 'partially_paid');
      // 125.00 − 80.00 − 30.00 − 15.00 = 0 owed by the payer on line 1; 20.00 denied stays owed.
      ledger = await biller.call('GET', `/api/v1/patients/${patient.id}/ledger`);
      assert.equal(ledger.json.insurance_balance_cents, 2000);
      assert.equal(ledger.json.patient_balance_cents, 1500);
      const denials = await biller.call('GET', `/api/v1/denials?claim_id=${claim.id}`);
      assert.equal(denials.status, 200, denials.text);
      assert.equal(denials.json.items.length, 1);
      assert.equal(denials.json.items[0].carc, '16');
      assert.equal(denials.json.items[0].payer_id, claim.payer_id);
      assert.ok(denials.json.items[0].suggested_action);
      // Who it may be assigned to: readable by the front desk too, id and name only.
      const assignees = await desk.call('GET', '/api/v1/denials/assignees');
      assert.equal(assignees.status, 200, assignees.text);
      const ids = assignees.json.items.map((a) => a.id);
      assert.ok(ids.includes(biller.json.user.user_id), assignees.text);
      assert.ok(ids.includes(env.session.json.user.user_id), 'the manager');
      assert.ok(!ids.includes(desk.json.user.user_id), 'not the front desk');
      for (const a of assignees.json.items) assert.deepEqual(Object.keys(a).sort(), ['display_name', 'id']);
      const names = assignees.json.items.map((a) => a.display_name);
      assert.deepEqual(names, [...names].sort());
      const assigned = await biller.call('PATCH', `/api/v1/denials/${denials.json.items[0].id}`, {
        body: { assigned_to: env.session.json.user.user_id }, headers: { 'if-match': `"${denials.json.items[0].version}"` } });
      assert.equal(assigned.status, 200, assigned.text);
      assert.equal(assigned.json.assigned_to, env.session.json.user.user_id);
      const listed = await biller.call('GET', '/api/v1/remittances');
      assert.equal(listed.json.items[0].trace_number, `T${kind}1`);
      const one = await biller.call('GET', `/api/v1/remittances/${listed.json.items[0].id}`);
      assert.equal(one.json.claims[0].posted, true);
    });

    test('the same ERA again posts nothing', async () => {
      const r = await biller.call('POST', '/api/v1/remittances', { raw: Buffer.from(paying()), headers: X12 });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.remittances[0].duplicate, true);
      assert.deepEqual(r.json.posted, []);
      const ledger = await biller.call('GET', `/api/v1/patients/${patient.id}/ledger`);
      assert.equal(ledger.json.patient_balance_cents, 1500);
    });

    test('an unbalanced file is refused naming the claim and line; bad bodies and roles too', async () => {
      const bad = paying().replace('SVC*HC:99213*125.00*80.00**1', 'SVC*HC:99213*125.00*85.00**1');
      const r = await biller.call('POST', '/api/v1/remittances', { raw: Buffer.from(bad), headers: X12 });
      assert.equal(r.status, 422, r.text);
      assert.equal(r.headers['content-type'], 'application/problem+json');
      assert.equal(r.json.errors[0].field, 'claim 1 line 1');
      assert.match(r.json.errors[0].message, /does not balance/);
      const empty = await biller.call('POST', '/api/v1/remittances', { raw: Buffer.from(''), headers: X12 });
      assert.equal(empty.status, 422);
      const json = await biller.call('POST', '/api/v1/remittances', { body: { x: 1 } });
      assert.equal(json.status, 422);
      assert.equal(json.json.errors[0].field, 'Content-Type');
      const truncated = await biller.call('POST', '/api/v1/remittances', { raw: Buffer.from(paying().slice(0, 600)), headers: X12 });
      assert.equal(truncated.status, 422, truncated.text);
      assert.equal((await desk.call('POST', '/api/v1/remittances', { raw: Buffer.from(paying()), headers: X12 })).status, 403);
    });

    test('medoffice era post prints the report; the same file exits 0 posting nothing; an unbalanced one exits 1', () => {
      // The payer takes its payment back and pays the line again, less.
      const file = join(dir, 'again.835');
      const pcn = claim.patient_control_number;
      const reversal = rawEra({ trace: `T${kind}2`, control: 502, paid: 2000, segments: [
        `CLP*${pcn}*22*-145.00*-80.00**12*ICNT${kind}1`, 'NM1*QC*1*DOE*JANE****MI*X',
        'SVC*HC:99213*-125.00*-80.00**1', 'CAS*CO*45*-30.00', 'CAS*PR*2*-15.00', `REF*6R*${lineId[0]}`,
        'SVC*HC:36415*-20.00*0.00**1', 'CAS*CO*16*-20.00',
        `CLP*${pcn}*1*145.00*100.00**12*ICNT${kind}1`, 'NM1*QC*1*DOE*JANE****MI*X',
        'SVC*HC:99213*125.00*90.00**1', 'CAS*CO*45*35.00', `REF*6R*${lineId[0]}`,
        'SVC*HC:36415*20.00*10.00**1', 'CAS*CO*45*10.00'] });
      writeFileSync(file, reversal);
      const r = cli('era', 'post', '--db', env.db.url, file);
      assert.equal(r.status, 0, r.stderr + r.stdout);
      assert.match(r.stdout, /posted 2 of 2 claims/);
      assert.match(r.stdout, /reversal of \$80\.00/);
      assert.match(r.stdout, /paid \$100\.00, contractual \$45\.00, patient responsibility \$0\.00, denied \$0\.00 -> paid/);
      const again = cli('era', 'post', '--db', env.db.url, file);
      assert.equal(again.status, 0, again.stderr);
      assert.match(again.stdout, /posted before/);
      const unbalanced = join(dir, 'bad.835');
      writeFileSync(unbalanced, reversal.replace('BPR*I*20.00', 'BPR*I*25.00'));
      const bad = cli('era', 'post', '--db', env.db.url, unbalanced);
      assert.equal(bad.status, 1);
      assert.match(bad.stderr, /transaction: does not balance/);
    });

    test('after the reversal and the new decision the ledger holds the new amounts', async () => {
      const ledger = await biller.call('GET', `/api/v1/patients/${patient.id}/ledger`);
      assert.equal(ledger.json.insurance_balance_cents, 0);
      assert.equal(ledger.json.patient_balance_cents, 0);
      const denials = await biller.call('GET', `/api/v1/denials?claim_id=${claim.id}&state=open`);
      assert.equal(denials.json.items.length, 0, 'the reversed denial is resolved');
    });
  });
}
