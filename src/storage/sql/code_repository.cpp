// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/sql/code_repository.hpp"

#include <algorithm>
#include <limits>
#include <unordered_map>
#include <unordered_set>

namespace medoffice::storage {

namespace {

using domain::CodeRecord;

// Bulk writes go through insertRows (table.hpp): 900,000 word rows of ICD-10-CM become about
// 1,600 multi-row statements in 200 round trips.
/// A word prefix spanning more distinct words than this counts as too common to drive a search.
constexpr int kProbeWords = 1000;
/// Index rows read at once: a first page that the limit fills when most rows match, then
/// larger ones (the masks are tested by the query, so a page holds only rows that may match).
constexpr std::int64_t kFirstPage = 100;
constexpr std::int64_t kPage = 1000;
constexpr int kMaxLimit = 100;
/// Codes read per round trip at most while testing a page's candidates.
constexpr std::size_t kMaxChunk = 512;

constexpr std::string_view kCodeColumns =
    "code, billable, short_description, long_description, ends_on";

/// The greatest string starting with `prefix` (for `x >= prefix AND x <= upper`): the prefix
/// followed by U+10FFFF, above every valid UTF-8 continuation, so both engines compare it
/// byte-wise as a range of their btree.
std::string upperBound(std::string_view prefix) {
  return std::string(prefix) + "\xF4\x8F\xBF\xBF";
}

CodeRecord readCode(Reader& r) {
  CodeRecord out;
  out.code = r.text();
  out.billable = r.boolean();
  out.shortDescription = r.text();
  out.longDescription = r.text();
  out.endsOn = r.date();
  return out;
}

/// The bit (0..62) of the first `n` bytes of `word` in a word mask (FNV-1a).
std::int64_t startBit(std::string_view word, std::size_t n) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : word.substr(0, n)) {
    h ^= c;
    h *= 16777619u;
  }
  return std::int64_t{1} << (h % 63);
}

/// The bit of a word's first byte in mask1: a letter or digit exactly, anything else bit 36.
std::int64_t firstBit(std::string_view word) {
  const char c = word.empty() ? ' ' : word[0];
  int bit = 36;
  if (c >= 'a' && c <= 'z') bit = c - 'a';
  if (c >= '0' && c <= '9') bit = 26 + (c - '0');
  return std::int64_t{1} << bit;
}

/// The word masks of a code, or what they must hold for a code to hold a word starting with
/// each of a search's words: a one-letter word is looked up in mask1, a two-letter word in
/// mask2, a longer one by its first three letters in mask3.
struct Masks {
  std::int64_t one = 0;
  std::int64_t two = 0;
  std::int64_t three = 0;
};
Masks masksOfCode(const std::vector<std::string>& words) {
  Masks m;
  for (const auto& w : words) {
    m.one |= firstBit(w);
    m.two |= startBit(w, 2);
    m.three |= startBit(w, 3);
  }
  return m;
}
Masks masksNeeded(const std::vector<std::string>& words, std::size_t except) {
  Masks m;
  for (std::size_t k = 0; k < words.size(); ++k) {
    const std::string& w = words[k];
    if (k == except) continue;
    if (w.size() == 1) {
      m.one |= firstBit(w);
    } else if (w.size() == 2) {
      m.two |= startBit(w, 2);
    } else {
      m.three |= startBit(w, 3);
    }
  }
  return m;
}

/// Whether `text` has, for every one of `words` but `except`, a word starting with it.
bool holdsWords(const std::string& text, const std::vector<std::string>& words,
                std::size_t except) {
  const auto own = domain::searchWords(text);
  for (std::size_t k = 0; k < words.size(); ++k) {
    if (k == except) continue;
    const bool found = std::any_of(own.begin(), own.end(), [&](const std::string& w) {
      return w.compare(0, words[k].size(), words[k]) == 0;
    });
    if (!found) return false;
  }
  return true;
}

/// One index entry of `code_words`.
struct WordRow {
  std::string word;
  int rank;
  std::uint32_t code;  ///< index into the release's codes
};

