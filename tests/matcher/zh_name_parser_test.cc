#include <catch2/catch.hpp>

#include <fstream>
#include <iostream>

#include "tests/matcher/matcher_fixture.h"

using namespace tradedig::matcher;
using tradedig::testing::test_lexicons;
using tradedig::testing::test_normalizer;

namespace {
ZhName parse(const std::string& s) { return parse_zh_name(s, test_normalizer(), test_lexicons()); }
}  // namespace

TEST_CASE("a Chinese name splits into region, brand, industry and legal form", "[matcher]") {
  ZhName z = parse("深圳市海天电子科技有限公司");
  CHECK(z.region == "深圳市");
  CHECK(z.brand == "海天");
  CHECK(z.industry == "电子科技");
  CHECK(z.legal_form == "有限公司");
}

TEST_CASE("stacked region prefixes are all taken as the region", "[matcher]") {
  ZhName z = parse("广东省深圳市华强电子有限公司");
  CHECK(z.region == "广东省深圳市");
  CHECK(z.brand == "华强");
}

TEST_CASE("a region in brackets before the legal form is taken as the region", "[matcher]") {
  ZhName z = parse("企帮宝信息科技（甘肃）有限公司");
  CHECK(z.region == "甘肃");
  CHECK(z.brand == "企帮宝");
  CHECK(z.legal_form == "有限公司");
}

TEST_CASE("a bracketed group marker belongs to the legal form", "[matcher]") {
  ZhName z = parse("深圳市振业(集团)股份有限公司");
  CHECK(z.brand == "振业");
  CHECK(z.legal_form == "(集团)股份有限公司");
}

TEST_CASE("traditional and full-width input parses like simplified ASCII input", "[matcher]") {
  ZhName a = parse("深圳市振業（集團）股份有限公司");
  ZhName b = parse("深圳市振业(集团)股份有限公司");
  CHECK(a.normalized == b.normalized);
  CHECK(a.brand == b.brand);
}

TEST_CASE("the brand is never reduced below two characters by region stripping", "[matcher]") {
  ZhName z = parse("北京有限公司");
  CHECK(!z.core().empty());
}

TEST_CASE("brand extraction accuracy on the companynameparser gold set is measured", "[matcher][gold]") {
  std::ifstream in(tradedig::testing::shared_path("data/names/companynameparser/groundtruth.txt"));
  REQUIRE(in);
  std::string line;
  int total = 0, correct = 0;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    size_t sp = line.find(' ');
    std::string name = line.substr(0, sp);
    std::string gold = sp == std::string::npos ? "" : line.substr(sp + 1);
    ZhName z = parse(name);
    ++total;
    if (z.brand == gold) {
      ++correct;
    } else if (std::getenv("TRADEDIG_SHOW_ERRORS")) {
      std::cout << name << "\tgold=" << gold << "\tgot=" << z.brand << "\tregion=" << z.region << "\tind=" << z.industry << "\n";
    }
  }
  double acc = static_cast<double>(correct) / total;
  std::cout << "字号 extraction: " << correct << "/" << total << " = " << acc << "\n";
  CHECK(total == 500);
  CHECK(acc >= 0.92);  // measured 464/500 = 0.928
}
