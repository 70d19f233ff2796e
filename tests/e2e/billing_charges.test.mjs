// SPDX-License-Identifier: AGPL-3.0-or-later
// End to end (issue 18, charge entry and eligibility): in a real browser against the real binary
// on a fresh SQLite database with the demo clinic, its printed logins, the real CMS ICD-10-CM
// FY2026 (from ../shared/codesets, else the starter set) and the loopback clearinghouse of
// tests/support/eligibility_server.mjs. The front desk checks eligibility at check-in (an active
// answer with its co-pay, co-insurance and deductible; a timed-out one shown inline while the
// check-in completes) and from the patient's insurance. The clinician checks a visit out straight
// into its charges: diagnoses found as typed, the superbill's line, more lines, a bad field named
// before sending and one named by the server, a draft. The biller finalises from the charges list
// and posts a correction, whose history shows the replaced line. axe-core on each screen and
// dialog; screenshots.
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freshDatabase, cli, startServer, signIn, addUser } from '../integration/helpers.mjs';
import { startEligibilityServer } from '../support/eligibility_server.mjs';
import { launch, axeViolations, shot, debugShot } from './browser.mjs';

const ZONE = 'America/Chicago';
const SHARED = process.env.MEDOFFICE_SHARED ?? new URL('../../../shared', import.meta.url).pathname;
const ICD2026 = join(SHARED, 'codesets', 'icd10cm', 'icd10cm_order_2026.txt');

/** The demo's printed logins: {username: {password}}. */
function parseLogins(text) {
  const out = {};
  let current = null;
  for (const line of text.split('\n')) {
    let m = line.match(/^user (\w+) \(id \d+\)/);
    if (m) { current = m[1]; out[current] = { username: current }; continue; }
    m = line.match(/one-time password: (\S+)/);
    if (m && current) out[current].password = m[1];
  }
  return out;
}

const localDate = (iso, zone = ZONE) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));

async function expectAccessible(page, screen) {
  assert.deepEqual(await axeViolations(page), [], `axe: ${screen} has serious or critical violations`);
}

