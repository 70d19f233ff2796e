// SPDX-License-Identifier: AGPL-3.0-or-later
// The eligibility batch under load (issue 17, "Performance": "an eligibility batch of 1,000
// coverages against the loopback test server, with 10 % of answers slow or failing, finishes in
// bounded time and reports each").
//
// A fresh database (SQLite, or PostgreSQL with --postgres under tests/support/with_postgres.sh),
// the demo practice without patients, then N patients each with one coverage and one appointment
// on the same day, booked through the API. Member ids decide the loopback clearinghouse's answer
// (tests/support/eligibility_server.mjs): 5 % SLOW (it sleeps past the time box), 2.5 % FAIL
// (HTTP 500), 2.5 % RST (connection reset), 10 % INA (inactive), 10 % REJ (AAA 72), the rest ACT.
// Then POST /api/v1/eligibility/batch-runs for that day, timed, and every coverage's line checked
// against what its member id should give; then `medoffice eligibility run` for the same day (the
// cron path: the payers' answers come from the day's cache, the slow and failing ones are asked
// again).
//
//   MEDOFFICE_BIN=$PWD/build/h-elig-rel/medoffice node bench/eligibility_batch.mjs \
//       [--coverages 1000] [--concurrency 16] [--timeout-ms 2000] [--slow-ms 5000] [--postgres]
import { spawn } from 'node:child_process';
import { loadavg, cpus } from 'node:os';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const N = Number(arg('--coverages', 1000));
const CONCURRENCY = Number(arg('--concurrency', 16));
const TIMEOUT_MS = Number(arg('--timeout-ms', 2000));
const SLOW_MS = Number(arg('--slow-ms', 5000));
const POSTGRES = process.argv.includes('--postgres');

const { freshDatabase, cli, startServer, addUser, signIn, envFor, BIN } = await import('../tests/integration/helpers.mjs');
const { startEligibilityServer } = await import('../tests/support/eligibility_server.mjs');

/** What a member id's class should come to. */
function classOf(i) {
  if (i % 20 === 0) return ['SLOW', 'timed_out'];
  if (i % 40 === 10) return ['FAIL', 'failed'];
  if (i % 40 === 30) return ['RST', 'failed'];
  if (i % 10 === 3) return ['INA', 'inactive'];
  if (i % 10 === 7) return ['REJ', 'rejected'];
  return ['ACT', 'active'];
}

/** Runs `fn(i)` for i in [0, n) with `width` at a time. */
async function pool(n, width, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (;;) {
        const i = next++;
        if (i >= n) return;
        await fn(i);
      }
    }),
  );
}