/// Index rows of one word prefix whose masks hold `need`, in index order, after `after` (word,
/// rank, code) when set.
SqlStatement entriesStatement(domain::CodeReleaseId release, const std::string& word,
                              const Masks& need, const std::optional<Row>& after,
                              std::int64_t limit) {
  std::string sql =
      "SELECT word, rank, code FROM code_words WHERE release_id = ? AND word >= ? AND word <= ?";
  Params p{sqlInt(release.value), word, upperBound(word)};
  if (after) {
    sql += " AND (word, rank, code) > (?, ?, ?)";
    append(p, after->text(0), sqlInt(after->i64(1)), after->text(2));
  }
  for (const auto& [column, bits] : {std::pair{"mask1", need.one}, std::pair{"mask2", need.two},
                                     std::pair{"mask3", need.three}}) {
    if (bits == 0) continue;
    sql.append(" AND (").append(column).append(" & ?) = ?");
    append(p, sqlInt(bits), sqlInt(bits));
  }
  sql += " ORDER BY word, rank, code LIMIT ?";
  p.emplace_back(sqlInt(limit));
  return {std::move(sql), std::move(p)};
}

/// The key (word, rank, code) of an index row, to continue after it.
Row keyOf(const Row& row) {
  return Row(std::vector<SqlValue>{row.text(0), sqlInt(row.i64(1)), row.text(2)});
}

/// The first index rows of one word prefix with their codes, in index order (a search for one
/// word: every row matches, so the codes come with them in the same round trip).
SqlStatement joinedStatement(domain::CodeReleaseId release, const std::string& word,
                             std::int64_t limit) {
  return {
      "SELECT w.word, w.rank, c.code, c.billable, c.short_description, c.long_description, "
      "c.ends_on FROM code_words w JOIN codes c ON c.release_id = w.release_id AND c.code = "
      "w.code WHERE w.release_id = ? AND w.word >= ? AND w.word <= ? ORDER BY w.word, "
      "w.rank, w.code LIMIT ?",
      {sqlInt(release.value), word, upperBound(word), sqlInt(limit)}};
}

/// The codes of the release named in `codes`, by code. The IN list is padded to a power of two
/// (at most 256 per statement) so that a few prepared statements serve every search; the
/// statements go in one round trip.
std::vector<CodeRecord> fetchCodes(SqlConnection& c, domain::CodeReleaseId release,
                                   const std::vector<std::string>& codes) {
  constexpr std::size_t kChunk = 256;
  if (codes.empty()) return {};
  std::vector<SqlStatement> statements;
  for (std::size_t at = 0; at < codes.size(); at += kChunk) {
    const std::size_t n = std::min(kChunk, codes.size() - at);
    std::size_t width = 8;
    while (width < n) width *= 2;
    std::string sql = "SELECT " + std::string(kCodeColumns) +
                      " FROM codes WHERE release_id = ? AND code IN (" +
                      table_detail::placeholders(width) + ")";
    Params p{sqlInt(release.value)};
    for (std::size_t k = 0; k < width; ++k) p.emplace_back(codes[at + std::min(k, n - 1)]);
    statements.push_back({std::move(sql), std::move(p)});
  }
  std::vector<CodeRecord> out;
  for (const auto& rows : c.queryAll(statements)) {
    for (const auto& row : rows) {
      Reader r(row);
      out.push_back(readCode(r));
    }
  }
  return out;
}

/// The codes a search found so far: each once, in the order found, none that ended before the
/// date of service, at most `wanted`.
class Found {
 public:
  Found(std::size_t wanted, std::optional<domain::Date> validOn)
      : wanted_(wanted), validOn_(validOn) {}
  [[nodiscard]] std::size_t wanted() const { return wanted_; }
  [[nodiscard]] bool full() const { return out_.size() >= wanted_; }
  [[nodiscard]] bool has(const std::string& code) const { return taken_.contains(code); }
  [[nodiscard]] const std::optional<domain::Date>& validOn() const { return validOn_; }
  void take(CodeRecord r) {
    if (full() || (validOn_ && r.endsOn && *r.endsOn < *validOn_)) return;
    if (taken_.insert(r.code).second) out_.push_back(std::move(r));
  }
  /// The code whose kCodeColumns start at column `first` of `row`.
  void take(const Row& row, std::size_t first) {
    Reader r(row, first);
    take(readCode(r));
  }
  std::vector<CodeRecord> result() { return std::move(out_); }

