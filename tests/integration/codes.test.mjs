// SPDX-License-Identifier: AGPL-3.0-or-later
// Code sets over real HTTP and the real CLI (issue 14, point 1), on every backend: the default
// set that `init` writes, ranked search, the warning when the release of a date of service is
// not loaded, the check of one code, bad input named by its field, and `medoffice import` with
// its exit codes (files written here, and the CMS files of ../shared/codesets read in place,
// skipped with a message where they are absent).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backends, demoServer, cli, request } from './helpers.mjs';

const SHARED = process.env.MEDOFFICE_SHARED ?? new URL('../../../shared', import.meta.url).pathname;
const CODESETS = join(SHARED, 'codesets');
const ICD2026 = join(CODESETS, 'icd10cm', 'icd10cm_order_2026.txt');
const HCPCS2025 = join(CODESETS, 'hcpcs', 'HCPC2025_JAN_ANWEB_12172024.txt');
const skipShared = existsSync(ICD2026) && existsSync(HCPCS2025)
  ? false : `code sets not found at ${CODESETS} (set MEDOFFICE_SHARED)`;

/** One line of an ICD-10-CM order file (fixed width), written here. */
const orderLine = (n, code, flag, text) =>
  `${String(n).padStart(5, '0')} ${code.padEnd(7)} ${flag} ${text.slice(0, 60).padEnd(60)} ${text}\r\n`;

const problemField = (r) => {
  assert.equal(r.status, 422, r.text);
  assert.equal(r.headers['content-type'], 'application/problem+json');
  return r.json.errors.map((e) => e.field);
};

