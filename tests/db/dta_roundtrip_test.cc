#include <catch2/catch.hpp>
#include <readstat.h>

#include <map>

#include "db/export.h"
#include "db/import.h"
#include "db/schema.h"
#include "db/table_reader.h"
#include "tests/test_support.h"
#include "util/progress.h"

using namespace tradedig;
using namespace tradedig::db;

namespace {
struct Quiet {
  Quiet() { Progress::set_enabled(false); }
};
const Quiet quiet;

// Variable names, types and labels of a .dta file, read with ReadStat directly.
struct DtaMeta {
  std::map<std::string, std::string> labels;
  std::map<std::string, readstat_type_t> types;
  int rows = -1;
};
DtaMeta read_meta(const std::string& path) {
  DtaMeta m;
  readstat_parser_t* p = readstat_parser_init();
  readstat_set_metadata_handler(p, [](readstat_metadata_t* md, void* ctx) -> int {
    static_cast<DtaMeta*>(ctx)->rows = readstat_get_row_count(md);
    return READSTAT_HANDLER_OK;
  });
  readstat_set_variable_handler(p, [](int, readstat_variable_t* v, const char*, void* ctx) -> int {
    auto* mm = static_cast<DtaMeta*>(ctx);
    const char* label = readstat_variable_get_label(v);
    mm->labels[readstat_variable_get_name(v)] = label ? label : "";
    mm->types[readstat_variable_get_name(v)] = readstat_variable_get_type(v);
    return READSTAT_HANDLER_OK;
  });
  REQUIRE(readstat_parse_dta(p, path.c_str(), &m) == READSTAT_OK);
  readstat_parser_free(p);
  return m;
}
}  // namespace

TEST_CASE("a table exported to .dta and imported back gives the same rows") {
  testing::ScratchDir dir;
  Connection c = open_store(dir.file("s.db"));
  import_table(c, ImportKind::kFirms, testing::shared_path("data/names/astock_fullname_enname_2021.csv"), {});
  auto rep = export_query(c, select_all_sql(c, "firms"), ExportFormat::kDta, dir.file("firms.dta"), "firms");
  CHECK(rep.rows == 4136);

  Connection back = open_store(dir.file("back.db"));
  auto r = import_table(back, ImportKind::kFirms, dir.file("firms.dta"), {});
  CHECK(r.encoding == "dta");
  CHECK(r.rows_landed == 4136);
  const char* q = "SELECT group_concat(firm_id || '|' || ifnull(name_zh,'') || '|' || ifnull(name_en,'') || '|' || "
                  "ifnull(province,'') || '|' || ifnull(industry,''), '\n') FROM (SELECT * FROM firms ORDER BY firm_id)";
  auto original = c.query_string(q);
  auto roundtrip = back.query_string(q);
  REQUIRE(original);
  CHECK(original == roundtrip);
}

TEST_CASE("exported .dta files carry variable labels and the narrowest Stata types") {
  testing::ScratchDir dir;
  Connection c = open_store(dir.file("s.db"));
  c.exec("INSERT INTO firm_year(firm_id, year, export_value, n_shipments, QSY) VALUES "
         "('A', 2005, 1234.5, 3, 0.25), ('A', 2006, NULL, 40000, 0.5), ('B', 2005, 99, 1, NULL)");
  auto rep = export_query(c, select_all_sql(c, "firm_year"), ExportFormat::kDta, dir.file("fy.dta"), "firm_year");
  CHECK(rep.rows == 3);
  auto m = read_meta(dir.file("fy.dta"));
  CHECK(m.rows == 3);
  CHECK(m.labels["QSY"] == "Export quality, Soderbery HS4 sigma (baseline)");
  CHECK(m.types["year"] == READSTAT_TYPE_INT16);
  CHECK(m.types["n_shipments"] == READSTAT_TYPE_INT32);
  CHECK(m.types["QSY"] == READSTAT_TYPE_DOUBLE);
  CHECK(m.types["firm_id"] == READSTAT_TYPE_STRING);

  // Missing values come back missing, numbers exactly.
  auto reader = open_table(dir.file("fy.dta"));
  std::vector<std::string_view> f;
  int64_t where;
  std::map<std::string, size_t> col;
  for (size_t i = 0; i < reader->columns().size(); ++i) col[reader->columns()[i]] = i;
  REQUIRE(reader->next(f, where));
  CHECK(f[col["export_value"]] == "1234.5");
  REQUIRE(reader->next(f, where));
  CHECK(f[col["export_value"]].empty());
  CHECK(f[col["n_shipments"]] == "40000");
}

TEST_CASE("column names Stata cannot hold are renamed and the rename is reported") {
  testing::ScratchDir dir;
  Connection c = open_store(dir.file("s.db"));
  auto rep = export_query(c, "SELECT 1 AS \"2nd try\", 'x' AS \"in\", 3.5 AS 企业规模", ExportFormat::kDta, dir.file("q.dta"));
  auto m = read_meta(dir.file("q.dta"));
  CHECK(m.types.count("_2nd_try") == 1);
  CHECK(m.types.count("in_") == 1);
  CHECK(m.types.count("企业规模") == 1);
  CHECK(rep.notes.size() == 2);
}

TEST_CASE("text longer than Stata's str2045 is written as strL") {
  testing::ScratchDir dir;
  Connection c = open_store(dir.file("s.db"));
  std::string long_text(5000, 'a');
  c.exec("CREATE TABLE t(body TEXT)");
  auto ins = c.prepare("INSERT INTO t VALUES (?)");
  ins.bind(1, long_text);
  ins.run();
  auto rep = export_query(c, "SELECT * FROM t", ExportFormat::kDta, dir.file("t.dta"));
  REQUIRE(rep.notes.size() == 1);
  CHECK_THAT(rep.notes[0], Catch::Contains("strL"));
  // ReadStat reports strL variables as strings; the full length coming back proves it is not str2045.
  auto m = read_meta(dir.file("t.dta"));
  CHECK(m.types["body"] == READSTAT_TYPE_STRING);
  auto reader = open_table(dir.file("t.dta"));
  std::vector<std::string_view> f;
  int64_t where;
  REQUIRE(reader->next(f, where));
  CHECK(f[0] == long_text);
}

TEST_CASE("a failed export leaves no partial file behind") {
  testing::ScratchDir dir;
  Connection c = open_store(dir.file("s.db"));
  CHECK_THROWS_AS(export_query(c, "SELECT * FROM no_such_table", ExportFormat::kCsv, dir.file("x.csv")), UserError);
  CHECK_FALSE(std::filesystem::exists(dir.file("x.csv")));
  CHECK_FALSE(std::filesystem::exists(dir.file("x.csv.partial")));
  CHECK_THROWS_WITH(select_all_sql(c, "firmz"), Catch::Contains("no table or view named 'firmz'") && Catch::Contains("firms"));
}

TEST_CASE("CSV export quotes fields that need it and writes NULL as empty") {
  testing::ScratchDir dir;
  Connection c = open_store(dir.file("s.db"));
  c.exec("INSERT INTO firms(firm_id, name_zh, name_en) VALUES ('A', '某公司', 'Some Co., Ltd. \"X\"'), ('B', '乙公司', NULL)");
  export_query(c, "SELECT firm_id, name_zh, name_en FROM firms ORDER BY firm_id", ExportFormat::kCsv, dir.file("f.csv"));
  CHECK(testing::read_file(dir.file("f.csv")) == "firm_id,name_zh,name_en\nA,某公司,\"Some Co., Ltd. \"\"X\"\"\"\nB,乙公司,\n");
}
