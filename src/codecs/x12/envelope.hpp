// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "codecs/x12/problem.hpp"
#include "codecs/x12/tokenizer.hpp"
#include "domain/common/result.hpp"

namespace medoffice::codecs::x12 {

/// The transactions MedOffice reads, told apart by GS08/ST03 and ST01.
enum class TransactionType {
  k837P,   ///< professional claim, 005010X222A1
  k837I,   ///< institutional claim, 005010X223A2
  k835,    ///< remittance advice, 005010X221A1
  k270,    ///< eligibility inquiry, 005010X279A1
  k271,    ///< eligibility response, 005010X279A1
  k276,    ///< claim status request, 005010X212
  k277,    ///< claim status response, 005010X212
  k277CA,  ///< claim acknowledgement, 005010X214
  k999,    ///< implementation acknowledgement, 005010X231A1
};
std::string_view toString(TransactionType t);  ///< "837P", "277CA", ...

/// One (GS08, GS01, ST01) combination of a 5010 implementation guide that MedOffice reads.
struct Guide {
  std::string_view version;         ///< GS08, and ST03 when present: "005010X222A1"
  std::string_view functionalId;    ///< GS01: "HC"
  std::string_view transactionSet;  ///< ST01: "837"
  TransactionType type;
  /// Non-empty for an errata version found in published samples: the version payers expect.
  /// Such files are read, with a warning.
  std::string_view preferred;
};
/// Every guide MedOffice reads.
const std::vector<Guide>& guides();

/// What a valid input holds.
struct Summary {
  std::uint64_t interchanges = 0;
  std::uint64_t groups = 0;
  std::uint64_t transactions = 0;
  std::uint64_t claims = 0;  ///< CLM segments of 837 transactions plus CLP segments of 835s
  std::uint64_t segments = 0;
  std::uint64_t bytes = 0;
  std::vector<TransactionType> types;  ///< distinct, in order of first appearance
  std::vector<std::string> versions;   ///< distinct GS08 values, in order of first appearance

  /// One line: `837P 005010X222A1: 1 interchange, 1 group, 12 transactions, 340 claims`.
  [[nodiscard]] std::string describe() const;
};

/// Checks the envelope of a stream of segments as they come, keeping O(1) state per open
/// envelope (plus 16 bytes per transaction of the open group, up to 1,000,000, for the
/// uniqueness of ST02):
/// - ISA/IEA, GS/GE and ST/SE nest, and nothing sits outside ST/SE but envelope segments;
/// - ISA13 = IEA02, GS06 = GE02, ST02 = SE02; IEA01 = groups, GE01 = transactions,
///   SE01 = segments from ST to SE, both counted; ST02 unique within its group;
/// - ISA values in their fixed forms (ISA12 00501, ISA13 nine digits, ISA14 0/1, ISA15 T/P...);
/// - the version is 5010 and one of guides(): 4010 (in ISA12 or GS08) and unknown versions are
///   refused, naming the version; GS01 and ST01 match the guide, and ST03, when present,
///   equals GS08;
/// - a few element forms that tell a wrong component separator apart from data (CLM05, SV101,
///   SV107, SV202, SVD03, SVC01, HI, N403), reported as "composite malformed".
/// It does not check the guides' loop structure (that is the job of each transaction's reader).
///
/// After a nesting problem it carries on as if the missing trailer had been there, so one file
/// reports several problems; version, syntax and I/O problems end the check. Not thread-safe.
class EnvelopeValidator {
 public:
  /// Stops collecting (feed() returns false) after `maxProblems` problems (at least 1).
  explicit EnvelopeValidator(std::size_t maxProblems = 20);

  /// Checks one segment. Returns false when checking cannot usefully go on.
  bool feed(const Segment& s);
  /// Records a problem found outside (the tokenizer's); ends the check.
  void fail(Problem p);
  /// Ends the input: reports envelopes left open. `segments` and `bytes` are the totals read.
  void finish(std::uint64_t segments, std::uint64_t bytes);

  [[nodiscard]] const Summary& summary() const { return summary_; }
  [[nodiscard]] const std::vector<Problem>& problems() const { return problems_; }
  /// Things that do not make the input invalid (an errata version, for instance).
  [[nodiscard]] const std::vector<Problem>& warnings() const { return warnings_; }

 private:
  struct Open {
    bool open = false;
    std::uint64_t segment = 0;  // index of the opening segment
    std::string control;        // ISA13, GS06 or ST02
    std::uint64_t count = 0;    // groups, transactions or segments inside
  };
  void report(const Segment& s, ProblemKind kind, int element, std::string message,
              int component = 0);
  void reportAtEnd(std::string message);
  void onIsa(const Segment& s);
  void onIea(const Segment& s);
  void onGs(const Segment& s);
  void onGe(const Segment& s);
  void onSt(const Segment& s);
  void onSe(const Segment& s);
  void closeTransaction(const Segment* at);
  void closeGroup(const Segment* at);
  void closeInterchange(const Segment* at);
  void checkControlNumbersUnique();
  void countMatches(const Segment& s, int element, std::uint64_t actual, std::string_view what);

  std::size_t maxProblems_;
  bool stopped_ = false;
  Summary summary_;
  std::vector<Problem> problems_;
  std::vector<Problem> warnings_;
  Open interchange_;
  Open group_;
  Open transaction_;
  std::vector<const Guide*> groupGuides_;  // rows of GS08 for the open group
  std::string gs01_;
  std::string gs08_;
  const Guide* guide_ = nullptr;  // of the open transaction
  std::uint64_t lastSegment_ = 0;
  std::uint64_t lastOffset_ = 0;
  struct Control {
    std::uint64_t key;
    std::uint64_t segment;
    std::uint64_t offset;
    bool operator<(const Control& o) const {
      return key < o.key || (key == o.key && segment < o.segment);
    }
  };
  std::vector<Control> st02s_;  // of the open group
  bool st02Overflow_ = false;
};

struct CheckOptions {
  TokenizerOptions tokenizer;
  std::size_t maxProblems = 20;
};

/// The outcome of checking one input.
struct CheckReport {
  Summary summary;
  std::vector<Problem> problems;  ///< empty when the input is valid
  std::vector<Problem> warnings;
  [[nodiscard]] bool ok() const { return problems.empty(); }
};

/// Tokenises and checks a whole input held in memory (a string or a memory-mapped file).
CheckReport check(std::string_view input, const CheckOptions& options = {});
/// The same over a stream: memory stays bounded by the longest segment and one chunk.
CheckReport check(PullSource source, const CheckOptions& options = {});

/// The summary, or the first problem as a domain error (see toError()).
domain::Result<Summary> toResult(const CheckReport& report);

}  // namespace medoffice::codecs::x12
