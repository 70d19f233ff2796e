// SPDX-License-Identifier: AGPL-3.0-or-later
// Helpers shared by the 835 tests (era_835_test.cpp, era_835_fixtures_test.cpp).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "codecs/x12/era_835.hpp"

namespace medoffice::codecs::x12::era835_test {

namespace fs = std::filesystem;

/// tests/golden/x12/835 of this repository (as the 999 tests find tests/golden/x12/ack).
inline fs::path golden(const std::string& name) {
  const fs::path sub = fs::path("tests") / "golden" / "x12" / "835";
  const fs::path here = fs::path(__FILE__);
  if (here.is_absolute()) {
    return here.parent_path().parent_path().parent_path().parent_path() / sub / name;
  }
  for (fs::path dir = fs::current_path(); !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir / sub / name)) return dir / sub / name;
    if (dir == dir.parent_path()) break;
  }
  return sub / name;
}

/// MEDOFFICE_SHARED, else ../shared beside the repository (as fixtures_test.cpp finds it).
inline fs::path sharedDir() {
  if (const char* env = std::getenv("MEDOFFICE_SHARED"); env != nullptr && *env != '\0') {
    return env;
  }
  return fs::path(__FILE__).parent_path().parent_path().parent_path().parent_path().parent_path() /
         "shared";
}

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline const std::string kIsa =
    "ISA*00*          *00*          *ZZ*ACMEHEALTH     *ZZ*MEDOFFICE      *261215*1030*^*00501*"
    "000000777*0*T*:~\n";

/// One interchange and group around `body` (the segments between ST and SE; counts right).
inline std::string wrap(const std::vector<std::string>& body,
                        const std::string& version = "005010X221A1", const std::string& gs01 = "HP",
                        const std::string& st01 = "835") {
  std::string out = kIsa + "GS*" + gs01 + "*ACMEHEALTH*MEDOFFICE*20261215*1030*7*X*" + version +
                    "~\nST*" + st01 + "*0001~\n";
  for (const auto& s : body) out += s + "~\n";
  out += "SE*" + std::to_string(body.size() + 2) + "*0001~\nGE*1*7~\nIEA*1*000000777~\n";
  return out;
}

/// A small 835 that balances: one claim, one line (segments 4 to 12 of the input).
inline std::vector<std::string> minimal() {
  return {"BPR*I*100.00*C*CHK************20261215",
          "TRN*1*CHK1*1512345678",
          "N1*PR*PAYER",
          "N1*PE*CLINIC*XX*1234567893",
          "LX*1",
          "CLP*A1*1*150.00*100.00*50.00*12*ICN1",
          "NM1*QC*1*DOE*JANE",
          "SVC*HC:99213*150.00*100.00",
          "CAS*PR*1*50.00"};
}

/// The problem a reader stops at; nullopt when it reads to the end.
inline std::optional<Problem> problemOf(std::string_view input,
                                        std::vector<Remittance>* out = nullptr) {
  Era835Reader r(input);
  while (const Remittance* a = r.next()) {
    if (out) out->push_back(*a);
  }
  return r.problem();
}

/// Expects the input to be refused at segment `segment` (id `id`, element `element`) with a
/// message containing `message`.
inline void expectRefused(const std::string& input, std::uint64_t segment, const std::string& id,
                          int element, const std::string& message) {
  const auto p = problemOf(input);
  ASSERT_TRUE(p.has_value()) << "accepted, expected: " << message;
  EXPECT_EQ(p->segment, segment) << p->describe();
  EXPECT_EQ(p->segmentId, id) << p->describe();
  EXPECT_EQ(p->element, element) << p->describe();
  EXPECT_NE(p->message.find(message), std::string::npos) << p->describe();
}

inline Remittance readOne(const std::string& text) {
  const auto r = parse835(text);
  if (!r.ok()) {
    ADD_FAILURE() << r.error().fields.at(0).message;
    return {};
  }
  if (r->size() != 1) {
    ADD_FAILURE() << r->size() << " remittances";
    return {};
  }
  return r->front();
}

inline domain::Date ymd(int y, int m, int d) {
  return *domain::Date::fromYmd(y, m, d);
}

}  // namespace medoffice::codecs::x12::era835_test
