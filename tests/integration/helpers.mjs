// SPDX-License-Identifier: AGPL-3.0-or-later
// Shared helpers: run the real medoffice binary on port 0 against a real SQLite file or a real
// PostgreSQL database, and talk to it over real HTTP on loopback.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';
import https from 'node:https';

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

/**
 * The environment for a medoffice process working on `dbUrl`. SQLite keeps its server key beside
 * the database file (the default); PostgreSQL has no default, so each test database gets a key
 * file of its own through MEDOFFICE_KEY_FILE.
 */
export function envFor(dbUrl) {
  const env = { ...process.env };
  delete env.MEDOFFICE_KEY;
  delete env.MEDOFFICE_KEY_FILE;
  if (dbUrl && !dbUrl.startsWith('sqlite:')) {
    const dir = join(tmpdir(), 'medoffice-it-keys');
    mkdirSync(dir, { recursive: true });
    env.MEDOFFICE_KEY_FILE = join(dir, `${dbUrl.replace(/[^A-Za-z0-9_]/g, '_')}.key`);
  }
  return env;
}

/** Runs a medoffice CLI command; returns {status, stdout, stderr}. `input` goes to stdin. */
export function cli(...args) {
  let input;
  if (args.length && typeof args[args.length - 1] === 'object') input = args.pop().input;
  const i = args.indexOf('--db');
  const env = envFor(i >= 0 ? args[i + 1] : '');
  const r = spawnSync(BIN, args, { encoding: 'utf8', timeout: 300_000, env, input });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts `medoffice serve` on a free port; resolves when it prints its URL. */
export function startServer(url, extraArgs = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ['serve', '--db', url, '--listen', '127.0.0.1:0', ...extraArgs], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: envFor(url),
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 10_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (https?:\/\/[^/]+)\//);
      if (m) {
        clearTimeout(timer);
        resolve({
          child,
          base: m[1],
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
export function request(base, method, path, { body, headers = {}, raw, timeoutMs = 20_000 } = {}) {
  return new Promise((resolve, reject) => {
    const u = new URL(base);
    let payload = raw ?? (body === undefined ? undefined : Buffer.from(JSON.stringify(body)));
    const h = { ...headers };
    if (body !== undefined && !('content-type' in lower(h))) h['content-type'] = 'application/json';
    if (payload !== undefined) h['content-length'] = payload.length;
    const mod = u.protocol === 'https:' ? https : http;
    // Tests trust the throwaway self-signed certificate they made.
    const tls = u.protocol === 'https:' ? { rejectUnauthorized: false } : {};
    const req = mod.request({ host: u.hostname, port: u.port, method, path, headers: h, agent: false, ...tls }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
        resolve({ status: res.statusCode, headers: res.headers, text, json, bytes: Buffer.concat(chunks) });
      });
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms: ${method} ${path}`)));
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

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s) for a base32 secret at 30-second step `step`. */
export function totp(secret, step = Math.floor(Date.now() / 30000)) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', key).update(msg).digest();
  const o = mac[mac.length - 1] & 0xf;
  const bin = ((mac[o] & 0x7f) << 24) | (mac[o + 1] << 16) | (mac[o + 2] << 8) | mac[o + 3];
  return String(bin % 1_000_000).padStart(6, '0');
}

export const PASSWORD = 'Correct-horse-battery-staple-42';
let userCounter = 0;

/**
 * Adds a user with `roles` through the CLI (`user add --password-stdin`) and returns
 * {username, password, secret} (secret: the TOTP secret for MFA roles).
 */
export function addUser(dbUrl, roles, username = `u${process.pid}x${userCounter++}`, organization = undefined, locations = []) {
  const args = ['user', 'add', '--db', dbUrl, '--username', username, '--password-stdin'];
  if (organization) args.push('--organization', String(organization));
  for (const l of locations) args.push('--location', String(l));
  for (const r of roles) args.push('--role', r);
  const out = cli(...args, { input: `${PASSWORD}\n` });
  if (out.status !== 0) throw new Error(`user add failed: ${out.stderr}`);
  const m = out.stdout.match(/secret=([A-Z2-7]+)/);
  return { username, password: PASSWORD, secret: m ? m[1] : '', nextStep: Math.floor(Date.now() / 30000) };
}

/**
 * Signs `user` in and returns a session {cookie, csrf, json, call(method, path, opts)} whose
 * call() sends the cookie and, on state-changing methods, the CSRF token.
 */
export async function signIn(base, user) {
  const body = { username: user.username, password: user.password };
  if (user.secret) {
    // Each code is good once: take the next unused 30-second step (the server accepts ±1 step).
    const now = Math.floor(Date.now() / 30000);
    user.nextStep = Math.max(user.nextStep ?? now, now - 1);
    body.totp = totp(user.secret, user.nextStep++);
  }
  const r = await request(base, 'POST', '/api/v1/session', { body });
  if (r.status !== 200) throw new Error(`sign-in failed: ${r.status} ${r.text}`);
  const cookie = String(r.headers['set-cookie']).split(';')[0];
  const csrf = r.json.csrf_token;
  return {
    cookie, csrf, json: r.json,
    call: (method, path, opts = {}) => {
      const headers = { cookie, ...(opts.headers ?? {}) };
      if (!['GET', 'HEAD'].includes(method) && !('x-csrf-token' in headers)) headers['x-csrf-token'] = csrf;
      return request(base, method, path, { ...opts, headers });
    },
  };
}

/** init + demo (small) + serve + a signed-in manager, for a backend. */
export async function demoServer(kind, patients = 300) {
  const db = freshDatabase(kind);
  let r = cli('init', '--db', db.url);
  if (r.status !== 0) throw new Error(r.stderr);
  r = cli('demo', '--db', db.url, '--patients', String(patients), '--no-users');
  if (r.status !== 0) throw new Error(r.stderr);
  const server = await startServer(db.url);
  const manager = addUser(db.url, ['manager']);
  const session = await signIn(server.base, manager);
  return {
    db, server, base: server.base, manager, session,
    call: session.call,
    close: async () => { await server.stop(); db.drop(); },
  };
}
