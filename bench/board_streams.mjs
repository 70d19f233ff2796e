// SPDX-License-Identifier: AGPL-3.0-or-later
// Opens N live flow-board streams (server-sent events) on one server and keeps them open until
// killed, counting the board events they receive. Prints "open N" once every stream has had its
// first board, then every 5 s "events E". Usage: node bench/board_streams.mjs BASE COOKIE LOCATION N
import http from 'node:http';

const [base, cookie, location, countText] = process.argv.slice(2);
const n = Number(countText);
const u = new URL(base);
let opened = 0;
let events = 0;
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
for (let k = 0; k < n; k++) {
  const req = http.get({ host: u.hostname, port: u.port, agent, path: `/api/v1/flow-board/stream?location_id=${location}`,
    headers: { cookie, accept: 'text/event-stream' } }, (res) => {
    if (res.statusCode !== 200) {
      console.error(`stream ${k}: HTTP ${res.statusCode}`);
      process.exit(1);
    }
    let first = true;
    res.setEncoding('utf8');
    res.on('data', (chunk) => {
      const boards = chunk.split('event: board').length - 1;
      events += boards;
      if (first && boards > 0) {
        first = false;
        if (++opened === n) console.log(`open ${n}`);
      }
    });
  });
  req.on('error', (e) => { console.error(`stream ${k}: ${e.message}`); process.exit(1); });
  // Open them at a steady pace: each is an audited read on the server.
  if (k % 50 === 49) await new Promise((r) => setTimeout(r, 100));
}
setInterval(() => console.log(`events ${events}`), 5000);
