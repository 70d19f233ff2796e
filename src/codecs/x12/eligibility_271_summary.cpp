// SPDX-License-Identifier: AGPL-3.0-or-later
// summarize(): the front desk's reading of one member's 271.
#include <string>

#include "codecs/x12/eligibility_271.hpp"

namespace medoffice::codecs::x12 {

namespace {

// Lower is better. The network flag decides first because a payer sends the same benefit
// twice, in and out of network, differing only by EB12 (X12-NOTES §4.2); among equals an EB
// that names the service type beats one that names none.
int rank(const Benefit271& b, std::string_view serviceType) {
  int network = 2;
  if (b.inNetwork == "Y") network = 0;
  if (b.inNetwork == "W") network = 1;
  if (b.inNetwork == "N") network = 3;
  const bool named = !b.serviceTypes.empty() && b.covers(serviceType);
  return network * 2 + (named ? 0 : 1);
}

bool isFamily(const Benefit271& b) {
  return b.coverageLevel == "FAM";
}

// Time periods that state a total rather than what is left: 22 service year, 23 calendar
// year, 24 year to date, 25 contract, 26 episode, 32 lifetime; none stated counts as a total.
bool isRemaining(const Benefit271& b) {
  return b.timePeriod == "29";
}

struct Pick {
  const Benefit271* benefit = nullptr;
  int rank = 0;
  void offer(const Benefit271& b, int r) {
    if (benefit == nullptr || r < rank) {
      benefit = &b;
      rank = r;
    }
  }
};

BenefitFigures figures(const Subscriber271& m, std::string_view serviceType) {
  Pick copay;
  Pick coinsurance;
  Pick deductible[2][2];  // [family][remaining]
  for (const Benefit271& b : m.benefits) {
    if (!b.covers(serviceType)) continue;
    const int r = rank(b, serviceType);
    const std::string& code = b.information.code;
    if (code == "B" && b.amountCents) copay.offer(b, r);
    if (code == "A" && b.percentBasisPoints) coinsurance.offer(b, r);
    if (code == "C" && b.amountCents) {
      deductible[isFamily(b) ? 1 : 0][isRemaining(b) ? 1 : 0].offer(b, r);
    }
  }
  BenefitFigures f;
  f.serviceType = std::string(serviceType);
  if (copay.benefit) {
    f.copayCents = copay.benefit->amountCents;
    f.copayNetwork = copay.benefit->inNetwork;
  }
  if (coinsurance.benefit) f.coinsuranceBasisPoints = coinsurance.benefit->percentBasisPoints;
  if (auto* b = deductible[0][0].benefit) f.deductibleCents = b->amountCents;
  if (auto* b = deductible[0][1].benefit) f.deductibleRemainingCents = b->amountCents;
  if (auto* b = deductible[1][0].benefit) f.familyDeductibleCents = b->amountCents;
  if (auto* b = deductible[1][1].benefit) f.familyDeductibleRemainingCents = b->amountCents;
  return f;
}

bool isActiveCode(const std::string& c) {
  return c == "1" || c == "2" || c == "3" || c == "4" || c == "5";
}
bool isInactiveCode(const std::string& c) {
  return c == "6" || c == "7" || c == "8";
}

}  // namespace

std::string_view toString(Coverage c) {
  switch (c) {
    case Coverage::kActive:
      return "active";
    case Coverage::kInactive:
      return "inactive";
    case Coverage::kUnknown:
      break;
  }
  return "unknown";
}

EligibilitySummary summarize(const Subscriber271& member, std::string_view serviceType) {
  EligibilitySummary s;
  bool active = false;
  bool inactive = false;
  for (const Benefit271& b : member.benefits) {
    if (!b.covers("30") && !b.covers(serviceType)) continue;
    if (isActiveCode(b.information.code)) {
      active = true;
      if (s.planName.empty()) s.planName = b.planDescription;
    }
    if (isInactiveCode(b.information.code)) inactive = true;
  }
  if (active) {
    s.coverage = Coverage::kActive;
  } else if (inactive) {
    s.coverage = Coverage::kInactive;
  }
  if (s.planName.empty()) s.planName = member.planNumber;
  s.groupNumber = member.groupNumber;
  s.groupName = member.groupName;
  s.general = figures(member, "30");
  s.visit = serviceType == "30" ? s.general : figures(member, serviceType);
  for (const Rejection271& r : member.rejections) s.rejections.push_back(r.describe());
  return s;
}

}  // namespace medoffice::codecs::x12
