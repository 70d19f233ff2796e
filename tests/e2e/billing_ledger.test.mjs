// SPDX-License-Identifier: AGPL-3.0-or-later
// End to end (issue 18, account ledger and payments): in a real browser against the real binary
// on a fresh SQLite database with the demo clinic and its printed logins. The biller opens a
// patient's balance, drills into the account's ledger, takes a payment (a bad amount and a card
// number are refused beside their fields), opens the receipt PDF, refunds, reverses, takes a
// prepayment and applies it; the front desk sees the balance at check-in and may take money but
// not refund or reverse. axe-core checks the screen and each dialog; screenshots of the screen
// and the payment dialog.
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase, cli, startServer, signIn, addUser } from '../integration/helpers.mjs';
import { launch, axeViolations, shot, debugShot } from './browser.mjs';

const ZONE = 'America/Chicago';
const DAY = 86_400_000;

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

function localDate(iso, zone = ZONE) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
}

async function expectAccessible(page, screen) {
  assert.deepEqual(await axeViolations(page), [], `axe: ${screen} has serious or critical violations`);
}

describe('the account ledger and payments in a real browser', () => {
  let db; let server; let browser; let page; let logins; let api;
  let location; let provider; let patient; let accountId; const pageErrors = [];

  /** The account's balances as the API has them. */
  const balances = async () => (await api('GET', `/api/v1/accounts/${accountId}/ledger?limit=1`)).json.account.balance;
  const card = (by) => page.getByTestId(`balance-${by}`);
  /** The ledger rows of a kind ("patient_payment"), newest first; `text` narrows them. */
  const entryRow = (kind, text) => page.locator(`tr[data-kind="${kind}"]`, text ? { hasText: text } : {}).first();

  async function signInAs(username) {
    if (await page.getByRole('button', { name: 'Sign out' }).count()) await page.getByRole('button', { name: 'Sign out' }).click();
    else await page.goto(`${server.base}/`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(logins[username].password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
  }

  before(async () => {
    db = freshDatabase('sqlite');
    assert.equal(cli('init', '--db', db.url).status, 0);
    const demo = cli('demo', '--db', db.url, '--patients', '40', '--appointments', '40');
    assert.equal(demo.status, 0, demo.stderr);
    logins = parseLogins(demo.stdout);
    assert.ok(logins.biller?.password && logins.frontdesk?.password, 'the demo prints its logins');
    server = await startServer(db.url);
    // A manager of our own sets the stage over the API; the browser does the work.
    api = (await signIn(server.base, addUser(db.url, ['manager']))).call;
    location = (await api('GET', '/api/v1/locations')).json.items.find((l) => l.time_zone === ZONE);
    provider = (await api('GET', '/api/v1/providers?limit=200')).json.items.find((p) => p.location_ids.includes(location.id));
    // A self-pay patient with one finalised $125.00 visit: the patient owes it all.
    const made = await api('POST', '/api/v1/patients', { body: { family_name: 'Ledgerwood', given_name: 'Lena',
      birth_date: '1980-02-03', sex: 'female', phone: '+12175550142' } });
    assert.equal(made.status, 201, made.text);
    patient = made.json;
    const enc = await api('POST', '/api/v1/encounters', { body: { patient_id: patient.id, provider_id: provider.id,
      location_id: location.id, date_of_service: localDate(new Date(Date.now() - DAY).toISOString()), diagnoses: ['E119'],
      lines: [{ code: '99213', diagnosis_pointers: [1], charge_cents: 12500 }] } });
    assert.equal(enc.status, 201, enc.text);
    accountId = enc.json.account_id;
    const fin = await api('POST', `/api/v1/encounters/${enc.json.id}/finalize`);
    assert.equal(fin.status, 200, fin.text);
    assert.equal((await balances()).patient_due_cents, 12500);
    browser = await launch();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
  });
  after(async () => { await browser?.close(); await server?.stop(); db?.drop(); });
  after(() => assert.deepEqual(pageErrors, [], 'no script errors in the page'));
  let testNo = 0;
  afterEach(async () => { if (page) await debugShot(page, `billing-after-${++testNo}`).catch(() => {}); });

  test('the biller drills from the patient\'s balance to the ledger and takes a payment; bad input is named beside its field', async () => {
    await signInAs('biller');
    await page.goto(`${server.base}/patients/${patient.id}`);
    const bal = page.getByTestId('patient-balance');
    await bal.getByText('$125.00 due from the patient').waitFor();
    await bal.getByRole('link', { name: /Account ledger/ }).click();
    await page.getByRole('heading', { name: /Ledgerwood, Lena/ }).waitFor();
    assert.match(await card('due').innerText(), /Due from the guarantor\s+\$125\.00/);
    assert.match(await card('patient').innerText(), /\$125\.00/);
    assert.equal(await page.locator('tr[data-entry]').count(), 1);
    assert.match(await entryRow('charge').innerText(), /Line \d+[\s\S]*\$125\.00[\s\S]*\+\$125\.00/);
    await expectAccessible(page, 'account ledger');

    await page.getByRole('button', { name: 'Take a payment' }).click();
    const dlg = page.getByRole('dialog', { name: 'Take a payment' });
    await dlg.getByLabel('Amount ($)').fill('twenty');
    await dlg.getByRole('button', { name: 'Take the payment' }).click();
    await dlg.locator('.field.has-error', { hasText: 'Amount ($)' }).getByText('Amount: enter dollars and cents').waitFor();
    // The server's problem+json names the reference: shown under that field.
    await dlg.getByLabel('Amount ($)').fill('200.00');
    await dlg.getByLabel('Terminal reference or card last 4 digits').fill('4242424242424242');
    await dlg.getByRole('button', { name: 'Take the payment' }).click();
    await dlg.locator('.field.has-error', { hasText: 'Terminal reference' }).getByText(/card number/).waitFor();
    assert.equal(await dlg.locator('.field.has-error', { hasText: 'Amount ($)' }).count(), 0, 'the amount is fine now');
    await expectAccessible(page, 'take a payment');
    await shot(page, 'billing-take-payment');
    await dlg.getByLabel('Terminal reference or card last 4 digits').fill('4242');
    await dlg.getByRole('button', { name: 'Take the payment' }).click();

    const taken = page.getByRole('dialog', { name: 'Payment taken' });
    const receipt = await taken.getByTestId('payment-receipt').innerText();
    const number = receipt.match(/R-\d{6}/)?.[0];
    assert.ok(number, receipt);
    assert.match(receipt, /Amount\s+\$200\.00[\s\S]*Kept as credit\s+\$75\.00/);
    // The receipt PDF, its text checked.
    const href = await taken.getByRole('link', { name: 'Open the receipt (PDF)' }).getAttribute('href');
    const pdf = await page.request.get(new URL(href, page.url()).href);
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    const dir = mkdtempSync(join(tmpdir(), 'medoffice-receipt-'));
    try {
      writeFileSync(join(dir, 'r.pdf'), await pdf.body());
      const text = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
      assert.match(text, new RegExp(`${number}[\\s\\S]*\\$200\\.00`));
      assert.match(text, /Ledgerwood/);
      assert.match(text, /card ending 4242/);
    } finally { rmSync(dir, { recursive: true, force: true }); }
    await taken.getByRole('button', { name: 'Done' }).click();

    // The payment paid the charge; $75.00 is credit. The screen says what the API says.
    await card('due').getByText('In credit').waitFor();
    const b = await balances();
    assert.equal(b.credit_cents, 7500);
    assert.equal(b.patient_balance_cents, 0);
    assert.match(await card('credit').innerText(), /\$75\.00/);
    assert.match(await card('patient').innerText(), /\$0\.00/);
    assert.equal(await page.locator('tr[data-entry]').count(), 3);
    assert.match(await entryRow('patient_payment').innerText(), /\$200\.00[\s\S]*\+\$200\.00/);
    assert.match(await entryRow('allocation').innerText(), /-\$125\.00[\s\S]*-\$125\.00/);
    // Drill-down: the credit is these two entries.
    await card('credit').click();
    await page.getByRole('heading', { name: 'Entries that changed the credit' }).waitFor();
    assert.equal(await page.getByTestId('drill-sum').innerText(), '2 entries. Together they leave $75.00 of credit.');
    await page.getByRole('button', { name: 'Show every entry' }).click();
  });

  test('the biller refunds the credit (too much is refused beside the amount), reverses, and applies a prepayment', async () => {
    await entryRow('patient_payment').getByRole('button', { name: /Refund/ }).click();
    const dlg = page.getByRole('dialog', { name: 'Refund a payment' });
    assert.equal(await dlg.getByTestId('refundable').innerText(), '$75.00');
    assert.equal(await dlg.getByLabel('Refund amount ($)').inputValue(), '75.00');
    await dlg.getByLabel('Refund amount ($)').fill('80.00');
    await dlg.getByRole('button', { name: 'Refund' }).click();
    await dlg.locator('.field.has-error', { hasText: 'Refund amount' }).getByText(/more than the payment has unallocated/).waitFor();
    await expectAccessible(page, 'refund');
    await dlg.getByLabel('Refund amount ($)').fill('75.00');
    await dlg.getByLabel('Reason').fill('overpayment returned');
    await dlg.getByRole('button', { name: 'Refund' }).click();
    await entryRow('refund').waitFor();
    assert.match(await card('credit').innerText(), /\$0\.00/);
    assert.equal((await balances()).credit_cents, 0);
    await expectAccessible(page, 'account ledger after a refund');
    await shot(page, 'billing-account-ledger');

    // A payment with a refund cannot be reversed until the refund is: the server says so.
    await entryRow('patient_payment').getByRole('button', { name: /Reverse/ }).click();
    let rev = page.getByRole('dialog', { name: 'Reverse a payment' });
    await rev.getByRole('button', { name: 'Reverse' }).click();
    await rev.getByRole('alert').filter({ hasText: /refund/ }).waitFor();
    await rev.getByRole('button', { name: 'Cancel' }).click();
    await entryRow('refund').getByRole('button', { name: /Reverse/ }).click();
    rev = page.getByRole('dialog', { name: 'Reverse an entry' });
    await expectAccessible(page, 'reverse an entry');
    await rev.getByLabel('Reason').fill('refund keyed by mistake');
    await rev.getByRole('button', { name: 'Reverse' }).click();
    await entryRow('reversal', 'refund keyed by mistake').waitFor();
    assert.match(await card('credit').innerText(), /\$75\.00/);
    await entryRow('patient_payment').getByRole('button', { name: /Reverse/ }).click();
    rev = page.getByRole('dialog', { name: 'Reverse a payment' });
    await rev.getByLabel('Reason').fill('card charged twice');
    await rev.getByRole('button', { name: 'Reverse' }).click();
    await card('due').getByText('Due from the guarantor').waitFor();
    assert.match(await card('due').innerText(), /\$125\.00/);
    assert.equal((await balances()).patient_due_cents, 12500);

    // A prepayment stays as credit until a biller applies it.
    await page.getByRole('button', { name: 'Take a payment' }).click();
    const pay = page.getByRole('dialog', { name: 'Take a payment' });
    await pay.getByLabel('Apply it').selectOption('prepayment');
    await pay.getByLabel('Amount ($)').fill('50');
    await pay.getByLabel('Method').selectOption('cash');
    await pay.getByRole('button', { name: 'Take the payment' }).click();
    await page.getByRole('dialog', { name: 'Payment taken' }).getByRole('button', { name: 'Done' }).click();
    await card('credit').getByText('$50.00').waitFor();
    assert.match(await card('due').innerText(), /\$75\.00/);
    await page.getByRole('button', { name: 'Apply credit' }).click();
    const apply = page.getByRole('dialog', { name: 'Apply credit' });
    await expectAccessible(page, 'apply credit');
    await apply.getByRole('button', { name: 'Apply' }).click();
    await card('credit').getByText('$0.00').waitFor();
    assert.match(await card('patient').innerText(), /\$75\.00/);
    const b = await balances();
    assert.deepEqual([b.patient_balance_cents, b.credit_cents, b.patient_due_cents], [7500, 0, 7500]);
    // Every balance is the sum of its entries.
    await card('patient').click();
    assert.match(await page.getByTestId('drill-sum').innerText(), /Together they come to \$75\.00\.$/);
  });

  test('the front desk sees the balance at check-in and may take money, but not refund or reverse', async () => {
    const now = Date.now();
    let start = new Date(Math.floor(now / 300_000) * 300_000 + 300_000);
    if (localDate(start.toISOString()) !== localDate(new Date(now).toISOString())) start = new Date(start.getTime() - 3_600_000);
    const type = (await api('GET', '/api/v1/appointment-types')).json.items.find((t) => t.name === 'Follow-up visit');
    const visit = await api('POST', '/api/v1/appointments', { body: { patient_id: patient.id, provider_id: provider.id,
      location_id: location.id, appointment_type_id: type.id, start: start.toISOString(),
      end: new Date(start.getTime() + 20 * 60_000).toISOString(), overbook: true } });
    assert.equal(visit.status, 201, visit.text);
    await signInAs('frontdesk');
    await page.getByRole('combobox', { name: 'Location' }).selectOption(String(location.id));
    await page.getByRole('link', { name: 'Flow board' }).click();
    await page.locator(`.card[data-appointment="${visit.json.id}"]`).getByRole('button', { name: 'Check in' }).click();
    const dlg = page.getByRole('dialog', { name: 'Check in' });
    await dlg.getByTestId('balance-due').getByText('$75.00 due from the patient').waitFor();
    await dlg.getByRole('button', { name: 'Back' }).click();

    await page.goto(`${server.base}/billing/accounts/${accountId}`);
    await page.getByRole('heading', { name: /Ledgerwood, Lena/ }).waitFor();
    await page.getByRole('button', { name: 'Take a payment' }).waitFor();
    assert.ok(await page.getByRole('link', { name: /Receipt/ }).count() > 0, 'the desk reprints receipts');
    for (const name of [/Refund/, /Reverse/, /Apply credit/])
      assert.equal(await page.getByRole('button', { name }).count(), 0, `no ${name} button for the front desk`);
  });
});
