// SPDX-License-Identifier: AGPL-3.0-or-later
// Issue 18: "the ledger of an account with 2,000 entries renders in under 100 ms from data
// arrival", measured in Debian's chromium (headless, through playwright-core).
//   node bench/ui_ledger.mjs [RUNS]        (default 20)
// Gives one self-pay patient 40 finalised encounters of 50 charge lines each (2,000 charges),
// signs in as a biller and opens the account's ledger RUNS times (in-app navigation from the
// account list). The app records "ledger-render" from the moment the last page of entries has
// arrived to the first frame after the DOM is committed; this prints its percentiles.
import { freshDatabase, cli, startServer, signIn, addUser } from '../tests/integration/helpers.mjs';
import { launch } from '../tests/e2e/browser.mjs';

const RUNS = Number(process.argv[2] ?? 20);

const db = freshDatabase('sqlite');
cli('init', '--db', db.url);
cli('demo', '--db', db.url, '--patients', '20', '--appointments', '0', '--no-users');
const server = await startServer(db.url);
const api = (await signIn(server.base, addUser(db.url, ['biller']))).call;
const biller = addUser(db.url, ['biller']);
try {
  const loc = (await api('GET', '/api/v1/locations')).json.items[0];
  const prov = (await api('GET', '/api/v1/providers?limit=200')).json.items.find((p) => p.location_ids.includes(loc.id));
  const patient = (await api('POST', '/api/v1/patients', { body: { family_name: 'Benchley', given_name: 'Bea',
    birth_date: '1970-01-01', sex: 'female', phone: '+12175550100' } })).json;
  let accountId = 0;
  for (let k = 0; k < 40; k++) {
    const day = new Date(Date.now() - (60 - k) * 86_400_000).toISOString().slice(0, 10);
    const enc = await api('POST', '/api/v1/encounters', { body: { patient_id: patient.id, provider_id: prov.id,
      location_id: loc.id, date_of_service: day, diagnoses: ['E119'],
      lines: Array.from({ length: 50 }, (_, i) => ({ code: '99213', diagnosis_pointers: [1], charge_cents: 1000 + i })) } });
    if (enc.status !== 201) throw new Error(enc.text);
    accountId = enc.json.account_id;
    const fin = await api('POST', `/api/v1/encounters/${enc.json.id}/finalize`);
    if (fin.status !== 200) throw new Error(fin.text);
  }
  const entries = (await api('GET', `/api/v1/accounts/${accountId}/ledger?limit=1`)).json.account.balance.entries;

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
  for (let i = 0; i <= RUNS; i++) {
    await go('/billing/accounts');
    await page.getByRole('heading', { name: 'Guarantor accounts' }).waitFor();
    const before = await page.evaluate(() => performance.getEntriesByName('ledger-render').length);
    await go(`/billing/accounts/${accountId}`);
    await page.waitForFunction((b) => performance.getEntriesByName('ledger-render').length > b, before, { timeout: 60_000 });
  }
  const rows = await page.locator('tr[data-entry]').count();
  const stats = async (name) => {
    const ms = (await page.evaluate((n) => performance.getEntriesByName(n).map((e) => e.duration), name))
      .slice(1).sort((a, b) => a - b);
    const pct = (q) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))].toFixed(1);
    return `p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms, max ${ms[ms.length - 1].toFixed(1)} ms over ${ms.length} loads`;
  };
  console.log(`account ledger, ${entries} entries (${rows} rows on the first page), after the last page has arrived:`);
  console.log(`  DOM committed: ${await stats('ledger-commit')}`);
  console.log(`  frame painted: ${await stats('ledger-render')} (limit 100 ms)`);
  await browser.close();
} finally {
  await server.stop();
  db.drop();
}
