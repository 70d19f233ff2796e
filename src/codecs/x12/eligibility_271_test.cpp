// SPDX-License-Identifier: AGPL-3.0-or-later
// The 271 reader and summary: golden answers (active with co-pay, co-insurance and deductibles,
// inactive, rejected), the shared 271 samples, malformed input and random damage.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "codecs/x12/eligibility_271.hpp"
#include "codecs/x12/eligibility_test_support.hpp"

namespace medoffice::codecs::x12 {
namespace {

using namespace eligibility_test;

domain::Date ymd(int y, int m, int d) {
  return *domain::Date::fromYmd(y, m, d);
}

Eligibility271 readOne(const std::string& text) {
  const auto r = parse271(text);
  if (!r.ok()) {
    ADD_FAILURE() << r.error().fields.at(0).field << ": " << r.error().fields.at(0).message;
    return {};
  }
  if (r->size() != 1) {
    ADD_FAILURE() << r->size() << " transactions";
    return {};
  }
  return r->front();
}

std::string goldenText(const std::string& name) {
  const std::string text = slurp(golden("271", name));
  EXPECT_FALSE(text.empty()) << golden("271", name) << " is missing";
  return text;
}

std::optional<Problem> problemOf(std::string_view input) {
  Eligibility271Reader r(input);
  while (r.next() != nullptr) {
  }
  return r.problem();
}

TEST(Eligibility271, ActiveAnswerFieldByField) {
  const Eligibility271 a = readOne(goldenText("active.271"));
  EXPECT_EQ(a.reference, "BATCH42");
  EXPECT_EQ(a.created, ymd(2026, 12, 15));
  EXPECT_EQ(a.envelope.transactionControl, "0001");
  ASSERT_EQ(a.sources.size(), 1u);
  EXPECT_EQ(a.sources[0].name, "ACME HEALTH");
  EXPECT_EQ(a.sources[0].id, "ACME01");
  ASSERT_EQ(a.receivers.size(), 1u);
  EXPECT_EQ(a.receivers[0].idQualifier, "XX");
  EXPECT_EQ(a.receivers[0].id, "1234567893");
  ASSERT_EQ(a.members.size(), 1u);
  const Subscriber271& m = a.members[0];
  EXPECT_FALSE(m.dependent);
  EXPECT_EQ(m.trace, "ELIG-0001");  // the trace of the golden subscriber 270
  EXPECT_EQ(m.traceOriginator, "1123456789");
  EXPECT_EQ(a.byTrace("ELIG-0001"), &a.members[0]);
  EXPECT_EQ(a.byTrace("ELIG-9999"), nullptr);
  EXPECT_EQ(m.lastName, "DOE");
  EXPECT_EQ(m.firstName, "JANE");
  EXPECT_EQ(m.memberId, "W123456789");
  EXPECT_EQ(m.birthDate, ymd(1980, 2, 14));
  EXPECT_EQ(m.sex, "F");
  EXPECT_EQ(m.planNumber, "PLAN-77");
  EXPECT_EQ(m.groupNumber, "GRP-5500");
  EXPECT_EQ(m.groupName, "ACME EMPLOYEES");
  EXPECT_EQ(m.planBegin, ymd(2026, 1, 1));
  EXPECT_EQ(m.eligibilityBegin, ymd(2026, 1, 1));
  EXPECT_EQ(m.eligibilityEnd, ymd(2026, 12, 31));
  EXPECT_TRUE(m.rejections.empty());
  ASSERT_EQ(m.benefits.size(), 14u);

  const Benefit271& generic = m.benefits[1];
  EXPECT_EQ(generic.information.code, "1");
  EXPECT_EQ(generic.information.meaning, "active coverage");
  EXPECT_EQ(std::vector<std::string>(generic.serviceTypes.begin(), generic.serviceTypes.end()),
            (std::vector<std::string>{"1", "33", "35", "47", "86", "88", "98", "AL", "MH", "UC"}));
  const Benefit271& copay = m.benefits[2];
  EXPECT_EQ(copay.information.meaning, "co-payment");
  EXPECT_EQ(copay.coverageLevel, "IND");
  EXPECT_EQ(copay.insuranceType, "PR");
  EXPECT_EQ(copay.planDescription, "ACME GOLD PPO");
  EXPECT_EQ(copay.timePeriod, "27");
  EXPECT_EQ(copay.amountCents, 2500);
  EXPECT_EQ(copay.inNetwork, "Y");
  const Benefit271& coins = m.benefits[5];
  EXPECT_EQ(coins.information.code, "A");
  EXPECT_EQ(coins.percentBasisPoints, 2000);
  EXPECT_FALSE(coins.amountCents.has_value());
  EXPECT_EQ(coins.messages, std::vector<std::string>{"CO-INSURANCE APPLIES AFTER THE DEDUCTIBLE"});
  const Benefit271& deductible = m.benefits[7];
  EXPECT_EQ(deductible.amountCents, 150000);
  ASSERT_EQ(deductible.dates.size(), 1u);
  EXPECT_EQ(deductible.dates[0].qualifier, "348");
  EXPECT_EQ(deductible.dates[0].from, ymd(2026, 1, 1));
  EXPECT_EQ(m.benefits[8].amountCents, 112550);
  const Benefit271& limit = m.benefits[12];
  EXPECT_EQ(limit.information.meaning, "limitations");
  EXPECT_EQ(limit.quantityQualifier, "VS");
  EXPECT_EQ(limit.quantityThousandths, 20000);
  EXPECT_EQ(m.benefits[13].information.code, "L");  // its 2120 loop is passed over

  const EligibilitySummary s = summarize(m, "98");
  EXPECT_EQ(s.coverage, Coverage::kActive);
  EXPECT_EQ(toString(s.coverage), "active");
  EXPECT_EQ(s.planName, "ACME GOLD PPO");
  EXPECT_EQ(s.groupNumber, "GRP-5500");
  EXPECT_EQ(s.groupName, "ACME EMPLOYEES");
  EXPECT_EQ(s.general.serviceType, "30");
  EXPECT_EQ(s.general.copayCents, 4000);
  EXPECT_EQ(s.general.copayNetwork, "Y");
  EXPECT_EQ(s.general.coinsuranceBasisPoints, 2000);  // in network (0.2), not 0.4
  EXPECT_EQ(s.general.deductibleCents, 150000);       // in network, not the 4000.00 out
  EXPECT_EQ(s.general.deductibleRemainingCents, 112550);
  EXPECT_EQ(s.general.familyDeductibleCents, 300000);
  EXPECT_EQ(s.general.familyDeductibleRemainingCents, 240000);
  EXPECT_EQ(s.visit.serviceType, "98");
  EXPECT_EQ(s.visit.copayCents, 2500);  // the in-network office visit co-pay, not 60.00
  EXPECT_FALSE(s.visit.coinsuranceBasisPoints.has_value());
  EXPECT_FALSE(s.visit.deductibleCents.has_value());
  EXPECT_TRUE(s.rejections.empty());
}

TEST(Eligibility271, InactiveAnswer) {
  const Eligibility271 a = readOne(goldenText("inactive.271"));
  ASSERT_EQ(a.members.size(), 1u);
  const Subscriber271& m = a.members[0];
  EXPECT_EQ(m.trace, "ELIG-0002");
  EXPECT_EQ(m.memberId, "W987654321");
  EXPECT_EQ(m.eligibilityEnd, ymd(2025, 12, 31));
  ASSERT_EQ(m.benefits.size(), 1u);
  EXPECT_EQ(m.benefits[0].information.meaning, "inactive");
  EXPECT_EQ(m.benefits[0].messages, std::vector<std::string>{"COVERAGE ENDED 12/31/2025"});
  const EligibilitySummary s = summarize(m, "98");
  EXPECT_EQ(s.coverage, Coverage::kInactive);
  EXPECT_FALSE(s.general.copayCents.has_value());
  EXPECT_TRUE(s.planName.empty());
}

TEST(Eligibility271, RejectedSubscriberInPlainEnglish) {
  const Eligibility271 a = readOne(goldenText("rejected.271"));
  ASSERT_EQ(a.members.size(), 1u);
  const Subscriber271& m = a.members[0];
  ASSERT_EQ(m.rejections.size(), 1u);
  const Rejection271& r = m.rejections[0];
  EXPECT_FALSE(r.requestValid);
  EXPECT_EQ(r.loop, "2100C");
  EXPECT_EQ(r.segment, 12u);
  EXPECT_EQ(r.reason.code, "72");
  EXPECT_TRUE(r.reason.known);
  EXPECT_EQ(r.followUp.code, "C");
  EXPECT_EQ(r.describe(),
            "the subscriber (member) id is invalid or missing (72); correct the request and send "
            "it again");
  const EligibilitySummary s = summarize(m, "30");
  EXPECT_EQ(s.coverage, Coverage::kUnknown);
  EXPECT_EQ(s.rejections, std::vector<std::string>{r.describe()});
}

TEST(Eligibility271, CodeTables) {
  for (const char* code :
       {"04", "15", "41", "42", "43", "44", "45", "47", "48", "49", "50", "51",
        "52", "56", "57", "58", "60", "61", "62", "63", "64", "65", "66", "67",
        "68", "69", "70", "71", "72", "73", "74", "75", "76", "77", "78", "79",
        "80", "97", "AA", "AE", "AF", "AG", "AO", "CI", "E8", "IA", "MA", "T4"}) {
    EXPECT_FALSE(rejectReasonMeaning(code).empty()) << code;
  }
  EXPECT_EQ(rejectReasonMeaning("42"), "the payer cannot answer right now; try again later");
  EXPECT_TRUE(rejectReasonMeaning("ZZ").empty());
  for (const char* code : {"C", "N", "P", "R", "S", "W", "X", "Y"}) {
    EXPECT_FALSE(followUpMeaning(code).empty()) << code;
  }
  EXPECT_EQ(benefitMeaning("C"), "deductible");

  // An unknown reason is kept, not refused.
  std::string text = goldenText("rejected.271");
  text.replace(text.find("AAA*N**72*C"), 11, "AAA*Y**Q9*Q");
  const Eligibility271 a = readOne(text);
  ASSERT_EQ(a.members.at(0).rejections.size(), 1u);
  const Rejection271& r = a.members[0].rejections[0];
  EXPECT_TRUE(r.requestValid);
  EXPECT_FALSE(r.reason.known);
  EXPECT_EQ(r.reason.code, "Q9");
  EXPECT_EQ(r.describe(), "a code MedOffice does not know (Q9); follow-up action 'Q'");
}

TEST(Eligibility271, StreamedInSmallChunksGivesTheSameAnswer) {
  const std::string text = goldenText("active.271");
  std::size_t pos = 0;
  AckReadOptions options;
  options.tokenizer.chunkBytes = 7;
  Eligibility271Reader r(
      [&](char* buf, std::size_t cap) -> std::ptrdiff_t {
        const std::size_t n = std::min<std::size_t>({cap, 7, text.size() - pos});
        std::memcpy(buf, text.data() + pos, n);
        pos += n;
        return static_cast<std::ptrdiff_t>(n);
      },
      options);
  const Eligibility271* a = r.next();
  ASSERT_NE(a, nullptr) << (r.problem() ? r.problem()->describe() : "");
  const EligibilitySummary s = summarize(a->members.at(0), "98");
  EXPECT_EQ(s.general.deductibleRemainingCents, 112550);
  EXPECT_EQ(s.visit.copayCents, 2500);
  EXPECT_EQ(r.next(), nullptr);
  EXPECT_FALSE(r.problem().has_value());
}

// The benefits' texts are views into a copy their member keeps: a member copied out alone
// still reads them after the input, the reader and the transaction are gone, over memory and
// over a stream that reuses its buffer.
TEST(Eligibility271, BenefitsOutliveTheInputTheReaderAndTheTransaction) {
  for (const bool streamed : {false, true}) {
    std::optional<Subscriber271> kept;
    {
      std::string text = goldenText("active.271");
      std::size_t pos = 0;
      AckReadOptions options;
      options.tokenizer.chunkBytes = 64;
      auto reader =
          streamed
              ? std::make_unique<Eligibility271Reader>(
                    [&](char* buf, std::size_t cap) -> std::ptrdiff_t {
                      const std::size_t n = std::min<std::size_t>({cap, 64, text.size() - pos});
                      std::memcpy(buf, text.data() + pos, n);
                      pos += n;
                      return static_cast<std::ptrdiff_t>(n);
                    },
                    options)
              : std::make_unique<Eligibility271Reader>(text);
      const Eligibility271* a = reader->next();
      ASSERT_NE(a, nullptr) << streamed;
      kept = a->members.at(0);
      EXPECT_EQ(reader->next(), nullptr);
      std::fill(text.begin(), text.end(), 'x');
    }
    ASSERT_EQ(kept->benefits.size(), 14u) << streamed;
    const Benefit271& generic = kept->benefits[1];
    EXPECT_EQ(std::vector<std::string>(generic.serviceTypes.begin(), generic.serviceTypes.end()),
              (std::vector<std::string>{"1", "33", "35", "47", "86", "88", "98", "AL", "MH", "UC"}))
        << streamed;
    const Benefit271& copay = kept->benefits[2];
    EXPECT_EQ(copay.coverageLevel, "IND") << streamed;
    EXPECT_EQ(copay.insuranceType, "PR") << streamed;
    EXPECT_EQ(copay.planDescription, "ACME GOLD PPO") << streamed;
    EXPECT_EQ(copay.timePeriod, "27") << streamed;
    EXPECT_EQ(copay.inNetwork, "Y") << streamed;
    EXPECT_EQ(kept->benefits[12].quantityQualifier, "VS") << streamed;
    EXPECT_EQ(summarize(*kept, "98").visit.copayCents, 2500) << streamed;
  }
}

TEST(Eligibility271, RefusesMalformedAnswersNamingThePlace) {
  const std::string active = goldenText("active.271");
  struct Case {
    std::string from;
    std::string to;
    std::uint64_t segment;
    std::string id;
    int element;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"*0.2****Y~", "*20%****Y~", 25, "EB", 8, "EB08 '20%' is not a percent"},
      {"*0.2****Y~", "*0.12345****Y~", 25, "EB", 8, "up to 4 decimals"},
      {"*25.00*****Y", "*25.0.0*****Y", 22, "EB", 7, "EB07 '25.0.0' is not an amount"},
      {"HL*3*2*22*0", "HL*3*9*22*0", 9, "HL", 2, "HL02 '9' does not name the open"},
      {"DTP*346*D8*20260101", "DTP*346*D8*20261301", 17, "DTP", 3, "DTP03 '20261301'"},
      {"N3*12 MAIN ST", "CLM*12 MAIN ST", 12, "CLM", 0, "'CLM' does not belong here in a 271"},
      {"VS*20**Y", "VS***Y", 34, "EB", 10, "EB09 and EB10 go together"},
      {"LE*2120~\n", "", 38, "SE", 0, "LE missing"},
      {"BHT*0022*11", "BHT*0022*13", 4, "BHT", 2, "BHT02 '13' is not 11"},
  };
  for (const Case& c : cases) {
    std::string text = active;
    const auto at = text.find(c.from);
    ASSERT_NE(at, std::string::npos) << c.from;
    text.replace(at, c.from.size(), c.to);
    if (c.to.empty()) {  // a removed segment: keep SE01 right
      text.replace(text.find("SE*37*"), 6, "SE*36*");
    }
    const auto p = problemOf(text);
    ASSERT_TRUE(p.has_value()) << "accepted: " << c.to;
    EXPECT_EQ(p->segment, c.segment) << p->describe();
    EXPECT_EQ(p->segmentId, c.id) << p->describe();
    EXPECT_EQ(p->element, c.element) << p->describe();
    EXPECT_NE(p->message.find(c.message), std::string::npos) << p->describe();
  }
}

TEST(Eligibility271, RefusesOtherTransactionsAndKeepsThemApartWhenAsked) {
  std::string text = goldenText("active.271");
  std::string as270 = text;
  as270.replace(as270.find("GS*HB"), 5, "GS*HS");
  as270.replace(as270.find("ST*271"), 6, "ST*270");
  const auto p = problemOf(as270);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->kind, ProblemKind::kVersion);
  EXPECT_NE(p->message.find("is not a 271 eligibility response"), std::string::npos)
      << p->describe();
}

