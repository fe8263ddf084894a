#include <catch2/catch.hpp>

#include "db/import.h"
#include "db/schema.h"
#include "tests/test_support.h"
#include "util/progress.h"

using namespace tradedig;
using namespace tradedig::db;

namespace {
struct Quiet {
  Quiet() { Progress::set_enabled(false); }
};
const Quiet quiet;

int64_t count(const Connection& c, const std::string& table) {
  return c.query_int("SELECT count(*) FROM " + table).value_or(-1);
}
}  // namespace

TEST_CASE("the 4,136 listed firms import with Chinese and English names") {
  testing::ScratchDir dir;
  Connection c = open_store(dir.file("s.db"));
  auto r = import_table(c, ImportKind::kFirms, testing::shared_path("data/names/astock_fullname_enname_2021.csv"), {});
  CHECK(r.rows_read == 4136);
  CHECK(r.rows_landed == 4136);
  CHECK(r.rows_rejected == 0);
  CHECK(r.firms_new == 4136);
  CHECK(count(c, "firms") == 4136);
  CHECK(c.query_string("SELECT name_en FROM firms WHERE firm_id = '000002.SZ'") == "China Vanke Co.,Ltd.");
  CHECK(c.query_string("SELECT name_zh FROM firms WHERE firm_id = '000006.SZ'") == "深圳市振业(集团)股份有限公司");
  CHECK(c.query_int("SELECT count(*) FROM firm_names WHERE kind = 'current' AND lang = 'zh'") == 4136);
  // Columns tradedig does not use are kept, not dropped.
  CHECK(c.query_string("SELECT json_extract(attrs, '$.name') FROM firms WHERE firm_id = '000002.SZ'") == "万科A");
}

TEST_CASE("Chinese column names are recognised without a mapping") {
  testing::ScratchDir dir;
  Connection c = open_store(dir.file("s.db"));
  auto r = import_table(c, ImportKind::kFirms, testing::fixture_path("db/firms_zh.csv"), {});
  CHECK(r.rows_landed == 3);
  CHECK(c.query_string("SELECT province FROM firms WHERE firm_id = '3301960001'") == "浙江");
  CHECK(c.query_int("SELECT founded FROM firms WHERE firm_id = '3502960003'") == 1984);
  CHECK(c.query_int("SELECT founded FROM firms WHERE firm_id = '4403960002'") == 1989);
  // Former names with and without validity years; the bracket in 振业(集团) stays in the name.
  CHECK(c.query_int("SELECT count(*) FROM firm_names WHERE firm_id = '3301960001' AND kind = 'former'") == 2);
  CHECK(c.query_int("SELECT valid_to FROM firm_names WHERE name = '杭州海天纺织有限公司'") == 2004);
  CHECK(c.query_int("SELECT valid_from FROM firm_names WHERE name = '杭州海天纺织有限公司'") == 1998);
  CHECK(c.query_int("SELECT count(*) FROM firm_names WHERE name = '深圳市振业(集团)股份有限公司'") == 1);
}

TEST_CASE("a GBK file is detected and lands the same as its UTF-8 twin") {
  testing::ScratchDir dir;
  Connection a = open_store(dir.file("a.db"));
  Connection b = open_store(dir.file("b.db"));
  auto ra = import_table(a, ImportKind::kFirms, testing::fixture_path("db/firms_zh.csv"), {});
  auto rb = import_table(b, ImportKind::kFirms, testing::fixture_path("db/firms_gbk.csv"), {});
  CHECK(ra.encoding == "utf-8");
  CHECK(rb.encoding == "gb18030");
  const char* q = "SELECT group_concat(firm_id || name_zh || ifnull(name_en,'') || ifnull(province,''), '|') FROM "
                  "(SELECT * FROM firms ORDER BY firm_id)";
  CHECK(a.query_string(q) == b.query_string(q));
  CHECK(b.query_string("SELECT name_zh FROM firms WHERE firm_id = '3301960001'") == "杭州海天纺织进出口有限公司");
}

TEST_CASE("forcing the wrong encoding is an error that names the file, not garbage in the store") {
  testing::ScratchDir dir;
  Connection c = open_store(dir.file("s.db"));
  ImportOptions o;
  o.read.encoding = "utf-8";
  CHECK_THROWS_WITH(import_table(c, ImportKind::kFirms, testing::fixture_path("db/firms_gbk.csv"), o),
                    Catch::Contains("firms_gbk.csv") && Catch::Contains("not UTF-8"));
  CHECK(count(c, "firms") == 0);
}

TEST_CASE("a file with bad rows names line and column and writes nothing") {
  testing::ScratchDir dir;
  Connection c = open_store(dir.file("s.db"));
  try {
    import_table(c, ImportKind::kFirms, testing::fixture_path("db/firms_bad.csv"), {});
    FAIL("expected ImportRejected");
  } catch (const ImportRejected& e) {
    std::string msg = e.what();
    // Line 3 (header is line 1) has no name at all.
    CHECK_THAT(msg, Catch::Contains("firms_bad.csv:3") && Catch::Contains("name_zh") && Catch::Contains("nothing was imported"));
    const auto& rep = e.report();
    REQUIRE(rep.problems.size() == 3);
    CHECK(rep.problems[1].where == 4);
    CHECK(rep.problems[1].column == "founded");
    CHECK_THAT(rep.problems[1].reason, Catch::Contains("二零零五"));
    CHECK(rep.problems[2].where == 6);
    CHECK(rep.problems[2].column == "firm_id");
    CHECK_THAT(rep.problems[2].reason, Catch::Contains("already appears on row 2"));
  }
  CHECK(count(c, "firms") == 0);
  CHECK(count(c, "firm_names") == 0);
  CHECK(count(c, "imports") == 0);
}

