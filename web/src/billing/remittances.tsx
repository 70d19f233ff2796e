// SPDX-License-Identifier: AGPL-3.0-or-later
// ERA posting (claim.submit): choose or drop an 835, see the preview (a dry run of the posting:
// claims and lines matched, payments, contractual adjustments, patient responsibility, what
// cannot be posted and why, balancing errors, provider adjustments), post it, and see the
// posting report; below, the remittances taken in.
import { useEffect, useRef, useState } from "preact/hooks";
import { Spinner, formatCents, useAction } from "../components";
import { useApp } from "../state";
import { postRemittance } from "./era_api";
import { type EraFile, readEra } from "./era_lines";
import { EraProblem } from "./era_problem";
import { EraReport } from "./era_report";
import type { PostingReport } from "./era_types";
import { type ChosenFile, EraUpload } from "./era_upload";
import { RemittanceList } from "./remittance_list";

type Stage =
  | { at: "choose" }
  | { at: "checking"; file: ChosenFile }
  | { at: "refused"; file: ChosenFile; lines: EraFile | null; error: unknown }
  | { at: "preview"; file: ChosenFile; lines: EraFile | null; report: PostingReport }
  | { at: "posted"; file: ChosenFile; lines: EraFile | null; report: PostingReport };

function sizeText(bytes: number) {
  return bytes < 1024 ? `${bytes} bytes` : `${(bytes / 1024).toFixed(1)} KB`;
}

export function RemittancesScreen() {
  const { flash } = useApp();
  const [stage, setStage] = useState<Stage>({ at: "choose" });
  const [listKey, setListKey] = useState(0);
  const result = useRef<HTMLHeadingElement>(null);

  // The heading of what came back takes the focus, so the keyboard and screen readers follow.
  useEffect(() => {
    if (stage.at !== "choose" && stage.at !== "checking") result.current?.focus();
  }, [stage.at]);

  const [preview] = useAction(async (file: ChosenFile) => {
    setStage({ at: "checking", file });
    const lines = readEra(file.text);
    try {
      setStage({ at: "preview", file, lines, report: await postRemittance(file.text, true) });
    } catch (error) {
      setStage({ at: "refused", file, lines, error });
    }
  });

  const [post, posting] = useAction(async () => {
    if (stage.at !== "preview") return;
    try {
      const report = await postRemittance(stage.file.text, false);
      setStage({ at: "posted", file: stage.file, lines: stage.lines, report });
      const claims = report.posted.length;
      flash(`Posted ${claims} ${claims === 1 ? "claim" : "claims"}, payments ${formatCents(report.payment_cents)}`);
      setListKey((k) => k + 1);
    } catch (error) {
      setStage({ at: "refused", file: stage.file, lines: stage.lines, error });
    }
  });

  const again = () => setStage({ at: "choose" });
  const postable =
    stage.at === "preview" && stage.report.remittances.some((r) => !r.duplicate) && stage.report.remittances.length > 0;

  return (
    <>
      <section aria-labelledby="era-h" class="era-post">
        <h2 id="era-h">Post an ERA (835)</h2>
        {(stage.at === "choose" || stage.at === "refused") && <EraUpload onFile={(f) => void preview(f)} />}
        {stage.at === "checking" && <Spinner label={`Checking ${stage.file.name}`} />}
        {stage.at !== "choose" && stage.at !== "checking" && (
          <div class="era-result">
            <div class="toolbar">
              <h3 ref={result} tabIndex={-1} data-testid="era-stage">
                {stage.at === "refused"
                  ? `${stage.file.name} was not posted`
                  : stage.at === "preview"
                    ? `Preview of ${stage.file.name}: nothing is posted yet`
                    : `Posting report of ${stage.file.name}`}
              </h3>
              <span class="muted small">{sizeText(stage.file.size)}</span>
            </div>
            {stage.at === "refused" && <EraProblem error={stage.error} file={stage.lines} />}
            {(stage.at === "preview" || stage.at === "posted") && <EraReport report={stage.report} />}
            <div class="actions era-actions">
              {stage.at === "preview" && (
                <>
                  <button type="button" onClick={again}>
                    Cancel
                  </button>
                  {postable ? (
                    <button type="button" class="primary" disabled={posting} onClick={() => void post()}>
                      Post {formatCents(stage.report.payment_cents)} to the ledger
                    </button>
                  ) : (
                    <span class="muted">Everything in this file was posted before.</span>
                  )}
                </>
              )}
              {stage.at === "posted" && (
                <button type="button" class="primary" onClick={again}>
                  Post another file
                </button>
              )}
            </div>
          </div>
        )}
      </section>
      <RemittanceList key={listKey} />
    </>
  );
}