TEST(Eligibility271, SharedSamples) {
  const fs::path dir = sharedDir() / "fixtures" / "x12" / "271";
  if (!fs::exists(dir)) GTEST_SKIP() << dir << " is absent (../shared is not beside the repo)";
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  ASSERT_EQ(names, (std::vector<std::string>{"dependent-health-benefit-check.271",
                                             "subscriber-health-benefit-check-error.271",
                                             "subscriber-health-benefit-check.271"}))
      << "a new 271 sample: add what it must give";

  const Eligibility271 sub = readOne(slurp(dir / "subscriber-health-benefit-check.271"));
  ASSERT_EQ(sub.members.size(), 1u);
  const Subscriber271& john = sub.members[0];
  EXPECT_EQ(john.trace, "93175-012547");
  EXPECT_EQ(john.memberId, "123456789");
  EXPECT_EQ(john.lastName, "SMITH");
  EXPECT_EQ(john.planBegin, ymd(2006, 1, 1));
  ASSERT_EQ(john.benefits.size(), 5u);
  const EligibilitySummary js = summarize(john, "98");
  EXPECT_EQ(js.coverage, Coverage::kActive);
  EXPECT_EQ(js.planName, "GOLD 123 PLAN");
  EXPECT_EQ(js.visit.copayCents, 1000);  // in network (EB12 Y), not the 30.00 out of network
  EXPECT_EQ(js.visit.copayNetwork, "Y");
  EXPECT_FALSE(js.general.copayCents.has_value());  // the co-pays list 98 etc., not 30

  const Eligibility271 dep = readOne(slurp(dir / "dependent-health-benefit-check.271"));
  ASSERT_EQ(dep.members.size(), 2u);
  EXPECT_FALSE(dep.members[0].dependent);
  EXPECT_EQ(dep.members[0].memberId, "123456789");
  EXPECT_TRUE(dep.members[0].benefits.empty());
  const Subscriber271& mary = dep.members[1];
  EXPECT_TRUE(mary.dependent);
  EXPECT_EQ(mary.subscriber, 0u);
  EXPECT_EQ(mary.trace, "93175-012547");
  EXPECT_EQ(mary.firstName, "MARY");
  EXPECT_EQ(mary.relationship, "19");
  EXPECT_EQ(mary.birthDate, ymd(1998, 10, 14));
  EXPECT_EQ(summarize(mary, "98").visit.copayCents, 1000);
  EXPECT_EQ(summarize(mary, "30").coverage, Coverage::kActive);

  // X12-NOTES §1.6: ST*271*4321 closed by SE*8*4323.
  const auto p = problemOf(slurp(dir / "subscriber-health-benefit-check-error.271"));
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->segmentId, "SE");
  EXPECT_EQ(p->element, 2);
  EXPECT_NE(p->message.find("SE02 '4323' does not match ST02 '4321'"), std::string::npos)
      << p->describe();
  // Repaired in memory, its AAA at the receiver level reads.
  std::string repaired = slurp(dir / "subscriber-health-benefit-check-error.271");
  repaired.replace(repaired.find("SE*8*4323"), 9, "SE*8*4321");
  const Eligibility271 err = readOne(repaired);
  ASSERT_EQ(err.receivers.size(), 1u);
  ASSERT_EQ(err.receivers[0].rejections.size(), 1u);
  EXPECT_EQ(err.receivers[0].rejections[0].loop, "2100B");
  EXPECT_EQ(err.receivers[0].rejections[0].describe(),
            "the provider is not eligible to make inquiries (50); do not send it again");
  EXPECT_TRUE(err.members.empty());
}

