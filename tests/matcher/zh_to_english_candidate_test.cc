// A Chinese name reaches a firm that a list knows only by its English name (issue 5, bench_match:
// 22,491 such listed firms were never found, as English candidates met English queries only).
// The Chinese name is aligned to the English names by the cross-script scorer of link_en, the
// other way round (NameLinker::link_zh_en).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "matcher/observation_linker.h"

using tradedig::matcher::Decision;
using tradedig::matcher::FirmNameEntry;
using tradedig::matcher::NameLinker;
using tradedig::matcher::ObservationLinker;

namespace {

// Two firms known only in English, two only in Chinese (constructed names: region and 字号 in
// pinyin, industry words translated, as foreign-trade operators write them).
std::vector<FirmNameEntry> mixed_list() {
  return {
      {"en-haitian", "Shenzhen Haitian Technology Co., Ltd.", false},
      {"zh-bytedance", "北京字节跳动科技有限公司", true},
      {"zh-wahaha", "杭州娃哈哈集团有限公司", true},
      {"en-tianhai", "Ningbo Tianhai Import & Export Co., Ltd.", false},
  };
}

}  // namespace

TEST_CASE("a Chinese name links to a firm whose only name in the list is English", "[matcher][zh_to_en]") {
  ObservationLinker linker(mixed_list());
  // The Chinese registered names of the two English-only firms: region + 字号 + industry + form.
  for (const auto& [zh, firm] : std::vector<std::pair<std::string, std::string>>{
           {"深圳市海天科技有限公司", "en-haitian"}, {"宁波天海进出口有限公司", "en-tianhai"}}) {
    INFO(zh);
    auto l = linker.link(1, zh);
    REQUIRE(l.has_value());
    CHECK(l->firm_id == firm);
    CHECK(l->method == "zh");
    // Every English word is explained by the Chinese name (haitian = 海天, technology = 科技):
    // the alignment is near 1, above decide()'s accept score of 0.5.
    CHECK(l->score > 0.5);
  }
}

TEST_CASE("a Chinese name with a matching Chinese firm name keeps it, and an unrelated one reaches no English firm",
          "[matcher][zh_to_en]") {
  ObservationLinker linker(mixed_list());
  auto l = linker.link(1, "杭州娃哈哈集团有限公司");
  REQUIRE(l.has_value());
  CHECK(l->firm_id == "zh-wahaha");
  CHECK(l->decision == Decision::kMatch);
  // 成都蓝天化工 shares no syllable run or concept with either English name but the legal form.
  auto other = linker.link(2, "成都蓝天化工有限公司");
  if (other) CHECK(other->decision != Decision::kMatch);
}

TEST_CASE("NameLinker finds English names for a Chinese name only once they are added", "[matcher][zh_to_en]") {
  NameLinker with_en, without_en;
  for (NameLinker* l : {&with_en, &without_en}) l->add(0, "杭州娃哈哈集团有限公司");
  with_en.add_en(7, "Shenzhen Haitian Technology Co., Ltd.");
  with_en.add_en(8, "Ningbo Tianhai Import & Export Co., Ltd.");
  with_en.finalize();
  without_en.finalize();
  auto hits = with_en.link_zh_en("深圳市海天科技有限公司", 2);
  REQUIRE(!hits.empty());
  CHECK(hits[0].id == 7);
  CHECK(without_en.link_zh_en("深圳市海天科技有限公司", 2).empty());
}

TEST_CASE("a firm that has a Chinese name is not reached through its English name", "[matcher][zh_to_en]") {
  // The store's firms carry both names (the A-share import): a Chinese query is compared with the
  // Chinese names only, so an unrelated Beijing technology firm is not drawn to an English name
  // that shares "Beijing" and "Technology".
  std::vector<FirmNameEntry> both = {
      {"bj-tech", "北京天成科技有限公司", true},
      {"bj-tech", "Beijing Tiancheng Technology Co., Ltd.", false},
  };
  std::vector<FirmNameEntry> english_only = {{"bj-tech", "Beijing Tiancheng Technology Co., Ltd.", false}};
  const std::string query = "北京天成科技有限公司";
  auto only = ObservationLinker(english_only).link(1, query);
  REQUIRE(only.has_value());  // found through the English name when that is all there is
  CHECK(only->firm_id == "bj-tech");
  auto with_zh = ObservationLinker(both).link(1, query);
  REQUIRE(with_zh.has_value());
  CHECK(with_zh->matched_name == "北京天成科技有限公司");  // by its Chinese name
  auto unrelated = ObservationLinker(both).link(2, "北京字节跳动科技有限公司");
  if (unrelated) CHECK(unrelated->matched_name != "Beijing Tiancheng Technology Co., Ltd.");
}
