// SPDX-License-Identifier: AGPL-3.0-or-later
// Sending an 835 file as it is (Content-Type application/edi-x12) to POST /api/v1/remittances:
// api.ts's call() sends JSON only. The session cookie, the CSRF token and problem+json work as
// there; a 401 lets call() get a new session (the sign-in dialog) and the file is sent once more.
import { ApiError, type FieldError, get } from "../api";
import type { PostingReport } from "./era_types";

// The key under which api.ts keeps the session's CSRF token (setCsrf).
const csrfKey = "medoffice.csrf";

async function send(body: string, dryRun: boolean): Promise<Response> {
  const headers: Record<string, string> = {
    Accept: "application/json",
    "Content-Type": "application/edi-x12",
  };
  const csrf = localStorage.getItem(csrfKey);
  if (csrf) headers["X-CSRF-Token"] = csrf;
  try {
    return await fetch(`/api/v1/remittances${dryRun ? "?dry_run=true" : ""}`, {
      method: "POST",
      headers,
      body,
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(0, "Network error", "The server cannot be reached. Check the connection and try again.");
  }
}

/** Previews (dryRun) or posts the 835 `body`; ApiError with the server's problem otherwise. */
export async function postRemittance(body: string, dryRun: boolean): Promise<PostingReport> {
  let res = await send(body, dryRun);
  if (res.status === 401) {
    // call() behind get() signs in again (or fails with the 401), then the file goes again.
    await get("/session");
    res = await send(body, dryRun);
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (res.ok) return json as PostingReport;
  const p = (json ?? {}) as { title?: string; detail?: string; errors?: FieldError[] };
  throw new ApiError(res.status, p.title ?? res.statusText, p.detail ?? "", p.errors ?? []);
}
