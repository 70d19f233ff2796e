// SPDX-License-Identifier: AGPL-3.0-or-later
// End to end (issue 18, the claim queue): in a real browser against the real binary on a fresh
// SQLite database with the demo clinic and its printed logins. The queue opens on a claim whose
// second line repeats the first: its finding leads to the visit's charges with that line
// focused, and a modifier 76 makes it clean. A Medicare claim carries a member ID that is not a
// Medicare Beneficiary Identifier: the biller scrubs it, sees the finding in plain English,
// follows its link to the coverage dialog with the member ID focused, fixes it and sees the
// claim scrubbed again clean; batches the three claims, downloads the 837P (read by node-x12:
// the fixed member ID and the modifier are in it) and sends it; takes in a 999 that rejects the
// batch and sees the rejection on the claim, with its history and the field to fix. The front
// desk sees the queue but none of the actions. axe-core checks the queue, the claim, the batch
// pages and every dialog; screenshots of the queue, the batch and the acknowledgement.
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshDatabase, cli, startServer, signIn, addUser } from '../integration/helpers.mjs';
import { launch, axeViolations, shot, debugShot } from './browser.mjs';

const peers = createRequire(new URL('../node/package.json', import.meta.url));
const { X12Parser, X12QueryEngine } = peers('node-x12');

const DAY = 86_400_000;
const BAD_MEMBER_ID = '123456789A'; // an old HICN: not the MBI Medicare wants
const MBI = '1EG4TE5MK73';

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

const pad = (s, n) => String(s).padEnd(n, ' ');
/** A 999 from the clearinghouse rejecting our group `gs` / transaction `st` for one element. */
function reject999({ from, to, gs, st, segment, position, loop, element }) {
  const isa = `ISA*00*${pad('', 10)}*00*${pad('', 10)}*ZZ*${pad(from, 15)}*ZZ*${pad(to, 15)}*261204*1200*^*00501*000000917*0*T*:~`;
  const seg = ['ST*999*0001*005010X231A1', `AK1*HC*${gs}*005010X222A1`, `AK2*837*${String(st).padStart(4, '0')}*005010X222A1`,
    `IK3*${segment}*${position}*${loop}*8`, `IK4*${element}*67*7*X`, 'IK5*R*5', 'AK9*R*1*1*0'];
  seg.push(`SE*${seg.length + 1}*0001`);
  return `${isa}GS*FA*${from}*${to}*20261204*1200*77*X*005010X231A1~${seg.map((s) => `${s}~`).join('')}GE*1*77~IEA*1*000000917~`;
}

async function expectAccessible(page, screen) {
  assert.deepEqual(await axeViolations(page), [], `axe: ${screen} has serious or critical violations`);
}

