#include <catch2/catch.hpp>

#include "db/import.h"
#include "db/schema.h"
#include "tests/test_support.h"
#include "util/progress.h"

using namespace tradedig;
using namespace tradedig::db;

TEST_CASE("imported ICP records carry the year encoded in their licence number", "[import_observations]") {
  Progress::set_enabled(false);
  testing::ScratchDir dir;
  Connection c = open_store(dir.file("s.db"));
  // Licence shapes from SOURCES.md §0.1/§1.4: 粤B2-20090059 (qq.com) → 2009, 京ICP备10046444号 (mi.cn)
  // → 2010, 京ICP证030173号 → 2003; a row with only a site licence falls back to it; an unreadable
  // licence leaves the year empty rather than guessing.
  std::string p = dir.write("icp.csv",
                            "unitName,mainLicence,serviceLicence,domain,updateRecordTime,observed_at\n"
                            "深圳市腾讯计算机系统有限公司,粤B2-20090059,粤B2-20090059-5,qq.com,"
                            "2023-10-18 10:27:25,2024-01-05\n"
                            "小米科技有限责任公司,京ICP备10046444号,京ICP备10046444号-9,mi.cn,"
                            "2021-08-16 13:55:56,2024-01-05\n"
                            "某公司,京ICP证030173号,,a.cn,2020-01-01,2024-01-05\n"
                            "某网站,未知,苏ICP备2021012345号-1,b.cn,2022-01-01,2024-01-05\n"
                            "某单位,pending,,c.cn,2022-01-01,2024-01-05\n");
  ImportOptions o;
  o.observation_source = "icp-bulk";
  auto r = import_table(c, ImportKind::kObservations, p, o);
  REQUIRE(r.rows_landed == 5);
  auto year_of = [&](const char* domain) {
    return c.query_int(std::string("SELECT licence_year FROM icp_records WHERE domain = '") + domain + "'");
  };
  CHECK(year_of("qq.com") == 2009);
  CHECK(year_of("mi.cn") == 2010);
  CHECK(year_of("a.cn") == 2003);
  CHECK(year_of("b.cn") == 2021);
  CHECK_FALSE(year_of("c.cn").has_value());
}
