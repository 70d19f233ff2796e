// SPDX-License-Identifier: AGPL-3.0-or-later
// Claims out over real HTTP (issue 16), on every backend: a clearinghouse with a file-drop
// transport, a claim from a finalized encounter, a scrubber finding fixed on the claim, a batch
// whose 837P node-x12 reads (strict, claim id, amount, NPI, SE count), the file sent to the
// outbox, a 999 that rejects the claim with the field named, a corrected and re-batched claim
// accepted by a 999 and a 277CA, the same acknowledgement twice, one for a batch we never
// sent, the CMS-1500 text, and the roles.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, mkdirSync, writeFileSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backends, demoServer, addUser, signIn } from './helpers.mjs';

const peers = createRequire(new URL('../node/package.json', import.meta.url));
const { X12Parser, X12QueryEngine } = peers('node-x12');

const DAY = 86_400_000;
const yesterday = () => new Date(Date.now() - DAY).toISOString().slice(0, 10);

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

const pad = (s, n) => String(s).padEnd(n, ' ');
const isa = (sender, receiver, control) => `ISA*00*${pad('', 10)}*00*${pad('', 10)}*ZZ*${pad(sender, 15)}*ZZ*${pad(receiver, 15)}`
  + `*261204*1200*^*00501*${String(control).padStart(9, '0')}*0*T*:~`;

/** A 999 answering our group `gs` / transaction `st`, accepting or rejecting it. */
function ack999({ from, to, gs, st, accept, errors = [] }) {
  const body = [`AK1*HC*${gs}*005010X222A1`, `AK2*837*${String(st).padStart(4, '0')}*005010X222A1`];
  for (const e of errors) {
    body.push(`IK3*${e.segment}*${e.position}*${e.loop}*8`);
    if (e.element) body.push(`IK4*${e.element}*${e.reference}*7*${e.bad ?? ''}`);
  }
  body.push(`IK5*${accept ? 'A' : 'R'}${accept ? '' : '*5'}`);
  body.push(`AK9*${accept ? 'A' : 'R'}*1*1*${accept ? 1 : 0}`);
  const segments = ['ST*999*0001*005010X231A1', ...body];
  segments.push(`SE*${segments.length + 1}*0001`);
  return isa(from, to, 900000000 + Math.floor(Math.random() * 99999)) + `GS*FA*${from}*${to}*20261204*1200*77*X*005010X231A1~`
    + segments.map((s) => `${s}~`).join('') + 'GE*1*77~' + `IEA*1*${String(900000000).padStart(9, '0')}~`;
}

function fixIea(text) {
  const control = text.slice(90, 99);
  return text.replace(/IEA\*1\*\d{9}~$/, `IEA*1*${control}~`);
}

/** A 277CA accepting (A2) or rejecting (A7) claim `pcn` of batch `reference`. */
function ack277({ from, to, pcn, reference, accept, cents }) {
  const amount = (cents / 100).toFixed(2);
  const seg = [
    'ST*277*0001*005010X214', 'BHT*0085*08*CA1*20261204*1200*TH',
    'HL*1**20*1', 'NM1*PR*2*CLEARINGHOUSE*****46*CH1', 'TRN*1*CA1', 'DTP*050*D8*20261204', 'DTP*009*D8*20261204',
    'HL*2*1*21*1', 'NM1*41*2*PRACTICE*****46*SUB1', `TRN*2*${reference}`, 'STC*A1:19*20261204*WQ*' + amount, 'QTY*90*1', 'AMT*YU*' + amount,
    'HL*3*2*19*1', 'NM1*85*2*PRACTICE*****XX*1245319599',
    'HL*4*3*PT', 'NM1*QC*1*DOE*JANE', `TRN*2*${pcn}`,
    accept ? `STC*A2:20*20261204*WQ*${amount}` : `STC*A7:562:85*20261204*U*${amount}`, 'REF*1K*PAYER123', 'DTP*472*D8*20261203',
  ];
  seg.push(`SE*${seg.length + 1}*0001`);
  return fixIea(isa(from, to, 800000000 + Math.floor(Math.random() * 99999)) + `GS*HN*${from}*${to}*20261204*1200*78*X*005010X214~`
    + seg.map((s) => `${s}~`).join('') + 'GE*1*78~IEA*1*000000000~');
}