describe('the claim queue in a real browser', () => {
  let db; let server; let browser; let page; let logins; let api; let outbox;
  let claim; let other; let twice; let batchId; const pageErrors = [];

  async function signInAs(username) {
    if (await page.getByRole('button', { name: 'Sign out' }).count()) await page.getByRole('button', { name: 'Sign out' }).click();
    else await page.goto(`${server.base}/`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(logins[username].password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
  }
  const panel = () => page.getByTestId('claim-panel');
  const tab = (state) => page.locator(`.claim-tabs button[data-state="${state}"]`);

  before(async () => {
    db = freshDatabase('sqlite');
    assert.equal(cli('init', '--db', db.url).status, 0);
    const demo = cli('demo', '--db', db.url, '--patients', '40', '--appointments', '0');
    assert.equal(demo.status, 0, demo.stderr);
    logins = parseLogins(demo.stdout);
    outbox = /drops 837P batches in (\S+)/.exec(demo.stdout)?.[1];
    assert.ok(logins.biller?.password && logins.frontdesk?.password && outbox, 'the demo prints its logins and outbox');
    server = await startServer(db.url);
    api = (await signIn(server.base, addUser(db.url, ['manager']))).call;
    const location = (await api('GET', '/api/v1/locations')).json.items[0];
    const provider = (await api('GET', '/api/v1/providers?limit=200')).json.items.find((p) => p.location_ids.includes(location.id));
    const medicare = (await api('GET', '/api/v1/payers')).json.items.find((p) => p.claim_filing_indicator === 'MB');
    const day = new Date(Date.now() - DAY).toISOString().slice(0, 10);
    /** A finalised $125.00 visit of `patientId` and its claim (draft). */
    const claimFor = async (patientId, lines = 1) => {
      const enc = await api('POST', '/api/v1/encounters', { body: { patient_id: patientId, provider_id: provider.id,
        location_id: location.id, date_of_service: day, diagnoses: ['E119'],
        lines: Array.from({ length: lines }, () => ({ code: '99213', diagnosis_pointers: [1], charge_cents: 12500 })) } });
      assert.equal(enc.status, 201, enc.text);
      assert.equal((await api('POST', `/api/v1/encounters/${enc.json.id}/finalize`)).status, 200);
      const c = await api('POST', '/api/v1/claims', { body: { encounter_id: enc.json.id } });
      assert.equal(c.status, 201, c.text);
      return c.json;
    };
    const patient = await api('POST', '/api/v1/patients', { body: { family_name: 'Claimsworth', given_name: 'Cora',
      birth_date: '1950-04-05', sex: 'female', phone: '+12175550177',
      address: { line1: '5 Elm St', city: 'Springfield', state: 'IL', postal_code: '62701' } } });
    assert.equal(patient.status, 201, patient.text);
    const cov = await api('POST', '/api/v1/coverages', { body: { patient_id: patient.json.id, payer_id: medicare.id,
      member_id: BAD_MEMBER_ID, priority: 'primary', effective_date: '2020-01-01', copay_cents: 0, subscriber: { relationship: '18' } } });
    assert.equal(cov.status, 201, cov.text);
    claim = await claimFor(patient.json.id);
    // Two claims of demo patients, already scrubbed: one clean, one billing 99213 twice on the
    // same day (a finding on its second line). The queue has four states.
    const insured = (await api('GET', '/api/v1/coverages?limit=100')).json.items
      .filter((c) => c.priority === 'primary' && c.active && !c.end_date && c.payer_id !== medicare.id);
    other = await claimFor(insured[0].patient_id);
    assert.equal((await api('POST', `/api/v1/claims/${other.id}/scrub`)).json.state, 'ready');
    twice = await claimFor(insured[1].patient_id, 2);
    assert.equal((await api('POST', `/api/v1/claims/${twice.id}/scrub`)).json.state, 'scrubbed');
    browser = await launch();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
  });
  after(async () => { await browser?.close(); await server?.stop(); db?.drop(); });
  after(() => assert.deepEqual(pageErrors, [], 'no script errors in the page'));
  let testNo = 0;
  afterEach(async () => { if (page) await debugShot(page, `claims-after-${++testNo}`).catch(() => {}); });

  test('the queue opens on the claims with findings; a line finding leads to the visit\'s charges, corrected and scrubbed clean', async () => {
    await signInAs('biller');
    await page.getByRole('link', { name: 'Billing' }).click();
    await page.getByRole('navigation', { name: 'Billing sections' }).getByRole('link', { name: 'Claims' }).click();
    await page.getByRole('heading', { name: 'Claims', exact: true }).waitFor();
    // Counts per state; the queue opens on the work (findings first) with the next step in words.
    assert.match(await tab('scrubbed').innerText(), /Has findings\s+1/);
    assert.match(await tab('draft').innerText(), /Draft\s+1/);
    assert.match(await tab('ready').innerText(), /Ready\s+1/);
    assert.match(await tab('all').innerText(), /All\s+3/);
    assert.equal(await tab('scrubbed').getAttribute('aria-pressed'), 'true');
    await page.getByTestId('tab-hint').getByText('The scrubber found errors: fix each one, then scrub again.').waitFor();
    const row = page.locator(`tr[data-claim="${twice.patient_control_number}"]`);
    assert.match(await row.innerText(), /\$250\.00[\s\S]*Has findings[\s\S]*1 error/);
    assert.equal(await page.locator('tr[data-claim]').count(), 1);
    await expectAccessible(page, 'claim queue');

    await row.getByRole('link', { name: twice.patient_control_number }).click();
    const finding = panel().locator('li.finding[data-field="lines[1].procedure_code"]');
    await finding.getByText('Line 2 (99213) bills the same service on the same day as line 1').waitFor();
    await finding.getByRole('button', { name: "Fix line 2's procedure code" }).click();
    const dlg = page.getByRole('dialog', { name: "Correct the visit's charges" });
    await dlg.getByLabel('Line 2 code').waitFor();
    await page.waitForFunction(() => document.activeElement?.closest('.field')?.querySelector('label')?.textContent === 'Line 2 code');
    assert.equal(await dlg.getByLabel('Line 2 code').inputValue(), '99213');
    await expectAccessible(page, 'correct the visit dialog');
    // A repeat of the service: modifier 76 tells the payer so.
    await dlg.getByLabel('Line 2 modifiers').fill('76');
    await shot(page, 'billing-claims-correct');
    await dlg.getByRole('button', { name: 'Save the correction' }).click();
    await page.getByTestId('scrub-note').getByText(`Scrubbed again: no errors. Claim ${twice.patient_control_number} is ready to batch.`).waitFor();
    assert.equal(await panel().getByTestId('claim-state').innerText(), 'Ready');
    assert.match(await tab('ready').innerText(), /Ready\s+2/);
    assert.match(await tab('scrubbed').innerText(), /Has findings\s+0/);
  });

  test('the queue names each claim\'s patient; a search finds a patient\'s or a claim number\'s claims on the server', async () => {
    await tab('all').click();
    const row = page.locator(`tr[data-claim="${claim.patient_control_number}"]`);
    await row.getByText('Claimsworth, Cora').waitFor();
    assert.equal(await page.locator('tr[data-claim]').count(), 3);
    const rows = (n) => page.waitForFunction((k) => document.querySelectorAll('tr[data-claim]').length === k, n);
    const search = page.getByRole('searchbox', { name: 'Patient or claim number' });
    await search.fill('claimsw');
    await search.press('Enter');
    await rows(1);
    assert.ok(await row.isVisible(), 'the patient\'s claim is the one found');
    await search.fill(other.patient_control_number.toLowerCase());
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.locator(`tr[data-claim="${other.patient_control_number}"]`).waitFor();
    await rows(1);
    await search.fill('Zzyzxquux');
    await search.press('Enter');
    await page.getByText('No claims match the search in this tab.').waitFor();
    await expectAccessible(page, 'claim queue search');
    // Emptying the field shows the whole tab again.
    await search.fill('');
    await rows(3);
  });

  test('the biller scrubs a claim, follows its finding to the member ID, fixes it and sees it scrubbed clean', async () => {
    await tab('draft').click();
    const row = page.locator(`tr[data-claim="${claim.patient_control_number}"]`);
    assert.match(await row.innerText(), /\$125\.00[\s\S]*Draft[\s\S]*Not scrubbed/);

    await row.getByRole('link', { name: claim.patient_control_number }).click();
    await panel().getByRole('heading', { name: new RegExp(`Claim ${claim.patient_control_number}`) }).waitFor();
    assert.match(await panel().innerText(), /Claimsworth, Cora[\s\S]*Medicare Part B[\s\S]*\$125\.00 for 99213/);
    await panel().getByRole('button', { name: 'Scrub', exact: true }).click();
    const finding = panel().locator('li.finding[data-field="subscriber.member_id"]');
    await finding.getByText(`The member id ${BAD_MEMBER_ID} does not have the form Medicare Part B`).waitFor();
    assert.match(await finding.innerText(), /Error[\s\S]*Medicare Beneficiary Identifier[\s\S]*837P: NM109 of 2010BA/);
    assert.equal(await panel().getByTestId('claim-state').innerText(), 'Has findings');
    await page.getByTestId('scrub-note').getByText(`Scrubbed: 1 error on claim ${claim.patient_control_number}.`).waitFor();
    assert.match(await tab('scrubbed').innerText(), /Has findings\s+1/);
    // The claim has left the Draft tab for Has findings; the claim stays open beside the list.
    await tab('scrubbed').click();
    await page.locator(`tr.open[data-claim="${claim.patient_control_number}"]`).waitFor();
    await expectAccessible(page, 'the claim with its finding');
    await shot(page, 'billing-claims');

    // The finding's link opens the coverage with the member ID focused.
    await finding.getByRole('button', { name: "Fix the coverage's member ID" }).click();
    const dlg = page.getByRole('dialog', { name: 'Edit coverage' });
    await dlg.getByLabel('Member ID').waitFor();
    await page.waitForFunction(() => document.activeElement?.closest('.field')?.querySelector('label')?.textContent === 'Member ID');
    assert.equal(await dlg.getByLabel('Member ID').inputValue(), BAD_MEMBER_ID);
    await expectAccessible(page, 'coverage dialog from a finding');
    await dlg.getByLabel('Member ID').fill(MBI);
    await dlg.getByRole('button', { name: 'Save coverage' }).click();
    // Saved, scrubbed again at once: clean and ready.
    await page.getByTestId('scrub-note').getByText(`Claim ${claim.patient_control_number} is ready to batch`).waitFor();
    assert.equal(await panel().getByTestId('claim-state').innerText(), 'Ready');
    await panel().getByTestId('no-findings').waitFor();
    assert.match(await tab('ready').innerText(), /Ready\s+3/);
    assert.match(await tab('scrubbed').innerText(), /Has findings\s+0/);
    await panel().getByRole('table').getByText('Has findings → Ready').waitFor();

    // The claim's own details: a dialog with its fields, axe-checked; Escape closes it.
    await panel().getByRole('button', { name: 'Claim details' }).click();
    const details = page.getByRole('dialog', { name: `Claim ${claim.patient_control_number}: details` });
    await details.getByLabel('Prior authorization number').waitFor();
    await expectAccessible(page, 'claim details dialog');
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });
  });

  test('the biller batches the ready claims; the 837P carries the fixed member ID; the batch is sent', async () => {
    await panel().getByRole('button', { name: 'Back to the list' }).click();
    await tab('ready').click();
    await page.getByLabel(`Select claim ${claim.patient_control_number}`).check();
    await page.getByLabel(`Select claim ${other.patient_control_number}`).check();
    await page.getByLabel(`Select claim ${twice.patient_control_number}`).check();
    await page.getByRole('button', { name: 'Create a batch of 3' }).click();
    const dlg = page.getByRole('dialog', { name: 'Create a batch (837P)' });
    await dlg.getByText('3 claims, $500.00 in all').waitFor();
    await expectAccessible(page, 'batch dialog');
    await dlg.getByRole('button', { name: 'Create the batch' }).click();
    const made = page.getByTestId('batch-made');
    await made.waitFor();
    const heading = await page.getByRole('dialog').getByRole('heading').innerText();
    batchId = Number(/Batch (\d+) is made/.exec(heading)?.[1]);
    assert.ok(batchId > 0, heading);
    assert.match(await made.innerText(), /3 claims, \$500\.00/);
    await shot(page, 'billing-claims-batch');

    const [download] = await Promise.all([page.waitForEvent('download'), made.getByRole('link', { name: 'Download the 837P' }).click()]);
    const x12 = readFileSync(await download.path(), 'utf8');
    const parser = new X12Parser(true);
    const interchange = parser.parse(x12);
    const q = (ref) => new X12QueryEngine(parser).query(interchange, ref).map((v) => v.value);
    assert.deepEqual(q('CLM01').sort(), [claim, other, twice].map((c) => c.patient_control_number).sort());
    assert.deepEqual(q('CLM02').sort(), ['125', '125', '250']);
    assert.deepEqual(q('SV101').filter((v) => v.includes('76')), ['HC:99213:76'], 'the corrected line carries its modifier');
    assert.ok(q('NM109:NM101["IL"]').includes(MBI), 'the fixed member ID went into the 837P');
    assert.ok(!x12.includes(BAD_MEMBER_ID));

    await made.getByRole('button', { name: 'Send to the clearinghouse' }).click();
    await made.getByText(/^Sent MO.*\.837 to the clearinghouse\.$/).waitFor();
    const batch = (await api('GET', `/api/v1/claim-batches/${batchId}`)).json;
    assert.equal(batch.state, 'sent');
    assert.equal(readFileSync(join(outbox, batch.file_name), 'utf8'), x12);
    await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
    assert.match(await tab('batched').innerText(), /Batched\s+3/);
    assert.match(await tab('ready').innerText(), /Ready\s+0/);
  });

  test('a 999 fed back rejects the claim: the result, the history and the field to fix are on the claim', async () => {
    const batch = (await api('GET', `/api/v1/claim-batches/${batchId}`)).json;
    const house = (await api('GET', `/api/v1/clearinghouses/${batch.clearinghouse_id}`)).json;
    // The member ID of the claim's subscriber (NM1*IL) is what the clearinghouse refuses.
    const x12 = (await api('GET', `/api/v1/claim-batches/${batchId}/x12`)).text;
    const segs = x12.split('~').filter(Boolean);
    const st = segs.findIndex((s) => s.startsWith('ST*'));
    const clm = segs.findIndex((s) => s.startsWith(`CLM*${claim.patient_control_number}*`));
    const nm1 = segs.findLastIndex((s, i) => i < clm && s.startsWith('NM1*IL*'));
    const ack = reject999({ from: house.receiver_id, to: house.submitter_id, gs: batch.group_control,
      st: batch.transaction_control, segment: 'NM1', position: nm1 - st + 1, loop: '2010BA', element: 9 });

    await page.getByRole('button', { name: 'Take in acknowledgements' }).click();
    const dlg = page.getByRole('dialog', { name: 'Take in acknowledgements' });
    await dlg.getByLabel('Or paste its text').fill(ack);
    await expectAccessible(page, 'acknowledgement dialog');
    await dlg.getByRole('button', { name: 'Take it in' }).click();
    const outcome = dlg.getByTestId('ack-outcome');
    await outcome.waitFor();
    assert.match(await outcome.innerText(), new RegExp(`999 taken in\\. It answers batch ${batchId}\\.`));
    const line = outcome.locator('tr', { hasText: claim.patient_control_number });
    assert.match(await line.innerText(), /Batched → Rejected[\s\S]*999 rejected the transaction \(R\)/);
    await expectAccessible(page, 'acknowledgement outcome');
    await shot(page, 'billing-claims-ack');

    await line.getByRole('link', { name: claim.patient_control_number }).click();
    await panel().getByRole('heading', { name: new RegExp(`Claim ${claim.patient_control_number}`) }).waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="claim-state"]')?.textContent === 'Rejected');
    assert.match(await panel().locator('.status-note').innerText(), /999 rejected the transaction \(R\)/);
    const finding = panel().locator('li.finding[data-field="subscriber.member_id"]');
    await finding.getByRole('button', { name: "Fix the coverage's member ID" }).waitFor();
    assert.match(await finding.innerText(), /837P: NM1 of 2010BA/);
    const history = panel().locator('tr[data-ack="999"]');
    assert.match(await history.innerText(), /Batched → Rejected[\s\S]*999 rejected the transaction/);
    await tab('rejected').locator('.count', { hasText: /^3$/ }).waitFor(); // the queue took in the 999 too
    await expectAccessible(page, 'rejected claim');

    // The batches list and the batch say the same.
    await page.getByRole('link', { name: 'Batches' }).click();
    const row = page.locator(`tr[data-batch="${batchId}"]`);
    assert.match(await row.innerText(), /3[\s\S]*\$500\.00[\s\S]*Rejected/);
    await expectAccessible(page, 'batches');
    await row.getByRole('link', { name: `Batch ${batchId}` }).click();
    await page.getByTestId('batch-screen').getByRole('table').getByText(claim.patient_control_number).waitFor();
    assert.match(await page.getByTestId('batch-screen').innerText(), /Batch \d+: Rejected[\s\S]*Rejected[\s\S]*999 rejected/);
    await expectAccessible(page, 'one batch');
  });

  test('the front desk reads the queue and the CMS-1500 but is offered none of the biller\'s actions', async () => {
    await signInAs('frontdesk');
    await page.goto(`${server.base}/billing/claims/${claim.id}`);
    await panel().getByRole('heading', { name: new RegExp(`Claim ${claim.patient_control_number}`) }).waitFor();
    assert.equal(await page.getByLabel(`Select claim ${claim.patient_control_number}`).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Take in acknowledgements' }).count(), 0);
    assert.equal(await panel().getByRole('button', { name: /Scrub/ }).count(), 0);
    const pdf = await page.request.get(`${server.base}/api/v1/claims/${claim.id}/cms1500.pdf`);
    assert.equal(pdf.status(), 200);
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
    assert.equal(await panel().getByRole('link', { name: 'CMS-1500 (PDF)' }).getAttribute('href'), `/api/v1/claims/${claim.id}/cms1500.pdf`);
    assert.ok(existsSync(outbox));
  });
});
