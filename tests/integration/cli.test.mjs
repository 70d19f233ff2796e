// SPDX-License-Identifier: AGPL-3.0-or-later
// The medoffice command: init, migrate, demo, serve refusals, backup and restore, clear errors.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { backends, freshDatabase, cli, startServer, jane, addUser, signIn } from './helpers.mjs';

for (const kind of backends()) {
  describe(`CLI on ${kind}`, () => {
    test('init, re-init refusal, migrate and demo', () => {
      const db = freshDatabase(kind);
      try {
        let r = cli('init', '--db', db.url);
        assert.equal(r.status, 0, r.stderr);
        if (kind === 'sqlite') {
          assert.match(r.stdout, /created the server key/);
          assert.equal(statSync(`${db.path}.key`).mode & 0o777, 0o600, 'the key file is private');
          assert.equal(statSync(db.path).mode & 0o077, 0, 'the database is private to its owner');
        }
        r = cli('init', '--db', db.url);
        assert.notEqual(r.status, 0);
        assert.match(r.stderr, /already initialised/);
        assert.equal(r.stderr.trim().split('\n').length, 1);
        r = cli('migrate', '--db', db.url);
        assert.equal(r.status, 0);
        assert.match(r.stdout, /applied 0 migration/);
        r = cli('demo', '--db', db.url, '--patients', '40', '--seed', '3');
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /2 locations, 4 providers, 6 payers, 40 patients/);
        // Named demo users with one-time passwords; MFA roles get an otpauth URI.
        for (const u of ['frontdesk', 'biller', 'clinician', 'manager', 'admin']) {
          assert.match(r.stdout, new RegExp(`user ${u} \\(id \\d+\\)`));
        }
        assert.equal((r.stdout.match(/one-time password: \S{20}/g) ?? []).length, 5);
        assert.equal((r.stdout.match(/otpauth:\/\/totp\/MedOffice:(manager|admin)\?secret=/g) ?? []).length, 2);
        const list = cli('user', 'list', '--db', db.url);
        assert.equal(list.status, 0, list.stderr);
        assert.equal(list.stdout.trim().split('\n').length, 5);
        const audit = cli('audit', 'verify', '--db', db.url);
        assert.equal(audit.status, 0, audit.stderr);
        assert.match(audit.stdout, /audit chain intact: 5 events/);
        r = cli('demo', '--db', db.url);
        assert.notEqual(r.status, 0);
        assert.match(r.stderr, /already holds a practice/);
      } finally {
        db.drop();
      }
    });

    test('an empty practice from the command line: org add, first admin, sign-in', async () => {
      const db = freshDatabase(kind);
      try {
        assert.equal(cli('init', '--db', db.url).status, 0);
        const org = { legal_name: 'Lakeside Family Practice', npi: '1245319599', tin: '371234567',
          billing_address: { line1: '1 Lake St', city: 'Madison', state: 'WI', postal_code: '53703' } };
        let r = cli('org', 'add', '--db', db.url, '--json', '-', { input: JSON.stringify(org) });
        assert.equal(r.status, 0, r.stderr);
        const id = Number(r.stdout.match(/organization (\d+)/)[1]);
        r = cli('org', 'add', '--db', db.url, '--json', '-', { input: '{"legal_name":"x","npi":"123"}' });
        assert.notEqual(r.status, 0);
        assert.match(r.stderr, /npi/);
        const weak = cli('user', 'add', '--db', db.url, '--username', 'boss', '--role', 'admin', '--password-stdin', { input: 'password\n' });
        assert.notEqual(weak.status, 0);
        assert.match(weak.stderr, /password: must have at least 12 characters/);
        r = cli('user', 'add', '--db', db.url, '--organization', String(id), '--username', 'Boss', '--role', 'admin',
          '--name', 'Pat Boss', '--password-stdin', { input: 'Correct-horse-battery-staple-42\n' });
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /user boss \(id \d+\) roles: admin/);
        const secret = r.stdout.match(/secret=([A-Z2-7]+)/)[1];
        const server = await startServer(db.url);
        try {
          const s = await signIn(server.base, { username: 'boss', password: 'Correct-horse-battery-staple-42', secret });
          const orgs = await s.call('GET', '/api/v1/organizations');
          assert.equal(orgs.json.items[0].legal_name, 'Lakeside Family Practice');
          assert.equal((await s.call('GET', '/api/v1/patients?q=S')).status, 403);
        } finally {
          await server.stop();
        }
        r = cli('user', 'disable', '--db', db.url, '--username', 'boss');
        assert.equal(r.status, 0, r.stderr);
        r = cli('user', 'list', '--db', db.url);
        assert.match(r.stdout, /\tboss\tdisabled\tmfa\tadmin\tPat Boss/);
      } finally {
        db.drop();
      }
    });

    test('serve refuses an empty database and a newer schema', async () => {
      const db = freshDatabase(kind);
      try {
        if (kind === 'sqlite') {
          const r = cli('serve', '--db', db.url, '--listen', '127.0.0.1:0');
          assert.notEqual(r.status, 0);
          assert.match(r.stderr, /does not exist|medoffice init/);
        }
        assert.equal(cli('init', '--db', db.url).status, 0);
        const sql = 'INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, \'future\', 0)';
        if (kind === 'sqlite') execFileSync('sqlite3', [db.path, sql]);
        else execFileSync('psql', [db.url, '-qAtc', sql]);
        const r = cli('serve', '--db', db.url, '--listen', '127.0.0.1:0');
        assert.notEqual(r.status, 0);
        assert.match(r.stderr, /newer than this medoffice/);
        const m = cli('migrate', '--db', db.url);
        assert.notEqual(m.status, 0);
      } finally {
        db.drop();
      }
    });
  });
}

