// SPDX-License-Identifier: AGPL-3.0-or-later
// `medoffice x12 check FILE` on the real binary: the shared X12 samples (read in place), 4010
// files, and bad input (garbage, truncation, a missing IEA, a 10 MB segment, a large file).
import { after, test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, cli } from './helpers.mjs';

const SHARED = process.env.MEDOFFICE_SHARED ?? new URL('../../../shared', import.meta.url).pathname;
const X12 = join(SHARED, 'fixtures', 'x12');
const haveFixtures = existsSync(X12);
const skipFixtures = haveFixtures ? false : `X12 fixtures not found at ${X12} (set MEDOFFICE_SHARED)`;

const check = (file) => cli('x12', 'check', file);

/** A valid 837P interchange with `n` transactions of one claim each, written here by hand. */
function claims837(n, { terminator = '~', newline = '\n' } = {}) {
  const seg = (s) => s + terminator + newline;
  let out = seg('ISA*00*          *00*          *ZZ*MEDOFFICE      *ZZ*CLEARINGHOUSE  *261127*0905*^*00501*000000001*0*T*:');
  out += seg('GS*HC*MEDOFFICE*CLEARINGHOUSE*20261127*0905*1*X*005010X222A1');
  for (let i = 1; i <= n; i++) {
    const st02 = String(i).padStart(9, '0');
    out += seg(`ST*837*${st02}*005010X222A1`);
    out += seg('BHT*0019*00*B1*20261127*0905*CH');
    out += seg('NM1*85*2*LAKESIDE FAMILY PRACTICE*****XX*1245319599');
    out += seg('N4*MADISON*WI*537030000');
    out += seg(`CLM*C${i}*125.00***11:B:1*Y*A*Y*Y`);
    out += seg('HI*ABK:J209*ABF:R05');
    out += seg('LX*1');
    out += seg('SV1*HC:99213:25*125.00*UN*1***1:2');
    out += seg('DTP*472*D8*20261120');
    out += seg(`SE*10*${st02}`);
  }
  out += seg(`GE*${n}*1`);
  out += seg('IEA*1*000000001');
  return out;
}

