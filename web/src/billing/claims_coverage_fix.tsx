// SPDX-License-Identifier: AGPL-3.0-or-later
// A finding about the insurance (member ID, subscriber, relationship) opens the front desk's own
// coverage dialog on the coverage the claim bills, with the finding's field focused.
import { useEffect, useState } from "preact/hooks";
import { get } from "../api";
import { Dialog, Spinner } from "../components";
import { CoverageDialog } from "../frontdesk/coverage_dialog";
import type { Coverage, Patient } from "../types";
import { focusLabelled, topDialog } from "./claims_fix";

export function CoverageFix(p: {
  patientId: number;
  coverageId: number;
  label: string;
  onSaved: () => void;
  onClose: () => void;
}) {
  const [loaded, setLoaded] = useState<{ patient: Patient; coverage: Coverage } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    Promise.all([get<Patient>(`/patients/${p.patientId}`), get<Coverage>(`/coverages/${p.coverageId}`)])
      .then(([patient, coverage]) => setLoaded({ patient, coverage }))
      .catch((e) => setError((e as Error).message));
  }, [p.patientId, p.coverageId]);
  useEffect(() => {
    // The dialog opens (showModal) in its own effect: focus the field once it is up.
    if (loaded) setTimeout(() => focusLabelled(topDialog(), p.label));
  }, [loaded]);
  if (!loaded)
    return (
      <Dialog title="Edit coverage" onClose={p.onClose}>
        {error ? <p role="alert">{error}</p> : <Spinner />}
      </Dialog>
    );
  return <CoverageDialog patient={loaded.patient} coverage={loaded.coverage} onSaved={p.onSaved} onClose={p.onClose} />;
}