for (const kind of backends()) {
  describe(`claims out on ${kind}`, () => {
    let env; let biller; let desk; let dir; let clearinghouse; let encounter; let patient;
    before(async () => {
      env = await demoServer(kind, 40);
      biller = await signIn(env.base, addUser(env.db.url, ['biller']));
      desk = await signIn(env.base, addUser(env.db.url, ['front_desk']));
      dir = mkdtempSync(join(tmpdir(), 'mo-claims-'));
      const made = await env.call('POST', '/api/v1/clearinghouses', { body: { name: 'Test clearinghouse',
        submitter_id: 'SUB1', receiver_id: 'CH1', receiver_name: 'TEST CLEARINGHOUSE', contact_name: 'Billing office',
        contact_phone: '2175550100', transport: 'file_drop', outbox: join(dir, 'out'), inbox: join(dir, 'in'), archive: join(dir, 'done') } });
      assert.equal(made.status, 201, made.text);
      clearinghouse = made.json;
      const provider = (await env.call('GET', '/api/v1/providers?limit=1')).json.items[0];
      const location = (await env.call('GET', '/api/v1/locations?limit=1')).json.items[0];
      const covs = (await env.call('GET', '/api/v1/coverages?limit=100')).json.items;
      const cov = covs.find((c) => c.priority === 'primary' && c.active && !c.end_date);
      patient = (await env.call('GET', `/api/v1/patients/${cov.patient_id}`)).json;
      const fee = await env.call('POST', '/api/v1/fee-schedule', { body: { code: '99213', amount_cents: 12500, effective_from: '2020-01-01' } });
      assert.ok([201, 409].includes(fee.status), fee.text);
      const e = await env.call('POST', '/api/v1/encounters', { body: { patient_id: patient.id, provider_id: provider.id,
        location_id: location.id, date_of_service: yesterday(), diagnoses: ['E119'],
        lines: [{ code: '99213', units: 1, diagnosis_pointers: [1] }] } });
      assert.equal(e.status, 201, e.text);
      const f = await env.call('POST', `/api/v1/encounters/${e.json.id}/finalize`);
      assert.equal(f.status, 200, f.text);
      encounter = e.json;
    });
    after(async () => {
      await env?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    let claim; let batch;
    test('a finalized encounter makes one claim per coverage billed, once', async () => {
      const r = await biller.call('POST', '/api/v1/claims', { body: { encounter_id: encounter.id } });
      assert.equal(r.status, 201, r.text);
      claim = r.json;
      assert.equal(claim.state, 'draft');
      assert.equal(claim.total_cents, 12500);
      assert.equal(claim.claim.lines[0].procedure_code, '99213');
      assert.match(claim.patient_control_number, /^C\d+$/);
      const again = await biller.call('POST', '/api/v1/claims', { body: { encounter_id: encounter.id } });
      assert.equal(again.status, 409, again.text);
      const bad = await biller.call('POST', '/api/v1/claims', { body: { encounter_id: 999999 } });
      assert.equal(bad.status, 422);
      assert.equal(bad.json.errors[0].field, 'encounter_id');
      assert.equal((await desk.call('POST', '/api/v1/claims', { body: { encounter_id: encounter.id } })).status, 403);
      // A biller limited to another location neither makes, reads nor lists this claim.
      const others = (await env.call('GET', '/api/v1/locations')).json.items.filter((l) => l.id !== encounter.location_id);
      const limited = await signIn(env.base, addUser(env.db.url, ['biller'], undefined, 1, [others[0].id]));
      assert.equal((await limited.call('GET', `/api/v1/claims/${claim.id}`)).status, 403);
      assert.equal((await limited.call('POST', `/api/v1/claims/${claim.id}/scrub`)).status, 403);
      assert.equal((await limited.call('GET', '/api/v1/claims')).status, 403);
      assert.equal((await limited.call('GET', '/api/v1/claim-batches')).status, 403);
    });

    test('the work list names each claim\'s patient and finds claims by patient or claim number', async () => {
      const list = await biller.call('GET', '/api/v1/claims');
      assert.equal(list.status, 200, list.text);
      const row = list.json.items.find((c) => c.id === claim.id);
      assert.equal(row.patient_name, `${patient.family_name}, ${patient.given_name}`);
      const ids = async (q) => {
        const r = await biller.call('GET', `/api/v1/claims?q=${encodeURIComponent(q)}`);
        assert.equal(r.status, 200, r.text);
        return r.json.items.map((c) => c.id);
      };
      // By the patient, as the patient search takes one: family prefix, "Family, Given", MRN, birth date.
      assert.ok((await ids(patient.family_name.slice(0, 3).toLowerCase())).includes(claim.id));
      assert.ok((await ids(`${patient.family_name}, ${patient.given_name}`)).includes(claim.id));
      assert.ok((await ids(patient.mrn)).includes(claim.id));
      assert.ok((await ids(patient.birth_date)).includes(claim.id));
      // By the start of our claim number, in any case.
      assert.deepEqual(await ids(claim.patient_control_number.toLowerCase()), [claim.id]);
      // Nothing for a name no patient has, nor for LIKE's wildcards typed as text.
      assert.deepEqual(await ids('Zzyzxquux'), []);
      assert.deepEqual(await ids('%'), []);
      assert.deepEqual(await ids('_'), []);
      const blank = await biller.call('GET', '/api/v1/claims?q=%20');
      assert.equal(blank.status, 422, blank.text);
      assert.equal(blank.json.errors[0].field, 'q');
    });

    test('the scrubber explains a missing prior authorisation; fixing it on the claim makes it ready', async () => {
      const r = await biller.call('POST', `/api/v1/claims/${claim.id}/scrub`);
      assert.equal(r.status, 200, r.text);
      for (const f of r.json.findings) {
        assert.ok(['error', 'warning'].includes(f.severity));
        assert.ok(f.rule && f.message, JSON.stringify(f));
      }
      const errors = r.json.findings.filter((f) => f.severity === 'error');
      assert.deepEqual(errors, [], 'the demo practice bills clean claims: ' + JSON.stringify(errors));
      assert.equal(r.json.state, 'ready');
      // Batching a claim that has not been made ready is refused, naming it.
      const other = await biller.call('POST', '/api/v1/claim-batches', { body: { claim_ids: [claim.id, 424242], clearinghouse_id: clearinghouse.id } });
      assert.equal(other.status, 422, other.text);
      assert.deepEqual(other.json.errors.map((x) => x.field), ['claim_ids[1]']);
    });

    test('a batch is an 837P that node-x12 reads, sent to the outbox once', async () => {
      const r = await biller.call('POST', '/api/v1/claim-batches', { body: { claim_ids: [claim.id], clearinghouse_id: clearinghouse.id } });
      assert.equal(r.status, 201, r.text);
      batch = r.json.batch;
      assert.equal(r.json.claims[0].state, 'batched');
      const x = await biller.call('GET', `/api/v1/claim-batches/${batch.id}/x12`);
      assert.equal(x.status, 200);
      assert.equal(x.headers['content-type'], 'application/edi-x12');
      const parser = new X12Parser(true);
      const interchange = parser.parse(x.text);
      const engine = new X12QueryEngine(parser);
      const q = (ref) => engine.query(interchange, ref).map((v) => v.value);
      assert.equal(Number(interchange.header.valueOf(13)), batch.interchange_control);
      assert.deepEqual(q('CLM01'), [claim.patient_control_number]);
      assert.deepEqual(q('CLM02'), ['125']);
      const tx = interchange.functionalGroups[0].transactions[0];
      assert.equal(Number(tx.trailer.valueOf(1)), tx.segments.length + 2, 'SE01 counts ST to SE');
      assert.equal(Number(tx.trailer.valueOf(1)), batch.segments);
      const practice = (await env.call('GET', '/api/v1/organizations')).json.items[0];
      assert.deepEqual(q('NM109:NM101["85"]'), [practice.npi], 'the billing provider is the practice');
      // Sent to the outbox; a second send finds it there and writes nothing new.
      const s1 = await biller.call('POST', `/api/v1/claim-batches/${batch.id}/send`);
      assert.equal(s1.status, 200, s1.text);
      assert.equal(s1.json.batch.state, 'sent');
      assert.deepEqual(readdirSync(join(dir, 'out')), [batch.file_name]);
      assert.equal(readFileSync(join(dir, 'out', batch.file_name), 'utf8'), x.text);
      const s2 = await biller.call('POST', `/api/v1/claim-batches/${batch.id}/send`);
      assert.equal(s2.json.already_present, true);
      // A batched claim cannot be batched again.
      const twice = await biller.call('POST', '/api/v1/claim-batches', { body: { claim_ids: [claim.id], clearinghouse_id: clearinghouse.id } });
      assert.equal(twice.status, 422);
    });

    test('a 999 rejection names the claim and the field; the fixed claim is accepted by 999 and 277CA', async () => {
      const x = (await biller.call('GET', `/api/v1/claim-batches/${batch.id}/x12`)).text;
      const segments = x.split('~').filter(Boolean);
      const st = segments.findIndex((s) => s.startsWith('ST*'));
      const nm1 = segments.findIndex((s, i) => i > st && s.startsWith('NM1*IL*'));
      const position = nm1 - st + 1;
      const ack = fixIea(ack999({ from: 'CH1', to: 'SUB1', gs: batch.group_control, st: batch.transaction_control, accept: false,
        errors: [{ segment: 'NM1', position, loop: '2010BA', element: 9, reference: '67', bad: 'X' }] }));
      const r = await biller.call('POST', '/api/v1/acknowledgements', { raw: Buffer.from(ack), headers: { 'content-type': 'application/edi-x12' } });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.kind, '999');
      assert.equal(r.json.batch_id, batch.id);
      const change = r.json.claims.find((c) => c.claim_id === claim.id);
      assert.equal(change.from, 'batched');
      assert.equal(change.to, 'rejected');
      assert.equal(change.errors[0].field, 'subscriber.member_id');
      const again = await biller.call('POST', '/api/v1/acknowledgements', { raw: Buffer.from(ack), headers: { 'content-type': 'application/edi-x12' } });
      assert.equal(again.status, 200);
      assert.equal(again.json.duplicate, true);
      const rejected = (await biller.call('GET', `/api/v1/claims/${claim.id}`)).json;
      assert.equal(rejected.state, 'rejected');
      assert.ok(rejected.findings.some((f) => f.field === 'subscriber.member_id'));
      assert.deepEqual(rejected.history.map((h) => h.to), ['draft', 'ready', 'batched', 'rejected']);
      // Back on the work list: scrubbed again and re-batched with new control numbers.
      assert.equal((await biller.call('POST', `/api/v1/claims/${claim.id}/scrub`)).json.state, 'ready');
      const b2 = await biller.call('POST', '/api/v1/claim-batches', { body: { claim_ids: [claim.id], clearinghouse_id: clearinghouse.id } });
      assert.equal(b2.status, 201, b2.text);
      assert.ok(b2.json.batch.interchange_control > batch.interchange_control, 'control numbers are never reused');
      const ok = fixIea(ack999({ from: 'CH1', to: 'SUB1', gs: b2.json.batch.group_control, st: b2.json.batch.transaction_control, accept: true }));
      const a = await biller.call('POST', '/api/v1/acknowledgements', { raw: Buffer.from(ok), headers: { 'content-type': 'application/edi-x12' } });
      assert.equal(a.status, 201, a.text);
      assert.equal(a.json.claims[0].to, 'accepted');
      const ca = ack277({ from: 'CH1', to: 'SUB1', pcn: claim.patient_control_number, reference: b2.json.batch.batch_reference, accept: true, cents: 12500 });
      const c = await biller.call('POST', '/api/v1/acknowledgements', { raw: Buffer.from(ca), headers: { 'content-type': 'application/edi-x12' } });
      assert.equal(c.status, 201, c.text);
      assert.equal(c.json.kind, '277CA');
      assert.equal(c.json.claims[0].claim_id, claim.id);
      const after277 = (await biller.call('GET', `/api/v1/claims/${claim.id}`)).json;
      assert.equal(after277.state, 'accepted');
      assert.equal(after277.payer_claim_number, 'PAYER123');
    });

    test('a replacement claim keeps CLM01, carries the payer\'s number, and its 999 is fetched from the inbox', async () => {
      const r = await biller.call('POST', `/api/v1/claims/${claim.id}/replace`);
      assert.equal(r.status, 201, r.text);
      const replacement = r.json;
      assert.equal(replacement.frequency, 'replacement');
      assert.equal(replacement.replaces_claim_id, claim.id);
      assert.equal(replacement.patient_control_number, claim.patient_control_number);
      assert.equal(replacement.claim.original_claim_number, 'PAYER123');
      assert.equal((await biller.call('GET', `/api/v1/claims/${claim.id}`)).json.state, 'corrected');
      assert.equal((await biller.call('POST', `/api/v1/claims/${claim.id}/replace`)).status, 409, 'a corrected claim is not replaced twice');
      assert.equal((await biller.call('POST', `/api/v1/claims/${replacement.id}/scrub`)).json.state, 'ready');
      const b = await biller.call('POST', '/api/v1/claim-batches', { body: { claim_ids: [replacement.id], clearinghouse_id: clearinghouse.id } });
      assert.equal(b.status, 201, b.text);
      const x = (await biller.call('GET', `/api/v1/claim-batches/${b.json.batch.id}/x12`)).text;
      assert.match(x, /~CLM\*C\d+\*125\*\*\*11:B:7\*/);
      assert.match(x, /~REF\*F8\*PAYER123~/);
      // The clearinghouse drops a 999 and an 835 in the inbox; fetching takes the 999 only.
      mkdirSync(join(dir, 'in'), { recursive: true });
      writeFileSync(join(dir, 'in', 'ack-1.999'), fixIea(ack999({ from: 'CH1', to: 'SUB1', gs: b.json.batch.group_control,
        st: b.json.batch.transaction_control, accept: true })));
      writeFileSync(join(dir, 'in', 'era-1.835'), isa('CH1', 'SUB1', 1) + 'GS*HP*CH1*SUB1*20261204*1200*1*X*005010X221A1~ST*835*0001~SE*2*0001~GE*1*1~IEA*1*000000001~');
      const f = await biller.call('POST', `/api/v1/clearinghouses/${clearinghouse.id}/fetch`);
      assert.equal(f.status, 200, f.text);
      assert.deepEqual(f.json.taken.map((t) => t.file), ['ack-1.999']);
      assert.deepEqual(f.json.left, ['era-1.835']);
      assert.deepEqual(f.json.failed, []);
      assert.equal(f.json.taken[0].acknowledgement.claims[0].to, 'accepted');
      assert.deepEqual(readdirSync(join(dir, 'in')).filter((n) => !n.startsWith('.')).sort(), ['era-1.835']);
      assert.deepEqual(readdirSync(join(dir, 'done')), ['ack-1.999']);
      const again = await biller.call('POST', `/api/v1/clearinghouses/${clearinghouse.id}/fetch`);
      assert.deepEqual(again.json.taken, []);
    });

    test('acknowledgements for batches we never sent change nothing; bad files are refused', async () => {
      const stranger = fixIea(ack999({ from: 'CH1', to: 'SUB1', gs: 987654, st: 1, accept: false }));
      const r = await biller.call('POST', '/api/v1/acknowledgements', { raw: Buffer.from(stranger), headers: { 'content-type': 'application/edi-x12' } });
      assert.equal(r.status, 201, r.text);
      assert.deepEqual(r.json.claims, []);
      assert.equal(r.json.unmatched.length, 1);
      const junk = await biller.call('POST', '/api/v1/acknowledgements', { raw: Buffer.from('ISA*garbage~'), headers: { 'content-type': 'application/edi-x12' } });
      assert.equal(junk.status, 422, junk.text);
      assert.equal(junk.headers['content-type'], 'application/problem+json');
      const json = await biller.call('POST', '/api/v1/acknowledgements', { body: { not: 'x12' } });
      assert.equal(json.status, 422);
      assert.equal(json.json.errors[0].field, 'Content-Type');
    });

    test('the CMS-1500 shows the claim', async () => {
      const r = await biller.call('GET', `/api/v1/claims/${claim.id}/cms1500.pdf`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.headers['content-type'], 'application/pdf');
      const text = pdfText(r.bytes);
      assert.match(text, /99213/);
      assert.match(text, new RegExp(patient.family_name.toUpperCase().slice(0, 6).replace(/[^A-Z]/g, '.')));
    });
  });
}
