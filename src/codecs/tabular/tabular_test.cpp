// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/tabular/tabular.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>

namespace medoffice::codecs::tabular {
namespace {

namespace fs = std::filesystem;

// ---- running python3 on a file ----

// The first python3 that can import `modules`: the one on PATH (which may be a pyenv or venv
// without Debian's packages), then Debian's own. Empty when none can.
std::string pythonWith(const std::string& modules) {
  for (const char* python : {"python3", "/usr/bin/python3"}) {
    const std::string probe = std::string(python) + " -c 'import " + modules + "' >/dev/null 2>&1";
    if (std::system(probe.c_str()) == 0) return python;
  }
  return {};
}

const std::string& csvPython() {
  static const std::string python = pythonWith("csv, json");
  return python;
}

const std::string& xlsxPython() {
  static const std::string python = pythonWith("openpyxl, json");
  return python;
}

// Writes `bytes` and `script` to private files, runs `PYTHON SCRIPT FILE` and parses its
// standard output as JSON.
std::optional<nlohmann::json> runPython(const std::string& python, const std::string& script,
                                        const std::string& bytes, const std::string& fileName) {
  const fs::path dir =
      fs::temp_directory_path() / ("medoffice-tabular-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path data = dir / fileName;  // openpyxl goes by the extension
  const fs::path code = dir / "read.py";
  std::ofstream(data, std::ios::binary) << bytes;
  std::ofstream(code) << script;
  const std::string cmd = python + " '" + code.string() + "' '" + data.string() + "'";
  std::string out;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  int status = -1;
  if (pipe != nullptr) {
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
    status = ::pclose(pipe);
  }
  fs::remove_all(dir);
  if (status != 0) return std::nullopt;
  auto json = nlohmann::json::parse(out, nullptr, false);
  if (json.is_discarded()) return std::nullopt;
  return json;
}

const char* kReadCsv = R"py(
import csv, json, sys
with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:
    print(json.dumps(list(csv.reader(f, strict=True))))
)py";

const char* kReadXlsx = R"py(
import datetime, json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = []
for ws in wb.worksheets:
    rows = []
    for row in ws.iter_rows():
        cells = []
        for c in row:
            v = c.value
            kind = type(v).__name__
            if isinstance(v, (datetime.datetime, datetime.date)):
                v = v.isoformat()
            cells.append({"v": v, "kind": kind, "type": c.data_type, "format": c.number_format,
                          "bold": bool(c.font is not None and c.font.b)})
        rows.append(cells)
    widths = {k: d.width for k, d in ws.column_dimensions.items()}
    out.append({"name": ws.title, "max_row": ws.max_row, "freeze": ws.freeze_panes,
                "filter": ws.auto_filter.ref, "widths": widths, "rows": rows})
print(json.dumps(out))
)py";

Table visits() {
  Table t;
  t.sheetName = "Visits";
  t.title = "Open visits, December 2026";
  t.columns = {{"date", "Date of service", ColumnType::kDate},
               {"patient", "Patient", ColumnType::kText},
               {"visits", "Visits", ColumnType::kInteger},
               {"balance", "Balance", ColumnType::kCents}};
  t.rows = {{std::string("2026-12-04"), std::string("Zoë Ñúñez-O'Brien"), std::int64_t{3},
             std::int64_t{123456}},
            {std::string("2024-02-29"), std::string("=HYPERLINK(\"http://x\")"), std::int64_t{-2},
             std::int64_t{-5}},
            {std::string("2026-02-30"), std::string("Łukasz, \"Luke\"\nsecond line"),
             std::monostate{}, std::int64_t{0}}};
  return t;
}

// ---- CSV ----

TEST(TabularCsv, WritesTheHeaderAndRowsWithCrlf) {
  Table t = visits();
  t.rows.resize(1);
  EXPECT_EQ(toCsv(t),
            "Date of service,Patient,Visits,Balance\r\n"
            "2026-12-04,Zoë Ñúñez-O'Brien,3,1234.56\r\n");
  EXPECT_EQ(toCsv(t, {.byteOrderMark = true})
                .rfind("\xEF\xBB\xBF"
                       "Date of service,",
                       0),
            0u);
}

TEST(TabularCsv, QuotesFieldsWithCommasQuotesAndLineBreaks) {
  Table t;
  t.columns = {{"a", "Name, full", ColumnType::kText}, {"b", "Note", ColumnType::kText}};
  t.rows = {{std::string("say \"hi\""), std::string("two\r\nlines")},
            {std::string("plain"), std::string("lf\nonly")},
            {std::string("cr\ronly"), std::monostate{}},
            {std::string("short row")},
            {std::string("x"), std::string("y"), std::string("ignored extra")}};
  EXPECT_EQ(toCsv(t),
            "\"Name, full\",Note\r\n"
            "\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n"
            "plain,\"lf\nonly\"\r\n"
            "\"cr\ronly\",\r\n"
            "short row,\r\n"
            "x,y\r\n");
}

TEST(TabularCsv, GuardsTextThatSpreadsheetsWouldRunAsAFormula) {
  Table t;
  t.columns = {{"t", "Text", ColumnType::kText}, {"n", "Number", ColumnType::kInteger}};
  t.rows = {
      {std::string("=SUM(A1:A9)"), std::int64_t{-5}}, {std::string("+1 555 0100"), std::int64_t{0}},
      {std::string("-2"), std::monostate{}},          {std::string("@cmd"), std::monostate{}},
      {std::string("\tx"), std::monostate{}},         {std::string("\rx"), std::monostate{}},
      {std::string("=1,2"), std::monostate{}},        {std::string("a=b"), std::monostate{}}};
  EXPECT_EQ(toCsv(t),
            "Text,Number\r\n"
            "'=SUM(A1:A9),-5\r\n"
            "'+1 555 0100,0\r\n"
            "'-2,\r\n"
            "'@cmd,\r\n"
            "'\tx,\r\n"
            "\"'\rx\",\r\n"
            "\"'=1,2\",\r\n"
            "a=b,\r\n");
}

TEST(TabularCsv, CentsAreExactDecimalDollars) {
  Table t;
  t.columns = {{"c", "Cents", ColumnType::kCents}};
  for (const std::int64_t v :
       {std::int64_t{-5}, std::int64_t{5}, std::int64_t{0}, std::int64_t{-100},
        std::int64_t{-123456}, std::int64_t{99}, std::numeric_limits<std::int64_t>::min()}) {
    t.rows.push_back({v});
  }
  EXPECT_EQ(toCsv(t),
            "Cents\r\n-0.05\r\n0.05\r\n0.00\r\n-1.00\r\n-1234.56\r\n0.99\r\n"
            "-92233720368547758.08\r\n");
}

TEST(TabularCsv, PythonsCsvReaderReadsBackEveryField) {
  if (csvPython().empty()) GTEST_SKIP() << "python3 is not installed; CSV is not read back";
  const Table t = visits();
  const auto read = runPython(csvPython(), kReadCsv, toCsv(t, {.byteOrderMark = true}), "data.csv");
  ASSERT_TRUE(read);
  const nlohmann::json expected = {{"Date of service", "Patient", "Visits", "Balance"},
                                   {"2026-12-04", "Zoë Ñúñez-O'Brien", "3", "1234.56"},
                                   {"2024-02-29", "'=HYPERLINK(\"http://x\")", "-2", "-0.05"},
                                   {"2026-02-30", "Łukasz, \"Luke\"\nsecond line", "", "0.00"}};
  EXPECT_EQ(*read, expected) << read->dump(1);
}

// ---- XLSX ----

class TabularXlsx : public ::testing::Test {
 protected:
  void SetUp() override {
    if (xlsxPython().empty()) {
      GTEST_SKIP() << "python3 with openpyxl is not installed (Debian: python3-openpyxl); the "
                      "XLSX workbook cannot be read back";
    }
  }
  static nlohmann::json read(const std::vector<Table>& sheets) {
    auto bytes = toXlsx(sheets);
    EXPECT_TRUE(bytes.ok()) << (bytes.ok() ? "" : bytes.error().message);
    if (!bytes.ok()) return {};
    EXPECT_EQ(bytes->rfind("PK", 0), 0u);  // a zip file
    auto json = runPython(xlsxPython(), kReadXlsx, *bytes, "data.xlsx");
    EXPECT_TRUE(json);
    return json ? *json : nlohmann::json();
  }
};

TEST_F(TabularXlsx, WritesTitleBoldHeaderAndTypedCells) {
  const auto book = read({visits()});
  ASSERT_EQ(book.size(), 1u);
  const auto& sheet = book[0];
  EXPECT_EQ(sheet["name"], "Visits");
  EXPECT_EQ(sheet["max_row"], 5);  // title, header, 3 rows
  EXPECT_EQ(sheet["freeze"], "A3");
  EXPECT_EQ(sheet["filter"], "A2:D5");
  const auto& rows = sheet["rows"];
  EXPECT_EQ(rows[0][0]["v"], "Open visits, December 2026");
  EXPECT_TRUE(rows[0][0]["bold"]);
  const std::vector<std::string> titles{"Date of service", "Patient", "Visits", "Balance"};
  for (std::size_t c = 0; c < titles.size(); ++c) {
    EXPECT_EQ(rows[1][c]["v"], titles[c]);
    EXPECT_TRUE(rows[1][c]["bold"]) << c;
  }
  const auto& first = rows[2];
  EXPECT_EQ(first[0]["kind"], "datetime");
  EXPECT_EQ(first[0]["v"], "2026-12-04T00:00:00");
  EXPECT_EQ(first[0]["format"], "yyyy-mm-dd");
  EXPECT_EQ(first[1]["v"], "Zoë Ñúñez-O'Brien");
  EXPECT_EQ(first[2]["v"], 3);
  EXPECT_EQ(first[2]["kind"], "int");
  EXPECT_EQ(first[3]["v"], 1234.56);
  EXPECT_EQ(first[3]["format"], "#,##0.00");

  const auto& second = rows[3];
  EXPECT_EQ(second[0]["v"], "2024-02-29T00:00:00");  // a leap day
  EXPECT_EQ(second[1]["v"], "=HYPERLINK(\"http://x\")");
  EXPECT_EQ(second[1]["type"], "s");  // text, never a formula
  EXPECT_EQ(second[2]["v"], -2);
  EXPECT_EQ(second[3]["v"], -0.05);

  const auto& third = rows[4];
  EXPECT_EQ(third[0]["v"], "2026-02-30");  // not a date: kept as text
  EXPECT_EQ(third[0]["kind"], "str");
  EXPECT_EQ(third[1]["v"], "Łukasz, \"Luke\"\nsecond line");
  EXPECT_TRUE(third[2]["v"].is_null());
  EXPECT_EQ(third[3]["v"], 0);

  // Widths follow the content: the patient column is wider than the visits column.
  EXPECT_GT(sheet["widths"]["B"].get<double>(), sheet["widths"]["C"].get<double>());
  EXPECT_GE(sheet["widths"]["D"].get<double>(), 8);
}

TEST_F(TabularXlsx, SheetNamesAreSanitisedAndUnique) {
  std::vector<Table> sheets(6, visits());
  sheets[0].sheetName = "Aging: [by payer]?";
  sheets[1].sheetName = "aging_ _by payer__";  // the same name as the first once sanitised
  sheets[2].sheetName = "A very long sheet name that goes on past thirty-one characters";
  sheets[3].sheetName = "A very long sheet name that goes on past thirty-one characters";
  sheets[4].sheetName = "'quoted/name*'";
  sheets[5].sheetName = "";
  const std::vector<std::string> expected{"Aging_ _by payer__",
                                          "aging_ _by payer__ (2)",
                                          "A very long sheet name that goe",
                                          "A very long sheet name that (2)",
                                          "quoted_name_",
                                          "Sheet"};
  EXPECT_EQ(sheetNames(sheets), expected);
  const auto book = read(sheets);
  ASSERT_EQ(book.size(), 6u);
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(book[i]["name"], expected[i]);
    EXPECT_EQ(book[i]["max_row"], 5);
  }
}

