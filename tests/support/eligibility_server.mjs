// SPDX-License-Identifier: AGPL-3.0-or-later
// A clearinghouse's real-time eligibility endpoint on loopback, for tests and benchmarks (issue
// 17, point 6). It takes a 270 POSTed over HTTP/1.1, reads it with node-x12 (strict, a new parser
// per document: a 270 it cannot read is answered 400 and counted in `rejected270`), and answers
// a 271 built from what it read. What it answers depends on the member id:
//   ACT…  active coverage: plan ACME GOLD PPO, group GRP-5500, co-pay $40.00 (30) and $25.00 (98)
//         in network, co-insurance 20 %, deductible $1,500.00 with $1,125.50 left
//   INA…  inactive coverage (EB*6)
//   REJ…  AAA*N**72*C at the member: invalid member id, correct and resubmit
//   BSY…  AAA*Y**42*R at the payer: unable to respond now (may be sent again)
//   PRV…  AAA*Y**51*N at the provider, no member level (provider not on file)
//   SLOW… sleeps `slowMs` (default 5000) before answering as ACT
//   FAIL… HTTP 500
//   RST…  resets the connection without answering
//   GARB… 200 with a body that is not X12
//   anything else: as ACT.
//
// As a module: `const s = await startEligibilityServer({ slowMs })` → { url, port, received,
// counts, close() }. From the command line: `node tests/support/eligibility_server.mjs [--port N]
// [--slow-ms N]` prints `listening on http://127.0.0.1:PORT/` and serves until stopped.
import http from 'node:http';
import { createRequire } from 'node:module';

const peers = createRequire(new URL('../node/package.json', import.meta.url));
const { X12Parser, X12QueryEngine } = peers('node-x12');

const pad = (s, n) => String(s).padEnd(n, ' ').slice(0, n);
const ymd = (d) => d.toISOString().slice(0, 10).replaceAll('-', '');
const hhmm = (d) => d.toISOString().slice(11, 16).replace(':', '');

/** The 270 as segments of elements (X12 delimiters read from its ISA). */
function segmentsOf(text) {
  const element = text[3];
  const terminator = text[105];
  return text
    .split(terminator)
    .map((s) => s.replace(/^[\r\n]+/, ''))
    .filter(Boolean)
    .map((s) => s.split(element));
}

/** What the answer needs from a 270: envelope, payer, provider, each member asked for. */
function read270(text) {
  const segs = segmentsOf(text);
  const out = { members: [] };
  let level = '';
  let member = null;
  for (const e of segs) {
    const id = e[0];
    if (id === 'ISA') out.isa = e;
    else if (id === 'GS') out.gs = e;
    else if (id === 'BHT') out.bht = e;
    else if (id === 'HL') {
      level = e[3];
      if (level === '22') {
        member = { subscriber: {}, dependent: null, trace: [], serviceTypes: [] };
        out.members.push(member);
      } else if (level === '23' && member) member.dependent = {};
    } else if (id === 'NM1') {
      if (e[1] === 'PR') out.payer = { name: e[3], id: e[9] };
      else if (e[1] === '1P') out.provider = { type: e[2], name: e[3], first: e[4] ?? '', qualifier: e[8], id: e[9] };
      else if (e[1] === 'IL' && member) member.subscriber = { last: e[3], first: e[4] ?? '', memberId: e[9] };
      else if (e[1] === '03' && member) member.dependent = { last: e[3], first: e[4] ?? '' };
    } else if (id === 'TRN' && member) member.trace = [e[2], e[3]];
    else if (id === 'DMG' && member) (level === '23' ? (member.dependent ??= {}) : member.subscriber).dmg = e.slice(1);
    else if (id === 'DTP' && e[1] === '291' && member) member.date = e[3];
    else if (id === 'EQ' && member) member.serviceTypes.push(...(e[1] ?? '').split(out.isa?.[11] ?? '^'));
  }
  return out;
}

/** node-x12 strict on the 270, and the values a test checks, read by its query engine. */
function strictRead(text) {
  const parser = new X12Parser(true);
  const interchange = parser.parse(text);
  const engine = new X12QueryEngine(parser);
  const q = (ref) => engine.query(interchange, ref).map((r) => r.value);
  const group = interchange.functionalGroups[0];
  const txn = group.transactions[0];
  return {
    version: group.header.valueOf(8),
    transaction: txn.header.valueOf(1),
    se01: Number(txn.trailer.valueOf(1)),
    segments: txn.segments.length + 2,
    isa13: interchange.header.valueOf(13),
    iea02: interchange.trailer.valueOf(2),
    payerId: q('NM109:NM101["PR"]')[0],
    npi: q('NM109:NM101["1P"]')[0],
    npiQualifier: q('NM108:NM101["1P"]')[0],
    memberId: q('NM109:NM101["IL"]')[0],
    memberQualifier: q('NM108:NM101["IL"]')[0],
    trace: q('TRN02')[0],
    serviceDate: q('DTP03:DTP01["291"]')[0],
    serviceTypes: q('EQ01'),
  };
}

let controlCounter = 500000000;

