// SPDX-License-Identifier: AGPL-3.0-or-later
#include "integrations/clearinghouse/file_drop_transport.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace medoffice::integrations {
namespace {

namespace fs = std::filesystem;

/// A temporary folder removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "medoffice-filedrop-XXXXXX").string();
    path = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void put(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary) << bytes;
}

/// Names in a folder starting with '.' (temporary files left behind).
std::vector<std::string> hidden(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().filename().string().front() == '.') out.push_back(e.path().filename().string());
  }
  return out;
}

struct FileDrop : ::testing::Test {
  TempDir dir;
  std::unique_ptr<FileDropTransport> transport;
  fs::path outbox() const { return dir.path / "out"; }
  fs::path inbox() const { return dir.path / "in"; }
  void SetUp() override {
    auto t = FileDropTransport::open({outbox(), inbox(), {}});
    ASSERT_TRUE(t.ok()) << t.error().message;
    transport = std::move(*t);
  }
};

const std::string kBatch =
    "ISA*00*...~GS*HC*...~ST*837*000000031*005010X222A1~...~IEA*1*000000031~\n";

TEST_F(FileDrop, OpenCreatesPrivateFoldersAndRefusesAFileInTheirPlace) {
  for (const auto& d : {outbox(), inbox(), inbox() / "processed"}) {
    ASSERT_TRUE(fs::is_directory(d)) << d;
    EXPECT_EQ(fs::status(d).permissions() & fs::perms::all, fs::perms::owner_all) << d;
  }
  put(dir.path / "file", "x");
  auto bad = FileDropTransport::open({dir.path / "file", inbox(), {}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, domain::ErrorCode::kUnavailable);
  EXPECT_NE(bad.error().message.find("the outbox folder " + (dir.path / "file").string()),
            std::string::npos)
      << bad.error().message;
  auto none = FileDropTransport::open({outbox(), {}, {}});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, domain::ErrorCode::kInvalid);
}

TEST_F(FileDrop, SendWritesTheBytesUnderTheNameAndLeavesNoTemporaryFile) {
  auto r = transport->send({"B000000031.837", kBatch});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r->alreadyPresent);
  EXPECT_EQ(r->reference, "file:" + (outbox() / "B000000031.837").string());
  EXPECT_EQ(slurp(outbox() / "B000000031.837"), kBatch);
  EXPECT_EQ(fs::status(outbox() / "B000000031.837").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_TRUE(hidden(outbox()).empty());
  // An empty file is a file too.
  ASSERT_TRUE(transport->send({"empty.837", ""}).ok());
  EXPECT_EQ(fs::file_size(outbox() / "empty.837"), 0u);
}

TEST_F(FileDrop, ResendIsIdempotentAndNeverReplacesAnotherFile) {
  ASSERT_TRUE(transport->send({"B1.837", kBatch}).ok());
  const auto before = fs::last_write_time(outbox() / "B1.837");
  auto again = transport->send({"B1.837", kBatch});
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_TRUE(again->alreadyPresent);
  EXPECT_EQ(fs::last_write_time(outbox() / "B1.837"), before);
  auto other = transport->send({"B1.837", kBatch + "X"});
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, domain::ErrorCode::kConflict);
  EXPECT_NE(other.error().message.find("a different file named B1.837 is already in the outbox"),
            std::string::npos);
  EXPECT_EQ(slurp(outbox() / "B1.837"), kBatch);
  EXPECT_TRUE(hidden(outbox()).empty());
}

TEST_F(FileDrop, NamesThatLeaveTheFolderOrHideAreRefused) {
  for (const std::string& name : std::vector<std::string>{"", "../B1.837", "a/b", ".B1.837",
                                                          "B 1.837", std::string(201, 'a')}) {
    auto r = transport->send({name, kBatch});
    ASSERT_FALSE(r.ok()) << name;
    EXPECT_EQ(r.error().code, domain::ErrorCode::kInvalid) << name;
  }
  EXPECT_FALSE(fs::exists(dir.path / "B1.837"));
  for (const std::string& name : std::vector<std::string>{"../out/x", ".hidden", "a/b", ""}) {
    EXPECT_EQ(transport->read(name).error().code, domain::ErrorCode::kInvalid) << name;
    EXPECT_EQ(transport->archive(name).error().code, domain::ErrorCode::kInvalid) << name;
  }
}

