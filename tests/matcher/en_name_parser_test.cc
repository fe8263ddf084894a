#include <catch2/catch.hpp>

#include "tests/matcher/matcher_fixture.h"

using namespace tradedig::matcher;
using tradedig::testing::test_normalizer;

namespace {
std::vector<std::string> tokens(const std::string& s) { return parse_en_name(s, test_normalizer()).tokens; }
using V = std::vector<std::string>;
}  // namespace

TEST_CASE("every spelling of the legal form is dropped from an English name", "[matcher]") {
  for (const char* name : {"Ping An Bank Co., Ltd.", "Ping An Bank Co.,Ltd", "Ping An Bank Company Limited",
                           "PING AN BANK CORPORATION", "Ping An Bank Co.Ltd.", "Ping An Bank Inc."})
    CHECK(tokens(name) == V{"ping", "an", "bank"});
}

TEST_CASE("common abbreviations in English names are expanded", "[matcher]") {
  CHECK(tokens("Ningbo Imp. & Exp. Co., Ltd.") == V{"ningbo", "import", "and", "export"});
  CHECK(tokens("Haier Intl Mfg Co") == V{"haier", "international", "manufacturing"});
}

TEST_CASE("place words and apostrophes do not become tokens", "[matcher]") {
  CHECK(tokens("Guangdong Provincial Expressway Development Co.,Ltd.") == V{"guangdong", "expressway", "development"});
  CHECK(tokens("Xi'An Shaangu Power Co.,Ltd.") == V{"xian", "shaangu", "power"});
}

TEST_CASE("a name made only of legal words keeps its words", "[matcher]") {
  CHECK(tokens("Limited Company") == V{"limited", "company"});
  CHECK(!tokens("Co.").empty());
}

TEST_CASE("legal forms in the middle of an English name are dropped too", "[matcher]") {
  CHECK(tokens("Lonkey Industrial Co.,Ltd.Guangzhou") == V{"lonkey", "industrial", "guangzhou"});
}
