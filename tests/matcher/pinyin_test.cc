#include <catch2/catch.hpp>

#include "tests/matcher/matcher_fixture.h"

using tradedig::testing::test_pinyin;
using V = std::vector<std::string>;

TEST_CASE("pinyin gives one toneless syllable per Han character", "[matcher]") {
  CHECK(test_pinyin().syllables("海天味业") == V{"hai", "tian", "wei", "ye"});
  CHECK(test_pinyin().syllables("TCL科技") == V{"tcl", "ke", "ji"});
}

TEST_CASE("pinyin applies the place-name polyphone fixes", "[matcher]") {
  CHECK(test_pinyin().syllables("长沙") == V{"chang", "sha"});
  CHECK(test_pinyin().syllables("厦门") == V{"xia", "men"});
  CHECK(test_pinyin().syllables("长城") == V{"chang", "cheng"});
  CHECK(test_pinyin().syllables("成都") == V{"cheng", "du"});
  CHECK(test_pinyin().syllables("平安银行") == V{"ping", "an", "yin", "hang"});
}

TEST_CASE("an English word splits into the fewest pinyin syllables", "[matcher]") {
  CHECK(test_pinyin().split_syllables("haitian") == V{"hai", "tian"});
  CHECK(test_pinyin().split_syllables("shenzhen") == V{"shen", "zhen"});
  CHECK(test_pinyin().split_syllables("xian") == V{"xian"});
}

TEST_CASE("an English word that is not pinyin does not split", "[matcher]") {
  CHECK(test_pinyin().split_syllables("vanke").empty());
  CHECK(test_pinyin().split_syllables("").empty());
}
