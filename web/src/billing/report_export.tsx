// SPDX-License-Identifier: AGPL-3.0-or-later
// A report's files: the server writes the CSV and the XLSX workbook of every report (asked for
// with the Accept header, so a plain link cannot ask for them); the file is fetched and handed to
// the browser as a download under the server's file name. Each export is audited by the server.
import { useState } from "preact/hooks";
import { ApiError, type CallOptions, queryString } from "../api";
import { Alert, useAction } from "../components";

const types = {
  csv: "text/csv",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
} as const;

async function download(path: string, query: CallOptions["query"], kind: keyof typeof types) {
  const res = await fetch(`/api/v1${path}${queryString(query)}`, {
    headers: { Accept: types[kind] },
    credentials: "same-origin",
  });
  if (!res.ok) {
    const p = (await res.json().catch(() => ({}))) as { title?: string; detail?: string };
    throw new ApiError(res.status, p.title ?? res.statusText, p.detail ?? "");
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get("Content-Disposition") ?? "")?.[1] ?? `report.${kind}`;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "Download CSV" and "Download XLSX" for the report at `path` with `query` (as shown). */
export function ExportButtons({ path, query, what }: { path: string; query: CallOptions["query"]; what: string }) {
  const [error, setError] = useState<string | null>(null);
  const [get, busy] = useAction(async (kind: keyof typeof types) => {
    try {
      setError(null);
      await download(path, query, kind);
    } catch (e) {
      setError(`The ${kind.toUpperCase()} file could not be made: ${(e as Error).message}`);
    }
  });
  return (
    <div class="export" role="group" aria-label={`Export the ${what}`}>
      <button type="button" disabled={busy} onClick={() => void get("csv")}>
        Download CSV
      </button>
      <button type="button" disabled={busy} onClick={() => void get("xlsx")}>
        Download XLSX
      </button>
      {error && <Alert>{error}</Alert>}
    </div>
  );
}
