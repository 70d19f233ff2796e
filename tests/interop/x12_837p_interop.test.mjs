// SPDX-License-Identifier: AGPL-3.0-or-later
// Interop (issue 16, point 2): the independent npm parser node-x12 reads every golden 837P the
// codec writes (tests/golden/x12/837p/*.x12, written by src/codecs/x12/claim_837p_test.cpp),
// strict, with a new parser per document, and its query engine reads back the claim ids,
// totals, billing and rendering NPIs, the HL tree and SE01.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const peers = createRequire(new URL('../node/package.json', import.meta.url));
const { X12Parser, X12QueryEngine } = peers('node-x12');

const dir = new URL('../golden/x12/837p/', import.meta.url).pathname;

// What each golden file holds, stated here independently of the C++ test that wrote it.
const expected = {
  'subscribers_and_dependents.x12': {
    claims: [['1001', '137.5'], ['1002', '137.5'], ['1005', '137.5'], ['1003', '137.5'], ['1004', '137.5']],
    billingNpis: ['1245319599'],
    renderingNpis: ['1999996667'], // claim 1003's rendering NPI is the billing NPI: no 2310B
    hl: [['1', '', '20', '1'], ['2', '1', '22', '1'], ['3', '2', '23', '0'], ['4', '1', '22', '1'], ['5', '4', '23', '0']],
    segments: 97,
    frequency: '1',
    f8: [],
  },
  'replacement_ndc_providers.x12': {
    claims: [['2001', '238']],
    billingNpis: ['1245319599'],
    renderingNpis: ['1999996667', '1677889903'], // 2310B and one line's 2420A
    hl: [['1', '', '20', '1'], ['2', '1', '22', '0']],
    segments: 55,
    frequency: '7',
    f8: ['2026100200123'],
    ndc: ['00026063512'],
  },
  'secondary_cob.x12': {
    claims: [['3001', '137.5']],
    billingNpis: ['1245319599'],
    renderingNpis: [],
    hl: [['1', '', '20', '1'], ['2', '1', '22', '0']],
    segments: 42,
    frequency: '1',
    f8: ['2026100200123'], // 2330B: the primary's claim number, not a correction
    paidByPrior: ['95.61'],
    svd: [['12345', '120'], ['12345', '12.5']],
  },
  // Built from the shared COB 835 (src/codecs/claims/cob_835_test.cpp): Raymond is his wife's
  // dependent on the plan billed now (2000C), the subscriber on the earlier plans.
  'secondary_from_835.x12': {
    claims: [['0001000056', '541']],
    billingNpis: ['1245319599'],
    renderingNpis: [],
    hl: [['1', '', '20', '1'], ['2', '1', '22', '1'], ['3', '2', '23', '0']],
    segments: 43,
    frequency: '1',
    f8: ['50650619501'], // the 835's CLP07, in 2330B
    paidByPrior: ['34'],
    svd: [['YTDAW', '34']],
  },
  'tertiary_from_835.x12': {
    claims: [['0001000056', '541']],
    billingNpis: ['1245319599'],
    renderingNpis: [],
    hl: [['1', '', '20', '1'], ['2', '1', '22', '1'], ['3', '2', '23', '0']],
    segments: 56,
    frequency: '1',
    f8: ['ATL-0420', '50650619501'],
    paidByPrior: ['482', '34'],
    svd: [['ATL01', '482'], ['YTDAW', '34']],
  },
};

/** Cents from an X12 decimal string, without floating point. */
function cents(text) {
  const m = /^(-?)(\d*)(?:\.(\d{1,2}))?$/.exec(text);
  assert.ok(m, `'${text}' is an X12 amount with at most two decimals`);
  const value = BigInt(m[2] || '0') * 100n + BigInt((m[3] ?? '').padEnd(2, '0') || '0');
  return m[1] === '-' ? -value : value;
}

const files = readdirSync(dir).filter((n) => n.endsWith('.x12')).sort();

