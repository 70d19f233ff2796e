// SPDX-License-Identifier: AGPL-3.0-or-later
// kill -9 during a write load loses no acknowledged write, and the SQLite file stays intact; kill -9
// during a bulk finalize leaves every encounter posted whole or not at all, and the ledger balanced;
// kill -9 during `medoffice statements run` and the run again: every owing account gets exactly one
// statement, one PDF and one vendor CSV row; kill -9 while a claim batch is written leaves the
// batch whole (file, items, every claim batched) or absent (every claim still ready); kill -9 while
// a large ERA is posted leaves the remittance whole (every claim posted) or absent (every claim
// and line as before), and the ledger balanced.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, backends, envFor, freshDatabase, cli, startServer, jane, addUser, signIn } from './helpers.mjs';

const letters = (n) => {
  let s = '';
  do { s = String.fromCharCode(97 + (n % 26)) + s; n = Math.floor(n / 26); } while (n > 0);
  return s;
};

/** Creates `n` open encounters of 3 lines for `patients`, 16 requests at a time; their ids. */
async function openEncounters(session, n, patients, provider, location, date) {
  const ids = [];
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const k = next++;
      const r = await session.call('POST', '/api/v1/encounters', { body: {
        patient_id: patients[k % patients.length], provider_id: provider, location_id: location, date_of_service: date,
        diagnoses: ['E119', 'I10'],
        lines: [{ code: '99213', units: 1, diagnosis_pointers: [1, 2], charge_cents: 12500 },
          { code: '90686', units: 1, diagnosis_pointers: [1], charge_cents: 3000 },
          { code: '90471', units: 1, diagnosis_pointers: [1], charge_cents: 2000 }] } });
      if (r.status !== 201) throw new Error(`encounter: ${r.status} ${r.text}`);
      ids.push(r.json.id);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return ids;
}

