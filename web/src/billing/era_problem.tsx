// SPDX-License-Identifier: AGPL-3.0-or-later
// Why a file was refused whole: balancing errors (422 naming "claim 2 line 1" and the
// difference), a file that is no 835, a file over the server's X12 limit (64 MiB by default,
// named from the 413); each claim named also by its number (CLP01) and each line by its
// procedure, read from the file.
import { ApiError } from "../api";
import { Alert, formatCents } from "../components";
import { amountCents, type EraFile } from "./era_lines";

/** "transaction set 2 claim 3 line 1" → where it points in the file, in words. */
function placeOf(field: string, file: EraFile | null): string {
  const m = /^(?:transaction set (\d+) )?(?:claim (\d+)(?: line (\d+))?|transaction)$/.exec(field);
  if (!m) return field;
  const set = m[1] ? Number(m[1]) - 1 : 0;
  const prefix = m[1] ? `ERA ${m[1]}, ` : "";
  if (!m[2]) return `${prefix || "The "}payment as a whole (BPR against the claims and PLB)`;
  const claim = file?.[set]?.[Number(m[2]) - 1];
  let out = `${prefix}${prefix ? "c" : "C"}laim ${m[2]}${claim ? ` (${claim.claim})` : ""}`;
  if (m[3]) {
    const line = claim?.lines[Number(m[3]) - 1];
    out += `, line ${m[3]}${line ? ` (${line.code})` : ""}`;
  }
  return out;
}

/** " is off by $5.00" from the message's "(difference 5.00)". */
function differenceOf(message: string): string {
  const m = /\(difference (-?\d*\.?\d+)\)/.exec(message);
  if (!m) return "";
  const cents = amountCents(m[1]);
  return Number.isNaN(cents) ? "" : ` is off by ${formatCents(Math.abs(cents))}`;
}

/** "The request body is larger than 67108864 bytes." → "64 MiB" (the limit that applied). */
function limitOf(detail: string): string {
  const m = /larger than (\d+) bytes/.exec(detail);
  if (!m) return "";
  const bytes = Number(m[1]);
  const mib = bytes / (1024 * 1024);
  return mib >= 1 ? `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB` : `${bytes} bytes`;
}

export function EraProblem({ error, file }: { error: unknown; file: EraFile | null }) {
  if (!(error instanceof ApiError)) return <Alert>{String((error as Error)?.message ?? error)}</Alert>;
  if (error.status === 413) {
    const limit = limitOf(error.detail);
    return (
      <Alert>
        The file is larger than the server takes{limit ? ` (${limit})` : ""}. An administrator can raise the limit with{" "}
        <code>medoffice serve --x12-body-limit BYTES</code> (64 MiB by default), or post the file on the server with{" "}
        <code>medoffice era post FILE</code>.
      </Alert>
    );
  }
  const balancing = error.errors.filter((e) => e.message.startsWith("does not balance"));
  if (error.status === 422 && balancing.length > 0) {
    return (
      <div class="alert alert-error era-balance" role="alert" data-testid="era-balancing">
        <p>
          <strong>The file does not balance: nothing of it can be posted.</strong> MedOffice never invents a balancing
          entry. Ask the payer or the clearinghouse for a corrected file.
        </p>
        <ul>
          {balancing.map((e, i) => (
            <li key={i} data-field={e.field}>
              <strong>
                {placeOf(e.field, file)}
                {differenceOf(e.message)}
              </strong>
              : {e.message}
            </li>
          ))}
        </ul>
      </div>
    );
  }
  return (
    <Alert>
      {error.detail || error.title}
      {error.errors.length > 0 && (
        <ul>
          {error.errors.map((e, i) => (
            <li key={i}>
              <strong>{e.field}</strong>: {e.message}
            </li>
          ))}
        </ul>
      )}
    </Alert>
  );
}
