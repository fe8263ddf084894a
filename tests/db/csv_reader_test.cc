#include <catch2/catch.hpp>

#include "db/table_reader.h"
#include "tests/test_support.h"
#include "util/error.h"

using namespace tradedig;
using namespace tradedig::db;

namespace {
struct Row {
  int64_t where;
  std::vector<std::string> fields;
};
std::vector<Row> read_all(const std::string& path, ReadOptions o = {}) {
  auto r = open_table(path, o);
  std::vector<Row> out;
  std::vector<std::string_view> f;
  int64_t where;
  while (r->next(f, where)) out.push_back({where, std::vector<std::string>(f.begin(), f.end())});
  return out;
}
}  // namespace

TEST_CASE("quoted fields may hold delimiters, quotes and newlines, and lines are counted physically") {
  testing::ScratchDir dir;
  auto p = dir.write("q.csv", "a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",z\r\nlast,row");
  auto rows = read_all(p);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].where == 2);
  CHECK(rows[0].fields == std::vector<std::string>{"x, y", "say \"hi\""});
  CHECK(rows[1].where == 3);
  CHECK(rows[1].fields == std::vector<std::string>{"two\nlines", "z"});
  CHECK(rows[2].where == 5);
  CHECK(rows[2].fields == std::vector<std::string>{"last", "row"});
}

TEST_CASE("blank lines are skipped but still counted") {
  testing::ScratchDir dir;
  auto rows = read_all(dir.write("b.csv", "a\n\n1\n\n\n2\n"));
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].where == 3);
  CHECK(rows[1].where == 6);
}

TEST_CASE("the delimiter is detected from the header") {
  testing::ScratchDir dir;
  auto r = open_table(dir.write("t.txt", "企业名称\t省份\n甲\t浙江\n"));
  CHECK(r->columns() == std::vector<std::string>{"企业名称", "省份"});
  auto s = open_table(dir.write("s.csv", "a;b;c\n1;2;3\n"));
  CHECK(s->columns().size() == 3);
}

TEST_CASE("an unterminated quote is reported with the line where the field starts") {
  testing::ScratchDir dir;
  auto p = dir.write("u.csv", "a,b\n1,2\n3,\"never closed\n4,5\n");
  CHECK_THROWS_WITH(read_all(p), Catch::Contains("u.csv:3") && Catch::Contains("never closed"));
}

TEST_CASE("records that straddle the 4 MiB read buffer are read whole") {
  testing::ScratchDir dir;
  std::string text = "id,note\n";
  int n = 0;
  while (text.size() < (9u << 20)) {
    text += std::to_string(n) + ",\"杭州, line " + std::to_string(n) + "\n second \"\"part\"\"\"\n";
    ++n;
  }
  auto rows = read_all(dir.write("big.csv", text));
  REQUIRE(static_cast<int>(rows.size()) == n);
  for (int i = 0; i < n; i += 997) {
    CHECK(rows[static_cast<size_t>(i)].fields[0] == std::to_string(i));
    CHECK(rows[static_cast<size_t>(i)].fields[1] == "杭州, line " + std::to_string(i) + "\n second \"part\"");
    CHECK(rows[static_cast<size_t>(i)].where == 2 + 2 * i);
  }
}

TEST_CASE("a large GBK file converts correctly across chunk boundaries") {
  testing::ScratchDir dir;
  // "杭州" = BA BC D6 DD in GBK; 5 MiB of it forces several converter chunks.
  std::string text = "name\n";
  std::string utf8;
  int rows = 0;
  while (text.size() < (5u << 20)) {
    text += "\xBA\xBC\xD6\xDD" + std::to_string(rows) + "\n";
    ++rows;
  }
  auto all = read_all(dir.write("g.csv", text));
  REQUIRE(static_cast<int>(all.size()) == rows);
  CHECK(all.back().fields[0] == "杭州" + std::to_string(rows - 1));
}

TEST_CASE("unnamed header columns get positional names") {
  testing::ScratchDir dir;
  auto r = open_table(dir.write("h.csv", ",ts_code,\n0,000001.SZ,x\n"));
  CHECK(r->columns() == std::vector<std::string>{"column1", "ts_code", "column3"});
}

TEST_CASE("an empty file is an error that says what was expected") {
  testing::ScratchDir dir;
  CHECK_THROWS_WITH(open_table(dir.write("e.csv", "")), Catch::Contains("empty"));
  CHECK_THROWS_WITH(open_table(dir.file("missing.csv")), Catch::Contains("no such file"));
}
