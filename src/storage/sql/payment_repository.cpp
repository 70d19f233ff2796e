// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/sql/payment_repository.hpp"

namespace medoffice::storage {

const Table<domain::Payment>& paymentTable() {
  static const Table<domain::Payment> table({
      .table = "payments",
      .noun = "payment",
      .cursorKind = "pay",
      .columns = {"patient_id", "appointment_id", "location_id", "coverage_id", "amount_cents",
                  "method", "reference", "kind", "receipt_number", "received_at", "received_by",
                  "posted"},
      .readOnlyColumns = {"account_id", "unallocated_cents"},
      .read =
          [](Reader& r, domain::Payment& p) {
            p.patientId = r.id<domain::PatientId>();
            p.appointmentId = r.id<domain::AppointmentId>();
            p.locationId = r.id<domain::LocationId>();
            p.coverageId = r.id<domain::CoverageId>();
            p.amount = domain::Money::fromCents(r.i64());
            p.method = domain::parsePaymentMethod(r.text()).value_or(domain::PaymentMethod::kOther);
            p.reference = r.text();
            p.kind = r.text();
            p.receiptNumber = r.text();
            p.receivedAt = r.instant();
            p.receivedBy = r.i64();
            p.posted = r.boolean();
            p.accountId = r.id<domain::GuarantorAccountId>();
            p.unallocated = domain::Money::fromCents(r.i64());
          },
      .write =
          [](Params& ps, const domain::Payment& p) {
            append(ps, sqlInt(p.patientId.value), optionalId(p.appointmentId.value),
                   optionalId(p.locationId.value), optionalId(p.coverageId.value),
                   sqlInt(p.amount.cents()), std::string(domain::toString(p.method)), p.reference,
                   p.kind, p.receiptNumber, sqlInt(p.receivedAt.micros()), sqlInt(p.receivedBy),
                   sqlBool(p.posted));
          },
  });
  return table;
}

Result<domain::Payment> SqlPayments::insert(const domain::Payment& p, domain::Instant now) {
  return paymentTable().insert(c_, p, now);
}

std::optional<domain::Payment> SqlPayments::get(domain::OrganizationId org, domain::PaymentId id) {
  return paymentTable().get(c_, org, id.value);
}

std::vector<domain::Payment> SqlPayments::list(domain::OrganizationId org,
                                               domain::PatientId patient,
                                               domain::AppointmentId appointment, int limit) {
  std::string sql = paymentTable().select("WHERE organization_id = ?");
  Params p{sqlInt(org.value)};
  andId(sql, p, "patient_id = ?", patient);
  andId(sql, p, "appointment_id = ?", appointment);
  sql += " ORDER BY received_at DESC, id DESC LIMIT ?";
  p.push_back(sqlInt(std::clamp(limit, 1, 1000)));
  return paymentTable().query(c_, sql, p);
}

}  // namespace medoffice::storage
