// SPDX-License-Identifier: AGPL-3.0-or-later
// A finalised encounter's claims, under its charges: a link to each in the claim queue, and
// "Create claim" (claim.submit, as POST /api/v1/claims needs) while it has none. A 409 (a claim
// for that coverage already lives, made elsewhere meanwhile) reloads the list to link to it.
import { useEffect, useState } from "preact/hooks";
import { ApiError, get, newKey, post } from "../api";
import { Alert } from "../components";
import { linkClick } from "../router";
import { can, useApp } from "../state";
import { type ClaimSummary, stateLabels } from "./claims_types";

export function EncounterClaims({ encounterId }: { encounterId: number }) {
  const { user, flash } = useApp();
  const mayRead = can(user, "billing.read");
  const mayMake = can(user, "claim.submit");
  const [claims, setClaims] = useState<ClaimSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (!mayRead) {
      setClaims([]);
      return;
    }
    const ctl = new AbortController();
    get<{ items: ClaimSummary[] }>("/claims", { encounter_id: encounterId, limit: 50 }, ctl.signal)
      .then((p) => setClaims(p.items))
      .catch((e) => {
        if ((e as Error).name === "AbortError") return;
        // A user limited to some locations may not list claims; they may still make one.
        setClaims([]);
      });
    return () => ctl.abort();
  }, [encounterId, tick, mayRead]);

  if (!mayRead && !mayMake) return null;

  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      const made = await post<ClaimSummary | { items: ClaimSummary[] }>(
        "/claims",
        { encounter_id: encounterId },
        { idempotencyKey: newKey() },
      );
      const list = "items" in made ? made.items : [made];
      setClaims(list);
      flash(list.length === 1 ? `Claim ${list[0].patient_control_number} created` : `${list.length} claims created`);
      setTimeout(() => document.querySelector<HTMLElement>(".encounter-claims a")?.focus());
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) setTick((t) => t + 1);
      setError(e instanceof ApiError ? e.detail || e.title : (e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="encounter-claims" aria-labelledby="encounter-claims-h" data-testid="encounter-claims">
      <h3 id="encounter-claims-h">Claim</h3>
      {error && <Alert>{error}</Alert>}
      {claims === null ? (
        <p>Looking for its claim…</p>
      ) : claims.length > 0 ? (
        <ul>
          {claims.map((c) => (
            <li key={c.id} data-claim={c.patient_control_number}>
              <a href={`/billing/claims/${c.id}`} onClick={linkClick}>
                Claim {c.patient_control_number} in the claim queue
              </a>{" "}
              ({c.responsibility}, {stateLabels[c.state] ?? c.state})
            </li>
          ))}
        </ul>
      ) : mayMake ? (
        <button type="button" class="primary" disabled={busy} onClick={() => void create()}>
          {busy ? "Creating the claim…" : "Create claim"}
        </button>
      ) : (
        <p>No claim has been made for this encounter yet.</p>
      )}
    </section>
  );
}