/** The 271 answering `r` (one 270 member at a time; the behaviour is the first member's). */
function build271(r, kind) {
  const now = new Date();
  const ctl = String(++controlCounter).padStart(9, '0');
  const isa = r.isa;
  const head =
    `ISA*00*${pad('', 10)}*00*${pad('', 10)}*${isa[7]}*${pad(isa[8].trim(), 15)}*${isa[5]}*${pad(isa[6].trim(), 15)}` +
    `*${ymd(now).slice(2)}*${hhmm(now)}*^*00501*${ctl}*0*${isa[15]}*:~`;
  const gs = `GS*HB*${r.gs[3]}*${r.gs[2]}*${ymd(now)}*${hhmm(now)}*${Number(ctl) % 1000000}*X*005010X279A1~`;
  const seg = ['ST*271*0001*005010X279A1', `BHT*0022*11*${r.bht[3]}*${ymd(now)}*${hhmm(now)}`];
  seg.push('HL*1**20*1', `NM1*PR*2*${r.payer.name}*****PI*${r.payer.id}`);
  if (kind === 'BSY') {
    seg.push('AAA*Y**42*R');
  }
  const p = r.provider;
  seg.push(`HL*2*1*21*${kind === 'PRV' ? 0 : 1}`, `NM1*1P*${p.type}*${p.name}*${p.first}****${p.qualifier}*${p.id}`);
  if (kind === 'PRV') {
    seg.push('AAA*Y**51*N');
  } else {
    const m = r.members[0];
    const dependent = Boolean(m.dependent);
    seg.push(`HL*3*2*22*${dependent ? 1 : 0}`);
    if (!dependent) seg.push(`TRN*2*${m.trace[0]}*${m.trace[1]}`);
    seg.push(`NM1*IL*1*${m.subscriber.last}*${m.subscriber.first}****MI*${m.subscriber.memberId}`);
    if (!dependent) addBenefits(seg, kind);
    if (dependent) {
      seg.push(
        'HL*4*3*23*0',
        `TRN*2*${m.trace[0]}*${m.trace[1]}`,
        `NM1*03*1*${m.dependent.last}*${m.dependent.first}`,
        'INS*N*19',
      );
      addBenefits(seg, kind);
    }
  }
  seg.push(`SE*${seg.length + 1}*0001`);
  return head + gs + seg.map((s) => `${s}~`).join('') + `GE*1*${Number(ctl) % 1000000}~IEA*1*${ctl}~`;
}

function addBenefits(seg, kind) {
  if (kind === 'REJ') {
    seg.push('AAA*N**72*C');
    return;
  }
  if (kind === 'BSY') return;
  if (kind === 'INA') {
    seg.push('EB*6**30');
    return;
  }
  seg.push(
    'REF*18*PLAN-77',
    'REF*6P*GRP-5500*ACME EMPLOYEES',
    'DTP*346*D8*20260101',
    'EB*1*IND*30*PR*ACME GOLD PPO',
    'EB*B*IND*98*PR*ACME GOLD PPO*27*25.00*****Y',
    'EB*B*IND*98*PR*ACME GOLD PPO*27*60.00*****N',
    'EB*B*IND*30*PR*ACME GOLD PPO*27*40.00*****Y',
    'EB*A*IND*30*PR*ACME GOLD PPO*23**0.2****Y',
    'EB*C*IND*30*PR*ACME GOLD PPO*23*1500.00*****Y',
    'EB*C*IND*30*PR*ACME GOLD PPO*29*1125.50*****Y',
  );
}

function kindOf(memberId) {
  for (const k of ['ACT', 'INA', 'REJ', 'BSY', 'PRV', 'SLOW', 'FAIL', 'RST', 'GARB']) {
    if (
      String(memberId ?? '')
        .toUpperCase()
        .startsWith(k)
    )
      return k;
  }
  return 'ACT';
}

/** Starts the server on loopback (port 0: any free port). */
export function startEligibilityServer({ port = 0, slowMs = 5000 } = {}) {
  const received = [];
  const counts = {
    requests: 0,
    rejected270: 0,
    answered: 0,
    slow: 0,
    failed: 0,
    reset: 0,
    inFlight: 0,
    maxInFlight: 0,
  };
  const timers = new Set();
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      counts.requests++;
      counts.inFlight++;
      counts.maxInFlight = Math.max(counts.maxInFlight, counts.inFlight);
      res.on('close', () => {
        counts.inFlight--;
      });
      const text = Buffer.concat(chunks).toString('latin1');
      let strict;
      let parsed;
      try {
        strict = strictRead(text);
        parsed = read270(text);
      } catch (e) {
        counts.rejected270++;
        received.push({ text, error: String(e.message ?? e), contentType: req.headers['content-type'] });
        res.writeHead(400, { 'content-type': 'text/plain' });
        res.end(`not a 270 node-x12 reads: ${e.message ?? e}`);
        return;
      }
      received.push({ text, strict, parsed, contentType: req.headers['content-type'], path: req.url });
      const kind = kindOf(parsed.members[0]?.subscriber.memberId);
      const answer = () => {
        if (res.destroyed) return;
        counts.answered++;
        res.writeHead(200, { 'content-type': 'application/edi-x12' });
        res.end(build271(parsed, kind === 'SLOW' ? 'ACT' : kind));
      };
      if (kind === 'SLOW') {
        counts.slow++;
        const t = setTimeout(() => {
          timers.delete(t);
          answer();
        }, slowMs);
        timers.add(t);
      } else if (kind === 'FAIL') {
        counts.failed++;
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('internal error');
      } else if (kind === 'RST') {
        counts.reset++;
        req.socket.resetAndDestroy();
      } else if (kind === 'GARB') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html><body>Service temporarily unavailable</body></html>');
      } else {
        answer();
      }
    });
  });
  server.keepAliveTimeout = 1000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address();
      resolve({
        port: bound,
        url: `http://127.0.0.1:${bound}/eligibility`,
        received,
        counts,
        close: () =>
          new Promise((done) => {
            for (const t of timers) clearTimeout(t);
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const s = await startEligibilityServer({ port: arg('--port', 0), slowMs: arg('--slow-ms', 5000) });
  console.log(`listening on http://127.0.0.1:${s.port}/`);
}