 private:
  std::size_t wanted_;
  std::optional<domain::Date> validOn_;
  std::vector<CodeRecord> out_;
  std::unordered_set<std::string> taken_;
};

/// The codes starting with `prefix`, in code order (the code itself first).
SqlStatement prefixStatement(domain::CodeReleaseId release, const std::string& prefix,
                             const Found& found) {
  std::string sql = "SELECT " + std::string(kCodeColumns) +
                    " FROM codes WHERE release_id = ? AND code >= ? AND code <= ?";
  Params p{sqlInt(release.value), prefix, upperBound(prefix)};
  if (found.validOn()) {
    sql += " AND (ends_on IS NULL OR ends_on >= ?)";
    p.emplace_back(found.validOn()->toString());
  }
  sql += " ORDER BY code LIMIT ?";
  p.emplace_back(sqlInt(static_cast<std::int64_t>(found.wanted())));
  return {std::move(sql), std::move(p)};
}

/// How many distinct words start with `word` (at most kProbeWords) and their index rows.
SqlStatement countStatement(domain::CodeReleaseId release, const std::string& word) {
  return {
      "SELECT count(*), coalesce(sum(entries), 0) FROM (SELECT entries FROM code_word_counts "
      "WHERE release_id = ? AND word >= ? AND word <= ? LIMIT ?) t",
      {sqlInt(release.value), word, upperBound(word), sqlInt(kProbeWords)}};
}

/// Reads the index rows of `q.words[driver]` in index order (the order shown) after `after`,
/// those whose masks hold the other words, a page at a time; reads the codes of each page in
/// chunks, and takes those holding every word, until `found` is full or the rows run out.
void readWordRows(SqlConnection& c, domain::CodeReleaseId release, const app::CodeQuery& q,
                  std::size_t driver, std::optional<Row> after, Found& found) {
  const Masks need = masksNeeded(q.words, driver);
  // The first page is one the limit fills when most rows match; later ones are larger.
  std::int64_t pageSize =
      after ? kPage
            : std::max<std::int64_t>(kFirstPage, 5 * static_cast<std::int64_t>(found.wanted()));
  // Codes are read in chunks of a page's candidates, in index order, one round trip each: few
  // when most rows match, growing when few do.
  std::size_t chunk = std::max<std::size_t>(32, 2 * found.wanted());
  for (;;) {
    const auto st = entriesStatement(release, q.words[driver], need, after, pageSize);
    const Rows page = c.query(st.sql, st.params);
    for (std::size_t at = 0; at < page.size();) {
      std::vector<std::string> candidates;
      std::unordered_set<std::string> listed;
      std::size_t end = at;
      for (; end < page.size() && candidates.size() < chunk; ++end) {
        std::string code = page[end].text(2);
        if (!found.has(code) && listed.insert(code).second) candidates.push_back(std::move(code));
      }
      std::unordered_map<std::string, CodeRecord> codes;
      for (auto& r : fetchCodes(c, release, candidates)) {
        std::string code = r.code;
        codes.emplace(std::move(code), std::move(r));
      }
      for (; at < end; ++at) {
        auto it = codes.find(page[at].text(2));
        if (it == codes.end() || !holdsWords(it->second.longDescription, q.words, driver)) continue;
        found.take(it->second);
        if (found.full()) return;
      }
      chunk = std::min<std::size_t>(chunk * 2, kMaxChunk);
    }
    if (static_cast<std::int64_t>(page.size()) < pageSize) return;
    after = keyOf(page.back());
    pageSize = kPage;
  }
}

}  // namespace