describe('CLI errors and backups', () => {
  test('bad URLs and options give one clear line and a non-zero exit', () => {
    for (const args of [['init', '--db', 'mysql://x'], ['serve', '--db', 'sqlite:/nonexistent/dir/x.db'],
                        ['serve', '--listen', 'nonsense', '--db', 'sqlite:/tmp/x.db'], ['demo', '--patients', '-5'],
                        ['init', '--db', 'postgres://nobody@127.0.0.1:1/none']]) {
      const r = cli(...args);
      assert.notEqual(r.status, 0, args.join(' '));
      assert.ok(r.stderr.trim().length > 0, args.join(' '));
      assert.ok(!/Segmentation|Aborted|terminate called/.test(r.stderr), r.stderr);
    }
  });

  test('backup while serving, then restore', async () => {
    const db = freshDatabase('sqlite');
    try {
      assert.equal(cli('init', '--db', db.url).status, 0);
      assert.equal(cli('demo', '--db', db.url, '--patients', '30').status, 0);
      const server = await startServer(db.url);
      const session = await signIn(server.base, addUser(db.url, ['front_desk']));
      const created = await session.call('POST', '/api/v1/patients', { body: jane() });
      assert.equal(created.status, 201);
      const backup = `${db.dir}/backup.db`;
      const b = cli('backup', '--db', db.url, '--out', backup);
      assert.equal(b.status, 0, b.stderr);
      assert.ok(existsSync(backup));
      await session.call('POST', '/api/v1/patients', { body: { ...jane(), given_name: 'After' } });
      await server.stop();

      // The backup is encrypted: no SQLite header, no readable PHI.
      const bytes = readFileSync(backup);
      assert.equal(bytes.subarray(0, 19).toString(), 'MEDOFFICE-BACKUP-1\n');
      assert.ok(!bytes.includes(Buffer.from('SQLite format 3')));
      assert.ok(!bytes.includes(Buffer.from('Springfield')));
      const restored = `sqlite:${db.dir}/restored.db`;
      // Without the server key the backup cannot be restored.
      let r = cli('restore', '--db', restored, '--from', backup);
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /key file .* does not exist/);
      cli('init', '--db', `sqlite:${db.dir}/other.db`);
      copyFileSync(`${db.dir}/other.db.key`, `${db.dir}/restored.db.key`);
      r = cli('restore', '--db', restored, '--from', backup);
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /not a MedOffice backup made with this server key/);
      // A tampered or truncated backup is refused and nothing is replaced.
      copyFileSync(`${db.path}.key`, `${db.dir}/restored.db.key`);
      chmodSync(`${db.dir}/restored.db.key`, 0o600);
      const flipped = Buffer.from(bytes);
      flipped[flipped.length - 100] ^= 1;
      writeFileSync(`${db.dir}/tampered.bak`, flipped);
      r = cli('restore', '--db', restored, '--from', `${db.dir}/tampered.bak`);
      assert.notEqual(r.status, 0);
      writeFileSync(`${db.dir}/short.bak`, bytes.subarray(0, bytes.length - 10));
      r = cli('restore', '--db', restored, '--from', `${db.dir}/short.bak`);
      assert.notEqual(r.status, 0);
      assert.ok(!existsSync(`${db.dir}/restored.db`) || statSync(`${db.dir}/restored.db`).size === 0, 'nothing restored from a bad file');
      r = cli('restore', '--db', restored, '--from', backup);
      assert.equal(r.status, 0, r.stderr);
      const s2 = await startServer(restored);
      try {
        const again = await signIn(s2.base, { username: session.json.user.username, password: 'Correct-horse-battery-staple-42' });
        const p = await again.call('GET', `/api/v1/patients/${created.json.id}`);
        assert.equal(p.status, 200);
        const after = await again.call('GET', '/api/v1/patients?family=doe&given=after');
        assert.equal(after.json.items.length, 0, 'the backup is a snapshot from before');
      } finally {
        await s2.stop();
      }
      const audit = cli('audit', 'verify', '--db', db.url);
      assert.equal(audit.status, 0, audit.stderr);
      const bad = cli('restore', '--db', restored, '--from', `${db.dir}/missing.db`);
      assert.notEqual(bad.status, 0);
      const pg = cli('backup', '--db', 'postgres://u@127.0.0.1:5432/x', '--out', '/tmp/x');
      assert.notEqual(pg.status, 0);
      assert.match(pg.stderr, /pg_dump/);
    } finally {
      db.drop();
    }
  });
});
