#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <string>
#include <unordered_map>

#include "db/import.h"
#include "db/schema.h"
#include "measure/quality.h"
#include "measure/quality_run.h"
#include "tests/test_support.h"
#include "util/error.h"

using namespace tradedig;
using namespace tradedig::measure;

TEST_CASE("wholesale and retail industries mark trade intermediaries", "[intermediaries]") {
  // GB/T 4754-2011/2017: division 51 批发业, 52 零售业; codes with or without the section letter F.
  struct Case {
    const char* industry;
    bool intermediary;
  };
  const Case cases[] = {
      {"5171", true},   {"F5171", true},  {"f 5212", true},         {"51", true},    {"52", true},
      {"批发业", true}, {"零售业", true}, {"F 批发和零售业", true}, {"1711", false}, {"C1711", false},
      {"5", false},     {"", false},      {"纺织业", false},        {"6311", false}, {"制造业", false},
  };
  for (const auto& c : cases) {
    INFO(c.industry);
    CHECK(is_intermediary_industry(c.industry) == c.intermediary);
  }
  // Under GB/T 4754-2002 wholesale and retail were divisions 63 and 65.
  CHECK(is_intermediary_industry("6311", {"63", "65"}));
  CHECK_FALSE(is_intermediary_industry("5171", {"63", "65"}));
}

TEST_CASE("the industry rule picks firms by firms.industry and combines with the name rule", "[intermediaries]") {
  db::CustomsColumns c;
  c.firm_names = {"A", "B", "C", "D"};
  const std::unordered_map<std::string, std::string> industries = {{"A", "5171"}, {"B", "1711"}, {"D", "F52"}};
  CHECK(intermediary_firms_by_industry(c, industries) == std::vector<int32_t>{0, 3});

  testing::ScratchDir dir;
  db::Connection store = db::open_store(dir.file("s.db"));
  // F1 a wholesaler by industry, F2 a 进出口 company by name, F3 and F4 manufacturers.
  db::import_table(store, db::ImportKind::kFirms,
                   dir.write("firms.csv",
                             "firm_id,name_zh,industry\n"
                             "F1,甲批发有限公司,5171\n"
                             "F2,乙进出口有限公司,1711\n"
                             "F3,丙纺织有限公司,1711\n"
                             "F4,丁服装有限公司,1810\n"),
                   {});
  std::string rows = "firm_id,year,month,hs8,dest,value_usd,quantity\n";
  for (const char* f : {"F1", "F2", "F3", "F4"}) {
    rows += fmt::format("{},2005,1,61091000,US,100,10\n", f);
    rows += fmt::format("{},2005,2,61091000,JP,120,10\n", f);
  }
  db::import_table(store, db::ImportKind::kCustoms, dir.write("customs.csv", rows), {});
  QualityRunOptions o;
  o.variants = {"QKL"};
  o.trim = false;
  struct Case {
    const char* rule;
    size_t by_name, by_industry, dropped;
    int64_t firms_in_quality;
  };
  const Case cases[] = {{"none", 0, 0, 0, 4}, {"name", 1, 0, 1, 3}, {"industry", 0, 1, 1, 3}, {"both", 1, 1, 2, 2}};
  for (const auto& k : cases) {
    INFO(k.rule);
    o.intermediaries = k.rule;
    auto rep = run_quality(store, o);
    CHECK(rep.intermediaries_by_name == k.by_name);
    CHECK(rep.intermediaries_by_industry == k.by_industry);
    CHECK(rep.intermediaries_dropped == k.dropped);
    CHECK(store.query_int("SELECT count(DISTINCT firm_id) FROM quality WHERE variant = 'QKL'") == k.firms_in_quality);
  }
  o.intermediaries = "industry";
  CHECK(
      describe(run_quality(store, o), o.cap).find("trade intermediaries (industry): 0 firms by name, 1 by industry") !=
      std::string::npos);
  o.intermediaries = "names";
  CHECK_THROWS_AS(run_quality(store, o), UserError);
}
