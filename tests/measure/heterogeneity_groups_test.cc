#include "measure/heterogeneity_groups.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "tests/test_support.h"
#include "util/error.h"

using namespace tradedig;
using namespace tradedig::measure;

namespace {
const double na = std::nan("");
}

TEST_CASE("NBS 2017 industrial size classes need both lower bounds, micro only one", "[heterogeneity_groups]") {
  // The rule (国统字〔2017〕213号, industry): large X >= 1000 and Y >= 40000; medium X >= 300 and
  // Y >= 2000; small X >= 20 and Y >= 300; otherwise micro; a class whose bounds are not both met
  // falls one class. X employees, Y revenue in 10k yuan. Each row below is that rule by hand.
  struct Case {
    double employees, revenue;
    SizeClass expected;
  };
  using S = SizeClass;
  const Case cases[] = {
      {1000, 40000, S::kLarge}, {999, 40000, S::kMedium}, {1000, 39999.99, S::kMedium}, {1500, 5000, S::kMedium},
      {5000, 100, S::kMicro},   {300, 2000, S::kMedium},  {300, 1999, S::kSmall},       {299, 2000, S::kSmall},
      {300, 1e6, S::kMedium},   {20, 300, S::kSmall},     {19, 1e6, S::kMicro},         {20, 299.5, S::kMicro},
      {na, 100, S::kMicro},     {10, na, S::kMicro},      {na, 5000, S::kMissing},      {500, na, S::kMissing},
      {0, 5000, S::kMissing},   {-3, 100, S::kMicro},     {500, -1, S::kMissing},       {25, 0, S::kMicro},
  };
  for (const auto& c : cases) {
    INFO("employees " << c.employees << ", revenue " << c.revenue);
    CHECK(nbs2017_industrial_size(c.employees, c.revenue) == c.expected);
  }
}

TEST_CASE("money units convert revenue to 10k yuan before classifying", "[heterogeneity_groups]") {
  CHECK(to_10k_yuan_factor("thousand") == 0.1);
  CHECK(to_10k_yuan_factor("10k") == 1);
  CHECK(to_10k_yuan_factor("万元") == 1);
  CHECK(to_10k_yuan_factor("yuan") == 1e-4);
  CHECK(to_10k_yuan_factor("million") == 100);
  CHECK_THROWS_AS(to_10k_yuan_factor("dollars"), UserError);
  // 400,000 thousand yuan = 40,000 10k yuan: large at exactly the bound; 300 employees with
  // 20,000 thousand = 2,000 10k: medium at exactly its bounds.
  testing::ScratchDir dir;
  auto s = load_firm_survey(dir.write("s.csv",
                                      "firm_id,year,employees,营业收入\n"
                                      "A,2010,1000,400000\n"
                                      "B,2010,300,20000\n"
                                      "C,2010,300,19999\n"
                                      "D,2010,,\n"));
  auto g = heterogeneity_groups(s);
  CHECK(g.size_class[0] == 4);
  CHECK(g.size_class[1] == 3);
  CHECK(g.size_class[2] == 2);
  CHECK(std::isnan(g.size_class[3]));
  CHECK(g.small_micro[0] == 0);
  CHECK(g.small_micro[1] == 0);
  CHECK(g.small_micro[2] == 1);
  CHECK(std::isnan(g.small_micro[3]));
  CHECK(g.size_counts[0] == 1);
  // Read as 10k yuan, C's 19,999 clears the medium bound (2,000) but 300 staff stay below large.
  auto in_10k = heterogeneity_groups(s, {.money_unit = "10k"});
  CHECK(in_10k.size_class[0] == 4);
  CHECK(in_10k.size_class[2] == 3);
}

TEST_CASE("the capital-intensive group is the top third as Stata's xtile cuts it", "[heterogeneity_groups]") {
  // Cut points from R 4.2 (type 2 = Stata's _pctile):
  //   quantile(1:6, 2/3, type = 2) = 4.5; quantile(1:7, 2/3, type = 2) = 5;
  //   quantile(c(1,2,2,2,3,3), 2/3, type = 2) = 2.5; quantile(c(1,2,2,2,2,2), 2/3, type = 2) = 2
  struct Case {
    std::vector<double> x, top;
  };
  const Case cases[] = {
      {{1, 2, 3, 4, 5, 6}, {0, 0, 0, 0, 1, 1}},
      {{7, 1, 6, 2, 5, 3, 4}, {1, 0, 1, 0, 0, 0, 0}},
      {{3, 2, 2, 1, 2, 3}, {1, 0, 0, 0, 0, 1}},
      {{1, 2, 2, 2, 2, 2}, {0, 0, 0, 0, 0, 0}},  // ties at the cut stay together below it
      {{1, 2, 3}, {0, 0, 1}},
      {{5}, {0}},
  };
  for (const auto& c : cases) {
    auto got = top_tercile(c.x, std::vector<int16_t>(c.x.size(), 2005));
    CHECK(got == c.top);
  }
  // By group: each year has its own cut; NaN stays NaN.
  auto got = top_tercile({1, 2, 3, 10, 20, 30, na}, {2005, 2005, 2005, 2006, 2006, 2006, 2006});
  CHECK(got[2] == 1);
  CHECK(got[5] == 1);
  CHECK(got[3] == 0);
  CHECK(std::isnan(got[6]));
}

