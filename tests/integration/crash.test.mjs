// SPDX-License-Identifier: AGPL-3.0-or-later
// kill -9 during a write load loses no acknowledged write, and the SQLite file stays intact.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { backends, freshDatabase, cli, startServer, jane, addUser, signIn } from './helpers.mjs';

const letters = (n) => {
  let s = '';
  do { s = String.fromCharCode(97 + (n % 26)) + s; n = Math.floor(n / 26); } while (n > 0);
  return s;
};

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
  });
}
