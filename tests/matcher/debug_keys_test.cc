// Hidden helper (run with the tag [.keys]): prints the index keys of TRADEDIG_ZH / TRADEDIG_EN.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <iostream>

#include "tests/matcher/matcher_fixture.h"

using namespace tradedig::matcher;
using namespace tradedig::testing;

TEST_CASE("index keys of a name can be printed for diagnosis", "[.keys]") {
  if (const char* zh = std::getenv("TRADEDIG_ZH")) {
    ZhName z = parse_zh_name(zh, test_normalizer(), test_lexicons());
    std::cout << "region=" << z.region << " brand=" << z.brand << " industry=" << z.industry << " form=" << z.legal_form << "\n";
    for (auto& k : zh_cross_keys(z, test_pinyin(), test_lexicons())) std::cout << k << " ";
    std::cout << "\n";
  }
  if (const char* en = std::getenv("TRADEDIG_EN")) {
    for (auto& k : en_cross_keys(parse_en_name(en, test_normalizer()), test_pinyin(), test_lexicons())) std::cout << k << " ";
    std::cout << "\n";
  }
  SUCCEED();
}
