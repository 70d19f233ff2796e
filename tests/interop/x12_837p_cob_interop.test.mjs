// SPDX-License-Identifier: AGPL-3.0-or-later
// Interop (issue 17, point 4): every golden 837P that carries coordination of benefits
// (tests/golden/x12/837p/*.x12 with an SVD or a 2320 SBR; the secondary and tertiary claims
// built from the shared COB 835 are written by src/codecs/claims/cob_835_test.cpp) parses with
// node-x12, strict and with a new parser per document, and the COB loops read back from its
// segments balance the way a receiving payer checks them (X12-NOTES §2.8):
//   - the claim's SBR01 and its 2320 SBR01s each appear once, earlier ranks all present;
//   - each SVD01 is the NM109 of a 2330B;
//   - per line and earlier payer: SV102 = Σ SVD02 + Σ 2430 CAS amounts;
//   - per earlier payer: CLM02 = AMT*D + Σ 2320 CAS + Σ its 2430 CAS;
//   - DTP*573 on each 2430, and in 2330B exactly when that payer has no 2430;
//   - one CAS per group code in each 2320/2430, at most six triplets.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const peers = createRequire(new URL('../node/package.json', import.meta.url));
const { X12Parser } = peers('node-x12');

const dir = new URL('../golden/x12/837p/', import.meta.url).pathname;
const rank = { P: 0, S: 1, T: 2 };

/** Cents from an X12 decimal string, without floating point. */
function cents(text) {
  const m = /^(-?)(\d*)(?:\.(\d{1,2}))?$/.exec(text);
  assert.ok(m, `'${text}' is an X12 amount with at most two decimals`);
  const value = BigInt(m[2] || '0') * 100n + BigInt((m[3] ?? '').padEnd(2, '0') || '0');
  return m[1] === '-' ? -value : value;
}

/** The CAS triplets' amounts, checking the segment's shape on the way. */
function casAmounts(segment) {
  const amounts = [];
  for (let k = 2; k <= 19; k += 3) {
    const reason = segment.valueOf(k);
    if (reason === undefined || reason === null || reason === '') continue;
    amounts.push(cents(segment.valueOf(k + 1)));
  }
  assert.ok(amounts.length >= 1 && amounts.length <= 6, 'a CAS has one to six triplets');
  return amounts;
}

const sum = (xs) => xs.reduce((a, b) => a + b, 0n);

/**
 * The claims of a transaction with their COB loops, read from the segment order alone:
 * SBR after CLM opens a 2320, NM1*IL/PR in it are 2330A/B, LX opens a 2400, SVD a 2430.
 */
function readClaims(segments) {
  const claims = [];
  let billedRank = null;
  let claim = null;
  let payer = null; // the current 2320/2330
  let line = null;
  let svd = null; // the current 2430
  for (const s of segments) {
    const tag = s.tag;
    if (tag === 'HL') {
      claim = payer = line = svd = null;
    } else if (tag === 'SBR' && claim === null) {
      billedRank = s.valueOf(1);
    } else if (tag === 'CLM') {
      claim = { id: s.valueOf(1), charge: cents(s.valueOf(2)), rank: billedRank, payers: [], lines: [] };
      claims.push(claim);
      payer = line = svd = null;
    } else if (claim === null) {
      continue;
    } else if (tag === 'SBR') {
      payer = { rank: s.valueOf(1), cas: [], groups: [], paid: null, id: null, date: null, afterPr: false };
      claim.payers.push(payer);
    } else if (tag === 'LX') {
      payer = null;
      line = { charge: null, svds: [] };
      claim.lines.push(line);
      svd = null;
    } else if (tag === 'SV1') {
      line.charge = cents(s.valueOf(2));
    } else if (tag === 'SVD') {
      svd = { payer: s.valueOf(1), paid: cents(s.valueOf(2)), cas: [], groups: [], date: null };
      line.svds.push(svd);
    } else if (tag === 'CAS') {
      const target = svd ?? payer;
      assert.ok(target, 'a CAS belongs to a 2320 or a 2430');
      assert.ok(!target.groups.includes(s.valueOf(1)), `one CAS per group code (${s.valueOf(1)})`);
      target.groups.push(s.valueOf(1));
      target.cas.push(...casAmounts(s));
    } else if (tag === 'AMT' && payer && s.valueOf(1) === 'D') {
      payer.paid = cents(s.valueOf(2));
    } else if (tag === 'NM1' && payer && s.valueOf(1) === 'PR') {
      payer.id = s.valueOf(9);
      payer.afterPr = true;
    } else if (tag === 'DTP' && s.valueOf(1) === '573') {
      if (svd) svd.date = s.valueOf(3);
      else if (payer && payer.afterPr) payer.date = s.valueOf(3);
      else assert.fail('DTP*573 outside 2330B and 2430');
    }
  }
  return claims;
}