describe('charge entry and eligibility in a real browser', () => {
  let db; let server; let browser; let page; let logins; let api; let ch;
  let location; let provider; let followUp; let fullIcd = false;
  const visits = {}; const patients = {}; const pageErrors = [];

  async function signInAs(username) {
    if (await page.getByRole('button', { name: 'Sign out' }).count()) await page.getByRole('button', { name: 'Sign out' }).click();
    else await page.goto(`${server.base}/`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(logins[username].password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    const pick = page.getByRole('combobox', { name: 'Location' });
    if (await pick.count()) await pick.selectOption(String(location.id));
  }

  /** A patient with one primary coverage whose member id tells the clearinghouse how to answer,
   * and a visit today starting within the next minutes. */
  async function patientWithVisit(name, memberId, minutes) {
    const payer = (await api('GET', '/api/v1/payers?limit=100')).json.items.find((p) => p.x12_payer_id);
    const made = await api('POST', '/api/v1/patients', { body: { family_name: name, given_name: 'Casey', birth_date: '1979-04-12',
      sex: 'female', phone: `+1217555${String(1000 + minutes).slice(-4)}` } });
    assert.equal(made.status, 201, made.text);
    const cov = await api('POST', '/api/v1/coverages', { body: { patient_id: made.json.id, payer_id: payer.id, member_id: memberId,
      effective_date: '2024-01-01' } });
    assert.equal(cov.status, 201, cov.text);
    const now = Date.now();
    let start = new Date(Math.floor(now / 300_000) * 300_000 + minutes * 60_000);
    if (localDate(start.toISOString()) !== localDate(new Date(now).toISOString())) start = new Date(start.getTime() - 3 * 3_600_000);
    const visit = await api('POST', '/api/v1/appointments', { body: { patient_id: made.json.id, provider_id: provider.id,
      location_id: location.id, appointment_type_id: followUp.id, start: start.toISOString(),
      end: new Date(start.getTime() + 20 * 60_000).toISOString(), overbook: true } });
    assert.equal(visit.status, 201, visit.text);
    patients[name] = made.json;
    visits[name] = visit.json;
  }

  before(async () => {
    db = freshDatabase('sqlite');
    assert.equal(cli('init', '--db', db.url).status, 0);
    const demo = cli('demo', '--db', db.url, '--patients', '30', '--appointments', '0');
    assert.equal(demo.status, 0, demo.stderr);
    logins = parseLogins(demo.stdout);
    assert.ok(logins.frontdesk?.password && logins.clinician?.password && logins.biller?.password, 'the demo prints its logins');
    if (existsSync(ICD2026)) {
      const imported = cli('import', 'icd10cm', '--db', db.url, ICD2026);
      assert.equal(imported.status, 0, imported.stderr);
      fullIcd = true;
    } else {
      console.log(`# ICD-10-CM FY2026 not found at ${ICD2026}: the starter set answers the searches`);
    }
    server = await startServer(db.url);
    ch = await startEligibilityServer({ slowMs: 4000 });
    // A manager of our own sets the stage over the API; the browser does the work.
    api = (await signIn(server.base, addUser(db.url, ['manager']))).call;
    location = (await api('GET', '/api/v1/locations')).json.items.find((l) => l.time_zone === ZONE);
    provider = (await api('GET', '/api/v1/providers?limit=200')).json.items.find((p) => p.location_ids.includes(location.id));
    followUp = (await api('GET', '/api/v1/appointment-types')).json.items.find((t) => t.name === 'Follow-up visit');
    for (const [code, cents] of [['99213', 12500], ['99214', 18500], ['90686', 3800], ['90471', 2500]]) {
      const fee = await api('POST', '/api/v1/fee-schedule', { body: { code, amount_cents: cents, effective_from: '2026-01-01' } });
      assert.equal(fee.status, 201, fee.text);
    }
    // The real-time clearinghouse: a check that has no answer within a second is timed out.
    const house = await api('POST', '/api/v1/clearinghouses', { body: { name: 'Loopback clearinghouse', submitter_id: 'SUB1',
      receiver_id: 'CH1', receiver_name: 'TEST CLEARINGHOUSE', transport: 'file_drop', outbox: '/tmp/mo-e2e-elig-out',
      inbox: '/tmp/mo-e2e-elig-in', archive: '/tmp/mo-e2e-elig-done' } });
    assert.equal(house.status, 201, house.text);
    const rt = await api('PUT', `/api/v1/clearinghouses/${house.json.id}/eligibility`, { body: { url: ch.url,
      connect_timeout_ms: 500, timeout_ms: 1000 } });
    assert.equal(rt.status, 200, rt.text);
    await patientWithVisit('Chargewell', 'ACT4411', 5);
    await patientWithVisit('Slowpoke', 'SLOW5522', 10);
    browser = await launch();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
  });
  after(async () => { await browser?.close(); await server?.stop(); await ch?.close(); db?.drop(); });
  after(() => assert.deepEqual(pageErrors, [], 'no script errors in the page'));
  let testNo = 0;
  afterEach(async () => { if (page) await debugShot(page, `charges-after-${++testNo}`).catch(() => {}); });

  test('eligibility at check-in: an active answer with its co-pay; a timed-out one inline while check-in completes', async () => {
    await signInAs('frontdesk');
    assert.equal(await page.getByRole('link', { name: 'Charges', exact: true }).count(), 0, 'the front desk does not code visits');
    await page.getByRole('link', { name: 'Flow board' }).click();
    const openCheckIn = async (name) => {
      await page.locator(`.card[data-appointment="${visits[name].id}"]`).getByRole('button', { name: 'Check in' }).click();
      const dlg = page.getByRole('dialog', { name: 'Check in' });
      await dlg.getByText(`${name}, Casey`).waitFor();
      return dlg;
    };
    let dlg = await openCheckIn('Chargewell');
    await dlg.getByRole('button', { name: /Check eligibility/ }).click();
    const active = dlg.locator('[data-testid="eligibility-result"][data-state="active"]');
    await active.waitFor();
    assert.match(await active.innerText(), /Active for \d{4}-\d{2}-\d{2} · ACME GOLD PPO · group GRP-5500/);
    assert.equal(await active.getByTestId('elig-copay').innerText(), '$25.00', 'the office-visit co-pay (98), in network');
    assert.equal(await active.getByTestId('elig-coinsurance').innerText(), '20%');
    assert.equal(await active.getByTestId('elig-deductible').innerText(), '$1,500.00, $1,125.50 remaining');
    await dlg.getByLabel('Demographics confirmed with the patient').check();
    await expectAccessible(page, 'check-in with eligibility');
    await shot(page, 'billing-eligibility-checkin');
    // The payer's co-pay becomes today's (the coverage on file has none).
    assert.equal(await dlg.getByTestId('copay-due').innerText(), '$0.00');
    await active.getByRole('button', { name: 'Take it as today’s co-pay' }).click();
    assert.equal(await dlg.getByLabel('Amount ($)').inputValue(), '25.00');
    await dlg.getByLabel('Method').selectOption('cash');
    await dlg.getByRole('button', { name: 'Check in', exact: true }).click();
    await page.getByText('Chargewell, Casey is checked in').waitFor();
    assert.match(await page.getByTestId('receipt').innerText(), /Co-pay\s+\$25\.00/);
    await page.getByRole('button', { name: 'Done' }).click();
    const paid = (await api('GET', `/api/v1/payments?appointment_id=${visits.Chargewell.id}`)).json.items;
    assert.deepEqual(paid.map((x) => [x.amount_cents, x.method]), [[2500, 'cash']]);

    // A payer that does not answer in time: shown inline, and the desk checks the patient in.
    dlg = await openCheckIn('Slowpoke');
    await dlg.getByRole('button', { name: /Check eligibility/ }).click();
    await dlg.getByText(/Asking the payer/).waitFor();
    assert.equal(await dlg.getByRole('button', { name: 'Check in', exact: true }).isEnabled(), true, 'check-in does not wait');
    const late = dlg.locator('[data-testid="eligibility-result"][data-state="timed_out"]');
    await late.waitFor();
    assert.match(await late.innerText(), /No answer in time for \d{4}-\d{2}-\d{2}: no complete answer from the clearinghouse within/);
    await expectAccessible(page, 'check-in with a timed-out check');
    await shot(page, 'billing-eligibility-timeout');
    await dlg.getByLabel('Demographics confirmed with the patient').check();
    await dlg.getByRole('button', { name: 'Check in', exact: true }).click();
    await page.getByText('Slowpoke, Casey is checked in').waitFor();
    for (const name of ['Chargewell', 'Slowpoke'])
      assert.equal((await api('GET', `/api/v1/appointments/${visits[name].id}`)).json.status, 'arrived');

    // From registration: the patient's insurance; the day's answer comes back from the cache.
    const before = ch.counts.requests;
    await page.goto(`${server.base}/patients/${patients.Chargewell.id}`);
    await page.getByRole('button', { name: /Check eligibility/ }).click();
    const panel = page.getByRole('region', { name: /Eligibility of/ });
    await panel.locator('[data-testid="eligibility-result"][data-state="active"]').waitFor();
    assert.match(await panel.innerText(), /answer from[\s\S]*Co-pay\s+\$25\.00/);
    assert.equal(ch.counts.requests, before, 'the day\u2019s answer was reused');
    await expectAccessible(page, 'patient page with eligibility');
  });

  test('the clinician checks out into the visit\u2019s charges: diagnosis search, lines, fields named, a draft', async () => {
    await signInAs('clinician');
    await page.getByRole('link', { name: 'Flow board' }).click();
    await page.locator(`.card[data-appointment="${visits.Chargewell.id}"]`).getByRole('button', { name: 'Check out' }).click();
    await page.getByRole('dialog', { name: 'Check out' }).getByRole('button', { name: 'Finish and enter charges' }).click();
    await page.getByRole('heading', { name: 'Charges for a visit' }).waitFor();
    assert.match(await page.getByTestId('charge-patient').innerText(), /Chargewell, Casey/);
    // The visit type's superbill is the first line, priced from the schedule.
    const line = (n) => page.locator(`tbody[data-line="${n}"]`);
    assert.equal(await line(1).getByLabel('Line 1 code').inputValue(), '99213');
    await line(1).getByText('$125.00 from the fee schedule').waitFor();

    // Diagnoses, ranked as typed: a code, then words.
    const search = page.getByRole('combobox', { name: 'Add a diagnosis (ICD-10-CM)' });
    await search.click();
    await page.keyboard.type('E11.9', { delay: 30 });
    const first = page.locator('.dx-results [role="option"]').first();
    await page.waitForFunction(() => document.querySelector('.dx-results [role="option"]')?.dataset.code === 'E119');
    assert.match(await first.innerText(), /E11\.9\s+Type 2 diabetes mellitus without complications/);
    await page.keyboard.press('Enter');
    await page.locator('.dx-list li[data-dx="E119"]').waitFor();
    await page.keyboard.type(fullIcd ? 'encounter immuniz' : 'immuniz', { delay: 30 });
    const z23 = page.locator('.dx-results [role="option"][data-code="Z23"]');
    await z23.waitFor();
    await expectAccessible(page, 'charge entry with search results');
    await shot(page, 'billing-charge-entry');
    await z23.click();
    await page.locator('.dx-list li[data-dx="Z23"]').waitFor();
    assert.equal(await line(1).getByLabel('Line 1 diagnosis pointers').inputValue(), '1', 'the superbill line points at the first');
    if (fullIcd) {
      // A header is not added: it opens the codes under it.
      await search.fill('');
      await page.keyboard.type('J06', { delay: 30 });
      await page.waitForFunction(() => document.querySelector('.dx-results [role="option"]')?.dataset.code === 'J06');
      await page.keyboard.press('Enter');
      await page.locator('.dx-results [role="option"][data-code="J069"]').waitFor();
      assert.equal(await page.locator('.dx-list li[data-dx="J06"]').count(), 0);
      await search.press('Escape');
    }

    // Two more lines; a wrong one is named at its field before anything is sent.
    for (const [n, code] of [[2, '90686'], [3, '90471']]) {
      await page.getByRole('button', { name: 'Add a line' }).click();
      await line(n).getByLabel(`Line ${n} code`).fill(code);
      await line(n).getByLabel(`Line ${n} diagnosis pointers`).fill('2');
    }
    await line(3).getByLabel('Line 3 units').fill('0');
    await line(2).getByText('$38.00 from the fee schedule').waitFor();
    await page.getByRole('button', { name: 'Save draft' }).click();
    await line(3).locator('.has-error').getByText('units: must be between 1 and 9999').waitFor();
    // The field in error has the focus (waited for: focus may follow the render by a frame).
    const unitsId = await line(3).getByLabel('Line 3 units').getAttribute('id');
    await page.waitForFunction((id) => (document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.id) === id, unitsId, { timeout: 5000 });
    await line(3).getByLabel('Line 3 units').fill('1');
    assert.equal(await page.getByTestId('charge-total').innerText(), '$188.00');
    // One the server names: a line dated before the visit (problem+json, shown at the field).
    await line(2).getByRole('button', { name: 'Details of line 2' }).click();
    const visitDay = localDate(visits.Chargewell.start);
    const dayBefore = new Date(Date.parse(`${visitDay}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    await line(2).getByLabel('Line 2 line date').fill(dayBefore);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await line(2).locator('.has-error').getByText(/line date: is before the encounter's date of service/).waitFor();
    await expectAccessible(page, 'charge entry with a field error');
    await line(2).scrollIntoViewIfNeeded();
    await shot(page, 'billing-charge-lines');
    assert.equal((await api('GET', `/api/v1/encounters?patient_id=${patients.Chargewell.id}`)).json.items.length, 0, 'nothing stored');
    await line(2).getByLabel('Line 2 line date').fill('');
    assert.equal(await page.getByRole('button', { name: 'Finalise and post' }).count(), 0, 'a clinician does not finalise');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('heading', { name: /^Encounter \d+$/ }).waitFor();
    const stored = (await api('GET', `/api/v1/encounters?patient_id=${patients.Chargewell.id}`)).json.items;
    assert.equal(stored.length, 1);
    assert.deepEqual(stored[0].diagnoses, ['E119', 'Z23']);
    assert.equal(stored[0].appointment_id, visits.Chargewell.id);
    assert.equal(stored[0].date_of_service, visitDay);
    assert.deepEqual(stored[0].lines.map((l) => [l.code, l.diagnosis_pointers, l.charge_cents, l.fee_from_schedule]),
      [['99213', [1], 12500, true], ['90686', [2], 3800, true], ['90471', [2], 2500, true]]);
    assert.equal(stored[0].status, 'open');
    assert.equal((await api('GET', `/api/v1/appointments/${visits.Chargewell.id}`)).json.status, 'checked_out');
  });

  test('the biller finalises from the charges list and posts a correction; the history keeps the replaced line', async () => {
    await signInAs('biller');
    await page.getByRole('link', { name: 'Billing', exact: true }).click();
    await page.getByRole('link', { name: 'Charges', exact: true }).click();
    const row = page.locator('tr[data-encounter]', { hasText: 'Chargewell, Casey' });
    await row.waitFor();
    assert.match(await row.innerText(), /\$188\.00[\s\S]*Open/);
    await expectAccessible(page, 'charges list');
    await row.getByRole('link').click();
    await page.getByRole('button', { name: 'Finalise and post' }).click();
    await page.getByText('Finalised: $188.00 posted, billed to the primary.').waitFor();
    const id = Number(page.url().split('/').pop());
    let enc = (await api('GET', `/api/v1/encounters/${id}`)).json;
    assert.equal(enc.status, 'finalized');
    assert.equal(await page.getByTestId('encounter-total').innerText(), '$188.00');

    // Correct: 99213 was a 99214.
    await page.getByRole('button', { name: 'Correct', exact: true }).click();
    const line1 = page.locator('tbody[data-line="1"]');
    await line1.getByLabel('Line 1 code').fill('99214');
    await line1.getByText('$185.00 from the fee schedule').waitFor();
    assert.equal(await page.getByTestId('charge-total').innerText(), '$248.00');
    await page.getByRole('button', { name: 'Post the correction' }).click();
    await page.getByText(/^Correction 1 posted: 2 ledger entries\.$/).waitFor();
    await page.getByText('Corrected 1 time: replaced lines stay here').waitFor();
    const hist = page.getByRole('table', { name: 'Charge lines, current and replaced' });
    const replaced = hist.locator('tr', { hasText: 'Replaced' });
    assert.match(await replaced.innerText(), /Original[\s\S]*99213[\s\S]*\$125\.00[\s\S]*Replaced[\s\S]*\$0\.00[\s\S]*Charge to primary \$125\.00[\s\S]*Reversal of entry \d+ \(correction 1\) \$125\.00/);
    assert.match(await hist.locator('tr', { hasText: '99214' }).innerText(), /^Correction 1[\s\S]*99214[\s\S]*\$185\.00[\s\S]*Posted[\s\S]*\$185\.00/);
    await expectAccessible(page, 'finalised encounter with its history');
    await shot(page, 'billing-charge-history');
    enc = (await api('GET', `/api/v1/encounters/${id}`)).json;
    assert.equal(enc.corrections, 1);
    assert.equal(enc.total_charge_cents, 24800);
    const h = (await api('GET', `/api/v1/encounters/${id}/history`)).json;
    assert.deepEqual(h.lines.map((l) => [l.line.code, l.status, l.balance.total_cents]).sort(),
      [['90471', 'posted', 2500], ['90686', 'posted', 3800], ['99213', 'replaced', 0], ['99214', 'posted', 18500]]);
  });
});
