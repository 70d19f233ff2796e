// SPDX-License-Identifier: AGPL-3.0-or-later
// Eligibility 270/271 over real HTTP (issue 17, point 6), on every backend, against the loopback
// clearinghouse of tests/support/eligibility_server.mjs: each outcome (active, inactive,
// rejected by the member, payer and provider levels, HTTP 500, a reset, an answer that is not
// X12, a slow clearinghouse cut at the time box), the day's cache and what invalidates it, every
// 270 read by node-x12 strict, the time box held while booking and check-in answer at once, the
// bound on checks waiting at once, the batch run over a day's appointments and its cron command,
// the roles, the audit trail, and bad input.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { backends, demoServer, addUser, signIn, jane, envFor, BIN } from './helpers.mjs';
import { startEligibilityServer } from '../support/eligibility_server.mjs';

const DAY = 86_400_000;
const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);
const TIMEOUT_MS = 1500;

/** The CLI without blocking this process, whose event loop also runs the clearinghouse. */
function cli(...args) {
  const i = args.indexOf('--db');
  return new Promise((resolve) => {
    const child = spawn(BIN, args, { env: envFor(i >= 0 ? args[i + 1] : '') });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
const SLOW_MS = 5000;

for (const kind of backends()) {
  describe(`eligibility on ${kind}`, () => {
    let env;
    let ch;
    let desk;
    let clearinghouse;
    let payer;
    let provider;
    let location;
    let type;
    const covs = {};
    const patients = {};
    const checkDay = isoDay(Date.now() + 2 * DAY);
    const batchDay = isoDay(Date.now() + 4 * DAY);

    /** A patient with one coverage whose member id tells the clearinghouse how to answer. */
    async function patientWith(memberId, extra = {}) {
      const reg = await env.call('POST', '/api/v1/patients', {
        body: { ...jane(), family_name: 'Elig', given_name: `Pat${memberId.replace(/[^A-Za-z]/g, '')}`, phone: `+1217555${String(Object.keys(covs).length).padStart(4, '0')}` },
      });
      assert.equal(reg.status, 201, reg.text);
      const cov = await env.call('POST', '/api/v1/coverages', {
        body: { patient_id: reg.json.id, payer_id: payer.id, member_id: memberId, effective_date: '2024-01-01', ...extra },
      });
      assert.equal(cov.status, 201, cov.text);
      covs[memberId] = cov.json;
      patients[memberId] = reg.json;
      return cov.json;
    }

    const check = (session, coverage, more = {}) =>
      session.call('POST', '/api/v1/eligibility', { body: { coverage_id: coverage.id, service_date: checkDay, ...more } });

    before(async () => {
      env = await demoServer(kind, 20);
      ch = await startEligibilityServer({ slowMs: SLOW_MS });
      desk = await signIn(env.base, addUser(env.db.url, ['front_desk']));
      const made = await env.call('POST', '/api/v1/clearinghouses', {
        body: {
          name: 'Real-time clearinghouse', submitter_id: 'SUB1', receiver_id: 'CH1', receiver_name: 'TEST CLEARINGHOUSE',
          transport: 'file_drop', outbox: '/tmp/mo-elig-out', inbox: '/tmp/mo-elig-in', archive: '/tmp/mo-elig-done',
        },
      });
      assert.equal(made.status, 201, made.text);
      clearinghouse = made.json;
      payer = (await env.call('GET', '/api/v1/payers?limit=100')).json.items.find((p) => p.x12_payer_id);
      provider = (await env.call('GET', '/api/v1/providers?limit=1')).json.items[0];
      location = (await env.call('GET', '/api/v1/locations?limit=1')).json.items[0];
      type = (await env.call('GET', '/api/v1/appointment-types?limit=100')).json.items.find((t) => !t.requires_room) ??
        (await env.call('GET', '/api/v1/appointment-types?limit=1')).json.items[0];
      for (const m of ['ACT100', 'INA100', 'REJ100', 'BSY100', 'PRV100', 'FAIL100', 'RST100', 'GARB100', 'SLOW100']) {
        await patientWith(m);
      }
      await patientWith('ACT200', {
        subscriber: { relationship: 'child', family_name: 'Elig', given_name: 'Parent', birth_date: '1975-06-01', sex: 'male' },
      });
    });
    after(async () => {
      await ch?.close();
      await env?.close();
    });

    test('without a real-time clearinghouse a check is failed, saying what to set up', async () => {
      const r = await check(desk, covs.ACT100);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.state, 'failed');
      assert.match(r.json.reason, /no clearinghouse is set up for real-time eligibility/);
      assert.equal(r.json.interchange_control, null, 'nothing was sent');
      assert.equal(ch.counts.requests, 0);
    });

    test('the clearinghouse setting is validated, versioned and for managers', async () => {
      const url = `/api/v1/clearinghouses/${clearinghouse.id}/eligibility`;
      const empty = await desk.call('GET', url);
      assert.equal(empty.status, 200, empty.text);
      assert.equal(empty.json.url, '');
      const bad = await env.call('PUT', url, { body: { url: 'ftp://ch.example.com/270', timeout_ms: 10 } });
      assert.equal(bad.status, 422, bad.text);
      assert.match(bad.headers['content-type'], /application\/problem\+json/);
      assert.deepEqual(bad.json.errors.map((e) => e.field).sort(), ['timeout_ms', 'url']);
      assert.equal((await desk.call('PUT', url, { body: { url: ch.url } })).status, 403);
      const set = await env.call('PUT', url, { body: { url: ch.url, connect_timeout_ms: 500, timeout_ms: TIMEOUT_MS } });
      assert.equal(set.status, 200, set.text);
      assert.equal(set.json.version, 1);
      assert.equal(set.headers.etag, '"1"');
      const stale = await env.call('PUT', url, { body: { url: ch.url, timeout_ms: TIMEOUT_MS, connect_timeout_ms: 500 }, headers: { 'if-match': '"7"' } });
      assert.equal(stale.status, 412, stale.text);
      assert.equal((await env.call('PUT', '/api/v1/clearinghouses/999999/eligibility', { body: { url: ch.url } })).status, 404);
    });

    test('an active coverage: the plan, co-pays, co-insurance and deductible; the 270 node-x12 reads', async () => {
      const r = await check(desk, covs.ACT100, { service_type: '98' });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.state, 'active', r.text);
      assert.equal(r.json.cached, false);
      assert.equal(r.json.coverage_id, covs.ACT100.id);
      assert.equal(r.json.patient_id, patients.ACT100.id);
      assert.equal(r.json.service_date, checkDay);
      assert.equal(r.json.reason, null);
      const s = r.json.summary;
      assert.equal(s.coverage, 'active');
      assert.equal(s.plan_name, 'ACME GOLD PPO');
      assert.equal(s.group_number, 'GRP-5500');
      assert.equal(s.general.copay_cents, 4000);
      assert.equal(s.general.copay_in_network, true);
      assert.equal(s.general.coinsurance_basis_points, 2000);
      assert.equal(s.general.deductible_cents, 150000);
      assert.equal(s.general.deductible_remaining_cents, 112550);
      assert.equal(s.visit.service_type, '98');
      assert.equal(s.visit.copay_cents, 2500);
      // What went out, as node-x12 (strict, a new parser per document) read it.
      const sent = ch.received.at(-1);
      assert.ok(sent.strict, sent.error);
      assert.equal(sent.contentType, 'application/edi-x12');
      assert.equal(sent.strict.transaction, '270');
      assert.equal(sent.strict.version, '005010X279A1');
      assert.equal(sent.strict.se01, sent.strict.segments);
      assert.equal(Number(sent.strict.isa13), r.json.interchange_control);
      assert.equal(sent.strict.memberId, 'ACT100');
      assert.equal(sent.strict.memberQualifier, 'MI');
      assert.equal(sent.strict.payerId, payer.x12_payer_id);
      const practice = (await env.call('GET', '/api/v1/organizations')).json.items[0];
      assert.equal(sent.strict.npi, practice.npi, 'the practice asks when no provider is named');
      assert.equal(sent.strict.npiQualifier, 'XX');
      assert.equal(sent.strict.trace, r.json.trace_number);
      assert.equal(sent.strict.serviceDate, checkDay.replaceAll('-', ''));
      assert.deepEqual(sent.strict.serviceTypes.flatMap((t) => t.split('^')), ['30', '98']);
    });

    test('the day’s answer is cached; refresh, another day or a changed coverage ask again', async () => {
      const before = ch.counts.requests;
      const first = await check(desk, covs.INA100);
      assert.equal(first.json.state, 'inactive', first.text);
      assert.equal(first.json.summary.coverage, 'inactive');
      const again = await check(desk, covs.INA100);
      assert.equal(again.status, 200);
      assert.equal(again.json.cached, true);
      assert.equal(again.json.id, first.json.id);
      assert.equal(again.json.state, 'inactive');
      assert.equal(ch.counts.requests, before + 1, 'the cached answer sent nothing');
      const refreshed = await check(desk, covs.INA100, { refresh: true });
      assert.equal(refreshed.json.cached, false);
      assert.notEqual(refreshed.json.id, first.json.id);
      assert.ok(refreshed.json.interchange_control > first.json.interchange_control, 'ISA13 never repeats');
      const otherDay = await check(desk, covs.INA100, { service_date: isoDay(Date.now() + 3 * DAY) });
      assert.equal(otherDay.json.cached, false);
      // A corrected coverage (a new member id) is asked again.
      const current = await env.call('GET', `/api/v1/coverages/${covs.INA100.id}`);
      const patched = await env.call('PATCH', `/api/v1/coverages/${covs.INA100.id}`, {
        body: { group_number: 'G-2' },
        headers: { 'content-type': 'application/merge-patch+json', 'if-match': current.headers.etag },
      });
      assert.equal(patched.status, 200, patched.text);
      const afterChange = await check(desk, covs.INA100);
      assert.equal(afterChange.json.cached, false);
      assert.equal(ch.counts.requests, before + 4);
      // The coverage's checks, newest first, and one with its 271.
      const list = await desk.call('GET', `/api/v1/eligibility?coverage_id=${covs.INA100.id}`);
      assert.equal(list.status, 200, list.text);
      assert.deepEqual(list.json.items.map((c) => c.id), [afterChange.json.id, otherDay.json.id, refreshed.json.id, first.json.id]);
      const one = await desk.call('GET', `/api/v1/eligibility/${first.json.id}`);
      assert.equal(one.json.summary.coverage, 'inactive');
      const x12 = await desk.call('GET', `/api/v1/eligibility/${first.json.id}/x12`);
      assert.equal(x12.status, 200);
      assert.equal(x12.headers['content-type'], 'application/edi-x12');
      assert.match(x12.text, /^ISA\*.*ST\*271\*/s);
      assert.match(x12.text, /EB\*6\*\*30/);
    });

    test('rejections in plain English: the member, the payer (ask again) and the provider', async () => {
      const member = await check(desk, covs.REJ100);
      assert.equal(member.json.state, 'rejected', member.text);
      assert.match(member.json.reason, /\(72\)/);
      assert.match(member.json.reason, /correct/i);
      assert.equal((await check(desk, covs.REJ100)).json.cached, true, 'a final rejection is the day’s answer');

      const busy = await check(desk, covs.BSY100);
      assert.equal(busy.json.state, 'rejected', busy.text);
      assert.match(busy.json.reason, /\(42\)/);
      assert.equal((await check(desk, covs.BSY100)).json.cached, false, 'the payer asked to be asked again');

      const prov = await check(desk, covs.PRV100);
      assert.equal(prov.json.state, 'rejected', prov.text);
      assert.match(prov.json.reason, /\(51\)/);
    });

    test('a failing clearinghouse is shown as failed with the reason, and asked again next time', async () => {
      const http500 = await check(desk, covs.FAIL100);
      assert.equal(http500.status, 200);
      assert.equal(http500.json.state, 'failed');
      assert.match(http500.json.reason, /HTTP 500/);
      const reset = await check(desk, covs.RST100);
      assert.equal(reset.json.state, 'failed', reset.text);
      assert.match(reset.json.reason, /closed the connection/);
      const garbage = await check(desk, covs.GARB100);
      assert.equal(garbage.json.state, 'failed', garbage.text);
      assert.match(garbage.json.reason, /could not be read/);
      const before = ch.counts.requests;
      assert.equal((await check(desk, covs.FAIL100)).json.cached, false);
      assert.equal(ch.counts.requests, before + 1);
    });

    test('a dependent is asked under the subscriber, and node-x12 reads every 270 we sent', async () => {
      const r = await check(desk, covs.ACT200);
      assert.equal(r.json.state, 'active', r.text);
      const sent = ch.received.at(-1);
      assert.ok(sent.strict, sent.error);
      assert.match(sent.text, /HL\*4\*3\*23\*0~/);
      assert.match(sent.text, /NM1\*03\*1\*ELIG\*PATACT~/);
      assert.match(sent.text, /NM1\*IL\*1\*ELIG\*PARENT\*\*\*\*MI\*ACT200~/);
      assert.equal(ch.counts.rejected270, 0, ch.received.filter((x) => x.error).map((x) => x.error).join('; '));
    });

    test('a slow clearinghouse times out within the box while booking and check-in answer at once', async () => {
      const patient = patients.ACT100;
      const start = new Date(Date.parse(`${isoDay(Date.now() + DAY)}T17:00:00Z`));
      const booking = { patient_id: patient.id, provider_id: provider.id, location_id: location.id, appointment_type_id: type.id,
        start: start.toISOString(), end: new Date(start.getTime() + 15 * 60_000).toISOString(), overbook: true };
      const booked = await env.call('POST', '/api/v1/appointments', { body: booking });
      assert.equal(booked.status, 201, booked.text);
      const timed = async (p) => {
        const t0 = performance.now();
        const r = await p;
        return { r, ms: performance.now() - t0 };
      };
      // Six desk checks hang on the clearinghouse; meanwhile a booking and a check-in.
      const slow = Array.from({ length: 6 }, () => timed(check(desk, covs.SLOW100, { refresh: true })));
      await new Promise((res) => setTimeout(res, 200));
      const book = timed(env.call('POST', '/api/v1/appointments', { body: { ...booking, start: new Date(start.getTime() + 30 * 60_000).toISOString(),
        end: new Date(start.getTime() + 45 * 60_000).toISOString() } }));
      const checkIn = timed(desk.call('POST', `/api/v1/appointments/${booked.json.id}/check-in`, { body: { demographics_confirmed: true } }));
      const [b, c] = await Promise.all([book, checkIn]);
      assert.equal(b.r.status, 201, b.r.text);
      assert.equal(c.r.status, 200, c.r.text);
      assert.ok(b.ms < 1000, `booking took ${b.ms} ms while checks waited`);
      assert.ok(c.ms < 1000, `check-in took ${c.ms} ms while checks waited`);
      for (const { r, ms } of await Promise.all(slow)) {
        assert.equal(r.status, 200, r.text);
        assert.equal(r.json.state, 'timed_out', r.text);
        assert.match(r.json.reason, /within 1\.5 s/);
        assert.ok(r.json.elapsed_ms >= TIMEOUT_MS - 50 && r.json.elapsed_ms < TIMEOUT_MS + 500, `elapsed ${r.json.elapsed_ms}`);
        assert.ok(ms < TIMEOUT_MS + 1500, `the answer took ${ms} ms`);
      }
      assert.equal((await check(desk, covs.SLOW100)).json.cached, false, 'a timeout is never the day’s answer');
    });

    test('at most 16 checks wait on clearinghouses at once; the others fail fast', async () => {
      const t0 = performance.now();
      const all = await Promise.all(Array.from({ length: 20 }, () => check(desk, covs.SLOW100, { refresh: true })));
      const states = all.map((r) => r.json.state);
      assert.equal(states.filter((s) => s === 'timed_out').length + states.filter((s) => s === 'failed').length, 20, states.join());
      const busy = all.filter((r) => r.json.state === 'failed');
      assert.ok(busy.length >= 4, `${busy.length} refused`);
      for (const r of busy) assert.match(r.json.reason, /too many eligibility checks/);
      assert.ok(performance.now() - t0 < TIMEOUT_MS + 2000);
      assert.ok(ch.counts.maxInFlight <= 16 + 1, `the clearinghouse saw ${ch.counts.maxInFlight} at once`);
    });

    test('the batch run checks each coverage of the day’s appointments once, with a line each', async () => {
      const at = (h) => new Date(Date.parse(`${batchDay}T${String(h).padStart(2, '0')}:00:00Z`));
      const book = async (memberId, hour, extra = {}) => {
        const s = at(hour);
        const r = await env.call('POST', '/api/v1/appointments', { body: { patient_id: patients[memberId].id, provider_id: provider.id,
          location_id: location.id, appointment_type_id: type.id, start: s.toISOString(), end: new Date(s.getTime() + 15 * 60_000).toISOString(), overbook: true, ...extra } });
        assert.equal(r.status, 201, r.text);
        return r.json;
      };
      await book('ACT100', 15);
      await book('ACT100', 16); // the same coverage twice on the day: checked once
      await book('INA100', 15);
      await book('REJ100', 17);
      await book('FAIL100', 17);
      await book('SLOW100', 18);
      const cancelled = await book('GARB100', 18);
      assert.equal((await env.call('POST', `/api/v1/appointments/${cancelled.id}/cancel`, { body: { reason: 'patient called' } })).status, 200);
      const second = await env.call('POST', '/api/v1/coverages', { body: { patient_id: patients.ACT100.id, payer_id: payer.id, member_id: 'ACT300',
        effective_date: '2024-01-01', priority: 'secondary' } });
      assert.equal(second.status, 201, second.text);

      const before = ch.counts.requests;
      const t0 = performance.now();
      const run = await desk.call('POST', '/api/v1/eligibility/batch-runs', { body: { date: batchDay, concurrency: 4 }, timeoutMs: 60_000 });
      const took = performance.now() - t0;
      assert.equal(run.status, 200, run.text);
      assert.deepEqual(run.json.dates, [batchDay]);
      assert.equal(run.json.appointments, 6, 'the cancelled one is left out');
      const byCoverage = Object.fromEntries(run.json.items.map((i) => [i.coverage_id, i]));
      assert.equal(run.json.items.length, 6, JSON.stringify(run.json.items));
      assert.equal(byCoverage[covs.ACT100.id].state, 'active');
      assert.equal(byCoverage[covs.ACT100.id].summary.general.copay_cents, 4000);
      assert.equal(byCoverage[second.json.id].state, 'active', 'the secondary coverage too');
      assert.equal(byCoverage[covs.INA100.id].state, 'inactive');
      assert.equal(byCoverage[covs.REJ100.id].state, 'rejected');
      assert.match(byCoverage[covs.REJ100.id].reason, /\(72\)/);
      assert.equal(byCoverage[covs.FAIL100.id].state, 'failed');
      assert.equal(byCoverage[covs.SLOW100.id].state, 'timed_out');
      assert.equal(byCoverage[covs.GARB100.id], undefined);
      assert.deepEqual(run.json.counts, { active: 2, inactive: 1, rejected: 1, failed: 1, timed_out: 1 });
      assert.equal(ch.counts.requests, before + 6);
      assert.ok(took < 2 * TIMEOUT_MS + 2000, `the run took ${took} ms`);
      // The appointment's provider is the one asking.
      const sent = ch.received.slice(before).find((x) => x.strict?.memberId === 'INA100');
      assert.equal(sent.strict.npi, provider.npi);

      // The same run from cron: each answer found in the day's cache, a line per coverage.
      const out = await cli('eligibility', 'run', '--db', env.db.url, '--date', batchDay);
      assert.equal(out.status, 0, out.stderr);
      const lines = out.stdout.trim().split('\n');
      assert.equal(lines.length, 7, out.stdout);
      assert.match(out.stdout, new RegExp(`^coverage ${covs.ACT100.id} patient ${patients.ACT100.id} ${batchDay} active: ACME GOLD PPO, co-pay \\$40\\.00, co-insurance 20%, deductible left \\$1125\\.50 \\(checked earlier\\)$`, 'm'));
      assert.match(out.stdout, new RegExp(`^coverage ${covs.SLOW100.id} patient ${patients.SLOW100.id} ${batchDay} timed_out: no complete answer`, 'm'));
      assert.match(lines.at(-1), /^6 coverages of 6 appointments on .* 2 active, 1 inactive, 1 rejected, 1 failed, 1 timed_out$/);
      const bad = await cli('eligibility', 'run', '--db', env.db.url, '--date', 'tomorrow');
      assert.equal(bad.status, 1);
      assert.match(bad.stderr, /--date/);
    });

    test('roles: the desk and billers check, clinicians read, admins set up', async () => {
      const biller = await signIn(env.base, addUser(env.db.url, ['biller']));
      const clinician = await signIn(env.base, addUser(env.db.url, ['clinician']));
      const admin = await signIn(env.base, addUser(env.db.url, ['admin']));
      assert.equal((await check(biller, covs.ACT100)).status, 200);
      assert.equal((await check(clinician, covs.ACT100)).status, 403);
      assert.equal((await clinician.call('GET', `/api/v1/eligibility?coverage_id=${covs.ACT100.id}`)).status, 200);
      assert.equal((await clinician.call('POST', '/api/v1/eligibility/batch-runs', { body: {} })).status, 403);
      assert.equal((await check(admin, covs.ACT100)).status, 403);
      assert.equal((await admin.call('GET', `/api/v1/eligibility?coverage_id=${covs.ACT100.id}`)).status, 403);
      const url = `/api/v1/clearinghouses/${clearinghouse.id}/eligibility`;
      const current = await admin.call('GET', url);
      assert.equal(current.status, 200);
      const set = await admin.call('PUT', url, { body: { url: ch.url, connect_timeout_ms: 500, timeout_ms: TIMEOUT_MS }, headers: { 'if-match': current.headers.etag } });
      assert.equal(set.status, 200, set.text);
      // Another practice's coverage is not ours to check.
      const others = (await env.call('GET', '/api/v1/locations')).json.items.filter((l) => l.id !== location.id);
      if (others.length) {
        const limited = await signIn(env.base, addUser(env.db.url, ['front_desk'], undefined, 1, [others[0].id]));
        const denied = await limited.call('POST', '/api/v1/eligibility/batch-runs', { body: { location_ids: [location.id] } });
        assert.equal(denied.status, 403, denied.text);
      }
    });

    test('every check is in the patient’s audit trail', async () => {
      const events = await env.call('GET', `/api/v1/patients/${patients.INA100.id}/disclosures?limit=200`);
      assert.equal(events.status, 200, events.text);
      const ours = events.json.items.filter((e) => e.resource_type === 'eligibility_check');
      const actions = new Set(ours.map((e) => e.action));
      for (const a of ['export', 'create', 'read', 'search']) assert.ok(actions.has(a), `${a} in ${[...actions]}`);
      assert.ok(ours.some((e) => /^270 to clearinghouse \d+ ISA13 \d+/.test(e.resource_id)), JSON.stringify(ours.slice(0, 3)));
    });

    test('bad input names the field', async () => {
      const cases = [
        [{ service_date: checkDay }, 'coverage_id'],
        [{ coverage_id: covs.ACT100.id }, 'service_date'],
        [{ coverage_id: covs.ACT100.id, service_date: '2026-13-40' }, 'service_date'],
        [{ coverage_id: 999999, service_date: checkDay }, 'coverage_id'],
        [{ coverage_id: 'one', service_date: checkDay }, 'coverage_id'],
        [{ coverage_id: covs.ACT100.id, service_date: checkDay, service_type: 'XYZ' }, 'service_type'],
        [{ coverage_id: covs.ACT100.id, service_date: checkDay, provider_id: 999999 }, 'provider_id'],
        [{ coverage_id: covs.ACT100.id, service_date: checkDay, clearinghouse_id: 999999 }, 'clearinghouse_id'],
        [{ coverage_id: covs.ACT100.id, service_date: checkDay, member: 'x' }, 'member'],
      ];
      for (const [body, field] of cases) {
        const r = await desk.call('POST', '/api/v1/eligibility', { body });
        assert.equal(r.status, 422, `${JSON.stringify(body)}: ${r.text}`);
        assert.match(r.headers['content-type'], /application\/problem\+json/);
        assert.ok(r.json.errors.some((e) => e.field === field), `${field} in ${r.text}`);
      }
      const notJson = await desk.call('POST', '/api/v1/eligibility', { raw: Buffer.from('coverage_id=1'), headers: { 'content-type': 'text/plain' } });
      assert.equal(notJson.status, 415);
      const list = await desk.call('GET', '/api/v1/eligibility');
      assert.equal(list.status, 422);
      assert.equal(list.json.errors[0].field, 'coverage_id');
      assert.equal((await desk.call('GET', '/api/v1/eligibility/999999')).status, 404);
      for (const [body, field] of [[{ date: 'tomorrow' }, 'date'], [{ concurrency: 0 }, 'concurrency'], [{ location_ids: [999999] }, 'location_ids[0]']]) {
        const r = await env.call('POST', '/api/v1/eligibility/batch-runs', { body });
        assert.equal(r.status, 422, r.text);
        assert.equal(r.json.errors[0].field, field);
      }
    });
  });
}