describe('node-x12 reads the 837P golden files', () => {
  test('every expected golden file is there, and only those', () => {
    assert.deepEqual(files, Object.keys(expected).sort());
  });

  for (const name of files) {
    test(name, () => {
      const want = expected[name];
      const text = readFileSync(join(dir, name), 'utf8');
      const parser = new X12Parser(true); // strict, new per document
      const interchange = parser.parse(text);
      const engine = new X12QueryEngine(parser);
      const q = (ref) => engine.query(interchange, ref).map((r) => r.value);

      // Envelope: one group of one 837 transaction; counts as node-x12 sees them.
      assert.equal(interchange.header.valueOf(12), '00501');
      assert.equal(interchange.functionalGroups.length, 1);
      const group = interchange.functionalGroups[0];
      assert.equal(group.header.valueOf(1), 'HC');
      assert.equal(group.header.valueOf(8), '005010X222A1');
      assert.equal(group.transactions.length, 1);
      const txn = group.transactions[0];
      assert.equal(txn.header.valueOf(1), '837');
      assert.equal(txn.header.valueOf(3), '005010X222A1');
      assert.equal(txn.header.valueOf(2), txn.trailer.valueOf(2), 'ST02 = SE02');
      assert.deepEqual(q('SE01'), [String(txn.segments.length + 2)], 'SE01 counts ST to SE');
      assert.equal(txn.segments.length + 2, want.segments);
      assert.equal(group.trailer.valueOf(1), '1');
      assert.equal(interchange.trailer.valueOf(1), '1');
      assert.equal(interchange.trailer.valueOf(2), interchange.header.valueOf(13));
      assert.deepEqual(q('BHT06'), ['CH']);

      // Claims and totals; CLM02 is the sum of the SV102s that follow it.
      assert.deepEqual(q('CLM01').map((id, i) => [id, q('CLM02')[i]]), want.claims);
      const sums = [];
      for (const s of txn.segments) {
        if (s.tag === 'CLM') sums.push({ total: cents(s.valueOf(2)), lines: 0n });
        if (s.tag === 'SV1') sums[sums.length - 1].lines += cents(s.valueOf(2));
      }
      for (const s of sums) assert.equal(s.lines, s.total);

      assert.deepEqual(q('NM109:NM101["85"]'), want.billingNpis);
      assert.deepEqual(q('NM108:NM101["85"]'), want.billingNpis.map(() => 'XX'));
      assert.deepEqual(q('NM109:NM101["82"]'), want.renderingNpis);

      // The HL tree: numbered 1..n in order, parents exist at the level above, HL04 says
      // whether children follow.
      const hls = engine.query(interchange, 'HL01').map((r) => [r.value, r.segment.valueOf(2) ?? '',
        r.segment.valueOf(3), r.segment.valueOf(4)]);
      assert.deepEqual(hls, want.hl);
      const level = new Map(hls.map(([id, , lvl]) => [id, lvl]));
      hls.forEach(([id, parent, lvl, child], i) => {
        assert.equal(id, String(i + 1));
        const above = { 20: undefined, 22: '20', 23: '22' }[lvl];
        assert.equal(parent === '' ? undefined : level.get(parent), above, `HL ${id} parent`);
        assert.equal(child, hls.some(([, p]) => p === id) ? '1' : '0', `HL ${id} HL04`);
      });
      // A claim under a subscriber HL is the subscriber's own (SBR02 18); under 23 a PAT.
      assert.ok(q('SBR01').length >= 1);
      assert.equal(q('PAT01').length, hls.filter(([, , lvl]) => lvl === '23').length);

      // CLM05 stays one value for node-x12; split it on ISA16.
      const component = interchange.header.valueOf(16);
      for (const facility of q('CLM05')) {
        assert.deepEqual(facility.split(component).slice(1), ['B', want.frequency]);
      }
      assert.deepEqual(q('REF02:REF01["F8"]'), want.f8);
      if (want.ndc) assert.deepEqual(q('LIN03:LIN02["N4"]'), want.ndc);
      if (want.paidByPrior) assert.deepEqual(q('AMT02:AMT01["D"]'), want.paidByPrior);
      if (want.svd) assert.deepEqual(q('SVD01').map((id, i) => [id, q('SVD02')[i]]), want.svd);
      // Every 2400 loop carries its line control number.
      assert.equal(q('REF02:REF01["6R"]').length, q('LX01').length);
    });
  }
});
