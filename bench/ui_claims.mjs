// SPDX-License-Identifier: AGPL-3.0-or-later
// Issue 18: "the claim queue with 10,000 claims renders in under 100 ms from data arrival",
// measured in Debian's chromium (headless, through playwright-core).
//   node bench/ui_claims.mjs [RUNS] [CLAIMS]        (default 20 runs, 10,000 claims)
// Makes CLAIMS claims through the API, as a practice would: finalised visits of the demo's
// insured patients (one 99213 line each, dated over the last 60 days), one claim each; then
// scrubs a third of them (ready, or with findings) and puts 1,000 ready ones in a batch, so that
// the queue has several states to count. Signs in as a biller and opens the queue RUNS times
// (in-app navigation from the accounts tab). The app records "claims-render" from the moment
// the opening tab's page of claims has arrived to the first frame after the DOM is committed;
// this prints its percentiles, and the time from opening the queue to that frame (the counts
// from GET /api/v1/claims/counts, then one page of 50 claims).
import { freshDatabase, cli, startServer, signIn, addUser } from '../tests/integration/helpers.mjs';
import { launch } from '../tests/e2e/browser.mjs';

const RUNS = Number(process.argv[2] ?? 20);
const CLAIMS = Number(process.argv[3] ?? 10_000);
const DAY = 86_400_000;

/** Runs `fn` over `items` with `width` calls in flight. */
async function pool(items, width, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) {
      const k = next++;
      out[k] = await fn(items[k], k);
    }
  }));
  return out;
}

const db = freshDatabase('sqlite');
cli('init', '--db', db.url);
cli('demo', '--db', db.url, '--patients', '400', '--appointments', '0', '--no-users');
const server = await startServer(db.url);
const api = (await signIn(server.base, addUser(db.url, ['manager']))).call;
const biller = addUser(db.url, ['biller']);
try {
  const started = Date.now();
  const loc = (await api('GET', '/api/v1/locations')).json.items[0];
  const prov = (await api('GET', '/api/v1/providers?limit=200')).json.items.find((p) => p.location_ids.includes(loc.id));
  const insured = [];
  for (let cursor = ''; ;) {
    const page = (await api('GET', `/api/v1/coverages?limit=200${cursor ? `&cursor=${cursor}` : ''}`)).json;
    for (const c of page.items) if (c.priority === 'primary' && c.active !== false && !c.end_date) insured.push(c.patient_id);
    if (!page.next_cursor) break;
    cursor = encodeURIComponent(page.next_cursor);
  }
  const patients = [...new Set(insured)];
  const perPatient = Math.ceil(CLAIMS / patients.length);
  if (perPatient > 60) throw new Error(`${patients.length} insured patients are too few for ${CLAIMS} claims`);
  const visits = Array.from({ length: CLAIMS }, (_, k) => ({
    patient: patients[k % patients.length],
    day: new Date(Date.now() - (1 + Math.floor(k / patients.length)) * DAY).toISOString().slice(0, 10),
  }));
  const encounters = await pool(visits, 8, async (v) => {
    const r = await api('POST', '/api/v1/encounters', { body: { patient_id: v.patient, provider_id: prov.id,
      location_id: loc.id, date_of_service: v.day, diagnoses: ['E119'],
      lines: [{ code: '99213', diagnosis_pointers: [1], charge_cents: 12500 }] } });
    if (r.status !== 201) throw new Error(r.text);
    return r.json.id;
  });
  for (let k = 0; k < encounters.length; k += 1000) {
    const r = await api('POST', '/api/v1/encounters/finalize', { body: { ids: encounters.slice(k, k + 1000) } });
    if (r.status !== 200 || r.json.failed.length) throw new Error(r.text);
  }
  const claims = await pool(encounters, 8, async (id) => {
    const r = await api('POST', '/api/v1/claims', { body: { encounter_id: id } });
    if (r.status !== 201) throw new Error(r.text);
    return r.json.id;
  });
  const scrubbed = await pool(claims.filter((_, k) => k % 3 === 0), 8, async (id) =>
    (await api('POST', `/api/v1/claims/${id}/scrub`)).json);
  const ready = scrubbed.filter((c) => c.state === 'ready').map((c) => c.id);
  if (ready.length) {
    const b = await api('POST', '/api/v1/claim-batches', { body: { claim_ids: ready.slice(0, 1000) } });
    if (b.status !== 201) throw new Error(b.text);
  }
  console.log(`made ${claims.length} claims in ${((Date.now() - started) / 1000).toFixed(0)} s`);

  const browser = await launch();
  const page = await browser.context.newPage();
  await page.goto(`${server.base}/`);
  await page.getByLabel('Username').fill(biller.username);
  await page.getByLabel('Password').fill(biller.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  const go = (to) => page.evaluate((t) => {
    history.pushState(null, '', t);
    dispatchEvent(new PopStateEvent('popstate'));
  }, to);
  const loads = [];
  for (let i = 0; i <= RUNS; i++) {
    await go('/billing/accounts');
    await page.getByRole('heading', { name: 'Guarantor accounts' }).waitFor();
    const before = await page.evaluate(() => performance.getEntriesByName('claims-render').length);
    const t0 = Date.now();
    await go('/billing/claims');
    await page.waitForFunction((b) => performance.getEntriesByName('claims-render').length > b, before, { timeout: 120_000 });
    loads.push(Date.now() - t0);
  }
  const counts = await page.locator('.claim-tabs button').allInnerTexts();
  const rows = await page.locator('tr[data-claim]').count();
  const stats = async (name) => {
    const ms = (await page.evaluate((n) => performance.getEntriesByName(n).map((e) => e.duration), name))
      .slice(1).sort((a, b) => a - b);
    const pct = (q) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))].toFixed(1);
    return `p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms, max ${ms[ms.length - 1].toFixed(1)} ms over ${ms.length} loads`;
  };
  loads.sort((a, b) => a - b);
  console.log(`claim queue, ${claims.length} claims (tabs: ${counts.map((t) => t.replace(/\s+/g, ' ')).join(', ')}; ${rows} rows on the page):`);
  console.log(`  opening the queue to the first page painted (counts, then 50 claims): p50 ${loads[Math.floor(loads.length / 2)]} ms, p95 ${loads[Math.min(loads.length - 1, Math.floor(0.95 * loads.length))]} ms`);
  console.log(`  DOM committed: ${await stats('claims-commit')}`);
  console.log(`  frame painted: ${await stats('claims-render')} (limit 100 ms)`);
  await browser.close();
} finally {
  await server.stop();
  db.drop();
}
