// SPDX-License-Identifier: AGPL-3.0-or-later
// Books the first N slots of a file made by bench/book_slots.mjs, one request at a time, and
// prints how many were booked (for counting the statements of one booking in the server log).
// Usage: node bench/book_sequential.mjs BASE COOKIE CSRF SLOTS_FILE N
import { readFileSync } from 'node:fs';

const [base, cookie, csrf, file, countText] = process.argv.slice(2);
const bodies = readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(0, Number(countText));
let booked = 0;
for (const body of bodies) {
  const r = await fetch(`${base}/api/v1/appointments`, { method: 'POST', body,
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf } });
  await r.text();
  if (r.status === 201) booked++;
}
console.log(`booked ${booked} of ${bodies.length}`);
