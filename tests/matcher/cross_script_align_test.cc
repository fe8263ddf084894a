// The kinds of evidence align_cross_script accepts for an English word, each against a Chinese
// name that lacks it (the shipped lexicons; IDF weights left out, so every word weighs 1).
#include <catch2/catch.hpp>

#include "tests/matcher/matcher_fixture.h"

using namespace tradedig::matcher;
using namespace tradedig::testing;

namespace {
CrossAlignment align(const std::string& en, const std::string& zh) {
  EnName e = split_compound_words(parse_en_name(en, test_normalizer()), test_pinyin(), test_lexicons());
  return align_cross_script(e, parse_zh_name(zh, test_normalizer(), test_lexicons()), test_pinyin(), test_lexicons());
}
}  // namespace

TEST_CASE("a Chinese short form is explained by the English words it shortens", "[matcher][align]") {
  // 交控 keeps one character each of 交通 (traffic) and 控制 (control).
  CrossAlignment short_form = align("Traffic Control Technology Co., Ltd.", "交控科技股份有限公司");
  CrossAlignment other = align("Traffic Control Technology Co., Ltd.", "华控科技股份有限公司");
  CHECK(short_form.zh_explained == Approx(1.0));
  CHECK(short_form.score > other.score);
}

TEST_CASE("a translated brand character is explained through its dictionary definition", "[matcher][align]") {
  // 凤凰 is "phoenix" in Unihan; no lexicon line says so.
  CrossAlignment phoenix = align("Phoenix Shipping Co., Ltd.", "凤凰航运股份有限公司");
  CrossAlignment other = align("Phoenix Shipping Co., Ltd.", "龙头航运股份有限公司");
  CHECK(phoenix.en_explained > other.en_explained);
  CHECK(phoenix.zh_explained > other.zh_explained);
}

TEST_CASE("a spelling that only hints at the sound breaks a tie without explaining characters", "[matcher][align]") {
  // Topband ~ 拓邦 tuobang (phonetic similarity 0.64); 九有 jiuyou starts with another sound.
  CrossAlignment hinted = align("Shenzhen Topband Co.,Ltd.", "深圳拓邦股份有限公司");
  CrossAlignment other = align("Shenzhen Topband Co.,Ltd.", "深圳九有股份有限公司");
  CHECK(hinted.score > other.score);
  CHECK(hinted.zh_explained == Approx(other.zh_explained));
}

TEST_CASE("a short form whose character is already explained by another word is not read past its end",
          "[matcher][align]") {
  // 业 is explained by "Enterprise" (企业); "Industrial" (工业, 实业) then finds only that covered
  // 业 as a short form. The search used to go on past the one-character run and read beyond the
  // concept's characters (a crash in the demo's match step).
  CrossAlignment a = align("Wenzhou Enterprise Industrial Co., Ltd.", "温州企业有限公司");
  CHECK(a.en_explained < 1.0);
  CHECK(a.zh_explained == Approx(1.0));
}

TEST_CASE("a 字号 or region in Wade–Giles or postal spelling is explained syllable by syllable", "[matcher][align]") {
  // Tunghai = 东海 tung + hai (dong → tung), an older syllable mixed with a pinyin one; Kweichow = 贵州.
  CrossAlignment older = align("Tunghai Shipping Co., Ltd.", "东海航运股份有限公司");
  CrossAlignment other = align("Tunghai Shipping Co., Ltd.", "南海航运股份有限公司");
  CHECK(older.zh_explained == Approx(1.0));
  // Shipping = 航运 (1) and Tunghai spelled out (0.8, kOlderCredit); as a mere sound-alike of
  // donghai it got 0.46 and en_explained was 0.73 (measured with the older spellings switched off).
  CHECK(older.en_explained == Approx(0.9));
  CHECK(older.score > other.score);
  CHECK(align("Kweichow Lantian Textile Co., Ltd.", "贵州蓝天纺织有限公司").score >
        align("Kweichow Lantian Textile Co., Ltd.", "湖北蓝天纺织有限公司").score);
}

TEST_CASE("\"City\" in an English name is kept and explained by 城", "[matcher][align]") {
  // 城 is "city" in the lexicon; the parser no longer drops "City" as a place word.
  CrossAlignment city = align("Golden City Textile Co., Ltd.", "金城纺织股份有限公司");
  CrossAlignment other = align("Golden City Textile Co., Ltd.", "金达纺织股份有限公司");
  CHECK(city.score > other.score);
}
