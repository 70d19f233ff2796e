// SPDX-License-Identifier: AGPL-3.0-or-later
// The security suite (issue 3): each case runs against the real binary over real HTTP.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import {
  backends, demoServer, request, jane, addUser, signIn, cli, startServer, totp, PASSWORD,
} from '../integration/helpers.mjs';
import tls from 'node:tls';

// Routes anyone may call: health, metrics (no PHI), the API description and sign-in itself.
const PUBLIC = new Set(['GET /healthz', 'GET /', 'GET /metrics', 'GET /api/v1/openapi.json', 'POST /api/v1/session']);

for (const kind of backends()) {
  describe(`security on ${kind}`, () => {
    let env;
    let doc;
    before(async () => {
      env = await demoServer(kind, 60);
      doc = (await request(env.base, 'GET', '/api/v1/openapi.json')).json;
    });
    after(async () => { await env?.close(); });

    test('every route without a session answers 401, and a bogus cookie is no better', async () => {
      let checked = 0;
      for (const [template, ops] of Object.entries(doc.paths)) {
        for (const method of Object.keys(ops)) {
          const M = method.toUpperCase();
          // Public on purpose: the listed routes, and those documented without security (the
          // iCalendar feed, whose secret URL is the credential; the OpenAPI unit test pins them).
          if (PUBLIC.has(`${M} ${template}`) || (Array.isArray(ops[method].security) && ops[method].security.length === 0)) continue;
          const path = template.replace('{id}', '1');
          const body = ['POST', 'PUT', 'PATCH'].includes(M) ? jane() : undefined;
          for (const headers of [{}, { cookie: 'medoffice_session=forged-value', 'x-csrf-token': 'x' }]) {
            const r = await request(env.base, M, path, { body, headers: { 'if-match': '"1"', ...headers } });
            assert.equal(r.status, 401, `${M} ${template} answered ${r.status} without a session`);
            assert.equal(r.headers['content-type'], 'application/problem+json');
          }
          checked += 1;
        }
      }
      assert.ok(checked >= 20, `${checked} protected routes`);
    });

    test('a role without the permission answers 403 and the refusal is audited', async () => {
      const clinician = await signIn(env.base, addUser(env.db.url, ['clinician'], undefined, 1));
      const read = await clinician.call('GET', '/api/v1/patients?q=S&limit=1');
      assert.equal(read.status, 200, 'clinicians read patients');
      const write = await clinician.call('POST', '/api/v1/patients', { body: jane() });
      assert.equal(write.status, 403);
      assert.equal(write.headers['content-type'], 'application/problem+json');
      const admin = await signIn(env.base, addUser(env.db.url, ['admin'], undefined, 1));
      assert.equal((await admin.call('GET', '/api/v1/patients?q=S')).status, 403, 'admin runs the system, not the chart');
      assert.equal((await admin.call('GET', '/api/v1/locations')).status, 200);
      const frontDesk = await signIn(env.base, addUser(env.db.url, ['front_desk'], undefined, 1));
      const p = await frontDesk.call('POST', '/api/v1/patients', { body: { ...jane(), given_name: 'Merge' } });
      assert.equal(p.status, 201);
      const merge = await frontDesk.call('POST', `/api/v1/patients/${p.json.id}/merge`, { body: { source_id: 1 }, headers: { 'if-match': '"1"' } });
      assert.equal(merge.status, 403, 'only managers merge');
      const payer = await frontDesk.call('POST', '/api/v1/payers', { body: { name: 'X' } });
      assert.equal(payer.status, 403, 'front desk does not change practice set-up');
    });

    test('CSRF: a state change without the token, or with a wrong one, is refused', async () => {
      const s = env.session;
      for (const token of [undefined, '', 'wrong', s.csrf.slice(0, -1) + (s.csrf.endsWith('A') ? 'B' : 'A')]) {
        const headers = { cookie: s.cookie };
        if (token !== undefined) headers['x-csrf-token'] = token;
        const r = await request(env.base, 'POST', '/api/v1/patients', { body: { ...jane(), given_name: 'Csrf' }, headers });
        assert.equal(r.status, 403, `token ${JSON.stringify(token)}`);
        assert.ok(r.json.errors.some((e) => e.field === 'X-CSRF-Token'));
      }
      const search = await s.call('GET', '/api/v1/patients?family=doe&given=csrf');
      assert.equal(search.json.items.length, 0, 'nothing was stored');
      // Another session's token does not fit this session.
      const other = await signIn(env.base, addUser(env.db.url, ['front_desk'], undefined, 1));
      const r = await request(env.base, 'POST', '/api/v1/patients', { body: jane(), headers: { cookie: s.cookie, 'x-csrf-token': other.csrf } });
      assert.equal(r.status, 403);
    });

    test('cookies are HttpOnly and SameSite=Strict; sign-in issues a new session; sign-out ends it', async () => {
      const user = addUser(env.db.url, ['front_desk'], undefined, 1);
      const first = await signIn(env.base, user);
      const login = await request(env.base, 'POST', '/api/v1/session', {
        body: { username: user.username, password: user.password }, headers: { cookie: first.cookie },
      });
      assert.equal(login.status, 200);
      const setCookie = String(login.headers['set-cookie']);
      assert.match(setCookie, /HttpOnly/);
      assert.match(setCookie, /SameSite=Strict/);
      assert.match(setCookie, /Path=\//);
      const second = setCookie.split(';')[0];
      assert.notEqual(second, first.cookie, 'a fresh session id at sign-in (no fixation)');
      assert.equal((await request(env.base, 'GET', '/api/v1/session', { headers: { cookie: first.cookie } })).status, 401,
        'the session presented at sign-in was ended');
      const who = await request(env.base, 'GET', '/api/v1/session', { headers: { cookie: second } });
      assert.equal(who.status, 200);
      assert.equal(who.json.username, user.username);
      const out = await request(env.base, 'DELETE', '/api/v1/session', { headers: { cookie: second, 'x-csrf-token': login.json.csrf_token } });
      assert.equal(out.status, 204);
      assert.match(String(out.headers['set-cookie']), /Max-Age=0/);
      const replay = await request(env.base, 'GET', '/api/v1/patients?q=S', { headers: { cookie: second } });
      assert.equal(replay.status, 401, 'a signed-out cookie is dead on the server');
    });

    test('sign-in failures look the same for unknown users and wrong passwords, and are throttled', async () => {
      const user = addUser(env.db.url, ['front_desk'], undefined, 1);
      const wrong = await request(env.base, 'POST', '/api/v1/session', { body: { username: user.username, password: 'not-the-password-at-all' } });
      const unknown = await request(env.base, 'POST', '/api/v1/session', { body: { username: `nobody${Date.now()}`, password: 'not-the-password-at-all' } });
      assert.equal(wrong.status, 401);
      assert.equal(unknown.status, 401);
      assert.equal(wrong.text, unknown.text, 'identical answers');
      // Timing: both run one Argon2id verification. Compare medians of a few tries.
      const time = async (username) => {
        const t = [];
        for (let i = 0; i < 3; i += 1) {
          const s = process.hrtime.bigint();
          await request(env.base, 'POST', '/api/v1/session', { body: { username, password: `wrong-${i}-password-xx` } });
          t.push(Number(process.hrtime.bigint() - s) / 1e6);
        }
        return t.sort((a, b) => a - b)[1];
      };
      const known = await time(user.username);
      const ghost = await time(`ghost${Date.now()}`);
      assert.ok(Math.abs(known - ghost) < Math.max(known, ghost) * 0.5 + 15, `timing ${known} ms vs ${ghost} ms`);
      // By now the account has 4 failures; the 5th is refused and then it is throttled, with
      // the same answer whether or not the name exists.
      await request(env.base, 'POST', '/api/v1/session', { body: { username: user.username, password: 'wrong-again-password' } });
      const throttled = await request(env.base, 'POST', '/api/v1/session', { body: { username: user.username, password: user.password } });
      assert.equal(throttled.status, 429, 'even the right password waits');
      const ghostName = `ghost2${Date.now()}`;
      for (let i = 0; i < 5; i += 1) {
        await request(env.base, 'POST', '/api/v1/session', { body: { username: ghostName, password: 'wrong-password-guess' } });
      }
      const ghostThrottled = await request(env.base, 'POST', '/api/v1/session', { body: { username: ghostName, password: 'x' } });
      assert.equal(ghostThrottled.status, 429);
      assert.equal(ghostThrottled.text, throttled.text);
    });

    test('sign-ins hash off the socket thread: other requests are answered meanwhile', async () => {
      // Four sign-ins need four Argon2id verifications (tens of ms each, a few at a time);
      // a request sent after them is answered before they all finish.
      const users = [1, 2, 3, 4].map(() => addUser(env.db.url, ['front_desk'], undefined, 1));
      let finished = 0;
      const signIns = users.map((u) => request(env.base, 'POST', '/api/v1/session', {
        body: { username: u.username, password: u.password },
      }).then((r) => { finished += 1; return r; }));
      const health = await request(env.base, 'GET', '/healthz');
      assert.equal(health.status, 200);
      assert.ok(finished < users.length, `answered while sign-ins were running (${finished} of 4 done)`);
      for (const r of await Promise.all(signIns)) assert.equal(r.status, 200);
    });

    test('location limits: a limited administrator manages only their locations; break-glass lifts it', async () => {
      const locations = (await env.call('GET', '/api/v1/locations')).json.items;
      assert.ok(locations.length >= 2, 'the demo has two locations');
      const [mine, other] = locations;
      const limited = await signIn(env.base, addUser(env.db.url, ['manager'], undefined, 1, [mine.id]));
      const rename = (loc, name) => limited.call('PATCH', `/api/v1/locations/${loc.id}`, {
        body: { name }, headers: { 'if-match': '*' } });
      const ok = await rename(mine, `${mine.name}`);
      assert.equal(ok.status, 200, ok.text);
      const refused = await rename(other, 'Renamed Elsewhere');
      assert.equal(refused.status, 403, refused.text);
      assert.match(refused.headers['content-type'], /problem\+json/);
      assert.equal((await limited.call('POST', `/api/v1/locations/${other.id}/archive`, { headers: { 'if-match': '*' } })).status, 403);
      assert.equal((await limited.call('POST', '/api/v1/locations', { body: { name: 'New Site', timezone: 'America/Chicago' } })).status, 403);
      assert.equal((await env.call('GET', `/api/v1/locations/${other.id}`)).json.name, other.name, 'nothing changed');
      // Everyone may still read the practice's locations (no PHI).
      assert.equal((await limited.call('GET', `/api/v1/locations/${other.id}`)).status, 200);
      const denials = await env.call('GET', '/api/v1/audit-events?action=access_denied&limit=200');
      assert.ok(denials.json.items.some((e) => e.resource_type === 'location' && e.resource_id === String(other.id)
        && e.reason.includes('outside the user')), 'the refusal is audited');
      // Break-glass lifts the limit for its duration, flagged in the trail.
      const glass = await limited.call('POST', '/api/v1/session/break-glass', { body: { reason: 'Covering the other site today', minutes: 5 } });
      assert.equal(glass.status, 200, glass.text);
      assert.equal((await rename(other, other.name)).status, 200);
    });

    test('MFA: managers need the one-time code, and each code works once', async () => {
      const manager = addUser(env.db.url, ['manager'], undefined, 1);
      const noCode = await request(env.base, 'POST', '/api/v1/session', { body: { username: manager.username, password: manager.password } });
      assert.equal(noCode.status, 401);
      assert.ok(noCode.json.errors.some((e) => e.field === 'totp'));
      const badCode = await request(env.base, 'POST', '/api/v1/session', { body: { username: manager.username, password: manager.password, totp: '000000' } });
      assert.equal(badCode.status, 401);
      const ok = await signIn(env.base, manager);
      assert.deepEqual(ok.json.user.roles, ['manager']);
      manager.nextStep -= 1;  // replay the code just used
      await assert.rejects(signIn(env.base, manager), /401/);
    });

    test('XSS payloads are stored and returned as inert JSON strings; CSP is strict', async () => {
      const payload = '<script>alert(1)</script><img src=x onerror=alert(2)>';
      const r = await env.call('POST', '/api/v1/patients', { body: { ...jane(), given_name: 'Xss', emergency_contact: { name: payload, phone: '+12175550199' } } });
      assert.ok(r.status === 201 || r.status === 422, r.text);
      if (r.status === 201) {
        const g = await env.call('GET', `/api/v1/patients/${r.json.id}`);
        assert.equal(g.headers['content-type'], 'application/json');
        assert.equal(g.json.emergency_contact.name, payload, 'verbatim, as a JSON string');
        assert.equal(g.headers['x-content-type-options'], 'nosniff');
      }
      const home = await request(env.base, 'GET', '/');
      assert.match(home.headers['content-security-policy'], /default-src 'self'/);
      assert.doesNotMatch(home.headers['content-security-policy'], /unsafe-inline/);
    });

    test("another organization's records answer 404 and the probe is audited; managers search the trail", async () => {
      const org = { legal_name: 'Elsewhere Clinic', npi: '1234567893', tin: '361234567',
        billing_address: { line1: '9 Far Rd', city: 'Peoria', state: 'IL', postal_code: '61602' } };
      const added = cli('org', 'add', '--db', env.db.url, '--json', '-', { input: JSON.stringify(org) });
      assert.equal(added.status, 0, added.stderr);
      const otherOrg = added.stdout.match(/organization (\d+)/)[1];
      const mine = await env.call('POST', '/api/v1/patients', { body: { ...jane(), given_name: 'Private' } });
      assert.equal(mine.status, 201);
      const cov = (await env.call('GET', '/api/v1/coverages?limit=1')).json.items[0];
      const outsider = await signIn(env.base, addUser(env.db.url, ['front_desk'], undefined, otherOrg));
      for (const path of [`/api/v1/patients/${mine.json.id}`, `/api/v1/coverages/${cov.id}`]) {
        const r = await outsider.call('GET', path);
        assert.equal(r.status, 404, path);
        const w = await outsider.call('PUT', path, { body: path.includes('coverages') ? cov : jane(), headers: { 'if-match': '"1"' } });
        assert.equal(w.status, 404, `PUT ${path}`);
      }
      assert.equal((await outsider.call('GET', '/api/v1/patients?q=Private')).json.items.length, 0);
      assert.equal((await outsider.call('GET', '/api/v1/organizations')).json.items[0].legal_name, 'Elsewhere Clinic');
      // The manager of the first practice sees the denials in the audit trail.
      const denied = await env.call('GET', '/api/v1/audit-events?action=access_denied&limit=50');
      assert.equal(denied.status, 200, denied.text);
      assert.ok(denied.json.items.some((e) => e.resource_type === 'patient' && e.resource_id === String(mine.json.id)
        && e.outcome === 'denied' && e.reason === 'record of another organization'), JSON.stringify(denied.json.items));
      // (The denial is filed under the organization whose record was probed.)
      // Accounting of disclosures for the patient: who touched the record.
      const disc = await env.call('GET', `/api/v1/patients/${mine.json.id}/disclosures`);
      assert.equal(disc.status, 200, disc.text);
      assert.ok(disc.json.items.some((e) => e.action === 'create' && e.username === env.manager.username));
      // CSV export, with its header row; front desk may not read the trail.
      const csv = await env.call('GET', `/api/v1/audit-events.csv?patient_id=${mine.json.id}`);
      assert.equal(csv.status, 200);
      assert.match(csv.headers['content-type'], /^text\/csv/);
      assert.match(csv.text, /^seq,at,user_id,username,ip,user_agent,action/);
      assert.equal((await outsider.call('GET', '/api/v1/audit-events')).status, 403);
      const bad = await env.call('GET', '/api/v1/audit-events?from=yesterday');
      assert.equal(bad.status, 422);
      // Reading the trail is audited too.
      const reads = await env.call('GET', '/api/v1/audit-events?action=export');
      assert.ok(reads.json.items.some((e) => e.resource_type === 'audit_event' && e.resource_id === 'audit CSV export'));
    });

    test('personal access tokens: scoped, bearer-only, revocable', async () => {
      const desk = await signIn(env.base, addUser(env.db.url, ['front_desk'], undefined, 1));
      const tooMuch = await desk.call('POST', '/api/v1/tokens', { body: { name: 'x', scopes: ['audit.read'] } });
      assert.equal(tooMuch.status, 422, 'no scope beyond the roles');
      const made = await desk.call('POST', '/api/v1/tokens', { body: { name: 'reporting', scopes: ['patient.read'], days: 7 } });
      assert.equal(made.status, 201, made.text);
      assert.match(made.json.token, /^mo_pat_/);
      const bearer = { authorization: `Bearer ${made.json.token}` };
      const read = await request(env.base, 'GET', '/api/v1/patients?q=S&limit=1', { headers: bearer });
      assert.equal(read.status, 200);
      const write = await request(env.base, 'POST', '/api/v1/patients', { body: jane(), headers: bearer });
      assert.equal(write.status, 403, 'outside the token scope');
      const writer = await desk.call('POST', '/api/v1/tokens', { body: { name: 'intake', scopes: ['patient.write', 'self'] } });
      const wb = { authorization: `Bearer ${writer.json.token}` };
      const created = await request(env.base, 'POST', '/api/v1/patients', { body: { ...jane(), given_name: 'Token' }, headers: wb });
      assert.equal(created.status, 201, 'bearer requests need no CSRF token');
      const nested = await request(env.base, 'POST', '/api/v1/tokens', { body: { name: 'y', scopes: ['self'] }, headers: wb });
      assert.equal(nested.status, 403, 'a token cannot mint tokens');
      const list = await desk.call('GET', '/api/v1/tokens');
      assert.equal(list.json.items.length, 2);
      assert.ok(!list.text.includes(made.json.token), 'secrets are never listed');
      assert.equal((await desk.call('DELETE', `/api/v1/tokens/${made.json.id}`)).status, 204);
      assert.equal((await request(env.base, 'GET', '/api/v1/patients?q=S', { headers: bearer })).status, 401);
      for (const h of ['Bearer mo_pat_forged', 'Basic dXNlcjpwYXNz', 'Bearer ']) {
        assert.equal((await request(env.base, 'GET', '/api/v1/patients?q=S', { headers: { authorization: h } })).status, 401, h);
      }
    });

    test('admins manage users over the API; changes apply to live sessions', async () => {
      const admin = await signIn(env.base, addUser(env.db.url, ['admin'], undefined, 1));
      assert.equal((await env.call('GET', '/api/v1/users')).status, 403, 'managers do not manage users');
      const weak = await admin.call('POST', '/api/v1/users', { body: { username: 'newbie', display_name: 'New Bie', roles: ['front_desk'], password: 'short' } });
      assert.equal(weak.status, 422);
      assert.ok(weak.json.errors.some((e) => e.field === 'password'));
      const made = await admin.call('POST', '/api/v1/users', { body: { username: 'newbie', display_name: 'New Bie', roles: ['clinician'], password: PASSWORD } });
      assert.equal(made.status, 201, made.text);
      assert.equal(made.json.mfa_enabled, false);
      const dupe = await admin.call('POST', '/api/v1/users', { body: { username: 'newbie', display_name: 'X', roles: ['clinician'], password: PASSWORD } });
      assert.equal(dupe.status, 409);
      const newbie = await signIn(env.base, { username: 'newbie', password: PASSWORD });
      assert.equal((await newbie.call('POST', '/api/v1/patients', { body: jane() })).status, 403);
      const promoted = await admin.call('PUT', `/api/v1/users/${made.json.id}`, {
        body: { ...made.json, roles: ['front_desk'] }, headers: { 'if-match': `"${made.json.version}"` } });
      assert.equal(promoted.status, 200, promoted.text);
      assert.equal((await newbie.call('POST', '/api/v1/patients', { body: { ...jane(), given_name: 'Promoted' } })).status, 201,
        'the live session has the new role at once');
      const toManager = await admin.call('PUT', `/api/v1/users/${made.json.id}`, {
        body: { display_name: 'New Bie', roles: ['manager'] }, headers: { 'if-match': `"${promoted.json.version}"` } });
      assert.equal(toManager.status, 409, 'manager needs two-factor sign-in');
      const mgr = await admin.call('POST', '/api/v1/users', { body: { username: 'boss2', display_name: 'Boss Two', roles: ['manager'], password: PASSWORD } });
      assert.match(mgr.json.otpauth_uri, /^otpauth:\/\/totp\/MedOffice:boss2\?secret=/);
      assert.equal(mgr.json.recovery_codes.length, 10);
      const viaCode = await request(env.base, 'POST', '/api/v1/session', { body: { username: 'boss2', password: PASSWORD, totp: mgr.json.recovery_codes[0] } });
      assert.equal(viaCode.status, 200, 'a recovery code signs in');
      const again = await request(env.base, 'POST', '/api/v1/session', { body: { username: 'boss2', password: PASSWORD, totp: mgr.json.recovery_codes[0] } });
      assert.equal(again.status, 401, 'each recovery code works once');
      assert.equal((await admin.call('POST', `/api/v1/users/${admin.json.user.user_id}/disable`)).status, 409, 'not yourself');
      const off = await admin.call('POST', `/api/v1/users/${made.json.id}/disable`);
      assert.equal(off.status, 200);
      assert.equal(off.json.active, false);
      assert.equal((await newbie.call('GET', '/api/v1/patients?q=S')).status, 401, 'disabling ends the session');
      assert.equal((await request(env.base, 'POST', '/api/v1/session', { body: { username: 'newbie', password: PASSWORD } })).status, 401);
      const list = await admin.call('GET', '/api/v1/users');
      assert.ok(list.json.items.some((u) => u.username === 'newbie' && !u.active));
    });

    test('break-glass: a stated reason, a time limit, flagged in the audit and shown to managers', async () => {
      const desk = await signIn(env.base, addUser(env.db.url, ['front_desk'], undefined, 1));
      assert.equal((await desk.call('POST', '/api/v1/session/break-glass', { body: { reason: 'because' } })).status, 422);
      assert.equal((await desk.call('POST', '/api/v1/session/break-glass', { body: { reason: 'Unconscious patient in the ED', minutes: 999 } })).status, 422);
      const admin = await signIn(env.base, addUser(env.db.url, ['admin'], undefined, 1));
      assert.equal((await admin.call('POST', '/api/v1/session/break-glass', { body: { reason: 'Unconscious patient in the ED' } })).status, 403);
      const on = await desk.call('POST', '/api/v1/session/break-glass', { body: { reason: 'Unconscious patient in the ED', minutes: 30 } });
      assert.equal(on.status, 200, on.text);
      const until = Date.parse(on.json.break_glass_until);
      assert.ok(until > Date.now() + 29 * 60_000 && until < Date.now() + 31 * 60_000);
      assert.equal((await desk.call('GET', '/api/v1/session')).json.break_glass_until, on.json.break_glass_until);
      // The session names what the role allows, exactly the matrix the routes enforce.
      const me = (await desk.call('GET', '/api/v1/session')).json;
      assert.ok(me.permissions.includes('schedule.write') && me.permissions.includes('payment.collect'));
      assert.ok(!me.permissions.includes('user.admin') && !me.permissions.includes('schedule.setup'));
      assert.equal((await desk.call('GET', '/api/v1/users')).status, 403, 'user.admin is not in the list and is refused');
      const p = await desk.call('POST', '/api/v1/patients', { body: { ...jane(), given_name: 'Glass' } });
      assert.equal(p.status, 201);
      const trail = await env.call('GET', `/api/v1/patients/${p.json.id}/disclosures`);
      assert.ok(trail.json.items.some((e) => e.action === 'create' && e.break_glass === true), 'flagged');
      const notes = await env.call('GET', '/api/v1/notifications');
      assert.equal(notes.status, 200);
      assert.ok(notes.json.items.some((n) => n.kind === 'break_glass' && n.username === desk.json.user.username
        && n.reason.startsWith('Unconscious patient in the ED')));
    });

    test('optional two-factor: a front-desk user enrols, confirms with a code, then needs it', async () => {
      const user = addUser(env.db.url, ['front_desk'], undefined, 1);
      const s = await signIn(env.base, user);
      assert.equal((await s.call('POST', '/api/v1/session/mfa/confirm', { body: { totp: '123456' } })).status, 409, 'enrol first');
      const start = await s.call('POST', '/api/v1/session/mfa');
      assert.equal(start.status, 200, start.text);
      const secret = start.json.otpauth_uri.match(/secret=([A-Z2-7]+)/)[1];
      // Until confirmed, sign-in still works without a code.
      const meanwhile = await request(env.base, 'POST', '/api/v1/session', { body: { username: user.username, password: user.password } });
      assert.equal(meanwhile.status, 200);
      const wrong = await s.call('POST', '/api/v1/session/mfa/confirm', { body: { totp: '000000' } });
      assert.equal(wrong.status, 422);
      const step = Math.floor(Date.now() / 30000);
      const ok = await s.call('POST', '/api/v1/session/mfa/confirm', { body: { totp: totp(secret, step) } });
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.json.recovery_codes.length, 10);
      const noCode = await request(env.base, 'POST', '/api/v1/session', { body: { username: user.username, password: user.password } });
      assert.equal(noCode.status, 401);
      assert.ok(noCode.json.errors.some((e) => e.field === 'totp'));
      const withCode = await request(env.base, 'POST', '/api/v1/session', { body: { username: user.username, password: user.password, totp: totp(secret, step + 1) } });
      assert.equal(withCode.status, 200, withCode.text);
    });

    test('no PHI or secrets reach the server log', async () => {
      // Provoke the log: errors of every kind, sign-in failures, a storage conflict.
      const s = await signIn(env.base, addUser(env.db.url, ['front_desk'], undefined, 1));
      const secretName = `Zyxwvut${String(Date.now()).replace(/\d/g, (d) => 'abcdefghij'[d])}`;
      const c = await s.call('POST', '/api/v1/patients', { body: { ...jane(), family_name: secretName, phone: '+13125550177' } });
      assert.equal(c.status, 201);
      await s.call('GET', `/api/v1/patients?q=${secretName}`);
      await s.call('PUT', `/api/v1/patients/${c.json.id}`, { body: { ...c.json, birth_date: '2999-01-01' }, headers: { 'if-match': '"1"' } });
      await s.call('POST', '/api/v1/coverages', { body: { patient_id: c.json.id, payer_id: 999999, member_id: 'SECRETMEMBER1', effective_date: '2024-01-01' } });
      await request(env.base, 'POST', '/api/v1/session', { body: { username: secretName.toLowerCase(), password: 'Leaked-Password-Should-Not-Appear' } });
      const log = env.server.stderr();
      for (const needle of [secretName, '13125550177', '1980-02-03', 'SECRETMEMBER1', 'Leaked-Password', s.cookie.split('=')[1], s.csrf, PASSWORD]) {
        assert.ok(!log.includes(needle), `the server log contains ${needle}`);
      }
    });

    test('PHI reads, searches and changes are in the audit chain; tampering is named', async () => {
      const s = await signIn(env.base, addUser(env.db.url, ['front_desk'], undefined, 1));
      const c = await s.call('POST', '/api/v1/patients', { body: { ...jane(), given_name: 'Audited' } });
      await s.call('GET', `/api/v1/patients/${c.json.id}`);
      await s.call('GET', '/api/v1/patients?family=doe&given=audited');
      const verify = cli('audit', 'verify', '--db', env.db.url);
      assert.equal(verify.status, 0, verify.stderr);
      if (kind !== 'sqlite') return;
      await env.server.stop();
      const rows = execFileSync('sqlite3', [env.db.path, `SELECT action || ' ' || resource_type FROM audit_event WHERE patient_id = ${c.json.id} ORDER BY seq`], { encoding: 'utf8' })
        .trim().split('\n');
      assert.deepEqual(rows, ['create patient', 'read patient', 'search patient']);
      const last = Number(execFileSync('sqlite3', [env.db.path, 'SELECT max(seq) FROM audit_event'], { encoding: 'utf8' }));
      const tamper = (sql) => {
        const copy = `${env.db.dir}/tampered.db`;
        execFileSync('sqlite3', [env.db.path, `VACUUM INTO '${copy}.tmp'`]);
        execFileSync('mv', [`${copy}.tmp`, copy]);
        copyFileSync(`${env.db.path}.key`, `${copy}.key`);
        execFileSync('sqlite3', [copy, sql]);
        const r = cli('audit', 'verify', '--db', `sqlite:${copy}`);
        execFileSync('rm', ['-f', copy, `${copy}.key`]);
        return r;
      };
      const mid = Math.max(2, last - 3);
      let r = tamper(`UPDATE audit_event SET resource_id = resource_id || 'x' WHERE seq = ${mid}`);
      assert.equal(r.status, 1);
      assert.match(r.stderr, new RegExp(`sequence ${mid}: was edited`));
      r = tamper(`DELETE FROM audit_event WHERE seq = ${mid}`);
      assert.equal(r.status, 1);
      assert.match(r.stderr, new RegExp(`sequence ${mid}: is missing`));
      r = tamper(`UPDATE audit_event SET seq = -1 WHERE seq = ${mid}; UPDATE audit_event SET seq = ${mid} WHERE seq = ${mid + 1}; UPDATE audit_event SET seq = ${mid + 1} WHERE seq = -1`);
      assert.equal(r.status, 1);
      assert.match(r.stderr, new RegExp(`sequence ${mid}: does not link`));
      // Removing the newest events leaves a shorter chain that verifies on its own; a checkpoint
      // exported earlier (and kept elsewhere) catches it.
      const cp = cli('audit', 'checkpoint', '--db', env.db.url);
      assert.equal(cp.status, 0, cp.stderr);
      assert.match(cp.stdout, new RegExp(`^medoffice-audit-checkpoint v1 seq=${last} mac=[0-9a-f]{64} `));
      const cpFile = `${env.db.dir}/checkpoint.txt`;
      writeFileSync(cpFile, cp.stdout);
      const tamperWith = (sql, ...extra) => {
        const copy = `${env.db.dir}/tail.db`;
        execFileSync('sqlite3', [env.db.path, `VACUUM INTO '${copy}'`]);
        copyFileSync(`${env.db.path}.key`, `${copy}.key`);
        execFileSync('sqlite3', [copy, sql]);
        const out = cli('audit', 'verify', '--db', `sqlite:${copy}`, ...extra);
        execFileSync('rm', ['-f', copy, `${copy}.key`]);
        return out;
      };
      assert.equal(tamperWith(`DELETE FROM audit_event WHERE seq = ${last}`).status, 0);
      r = tamperWith(`DELETE FROM audit_event WHERE seq = ${last}`, '--checkpoint', cpFile);
      assert.equal(r.status, 1);
      assert.match(r.stderr, new RegExp(`sequence ${last}: is missing`));
      writeFileSync(cpFile, cp.stdout.replace(/sig=([0-9a-f])/, (m, c) => `sig=${c === '0' ? '1' : '0'}`));
      r = cli('audit', 'verify', '--db', env.db.url, '--checkpoint', cpFile);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /not signed with this server key/);
      // A different key cannot verify (or forge) the chain.
      const copy = `${env.db.dir}/otherkey.db`;
      execFileSync('sqlite3', [env.db.path, `VACUUM INTO '${copy}'`]);
      r = cli('init', '--db', `sqlite:${env.db.dir}/fresh.db`);
      copyFileSync(`${env.db.dir}/fresh.db.key`, `${copy}.key`);
      r = cli('audit', 'verify', '--db', `sqlite:${copy}`);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /sequence 1: was edited/);
      assert.ok(PASSWORD.length >= 15);
    });
  });
}

