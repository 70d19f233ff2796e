// SPDX-License-Identifier: AGPL-3.0-or-later
// Issue 5: "a day of 20 providers renders within 100 ms of data arrival", measured in Debian's
// chromium (headless, through playwright-core) on the Release binary.
//   node bench/ui_calendar.mjs [RUNS]        (default 40)
// Sets up a location with 20 providers and 24 visits each on two days (480 a day), signs in as
// the front desk, and flips between the two days RUNS times. The app records a performance
// measure "calendar-render" from the moment the calendar JSON has arrived to the first frame
// after the DOM is committed; this prints its percentiles.
import { freshDatabase, cli, startServer, signIn, addUser } from '../tests/integration/helpers.mjs';
import { launch } from '../tests/e2e/browser.mjs';

const RUNS = Number(process.argv[2] ?? 40);
const ZONE = 'America/Chicago';

/** A valid NPI (Luhn over 80840 + 9 digits) for bench provider k. */
function npi(k) {
  const base = `1${String(990000 + k).padStart(8, '0')}`;
  let t = 0;
  [...`80840${base}`].reverse().forEach((ch, i) => {
    let d = Number(ch);
    if (i % 2 === 0) { d *= 2; if (d > 9) d -= 9; }
    t += d;
  });
  return base + String((10 - (t % 10)) % 10);
}

function wallToUtc(date, hh, mm) {
  // Chicago wall time → UTC, by the offset the zone has at that moment.
  const guess = Date.UTC(...date.split('-').map((x, i) => Number(x) - (i === 1 ? 1 : 0)), hh, mm);
  const f = new Intl.DateTimeFormat('en-US', { timeZone: ZONE, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', year: 'numeric', month: '2-digit', day: '2-digit' });
  const p = Object.fromEntries(f.formatToParts(new Date(guess)).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute));
  return new Date(guess + (guess - asUtc)).toISOString();
}

const db = freshDatabase('sqlite');
cli('init', '--db', db.url);
cli('demo', '--db', db.url, '--patients', '2000', '--no-users');
const server = await startServer(db.url);
const manager = await signIn(server.base, addUser(db.url, ['manager']));
const api = manager.call;
const desk = addUser(db.url, ['front_desk']);
try {
  const loc = (await api('POST', '/api/v1/locations', { body: { name: 'Bench Clinic', time_zone: ZONE, place_of_service: '11',
    phone: '+13125550100', address: { line1: '1 Bench Way', city: 'Chicago', state: 'IL', postal_code: '60601' } } })).json;
  const type = (await api('GET', '/api/v1/appointment-types')).json.items.find((t) => t.name === 'Follow-up visit');
  const patients = (await api('GET', '/api/v1/patients?limit=200')).json.items;
  const day = new Date(Date.now() + 14 * 86_400_000);
  day.setUTCDate(day.getUTCDate() + ((3 - day.getUTCDay() + 7) % 7));  // a Wednesday
  const days = [day.toISOString().slice(0, 10), new Date(day.getTime() + 86_400_000).toISOString().slice(0, 10)];
  let n = 0;
  for (let p = 0; p < 20; p++) {
    const prov = (await api('POST', '/api/v1/providers', { body: { family_name: `Bench-${'ABCDEFGHIJKLMNOPQRST'[p]}`, given_name: 'Pat',
      credentials: 'MD', npi: npi(p), taxonomy: '207Q00000X', location_ids: [loc.id] } })).json;
    if (!prov.id) throw new Error(`provider: ${JSON.stringify(prov)}`);
    for (const d of days) {
      for (let k = 0; k < 24; k++) {
        const start = wallToUtc(d, 7 + Math.floor(k / 2), (k % 2) * 30);
        const r = await api('POST', '/api/v1/appointments', { body: { patient_id: patients[(n++) % patients.length].id,
          provider_id: prov.id, location_id: loc.id, appointment_type_id: type.id, start,
          end: new Date(Date.parse(start) + 20 * 60_000).toISOString(), overbook: true } });
        if (r.status !== 201) throw new Error(r.text);
      }
    }
  }
  const browser = await launch();
  const page = await browser.context.newPage();
  await page.goto(`${server.base}/`);
  await page.getByLabel('Username').fill(desk.username);
  await page.getByLabel('Password').fill(desk.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  await page.getByLabel('Location').selectOption({ label: 'Bench Clinic' });
  await page.goto(`${server.base}/calendar?date=${days[0]}`);
  await page.locator('.appt').first().waitFor();
  const items = await page.evaluate(async (d) => {
    const loc = new URLSearchParams({ location_id: document.querySelector('.location-pick select').value, date: d });
    return (await (await fetch(`/api/v1/calendar?${loc}`)).json()).items.length;
  }, days[0]);
  const inDom = await page.locator('.appt').count();
  const cols = await page.locator('.cal-colhead').count();
  for (let i = 0; i < RUNS; i++) {
    const before = await page.evaluate(() => performance.getEntriesByName('calendar-render').length);
    await page.getByRole('button', { name: i % 2 ? 'Previous day' : 'Next day' }).click();
    await page.waitForFunction((b) => performance.getEntriesByName('calendar-render').length > b, before);
  }
  const stats = async (name) => {
    const ms = (await page.evaluate((n) => performance.getEntriesByName(n).map((e) => e.duration), name))
      .slice(1).sort((a, b) => a - b);
    const pct = (q) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))].toFixed(1);
    return `p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms, max ${ms[ms.length - 1].toFixed(1)} ms over ${ms.length} loads`;
  };
  console.log(`calendar day view, ${cols} provider columns, ${items} visits (${inDom} in and near the 1440×900 window), after the data has arrived:`);
  console.log(`  DOM committed: ${await stats('calendar-commit')}`);
  console.log(`  frame painted: ${await stats('calendar-render')} (limit 100 ms)`);
  await browser.close();
} finally {
  await server.stop();
  db.drop();
}
