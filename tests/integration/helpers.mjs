// SPDX-License-Identifier: AGPL-3.0-or-later
// Shared helpers: run the real medoffice binary on port 0 against a real SQLite file or a real
// PostgreSQL database, and talk to it over real HTTP on loopback.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';

export const BIN = process.env.MEDOFFICE_BIN ?? new URL('../../build/release/medoffice', import.meta.url).pathname;
export const PG_URL = process.env.MEDOFFICE_TEST_PG_URL ?? '';
export const PG_ADMIN = process.env.MEDOFFICE_TEST_PG_ADMIN ?? '';

/** The storage backends to run integration tests on. */
export function backends() {
  return PG_ADMIN ? ['sqlite', 'postgres'] : ['sqlite'];
}

let dbCounter = 0;
/** A fresh, empty database URL of the given kind, and a function that removes it. */
export function freshDatabase(kind) {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'medoffice-it-'));
    return { url: `sqlite:${dir}/m.db`, path: `${dir}/m.db`, dir, drop: () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `it_${process.pid}_${Date.now()}_${dbCounter++}`;
  execFileSync('psql', [PG_ADMIN, '-qAtc', `CREATE DATABASE ${name}`], { stdio: 'pipe' });
  const url = PG_ADMIN.replace(/\/[^/]*$/, `/${name}`);
  return {
    url,
    drop: () => spawnSync('psql', [PG_ADMIN, '-qAtc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`], { stdio: 'pipe' }),
  };
}

/** Runs a medoffice CLI command; returns {status, stdout, stderr}. */
export function cli(...args) {
  const r = spawnSync(BIN, args, { encoding: 'utf8', timeout: 300_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts `medoffice serve` on a free port; resolves when it prints its URL. */
export function startServer(url, extraArgs = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ['serve', '--db', url, '--listen', '127.0.0.1:0', ...extraArgs], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 10_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on http:\/\/([^/]+)\//);
      if (m) {
        clearTimeout(timer);
        resolve({
          child,
          base: `http://${m[1]}`,
          stderr: () => err,
          stop: () => new Promise((res) => { if (child.exitCode !== null) return res(); child.once('exit', res); child.kill('SIGTERM'); }),
        });
      }
    });
    child.stderr.on('data', (d) => { err += d; });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${err}`)); });
  });
}

/**
 * One HTTP request with node:http (no connection reuse), so that raw bytes, oversize bodies and
 * early-closing servers are handled. Resolves {status, headers, text, json}.
 */
export function request(base, method, path, { body, headers = {}, raw } = {}) {
  return new Promise((resolve, reject) => {
    const u = new URL(base);
    let payload = raw ?? (body === undefined ? undefined : Buffer.from(JSON.stringify(body)));
    const h = { ...headers };
    if (body !== undefined && !('content-type' in lower(h))) h['content-type'] = 'application/json';
    if (payload !== undefined) h['content-length'] = payload.length;
    const req = http.request({ host: u.hostname, port: u.port, method, path, headers: h, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
    });
    req.setTimeout(20_000, () => req.destroy(new Error(`timeout: ${method} ${path}`)));
    req.on('error', (e) => {
      // A server may answer 413 and close before the whole body is sent; the answer may still
      // arrive. If it does not, report status 0 (connection closed) rather than hang.
      if (e.code === 'EPIPE' || e.code === 'ECONNRESET') {
        setTimeout(() => resolve({ status: 0, headers: {}, text: '', json: undefined }), 1000);
        return;
      }
      reject(e);
    });
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

function lower(h) {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}

export const jane = () => ({
  family_name: 'Doe', given_name: 'Jane', birth_date: '1980-02-03', sex: 'female', phone: '+12175550123',
  address: { line1: '1 Main St', city: 'Springfield', state: 'IL', postal_code: '62701' },
});

/** init + demo (small) + serve, for a backend. */
export async function demoServer(kind, patients = 300) {
  const db = freshDatabase(kind);
  let r = cli('init', '--db', db.url);
  if (r.status !== 0) throw new Error(r.stderr);
  r = cli('demo', '--db', db.url, '--patients', String(patients));
  if (r.status !== 0) throw new Error(r.stderr);
  const server = await startServer(db.url);
  return { db, server, base: server.base, close: async () => { await server.stop(); db.drop(); } };
}
