// SPDX-License-Identifier: AGPL-3.0-or-later
// End to end (issue 18, ERA posting and the denials work queue): in a real browser against the
// real binary on a fresh SQLite database with the demo clinic and its printed logins. A claim
// is batched over the API as the biller would; the biller drops an 835 for it that does not
// balance (refused, naming the claim, line and difference), then chooses a good one: the
// preview's numbers, its lines, the posting and its report, the remittance's drill-down. The
// denied line is in the denials queue under its CARC with the suggested action; the biller
// assigns it, adds a note and writes it off. The front desk sees no ERA posting and cannot
// post; it reads the queue without actions. axe-core on both screens and the dialog;
// screenshots.
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase, cli, startServer, signIn, addUser } from '../integration/helpers.mjs';
import { launch, axeViolations, shot, debugShot } from './browser.mjs';

const ZONE = 'America/Chicago';
const DAY = 86_400_000;
const pad = (s, n) => String(s).padEnd(n, ' ');
const money = (cents) => (cents / 100).toFixed(2);

/** The demo's printed logins: {username: {username, id, password}}. */
function parseLogins(text) {
  const out = {};
  let current = null;
  for (const line of text.split('\n')) {
    let m = line.match(/^user (\w+) \(id (\d+)\)/);
    if (m) { current = m[1]; out[current] = { username: current, id: Number(m[2]) }; continue; }
    m = line.match(/one-time password: (\S+)/);
    if (m && current) out[current].password = m[1];
  }
  return out;
}

function localDate(ms, zone = ZONE) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));
}

/** An 835 paying one claim of two lines: 99213 paid with CO-45 and PR-2, 36415 denied CO-97. */
function era835({ pcn, lcn, trace, paidOn, svc1Paid = 8000 }) {
  const segments = ['ST*835*0001*005010X221A1', `BPR*I*${money(8000)}*C*CHK************${paidOn.replace(/-/g, '')}`,
    `TRN*1*${trace}*1512345678`, 'N1*PR*DEMO PAYER', 'N3*1 PAYER WAY', 'N4*HARTFORD*CT*06101', 'REF*2U*DEMOPAYER',
    'PER*BL*EDI*TE*8005550188', 'N1*PE*DEMO PRACTICE*XX*1245319599', 'LX*1',
    `CLP*${pcn}*1*145.00*80.00*15.00*12*ICN${trace}`, 'NM1*QC*1*DOE*JANE****MI*XJH123456789',
    `SVC*HC:99213*125.00*${money(svc1Paid)}**1`, 'CAS*CO*45*30.00', 'CAS*PR*2*15.00', `REF*6R*${lcn}`,
    // The payer drops REF*6R here: the line is matched by its code.
    'SVC*HC:36415*20.00*0.00**1', 'CAS*CO*97*20.00'];
  segments.push(`SE*${segments.length + 1}*0001`);
  return `ISA*00*${pad('', 10)}*00*${pad('', 10)}*ZZ*${pad('PAYER', 15)}*ZZ*${pad('SUB1', 15)}*261201*1200*^*00501*000000501*0*T*:~`
    + 'GS*HP*PAYER*SUB1*20261201*1200*501*X*005010X221A1~' + segments.map((s) => `${s}~`).join('')
    + 'GE*1*501~IEA*1*000000501~';
}

async function expectAccessible(page, screen) {
  assert.deepEqual(await axeViolations(page), [], `axe: ${screen} has serious or critical violations`);
}

