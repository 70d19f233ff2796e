// SPDX-License-Identifier: AGPL-3.0-or-later
// `medoffice x12 check FILE` on 999 and 277CA acknowledgements (the real binary): the golden
// samples in tests/golden/x12/ack give their one-line summaries; malformed acknowledgements
// exit 1 naming the segment position.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './helpers.mjs';

const GOLDEN = new URL('../golden/x12/ack/', import.meta.url).pathname;
const check = (file) => cli('x12', 'check', file);

const ISA = 'ISA*00*          *00*          *ZZ*CLEARINGHOUSE  *ZZ*MEDOFFICE      *261128*0800*^*00501*000000777*0*T*:~\n';

/** One interchange and group around `body`, the segments between ST and SE (counts right). */
function wrap(body, { version = '005010X231A1', gs01 = 'FA', st01 = '999' } = {}) {
  let out = `${ISA}GS*${gs01}*CLEARINGHOUSE*MEDOFFICE*20261128*0800*7*X*${version}~\nST*${st01}*0001*${version}~\n`;
  for (const s of body) out += `${s}~\n`;
  return `${out}SE*${body.length + 2}*0001~\nGE*1*7~\nIEA*1*000000777~\n`;
}

describe('medoffice x12 check on acknowledgements', () => {
  let dir;
  const file = (name, content) => {
    dir ??= mkdtempSync(join(tmpdir(), 'medoffice-ack-'));
    const p = join(dir, name);
    writeFileSync(p, content);
    return p;
  };
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the golden 999s and 277CAs: exit 0 and a one-line summary', () => {
    const want = {
      '999-accepted.999':
        '999 005010X231A1: 1 interchange, 1 group, 1 transaction, 0 claims; acknowledges 1 group (1 accepted) and 2 transaction sets (2 accepted)',
      '999-partial.999':
        '999 005010X231A1: 1 interchange, 1 group, 1 transaction, 0 claims; acknowledges 1 group (1 partially accepted) and 3 transaction sets (1 accepted, 1 accepted with errors, 1 rejected)',
      '999-rejected.999':
        '999 005010X231A1: 1 interchange, 1 group, 1 transaction, 0 claims; acknowledges 1 group (1 rejected) and 1 transaction set (1 rejected)',
      '277ca-accepted.277ca': '277CA 005010X214: 1 interchange, 1 group, 1 transaction, 2 claims; 2 accepted',
      '277ca-mixed.277ca': '277CA 005010X214: 1 interchange, 1 group, 1 transaction, 4 claims; 1 accepted, 3 rejected',
      '277ca-batch-rejected.277ca':
        '277CA 005010X214: 1 interchange, 1 group, 1 transaction, 0 claims; no claim statuses, 1 whole transaction rejected',
    };
    for (const [name, line] of Object.entries(want)) {
      const r = check(join(GOLDEN, name));
      assert.equal(r.status, 0, `${name}: ${r.stderr}`);
      assert.equal(r.stdout, `${line}\n`, name);
      assert.equal(r.stderr, '', name);
    }
  });

  test('a malformed 999 exits 1 naming the segment position', () => {
    const noIk5 = check(file('no-ik5.999', wrap(['AK1*HC*17', 'AK2*837*000000031', 'IK3*CLM*12*2300*8', 'AK9*R*1*1*0'])));
    assert.equal(noIk5.status, 1);
    assert.equal(noIk5.stdout, '');
    assert.match(noIk5.stderr, /: segment 7 \(AK9\) at byte \d+: IK5 missing: the AK2 at segment 5 \(AK202 '000000031'\) has no IK5/);

    const cut = wrap(['AK1*HC*17', 'AK2*837*000000031', 'IK5*A', 'AK9*A*1*1*1']).replace(/SE\*6\*0001~\n/, '');
    const noSe = check(file('no-se.999', cut));
    assert.equal(noSe.status, 1);
    assert.match(noSe.stderr, /segment 8 \(GE\) at byte \d+: SE missing: the transaction opened by ST at segment 3/);

    const badCode = check(file('bad-ik501.999', wrap(['AK1*HC*17', 'AK2*837*000000031', 'IK5*Q', 'AK9*R*1*1*0'])));
    assert.equal(badCode.status, 1);
    assert.match(badCode.stderr, /segment 6 \(IK5\) at byte \d+: IK501 'Q' is not a transaction set acknowledgement code/);

    // Codes outside the 5010 lists are kept, not refused.
    const unknown = check(file('unknown.999', wrap(['AK1*HC*17', 'AK2*837*000000031', 'IK3*NM1*9*2010AA*Z9', 'IK4*9*67*Q1*X', 'IK5*R*99', 'AK9*R*1*1*0'])));
    assert.equal(unknown.status, 0, unknown.stderr);
    assert.match(unknown.stdout, /1 transaction set \(1 rejected\)\n$/);
  });

  test('a malformed 277CA exits 1 naming the segment position', () => {
    const head = [
      'BHT*0085*08*R1*20261128*0800*TH', 'HL*1**20*1', 'NM1*PR*2*PAYER*****PI*1', 'TRN*1*T1',
      'HL*2*1*21*1', 'NM1*41*2*US*****46*ME', 'TRN*2*B1', 'HL*3*2*19*1', 'NM1*85*2*PRACTICE*****XX*1245319599',
      'HL*4*3*PT', 'NM1*QC*1*DOE*JANE',
    ];
    const opts = { version: '005010X214', gs01: 'HN', st01: '277' };
    const noStc = check(file('no-stc.277ca', wrap([...head, 'TRN*2*C1', 'REF*1K*99'], opts)));
    assert.equal(noStc.status, 1);
    assert.match(noStc.stderr, /segment 17 \(SE\) at byte \d+: STC missing: the claim at segment 15 \(patient control number 'C1'\)/);
    const parent = check(file('parent.277ca', wrap([...head.slice(0, 9), 'HL*4*9*PT', 'NM1*QC*1*DOE', 'TRN*2*C1', 'STC*A2:20'], opts)));
    assert.equal(parent.status, 1);
    assert.match(parent.stderr, /segment 13 \(HL\) at byte \d+: HL02 '9' does not name the open billing provider level/);
  });

  test('a 999 beside an 837P in one interchange: both are summarised', () => {
    const claim = readFileSync(join(GOLDEN, '999-accepted.999'), 'utf8');
    const mixed =
      ISA +
      'GS*HC*A*B*20261128*0800*1*X*005010X222A1~\nST*837*0001*005010X222A1~\nBHT*0019*00*1*20261127*1023*CH~\n' +
      'CLM*C1*10***11:B:1*Y*A*Y*Y~\nSE*4*0001~\nGE*1*1~\n' +
      claim.slice(claim.indexOf('GS*'), claim.indexOf('IEA*')) +
      'IEA*2*000000777~\n';
    const r = check(file('mixed.x12', mixed));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(
      r.stdout,
      '837P+999 005010X222A1,005010X231A1: 1 interchange, 2 groups, 2 transactions, 1 claim; acknowledges 1 group (1 accepted) and 2 transaction sets (2 accepted)\n',
    );
  });
});
