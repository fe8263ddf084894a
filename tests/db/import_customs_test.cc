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
}  // namespace

TEST_CASE("customs rows land with year and month from a year-month column") {
  testing::ScratchDir dir;
  Connection c = open_store(dir.file("s.db"));
  auto r = import_table(c, ImportKind::kCustoms, testing::fixture_path("db/customs_small.csv"), {});
  CHECK(r.rows_landed == 4);
  CHECK(c.query_int("SELECT count(*) FROM customs WHERE year = 2005 AND month = 3") == 1);
  CHECK(c.query_int("SELECT month FROM customs WHERE src_line = 4") == 11);
  CHECK(c.query_string("SELECT dest FROM customs WHERE src_line = 5") == "韩国");
  // Zero values are kept at import; the cleaning step drops them and reports it.
  CHECK(c.query_int("SELECT count(*) FROM customs WHERE value_usd = 0") == 1);
}

TEST_CASE("an HS code that lost its leading zero in a numeric column gets it back") {
  testing::ScratchDir dir;
  Connection c = open_store(dir.file("s.db"));
  import_table(c, ImportKind::kCustoms, testing::fixture_path("db/customs_small.csv"), {});
  CHECK(c.query_string("SELECT hs8 FROM customs WHERE src_line = 3") == "06109100");
  CHECK(c.query_string("SELECT hs8 FROM customs WHERE src_line = 2") == "61091000");
}

TEST_CASE("a value that is not a number rejects the whole customs file") {
  testing::ScratchDir dir;
  Connection c = open_store(dir.file("s.db"));
  std::string p = dir.write("c.csv",
                            "firm_id,year,hs8,dest,value_usd\n"
                            "A,2005,61091000,US,100\n"
                            "A,2005,61091000,US,1,200\n"
                            "A,2005,61091000,US,n/a\n");
  try {
    import_table(c, ImportKind::kCustoms, p, {});
    FAIL("expected ImportRejected");
  } catch (const ImportRejected& e) {
    const auto& rep = e.report();
    REQUIRE(rep.problems.size() == 2);
    CHECK(rep.problems[0].where == 3);
    CHECK_THAT(rep.problems[0].reason, Catch::Contains("6 fields; the header has 5"));
    CHECK(rep.problems[1].where == 4);
    CHECK(rep.problems[1].column == "value_usd");
    CHECK_THAT(describe_problem(rep, rep.problems[1]), Catch::Contains("c.csv:4: column value_usd: 'n/a' is not a number"));
  }
  CHECK(c.query_int("SELECT count(*) FROM customs") == 0);
}

TEST_CASE("forcing a re-import replaces the rows of the first import instead of doubling them") {
  testing::ScratchDir dir;
  Connection c = open_store(dir.file("s.db"));
  auto path = testing::fixture_path("db/customs_small.csv");
  import_table(c, ImportKind::kCustoms, path, {});
  ImportOptions o;
  o.force = true;
  auto r = import_table(c, ImportKind::kCustoms, path, o);
  CHECK(r.replaced_rows == 4);
  CHECK(c.query_int("SELECT count(*) FROM customs") == 4);
  CHECK(c.query_int("SELECT count(*) FROM imports") == 1);
}

TEST_CASE("ICP records obtained in bulk import as observations") {
  testing::ScratchDir dir;
  Connection c = open_store(dir.file("s.db"));
  std::string p = dir.write("icp.csv",
                            "unitName,mainLicence,serviceLicence,natureName,domain,updateRecordTime,observed_at\n"
                            "深圳市腾讯计算机系统有限公司,粤B2-20090059,粤B2-20090059-5,企业,qq.com,2023-10-18 10:27:25,2024-01-05\n");
  ImportOptions o;
  o.observation_source = "icp-bulk";
  auto r = import_table(c, ImportKind::kObservations, p, o);
  CHECK(r.kind == "observations:icp");
  CHECK(r.rows_landed == 1);
  CHECK(c.query_string("SELECT approved_at FROM v_icp_records") == "2023-10-18");
  CHECK(c.query_string("SELECT source FROM observations") == "icp-bulk");
}

TEST_CASE("platform memberships import with their raw labels") {
  testing::ScratchDir dir;
  Connection c = open_store(dir.file("s.db"));
  std::string p = dir.write("m.csv",
                            "source,company_name,url,raw_label,years,observed_at\n"
                            "alibaba,Hangzhou Haitian Textile Co.,https://haitian.en.alibaba.com,6 yrs,6,2024-05-01\n");
  auto r = import_table(c, ImportKind::kObservations, p, {});
  CHECK(r.kind == "observations:membership");
  CHECK(c.query_int("SELECT years_on_platform FROM v_memberships") == 6);
}
