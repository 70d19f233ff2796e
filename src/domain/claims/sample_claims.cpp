// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/claims/sample_claims.hpp"

#include <utility>

namespace medoffice::domain::claims::samples {

namespace {

Date day(int y, int m, int d) {
  return Date::fromYmd(y, m, d).value_or(Date{});
}

}  // namespace

Submitter submitter() {
  return {PartyName::organization("MedOffice Billing"),
          "MEDOFFICE01",
          {"Billing Office", "+15555550100", "billing@example.org"}};
}

Receiver receiver() {
  return {"Clearinghouse", "12345"};
}

BillingProvider billingProvider() {
  BillingProvider b;
  b.name = PartyName::organization("Lakeside Family Practice");
  b.npi = "1245319599";
  b.taxIdKind = TaxIdKind::kEin;
  b.taxId = "12-3456789";
  b.taxonomy = "207Q00000X";
  b.address = {"100 Lake Shore Dr", "Suite 200", "Chicago", "IL", "60611-1234"};
  return b;
}

Payer payer() {
  return {
      "Great Prairies Health", "12345", {"4456 South Shore Blvd", "", "Chicago", "IL", "60615"}};
}

Subscriber subscriber() {
  Subscriber s;
  s.responsibility = PayerResponsibility::kPrimary;
  s.groupNumber = "GRP01020102";
  s.claimFilingIndicator = "CI";
  s.name = PartyName::person("Smith", "Jane", "Q");
  s.memberId = "W123456789";
  s.birthDate = day(1980, 5, 1);
  s.sex = Sex::kFemale;
  s.address = {"236 N Main St", "", "Chicago", "IL", "60614"};
  return s;
}

Patient dependent() {
  Patient p;
  p.relationship = "19";
  p.name = PartyName::person("Smith", "Ted");
  p.birthDate = day(2012, 3, 14);
  p.sex = Sex::kMale;
  p.address = {"236 N Main St", "", "Chicago", "IL", "60614"};
  return p;
}

ProviderRef renderingProvider() {
  return {PartyName::person("Kildare", "Ben"), "1999996667", "207Q00000X"};
}

ServiceLine line(std::string controlNumber, std::string code, std::int64_t cents,
                 std::vector<int> pointers) {
  ServiceLine l;
  l.controlNumber = std::move(controlNumber);
  l.procedureCode = std::move(code);
  l.charge = Money::fromCents(cents);
  l.units = 1;
  l.diagnosisPointers = std::move(pointers);
  l.serviceDate = day(2026, 10, 2);
  return l;
}

Claim claim(std::string pcn) {
  Claim c;
  c.submitter = submitter();
  c.receiver = receiver();
  c.billingProvider = billingProvider();
  c.subscriber = subscriber();
  c.payer = payer();
  c.patientControlNumber = pcn;
  c.placeOfService = "11";
  c.diagnoses = {"J20.9", "R05.1"};
  c.lines.push_back(line(pcn + "-1", "99213", 12500, {1, 2}));
  c.lines.push_back(line(pcn + "-2", "36415", 1250, {1}));
  return c;
}

}  // namespace medoffice::domain::claims::samples