TEST(Eligibility271, RandomDamageNeverCrashes) {
  std::vector<std::string> seeds = {goldenText("active.271"), goldenText("inactive.271"),
                                    goldenText("rejected.271")};
  const fs::path dir = sharedDir() / "fixtures" / "x12" / "271";
  if (fs::exists(dir)) {
    for (const auto& e : fs::directory_iterator(dir)) seeds.push_back(slurp(e.path()));
  }
  std::mt19937 rng(271);
  const char alphabet[] = "*~^:>0123456789AEBCNY.-\n\r\0 ";
  std::size_t accepted = 0;
  for (int i = 0; i < 2000; ++i) {
    std::string text = seeds[static_cast<std::size_t>(i) % seeds.size()];
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      const std::size_t at = rng() % text.size();
      switch (rng() % 4) {
        case 0:
          text[at] = alphabet[rng() % (sizeof alphabet - 1)];
          break;
        case 1:
          text.erase(at, 1 + rng() % 8);
          break;
        case 2:
          text.insert(at, 1, alphabet[rng() % (sizeof alphabet - 1)]);
          break;
        default:
          text.resize(at);  // truncated
          break;
      }
    }
    Eligibility271Reader r(text);
    while (const Eligibility271* a = r.next()) {
      for (const auto& m : a->members) {
        const EligibilitySummary s = summarize(m, "98");
        for (const auto& why : s.rejections) ASSERT_FALSE(why.empty());
      }
      ++accepted;
    }
    if (r.problem()) {
      ASSERT_FALSE(r.problem()->message.empty());
      (void)toError(*r.problem());
    }
  }
  // Some damage is harmless (a changed letter in a name); most is refused.
  EXPECT_GT(accepted, 0u);
  EXPECT_LT(accepted, 2000u);
}

}  // namespace
}  // namespace medoffice::codecs::x12
