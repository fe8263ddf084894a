// Bridge matching A → B → C on constructed tables. The expected links follow from the join rules
// in matcher/bridge.h and join_keys.h, worked out by hand in the comments.
#include <catch2/catch.hpp>

#include "matcher/bridge.h"
#include "matcher/join_keys.h"
#include "tests/matcher/matcher_fixture.h"

using namespace tradedig::matcher;
using tradedig::testing::test_normalizer;

namespace {

// A: Chinese names (e.g. a customs firm list).
const std::vector<std::string> kA = {
    "佛山市海天调味食品股份有限公司",  // 0: one-to-one, English side differs only in spelling
    "深圳市振业（集團）股份有限公司",  // 1: one-to-one, Chinese side differs only in spelling
    "宁波东方纺织品进出口有限公司",    // 2: \ both registered with one English name:
    "宁波东方服装进出口有限公司",      // 3: / one English name, several firms
    "温州鹿城鞋业有限公司",            // 4: two English names in the registry, both in C
    "成都锦江电器厂",                  // 5: no registry row
    "天津滨海化工有限公司",            // 6: registry row, English name not in C
    "",                                // 7: no name
};
// B: the registry of (Chinese name, English name).
const std::vector<BridgeRow> kB = {
    {"佛山市海天调味食品股份有限公司", "Foshan Haitian Flavouring and Food Co., Ltd."},
    {"深圳市振业(集团)股份有限公司", "Shenzhen Zhenye (Group) Co., Ltd."},
    {"宁波东方纺织品进出口有限公司", "Ningbo Orient Import & Export Co., Ltd."},
    {"宁波东方服装进出口有限公司", "Ningbo Orient Import & Export Co., Ltd."},
    {"温州鹿城鞋业有限公司", "Wenzhou Lucheng Shoes Co., Ltd."},
    {"温州鹿城鞋业有限公司", "Wenzhou Lucheng Footwear Co., Ltd."},
    {"天津滨海化工有限公司", "Tianjin Binhai Chemical Co., Ltd."},
};
// C: English names (e.g. a platform's supplier list).
const std::vector<std::string> kC = {
    "FOSHAN HAITIAN FLAVOURING & FOOD CO LTD",  // 0
    "Shenzhen Zhenye (Group) Co., Ltd.",        // 1
    "Ningbo Orient Imp. & Exp. Co., Ltd.",      // 2
    "Wenzhou Lucheng Shoes Co., Ltd.",          // 3
    "Wenzhou Lucheng Footwear Company Limited", // 4
    "Hangzhou Haitian Electronics Co., Ltd.",   // 5: reached by nothing
};

const BridgeResult& result() {
  static const BridgeResult r = bridge_link(kA, kB, kC, test_normalizer());
  return r;
}

std::vector<BridgeLink> links_of_a(uint32_t a) {
  std::vector<BridgeLink> out;
  for (const auto& l : result().links)
    if (l.a == a) out.push_back(l);
  return out;
}

}  // namespace

TEST_CASE("normalised keys ignore spelling but keep the words", "[bridge]") {
  const auto& norm = test_normalizer();
  CHECK(normalized_name_key("FOSHAN HAITIAN FLAVOURING & FOOD CO LTD", norm) ==
        normalized_name_key("Foshan Haitian Flavouring and Food Co., Ltd.", norm));
  CHECK(normalized_name_key("Ningbo Orient Imp. & Exp. Co., Ltd.", norm) == "ningbo orient import and export");
  CHECK(normalized_name_key("深圳市振业（集團）股份有限公司", norm) == "深圳市振业(集团)股份有限公司");
  CHECK(normalized_name_key("TCL 集团", norm) == "tcl集团");
  CHECK(normalized_name_key("Wenzhou Lucheng Shoes Co., Ltd.", norm) !=
        normalized_name_key("Wenzhou Lucheng Footwear Co., Ltd.", norm));
  CHECK(normalized_name_key(" - ", norm).empty());
}

TEST_CASE("a chain with one row at each step is a one-to-one link", "[bridge]") {
  auto l0 = links_of_a(0);
  REQUIRE(l0.size() == 1);
  CHECK(l0[0].b == 0);
  CHECK(l0[0].c == 0);
  CHECK(l0[0].a_join == JoinLevel::kExact);
  CHECK(l0[0].c_join == JoinLevel::kNormalized);
  CHECK_FALSE(l0[0].ambiguous());

  auto l1 = links_of_a(1);
  REQUIRE(l1.size() == 1);
  CHECK(l1[0].c == 1);
  CHECK(l1[0].a_join == JoinLevel::kNormalized);
  CHECK(l1[0].c_join == JoinLevel::kExact);
  CHECK_FALSE(l1[0].ambiguous());
  CHECK(result().one_to_one == 2);
}

TEST_CASE("an English name that reaches several firms is reported as ambiguous", "[bridge]") {
  for (uint32_t a : {2u, 3u}) {
    auto l = links_of_a(a);
    REQUIRE(l.size() == 1);
    CHECK(l[0].c == 2);
    CHECK(l[0].a_count == 2);
    CHECK(l[0].c_count == 1);
    CHECK(l[0].ambiguous());
  }
}

TEST_CASE("a firm that reaches several English names is reported as ambiguous", "[bridge]") {
  auto l = links_of_a(4);
  REQUIRE(l.size() == 2);
  CHECK(l[0].c == 3);
  CHECK(l[0].b == 4);
  CHECK(l[1].c == 4);
  CHECK(l[1].b == 5);
  CHECK(l[1].c_join == JoinLevel::kNormalized);
  for (const auto& x : l) {
    CHECK(x.c_count == 2);
    CHECK(x.a_count == 1);
    CHECK(x.ambiguous());
  }
}

TEST_CASE("rows without a bridge row or without a match in C are listed, not linked", "[bridge]") {
  CHECK(result().a_without_bridge == std::vector<uint32_t>{5, 7});
  CHECK(result().a_without_c == std::vector<uint32_t>{6});
  CHECK(links_of_a(5).empty());
  CHECK(links_of_a(6).empty());
  CHECK(result().links.size() == 6);
}

TEST_CASE("an exact join is preferred to a normalised one", "[bridge]") {
  // The A name meets B row 0 exactly; B row 1 only after normalisation, so it is not used.
  std::vector<BridgeRow> b = {{"海天（集团）", "Haitian Group"}, {"海天(集团)", "Haitian Holdings"}};
  BridgeResult r = bridge_link({"海天（集团）"}, b, {"Haitian Group", "Haitian Holdings"}, test_normalizer());
  REQUIRE(r.links.size() == 1);
  CHECK(r.links[0].b == 0);
  CHECK(r.links[0].c == 0);
  CHECK_FALSE(r.links[0].ambiguous());
}
