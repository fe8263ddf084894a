// Names as they come out of crawls and customs files: empty, punctuation only, broken bytes.
#include <catch2/catch.hpp>

#include "tests/matcher/matcher_fixture.h"

using namespace tradedig::matcher;
using namespace tradedig::testing;

TEST_CASE("invalid UTF-8 is normalised without throwing", "[matcher]") {
  std::string out;
  REQUIRE_NOTHROW(out = test_normalizer().normalize("\xff\xfe abc \xe4\xb8"));
  CHECK(out.find("abc") != std::string::npos);
}

TEST_CASE("empty and punctuation-only names parse to empty parts and link to nothing", "[matcher]") {
  for (const char* name : {"", "   ", "()", "（）"}) {
    ZhName z = parse_zh_name(name, test_normalizer(), test_lexicons());
    CHECK(z.brand.empty());
    CHECK(parse_en_name(name, test_normalizer()).tokens.empty());
  }
  NameLinker linker;
  linker.add(1, "深圳市海天电子科技有限公司");
  linker.finalize();
  CHECK(linker.link_zh("", 3).empty());
  CHECK(linker.link_en("", 3).empty());
  CHECK(linker.link_en("Co., Ltd.", 3).empty());
}

TEST_CASE("a name that is only a legal form keeps it rather than becoming empty", "[matcher]") {
  ZhName z = parse_zh_name("有限公司", test_normalizer(), test_lexicons());
  CHECK(z.normalized == "有限公司");
  CHECK(!(z.region + z.core() + z.legal_form).empty());
}

TEST_CASE("the linker finds a firm by its English name through pinyin and the lexicon", "[matcher]") {
  NameLinker linker;
  linker.add(1, "佛山市海天调味食品股份有限公司");
  linker.add(2, "上海海天电子科技有限公司");
  linker.add(3, "宁波天海进出口有限公司");
  linker.finalize();
  auto hits = linker.link_en("Ningbo Tianhai Imp. & Exp. Co., Ltd.", 1);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].id == 3);
  hits = linker.link_en("Shanghai Haitian Electronic Technology Co.,Ltd", 1);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].id == 2);
}

TEST_CASE("the pair estimate counts index postings and is zero for a name sharing no key", "[matcher]") {
  NameLinker linker;
  linker.add(1, "深圳市海天电子科技有限公司");
  linker.add(2, "深圳市华强电子有限公司");
  linker.finalize();
  CHECK(linker.pair_estimate_zh("深圳华强") > 0);
  CHECK(linker.pair_estimate_zh("") == 0);
  CHECK(linker.pair_estimate_en("Shenzhen Haitian") > 0);
  CHECK(linker.pair_estimate_en("Zzyzx") == 0);
}