describe('medoffice x12 check', () => {
  let dir;
  const file = (name, content) => {
    dir ??= mkdtempSync(join(tmpdir(), 'medoffice-x12-'));
    const p = join(dir, name);
    writeFileSync(p, content);
    return p;
  };
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('a valid file: exit 0 and a one-line summary', () => {
    const r = check(file('ok.x12', claims837(3)));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '837P 005010X222A1: 1 interchange, 1 group, 3 transactions, 3 claims\n');
    assert.equal(r.stderr, '');
    // Other separators and CRLF line ends read the same.
    const other = claims837(2).replace(/\*/g, '|').replace(/~/g, "'").replace(/:/g, '>').replace(/\n/g, '\r\n');
    const o = check(file('other.x12', other));
    assert.equal(o.status, 0, o.stderr);
    assert.match(o.stdout, /^837P 005010X222A1: 1 interchange, 1 group, 2 transactions, 2 claims\n$/);
  });

  test('every shared 5010 sample passes or is refused for its listed defect', { skip: skipFixtures }, () => {
    const refused = {
      '271/subscriber-health-benefit-check-error.271': /segment 10 \(SE\) at byte \d+: SE02 '4323' does not match ST02 '4321'/,
      // BPR16 with month 23 (a defect the notes do not list; found by the 835 reader).
      '835/managed-care.835': /\(BPR\) at byte \d+: BPR16 '20002316' \(the payment date\) is not a CCYYMMDD date/,
      '835/cob-contractural-adjustment.835': /\(SVC\) at byte \d+: SVC01 composite malformed: SVC01-1 'HC>55669'.*contains '>', but ISA16 declares ':'/,
      '835/secondary-payment.835': /\(SVC\) at byte \d+: SVC01 composite malformed/,
      '835/tertiary-payment.835': /\(SVC\) at byte \d+: SVC01 composite malformed: SVC01-2 \(the procedure code\) is missing/,
      '837i/out-of-network-repriced-claim.837i': /\(CLM\) at byte \d+: CLM05 composite malformed/,
      '837i/ppo-repriced-claim.837i': /\(CLM\) at byte \d+: CLM05 composite malformed/,
      '837p/demo.cob.2ndary.example4.837': /\(CLM\) at byte \d+: CLM05 composite malformed/,
      '837p/demo.cob.example3.B.837': /\(N4\) at byte \d+: N403 '3111' is not a ZIP code/,
      '837p/demo.example6.837': /\(CLM\) at byte \d+: CLM05 composite malformed/,
      '837p/demo.example9.837': /\(CLM\) at byte \d+: CLM05 composite malformed[\s\S]*SV107-1 diagnosis pointer '1\.00'/,
      '837p/demo.example11.837': /\(CLM\) at byte \d+: CLM05 composite malformed/,
      '837p/demo.example12.837': /\(CLM\) at byte \d+: CLM05 composite malformed/,
    };
    let seen = 0;
    for (const sub of readdirSync(X12)) {
      if (sub === 'legacy-4010') continue;
      for (const name of readdirSync(join(X12, sub))) {
        const rel = `${sub}/${name}`;
        const r = check(join(X12, rel));
        seen++;
        if (refused[rel]) {
          assert.equal(r.status, 1, `${rel} must be refused`);
          assert.equal(r.stdout, '', rel);
          assert.match(r.stderr, refused[rel], rel);
          assert.match(r.stderr.split('\n')[0], /^medoffice: .*: segment \d+ \(\w+\) at byte \d+: /, rel);
        } else {
          assert.equal(r.status, 0, `${rel}: ${r.stderr}`);
          const lines = r.stdout.split('\n').filter(Boolean);
          assert.equal(lines.length, 1, rel);
          assert.match(lines[0], /^(837P|837I|835|270|271|276|277) 005010X\w+: 1 interchange, 1 group, 1 transaction, \d claims?(; .*)?$/, rel);
          // An 835 is read to its loops and balanced.
          if (sub === '835') assert.match(lines[0], /; pays [\d.]+ on \d+ claims?.*; balanced$/, rel);
        }
      }
    }
    assert.equal(seen, 40);
    // The errata version of the 837P samples is read, with a warning on stderr.
    const a2 = check(join(X12, '837p/demo.example1.837'));
    assert.equal(a2.stdout, '837P 005010X222A2: 1 interchange, 1 group, 1 transaction, 1 claim\n');
    assert.match(a2.stderr, /warning: .*GS08 005010X222A2 is an errata version .* payers expect 005010X222A1/);
  });

  test('835 remittances are balanced: claim, line and transaction equations', () => {
    const golden = new URL('../golden/x12/835/', import.meta.url).pathname;
    const ok = check(join(golden, 'balanced_two_claims_plb.835'));
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /^835 005010X221A1: 1 interchange, 1 group, 1 transaction, 2 claims; pays 354\.15 on 2 claims, 3 service lines, 2 provider adjustments; balanced\n$/);
    const reversal = check(join(golden, 'reversal_and_correction.835'));
    assert.match(reversal.stdout, /\(1 reversal\).*; balanced/);
    for (const [name, what] of [['unbalanced_claim.835', /CLP04 says 100\.00 \(difference 10\.00\)/],
      ['unbalanced_line.835', /SVC03 says 95\.00 \(difference -5\.00\)/],
      ['unbalanced_transaction.835', /BPR02 says 90\.00 \(difference -1\.00\)/]]) {
      const r = check(join(golden, name));
      assert.equal(r.status, 1, name);
      assert.equal(r.stdout, '', name);
      assert.match(r.stderr, /the remittance does not balance: /, name);
      assert.match(r.stderr, what, name);
    }
  });

  test('4010 files are refused naming the version', { skip: skipFixtures }, () => {
    const files = readdirSync(join(X12, 'legacy-4010'));
    assert.equal(files.length, 11);
    for (const name of files) {
      const r = check(join(X12, 'legacy-4010', name));
      assert.equal(r.status, 1, name);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /segment 2 \(GS\) at byte 107: GS08 '004010X09[68]A1' is X12 4010; MedOffice reads only X12 5010/, name);
      assert.equal(r.stderr.trim().split('\n').length, 1, name);
    }
    const isa = check(file('isa4010.x12', claims837(1).replace('*00501*', '*00401*')));
    assert.equal(isa.status, 1);
    assert.match(isa.stderr, /segment 1 \(ISA\) at byte 0: ISA12 '00401' is X12 4010/);
  });

  test('bad input exits 1 naming the segment position and the problem', () => {
    const good = claims837(2);
    const cases = [
      ['empty', '', /the input is empty/],
      ['garbage', 'PK\u0003\u0004 this is a zip file', /byte 0: the input does not start with an ISA segment \(it starts with 'PK\\x03\\x04/],
      ['garbage-before', `Subject: claims\n${good}`, /does not start with an ISA segment/],
      ['no-iea', good.replace('IEA*1*000000001~\n', ''), /end of input \(after segment 23, byte \d+\): IEA missing: the interchange opened by ISA at segment 1/],
      ['no-se', good.replace('SE*10*000000001~\n', ''), /segment 12 \(ST\) at byte \d+: SE missing: the transaction opened by ST at segment 3 \(ST02 '000000001'\)/],
      ['truncated', good.slice(0, good.indexOf('HI*ABK') + 6), /segment 8 \(HI\) at byte \d+: the input is truncated/],
      ['count', good.replace('SE*10*000000002', 'SE*9*000000002'), /segment 22 \(SE\) at byte \d+: SE01 says 9 segments; the transaction has 10/],
      ['control', good.replace('GE*2*1', 'GE*2*7'), /\(GE\) at byte \d+: GE02 '7' does not match GS06 '1'/],
      ['unknown-version', good.replaceAll('005010X222A1', '005010X224A2'), /GS08 '005010X224A2' is an X12 5010 guide MedOffice does not read/],
      ['isa-width', good.replace('MEDOFFICE      ', 'MEDOFFICE'), /segment 1 \(ISA\) at byte 0: ISA06 is 9 characters long; it must be exactly 15/],
      ['ten-mb-segment', `${good.slice(0, good.indexOf('LX*1'))}NTE*${'A'.repeat(10 << 20)}~\n${good.slice(good.indexOf('LX*1'))}`,
        /segment 9 \(NTE\) at byte \d+: the segment is longer than 1048576 bytes/],
    ];
    for (const [name, content, expected] of cases) {
      const r = check(file(`${name}.x12`, content));
      assert.equal(r.status, 1, `${name}: ${r.stdout}`);
      assert.equal(r.stdout, '', name);
      assert.match(r.stderr, expected, name);
    }
    const missing = check(join(dir, 'does-not-exist.x12'));
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /cannot read .*does-not-exist\.x12: No such file or directory/);
    const usage = cli('x12', 'check');
    assert.notEqual(usage.status, 0);
    assert.match(usage.stderr, /FILE is required/);
  });

  test('a large file streams in bounded memory', { skip: existsSync('/usr/bin/time') ? false : '/usr/bin/time is not installed' }, () => {
    // About 110 MB: 400,000 transactions.
    const big = file('big.x12', claims837(400_000));
    const r = spawnSync('/usr/bin/time', ['-f', 'maxrss=%M', BIN, 'x12', 'check', big], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '837P 005010X222A1: 1 interchange, 1 group, 400000 transactions, 400000 claims\n');
    const rssKb = Number(r.stderr.match(/maxrss=(\d+)/)[1]);
    // The file is 110 MB; the process stays near its start-up size (1 MiB read buffer, 24 bytes
    // per transaction for the ST02 uniqueness check).
    assert.ok(rssKb < 48 * 1024, `peak RSS ${rssKb} KiB`);
  });

});
