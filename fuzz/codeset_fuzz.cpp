// SPDX-License-Identifier: AGPL-3.0-or-later
// libFuzzer target for the code-set readers (ICD-10-CM order file and addenda, HCPCS Level II,
// licensed CPT CSV): every input goes through each of them. A reader may refuse the input but
// must name a line it read, deliver only well-formed codes of its system, and count what it
// delivered. Any crash, hang, UB, leak or broken promise is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "codecs/codesets/cpt_csv.hpp"
#include "codecs/codesets/hcpcs.hpp"
#include "codecs/codesets/icd10cm.hpp"

using namespace medoffice;
using namespace medoffice::codecs::codesets;

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

template <class Read>
void check(const std::string& input, domain::CodeSystem system, Read read) {
  std::istringstream in(input);
  std::size_t delivered = 0;
  const ReadResult r = read(in, [&](domain::CodeRecord&& c) {
    ++delivered;
    require(domain::isWellFormed(system, c.code));
    require(!c.longDescription.empty() || system != domain::CodeSystem::kIcd10Cm);
  });
  require(r.records == delivered);
  if (r.problem) require(r.problem->line <= r.lines + 1 && !r.problem->message.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  check(input, domain::CodeSystem::kIcd10Cm,
        [](std::istream& in, const CodeSink& sink) { return readIcd10CmOrder(in, sink); });
  check(input, domain::CodeSystem::kHcpcs, [](std::istream& in, const CodeSink& sink) {
    HcpcsCounts counts;
    auto r = readHcpcs(in, sink, &counts);
    require(counts.procedures + counts.modifiers == r.records);
    return r;
  });
  check(input, domain::CodeSystem::kCpt,
        [](std::istream& in, const CodeSink& sink) { return readCptCsv(in, sink); });
  std::istringstream in(input);
  std::vector<AddendaEntry> entries;
  const ReadResult r =
      readIcd10CmAddenda(in, [&](AddendaEntry&& e) { entries.push_back(std::move(e)); });
  require(r.records == entries.size());
  const auto s = summarize(entries);
  require(s.added.size() + s.deleted.size() + s.becameHeader.size() + s.becameBillable.size() <=
          entries.size());
  return 0;
}
