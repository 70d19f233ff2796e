// SPDX-License-Identifier: AGPL-3.0-or-later
// A batch's file: download the 837P, or send it through the clearinghouse's transport (sending
// again is safe: a file already there with the same bytes is left alone). Needs claim.submit.
import { useState } from "preact/hooks";
import { ApiError, call } from "../api";
import { Alert, useAction } from "../components";
import type { ClaimBatch } from "./claims_types";

export function BatchActions({ batch, onSent }: { batch: ClaimBatch; onSent: (b: ClaimBatch) => void }) {
  const [result, setResult] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [send, busy] = useAction(async () => {
    setResult(null);
    try {
      const r = await call<{ batch: ClaimBatch; already_present: boolean }>("POST", `/claim-batches/${batch.id}/send`);
      onSent(r.data.batch);
      setResult({
        kind: "ok",
        text: r.data.already_present
          ? `The clearinghouse already has ${batch.file_name}; nothing was sent twice.`
          : `Sent ${batch.file_name} to the clearinghouse.`,
      });
    } catch (e) {
      const detail = e instanceof ApiError ? e.detail || e.title : (e as Error).message;
      setResult({ kind: "error", text: `Not sent: ${detail}. Try again when the clearinghouse can be reached.` });
    }
  });
  return (
    <>
      <div class="actions wrap batch-actions">
        <a class="button" href={`/api/v1/claim-batches/${batch.id}/x12`} download={batch.file_name}>
          Download the 837P
        </a>
        <button type="button" onClick={() => void send()} disabled={busy}>
          {busy ? "Sending…" : batch.sent_at ? "Send again" : "Send to the clearinghouse"}
        </button>
      </div>
      {result && <Alert kind={result.kind}>{result.text}</Alert>}
    </>
  );
}