TEST_F(TabularXlsx, BadTextAndEmptyTablesStillMakeAValidWorkbook) {
  Table bad;
  bad.sheetName = "Bad";
  bad.columns = {{"t", "Text \xFF", ColumnType::kText}, {"d", "Date", ColumnType::kDate}};
  bad.rows = {{std::string("ok\xC3"), std::string("1899-12-31")},
              {std::string(40000, 'x'), std::int64_t{7}}};
  Table empty;
  empty.sheetName = "Empty";
  empty.columns = {{"a", "A", ColumnType::kCents}};
  const auto book = read({bad, empty});
  ASSERT_EQ(book.size(), 2u);
  const auto& rows = book[0]["rows"];
  EXPECT_EQ(rows[0][0]["v"], "Text \xEF\xBF\xBD");
  EXPECT_EQ(rows[1][0]["v"], "ok\xEF\xBF\xBD");
  EXPECT_EQ(rows[1][1]["v"], "1899-12-31");  // before Excel's dates: text
  EXPECT_EQ(rows[2][0]["v"].get<std::string>().size(), 32767u);
  EXPECT_EQ(rows[2][1]["v"], 7);
  EXPECT_EQ(book[1]["max_row"], 1);
  EXPECT_EQ(book[1]["freeze"], "A2");  // no title: the header is the first row
}

TEST(TabularXlsxErrors, NoTablesIsInvalidAndTheTemporaryFileIsAlwaysRemoved) {
  const auto none = toXlsx({});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, domain::ErrorCode::kInvalid);

  const fs::path dir =
      fs::temp_directory_path() / ("medoffice-xlsx-tmp-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const char* old = std::getenv("TMPDIR");
  const std::string saved = old != nullptr ? old : "";
  ::setenv("TMPDIR", dir.c_str(), 1);
  const auto ok = toXlsx({visits()});
  ::setenv("TMPDIR", (dir / "missing").c_str(), 1);
  const auto failed = toXlsx({visits()});
  if (old != nullptr) {
    ::setenv("TMPDIR", saved.c_str(), 1);
  } else {
    ::unsetenv("TMPDIR");
  }
  EXPECT_TRUE(ok.ok());
  EXPECT_TRUE(fs::is_empty(dir)) << "the workbook's temporary file was left behind";
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, domain::ErrorCode::kInternal);
  EXPECT_NE(failed.error().message.find((dir / "missing").string()), std::string::npos)
      << failed.error().message;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace medoffice::codecs::tabular
