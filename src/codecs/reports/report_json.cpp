// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/reports/report_json.hpp"

#include "codecs/json/billing_json.hpp"

namespace medoffice::codecs {

namespace bill = app::billing;

void write(JsonWriter& w, const domain::Aging& a) {
  w.beginObject();
  for (std::size_t k = 0; k < domain::kAgingBuckets; ++k) {
    w.member(domain::bucketKey(static_cast<domain::AgingBucket>(k)), a.buckets[k].cents());
  }
  w.endObject();
}

namespace {

std::string_view byName(bill::AgingBy by) {
  switch (by) {
    case bill::AgingBy::kPayer:
      return "payer";
    case bill::AgingBy::kAccount:
      return "account";
    case bill::AgingBy::kTotal:
      break;
  }
  return "";
}

void writeTotals(JsonWriter& w, const bill::MoneyTotals& t) {
  w.member("charges_cents", t.charges.cents())
      .member("payments_cents", t.payments().cents())
      .member("insurance_payments_cents", t.insurancePayments.cents())
      .member("patient_payments_cents", t.patientPayments.cents())
      .member("adjustments_cents", t.adjustments().cents())
      .member("contractual_adjustments_cents", t.contractualAdjustments.cents())
      .member("write_offs_cents", t.writeOffs.cents())
      .member("refunds_cents", t.refunds.cents())
      .member("transfers_cents", t.transfers.cents())
      .member("entries", t.entries);
}

void writeNamed(JsonWriter& w, std::string_view key, std::string_view idKey,
                const std::vector<bill::NamedTotals>& rows) {
  w.key(key).beginArray();
  for (const auto& r : rows) {
    w.beginObject().member(idKey, r.id).member("name", r.name);
    writeTotals(w, r.totals);
    w.endObject();
  }
  w.endArray();
}

}  // namespace

std::string toJson(const bill::AgingReport& r) {
  JsonWriter w;
  w.beginObject().member("as_of", r.asOf.toString());
  if (r.by != bill::AgingBy::kTotal) w.member("by", byName(r.by));
  w.key("buckets");
  write(w, r.total);
  w.member("total_cents", r.total.total().cents());
  if (r.by != bill::AgingBy::kTotal) {
    w.key("rows").beginArray();
    for (const auto& row : r.rows) {
      w.beginObject();
      if (r.by == bill::AgingBy::kPayer) {
        w.member("payer_id", row.id).member("payer", row.name);
      } else {
        w.member("account_id", row.id)
            .member("account", row.name)
            .member("insurance_cents", row.insurance.cents())
            .member("patient_cents", row.patient.cents());
      }
      w.key("buckets");
      write(w, row.aging);
      w.member("total_cents", row.aging.total().cents()).endObject();
    }
    w.endArray();
    if (r.by == bill::AgingBy::kAccount) w.key("next_cursor").optional(r.nextCursor);
  }
  w.endObject();
  return w.take();
}

std::string toJson(const bill::DaySheet& d) {
  JsonWriter w;
  w.beginObject().member("date", d.date.toString());
  writeTotals(w, d.totals);
  writeNamed(w, "by_provider", "provider_id", d.byProvider);
  writeNamed(w, "by_location", "location_id", d.byLocation);
  w.key("deposits").beginArray();
  for (const auto& dep : d.deposits) {
    w.beginObject()
        .member("method", dep.method)
        .member("amount_cents", dep.amount.cents())
        .member("count", dep.count)
        .endObject();
  }
  w.endArray().member("deposit_total_cents", d.depositTotal.cents()).endObject();
  return w.take();
}

std::string toJson(const bill::Collections& c) {
  JsonWriter w;
  w.beginObject().member("from", c.from.toString()).member("to", c.to.toString());
  writeTotals(w, c.totals);
  writeNamed(w, "by_payer", "payer_id", c.byPayer);
  w.endObject();
  return w.take();
}

std::string toJson(const bill::AccountLedger& l) {
  JsonWriter w;
  w.beginObject()
      .member("account_id", l.account.id.value)
      .member("account", l.account.displayName())
      .member("balance_cents", l.balance.cents())
      .key("entries")
      .beginArray();
  for (const auto& line : l.lines) {
    w.beginObject().key("entry");
    write(w, line.entry);
    w.member("change_cents", line.change.cents())
        .member("balance_cents", line.balance.cents())
        .endObject();
  }
  w.endArray().endObject();
  return w.take();
}

void write(JsonWriter& w, const app::StatementRun& run) {
  const double ratio = run.total > 0 ? static_cast<double>(std::min(run.done, run.total)) /
                                           static_cast<double>(run.total)
                                     : 1.0;
  w.beginObject().member("id", run.id.value).member("cycle_key", run.cycleKey).key("cycle_day");
  if (run.cycleDay) {
    w.value(*run.cycleDay);
  } else {
    w.null();
  }
  w.member("statement_date", run.statementDate.toString())
      .member("min_balance_cents", run.minBalance.cents())
      .member("status", run.status)
      .member("accounts_total", run.total)
      .member("accounts_done", run.done)
      .member("progress_percent",
              static_cast<std::int64_t>(run.status == "done" ? 100 : ratio * 100.0))
      .member("statements", run.statements)
      .member("amount_due_cents", run.amountDue.cents())
      .member("started_at", run.startedAt.toString())
      .key("finished_at");
  if (run.finishedAt) {
    w.value(run.finishedAt->toString());
  } else {
    w.null();
  }
  w.member("version", run.meta.version).endObject();
}

void write(JsonWriter& w, const domain::Statement& s, bool withLines) {
  w.beginObject()
      .member("id", s.id.value)
      .member("run_id", s.runId.value)
      .member("account_id", s.accountId.value)
      .member("statement_number", s.statementNumber)
      .member("statement_date", s.statementDate.toString())
      .member("due_date", s.dueDate.toString())
      .member("guarantor", s.guarantorName)
      .member("amount_due_cents", s.amountDue.cents())
      .member("patient_due_cents", s.patientDue.cents())
      .member("insurance_pending_cents", s.insurancePending.cents())
      .member("credit_cents", s.credit.cents())
      .key("aging");
  write(w, s.aging);
  w.member("oldest_days", s.oldestDays);
  if (withLines) {
    w.key("mailing_address").beginArray();
    for (const auto& l : s.guarantorAddress) w.value(l);
    w.endArray().member("message", s.message).key("lines").beginArray();
    for (const auto& l : s.lines) {
      w.beginObject()
          .member("line_id", l.lineId.value)
          .member("patient", l.patientName)
          .member("date_of_service", l.dateOfService.toString())
          .member("description", l.description)
          .member("charge_cents", l.charge.cents())
          .member("insurance_paid_cents", l.insurancePaid.cents())
          .member("adjustment_cents", l.adjustments.cents())
          .member("patient_paid_cents", l.patientPaid.cents())
          .member("insurance_pending_cents", l.insurancePending.cents())
          .member("patient_due_cents", l.patientDue.cents())
          .endObject();
    }
    w.endArray();
  }
  w.member("created_at", s.meta.createdAt.toString()).endObject();
}

}  // namespace medoffice::codecs
