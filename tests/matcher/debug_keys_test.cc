// Hidden helper (run with the tag [.keys]): prints the index keys of TRADEDIG_ZH / TRADEDIG_EN,
// and with both the alignment of the English name with each '|'-separated Chinese name.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "tests/matcher/matcher_fixture.h"

using namespace tradedig::matcher;
using namespace tradedig::testing;

namespace {
std::vector<std::string> split_at_bars(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t nl; (nl = s.find('|', start)) != std::string::npos; start = nl + 1)
    out.push_back(s.substr(start, nl - start));
  out.push_back(s.substr(start));
  return out;
}
}  // namespace

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
  // Both given: how far the English name explains the Chinese one (IDF weights left out).
  if (std::getenv("TRADEDIG_ZH") && std::getenv("TRADEDIG_EN")) {
    for (std::string zh : split_at_bars(std::getenv("TRADEDIG_ZH"))) {
      ZhName z = parse_zh_name(zh, test_normalizer(), test_lexicons());
      CrossAlignment a = align_cross_script(parse_en_name(std::getenv("TRADEDIG_EN"), test_normalizer()), z,
                                            test_pinyin(), test_lexicons());
      std::cout << zh << " en_explained=" << a.en_explained << " zh_explained=" << a.zh_explained
                << " score=" << a.score << "\n";
    }
  }
  SUCCEED();
}
