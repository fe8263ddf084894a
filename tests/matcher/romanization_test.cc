// The loose phonetic comparison of romanised brand spellings (issue 5) and the compound-word split.
// Expected values are worked out by hand from the rules in matcher/romanization.h.
#include <catch2/catch.hpp>

#include <algorithm>

#include "matcher/romanization.h"
#include "tests/matcher/matcher_fixture.h"

using namespace tradedig::matcher;
using namespace tradedig::testing;
using V = std::vector<std::string>;

TEST_CASE("brand respellings and pinyin fold to the same phonetic spelling", "[matcher][romanization]") {
  // Loncin = 隆鑫 long+xin: c before i reads s, ng → n, x → s.
  CHECK(phonetic_spelling("loncin", false) == "lonsin");
  CHECK(phonetic_spelling("long", true) + phonetic_spelling("xin", true) == "lonsin");
  // Wade–Giles: hs → s (Hsin = xin), ts → c (Tsing = qing, q → c).
  CHECK(phonetic_spelling("hsin", false) == phonetic_spelling("xin", true));
  CHECK(phonetic_spelling("tsing", false) == phonetic_spelling("qing", true));
  // English c before a/o/u reads k; v is w in English but ü in pinyin.
  CHECK(phonetic_spelling("caissa", false) == "kaisa");
  CHECK(phonetic_spelling("vanke", false) == "wanke");
  CHECK(phonetic_spelling("lv", true) == "lu");
}

TEST_CASE("phonetic similarity charges little for vowels and look-alike consonants", "[matcher][romanization]") {
  CHECK(phonetic_similarity("lonsin", "lonsin") == Approx(1.0));
  // hiron vs 海容 hairon: one inserted vowel (0.5) over 6 letters.
  CHECK(phonetic_similarity("hiron", "hairon") == Approx(1.0 - 0.5 / 6));
  // Tsingtao vs 青岛 "cindao": t/d are look-alikes (0.5) over 6 letters.
  CHECK(phonetic_similarity(phonetic_spelling("tsingtao", false), "cindao") == Approx(1.0 - 0.5 / 6));
  // Different first sounds never match: a consonant against a vowel, or unrelated consonants.
  CHECK(phonetic_similarity("bosi", "aomei") == 0.0);
  CHECK(phonetic_similarity("kaisa", "maisa") == 0.0);
  CHECK(phonetic_similarity("", "a") == 0.0);
}

TEST_CASE("the sound pattern is the index key shared by a respelling and its pinyin", "[matcher][romanization]") {
  CHECK(phonetic_outline("hiron") == "hVnVn");
  CHECK(phonetic_outline("hairon") == "hVnVn");
  CHECK(phonetic_outline("kaisa") == "gVs");  // the final vowel is dropped
  CHECK(phonetic_outline(phonetic_spelling("loncin", false)) == phonetic_outline("lonsin"));
}

TEST_CASE("English compound words split into lexicon words or a lexicon word and pinyin", "[matcher][romanization]") {
  auto tokens = [](const std::string& en) {
    return split_compound_words(parse_en_name(en, test_normalizer()), test_pinyin(), test_lexicons()).tokens;
  };
  CHECK(tokens("Qingdao Doublestar Co.,Ltd") == V{"qingdao", "double", "star"});
  CHECK(tokens("Qingdao Kutesmart Co.,Ltd.") == V{"qingdao", "kute", "smart"});
  // "sunsea" reads as pinyin (sun se a) but is cut because both halves are lexicon words.
  CHECK(tokens("Sunsea AIoT Technology Co., Ltd.")[0] == "sun");
  // Digits are read out as Chinese names write them (三六零, 二六三).
  CHECK(tokens("360 Security Technology Inc.")[0] == "sanliuling");
  CHECK(tokens("Net263 Ltd.") == V{"net", "erliusan"});
  // Invented brands and pinyin stay whole.
  CHECK(tokens("China Vanke Co.,Ltd.") == V{"china", "vanke"});
  CHECK(tokens("Foshan Haitian Flavouring") == V{"foshan", "haitian", "flavouring"});
}

TEST_CASE("pinyin syllables have their Wade–Giles and postal spellings", "[matcher][romanization]") {
  auto has = [](const std::string& pinyin, const std::string& older) {
    auto v = older_romanizations(pinyin);
    return std::find(v.begin(), v.end(), older) != v.end();
  };
  // Place names written before pinyin, syllable by syllable: Peking 北京, Tsingtao 青岛,
  // Kweichow 贵州, Chekiang 浙江, Szechwan 四川, Tientsin 天津, Foochow 福州, Hsinhua 新华.
  CHECK(has("bei", "pei"));
  CHECK(has("jing", "king"));
  CHECK(has("qing", "tsing"));
  CHECK(has("dao", "tao"));
  CHECK(has("gui", "kwei"));
  CHECK(has("zhou", "chow"));
  CHECK(has("zhe", "che"));
  CHECK(has("jiang", "kiang"));
  CHECK(has("si", "sze"));
  CHECK(has("chuan", "chwan"));
  CHECK(has("tian", "tien"));
  CHECK(has("jin", "tsin"));
  CHECK(has("fu", "foo"));
  CHECK(has("xin", "hsin"));
  CHECK(has("hua", "hwa"));
  CHECK(has("dong", "tung"));
  CHECK(has("shi", "shih"));
  CHECK(has("yong", "yung"));
  // The pinyin itself is not repeated, and a spelling is never invented from nothing.
  CHECK_FALSE(has("dong", "dong"));
  CHECK_FALSE(has("ju", "koo"));  // ju is jü: no -oo after j/q/x
  CHECK(older_romanizations("").empty());
  CHECK(older_romanizations("a").empty());
}
