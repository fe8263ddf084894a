#include <catch2/catch.hpp>

#include "matcher/matcher.h"

using tradedig::matcher::TextNormalizer;

TEST_CASE("normalisation folds full-width letters, digits and brackets to ASCII", "[matcher]") {
  TextNormalizer norm;
  CHECK(norm.normalize("深圳市振业（集团）股份有限公司") == "深圳市振业(集团)股份有限公司");
  CHECK(norm.normalize("ＡＢＣ１２３") == "ABC123");
  CHECK(norm.normalize("【北京】") == "(北京)");
}

TEST_CASE("normalisation turns traditional characters into simplified ones", "[matcher]") {
  TextNormalizer norm;
  CHECK(norm.normalize("臺灣電子科技有限公司") == "台湾电子科技有限公司");
  CHECK(norm.normalize("廣東美的電器") == "广东美的电器");
}

TEST_CASE("normalisation collapses every kind of white space to one ASCII space", "[matcher]") {
  TextNormalizer norm;
  CHECK(norm.normalize("  Ping\u3000An \t Bank ") == "Ping An Bank");
  CHECK(norm.normalize("") == "");
}