const files = readdirSync(dir)
  .filter((n) => n.endsWith('.x12'))
  .filter((n) => /~\s*(SVD|SBR\*[PST]\*[^~]*~\s*(CAS|AMT|OI))/.test(readFileSync(join(dir, n), 'utf8')))
  .sort();

describe('node-x12 reads the COB loops of the golden 837Ps, and they balance', () => {
  test('the secondary and tertiary claims from the shared 835 are among them', () => {
    for (const name of ['secondary_cob.x12', 'secondary_from_835.x12', 'tertiary_from_835.x12']) {
      assert.ok(files.includes(name), name);
    }
  });

  for (const name of files) {
    test(name, () => {
      const parser = new X12Parser(true); // strict, new per document
      const interchange = parser.parse(readFileSync(join(dir, name), 'utf8'));
      const txn = interchange.functionalGroups[0].transactions[0];
      assert.equal(txn.header.valueOf(3), '005010X222A1');
      const claims = readClaims(txn.segments);
      const cob = claims.filter((c) => c.payers.length > 0);
      assert.ok(cob.length >= 1, 'at least one claim carries other payers');

      for (const c of cob) {
        const earlier = c.payers.filter((p) => rank[p.rank] < rank[c.rank]);
        // SBR01: each rank once; every rank before the claim's present.
        const ranks = [c.rank, ...c.payers.map((p) => p.rank)];
        assert.equal(new Set(ranks).size, ranks.length, `${c.id}: SBR01 ${ranks.join(',')}`);
        for (let r = 0; r < rank[c.rank]; r++) {
          assert.ok(earlier.some((p) => rank[p.rank] === r), `${c.id}: rank ${r} present`);
        }
        const ids = c.payers.map((p) => p.id);
        for (const l of c.lines) {
          for (const s of l.svds) assert.ok(ids.includes(s.payer), `${c.id}: SVD01 ${s.payer} is a 2330B NM109`);
        }
        for (const p of earlier) {
          const svds = c.lines.flatMap((l) => l.svds.filter((s) => s.payer === p.id));
          // DTP*573: on every 2430; in 2330B only without them.
          for (const s of svds) assert.match(s.date ?? '', /^\d{8}$/, `${c.id}: 2430 DTP*573`);
          if (svds.length > 0) {
            assert.equal(p.date, null, `${c.id}: no 2330B DTP*573 for ${p.id}, its lines have theirs`);
            for (const [i, l] of c.lines.entries()) {
              const mine = l.svds.filter((s) => s.payer === p.id);
              assert.ok(mine.length > 0, `${c.id} line ${i + 1}: a 2430 from ${p.id}`);
              assert.equal(sum(mine.map((s) => s.paid)) + sum(mine.flatMap((s) => s.cas)), l.charge,
                `${c.id} line ${i + 1}: SV102 = SVD02 + CAS for ${p.id}`);
            }
          } else {
            assert.match(p.date ?? '', /^\d{8}$/, `${c.id}: 2330B DTP*573 for ${p.id}`);
          }
          assert.notEqual(p.paid, null, `${c.id}: AMT*D for ${p.id}`);
          assert.equal(p.paid + sum(p.cas) + sum(svds.flatMap((s) => s.cas)), c.charge,
            `${c.id}: CLM02 = AMT*D + CAS for ${p.id}`);
        }
      }
    });
  }
});
