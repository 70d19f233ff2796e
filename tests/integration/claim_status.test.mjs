// SPDX-License-Identifier: AGPL-3.0-or-later
// Claim status (issue 17, point 7) over real HTTP, on every backend: two claims batched through a
// file-drop clearinghouse; a status inquiry for claims quiet for N days sends one 276 to the
// outbox, which node-x12 reads strictly (trace, member id, NPI, amount, version, SE count); the
// payer's 277, built from that 276, is taken in: the claim not found goes back to the work list
// with the reason, the pending one stays batched with its status in its history; the same 277
// twice changes nothing; a 277 waiting in the inbox is fetched like a 999; roles.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backends, demoServer, addUser, signIn } from './helpers.mjs';

const peers = createRequire(new URL('../node/package.json', import.meta.url));
const { X12Parser, X12QueryEngine } = peers('node-x12');

const DAY = 86_400_000;
const yesterday = () => new Date(Date.now() - DAY).toISOString().slice(0, 10);
const pad = (s, n) => String(s).padEnd(n, ' ');

/** The payer's 277 (005010X212) answering the 276 `request`: each claim by the trace it
 * carried, with the STC given for its patient control number. */
function answer277(request, stcByTrace, control) {
  const traces = [...request.matchAll(/TRN\*1\*([^~]+)~/g)].map((m) => m[1]);
  const seg = ['ST*277*0001*005010X212', 'BHT*0010*08*STAT1*20261205*0810*DG',
    'HL*1**20*1', 'NM1*PR*2*PAYER*****PI*PHP01', 'HL*2*1*21*1', 'NM1*41*2*PRACTICE*****46*SUB1',
    'HL*3*2*19*1', 'NM1*1P*2*PRACTICE*****XX*1245319599'];
  let hl = 3;
  for (const trace of traces) {
    if (!stcByTrace[trace]) continue;
    seg.push(`HL*${++hl}*3*22*0`, 'NM1*IL*1*DOE*JANE****MI*W1', `TRN*2*${trace}`, stcByTrace[trace], `REF*1K*ICN${trace}`);
  }
  seg.push(`SE*${seg.length + 1}*0001`);
  const isa = String(control).padStart(9, '0');
  return `ISA*00*${pad('', 10)}*00*${pad('', 10)}*ZZ*${pad('CH1', 15)}*ZZ*${pad('SUB1', 15)}*261205*0810*^*00501*${isa}*0*T*:~`
    + `GS*HN*CH1*SUB1*20261205*0810*${control % 1000}*X*005010X212~${seg.map((s) => `${s}~`).join('')}`
    + `GE*1*${control % 1000}~IEA*1*${isa}~`;
}