TEST_F(FileDrop, ConcurrentSendsOfOneBatchWriteItOnce) {
  std::atomic<int> written{0};
  std::atomic<int> present{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      auto r = transport->send({"B2.837", kBatch});
      if (r.ok()) (r->alreadyPresent ? present : written)++;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(written.load(), 1);
  EXPECT_EQ(present.load(), 7);
  EXPECT_EQ(slurp(outbox() / "B2.837"), kBatch);
  EXPECT_TRUE(hidden(outbox()).empty());
}

TEST_F(FileDrop, AReaderNeverSeesHalfAFile) {
  const std::string big(32u << 20, 'x');
  std::atomic<bool> done{false};
  std::atomic<int> seenWhole{0};
  std::atomic<int> seenPartial{0};
  std::thread reader([&] {
    while (!done) {
      std::error_code ec;
      const auto size = fs::file_size(outbox() / "big.837", ec);
      if (!ec) (size == big.size() ? seenWhole : seenPartial)++;
    }
  });
  auto r = transport->send({"big.837", big});
  done = true;
  reader.join();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(seenPartial.load(), 0);
  EXPECT_EQ(fs::file_size(outbox() / "big.837"), big.size());
}

TEST_F(FileDrop, ListReadAndArchiveInboundFiles) {
  put(inbox() / "999-0002.x12", "second");
  put(inbox() / "277CA 0001.x12", "first");
  put(inbox() / ".partial.x12", "being written");
  fs::create_directory(inbox() / "sub");
  fs::create_symlink("/etc/hostname", inbox() / "link.x12");
  auto entries = transport->list();
  ASSERT_TRUE(entries.ok()) << entries.error().message;
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].name, "277CA 0001.x12");
  EXPECT_EQ((*entries)[0].size, 5u);
  EXPECT_EQ((*entries)[1].name, "999-0002.x12");

  auto file = transport->read("999-0002.x12");
  ASSERT_TRUE(file.ok()) << file.error().message;
  EXPECT_EQ(file->bytes, "second");
  EXPECT_EQ(transport->read("missing.x12").error().code, domain::ErrorCode::kNotFound);
  EXPECT_NE(transport->read("link.x12").error().message.find("link.x12"), std::string::npos);

  auto fetched = transport->fetch();
  ASSERT_TRUE(fetched.ok());
  ASSERT_EQ(fetched->size(), 2u);
  EXPECT_EQ((*fetched)[0].bytes, "first");

  ASSERT_TRUE(transport->archive("999-0002.x12").ok());
  EXPECT_EQ(slurp(inbox() / "processed" / "999-0002.x12"), "second");
  EXPECT_FALSE(fs::exists(inbox() / "999-0002.x12"));
  entries = transport->list();
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].name, "277CA 0001.x12");
  // Archiving twice (a crash after the move, before the caller noted it) is fine.
  EXPECT_TRUE(transport->archive("999-0002.x12").ok());
  EXPECT_EQ(transport->archive("never.x12").error().code, domain::ErrorCode::kNotFound);
  // An archive folder removed meanwhile is made again.
  put(inbox() / "835-1.x12", "835");
  fs::remove_all(inbox() / "processed");
  ASSERT_TRUE(transport->archive("835-1.x12").ok());
  EXPECT_EQ(slurp(inbox() / "processed" / "835-1.x12"), "835");
  put(inbox() / "999-0002.x12", "second");
  ASSERT_TRUE(transport->archive("999-0002.x12").ok());
  // A later file of the same name keeps the earlier one in the archive.
  put(inbox() / "999-0002.x12", "third");
  ASSERT_TRUE(transport->archive("999-0002.x12").ok());
  EXPECT_EQ(slurp(inbox() / "processed" / "999-0002.x12"), "second");
  EXPECT_EQ(slurp(inbox() / "processed" / "999-0002.x12.1"), "third");
}

TEST_F(FileDrop, ReadRefusesAFileOverTheLimit) {
  auto small = FileDropTransport::open({outbox(), inbox(), {}, 10});
  ASSERT_TRUE(small.ok());
  put(inbox() / "big.835", std::string(11, 'x'));
  put(inbox() / "ok.835", std::string(10, 'x'));
  auto r = (*small)->read("big.835");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, domain::ErrorCode::kInvalid);
  EXPECT_NE(r.error().message.find("11 bytes, more than the limit of 10"), std::string::npos)
      << r.error().message;
  EXPECT_TRUE((*small)->read("ok.835").ok());
}

TEST_F(FileDrop, AFullOrReadOnlyOutboxFailsNamingTheStep) {
  if (::geteuid() == 0) GTEST_SKIP() << "root writes to read-only folders";
  fs::permissions(outbox(), fs::perms::owner_read | fs::perms::owner_exec);
  auto r = transport->send({"B3.837", kBatch});
  fs::permissions(outbox(), fs::perms::owner_all);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, domain::ErrorCode::kUnavailable);
  EXPECT_NE(r.error().message.find("file drop: cannot create " + outbox().string()),
            std::string::npos)
      << r.error().message;
}

}  // namespace
}  // namespace medoffice::integrations
