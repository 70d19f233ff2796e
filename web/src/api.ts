// SPDX-License-Identifier: AGPL-3.0-or-later
// The one way the UI talks to the server: JSON over /api/v1 with the session cookie, the CSRF
// token on every state-changing call, problem+json turned into ApiError (with its field errors),
// and ETag/If-Match for edits. A 401 waits for the user to sign in again (the page stays as it
// is) and then repeats the call once.

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    public status: number,
    public title: string,
    public detail: string,
    public errors: FieldError[] = [],
  ) {
    super(detail || title);
  }
  /** The message for one field ("address.postal_code"), if the server named it. */
  field(name: string): string | undefined {
    return this.errors.find((e) => e.field === name)?.message;
  }
}

export interface Reply<T> {
  data: T;
  status: number;
  etag: string | null;
}

// The CSRF token of the session (the cookie itself is HttpOnly). It is shared by the tabs of
// the browser, as the cookie is: a second tab works, and a sign-in in one tab (which ends the
// session the others had) hands them the new token. It is no patient data.
const csrfKey = "medoffice.csrf";

export function setCsrf(token: string) {
  if (token) localStorage.setItem(csrfKey, token);
  else localStorage.removeItem(csrfKey);
}

type Reauth = () => Promise<void>;
let reauth: Reauth | null = null;
/** The app registers how to get a new session when one ends (the sign-in dialog). */
export function onUnauthenticated(fn: Reauth | null) {
  reauth = fn;
}

const activityKey = "medoffice.activity";
let lastActivity = Date.now();
/** When the server last saw this user, from any tab (each call renews the idle timer there). */
export function lastServerActivity() {
  return Math.max(lastActivity, Number(localStorage.getItem(activityKey) ?? 0));
}
function sawServer() {
  lastActivity = Date.now();
  localStorage.setItem(activityKey, String(lastActivity));
}

export interface CallOptions {
  body?: unknown;
  ifMatch?: number | string;
  idempotencyKey?: string;
  query?: Record<string, string | number | boolean | undefined | null | Array<string | number>>;
  signal?: AbortSignal;
}

export function queryString(query: CallOptions["query"]): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === "") continue;
    if (Array.isArray(v)) v.forEach((x) => q.append(k, String(x)));
    else q.append(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : "";
}

export async function call<T = unknown>(
  method: string,
  path: string,
  opts: CallOptions = {},
  retried = false,
): Promise<Reply<T>> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (opts.body !== undefined) headers["Content-Type"] = "application/json";
  const csrf = localStorage.getItem(csrfKey);
  if (method !== "GET" && csrf) headers["X-CSRF-Token"] = csrf;
  if (opts.ifMatch !== undefined) headers["If-Match"] = `"${opts.ifMatch}"`;
  if (opts.idempotencyKey) headers["Idempotency-Key"] = opts.idempotencyKey;
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}${queryString(opts.query)}`, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: "same-origin",
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    throw new ApiError(0, "Network error", "The server cannot be reached. Check the connection and try again.");
  }
  if (res.status !== 401) sawServer();
  const text = await res.text();
  let json: unknown = null;
  if (text && (res.headers.get("Content-Type") ?? "").includes("json")) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (res.ok) return { data: json as T, status: res.status, etag: res.headers.get("ETag") };
  const p = (json ?? {}) as { title?: string; detail?: string; errors?: FieldError[] };
  const err = new ApiError(res.status, p.title ?? res.statusText, p.detail ?? "", p.errors ?? []);
  const signingIn = path === "/session" && method === "POST";
  if (res.status === 401 && !signingIn && !retried && reauth) {
    await reauth();
    return call<T>(method, path, opts, true);
  }
  throw err;
}

export const get = <T>(path: string, query?: CallOptions["query"], signal?: AbortSignal) =>
  call<T>("GET", path, { query, signal }).then((r) => r.data);
export const post = <T>(path: string, body: unknown = {}, opts: CallOptions = {}) =>
  call<T>("POST", path, { ...opts, body }).then((r) => r.data);

/** Every page of a list resource (registry lists are small: locations, providers, payers...). */
export async function listAll<T>(path: string, query: CallOptions["query"] = {}): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: T[]; next_cursor: string | null } = await get(path, {
      ...query,
      limit: 200,
      cursor: cursor ?? undefined,
    });
    out.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor && out.length < 5000);
  return out;
}

/** A random Idempotency-Key (getRandomValues also works outside secure contexts). */
export function newKey(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}