TEST_CASE("with a rejects file the good rows land and the bad ones are set aside with reasons") {
  testing::ScratchDir dir;
  Connection c = open_store(dir.file("s.db"));
  ImportOptions o;
  o.rejects_path = dir.file("rejects.csv");
  auto r = import_table(c, ImportKind::kFirms, testing::fixture_path("db/firms_bad.csv"), o);
  CHECK(r.rows_read == 5);
  CHECK(r.rows_landed == 2);
  CHECK(r.rows_rejected == 3);
  CHECK(count(c, "firms") == 2);
  std::string rejects = testing::read_file(o.rejects_path);
  CHECK_THAT(rejects, Catch::StartsWith("firm_id,name_zh,name_en,founded,_line,_column,_reason\n"));
  CHECK_THAT(rejects, Catch::Contains("1003,温州华丰电器有限公司,Wenzhou Huafeng Electric Co.,二零零五,4,founded,"));
  CHECK(std::count(rejects.begin(), rejects.end(), '\n') == 4);
}

TEST_CASE("re-importing the same file changes nothing") {
  testing::ScratchDir dir;
  Connection c = open_store(dir.file("s.db"));
  auto path = testing::fixture_path("db/firms_zh.csv");
  import_table(c, ImportKind::kFirms, path, {});
  auto snapshot = c.query_string("SELECT group_concat(firm_id || name || kind, '|') FROM (SELECT * FROM firm_names ORDER BY 1,2,3)");
  auto again = import_table(c, ImportKind::kFirms, path, {});
  CHECK(again.already_imported);
  CHECK(count(c, "imports") == 1);
  ImportOptions force;
  force.force = true;
  auto forced = import_table(c, ImportKind::kFirms, path, force);
  CHECK_FALSE(forced.already_imported);
  CHECK(forced.firms_new == 0);
  CHECK(forced.firms_changed == 0);
  CHECK(forced.names_added == 0);
  CHECK(count(c, "firms") == 3);
  CHECK(count(c, "imports") == 1);
  CHECK(c.query_string("SELECT group_concat(firm_id || name || kind, '|') FROM (SELECT * FROM firm_names ORDER BY 1,2,3)") == snapshot);
}

TEST_CASE("an updated firm list renames a firm and keeps the old name as a former name") {
  testing::ScratchDir dir;
  Connection c = open_store(dir.file("s.db"));
  import_table(c, ImportKind::kFirms, dir.write("v1.csv", "firm_id,name_zh\nA,温州华丰电器厂\n"), {});
  auto r = import_table(c, ImportKind::kFirms, dir.write("v2.csv", "firm_id,name_zh\nA,温州华丰电器有限公司\n"), {});
  CHECK(r.firms_changed == 1);
  CHECK(c.query_string("SELECT name_zh FROM firms WHERE firm_id = 'A'") == "温州华丰电器有限公司");
  CHECK(c.query_string("SELECT kind FROM firm_names WHERE name = '温州华丰电器厂'") == "former");
  CHECK(c.query_string("SELECT kind FROM firm_names WHERE name = '温州华丰电器有限公司'") == "current");
}

TEST_CASE("an explicit mapping overrides the default column names") {
  testing::ScratchDir dir;
  Connection c = open_store(dir.file("s.db"));
  std::string p = dir.write("m.csv", "代码,全称,简称\nX1,宁波甬港服装有限公司,甬港服装\n");
  ImportOptions o;
  o.mapping = parse_mapping("firm_id=代码, name_zh=全称");
  auto r = import_table(c, ImportKind::kFirms, p, o);
  CHECK(r.rows_landed == 1);
  CHECK(c.query_string("SELECT short_name FROM firms") == "甬港服装");
}

TEST_CASE("a mapping to a column that does not exist lists the columns there are") {
  testing::ScratchDir dir;
  Connection c = open_store(dir.file("s.db"));
  std::string p = dir.write("m.csv", "代码,全称\nX1,某公司\n");
  ImportOptions o;
  o.mapping = parse_mapping("firm_id=企业代码");
  CHECK_THROWS_WITH(import_table(c, ImportKind::kFirms, p, o), Catch::Contains("no column '企业代码'") && Catch::Contains("代码, 全称"));
  CHECK_THROWS_AS(parse_mapping("name_zh"), UserError);
}

TEST_CASE("a file without an id column says how to name one") {
  testing::ScratchDir dir;
  Connection c = open_store(dir.file("s.db"));
  std::string p = dir.write("noid.csv", "企业名称\n某公司\n");
  CHECK_THROWS_WITH(import_table(c, ImportKind::kFirms, p, {}), Catch::Contains("--map firm_id=COLUMN"));
}