for (const kind of backends()) {
  describe(`claim status on ${kind}`, () => {
    let env; let biller; let desk; let dir; let clearinghouse; let patient; let coverage; let practice;
    const claims = [];
    before(async () => {
      env = await demoServer(kind, 40);
      biller = await signIn(env.base, addUser(env.db.url, ['biller']));
      desk = await signIn(env.base, addUser(env.db.url, ['front_desk']));
      dir = mkdtempSync(join(tmpdir(), 'mo-status-'));
      const made = await env.call('POST', '/api/v1/clearinghouses', { body: { name: 'Status clearinghouse',
        submitter_id: 'SUB1', receiver_id: 'CH1', receiver_name: 'TEST CLEARINGHOUSE', contact_name: 'Billing office',
        contact_phone: '2175550100', transport: 'file_drop', outbox: join(dir, 'out'), inbox: join(dir, 'in'), archive: join(dir, 'done') } });
      assert.equal(made.status, 201, made.text);
      clearinghouse = made.json;
      practice = (await env.call('GET', '/api/v1/organizations')).json.items[0];
      const provider = (await env.call('GET', '/api/v1/providers?limit=1')).json.items[0];
      const location = (await env.call('GET', '/api/v1/locations?limit=1')).json.items[0];
      const covs = (await env.call('GET', '/api/v1/coverages?limit=100')).json.items;
      coverage = covs.find((c) => c.priority === 'primary' && c.active && !c.end_date);
      patient = (await env.call('GET', `/api/v1/patients/${coverage.patient_id}`)).json;
      const fee = await env.call('POST', '/api/v1/fee-schedule', { body: { code: '99213', amount_cents: 12500, effective_from: '2020-01-01' } });
      assert.ok([201, 409].includes(fee.status), fee.text);
      for (let k = 0; k < 2; k++) {
        const e = await env.call('POST', '/api/v1/encounters', { body: { patient_id: patient.id, provider_id: provider.id,
          location_id: location.id, date_of_service: yesterday(), diagnoses: ['E119'],
          lines: [{ code: '99213', units: 1, diagnosis_pointers: [1] }] } });
        assert.equal(e.status, 201, e.text);
        assert.equal((await env.call('POST', `/api/v1/encounters/${e.json.id}/finalize`)).status, 200);
        const c = await biller.call('POST', '/api/v1/claims', { body: { encounter_id: e.json.id } });
        assert.equal(c.status, 201, c.text);
        const s = await biller.call('POST', `/api/v1/claims/${c.json.id}/scrub`);
        assert.equal(s.json.state, 'ready', s.text);
        claims.push(c.json);
      }
      const b = await biller.call('POST', '/api/v1/claim-batches', { body: { claim_ids: claims.map((c) => c.id), clearinghouse_id: clearinghouse.id } });
      assert.equal(b.status, 201, b.text);
    });
    after(async () => {
      await env?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const ask = (body, who = biller) => who.call('POST', '/api/v1/claim-status-inquiries', { body });

    test('claims batched just now are not quiet for 30 days; the request is checked', async () => {
      const r = await ask({ older_than_days: 30 });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.json.inquiries, []);
      assert.equal(r.json.more, false);
      assert.equal((await ask({})).status, 422);
      const neg = await ask({ older_than_days: -1 });
      assert.equal(neg.status, 422);
      assert.equal(neg.json.errors[0].field, 'older_than_days');
      assert.equal((await ask({ older_than_days: 0, clearinghouse_id: 999999 })).status, 422);
      assert.equal((await ask({ older_than_days: 0 }, desk)).status, 403);
    });

    let inquiry; let request;
    test('a status inquiry sends one 276 to the outbox that node-x12 reads strictly', async () => {
      const r = await ask({ older_than_days: 0, clearinghouse_id: clearinghouse.id });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.inquiries.length, 1, r.text);
      inquiry = r.json.inquiries[0];
      assert.equal(inquiry.sent, true, inquiry.send_error);
      assert.equal(inquiry.clearinghouse_id, clearinghouse.id);
      assert.deepEqual(inquiry.claims.map((c) => c.id).sort(), claims.map((c) => c.id).sort());
      for (const c of inquiry.claims) assert.equal(c.state, 'batched');
      assert.deepEqual(r.json.skipped, []);
      assert.match(inquiry.file_name, /^MO\d+-\d+-\d+\.276$/);
      assert.ok(readdirSync(join(dir, 'out')).includes(inquiry.file_name));
      request = readFileSync(join(dir, 'out', inquiry.file_name), 'utf8');

      const parser = new X12Parser(true); // strict, new per document
      const interchange = parser.parse(request);
      const engine = new X12QueryEngine(parser);
      const q = (ref) => engine.query(interchange, ref).map((v) => v.value);
      assert.equal(Number(interchange.header.valueOf(13)), inquiry.interchange_control);
      assert.equal(interchange.header.valueOf(6).trim(), 'SUB1');
      assert.equal(interchange.header.valueOf(8).trim(), 'CH1');
      const group = interchange.functionalGroups[0];
      assert.equal(group.header.valueOf(1), 'HR');
      assert.equal(group.header.valueOf(8), '005010X212');
      assert.equal(Number(group.header.valueOf(6)), inquiry.group_control);
      const tx = group.transactions[0];
      assert.equal(tx.header.valueOf(1), '276');
      assert.equal(Number(tx.header.valueOf(2)), inquiry.transaction_control);
      assert.equal(Number(tx.trailer.valueOf(1)), tx.segments.length + 2, 'SE01 counts ST to SE');
      assert.deepEqual(q('BHT03'), [inquiry.file_name.replace(/\.276$/, '')]);
      const pcns = claims.map((c) => c.patient_control_number).sort();
      assert.deepEqual(q('TRN02').sort(), pcns, 'each claim is traced by its CLM01');
      assert.deepEqual(q('REF02:REF01["EJ"]').sort(), pcns);
      assert.deepEqual(q('AMT02:AMT01["T3"]'), ['125', '125']);
      assert.deepEqual(q('NM109:NM101["1P"]'), [practice.npi], 'the billing provider asks');
      assert.deepEqual(q('NM109:NM101["41"]'), ['SUB1'], 'we receive the answer');
      assert.deepEqual(q('NM109:NM101["IL"]'), [coverage.member_id, coverage.member_id]);
      assert.deepEqual(q('DTP03:DTP01["472"]'), [yesterday().replaceAll('-', ''), yesterday().replaceAll('-', '')]);

      // Recorded in each claim's history, its state unchanged; quiet again for the next day.
      const claim = (await biller.call('GET', `/api/v1/claims/${claims[0].id}`)).json;
      assert.equal(claim.state, 'batched');
      const last = claim.history.at(-1);
      assert.equal(last.from, 'batched');
      assert.equal(last.to, 'batched');
      assert.match(last.note, new RegExp(`status inquiry sent \\(276 ${inquiry.file_name}`));
      assert.deepEqual((await ask({ older_than_days: 1 })).json.inquiries, []);
    });

    test('the 277 built from it: not found is rejected with the reason, pending stays; twice changes nothing', async () => {
      const [lost, waiting] = claims;
      const reply = answer277(request, {
        [lost.patient_control_number]: 'STC*A4:35*20261205',
        [waiting.patient_control_number]: 'STC*P1:20*20261205**125.00',
      }, 555000001);
      const post = (text) => biller.call('POST', '/api/v1/acknowledgements', { raw: Buffer.from(text), headers: { 'content-type': 'application/edi-x12' } });
      const r = await post(reply);
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.kind, '277');
      assert.deepEqual(r.json.unmatched, []);
      const byId = Object.fromEntries(r.json.claims.map((c) => [c.claim_id, c]));
      assert.equal(byId[lost.id].from, 'batched');
      assert.equal(byId[lost.id].to, 'rejected');
      assert.equal(byId[waiting.id].to, 'batched');

      const rejected = (await biller.call('GET', `/api/v1/claims/${lost.id}`)).json;
      assert.equal(rejected.state, 'rejected');
      assert.equal(rejected.payer_claim_number, `ICN${lost.patient_control_number}`);
      assert.equal(rejected.findings.length, 1);
      assert.equal(rejected.findings[0].rule, '277.A4:35');
      assert.match(rejected.findings[0].message, /not found/);
      assert.match(rejected.history.at(-1).note, /^277 rejected \(A4:35\)/);
      const list = (await biller.call('GET', '/api/v1/claims?state=rejected')).json.items.map((c) => c.id);
      assert.ok(list.includes(lost.id), 'back on the work list');

      const pending = (await biller.call('GET', `/api/v1/claims/${waiting.id}`)).json;
      assert.equal(pending.state, 'batched');
      const note = pending.history.at(-1);
      assert.equal(note.from, 'batched');
      assert.equal(note.to, 'batched');
      assert.match(note.note, /277 pending \(P1:20\): Pending\/in process/);

      const again = await post(reply);
      assert.equal(again.status, 200, again.text);
      assert.equal(again.json.duplicate, true);
      const after = (await biller.call('GET', `/api/v1/claims/${waiting.id}`)).json;
      assert.equal(after.history.length, pending.history.length);
    });

    test('a 277 waiting in the inbox is fetched like an acknowledgement; a denial moves the claim', async () => {
      const [, waiting] = claims;
      mkdirSync(join(dir, 'in'), { recursive: true });
      writeFileSync(join(dir, 'in', 'status.277'), answer277(request, { [waiting.patient_control_number]: 'STC*F2:88:QC*20261206**125.00*0.00' }, 555000002));
      const r = await biller.call('POST', `/api/v1/clearinghouses/${clearinghouse.id}/fetch`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.taken.length, 1, r.text);
      assert.equal(r.json.taken[0].acknowledgement.kind, '277');
      assert.deepEqual(r.json.failed, []);
      const denied = (await biller.call('GET', `/api/v1/claims/${waiting.id}`)).json;
      assert.equal(denied.state, 'denied');
      assert.match(denied.history.at(-1).note, /277 denied \(F2:88:QC\).*Finalized\/denial/);
      assert.ok(readdirSync(join(dir, 'done')).includes('status.277'), 'archived');
    });
  });
}