for (const kind of backends()) {
  describe(`crash safety on ${kind}`, () => {
    test('acknowledged writes survive kill -9', async () => {
      const db = freshDatabase(kind);
      try {
        assert.equal(cli('init', '--db', db.url).status, 0);
        assert.equal(cli('demo', '--db', db.url, '--patients', '20').status, 0);
        const server = await startServer(db.url);
        const user = addUser(db.url, ['front_desk']);
        const session = await signIn(server.base, user);
        const acked = new Map();
        let stop = false;
        let counter = 0;
        const worker = async () => {
          while (!stop) {
            const given = `Crash${letters(counter++)}`;
            try {
              const r = await session.call('POST', '/api/v1/patients', { body: { ...jane(), given_name: given } });
              if (r.status === 201) acked.set(r.json.id, given);
            } catch {
              // the server died mid-request: this write was never acknowledged
            }
          }
        };
        const workers = Array.from({ length: 32 }, worker);
        await new Promise((r) => setTimeout(r, 1500));
        server.child.kill('SIGKILL');
        await new Promise((r) => server.child.once('exit', r));
        stop = true;
        await Promise.all(workers);
        assert.ok(acked.size > 50, `only ${acked.size} writes were acknowledged before the kill`);

        if (kind === 'sqlite') {
          const check = execFileSync('sqlite3', [db.path, 'PRAGMA integrity_check'], { encoding: 'utf8' }).trim();
          assert.equal(check, 'ok');
        }
        // Every registration and its audit event committed together: the chain is intact.
        const verify = cli('audit', 'verify', '--db', db.url);
        assert.equal(verify.status, 0, verify.stderr);
        const events = Number(verify.stdout.match(/intact: (\d+) events/)[1]);
        assert.ok(events >= acked.size + 2, `${events} audit events for ${acked.size} registrations`);
        const again = await startServer(db.url);
        try {
          const s2 = await signIn(again.base, user);
          for (const [id, given] of acked) {
            const r = await s2.call('GET', `/api/v1/patients/${id}`);
            assert.equal(r.status, 200, `acknowledged patient ${id} is missing after the crash`);
            assert.equal(r.json.given_name, given);
          }
        } finally {
          await again.stop();
        }
      } finally {
        db.drop();
      }
    });
    test('kill -9 during a statement run: the run again sends every owing account exactly once', async () => {
      const db = freshDatabase(kind);
      let server = null;
      const out = mkdtempSync(join(tmpdir(), 'mo-run-'));
      let child = null;
      try {
        assert.equal(cli('init', '--db', db.url).status, 0);
        assert.equal(cli('demo', '--db', db.url, '--patients', '1200', '--no-users').status, 0);
        const user = addUser(db.url, ['biller']);
        server = await startServer(db.url);
        const session = await signIn(server.base, user);
        const patients = [];
        for (let cursor = ''; ;) {
          const page = (await session.call('GET', `/api/v1/patients?limit=200${cursor ? `&cursor=${cursor}` : ''}`)).json;
          patients.push(...page.items.map((p) => p.id));
          if (!page.next_cursor) break;
          cursor = encodeURIComponent(page.next_cursor);
        }
        const provider = (await session.call('GET', '/api/v1/providers?limit=1')).json.items[0].id;
        const location = (await session.call('GET', '/api/v1/locations?limit=1')).json.items[0].id;
        const date = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
        // One visit per patient, finalized; what the insurance owes moves to the patient, so
        // that every account owes.
        const ids = [];
        let next = 0;
        const make = async () => {
          while (next < patients.length) {
            const k = next++;
            const r = await session.call('POST', '/api/v1/encounters', { body: { patient_id: patients[k], provider_id: provider,
              location_id: location, date_of_service: date, diagnoses: ['E119'],
              lines: [{ code: '99213', units: 1, diagnosis_pointers: [1], charge_cents: 12500 }] } });
            assert.equal(r.status, 201, r.text);
            ids.push(r.json);
          }
        };
        await Promise.all(Array.from({ length: 16 }, make));
        const fin = await session.call('POST', '/api/v1/encounters/finalize', { body: { ids: ids.map((e) => e.id) } });
        assert.equal(fin.status, 200, fin.text);
        next = 0;
        const move = async () => {
          while (next < ids.length) {
            const e = ids[next++];
            const r = await session.call('POST', '/api/v1/ledger/entries', { body: { kind: 'transfer', line_id: e.lines[0].id,
              amount_cents: 12500, from: 'primary', to: 'patient', reason: 'PR-1' } });
            assert.ok([201, 422].includes(r.status), r.text);  // 422: a self-pay line owes nothing to an insurance
          }
        };
        await Promise.all(Array.from({ length: 16 }, move));
        // Kill the run part-way; try shorter or longer waits (each on a new cycle: earlier
        // statement months) until a kill lands while the run is under way.
        let delay = 300;
        let landed = null;
        for (let round = 0; round < 8 && !landed; round++) {
          const month = new Date(Date.now() - round * 31 * 86_400_000).toISOString().slice(0, 10);
          const args = ['statements', 'run', '--db', db.url, '--statement-date', month, '--out', out];
          child = spawn(BIN, args, { env: envFor(db.url), stdio: 'ignore' });
          await new Promise((r) => setTimeout(r, delay));
          child.kill('SIGKILL');
          await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', r)));
          child = null;
          const runs = (await session.call('GET', '/api/v1/statement-runs?limit=200')).json.items;
          const run = runs.find((x) => x.statement_date === month);
          const csv = readdirSync(out).some((f) => f === `statement-run-${run?.id}.csv`);
          if (!run) delay *= 2;
          else if (run.status === 'done' && csv) delay = Math.max(20, Math.floor(delay / 2));
          else landed = { month, args, run };
        }
        assert.ok(landed, 'a kill landed in the middle of a statement run');
        // The same cycle again: it resumes (or, had the database part finished, only writes the files).
        const again = execFileSync(BIN, landed.args, { env: envFor(db.url), encoding: 'utf8' });
        assert.match(again, /statements \(\d+ new/);
        const run = (await session.call('GET', `/api/v1/statement-runs/${landed.run.id}`)).json;
        assert.equal(run.status, 'done');
        const statements = [];
        const all = (await session.call('POST', '/api/v1/statement-runs', { body: { statement_date: landed.month } }));
        assert.equal(all.status, 200, all.text);
        assert.equal(all.json.already_done, true);
        statements.push(...all.json.statements);
        const accounts = statements.map((s) => s.account_id);
        assert.equal(new Set(accounts).size, accounts.length, 'no account has two statements in the cycle');
        assert.ok(accounts.length >= patients.length * 0.9, `${accounts.length} statements for ${patients.length} owing patients`);
        const csvRows = readFileSync(join(out, `statement-run-${run.id}.csv`), 'utf8').trim().split('\r\n').slice(1);
        assert.equal(csvRows.length, statements.length, 'one vendor row per statement');
        const numbers = new Set(statements.map((s) => s.statement_number));
        assert.equal(new Set(csvRows.map((r) => r.split(',')[0])).size, csvRows.length);
        for (const r of csvRows) assert.ok(numbers.has(r.split(',')[0]), r);
        const pdfs = readdirSync(out).filter((f) => f.endsWith('.pdf') && numbers.has(f.slice(0, -4)));
        assert.equal(pdfs.length, statements.length, 'one PDF per statement');
        assert.ok(!readdirSync(out).some((f) => f.endsWith('.part')), 'no half-written file is left');
        await server.stop();
        server = null;
        const audit = cli('audit', 'verify', '--db', db.url);
        assert.equal(audit.status, 0, audit.stderr);
      } finally {
        if (child && child.exitCode === null) child.kill('SIGKILL');
        if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
        rmSync(out, { recursive: true, force: true });
        db.drop();
      }
    });
    test('kill -9 during a bulk finalize: every encounter posted whole or not at all, the ledger balanced', async () => {
      const db = freshDatabase(kind);
      let server = null;
      try {
        assert.equal(cli('init', '--db', db.url).status, 0);
        assert.equal(cli('demo', '--db', db.url, '--patients', '20', '--no-users').status, 0);
        // A biller: no second factor, so that signing in again after each restart needs no fresh TOTP step.
        const user = addUser(db.url, ['biller']);
        server = await startServer(db.url);
        let session = await signIn(server.base, user);
        const patients = (await session.call('GET', '/api/v1/patients?limit=20')).json.items.map((p) => p.id);
        const provider = (await session.call('GET', '/api/v1/providers?limit=1')).json.items[0].id;
        const location = (await session.call('GET', '/api/v1/locations?limit=1')).json.items[0].id;
        const date = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
        // The kill must land while the run is under way: aim at half of how long a run took, and
        // try again with new encounters until some were posted and some were not.
        let delay = null;
        // Search the moment between "nothing posted yet" (lo) and "all posted" (hi): halving and
        // doubling alone can swing between the two forever when the middle window is short.
        let lo = 0;
        let hi = null;
        let landed = false;
        for (let round = 0; round < 10 && !landed; round++) {
          const ids = await openEncounters(session, 1500, patients, provider, location, date);
          const started = Date.now();
          const run = session.call('POST', '/api/v1/encounters/finalize', { body: { ids } }).catch(() => null);
          if (delay === null) {
            const done = await run;
            assert.equal(done?.status, 200, done?.text);
            delay = Math.max(5, Math.floor((Date.now() - started) / 2));
            continue;
          }
          await new Promise((r) => setTimeout(r, delay));
          server.child.kill('SIGKILL');
          await new Promise((r) => server.child.once('exit', r));
          const answered = await run;
          if (kind === 'sqlite') {
            const check = execFileSync('sqlite3', [db.path, 'PRAGMA integrity_check'], { encoding: 'utf8' }).trim();
            assert.equal(check, 'ok');
          }
          server = await startServer(db.url);
          session = await signIn(server.base, user);
          let finalized = 0;
          for (const id of ids) {
            const h = await session.call('GET', `/api/v1/encounters/${id}/history`);
            assert.equal(h.status, 200, h.text);
            const posted = h.json.lines.map((l) => l.entries.filter((e) => e.kind === 'charge').length);
            if (h.json.encounter.status === 'finalized') {
              finalized++;
              assert.deepEqual(posted, [1, 1, 1], `encounter ${id} is finalized with every line posted once`);
            } else {
              assert.equal(h.json.encounter.status, 'open');
              assert.deepEqual(posted, [0, 0, 0], `encounter ${id} is open with nothing posted`);
            }
          }
          if (answered?.status === 200) assert.equal(finalized, ids.length, 'an answered run posted all');
          landed = finalized > 0 && finalized < ids.length;
          if (finalized === ids.length) hi = delay;
          if (finalized === 0) lo = delay;
          if (!landed) delay = hi === null ? delay * 2 : Math.max(1, Math.floor((lo + hi) / 2));
          const verify = await session.call('GET', '/api/v1/ledger/verify');
          assert.deepEqual(verify.json, { balanced: true, mismatches: [] }, 'the ledger balances after the restart');
        }
        assert.ok(landed, 'a kill landed in the middle of a bulk finalize');
        await server.stop();
        server = null;
        const audit = cli('audit', 'verify', '--db', db.url);
        assert.equal(audit.status, 0, audit.stderr);
      } finally {
        // A failed assertion must not leave a server running (node would wait for it).
        if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
        db.drop();
      }
    });

    test('kill -9 while a claim batch is written: the batch is whole or absent, never part of it', async () => {
      const db = freshDatabase(kind);
      let server = null;
      const dir = mkdtempSync(join(tmpdir(), 'mo-crash-claims-'));
      try {
        assert.equal(cli('init', '--db', db.url).status, 0);
        assert.equal(cli('demo', '--db', db.url, '--patients', '60', '--no-users').status, 0);
        const user = addUser(db.url, ['biller']);
        const admin = addUser(db.url, ['admin']);
        server = await startServer(db.url);
        let session = await signIn(server.base, user);
        const setup = await signIn(server.base, admin);
        const ch = await setup.call('POST', '/api/v1/clearinghouses', { body: { name: 'Crash clearinghouse', submitter_id: 'SUB1',
          receiver_id: 'CH1', receiver_name: 'CH', contact_name: 'Billing', contact_phone: '2175550100',
          outbox: join(dir, 'out'), inbox: join(dir, 'in'), archive: join(dir, 'done') } });
        assert.equal(ch.status, 201, ch.text);
        const covs = (await session.call('GET', '/api/v1/coverages?limit=200')).json.items
          .filter((c) => c.priority === 'primary' && c.active && !c.end_date);
        const provider = (await session.call('GET', '/api/v1/providers?limit=1')).json.items[0].id;
        const location = (await session.call('GET', '/api/v1/locations?limit=1')).json.items[0].id;
        const date = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
        // Ready claims: one visit per covered patient (a second would be a duplicate service).
        const ids = await openEncounters(session, covs.length, covs.map((c) => c.patient_id), provider, location, date);
        const fin = await session.call('POST', '/api/v1/encounters/finalize', { body: { ids } });
        assert.equal(fin.status, 200, fin.text);
        const claims = [];
        for (const id of ids) {
          const c = await session.call('POST', '/api/v1/claims', { body: { encounter_id: id } });
          assert.equal(c.status, 201, c.text);
          const s = await session.call('POST', `/api/v1/claims/${c.json.id}/scrub`);
          assert.equal(s.json.state, 'ready', JSON.stringify(s.json.findings));
          claims.push(c.json.id);
        }
        // Kill at several moments of the batch request; each time the batch is whole or absent.
        let delay = 0;
        const outcomes = new Set();
        for (let round = 0; round < 6; round++) {
          const run = session.call('POST', '/api/v1/claim-batches', { body: { claim_ids: claims } }).catch(() => null);
          await new Promise((r) => setTimeout(r, delay));
          server.child.kill('SIGKILL');
          await new Promise((r) => server.child.once('exit', r));
          const answered = await run;
          server = await startServer(db.url);
          session = await signIn(server.base, user);
          const batches = (await session.call('GET', '/api/v1/claim-batches')).json.items;
          const states = [];
          for (const id of claims) states.push((await session.call('GET', `/api/v1/claims/${id}`)).json.state);
          if (batches.length === 0) {
            assert.ok(states.every((s) => s === 'ready'), `no batch: every claim still ready (${[...new Set(states)]})`);
            assert.notEqual(answered?.status, 201, 'an answered batch is not lost');
            outcomes.add('absent');
            delay = delay === 0 ? 20 : delay * 2;
          } else {
            assert.equal(batches.length, 1);
            assert.equal(batches[0].claims, claims.length);
            assert.ok(states.every((s) => s === 'batched'), 'the batch holds every claim');
            const inBatch = (await session.call('GET', `/api/v1/claims?batch_id=${batches[0].id}&limit=200`)).json.items;
            assert.equal(inBatch.length, claims.length);
            const x12 = await session.call('GET', `/api/v1/claim-batches/${batches[0].id}/x12`);
            assert.equal((x12.text.match(/~CLM\*/g) ?? []).length, claims.length, 'the stored file has every claim');
            outcomes.add('whole');
            break;
          }
        }
        console.log(`# claim batch kill outcomes: ${[...outcomes].join(', ')} (last delay ${delay} ms)`);
        assert.ok(outcomes.has('whole'), 'a batch was written in the end');
        await server.stop();
        server = null;
        assert.equal(cli('audit', 'verify', '--db', db.url).status, 0);
      } finally {
        if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
        db.drop();
      }
    });
    test('kill -9 while a large ERA is posted: the remittance is whole or absent, never part of it', async () => {
      const db = freshDatabase(kind);
      let server = null;
      const dir = mkdtempSync(join(tmpdir(), 'mo-crash-era-'));
      try {
        assert.equal(cli('init', '--db', db.url).status, 0);
        assert.equal(cli('demo', '--db', db.url, '--patients', '2600', '--no-users').status, 0);
        const user = addUser(db.url, ['biller']);
        const admin = addUser(db.url, ['admin']);
        server = await startServer(db.url);
        let session = await signIn(server.base, user);
        const setup = await signIn(server.base, admin);
        const ch = await setup.call('POST', '/api/v1/clearinghouses', { body: { name: 'Crash clearinghouse', submitter_id: 'SUB1',
          receiver_id: 'CH1', receiver_name: 'CH', contact_name: 'Billing', contact_phone: '2175550100',
          outbox: join(dir, 'out'), inbox: join(dir, 'in'), archive: join(dir, 'done') } });
        assert.equal(ch.status, 201, ch.text);
        // Patients billed to one payer only (their share goes to them, no next payer's claim).
        const byPatient = new Map();
        for (let cursor = ''; ;) {
          const page = (await session.call('GET', `/api/v1/coverages?limit=200${cursor ? `&cursor=${cursor}` : ''}`)).json;
          for (const c of page.items.filter((x) => x.active && !x.end_date)) byPatient.set(c.patient_id, [...(byPatient.get(c.patient_id) ?? []), c]);
          if (!page.next_cursor) break;
          cursor = encodeURIComponent(page.next_cursor);
        }
        const patients = [...byPatient].filter(([, cs]) => cs.length === 1 && cs[0].priority === 'primary').map(([p]) => p).slice(0, 2000);
        assert.ok(patients.length >= 1500, `${patients.length} patients with one primary coverage`);
        const provider = (await session.call('GET', '/api/v1/providers?limit=1')).json.items[0].id;
        const location = (await session.call('GET', '/api/v1/locations?limit=1')).json.items[0].id;
        const date = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
        // One visit of two lines per patient, finalized, claimed, scrubbed and batched.
        const visits = new Array(patients.length);
        let next = 0;
        const visit = async () => {
          while (next < patients.length) {
            const k = next++;
            const r = await session.call('POST', '/api/v1/encounters', { body: { patient_id: patients[k], provider_id: provider,
              location_id: location, date_of_service: date, diagnoses: ['E119'],
              lines: [{ code: '99213', units: 1, diagnosis_pointers: [1], charge_cents: 12500 },
                { code: '36415', units: 1, diagnosis_pointers: [1], charge_cents: 2000 }] } });
            assert.equal(r.status, 201, r.text);
            visits[k] = { encounter: r.json.id, patient: patients[k], lines: r.json.lines.map((l) => l.id) };
          }
        };
        await Promise.all(Array.from({ length: 16 }, visit));
        const fin = await session.call('POST', '/api/v1/encounters/finalize', { body: { ids: visits.map((v) => v.encounter) } });
        assert.equal(fin.status, 200, fin.text);
        next = 0;
        const claim = async () => {
          while (next < visits.length) {
            const v = visits[next++];
            const c = await session.call('POST', '/api/v1/claims', { body: { encounter_id: v.encounter } });
            assert.equal(c.status, 201, c.text);
            const s = await session.call('POST', `/api/v1/claims/${c.json.id}/scrub`);
            assert.equal(s.json.state, 'ready', JSON.stringify(s.json.findings));
            v.claim = c.json.id;
          }
        };
        await Promise.all(Array.from({ length: 16 }, claim));
        const batch = await session.call('POST', '/api/v1/claim-batches', { body: { claim_ids: visits.map((v) => v.claim),
          clearinghouse_id: ch.json.id } });
        assert.equal(batch.status, 201, batch.text);
        const pcn = new Map(batch.json.claims.map((c) => [c.id, c.patient_control_number]));
        // The ERA: 99213 paid 80.00 + CO-45 30.00 + PR-2 15.00 (every 25th denied CO-16), 36415
        // paid 12.00 + CO-45 8.00; REF*6R on most lines, code only on every tenth second line.
        const money = (cents) => (cents / 100).toFixed(2);
        const denied = (k) => k % 25 === 3;
        const body = [];
        let total = 0;
        visits.forEach((v, k) => {
          const paid = (denied(k) ? 0 : 8000) + 1200;
          total += paid;
          body.push(`CLP*${pcn.get(v.claim)}*1*145.00*${money(paid)}*${denied(k) ? '' : '15.00'}*12*ICN${k}`, 'NM1*QC*1*DOE*JANE****MI*X');
          body.push(`SVC*HC:99213*125.00*${denied(k) ? '0.00' : '80.00'}**1`,
            ...(denied(k) ? ['CAS*CO*16*125.00'] : ['CAS*CO*45*30.00', 'CAS*PR*2*15.00']), `REF*6R*L${v.lines[0]}`);
          body.push('SVC*HC:36415*20.00*12.00**1', 'CAS*CO*45*8.00', ...(k % 10 === 5 ? [] : [`REF*6R*L${v.lines[1]}`]));
        });
        const segments = ['ST*835*0001*005010X221A1', `BPR*I*${money(total)}*C*CHK************20261201`, 'TRN*1*CRASHERA*1512345678',
          'N1*PR*DEMO PAYER', 'N4*HARTFORD*CT*06101', 'REF*2U*DEMOPAYER', 'N1*PE*DEMO PRACTICE*XX*1245319599', 'LX*1', ...body];
        segments.push(`SE*${segments.length + 1}*0001`);
        const era = Buffer.from(`ISA*00*${' '.repeat(10)}*00*${' '.repeat(10)}*ZZ*${'PAYER'.padEnd(15)}*ZZ*${'SUB1'.padEnd(15)}*261201*1200*^*00501*000000701*0*T*:~`
          + 'GS*HP*PAYER*SUB1*20261201*1200*701*X*005010X221A1~' + segments.map((s) => `${s}~`).join('') + 'GE*1*701~IEA*1*000000701~');
        const X12 = { 'content-type': 'application/edi-x12' };
        const started = Date.now();
        const preview = await session.call('POST', '/api/v1/remittances?dry_run=true', { raw: era, headers: X12 });
        const previewMs = Date.now() - started;
        assert.equal(preview.status, 200, preview.text);
        assert.equal(preview.json.posted.length, visits.length, JSON.stringify(preview.json.not_posted.slice(0, 3)));
        const deniedCount = visits.filter((_, k) => denied(k)).length;
        const states = async () => {
          const out = {};
          for (let cursor = ''; ;) {
            const page = (await session.call('GET', `/api/v1/claims?batch_id=${batch.json.batch.id}&limit=200${cursor ? `&cursor=${cursor}` : ''}`)).json;
            for (const c of page.items) out[c.state] = (out[c.state] ?? 0) + 1;
            if (!page.next_cursor) break;
            cursor = encodeURIComponent(page.next_cursor);
          }
          return out;
        };
        // Patients spread over the file (each chunk of the posting has some), with their balances.
        const sample = visits.filter((_, k) => k % 97 === 0 || k % 97 === 3 || k === visits.length - 1);
        // Kill at growing moments of the posting (from half of what the preview took, which reads
        // and plans as the posting does but writes nothing); each time the ERA is whole or absent.
        let delay = 0;
        const outcomes = new Set();
        for (let round = 0; round < 14; round++) {
          const run = session.call('POST', '/api/v1/remittances', { raw: era, headers: X12, timeoutMs: 120_000 }).catch(() => null);
          await new Promise((r) => setTimeout(r, delay));
          server.child.kill('SIGKILL');
          await new Promise((r) => (server.child.exitCode !== null || server.child.signalCode !== null ? r() : server.child.once('exit', r)));
          const answered = await run;
          if (kind === 'sqlite') {
            const check = execFileSync('sqlite3', [db.path, 'PRAGMA integrity_check'], { encoding: 'utf8' }).trim();
            assert.equal(check, 'ok');
          }
          server = await startServer(db.url);
          session = await signIn(server.base, user);
          const remittances = (await session.call('GET', '/api/v1/remittances')).json.items;
          const ledgers = [];
          for (const v of sample) {
            const l = (await session.call('GET', `/api/v1/patients/${v.patient}/ledger`)).json;
            ledgers.push([visits.indexOf(v), l.insurance_balance_cents, l.patient_balance_cents]);
          }
          if (remittances.length === 0) {
            assert.notEqual(answered?.status, 200, 'an answered posting is not lost');
            assert.deepEqual(await states(), { batched: visits.length }, 'no remittance: every claim still batched');
            for (const [k, insurance, patient] of ledgers) assert.deepEqual([insurance, patient], [14500, 0], `visit ${k} unchanged`);
            outcomes.add('absent');
            delay = delay === 0 ? Math.max(10, Math.floor(previewMs / 2)) : Math.floor(delay * 1.4);
          } else {
            assert.equal(remittances.length, 1);
            const r = remittances[0];
            assert.deepEqual([r.claims, r.posted_claims, r.posted_cents, r.payment_cents], [visits.length, visits.length, total, total]);
            assert.deepEqual(await states(), { paid: visits.length - deniedCount, partially_paid: deniedCount }, 'every claim posted');
            for (const [k, insurance, patient] of ledgers) {
              assert.deepEqual([insurance, patient], denied(k) ? [12500, 0] : [0, 1500], `visit ${k} posted`);
            }
            const denials = await session.call('GET', '/api/v1/denials?limit=1&group_by=reason');
            assert.equal(denials.status, 200, denials.text);
            assert.deepEqual(denials.json.groups.map((g) => [g.group, g.carc, g.count, g.amount_cents]),
              [['CO', '16', deniedCount, deniedCount * 12500]], 'every denial queued once');
            outcomes.add(answered?.status === 200 ? 'whole, answered' : 'whole');
          }
          const verify = await session.call('GET', '/api/v1/ledger/verify');
          assert.deepEqual(verify.json, { balanced: true, mismatches: [] }, 'the ledger balances after the restart');
          if (remittances.length) break;
        }
        console.log(`# ERA kill outcomes (${visits.length} claims): ${[...outcomes].join(', ')} (preview ${previewMs} ms, last delay ${delay} ms)`);
        assert.ok(outcomes.has('absent'), 'a kill landed before the posting committed');
        assert.ok([...outcomes].some((o) => o.startsWith('whole')), 'the ERA was posted in the end');
        // Posted once: the same ERA again is a duplicate.
        const again = await session.call('POST', '/api/v1/remittances', { raw: era, headers: X12, timeoutMs: 120_000 });
        assert.equal(again.status, 200, again.text);
        assert.equal(again.json.remittances[0].duplicate, true);
        await server.stop();
        server = null;
        assert.equal(cli('audit', 'verify', '--db', db.url).status, 0);
      } finally {
        if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
        db.drop();
      }
    });
  });
}