describe('ERA posting and the denials queue in a real browser', () => {
  let db; let server; let browser; let page; let logins; let api; let dir;
  let patient; let claim; let payerName; let goodFile; let badFile; let paidOn; let ageDays;
  const pageErrors = [];
  const ledger = async () => (await api('GET', `/api/v1/patients/${patient.id}/ledger`)).json;
  const figure = (id) => page.getByTestId(`era-${id}`).locator('strong');

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
    const demo = cli('demo', '--db', db.url, '--patients', '40', '--appointments', '20');
    assert.equal(demo.status, 0, demo.stderr);
    logins = parseLogins(demo.stdout);
    assert.ok(logins.biller?.password && logins.frontdesk?.password, 'the demo prints its logins');
    server = await startServer(db.url);
    api = (await signIn(server.base, addUser(db.url, ['manager']))).call;
    dir = mkdtempSync(join(tmpdir(), 'mo-e2e-era-'));
    // A claim batched as in tests/integration/remittances.test.mjs: one payer, two lines.
    const ch = await api('POST', '/api/v1/clearinghouses', { body: { name: 'Test clearinghouse', submitter_id: 'SUB1',
      receiver_id: 'CH1', receiver_name: 'TEST CLEARINGHOUSE', contact_name: 'Billing office', contact_phone: '2175550100',
      transport: 'file_drop', outbox: join(dir, 'out'), inbox: join(dir, 'in'), archive: join(dir, 'done') } });
    assert.equal(ch.status, 201, ch.text);
    const location = (await api('GET', '/api/v1/locations')).json.items.find((l) => l.time_zone === ZONE);
    const provider = (await api('GET', '/api/v1/providers?limit=200')).json.items.find((p) => p.location_ids.includes(location.id));
    const covs = (await api('GET', '/api/v1/coverages?limit=100')).json.items;
    const byPatient = new Map();
    for (const c of covs.filter((x) => x.active && !x.end_date)) byPatient.set(c.patient_id, [...(byPatient.get(c.patient_id) ?? []), c]);
    const [patientId] = [...byPatient].find(([, cs]) => cs.length === 1 && cs[0].priority === 'primary');
    patient = (await api('GET', `/api/v1/patients/${patientId}`)).json;
    const now = Date.now();
    const enc = await api('POST', '/api/v1/encounters', { body: { patient_id: patient.id, provider_id: provider.id,
      location_id: location.id, date_of_service: localDate(now - 20 * DAY), diagnoses: ['E119'],
      lines: [{ code: '99213', units: 1, diagnosis_pointers: [1], charge_cents: 12500 },
        { code: '36415', units: 1, diagnosis_pointers: [1], charge_cents: 2000 }] } });
    assert.equal(enc.status, 201, enc.text);
    assert.equal((await api('POST', `/api/v1/encounters/${enc.json.id}/finalize`)).status, 200);
    const c = await api('POST', '/api/v1/claims', { body: { encounter_id: enc.json.id } });
    assert.equal(c.status, 201, c.text);
    assert.equal((await api('POST', `/api/v1/claims/${c.json.id}/scrub`)).json.state, 'ready');
    const b = await api('POST', '/api/v1/claim-batches', { body: { claim_ids: [c.json.id], clearinghouse_id: ch.json.id } });
    assert.equal(b.status, 201, b.text);
    claim = b.json.claims[0];
    payerName = (await api('GET', `/api/v1/payers/${claim.payer_id}`)).json.name;
    assert.ok(payerName);
    const x12 = (await api('GET', `/api/v1/claim-batches/${b.json.batch.id}/x12`)).text;
    const lcns = [...x12.matchAll(/REF\*6R\*([^~*]+)~/g)].map((m) => m[1]);
    assert.equal(lcns.length, 2, 'the 837P numbers both lines');
    paidOn = localDate(now - 12 * DAY);
    ageDays = Math.round((Date.parse(localDate(now)) - Date.parse(paidOn)) / DAY);
    const pcn = claim.patient_control_number;
    goodFile = era835({ pcn, lcn: lcns[0], trace: 'EFT7001', paidOn });
    badFile = era835({ pcn, lcn: lcns[0], trace: 'EFT7001', paidOn, svc1Paid: 8500 });
    assert.equal((await ledger()).insurance_balance_cents, 14500);
    browser = await launch();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  after(() => assert.deepEqual(pageErrors, [], 'no script errors in the page'));
  let testNo = 0;
  afterEach(async () => { if (page) await debugShot(page, `era-after-${++testNo}`).catch(() => {}); });

  test('a dropped 835 that does not balance is refused naming the claim, line and difference', async () => {
    await signInAs('biller');
    await page.getByRole('link', { name: 'Billing' }).click();
    await page.getByRole('navigation', { name: 'Billing sections' }).getByRole('link', { name: 'ERA posting' }).click();
    await page.getByRole('heading', { name: 'Post an ERA (835)' }).waitFor();
    await page.getByText('No remittance has been posted yet.').waitFor();
    const dt = await page.evaluateHandle((text) => {
      const d = new DataTransfer();
      d.items.add(new File([text], 'unbalanced.835', { type: 'application/edi-x12' }));
      return d;
    }, badFile);
    await page.getByTestId('era-drop').dispatchEvent('drop', { dataTransfer: dt });
    const problem = page.getByTestId('era-balancing');
    await problem.waitFor();
    assert.equal(await page.getByTestId('era-stage').innerText(), 'unbalanced.835 was not posted');
    const item = await problem.locator('li[data-field="claim 1 line 1"]').innerText();
    assert.ok(item.startsWith(`Claim 1 (${claim.patient_control_number}), line 1 (99213) is off by $5.00: does not balance`), item);
    assert.match(item, /85\.00/);
    assert.equal(await page.getByRole('button', { name: /^Post / }).count(), 0, 'nothing to post');
    await expectAccessible(page, 'ERA refused');
    assert.equal((await ledger()).insurance_balance_cents, 14500);
  });

  test('the preview shows the numbers and lines; posting moves the money and reports it', async () => {
    await page.getByLabel('835 file (electronic remittance advice)').setInputFiles({
      name: 'acme-eft7001.835', mimeType: 'application/edi-x12', buffer: Buffer.from(goodFile) });
    await page.getByTestId('era-stage').getByText('Preview of acme-eft7001.835: nothing is posted yet').waitFor();
    const expected = { payment: '$80.00', paid: '$80.00', contractual: '$30.00', patient: '$15.00', denied: '$20.00' };
    for (const [id, text] of Object.entries(expected)) assert.equal(await figure(id).innerText(), text, id);
    assert.match(await page.getByTestId('era-counts').innerText(), /Would post 1 of 1 claims · \d+ ledger entries · 1 denial to the work queue/);
    const row = page.locator(`tr[data-claim="${claim.patient_control_number}"]`);
    assert.match(await row.innerText(), /processed as primary\s+\$80\.00\s+\$30\.00\s+\$15\.00\s+\$20\.00\s+Partially paid/);
    await row.getByRole('button', { name: /Show 2 lines/ }).click();
    // Our lines as the server matched them: 99213 by its REF*6R, 36415 by code and modifiers.
    const first = await page.locator('tr[data-line="99213"]').innerText();
    assert.match(first, /our line number \(REF\*6R\)\s+\$80\.00\s+\$30\.00\s+\$15\.00 to the patient\s+\$0\.00/);
    assert.ok(first.includes(/REF\*6R\*(L\d+)~/.exec(goodFile)[1]), first);
    assert.match(await page.locator('tr[data-line="36415"]').innerText(),
      /code and modifiers\s+\$0\.00\s+\$0\.00\s+\$0\.00\s+\$20\.00 CO-97/);
    await expectAccessible(page, 'ERA preview');
    await shot(page, 'billing-era-preview');
    assert.equal((await ledger()).insurance_balance_cents, 14500, 'the preview posts nothing');

    await page.getByRole('button', { name: 'Post $80.00 to the ledger' }).click();
    await page.getByTestId('era-stage').getByText('Posting report of acme-eft7001.835').waitFor();
    assert.match(await page.getByTestId('era-counts').innerText(), /^Posted 1 of 1 claims/);
    assert.equal(await figure('paid').innerText(), '$80.00');
    // 125.00 − 80.00 − 30.00 − 15.00 = 0 owed on 99213; the denied 20.00 stays owed by the payer.
    const l = await ledger();
    assert.deepEqual([l.insurance_balance_cents, l.patient_balance_cents], [2000, 1500]);
    const listed = page.locator('tr[data-remittance]');
    await listed.first().waitFor();
    assert.equal(await listed.count(), 1);
    assert.match(await listed.first().innerText(), /DEMO PAYER\s+EFT7001[\s\S]*\$80\.00\s+1 of 1\s+\$80\.00/);
    await expectAccessible(page, 'posting report');
    await shot(page, 'billing-era-report');

    // The same file again is a duplicate: nothing to post.
    await page.getByRole('button', { name: 'Post another file' }).click();
    await page.getByLabel('835 file (electronic remittance advice)').setInputFiles({
      name: 'again.835', mimeType: 'application/edi-x12', buffer: Buffer.from(goodFile) });
    await page.getByText(/This ERA was taken in before \(remittance \d+\): nothing of it would be posted again/).waitFor();
    assert.equal(await page.getByRole('button', { name: /^Post \$/ }).count(), 0);
    await page.getByText('Everything in this file was posted before.').waitFor();

    await listed.first().getByRole('link', { name: 'EFT7001' }).click();
    await page.getByRole('heading', { name: 'DEMO PAYER · trace EFT7001' }).waitFor();
    assert.match(await page.getByTestId('remittance-posted').innerText(), /1 of 1 \(\$80\.00 paid on them\)/);
    assert.match(await page.locator(`tr[data-claim="${claim.patient_control_number}"]`).innerText(), /\$145\.00\s+\$80\.00\s+\$15\.00\s+ICNEFT7001\s+Posted/);
    await expectAccessible(page, 'remittance');
  });

  test('the denial is queued under its CARC with the suggested action; the biller assigns, notes and writes it off', async () => {
    await page.getByRole('navigation', { name: 'Billing sections' }).getByRole('link', { name: 'Denials' }).click();
    const group = page.locator('button[data-group="CO-97"]');
    await group.waitFor();
    await page.getByRole('button', { name: 'By payer' }).click();
    assert.match(await page.locator(`button[data-group="${claim.payer_id}"]`).innerText(), new RegExp(`1\\s+denial · \\$20\\.00`));
    assert.ok((await page.locator(`button[data-group="${claim.payer_id}"]`).innerText()).startsWith(payerName));
    await page.getByRole('button', { name: 'By reason' }).click();
    assert.match(await group.innerText(), /CO-97[\s\S]*1\s+denial · \$20\.00/);
    await group.click();
    await page.getByRole('heading', { name: 'CO-97' }).waitFor();
    const row = page.locator('tr[data-denial]');
    assert.equal(await row.count(), 1);
    assert.match(await row.innerText(), new RegExp(`${patient.family_name}, ${patient.given_name}[\\s\\S]*${claim.patient_control_number} · 36415`));
    assert.equal(await row.getByTestId('suggested').innerText(), 'Write off');
    assert.equal(await row.getByTestId('age').innerText(), `${ageDays} days`);
    assert.ok((await row.innerText()).includes(`${payerName}\t$20.00\t$20.00`), 'payer, denied, still owed');
    await expectAccessible(page, 'denials queue');
    await shot(page, 'billing-denials');

    await row.getByRole('button', { name: /Open/ }).click();
    const dlg = page.getByRole('dialog', { name: `Denial CO-97: ${claim.patient_control_number}` });
    await dlg.getByTestId('denial-suggestion').getByText('Suggested: Write off.').waitFor();
    assert.match(await dlg.getByTestId('denial-amounts').innerText(), /\$20\.00 denied on .*; \$20\.00 still owed/);
    await dlg.getByRole('button', { name: 'Assign to me' }).click();
    await dlg.getByTestId('denial-assigned').getByText('you (biller)').waitFor();
    const due = localDate(Date.now() + 7 * DAY);
    await dlg.getByLabel('Due date').fill(due);
    await dlg.getByRole('button', { name: 'Set the due date' }).click();
    await dlg.getByTestId('denial-assigned').getByText(`due ${due} (set by hand)`).waitFor();
    await dlg.getByLabel('Add a note').fill('Bundled with the visit per the payer\'s edits; not separable.');
    await dlg.getByRole('button', { name: 'Add the note' }).click();
    await dlg.getByTestId('denial-notes').getByText('not separable').waitFor();
    await expectAccessible(page, 'denial dialog');
    await dlg.getByRole('button', { name: 'Write off (suggested)', exact: true }).click();
    assert.ok((await dlg.getByTestId('resolve-what').innerText()).startsWith(`Writes off $20.00 that ${payerName} still owes on line 36415 (CO-97).`));
    await expectAccessible(page, 'write-off confirmation');
    await shot(page, 'billing-denial-write-off');
    await dlg.getByRole('button', { name: 'Write off $20.00' }).click();
    await dlg.getByTestId('denial-state').getByText('Resolved: Written off').waitFor();
    assert.equal(await dlg.getByTestId('denial-done').innerText(), 'Wrote off $20.00 (CO-97).');
    // Focus on the outcome (regression: checked before the focus had moved, this failed now and then).
    await page.waitForFunction(() => document.activeElement?.dataset.testid === 'denial-done', null, { timeout: 5000 });
    const d = (await api('GET', `/api/v1/denials?claim_id=${claim.id}&state=all`)).json.items[0];
    assert.deepEqual([d.state, d.resolution, d.assigned_to, d.due_on], ['resolved', 'written_off', logins.biller.id, due]);
    const full = (await api('GET', `/api/v1/denials/${d.id}`)).json;
    assert.equal(full.notes.length, 1);
    assert.equal((await ledger()).insurance_balance_cents, 0, 'the denied $20.00 is written off');
    await dlg.getByRole('button', { name: 'Close' }).click();
    await page.getByText('No denial is waiting here.').waitFor();
  });

  test('the adjudicated claim is replaced from its page: the dialog says what happens, and the replacement carries the payer\'s claim number', async () => {
    const pcn = claim.patient_control_number;
    await page.goto(`${server.base}/billing/claims/${claim.id}`);
    const panel = page.getByTestId('claim-panel');
    await panel.getByRole('heading', { name: new RegExp(`^Claim ${pcn}`) }).waitFor();
    assert.equal(await panel.getByTestId('claim-state').innerText(), 'Partly paid');
    await panel.getByRole('button', { name: 'Replace…' }).click();
    const dlg = page.getByRole('dialog', { name: `Replace claim ${pcn}` });
    await dlg.getByText('A replacement claim is made from the visit as it is now').waitFor();
    await expectAccessible(page, 'replace claim dialog');
    await dlg.getByRole('button', { name: 'Make the replacement claim' }).click();
    await page.getByText(`Claim ${pcn} made (replacement); scrub it and batch it.`).waitFor();
    const all = (await api('GET', `/api/v1/claims?q=${encodeURIComponent(pcn)}`)).json.items;
    const replacement = all.find((c) => c.frequency === 'replacement');
    assert.ok(replacement, 'a replacement claim was made');
    assert.equal(replacement.state, 'draft');
    // The payer's claim number from the 835 (CLP07) goes on the replacement for REF*F8.
    assert.equal((await api('GET', `/api/v1/claims/${replacement.id}`)).json.claim.original_claim_number, 'ICNEFT7001');
    assert.equal(all.find((c) => c.id === claim.id).state, 'corrected');
  });

  test('the front desk sees no ERA posting and cannot post; it reads the queue without actions', async () => {
    await signInAs('frontdesk');
    await page.getByRole('link', { name: 'Billing' }).click();
    const tabs = page.getByRole('navigation', { name: 'Billing sections' });
    await tabs.getByRole('link', { name: 'Denials' }).waitFor();
    assert.equal(await tabs.getByRole('link', { name: 'ERA posting' }).count(), 0);
    await page.goto(`${server.base}/billing/remittances`);
    await page.getByText('Your role does not allow this part of billing.').waitFor();
    const status = await page.evaluate(async (body) => (await fetch('/api/v1/remittances?dry_run=true', { method: 'POST',
      headers: { 'Content-Type': 'application/edi-x12', 'X-CSRF-Token': localStorage.getItem('medoffice.csrf') ?? '' },
      body })).status, goodFile);
    assert.equal(status, 403);
    await page.goto(`${server.base}/billing/denials`);
    await page.getByLabel('State').selectOption('resolved');
    await page.locator('tr[data-denial]').getByRole('button', { name: /Open/ }).click();
    const dlg = page.getByRole('dialog', { name: /Denial CO-97/ });
    await dlg.getByRole('link', { name: 'Appeal letter (PDF)' }).waitFor();
    for (const name of ['Write off', 'Bill the patient', 'Appeal', 'Correct and resubmit', 'Add the note'])
      assert.equal(await dlg.getByRole('button', { name, exact: true }).count(), 0, `no ${name} for the front desk`);
    await expectAccessible(page, 'denial dialog (front desk)');
  });
});
