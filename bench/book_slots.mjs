// SPDX-License-Identifier: AGPL-3.0-or-later
// Collects distinct, non-overlapping open slots through GET /api/v1/slots for the booking
// benchmark and writes them as JSON request bodies, one per line (bench/book_appointment.lua
// reads them). Usage: node bench/book_slots.mjs BASE_URL COOKIE COUNT OUT_FILE
import { writeFileSync } from 'node:fs';

const [base, cookie, countText, out] = process.argv.slice(2);
const want = Number(countText);
const get = async (path) => {
  const r = await fetch(base + path, { headers: { cookie } });
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return r.json();
};
const type = (await get('/api/v1/appointment-types')).items.find((t) => t.name === 'Follow-up visit');
const patients = [];
for (let cursor = ''; patients.length < 2000;) {
  const page = await get(`/api/v1/patients?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
  patients.push(...page.items.map((p) => p.id));
  if (!page.next_cursor) break;
  cursor = page.next_cursor;
}
const lines = [];
for (const location of (await get('/api/v1/locations')).items) {
  let from = new Date(Date.now() + 86_400_000).toISOString();
  const lastEnd = new Map();  // provider -> end of the last slot taken
  const horizon = Date.now() + 700 * 86_400_000;  // the API books up to two years ahead
  while (lines.length < want && Date.parse(from) < horizon) {
    const to = new Date(Date.parse(from) + 90 * 86_400_000).toISOString();
    const slots = (await get(`/api/v1/slots?appointment_type_id=${type.id}&location_id=${location.id}&from=${from}&to=${to}&limit=100`)).items;
    if (slots.length === 0) break;
    for (const s of slots) {
      if (Date.parse(s.start) < (lastEnd.get(s.provider_id) ?? 0) || Date.parse(s.end) > horizon) continue;
      lastEnd.set(s.provider_id, Date.parse(s.end));
      const patient = patients[lines.length % patients.length];
      lines.push(JSON.stringify({ patient_id: patient, provider_id: s.provider_id, location_id: location.id,
        appointment_type_id: type.id, start: s.start, end: s.end }));
    }
    from = new Date(Date.parse(slots[slots.length - 1].start) + 60_000).toISOString();
  }
}
writeFileSync(out, lines.slice(0, want).join('\n') + '\n');
console.log(`${Math.min(lines.length, want)} slots written to ${out}`);
