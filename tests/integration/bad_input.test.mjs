// SPDX-License-Identifier: AGPL-3.0-or-later
// Table-driven bad input: every route in the OpenAPI document gets a corpus of malformed JSON,
// wrong types, unknown fields, oversize bodies, bad UTF-8, huge numbers and SQL metacharacters in
// every string and query field. Nothing may answer 5xx or crash, every 4xx is problem+json, and
// what was stored before is unchanged afterwards.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { backends, demoServer, request, jane, signIn } from './helpers.mjs';

const SQL = ["' OR '1'='1", "'; DROP TABLE patients; --", '" OR ""="', '1; SELECT pg_sleep(5)', "\\'; --", '%', '_'];
const WRONG = [{}, [], 123456789, true, -1, 1.5, 'x'.repeat(5000)];

function resolveSchema(doc, schema) {
  while (schema && schema.$ref) schema = doc.components.schemas[schema.$ref.split('/').pop()];
  return schema ?? {};
}

function propsOf(doc, op) {
  const content = op.requestBody?.content ?? {};
  const schema = resolveSchema(doc, (content['application/json'] ?? content['application/merge-patch+json'] ?? {}).schema);
  return Object.keys(schema.properties ?? {}).filter((k) => !schema.properties[k].readOnly);
}

for (const kind of backends()) {
  describe(`bad input on ${kind}`, () => {
    let env;
    let doc;
    const ids = {};
    let anchor;
    before(async () => {
      env = await demoServer(kind, 50);
      doc = (await request(env.base, 'GET', '/api/v1/openapi.json')).json;
      for (const coll of ['organizations', 'locations', 'providers', 'payers', 'coverages', 'patients']) {
        const r = await env.call('GET', `/api/v1/${coll}?limit=1`);
        ids[coll] = r.json.items[0].id;
      }
      anchor = (await env.call('POST', '/api/v1/patients', { body: jane() })).json;
    });
    after(async () => { await env?.close(); });

    const checkAnswer = (r, what) => {
      assert.ok(r.status < 500, `${what} answered ${r.status}: ${r.text.slice(0, 300)}`);
      if (r.status >= 400) {
        assert.equal(r.headers['content-type'], 'application/problem+json', `${what} content-type`);
        assert.ok(Array.isArray(r.json?.errors), `${what} has errors[]`);
      }
    };

    test('every route survives the corpus', async () => {
      let sent = 0;
      for (const [template, ops] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(ops)) {
          const M = method.toUpperCase();
          // Signing out would end the session the rest of the corpus runs in; the security
          // suite covers it.
          if (M === 'DELETE' && template === '/api/v1/session') continue;
          const coll = template.split('/')[3];
          const path = template.replace('{id}', String(ids[coll] ?? 1));
          const send = async (p, opts, what) => {
            const r = await env.call(M, p, { ...opts, headers: { 'if-match': '"999"', ...(opts.headers ?? {}) } });
            checkAnswer(r, `${M} ${template} ${what}`);
            sent += 1;
            return r;
          };
          // Path ids that cannot exist.
          if (template.includes('{id}')) {
            for (const bad of ['abc', '-1', '0', '99999999999999999999', "1'%20OR%201=1", '%FF', '1.5']) {
              const r = await send(template.replace('{id}', bad), {}, `id=${bad}`);
              assert.ok(r.status >= 400);
            }
          }
          // Query parameters: SQL metacharacters, bad percent-encoding, oversize, unknown names.
          for (const p of [...(op.parameters ?? [])].map((x) => x.$ref ? doc.components.parameters[x.$ref.split('/').pop()] : x).filter((x) => x.in === 'query')) {
            for (const v of [...SQL.map(encodeURIComponent), '%FF%FE', 'x'.repeat(600), '-99999999999999999999']) {
              await send(`${path}?${p.name}=${v}`, {}, `query ${p.name}=${v.slice(0, 20)}`);
            }
          }
          for (const q of ['sort=name%3BDROP%20TABLE%20patients', 'limit=0', 'limit=1e3', 'cursor=%00', '%=x']) {
            await send(`${path}?${q}`, {}, `query ${q}`);
          }
          if (M === 'GET') continue;
          // Bodies.
          const raws = [
            ['malformed', Buffer.from('{"family_name":')],
            ['array', Buffer.from('[1,2,3]')],
            ['bad utf-8', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
            ['huge number', Buffer.from('{"timely_filing_days":1e999,"copay_cents":123456789012345678901234567890}')],
            ['deep', Buffer.from(`{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`)],
            ['nul', Buffer.from('{"family_name":"a\\u0000b"}')],
            ['oversize', Buffer.from(`{"family_name":"${'x'.repeat(1_100_000)}"}`)],
            ['empty', Buffer.alloc(0)],
          ];
          for (const [what, raw] of raws) {
            const r = await send(path, { raw, headers: { 'content-type': 'application/json' } }, what);
            // An action without a request body (start MFA enrolment) may accept an empty one.
            if (what === 'empty' && !op.requestBody) continue;
            assert.ok(r.status >= 400, `${M} ${template} ${what} was accepted`);
          }
          const plain = await send(path, { raw: Buffer.from('{}'), headers: { 'content-type': 'text/plain' } }, 'text/plain');
          assert.ok(plain.status >= 400);
          await send(path, { body: { no_such_field: 1 } }, 'unknown field');
          for (const prop of propsOf(doc, op)) {
            for (const w of WRONG) await send(path, { body: { ...jane(), [prop]: w } }, `${prop}=${JSON.stringify(w).slice(0, 20)}`);
            for (const s of SQL) {
              const r = await send(path, { body: { ...jane(), [prop]: s } }, `${prop} SQL`);
              if (r.status < 300 && r.json && typeof r.json[prop] === 'string') {
                assert.equal(r.json[prop], s, 'a stored string comes back verbatim');
              }
            }
          }
          await send(path, { body: jane(), headers: { 'idempotency-key': 'k'.repeat(1000) } }, 'long idempotency key');
          await send(path, { body: jane(), headers: { 'if-match': 'garbage' } }, 'garbage if-match');
        }
      }
      assert.ok(sent > 1000, `sent ${sent} requests`);
    });

    test('the server is alive and stored data is unchanged', async () => {
      const h = await request(env.base, 'GET', '/healthz');
      assert.equal(h.status, 200);
      // The corpus signed in with garbage many times (throttled by now) and may have ended the
      // session; a fresh sign-in uses the next one-time code.
      const session = await signIn(env.base, env.manager).catch(() => env.session);
      const p = await session.call('GET', `/api/v1/patients/${anchor.id}`);
      assert.equal(p.status, 200);
      assert.equal(p.json.family_name, 'Doe');
      assert.equal(p.json.version, anchor.version);
      const orgs = await session.call('GET', '/api/v1/organizations');
      assert.equal(orgs.json.items.length, 1);
    });

    test('malformed HTTP is refused without harm', async () => {
      const net = await import('node:net');
      const u = new URL(env.base);
      for (const raw of ['GARBAGE\r\n\r\n', 'GET / HTTP/9.9\r\n\r\n', `GET /${'a'.repeat(20000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
                         'POST /api/v1/patients HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\n']) {
        const answer = await new Promise((resolve) => {
          const s = net.connect(Number(u.port), u.hostname, () => s.end(raw));
          let data = '';
          s.on('data', (d) => { data += d; });
          s.on('close', () => resolve(data));
          s.on('error', () => resolve(data));
          s.setTimeout(5000, () => s.destroy());
        });
        const status = Number((answer.match(/^HTTP\/1\.1 (\d{3})/) ?? [])[1] ?? 0);
        assert.ok(status === 0 || (status >= 400 && status < 500), `raw request answered ${status}`);
      }
      assert.equal((await request(env.base, 'GET', '/healthz')).status, 200);
    });
  });
}