describe('transport security', () => {
  test('HTTPS with TLS 1.2+ only, HSTS and Secure cookies; plain HTTP only on loopback', async () => {
    const env = await demoServer('sqlite', 20);
    try {
      const dir = env.db.dir;
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1',
        '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', `${dir}/tls.key`, '-out', `${dir}/tls.crt`], { stdio: 'pipe' });
      // Plain HTTP on a non-loopback address is refused unless explicitly allowed.
      const plain = cli('serve', '--db', env.db.url, '--listen', '0.0.0.0:0');
      assert.notEqual(plain.status, 0);
      assert.match(plain.stderr, /refusing to serve patient data over plain HTTP/);
      const half = cli('serve', '--db', env.db.url, '--listen', '127.0.0.1:0', '--tls-cert', `${dir}/tls.crt`);
      assert.notEqual(half.status, 0);
      await env.server.stop();
      const secure = await startServer(env.db.url, ['--tls-cert', `${dir}/tls.crt`, '--tls-key', `${dir}/tls.key`]);
      try {
        assert.match(secure.base, /^https:/);
        const h = await request(secure.base, 'GET', '/healthz');
        assert.equal(h.status, 200);
        assert.match(h.headers['strict-transport-security'], /max-age=\d+/);
        const login = await request(secure.base, 'POST', '/api/v1/session', {
          body: { username: env.manager.username, password: env.manager.password, totp: '000000' } });
        assert.equal(login.status, 401);
        const u = addUser(env.db.url, ['front_desk'], undefined, 1);
        const ok = await request(secure.base, 'POST', '/api/v1/session', { body: { username: u.username, password: u.password } });
        assert.equal(ok.status, 200);
        assert.match(String(ok.headers['set-cookie']), /; Secure/);
        // Negotiated protocol is TLS 1.2 or 1.3; TLS 1.1 is refused.
        const port = Number(new URL(secure.base).port);
        const proto = await new Promise((resolve, reject) => {
          const s = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => { resolve(s.getProtocol()); s.end(); });
          s.on('error', reject);
        });
        assert.ok(['TLSv1.2', 'TLSv1.3'].includes(proto), proto);
        const old = await new Promise((resolve) => {
          const s = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false, minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' },
            () => { resolve('connected'); s.end(); });
          s.on('error', () => resolve('refused'));
        });
        assert.equal(old, 'refused');
        // Plain HTTP to the TLS port gets nowhere.
        const cleartext = await request(secure.base.replace('https:', 'http:'), 'GET', '/healthz').catch(() => ({ status: 0 }));
        assert.notEqual(cleartext.status, 200);
      } finally {
        await secure.stop();
      }
    } finally {
      await env.close();
    }
  });
});
