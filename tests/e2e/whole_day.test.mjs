// SPDX-License-Identifier: AGPL-3.0-or-later
// End to end (issue 18, a whole day): one visit from the front desk to the reports, in a real
// browser against the real binary on a fresh SQLite database with the demo clinic and its printed
// logins. Each step a person does is done in the UI; the API only reads back and asserts and
// plays the payer (the 999 and the 835 built from the claim). The front desk registers a
// Medicare patient (with an old HICN as the member ID: the deliberate scrubber finding), books
// and checks in with a co-pay, rooms and checks out; the biller enters the charges and finalises,
// creates and scrubs the claim, follows the finding to the coverage, fixes it, batches and downloads the
// 837P (read by node-x12), takes in the 999 and posts the 835, reads the ledger, runs statements
// (the PDF read by pdftotext) and checks the day sheet and AR aging against hand arithmetic.
// Roles: the front desk cannot post an ERA; the biller cannot manage users.
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase, cli, startServer, signIn, addUser } from '../integration/helpers.mjs';
import { launch, shot, debugShot } from './browser.mjs';

const peers = createRequire(new URL('../node/package.json', import.meta.url));
const { X12Parser, X12QueryEngine } = peers('node-x12');

const ZONE = 'America/Chicago';
const HICN = '123456789A'; // an old Medicare number: not the MBI the payer wants
const MBI = '1EG4TE5MK73';
const pad = (s, n) => String(s).padEnd(n, ' ');
const dollars = (cents) => (cents / 100).toFixed(2);
const money = (cents) => `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
const localDate = (ms, zone = ZONE) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));

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

function pdfText(bytes) {
  const dir = mkdtempSync(join(tmpdir(), 'medoffice-day-'));
  try {
    writeFileSync(join(dir, 's.pdf'), bytes);
    return execFileSync('pdftotext', ['-layout', join(dir, 's.pdf'), '-'], { encoding: 'utf8' });
  } finally { rmSync(dir, { recursive: true, force: true }); }
}

// The day's money, by hand. Charges: 99213 $125.00 + 36415 $20.00. The payer allows $92.00 of
// 99213 ($33.00 contractual, CO-45): the $25.00 co-pay (PR-3), then 20% of the other $67.00 as
// co-insurance (PR-2, $13.40), and pays $53.60. It allows $12.00 of 36415 ($8.00 CO-45): 20%
// co-insurance $2.40, paid $9.60.
const FEES = { '99213': 12500, '36415': 2000 };
const CHARGES = FEES['99213'] + FEES['36415']; // 14500
const COPAY = 2500; // taken at check-in
const ERA = { svc1: { paid: 5360, co45: 3300, pr3: 2500, pr2: 1340 }, svc2: { paid: 960, co45: 800, pr2: 240 } };
const PAID = ERA.svc1.paid + ERA.svc2.paid; // 5360 + 960 = 6320
const CONTRACTUAL = ERA.svc1.co45 + ERA.svc2.co45; // 3300 + 800 = 4100
const PATIENT_RESP = ERA.svc1.pr3 + ERA.svc1.pr2 + ERA.svc2.pr2; // 2500 + 1340 + 240 = 4080
const DUE = PATIENT_RESP - COPAY; // the co-pay sits on the account as credit: 4080 - 2500 = 1580
assert.equal(ERA.svc1.paid + ERA.svc1.co45 + ERA.svc1.pr3 + ERA.svc1.pr2, FEES['99213'], 'line 1 balances');
assert.equal(ERA.svc2.paid + ERA.svc2.co45 + ERA.svc2.pr2, FEES['36415'], 'line 2 balances');
assert.equal(CHARGES - PAID - CONTRACTUAL, PATIENT_RESP, 'what the payer leaves is the patient\u2019s');

/** A 999 accepting our group `gs` / transaction `st`. */
function accept999({ from, to, gs, st }) {
  const isa = `ISA*00*${pad('', 10)}*00*${pad('', 10)}*ZZ*${pad(from, 15)}*ZZ*${pad(to, 15)}*261205*1200*^*00501*000000918*0*T*:~`;
  const seg = ['ST*999*0001*005010X231A1', `AK1*HC*${gs}*005010X222A1`, `AK2*837*${String(st).padStart(4, '0')}*005010X222A1`,
    'IK5*A', 'AK9*A*1*1*1'];
  seg.push(`SE*${seg.length + 1}*0001`);
  return `${isa}GS*FA*${from}*${to}*20261205*1200*78*X*005010X231A1~${seg.map((s) => `${s}~`).join('')}GE*1*78~IEA*1*000000918~`;
}

/** An 835 paying the claim's two lines as ERA says (as tests/e2e/billing_remittances.test.mjs builds one). */
function era835({ pcn, lcns, trace, paidOn, payer }) {
  const s1 = ERA.svc1; const s2 = ERA.svc2;
  const segments = ['ST*835*0001*005010X221A1', `BPR*I*${dollars(PAID)}*C*CHK************${paidOn.replace(/-/g, '')}`,
    `TRN*1*${trace}*1512345678`, `N1*PR*${payer}`, 'N3*1 PAYER WAY', 'N4*HARTFORD*CT*06101', 'REF*2U*MEDICARE',
    'PER*BL*EDI*TE*8005550188', 'N1*PE*DEMO PRACTICE*XX*1245319599', 'LX*1',
    `CLP*${pcn}*1*${dollars(CHARGES)}*${dollars(PAID)}*${dollars(PATIENT_RESP)}*MB*ICN${trace}`, `NM1*QC*1*DAYSON*DORA****MI*${MBI}`,
    `SVC*HC:99213*${dollars(FEES['99213'])}*${dollars(s1.paid)}**1`, `CAS*CO*45*${dollars(s1.co45)}`, `CAS*PR*3*${dollars(s1.pr3)}**2*${dollars(s1.pr2)}`,
    `REF*6R*${lcns[0]}`,
    `SVC*HC:36415*${dollars(FEES['36415'])}*${dollars(s2.paid)}**1`, `CAS*CO*45*${dollars(s2.co45)}`, `CAS*PR*2*${dollars(s2.pr2)}`, `REF*6R*${lcns[1]}`];
  segments.push(`SE*${segments.length + 1}*0001`);
  return `ISA*00*${pad('', 10)}*00*${pad('', 10)}*ZZ*${pad('PAYER', 15)}*ZZ*${pad('SUB1', 15)}*261205*1200*^*00501*000000502*0*T*:~`
    + 'GS*HP*PAYER*SUB1*20261205*1200*502*X*005010X221A1~' + segments.map((s) => `${s}~`).join('')
    + 'GE*1*502~IEA*1*000000502~';
}

describe('a whole day in a real browser', () => {
  let db; let server; let browser; let page; let logins; let api; let location; let provider; let medicare;
  let patientId; let visit; let encounterId; let claim; let batchId; let eraFile;
  const today = localDate(Date.now());
  const pageErrors = [];
  const ledger = async () => (await api('GET', `/api/v1/patients/${patientId}/ledger`)).json;

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
  const billingTab = async (name) => {
    await page.getByRole('link', { name: 'Billing', exact: true }).click();
    await page.getByRole('navigation', { name: 'Billing sections' }).getByRole('link', { name }).click();
  };

  before(async () => {
    db = freshDatabase('sqlite');
    assert.equal(cli('init', '--db', db.url).status, 0);
    const demo = cli('demo', '--db', db.url, '--patients', '20', '--appointments', '0');
    assert.equal(demo.status, 0, demo.stderr);
    logins = parseLogins(demo.stdout);
    assert.ok(logins.frontdesk?.password && logins.biller?.password, 'the demo prints its logins');
    server = await startServer(db.url);
    // A manager of our own sets the stage (a provider free all day, the fees) and reads back.
    api = (await signIn(server.base, addUser(db.url, ['manager']))).call;
    location = (await api('GET', '/api/v1/locations')).json.items.find((l) => l.time_zone === ZONE);
    medicare = (await api('GET', '/api/v1/payers')).json.items.find((p) => p.claim_filing_indicator === 'MB');
    const p = await api('POST', '/api/v1/providers', { body: { family_name: 'Dayton', given_name: 'Dana', credentials: 'MD',
      npi: '1987654328', taxonomy: '207Q00000X', location_ids: [location.id] } });
    assert.equal(p.status, 201, p.text);
    provider = p.json;
    const rule = await api('POST', '/api/v1/availability-rules', { body: { provider_id: provider.id, location_id: location.id,
      weekdays: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], start_time: '00:00', end_time: '24:00', effective_from: localDate(Date.now() - 86_400_000) } });
    assert.equal(rule.status, 201, rule.text);
    for (const [code, cents] of Object.entries(FEES)) {
      const fee = await api('POST', '/api/v1/fee-schedule', { body: { code, amount_cents: cents, effective_from: '2026-01-01' } });
      assert.equal(fee.status, 201, fee.text);
    }
    browser = await launch();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
  });
  after(async () => { await browser?.close(); await server?.stop(); db?.drop(); });
  after(() => assert.deepEqual(pageErrors, [], 'no script errors in the page'));
  let testNo = 0;
  afterEach(async () => { if (page) await debugShot(page, `day-after-${++testNo}`).catch(() => {}); });

  test('1. the front desk registers a patient with insurance, books, checks in with a co-pay', async () => {
    await signInAs('frontdesk');
    await page.getByRole('link', { name: 'Patients' }).click();
    await page.getByRole('link', { name: 'Register a patient' }).click();
    await page.getByLabel('Family name').fill('Dayson');
    await page.getByLabel('Given name').fill('Dora');
    await page.getByLabel('Birth date').fill('1952-06-14');
    await page.getByLabel('Sex').selectOption('female');
    await page.getByLabel('Phone').fill('+12175550199');
    await page.getByLabel('Address', { exact: true }).fill('9 Oak St');
    await page.getByLabel('City').fill('Springfield');
    await page.getByLabel('State').fill('IL');
    await page.getByLabel('ZIP code').fill('62701');
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByRole('heading', { name: 'Dayson, Dora' }).waitFor();
    patientId = Number(page.url().match(/\/patients\/(\d+)/)[1]);
    await page.getByRole('button', { name: 'Add coverage' }).click();
    const dlg = page.getByRole('dialog');
    await dlg.getByLabel('Payer').selectOption({ label: medicare.name });
    await dlg.getByLabel('Member ID').fill(HICN); // the card she brought: her old Medicare number
    await dlg.getByLabel('Co-pay ($)').fill(dollars(COPAY));
    await dlg.getByRole('button', { name: 'Save coverage' }).click();
    await page.getByRole('cell', { name: HICN }).waitFor();
    const covs = (await api('GET', `/api/v1/coverages?patient_id=${patientId}`)).json.items;
    assert.deepEqual(covs.map((c) => [c.payer_id, c.member_id, c.copay_cents, c.priority]), [[medicare.id, HICN, COPAY, 'primary']]);

    await page.getByRole('link', { name: 'Find & book' }).click();
    await page.getByLabel('Visit type').selectOption({ label: 'Follow-up visit (20 min)' });
    await page.getByLabel('Dayton, Dana MD').check();
    await page.getByLabel('From', { exact: true }).fill(today);
    await page.getByRole('button', { name: 'Find open times' }).click();
    await page.locator('.slot').first().click();
    const book = page.getByRole('dialog');
    await book.getByRole('combobox', { name: 'Patient' }).fill('Dayson');
    await book.getByRole('option', { name: /Dayson, Dora/ }).first().click();
    await book.getByRole('button', { name: 'Book', exact: true }).click();
    await page.getByText(/^Booked for/).waitFor();
    const from = new Date(Date.now() - 86_400_000).toISOString(); const to = new Date(Date.now() + 86_400_000).toISOString();
    [visit] = (await api('GET', `/api/v1/appointments?patient_id=${patientId}&from=${from}&to=${to}`)).json.items;
    assert.equal(localDate(Date.parse(visit.start)), today, 'booked today');

    await page.getByRole('link', { name: 'Flow board' }).click();
    const card = page.locator(`.card[data-appointment="${visit.id}"]`);
    await card.getByRole('button', { name: 'Check in' }).click();
    const inn = page.getByRole('dialog', { name: 'Check in' });
    await inn.getByTestId('copay-due').getByText(money(COPAY)).waitFor();
    await inn.getByLabel('Demographics confirmed with the patient').check();
    await inn.getByLabel('Insurance card seen').check();
    assert.equal(await inn.getByLabel('Amount ($)').inputValue(), dollars(COPAY));
    await inn.getByLabel('Method').selectOption('cash');
    await inn.getByRole('button', { name: 'Check in', exact: true }).click();
    assert.match(await page.getByTestId('receipt').innerText(), /Co-pay\s+\$25\.00/);
    await page.getByRole('button', { name: 'Done' }).click();
    const paid = (await api('GET', `/api/v1/payments?appointment_id=${visit.id}`)).json.items;
    assert.deepEqual(paid.map((x) => [x.amount_cents, x.method]), [[COPAY, 'cash']]);
  });

  test('2. the visit is checked out; the biller enters the charges and finalises', async () => {
    const waiting = page.locator('section.lane', { hasText: 'Waiting room' }).locator(`[data-appointment="${visit.id}"]`);
    await waiting.getByRole('button', { name: 'Room' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Room the patient' }).click();
    const roomed = page.locator('section.lane', { hasText: 'In a room' }).locator(`[data-appointment="${visit.id}"]`);
    await roomed.getByRole('button', { name: 'Check out' }).click();
    await page.getByRole('dialog', { name: 'Check out' }).getByRole('button', { name: 'Check out', exact: true }).click();
    await page.getByText(/^Checked out/).waitFor();
    assert.equal((await api('GET', `/api/v1/appointments/${visit.id}`)).json.status, 'checked_out');

    await signInAs('biller');
    await page.goto(`${server.base}/calendar?date=${today}`);
    // The calendar keeps only the visits near the hours scrolled to in the page, and opens on the
    // morning: bring the visit's hour into view, as the biller would scroll to it (the visit is
    // the next open slot after now, so it is late in the day when the test runs in the evening).
    await page.locator('.cal-hour').first().waitFor();
    await page.evaluate((start) => {
      const h = new Date(start).getHours(); // the browser runs in the location's time zone
      const label = `${h % 12 || 12}:00 ${h < 12 ? 'AM' : 'PM'}`;
      const hour = [...document.querySelectorAll('.cal-hour')].find((el) => el.textContent.trim() === label);
      hour?.scrollIntoView({ block: 'center' });
    }, visit.start);
    await page.locator(`[data-appointment="${visit.id}"]`).click();
    await page.getByRole('dialog').getByRole('link', { name: 'Enter charges for this visit' }).click();
    await page.getByRole('heading', { name: 'Charges for a visit' }).waitFor();
    assert.match(await page.getByTestId('charge-patient').innerText(), /Dayson, Dora/);
    const line = (n) => page.locator(`tbody[data-line="${n}"]`);
    assert.equal(await line(1).getByLabel('Line 1 code').inputValue(), '99213', 'the follow-up\u2019s superbill');
    await line(1).getByText('$125.00 from the fee schedule').waitFor();
    const search = page.getByRole('combobox', { name: 'Add a diagnosis (ICD-10-CM)' });
    await search.click();
    await page.keyboard.type('E11.9', { delay: 20 });
    await page.waitForFunction(() => document.querySelector('.dx-results [role="option"]')?.dataset.code === 'E119');
    await page.keyboard.press('Enter');
    await page.locator('.dx-list li[data-dx="E119"]').waitFor();
    await page.getByRole('button', { name: 'Add a line' }).click();
    await line(2).getByLabel('Line 2 code').fill('36415');
    await line(2).getByLabel('Line 2 diagnosis pointers').fill('1');
    await line(2).getByText('$20.00 from the fee schedule').waitFor();
    assert.equal(await page.getByTestId('charge-total').innerText(), money(CHARGES));
    await page.getByRole('button', { name: 'Finalise and post' }).click();
    await page.getByText(`Finalised: ${money(CHARGES)} posted, billed to the primary.`).waitFor();
    encounterId = Number(page.url().split('/').pop());
    const enc = (await api('GET', `/api/v1/encounters/${encounterId}`)).json;
    assert.deepEqual([enc.status, enc.appointment_id, enc.diagnoses, enc.lines.map((l) => [l.code, l.charge_cents])],
      ['finalized', visit.id, ['E119'], [['99213', 12500], ['36415', 2000]]]);
  });

  test('3. the claim: a finding fixed through its link, scrubbed clean, batched, the 837P read, a 999 and an 835 back', async () => {
    // The biller makes the claim from the finalised encounter's page and follows its link.
    const made = page.getByTestId('encounter-claims');
    await made.getByRole('button', { name: 'Create claim' }).click();
    const link = made.getByRole('link', { name: /^Claim \S+ in the claim queue$/ });
    await link.waitFor();
    const claims = (await api('GET', `/api/v1/claims?encounter_id=${encounterId}`)).json.items;
    assert.deepEqual(claims.map((c) => [c.responsibility, c.state]), [['primary', 'draft']]);
    claim = claims[0];
    const pcn = claim.patient_control_number;
    assert.equal(await link.innerText(), `Claim ${pcn} in the claim queue`);
    await link.click();
    await page.getByRole('heading', { name: 'Claims', exact: true }).waitFor();
    const panel = page.getByTestId('claim-panel');
    await panel.getByText(pcn).first().waitFor();
    await panel.getByRole('button', { name: 'Scrub', exact: true }).click();
    const finding = panel.locator('li.finding[data-field="subscriber.member_id"]');
    await finding.getByText(`The member id ${HICN} does not have the form`).waitFor();
    assert.equal(await panel.getByTestId('claim-state').innerText(), 'Has findings');
    await finding.getByRole('button', { name: "Fix the coverage's member ID" }).click();
    const cov = page.getByRole('dialog', { name: 'Edit coverage' });
    await cov.getByLabel('Member ID').fill(MBI);
    await cov.getByRole('button', { name: 'Save coverage' }).click();
    await page.getByTestId('scrub-note').getByText(`Claim ${pcn} is ready to batch`).waitFor();
    assert.equal(await panel.getByTestId('claim-state').innerText(), 'Ready');

    await panel.getByRole('button', { name: 'Back to the list' }).click();
    await page.locator('.claim-tabs button[data-state="ready"]').click();
    await page.getByLabel(`Select claim ${pcn}`).check();
    await page.getByRole('button', { name: 'Create a batch of 1' }).click();
    const dlg = page.getByRole('dialog', { name: 'Create a batch (837P)' });
    await dlg.getByText(`1 claim, ${money(CHARGES)} in all`).waitFor();
    await dlg.getByRole('button', { name: 'Create the batch' }).click();
    const done = page.getByTestId('batch-made');
    await done.waitFor();
    batchId = Number(/Batch (\d+) is made/.exec(await page.getByRole('dialog').getByRole('heading').innerText())?.[1]);
    const [download] = await Promise.all([page.waitForEvent('download'), done.getByRole('link', { name: 'Download the 837P' }).click()]);
    const x12 = readFileSync(await download.path(), 'utf8');
    const parser = new X12Parser(true);
    const interchange = parser.parse(x12);
    const q = (ref) => new X12QueryEngine(parser).query(interchange, ref).map((v) => v.value);
    assert.deepEqual(q('CLM01'), [pcn]);
    assert.deepEqual(q('CLM02'), [dollars(CHARGES).replace(/\.00$/, '')]);
    assert.deepEqual(q('SV101'), ['HC:99213', 'HC:36415']);
    assert.ok(q('NM109:NM101["IL"]').includes(MBI), 'the fixed member ID');
    await done.getByRole('button', { name: 'Send to the clearinghouse' }).click();
    await done.getByText(/^Sent MO.*\.837 to the clearinghouse\.$/).waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();

    // The clearinghouse accepts the batch (999), fed back through the acknowledgements dialog.
    const batch = (await api('GET', `/api/v1/claim-batches/${batchId}`)).json;
    const house = (await api('GET', `/api/v1/clearinghouses/${batch.clearinghouse_id}`)).json;
    await page.getByRole('button', { name: 'Take in acknowledgements' }).click();
    const ack = page.getByRole('dialog', { name: 'Take in acknowledgements' });
    await ack.getByLabel('Or paste its text').fill(accept999({ from: house.receiver_id, to: house.submitter_id,
      gs: batch.group_control, st: batch.transaction_control }));
    await ack.getByRole('button', { name: 'Take it in' }).click();
    const outcome = ack.getByTestId('ack-outcome');
    await outcome.waitFor();
    assert.match(await outcome.innerText(), new RegExp(`999 taken in\\. It answers batch ${batchId}\\.`));
    await page.keyboard.press('Escape');
    assert.equal((await api('GET', `/api/v1/claims/${claim.id}`)).json.state, 'accepted');
    const lcns = [...x12.matchAll(/REF\*6R\*([^~*]+)~/g)].map((m) => m[1]);
    assert.equal(lcns.length, 2, 'the 837P numbers both lines');
    eraFile = era835({ pcn, lcns, trace: 'EFT9001', paidOn: today, payer: 'MEDICARE PART B' });
  });

  test('4. the biller previews and posts the 835; the ledger shows the payment, the write-down and what the patient owes', async () => {
    await billingTab('ERA posting');
    await page.getByLabel('835 file (electronic remittance advice)').setInputFiles({
      name: 'medicare-eft9001.835', mimeType: 'application/edi-x12', buffer: Buffer.from(eraFile) });
    await page.getByTestId('era-stage').getByText('Preview of medicare-eft9001.835: nothing is posted yet').waitFor();
    const figure = (id) => page.getByTestId(`era-${id}`).locator('strong');
    for (const [id, cents] of [['payment', PAID], ['paid', PAID], ['contractual', CONTRACTUAL], ['patient', PATIENT_RESP], ['denied', 0]])
      assert.equal(await figure(id).innerText(), money(cents), id);
    await page.getByRole('button', { name: `Post ${money(PAID)} to the ledger` }).click();
    await page.getByTestId('era-stage').getByText('Posting report of medicare-eft9001.835').waitFor();
    assert.match(await page.getByTestId('era-counts').innerText(), /^Posted 1 of 1 claims/);

    const l = await ledger();
    assert.equal(l.insurance_balance_cents, 0, 'the payer owes nothing more');
    assert.deepEqual([l.patient_balance_cents, l.credit_cents, l.account.balance.patient_due_cents], [PATIENT_RESP, COPAY, DUE]);
    await page.goto(`${server.base}/patients/${patientId}`);
    await page.getByTestId('patient-balance').getByRole('link', { name: /Account ledger/ }).click();
    await page.getByRole('heading', { name: /Dayson, Dora/ }).waitFor();
    const card = (by) => page.getByTestId(`balance-${by}`);
    await card('due').getByText(money(DUE)).waitFor();
    assert.match(await card('due').innerText(), new RegExp(`Due from the guarantor\\s+\\${money(DUE)}`));
    assert.match(await card('patient').innerText(), new RegExp(`\\${money(PATIENT_RESP)}`));
    assert.match(await card('insurance').innerText(), /\$0\.00/);
    assert.match(await card('credit').innerText(), new RegExp(`\\${money(COPAY)}`));
    // Each entry's amount (its first figure), by kind, as the screen lists them.
    const rows = await page.locator('tr[data-entry]').evaluateAll((trs) => trs.map((tr) => [tr.dataset.kind,
      Math.round(Number(/\$([\d,]+\.\d\d)/.exec(tr.innerText)[1].replace(/,/g, '')) * 100)]));
    const byKind = {};
    for (const [kind, cents] of rows) (byKind[kind] ??= []).push(cents);
    for (const k of Object.keys(byKind)) byKind[k].sort((x, y) => x - y);
    assert.deepEqual(byKind, {
      patient_payment: [COPAY],
      charge: [FEES['36415'], FEES['99213']],
      insurance_payment: [ERA.svc2.paid, ERA.svc1.paid],
      contractual_adjustment: [ERA.svc2.co45, ERA.svc1.co45],
      transfer: [ERA.svc2.pr2, ERA.svc1.pr2, ERA.svc1.pr3].sort((x, y) => x - y),
    }, rows.join(' | '));
    await shot(page, 'billing-whole-day-ledger');
  });

  test('5. the biller runs statements and opens the patient\u2019s statement PDF', async () => {
    await billingTab('Statements');
    await page.getByRole('heading', { name: 'Run statements' }).waitFor();
    await page.getByRole('button', { name: 'Run statements' }).click();
    const head = page.getByRole('heading', { name: /^Run \d+: / });
    await head.waitFor();
    assert.equal(await head.innerText(), `Run 1: 1 statement, ${money(DUE)} due`);
    const row = page.locator('section[data-run] tr[data-statement]', { hasText: 'Dayson' });
    assert.match(await row.innerText(), new RegExp(`\\${money(DUE)}`));
    const link = row.getByRole('link', { name: /^PDF of statement/ });
    const number = (await row.locator('td').first().innerText()).trim();
    const pdf = await page.request.get(new URL(await link.getAttribute('href'), page.url()).href);
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    const text = pdfText(await pdf.body());
    assert.match(text, new RegExp(number));
    assert.match(text, /Dayson/);
    // Per line, what the patient owes: 99213 $25.00 + $13.40 = $38.40; 36415 $2.40.
    assert.match(text, new RegExp(`99213\\s+\\$125\\.00\\s+\\$53\\.60\\s+\\$33\\.00\\s+\\$0\\.00\\s+\\$0\\.00\\s+\\${money(ERA.svc1.pr3 + ERA.svc1.pr2)}`));
    assert.match(text, new RegExp(`36415\\s+\\$20\\.00\\s+\\$9\\.60\\s+\\$8\\.00\\s+\\$0\\.00\\s+\\$0\\.00\\s+\\${money(ERA.svc2.pr2)}`));
    assert.match(text, new RegExp(`Your balance\\s+\\${money(PATIENT_RESP)}`));
    assert.match(text, new RegExp(`Credit on account\\s+\\${money(COPAY)}`));
    assert.match(text, new RegExp(`Amount due from you\\s+\\${money(DUE)}`));
  });

  test('6. the day sheet and AR aging equal the hand-computed figures', async () => {
    // AR aging: the payer owes nothing; the patient's $40.80 (PR-3 $25.00 + PR-2 $13.40 + $2.40)
    // is 0-30 days old. Aging counts the balance before the $25.00 of credit (as the statement's
    // "Your balance by age" does).
    await billingTab('Reports');
    await page.getByTestId('aging-total').waitFor();
    const aging = (await api('GET', '/api/v1/reports/ar-aging?by=payer')).json;
    assert.equal(aging.total_cents, PATIENT_RESP);
    assert.deepEqual(aging.rows.map((r) => [r.payer_id, r.buckets['0_30'], r.total_cents]), [[0, PATIENT_RESP, PATIENT_RESP]]);
    const p = money(PATIENT_RESP).replace('$', '\\$');
    assert.match(await page.locator('tr[data-row="total"]').innerText(), new RegExp(`^Total\\s+${p}\\s+\\$0\\.00\\s+\\$0\\.00\\s+\\$0\\.00\\s+\\$0\\.00\\s+${p}$`));
    assert.match(await page.locator('tr[data-row="Patient"]').innerText(), new RegExp(`^Patient\\s+${p}`));
    assert.match(await page.getByTestId('aging-total').innerText(), new RegExp(`Total receivable ${p} as of ${today}`));

    // Day sheet: charges $145.00; payments = the co-pay $25.00 + the payer's $53.60 + $9.60 =
    // $88.20, all deposited (cash $25.00, insurance $63.20 in two entries); adjustments = the
    // contractual $33.00 + $8.00 = $41.00; transfers to the patient $40.80.
    await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Day sheet' }).click();
    await page.getByRole('heading', { name: `Day sheet for ${today}` }).waitFor();
    const sheet = (await api('GET', `/api/v1/reports/day-sheet?date=${today}`)).json;
    assert.deepEqual([sheet.charges_cents, sheet.payments_cents, sheet.insurance_payments_cents, sheet.patient_payments_cents,
      sheet.adjustments_cents, sheet.contractual_adjustments_cents, sheet.transfers_cents, sheet.deposit_total_cents],
    [CHARGES, PAID + COPAY, PAID, COPAY, CONTRACTUAL, CONTRACTUAL, PATIENT_RESP, PAID + COPAY]);
    const figure = async (id) => (await page.getByTestId(`figure-${id}`).locator('dd').innerText()).trim();
    assert.equal(await figure('charges'), money(CHARGES)); // $145.00
    assert.equal(await figure('payments'), money(PAID + COPAY)); // $88.20
    assert.equal(await figure('adjustments'), money(CONTRACTUAL)); // $41.00
    assert.equal(await figure('deposit'), money(PAID + COPAY)); // $88.20
    assert.match(await page.locator('tr[data-row="cash"]').innerText(), new RegExp(`Cash\\s+1\\s+\\${money(COPAY)}`));
    const byProvider = page.locator('table', { has: page.locator('caption', { hasText: 'By provider' }) });
    assert.match(await byProvider.locator('tr', { hasText: 'Dayton, Dana' }).innerText(),
      /Dayton, Dana\s+\$145\.00\s+\$63\.20\s+\$0\.00\s+\$41\.00\s+\$0\.00\s+\$0\.00\s+\$40\.80\s+9/);
  });

  test('roles: the biller cannot manage users; the front desk cannot post an ERA', async () => {
    assert.equal(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).count(), 0, 'no Admin for the biller');
    const users = await page.evaluate(async () => (await fetch('/api/v1/users')).status);
    assert.equal(users, 403);
    await signInAs('frontdesk');
    await page.getByRole('link', { name: 'Billing', exact: true }).click();
    const tabs = page.getByRole('navigation', { name: 'Billing sections' });
    await tabs.getByRole('link', { name: 'Denials' }).waitFor();
    assert.equal(await tabs.getByRole('link', { name: 'ERA posting' }).count(), 0);
    await page.goto(`${server.base}/billing/remittances`);
    await page.getByText('Your role does not allow this part of billing.').waitFor();
    const status = await page.evaluate(async (body) => (await fetch('/api/v1/remittances?dry_run=true', { method: 'POST',
      headers: { 'Content-Type': 'application/edi-x12', 'X-CSRF-Token': localStorage.getItem('medoffice.csrf') ?? '' },
      body })).status, eraFile);
    assert.equal(status, 403);
  });
});
