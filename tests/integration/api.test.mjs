// SPDX-License-Identifier: AGPL-3.0-or-later
// The REST conventions, end to end against the real binary, on SQLite and on PostgreSQL.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { backends, demoServer, request, jane } from './helpers.mjs';

for (const kind of backends()) {
  describe(`REST API on ${kind}`, () => {
    let env;
    before(async () => { env = await demoServer(kind); });
    after(async () => { await env?.close(); });
    const call = (m, p, o) => env.call(m, p, o);

    test('healthz, metrics and the OpenAPI document answer', async () => {
      const h = await call('GET', '/healthz');
      assert.equal(h.status, 200);
      assert.equal(h.json.status, 'ok');
      assert.equal(h.json.database, 'ok');
      const doc = await call('GET', '/api/v1/openapi.json');
      assert.equal(doc.status, 200);
      assert.match(doc.json.openapi, /^3\.1/);
      await call('GET', '/api/v1/patients?q=Smith');
      const m = await call('GET', '/metrics');
      assert.equal(m.status, 200);
      assert.match(m.text, /medoffice_http_requests_total\{method="GET",route="\/api\/v1\/patients",status="200"\} \d+/);
      assert.match(m.text, /medoffice_http_request_duration_seconds_bucket\{method="GET",route="\/api\/v1\/patients",le="0.005"\}/);
      assert.match(m.text, /medoffice_db_writer_queue_depth \d+/);
      assert.match(m.text, /medoffice_db_pool_in_use \d+/);
      assert.doesNotMatch(m.text, /Smith/);
    });

    test('the documented patient registration, read and search', async () => {
      const c = await call('POST', '/api/v1/patients', { body: jane() });
      assert.equal(c.status, 201, c.text);
      assert.ok(c.json.id > 0);
      assert.match(c.json.mrn, /^MRN\d{9}$/);
      assert.equal(c.json.version, 1);
      assert.equal(c.headers.etag, '"1"');
      assert.equal(c.headers.location, `/api/v1/patients/${c.json.id}`);
      assert.equal(c.headers['cache-control'], 'no-store');
      assert.ok(Array.isArray(c.json.possible_duplicates));
      const g = await call('GET', `/api/v1/patients/${c.json.id}`);
      assert.equal(g.status, 200);
      assert.equal(g.json.family_name, 'Doe');
      assert.equal(g.json.address.postal_code, '62701');
      const notModified = await call('GET', `/api/v1/patients/${c.json.id}`, { headers: { 'if-none-match': '"1"' } });
      assert.equal(notModified.status, 304);
      const s = await call('GET', '/api/v1/patients?q=Doe');
      assert.equal(s.status, 200);
      assert.ok(s.json.items.some((p) => p.id === c.json.id));
      assert.ok('next_cursor' in s.json);
      for (const q of ['Doe,%20Jane', 'Jane%20Doe', '1980-02-03', '02%2F03%2F1980', '(217)%20555-0123', c.json.mrn]) {
        const r = await call('GET', `/api/v1/patients?q=${q}&limit=200`);
        assert.equal(r.status, 200, q);
        assert.ok(r.json.items.some((p) => p.id === c.json.id), `search ${q}`);
      }
      const dup = await call('POST', '/api/v1/patients', { body: jane() });
      assert.equal(dup.status, 201);
      assert.ok(dup.json.possible_duplicates.some((d) => d.id === c.json.id && d.reason === 'same name and birth date'));
    });

    test('a bad NPI check digit is a problem naming npi', async () => {
      const r = await call('POST', '/api/v1/providers', { body: { family_name: 'Okafor', given_name: 'A', npi: '1234567890' } });
      assert.ok(r.status === 400 || r.status === 422);
      assert.equal(r.headers['content-type'], 'application/problem+json');
      assert.ok(r.json.errors.some((e) => e.field === 'npi'));
      const good = await call('POST', '/api/v1/providers', { body: { family_name: 'Okafor', given_name: 'A', npi: '1987654324' } });
      assert.ok(good.status === 201 || good.status === 422, good.text);
    });

    test('If-Match is required and a stale version is refused', async () => {
      const c = await call('POST', '/api/v1/patients', { body: { ...jane(), given_name: 'Versioned' } });
      const path = `/api/v1/patients/${c.json.id}`;
      const noMatch = await call('PUT', path, { body: { ...c.json, email: 'v@example.org' } });
      assert.equal(noMatch.status, 428);
      const ok = await call('PUT', path, { body: { ...c.json, email: 'v@example.org' }, headers: { 'if-match': '"1"' } });
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.json.version, 2);
      assert.equal(ok.headers.etag, '"2"');
      const stale = await call('PUT', path, { body: { ...c.json, email: 'w@example.org' }, headers: { 'if-match': '"1"' } });
      assert.equal(stale.status, 412);
      assert.equal(stale.headers['content-type'], 'application/problem+json');
      const patched = await call('PATCH', path, {
        body: { phone: null, contact_preferences: { preferred_channel: 'email' } },
        headers: { 'if-match': '"2"', 'content-type': 'application/merge-patch+json' },
      });
      assert.equal(patched.status, 200, patched.text);
      assert.equal(patched.json.phone, null);
      assert.equal(patched.json.contact_preferences.preferred_channel, 'email');
      assert.equal(patched.json.email, 'v@example.org');
      const badPatch = await call('PATCH', path, { body: { birth_date: '2999-01-01' }, headers: { 'if-match': '"3"' } });
      assert.equal(badPatch.status, 422);
      assert.ok(badPatch.json.errors.some((e) => e.field === 'birth_date'));
      const after = await call('GET', path);
      assert.equal(after.json.version, 3);
      assert.equal(after.json.birth_date, '1980-02-03');
    });

    test('Idempotency-Key replays the first answer', async () => {
      const key = `k-${kind}-${Date.now()}`;
      const body = { ...jane(), given_name: 'Idem' };
      const a = await call('POST', '/api/v1/patients', { body, headers: { 'idempotency-key': key } });
      const b = await call('POST', '/api/v1/patients', { body, headers: { 'idempotency-key': key } });
      assert.equal(a.status, 201);
      assert.equal(b.status, 201);
      assert.equal(b.json.id, a.json.id);
      assert.equal(b.json.mrn, a.json.mrn);
      const other = await call('POST', '/api/v1/patients', { body: { ...body, given_name: 'Other' }, headers: { 'idempotency-key': key } });
      assert.equal(other.status, 409);
      const search = await call('GET', '/api/v1/patients?family=doe&given=idem');
      assert.equal(search.json.items.length, 1);
    });

    test('cursor pagination walks the whole list once', async () => {
      const seen = new Set();
      let cursor = '';
      let pages = 0;
      do {
        const r = await call('GET', `/api/v1/patients?q=S&limit=7${cursor ? `&cursor=${cursor}` : ''}`);
        assert.equal(r.status, 200);
        for (const p of r.json.items) {
          assert.ok(!seen.has(p.id), 'no patient twice');
          assert.ok(p.family_name.toLowerCase().startsWith('s'));
          seen.add(p.id);
        }
        cursor = r.json.next_cursor ?? '';
        pages += 1;
      } while (cursor && pages < 200);
      assert.ok(pages > 1);
      const bad = await call('GET', '/api/v1/patients?cursor=garbage');
      assert.equal(bad.status, 422);
      assert.ok(bad.json.errors.some((e) => e.field === 'cursor'));
    });

    test('archive, restore and merge keep history', async () => {
      const a = await call('POST', '/api/v1/patients', { body: { ...jane(), given_name: 'Keep', phone: '+13125550188' } });
      const b = await call('POST', '/api/v1/patients', { body: { ...jane(), given_name: 'Dupe', phone: '+13125550188' } });
      const payers = await call('GET', '/api/v1/payers');
      assert.equal(payers.json.items.length, 6);
      const cov = await call('POST', '/api/v1/coverages', {
        body: { patient_id: b.json.id, payer_id: payers.json.items[4].id, member_id: 'W99', effective_date: '2024-01-01', copay_cents: 2500 },
      });
      assert.equal(cov.status, 201, cov.text);
      const overlap = await call('POST', '/api/v1/coverages', {
        body: { patient_id: b.json.id, payer_id: payers.json.items[5].id, member_id: 'W98', effective_date: '2024-06-01' },
      });
      assert.equal(overlap.status, 409);
      const arch = await call('POST', `/api/v1/patients/${a.json.id}/archive`, { headers: { 'if-match': '"1"' } });
      assert.equal(arch.status, 200);
      assert.equal(arch.json.status, 'archived');
      const hidden = await call('GET', '/api/v1/patients?family=doe&given=keep');
      assert.equal(hidden.json.items.length, 0);
      const restored = await call('POST', `/api/v1/patients/${a.json.id}/restore`, { headers: { 'if-match': '"2"' } });
      assert.equal(restored.json.status, 'active');
      const merged = await call('POST', `/api/v1/patients/${a.json.id}/merge`, { body: { source_id: b.json.id }, headers: { 'if-match': '"3"' } });
      assert.equal(merged.status, 200, merged.text);
      assert.equal(merged.json.merge.coverages_moved, 1);
      const src = await call('GET', `/api/v1/patients/${b.json.id}`);
      assert.equal(src.json.status, 'merged');
      assert.equal(src.json.merged_into_id, a.json.id);
      const history = await call('GET', `/api/v1/patients/${a.json.id}/merges`);
      assert.equal(history.json.items.length, 1);
      assert.equal(history.json.items[0].source_mrn, b.json.mrn);
      const covs = await call('GET', `/api/v1/coverages?patient_id=${a.json.id}`);
      assert.equal(covs.json.items.length, 1);
      const editMerged = await call('PUT', `/api/v1/patients/${b.json.id}`, { body: jane(), headers: { 'if-match': `"${src.json.version}"` } });
      assert.equal(editMerged.status, 409);
      const del = await call('DELETE', `/api/v1/patients/${a.json.id}`);
      assert.equal(del.status, 405);
      assert.match(del.headers.allow, /GET/);
    });

    test('the demo clinic is there: locations in two zones, providers, payers', async () => {
      const locs = await call('GET', '/api/v1/locations');
      assert.deepEqual(locs.json.items.map((l) => l.time_zone).sort(), ['America/Chicago', 'America/Phoenix']);
      const provs = await call('GET', '/api/v1/providers');
      assert.equal(provs.json.items.length >= 4, true);
      const orgs = await call('GET', '/api/v1/organizations');
      assert.equal(orgs.json.items.length, 1);
      const loc = locs.json.items[0];
      const badZone = await call('PUT', `/api/v1/locations/${loc.id}`, {
        body: { ...loc, time_zone: 'America/Atlantis' }, headers: { 'if-match': `"${loc.version}"` },
      });
      assert.equal(badZone.status, 422);
      assert.ok(badZone.json.errors.some((e) => e.field === 'time_zone'));
    });
  });
}