for (const kind of backends()) {
  describe(`code sets on ${kind}`, () => {
    let env; let dir;
    const file = (name, content) => {
      const p = join(dir, name);
      writeFileSync(p, content);
      return p;
    };
    const codes = (query) => env.call('GET', `/api/v1/codes?${query}`);
    before(async () => {
      env = await demoServer(kind, 20);
      dir = mkdtempSync(join(tmpdir(), 'medoffice-codes-'));
    });
    after(async () => {
      await env?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    test('the default set written by init answers ranked searches', async () => {
      const diab = await codes('system=icd10cm&q=diab%20mell');
      assert.equal(diab.status, 200, diab.text);
      assert.equal(diab.json.release.source, 'builtin');
      const e119 = diab.json.items.find((c) => c.code === 'E119');
      assert.deepEqual({ code: e119.code, display: e119.display, billable: e119.billable, description: e119.description },
        { code: 'E119', display: 'E11.9', billable: true, description: 'Type 2 diabetes mellitus without complications' });
      for (const c of diab.json.items) assert.match(c.description, /\bdiab/i);
      // The code first, then codes under it, then words.
      const e11 = await codes('system=icd10cm&q=E11');
      assert.deepEqual(e11.json.items.slice(0, 2).map((c) => c.code), ['E11', 'E1122']);
      assert.equal(e11.json.items[0].billable, false, 'E11 is a header');
      assert.equal((await codes('system=icd10cm&q=e11.9')).json.items[0].code, 'E119');
      assert.equal((await codes('system=modifier&q=25')).json.items[0].code, '25');
      assert.deepEqual((await codes('system=pos&q=office')).json.items.map((c) => c.code), ['11']);
      const cpt = await codes('system=cpt&q=9921&limit=2');
      assert.deepEqual(cpt.json.items.map((c) => [c.code, c.description]), [['99211', ''], ['99212', '']]);
      const rarc = await codes('system=rarc&q=N130');
      assert.equal(rarc.json.items[0].code, 'N130');
    });

    test('a date after the newest release is answered from it, with a warning', async () => {
      const late = await codes('system=icd10cm&q=E11.9&date=2026-12-05');
      assert.equal(late.status, 200, late.text);
      assert.equal(late.json.items[0].code, 'E119');
      assert.equal(late.json.warnings.length, 1);
      assert.equal(late.json.warnings[0].code, 'release_not_loaded');
      assert.equal(late.json.warnings[0].wanted_year, 2027);
      assert.equal(late.json.warnings[0].used_year, 2026);
      assert.deepEqual((await codes('system=icd10cm&q=E11.9&date=2026-03-01')).json.warnings, []);
      const check = await env.call('GET', '/api/v1/codes/icd10cm/E11.9?date=2026-03-01');
      assert.equal(check.status, 200, check.text);
      assert.equal(check.json.valid, true);
      assert.equal(check.json.status, 'valid');
      const header = await env.call('GET', '/api/v1/codes/icd10cm/E11?date=2026-03-01');
      assert.equal(header.json.status, 'header');
      assert.equal(header.json.valid, false);
      assert.equal((await env.call('GET', '/api/v1/codes/icd10cm/E11.9.9')).json.status, 'malformed');
      assert.equal((await env.call('GET', '/api/v1/codes/nosuch/E119')).status, 404);
    });

    test('bad input is refused naming the field (problem+json)', async () => {
      assert.deepEqual(problemField(await codes('q=diab')), ['system']);
      assert.deepEqual(problemField(await codes('system=icd9&q=diab')), ['system']);
      assert.deepEqual(problemField(await codes('system=icd10cm')), ['q']);
      assert.deepEqual(problemField(await codes('system=icd10cm&q=%20.,-')), ['q']);
      assert.deepEqual(problemField(await codes(`system=icd10cm&q=${'a'.repeat(101)}`)), ['q']);
      assert.deepEqual(problemField(await codes('system=icd10cm&q=diab&date=2026-02-30')), ['date']);
      assert.deepEqual(problemField(await codes('system=icd10cm&q=diab&limit=0')), ['limit']);
      assert.deepEqual(problemField(await codes('system=icd10cm&q=diab&limit=101')), ['limit']);
      assert.deepEqual(problemField(await codes('system=icd10cm&q=diab&sort=code')), ['sort']);
      assert.deepEqual(problemField(await codes('system=icd10cm&q=diab&q=mell')), ['q']);
      assert.deepEqual(problemField(await env.call('GET', '/api/v1/codes/icd10cm/E119?date=tomorrow')), ['date']);
      const anonymous = await request(env.base, 'GET', '/api/v1/codes?system=icd10cm&q=diab');
      assert.equal(anonymous.status, 401);
    });

    test('medoffice import: exit codes, the count loaded, and nothing of a bad file', async () => {
      const url = env.db.url;
      // A malformed file: exit 1 naming the line, nothing loaded.
      const bad = file('icd10cm_order_2027.txt',
        orderLine(1, 'A00', '0', 'Cholera') + orderLine(2, 'A000', '7', 'Cholera due to Vibrio cholerae 01, biovar cholerae'));
      let r = cli('import', 'icd10cm', '--db', url, bad);
      assert.equal(r.status, 1, r.stdout);
      assert.match(r.stderr, /line 2: the flag in column 15 is '7'/);
      assert.match(r.stderr, /nothing was loaded/);
      const truncated = file('icd10cm_order_2028.txt', orderLine(1, 'A00', '0', 'Cholera').slice(0, 40));
      r = cli('import', 'icd10cm', '--db', url, truncated);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /line 1: the file ends in the middle of this line \(truncated\?\)/);
      r = cli('import', 'icd10cm', '--db', url, file('codes.txt', orderLine(1, 'A00', '0', 'Cholera')));
      assert.equal(r.status, 1);
      assert.match(r.stderr, /give --year YYYY/);
      const releases = await env.call('GET', '/api/v1/code-releases');
      assert.deepEqual(releases.json.items.filter((x) => x.system === 'icd10cm').map((x) => [x.year, x.source]), [[2026, 'builtin']]);

      // A good one: exit 0 and the count; the year comes from the name, or --year.
      const good = file('icd10cm_order_2027.txt',
        orderLine(1, 'E11', '0', 'Type 2 diabetes mellitus') +
        orderLine(2, 'E119', '1', 'Type 2 diabetes mellitus without complications') +
        orderLine(3, 'I10', '1', 'Essential (primary) hypertension'));
      r = cli('import', 'icd10cm', '--db', url, good);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^loaded 3 ICD-10-CM FY2027 codes \(2 billable, 1 headers\)/m);
      r = cli('import', 'icd10cm', '--db', url, good);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /FY2027 is already loaded with the same 3 codes; nothing changed/);
      r = cli('import', 'icd10cm', '--db', url, '--year', '2026', good);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /the file name says 2027 but --year says 2026/);
      // The new year answers, with no warning, and the starter list stepped aside.
      const now = await codes('system=icd10cm&q=diab&date=2026-12-05');
      assert.deepEqual(now.json.warnings, []);
      assert.equal(now.json.release.label, 'FY2027');
      assert.deepEqual(now.json.items.map((c) => c.code), ['E119', 'E11']);
      const after = await env.call('GET', '/api/v1/code-releases');
      assert.deepEqual(after.json.items.filter((x) => x.system === 'icd10cm').map((x) => [x.year, x.source, x.code_count]), [[2027, 'cms', 3]]);

      // A practice's licensed CPT file belongs to it.
      const org = (await env.call('GET', '/api/v1/organizations')).json.items[0].id;
      const csv = file('cpt.csv', 'code,description\n99213,"Office visit, established patient (test text)"\n');
      r = cli('import', 'cpt', '--db', url, '--organization', String(org), '--year', '2026', csv);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^loaded 1 CPT 2026 codes/m);
      const office = await codes('system=cpt&q=office%20estab');
      assert.deepEqual(office.json.items.map((c) => c.code), ['99213']);
      r = cli('import', 'cpt', '--db', url, '--organization', '99999', csv);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /organization not found/);
      r = cli('import', 'cpt', '--db', url, '--organization', String(org), file('bad.csv', '99213,Visit\n9921,Short\n'));
      assert.equal(r.status, 1);
      assert.match(r.stderr, /line 2: '9921' is not a CPT code/);
    });

    test('medoffice import of the real CMS files', { skip: skipShared }, async () => {
      const url = env.db.url;
      let r = cli('import', 'hcpcs', '--db', url, HCPCS2025);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^loaded 8642 HCPCS 2025 codes/m);
      r = cli('import', 'icd10cm', '--db', url, ICD2026);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^loaded 98186 ICD-10-CM FY2026 codes \(74719 billable, 23467 headers\)/m);
      assert.match(r.stdout, /FY2026 addenda \(icd10cm_order_addenda_2026\.txt\): 614 codes added, 12 deleted/);
      assert.match(r.stdout, /deleted: S301XXA/);
      // FY2026 answers for a date in it: S30.1XXA is gone, E11.9 is there.
      const gone = await env.call('GET', '/api/v1/codes/icd10cm/S30.1XXA?date=2026-03-01');
      assert.equal(gone.json.status, 'unknown');
      const diab = await codes('system=icd10cm&q=diab%20mell&date=2026-03-01');
      assert.equal(diab.json.release.label, 'FY2026');
      assert.equal(diab.json.items.length, 20);
      const ended = await env.call('GET', '/api/v1/codes/hcpcs/J1030?date=2025-03-01');
      assert.equal(ended.json.status, 'ended');
      assert.equal((await codes('system=hcpcs&q=G0438')).json.items[0].description,
        'Annual wellness visit; includes a personalized prevention plan of service (pps), initial visit');
    });
  });
}