const Table<domain::CodeRelease>& codeReleaseTable() {
  static const Table<domain::CodeRelease> table({
      .table = "code_releases",
      .noun = "code release",
      .cursorKind = "crl",
      .columns = {"code_system", "year", "organization_id", "source", "file_name", "digest",
                  "code_count", "billable_count"},
      .read =
          [](Reader& r, domain::CodeRelease& c) {
            c.system = domain::parseCodeSystem(r.text()).value_or(domain::CodeSystem::kIcd10Cm);
            c.year = r.i32();
            c.organization = r.id<domain::OrganizationId>();
            c.source = domain::parseReleaseSource(r.text()).value_or(domain::ReleaseSource::kCms);
            c.fileName = r.text();
            c.digest = r.text();
            c.codeCount = r.i64();
            c.billableCount = r.i64();
          },
      .write =
          [](Params& p, const domain::CodeRelease& c) {
            append(p, std::string(domain::toString(c.system)), sqlInt(c.year),
                   sqlInt(c.organization.value), std::string(domain::toString(c.source)),
                   c.fileName, c.digest, sqlInt(c.codeCount), sqlInt(c.billableCount));
          },
      .versioning = Versioning::kInsertOnly,
      .orgScoped = false,
  });
  return table;
}

std::vector<domain::CodeRelease> SqlCodes::releases(domain::CodeSystem system,
                                                    domain::OrganizationId org) {
  return codeReleaseTable().query(
      c_,
      codeReleaseTable().select(
          "WHERE code_system = ? AND organization_id IN (0, ?) ORDER BY year, organization_id"),
      {std::string(domain::toString(system)), sqlInt(org.value)});
}

Result<domain::CodeRelease> SqlCodes::replace(domain::CodeRelease release,
                                              const std::vector<CodeRecord>& codes,
                                              domain::Instant now,
                                              const app::StoreProgress& progress) {
  // The release row is insert-only: a new import removes the old release and stores a new one.
  auto old = c_.query(
      "SELECT id FROM code_releases WHERE code_system = ? AND organization_id = ? AND year = ?",
      {std::string(domain::toString(release.system)), sqlInt(release.organization.value),
       sqlInt(release.year)});
  if (!old.empty()) remove(domain::CodeReleaseId(old[0].i64(0)));

  release.codeCount = static_cast<std::int64_t>(codes.size());
  release.billableCount =
      std::count_if(codes.begin(), codes.end(), [](const CodeRecord& r) { return r.billable; });
  auto stored = codeReleaseTable().insert(c_, release, now);
  if (!stored) return stored.error();
  const SqlValue id = sqlInt(stored->id.value);

  // The words of every code, sorted in index order: appending to a btree is cheaper than
  // inserting all over it, on both engines.
  std::vector<WordRow> words;
  words.reserve(codes.size() * 10);
  std::vector<Masks> masks(codes.size());
  for (std::uint32_t k = 0; k < codes.size(); ++k) {
    const int rank = domain::wordMatchRank(codes[k]);
    auto own = domain::searchWords(codes[k].longDescription);
    masks[k] = masksOfCode(own);
    for (auto& w : own) words.push_back({std::move(w), rank, k});
  }
  std::sort(words.begin(), words.end(), [&](const WordRow& a, const WordRow& b) {
    if (a.word != b.word) return a.word < b.word;
    if (a.rank != b.rank) return a.rank < b.rank;
    return codes[a.code].code < codes[b.code].code;
  });
  // Index rows per distinct word, for choosing where a search starts.
  std::vector<std::pair<std::size_t, std::int64_t>> counts;  // first row of the word, rows
  for (std::size_t k = 0; k < words.size(); ++k) {
    if (k == 0 || words[k].word != words[k - 1].word) counts.emplace_back(k, 0);
    ++counts.back().second;
  }

  const auto total = static_cast<std::int64_t>(codes.size() + words.size() + counts.size());
  auto tell = [&](std::size_t done) {
    if (progress) progress(static_cast<std::int64_t>(done), total);
  };
  insertRows(
      c_,
      "INSERT INTO codes (release_id, code, billable, short_description, long_description, "
      "ends_on) VALUES ",
      6, codes.size(),
      [&](std::size_t k, Params& p) {
        const CodeRecord& r = codes[k];
        append(p, id, r.code, sqlBool(r.billable), r.shortDescription, r.longDescription,
               dateOrNull(r.endsOn));
      },
      tell);
  insertRows(
      c_, "INSERT INTO code_words (release_id, word, rank, code, mask1, mask2, mask3) VALUES ", 7,
      words.size(),
      [&](std::size_t k, Params& p) {
        const WordRow& w = words[k];
        const Masks& m = masks[w.code];
        append(p, id, w.word, sqlInt(w.rank), codes[w.code].code, sqlInt(m.one), sqlInt(m.two),
               sqlInt(m.three));
      },
      [&](std::size_t n) { tell(codes.size() + n); });
  insertRows(
      c_, "INSERT INTO code_word_counts (release_id, word, entries) VALUES ", 3, counts.size(),
      [&](std::size_t k, Params& p) {
        append(p, id, words[counts[k].first].word, sqlInt(counts[k].second));
      },
      [&](std::size_t n) { tell(codes.size() + words.size() + n); });
  // PostgreSQL plans from statistics, which a bulk load leaves stale until autovacuum comes
  // round: a plan made from them read whole tables for a while after an import. ANALYZE may run
  // inside the transaction (SQLite plans these statements from their keys alone).
  if (c_.dialect() == Dialect::kPostgres) c_.script("ANALYZE codes, code_words, code_word_counts");
  tell(static_cast<std::size_t>(total));
  return *stored;
}

