// SPDX-License-Identifier: AGPL-3.0-or-later
// End to end (issue 5): a morning at the front desk in a real browser (Debian's chromium through
// playwright-core) against the real binary on a fresh SQLite database with the demo clinic and
// its printed demo logins. Each main screen is also checked with axe-core (no serious or
// critical violations) and photographed.
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { freshDatabase, cli, startServer, signIn, totp } from '../integration/helpers.mjs';
import { launch, axeViolations, shot, debugShot } from './browser.mjs';

const DAY = 86_400_000;
const ZONE = 'America/Chicago';

/** The demo's printed logins: {username: {password, secret}}. */
function parseLogins(text) {
  const out = {};
  let current = null;
  for (const line of text.split('\n')) {
    let m = line.match(/^user (\w+) \(id \d+\)/);
    if (m) { current = m[1]; out[current] = { username: current }; continue; }
    m = line.match(/one-time password: (\S+)/);
    if (m && current) out[current].password = m[1];
    m = line.match(/secret=([A-Z2-7]+)/);
    if (m && current) out[current].secret = m[1];
  }
  return out;
}

function localDate(iso, zone = ZONE) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
}

/**
 * A code the server has not seen yet for this secret: each 30-second step is good once and the
 * server accepts one step either side of now, so this waits when the next unused step is ahead.
 */