function cliAsync(...args) {
  const i = args.indexOf('--db');
  return new Promise((resolve) => {
    const child = spawn(BIN, args, { env: envFor(i >= 0 ? args[i + 1] : '') });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const load = loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`# eligibility batch: ${N} coverages, concurrency ${CONCURRENCY}, time box ${TIMEOUT_MS} ms, slow answers after ${SLOW_MS} ms`);
console.log(`# ${POSTGRES ? 'postgres' : 'sqlite'}, ${cpus().length} CPUs, load average ${load}, binary ${BIN}`);

const db = freshDatabase(POSTGRES ? 'postgres' : 'sqlite');
const clearinghouse = await startEligibilityServer({ slowMs: SLOW_MS });
let server;
try {
  for (const step of [['init', '--db', db.url], ['demo', '--db', db.url, '--patients', '0', '--no-users']]) {
    const r = cli(...step);
    if (r.status !== 0) throw new Error(`${step[0]}: ${r.stderr}`);
  }
  server = await startServer(db.url);
  const manager = await signIn(server.base, addUser(db.url, ['manager']));
  const call = manager.call;
  const ch = await call('POST', '/api/v1/clearinghouses', {
    body: { name: 'Loopback', submitter_id: 'SUB1', receiver_id: 'CH1', receiver_name: 'LOOPBACK', transport: 'file_drop',
      outbox: '/tmp/mo-elig-bench/out', inbox: '/tmp/mo-elig-bench/in', archive: '/tmp/mo-elig-bench/done' },
  });
  if (ch.status !== 201) throw new Error(ch.text);
  const set = await call('PUT', `/api/v1/clearinghouses/${ch.json.id}/eligibility`, {
    body: { url: clearinghouse.url, connect_timeout_ms: Math.min(1000, TIMEOUT_MS), timeout_ms: TIMEOUT_MS },
  });
  if (set.status !== 200) throw new Error(set.text);
  const payer = (await call('GET', '/api/v1/payers?limit=100')).json.items.find((p) => p.x12_payer_id);
  const provider = (await call('GET', '/api/v1/providers?limit=1')).json.items[0];
  const location = (await call('GET', '/api/v1/locations?limit=1')).json.items[0];
  const type = (await call('GET', '/api/v1/appointment-types?limit=1')).json.items[0];
  const day = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);

  const t0 = performance.now();
  const expected = new Map();
  await pool(N, 8, async (i) => {
    const [prefix, state] = classOf(i);
    const p = await call('POST', '/api/v1/patients', {
      body: { family_name: 'Batch', given_name: `Pat${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26) % 26)}`,
        birth_date: '1980-02-03', sex: i % 2 ? 'female' : 'male', phone: `+1217${String(5000000 + i).padStart(7, '0')}`,
        address: { line1: `${i} Main St`, city: 'Springfield', state: 'IL', postal_code: '62701' } },
    });
    if (p.status !== 201) throw new Error(p.text);
    const c = await call('POST', '/api/v1/coverages', {
      body: { patient_id: p.json.id, payer_id: payer.id, member_id: `${prefix}${String(i).padStart(6, '0')}`, effective_date: '2024-01-01' },
    });
    if (c.status !== 201) throw new Error(c.text);
    const start = new Date(Date.parse(`${day}T14:00:00Z`) + (i % 32) * 15 * 60_000);
    const a = await call('POST', '/api/v1/appointments', {
      body: { patient_id: p.json.id, provider_id: provider.id, location_id: location.id, appointment_type_id: type.id,
        start: start.toISOString(), end: new Date(start.getTime() + 15 * 60_000).toISOString(), overbook: true },
    });
    if (a.status !== 201) throw new Error(a.text);
    expected.set(c.json.id, state);
  });
  console.log(`# set-up: ${N} patients, coverages and appointments in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const before = clearinghouse.counts.requests;
  const t1 = performance.now();
  const run = await call('POST', '/api/v1/eligibility/batch-runs', { body: { date: day, concurrency: CONCURRENCY }, timeoutMs: 3_600_000 });
  const apiMs = performance.now() - t1;
  if (run.status !== 200) throw new Error(run.text);
  const seen = new Set();
  let wrong = 0;
  for (const item of run.json.items) {
    seen.add(item.coverage_id);
    if (expected.get(item.coverage_id) !== item.state) {
      if (wrong++ < 5) console.log(`# unexpected: coverage ${item.coverage_id} ${item.state} (${item.reason}), wanted ${expected.get(item.coverage_id)}`);
    }
  }
  const missing = [...expected.keys()].filter((id) => !seen.has(id)).length;
  const slow = [...expected.values()].filter((s) => s === 'timed_out').length;
  const bound = Math.ceil(N / CONCURRENCY) * TIMEOUT_MS;
  const expectedMs = Math.ceil(slow / CONCURRENCY) * TIMEOUT_MS;
  const result = {
    engine: POSTGRES ? 'postgres' : 'sqlite', coverages: N, concurrency: CONCURRENCY, timeout_ms: TIMEOUT_MS,
    api_batch_ms: Math.round(apiMs), server_elapsed_ms: run.json.elapsed_ms, counts: run.json.counts,
    reported: run.json.items.length, missing, wrong_state: wrong, requests_sent: clearinghouse.counts.requests - before,
    max_in_flight_at_clearinghouse: clearinghouse.counts.maxInFlight,
    worst_case_bound_ms: bound, slow_rounds_ms: expectedMs, ratio_to_bound: +(apiMs / bound).toFixed(3),
  };
  console.log(JSON.stringify(result));

  const t2 = performance.now();
  const cron = await cliAsync('eligibility', 'run', '--db', db.url, '--date', day, '--concurrency', String(CONCURRENCY));
  const cronMs = performance.now() - t2;
  if (cron.status !== 0) throw new Error(cron.stderr);
  const lines = cron.stdout.trim().split('\n');
  console.log(JSON.stringify({ cli_batch_ms: Math.round(cronMs), lines: lines.length - 1, cached: lines.filter((l) => l.endsWith('(checked earlier)')).length,
    summary: lines.at(-1) }));
  if (missing || wrong || lines.length - 1 !== N) process.exitCode = 1;
} finally {
  await server?.stop();
  await clearinghouse.close();
  db.drop();
}
