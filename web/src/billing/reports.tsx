// SPDX-License-Identifier: AGPL-3.0-or-later
// Reports (report.read): AR aging, the day sheet, collections by payer, each with a chart, the
// same figures in a table and its CSV and XLSX; and the scheduling metrics (no-show rate,
// utilisation, wait from arrival to roomed) for those who may also read the schedule. One
// report per sub-tab at /billing/reports/<report>.
import { Alert } from "../components";
import { linkClick } from "../router";
import { can, useApp } from "../state";
import { AgingReportView } from "./reports_aging";
import { CollectionsView } from "./reports_collections";
import { DaySheetView } from "./reports_day_sheet";
import { SchedulingView } from "./reports_scheduling";
import { reportKinds } from "./report_types";

export function ReportsScreen({ which }: { which: string }) {
  const { user } = useApp();
  const shown = reportKinds.filter((k) => k.key !== "scheduling" || can(user, "schedule.read"));
  const kind = shown.find((k) => k.key === which);
  return (
    <>
      <nav aria-label="Reports" class="tabs subtabs">
        <ul>
          {shown.map((k) => (
            <li key={k.key}>
              <a
                href={`/billing/reports/${k.key}`}
                onClick={linkClick}
                aria-current={k.key === which ? "page" : undefined}
              >
                {k.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {!kind && <Alert>There is no such report.</Alert>}
      {kind?.key === "ar-aging" && <AgingReportView />}
      {kind?.key === "day-sheet" && <DaySheetView />}
      {kind?.key === "collections" && <CollectionsView />}
      {kind?.key === "scheduling" && <SchedulingView />}
    </>
  );
}
