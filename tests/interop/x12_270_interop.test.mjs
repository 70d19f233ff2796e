// SPDX-License-Identifier: AGPL-3.0-or-later
// Interop (issue 17, point 6): the independent npm parser node-x12 reads every golden 270 the
// codec writes (tests/golden/x12/270/*.270, written by src/codecs/x12/eligibility_270_test.cpp),
// strict, with a new parser per document, and its query engine reads back the member id, the
// provider NPI, the service types, the trace number, the service date, the HL tree and SE01.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const peers = createRequire(new URL('../node/package.json', import.meta.url));
const { X12Parser, X12QueryEngine } = peers('node-x12');

const dir = new URL('../golden/x12/270/', import.meta.url).pathname;

// What each golden file holds, stated here independently of the C++ test that wrote it.
const expected = {
  'subscriber.270': {
    memberId: 'W123456789',
    npi: '1234567893',
    payerId: 'ACME01',
    serviceTypes: ['30'],
    trace: ['ELIG-0001', '1123456789'],
    serviceDate: '20261215',
    patient: ['IL', 'DOE', 'JANE'],
    hl: [['1', '', '20', '1'], ['2', '1', '21', '1'], ['3', '2', '22', '0']],
    segments: 13,
  },
  'dependent.270': {
    memberId: 'W555000111',
    npi: '1234567893',
    payerId: 'ACME01',
    serviceTypes: ['30', '98'],
    trace: ['ELIG-0002', '1123456789'],
    serviceDate: '20261215',
    patient: ['03', 'MULLER', 'ZOE ANN'],
    hl: [['1', '', '20', '1'], ['2', '1', '21', '1'], ['3', '2', '22', '1'], ['4', '3', '23', '0']],
    segments: 17,
  },
};

const files = readdirSync(dir).filter((n) => n.endsWith('.270')).sort();

describe('node-x12 reads the 270 golden files', () => {
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

      assert.equal(interchange.header.valueOf(12), '00501');
      assert.equal(interchange.functionalGroups.length, 1);
      const group = interchange.functionalGroups[0];
      assert.equal(group.header.valueOf(1), 'HS');
      assert.equal(group.header.valueOf(8), '005010X279A1');
      assert.equal(group.transactions.length, 1);
      const txn = group.transactions[0];
      assert.equal(txn.header.valueOf(1), '270');
      assert.equal(txn.header.valueOf(3), '005010X279A1');
      assert.equal(txn.header.valueOf(2), txn.trailer.valueOf(2), 'ST02 = SE02');
      assert.deepEqual(q('SE01'), [String(txn.segments.length + 2)], 'SE01 counts ST to SE');
      assert.equal(txn.segments.length + 2, want.segments);
      assert.equal(interchange.trailer.valueOf(2), interchange.header.valueOf(13));
      assert.deepEqual(q('BHT01'), ['0022']);
      assert.deepEqual(q('BHT02'), ['13']);

      assert.deepEqual(q('NM109:NM101["PR"]'), [want.payerId]);
      assert.deepEqual(q('NM109:NM101["1P"]'), [want.npi]);
      assert.deepEqual(q('NM108:NM101["1P"]'), ['XX']);
      assert.deepEqual(q('NM109:NM101["IL"]'), [want.memberId]);
      assert.deepEqual(q('NM108:NM101["IL"]'), ['MI']);
      const [entity, last, first] = want.patient;
      assert.deepEqual(q(`NM103:NM101["${entity}"]`), [last]);
      assert.deepEqual(q(`NM104:NM101["${entity}"]`), [first]);

      // EQ01 repeats on ISA11; node-x12 keeps the element whole.
      const repetition = interchange.header.valueOf(11);
      assert.deepEqual(q('EQ01').flatMap((v) => v.split(repetition)), want.serviceTypes);
      assert.deepEqual(q('TRN01'), ['1']);
      assert.deepEqual([q('TRN02')[0], q('TRN03')[0]], want.trace);
      assert.deepEqual(q('DTP03:DTP01["291"]'), [want.serviceDate]);

      const hls = engine.query(interchange, 'HL01').map((r) => [r.value, r.segment.valueOf(2) ?? '',
        r.segment.valueOf(3), r.segment.valueOf(4)]);
      assert.deepEqual(hls, want.hl);
      // The question is asked once, at the lowest level: TRN, DTP*291 and EQ follow the last HL.
      const tags = txn.segments.map((s) => s.tag);
      const lastHl = tags.lastIndexOf('HL');
      for (const tag of ['TRN', 'DTP', 'EQ']) {
        assert.equal(tags.filter((t) => t === tag).length, 1, tag);
        assert.ok(tags.indexOf(tag) > lastHl, `${tag} after the last HL`);
      }
    });
  }
});
