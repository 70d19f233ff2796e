// SPDX-License-Identifier: AGPL-3.0-or-later
// The mapping layer generates plain SQL from each table's declaration. These tests pin that SQL
// for tables of each kind, so that a change to the generator shows up in review as text.
#include "storage/sql/table.hpp"

#include <gtest/gtest.h>

#include "storage/sql/payment_repository.hpp"
#include "storage/sql/registry_repository.hpp"

namespace medoffice::storage {
namespace {

TEST(Table, GeneratesTheStatementsOfAVersionedOrganizationTable) {
  const auto& t = locationTable();
  const std::string cols =
      "id, organization_id, name, addr_line1, addr_line2, addr_city, addr_state, "
      "addr_postal_code, place_of_service, time_zone, phone, active, version, created_at, "
      "updated_at";
  EXPECT_EQ(t.selectList(), cols);
  EXPECT_EQ(t.columnCount(), 15u);
  EXPECT_EQ(t.statements(),
            (std::vector<std::string>{
                "SELECT " + cols + " FROM locations WHERE id = ? AND organization_id = ?",
                "SELECT " + cols +
                    " FROM locations WHERE organization_id = ? AND id > ? AND active = 1 ORDER BY "
                    "id LIMIT ?",
                "SELECT " + cols +
                    " FROM locations WHERE organization_id = ? AND id > ? ORDER BY id LIMIT ?",
                "INSERT INTO locations (name, addr_line1, addr_line2, addr_city, addr_state, "
                "addr_postal_code, place_of_service, time_zone, phone, active, organization_id, "
                "version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, "
                "?)",
                "UPDATE locations SET name = ?, addr_line1 = ?, addr_line2 = ?, addr_city = ?, "
                "addr_state = ?, addr_postal_code = ?, place_of_service = ?, time_zone = ?, phone "
                "= ?, active = ?, version = version + 1, updated_at = ? WHERE id = ? AND "
                "organization_id = ? AND version = ? RETURNING " +
                    cols,
                "UPDATE locations SET active = ?, version = version + 1, updated_at = ? WHERE id "
                "= ? AND organization_id = ? AND version = ? RETURNING " +
                    cols,
                "SELECT 1 FROM locations WHERE id = ? AND organization_id = ?",
            }));
}

TEST(Table, TheOrganizationsTableIsScopedByItsOwnId) {
  const auto& t = organizationTable();
  EXPECT_EQ(t.statements().front(),
            "SELECT " + t.selectList() + " FROM organizations WHERE id = ?");
  EXPECT_EQ(t.selectList().rfind("id, legal_name, ", 0), 0u);
}

TEST(Table, AnInsertOnlyTableHasNoVersionAndRefusesUpdates) {
  struct Entry {
    domain::PaymentId id;
    domain::OrganizationId organizationId;
    std::int64_t cents = 0;
    domain::RecordMeta meta;
  };
  const Table<Entry> t({
      .table = "ledger_entries",
      .noun = "ledger entry",
      .cursorKind = "led",
      .columns = {"amount_cents"},
      .read = [](Reader& r, Entry& e) { e.cents = r.i64(); },
      .write = [](Params& p, const Entry& e) { p.push_back(sqlInt(e.cents)); },
      .versioning = Versioning::kInsertOnly,
  });
  EXPECT_EQ(t.selectList(), "id, organization_id, amount_cents, created_at");
  const auto s = t.statements();
  EXPECT_EQ(s[3],
            "INSERT INTO ledger_entries (amount_cents, organization_id, created_at) VALUES (?, ?, "
            "?)");
  EXPECT_EQ(s[4], "");  // no UPDATE for an insert-only table
  // A row decodes with created_at as both timestamps and version 1.
  Row row({std::int64_t{7}, std::int64_t{3}, std::int64_t{-1250}, std::int64_t{1'700'000'000}});
  const Entry e = t.decode(row);
  EXPECT_EQ(e.id.value, 7);
  EXPECT_EQ(e.organizationId.value, 3);
  EXPECT_EQ(e.cents, -1250);
  EXPECT_EQ(e.meta.version, 1);
  EXPECT_EQ(e.meta.createdAt.micros(), 1'700'000'000);
}

TEST(Table, ReadsAreTheInverseOfWrites) {
  // What write() appends, placed in a row as the select list orders it, reads back the same.
  domain::Payment p;
  p.id = domain::PaymentId(9);
  p.organizationId = domain::OrganizationId(2);
  p.patientId = domain::PatientId(5);
  p.amount = domain::Money::fromCents(2500);
  p.method = domain::PaymentMethod::kCard;
  p.reference = "4242";
  p.receiptNumber = "R-000001";
  p.receivedAt = domain::Instant::fromMicros(1'790'000'000'000'000);
  p.receivedBy = 42;
  Params values;
  paymentTable().spec().write(values, p);
  std::vector<SqlValue> cells{std::int64_t{9}, std::int64_t{2}};
  cells.insert(cells.end(), values.begin(), values.end());
  // The read-only columns (the ledger keeps them), then version and timestamps.
  cells.insert(cells.end(), {std::int64_t{7}, std::int64_t{300}});
  cells.insert(cells.end(), {std::int64_t{1}, std::int64_t{10}, std::int64_t{10}});
  const auto back = paymentTable().decode(Row(cells));
  EXPECT_EQ(back.patientId, p.patientId);
  EXPECT_FALSE(back.appointmentId.valid());  // NULL reads as unset
  EXPECT_EQ(back.amount.cents(), 2500);
  EXPECT_EQ(back.method, domain::PaymentMethod::kCard);
  EXPECT_EQ(back.reference, "4242");
  EXPECT_EQ(back.receiptNumber, "R-000001");
  EXPECT_EQ(back.receivedAt, p.receivedAt);
  EXPECT_EQ(back.receivedBy, 42);
  EXPECT_EQ(back.accountId, domain::GuarantorAccountId(7));
  EXPECT_EQ(back.unallocated.cents(), 300);
  EXPECT_EQ(back.meta.version, 1);
}

}  // namespace
}  // namespace medoffice::storage