const usedSteps = new Map();
async function freshCode(secret) {
  for (;;) {
    const now = Math.floor(Date.now() / 30000);
    const step = Math.max(now, (usedSteps.get(secret) ?? now - 1) + 1);
    if (step <= now) {
      usedSteps.set(secret, step);
      return totp(secret, step);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Waits up to 10 s for an input to hold `value` (a string, or a pattern it must match). */
async function untilValue(locator, value, message) {
  const ok = (v) => (value instanceof RegExp ? value.test(v) : v === value);
  for (let i = 0; i < 100; i++) {
    if (ok(await locator.inputValue())) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (value instanceof RegExp) assert.match(await locator.inputValue(), value, message);
  else assert.equal(await locator.inputValue(), value, message);
}

/**
 * Waits up to 10 s until `locator`'s box satisfies `ok`. The calendar re-draws a moved visit only
 * after it has fetched the day again, a moment after the "Moved" message: grabbing the visit before
 * then grabs the place it used to be (an empty slot, whose click opens the booking dialog).
 */
async function untilBox(locator, ok, message) {
  let box;
  for (let i = 0; i < 100; i++) {
    box = await locator.boundingBox();
    if (box && ok(box)) return box;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`${message}: the box is ${JSON.stringify(box)}`);
}

async function expectAccessible(page, screen) {
  const v = await axeViolations(page);
  assert.deepEqual(v, [], `axe: ${screen} has serious or critical violations`);
}

describe('the front desk in a real browser', () => {
  let db; let server; let browser; let page; let logins; let api;
  let location; let provider; let followUp; let patientId; let booked; let others; const pageErrors = [];

  before(async () => {
    db = freshDatabase('sqlite');
    assert.equal(cli('init', '--db', db.url).status, 0);
    const demo = cli('demo', '--db', db.url, '--patients', '300', '--appointments', '3000');
    assert.equal(demo.status, 0, demo.stderr);
    logins = parseLogins(demo.stdout);
    assert.ok(logins.frontdesk?.password && logins.manager?.secret, 'the demo prints its logins');
    server = await startServer(db.url);
    // The API, as the manager, only sets the stage and checks results; the UI does the work.
    const m = logins.manager;
    const session = await signIn(server.base, { username: m.username, password: m.password, secret: '' }).catch(() => null);
    assert.equal(session, null, 'a manager cannot sign in without the code');
    // The API takes the previous 30-second step's code (the server accepts one step either
    // side, each code once); the browser takes the later ones.
    const step = Math.floor(Date.now() / 30000) - 1;
    api = (await signIn(server.base, { username: m.username, password: m.password, secret: m.secret, nextStep: step })).call;
    usedSteps.set(m.secret, step);
    location = (await api('GET', '/api/v1/locations')).json.items.find((l) => l.time_zone === ZONE);
    followUp = (await api('GET', '/api/v1/appointment-types')).json.items.find((t) => t.name === 'Follow-up visit');
    // A provider of our own, free every day 07:00-19:00, so that what the test books is predictable.
    provider = (await api('POST', '/api/v1/providers', { body: { family_name: 'Testwell', given_name: 'Eve', credentials: 'MD',
      npi: '1987654328', taxonomy: '207Q00000X', location_ids: [location.id] } })).json;
    assert.ok(provider.id, `provider created: ${JSON.stringify(provider)}`);
    const rule = await api('POST', '/api/v1/availability-rules', { body: { provider_id: provider.id, location_id: location.id,
      weekdays: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], start_time: '07:00', end_time: '19:00', effective_from: localDate(new Date(Date.now() - DAY).toISOString()) } });
    assert.equal(rule.status, 201, rule.text);
    browser = await launch();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    others = (await api('GET', '/api/v1/patients?limit=5')).json.items;
  });
  after(async () => { await browser?.close(); await server?.stop(); db?.drop(); });
  after(() => assert.deepEqual(pageErrors, [], 'no script errors in the page'));
  // The last screen of each test, for reading a failure (build/screenshots/after-*.png).
  let testNo = 0;
  afterEach(async () => { if (page) await debugShot(page, `after-${++testNo}`).catch(() => {}); });

  test('the server serves the app at / and its routes, under the strict CSP, cached by hash', async () => {
    const res = await fetch(`${server.base}/calendar`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /text\/html/);
    assert.match(res.headers.get('content-security-policy'), /default-src 'self'/);
    const html = await res.text();
    assert.doesNotMatch(html, /<script>(?!<\/script>)|<script(?![^>]*src=)[^>]*>[^<]/, 'no inline script');
    const js = html.match(/src="(\/assets\/[^"]+\.js)"/)[1];
    const asset = await fetch(`${server.base}${js}`, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(asset.status, 200);
    assert.match(asset.headers.get('cache-control'), /immutable/);
    const again = await fetch(`${server.base}${js}`, { headers: { 'if-none-match': asset.headers.get('etag') } });
    assert.equal(again.status, 304);
    assert.equal((await fetch(`${server.base}/assets/nope.js`)).status, 404);
    assert.equal((await fetch(`${server.base}/api/v1/nope`)).status, 404, 'API paths never fall back to the app');
  });

  test('log in: a manager needs the authenticator code', async () => {
    await page.goto(`${server.base}/`);
    await page.getByLabel('Username').fill('manager');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The username or password is not right.').waitFor();
    await expectAccessible(page, 'sign-in');
    await shot(page, 'login');
    await page.getByLabel('Password').fill(logins.manager.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const code = page.getByLabel('Code from your authenticator app');
    await code.waitFor();
    await code.fill(await freshCode(logins.manager.secret));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    assert.match(page.url(), /\/calendar$/);
  });

  test('admin screens: add an appointment type; every section loads and is accessible', async () => {
    await page.getByRole('link', { name: 'Admin' }).click();
    // Managers set up the practice; users and roles are the administrator's (user.admin).
    const tabs = page.getByRole('navigation', { name: 'Admin sections' });
    await tabs.waitFor();
    assert.equal(await tabs.getByRole('link', { name: 'Users' }).count(), 0, 'no Users tab for a manager');
    for (const section of ['Practice', 'Locations', 'Rooms', 'Providers', 'Payers', 'Availability', 'Exceptions', 'Appointment types']) {
      await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: section }).click();
      await page.locator('main table, main form, main .alert').first().waitFor();
      await expectAccessible(page, `admin ${section}`);
    }
    await shot(page, 'admin-appointment-types');
    await page.getByRole('button', { name: 'Add appointment type' }).click();
    const dlg = page.getByRole('dialog');
    await dlg.getByLabel('Name').fill('Blood pressure check');
    await dlg.getByLabel('Length (minutes)').fill('0');
    await dlg.getByRole('button', { name: 'Save' }).click();
    // The API's message stands next to the field it names.
    await dlg.locator('.field.has-error', { hasText: 'Length (minutes)' }).locator('.error').waitFor();
    await dlg.getByLabel('Length (minutes)').fill('10');
    await dlg.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'Blood pressure check' }).waitFor();
    const types = (await api('GET', '/api/v1/appointment-types')).json.items;
    assert.ok(types.some((t) => t.name === 'Blood pressure check' && t.duration_minutes === 10));
  });

  test('the practice\'s billing details: a bad tax ID is refused beside its field; a good one is saved for the claims', async () => {
    await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Practice' }).click();
    await page.getByRole('heading', { name: 'Practice billing details' }).waitFor();
    assert.equal(await page.getByRole('button', { name: /^Add / }).count(), 0, 'the practice is edited, not added');
    assert.equal(await page.getByRole('button', { name: 'Archive' }).count(), 0, 'nor archived');
    const before = (await api('GET', '/api/v1/organizations')).json.items[0];
    await page.getByRole('row', { name: new RegExp(before.legal_name) }).getByRole('button', { name: 'Edit' }).click();
    const dlg = page.getByRole('dialog', { name: 'Edit practice' });
    assert.equal(await dlg.getByLabel('Group NPI').inputValue(), before.npi);
    await dlg.getByLabel('Tax ID (EIN)').fill('12-34');
    await dlg.getByRole('button', { name: 'Save' }).click();
    await dlg.locator('.field.has-error', { hasText: 'Tax ID (EIN)' }).locator('.error').waitFor();
    await expectAccessible(page, 'edit practice dialog');
    await shot(page, 'admin-practice');
    await dlg.getByLabel('Tax ID (EIN)').fill('36-1234567');
    await dlg.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: '361234567' }).waitFor();
    const after = (await api('GET', '/api/v1/organizations')).json.items[0];
    assert.equal(after.tin, '361234567');
    assert.equal(after.npi, before.npi);
    assert.deepEqual(after.billing_address, before.billing_address);
  });

  test('sign out, then the front desk signs in and enrols an authenticator app from the QR code', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Username').fill('frontdesk');
    await page.getByLabel('Password').fill(logins.frontdesk.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.getByRole('link', { name: 'frontdesk' }).click();
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    await page.getByRole('img', { name: /QR code/ }).waitFor();
    await expectAccessible(page, 'account');
    await shot(page, 'mfa-enrolment');
    const secret = (await page.getByTestId('mfa-secret').innerText()).replace(/\s/g, '');
    assert.match(secret, /^[A-Z2-7]{16,}$/);
    await page.getByLabel('Code the app shows now').fill('000000');
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    await page.locator('.field.has-error .error').waitFor();
    await page.getByLabel('Code the app shows now').fill(await freshCode(secret));
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    await page.getByTestId('recovery-codes').waitFor();
    logins.frontdesk.secret = secret;
    // From now on the front desk signs in with a code too.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Username').fill('frontdesk');
    await page.getByLabel('Password').fill(logins.frontdesk.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Code from your authenticator app').fill(await freshCode(secret));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
  });

  test('register a patient with insurance; the API\'s field errors show beside the fields', async () => {
    await page.getByRole('link', { name: 'Patients' }).click();
    await page.getByLabel('Search').fill(others[0].family_name);
    await page.getByRole('table').waitFor();
    await expectAccessible(page, 'patient search');
    await shot(page, 'patient-search');
    await page.getByRole('link', { name: 'Register a patient' }).click();
    await page.getByLabel('Family name').fill('Quintero');
    await page.getByLabel('Given name').fill('Rosalind');
    await page.getByLabel('Birth date').fill('1984-03-09');
    await page.getByLabel('Phone').fill('555-01');
    await page.getByLabel('Address', { exact: true }).fill('12 Elm St');
    await page.getByLabel('City').fill('Springfield');
    await page.getByLabel('State').fill('IL');
    await page.getByLabel('ZIP code').fill('62701');
    await page.getByRole('button', { name: 'Register' }).click();
    const phoneError = page.locator('.field.has-error', { hasText: 'Phone' }).locator('.error');
    await phoneError.waitFor();
    assert.equal(await page.getByLabel('Phone').getAttribute('aria-invalid'), 'true');
    await page.getByLabel('Phone').fill('+12175550188');
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByRole('heading', { name: 'Quintero, Rosalind' }).waitFor();
    patientId = Number(page.url().match(/\/patients\/(\d+)/)[1]);
    await page.getByRole('button', { name: 'Add coverage' }).click();
    const dlg = page.getByRole('dialog');
    await dlg.getByLabel('Payer').selectOption({ label: 'Blue Cross Blue Shield of Illinois' });
    await dlg.getByLabel('Member ID').fill('XOF123456789');
    await dlg.getByLabel('Group number').fill('GRP5521');
    await dlg.getByLabel('Co-pay ($)').fill('25.00');
    await dlg.getByRole('button', { name: 'Save coverage' }).click();
    await page.getByRole('cell', { name: 'XOF123456789' }).waitFor();
    await expectAccessible(page, 'patient record');
    await shot(page, 'patient-record');
    const covs = (await api('GET', `/api/v1/coverages?patient_id=${patientId}`)).json.items;
    assert.equal(covs.length, 1);
    assert.equal(covs[0].copay_cents, 2500);
    assert.equal(covs[0].priority, 'primary');
    // Registering the same person again warns of a possible duplicate.
    await page.getByRole('link', { name: 'Patients' }).click();
    await page.getByRole('link', { name: 'Register a patient' }).click();
    await page.getByLabel('Family name').fill('Quintero');
    await page.getByLabel('Given name').fill('Rosalind');
    await page.getByLabel('Birth date').fill('1984-03-09');
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByText('Possible duplicate.').waitFor();
  });

  test('an edit that lost a race gets 412 and offers to reload', async () => {
    await page.goto(`${server.base}/patients/${patientId}`);
    await page.getByRole('heading', { name: 'Quintero, Rosalind' }).waitFor();
    const current = (await api('GET', `/api/v1/patients/${patientId}`)).json;
    const r = await api('PATCH', `/api/v1/patients/${patientId}`, { body: { email: 'rq@example.com' }, headers: { 'if-match': `"${current.version}"` } });
    assert.equal(r.status, 200, r.text);
    await page.getByLabel('Middle name').fill('J');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Someone else changed this record').waitFor();
    await page.getByRole('button', { name: 'Reload the latest version' }).click();
    await untilValue(page.getByLabel('Email'), 'rq@example.com');
    await page.getByLabel('Middle name').fill('J');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved').waitFor();
  });

  test('find a slot and book it', async () => {
    await page.getByRole('link', { name: 'Find & book' }).click();
    await page.getByLabel('Visit type').selectOption({ label: 'Follow-up visit (20 min)' });
    await page.getByLabel('Testwell, Eve MD').check();
    // Tomorrow morning, so that the drags below stay inside the provider's 07:00-19:00.
    await page.getByLabel('From', { exact: true }).fill(localDate(new Date(Date.now() + DAY).toISOString()));
    await page.getByLabel('Not after (time)').fill('12:00');
    await page.getByRole('button', { name: 'Find open times' }).click();
    const slot = page.locator('.slot').first();
    await slot.waitFor();
    await expectAccessible(page, 'find and book');
    await shot(page, 'find-and-book');
    await slot.click();
    const dlg = page.getByRole('dialog');
    await dlg.getByRole('combobox', { name: 'Patient' }).fill('Quintero');
    await dlg.getByRole('option', { name: /Quintero, Rosalind/ }).first().click();
    await expectAccessible(page, 'booking dialog');
    await dlg.getByRole('button', { name: 'Book', exact: true }).click();
    await page.getByText(/^Booked for/).waitFor();
    const from = new Date(Date.now() - DAY).toISOString();
    const to = new Date(Date.now() + 40 * DAY).toISOString();
    const mine = (await api('GET', `/api/v1/appointments?patient_id=${patientId}&from=${from}&to=${to}`)).json.items;
    assert.equal(mine.length, 1);
    booked = mine[0];
    assert.equal(booked.provider_id, provider.id);
    assert.equal(booked.appointment_type_id, followUp.id);
  });

  test('book a weekly series for a new patient registered in the booking dialog', async () => {
    await page.getByRole('link', { name: 'Find & book' }).click();
    await page.getByLabel('Visit type').selectOption({ label: 'Follow-up visit (20 min)' });
    await page.getByLabel('Testwell, Eve MD').check();
    await page.getByLabel('From', { exact: true }).fill(localDate(new Date(Date.now() + 2 * DAY).toISOString()));
    await page.getByLabel('Not before (time)').fill('15:00');
    await page.getByLabel('Not after (time)').fill('');
    await page.getByRole('button', { name: 'Find open times' }).click();
    await page.locator('.slot').first().click();
    const dlg = page.getByRole('dialog', { name: 'Book a visit' });
    await dlg.getByRole('button', { name: 'New patient' }).click();
    await dlg.getByLabel('Family name').fill('Okonkwo');
    await dlg.getByLabel('Given name').fill('Chidi');
    await dlg.getByLabel('Birth date').fill('2015-07-21');
    await dlg.getByLabel('Sex').selectOption('male');
    await dlg.getByLabel('Mobile phone').fill('+13125550177');
    await dlg.getByLabel('Repeat').selectOption({ label: 'Every week' });
    await dlg.getByLabel('Number of visits').fill('3');
    await dlg.getByRole('button', { name: 'Book', exact: true }).click();
    await page.getByText('Booked 3 visits').waitFor();
    const kid = (await api('GET', '/api/v1/patients?q=Okonkwo')).json.items;
    assert.equal(kid.length, 1, 'the new patient is registered once');
    const from = new Date(Date.now()).toISOString();
    const to = new Date(Date.now() + 40 * DAY).toISOString();
    const visits = (await api('GET', `/api/v1/appointments?patient_id=${kid[0].id}&from=${from}&to=${to}`)).json.items;
    assert.equal(visits.length, 3);
    assert.ok(visits.every((v) => v.series_id === visits[0].series_id && v.series_id));
    assert.equal(Date.parse(visits[1].start) - Date.parse(visits[0].start) >= 6 * DAY, true, 'a week apart');
  });

  test('drag to reschedule on the calendar, and see the reason of a conflict', async () => {
    const date = localDate(booked.start);
    // Another visit two hours later for the same provider: dragging onto it must conflict.
    const later = new Date(Date.parse(booked.start) + 2 * 3_600_000);
    const blocker = await api('POST', '/api/v1/appointments', { body: { patient_id: others[0].id, provider_id: provider.id,
      location_id: location.id, appointment_type_id: followUp.id, start: later.toISOString(), end: new Date(later.getTime() + 20 * 60_000).toISOString(), overbook: true } });
    assert.equal(blocker.status, 201, blocker.text);
    await page.goto(`${server.base}/calendar?date=${date}`);
    const cell = page.locator(`[data-appointment="${booked.id}"]`);
    await cell.waitFor();
    await expectAccessible(page, 'calendar day');
    await shot(page, 'calendar-day');
    const drag = async (minutes) => {
      const box = await cell.boundingBox();
      const x = box.x + box.width / 2; const y = box.y + 6;
      await page.mouse.move(x, y);
      await page.mouse.down();
      for (let i = 1; i <= 8; i++) await page.mouse.move(x, y + (minutes * 1.6 * i) / 8);
      const done = page.waitForResponse((r) => r.url().includes(`/appointments/${booked.id}/reschedule`));
      await page.mouse.up();
      return (await done).status();
    };
    const top0 = (await cell.boundingBox()).y;
    assert.equal(await drag(30), 200);
    await page.getByText(/^Moved Quintero, Rosalind/).waitFor();
    const moved = (await api('GET', `/api/v1/appointments/${booked.id}`)).json;
    assert.equal(Date.parse(moved.start) - Date.parse(booked.start), 30 * 60_000, 'moved 30 minutes later');
    booked = moved;
    await untilBox(cell, (b) => Math.abs(b.y - top0 - 30 * 1.6) < 2, 'the calendar shows the visit 30 minutes later');
    // Drag the lower edge 10 minutes down: the visit gets longer.
    {
      const box = await cell.boundingBox();
      const x = box.x + box.width / 2; const y = box.y + box.height - 3;
      await page.mouse.move(x, y);
      await page.mouse.down();
      for (let i = 1; i <= 4; i++) await page.mouse.move(x, y + (10 * 1.6 * i) / 4);
      const done = page.waitForResponse((r) => r.url().includes(`/appointments/${booked.id}/reschedule`));
      await page.mouse.up();
      assert.equal((await done).status(), 200);
      const longer = (await api('GET', `/api/v1/appointments/${booked.id}`)).json;
      assert.equal(longer.start, booked.start, 'resizing keeps the start');
      assert.equal(Date.parse(longer.end) - Date.parse(longer.start), 30 * 60_000, '20 minutes became 30');
      booked = longer;
      await page.getByText(/^Moved Quintero, Rosalind/).waitFor();
      await untilBox(cell, (b) => Math.abs(b.height - box.height - 10 * 1.6) < 2, 'the calendar shows the visit 10 minutes longer');
    }
    assert.equal(await drag(90), 409);
    const conflict = page.getByTestId('calendar-conflict');
    await conflict.waitFor();
    assert.match(await conflict.innerText(), /^Not moved: .+/);
    assert.equal((await api('GET', `/api/v1/appointments/${booked.id}`)).json.start, booked.start, 'a conflict moves nothing');
    // Keyboard: focus the grid, walk to a free quarter hour and press Enter to book there.
    await page.locator('.cal').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Book a visit' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Week' }).click();
    await page.locator('.cal-colhead').nth(6).waitFor();
    await expectAccessible(page, 'calendar week');
    await shot(page, 'calendar-week');
  });

  test('check in with the co-pay and a receipt, room, then check out with a follow-up; the board is live', async () => {
    // A visit for our patient starting now (the manager may overbook and back-date).
    const now = Date.now();
    let start = new Date(Math.floor(now / 300_000) * 300_000 + 300_000);
    if (localDate(start.toISOString()) !== localDate(new Date(now).toISOString())) start = new Date(start.getTime() - 3_600_000);
    const today = await api('POST', '/api/v1/appointments', { body: { patient_id: patientId, provider_id: provider.id, location_id: location.id,
      appointment_type_id: followUp.id, start: start.toISOString(), end: new Date(start.getTime() + 20 * 60_000).toISOString(), overbook: true } });
    assert.equal(today.status, 201, today.text);
    await page.getByRole('link', { name: 'Flow board' }).click();
    await page.getByText('Live', { exact: true }).waitFor();
    const card = page.locator(`.card[data-appointment="${today.json.id}"]`);
    await card.waitFor();
    await expectAccessible(page, 'flow board');
    await card.getByRole('button', { name: 'Check in' }).click();
    const dlg = page.getByRole('dialog', { name: 'Check in' });
    await dlg.getByTestId('copay-due').getByText('$25.00').waitFor();
    await dlg.getByLabel('Demographics confirmed with the patient').check();
    await dlg.getByLabel('Insurance card seen').check();
    await untilValue(dlg.getByLabel('Amount ($)'), '25.00');
    await dlg.getByLabel('Terminal reference or card last 4 digits').fill('4242');
    await expectAccessible(page, 'check-in');
    await shot(page, 'check-in');
    await dlg.getByRole('button', { name: 'Check in' }).click();
    const receipt = page.getByTestId('receipt');
    await receipt.waitFor();
    assert.match(await receipt.innerText(), /R-\d{6}[\s\S]*\$25\.00[\s\S]*ending 4242/);
    // The same receipt as a PDF, with the total paid (issue 15).
    const pdfHref = await page.getByRole('link', { name: 'PDF receipt' }).getAttribute('href');
    const pdf = await page.request.get(new URL(pdfHref, page.url()).href);
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
    await shot(page, 'receipt');
    await page.getByRole('button', { name: 'Done' }).click();
    // The live stream moves the card to the waiting room.
    const waiting = page.locator('section.lane', { hasText: 'Waiting room' }).locator(`[data-appointment="${today.json.id}"]`);
    await waiting.waitFor();
    await waiting.getByRole('button', { name: 'Room' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Room the patient' }).click();
    const roomed = page.locator('section.lane', { hasText: 'In a room' }).locator(`[data-appointment="${today.json.id}"]`);
    await roomed.waitFor();
    await shot(page, 'flow-board');
    await roomed.getByRole('button', { name: 'Check out' }).click();
    const out = page.getByRole('dialog', { name: 'Check out' });
    await out.getByLabel(/Book a follow-up/).check();
    // The suggestion arrives after the box is ticked (waiting for "Finding…" to go could return
    // before it ever appeared).
    await untilValue(out.getByLabel('Date'), /^\d{4}-\d{2}-\d{2}$/, 'the first open time is suggested');
    await out.getByText('Finding the first open time…').waitFor({ state: 'detached' });
    await out.getByRole('button', { name: 'Check out' }).click();
    await page.getByText(/^Checked out; follow-up booked for/).waitFor();
    await card.waitFor({ state: 'detached' });
    const a = (await api('GET', `/api/v1/appointments/${today.json.id}`)).json;
    assert.equal(a.status, 'checked_out');
    assert.equal(a.demographics_confirmed, true);
    const pays = (await api('GET', `/api/v1/payments?appointment_id=${today.json.id}`)).json.items;
    assert.equal(pays.length, 1);
    assert.equal(pays[0].amount_cents, 2500);
    assert.equal(pays[0].reference, '4242');
  });

  test('the waitlist: a cancellation offers the freed time, booked in one click', async () => {
    const waiting = others[1];
    await page.getByRole('link', { name: 'Find & book' }).click();
    await page.getByLabel('Visit type').selectOption({ label: 'Follow-up visit (20 min)' });
    await page.getByLabel('Testwell, Eve MD').check();
    await page.getByRole('button', { name: 'Add to waitlist' }).click();
    const dlg = page.getByRole('dialog', { name: 'Add to the waitlist' });
    await dlg.getByRole('combobox', { name: 'Patient' }).fill(waiting.family_name);
    await dlg.getByRole('option', { name: new RegExp(waiting.mrn) }).click();
    await dlg.getByLabel('SA').check();
    await dlg.getByLabel('SU').check();
    await dlg.getByRole('button', { name: 'Add to waitlist' }).click();
    await page.getByText(/is on the waitlist$/).waitFor();
    // Cancel the booked visit from the calendar.
    await page.goto(`${server.base}/calendar?date=${localDate(booked.start)}`);
    await page.locator(`[data-appointment="${booked.id}"]`).click();
    const appt = page.getByRole('dialog', { name: /Quintero, Rosalind/ });
    await appt.getByRole('button', { name: 'Cancel visit' }).click();
    await appt.getByLabel('Reason').fill('patient is travelling');
    await appt.getByRole('button', { name: 'Cancel the visit' }).click();
    await appt.getByText('Cancelled', { exact: true }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('link', { name: 'Waitlist' }).click();
    const offer = page.locator('tr[data-offer]', { hasText: waiting.family_name });
    await offer.waitFor();
    await expectAccessible(page, 'waitlist');
    await shot(page, 'waitlist');
    await offer.getByRole('button', { name: 'Book' }).click();
    await page.getByText(new RegExp(`^Booked ${waiting.family_name}`)).waitFor();
    const from = new Date(Date.parse(booked.start) - 60_000).toISOString();
    const to = new Date(Date.parse(booked.end) + 60_000).toISOString();
    const theirs = (await api('GET', `/api/v1/appointments?patient_id=${waiting.id}&from=${from}&to=${to}`)).json.items;
    assert.equal(theirs.length, 1, 'the waiting patient has the freed time');
    assert.equal(theirs[0].start, booked.start);
  });

  test('a second tab shares the session and can save', async () => {
    const tab = await browser.context.newPage();
    await tab.goto(`${server.base}/patients/${patientId}`);
    await tab.getByRole('heading', { name: 'Quintero, Rosalind' }).waitFor();
    await tab.getByLabel('Middle name').fill('Jo');
    await tab.getByRole('button', { name: 'Save changes' }).click();
    await tab.getByText('Saved').waitFor();
    await tab.close();
    assert.equal((await api('GET', `/api/v1/patients/${patientId}`)).json.middle_name, 'Jo');
  });

  test('a session that ends asks to sign in again and keeps the page', async () => {
    await page.getByRole('link', { name: 'Patients' }).click();
    await page.getByLabel('Search').fill('Quin');
    await page.getByRole('link', { name: /Quintero, Rosalind/ }).first().waitFor();
    // End the session on the server, as the idle timeout would.
    await page.evaluate(() => fetch('/api/v1/session', { method: 'DELETE', headers: { 'X-CSRF-Token': localStorage.getItem('medoffice.csrf') } }));
    await page.getByLabel('Search').fill('Quintero');
    const dlg = page.getByRole('dialog', { name: 'Sign in again' });
    await dlg.waitFor();
    await dlg.getByLabel('Password').fill(logins.frontdesk.password);
    await dlg.getByRole('button', { name: 'Sign in' }).click();
    await dlg.getByLabel('Code from your authenticator app').fill(await freshCode(logins.frontdesk.secret));
    await dlg.getByRole('button', { name: 'Verify' }).click();
    await dlg.waitFor({ state: 'detached' });
    await untilValue(page.getByLabel('Search'), 'Quintero');
    await page.getByRole('link', { name: /Quintero, Rosalind/ }).first().waitFor();
  });

  test('the administrator adds a user with roles and a location limit', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(logins.admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Code from your authenticator app').fill(await freshCode(logins.admin.secret));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Users' }).click();
    await page.getByRole('cell', { name: 'frontdesk', exact: true }).waitFor();
    await expectAccessible(page, 'admin users');
    await shot(page, 'admin-users');
    await page.getByRole('button', { name: 'Add user' }).click();
    const dlg = page.getByRole('dialog', { name: 'Add user' });
    await dlg.getByLabel('Username').fill('nightdesk');
    await dlg.getByLabel('Name', { exact: true }).fill('Night Desk');
    await dlg.getByLabel('Front desk').check();
    await dlg.getByLabel(location.name).check();
    await dlg.getByLabel('First password').fill('short');
    await dlg.getByRole('button', { name: 'Save' }).click();
    await dlg.locator('.field.has-error', { hasText: 'First password' }).locator('.error').waitFor();
    await dlg.getByLabel('First password').fill('a long night at the front desk 2026');
    await dlg.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'nightdesk', exact: true }).waitFor();
    // The new user signs in with what the administrator set.
    const night = await signIn(server.base, { username: 'nightdesk', password: 'a long night at the front desk 2026', secret: '' });
    assert.deepEqual(night.json.user.roles, ['front_desk']);
    assert.deepEqual(night.json.user.location_ids, [location.id]);
  });
});
