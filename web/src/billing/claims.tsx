// SPDX-License-Identifier: AGPL-3.0-or-later
// The claim queue (Billing → Claims): the practice's claims by state with counts (read from the
// server, not counted here), the next step of each state in words, the claims of the chosen state
// 50 to a page (oldest first), and the chosen claim beside them (/billing/claims/:id) with its
// findings and history. Billers select claims to scrub them or put them in a batch, and take in
// the clearinghouse's acknowledgements.
import { useLayoutEffect, useMemo, useState } from "preact/hooks";
import { call } from "../api";
import { Alert, Spinner, useAction } from "../components";
import { linkClick, navigate } from "../router";
import { can, useApp, useLocationInfo } from "../state";
import { AckDialog } from "./claims_ack_dialog";
import { BatchDialog } from "./claims_batch_dialog";
import { ClaimPanel } from "./claims_claim";
import { type Tab, useClaims } from "./claims_data";
import { ClaimsTable } from "./claims_table";
import { type ClaimState, type ClaimSummary, stateHints, stateLabels, stateOrder } from "./claims_types";

/** The states a biller works first: the queue opens on the first of these that has claims. */
const workStates: ClaimState[] = ["scrubbed", "rejected", "draft", "ready"];

export function ClaimsScreen({ id }: { id?: number }) {
  const { user, ref, flash } = useApp();
  const zone = useLocationInfo()?.time_zone ?? "UTC";
  const [tab, setTab] = useState<Tab | null>(null);
  // The queue opens on the first state with work in it, chosen once from the counts: the tab
  // does not jump when a scrub moves the claim being worked on to another state.
  const [search, setSearch] = useState("");
  // The search asked of the server: set on Enter (or the button), cleared with the field.
  const [query, setQuery] = useState("");
  const data = useClaims(tab, (count) => workStates.find((s) => count(s) > 0) ?? "all", query);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [dialog, setDialog] = useState<"batch" | "ack" | null>(null);
  const [progress, setProgress] = useState<string | null>(null);
  const submit = can(user, "claim.submit");

  const shownTab: Tab = data.tab ?? "all";
  const payers = useMemo(() => new Map(ref.payers.map((p) => [p.id, p.name])), [ref.payers]);
  const payerName = (pid: number) => payers.get(pid) ?? `Payer ${pid}`;

  // The page's claims still in the tab (a scrub moves a claim out).
  const rows = useMemo(
    () => data.claims.filter((c) => shownTab === "all" || c.state === shownTab),
    [data.claims, shownTab],
  );

  // "Renders within 100 ms of data arrival": from the tab's page of claims to the frame painted
  // (bench/ui_claims.mjs reads "claims-render").
  useLayoutEffect(() => {
    const t0 = data.arrivedAt.current;
    if (!data.complete || !t0) return;
    data.arrivedAt.current = 0;
    performance.measure("claims-commit", { start: t0, end: performance.now() });
    requestAnimationFrame(() =>
      setTimeout(() => performance.measure("claims-render", { start: t0, end: performance.now() }), 0),
    );
  }, [data.claims, data.complete]);

  const chosen = useMemo(
    () => [...selected].map((cid) => data.known(cid)).filter((c): c is ClaimSummary => !!c),
    [data.claims, selected],
  );
  const readyChosen = chosen.filter((c) => c.state === "ready");
  const toScrub = chosen.filter((c) => c.state !== "ready");

  const [scrubMany, scrubbing] = useAction(async () => {
    const changed: ClaimSummary[] = [];
    let failed = 0;
    for (let k = 0; k < chosen.length; k++) {
      setProgress(`Scrubbing ${k + 1} of ${chosen.length}…`);
      try {
        changed.push((await call<ClaimSummary>("POST", `/claims/${chosen[k].id}/scrub`)).data);
      } catch {
        failed++;
      }
    }
    data.update(changed);
    setSelected(new Set());
    const ready = changed.filter((c) => c.state === "ready").length;
    setProgress(null);
    flash(
      `Scrubbed ${changed.length} claim${changed.length === 1 ? "" : "s"}: ${ready} ready, ${changed.length - ready} with errors` +
        (failed ? `; ${failed} could not be scrubbed` : "") +
        ".",
    );
  });

  const refreshClaims = async (ids: number[]) => {
    if (ids.length > 50) return data.reload();
    const got: ClaimSummary[] = [];
    for (const cid of new Set(ids)) {
      try {
        got.push((await call<ClaimSummary>("GET", `/claims/${cid}`)).data);
      } catch {
        // Gone or not ours: the next reload shows the truth.
      }
    }
    data.update(got);
  };

  const [selectState, selectingState] = useAction(async (state: ClaimState, n: number) => {
    setProgress(`Selecting ${n.toLocaleString("en-US")} claims…`);
    try {
      setSelected(new Set((await data.loadState(state, n)).map((c) => c.id)));
    } finally {
      setProgress(null);
    }
  });

  const tabs: Tab[] = ["all", ...stateOrder.filter((s) => data.count(s) > 0 || workStates.includes(s))];
  const tabTotal = data.count(shownTab);
  return (
    <div class={id ? "claims-layout with-panel" : "claims-layout"}>
      <section class="claims-queue" aria-labelledby="claims-h">
        <div class="toolbar">
          <h2 id="claims-h">Claims</h2>
          <div class="toolbar-controls">
            <a href="/billing/claims/batches" onClick={linkClick}>
              Batches
            </a>
            {submit && (
              <button type="button" onClick={() => setDialog("ack")}>
                Take in acknowledgements
              </button>
            )}
            <button type="button" onClick={data.reload} disabled={!data.counts}>
              Refresh
            </button>
          </div>
        </div>
        {data.error ? (
          <Alert>{data.error}</Alert>
        ) : !data.counts ? (
          <Spinner label="Loading the claims" />
        ) : (
          <>
            <div class="claim-tabs" role="group" aria-label="Claims by state">
              {tabs.map((t) => {
                const n = data.count(t);
                return (
                  <button
                    key={t}
                    type="button"
                    aria-pressed={t === shownTab}
                    data-state={t}
                    onClick={() => {
                      setTab(t);
                      setSelected(new Set());
                    }}
                  >
                    {t === "all" ? "All" : stateLabels[t]} <span class="count">{n.toLocaleString("en-US")}</span>
                  </button>
                );
              })}
            </div>
            <p class="muted" aria-live="polite" data-testid="tab-hint">
              {shownTab === "all"
                ? `${data.count("all").toLocaleString("en-US")} claims, the oldest first.`
                : stateHints[shownTab]}
            </p>
            <div class="claims-filter">
              <form
                class="field search"
                role="search"
                onSubmit={(e) => {
                  e.preventDefault();
                  setQuery(search.trim());
                  setSelected(new Set());
                }}
              >
                <label for="claims-search">Patient or claim number</label>
                <div class="search-row">
                  <input
                    id="claims-search"
                    type="search"
                    value={search}
                    autocomplete="off"
                    placeholder="e.g. Smith, Ja or C1042"
                    onInput={(e) => {
                      const v = (e.currentTarget as HTMLInputElement).value;
                      setSearch(v);
                      if (!v.trim()) setQuery("");
                    }}
                  />
                  <button type="submit">Search</button>
                </div>
              </form>
              {submit && selected.size > 0 && (
                <div class="actions selection" role="group" aria-label="Selected claims">
                  <span>{selected.size} selected</span>
                  {readyChosen.length > 0 && toScrub.length === 0 && (
                    <button type="button" class="primary" onClick={() => setDialog("batch")}>
                      Create a batch of {readyChosen.length}
                    </button>
                  )}
                  <button type="button" onClick={() => void scrubMany()} disabled={scrubbing}>
                    Scrub {chosen.length}
                  </button>
                  <button type="button" class="link" onClick={() => setSelected(new Set())}>
                    Clear the selection
                  </button>
                </div>
              )}
              {submit && shownTab === "ready" && tabTotal > 0 && selected.size < Math.min(tabTotal, 5000) && (
                <button
                  type="button"
                  class="link"
                  disabled={selectingState}
                  onClick={() => void selectState("ready", Math.min(tabTotal, 5000))}
                >
                  Select all {Math.min(tabTotal, 5000).toLocaleString("en-US")} ready claims
                </button>
              )}
            </div>
            {progress && <p role="status">{progress}</p>}
            {!data.complete ? (
              <Spinner label="Loading the claims" />
            ) : (
              <ClaimsTable
                rows={rows}
                page={data.page}
                total={query ? null : tabTotal}
                hasNext={data.hasNext}
                onPage={data.setPage}
                selectable={submit}
                selected={selected}
                setSelected={setSelected}
                payerName={payerName}
                zone={zone}
                openId={id ?? null}
                caption={shownTab === "all" ? "All claims" : `${stateLabels[shownTab]} claims`}
              />
            )}
          </>
        )}
      </section>
      {id && (
        <ClaimPanel
          id={id}
          zone={zone}
          onChanged={data.update}
          onClose={() => {
            navigate("/billing/claims");
            // Back where the biller was: the claim's link in the list.
            setTimeout(() => document.querySelector<HTMLElement>(`a[href="/billing/claims/${id}"]`)?.focus());
          }}
        />
      )}
      {dialog === "batch" && (
        <BatchDialog
          claims={readyChosen}
          onMade={(changed) => {
            data.update(changed);
            setSelected(new Set());
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === "ack" && <AckDialog onTaken={(ids) => void refreshClaims(ids)} onClose={() => setDialog(null)} />}
    </div>
  );
}
