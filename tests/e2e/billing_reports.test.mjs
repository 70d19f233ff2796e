// SPDX-License-Identifier: AGPL-3.0-or-later
// End to end (issue 18, statements and reports): in a real browser against the real binary on a
// fresh SQLite database with the demo clinic and its printed logins. A manager sets the stage over
// the API (three finalised visits: $125.00 self-pay yesterday with $40.00 paid in cash today,
// $180.00 to an insurance ten days ago, $200.00 self-pay 45 days ago; and a provider of our own
// with a 20-minute visit now, checked in and roomed, and one two hours earlier, missed). The biller runs statements (a bad
// minimum is named beside its field), checks a statement PDF's text and the vendor CSV, sees the
// history on the account, then AR aging, the day sheet, collections and the scheduling metrics,
// whose figures must equal the API's and the hand-computed ones, and downloads the AR aging CSV.
// axe-core on every screen; screenshots of each. The front desk sees neither tab.
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase, cli, startServer, signIn, addUser } from '../integration/helpers.mjs';
import { launch, axeViolations, shot, debugShot } from './browser.mjs';

const ZONE = 'America/Chicago';
const DAY = 86_400_000;
const money = (cents) => `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;

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

function localDate(ms, zone = ZONE) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));
}

/** The instant of local midnight starting `date` in the zone (two rounds settle the offset). */
function localMidnight(date, zone = ZONE) {
  const [y, m, d] = date.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d);
  const offset = (t) => {
    const p = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric',
      month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(t)).map((x) => [x.type, Number(x.value)]));
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - t;
  };
  let t = wall - offset(wall);
  t = wall - offset(t);
  return t;
}

function pdfText(bytes) {
  const dir = mkdtempSync(join(tmpdir(), 'medoffice-statement-'));
  try {
    writeFileSync(join(dir, 's.pdf'), bytes);
    return execFileSync('pdftotext', ['-layout', join(dir, 's.pdf'), '-'], { encoding: 'utf8' });
  } finally { rmSync(dir, { recursive: true, force: true }); }
}

async function expectAccessible(page, screen) {
  assert.deepEqual(await axeViolations(page), [], `axe: ${screen} has serious or critical violations`);
}

describe('statements and reports in a real browser', () => {
  let db; let server; let browser; let page; let logins; let api; let location; let provider;
  let stella; let arlo; let accountStella; let mia; const pageErrors = [];
  const today = localDate(Date.now());

  async function signInAs(username) {
    if (await page.getByRole('button', { name: 'Sign out' }).count()) await page.getByRole('button', { name: 'Sign out' }).click();
    else await page.goto(`${server.base}/`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(logins[username].password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
  }

  /** A finalised visit of one line; returns the encounter. */
  async function visit(patient, code, cents, daysAgo) {
    const enc = await api('POST', '/api/v1/encounters', { body: { patient_id: patient.id, provider_id: provider.id,
      location_id: location.id, date_of_service: localDate(Date.now() - daysAgo * DAY), diagnoses: ['E119'],
      lines: [{ code, diagnosis_pointers: [1], charge_cents: cents }] } });
    assert.equal(enc.status, 201, enc.text);
    const fin = await api('POST', `/api/v1/encounters/${enc.json.id}/finalize`);
    assert.equal(fin.status, 200, fin.text);
    return enc.json;
  }

  async function patientNamed(family, given, phone) {
    const made = await api('POST', '/api/v1/patients', { body: { family_name: family, given_name: given,
      birth_date: '1981-03-04', sex: 'female', phone,
      address: { line1: '5 Elm St', city: 'Springfield', state: 'IL', postal_code: '62704' } } });
    assert.equal(made.status, 201, made.text);
    return made.json;
  }

  before(async () => {
    db = freshDatabase('sqlite');
    assert.equal(cli('init', '--db', db.url).status, 0);
    const demo = cli('demo', '--db', db.url, '--patients', '40', '--appointments', '1500');
    assert.equal(demo.status, 0, demo.stderr);
    logins = parseLogins(demo.stdout);
    assert.ok(logins.biller?.password && logins.frontdesk?.password, 'the demo prints its logins');
    server = await startServer(db.url);
    api = (await signIn(server.base, addUser(db.url, ['manager']))).call;
    location = (await api('GET', '/api/v1/locations')).json.items.find((l) => l.time_zone === ZONE);
    provider = (await api('GET', '/api/v1/providers?limit=200')).json.items.find((p) => p.location_ids.includes(location.id));
    // The demo writes no billing: every dollar below is ours.
    stella = await patientNamed('Statham', 'Stella', '+12175550161');
    arlo = await patientNamed('Agerton', 'Arlo', '+12175550162');
    const covs = (await api('GET', '/api/v1/coverages?limit=50')).json.items;
    const cov = covs.find((c) => c.priority === 'primary' && c.active && !c.end_date);
    const covered = (await api('GET', `/api/v1/patients/${cov.patient_id}`)).json;
    accountStella = (await visit(stella, '99213', 12500, 1)).account_id;
    await visit(covered, '99213', 18000, 10);
    await visit(arlo, '99214', 20000, 45);
    const pay = await api('POST', '/api/v1/payments', { body: { patient_id: stella.id, amount_cents: 4000,
      method: 'cash', kind: 'patient_payment', location_id: location.id } });
    assert.equal(pay.status, 201, pay.text);

    // A provider of our own, available all day, every day, with one 20-minute visit today that is
    // checked in and roomed: utilisation 20 minutes of the day, one wait measured.
    const p = await api('POST', '/api/v1/providers', { body: { family_name: 'Metric', given_name: 'Mia', credentials: 'MD',
      npi: '1982746301', taxonomy: '207Q00000X', location_ids: [location.id] } });
    assert.equal(p.status, 201, p.text);
    mia = p.json;
    const rule = await api('POST', '/api/v1/availability-rules', { body: { provider_id: mia.id, location_id: location.id,
      weekdays: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], start_time: '00:00', end_time: '24:00', effective_from: localDate(Date.now() - 3 * DAY) } });
    assert.equal(rule.status, 201, rule.text);
    const type = (await api('GET', '/api/v1/appointment-types')).json.items.find((t) => t.name === 'Follow-up visit');
    let start = Math.floor(Date.now() / 60_000) * 60_000;
    if (localDate(start + 20 * 60_000) !== today) start -= 3_600_000;
    const booked = await api('POST', '/api/v1/appointments', { body: { patient_id: arlo.id, provider_id: mia.id,
      location_id: location.id, appointment_type_id: type.id, start: new Date(start).toISOString(),
      end: new Date(start + 20 * 60_000).toISOString(), overbook: true } });
    assert.equal(booked.status, 201, booked.text);
    const inn = await api('POST', `/api/v1/appointments/${booked.json.id}/check-in`, { body: {} });
    assert.equal(inn.status, 200, inn.text);
    // And one two hours before that the patient missed.
    const missed = await api('POST', '/api/v1/appointments', { body: { patient_id: stella.id, provider_id: mia.id,
      location_id: location.id, appointment_type_id: type.id, start: new Date(start - 7_200_000).toISOString(),
      end: new Date(start - 7_200_000 + 20 * 60_000).toISOString(), overbook: true } });
    assert.equal(missed.status, 201, missed.text);
    const noShow = await api('POST', `/api/v1/appointments/${missed.json.id}/no-show`, { body: {} });
    assert.equal(noShow.status, 200, noShow.text);
    const rooms = (await api('GET', '/api/v1/rooms')).json.items.filter((r) => r.location_id === location.id);
    let roomed;
    for (const room of rooms) {
      roomed = await api('POST', `/api/v1/appointments/${booked.json.id}/room`, { body: { room_id: room.id } });
      if (roomed.status !== 409) break;
    }
    assert.equal(roomed?.status, 200, roomed?.text);

    browser = await launch();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await signInAs('biller');
  });
  after(async () => { await browser?.close(); await server?.stop(); db?.drop(); });
  after(() => assert.deepEqual(pageErrors, [], 'no script errors in the page'));
  let testNo = 0;
  afterEach(async () => { if (page) await debugShot(page, `billing-reports-after-${++testNo}`).catch(() => {}); });

  test('the biller runs statements, opens a statement PDF and the vendor CSV, and sees the account\'s history', async () => {
    await page.goto(`${server.base}/billing/statements`);
    await page.getByRole('heading', { name: 'Run statements' }).waitFor();
    // The history arrives after the form (regression: counted at once, this failed now and then).
    await page.getByText('No statements have been run yet.').waitFor();
    await page.getByLabel('Minimum balance ($)').fill('five');
    await page.getByRole('button', { name: 'Run statements' }).click();
    await page.locator('.field.has-error', { hasText: 'Minimum balance ($)' }).getByText(/enter dollars and cents/).waitFor();
    await page.getByLabel('Minimum balance ($)').fill('5.00');
    await page.getByRole('button', { name: 'Run statements' }).click();

    // Stella owes $85.00 (yesterday's $125.00 less $40.00), Arlo $200.00; the insured visit waits
    // on the insurance, so its account gets none: two statements, $285.00.
    const head = page.getByRole('heading', { name: /^Run \d+: / });
    await head.waitFor();
    assert.equal(await head.innerText(), 'Run 1: 2 statements, $285.00 due');
    // The result takes the focus (waited for: focus may follow the render by a frame).
    await head.evaluate((h) => new Promise((done, fail) => {
      const t0 = Date.now();
      const check = () => (h === document.activeElement ? done() : Date.now() - t0 > 5000 ? fail(new Error('the result never took the focus')) : requestAnimationFrame(check));
      check();
    }));
    assert.match(await page.getByTestId('run-summary').innerText(), /Every account · cycle \d{4}-\d{2}\/all · dated \d{4}-\d{2}-\d{2} · minimum balance \$5\.00\. 2 statements were made now\./);
    const rows = page.locator('section[data-run] tr[data-statement]');
    assert.equal(await rows.count(), 2);
    const stellaRow = rows.filter({ hasText: 'Statham' });
    assert.match(await stellaRow.innerText(), new RegExp(`S\\d{8}-\\d{6}\\s+${today}\\s+[^\\t]*Statham[^\\t]*\\s+A${String(accountStella).padStart(6, '0')}\\s+\\$85\\.00`));
    assert.match(await rows.filter({ hasText: 'Agerton' }).innerText(), /\$200\.00\s+\s*4[4-6]\s/);
    await expectAccessible(page, 'statements');
    await shot(page, 'billing-statements');

    // The PDF opens in a new tab; its text names the guarantor, the number and the amount due.
    const pdfLink = stellaRow.getByRole('link', { name: /^PDF of statement S\d+-\d+ \(opens a new tab\)$/ });
    assert.equal(await pdfLink.getAttribute('target'), '_blank');
    const number = (await stellaRow.locator('td').first().innerText()).trim();
    const pdf = await page.request.get(new URL(await pdfLink.getAttribute('href'), page.url()).href);
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    const text = pdfText(await pdf.body());
    assert.match(text, new RegExp(number));
    assert.match(text, /Statham/);
    assert.match(text, /\$85\.00/);

    // The vendor's CSV: a download with one row per statement.
    const [csvDownload] = await Promise.all([page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download the vendor file (CSV)' }).click()]);
    const vendor = readFileSync(await csvDownload.path(), 'utf8').trim().split(/\r?\n/);
    assert.equal(vendor.length, 3, vendor.join('\n'));
    assert.match(vendor[0], /^Statement number,Account number,Guarantor/i);
    assert.ok(vendor.some((l) => l.startsWith(`${number},A${String(accountStella).padStart(6, '0')},`) && l.includes('Statham') && l.includes(',85.00,')), vendor.join('\n'));

    // The runs list has it; running the same cycle again makes nothing new.
    assert.match(await page.locator('tr[data-run="1"]').innerText(), /Every account[\s\S]*Done\s+2\s+\$285\.00/);
    await page.getByRole('button', { name: 'Run statements' }).click();
    await page.getByTestId('run-summary').getByText('This cycle was mailed before: nothing new was made.').waitFor();

    // The account's statement history.
    await page.goto(`${server.base}/billing/accounts/${accountStella}`);
    const history = page.getByTestId('account-statements');
    await history.getByRole('heading', { name: 'Statements' }).waitFor();
    await history.locator('tr[data-statement]').first().waitFor();
    assert.equal(await history.locator('tr[data-statement]').count(), 1);
    assert.match(await history.locator('tr[data-statement]').innerText(), new RegExp(`${number}[\\s\\S]*\\$85\\.00`));
    const api1 = (await api('GET', `/api/v1/accounts/${accountStella}/statements`)).json.items;
    assert.deepEqual(api1.map((s) => [s.statement_number, s.amount_due_cents]), [[number, 8500]]);
    await expectAccessible(page, 'account with its statements');
  });

  test('AR aging shows the API\'s totals and the hand-computed ones, charts them, and exports the CSV', async () => {
    await page.getByRole('navigation', { name: 'Billing sections' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'AR aging' }).waitFor();
    const total = page.getByTestId('aging-total');
    await total.waitFor();
    const aging = (await api('GET', '/api/v1/reports/ar-aging?by=payer')).json;
    // By hand: $85.00 + $180.00 in 0-30 days, $200.00 in 31-60.
    assert.equal(aging.total_cents, 46500);
    assert.deepEqual([aging.buckets['0_30'], aging.buckets['31_60']], [26500, 20000]);
    assert.match(await total.innerText(), new RegExp(`Total receivable \\${money(aging.total_cents)} as of ${today}`));
    const totalRow = page.locator('tr[data-row="total"]');
    assert.match(await totalRow.innerText(), /Total\s+\$265\.00\s+\$200\.00\s+\$0\.00\s+\$0\.00\s+\$0\.00\s+\$465\.00/);
    assert.match(await page.locator('tr[data-row="Patient"]').innerText(), /\$85\.00\s+\$200\.00[\s\S]*\$285\.00/);
    const insurer = aging.rows.find((r) => r.payer_id !== 0);
    assert.match(await page.locator(`tr[data-row="${insurer.payer}"]`).innerText(), /\$180\.00[\s\S]*\$180\.00/);
    // The chart is a canvas named by a sentence with every figure.
    const chart = page.getByRole('img', { name: /^Bar chart, What is owed by age/ });
    assert.match(await chart.getAttribute('aria-label'), /0–30 days: Insurance \$180\.00, Patient \$85\.00; 31–60 days: Insurance \$0\.00, Patient \$200\.00/);
    assert.equal(await chart.locator('canvas').count(), 1);
    await expectAccessible(page, 'AR aging');
    await shot(page, 'billing-reports-aging');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    assert.equal(download.suggestedFilename(), `ar-aging-${today}.csv`);
    const csv = readFileSync(await download.path(), 'utf8').trim().split(/\r?\n/);
    assert.match(csv[0], /Payer/);
    assert.ok(csv.some((l) => /^0,Patient,85\.00,200\.00,0\.00,0\.00,0\.00,285\.00$/.test(l)), csv.join('\n'));
    assert.equal(csv.at(-1), ',Total,265.00,200.00,0.00,0.00,0.00,465.00');
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download XLSX' }).click()]);
    assert.equal(xlsx.suggestedFilename(), `ar-aging-${today}.xlsx`);
    assert.equal(readFileSync(await xlsx.path()).subarray(0, 2).toString(), 'PK', 'a workbook (zip) file');

    // A date in the future is refused beside the field that names it.
    await page.getByLabel('As of (end of day)').fill(localDate(Date.now() + 3 * DAY));
    await page.locator('.field.has-error', { hasText: 'As of' }).waitFor();
    await page.getByLabel('As of (end of day)').fill('');
    await page.locator('.field.has-error').waitFor({ state: 'detached' });
  });

  test('the day sheet and collections show the API\'s figures and the hand-computed ones', async () => {
    await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Day sheet' }).click();
    await page.getByRole('heading', { name: `Day sheet for ${today}` }).waitFor();
    const sheet = (await api('GET', `/api/v1/reports/day-sheet?date=${today}`)).json;
    // By hand: three visits finalised today ($125.00 + $180.00 + $200.00) and $40.00 in cash.
    assert.deepEqual([sheet.charges_cents, sheet.payments_cents, sheet.deposit_total_cents], [50500, 4000, 4000]);
    const figure = async (id) => (await page.getByTestId(`figure-${id}`).locator('dd').innerText()).trim();
    assert.equal(await figure('charges'), money(sheet.charges_cents));
    assert.equal(await figure('payments'), '$40.00');
    assert.equal(await figure('adjustments'), '$0.00');
    assert.equal(await figure('deposit'), money(sheet.deposit_total_cents));
    assert.match(await page.locator('tr[data-row="cash"]').innerText(), /Cash\s+1\s+\$40\.00/);
    assert.ok(await page.getByRole('img', { name: /^Bar chart, Charges, payments and adjustments by provider/ }).count());
    const byProvider = page.locator('table', { has: page.locator('caption', { hasText: 'By provider' }) });
    assert.match(await byProvider.locator('tr[data-row="total"]').innerText(), /Total\s+\$505\.00\s+\$0\.00\s+\$40\.00/);
    await expectAccessible(page, 'day sheet');
    await shot(page, 'billing-reports-day-sheet');

    await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Collections by payer' }).click();
    await page.getByRole('heading', { name: /^Collections by payer, / }).waitFor();
    const coll = (await api('GET', '/api/v1/reports/collections')).json;
    assert.equal(coll.patient_payments_cents, 4000);
    assert.equal((await page.getByTestId('figure-patient').locator('dd').innerText()).trim(), money(coll.patient_payments_cents));
    assert.match(await page.locator('tr[data-row="Patient"]').innerText(), /Patient\s+\$0\.00\s+\$40\.00/);
    await expectAccessible(page, 'collections');
  });

  test('the scheduling metrics equal the calendar\'s counts and the hand-computed utilisation', async () => {
    await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Scheduling' }).click();
    await page.getByRole('heading', { name: 'Scheduling metrics' }).waitFor();
    await page.getByLabel('Location', { exact: true }).selectOption(String(location.id));
    const yesterday = localDate(Date.now() - DAY);
    await page.getByLabel('From', { exact: true }).fill(yesterday);
    await page.getByLabel('To', { exact: true }).fill(today);
    const row = page.locator(`tr[data-row="${mia.id}"]`);
    await row.waitFor();
    // By hand: two visits, both started, one missed (50%); 20 minutes booked (the missed visit
    // does not count) of the two days' hours (48, or 47/49 over a clock change); one wait.
    const hours = (localMidnight(localDate(Date.now() + DAY)) - localMidnight(yesterday)) / 3_600_000;
    const util = Math.round((20 / (hours * 60)) * 1000) / 10;
    const cells = await row.locator('td').allInnerTexts();
    assert.deepEqual(cells, ['Metric, Mia MD', '2', '1', '50%', `${hours} h`, '0.3 h', `${util}%`, '0 min', '0 min', '1']);
    // Over the last week (the demo's past visits, some missed), the no-show rate and the visits
    // equal what the calendar's API says.
    const first = localDate(Date.now() - 6 * DAY);
    await page.getByLabel('From', { exact: true }).fill(first);
    const from = new Date(localMidnight(first)).toISOString();
    const to = new Date(localMidnight(localDate(Date.now() + DAY))).toISOString();
    const visits = (await api('GET', `/api/v1/appointments?location_id=${location.id}&from=${from}&to=${to}&include_cancelled=true`)).json.items
      .filter((a) => Date.parse(a.start) >= Date.parse(from) && Date.parse(a.start) < Date.parse(to));
    const started = visits.filter((a) => a.status !== 'cancelled' && Date.parse(a.start) < Date.now());
    const noShows = started.filter((a) => a.status === 'no_show').length;
    assert.ok(visits.length > 2 && noShows > 0, 'the demo has visits this week, and ours was missed');
    const rate = started.length ? `${Math.round((noShows / started.length) * 1000) / 10}%` : '—';
    const booked = visits.filter((a) => a.status !== 'cancelled').length;
    await page.getByTestId('figure-visits').locator('dd').getByText(String(booked), { exact: true }).waitFor();
    assert.equal((await page.getByTestId('figure-no-show').locator('dd').innerText()).trim(), rate);
    // More than 366 days is named beside To, before asking.
    await page.getByLabel('From', { exact: true }).fill(localDate(Date.now() - 400 * DAY));
    await page.locator('.field.has-error', { hasText: 'To' }).getByText(/at most 366 days/).waitFor();
    await page.getByLabel('From', { exact: true }).fill(first);
    await page.getByTestId('figure-visits').locator('dd').getByText(String(booked), { exact: true }).waitFor();
    await expectAccessible(page, 'scheduling metrics');
    await shot(page, 'billing-reports-scheduling');
  });

  test('the front desk sees neither statements nor reports', async () => {
    await signInAs('frontdesk');
    await page.goto(`${server.base}/billing`);
    const tabs = page.getByRole('navigation', { name: 'Billing sections' });
    await tabs.waitFor();
    for (const name of ['Statements', 'Reports'])
      assert.equal(await tabs.getByRole('link', { name }).count(), 0, `no ${name} tab for the front desk`);
    await page.goto(`${server.base}/billing/reports/ar-aging`);
    await page.getByText('Your role does not allow this part of billing.').waitFor();
  });
});
