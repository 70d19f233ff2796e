// SPDX-License-Identifier: AGPL-3.0-or-later
// The 835 reader and balancing (issue 17) against npm node-x12 on the same generated remittance,
// in one run:
//   1. this script writes a balanced 835 (default 75,000 claims of two service lines in 75
//      transactions, about 21 MB) with claim and line CAS, REF*6R line control numbers and PLB;
//   2. `medoffice x12 check FILE` reads it whole: envelopes, every 835 loop, and the three
//      balancing equations on every claim, line and transaction, in one streaming pass (memory
//      bounded by the largest claim); timed as a whole process (wall and CPU time: the machine
//      is shared, and CPU time moves less with the load) with peak RSS from /usr/bin/time;
//   3. node-x12 1.7.1 (tests/node) reads the same file streaming and into its full object model,
//      each in a fresh process (bench/x12_node.mjs --child), which does no balancing at all;
//   4. the ratios are printed. MB are 10^6 bytes.
//   5. with --gigabyte: a second file of about 1 GB (3,700,000 claims in 3,700 transactions,
//      written transaction by transaction) is checked once by `x12 check` under
//      `/usr/bin/time -v`, printing its wall time, MB/s and maximum resident set size (which
//      must stay that of the 21 MB file), then removed. Not part of `make test`.
// Usage: node bench/era_835_node.mjs [BUILD_DIR] [RUNS] [CLAIMS] [--gigabyte]
//        (build/release, 5, 75000)
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { closeSync, mkdirSync, openSync, rmSync, statSync, writeSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const gigabyte = process.argv.includes('--gigabyte');
const args = process.argv.slice(2).filter((a) => a !== '--gigabyte');
const build = args[0] ?? `${root}build/release`;
const runs = Number(args[1] ?? 5);
const claims = Number(args[2] ?? 75000);
const bin = `${build}/medoffice`;
mkdirSync(`${root}build/bench`, { recursive: true });
const file = `${root}build/bench/era_835.835`;

/** Cents as an X12 decimal: 12345 -> "123.45". */
const amount = (cents) => `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;

/** Writes a balanced 835 of `claims` claims to `path`, one transaction at a time (so a 1 GB
 * file never sits in memory); returns the number of transactions. */
function generate(path, claims) {
  const perTransaction = 1000;
  const transactions = Math.ceil(claims / perTransaction);
  const fd = openSync(path, 'w');
  const put = (segments) => writeSync(fd, segments.map((s) => `${s}~`).join('\n') + '\n');
  const pad = (s, n) => String(s).padEnd(n, ' ');
  put([`ISA*00*${pad('', 10)}*00*${pad('', 10)}*ZZ*${pad('PAYER01', 15)}*ZZ*${pad('PRACTICE01', 15)}*261204*1200*^*00501*000000101*0*P*:`,
    'GS*HP*PAYER01*PRACTICE01*20261204*1200*101*X*005010X221A1']);
  let claim = 0;
  for (let t = 1; t <= transactions; t++) {
    const body = [];
    const n = Math.min(perTransaction, claims - claim);
    let paidTotal = 0;
    const claimSegments = [];
    for (let k = 0; k < n; k++, claim++) {
      // Two lines: 99213 charged 125.00 paid 80.00 (CO-45 30.00, PR-2 15.00); 36415 charged
      // 15.00 paid 9.50 (CO-45 5.50). Claim: charged 140.00, paid 89.50, patient 15.00.
      const pcn = `C${String(claim + 1).padStart(9, '0')}`;
      paidTotal += 8950;
      claimSegments.push(
        `CLP*${pcn}*1*140*89.5*15*12*PCN${claim + 1}*11*1`,
        `NM1*QC*1*DOE*JANE****MI*XJH${100000000 + claim}`,
        'DTM*232*20261101',
        'SVC*HC:99213*125*80**1',
        'DTM*472*20261101',
        'CAS*CO*45*30',
        'CAS*PR*2*15',
        `REF*6R*L${2 * claim + 1}`,
        'AMT*B6*95',
        'SVC*HC:36415*15*9.5**1',
        'DTM*472*20261101',
        'CAS*CO*45*5.5',
        `REF*6R*L${2 * claim + 2}`,
        'AMT*B6*9.5',
      );
    }
    // PLB: interest paid (L6, negative) and a recoupment (WO): BPR02 = sum(CLP04) - sum(PLB).
    const interest = -125;
    const recoup = 2000;
    const bpr = paidTotal - (interest + recoup);
    body.push(`ST*835*${String(t).padStart(4, '0')}`);
    body.push(`BPR*I*${amount(bpr)}*C*ACH*CCP*01*011000015*DA*123456789*1512345678**01*011000028*DA*987654321*20261204`);
    body.push(`TRN*1*EFT${String(t).padStart(6, '0')}*1512345678`);
    body.push('DTM*405*20261203');
    body.push('N1*PR*PRAIRIE HEALTH PLAN');
    body.push('N3*1 INSURANCE WAY');
    body.push('N4*SPRINGFIELD*IL*62701');
    body.push('REF*2U*PHP01');
    body.push('PER*BL*PROVIDER SERVICES*TE*8005550100');
    body.push('N1*PE*PRAIRIE MEDICINE*XX*1245678903');
    body.push('REF*TJ*364455667');
    body.push('LX*1');
    body.push(...claimSegments);
    body.push(`PLB*1245678903*20261231*L6:INT${t}*${amount(interest)}*WO:RECOUP${t}*${amount(recoup)}`);
    body.push(`SE*${body.length + 1}*${String(t).padStart(4, '0')}`);
    put(body);
  }
  writeSync(fd, `GE*${transactions}*101~\nIEA*1*000000101~`);
  closeSync(fd);
  return transactions;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs a command under /usr/bin/time: its stdout, wall seconds, CPU seconds (user + system)
 * and peak RSS in KiB. */
function timed(cmd, args) {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'maxrss=%M user=%U sys=%S', cmd, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  const m = r.stderr.match(/maxrss=(\d+) user=([\d.]+) sys=([\d.]+)/);
  return { stdout: r.stdout, wall, cpu: Number(m[2]) + Number(m[3]), rssKb: Number(m[1]) };
}

const transactions = generate(file, claims);
const bytes = statSync(file).size;
const mb = bytes / 1e6;

const cli = [];
for (let i = 0; i < runs; i++) {
  const r = timed(bin, ['x12', 'check', file]);
  cli.push(r);
  if (i === 0) {
    console.log(`medoffice x12 check: ${r.stdout.trim()}`);
    if (!/; balanced$/.test(r.stdout.trim())) throw new Error('the generated remittance must balance');
  }
}
// node-x12 in a fresh process each run: its own wall time of the parse (start-up left out, as
// before), and the whole process's CPU time (start-up included, about 0.05 s).
const child = (mode) => {
  const out = [];
  for (let i = 0; i < Math.max(1, mode === 'full' ? Math.min(runs, 3) : runs); i++) {
    const r = timed(process.execPath, [`${root}bench/x12_node.mjs`, '--child', mode, file]);
    out.push({ ...JSON.parse(r.stdout), cpu: r.cpu });
  }
  return out;
};
const stream = child('stream');
const full = child('full');
if (full[0].transactions !== transactions) throw new Error(`node-x12 saw ${full[0].transactions} transactions, not ${transactions}`);

// The machine is shared: wall time moves with the load, CPU time much less. Both are shown.
const rows = [
  ['medoffice x12 check FILE: parse, loops and balancing (whole process)', mb / median(cli.map((c) => c.wall)), mb / median(cli.map((c) => c.cpu)), median(cli.map((c) => c.rssKb))],
  ['node-x12 streaming (segments only)', mb / median(stream.map((s) => s.seconds)), mb / median(stream.map((s) => s.cpu)), median(stream.map((s) => s.maxRssKb))],
  ['node-x12 full object model (strict)', mb / median(full.map((s) => s.seconds)), mb / median(full.map((s) => s.cpu)), median(full.map((s) => s.maxRssKb))],
];
console.log(`\nfile: ${file}, ${bytes} bytes (${mb.toFixed(1)} MB), ${claims} claims in ${transactions} transactions; medians of ${runs} runs (node-x12 full: ${full.length}); load average ${loadavg()[0].toFixed(1)}`);
console.log('| reader | MB/s (wall) | MB/s (CPU) | peak RSS |');
console.log('|---|---|---|---|');
for (const [name, wall, cpu, rss] of rows) console.log(`| ${name} | ${wall.toFixed(1)} | ${cpu.toFixed(1)} | ${(rss / 1024).toFixed(0)} MiB |`);
console.log('\nratios (wall; CPU):');
console.log(`  x12 check / node-x12 streaming:  ${(rows[0][1] / rows[1][1]).toFixed(1)}x; ${(rows[0][2] / rows[1][2]).toFixed(1)}x`);
console.log(`  x12 check / node-x12 full model: ${(rows[0][1] / rows[2][1]).toFixed(1)}x; ${(rows[0][2] / rows[2][2]).toFixed(1)}x`);
console.log(`  x12 check / target 200 MB/s:     ${(rows[0][1] / 200).toFixed(2)}; ${(rows[0][2] / 200).toFixed(2)}`);
console.log(`  peak RSS node-x12 full / x12 check: ${(rows[2][3] / rows[0][3]).toFixed(0)}x`);

if (gigabyte) {
  // Bounded memory on a 1 GB 835 (issue 17): the same shape, 3,700,000 claims.
  const big = `${root}build/bench/era_835_1gb.835`;
  const bigClaims = 3_700_000;
  const bigTransactions = generate(big, bigClaims);
  const bigBytes = statSync(big).size;
  try {
    const t0 = performance.now();
    const r = spawnSync('/usr/bin/time', ['-v', bin, 'x12', 'check', big], { encoding: 'utf8' });
    const seconds = (performance.now() - t0) / 1000;
    if (r.status !== 0) throw new Error(`x12 check (1 GB): ${r.stderr}`);
    if (!/; balanced$/.test(r.stdout.trim())) throw new Error('the 1 GB remittance must balance');
    const field = (name) => r.stderr.match(new RegExp(`${name}: (\\S+)`))[1];
    const rssKb = Number(field('Maximum resident set size \\(kbytes\\)'));
    const cpu = Number(field('User time \\(seconds\\)')) + Number(field('System time \\(seconds\\)'));
    console.log(`\n1 GB file: ${big}, ${bigBytes} bytes (${(bigBytes / 1e6).toFixed(0)} MB), ${bigClaims} claims in ${bigTransactions} transactions`);
    console.log(`medoffice x12 check: ${r.stdout.trim()}`);
    console.log(`  wall ${seconds.toFixed(2)} s (${(bigBytes / 1e6 / seconds).toFixed(1)} MB/s), CPU ${cpu.toFixed(2)} s (${(bigBytes / 1e6 / cpu).toFixed(1)} MB/s), maximum RSS ${(rssKb / 1024).toFixed(1)} MiB (/usr/bin/time -v)`);
    console.log(`  maximum RSS 1 GB / ${mb.toFixed(0)} MB file: ${(rssKb / median(cli.map((c) => c.rssKb))).toFixed(2)}x`);
  } finally {
    rmSync(big, { force: true });
  }
}
