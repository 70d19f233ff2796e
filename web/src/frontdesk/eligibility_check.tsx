// SPDX-License-Identifier: AGPL-3.0-or-later
// "Check eligibility" for one coverage on a day of service (POST /api/v1/eligibility): the payer's
// answer through the clearinghouse, shown where the desk is (the patient's insurance, the
// check-in dialog): active or not, the plan, the co-pay, the co-insurance and the deductible
// with what is left of it. A rejected, failed or timed-out check is shown inline with its reason
// and never holds anything up: the desk goes on while it waits (docs/workflows/eligibility.md).
import { useEffect, useRef, useState } from "preact/hooks";
import { get, post } from "../api";
import { formatCents, stampIn } from "../components";
import { can, useApp, useLocationInfo } from "../state";

interface Figures {
  service_type: string;
  copay_cents: number | null;
  copay_in_network: boolean | null;
  coinsurance_basis_points: number | null;
  deductible_cents: number | null;
  deductible_remaining_cents: number | null;
}

export interface EligibilityAnswer {
  id: number;
  coverage_id: number;
  service_date: string;
  state: "active" | "inactive" | "rejected" | "failed" | "timed_out";
  reason: string | null;
  cached: boolean;
  checked_at: string;
  elapsed_ms: number;
  summary: {
    coverage: string;
    plan_name: string | null;
    group_number: string | null;
    group_name: string | null;
    payer: { name: string; id: string } | null;
    general: Figures;
    visit: Figures;
    rejections: string[];
  } | null;
}

const stateLabel: Record<EligibilityAnswer["state"], string> = {
  active: "Active",
  inactive: "Not active",
  rejected: "Rejected by the payer",
  failed: "Check failed",
  timed_out: "No answer in time",
};

/** "20%" from basis points (2000), "12.5%" from 1250. */
function percent(bp: number): string {
  return `${(bp / 100).toFixed(bp % 100 ? (bp % 10 ? 2 : 1) : 0)}%`;
}

interface Props {
  coverageId: number;
  serviceDate: string;
  /** The provider the patient sees (the practice asks when there is none). */
  providerId?: number;
  /** "Check eligibility" names what it checks for screen readers ("Blue Cross, primary"). */
  label: string;
  /** Check at once (the desk asked for it by opening this). */
  autoStart?: boolean;
  /** At check-in: take the co-pay the payer states as today's co-pay. */
  onCopay?: (cents: number) => void;
}

/** The button and the answer, for a coverage on a day. */
export function EligibilityCheck({ coverageId, serviceDate, providerId, label, autoStart, onCopay }: Props) {
  const { user } = useApp();
  const zone = useLocationInfo()?.time_zone ?? "UTC";
  const mayCheck = can(user, "patient.write");
  const [answer, setAnswer] = useState<EligibilityAnswer | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ctl = useRef<AbortController | null>(null);

  // The day's answer may be known already (the evening batch run, or an earlier check); asked
  // for at once, the server answers a known one from its day's cache.
  useEffect(() => {
    if (autoStart && mayCheck) {
      void check(false);
      return () => ctl.current?.abort();
    }
    const c = new AbortController();
    get<{ items: EligibilityAnswer[] }>("/eligibility", { coverage_id: coverageId, limit: 5 }, c.signal)
      .then((r) => {
        const today = r.items.find((x) => x.service_date === serviceDate);
        if (today) setAnswer((a) => a ?? today);
      })
      .catch(() => undefined);
    return () => {
      c.abort();
      ctl.current?.abort();
    };
  }, [coverageId, serviceDate]);

  const check = async (refresh: boolean) => {
    ctl.current?.abort();
    const c = new AbortController();
    ctl.current = c;
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, unknown> = { coverage_id: coverageId, service_date: serviceDate, service_type: "98" };
      if (providerId) body.provider_id = providerId;
      if (refresh) body.refresh = true;
      setAnswer(await post<EligibilityAnswer>("/eligibility", body, { signal: c.signal }));
    } catch (e) {
      if ((e as Error).name !== "AbortError") setError((e as Error).message);
    } finally {
      if (ctl.current === c) setBusy(false);
    }
  };

  return (
    <div class="eligibility" data-testid="eligibility">
      {mayCheck && (
        <button type="button" class="small" disabled={busy} onClick={() => void check(!!answer)}>
          {answer ? "Check again" : "Check eligibility"}
          <span class="sr-only"> of {label}</span>
        </button>
      )}
      <div aria-live="polite">
        {busy && (
          <p class="muted small" role="status">
            Asking the payer… check-in does not wait for the answer.
          </p>
        )}
        {error && (
          <p class="elig-result elig-failed" data-testid="eligibility-result" data-state="error">
            <strong>Check failed:</strong> {error}
          </p>
        )}
        {answer && !busy && !error && <EligibilityResult answer={answer} zone={zone} onCopay={onCopay} />}
      </div>
    </div>
  );
}

export function EligibilityResult({
  answer: a,
  zone,
  onCopay,
}: {
  answer: EligibilityAnswer;
  zone: string;
  onCopay?: (cents: number) => void;
}) {
  const s = a.summary;
  const when = `${a.cached ? "answer from " : ""}${stampIn(zone, a.checked_at)}`;
  if (a.state !== "active") {
    const advice =
      a.state === "inactive"
        ? "The payer says this coverage is not in force that day: ask for another card."
        : a.state === "timed_out"
          ? "Try again later; the visit goes on."
          : a.state === "failed"
            ? "The desk can go on; try again later or call the payer."
            : "Correct the coverage and check again.";
    return (
      <div class={`elig-result elig-${a.state}`} data-testid="eligibility-result" data-state={a.state}>
        <p>
          <strong>{stateLabel[a.state]}</strong> for {a.service_date}
          {a.reason ? `: ${a.reason}` : ""}
        </p>
        <p class="small">
          {advice} <span class="muted">({when})</span>
        </p>
      </div>
    );
  }
  const copay = s?.visit.copay_cents ?? s?.general.copay_cents ?? null;
  const outOfNetwork = (s?.visit.copay_cents != null ? s.visit : s?.general)?.copay_in_network === false;
  const g = s?.general;
  return (
    <div class="elig-result elig-active" data-testid="eligibility-result" data-state="active">
      <p>
        <strong>Active</strong> for {a.service_date}
        {s?.plan_name ? ` · ${s.plan_name}` : ""}
        {s?.group_number ? ` · group ${s.group_number}` : ""} <span class="muted small">({when})</span>
      </p>
      <dl class="benefits">
        <dt>Co-pay</dt>
        <dd>
          <span data-testid="elig-copay">
            {copay === null ? "not stated" : formatCents(copay)}
            {copay !== null && outOfNetwork ? " (out of network)" : ""}
          </span>
          {copay !== null && copay > 0 && onCopay && (
            <>
              {" "}
              <button type="button" class="link" onClick={() => onCopay(copay)}>
                Take it as today’s co-pay
              </button>
            </>
          )}
        </dd>
        <dt>Co-insurance</dt>
        <dd data-testid="elig-coinsurance">
          {g?.coinsurance_basis_points != null ? percent(g.coinsurance_basis_points) : "not stated"}
        </dd>
        <dt>Deductible</dt>
        <dd data-testid="elig-deductible">
          {g?.deductible_cents != null ? formatCents(g.deductible_cents) : "not stated"}
          {g?.deductible_remaining_cents != null ? `, ${formatCents(g.deductible_remaining_cents)} remaining` : ""}
        </dd>
      </dl>
    </div>
  );
}