bool SqlCodes::remove(domain::CodeReleaseId id) {
  const Params key{sqlInt(id.value)};
  c_.execute("DELETE FROM code_word_counts WHERE release_id = ?", key);
  c_.execute("DELETE FROM code_words WHERE release_id = ?", key);
  c_.execute("DELETE FROM codes WHERE release_id = ?", key);
  return c_.execute("DELETE FROM code_releases WHERE id = ?", key) > 0;
}

std::optional<CodeRecord> SqlCodes::find(domain::CodeReleaseId release, std::string_view code) {
  auto rows = c_.query(
      "SELECT " + std::string(kCodeColumns) + " FROM codes WHERE release_id = ? AND code = ?",
      {sqlInt(release.value), std::string(code)});
  if (rows.empty()) return std::nullopt;
  Reader r(rows[0]);
  return readCode(r);
}

std::vector<CodeRecord> SqlCodes::search(domain::CodeReleaseId release, const app::CodeQuery& q) {
  Found found(static_cast<std::size_t>(std::clamp(q.limit, 1, kMaxLimit)), q.validOn);
  // One round trip for what does not depend on anything else: the code prefix, and either the
  // first index rows of the word with their codes (one word: every row matches, give or take a
  // code found twice) or how many index rows each word has (several words).
  std::vector<SqlStatement> first;
  if (!q.codePrefix.empty()) first.push_back(prefixStatement(release, q.codePrefix, found));
  const std::size_t wordsAt = first.size();
  const auto oneWordPage = static_cast<std::int64_t>(found.wanted() * 2);
  if (q.words.size() == 1) {
    first.push_back(joinedStatement(release, q.words[0], oneWordPage));
  } else {
    for (const auto& w : q.words) first.push_back(countStatement(release, w));
  }
  auto results = c_.queryAll(first);
  if (!q.codePrefix.empty()) {
    for (const auto& row : results[0]) found.take(row, 0);
  }
  if (found.full() || q.words.empty()) return found.result();

  if (q.words.size() == 1) {
    const Rows& joined = results[wordsAt];
    for (const auto& row : joined) {
      found.take(row, 2);
      if (found.full()) return found.result();
    }
    if (static_cast<std::int64_t>(joined.size()) == oneWordPage) {
      readWordRows(c_, release, q, 0, keyOf(joined.back()), found);
    }
    return found.result();
  }
  // Several words: the one with the fewest index rows drives.
  std::size_t driver = 0;
  auto rows = [&](std::size_t k) {
    const Row& r = results[wordsAt + k].at(0);
    return r.i64(0) >= kProbeWords ? std::numeric_limits<std::int64_t>::max() : r.i64(1);
  };
  for (std::size_t k = 1; k < q.words.size(); ++k) {
    const std::int64_t n = rows(k);
    const std::int64_t best = rows(driver);
    if (n < best || (n == best && q.words[k].size() > q.words[driver].size())) driver = k;
  }
  if (rows(driver) > 0) readWordRows(c_, release, q, driver, std::nullopt, found);
  return found.result();
}

}  // namespace medoffice::storage