TEST_CASE("capital terciles per year or pooled come from fixed assets per employee", "[heterogeneity_groups]") {
  testing::ScratchDir dir;
  // Fixed assets per employee: 2005: 1, 2, 3; 2006: 10, 20, 30.
  auto s = load_firm_survey(dir.write("s.csv",
                                      "firm_id,year,employees,fixed_assets,founded\n"
                                      "A,2005,10,10,2005\nB,2005,10,20,2004\nC,2005,10,30,2003\n"
                                      "A,2006,10,100,2005\nB,2006,10,200,2004\nC,2006,0,300,\n"));
  // R 4.2: quantile(c(1,2,3), 2/3, type = 2) = 2.5; quantile(c(10,20), 2/3, type = 2) = 20;
  //        quantile(c(1,2,3,10,20), 2/3, type = 2) = 10.
  // By year: 2005 cuts at 2.5, so C is capital-intensive; 2006 has two values (C has no employees)
  // and cuts at the larger, so no firm is above it.
  auto by_year = heterogeneity_groups(s);
  const std::vector<double> by_year_top = {0, 0, 1, 0, 0};
  for (size_t i = 0; i < 5; ++i) CHECK(by_year.cap_intensive[i] == by_year_top[i]);
  CHECK(std::isnan(by_year.cap_intensive[5]));
  CHECK(by_year.cap_rows == 5);
  CHECK(by_year.cap_intensive_rows == 1);
  // Pooled over 1, 2, 3, 10, 20: the cut is 10 and only 20 is above.
  auto pooled = heterogeneity_groups(s, {.capital_terciles_by_year = false});
  const std::vector<double> pooled_top = {0, 0, 0, 0, 1};
  for (size_t i = 0; i < 5; ++i) CHECK(pooled.cap_intensive[i] == pooled_top[i]);
  CHECK(std::isnan(pooled.cap_intensive[5]));
  // Age = year − founded + 1: A 2005 → 1, B 2005 → 2, C 2005 → 3, A 2006 → 2, B 2006 → 3.
  CHECK(by_year.startup[0] == 1);
  CHECK(by_year.startup[1] == 1);
  CHECK(by_year.startup[2] == 0);
  CHECK(by_year.startup[3] == 1);
  CHECK(by_year.startup[4] == 0);
  CHECK(std::isnan(by_year.startup[5]));
  CHECK(by_year.age_rows == 5);
  CHECK(by_year.startup_rows == 3);
  CHECK(startup_indicator(2) == 1);
  CHECK(startup_indicator(3) == 0);
  CHECK(std::isnan(startup_indicator(0)));
  CHECK(std::isnan(startup_indicator(na)));
}

TEST_CASE("ordinary trade is the firm-year's ordinary share of export value at or above one half",
          "[heterogeneity_groups]") {
  db::CustomsColumns c;
  c.firm_names = {"A", "B", "C"};
  c.dest_names = {"US"};
  c.product_codes = {"61091000"};
  c.mode_names = {"", "0110", "一般贸易", "进料加工贸易"};
  auto add = [&](int32_t f, int16_t t, int32_t mode, double v) {
    c.firm.push_back(f);
    c.dest.push_back(0);
    c.product.push_back(0);
    c.mode.push_back(mode);
    c.year.push_back(t);
    c.month.push_back(1);
    c.value.push_back(v);
    c.quantity.push_back(1);
  };
  add(0, 2005, 2, 100);  // A 2005: 100 ordinary of 200 known → 0.5 exactly → ordinary
  add(0, 2005, 3, 100);
  add(0, 2005, 0, 500);  // no mode: left out
  add(0, 2006, 1, 49);   // A 2006: code 0110 = ordinary, 49 of 100 → other
  add(0, 2006, 3, 51);
  add(1, 2005, 0, 10);  // B 2005: no mode at all → missing
  add(2, 2005, 3, 10);  // C 2005: processing only → 0
  add(2, 2005, 2, 0);   // value 0: ignored
  auto r = ordinary_trade_split(c);
  REQUIRE(r.ordinary_share.size() == 4);
  CHECK(r.ordinary_share[0].value == 0.5);
  CHECK(r.ordinary_trade[0].value == 1);
  CHECK(r.ordinary_share[1].value == Approx(0.49));
  CHECK(r.ordinary_trade[1].value == 0);
  CHECK(std::isnan(r.ordinary_trade[2].value));
  CHECK(r.ordinary_share[3].value == 0);
  CHECK(r.ordinary_trade[3].value == 0);
  CHECK(r.rows_without_mode == 2);
  CHECK(r.firm_years_without == 1);
  CHECK(r.ordinary_modes == std::vector<std::string>{"0110", "一般贸易"});
  CHECK(r.other_modes == std::vector<std::string>{"进料加工贸易"});
  auto strict = ordinary_trade_split(c, 0.6);
  CHECK(strict.ordinary_trade[0].value == 0);

  for (const char* m : {"一般贸易", " ordinary ", "General Trade", "10", "0110"}) CHECK(is_ordinary_trade_mode(m));
  for (const char* m : {"进料加工贸易", "来料加工装配贸易", "14", "", "ordinary-ish"})
    CHECK_FALSE(is_ordinary_trade_mode(m));
}
