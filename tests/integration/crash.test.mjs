// SPDX-License-Identifier: AGPL-3.0-or-later
// kill -9 during a write load loses no acknowledged write, and the SQLite file stays intact; kill -9
// during a bulk finalize leaves every encounter posted whole or not at all, and the ledger balanced.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { backends, freshDatabase, cli, startServer, jane, addUser, signIn } from './helpers.mjs';

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
        let landed = false;
        for (let round = 0; round < 6 && !landed; round++) {
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
          if (finalized === ids.length) delay = Math.max(1, Math.floor(delay / 2));
          if (finalized === 0) delay *= 2;
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
  });
}
